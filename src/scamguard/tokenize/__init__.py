"""Tokenization: the only place that knows about fugashi and its dictionary.

:func:`tokenize` turns a (normalized) text into :class:`Token` values carrying the surface,
the dictionary form (lemma), the part of speech and the character offsets, which fugashi
itself does not give.
"""

from scamguard.tokenize._fugashi import Token, tokenize

__all__ = ["Token", "tokenize"]
