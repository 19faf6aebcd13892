"""Email addresses, plain or written around filters.

An address is read from each "@" outward: the local part backwards, the domain forwards.
"@" may be written ``＠`` (folded by NFKC), ``(at)`` ``[at]`` ``アットマーク`` ``あっと``, as a
bare ``at`` between spaces, or as any symbol the message says stands for it
(「★を@に変えてください」); a lone odd symbol (★ ＃ ※) before a free-mail domain counts too.
"." may be written ``ドット`` ``どっと`` ``点`` ``(dot)`` ``[.]`` or 。. A free-mail name with no
dot at all (``taro(at)gmail``, ``taroアットマークジーメール``) is completed to its domain.
"""

from __future__ import annotations

import re

import regex

from scamguard.entities.base import Entity, EntityConfig
from scamguard.entities.common import AT_PATTERN, DOT_PATTERN

__all__ = ["detect"]

_DOT_WORD = DOT_PATTERN
_DOT = rf"(?:\s?\.\s?|\s?(?:{_DOT_WORD})\s?|\s+dot\s+)"
_LOCAL_CHARS = r"[a-z0-9_%+\-]"
_LOCAL_MAX = 96  # characters read back for a local part (64 in the RFC, plus written dots)
_LOCAL = regex.compile(rf"{_LOCAL_CHARS}+(?:{_DOT}{_LOCAL_CHARS}+)*", regex.REVERSE)

# Free-mail names people write without the dot, and the domain each one means.
_FREE_MAIL: dict[str, str] = {
    "gmail": "gmail.com", "ジーメール": "gmail.com", "じーめーる": "gmail.com", "gメール": "gmail.com",
    "yahoo": "yahoo.co.jp", "ヤフー": "yahoo.co.jp", "やふー": "yahoo.co.jp",
    "icloud": "icloud.com", "アイクラウド": "icloud.com",
    "outlook": "outlook.jp", "hotmail": "hotmail.com",
    "docomo": "docomo.ne.jp", "ドコモ": "docomo.ne.jp", "ezweb": "ezweb.ne.jp", "softbank": "softbank.ne.jp",
}
_FREE_MAIL_DOMAINS = frozenset(_FREE_MAIL.values()) | {"i.softbank.jp", "au.com", "me.com", "outlook.com", "ymail.ne.jp"}
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_FREE_NAME = "|".join(re.escape(k) for k in sorted(_FREE_MAIL, key=len, reverse=True))
_DOMAIN = regex.compile(
    rf"\s{{0,2}}(?:(?P<dotted>{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}(?P<tld>[a-z]{{2,12}}))(?![a-z0-9\-])"
    rf"|(?P<free>{_FREE_NAME})(?![a-z0-9\-]))"
)
_AT_WORD = AT_PATTERN
_ODD = "★☆*#&◎●○◯◆◇■□♪♡♥※†"
_AT_PATTERN = rf"@|{_AT_WORD}|(?<=\s)at(?=\s)|[{_ODD}]"
# the same, written as one class of first characters so that ``re`` scans quickly
_AT = re.compile(
    rf"[@(\[{{<【「『アあa{_ODD}](?:(?<=@)|(?<=[(\[{{<【「『])\s?(?:at|@|アットマーク|あっとまーく|アット|あっと)\s?"
    rf"[)\]}}>】」』]|(?<=ア)ット(?:マーク)?|(?<=あ)っと(?:まーく)?|(?<=\sa)t(?=\s)|(?<=[{_ODD}]))"
)
# "★を@に変えてください": the symbol named before を stands for "@"
_SUBSTITUTE = re.compile(
    rf"(?P<sym>[^\s\w「」『』\"']|[a-z])[」』\"']?\s?を\s?(?:@|{_AT_WORD})\s?に\s?"
    r"(?:変|替|か|換|置|直|し)"
)
_WORDED_DOT = re.compile(rf"{_DOT_WORD}|\s+dot\s+")


def _clean(part: str) -> str:
    """An address part with every written dot turned into ``.`` and spaces removed."""
    part = _WORDED_DOT.sub(".", part)
    return "".join(part.split())


def _at_signs(text: str) -> tuple[re.Pattern[str], frozenset[str]]:
    """The pattern for "@" in ``text``: the usual spellings, plus the symbols the text says
    stand for it (returned too)."""
    if "を" not in text or not ("@" in text or "アット" in text or "あっと" in text):
        return _AT, frozenset()
    extra = frozenset(m.group("sym") for m in _SUBSTITUTE.finditer(text)) - {"@"}
    if not extra:
        return _AT, extra
    return re.compile("|".join(re.escape(x) for x in sorted(extra)) + "|" + _AT_PATTERN), extra


def _read(text: str, a: int, b: int, sign: str, substituted: bool) -> Entity | None:
    """The address around the "@" written at ``text[a:b]``, or None.

    Half an address (「@gmail.com です」, the name sent in an earlier message) is not an
    address here: joining messages is the conversation's work (scamguard.conversation).
    """
    local_end = a
    while local_end > 0 and a - local_end < 2 and text[local_end - 1] == " ":
        local_end -= 1
    local = _LOCAL.match(text, max(0, local_end - _LOCAL_MAX), local_end)
    if local is None:
        return None
    start = local.start()
    while start < local_end and text[start] in "-+_%.":
        start += 1
    if start >= local_end:
        return None
    domain = _DOMAIN.match(text, b)
    if domain is None:
        return None
    if domain.group("free"):
        host = _FREE_MAIL[domain.group("free")]
        end = domain.end("free")
    else:
        host = _clean(domain.group("dotted"))
        end = domain.end("dotted")
    free = host in _FREE_MAIL_DOMAINS
    if sign == "at" and not (free or _WORDED_DOT.search(domain.group())):
        return None  # "look at example.com" is English, not an address
    if sign in _ODD and not substituted and not (free and local_end == a and end - b == len(domain.group()) and b - a == 1):
        return None  # a lone ★ stands for "@" only before a free-mail domain, written tight
    value = f"{_clean(text[start:local_end])}@{host}"
    return Entity("email", start, end, value, channel="email", contact=True)


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find email addresses, plain and obfuscated; ``value`` is the address in plain form.

    >>> [e.value for e in detect("taro@example.com まで", EntityConfig())]
    ['taro@example.com']
    >>> [e.value for e in detect("taro.yamada(at)gmail ドット com", EntityConfig())]
    ['taro.yamada@gmail.com']
    >>> [e.value for e in detect("taro▲example.jp(▲を@に変えてください)", EntityConfig())]
    ['taro@example.jp']
    >>> [e.value for e in detect("taro_1234★gmail.com", EntityConfig())]
    ['taro_1234@gmail.com']
    >>> detect("単価@100円、アットホームな職場です。look at example.com", EntityConfig())
    []
    """
    pattern, substitutes = _at_signs(text)
    found: list[Entity] = []
    covered = -1
    for at in pattern.finditer(text):
        a, b = at.span()
        if a < covered:
            continue
        sign = at.group()
        entity = _read(text, a, b, sign, sign in substitutes)
        if entity is not None:
            found.append(entity)
            covered = entity.end
    return found
