"""``regex``: a regular expression on the normalized text (NFKC, lower case).

Patterns use the ``regex`` module's syntax (``\\p{Katakana}``, variable-length look-behind).
A moderator's pattern is a risk to the send path, so it is guarded twice: at load, a pattern
whose shape can backtrack catastrophically (``(a+)+$``, ``(a|aa)*b``) is refused with its
location and a rewrite (:func:`backtracking_risk`); at send, each search runs under a time
budget, and a pattern that exceeds it raises ``TimeoutError``, which the engine reports
against the rule (fail closed) instead of hanging.
"""

from __future__ import annotations

import importlib
import itertools
import math
import time
from collections.abc import Hashable, Iterator
from typing import Any

import regex

from scamguard.rules.doc import Doc, Spans
from scamguard.rules.kinds._regex_literals import (
    first_chars,
    looks_behind_first,
    required_alternatives,
    required_clauses,
    required_strings,
)
from scamguard.rules.kinds.base import Atom, Condition, Loader, strength

KEY = "regex"
OPTIONS: dict[str, str] = {}
DOC = "true where the regular expression matches the normalized text: regex: '月\\s*[0-9]+万'"


#: seconds of search budget per character of text, on top of ``regex_timeout_ms``: the
#: regex module scans 10 to 50 ns a character, so an honest pattern on a long text (or on a
#: busy machine, since the budget is wall-clock time) keeps a wide margin, while a pattern
#: that backtracks catastrophically still runs out of it, at a cost linear in the text
PER_CHAR_TIMEOUT = 1e-6

#: the least weight (:func:`~scamguard.rules.kinds.base.atom_weight`) of a needed string
#: worth looking for before running a pattern
_SELECTIVE = 2


def _selective(clause: frozenset[str]) -> bool:
    return strength(frozenset(("text", s) for s in clause))[0] >= _SELECTIVE


#: how many times a search cut off by the clock, though short of its CPU budget, is retried
#: with four times the clock budget (threads or processes competing for the cores)
_RETRIES = 2


def search_all(pattern: regex.Pattern[str], text: str, budget: float) -> list[regex.Match[str]]:
    """Every match of ``pattern`` in ``text``, within ``budget`` seconds of this thread's CPU time.

    The regex module's ``timeout`` counts time on the clock, which on a busy machine includes
    the turns of other threads: a search stopped by the clock before using its CPU budget is
    run again with more clock time, so a loaded server does not hold honest messages, while a
    pattern that really runs away still raises ``TimeoutError`` (after at most 21 × ``budget``
    on the clock, and ``budget`` when the machine is idle).

    >>> [m.span() for m in search_all(regex.compile("a+"), "baaab a", 0.05)]
    [(1, 4), (6, 7)]
    """
    spent = time.thread_time()
    clock = budget
    for _attempt in range(_RETRIES + 1):
        try:
            return list(pattern.finditer(text, timeout=clock))
        except TimeoutError:
            if time.thread_time() - spent >= budget:
                raise
            clock *= 4
    raise TimeoutError("regex timed out")


def searched_source(source: str) -> str:
    """The form of ``source`` that screening searches with: the same matches, found faster.

    A pattern whose match may begin with a look-behind (``(?<![0-9])[0-9]+万``) makes the
    regex module try the look-behind at every position of the text; a look-ahead for the
    characters every match begins with, in front, lets it skip to where a match may begin.
    Every match begins with one of those characters and none is empty, so the matches are
    the same; any other pattern is searched as written.

    >>> searched_source("(?<![0-9])[0-9]+万").endswith("])(?:(?<![0-9])[0-9]+万)")
    True
    >>> searched_source("月[0-9]+万")
    '月[0-9]+万'
    """
    if source.startswith("(?") and source[2:3].isalpha():
        return source  # inline flags apply from the start of the pattern: leave it as written
    firsts = first_chars(source) if looks_behind_first(source) else None
    if firsts is None:
        return source
    chars = "".join(rf"\U{lo:08x}" if lo == hi else rf"\U{lo:08x}-\U{hi:08x}" for lo, hi in firsts)
    return f"(?=[{chars}])(?:{source})"


