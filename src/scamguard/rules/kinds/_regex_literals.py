"""Strings that a regular expression cannot match without.

``required_strings(r"月\\s*[0-9]+万")`` is ``{"月"}`` (or ``{"万"}``): every match contains
it, so a message without it cannot match and a rule built on the pattern can be skipped.
The analysis reads Python's own parse tree of the pattern; any construct it does not
understand (the ``regex`` module's extensions, case-insensitive flags, back-references)
makes the answer None, which is always safe.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

try:  # Python 3.11+: the parser is private, so guard every use of it
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older or different Pythons
    sre_parse = None
    sre_constants = None

from scamguard.rules.kinds.base import strength

__all__ = ["first_chars", "looks_behind_first", "required_alternatives", "required_clauses", "required_strings"]

_MAX_ALTERNATIVES = 64


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective candidate (see :func:`~scamguard.rules.kinds.base.strength`)."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: strength(frozenset(("text", s) for s in c)))


def _sequence(items: Any) -> frozenset[str] | None:
    """The most selective of the sequence's required sets (see :func:`_necessary`)."""
    found = _necessary(items)
    return None if found is None else _best(found)


def _necessary(items: Any) -> list[frozenset[str]] | None:
    """Sets of strings that every match of the sequence ``items`` needs one member of, each
    of them (a literal run, a group or a repetition of at least one round, a branch, a
    class); None when the sequence holds something not modelled."""
    c = sre_constants
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                return None
            # every requirement of a group is one of the whole; a group with something not
            # modelled inside only tells nothing, what surrounds it still holds
            candidates.extend(_necessary(sub) or ())
            continue
        elif op is c.BRANCH:
            found = _branch(av[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av
            if low >= 1:  # at least one round: what the body needs, the whole needs
                candidates.extend(_necessary(sub) or ())
            continue
        elif op is c.IN:
            found = _charset(av)
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            found = None  # zero-width: requires nothing, forbids nothing we rely on
        elif op in (c.ANY, c.NOT_LITERAL, c.CATEGORY, c.GROUPREF, c.GROUPREF_EXISTS):
            found = None
        else:
            return None  # something we do not model: give up on the whole pattern
        if found is not None:
            candidates.append(found)
    flush()
    return candidates


def _branch(branches: Any) -> frozenset[str] | None:
    union: set[str] = set()
    for b in branches:
        found = _sequence(b)
        if found is None:
            return None
        union |= found
        if len(union) > _MAX_ALTERNATIVES:
            return None
    return frozenset(union)


def _charset(items: Any) -> frozenset[str] | None:
    c = sre_constants
    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        else:
            return None
    return frozenset(chars) if 0 < len(chars) <= _MAX_ALTERNATIVES else None


# The regex module's property classes, which re cannot parse, widened to "any character":
# a pattern that matches more needs no more, so what it still requires, the original does.
_CLASS_WITH_PROPERTY = re.compile(r"\[\^?(?:\\.|[^\]\\])*?\\[pP]\{[^}]*\}(?:\\.|[^\]\\])*\]")
_PROPERTY = re.compile(r"\\[pPX](?:\{[^}]*\})?")


def _widen(pattern: str) -> str:
    return _PROPERTY.sub("(?s:.)", _CLASS_WITH_PROPERTY.sub("(?s:.)", pattern))


@functools.lru_cache(maxsize=2048)
def _parsed(pattern: str) -> Any:
    """Python's parse tree of ``pattern`` with property classes widened, or None (kept: the
    three questions below ask about the same patterns, and parsing is what costs)."""
    if sre_parse is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning means re reads it differently from regex
            parsed = sre_parse.parse(_widen(pattern))
    except Exception:  # the regex module's syntax is wider than re's: no answer, no harm
        return None
    if parsed.state.flags & (sre_constants.SRE_FLAG_IGNORECASE | sre_constants.SRE_FLAG_VERBOSE):
        return None
    return parsed


def required_clauses(pattern: str) -> tuple[frozenset[str], ...]:
    """Every set of strings of which each match of ``pattern`` contains at least one member,
    most selective first: a text that lacks every member of any one set cannot match.

    >>> [sorted(c) for c in required_clauses(r"(?:通さ|介さ)ず[^。]{0,12}(?:依頼|発注)")]
    [['介さ', '通さ'], ['ず'], ['依頼', '発注']]
    >>> required_clauses(r"[0-9]+")
    ()
    """
    parsed = _parsed(pattern)
    found = _necessary(parsed) if parsed is not None else None
    if not found:
        return ()
    clauses = dict.fromkeys(c for c in found if c and all(c))  # an empty string is no requirement
    return tuple(sorted(clauses, key=lambda c: strength(frozenset(("text", s) for s in c)), reverse=True))


def _flat(items: Any) -> list[Any]:
    """The top-level sequence ``items`` with plain groups opened (a group is its sequence)."""
    out: list[Any] = []
    for op, av in items:
        if op is sre_constants.SUBPATTERN and not av[1] and not av[2]:
            out.extend(_flat(av[3]))
        else:
            out.append((op, av))
    return out


def required_alternatives(pattern: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """For a pattern that is an alternation at its top level (``A|B``, or ``x(?:A|B)y``), the
    requirements of each alternative: every match satisfies every set of at least one of
    them (each set: at least one member present). Other patterns give their
    :func:`required_clauses` as the one alternative; ``()`` when nothing is known.

    >>> [[sorted(c) for c in alt] for alt in required_alternatives(r"月利|元本保証|[0-9]+%の(?:利益|配当)")]
    [[['月利']], [['元本保証']], [['%の'], ['利益', '配当']]]
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return ()
    items = _flat(parsed)
    branches = [i for i, (op, _av) in enumerate(items) if op is sre_constants.BRANCH]
    if len(branches) != 1:
        every = required_clauses(pattern)
        return (every,) if every else ()
    at = branches[0]
    common = _necessary(items[:at] + items[at + 1:]) or []
    out = []
    for branch in items[at][1][1]:
        found = common + (_necessary(branch) or [])
        clauses = tuple(dict.fromkeys(c for c in found if c and all(c)))
        if not clauses:
            return ()  # an alternative that needs nothing: nothing is needed
        out.append(clauses)
    return tuple(dict.fromkeys(out))


def required_strings(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or None.

    >>> sorted(required_strings(r"(?:振込|ふりこみ)の?先"))
    ['ふりこみ', '振込']
    >>> sorted(required_strings(r"月\\s*[0-9]+万"))
    ['月']
    >>> required_strings(r"[0-9]+") is None
    True
    >>> required_strings(r"(?i)line") is None
    True
    >>> sorted(required_strings(r"稼[^\\p{L}\\p{N}]?[げぐ]|高収入"))
    ['稼', '高収入']
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    found = _sequence(parsed)
    if found is None or any(not s for s in found):
        return None
    return found



def first_chars(pattern: str) -> tuple[tuple[int, int], ...] | None:
    """The characters every match of ``pattern`` begins with, as ranges of code points
    (ascending, merged), or None when that is not known or a match may be empty.

    >>> first_chars(r"(?<![0-9])(?:[0-9]+|[一二])円|万円を")
    ((48, 57), (19968, 19968), (19975, 19975), (20108, 20108))
    >>> first_chars(r"[0-9]*円") is None, first_chars(r"\\d+") is None, first_chars("a?") is None
    (False, True, True)
    """
    found = _first_of(pattern)
    return None if found is None else found[0]


def looks_behind_first(pattern: str) -> bool:
    """True when a match of ``pattern`` may begin with a look-behind (``(?<![0-9])[0-9]+万``).

    The regex module cannot then skip quickly to where a match may begin and tries the
    look-behind at every position; a look-ahead for :func:`first_chars` in front restores
    the quick scan.

    >>> looks_behind_first(r"[¥￥][0-9]|(?<![0-9])[0-9]+円"), looks_behind_first(r"(?!副業)副")
    (True, False)
    """
    found = _first_of(pattern)
    return found is not None and found[1]


def _first_of(pattern: str) -> tuple[tuple[tuple[int, int], ...], bool] | None:
    parsed = _parsed(pattern)
    found = _first(list(parsed)) if parsed is not None else None
    if found is None or found[1] or not found[0]:
        return None
    ranges: list[tuple[int, int]] = []
    for lo, hi in sorted(found[0]):
        if ranges and lo <= ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], max(hi, ranges[-1][1]))
        else:
            ranges.append((lo, hi))
    return tuple(ranges), found[2]


def _first(items: Any) -> tuple[set[tuple[int, int]], bool, bool] | None:
    """The ranges of characters a match of the sequence ``items`` may begin with, whether it
    may be empty, and whether a look-behind may come before its first character; None for
    anything not modelled. Look-arounds and anchors consume nothing, so they are passed
    over (what follows them still decides the first character)."""
    c = sre_constants
    found: set[tuple[int, int]] = set()
    behind = False
    for op, av in items:
        if op is c.LITERAL:
            found.add((av, av))
            return found, False, behind
        if op is c.IN:
            ranges = _ranges(av)
            if ranges is None:
                return None
            found |= ranges
            return found, False, behind
        if op in (c.ASSERT, c.ASSERT_NOT):
            behind = behind or av[0] < 0
            continue
        if op is c.AT:
            continue
        sub: tuple[set[tuple[int, int]], bool, bool] | None
        if op is c.SUBPATTERN:
            if av[1] or av[2]:  # flags of its own (case, verbose...): not modelled
                return None
            sub = _first(av[3])
        elif op is c.ATOMIC_GROUP:
            sub = _first(av)
        elif op is c.BRANCH:
            subs = [_first(branch) for branch in av[1]]
            known = [s for s in subs if s is not None]
            if len(known) < len(subs):
                return None
            sub = (set().union(*(s[0] for s in known)), any(s[1] for s in known), any(s[2] for s in known))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            least, _most, item = av
            inner = _first(item)
            sub = None if inner is None else (inner[0], inner[1] or least == 0, inner[2])
        else:
            return None
        if sub is None:
            return None
        found |= sub[0]
        behind = behind or sub[2]
        if not sub[1]:
            return found, False, behind
    return found, True, behind


def _ranges(items: Any) -> set[tuple[int, int]] | None:
    """The code point ranges of a character class of plain characters and ranges."""
    c = sre_constants
    out: set[tuple[int, int]] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add((av, av))
        elif op is c.RANGE:
            out.add((av[0], av[1]))
        else:  # a negated class, a category (\d, \s): not modelled
            return None
    return out
