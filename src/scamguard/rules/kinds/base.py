"""What every condition kind provides, and the loader services a kind may use."""

from __future__ import annotations

import functools
import threading
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterator
from typing import Any, Protocol

from scamguard.rules.doc import Doc, Spans

__all__ = ["MAX_ALTERNATIVES", "Atom", "Condition", "Loader", "walk"]

#: ("text", string) or ("entity", label): see :meth:`Condition.requirement`.
Atom = tuple[str, str]

#: the most ways (see :meth:`Condition.alternatives`) a condition keeps; beyond, one way
MAX_ALTERNATIVES = 64

_KEY_IDS: dict[Hashable, int] = {}
_KEY_LOCK = threading.Lock()


# words in nearly every polite marketplace message: a requirement built on them skips little
_COMMON = (
    "お願い", "ください", "下さい", "いただ", "頂", "します", "ます", "です", "こちら", "よろしく", "確認", "連絡",
    "報酬", "仕事", "作業", "記事", "契約", "仮払い", "払い", "支払", "納品", "依頼", "予定", "作成", "送",
)


def _char_weight(ch: str) -> int:
    return 1 if ("\u3040" <= ch <= "\u309f" or ch.isascii()) else 3


# a plan weighs the same atoms many times over (they recur across rules and their ways)
@functools.lru_cache(maxsize=8192)
def atom_weight(atom: Atom) -> int:
    """How rare an atom is likely to be in an ordinary message: longer strings and kanji or
    katakana weigh more; hiragana, ASCII and the commonest polite words weigh little."""
    kind, value = atom
    if kind == "entity":
        return 2 if value == "money" else 6
    if len(value) <= 4 and any(w in value for w in _COMMON):
        return 1
    return sum(_char_weight(ch) for ch in value)


def strength(clause: frozenset[Atom]) -> tuple[int, int]:
    """How selective a clause is: its likeliest atom's weight, then fewer atoms."""
    return min((atom_weight(a) for a in clause), default=0), -len(clause)


def walk(condition: Condition) -> Iterator[Condition]:
    """``condition`` and every condition nested in it, depth first."""
    yield condition
    for part in condition.parts():
        yield from walk(part)


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

    _memo_key: int | None = None

    @property
    def memo_key(self) -> int:
        """A small number standing for :attr:`key`: equal keys get equal numbers, and a
        number hashes far faster than a nested key, on every evaluation of every message."""
        found = self._memo_key
        if found is None:
            with _KEY_LOCK:
                found = _KEY_IDS.setdefault(self.key, len(_KEY_IDS))
            self._memo_key = found
        return found

    def __getstate__(self) -> dict[str, Any]:
        """The condition's state for pickling, without :attr:`memo_key`: those numbers are
        handed out per process, so one carried into another process could equal the number
        of a different condition there and share its results."""
        state = dict(self.__dict__)
        state.pop("_memo_key", None)
        return state

    def evaluate(self, doc: Doc) -> Spans:
        """The result on ``doc``, memoized per message."""
        key = self._memo_key
        if key is None:
            key = self.memo_key
        memo = doc.memo
        # most conditions are asked once per message: a test costs less than a raised KeyError
        if key in memo:
            return memo[key]
        result = memo[key] = self.compute(doc)
        return result

    def parts(self) -> tuple[Condition, ...]:
        """The conditions nested directly in this one."""
        children = getattr(self, "children", None)
        if isinstance(children, tuple):
            return tuple(c for c in children if isinstance(c, Condition))
        child = getattr(self, "child", None)
        return (child,) if isinstance(child, Condition) else ()

    def describe(self) -> str:
        """One line for ``scamguard rules explain``."""
        return repr(self.key)

    def clauses(self) -> tuple[frozenset[Atom], ...]:
        """Requirements that must *all* hold (each: at least one of its atoms present).

        By default the single :meth:`requirement`, if known; conditions that need all of
        their parts (``all``, ``near``, ``sentence``) give one clause per part, which lets
        the engine skip a rule as soon as any one part cannot hold.
        """
        req = self.requirement()
        return () if req is None else (req,)

    def alternatives(self) -> tuple[tuple[frozenset[Atom], ...], ...]:
        """Ways the condition can be true, each a set of clauses that must all hold (as in
        :meth:`clauses`): the condition is false unless the clauses of at least one way all
        hold. By default the one way, :meth:`clauses`; ``any`` offers each child's ways, and
        a pattern that is an alternation each of its alternatives'.
        """
        return (self.clauses(),)

    def requirement(self) -> frozenset[Atom] | None:
        """Things of which at least one must be present for this condition to be true, or
        None when no such set is known.

        An atom is ``("text", s)``: the string ``s`` occurs in the normalized text, or
        ``("entity", label)``: an entity with that label was detected. The engine skips a
        rule whose requirement is known and entirely absent, which is exact: such a rule
        cannot fire. Unknown (None) is always safe.
        """
        return None
