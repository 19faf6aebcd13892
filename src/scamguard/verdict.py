"""The verdict: the only place where positions go back to the original text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["EntitySpan", "Reason", "Verdict", "redact"]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a verdict is what it is: one fired rule, pointing into the original text.

    ``text[start:end] == excerpt``. ``context`` is None, or what outside the text the reason
    used: "history", "job_post" or "sender".
    """

    rule_id: str
    category: str
    score: float
    message: str
    start: int
    end: int
    excerpt: str
    context: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rule_id": self.rule_id,
            "category": self.category,
            "score": self.score,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A detected entity in original-text coordinates."""

    label: str
    start: int
    end: int
    value: str
    channel: str | None
    contact: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "channel": self.channel,
            "contact": self.contact,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of screening one message."""

    action: str
    score: float
    categories: frozenset[str]
    reasons: tuple[Reason, ...]
    redacted: str
    stage: str
    notice: str = ""
    recipient_notice: str = ""
    entities: tuple[EntitySpan, ...] = field(default=())
    errors: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``json.dumps(v.to_dict(), ensure_ascii=False)``)."""
        return {
            "action": self.action,
            "score": self.score,
            "categories": sorted(self.categories),
            "reasons": [r.to_dict() for r in self.reasons],
            "redacted": self.redacted,
            "stage": self.stage,
            "notice": self.notice,
            "recipient_notice": self.recipient_notice,
            "entities": [e.to_dict() for e in self.entities],
            "errors": list(self.errors),
        }


def redact(text: str, spans: list[tuple[int, int]], mask: str) -> str:
    """Replace each span of ``text`` (merged where they overlap) with ``mask``.

    >>> redact("TEL 090-1234-5678 まで", [(4, 17)], "＊＊＊")
    'TEL ＊＊＊ まで'
    """
    if not spans:
        return text
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out = []
    last = 0
    for a, b in merged:
        out.append(text[last:a])
        out.append(mask)
        last = b
    out.append(text[last:])
    return "".join(out)
