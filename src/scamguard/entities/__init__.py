"""Entity detectors: one module each, listed in :data:`DETECTORS` (no registration by import).

Every detector reads the normalized text and returns :class:`Entity` values in normalized
coordinates. Adding one: write ``entities/NAME.py`` with ``detect(text, config)``, add it
here, and add its label to :data:`scamguard.entities.base.LABELS` if it is new.
"""

from __future__ import annotations

from scamguard.entities import channel, email, money, phone, url
from scamguard.entities.base import LABELS, Detector, Entity, EntityConfig

__all__ = ["DETECTORS", "LABELS", "Detector", "Entity", "EntityConfig", "detect_all"]

DETECTORS: dict[str, Detector] = {
    "phone": phone.detect,
    "email": email.detect,
    "url": url.detect,
    "channel": channel.detect,
    "money": money.detect,
}


def detect_all(text: str, config: EntityConfig) -> list[Entity]:
    """Run every detector over ``text``; entities sorted by position."""
    found: list[Entity] = []
    for detect in DETECTORS.values():
        found.extend(detect(text, config))
    found.sort(key=lambda e: (e.start, -e.end))
    return found
