"""Outside channels, the IDs given for them, and pointers that give no ID.

Spans are in ORIGINAL coordinates, through ``scamguard.screen(...).entities``. The hypothesis
tests disguise channel names by rule (case, full width, half-width kana, hiragana, letters
spaced or one per line, digits and symbols for letters, Cyrillic look-alikes, one letter
masked, invisible characters) and check the near misses by family (katakana and English
compounds that contain a channel's name, jobs whose subject is the channel).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scamguard
from scamguard.entities import EntityConfig, detect_all
from scamguard.normalize import normalize


def _found(text: str, label: str) -> list[tuple[int, int, str]]:
    """(start, end, value) in the original text of every entity with ``label``."""
    return [(e.start, e.end, e.value) for e in scamguard.screen(text).entities if e.label == label]


CHANNELS = [
    ("LINEで連絡します", "channel", 0, 4, "line"),
    ("ラインで連絡します", "channel", 0, 3, "line"),
    ("らいんで連絡します", "channel", 0, 3, "line"),
    ("ﾗｲﾝで連絡します", "channel", 0, 3, "line"),
    ("ＬＩＮＥで連絡します", "channel", 0, 4, "line"),
    ("L I N Eで連絡します", "channel", 0, 7, "line"),
    ("L.I.N.Eで連絡します", "channel", 0, 7, "line"),
    ("L\nI\nN\nE\nで連絡します", "channel", 0, 7, "line"),
    ("L1NEで連絡します", "channel", 0, 4, "line"),
    ("1ineで連絡します", "channel", 0, 4, "line"),
    ("ℓineで連絡します", "channel", 0, 4, "line"),
    ("ＬＩＮЕで連絡します", "channel", 0, 4, "line"),
    ("L\N{ZERO WIDTH SPACE}I\N{ZERO WIDTH SPACE}N\N{ZERO WIDTH SPACE}Eで連絡します", "channel", 0, 7, "line"),
    ("l*neで連絡します", "channel", 0, 4, "line"),
    ("ラ〇ンで連絡します", "channel", 0, 3, "line"),
    ("ラ・イ・ンで連絡します", "channel", 0, 5, "line"),
    ("ら い んで連絡します", "channel", 0, 5, "line"),
    ("rainで連絡します", "channel", 0, 4, "line"),
    ("緑のアプリで連絡します", "channel", 0, 5, "line"),
    ("グループラインに招待します", "channel", 4, 7, "line"),
    ("公式LINEに登録してください", "channel", 2, 6, "line"),
    ("LINE公式アカウントに登録してください", "channel", 0, 4, "line"),
    ("LINE上でやり取りしましょう", "channel", 0, 4, "line"),
    ("以上ラインで連絡ください", "channel", 2, 5, "line"),
    ("チャットワークでやり取りします", "channel", 0, 7, "chatwork"),
    ("チャワでやり取りします", "channel", 0, 3, "chatwork"),
    ("ちゃっとわーくでやり取りします", "channel", 0, 7, "chatwork"),
    ("chattowakuでやり取りします", "channel", 0, 10, "chatwork"),
    ("Chat Workでやり取りします", "channel", 0, 9, "chatwork"),
    ("ch@tworkでやり取りします", "channel", 0, 8, "chatwork"),
    ("チヤツトワークでやり取りします", "channel", 0, 7, "chatwork"),
    ("スカイプで通話", "channel", 0, 4, "skype"),
    ("Skypeで通話", "channel", 0, 5, "skype"),
    ("ディスコで話しましょう", "channel", 0, 4, "discord"),
    ("ディスコードのサーバーに招待", "channel", 0, 6, "discord"),
    ("disc0rdで話しましょう", "channel", 0, 7, "discord"),
    ("インスタのDMに送ります", "channel", 0, 4, "instagram"),
    ("Instagramで見てください", "channel", 0, 9, "instagram"),
    ("X(旧Twitter)のDMへ", "channel", 0, 11, "x"),
    ("ツイッターで連絡", "channel", 0, 5, "x"),
    ("テレグラムで連絡", "channel", 0, 5, "telegram"),
    ("WhatsAppで連絡", "channel", 0, 8, "whatsapp"),
    ("カカオトークで連絡", "channel", 0, 6, "kakaotalk"),
    ("Zoomで面談しましょう", "channel", 0, 4, "zoom"),
    ("ズームで面談しましょう", "channel", 0, 3, "zoom"),
    ("Google Meetで面談", "channel", 0, 11, "meet"),
    ("Slackに招待します", "channel", 0, 5, "slack"),
    ("メアド教えてください", "channel", 0, 3, "email"),
    ("某アプリで話しましょう", "channel", 0, 4, "other"),
    ("外部のSNSで連絡しましょう", "channel", 0, 6, "other"),
    ("Chatwork/LINEで連絡", "channel", 9, 13, "line"),
    ("ラ★インで連絡します", "channel", 0, 4, "line"),
    ("える・あい・えぬ・いー で連絡", "channel", 0, 11, "line"),
    ("📗アプリでのお打ち合わせ", "channel", 0, 4, "line"),
    ("Xで「在宅ワーク応援室」と検索", "channel", 0, 1, "x"),
    ("個人的なラインで連絡しましょう", "channel", 4, 7, "line"),
]

CHANNEL_NEAR_MISSES = [
    "オンラインで打ち合わせ",
    "ガイドラインに沿って",
    "デッドラインは金曜",
    "ラインナップを拡充",
    "タイムラインに投稿",
    "アンダーラインを引く",
    "ボーダーラインを越える",
    "アイラインの描き方",
    "工場のライン作業",
    "製造ラインの管理",
    "合格ラインに達する",
    "ネックラインのデザイン",
    "LINEスタンプ制作をお願いします",
    "LINE公式アカウント運用代行",
    "Chatwork導入マニュアル作成",
    "インスタ運用代行",
    "LINE・Instagramの運用代行",
    "LINE広告の運用",
    "LINE Payで支払い",
    "LINE@の運用代行",
    "LINEの使い方を解説する記事",
    "インスタ映えする写真",
    "インスタント食品の記事",
    "ディスコミュージック",
    "deadline",
    "online",
    "on-line",
    "line-height: 1.5",
    "bottom line",
    "The rain is heavy today",
    "rainy season",
    "ちゃわんを洗う",
    "いいね",
    "ズームして拡大",
    "meeting",
    "ラインストーン",
    "skyline",
    "カカオ豆",
    "メール対応のお仕事",
    "ラインマーカー",
    "細いラインを引く",
    "マーカーの黄色いラインが入っている部分",
    "イラストの主線（ライン）を柔らかく",
    "discord.pyで開発します",
    "Skype英会話の教材を作成",
    "LINE予約システムの導入事例",
    "「LINEで送る」ボタンを設置",
    "Instagramのフィード投稿用画像を制作",
]

HANDLES = [
    ("LINE ID：taro_1234 です", "handle", 8, 17, "taro_1234"),
    ("ラインのIDはtaro1234です", "handle", 7, 15, "taro1234"),
    ("ラ〇ン(taro1234)で", "handle", 4, 12, "taro1234"),
    ("LINE→taro1234", "handle", 5, 13, "taro1234"),
    ("L1NE ID→ taro_99", "handle", 9, 16, "taro_99"),
    ("rain id: taro", "handle", 9, 13, "taro"),
    ("チャットワークのIDはyamada-work です", "handle", 11, 22, "yamada-work"),
    ("Chatwork ID: yamada_w", "handle", 13, 21, "yamada_w"),
    ("Skype: live:taro_1234", "handle", 7, 21, "live:taro_1234"),
    ("スカイプID taro.yamada", "handle", 7, 18, "taro.yamada"),
    ("インスタ @taro_insta", "handle", 5, 16, "@taro_insta"),
    ("X(旧Twitter)は@taro_x です", "handle", 12, 19, "@taro_x"),
    ("Discord: taro#1234", "handle", 9, 18, "taro#1234"),
    ("ディスコードの招待コード：AbCd123", "handle", 13, 20, "abcd123"),
    ("テレグラム @taro_tg", "handle", 6, 14, "@taro_tg"),
    ("WhatsApp ID: taro_wa", "handle", 13, 20, "taro_wa"),
    ("カカオトークID：taro123", "handle", 9, 16, "taro123"),
    ("Zoom ミーティングID: 123 4567 8901", "handle", 15, 28, "12345678901"),
    ("Meetのコード abc-defg-hij", "handle", 9, 21, "abc-defg-hij"),
    ("@taro_1234 で検索してください", "handle", 0, 10, "@taro_1234"),
    ("LINEで「taro_works」と検索", "handle", 6, 16, "taro_works"),
    ("LINE ID 12345678", "handle", 8, 16, "12345678"),
    ("IDはtaro1234です。LINEで追加してください", "handle", 3, 11, "taro1234"),
    ("ＬＩＮＥ ＩＤ：ｔａｒｏ＿１２３４", "handle", 8, 17, "taro_1234"),
    ("IDです m a y u _ 2 2", "handle", 5, 18, "mayu_22"),
    ("らいん の あいでぃー は t a k u 0 3 です", "handle", 14, 25, "taku03"),
    ("LINE ID\nt\na\nr\no\n1\n2", "handle", 8, 19, "taro12"),
    ("あと、チャットワークのIDもこちらに書いておきますね。kobayashi_pr です。", "handle", 27, 39, "kobayashi_pr"),
    (".cid.8f3a21c7b9 で検索をお願いします", "handle", 0, 15, ".cid.8f3a21c7b9"),
    ("こちらが弊社のＣｈａｔｗｏｒｋ ＩＤです:ｈｒ＿ｔｅａｍ＿０７０７", "handle", 21, 33, "hr_team_0707"),
]

HANDLE_NEAR_MISSES = [
    "LINEで2025-09-01に連絡",
    "案件IDは12345です",
    "LINEスタンプ制作ID: abc123",
    "Zoomでmeetingしましょう",
    "単価@100円",
    "taro@gmail.com",
    "LINE or email",
    "LINE ID 教えてください",
    "LINE IDはなしです",
    "CSSのline-height",
    "Slackでmtg",
    "LINEで10時に",
    "ユーザー名は山田です",
    "ID: taro1234（クラウドワークスのIDです）",
    "LINEのIDはまた後で送ります。Python3の経験があります",
    "LINEのIDと、report.docxを送ります",
    "@gmail.com です",
    "案件IDは1 2 3 4 5です",
    "会員IDは taro123 です",
]

POINTERS = [
    ("詳細は固定ツイートから", "pointer", 3, 9, "pinned"),
    ("固定ポストを見てください", "pointer", 0, 5, "pinned"),
    ("ピン留めした投稿をご覧ください", "pointer", 0, 8, "pinned"),
    ("IDはプロフィールに載せています", "pointer", 0, 9, "profile"),
    ("プロフのリンクから登録してください", "pointer", 0, 9, "profile"),
    ("bioに連絡先があります", "pointer", 0, 7, "profile"),
    ("インスタのプロフ見てください", "pointer", 0, 8, "profile"),
    ("〇〇と検索してください", "pointer", 0, 5, "search"),
    ("「taro_works」で検索してください", "pointer", 0, 15, "search"),
    ("インスタで「たろう」と検索", "pointer", 5, 13, "search"),
    ("名前で検索してください", "pointer", 0, 5, "search"),
    ("ID検索で追加してね", "pointer", 0, 4, "search"),
    ("同じ名前で活動しています", "pointer", 0, 7, "same_name"),
    ("Xでも同名で活動中です", "pointer", 3, 8, "same_name"),
    ("名前そのままで検索すると出てきます", "pointer", 0, 9, "same_name"),
    ("画像のQRコードから追加してください", "pointer", 0, 5, "qr"),
    ("QRコードを読み取って友だち追加", "pointer", 0, 9, "qr"),
    ("添付画像のIDを追加してください", "pointer", 0, 7, "qr"),
    ("IDは私の名前のローマ字です", "pointer", 0, 7, "hint"),
    ("連絡先はリンク先にあります", "pointer", 0, 8, "hint"),
    ("リットリンクに連絡先をまとめています", "pointer", 0, 10, "page"),
    ("ホームページのお問い合わせからご連絡ください", "pointer", 0, 13, "page"),
    ("QRコードの画像を送ります。読み取って友だち追加", "pointer", 0, 11, "qr"),
    ("プロフィール欄の一番下に記載しているアドレスまで", "pointer", 0, 22, "profile"),
]

POINTER_NEAR_MISSES = [
    "「渋谷 カフェ」と検索して上位記事を参考にしてください",
    "プロフィールに実績を載せています",
    "同じで大丈夫です",
    "私も同じ悩みを抱えています",
    "QRコード決済に対応しています",
    "QRコード作成ツールの記事",
    "画像の加工をお願いします",
    "ホームページのお問い合わせフォーム作成",
    "固定電話の番号",
    "検索順位を上げるSEO記事",
    "Googleで検索して調べてください",
    "連絡先は固定電話です",
    "プロフィール文の作成代行",
    "同じ作業を繰り返します",
    "キーワードで検索して競合を調査してください",
]


@pytest.mark.parametrize(("text", "label", "start", "end", "value"), CHANNELS + HANDLES + POINTERS)
def test_entity_is_found_with_its_span_and_value(text: str, label: str, start: int, end: int, value: str) -> None:
    assert (start, end, value) in _found(text, label), text[start:end]


@pytest.mark.parametrize("text", CHANNEL_NEAR_MISSES)
def test_words_that_contain_a_channel_name_are_not_mentions(text: str) -> None:
    assert _found(text, "channel") == []


@pytest.mark.parametrize("text", HANDLE_NEAR_MISSES)
def test_what_is_not_an_id_is_not_a_handle(text: str) -> None:
    assert _found(text, "handle") == []


@pytest.mark.parametrize("text", POINTER_NEAR_MISSES)
def test_ordinary_uses_of_pointer_words_are_not_pointers(text: str) -> None:
    assert _found(text, "pointer") == []


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("LINE ID：taro_1234", "line"),
        ("チャットワークのIDはyamada-work", "chatwork"),
        ("インスタ @taro_insta", "instagram"),
        ("Discord: taro#1234", "discord"),
        ("Skype: live:taro", "skype"),
        ("Zoom ミーティングID: 123 4567 8901", "zoom"),
        ("@taro_1234 で検索してください", None),
    ],
)
def test_a_handle_carries_the_channel_it_was_given_for(text: str, channel: str | None) -> None:
    handles = [e for e in scamguard.screen(text).entities if e.label == "handle"]
    assert [e.channel for e in handles] == [channel]


def test_handles_are_masked_and_pointers_and_channel_names_are_not() -> None:
    v = scamguard.screen("LINEのIDはtaro_1234です。固定ツイートからでも", stage="pre_escrow")
    assert v.redacted == "LINEのIDは＊＊＊です。固定ツイートからでも"


# --- families --------------------------------------------------------------------------

_LATIN = {"line": "line", "chatwork": "chatwork", "skype": "skype", "discord": "discord", "instagram": "instagram",
          "telegram": "telegram", "whatsapp": "whatsapp", "slack": "slack"}
_KANA = {"line": "ライン", "chatwork": "チャットワーク", "skype": "スカイプ", "discord": "ディスコード",
         "instagram": "インスタグラム", "telegram": "テレグラム", "kakaotalk": "カカオトーク"}
_LEET = {"i": "1!|", "l": "1|", "o": "0", "e": "3", "a": "4@", "s": "5$"}
_CYRILLIC = {"a": "\N{CYRILLIC SMALL LETTER A}", "e": "\N{CYRILLIC SMALL LETTER IE}", "o": "\N{CYRILLIC SMALL LETTER O}",
             "c": "\N{CYRILLIC SMALL LETTER ES}", "p": "\N{CYRILLIC SMALL LETTER ER}",
             "i": "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}"}
_SEPARATORS = ("", " ", ".", "-", "_", "\n", "・", "\N{ZERO WIDTH SPACE}", "\N{ZERO WIDTH JOINER}")
_MASKS = ("*", "●", "〇", "○", "★", "＊")
_HALF = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
_SMALL_TO_LARGE = {"ャ": "ヤ", "ュ": "ユ", "ョ": "ヨ", "ッ": "ツ", "ィ": "イ"}


def _halfwidth(kana: str) -> str:
    out = []
    for c in kana:
        if c in _HALF:
            out.append(_HALF[c])
            continue
        base = unicodedata.normalize("NFD", c)
        if len(base) == 2 and base[0] in _HALF:  # ガ → ｶﾞ, パ → ﾊﾟ
            voiced = base[1] == "\N{COMBINING KATAKANA-HIRAGANA VOICED SOUND MARK}"
            out.append(_HALF[base[0]] + ("\N{HALFWIDTH KATAKANA VOICED SOUND MARK}" if voiced
                                         else "\N{HALFWIDTH KATAKANA SEMI-VOICED SOUND MARK}"))
        else:
            out.append(c)
    return "".join(out)


def _hiragana(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


@st.composite
def _latin_spellings(draw: st.DrawFn) -> tuple[str, str]:
    key = draw(st.sampled_from(sorted(_LATIN)))
    letters = list(_LATIN[key])
    inner = range(1, len(letters) - 1)
    if draw(st.booleans()):  # one letter written as a digit or symbol
        k = draw(st.sampled_from([i for i, c in enumerate(letters) if c in _LEET] or [0]))
        if letters[k] in _LEET:
            letters[k] = draw(st.sampled_from(list(_LEET[letters[k]])))
    if draw(st.booleans()):  # Cyrillic look-alikes
        letters = [_CYRILLIC.get(c, c) if draw(st.booleans()) else c for c in letters]
    if draw(st.booleans()):  # one inner letter masked
        letters[draw(st.sampled_from(list(inner)))] = draw(st.sampled_from(_MASKS))
    elif draw(st.booleans()):  # a mask inserted between two letters
        letters.insert(draw(st.sampled_from(list(inner))), draw(st.sampled_from(_MASKS)))
    case = draw(st.sampled_from(("lower", "upper", "title", "fullwidth")))
    letters = [c.upper() if case == "upper" else c for c in letters]
    if case == "title":
        letters[0] = letters[0].upper()
    if case == "fullwidth":
        letters = [chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in letters]
    return key, draw(st.sampled_from(_SEPARATORS)).join(letters)


@st.composite
def _kana_spellings(draw: st.DrawFn) -> tuple[str, str]:
    key = draw(st.sampled_from(sorted(_KANA)))
    kana = _KANA[key]
    if draw(st.booleans()):
        kana = "".join(_SMALL_TO_LARGE.get(c, c) if draw(st.booleans()) else c for c in kana)
    chars = list(kana)
    if draw(st.booleans()):  # one inner kana masked
        chars[draw(st.integers(1, len(chars) - 2))] = draw(st.sampled_from(_MASKS))
    elif draw(st.booleans()):  # a mask inserted between two kana
        chars.insert(draw(st.integers(1, len(chars) - 1)), draw(st.sampled_from(_MASKS)))
    script = draw(st.sampled_from(("katakana", "hiragana", "halfwidth")))
    chars = [_hiragana(c) if script == "hiragana" else _halfwidth(c) if script == "halfwidth" else c for c in chars]
    return key, draw(st.sampled_from(("", "", " ", "・", "\n", "\N{ZERO WIDTH SPACE}"))).join(chars)


_LETTER_NAMES = {"l": "える", "i": "あい", "n": "えぬ", "e": "いー", "z": "ぜっと", "o": "おー", "m": "えむ", "s": "えす",
                 "k": "けー",
                 "y": "わい", "p": "ぴー"}


@st.composite
def _letter_name_spellings(draw: st.DrawFn) -> tuple[str, str]:
    """LINE spelled with the kana names of its letters: える・あい・えぬ・いー."""
    key = draw(st.sampled_from(("line", "zoom", "skype")))
    names = [_LETTER_NAMES[c] for c in key]
    if draw(st.booleans()):
        names = [_to_katakana(n) for n in names]
    return key, draw(st.sampled_from(("", "・", " ", "、", "-"))).join(names)


def _to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


_CONTEXTS = ("{}で連絡しましょう", "{}のIDを教えてください", "詳細は{}にて", "{} で話しませんか？", "今後は「{}」でやり取りを",
             "{}\nに移動お願いします")


@settings(max_examples=400, deadline=None)
@given(_latin_spellings() | _kana_spellings() | _letter_name_spellings(), st.sampled_from(_CONTEXTS))
def test_every_disguise_of_a_channel_name_is_found_exactly(spelling: tuple[str, str], context: str) -> None:
    key, written = spelling
    before = context[: context.index("{}")]
    text = context.format(written)
    n = normalize(text)
    found = [(n.to_original(e.start, e.end), e.value) for e in detect_all(n.text, EntityConfig()) if e.label == "channel"]
    assert ((len(before), len(before) + len(written)), key) in found


_KATAKANA_BEFORE = ("オン", "ガイド", "デッド", "タイム", "アンダー", "ボーダー", "アイ", "ネック", "ヘッド", "パイプ", "アウト",
                    "ベース",
                    "ホット", "ストーリー", "ライフ", "フロント", "ウエスト", "ヘア", "スカイ", "エア", "メイン", "トップ")
_KATAKANA_AFTER = ("ナップ", "ストーン", "マーカー", "アート", "ダンス", "ズ", "ナー")
_ENGLISH = ("online", "deadline", "guideline", "pipeline", "headline", "outline", "inline", "timeline", "baseline",
            "underline", "lineup", "linear", "linen", "airline", "skyline", "hotline", "offline", "liner", "lines")
_SUBJECTS = ("スタンプ制作", "公式アカウント運用代行", "広告の運用", "絵文字の制作", "の運用代行", "公式アカウントの構築",
             "導入マニュアル作成",
             "のマーケティング支援", "連携システムの開発", "の使い方を解説する記事", "Payの使い方")


_SUBJECT_CHANNELS = ("LINE", "ライン", "Chatwork", "チャットワーク", "インスタ", "Instagram")


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.tuples(st.sampled_from(_KATAKANA_BEFORE), st.just("ライン"), st.just("")),
        st.tuples(st.just(""), st.just("ライン"), st.sampled_from(_KATAKANA_AFTER)),
        st.tuples(st.just(""), st.sampled_from(_ENGLISH), st.just("")),
        st.tuples(st.just(""), st.sampled_from(_SUBJECT_CHANNELS), st.sampled_from(_SUBJECTS)),
    ),
    st.sampled_from(("lower", "upper", "title")),
    st.sampled_from(("{}をお願いします", "{}について", "この案件は{}です。", "{}")),
)
def test_compounds_and_job_subjects_are_not_channel_mentions(parts: tuple[str, str, str], case: str, context: str) -> None:
    word = "".join(parts)
    word = word.upper() if case == "upper" else word.title() if case == "title" and word.isascii() else word
    text = context.format(word)
    n = normalize(text)
    assert [e for e in detect_all(n.text, EntityConfig()) if e.label == "channel"] == []
