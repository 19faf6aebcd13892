"""Condition kinds: what each one matches, checked on tiny rule files."""

from __future__ import annotations

import pytest

from scamguard import Screener
from scamguard.rules import compile_rules

HEAD = """\
version: 1
thresholds: {warn: 1, hold: 3, block: 5}
lists:
  request: [教える, 送る, 下さる]
conditions:
  negated:
    any: [{phrases: [お断り]}, {regex: 'ません(?!か)'}]
rules:
  - id: probe
    category: contact_request
    score: 3
    message: テスト用のルールです
"""


def fires(when: str, text: str, unless: str | None = None, stage: str = "pre_contract") -> bool:
    body = HEAD + "    when:\n" + "".join(f"      {line}\n" for line in when.splitlines())
    if unless:
        body += "    unless:\n" + "".join(f"      {line}\n" for line in unless.splitlines())
    body += "    examples: {hit: [x], miss: [y]}\n"
    screener = Screener(compile_rules(body))
    return any(r.rule_id == "probe" for r in screener.screen(text, stage=stage).reasons)


@pytest.mark.parametrize(
    "text", ["IDを教えて", "IDを教えてください", "IDをお教えいただけますか", "ＩＤを教えてくれ", "IDをおしえて"]
)
def test_words_match_every_inflection_by_lemma(text: str) -> None:
    assert fires("words: [教える]", text)


@pytest.mark.parametrize("text", ["教養を身につける", "教室で学ぶ"])
def test_words_do_not_match_other_words(text: str) -> None:
    assert not fires("words: [教える]", text)


def test_words_spanning_several_tokens_need_token_boundaries() -> None:
    assert fires("words: [チャットワーク]", "チャットワークで話しましょう")
    assert not fires("words: [ワーク]", "フットワークが軽い")


def test_phrases_match_anywhere() -> None:
    assert fires("phrases: [仮払い]", "仮払い前にお願いします")
    assert not fires("phrases: [仮払い]", "お支払い前にお願いします")


def test_list_references_expand() -> None:
    assert fires("words: $request", "送ってください")


def test_regex_runs_on_the_normalized_text() -> None:
    assert fires("regex: 'line\\s*id'", "ＬＩＮＥ ＩＤ")


def test_entity_with_channel_filter() -> None:
    assert fires("entity: channel\nchannel: [line]", "ラインで")
    assert not fires("entity: channel\nchannel: [line]", "チャットワークで")


def test_near_counts_tokens() -> None:
    rule = "near:\n  - phrases: [ID]\n  - words: $request\nwithin: 2"
    assert fires(rule, "IDを教えて")
    assert not fires(rule, "IDは、とても大事なものなので、あとで必ず教えて")


def test_sentence_needs_one_sentence() -> None:
    rule = "sentence:\n  - phrases: [ID]\n  - words: $request"
    assert fires(rule, "IDを後で教えて。")
    assert not fires(rule, "IDは大事です。後で教えて。")


def test_all_any_not() -> None:
    assert fires("all:\n  - phrases: [a]\n  - phrases: [b]", "ab")
    assert not fires("all:\n  - phrases: [a]\n  - phrases: [b]", "a")
    assert fires("any:\n  - phrases: [a]\n  - phrases: [b]", "b")
    assert fires("all:\n  - phrases: [a]\n  - not: {phrases: [b]}", "a")
    assert not fires("all:\n  - phrases: [a]\n  - not: {phrases: [b]}", "ab")


def test_unless_cancels_only_in_the_same_sentence() -> None:
    when = "phrases: [LINE]"
    assert not fires(when, "LINEでの連絡はお断りします。", unless="use: negated")
    assert fires(when, "メールは使いません。LINEで話しましょう", unless="use: negated")
    assert fires(when, "LINEで話しましょう。メールはお断りします。", unless="use: negated")


def test_named_condition_treats_invitations_as_requests() -> None:
    assert fires("phrases: [line]", "LINEで話しませんか", unless="use: negated")
    assert not fires("phrases: [line]", "LINEは使いません", unless="use: negated")


def test_rule_applies_only_in_its_stages() -> None:
    body = HEAD.replace("    message: テスト用のルールです\n", "    message: テスト用のルールです\n    stages: [pre_escrow]\n")
    body += "    when: {phrases: [line]}\n    examples: {hit: [{text: LINE, stage: pre_escrow}], miss: [y]}\n"
    s = Screener(compile_rules(body))
    assert s.screen("LINE", stage="pre_escrow").reasons
    assert not s.screen("LINE", stage="post_escrow").reasons
