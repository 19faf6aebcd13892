"""Reading digits however they are written: ASCII, kanji (〇九〇, 零, 壱), kana readings
(ぜろきゅうぜろ, ゼロハチゼロ, まる), English and romaji words (zero, hachi), and the letters
o / l / i standing alone for 0 / 1, with any separators between them.

Kanji and kana digits are read only here, inside a run of at least ten digit symbols that
a phone-number detector asked about: 一 in 一緒 or に as a particle is never a digit in the
normalized text, only a possible digit of a candidate number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["KANA_READINGS", "DigitRun", "read_run", "zero_anchors"]

#: Readings of the digits in hiragana (katakana forms are derived). Longer readings first
#: where one is a prefix of another (きゅう before く) is taken care of when compiling.
KANA_READINGS: dict[str, str] = {
    "ぜろ": "0", "れい": "0", "まる": "0", "おー": "0",
    "いち": "1", "わん": "1",
    "に": "2", "にー": "2", "つー": "2",
    "さん": "3", "すりー": "3",
    "よん": "4", "よ": "4", "し": "4", "ふぉー": "4",
    "ご": "5", "ごー": "5", "ふぁいぶ": "5",
    "ろく": "6", "しっくす": "6",
    "なな": "7", "しち": "7", "せぶん": "7",
    "はち": "8", "えいと": "8",
    "きゅう": "9", "きゅー": "9", "く": "9", "ないん": "9",
}
# kanji digits, and the circles written for the kanji zero (○九○)
_KANJI = dict(zip("〇零一二三四五六七八九壱弐参肆伍陸漆捌玖○◯", "0012345678912345678900", strict=True))
_ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORDS = {w: str(i) for i, w in enumerate(_ENGLISH)}
# the readings in romaji (zero hachi zero, ni ichi go roku…)
_WORDS.update({"rei": "0", "maru": "0", "ichi": "1", "ni": "2", "san": "3", "yon": "4", "shi": "4", "go": "5",
               "roku": "6", "nana": "7", "shichi": "7", "hachi": "8", "kyuu": "9", "kyu": "9", "ku": "9"})
_LETTERS = {"o": "0", "l": "1", "i": "1"}
# first kana of the particles and copulas written right after a number (です, まで, へ, を…)
_PARTICLE_STARTS = frozenset("でまへをのとがはかねやもよにじ")


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


_READINGS: dict[str, str] = {**KANA_READINGS, **{_katakana(k): v for k, v in KANA_READINGS.items()}}
_KANA_ALTERNATIVES = sorted(_READINGS, key=len, reverse=True)
_WORD_ALTERNATIVES = sorted(_WORDS, key=len, reverse=True)

# One digit symbol. Letters count only standing alone (o9o, not the o of "office").
_SYMBOL = (
    r"[0-9" + "".join(_KANJI) + "]"
    + "".join(f"|{re.escape(a)}" for a in _KANA_ALTERNATIVES)
    + r"|(?<![a-z])(?:" + "|".join(_WORD_ALTERNATIVES) + r"|[oli])(?![a-z])"
)
# What may stand between two digits: white space, any dash or bracket, dots, slashes, 「の」.
_GAP_CHARS = r"[-./,、・()\[\]「」『』*_~|=＿\u2010-\u2015\u2212\u2500\u2501\u2043\u02d7\u301c\ufe58\ufe63]"
# 「080の後は4771-2009」: words that say the next group follows
_FOLLOWS = "の後は|のあとは|の後に|のあとに|続けて|その後|そのあと"
_GAP_UNIT = rf"\s+|{_GAP_CHARS}|{_FOLLOWS}|の|ハイフン|はいふん|ダッシュ|ー"
_GAP = rf"(?>\s{{0,4}}(?:(?:{_GAP_CHARS}|{_FOLLOWS}|の|ハイフン|はいふん|ダッシュ|ー)\s{{0,4}}){{0,3}})"
# At least ten symbols, as many as are written together (read once, however long).
_RUN = re.compile(rf"(?>{_SYMBOL})(?:{_GAP}(?>{_SYMBOL})){{9,}}")
_TOKEN = re.compile(rf"(?P<sym>{_SYMBOL})|(?P<gap>{_GAP_UNIT})")
# Where a number can begin: a zero in any script (not inside a longer ASCII number), or +81.
# Written as one class of first characters, then the rest behind a lookbehind, so that
# ``re`` scans ordinary text quickly (see scamguard.entities.channel._compile).
_ZERO = re.compile(
    r"[0〇零○◯ぜゼれレまマおオozrm+](?:(?<=0)(?<![0-9]0)|(?<=[〇零○◯])|(?<=ぜ)ろ|(?<=ゼ)ロ|(?<=れ)い|(?<=レ)イ"
    r"|(?<=ま)る|(?<=マ)ル|(?<=お)ー|(?<=オ)ー|(?<=o)(?<![a-z]o)(?![a-z])|(?<=z)(?<![a-z]z)ero(?![a-z])"
    r"|(?<=r)(?<![a-z]r)ei(?![a-z])|(?<=m)(?<![a-z]m)aru(?![a-z])"
    r"|(?<=\+)(?=\s?8\s?1))"
)


@dataclass(frozen=True, slots=True)
class DigitRun:
    """Digits read from a stretch of text, each with its span in that text.

    ``groups`` holds the indices of the digits that begin a group: a group is a stretch of
    ASCII digits written together (``090``), and every other digit symbol (ぜろ, 〇, a digit
    after a separator) begins its own. A number is only read between group boundaries, so
    the middle of ``A-2025-0914`` or of a long order number never begins a phone number.
    ``plus`` says whether the run began with ``+``. ``spelled`` holds the indices of the
    digits written as words, kana or kanji rather than as digits of any width.
    """

    digits: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    groups: frozenset[int]
    plus: bool
    spelled: frozenset[int] = frozenset()

    def is_boundary(self, index: int) -> bool:
        """True when a number may end before digit ``index`` (or at the end of the run)."""
        return index >= len(self.digits) or index in self.groups


def _value(symbol: str) -> str:
    if symbol in _KANJI:
        return _KANJI[symbol]
    if symbol.isascii() and symbol.isdigit():
        return symbol
    return _READINGS.get(symbol) or _WORDS.get(symbol) or _LETTERS.get(symbol, "?")


def _begins_word(text: str, symbol: str, start: int, end: int) -> bool:
    """True when a one-kana reading is the first kana of the word after it rather than a
    digit: the よ of よろしく, the ご of ご連絡, the に of にお電話. A particle after a digit
    (はちです, ごまで) does not make it a word."""
    if len(symbol) != 1 or end >= len(text) or not ("ぁ" <= symbol <= "ヺ"):
        return False
    after = text[end]
    if "\u4e00" <= after <= "\u9fff" or "\u3400" <= after <= "\u4dbf":
        return True
    if "ァ" <= after <= "ヺ" or after == "ー":
        return True
    return "ぁ" <= after <= "ゖ" and after not in _PARTICLE_STARTS


def zero_anchors(text: str) -> Iterator[int]:
    """Offsets where a phone number could begin: a zero in any script, or ``+`` before 81.

    >>> list(zero_anchors("3000円、tel 090 または ぜろ"))
    [10, 18]
    """
    for m in _ZERO.finditer(text):
        yield m.start()


def read_run(text: str, pos: int) -> DigitRun | None:
    """Read the run of at least ten digit symbols that begins at ``pos`` (and all that
    follow it, with separators between), or None.

    >>> run = read_run("〇九〇の一二三四の五六七八です", 0)
    >>> run.digits, run.starts[3], run.ends[-1]
    ('09012345678', 4, 13)
    >>> read_run("ぜろきゅうぜろ-1234-5678", 0).digits
    '09012345678'
    >>> read_run("090一1234一5678", 0).digits  # 一 between ASCII digits is a dash
    '09012345678'
    >>> read_run("0120 の話", 0) is None
    True
    >>> read_run("0 6 0 1 2 3 4 5 6 7 よろしく", 0).digits  # よ begins よろしく: no digit
    '0601234567'
    """
    plus = text.startswith("+", pos)
    start = pos + 1 if plus else pos
    if plus and start < len(text) and text[start].isspace():
        start += 1
    m = _RUN.match(text, start)
    if m is None:
        return None
    symbols: list[tuple[str, int, int]] = []
    gap_before: list[bool] = []
    gap = True
    for t in _TOKEN.finditer(text, m.start(), m.end()):
        if t.lastgroup == "gap":
            gap = True
            continue
        symbols.append((t.group(), t.start(), t.end()))
        gap_before.append(gap)
        gap = False
    while symbols and _begins_word(text, *symbols[-1]):
        symbols.pop()
        gap_before.pop()
    digits: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    groups: set[int] = set()
    spelled: set[int] = set()
    prev_ascii_end = -1
    for k, (sym, a, b) in enumerate(symbols):
        ascii_digit = sym.isascii() and sym.isdigit()
        if (
            sym == "一"
            and a == prev_ascii_end
            and k + 1 < len(symbols)
            and symbols[k + 1][1] == b
            and symbols[k + 1][0].isascii()
            and symbols[k + 1][0].isdigit()
        ):
            # 090一1234: a kanji one written for the dash
            prev_ascii_end = -1
            if k + 1 < len(gap_before):
                gap_before[k + 1] = True
            continue
        if gap_before[k] or not ascii_digit or a != prev_ascii_end:
            groups.add(len(digits))
        if not ascii_digit and sym not in _LETTERS:
            spelled.add(len(digits))
        digits.append(_value(sym))
        starts.append(a)
        ends.append(b)
        prev_ascii_end = b if ascii_digit else -1
    return DigitRun("".join(digits), tuple(starts), tuple(ends), frozenset(groups), plus, frozenset(spelled))
