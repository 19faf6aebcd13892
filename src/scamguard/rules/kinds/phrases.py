"""``phrases``: plain substrings of the normalized text, anywhere (no token boundaries).

The cheapest condition: use it for distinctive strings (仮払い, 定員に達し) and as the anchor
that lets a message skip tokenization when none of a rule's phrases occurs.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from scamguard.rules.doc import Doc, Spans
from scamguard.rules.kinds.base import Atom, Condition, Loader

KEY = "phrases"
OPTIONS: dict[str, str] = {}
DOC = "true where one of the strings occurs anywhere in the normalized text: phrases: [仮払い前, $fee_words]"


class Phrases(Condition):
    """Matches any of ``phrases`` as substrings."""

    cost = 0

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = tuple(sorted(set(phrases)))
        self._set = frozenset(self.phrases)

    @property
    def key(self) -> Hashable:
        return (KEY, self.phrases)

    def compute(self, doc: Doc) -> Spans:
        hits = doc.phrase_hits
        if hits is not None:  # the rule plan already found every phrase in one pass
            # the phrases found: a set intersection, which runs over the smaller side in C
            own = self._set.intersection(hits) if len(hits) < len(self.phrases) else hits.keys() & self._set
            found = [(at, at + len(p)) for p in own for at in hits[p]]
            return sorted(found) if found else None
        text = doc.text
        spans = []
        for p in self.phrases:
            at = text.find(p)
            while at >= 0:
                spans.append((at, at + len(p)))
                at = text.find(p, at + 1)
        return sorted(spans) if spans else None

    def describe(self) -> str:
        return f"phrases: {', '.join(self.phrases)}"

    def requirement(self) -> frozenset[Atom] | None:
        return frozenset(("text", p) for p in self.phrases)


def parse(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    phrases = loader.words(value, container, key)
    return Phrases(phrases) if phrases else None
