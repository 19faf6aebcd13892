"""Normalization: one canonical text to match against, and a map back to the original.

Scammers write around filters with full-width letters, invisible characters, Cyrillic
look-alikes and odd dashes. Every later stage works on the *normalized* text produced here;
only the verdict converts positions back to the original, through :class:`Normalized`.

Each step is a small named function ``str -> Edit`` that says what it changes and what it
deliberately leaves alone. Steps rewrite only the stretches that need it (found with one
regex each), so an ordinary message costs a few regex scans and no per-character Python loop.

What is *not* done here, on purpose, because it depends on context that a detector has:
kanji and kana digits (一 is also "one" in 一緒), romaji brand names, 「ドット」 for ".".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

__all__ = ["STEPS", "Normalized", "normalize", "normalize_stepwise"]


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized text with, for every character, the original span it came from.

    ``starts[i]:ends[i]`` is the stretch of ``original`` that produced ``text[i]``.

    >>> n = normalize("ＬＩＮＥで")
    >>> n.text
    'lineで'
    >>> n.to_original(0, 4)
    (0, 4)
    """

    original: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the span of the original it covers."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == n:
            at = self.ends[n - 1] if n else len(self.original)
            return at, at
        o_start = self.starts[start]
        o_end = self.ends[end - 1] if end > start else o_start
        return o_start, max(o_start, o_end)


# An edit: the new text and, per new character, the (start, end) span in the step's input,
# or None when the text did not change.
Edit = tuple[str, list[int], list[int]] | None


def _rewrite(text: str, pattern: regex.Pattern[str], repl: Callable[[str], str]) -> Edit:
    """Replace every match of ``pattern`` by ``repl(match)``, keeping a character map.

    When a replacement has the same length as what it replaces, characters map one to one;
    a stretch replaced by nothing is added to the span of the character just before it;
    otherwise every new character maps to the whole replaced stretch.
    """
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    changed = False
    for m in pattern.finditer(text):
        a, b = m.span()
        old = m.group()
        new = repl(old)
        if new == old:
            continue
        changed = True
        if a > last:
            pieces.append(text[last:a])
            starts.extend(range(last, a))
            ends.extend(range(last + 1, a + 1))
        pieces.append(new)
        if not new:
            # a deleted stretch (an invisible mark) belongs to the character before it, so a
            # span ending at 0 of 0️⃣ covers the keycap marks too and redaction leaves no debris
            if ends and ends[-1] == a:
                ends[-1] = b
        elif len(new) == len(old):
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:
            starts.extend([a] * len(new))
            ends.extend([b] * len(new))
        last = b
    if not changed:
        return None
    if last < len(text):
        pieces.append(text[last:])
        starts.extend(range(last, len(text)))
        ends.extend(range(last + 1, len(text) + 1))
    return "".join(pieces), starts, ends


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> Edit:
    """Replace lone surrogates (invalid in UTF-8) with U+FFFD so the tokenizer can read the text.

    >>> replace_lone_surrogates("a\\ud800b")[0]
    'a\\ufffdb'
    """
    return _rewrite(text, _SURROGATE, lambda _s: "\N{REPLACEMENT CHARACTER}")


_INVISIBLE = regex.compile(
    r"[\p{Cf}"
    r"\N{COMBINING ENCLOSING KEYCAP}"
    r"\N{MONGOLIAN VOWEL SEPARATOR}"
    r"\N{HANGUL FILLER}\N{HALFWIDTH HANGUL FILLER}"
    r"\N{HANGUL CHOSEONG FILLER}\N{HANGUL JUNGSEONG FILLER}"
    r"\N{BRAILLE PATTERN BLANK}"
    r"\N{COMBINING GRAPHEME JOINER}"
    r"\uFE00-\uFE0F\U000E0100-\U000E01EF]+"
)


def drop_invisible(text: str) -> Edit:
    """Remove characters that render as nothing: zero-width spaces and joiners, BOM, soft
    hyphen, bidi marks, variation selectors, the keycap combiner (so 0️⃣ reads 0), fillers.

    U+200D also joins ordinary emoji; dropping it there only splits the emoji, which no rule
    reads, so the step needs no exception for it.

    >>> drop_invisible("L\\N{ZERO WIDTH SPACE}INE")[0]
    'LINE'
    """
    return _rewrite(text, _INVISIBLE, lambda _s: "")


_CONTROL = regex.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]|[^\S\n ]")


