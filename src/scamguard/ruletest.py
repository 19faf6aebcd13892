"""Running every rule's ``hit`` / ``miss`` examples, one result per example.

This is what ``scamguard rules test`` reports. A ``hit`` example passes when its rule fires
on it (a reason from the rule with a score above 0); a ``miss`` example passes when the rule
does not fire. The same test decides :func:`scamguard.engine.example_problems`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scamguard.engine import Screener, _example_context
from scamguard.rules.model import Example, Rule, RuleSet
from scamguard.verdict import Reason, Verdict

__all__ = ["ExampleResult", "run_examples"]


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """One example of one rule, and what happened when it was screened."""

    rule_id: str
    which: str  # "hit" or "miss"
    example: Example
    verdict: Verdict | None
    error: str | None = None

    @property
    def fired(self) -> tuple[Reason, ...]:
        """The reasons the rule under test gave (empty when it did not fire)."""
        if self.verdict is None:
            return ()
        return tuple(r for r in self.verdict.reasons if r.rule_id == self.rule_id and r.score > 0)

    @property
    def passed(self) -> bool:
        """True when the rule behaved as the example says."""
        if self.error is not None:
            return False
        return bool(self.fired) == (self.which == "hit")

    def explain(self) -> str:
        """Why the example failed, in one sentence ("" when it passed)."""
        if self.passed:
            return ""
        if self.error is not None:
            return f"the example cannot be screened: {self.error}"
        if self.which == "hit":
            return "hit example: the rule did not fire"
        excerpt = self.fired[0].excerpt
        return f"miss example: the rule fired on 「{excerpt}」" if excerpt else "miss example: the rule fired"


def run_examples(rules: RuleSet, screener: Screener | None = None,
                 select: Callable[[Rule], bool] | None = None) -> list[ExampleResult]:
    """Screen every example of every rule (or of the rules ``select`` accepts), in file order."""
    screener = screener or Screener(rules)
    results: list[ExampleResult] = []
    for rule in rules.rules:
        if select is not None and not select(rule):
            continue
        for which, examples in (("hit", rule.hits), ("miss", rule.misses)):
            for ex in examples:
                try:
                    verdict = screener.screen(ex.text, stage=ex.stage, role=ex.role,
                                              context=_example_context(ex.context))
                except (TypeError, ValueError) as e:
                    results.append(ExampleResult(rule.id, which, ex, None, str(e)))
                    continue
                results.append(ExampleResult(rule.id, which, ex, verdict))
    return results