class Regex(Condition):
    """Matches a compiled pattern, with a per-search timeout that grows with the text."""

    cost = 0

    def __init__(self, source: str, pattern: regex.Pattern[str] | None, timeout: float) -> None:
        self.source = source
        self._searched = searched_source(source)
        # the pattern given was compiled from the source as written: keep it unless the
        # search form differs (then compile that form when first needed)
        self._pattern = pattern if self._searched == source else None
        self.timeout = timeout
        #: sets of strings each of which a match needs one member of, most selective first
        # (only those that an ordinary message may well lack: a set holding a single kana or
        # a polite word is in nearly every message, and looking for it costs more than it saves)
        self.needs: tuple[frozenset[str], ...] = tuple(c for c in required_clauses(source) if _selective(c))
        #: for a pattern that is an alternation, the selective needs of each alternative (a
        #: match satisfies those of one of them); () when some alternative has none
        ways = tuple(tuple(c for c in way if _selective(c)) for way in required_alternatives(source))
        self.ways: tuple[tuple[frozenset[str], ...], ...] = ways if len(ways) > 1 and all(ways) else ()
        #: every string in :attr:`needs` and :attr:`ways`: the rule plan's scan looks for them all
        self.needed_strings: frozenset[str] = frozenset().union(*self.needs, *(c for way in self.ways for c in way))
        self._covered: frozenset[str] | None = None
        # worked out now and kept with the compiled rules: a rule set read back from the
        # command's cache then builds its plans without parsing any pattern again
        self._required = required_strings(source)

    @property
    def pattern(self) -> regex.Pattern[str]:
        """The compiled pattern (compiled on first use after unpickling: a rule set read
        back from a cache compiles only the patterns that messages make it run)."""
        found = self._pattern
        if found is None:
            found = self._pattern = regex.compile(self._searched, regex.VERSION1)
        return found

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state["_pattern"] = None  # a pickled pattern is compiled again on loading: do it when needed
        state["_covered"] = None
        return state

    def _covers(self, scanned: frozenset[str]) -> bool:
        """True when a scan for ``scanned`` looks for every needed string (remembered for the
        last set seen: a plan's set is one object for all its messages)."""
        if self.needed_strings <= scanned:
            self._covered = scanned
            return True
        return False

    @property
    def key(self) -> Hashable:
        return (KEY, self.source)

    def compute(self, doc: Doc) -> Spans:
        hits = doc.phrase_hits
        if hits is not None and self.needs and (doc.scanned is self._covered or self._covers(doc.scanned)):
            # the plan's scan looked for every needed string: a missing one rules out a match
            # without running the pattern (exact, like the plan's own skipping of rules)
            found = hits.keys()
            for clause in self.needs:
                if found.isdisjoint(clause):
                    return None
            if self.ways and all(any(found.isdisjoint(c) for c in way) for way in self.ways):
                return None
        matches = search_all(self.pattern, doc.text, self.timeout + PER_CHAR_TIMEOUT * len(doc.text))
        spans = [m.span() for m in matches if m.end() > m.start()]
        return spans or None

    def describe(self) -> str:
        return f"regex: {self.source}"

    def requirement(self) -> frozenset[Atom] | None:
        found = self._required
        return None if found is None else frozenset(("text", s) for s in found)

    def clauses(self) -> tuple[frozenset[Atom], ...]:
        req = self.requirement()
        found = [frozenset(("text", s) for s in clause) for clause in self.needs]
        return tuple(dict.fromkeys(found if req is None else [req, *found]))

    def alternatives(self) -> tuple[tuple[frozenset[Atom], ...], ...]:
        every = self.clauses()
        if not self.ways:
            return (every,)
        return tuple(tuple(dict.fromkeys(every + tuple(frozenset(("text", s) for s in c) for c in way)))
                     for way in self.ways)


