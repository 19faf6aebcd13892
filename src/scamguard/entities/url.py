"""URLs: full, without a scheme, shortened, and broken up to slip past filters.

A URL is found from its top-level domain outward, so an ordinary message costs one scan
for "." (or a word for it) before a known TLD: the host is read backwards from there, the
scheme before it, the path after it. The dot may be written ``ドット`` ``点`` ``(dot)``
``[.]`` or 。; the scheme may be spaced (``h t t p s : / /``), defanged (``hxxps``) or
clipped (``ttps://``). Hosts on the configured allow-list (the platform's own domains,
public references) are marked ``allowlisted`` and are not contact details.

Weak TLDs that are also ordinary words or library suffixes (``.me``, ``.io``, ``.to``…)
count only with a scheme, a path, ``www.``, or a host known to be a link service, so that
``socket.io`` or ``how.to`` in a job description is not an outside link.
"""

from __future__ import annotations

import re

import regex

from scamguard.entities.base import Entity, EntityConfig
from scamguard.entities.common import AT_PATTERN, DOT_PATTERN

__all__ = ["CHANNEL_HOSTS", "detect"]

_STRONG_TLDS = (
    "com", "net", "org", "jp", "info", "biz", "xyz", "asia", "tokyo", "osaka", "nagoya", "yokohama", "kyoto",
    "okinawa", "mobi", "edu", "gov", "uk", "de", "fr", "nl", "es", "ru", "cn", "kr", "tw", "hk", "sg", "au",
    "ca", "br", "vn", "th", "ph", "nz", "ch", "se", "pl"
)
# TLDs that are also English words, file or library suffixes: they need more evidence
_WEAK_TLDS = (
    "me", "to", "be", "us", "ly", "gl", "gle", "gg", "io", "ee", "co", "cc", "tv", "fm", "so", "la", "do",
    "ai", "gd", "im", "sh", "ws", "app", "page", "am", "st", "bz", "one", "in", "it", "id", "my", "no", "top",
    "club", "shop", "store", "online", "site", "website", "link", "click", "tech", "dev", "cloud", "space",
    "world", "today", "news", "blog", "live", "life", "work", "works", "fun", "vip", "icu", "buzz", "pw",
    "cyou", "pro", "int"
)
_TLDS = sorted({*_STRONG_TLDS, *_WEAK_TLDS}, key=len, reverse=True)
_WEAK = frozenset(_WEAK_TLDS)

#: Hosts (and their subdomains) that belong to an outside channel, by channel key.
CHANNEL_HOSTS: dict[str, str] = {
    "line.me": "line", "lin.ee": "line", "line.naver.jp": "line", "page.line.me": "line",
    "chatwork.com": "chatwork", "chatwork.jp": "chatwork",
    "discord.gg": "discord", "discord.com": "discord", "discordapp.com": "discord",
    "skype.com": "skype", "join.skype.com": "skype",
    "instagram.com": "instagram", "instagr.am": "instagram",
    "twitter.com": "x", "x.com": "x", "t.co": "x",
    "t.me": "telegram", "telegram.me": "telegram", "telegram.org": "telegram",
    "wa.me": "whatsapp", "whatsapp.com": "whatsapp", "chat.whatsapp.com": "whatsapp",
    "open.kakao.com": "kakaotalk", "pf.kakao.com": "kakaotalk", "qr.kakao.com": "kakaotalk",
    "zoom.us": "zoom", "zoom.com": "zoom", "meet.google.com": "meet",
    "teams.microsoft.com": "teams", "teams.live.com": "teams",
    "facebook.com": "facebook", "fb.com": "facebook", "m.me": "facebook", "messenger.com": "facebook",
    "forms.gle": "form", "docs.google.com": "form", "form.run": "form", "tayori.com": "form",
}
# Link services whose two-letter or word-like TLD would otherwise need a scheme or a path.
_KNOWN_SHORT = frozenset(CHANNEL_HOSTS) | {
    "bit.ly", "goo.gl", "amzn.to", "youtu.be", "ow.ly", "is.gd", "x.gd", "bit.do", "cutt.ly",
    "tiny.cc", "rebrand.ly", "lit.link", "linktr.ee", "shorturl.at", "qr.paps.jp", "v.gd",
}
# Library and product names that are written like hosts
_NOT_HOSTS = frozenset({"asp.net", "ado.net", "vb.net", "socket.io", "chart.js", "node.js", "vue.js"})

