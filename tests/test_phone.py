"""Phone numbers: every numbering-plan family, every way of writing the digits, and the
numbers that are not phones.

Spans are checked in ORIGINAL coordinates, through ``scamguard.screen(...).entities``.
The hypothesis tests write valid numbers in randomly chosen evasion families (digit
scripts, kana readings, separators, one digit per line) inside ordinary sentences, so
they test the families rather than the strings in the tables.
"""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import scamguard
from scamguard.entities import EntityConfig, detect_all
from scamguard.normalize import normalize


def _found(text: str, label: str) -> list[tuple[int, int, str]]:
    """(start, end, value) in the original text of every entity with ``label``."""
    return [(e.start, e.end, e.value) for e in scamguard.screen(text).entities if e.label == label]


def _keycap(digits: str) -> str:
    return "".join(d + "\N{VARIATION SELECTOR-16}\N{COMBINING ENCLOSING KEYCAP}" if d.isdigit() else d for d in digits)


FOUND = [
    ("携帯は090-1234-5678です", "phone", 3, 16, "+819012345678"),
    ("070-1234-5678までお願いします", "phone", 0, 13, "+817012345678"),
    ("08012345678に電話ください", "phone", 0, 11, "+818012345678"),
    ("IP電話 050-1234-5678", "phone", 5, 18, "+815012345678"),
    ("東京03-1234-5678、横浜045-123-4567", "phone", 2, 14, "+81312345678"),
    ("東京03-1234-5678、横浜045-123-4567", "phone", 17, 29, "+81451234567"),
    ("藤沢 0466-12-3456 まで", "phone", 3, 15, "+81466123456"),
    ("岩見沢の01267-1-2345へ", "phone", 4, 16, "+81126712345"),
    ("フリーダイヤル0120-123-456", "phone", 7, 19, "+81120123456"),
    ("0800-123-4567（通話無料）", "phone", 0, 13, "+818001234567"),
    ("(03)1234-5678", "phone", 1, 13, "+81312345678"),
    ("TEL：+81-90-1234-5678", "phone", 4, 20, "+819012345678"),
    ("+81 (0)3 1234 5678 まで", "phone", 0, 18, "+81312345678"),
    ("０９０－１２３４－５６７８まで", "phone", 0, 13, "+819012345678"),
    ("⓪⑨⓪-①②③④-⑤⑥⑦⑧", "phone", 0, 13, "+819012345678"),
    ("⓿❾⓿❶❷❸❹❺❻❼❽です", "phone", 0, 11, "+819012345678"),
    ("O9O-l234-5678まで", "phone", 0, 13, "+819012345678"),
    ("٠٩٠١٢٣٤٥٦٧٨", "phone", 0, 11, "+819012345678"),
    ("〇九〇の一二三四の五六七八です", "phone", 0, 13, "+819012345678"),
    ("080の後は4771-2009です", "phone", 0, 15, "+818047712009"),
    ("〇九〇、その後一二三四の五六七八", "phone", 0, 16, "+819012345678"),
    ("零八零ー一二三四ー五六七八", "phone", 0, 13, "+818012345678"),
    ("電話はぜろきゅうぜろ いちにさんよん ごろくななはち", "phone", 3, 26, "+819012345678"),
    ("ゼロハチゼロ、イチニーサンヨン、ゴーロクナナハチへ", "phone", 0, 24, "+818012345678"),
    ("ﾏﾙｷｭｳﾏﾙ ｲﾁﾆｻﾝﾖﾝ ｺﾞﾛｸﾅﾅﾊﾁ", "phone", 0, 24, "+819012345678"),
    ("まるきゅーまる-1234-ごろくななはち", "phone", 0, 20, "+819012345678"),
    ("zero nine zero, one two three four, five six seven eight", "phone", 0, 56, "+819012345678"),
    ("ゼロキューゼロ 1234 5678", "phone", 0, 17, "+819012345678"),
    ("090‐1234‐5678", "phone", 0, 13, "+819012345678"),
    ("090–1234–5678", "phone", 0, 13, "+819012345678"),
    ("090—1234—5678", "phone", 0, 13, "+819012345678"),
    ("090−1234−5678", "phone", 0, 13, "+819012345678"),
    ("090ー1234ー5678", "phone", 0, 13, "+819012345678"),
    ("090〜1234〜5678", "phone", 0, 13, "+819012345678"),
    ("090一1234一5678", "phone", 0, 13, "+819012345678"),
    ("090.1234.5678", "phone", 0, 13, "+819012345678"),
    ("090/1234/5678", "phone", 0, 13, "+819012345678"),
    ("090・1234・5678", "phone", 0, 13, "+819012345678"),
    ("090 1234 5678", "phone", 0, 13, "+819012345678"),
    ("0 9 0 1 2 3 4 5 6 7 8", "phone", 0, 21, "+819012345678"),
    ("連絡先\n0\n9\n0\n1\n2\n3\n4\n5\n6\n7\n8\nです", "phone", 4, 25, "+819012345678"),
    ("090の1234の5678", "phone", 0, 13, "+819012345678"),
    ("090 ハイフン 1234 ハイフン 5678", "phone", 0, 23, "+819012345678"),
    ("0\N{ZERO WIDTH SPACE}9\N{ZERO WIDTH SPACE}0-1234-5678", "phone", 0, 15, "+819012345678"),
    ("09012 345 678", "phone", 0, 13, "+819012345678"),
    ("2025年9月1日 10:00〜18:00 TEL 03-1234-5678", "phone", 26, 38, "+81312345678"),
    ("〒150-0041 東京都渋谷区1-2-3 TEL03-1234-5678", "phone", 25, 37, "+81312345678"),
    ("こちらに090-1234-5678にお電話を", "phone", 4, 17, "+819012345678"),
    ("keitai: zero hachi zero, ni ichi go roku, nana yon kyuu san.", "phone", 8, 59, "+818021567493"),
    ("ぜろ九ぜろ・にー四ご・七はちきゅう〇 です。", "phone", 0, 18, "+81902457890"),
    (_keycap("090 1234 5678") + " です", "phone", 0, 35, "+819012345678"),
    ("○９○-１２３４-５６７８まで", "phone", 0, 13, "+819012345678"),
]

