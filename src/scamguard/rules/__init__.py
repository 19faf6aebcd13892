"""Rules: the loader (with file:line:col errors), the condition kinds and the compiled model."""

from scamguard.rules.loader import compile_rules, load_rules, problems_in
from scamguard.rules.model import (
    ACTIONS,
    CATEGORIES,
    KINDS_OF_MESSAGE,
    ROLES,
    STAGES,
    Example,
    Rule,
    RuleSet,
    Thresholds,
)

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "KINDS_OF_MESSAGE",
    "ROLES",
    "STAGES",
    "Example",
    "Rule",
    "RuleSet",
    "Thresholds",
    "compile_rules",
    "load_rules",
    "problems_in",
]
