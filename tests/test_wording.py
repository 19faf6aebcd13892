"""The wording model: how it reads messages, how rules use it, and how its mistakes are reported."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scamguard
from scamguard.normalize import normalize
from scamguard.rules import compile_rules, problems_in
from scamguard.wording import DEFAULT_MODEL, ModelError, WordingModel

MODEL = WordingModel.load()
THRESHOLD = 0.85

# Scams in words that no rule example holds, one or two per category.
SCAMS = [
    ("この度はご応募ありがとうございます。続きはお手持ちのアプリでお話ししましょう。IDを頂戴できれば招待いたします。",
     "contact_request"),
    ("私の連絡先はプロフィール画像に載せてあります。そちらからどうぞ。", "contact_share"),
    ("スキマ時間にスマホでできて、先月は平均で25万円ほど受け取っているメンバーが多数います。", "mlm"),
    ("今回の募集は終了しましたが、ご案内できる別のお仕事がございます。下記ページからエントリーしてください。",
     "off_site_redirect"),
    ("選考にあたり、ご本人様確認のため免許証の両面写真とご住所をお送りください。", "personal_info_request"),
    ("正式なご契約の前に、テストとして記事を2本ほど納品していただけますか。報酬は採用後にまとめてお支払いします。",
     "pre_escrow_work"),
    ("サイトの手数料がもったいないので、今回は私の口座に直接お振込みさせていただけませんか。", "off_platform_payment"),
    ("お仕事を始める前に、専用マニュアル代として9,800円をお振込みください。", "advance_fee"),
]
# Honest messages that share words with scams.
HONEST = [
    "記事のテーマはLINE公式アカウントの運用方法です。3,000文字でお願いします。",
    "ご提案ありがとうございます。今回は見送りとさせていただきます。またの機会によろしくお願いいたします。",
    "副業詐欺の手口を解説する記事をお願いします。「スマホだけで月30万」などの文句を例に挙げてください。",
    "本日納品いたしました。ご確認のほどよろしくお願いいたします。",
    "月30万円の予算で、SEO記事の継続依頼を考えております。",
    "電話代行のお仕事です。お客様からのお電話を受けて、用件をメモしていただきます。",
    "承知しました。明日の午前中までに修正版をお送りします。",
]


@pytest.mark.parametrize(("text", "category"), SCAMS)
def test_scams_in_unlisted_words_are_read_as_scams_of_their_category(text: str, category: str) -> None:
    reading = MODEL.read(normalize(text).text)
    assert reading.probability >= THRESHOLD and reading.top == category, (reading.probability, reading.categories)


@pytest.mark.parametrize("text", HONEST)
def test_honest_messages_with_scam_words_are_read_as_honest(text: str) -> None:
    assert MODEL.read(normalize(text).text).probability < THRESHOLD


@given(st.text(max_size=300))
def test_any_text_gets_probabilities_and_a_span_inside_it(text: str) -> None:
    norm = normalize(text).text
    reading = MODEL.read(norm, [i + 1 for i, ch in enumerate(norm) if ch in "。\n"])
    assert 0.0 <= reading.probability <= 1.0
    assert all(0.0 <= p <= 1.0 for p in reading.categories.values())
    start, end = reading.span
    assert 0 <= start <= end <= len(norm)


def test_a_scam_sentence_buried_in_a_long_brief_is_read_and_pointed_at() -> None:
    ordinary = ("お世話になっております。記事の構成案を拝見しました。見出しの順番はこのままで問題ございません。"
                "納期は来週の金曜日でお願いいたします。")
    bait = "手数料がもったいないので、今回は私の口座に直接お振込みさせていただけませんか。"
    text = normalize(ordinary * 4 + bait + ordinary * 4).text
    ends = [i + 1 for i, ch in enumerate(text) if ch == "。"]
    reading = MODEL.read(text, ends)
    start, end = reading.span
    assert reading.probability >= THRESHOLD and reading.top == "off_platform_payment"
    assert bait in text[start:end] and end - start < 3 * len(bait)
    assert MODEL.read(normalize(ordinary * 8).text, ends).probability < THRESHOLD


def test_the_bundled_model_was_not_fitted_to_the_set_that_measures_it() -> None:
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    held_out = {"holdout6.jsonl", "holdout7.jsonl", "holdout12.jsonl", "ordinary_b.jsonl", "context.jsonl"}
    assert not held_out & set(data["trained_on"])
    assert len(data["features"]) == len(data["idf"]) == len(data["models"]["scam"]["weights"])


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"format": 2, "ngrams": [1, 3], "features": [], "idf": [], "models": {"scam": {"intercept": 0, "weights": []}}},
         "model format 2"),
        ({"format": 1, "ngrams": [1, 3], "features": ["a"], "idf": [1.0], "models": {"scam": {"intercept": 0, "weights": []}}},
         "do not match"),
        ({"format": 1, "ngrams": [1, 3], "features": ["a"]}, "not a wording model"),
    ],
)
def test_a_broken_model_says_which_file_and_what_to_do(data: dict[str, object], says: str) -> None:
    with pytest.raises(ModelError, match=says) as caught:
        WordingModel(data, "my-model.json")
    assert "my-model.json" in str(caught.value) and "train" in str(caught.value)


def test_an_unreadable_model_file_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="cannot read"):
        WordingModel.load("/nonexistent/wording.json")


HEAD = "version: 1\nthresholds: {warn: 1, hold: 3, block: 5}\nrules:\n"
RULE = """\
  - id: reads-like-a-fee
    category: advance_fee
    score: 3.5
    message: 費用を求める文面に似ています
    when:
      wording: advance_fee
      min_probability: 0.93
    examples:
      hit: [お仕事を始める前に、専用マニュアル代として9,800円をお振込みください。]
      miss: [本日納品いたしました。ご確認のほどよろしくお願いいたします。]
