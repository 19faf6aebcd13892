"""URLs, with the allow-list of hosts that are not outside redirects."""

from __future__ import annotations

import regex

from scamguard.entities.base import Entity, EntityConfig

__all__ = ["detect"]

_URL = regex.compile(
    r"(?:https?://)?(?P<host>(?:[a-z0-9-]+\.)+(?:com|net|org|jp|me|ly|gl|gg|io|ee|co|info|biz|xyz|site|online|link|app|page|to|cc|tv))(?![a-z0-9-])(?P<path>/[\w\-./?%&=#~+:@!]*)?"
)
_CHANNEL_HOSTS = {
    "line.me": "line", "lin.ee": "line", "chatwork.com": "chatwork", "discord.gg": "discord",
    "discord.com": "discord", "instagram.com": "instagram", "t.me": "telegram",
    "wa.me": "whatsapp", "zoom.us": "zoom", "meet.google.com": "meet",
}


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find URLs, full or without a scheme.

    >>> [(e.value, e.allowlisted) for e in detect("https://crowdworks.jp/x と lin.ee/abc", EntityConfig(allow_hosts=("crowdworks.jp",)))]
    [('https://crowdworks.jp/x', True), ('lin.ee/abc', False)]
    """
    found: list[Entity] = []
    for m in _URL.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] == "@":  # the domain of an email address
            continue
        host = m.group("host")
        channel = next((c for h, c in _CHANNEL_HOSTS.items() if host == h or host.endswith("." + h)), None)
        allowed = config.host_allowed(host)
        found.append(Entity("url", start, m.end(), m.group(), channel=channel, contact=not allowed, allowlisted=allowed))
    return found
