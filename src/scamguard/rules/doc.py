"""The per-message state that conditions read: text, entities, tokens, sentences.

Everything costly is computed on first use and kept for the rest of the message, so a
message that no rule needs tokens for is never tokenized, and a word list shared by many
rules is matched once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from scamguard.entities import Entity, EntityConfig, detect_all
from scamguard.tokenize import Token, tokenize
from scamguard.wording import Reading, WordingModel

if TYPE_CHECKING:
    from scamguard.context import Context

__all__ = ["Doc", "Span", "Spans", "sentence_ends"]

#: A stretch of the normalized text.
Span = tuple[int, int]
#: What a condition returns: None when false, else the spans that made it true
#: (an empty list means "true, at no particular place", as ``not`` gives).
Spans = list[Span] | None

_SENTENCE_END = regex.compile(r"[。!?\n]+")


class Doc:
    """One message being screened, in normalized form."""

    __slots__ = ("__dict__", "config", "context", "extra_entities", "letters", "memo", "phrase_hits", "readings", "role",
                 "scanned", "stage", "text")

    def __init__(
        self,
        text: str,
        config: EntityConfig,
        *,
        stage: str = "pre_contract",
        role: str | None = None,
        context: Context | None = None,
        extra_entities: tuple[Entity, ...] = (),
    ) -> None:
        self.text = text
        self.config = config
        self.stage = stage
        self.role = role
        self.context = context
        self.extra_entities = extra_entities
        self.memo: dict[Hashable, Spans] = {}
        #: start offsets of phrases, found by the rule plan's single scan (None: not scanned)
        self.phrase_hits: dict[str, list[int]] | None = None
        #: the strings that scan looked for (those absent from ``phrase_hits`` do not occur)
        self.scanned: frozenset[str] = frozenset()
        #: what each wording model made of the text, read once per message
        self.readings: dict[WordingModel, Reading] = {}
        #: whether the text holds at least n letters and digits, by n (asked by several rules)
        self.letters: dict[int, bool] = {}

    def reading(self, model: WordingModel) -> Reading:
        """What ``model`` makes of the text (read once, whichever rules ask)."""
        found = self.readings.get(model)
        if found is None:
            found = self.readings[model] = model.read(self.text, self.sentence_ends)
        return found

    def has_letters(self, n: int) -> bool:
        """Whether the text holds at least ``n`` letters and digits (counted once per ``n``)."""
        found = self.letters.get(n)
        if found is None:
            found = self.letters[n] = _has_letters(self.text, n)
        return found

    @cached_property
    def entities(self) -> tuple[Entity, ...]:
        """Every entity found in the text (plus any supplied from the conversation)."""
        found = detect_all(self.text, self.config)
        if self.extra_entities:
            found.extend(self.extra_entities)
            found.sort(key=lambda e: (e.start, -e.end))
        return tuple(found)

    @cached_property
    def tokens(self) -> list[Token]:
        """The tokens of the text (computed only when a rule needs them)."""
        return tokenize(self.text)

    @cached_property
    def token_starts(self) -> list[int]:
        """Start offset of every token, ascending."""
        return [t.start for t in self.tokens]

    @cached_property
    def boundaries(self) -> tuple[frozenset[int], frozenset[int]]:
        """The sets of token start and token end offsets."""
        toks = self.tokens
        return frozenset(t.start for t in toks), frozenset(t.end for t in toks)

    @cached_property
    def by_lemma(self) -> dict[str, list[int]]:
        """Token indices by lemma and by surface."""
        index: dict[str, list[int]] = {}
        for i, t in enumerate(self.tokens):
            index.setdefault(t.lemma, []).append(i)
            if t.surface != t.lemma:
                index.setdefault(t.surface, []).append(i)
        return index

    @cached_property
    def sentence_ends(self) -> list[int]:
        """Offsets where sentences end (after 。!? or a line break), ascending."""
        return sentence_ends(self.text)

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence that contains offset ``pos``."""
        return bisect_right(self.sentence_ends, pos)

    def token_at(self, pos: int) -> int:
        """Index of the token that contains (or precedes) offset ``pos``."""
        return max(0, bisect_right(self.token_starts, pos) - 1)


def _has_letters(text: str, n: int) -> bool:
    """Whether ``text`` holds at least ``n`` letters and digits (stops counting at ``n``)."""
    if n <= 0:
        return True
    for ch in text:
        if ch.isalnum():
            n -= 1
            if n == 0:
                return True
    return False


def sentence_ends(text: str) -> list[int]:
    """Offsets where the sentences of ``text`` end (after 。!? or a line break), ascending.

    >>> sentence_ends("はい。了解です!\\nよろしく")
    [3, 9]
    """
    return [m.end() for m in _SENTENCE_END.finditer(text)]