def controls_to_space(text: str) -> Edit:
    """Turn control characters (NUL, tab, C1 controls) and every other kind of white space
    (line/paragraph separators, the ideographic space, no-break and Ogham spaces) into a plain
    space. Newlines are kept: they end sentences.

    >>> controls_to_space("a\\x00b\\tc\\N{OGHAM SPACE MARK}d")[0]
    'a b c d'
    """
    return _rewrite(text, _CONTROL, lambda _s: " ")


_NFKC_UNSTABLE = regex.compile(r"(?s).?[^\p{NFKC_QC=Y}]+")
_JOINS_PREVIOUS = frozenset("\N{HALFWIDTH KATAKANA VOICED SOUND MARK}\N{HALFWIDTH KATAKANA SEMI-VOICED SOUND MARK}\u3099\u309a")


def _nfkc_clusters(segment: str) -> list[str]:
    clusters: list[str] = []
    for ch in segment:
        if clusters and (unicodedata.combining(ch) or ch in _JOINS_PREVIOUS):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def nfkc(text: str) -> Edit:
    """Unicode NFKC: full-width ASCII to ASCII, half-width kana to full-width (ｶﾞ→ガ),
    circled and parenthesized digits to digits, ㈱ to (株), ℓ to l.

    Only the stretches that NFKC can change are touched, and each base character is
    rewritten together with the marks that compose with it, so positions stay precise.

    >>> nfkc("ＬＩＮＥ ｶﾞｲﾄﾞ ⓪⑨⓪")[0]
    'LINE ガイド 090'
    """
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    changed = False
    for m in _NFKC_UNSTABLE.finditer(text):
        a, b = m.span()
        segment = m.group()
        whole = unicodedata.normalize("NFKC", segment)
        if whole == segment:
            continue
        changed = True
        if a > last:
            pieces.append(text[last:a])
            starts.extend(range(last, a))
            ends.extend(range(last + 1, a + 1))
        clusters = _nfkc_clusters(segment)
        parts = [unicodedata.normalize("NFKC", c) for c in clusters]
        if "".join(parts) == whole:
            pos = a
            for cluster, part in zip(clusters, parts, strict=True):
                if len(part) == len(cluster):
                    starts.extend(range(pos, pos + len(cluster)))
                    ends.extend(range(pos + 1, pos + len(cluster) + 1))
                else:
                    starts.extend([pos] * len(part))
                    ends.extend([pos + len(cluster)] * len(part))
                pos += len(cluster)
        else:  # composition across clusters (rare): map the stretch as a whole
            starts.extend([a] * len(whole))
            ends.extend([b] * len(whole))
        pieces.append(whole)
        last = b
    if not changed:
        return None
    if last < len(text):
        pieces.append(text[last:])
        starts.extend(range(last, len(text)))
        ends.extend(range(last + 1, len(text) + 1))
    return "".join(pieces), starts, ends


_DIGIT_SYMBOL = regex.compile(r"[[\p{Nd}\p{No}]--[0-9]]", regex.V1)
# Enclosed Latin letters that NFKC leaves alone (negative circled and squared letters,
# regional indicators), as the first code point of each run of A-Z.
_LETTER_BLOCKS = (
    0x1F150,  # NEGATIVE CIRCLED LATIN CAPITAL LETTER A
    0x1F170,  # NEGATIVE SQUARED LATIN CAPITAL LETTER A
    0x1F1E6,  # REGIONAL INDICATOR SYMBOL LETTER A
)
_LETTER_SYMBOL = regex.compile(
    "[" + "".join(f"{chr(base)}-{chr(base + 25)}" for base in _LETTER_BLOCKS) + "]"
)


def _digit_value(symbol: str) -> str:
    value = unicodedata.numeric(symbol, -1.0)
    if value >= 0 and value == int(value) and value <= 20:
        return str(int(value))
    return symbol


def fold_digit_symbols(text: str) -> Edit:
    """Write digits from other scripts and the digit dingbats NFKC leaves alone as ASCII
    digits: ❶ ➀ ➊ ⓿ ⓫ and Arabic-Indic or Devanagari digits, so 〇九〇 written with
    negative circled digits reads like any other number.

    Fractions and other non-integer numbers (½) are left alone, and so are the kanji
    numerals (〇, 一): whether 一 is a digit depends on context, which the phone detector has.

    >>> fold_digit_symbols("\N{DINGBAT NEGATIVE CIRCLED DIGIT ONE}\N{NEGATIVE CIRCLED DIGIT ZERO} ½")[0]
    '10 ½'
    """
    return _rewrite(text, _DIGIT_SYMBOL, lambda s: "".join(_digit_value(c) for c in s))


