"""Japanese phone numbers, validated against the numbering plan with phonenumbers."""

from __future__ import annotations

import phonenumbers
import regex

from scamguard.entities.base import Entity, EntityConfig

__all__ = ["detect"]

_CANDIDATE = regex.compile(r"(?<![0-9])(?:\+81[- ]?|0)[0-9](?:[- ]?[0-9]){7,10}(?![0-9])")


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find phone numbers that are valid in the Japanese numbering plan.

    >>> [e.value for e in detect("090-1234-5678まで", EntityConfig())]
    ['+819012345678']
    >>> detect("2025-09-01 に 30000円", EntityConfig())
    []
    """
    found: list[Entity] = []
    for m in _CANDIDATE.finditer(text):
        try:
            number = phonenumbers.parse(m.group(), config.region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        found.append(Entity("phone", m.start(), m.end(), value, channel="phone", contact=True))
    return found
