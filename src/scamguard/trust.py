"""Sender trust: how facts about the sender move a message's score.

Moderators tune it in ``rules.yaml`` (``sender: adjust:``): a certified client or a verified
identity may soften borderline signals; a brand-new account, no completed contracts or
prior violations may raise them. Each adjustment that applies becomes a reason with
``context="sender"``, in the category of the strongest signal it moves, pointing at that
signal's place in the message.

Two limits keep trust from hiding a scam:

- adjustments apply only when some rule fired: trust alone never flags a message;
- lowering adjustments apply only while the message stays below ``soften_below`` (``hold``
  by default): a certified client sharing a LINE ID before 仮払い is still blocked (accounts
  get taken over), and softening never takes the score below zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from scamguard.context import Sender
from scamguard.rules.model import ACTIONS, ContextSettings, Thresholds
from scamguard.scoring import Fired

__all__ = ["adjustments"]


def adjustments(fired: Sequence[Fired], sender: Sender | None, settings: ContextSettings,
                thresholds: Thresholds) -> list[Fired]:
    """The sender adjustments for a message on which the rules ``fired``.

    >>> from scamguard.rules.model import SenderRule, ContextSettings, Thresholds
    >>> s = ContextSettings(trust=(SenderRule("new-account", "account_age_days", "below", 7, 1.0, "新しいアカウント"),
    ...                            SenderRule("certified", "certified", "is", True, -1.0, "認定クライアント")))
    >>> t = Thresholds(1.0, 3.0, 5.0)
    >>> f = [Fired("r", "mlm", 2.0, "…", 3, 9)]
    >>> [(a.rule_id, a.score, a.context, a.start) for a in adjustments(f, Sender(account_age_days=2), s, t)]
    [('new-account', 1.0, 'sender', 3)]
    >>> [(a.rule_id, a.score) for a in adjustments(f, Sender(certified=True), s, t)]
    [('certified', -1.0)]
    >>> adjustments([Fired("r", "mlm", 5.0, "…", 0, 1)], Sender(certified=True), s, t)
    []
    >>> adjustments([], Sender(account_age_days=1), s, t)
    []
    """
    if sender is None or not settings.trust:
        return []
    signals = [f for f in fired if f.score > 0 and f.context != "sender"]
    if not signals:
        return []
    top = max(signals, key=lambda f: f.score)
    base = sum(f.score for f in fired)
    soften = ACTIONS.index(thresholds.action(base)) < ACTIONS.index(settings.soften_below)
    applying = [r for r in settings.trust if r.applies(getattr(sender, r.field))]
    room = base + sum(r.score for r in applying if r.score > 0)  # softening stops at zero
    out: list[Fired] = []
    for rule in applying:
        score = rule.score
        if score < 0:
            if not soften or room <= 0:
                continue
            score = -min(-score, room)
            room += score
        out.append(Fired(rule.id, top.category, round(score, 6), rule.message, top.start, top.end, "sender"))
    return out
