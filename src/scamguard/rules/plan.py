"""Which rules a message can possibly fire, found in one pass.

Every rule's ``when`` condition knows a *requirement*: strings or entity labels of which at
least one must be present for it to be true (see ``Condition.requirement``). A plan gathers
the strings of all the rules in force into one Aho-Corasick automaton, so one scan of the
text tells which rules are still possible; the others are skipped without being evaluated.
The skip is exact, not a heuristic: a skipped rule could not have fired. Rules whose
requirement is unknown are always evaluated.
"""

from __future__ import annotations

from collections.abc import Iterator

import ahocorasick

from scamguard.rules.doc import Doc
from scamguard.rules.kinds.base import Atom
from scamguard.rules.model import Rule

__all__ = ["Plan"]


class Plan:
    """The rules in force for one (stage, role, kind), with their requirements."""

    __slots__ = ("_automaton", "gates", "rules")

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.gates: tuple[frozenset[Atom] | None, ...] = tuple(r.when.requirement() for r in rules)
        strings = {s for gate in self.gates if gate is not None for kind, s in gate if kind == "text"}
        self._automaton: ahocorasick.Automaton | None = None
        if strings:
            automaton = ahocorasick.Automaton()
            for s in strings:
                automaton.add_word(s, ("text", s))
            automaton.make_automaton()
            self._automaton = automaton

    def present(self, doc: Doc) -> set[Atom]:
        """The atoms present in ``doc``: strings found in its text, labels of its entities."""
        found: set[Atom] = {("entity", e.label) for e in doc.entities}
        if self._automaton is not None:
            found.update(atom for _end, atom in self._automaton.iter(doc.text))
        return found

    def candidates(self, doc: Doc) -> Iterator[Rule]:
        """The rules that can fire on ``doc``, in file order."""
        present = self.present(doc)
        for rule, gate in zip(self.rules, self.gates, strict=True):
            if gate is None or not gate.isdisjoint(present):
                yield rule