NEAR_MISSES = [
    "3月の後は2026年4月10日に納品です",
    "1章の後は第2章、その後3章に続けて4章です",
    "◯◯円の報酬、○○様", "090-○○○○-○○○○の形式で",
    "〇九〇〇〇〇〇〇〇〇〇", "I will go to the meeting at 10 or 11", "ご連絡ください。よろしくお願いします。",
    "報酬は30,000円です",
    "納期は2025/09/01です",
    "2025-09-01〜2025-09-30",
    "注文番号A-2025-0914について",
    "〒150-0041",
    "3000文字の記事を5本",
    "平日09:00-18:00で対応します",
    "ISBN978-4-7741-9999-0",
    "ISBN 4-7741-0123-4",
    "注文番号 2025091412345678",
    "一緒に二人で三日間作業します",
    "〇〇様、お世話になっております",
    "◯◯円の報酬です",
    "第一二三回の会議",
    "0120-〇〇〇-〇〇〇",
    "電話番号は090-xxxx-xxxxの形式で",
    "090-0000-0000",
    "1文字0.8円、10,000文字で8,000円",
    "2024年12月31日〜2025年1月10日",
    "10:00～18:00（土日祝休み）",
    "時給1,050円",
    "会員番号: 1234-5678-9012",
    "単価0.5円×20000文字",
    "電話代行のお仕事です",
    "いちにさんしごろくしちはちきゅう",
    "よろしくお願いします。にこにこ",
    "ゼロからの挑戦です",
    "まるまるさんかくしかく",
    "きれいな記事を書きます",
    "2025.09.01 / 2025.10.01",
    "No.0123456",
    "03-1234",
    "090-1234-567",
    "090-1234-56789",
    "1,000,000,000,000円",
    "v0.9.1 と v1.2.3",
    "0〜100点で採点",
    "100 200 300 400 500 600 700 800 900 1000",
]


@pytest.mark.parametrize(("text", "label", "start", "end", "value"), FOUND)
def test_phone_is_found_with_its_span_and_value(text: str, label: str, start: int, end: int, value: str) -> None:
    assert (start, end, value) in _found(text, label), text[start:end]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_numbers_that_are_not_phones_are_left_alone(text: str) -> None:
    assert _found(text, "phone") == []


def test_kanji_digits_in_ordinary_words_stay_kanji() -> None:
    text = "一緒に二人で三日間、五月雨式にご連絡します"
    assert normalize(text).text == text
    assert _found(text, "phone") == []


# --- families --------------------------------------------------------------------------

_KANJI = "〇一二三四五六七八九"
_READINGS = {
    "0": ("ぜろ", "れい", "まる"), "1": ("いち",), "2": ("に", "にー"), "3": ("さん",), "4": ("よん",),
    "5": ("ご", "ごー"), "6": ("ろく",), "7": ("なな",), "8": ("はち",), "9": ("きゅう", "きゅー"),
}
_CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨"
_NEGATIVE = "⓿❶❷❸❹❺❻❼❽❾"


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _render_digit(family: str, d: str, pick: int) -> str:
    if family == "ascii":
        return d
    if family == "fullwidth":
        return chr(ord(d) + 0xFEE0)
    if family == "kanji":
        return _KANJI[int(d)]
    if family == "circled":
        return _CIRCLED[int(d)]
    if family == "negative":
        return _NEGATIVE[int(d)]
    if family == "keycap":
        return _keycap(d)
    if family == "romaji":
        return _ROMAJI[int(d)]
    readings = _READINGS[d]
    reading = readings[pick % len(readings)]
    return _katakana(reading) if family == "katakana" else reading


_FAMILIES = ("ascii", "fullwidth", "kanji", "hiragana", "katakana", "circled", "negative", "keycap", "romaji")
_ROMAJI = ("zero", "ichi", "ni", "san", "yon", "go", "roku", "nana", "hachi", "kyuu")
_SEPARATORS = ("-", "ー", "―", "−", "‐", "〜", " ", "\N{IDEOGRAPHIC SPACE}", "\n", ".", "/", "・", "の", " - ", "、", "")
_BEFORE = ("", "電話番号は", "TEL: ", "お電話は→", "連絡先：", "こちらまで ", "携帯\n")
_AFTER = ("", "です", "までお電話ください", "へどうぞ。", " よろしくお願いします", "（平日のみ）")


