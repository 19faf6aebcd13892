"""``entity``: something a detector found (phone, email, url, handle, channel, pointer, money).

Options narrow the match: ``channel`` (which outside service), ``allowlisted`` (URLs on the
allow-list or not), ``min_amount`` and ``periods`` (for money: at least this many yen, and
per which period: 月, 日給…).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from scamguard.entities import LABELS, Entity
from scamguard.rules.doc import Doc, Spans
from scamguard.rules.kinds.base import Atom, Condition, Loader

KEY = "entity"
OPTIONS: dict[str, str] = {
    "channel": "only entities of these channels (line, chatwork, skype, discord, email, phone…)",
    "allowlisted": "true: only allow-listed URLs; false: only URLs not on the allow-list",
    "min_amount": "money only: at least this many yen",
    "periods": "money only: only amounts stated per one of these periods (月, 日給, 時給…)",
}
DOC = "true where a detected entity of the given label(s) is: entity: phone, or entity: [url, email]"


class EntityMatch(Condition):
    """Matches entities by label and options."""

    cost = 1

    def __init__(
        self,
        labels: tuple[str, ...],
        channels: tuple[str, ...] | None = None,
        allowlisted: bool | None = None,
        min_amount: float | None = None,
        periods: tuple[str, ...] | None = None,
    ) -> None:
        self.labels = labels
        self.channels = channels
        self.allowlisted = allowlisted
        self.min_amount = min_amount
        self.periods = periods

    @property
    def key(self) -> Hashable:
        return (KEY, self.labels, self.channels, self.allowlisted, self.min_amount, self.periods)

    def accepts(self, e: Entity) -> bool:
        """True when entity ``e`` satisfies this condition."""
        if e.label not in self.labels:
            return False
        if self.channels is not None and e.channel not in self.channels:
            return False
        if self.allowlisted is not None and e.allowlisted != self.allowlisted:
            return False
        if self.min_amount is not None or self.periods is not None:
            period, _, amount = e.value.rpartition(":")
            try:
                yen = float(amount)
            except ValueError:
                return False
            if self.min_amount is not None and yen < self.min_amount:
                return False
            if self.periods is not None and period not in self.periods:
                return False
        return True

    def compute(self, doc: Doc) -> Spans:
        spans = [(e.start, e.end) for e in doc.entities if self.accepts(e)]
        return spans or None

    def describe(self) -> str:
        parts = [f"entity: {', '.join(self.labels)}"]
        if self.channels is not None:
            parts.append(f"channel: {', '.join(self.channels)}")
        if self.allowlisted is not None:
            parts.append(f"allowlisted: {str(self.allowlisted).lower()}")
        if self.min_amount is not None:
            parts.append(f"min_amount: {self.min_amount:g}")
        if self.periods is not None:
            parts.append(f"periods: {', '.join(self.periods)}")
        return " ".join(parts)

    def requirement(self) -> frozenset[Atom] | None:
        return frozenset(("entity", label) for label in self.labels)


def parse(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    labels = [value] if isinstance(value, str) else value
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        loader.problem(container, key, f"entity takes a label or a list of labels: {', '.join(sorted(LABELS))}")
        return None
    unknown = [x for x in labels if x not in LABELS]
    if unknown:
        loader.problem(container, key, f"unknown entity label {unknown[0]!r}; use one of: {', '.join(sorted(LABELS))}")
        return None
    channels = options.get("channel")
    if channels is not None:
        channels = [channels] if isinstance(channels, str) else channels
        if not isinstance(channels, list) or not all(isinstance(x, str) for x in channels):
            loader.problem(options, "channel", "channel takes a name or a list of names (line, chatwork, email…)")
            return None
    allowlisted = options.get("allowlisted")
    if allowlisted is not None and not isinstance(allowlisted, bool):
        loader.problem(options, "allowlisted", "allowlisted takes true or false")
        return None
    min_amount = options.get("min_amount")
    if min_amount is not None and (isinstance(min_amount, bool) or not isinstance(min_amount, (int, float))):
        loader.problem(options, "min_amount", "min_amount takes a number of yen, e.g. 100000")
        return None
    periods = options.get("periods")
    if periods is not None:
        periods = [periods] if isinstance(periods, str) else periods
        if not isinstance(periods, list) or not all(isinstance(x, str) for x in periods):
            loader.problem(options, "periods", "periods takes a list such as [月, 月収, 日給]")
            return None
    return EntityMatch(
        tuple(sorted(labels)),
        tuple(sorted(channels)) if channels is not None else None,
        allowlisted,
        float(min_amount) if min_amount is not None else None,
        tuple(sorted(periods)) if periods is not None else None,
    )