def _letter_value(symbol: str) -> str:
    code = ord(symbol)
    for base in _LETTER_BLOCKS:
        if base <= code <= base + 25:
            return chr(ord("a") + code - base)
    return symbol


def fold_letter_symbols(text: str) -> Edit:
    """Write the enclosed Latin letters NFKC leaves alone (🅛 🅻 and regional indicator
    symbols) as plain lower-case letters, so a name spelled with them reads as letters.

    A flag is a pair of regional indicators; it reads as its two-letter code (🇯🇵 → jp),
    which no rule mistakes for anything else.

    >>> fold_letter_symbols("\N{NEGATIVE SQUARED LATIN CAPITAL LETTER L}INE")[0]
    'lINE'
    """
    return _rewrite(text, _LETTER_SYMBOL, lambda s: "".join(_letter_value(c) for c in s))


# Letters from other scripts that look like Latin ones, written by name.
_HOMOGLYPHS = {
    "\N{CYRILLIC SMALL LETTER A}": "a", "\N{CYRILLIC CAPITAL LETTER A}": "a",
    "\N{CYRILLIC SMALL LETTER VE}": "b", "\N{CYRILLIC CAPITAL LETTER VE}": "b",
    "\N{CYRILLIC SMALL LETTER IE}": "e", "\N{CYRILLIC CAPITAL LETTER IE}": "e",
    "\N{CYRILLIC SMALL LETTER KA}": "k", "\N{CYRILLIC CAPITAL LETTER KA}": "k",
    "\N{CYRILLIC SMALL LETTER EM}": "m", "\N{CYRILLIC CAPITAL LETTER EM}": "m",
    "\N{CYRILLIC SMALL LETTER EN}": "h", "\N{CYRILLIC CAPITAL LETTER EN}": "h",
    "\N{CYRILLIC SMALL LETTER O}": "o", "\N{CYRILLIC CAPITAL LETTER O}": "o",
    "\N{CYRILLIC SMALL LETTER ER}": "p", "\N{CYRILLIC CAPITAL LETTER ER}": "p",
    "\N{CYRILLIC SMALL LETTER ES}": "c", "\N{CYRILLIC CAPITAL LETTER ES}": "c",
    "\N{CYRILLIC SMALL LETTER TE}": "t", "\N{CYRILLIC CAPITAL LETTER TE}": "t",
    "\N{CYRILLIC SMALL LETTER U}": "y", "\N{CYRILLIC CAPITAL LETTER U}": "y",
    "\N{CYRILLIC SMALL LETTER HA}": "x", "\N{CYRILLIC CAPITAL LETTER HA}": "x",
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}": "i",
    "\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}": "i",
    "\N{CYRILLIC SMALL LETTER YI}": "i", "\N{CYRILLIC CAPITAL LETTER YI}": "i",
    "\N{CYRILLIC SMALL LETTER JE}": "j", "\N{CYRILLIC CAPITAL LETTER JE}": "j",
    "\N{CYRILLIC SMALL LETTER DZE}": "s", "\N{CYRILLIC CAPITAL LETTER DZE}": "s",
    "\N{CYRILLIC SMALL LETTER PALOCHKA}": "l", "\N{CYRILLIC LETTER PALOCHKA}": "l",
    "\N{CYRILLIC SMALL LETTER KOMI DE}": "d", "\N{CYRILLIC CAPITAL LETTER KOMI DE}": "d",
    "\N{CYRILLIC SMALL LETTER QA}": "q", "\N{CYRILLIC CAPITAL LETTER QA}": "q",
    "\N{CYRILLIC SMALL LETTER WE}": "w", "\N{CYRILLIC CAPITAL LETTER WE}": "w",
    "\N{GREEK CAPITAL LETTER ALPHA}": "a", "\N{GREEK SMALL LETTER ALPHA}": "a",
    "\N{GREEK CAPITAL LETTER BETA}": "b",
    "\N{GREEK CAPITAL LETTER EPSILON}": "e",
    "\N{GREEK CAPITAL LETTER ZETA}": "z",
    "\N{GREEK CAPITAL LETTER ETA}": "h",
    "\N{GREEK CAPITAL LETTER IOTA}": "i", "\N{GREEK SMALL LETTER IOTA}": "i",
    "\N{GREEK CAPITAL LETTER KAPPA}": "k", "\N{GREEK SMALL LETTER KAPPA}": "k",
    "\N{GREEK CAPITAL LETTER MU}": "m",
    "\N{GREEK CAPITAL LETTER NU}": "n", "\N{GREEK SMALL LETTER NU}": "v",
    "\N{GREEK CAPITAL LETTER OMICRON}": "o", "\N{GREEK SMALL LETTER OMICRON}": "o",
    "\N{GREEK CAPITAL LETTER RHO}": "p", "\N{GREEK SMALL LETTER RHO}": "p",
    "\N{GREEK CAPITAL LETTER TAU}": "t",
    "\N{GREEK CAPITAL LETTER UPSILON}": "y", "\N{GREEK SMALL LETTER UPSILON}": "u",
    "\N{GREEK CAPITAL LETTER CHI}": "x", "\N{GREEK SMALL LETTER CHI}": "x",
    "\N{LATIN LETTER SMALL CAPITAL I}": "i",
    "\N{LATIN SMALL LETTER DOTLESS I}": "i",
    "\N{LATIN LETTER DENTAL CLICK}": "l", "\N{LATIN SMALL LETTER IOTA}": "i",
    # small capitals: ʟɪɴᴇ
    "\N{LATIN LETTER SMALL CAPITAL A}": "a", "\N{LATIN LETTER SMALL CAPITAL B}": "b",
    "\N{LATIN LETTER SMALL CAPITAL C}": "c", "\N{LATIN LETTER SMALL CAPITAL D}": "d",
    "\N{LATIN LETTER SMALL CAPITAL E}": "e", "\N{LATIN LETTER SMALL CAPITAL F}": "f",
    "\N{LATIN LETTER SMALL CAPITAL G}": "g", "\N{LATIN LETTER SMALL CAPITAL H}": "h",
    "\N{LATIN LETTER SMALL CAPITAL J}": "j", "\N{LATIN LETTER SMALL CAPITAL K}": "k",
    "\N{LATIN LETTER SMALL CAPITAL L}": "l", "\N{LATIN LETTER SMALL CAPITAL M}": "m",
    "\N{LATIN LETTER SMALL CAPITAL N}": "n", "\N{LATIN LETTER SMALL CAPITAL O}": "o",
    "\N{LATIN LETTER SMALL CAPITAL P}": "p", "\N{LATIN LETTER SMALL CAPITAL R}": "r",
    "\N{LATIN LETTER SMALL CAPITAL S}": "s", "\N{LATIN LETTER SMALL CAPITAL T}": "t",
    "\N{LATIN LETTER SMALL CAPITAL U}": "u", "\N{LATIN LETTER SMALL CAPITAL V}": "v",
    "\N{LATIN LETTER SMALL CAPITAL W}": "w", "\N{LATIN LETTER SMALL CAPITAL Y}": "y",
    "\N{LATIN LETTER SMALL CAPITAL Z}": "z",
}
_HOMOGLYPH = regex.compile("[" + "".join(_HOMOGLYPHS) + "]")


