"""Every rule's examples in rules.yaml, one test each, with the rule id in the test id."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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


def test_the_bundled_rules_read_the_same_without_libyaml() -> None:
    """The rules are read with libyaml when PyYAML has it, and with PyYAML's own parser when
    not; the two disagree on some plain scalars (「いける?」 in a list), so the bundled file
    must mean the same to both."""
    text = Path(scamguard.default_rules_path()).read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert pure == yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
