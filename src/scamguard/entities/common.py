"""Pieces the detectors share: the spellings of "." and "@" that people write around
filters, script tests, and kana conversion.

Everything here reads the *normalized* text (NFKC, lower case), so ``＠`` is already ``@``,
``（ａｔ）`` is ``(at)`` and ``ﾄﾞｯﾄ`` is ``ドット``.
"""

from __future__ import annotations

__all__ = [
    "AT_PATTERN",
    "DOT_PATTERN",
    "is_ascii_alnum",
    "is_hiragana",
    "is_katakana",
    "to_hiragana",
]

_OPEN = r"[(\[{<【「『]"
_CLOSE = r"[)\]}>】」』]"

#: Regex source for "." written as a word or defanged: example ドット com, example(dot)com,
#: example[.]com, example（点）com. The ideographic full stop 。 is included: detectors use
#: this only between ASCII labels, where 。 cannot end a Japanese sentence.
DOT_PATTERN = rf"{_OPEN}\s?(?:dot|\.|ドット|どっと|点|。)\s?{_CLOSE}|ドット|どっと|点|。"

#: Regex source for "@" written as a word or defanged: taro(at)example.com,
#: taro アットマーク example.com, taro（アット）example.com.
AT_PATTERN = rf"{_OPEN}\s?(?:at|@|アットマーク|あっとまーく|アット|あっと)\s?{_CLOSE}|アットマーク|あっとまーく|アット|あっと"

_HIRAGANA_FIRST, _HIRAGANA_LAST = 0x3041, 0x3096
_KATAKANA_FIRST, _KATAKANA_LAST = 0x30A1, 0x30FA
_KANA_SHIFT = _KATAKANA_FIRST - _HIRAGANA_FIRST


def to_hiragana(text: str) -> str:
    """Katakana to hiragana, one character for one; other characters unchanged.

    >>> to_hiragana("チャットワーク")
    'ちゃっとわーく'
    """
    return "".join(
        chr(ord(c) - _KANA_SHIFT) if _KATAKANA_FIRST <= ord(c) <= _KATAKANA_LAST - 4 else c for c in text
    )


def is_katakana(ch: str) -> bool:
    """True for a katakana letter or the long-vowel mark ー (the mark belongs to katakana words).

    >>> is_katakana("ン"), is_katakana("ー"), is_katakana("ん"), is_katakana("")
    (True, True, False, False)
    """
    return len(ch) == 1 and (_KATAKANA_FIRST <= ord(ch) <= _KATAKANA_LAST or ch == "ー")


def is_hiragana(ch: str) -> bool:
    """True for a hiragana letter.

    >>> is_hiragana("ん"), is_hiragana("ン")
    (True, False)
    """
    return len(ch) == 1 and _HIRAGANA_FIRST <= ord(ch) <= _HIRAGANA_LAST


def is_ascii_alnum(ch: str) -> bool:
    """True for an ASCII letter or digit (the normalized text has no upper case left).

    >>> is_ascii_alnum("a"), is_ascii_alnum("7"), is_ascii_alnum("ａ")
    (True, True, False)
    """
    return len(ch) == 1 and ch.isascii() and ch.isalnum()
