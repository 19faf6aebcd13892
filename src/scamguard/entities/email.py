"""Email addresses."""

from __future__ import annotations

import regex

from scamguard.entities.base import Entity, EntityConfig

__all__ = ["detect"]

_EMAIL = regex.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find email addresses.

    >>> [e.value for e in detect("taro@example.com まで", EntityConfig())]
    ['taro@example.com']
    """
    return [
        Entity("email", m.start(), m.end(), m.group(), channel="email", contact=True)
        for m in _EMAIL.finditer(text)
    ]
