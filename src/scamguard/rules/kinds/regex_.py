"""``regex``: a regular expression on the normalized text (NFKC, lower case).

Patterns use the ``regex`` module's syntax (``\\p{Katakana}``, variable-length look-behind).
Each search runs under a time budget; a pattern that exceeds it raises ``TimeoutError``,
which the engine reports against the rule instead of hanging the send path.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import regex

from scamguard.rules.doc import Doc, Spans
from scamguard.rules.kinds.base import Condition, Loader

KEY = "regex"
OPTIONS: dict[str, str] = {}
DOC = "true where the regular expression matches the normalized text: regex: '月\\s*[0-9]+万'"


class Regex(Condition):
    """Matches a compiled pattern, with a per-search timeout."""

    cost = 0

    def __init__(self, source: str, pattern: regex.Pattern[str], timeout: float) -> None:
        self.source = source
        self.pattern = pattern
        self.timeout = timeout

    @property
    def key(self) -> Hashable:
        return (KEY, self.source)

    def compute(self, doc: Doc) -> Spans:
        spans = [m.span() for m in self.pattern.finditer(doc.text, timeout=self.timeout) if m.end() > m.start()]
        return spans or None

    def describe(self) -> str:
        return f"regex: {self.source}"


def parse(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    if not isinstance(value, str) or not value:
        loader.problem(container, key, "a regex must be a non-empty string; quote it with single quotes")
        return None
    try:
        pattern = regex.compile(value, regex.VERSION1)
    except regex.error as e:
        loader.problem(container, key, f"invalid regex {value!r}: {e}; fix the pattern (test it with: scamguard check --rules FILE 'text')")
        return None
    if pattern.search("") is not None and pattern.fullmatch("") is not None and not value.strip("^$"):
        loader.problem(container, key, f"regex {value!r} matches the empty string everywhere; make it match something")
        return None
    return Regex(value, pattern, loader.regex_timeout)