def fold_homoglyphs(text: str) -> Edit:
    """Replace Cyrillic and Greek letters and Latin small capitals that look like Latin
    letters by those letters (lower case), so that ＬІＮЕ (with a Cyrillic І and Е) and ʟɪɴᴇ
    read ``line``.

    Digits standing for letters (L1NE, 0 for O) are left alone: that reading depends on
    context and belongs to the detectors.

    >>> fold_homoglyphs("L\\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}N\\N{CYRILLIC CAPITAL LETTER IE}")[0]
    'LiNe'
    """
    return _rewrite(text, _HOMOGLYPH, lambda s: _HOMOGLYPHS[s])


_UPPER = regex.compile(r"\p{Lu}+")


def fold_case(text: str) -> Edit:
    """Lower-case letters (Latin and other cased scripts), one character for one.

    Characters whose lower case is longer (İ) are left as they are, to keep positions exact.

    >>> fold_case("Line ID")[0]
    'line id'
    """
    def lower(s: str) -> str:
        low = s.lower()
        if len(low) == len(s):
            return low
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)

    return _rewrite(text, _UPPER, lower)


_DASH_BETWEEN_ALNUM = regex.compile(
    r"(?<=[0-9a-z][ ]?)[\u2010-\u2015\u2212\u2500\u2501\u30fc\ufe58\ufe63\u2043\u02d7~\u301c]+(?=[ ]?[0-9a-z])"
)


