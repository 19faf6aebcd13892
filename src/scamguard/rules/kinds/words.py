"""``words``: words matched on token boundaries, by dictionary form or by surface.

One entry matches every inflection of a word (教える matches 教えて, 教えてください, お教え
いただけますか), because tokens are compared by lemma as well as surface. An entry that the
tokenizer splits (チャットワーク → チャット + ワーク) matches where the whole entry starts and
ends on token boundaries, so ライン does not match inside ガイドライン's neighbours by accident.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from scamguard.rules.doc import Doc, Spans
from scamguard.rules.kinds.base import Condition, Loader

KEY = "words"
OPTIONS: dict[str, str] = {}
DOC = "true where one of the words occurs as whole tokens (any inflection): words: [教える, $request_verbs]"


class Words(Condition):
    """Matches any of ``words`` on token boundaries, by lemma or surface."""

    cost = 2

    def __init__(self, words: list[str]) -> None:
        self.words = tuple(sorted(set(words)))

    @property
    def key(self) -> Hashable:
        return (KEY, self.words)

    def compute(self, doc: Doc) -> Spans:
        text = doc.text
        tokens = doc.tokens
        index = doc.by_lemma
        starts, ends = doc.boundaries
        spans: set[tuple[int, int]] = set()
        for w in self.words:
            for i in index.get(w, ()):
                spans.add((tokens[i].start, tokens[i].end))
            at = text.find(w)
            while at >= 0:
                end = at + len(w)
                if at in starts and end in ends:
                    spans.add((at, end))
                at = text.find(w, at + 1)
        return sorted(spans) if spans else None

    def describe(self) -> str:
        return f"words: {', '.join(self.words)}"


def parse(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    words = loader.words(value, container, key)
    return Words(words) if words else None
