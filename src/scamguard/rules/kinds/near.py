"""``near`` and ``sentence``: conditions that must hold close to one another.

``near: [A, B, …]`` with ``within: N`` is true where some span of A has, for every other
condition, a span at most N tokens away. ``sentence: [A, B, …]`` is true where all of them
have a span in one sentence (sentences end at 。!? or a line break). Both give, as their
spans, the stretch from the first to the last of the spans that satisfied them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable
from functools import partial
from operator import itemgetter
from typing import Any

from scamguard.rules.doc import Doc, Span, Spans
from scamguard.rules.kinds.base import Atom, Condition, Loader
from scamguard.rules.kinds.logic import every_alternative, every_clause, every_requirement

OPTIONS_NEAR: dict[str, str] = {"within": "how many tokens apart the matches may be (default 10)"}
OPTIONS_SENTENCE: dict[str, str] = {}
DEFAULT_WITHIN = 10
_start = itemgetter(0)


def _cheapest_first(children: tuple[Condition, ...]) -> tuple[int, ...]:
    """The indices of ``children``, cheapest first (worked out once, when compiling)."""
    return tuple(sorted(range(len(children)), key=lambda i: children[i].cost))


def _gather(children: tuple[Condition, ...], order: tuple[int, ...], doc: Doc) -> list[list[Span]] | None:
    """Every child's spans, in the children's order; None as soon as one has none.

    Children are evaluated in ``order``, cheapest first, so a costly child (tokens) is not
    evaluated when a cheap one already fails."""
    results: dict[int, list[Span]] = {}
    for i in order:
        got = children[i].evaluate(doc)
        if not got:  # false, or true at no place: proximity needs places
            return None
        results[i] = got
    return [results[i] for i in range(len(children))]


class Near(Condition):
    """Every child matches within ``within`` tokens of the first child's match."""

    cost = 3

    def __init__(self, children: list[Condition], within: int) -> None:
        self.children = tuple(children)
        self.order = _cheapest_first(self.children)
        self.within = within
        self.cost = max(2, *(c.cost for c in children))  # token distances need tokens

    @property
    def key(self) -> Hashable:
        return ("near", self.within, tuple(c.key for c in self.children))

    def compute(self, doc: Doc) -> Spans:
        results = _gather(self.children, self.order, doc)
        if results is None:
            return None
        token_at = doc.token_at

        def tokens(s: Span) -> tuple[int, int]:
            return token_at(s[0]), token_at(max(s[0], s[1] - 1))

        # each other condition's spans by first token, so that an anchor looks only at the
        # spans that can be close to it: linear in the matches, not their product
        indexed = []
        for others in results[1:]:
            placed = sorted((*tokens(s), i, s) for i, s in enumerate(others))
            longest = max(last - first for first, last, _, _ in placed)
            indexed.append(([p[0] for p in placed], placed, longest))
        out: list[Span] = []
        for anchor in results[0]:
            a_first, a_last = tokens(anchor)
            chosen = [anchor]
            for firsts, placed, longest in indexed:
                best: tuple[int, int, Span] | None = None  # (gap, original order, span)
                lo = bisect_left(firsts, a_first - self.within - longest)
                hi = bisect_right(firsts, a_last + self.within)
                for s_first, s_last, i, s in placed[lo:hi]:
                    gap = max(0, s_first - a_last, a_first - s_last)
                    if gap <= self.within and (best is None or (gap, i) < best[:2]):
                        best = (gap, i, s)
                if best is None:
                    break
                chosen.append(best[2])
            else:
                out.append((min(s[0] for s in chosen), max(s[1] for s in chosen)))
        return sorted(set(out)) or None

    def describe(self) -> str:
        return f"within {self.within} tokens: " + "; ".join(c.describe() for c in self.children)

    def requirement(self) -> frozenset[Atom] | None:
        return every_requirement(self.children)

    def clauses(self) -> tuple[frozenset[Atom], ...]:
        return every_clause(self.children)

    def alternatives(self) -> tuple[tuple[frozenset[Atom], ...], ...]:
        return every_alternative(self.children)


class Sentence(Condition):
    """Every child matches in the same sentence."""

    cost = 3

    def __init__(self, children: list[Condition]) -> None:
        self.children = tuple(children)
        self.order = _cheapest_first(self.children)
        self.cost = max(c.cost for c in children)

    @property
    def key(self) -> Hashable:
        return ("sentence", tuple(c.key for c in self.children))

    def compute(self, doc: Doc) -> Spans:
        results = _gather(self.children, self.order, doc)
        if results is None:
            return None
        # the sentence of every span, found in C; most messages share no sentence between
        # the children, and are done with once the sentences are compared
        locate = partial(bisect_right, doc.sentence_ends)
        sentences = [list(map(locate, map(_start, spans))) for spans in results]
        common = set(sentences[0])
        for ids in sentences[1:]:
            common.intersection_update(ids)
            if not common:
                return None
        out = []
        for sid in sorted(common):
            members = [s for spans, ids in zip(results, sentences, strict=True)
                       for s, i in zip(spans, ids, strict=True) if i == sid]
            out.append((min(s[0] for s in members), max(s[1] for s in members)))
        return out or None

    def describe(self) -> str:
        return "in one sentence: " + "; ".join(c.describe() for c in self.children)

    def requirement(self) -> frozenset[Atom] | None:
        return every_requirement(self.children)

    def clauses(self) -> tuple[frozenset[Atom], ...]:
        return every_clause(self.children)

    def alternatives(self) -> tuple[tuple[frozenset[Atom], ...], ...]:
        return every_alternative(self.children)


def _children(value: Any, loader: Loader, container: object, key: object) -> list[Condition] | None:
    if not isinstance(value, list) or len(value) < 2:
        loader.problem(container, key, f"{key} takes a list of at least two conditions")
        return None
    children = [loader.condition(v, value, i) for i, v in enumerate(value)]
    if any(c is None for c in children):
        return None
    return [c for c in children if c is not None]


def parse_near(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    within = options.get("within", DEFAULT_WITHIN)
    if isinstance(within, bool) or not isinstance(within, int) or within < 0:
        loader.problem(
            options if "within" in options else container,
            "within" if "within" in options else key,
            "within takes a whole number of tokens, e.g. within: 8",
        )
        return None
    children = _children(value, loader, container, key)
    return Near(children, within) if children is not None else None


def parse_sentence(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    children = _children(value, loader, container, key)
    return Sentence(children) if children is not None else None