def parse(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    if not isinstance(value, str) or not value:
        loader.problem(container, key, "a regex must be a non-empty string; quote it with single quotes")
        return None
    try:
        pattern = regex.compile(value, regex.VERSION1)
    except regex.error as e:
        loader.problem(container, key,
                       f"invalid regex {value!r}: {e}; fix the pattern (test it with: scamguard check --rules FILE 'text')")
        return None
    if pattern.search("") is not None and pattern.fullmatch("") is not None and not value.strip("^$"):
        loader.problem(container, key, f"regex {value!r} matches the empty string everywhere; make it match something")
        return None
    risk = backtracking_risk(value)
    if risk is not None:
        loader.problem(container, key, f"regex may backtrack catastrophically: {risk}")
        return None
    return Regex(value, pattern, loader.regex_timeout)


# -- static check: patterns that can backtrack catastrophically --------------------------
#
# A backtracking engine takes exponential (or high polynomial) time when one stretch of text
# can be matched in many ways and the match then fails: ``(a+)+$`` splits a run of a's among
# the repetitions in 2**n ways, ``(a|aa)*b`` chooses between its alternatives at every a.
# The check walks the ``regex`` module's own parse tree (its parser is private, so any
# surprise in it means "no opinion", never a failed load) and refuses two shapes under a
# repetition: a nested repetition whose characters can also be read by what follows it, and
# alternatives that can match the same text. The per-search timeout stays the backstop for
# whatever slips through.

#: the regex module's parser; private, so every use of it is guarded
_CORE: Any
try:
    _CORE = importlib.import_module("regex._regex_core")
except ImportError:  # pragma: no cover - the regex module has always shipped it
    _CORE = None

#: ways per position beyond which a bounded nested repetition counts as explosive
_EXPLOSIVE = 1_000
#: a repetition body is expanded into at most this many plain sequences
_MAX_ALTERNATIVES = 64
#: characters every pattern is probed with, beside its own literals: Latin, digits,
#: punctuation, spaces, kana, kanji, full-width forms, Cyrillic, emoji
_PROBES = "aAzZ09_ -.,:;/@#=+\n\t\r\u3000\u200bあアー漢。、！？０ａа😀"
_LEAVES = frozenset({"Character", "Property", "Range", "SetUnion", "SetDiff", "SetInter", "SetSymDiff",
                     "Any", "AnyAll", "AnyU"})
_LINE_BREAKS = frozenset(map(ord, "\n\r\x0b\x0c\x85\u2028\u2029"))


def backtracking_risk(source: str, flags: int = regex.VERSION1) -> str | None:
    """Why ``source`` may backtrack catastrophically, or None when no such shape is seen.

    >>> backtracking_risk("(a+)+$")
    'nested quantifier (a+)+; rewrite as a+'
    >>> print(backtracking_risk("(a|aa)*b"))  # doctest: +NORMALIZE_WHITESPACE
    overlapping alternatives 'a' and 'aa' under the quantifier in (a|aa)*;
    make them exclusive (one character class, or different first characters)
    >>> print(backtracking_risk("(.*a){20}"))  # doctest: +NORMALIZE_WHITESPACE
    nested quantifier .* in (.*a){20} can also match 'a' that follows it;
    narrow it so that it cannot (e.g. [^a]* instead of .*), or make it possessive (.*+)
    >>> backtracking_risk("[a-z]+(?:[-_][a-z0-9]+)*") is None
    True
    """
    if _CORE is None:
        return None
    try:
        return _Analysis(_parse_tree(source, flags)).risk()
    except Exception:  # a private parser: no opinion rather than a broken load
        return None


def _parse_tree(source: str, flags: int) -> Any:
    """The regex module's parse tree of ``source`` (unoptimized: alternations stay as written)."""
    for _attempt in range(2):
        src = _CORE.Source(source)
        info = _CORE.Info(flags, src.char_type, {})
        info.guess_encoding = _CORE.UNICODE
        src.ignore_space = bool(info.flags & regex.VERBOSE)
        try:
            return _CORE._parse_pattern(src, info)
        except _CORE._UnscopedFlagSet:  # a global flag such as (?x) in mid-pattern: parse again with it
            flags = info.global_flags
    raise ValueError("flags did not settle")


def _kind(node: Any) -> str:
    return type(node).__name__


def _is_zero_width(node: Any) -> bool:
    return isinstance(node, _CORE.ZeroWidthBase) or _kind(node) in ("LookAround", "GraphemeBoundary")


def _backtracks(node: Any) -> bool:
    """A repetition that gives characters back when what follows it fails: a variable count."""
    return _kind(node) in ("GreedyRepeat", "LazyRepeat") and (node.max_count is None or node.max_count > node.min_count)


def _repeats(node: Any) -> bool:
    """A repetition of more than one round, whose rounds can split a text among them."""
    return _kind(node) in ("GreedyRepeat", "LazyRepeat") and (node.max_count is None or node.max_count >= 2)


def _choices(rep: Any) -> float:
    return math.inf if rep.max_count is None else float(rep.max_count - rep.min_count + 1)


def _reps(rep: Any) -> float:
    return math.inf if rep.max_count is None else float(rep.max_count)


def _children(node: Any) -> list[Any]:
    out: list[Any] = []
    for name in ("items", "branches", "subpattern", "yes_item", "no_item"):
        value = getattr(node, name, None)
        if isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, _CORE.RegexBase))
        elif isinstance(value, _CORE.RegexBase):
            out.append(value)
    return out


