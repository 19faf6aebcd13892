"""Money claims: an amount of yen, often with a period (月30万, 日給2万円, 時給5000円)."""

from __future__ import annotations

import re

import regex

from scamguard.entities.base import Entity, EntityConfig

__all__ = ["detect"]

# The amount is found first (a digit begins it, which ``re`` scans for quickly; not one in
# the middle of a longer number, so a long run of digits is read once), then the period is
# read backwards from it.
_AMOUNT = re.compile(r"[0-9](?<![0-9][0-9])(?<![0-9],[0-9])[0-9,]*+(?:\.[0-9]+)?\s*(?:万円|万|千円|円)")
_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_PERIOD_BEFORE = regex.compile(r"(?P<period>月収|月給|日給|日収|日当|時給|年収|1日|一日|毎月|月|週)\s*", regex.REVERSE)


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find amounts of money; ``value`` is the amount in yen, with the period when given.

    >>> [e.value for e in detect("コピペのみで月30万、単価3,000円", EntityConfig())]
    ['月:300000', '3000']
    """
    found: list[Entity] = []
    for m in _AMOUNT.finditer(text):
        number = _NUMBER.match(text, m.start())
        if number is None:  # cannot happen: the amount begins with a number
            continue
        try:
            amount = float(number.group().replace(",", ""))
        except ValueError:
            continue
        unit = text[number.end() : m.end()].strip()
        amount *= {"万円": 10000, "万": 10000, "千円": 1000}.get(unit, 1)
        start = m.start()
        before = _PERIOD_BEFORE.match(text, max(0, start - 8), start)
        period = before.group("period") if before else None
        if before is not None:
            start = before.start()
        value = f"{period}:{int(amount)}" if period else str(int(amount))
        found.append(Entity("money", start, m.end(), value))
    return found
