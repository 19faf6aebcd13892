"""Money claims: an amount of yen, often with a period (月30万, 日給2万円, 時給5000円)."""

from __future__ import annotations

import regex

from scamguard.entities.base import Entity, EntityConfig

__all__ = ["detect"]

_MONEY = regex.compile(
    r"(?:(?P<period>月|月収|月給|日給|日収|日当|時給|年収|週|1日|一日|毎月)\s*)?"
    r"(?P<amount>[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<unit>万円|万|千円|円)"
)


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find amounts of money; ``value`` is the amount in yen, with the period when given.

    >>> [e.value for e in detect("コピペのみで月30万、単価3,000円", EntityConfig())]
    ['月:300000', '3000']
    """
    found: list[Entity] = []
    for m in _MONEY.finditer(text):
        try:
            amount = float(m.group("amount").replace(",", ""))
        except ValueError:
            continue
        unit = m.group("unit")
        amount *= {"万円": 10000, "万": 10000, "千円": 1000}.get(unit, 1)
        period = m.group("period")
        value = f"{period}:{int(amount)}" if period else str(int(amount))
        found.append(Entity("money", m.start(), m.end(), value))
    return found
