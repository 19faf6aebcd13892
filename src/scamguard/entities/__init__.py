"""Entity detectors: one module each, listed in :data:`DETECTORS` (no registration by import).

Every detector reads the normalized text and returns :class:`Entity` values in normalized
coordinates. Adding one: write ``entities/NAME.py`` with ``detect(text, config)``, add it
here, and add its label to :data:`scamguard.entities.base.LABELS` if it is new.

Where detectors see the same characters, :func:`detect_all` keeps the more specific
reading: a URL, a handle or a channel name inside an email address is part of the address
(taro(at)gmail.com), a handle inside a URL is part of the link, and a phone number inside a
URL is part of its path. A channel name inside a URL stays: line.me names LINE.
"""

from __future__ import annotations

from bisect import bisect_right

from scamguard.entities import channel, email, handle, money, phone, pointer, url
from scamguard.entities.base import LABELS, Detector, Entity, EntityConfig

__all__ = ["DETECTORS", "LABELS", "Detector", "Entity", "EntityConfig", "detect_all"]

DETECTORS: dict[str, Detector] = {
    "phone": phone.detect,
    "email": email.detect,
    "url": url.detect,
    "channel": channel.detect,
    "handle": handle.detect,
    "pointer": pointer.detect,
    "money": money.detect,
}

# label -> the labels whose spans swallow it
_INSIDE: dict[str, tuple[str, ...]] = {
    "url": ("email",),
    "handle": ("email", "url"),
    "phone": ("url", "email"),
    "channel": ("email",),
}


def _reach(spans: list[Entity]) -> tuple[list[int], list[int]]:
    """Starts of ``spans`` in order, and for each the furthest end of any span so far."""
    spans = sorted(spans, key=lambda e: e.start)
    reach: list[int] = []
    furthest = -1
    for e in spans:
        furthest = max(furthest, e.end)
        reach.append(furthest)
    return [e.start for e in spans], reach


def _drop_swallowed(found: list[Entity]) -> list[Entity]:
    """Leave out entities that lie inside a more specific one (see the module docstring)."""
    outers = {label: [e for e in found if e.label == label] for label in ("email", "url")}
    if not any(outers.values()):
        return found
    index = {label: _reach(spans) for label, spans in outers.items() if spans}

    def swallowed(e: Entity) -> bool:
        for label in _INSIDE.get(e.label, ()):
            if label in index:
                starts, reach = index[label]
                i = bisect_right(starts, e.start) - 1
                if i >= 0 and reach[i] >= e.end:
                    return True
        return False

    return [e for e in found if not swallowed(e)]


def detect_all(text: str, config: EntityConfig) -> list[Entity]:
    """Run every detector over ``text``; entities sorted by position.

    >>> [(e.label, e.value) for e in detect_all("taro(at)gmail.com か line id: taro_99", EntityConfig())]
    [('email', 'taro@gmail.com'), ('channel', 'line'), ('handle', 'taro_99')]
    """
    found: list[Entity] = []
    for detect in DETECTORS.values():
        found.extend(detect(text, config))
    found = _drop_swallowed(found)
    found.sort(key=lambda e: (e.start, -e.end))
    return found