"""


def test_a_wording_rule_fires_on_its_category_and_points_into_the_text() -> None:
    screener = scamguard.Screener(compile_rules(HEAD + RULE))
    text = "はじめまして。お仕事を始める前に、専用マニュアル代として9,800円をお振込みください。"
    v = screener.screen(text)
    assert v.action == "hold" and [r.rule_id for r in v.reasons] == ["reads-like-a-fee"]
    r = v.reasons[0]
    assert text[r.start:r.end] == r.excerpt and "専用マニュアル代" in r.excerpt
    assert screener.screen(SCAMS[2][0]).action == "allow"  # read as a scam, but of another category


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("wording: advance_fee", "wording: fees"), "9:16: wording takes a category or any"),
        (("min_probability: 0.93", "min_probability: 1.5"), "10:24: min_probability takes a number between 0 and 1"),
        (("min_probability: 0.93", "min_probability: yes"), "10:24: min_probability takes a number between 0 and 1"),
    ],
)
def test_a_mistake_in_a_wording_rule_is_located(change: tuple[str, str], says: str) -> None:
    _, found = problems_in(HEAD + RULE.replace(*change), "r.yaml")
    assert len(found) == 1, found
    assert str(found[0]).startswith(f"r.yaml:{says}") and str(found[0]).endswith("(reads-like-a-fee)")


BACKSTOP_RULES = HEAD + """\
  - id: fee-word
    category: advance_fee
    score: 3.5
    message: 費用の語
    when:
      phrases: [マニュアル代]
    examples:
      hit: [マニュアル代をお振込みください]
      miss: [よろしくお願いします]
  - id: pay-word
    category: off_platform_payment
    score: 1.0
    message: 支払いの語
    when:
      phrases: [お振込み]
    examples:
      hit: [お振込みください]
      miss: [よろしくお願いします]
  - id: reads-like-a-fee
    category: advance_fee
    score: 3.5
    backstop: true
    message: 費用を求める文面に似ています
    when:
      wording: advance_fee
    examples:
      hit: [作業開始の前に、専用テンプレート一式をご購入いただく決まりになっております。]
      miss: [本日納品いたしました。ご確認のほどよろしくお願いいたします。]
"""


def test_a_backstop_only_tops_its_category_up_to_its_own_score() -> None:
    screener = scamguard.Screener(compile_rules(BACKSTOP_RULES))
    # another rule already scored advance_fee at 3.5: the backstop adds nothing
    both = screener.screen("お仕事を始める前に、専用マニュアル代として9,800円をお振込みください。")
    assert {r.rule_id for r in both.reasons} == {"fee-word", "pay-word"} and both.score == 4.5
    # nothing else found the category: the backstop counts in full
    alone = screener.screen("作業開始の前に、専用テンプレート一式をご購入いただく決まりになっております。")
    assert [(r.rule_id, r.score) for r in alone.reasons] == [("reads-like-a-fee", 3.5)] and alone.action == "hold"
    # a warn-level hint in the category (1.0) is raised to the backstop's 3.5, no further
    hinted = scamguard.Screener(compile_rules(BACKSTOP_RULES.replace("phrases: [マニュアル代]", "phrases: [テンプレート]")
                                              .replace("score: 3.5\n    message: 費用の語", "score: 1.0\n    message: 費用の語")
                                              .replace("hit: [マニュアル代をお振込みください]", "hit: [テンプレート]")))
    v = hinted.screen("作業開始の前に、専用テンプレート一式をご購入いただく決まりになっております。")
    assert sorted((r.rule_id, r.score) for r in v.reasons) == [("fee-word", 1.0), ("reads-like-a-fee", 2.5)] and v.score == 3.5
    unbacked = scamguard.Screener(compile_rules(BACKSTOP_RULES.replace("    backstop: true\n", "")))
    assert {r.rule_id for r in unbacked.screen("お仕事を始める前に、専用マニュアル代として9,800円をお振込みください。").reasons} \
        == {"fee-word", "pay-word", "reads-like-a-fee"}


def test_backstop_takes_true_or_false() -> None:
    _, found = problems_in(BACKSTOP_RULES.replace("backstop: true", "backstop: often"), "r.yaml")
    assert [str(p) for p in found] == ["r.yaml:25:15: backstop takes true or false (reads-like-a-fee)"]
