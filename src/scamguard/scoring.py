"""Scoring: from fired rules to a total and an action."""

from __future__ import annotations

from dataclasses import dataclass

from scamguard.rules.model import ACTIONS, Thresholds

__all__ = ["Fired", "decide", "stronger"]


@dataclass(frozen=True, slots=True)
class Fired:
    """A rule that fired, in normalized coordinates (``start``/``end``) before mapping back.

    ``context`` says which part of the context it used ("history", "job_post", "sender") or None.
    """

    rule_id: str
    category: str
    score: float
    message: str
    start: int
    end: int
    context: str | None = None


def stronger(a: str, b: str) -> str:
    """The more severe of two actions.

    >>> stronger("warn", "hold")
    'hold'
    """
    return a if ACTIONS.index(a) >= ACTIONS.index(b) else b


def decide(fired: list[Fired], thresholds: Thresholds, *, failed: bool, on_error: str) -> tuple[float, str]:
    """Total score and action. A failed rule makes the action at least ``hold`` unless the
    caller chose ``on_error="allow"``: a pre-send hook fails closed."""
    total = float(sum(f.score for f in fired))
    total = round(total, 6)
    action = thresholds.action(total)
    if failed and on_error != "allow":
        action = stronger(action, "hold")
    return total, action