def _opened(node: Any) -> list[Any]:
    """``node`` as a flat sequence with groups opened (alternations kept whole)."""
    kind = _kind(node)
    if kind == "Sequence":
        return [x for item in node.items for x in _opened(item)]
    if kind == "Group":
        return _opened(node.subpattern)
    return [node]


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if _kind(node) in _LEAVES:
        return
    for child in _children(node):
        yield from _walk(child)


class _Analysis:
    """Character sets, first characters and emptiness of parse-tree nodes, over a fixed set of
    probe characters (the pattern's own literals and range ends, plus :data:`_PROBES`)."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        probes = set(map(ord, _PROBES))
        for node in _walk(tree):
            if _kind(node) == "Character":
                probes.update((node.value, max(0, node.value - 1), min(0x10FFFF, node.value + 1)))
            elif _kind(node) == "Range":
                probes.update((node.lower, node.upper, min(node.upper, node.lower + 1), max(node.lower, node.upper - 1)))
        self.universe = frozenset(p for p in probes if not 0xD800 <= p <= 0xDFFF)
        self._leaves: dict[int, frozenset[int]] = {}
        self._positions: dict[int, tuple[list[frozenset[int]], bool]] = {}

    # -- what a node can read -------------------------------------------------------------
    def leaf(self, node: Any) -> frozenset[int]:
        """The probes a one-character node matches."""
        found = self._leaves.get(id(node))
        if found is None:
            found = self._leaves[id(node)] = self._leaf(node)
        return found

    def _leaf(self, node: Any) -> frozenset[int]:
        kind = _kind(node)
        if kind == "AnyAll":
            return self.universe
        if kind == "Any":
            return frozenset(c for c in self.universe if c != 10)
        if kind == "AnyU":
            return self.universe - _LINE_BREAKS
        fold = bool(getattr(node, "case_flags", 0) & _CORE.IGNORECASE)

        def hit(c: int) -> bool:
            if node.matches(c):
                return True
            if fold:
                ch = chr(c)
                return any(len(v) == 1 and node.matches(ord(v)) for v in (ch.lower(), ch.upper()))
            return False

        return frozenset(c for c in self.universe if hit(c))

    def chars(self, node: Any) -> frozenset[int]:
        """Every probe ``node`` can read anywhere in its match."""
        kind = _kind(node)
        if kind in _LEAVES:
            return self.leaf(node)
        if kind in ("String", "Literal"):
            return frozenset(c for c in node.characters if c in self.universe) | frozenset(node.characters)
        if _is_zero_width(node):
            return frozenset()
        if kind in ("Sequence", "Branch", "Group", "Atomic", "GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
            out: frozenset[int] = frozenset()
            for child in _children(node):
                out |= self.chars(child)
            return out
        return self.universe  # back-references, fuzzy matching, recursion: could be anything

    def nullable(self, node: Any) -> bool:
        """True when ``node`` can match the empty string."""
        kind = _kind(node)
        if kind in _LEAVES or kind == "Grapheme":
            return False
        if kind in ("String", "Literal"):
            return not node.characters
        if _is_zero_width(node):
            return True
        if kind == "Sequence":
            return all(self.nullable(i) for i in node.items)
        if kind == "Branch":
            return any(self.nullable(b) for b in node.branches)
        if kind in ("Group", "Atomic"):
            return self.nullable(node.subpattern)
        if kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
            return node.min_count == 0 or self.nullable(node.subpattern)
        return True

    def first(self, node: Any) -> frozenset[int]:
        """The probes a match of ``node`` can begin with."""
        kind = _kind(node)
        if kind in _LEAVES:
            return self.leaf(node)
        if kind in ("String", "Literal"):
            return frozenset(node.characters[:1])
        if _is_zero_width(node):
            return frozenset()
        if kind == "Sequence":
            return self.first_of(node.items)
        if kind == "Branch":
            out: frozenset[int] = frozenset()
            for b in node.branches:
                out |= self.first(b)
            return out
        if kind in ("Group", "Atomic", "GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
            return self.first(node.subpattern)
        return self.universe

    def first_of(self, items: list[Any]) -> frozenset[int]:
        """The probes a match of the sequence ``items`` can begin with."""
        out: frozenset[int] = frozenset()
        for item in items:
            out |= self.first(item)
            if not self.nullable(item):
                break
        return out

    # -- a repetition's body as plain sequences ---------------------------------------------
    def alternatives(self, node: Any) -> list[list[Any]]:
        """The ways ``node`` reads as a flat sequence: groups opened, alternations and optional
        parts expanded (up to :data:`_MAX_ALTERNATIVES`; beyond, an alternation stays whole)."""
        kind = _kind(node)
        if kind == "Sequence":
            result: list[list[Any]] = [[]]
            for item in node.items:
                options = self.alternatives(item)
                if len(result) * len(options) > _MAX_ALTERNATIVES:
                    options = [[item]]
                result = [a + b for a in result for b in options]
            return result
        if kind == "Group":
            return self.alternatives(node.subpattern)
        if kind == "Branch":
            out = [alt for b in node.branches for alt in self.alternatives(b)]
            return out if len(out) <= _MAX_ALTERNATIVES else [[node]]
        if kind in ("GreedyRepeat", "LazyRepeat") and node.max_count == 1:
            inner = self.alternatives(node.subpattern)
            return [*inner, []] if node.min_count == 0 else inner
        return [[node]]

    # -- the two shapes ---------------------------------------------------------------------
    def risk(self) -> str | None:
        """The first dangerous shape in the pattern, described for the person who wrote it."""
        for node in _walk(self.tree):
            if _repeats(node):
                found = self.nested(node) or self.overlapping(node)
                if found:
                    return found
        return None

    def nested(self, outer: Any) -> str | None:
        """A repetition inside ``outer`` whose text could be split among repetitions in many ways."""
        for alt in self.alternatives(outer.subpattern):
            for j, inner in enumerate(alt):
                if not _backtracks(inner):
                    continue
                if not (math.isinf(_reps(outer)) or math.isinf(_choices(inner))
                        or _choices(inner) ** _reps(outer) >= _EXPLOSIVE):
                    continue
                rest = alt[j + 1:] + alt[:j]  # what follows inner: the rest of this round, then the next
                if all(self.nullable(x) for x in rest):
                    if not any(not _is_zero_width(x) for x in rest) and len(_opened(outer.subpattern)) == 1:
                        merged = _render_repeat(inner.subpattern, inner.min_count * outer.min_count,
                                                None if outer.max_count is None or inner.max_count is None
                                                else inner.max_count * outer.max_count, _kind(inner))
                        return f"nested quantifier {_render(outer)}; rewrite as {merged}"
                    return (f"nested quantifier {_render(inner)} in {_render(outer)}; drop the inner quantifier "
                            f"(the outer one already repeats it) or make it possessive ({_possessive(inner)})")
                shared = self.chars(inner.subpattern) & self.first_of(rest)
                if shared:
                    c = chr(min(shared))
                    dot = _kind(inner.subpattern) in ("Any", "AnyAll", "AnyU")
                    hint = f" (e.g. [^{_escape(c)}]* instead of .*)" if dot else ""
                    return (f"nested quantifier {_render(inner)} in {_render(outer)} can also match {c!r} that follows it; "
                            f"narrow it so that it cannot{hint}, or make it possessive ({_possessive(inner)})")
        return None

    def overlapping(self, outer: Any) -> str | None:
        """Alternatives inside ``outer`` that can match the same text."""
        if not (math.isinf(_reps(outer)) or 2.0 ** _reps(outer) >= _EXPLOSIVE):
            return None
        items = _opened(outer.subpattern)
        for j, item in enumerate(items):
            if _kind(item) != "Branch" or not all(self.nullable(x) for x in items[:j] + items[j + 1:]):
                continue
            pair = self.ambiguous_pair(item.branches)
            if pair:
                a, b = (_render(x) for x in pair)
                return (f"overlapping alternatives {a!r} and {b!r} under the quantifier in {_render(outer)}; "
                        "make them exclusive (one character class, or different first characters)")
        return None

    def ambiguous_pair(self, branches: list[Any]) -> tuple[Any, Any] | None:
        """Two alternatives that can both match, repeated, the same text; None if none can."""
        words = [_literal(b) for b in branches]
        if all(w is not None for w in words):
            texts = [w for w in words if w is not None]
            if _uniquely_decodable(texts):
                return None
            for x, y in itertools.permutations(range(len(texts)), 2):
                if texts[y].startswith(texts[x]):
                    return branches[x], branches[y]
            return branches[0], branches[1]  # pragma: no cover - a non-code always has a prefix pair
        starts = frozenset().union(*(self.first(b) for b in branches))
        shapes = [self.positions(b) for b in branches]
        for x, y in itertools.combinations(range(len(branches)), 2):
            (px, whole_x), (py, whole_y) = shapes[x], shapes[y]
            if not all(a & b for a, b in zip(px, py, strict=False)):
                continue  # they differ at some fixed position: exclusive
            if not (whole_x and whole_y):
                if (px and py) or self.first(branches[x]) & self.first(branches[y]):
                    return branches[x], branches[y]
                continue
            short, long_ = (px, py) if len(px) <= len(py) else (py, px)
            if len(short) == len(long_) or long_[len(short)] & starts:
                return branches[x], branches[y]
        return None

    def positions(self, node: Any) -> tuple[list[frozenset[int]], bool]:
        """The character set at each of the first positions of a match of ``node``, as long as
        they are fixed (one class at a time, ``\\d{3}-``), and whether that is the whole match."""
        key = id(node)
        if key not in self._positions:
            out: list[frozenset[int]] = []
            whole = True
            for item in _opened(node):
                kind = _kind(item)
                if kind in _LEAVES:
                    out.append(self.leaf(item))
                elif kind in ("String", "Literal"):
                    out.extend(frozenset((c,)) for c in item.characters)
                elif (kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat") and item.min_count == item.max_count
                      and item.max_count <= 16 and _kind(item.subpattern) in _LEAVES):
                    out.extend([self.leaf(item.subpattern)] * item.max_count)
                elif not _is_zero_width(item):
                    whole = False
                    break
            self._positions[key] = (out, whole)
        return self._positions[key]


def _literal(node: Any) -> str | None:
    """The text ``node`` matches when it is a plain case-sensitive string, else None."""
    out = []
    for item in _opened(node):
        kind = _kind(item)
        if kind == "Character" and item.positive and not item.case_flags & _CORE.IGNORECASE:
            out.append(chr(item.value))
        elif kind in ("String", "Literal") and not item.case_flags & _CORE.IGNORECASE:
            out.append("".join(map(chr, item.characters)))
        else:
            return None
    return "".join(out)


def _uniquely_decodable(words: list[str]) -> bool:
    """Sardinas–Patterson: True when no text splits into ``words`` in two ways.

    >>> _uniquely_decodable(["ab", "ac"]), _uniquely_decodable(["a", "aa"]), _uniquely_decodable(["a", "b", "ab"])
    (True, False, False)
    """
    code = set(words)
    if len(code) < len(words) or "" in code:
        return False

    def dangling(xs: set[str], ys: set[str]) -> set[str]:
        return {y[len(x):] for x in xs for y in ys if y.startswith(x) and y != x}

    suffixes = dangling(code, code)
    seen: set[frozenset[str]] = set()
    while suffixes:
        if "" in suffixes or suffixes & code:
            return False
        key = frozenset(suffixes)
        if key in seen:
            return True
        seen.add(key)
        suffixes = dangling(code, suffixes) | dangling(suffixes, code)
    return True


# -- rendering parse-tree nodes back into pattern text, for messages ------------------------
_SHORTHANDS = {"GENERALCATEGORY:DECIMALNUMBER": "d", "WORD:TRUE": "w", "WHITESPACE:TRUE": "s"}


def _escape(ch: str) -> str:
    if ch.isalnum() or ch == " " or (ord(ch) > 0x7F and ch.isprintable() and not ch.isspace()):
        return ch
    if not ch.isprintable() or ch.isspace():
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
    return regex.escape(ch, special_only=True)


def _possessive(rep: Any) -> str:
    return _render_repeat(rep.subpattern, rep.min_count, rep.max_count, "PossessiveRepeat")


def _render_repeat(sub: Any, low: int, high: int | None, kind: str) -> str:
    body = _render(sub)
    while _kind(sub) == "Sequence" and len(sub.items) == 1:
        sub = sub.items[0]
    if ((_kind(sub) == "Sequence" and len(sub.items) > 1) or _kind(sub) == "Branch"
            or _kind(sub) in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat")):
        body = f"(?:{body})"
    quantifier = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((low, high))
    if quantifier is None:
        quantifier = f"{{{low},}}" if high is None else f"{{{low}}}" if low == high else f"{{{low},{high}}}"
    return body + quantifier + {"LazyRepeat": "?", "PossessiveRepeat": "+"}.get(kind, "")


def _render(node: Any, in_set: bool = False) -> str:
    """A pattern text for ``node`` (equivalent, though not always spelled as written)."""
    kind = _kind(node)
    if kind == "Sequence":
        return "".join(f"(?:{_render(i)})" if _kind(i) == "Branch" else _render(i) for i in node.items)
    if kind == "Branch":
        return "|".join(_render(b) for b in node.branches)
    if kind == "Group":
        return f"({_render(node.subpattern)})"
    if kind == "Atomic":
        return f"(?>{_render(node.subpattern)})"
    if kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return _render_repeat(node.subpattern, node.min_count, node.max_count, kind)
    if kind == "Character":
        ch = _escape(chr(node.value))
        return ch if node.positive or in_set else f"[^{ch}]"
    if kind in ("String", "Literal"):
        return "".join(_escape(chr(c)) for c in node.characters)
    if kind == "Property":
        name, values = _CORE.PROPERTY_NAMES[node.value >> 16]
        prop = f"{name}:{values[node.value & 0xFFFF]}"
        short = _SHORTHANDS.get(prop)
        if short:
            return "\\" + (short if node.positive else short.upper())
        return ("\\p" if node.positive else "\\P") + f"{{{prop}}}"
    if kind == "Range":
        span = f"{_escape(chr(node.lower))}-{_escape(chr(node.upper))}"
        return span if in_set else f"[{span}]"
    if kind in ("SetUnion", "SetDiff", "SetInter", "SetSymDiff"):
        join = {"SetUnion": "", "SetDiff": "--", "SetInter": "&&", "SetSymDiff": "~~"}[kind]
        inner = join.join(_render(i) if _kind(i).startswith("Set") else _render(i, in_set=True) for i in node.items)
        return f"[{'' if node.positive else '^'}{inner}]"
    if kind in ("Any", "AnyAll", "AnyU"):
        return "."
    if kind == "LookAround":
        head = ("(?<" if node.behind else "(?") + ("=" if node.positive else "!")
        return f"{head}{_render(node.subpattern)})"
    return {"StartOfString": "\\A", "EndOfString": "\\Z", "EndOfStringLine": "$", "EndOfStringLineU": "$",
            "StartOfLine": "^", "StartOfLineU": "^", "EndOfLine": "$", "EndOfLineU": "$",
            "Boundary": "\\b"}.get(kind, "…")