_DOT = rf"(?:\s?\.\s?|\s?(?:{DOT_PATTERN})\s?)"
_TLD_ALT = "|".join(_TLDS)
# A dot (in any spelling) right before a TLD, where the TLD ends: the cheap anchor.
# (one class of first characters, the rest behind lookbehinds: ``re`` scans that quickly)
_ANCHOR = re.compile(
    r"[.(\[{<【「『ドど点。](?:(?<=\.)\s?|(?<=[(\[{<【「『])\s?(?:dot|\.|ドット|どっと|点|。)\s?[)\]}>】」』]\s?"
    rf"|(?<=ド)ット\s?|(?<=ど)っと\s?|(?<=[点。])\s?)(?:{_TLD_ALT})(?![a-z0-9\-])"
)
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_HOST_MAX = 253  # characters read back for a host name
_HOST_BEFORE = regex.compile(rf"(?:{_LABEL}{_DOT})*{_LABEL}", regex.REVERSE)
_TAIL = re.compile(
    rf"\s?(?:{_DOT}{_LABEL})*{_DOT}(?P<tld>{_TLD_ALT})(?![a-z0-9\-])"
    r"(?P<port>:[0-9]{1,5})?(?P<path>/[a-z0-9\-._~/?%&=#+:@!,;*$'()\[\]]*)?"
)
_SCHEME_BEFORE = regex.compile(
    r"(?:h\s?[tx*]\s?[tx*]\s?p|[tx]{2}p)\s?s?\s?[:;]\s?/\s?/\s?", regex.REVERSE
)
_WORDED_DOT = re.compile(rf"\s?(?:{DOT_PATTERN}|\.)\s?")
_SPACED_DOT = re.compile(r"\s\.|\.\s")
_NOT_LETTER = re.compile(r"[^a-z]")
_AT_BEFORE = re.compile(rf"(?:@|{AT_PATTERN})\s{{0,2}}$")
_TRAILING = ".,;:!?)'(]["


def _host_channel(host: str) -> str | None:
    """The outside channel a host belongs to (its own entry, or a parent domain's)."""
    parts = host.split(".")
    for i in range(len(parts) - 1):
        channel = CHANNEL_HOSTS.get(".".join(parts[i:]))
        if channel is not None:
            return channel
    return None


def _is_known(host: str) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in _KNOWN_SHORT for i in range(len(parts) - 1))


def _read(text: str, anchor: re.Match[str], config: EntityConfig) -> Entity | None:
    """The URL whose TLD ``anchor`` found, or None when it is not one."""
    host_end_before = anchor.start()
    if host_end_before > 0 and text[host_end_before - 1] == " ":
        host_end_before -= 1  # "example ドット com", "example . com"
    host_start_m = _HOST_BEFORE.match(text, max(0, host_end_before - _HOST_MAX), host_end_before)
    if host_start_m is None:
        return None
    start = host_start_m.start()
    tail = _TAIL.match(text, host_end_before)
    if tail is None:
        return None
    host_end = tail.end("tld")
    if tail.group("port"):
        host_end = tail.end("port")
    raw_host = text[start:host_end]
    host = _WORDED_DOT.sub(".", raw_host.split(":")[0])
    path = tail.group("path") or ""
    end = tail.end("path") if path else host_end
    while end > host_end and text[end - 1] in _TRAILING:
        if text[end - 1] == ")" and text.count("(", host_end, end) >= text.count(")", host_end, end):
            break
        end -= 1
    path = text[host_end:end].strip()
    scheme_m = _SCHEME_BEFORE.match(text, max(0, start - 24), start) if start > 0 else None
    if scheme_m is None and _AT_BEFORE.search(text, max(0, start - 16), start):
        return None  # the domain of an email address, or of half of one (「(at) yahoo (dot) co (dot) jp」)
    if scheme_m is None and _SPACED_DOT.search(raw_host):
        return None  # "end . com" is a sentence more often than a host, unless a scheme comes first
    if host in _NOT_HOSTS and not path and scheme_m is None:
        return None
    tld = host.rsplit(".", 1)[-1]
    if tld in _WEAK and scheme_m is None and not path and not host.startswith("www.") and not _is_known(host):
        return None
    if scheme_m is not None:
        start = scheme_m.start()
        scheme = "https://" if _NOT_LETTER.sub("", scheme_m.group()).endswith("s") else "http://"
    else:
        scheme = ""
    value = scheme + host + "".join(path.split())
    allowed = config.host_allowed(host)
    return Entity("url", start, end, value, channel=_host_channel(host), contact=not allowed, allowlisted=allowed)


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find URLs, full, scheme-less or broken up; ``value`` is the URL written plainly.

    >>> cfg = EntityConfig(allow_hosts=("crowdworks.jp",))
    >>> [(e.value, e.allowlisted) for e in detect("https://crowdworks.jp/x と lin.ee/abc", cfg)]
    [('https://crowdworks.jp/x', True), ('lin.ee/abc', False)]
    >>> [e.value for e in detect("h t t p s : / / example ドット com/lp と hxxp://bit[.]ly/3ab", cfg)]
    ['https://example.com/lp', 'http://bit.ly/3ab']
    >>> [e.value for e in detect("h t t p s : / / work-select . jp / entry から。see you . com", cfg)]
    ['https://work-select.jp']
    >>> detect("socket.ioとNode.jsで開発、ASP.NETも可。3点セット", cfg)
    []
    """
    found: list[Entity] = []
    covered = -1
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < covered:
            continue
        entity = _read(text, anchor, config)
        if entity is not None:
            found.append(entity)
            covered = entity.end
    return found
