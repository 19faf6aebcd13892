"""Compiled rules: what the loader produces and the engine runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scamguard.entities import EntityConfig
from scamguard.rules.doc import Doc, Span
from scamguard.rules.kinds import Condition

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "KINDS_OF_MESSAGE",
    "ROLES",
    "STAGES",
    "ContextSettings",
    "Example",
    "Rule",
    "RuleSet",
    "SenderRule",
    "Thresholds",
]

STAGES: tuple[str, ...] = ("pre_contract", "pre_escrow", "post_escrow")
ROLES: tuple[str, ...] = ("client", "worker")
ACTIONS: tuple[str, ...] = ("allow", "warn", "hold", "block")
KINDS_OF_MESSAGE: tuple[str, ...] = ("message", "scout", "proposal", "job_post", "profile")
CATEGORIES: tuple[str, ...] = (
    "contact_request",
    "contact_share",
    "mlm",
    "off_site_redirect",
    "personal_info_request",
    "pre_escrow_work",
    "off_platform_payment",
    "advance_fee",
)


@dataclass(frozen=True, slots=True)
class Example:
    """A message a rule must (``hit``) or must not (``miss``) fire on, with its position."""

    text: str
    stage: str
    role: str | None
    context: dict[str, Any] | None
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of ``rules.yaml``, compiled."""

    id: str
    category: str
    score: float
    message: str
    stages: frozenset[str]
    roles: frozenset[str] | None
    kinds: frozenset[str] | None
    when: Condition
    unless: Condition | None
    hits: tuple[Example, ...]
    misses: tuple[Example, ...]
    description: str = ""
    line: int = 0
    column: int = 0
    #: A second opinion: the rule counts only what it adds to its category's score from the
    #: other rules (up to its own score), so that it catches what they miss or only warn about
    #: without adding weight to what they already caught.
    backstop: bool = False

    def applies(self, stage: str, role: str | None, kind: str) -> bool:
        """True when the rule is in force for this stage, sender role and kind of message."""
        if stage not in self.stages:
            return False
        if self.roles is not None and role is not None and role not in self.roles:
            return False
        return self.kinds is None or kind in self.kinds

    def match(self, doc: Doc) -> Span | None:
        """Where the rule fires on ``doc`` (a span of the normalized text), or None.

        The ``unless`` condition cancels every match that shares a sentence with one of its
        own matches, so 「LINEは使いません」 cancels a LINE match in that sentence only.
        """
        found = self.when.evaluate(doc)
        if found is None:
            return None
        if self.unless is not None:
            cancel = self.unless.evaluate(doc)
            if cancel is not None:
                if not cancel or not found:
                    return None
                blocked = {doc.sentence_of(s[0]) for s in cancel}
                found = [s for s in found if doc.sentence_of(s[0]) not in blocked]
                if not found:
                    return None
        if not found:
            return (0, 0)
        first = found[0]
        sid = doc.sentence_of(first[0])
        same = [s for s in found if doc.sentence_of(s[0]) == sid]
        return min(s[0] for s in same), max(s[1] for s in same)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The lowest total score for each action above ``allow``."""

    warn: float
    hold: float
    block: float

    def action(self, score: float) -> str:
        """The action for a total score."""
        if score >= self.block:
            return "block"
        if score >= self.hold:
            return "hold"
        if score >= self.warn:
            return "warn"
        return "allow"


@dataclass(frozen=True, slots=True)
class SenderRule:
    """How one fact about the sender moves the score (``sender: adjust:`` in ``rules.yaml``).

    ``test`` is ``"is"`` (the field equals ``value``), ``"at_least"`` or ``"below"``.

    >>> r = SenderRule("new-account", "account_age_days", "below", 7, 1.0, "新しいアカウントです。")
    >>> r.applies(2), r.applies(30), r.applies(None)
    (True, False, False)
    """

    id: str
    field: str
    test: str
    value: bool | int
    score: float
    message: str

    def applies(self, fact: object) -> bool:
        """True when the sender's value of :attr:`field` (None: unknown) meets the test."""
        if fact is None:
            return False
        if self.test == "is":
            return fact == self.value
        if isinstance(fact, bool) or not isinstance(fact, int):
            return False
        return fact >= self.value if self.test == "at_least" else fact < self.value


@dataclass(frozen=True, slots=True)
class ContextSettings:
    """How far back in a conversation to look, and how sender facts move scores.

    ``trust`` lists the sender adjustments; ``soften_below`` is the action from which on
    lowering adjustments no longer apply (trust never softens a ``hold`` or a ``block``).
    """

    history_messages: int = 5
    history_chars: int = 400
    job_post_chars: int = 4000
    sender: dict[str, Any] = field(default_factory=dict)
    trust: tuple[SenderRule, ...] = ()
    soften_below: str = "hold"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A whole rules file, compiled and validated."""

    rules: tuple[Rule, ...]
    thresholds: Thresholds
    entities: EntityConfig
    lists: dict[str, tuple[str, ...]]
    notices: dict[str, Any]
    context: ContextSettings
    path: str
    digest: str

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; KeyError naming the known ids otherwise."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"no rule {rule_id!r} in {self.path}; known rules: {', '.join(r.id for r in self.rules)}")
