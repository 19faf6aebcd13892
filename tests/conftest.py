"""Shared fixtures: the bundled rules, compiled once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import scamguard
from scamguard.rules import RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="session")
def default_rules() -> RuleSet:
    return load_rules(scamguard.default_rules_path())


@pytest.fixture(scope="session")
def screener(default_rules: RuleSet) -> scamguard.Screener:
    return scamguard.Screener(default_rules)
