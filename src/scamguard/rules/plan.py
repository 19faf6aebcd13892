"""Which rules a message can possibly fire, found in one pass.

Every rule's ``when`` condition knows its *clauses*: sets of strings or entity labels, each
of which must have at least one member present for it to be true (``Condition.clauses``). A plan gathers
the strings of all the rules in force into one Aho-Corasick automaton, so one scan of the
text tells which rules are still possible; the others are skipped without being evaluated.
The skip is exact, not a heuristic: a skipped rule could not have fired. Rules whose
requirement is unknown are always evaluated.
"""

from __future__ import annotations

from collections.abc import Iterator

import ahocorasick

from scamguard.rules.doc import Doc
from scamguard.rules.kinds.base import Atom, strength, walk
from scamguard.rules.kinds.phrases import Phrases
from scamguard.rules.kinds.regex_ import Regex
from scamguard.rules.model import Rule

__all__ = ["Plan"]


class Plan:
    """The rules in force for one (stage, role, kind), with their requirements."""

    __slots__ = ("_always", "_automaton", "_bits", "_by_label", "_by_string", "_index", "_label_bits", "_strings", "gates",
                 "rules")

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        #: per rule, the ways its condition can be true (see ``Condition.alternatives``)
        self.gates: tuple[tuple[tuple[frozenset[Atom], ...], ...], ...] = tuple(r.when.alternatives() for r in rules)
        strings = {s for gate in self.gates for way in gate for clause in way for kind, s in clause if kind == "text"}
        # every phrase any rule may test (in when or unless): found here once per message
        for rule in rules:
            for root in (rule.when, rule.unless):
                if root is not None:
                    strings.update(p for c in walk(root) if isinstance(c, Phrases) for p in c.phrases)
                    # and every string a pattern needs, so that a pattern whose needed strings
                    # are absent is not run at all
                    strings.update(p for c in walk(root) if isinstance(c, Regex) for p in c.needed_strings)
        self._strings = frozenset(strings)
        # each atom gets a bit; a clause is the mask of its atoms; a rule passes when, for one
        # of its ways, every one of the clause masks meets the mask of what is present
        atoms = sorted({atom for gate in self.gates for way in gate for clause in way for atom in clause})
        self._bits: dict[Atom, int] = {atom: 1 << i for i, atom in enumerate(atoms)}
        # every way is filed under each atom of its most selective clause, with the masks of
        # its other clauses: a message then only looks at the ways one of its atoms opens,
        # instead of at every rule (a way of no clauses makes its rule always a candidate)
        self._always: frozenset[int] = frozenset(i for i, gate in enumerate(self.gates) if () in gate)
        self._index: dict[Atom, list[tuple[int, tuple[int, ...]]]] = {}
        for i, gate in enumerate(self.gates):
            if i in self._always:
                continue
            for way in gate:
                first = max(way, key=strength)
                rest = tuple(sum(self._bits[a] for a in clause) for clause in way if clause != first)
                for atom in first:
                    self._index.setdefault(atom, []).append((i, rest))
        # the same by kind of atom, keyed by the bare string or label: a message then looks its
        # strings up without building an atom for each
        self._by_string = {value: ways for (kind, value), ways in self._index.items() if kind == "text"}
        self._by_label = {value: ways for (kind, value), ways in self._index.items() if kind == "entity"}
        self._label_bits = {value: bit for (kind, value), bit in self._bits.items() if kind == "entity"}
        self._automaton: ahocorasick.Automaton | None = None
        if strings:
            automaton = ahocorasick.Automaton()
            for s in strings:
                # each string with its length less one and its bit (0: not an atom of any rule)
                automaton.add_word(s, (s, len(s) - 1, self._bits.get(("text", s), 0)))
            automaton.make_automaton()
            self._automaton = automaton

    def _scan(self, doc: Doc) -> tuple[dict[str, list[int]], int]:
        """Where every phrase occurs in ``doc`` (also kept in ``doc.phrase_hits``, so that
        phrase conditions read their matches instead of searching the text again), and the
        mask of the strings found."""
        hits: dict[str, list[int]] = {}
        mask = 0
        if self._automaton is not None:
            for end, (s, less, bit) in self._automaton.iter(doc.text):
                found = hits.get(s)
                if found is None:
                    hits[s] = [end - less]
                    mask |= bit
                else:
                    found.append(end - less)
        doc.phrase_hits = hits
        doc.scanned = self._strings
        return hits, mask

    def present(self, doc: Doc) -> set[Atom]:
        """The atoms present in ``doc``: strings found in its text, labels of its entities.

        Also records where every phrase occurs (``doc.phrase_hits``)."""
        hits, _mask = self._scan(doc)
        found: set[Atom] = {("entity", e.label) for e in doc.entities}
        found.update(("text", s) for s in hits)
        return found

    def candidates(self, doc: Doc) -> Iterator[Rule]:
        """The rules that can fire on ``doc``, in file order."""
        hits, mask = self._scan(doc)
        labels = {e.label for e in doc.entities}
        label_bits = self._label_bits
        for label in labels:
            mask |= label_bits.get(label, 0)
        chosen = set(self._always)
        for index, present in ((self._by_string, hits), (self._by_label, labels)):
            for key in present:
                for i, rest in index.get(key, ()):
                    if i not in chosen:
                        for m in rest:
                            if not m & mask:
                                break
                        else:
                            chosen.add(i)
        rules = self.rules
        for i in sorted(chosen):
            yield rules[i]
