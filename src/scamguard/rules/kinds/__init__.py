"""Condition kinds: one module each, listed in :data:`KINDS` (an explicit registry).

A kind is the key that starts a condition in ``rules.yaml`` (``words:``, ``regex:``…).
Each entry gives the function that compiles it, the options it accepts beside its key, and
a one-line description for ``scamguard rules explain`` and error messages. Adding a kind
touches three places: its module, this registry, and its tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scamguard.rules.kinds import context_, entity, logic, near, phrases, regex_, use, wording, words
from scamguard.rules.kinds.base import Condition, Loader

__all__ = ["KINDS", "Condition", "Kind", "Loader"]

Parse = Callable[[Any, dict[str, Any], Loader, object, object], Condition | None]


@dataclass(frozen=True, slots=True)
class Kind:
    """A condition kind: how to compile it and which options it takes."""

    parse: Parse
    options: dict[str, str]
    doc: str


KINDS: dict[str, Kind] = {
    "words": Kind(words.parse, words.OPTIONS, words.DOC),
    "phrases": Kind(phrases.parse, phrases.OPTIONS, phrases.DOC),
    "regex": Kind(regex_.parse, regex_.OPTIONS, regex_.DOC),
    "entity": Kind(entity.parse, entity.OPTIONS, entity.DOC),
    "all": Kind(logic.parse_all, logic.OPTIONS, "true when every condition in the list is"),
    "any": Kind(logic.parse_any, logic.OPTIONS, "true when at least one condition in the list is"),
    "not": Kind(logic.parse_not, logic.OPTIONS, "true when the condition is false"),
    "near": Kind(near.parse_near, near.OPTIONS_NEAR, "true where all the conditions match within N tokens of each other"),
    "use": Kind(use.parse, use.OPTIONS, use.DOC),
    "sentence": Kind(near.parse_sentence, near.OPTIONS_SENTENCE, "true where all the conditions match in one sentence"),
    "job_post": Kind(context_.parse_job_post, context_.OPTIONS, context_.DOC_JOB_POST),
    "history": Kind(context_.parse_history, context_.OPTIONS, context_.DOC_HISTORY),
    "wording": Kind(wording.parse, wording.OPTIONS, wording.DOC),
}