_PREFIXES = ("090", "080", "070", "050", "03", "06", "045", "092", "0466", "0476", "01267", "0120", "0800")


@st.composite
def _numbers(draw: st.DrawFn) -> str:
    """A valid Japanese number: mobile, IP, landline of any area-code length, free dial."""
    prefix = draw(st.sampled_from(_PREFIXES))
    length = 11 if prefix in ("090", "080", "070", "050", "0800") else 10
    rest = draw(st.text("0123456789", min_size=length - len(prefix), max_size=length - len(prefix)))
    number = prefix + rest
    assume(not number.endswith("000000"))
    assume(phonenumbers.is_valid_number(phonenumbers.parse(number, "JP")))
    return number


def _groups(number: str) -> list[str]:
    national = phonenumbers.format_number(phonenumbers.parse(number, "JP"), phonenumbers.PhoneNumberFormat.NATIONAL)
    return [g for g in national.replace("(", "-").replace(")", "-").split("-") if g]


@settings(max_examples=400, deadline=None)
@given(
    _numbers(),
    st.lists(st.sampled_from(_FAMILIES), min_size=4, max_size=4),
    st.sampled_from(_SEPARATORS),
    st.integers(0, 5),
    st.sampled_from(_BEFORE),
    st.sampled_from(_AFTER),
)
def test_every_writing_of_a_valid_number_is_found_exactly(
    number: str, families: list[str], separator: str, pick: int, before: str, after: str
) -> None:
    groups = _groups(number)
    if "romaji" in families and not separator.strip():
        separator = " "  # romaji digits are words: something must stand between them
    written = separator.join(
        (" " if families[i] == "romaji" else "").join(_render_digit(families[i], d, pick + k) for k, d in enumerate(group))
        for i, group in enumerate(groups)
    )
    text = before + written + after
    n = normalize(text)
    phones = [e for e in detect_all(n.text, EntityConfig()) if e.label == "phone"]
    expected = phonenumbers.format_number(phonenumbers.parse(number, "JP"), phonenumbers.PhoneNumberFormat.E164)
    assert [(n.to_original(e.start, e.end), e.value) for e in phones] == [((len(before), len(before) + len(written)), expected)]


@settings(max_examples=200, deadline=None)
@given(_numbers(), st.sampled_from(("\n", " ", "  ", " / ", "\N{ZERO WIDTH SPACE}")), st.sampled_from(_BEFORE))
def test_a_number_spread_one_digit_at_a_time_is_found(number: str, separator: str, before: str) -> None:
    written = separator.join(number)
    text = before + written + "\nよろしくお願いします"
    n = normalize(text)
    phones = [e for e in detect_all(n.text, EntityConfig()) if e.label == "phone"]
    assert [n.to_original(e.start, e.end) for e in phones] == [(len(before), len(before) + len(written))]


@st.composite
def _ordinary_numbers(draw: st.DrawFn) -> str:
    """Numbers that fill ordinary messages: dates and date ranges, prices, times, postal
    codes, ISBNs, word counts, order and version numbers."""
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    other = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    sep = draw(st.sampled_from(["/", "-", "."]))
    first = f"{day.year}{sep}{day.month:02d}{sep}{day.day:02d}"
    second = f"{other.year}{sep}{other.month:02d}{sep}{other.day:02d}"
    kind = draw(st.integers(0, 8))
    n1 = draw(st.integers(0, 9999))
    n2 = draw(st.integers(0, 9999))
    if kind == 0:
        return first
    if kind == 1:
        return f"{first}{draw(st.sampled_from(['〜', '～', ' - ', '-', ' / ', ' ', '、']))}{second}"
    if kind == 2:
        return f"{draw(st.integers(0, 10**7)):,}円"
    if kind == 3:
        return f"{n1 % 24:02d}:{n2 % 60:02d}-{n2 % 24:02d}:{n1 % 60:02d}"
    if kind == 4:
        return f"〒{n1 % 1000:03d}-{n2:04d}"
    if kind == 5:
        return f"978-4-{n1:04d}-{n2:04d}-{n1 % 10}"
    if kind == 6:
        return f"{n1}文字"
    if kind == 7:
        return f"A-{day.year}-{n2:04d}"
    return f"{first} {n1 % 24:02d}:{n2 % 60:02d}"


@settings(max_examples=400, deadline=None)
@given(st.lists(_ordinary_numbers(), min_size=1, max_size=4), st.sampled_from(["、", " ", "\n", "／", "・"]))
def test_dates_prices_times_and_codes_are_never_phones(parts: list[str], joiner: str) -> None:
    text = "納期と報酬: " + joiner.join(parts)
    n = normalize(text)
    assert [e for e in detect_all(n.text, EntityConfig()) if e.label == "phone"] == []
