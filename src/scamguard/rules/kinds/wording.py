"""``wording``: the wording model reads the message as a scam, of a given category.

The rules name the wording they know; the model (:mod:`scamguard.wording`) reads the whole
message and catches scams written in words no list holds yet. ``wording: mlm`` is true when
the model's probability of "scam" reaches ``min_probability`` and ``mlm`` is the likeliest
category (``wording: any``: whatever the category). It points at the stretch the model read
as most likely a scam (the message, or a window of a few sentences of a long one). The
condition needs no particular string, so it is evaluated on every message; its cost is one
Aho-Corasick scan, shared by every ``wording`` condition.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from scamguard.rules.doc import Doc, Spans
from scamguard.rules.kinds.base import Condition, Loader
from scamguard.wording import ModelError, WordingModel

KEY = "wording"
OPTIONS: dict[str, str] = {
    "min_probability": "how sure the model must be that the message is a scam, between 0 and 1 (default 0.85)",
    "min_chars": "the model speaks only on messages with at least this many letters and digits (default 15)",
}
DOC = "true where the wording model reads the message as a scam of this category: wording: mlm (or any)"
DEFAULT_MIN_PROBABILITY = 0.85
# A reply of a few words (「合ってます！」「ZIPで送りますね」) gives the model too little to read:
# its few n-grams weigh so much that the probability swings to either end.
DEFAULT_MIN_CHARS = 15


class Wording(Condition):
    """The wording model's reading of the message, for one category (or any)."""

    # As cheap as a text test: the reading is made once per message and shared by every
    # wording condition (the bundled rules make it on every message anyway), and it is false
    # on most messages, so asked first it spares its rule the other conditions.
    cost = 0

    def __init__(self, category: str, min_probability: float, model: WordingModel, min_chars: int = DEFAULT_MIN_CHARS) -> None:
        self.category = category
        self.min_probability = min_probability
        self.min_chars = min_chars
        self.model = model

    @property
    def key(self) -> Hashable:
        return (KEY, self.category, self.min_probability, self.min_chars, self.model.source)

    def compute(self, doc: Doc) -> Spans:
        if not doc.has_letters(self.min_chars):
            return None
        reading = doc.reading(self.model)
        if reading.probability < self.min_probability:
            return None
        if self.category != "any" and reading.top != self.category:
            return None
        return [reading.span]

    def describe(self) -> str:
        what = "a scam" if self.category == "any" else f"a scam of category {self.category}"
        return (f"wording: the model reads {what} with probability at least {self.min_probability:g} "
                f"(messages of {self.min_chars} letters and digits or more)")


def parse(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    try:
        model = WordingModel.load()
    except ModelError as e:
        loader.problem(container, key, str(e))
        return None
    if value != "any" and value not in model.categories:
        loader.problem(container, key, f"wording takes a category or any: {', '.join(model.categories)}, any")
        return None
    threshold = options.get("min_probability", DEFAULT_MIN_PROBABILITY)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        loader.problem(container, "min_probability", "min_probability takes a number between 0 and 1, e.g. 0.85")
        return None
    min_chars = options.get("min_chars", DEFAULT_MIN_CHARS)
    if isinstance(min_chars, bool) or not isinstance(min_chars, int) or min_chars < 0:
        loader.problem(container, "min_chars", "min_chars takes a whole number of letters and digits, e.g. 15")
        return None
    return Wording(str(value), float(threshold), model, min_chars)
