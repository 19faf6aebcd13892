"""``all``, ``any`` and ``not``: combining conditions.

``all`` runs its children cheapest first and stops at the first false one, so costly
conditions (tokens) run only for messages that passed the cheap ones.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from scamguard.rules.doc import Doc, Span, Spans
from scamguard.rules.kinds.base import MAX_ALTERNATIVES, Atom, Condition, Loader, strength

OPTIONS: dict[str, str] = {}


def every_clause(children: tuple[Condition, ...]) -> tuple[frozenset[Atom], ...]:
    """The clauses of conditions that must all hold: every child's clauses."""
    return tuple(dict.fromkeys(c for child in children for c in child.clauses()))


def every_alternative(children: tuple[Condition, ...]) -> tuple[tuple[frozenset[Atom], ...], ...]:
    """The ways conditions that must all hold can be true: one way of each child, together;
    the single way of :func:`every_clause` when there would be too many."""
    ways: list[tuple[frozenset[Atom], ...]] = [()]
    for child in children:
        options = child.alternatives()
        if len(ways) * len(options) > MAX_ALTERNATIVES:
            return (every_clause(children),)
        ways = [tuple(dict.fromkeys(a + b)) for a in ways for b in options]
    return tuple(dict.fromkeys(ways))


def every_requirement(children: tuple[Condition, ...]) -> frozenset[Atom] | None:
    """The requirement of conditions that must all hold: any one child's requirement is
    necessary, so take the most selective known one."""
    known = [req for c in children if (req := c.requirement()) is not None]
    return max(known, key=strength) if known else None


class _Combination(Condition):
    """Conditions over a list of children, kept cheapest first."""

    cost = 3
    name = ""

    def __init__(self, children: list[Condition]) -> None:
        self.children = tuple(sorted(children, key=lambda c: c.cost))
        self.cost = max(c.cost for c in self.children)

    @property
    def key(self) -> Hashable:
        return (self.name, tuple(c.key for c in self.children))


class All(_Combination):
    """True when every child is; spans are all the children's spans."""

    name = "all"

    def compute(self, doc: Doc) -> Spans:
        spans: list[Span] = []
        for child in self.children:
            got = child.evaluate(doc)
            if got is None:
                return None
            spans.extend(got)
        return sorted(set(spans))

    def describe(self) -> str:
        return "all of: " + "; ".join(c.describe() for c in self.children)

    def requirement(self) -> frozenset[Atom] | None:
        return every_requirement(self.children)

    def clauses(self) -> tuple[frozenset[Atom], ...]:
        return every_clause(self.children)

    def alternatives(self) -> tuple[tuple[frozenset[Atom], ...], ...]:
        return every_alternative(self.children)


class Any_(_Combination):
    """True when at least one child is; spans of every true child."""

    name = "any"

    def compute(self, doc: Doc) -> Spans:
        spans: list[Span] = []
        true = False
        for child in self.children:
            got = child.evaluate(doc)
            if got is not None:
                true = True
                spans.extend(got)
        return sorted(set(spans)) if true else None

    def describe(self) -> str:
        return "any of: " + "; ".join(c.describe() for c in self.children)

    def requirement(self) -> frozenset[Atom] | None:
        found: set[Atom] = set()
        for c in self.children:
            req = c.requirement()
            if req is None:
                return None
            found |= req
        return frozenset(found)

    def alternatives(self) -> tuple[tuple[frozenset[Atom], ...], ...]:
        ways = tuple(dict.fromkeys(way for c in self.children for way in c.alternatives()))
        if () in ways:
            return ((),)  # a child that needs nothing: neither does the whole
        return ways if len(ways) <= MAX_ALTERNATIVES else (self.clauses(),)


class Not(Condition):
    """True, at no particular place, when its child is false."""

    cost = 3

    def __init__(self, child: Condition) -> None:
        self.child = child
        self.cost = child.cost

    @property
    def key(self) -> Hashable:
        return ("not", self.child.key)

    def compute(self, doc: Doc) -> Spans:
        return [] if self.child.evaluate(doc) is None else None

    def describe(self) -> str:
        return f"not ({self.child.describe()})"


def _children(value: Any, loader: Loader, container: object, key: object) -> list[Condition] | None:
    if not isinstance(value, list) or not value:
        loader.problem(container, key, f"{key} takes a list of conditions (each starting with '- ')")
        return None
    children = [loader.condition(v, value, i) for i, v in enumerate(value)]
    if any(c is None for c in children):
        return None
    return [c for c in children if c is not None]


def parse_all(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    children = _children(value, loader, container, key)
    if children is None:
        return None
    return children[0] if len(children) == 1 else All(children)


def parse_any(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    children = _children(value, loader, container, key)
    if children is None:
        return None
    return children[0] if len(children) == 1 else Any_(children)


def parse_not(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    child = loader.condition(value, container, key)
    return Not(child) if child is not None else None
