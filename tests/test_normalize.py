"""The normalizer undoes the character-level evasions, keeps an exact map back to the
original, and leaves ordinary Japanese alone (kanji digits, kana words, 〇〇 placeholders).

Idempotence and the general shape of the offset map are properties in test_properties.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scamguard.normalize import normalize, normalize_stepwise

KEYCAP = "\N{VARIATION SELECTOR-16}\N{COMBINING ENCLOSING KEYCAP}"

# (original, normalized): one row per family of evasion
FOLDED = [
    ("ＬＩＮＥ", "line"),  # full width
    ("ﾗｲﾝ ｶﾞｲﾄﾞ", "ライン ガイド"),  # half-width kana, voiced marks joined
    ("⓪⑨⓪ ⑴", "090 (1)"),  # circled and parenthesized digits (NFKC)
    ("⓿❾⓿ ➊➋ ⓫", "090 12 11"),  # negative circled and dingbat digits (not NFKC)
    ("٠٩٠ ०९०", "090 090"),  # Arabic-Indic and Devanagari digits
    ("0" + KEYCAP + "9" + KEYCAP, "09"),  # keycap digits
    ("L\N{ZERO WIDTH SPACE}I\N{ZERO WIDTH JOINER}N\N{WORD JOINER}E\N{SOFT HYPHEN}", "line"),  # invisible characters
    ("\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}\N{CYRILLIC SMALL LETTER IE}\N{CYRILLIC SMALL LETTER O}", "ieo"),
    ("\N{GREEK CAPITAL LETTER IOTA}\N{GREEK CAPITAL LETTER NU}\N{GREEK CAPITAL LETTER EPSILON}", "ine"),
    ("ℓine ʟɪɴᴇ ǀine", "line line line"),  # script l, small capitals, dental click
    ("𝐋𝐈𝐍𝐄 Ⓛⓘⓝⓔ 🄻🄸🄽🄴 🅻🅸🅽🅴", "line line line line"),  # styled and enclosed letters
    ("090ー1234―5678 0−1", "090-1234-5678 0-1"),  # dashes between digits
    ("a\N{OGHAM SPACE MARK}b\N{NO-BREAK SPACE}c\N{IDEOGRAPHIC SPACE}d\te", "a b c d e"),  # every kind of space
]

# ordinary text that must come out as it went in
UNCHANGED = [
    "一緒に二人で三日間、五月雨式にご連絡します",
    "ぜろきゅうぜろ いちにさんよん",
    "〇〇様、◯◯円の報酬です",
    "ラーメンとスーパーマーケット",
    "オンライン・ガイドライン",
    "改行は\nそのまま",
]


@pytest.mark.parametrize(("original", "folded"), FOLDED)
def test_evasion_families_are_folded(original: str, folded: str) -> None:
    assert normalize(original).text == folded


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_japanese_is_left_alone(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize(
    ("original", "start", "end", "expected"),
    [
        ("ｶﾞｲﾄﾞ", 0, 1, "ｶﾞ"),  # one normalized character from two original ones
        ("TEL 0" + KEYCAP + "9" + KEYCAP + " まで", 4, 6, "0" + KEYCAP + "9" + KEYCAP),  # marks go with their digit
        ("L\N{ZERO WIDTH SPACE}INE", 0, 4, "L\N{ZERO WIDTH SPACE}INE"),
        ("\N{ZERO WIDTH SPACE}LINE", 0, 4, "LINE"),  # nothing before it to attach to
        ("⓫番", 0, 2, "⓫"),  # one original character, two digits
        ("(株)と㈱", 4, 7, "㈱"),
    ],
)
def test_spans_map_back_to_exactly_what_was_written(original: str, start: int, end: int, expected: str) -> None:
    n = normalize(original)
    a, b = n.to_original(start, end)
    assert original[a:b] == expected


_PIECES = st.sampled_from(
    ["LINE", "ﾗｲﾝ", "0" + KEYCAP, "⓪", "❶", "\N{ZERO WIDTH SPACE}", "ｶﾞ", "ʟ", "𝐋", "🅻", "あ", "、", " ", "㈱", "⓫"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_each_piece_maps_back_to_itself(pieces: list[str]) -> None:
    """Pieces normalized together read as the pieces normalized one by one, and each
    piece's normalized characters map back to exactly that piece (plus the invisible
    pieces right after it, which belong to it)."""
    text = "".join(pieces)
    n = normalize(text)
    sizes = [len(normalize(p).text) for p in pieces]
    assert n.text == "".join(normalize(p).text for p in pieces)
    pos = out = 0
    for k, piece in enumerate(pieces):
        if sizes[k]:
            end = pos + len(piece)
            for later, size in zip(pieces[k + 1 :], sizes[k + 1 :], strict=True):
                if size:
                    break
                end += len(later)
            assert n.to_original(out, out + sizes[k]) == (pos, end)
        pos += len(piece)
        out += sizes[k]


def _same(text: str) -> None:
    fast, slow = normalize(text), normalize_stepwise(text)
    assert fast.text == slow.text
    assert [fast.to_original(i, i + 1) for i in range(len(fast.text))] == [
        slow.to_original(i, i + 1) for i in range(len(slow.text))
    ]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_shortcut_for_untouched_texts_changes_nothing(text: str) -> None:
    """A text no step would change is returned as it is, exactly as running every step does."""
    _same(text)


def test_shortcut_agrees_with_every_step_character_by_character() -> None:
    # every character of the common blocks (and a few beyond), between letters and digits
    codes = [*range(0x0, 0x3100), *range(0xD800, 0xD810), *range(0xFE00, 0x10000), 0x1F150, 0x1F170, 0x1F1E6, 0x1D40B, 0xE0100]
    for code in codes:
        char = chr(code)
        _same("あ" + char + "1" + char + "a")


@pytest.mark.parametrize("text", ["LINE―ID", "SEO記事", "A―1 と b〜C", "ÀÉ İstanbul", "Ｌ", "ΑΒΓ", "İ-Ⅻ"])
def test_shortcut_for_capitals_agrees_with_every_step(text: str) -> None:
    """A text whose only change before dashes is a capital runs the steps from fold_case on."""
    _same(text)
