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

    __slots__ = ("_always", "_automaton", "_bits", "_index", "_strings", "gates", "rules")

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
        self._automaton: ahocorasick.Automaton | None = None
        if strings:
            automaton = ahocorasick.Automaton()
            for s in strings:
                automaton.add_word(s, s)
            automaton.make_automaton()
            self._automaton = automaton

    def present(self, doc: Doc) -> set[Atom]:
        """The atoms present in ``doc``: strings found in its text, labels of its entities.

        Also records where every phrase occurs (``doc.phrase_hits``), so that phrase
        conditions read their matches instead of searching the text again."""
        found: set[Atom] = {("entity", e.label) for e in doc.entities}
        hits: dict[str, list[int]] = {}
        if self._automaton is not None:
            for end, s in self._automaton.iter(doc.text):
                hits.setdefault(s, []).append(end - len(s) + 1)
            found.update(("text", s) for s in hits)
        doc.phrase_hits = hits
        doc.scanned = self._strings
        return found

    def candidates(self, doc: Doc) -> Iterator[Rule]:
        """The rules that can fire on ``doc``, in file order."""
        bits = self._bits
        index = self._index
        present = self.present(doc)
        mask = 0
        for atom in present:
            mask |= bits.get(atom, 0)
        chosen = set(self._always)
        for atom in present:
            for i, rest in index.get(atom, ()):
                if i not in chosen:
                    for m in rest:
                        if not m & mask:
                            break
                    else:
                        chosen.add(i)
        rules = self.rules
        for i in sorted(chosen):
            yield rules[i]
