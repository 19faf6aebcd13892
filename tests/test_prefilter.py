"""The rule prefilter is exact: skipping rules that cannot fire never changes a verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scamguard
from scamguard.engine import _example_context
from scamguard.rules import RuleSet

CORPUS = Path(__file__).parent / "corpus"


def _messages(rules: RuleSet) -> list[tuple[str, str, str | None, dict[str, object] | None]]:
    out: list[tuple[str, str, str | None, dict[str, object] | None]] = []
    for rule in rules.rules:
        for ex in rule.hits + rule.misses:
            out.append((ex.text, ex.stage, ex.role, ex.context))
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if isinstance(row.get("text"), str) and row.get("stage") in scamguard.STAGES:
                role = row.get("role") if row.get("role") in scamguard.ROLES else None
                out.append((row["text"], row["stage"], role, row.get("context")))
    return out


def test_prefilter_changes_no_verdict(default_rules: RuleSet) -> None:
    fast = scamguard.Screener(default_rules)
    slow = scamguard.Screener(default_rules)
    slow.prefilter = False
    messages = _messages(default_rules)
    assert len(messages) > 50
    for text, stage, role, ctx in messages:
        try:
            context = _example_context(ctx)
        except (TypeError, ValueError):
            context = None
        a = fast.screen(text, stage=stage, role=role, context=context).to_dict()
        b = slow.screen(text, stage=stage, role=role, context=context).to_dict()
        assert a == b, text


@pytest.mark.parametrize("stage", scamguard.STAGES)
def test_prefilter_skips_rules_on_an_ordinary_message(default_rules: RuleSet, stage: str) -> None:
    from scamguard.engine import _State
    from scamguard.normalize import normalize
    from scamguard.rules.doc import Doc

    plan = _State(default_rules).plan(stage, None, "message")
    doc = Doc(normalize("本日はよろしくお願いいたします。").text, default_rules.entities)
    assert len(list(plan.candidates(doc))) < len(plan.rules)


def test_searched_form_of_every_pattern_finds_the_same_matches(default_rules: RuleSet) -> None:
    """A pattern searched with a look-ahead in front (see ``searched_source``) finds exactly
    what the pattern as written finds, on every message and example."""
    import regex

    from scamguard.normalize import normalize
    from scamguard.rules.kinds.base import walk
    from scamguard.rules.kinds.regex_ import Regex, searched_source

    sources = sorted({c.source for r in default_rules.rules for root in (r.when, r.unless) if root is not None
                      for c in walk(root) if isinstance(c, Regex)})
    changed = [s for s in sources if searched_source(s) != s]
    assert changed, "no pattern of the bundled rules begins with a look-behind any more"
    texts = [normalize(text).text for text, _, _, _ in _messages(default_rules)]
    for source in changed:
        written, searched = regex.compile(source, regex.V1), regex.compile(searched_source(source), regex.V1)
        for text in texts:
            assert [m.span() for m in searched.finditer(text)] == [m.span() for m in written.finditer(text)], source
