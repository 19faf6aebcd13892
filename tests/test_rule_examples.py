"""Every rule's examples in rules.yaml, one test each, with the rule id in the test id."""

from __future__ import annotations

import pytest

import scamguard
from scamguard.engine import _example_context
from scamguard.rules import Example, load_rules

_RULES = load_rules(scamguard.default_rules_path())
_SCREENER = scamguard.Screener(_RULES)
_CASES = [
    pytest.param(rule.id, which, ex, id=f"{rule.id}/{which}/{i}")
    for rule in _RULES.rules
    for which, examples in (("hit", rule.hits), ("miss", rule.misses))
    for i, ex in enumerate(examples)
]


@pytest.mark.parametrize(("rule_id", "which", "example"), _CASES)
def test_rule_example(rule_id: str, which: str, example: Example) -> None:
    v = _SCREENER.screen(example.text, stage=example.stage, role=example.role, context=_example_context(example.context))
    fired = [r for r in v.reasons if r.rule_id == rule_id and r.score > 0]
    if which == "hit":
        assert fired, f"{rule_id} should fire on {example.text!r} at {example.stage}"
        for r in fired:
            assert example.text[r.start : r.end] == r.excerpt
    else:
        assert not fired, f"{rule_id} should not fire on {example.text!r}, fired on {fired[0].excerpt!r}"


def test_every_rule_has_hits_and_misses() -> None:
    for rule in _RULES.rules:
        assert rule.hits, f"{rule.id} has no hit examples"
        assert rule.misses, f"{rule.id} has no miss examples"