def unify_dashes(text: str) -> Edit:
    """Turn every dash-like character between letters or digits into ``-``: 090ー1234,
    090―1234, 090−1234 all read ``090-1234``.

    The long-vowel mark ー inside katakana words (ラーメン) is not between ASCII letters or
    digits, so it is left alone.

    >>> unify_dashes("090ー1234―5678 ラーメン")[0]
    '090-1234-5678 ラーメン'
    """
    return _rewrite(text, _DASH_BETWEEN_ALNUM, lambda s: "-" * len(s))


STEPS: tuple[Callable[[str], Edit], ...] = (
    replace_lone_surrogates,
    drop_invisible,
    controls_to_space,
    nfkc,
    drop_invisible,  # NFKC can expose new format characters (rare), so run once more
    fold_digit_symbols,
    fold_letter_symbols,
    fold_homoglyphs,
    fold_case,
    unify_dashes,
)


# Every character that one of the steps may change or rely on, in one class: a text without
# any is left as it is by every step (each step sees the text unchanged by the ones before
# it, and changes nothing where its own pattern finds nothing), so most messages skip the
# steps altogether. One class rather than an alternation of the steps' patterns: it is
# searched several times faster.
_BEFORE_CASE_CLASS = (
    r"\ud800-\udfff"  # replace_lone_surrogates
    + _INVISIBLE.pattern[1:-2]  # drop_invisible, without the brackets and the +
    + r"\x00-\x09\x0b-\x1f\x7f-\x9f[\s--[\n ]]"  # controls_to_space
    + r"\P{NFKC_QC=Y}"  # nfkc: every stretch it rewrites holds one of these
    + r"[[\p{Nd}\p{No}]--[0-9]]"  # fold_digit_symbols
    + _LETTER_SYMBOL.pattern[1:-1]  # fold_letter_symbols
    + _HOMOGLYPH.pattern[1:-1]  # fold_homoglyphs
)
_ANY_STEP = regex.compile(
    "[" + _BEFORE_CASE_CLASS
    + r"\p{Lu}"  # fold_case
    + "]"
    # unify_dashes: a dash between letters or digits (the long-vowel mark alone is in nearly
    # every message), written without look-arounds, which would be tried at every position
    + r"|[0-9a-z][ ]?[\u2010-\u2015\u2212\u2500\u2501\u30fc\ufe58\ufe63\u2043\u02d7~\u301c]+[ ]?[0-9a-z]",
    regex.V1,
)
# What the steps before fold_case act on: a text without any (the common case of a message
# whose only change is a capital letter, LINE or SEO) is left as it is by each of them, by
# the same reasoning as for _ANY_STEP, and only the steps from fold_case on are run.
_BEFORE_CASE = regex.compile("[" + _BEFORE_CASE_CLASS + "]", regex.V1)
_FROM_CASE = STEPS.index(fold_case)


def normalize(text: str) -> Normalized:
    """Run every step in :data:`STEPS` and compose their character maps.

    >>> n = normalize("ＬＩＮＥ\\N{ZERO WIDTH SPACE}のＩＤ")
    >>> n.text
    'lineのid'
    >>> n.original[slice(*n.to_original(5, 7))]
    'ＩＤ'
    """
    if _ANY_STEP.search(text) is None:
        return Normalized(text, text, range(len(text)), range(1, len(text) + 1))
    if _BEFORE_CASE.search(text) is None:
        return normalize_stepwise(text, _FROM_CASE)
    return normalize_stepwise(text)


def normalize_stepwise(text: str, first: int = 0) -> Normalized:
    """:func:`normalize` without its shortcuts for texts that some steps leave as they are:
    every step from ``first`` on is run (with 0, the reference the shortcuts are tested
    against)."""
    current = text
    starts: list[int] | None = None
    ends: list[int] | None = None
    for step in STEPS[first:]:
        edit = step(current)
        if edit is None:
            continue
        current, s_map, e_map = edit
        if starts is None or ends is None:
            starts, ends = s_map, e_map
        else:
            prev_s, prev_e = starts, ends
            starts = [prev_s[i] for i in s_map]
            ends = [prev_e[j - 1] for j in e_map]
    if starts is None or ends is None:
        return Normalized(text, text, range(len(text)), range(1, len(text) + 1))
    return Normalized(text, current, starts, ends)
