"""fugashi + unidic-lite behind one adapter.

MeCab's plain-text output is read instead of fugashi's node objects: building a 26-field
feature record per token costs three times the parse itself, while the text output already
holds the surface, the lemma and the part of speech. Offsets are recovered by walking the
input: a token's surface always follows the previous token, after optional white space.

A MeCab tagger is not safe to share between threads, so each thread gets its own; they all
share the memory-mapped dictionary.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

import fugashi

__all__ = ["Token", "tokenize"]


class Token(NamedTuple):
    """One token of the text given to :func:`tokenize` (a named tuple: cheap to build).

    ``lemma`` is the dictionary form (教え → 教える); where the dictionary has none (ASCII
    words, unknown words) it is the surface. ``pos`` is the coarse part of speech (動詞, 名詞…).
    """

    surface: str
    lemma: str
    pos: str
    start: int
    end: int


_local = threading.local()

#: MeCab is given at most this many characters at once: it crashes on some very long inputs
#: (about 190,000 ASCII letters) and slows down more than linearly on long runs of one script
MAX_CHUNK = 8_000
_BREAKS = "。!?\n "


def _chunks(text: str) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most :data:`MAX_CHUNK` characters, each ending at a
    sentence end or a space when there is one in its last quarter, with their offsets."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_CHUNK)
        if end < len(text):
            cut = max(text.rfind(ch, start + MAX_CHUNK * 3 // 4, end) for ch in _BREAKS)
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _tagger() -> fugashi.Tagger:
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = fugashi.Tagger()
        _local.tagger = tagger
    return tagger


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets into ``text``.

    The text must contain no NUL character and no lone surrogate (the normalizer removes both).

    >>> [(t.surface, t.lemma) for t in tokenize("IDを教えて")]
    [('ID', 'ID'), ('を', 'を'), ('教え', '教える'), ('て', 'て')]
    """
    if not text or text.isspace():
        return []
    if len(text) > MAX_CHUNK:
        return [
            t._replace(start=t.start + offset, end=t.end + offset)
            for offset, piece in _chunks(text)
            for t in tokenize(piece)
        ]
    out = _tagger().parse(text)
    tokens: list[Token] = []
    pos = 0
    find = text.find
    for line in out.split("\n"):
        if line == "EOS":
            break
        fields = line.split("\t")
        surface = fields[0]
        if not surface:
            continue
        at = find(surface, pos)
        if at < 0:  # cannot happen for MeCab's own surfaces; keep going rather than fail
            continue
        lemma = fields[3] if len(fields) > 4 and fields[3] else surface
        if "-" in lemma:  # loan words carry their origin: ライン-line → ライン
            head, _, origin = lemma.partition("-")
            if head and origin.isascii():
                lemma = head
        part = fields[4].split("-", 1)[0] if len(fields) > 4 else ""
        end = at + len(surface)
        tokens.append(Token(surface, lemma, part, at, end))
        pos = end
    return tokens
