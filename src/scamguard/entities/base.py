"""What a detector finds, and the settings detectors share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["LABELS", "Detector", "Entity", "EntityConfig"]

#: Every entity label a rule may name.
LABELS: frozenset[str] = frozenset(
    {"phone", "email", "url", "handle", "channel", "pointer", "money"}
)


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing found in the normalized text.

    ``start``/``end`` index the *normalized* text; the verdict maps them to the original.
    ``value`` is canonical: a phone in E.164, an address or a URL written plainly (dots and
    "@" restored, lower case), a handle as given, a channel's key (``"line"``), a pointer's
    kind (``"pinned"``, ``"profile"``, ``"search"``…), money as ``[period:]yen``.
    ``channel`` names the outside service an entity belongs to, when known (the keys are
    listed in :mod:`scamguard.entities.channel`; links may also carry ``"form"``).
    ``contact`` says whether the entity is a contact detail that redaction masks (phones,
    addresses, handles, URLs not on the allow-list). ``allowlisted`` marks URLs on the
    configured allow-list (the platform's own hosts…).
    """

    label: str
    start: int
    end: int
    value: str
    channel: str | None = None
    contact: bool = False
    allowlisted: bool = False


@dataclass(frozen=True, slots=True)
class EntityConfig:
    """Settings from the ``entities:`` section of ``rules.yaml``."""

    allow_hosts: tuple[str, ...] = ()
    mask: str = "＊＊＊"
    region: str = "JP"
    extra: dict[str, object] = field(default_factory=dict)

    def host_allowed(self, host: str) -> bool:
        """True when ``host`` is an allow-listed host or a subdomain of one."""
        host = host.lower().rstrip(".")
        return any(host == h or host.endswith("." + h) for h in self.allow_hosts)


#: A detector reads the normalized text and returns what it finds.
Detector = Callable[[str, EntityConfig], list[Entity]]
