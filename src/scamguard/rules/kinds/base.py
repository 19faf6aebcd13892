"""What every condition kind provides, and the loader services a kind may use."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable
from typing import Any, Protocol

from scamguard.rules.doc import Doc, Spans

__all__ = ["Atom", "Condition", "Loader"]

#: ("text", string) or ("entity", label): see :meth:`Condition.requirement`.
Atom = tuple[str, str]


class Loader(Protocol):
    """The part of the rules loader that condition kinds use while compiling."""

    def problem(self, container: object, key: object, message: str) -> None:
        """Record a mistake at ``container[key]``."""

    def words(self, value: Any, container: object, key: object) -> list[str] | None:
        """A list of words, with ``$name`` references to named lists expanded and normalized."""

    def condition(self, value: Any, container: object, key: object) -> Condition | None:
        """Compile a nested condition."""

    def named(self, name: str, container: object, key: object) -> Condition | None:
        """The condition defined as ``name`` under ``conditions:``."""

    @property
    def regex_timeout(self) -> float:
        """Seconds a single regex may run on one message."""


class Condition(ABC):
    """A compiled condition: true or false on a message, with the spans that made it true.

    ``cost`` orders the children of ``all`` so that cheap tests run first and the costly
    ones (tokens) run only when still needed: 0 text, 1 entities, 2 tokens, 3 composite.
    """

    cost: int = 0

    @property
    @abstractmethod
    def key(self) -> Hashable:
        """A canonical, hashable description: equal conditions share one result per message."""

    @abstractmethod
    def compute(self, doc: Doc) -> Spans:
        """Evaluate on ``doc`` (called once per message per distinct ``key``)."""

    def evaluate(self, doc: Doc) -> Spans:
        """The result on ``doc``, memoized per message."""
        return doc.cached(self.key, self.compute)

    def describe(self) -> str:
        """One line for ``scamguard rules explain``."""
        return repr(self.key)

    def requirement(self) -> frozenset[Atom] | None:
        """Things of which at least one must be present for this condition to be true, or
        None when no such set is known.

        An atom is ``("text", s)``: the string ``s`` occurs in the normalized text, or
        ``("entity", label)``: an entity with that label was detected. The engine skips a
        rule whose requirement is known and entirely absent, which is exact: such a rule
        cannot fire. Unknown (None) is always safe.
        """
        return None
