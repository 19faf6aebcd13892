"""``use``: a named condition defined once under ``conditions:`` and reused by many rules.

conditions:
  negated:
    any: [{phrases: $negations}, {regex: '(?:ません|ない)(?!か)'}]
rules:
  - id: ...
    unless: {use: negated}
"""

from __future__ import annotations

from typing import Any

from scamguard.rules.kinds.base import Condition, Loader

KEY = "use"
OPTIONS: dict[str, str] = {}
DOC = "the named condition defined under conditions: (use: negated)"


def parse(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    if not isinstance(value, str):
        loader.problem(container, key, "use takes the name of a condition defined under conditions:")
        return None
    return loader.named(value, container, key)
