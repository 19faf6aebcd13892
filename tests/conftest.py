"""Shared fixtures: the bundled rules, compiled once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

import scamguard
from scamguard.rules import RuleSet, load_rules

# CI runs the same examples every time, so a red build always means a change, never the draw
# of new random examples (explore locally, where the example database keeps what it finds).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# the command keeps compiled rules in the user's cache folder: the tests (and the commands
# they run) use a folder of their own, so they neither depend on nor leave anything there
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="scamguard-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="session")
def default_rules() -> RuleSet:
    return load_rules(scamguard.default_rules_path())


@pytest.fixture(scope="session")
def screener(default_rules: RuleSet) -> scamguard.Screener:
    return scamguard.Screener(default_rules)
