"""scamguard: screen marketplace chat messages for scam patterns before they are sent.

>>> import scamguard
>>> v = scamguard.screen("LINEのIDを教えてください", stage="pre_escrow")
>>> v.action != "allow", "contact_request" in v.categories
(True, True)
"""

from scamguard.context import Context, Sender
from scamguard.engine import Screener, default_rules_path, screen
from scamguard.errors import Problem, RulesError, ScamguardError, ScreeningError
from scamguard.rules.model import ACTIONS, CATEGORIES, KINDS_OF_MESSAGE, ROLES, STAGES
from scamguard.verdict import EntitySpan, Reason, Verdict

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "KINDS_OF_MESSAGE",
    "ROLES",
    "STAGES",
    "Context",
    "EntitySpan",
    "Problem",
    "Reason",
    "RulesError",
    "ScamguardError",
    "Screener",
    "ScreeningError",
    "Sender",
    "Verdict",
    "default_rules_path",
    "screen",
]

__version__ = "0.1.0"
