"""The wording model: how much a message reads like the scams of the labelled corpora.

Rules name what they catch; scammers keep finding words that no list holds yet. The wording
model reads the whole message instead: a linear model over the character 1- to 3-grams of the
normalized text (TF-IDF with sublinear term frequency, L2-normalized), with one logistic
regression for "scam or not" and one per category for which kind. ``tools/train_model.py``
fits it on ``tests/corpus/`` and writes the bundled ``data/wording.json``; screening needs
only the standard library and one Aho-Corasick scan over the model's n-grams.

What it gives is a :class:`Reading`: the probability that the message is a scam, the
probability of each category, and the stretch read as most likely a scam (the message, or a
window of a few sentences of a long one: what a reason points at). The ``wording`` condition of
``rules.yaml`` decides what to do with it.
"""

from __future__ import annotations

import json
import math
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from operator import itemgetter, mul
from pathlib import Path
from typing import Any

import ahocorasick

__all__ = [
    "DEFAULT_MODEL", "MAX_N", "MIN_N", "WINDOW", "WINDOW_MIN_CHARS", "ModelError", "Reading", "WordingModel", "ngrams", "windows",
]

MIN_N, MAX_N = 1, 3
#: Sentences read together in a long message.
WINDOW = 3
#: Messages up to this long are read whole only: they are as long as the messages the model
#: was trained on, and one scam sentence in them weighs enough.
WINDOW_MIN_CHARS = 250
#: The model shipped with scamguard.
DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "wording.json"


class ModelError(ValueError):
    """A wording model file that cannot be read; the message says which file and why."""


def ngrams(text: str) -> Iterator[str]:
    """Every character n-gram of ``text`` the model counts, shortest first.

    >>> list(ngrams("abc"))
    ['a', 'b', 'c', 'ab', 'bc', 'abc']
    """
    for n in range(MIN_N, MAX_N + 1):
        for i in range(len(text) - n + 1):
            yield text[i : i + n]


def windows(text: str, sentence_ends: Sequence[int]) -> list[tuple[int, int]]:
    """The stretches of a long message that are read on their own besides the whole of it:
    windows of ``WINDOW`` sentences that overlap by one, so that any two neighbouring
    sentences are read together somewhere. None for a message of up to ``WINDOW_MIN_CHARS``
    characters or of too few sentences (it is read whole only).

    >>> windows("あ。" * 200, [2 * k for k in range(1, 201)])[:2]
    [(0, 6), (4, 10)]
    >>> windows("短い。文です。", [3, 7])
    []
    """
    if len(text) <= WINDOW_MIN_CHARS:
        return []
    bounds = [0, *(e for e in sentence_ends if 0 < e < len(text)), len(text)]
    sentences = len(bounds) - 1
    if sentences <= WINDOW:
        return []
    found = []
    for first in range(0, sentences - 1, WINDOW - 1):
        last = min(first + WINDOW, sentences)
        found.append((bounds[first], bounds[last]))
        if last == sentences:
            break
    return found


class Reading:
    """What the model makes of one message.

    A long message is read whole and in windows of a few sentences, so that one scam sentence
    buried in a long, ordinary brief is not drowned out: ``probability`` (of "scam") is that
    of the window read as most likely a scam, and ``span`` is that window. The category
    probabilities cost more and are worked out only when asked for (most messages are read
    as ordinary and never need them).
    """

    __slots__ = ("_categories", "_counts", "_model", "_norm", "probability", "span")

    def __init__(self, model: WordingModel, counts: dict[int, int], norm: float, probability: float,
                 span: tuple[int, int]) -> None:
        self._model = model
        self._counts = counts
        self._norm = norm
        self._categories: dict[str, float] | None = None
        self.probability = probability
        self.span = span

    @property
    def categories(self) -> dict[str, float]:
        """The probability of each category (in the window read as most likely a scam)."""
        if self._categories is None:
            self._categories = self._model._category_probabilities(self._counts, self._norm)
        return self._categories

    @property
    def top(self) -> str:
        """The likeliest category ("" for a model without categories)."""
        found = self.categories
        return max(found, key=found.__getitem__) if found else ""


def _sigmoid(z: float) -> float:
    if z < -60:
        return 0.0
    if z > 60:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


class WordingModel:
    """A trained wording model, ready to read messages (immutable, thread-safe)."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        try:
            features: list[str] = list(data["features"])
            idf: list[float] = [float(v) for v in data["idf"]]
            models: dict[str, Any] = data["models"]
            heads = {
                name: (float(m["intercept"]), [float(w) for w in m["weights"]]) for name, m in models.items()
            }
        except (KeyError, TypeError, ValueError) as e:
            raise ModelError(f"{source}: not a wording model ({e!r}); write one with tools/train_model.py") from e
        if data.get("format") != 1 or data.get("ngrams") != [MIN_N, MAX_N]:
            raise ModelError(f"{source}: model format {data.get('format')!r}, n-grams {data.get('ngrams')!r}; "
                             f"this scamguard reads format 1 with n-grams [{MIN_N}, {MAX_N}]: train it again")
        if "scam" not in heads or any(len(w) != len(features) for _, w in heads.values()) or len(idf) != len(features):
            raise ModelError(f"{source}: the model's weights do not match its {len(features)} n-grams; train it again")
        self.source = source
        self.categories = tuple(name for name in heads if name != "scam")
        self._idf = idf
        self._scam = heads["scam"]
        self._idf_weight = [v * w for v, w in zip(idf, heads["scam"][1], strict=True)]
        self._idf_squared = [v * v for v in idf]
        self._heads = [(name, heads[name]) for name in self.categories]
        self._lengths = [len(f) for f in features]
        automaton = ahocorasick.Automaton()
        for index, feature in enumerate(features):
            automaton.add_word(feature, index)
        if features:
            automaton.make_automaton()
        self._automaton = automaton if features else None

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL) -> WordingModel:
        """The model in ``path`` (read once per process and shared)."""
        key = str(Path(path).resolve())
        with _LOCK:
            found = _LOADED.get(key)
            if found is None:
                try:
                    data = json.loads(Path(key).read_text(encoding="utf-8"))
                except (OSError, ValueError) as e:
                    raise ModelError(f"{path}: cannot read the wording model ({e})") from e
                if not isinstance(data, dict):
                    raise ModelError(f"{path}: not a wording model; write one with tools/train_model.py")
                found = _LOADED[key] = cls(data, str(path))
            return found

    def read(self, text: str, sentence_ends: Sequence[int] = ()) -> Reading:
        """Read ``text`` (normalized), whose sentences end at ``sentence_ends`` (ascending).

        >>> m = WordingModel({"format": 1, "ngrams": [1, 3], "features": ["稼", "簡単"], "idf": [1.0, 1.0],
        ...                   "models": {"scam": {"intercept": -1.0, "weights": [3.0, 2.0]},
        ...                              "mlm": {"intercept": 0.0, "weights": [1.0, 1.0]}}}, "example")
        >>> r = m.read("こんにちは。簡単に稼げます")
        >>> round(r.probability, 2), r.top, r.span
        (0.93, 'mlm', (0, 13))
        >>> text = "こんにちは。" * 50 + "簡単に稼げます"
        >>> r = m.read(text, [6 * k for k in range(1, 51)])
        >>> round(r.probability, 2), r.span
        (0.93, (288, 307))
        """
        automaton = self._automaton
        if automaton is None or not text:
            return self._reading({}, (0, len(text)))
        stretches = windows(text, sentence_ends)
        if not stretches:
            return self._reading(Counter(map(_second, automaton.iter(text))), _trim(text, 0, len(text)))
        # The text is scanned once: the matches come ordered by where they end, so a window's
        # n-grams are a slice of them, less the few at its head that begin before it (what a
        # scan of the window alone finds, in the same order, so every sum is the same to the
        # last bit)
        matches = list(automaton.iter(text))
        ends = list(map(_first, matches))
        lengths = self._lengths
        best = self._reading(Counter(map(_second, matches)), _trim(text, 0, len(text)))
        for start, end in stretches:
            lo, hi = bisect_left(ends, start), bisect_left(ends, end)
            head = bisect_left(ends, start + MAX_N - 1, lo, hi)  # matches that may begin before start
            inside = [m for m in matches[lo:head] if m[0] - lengths[m[1]] + 1 >= start]
            counts = Counter(map(_second, inside))
            counts.update(map(_second, matches[head:hi]))
            reading = self._reading(counts, _trim(text, start, end))
            if reading.probability >= best.probability:  # on a tie, the narrower stretch
                best = reading
        return best

    def _reading(self, counts: dict[int, int], span: tuple[int, int]) -> Reading:
        idf_weight, idf_squared = self._idf_weight, self._idf_squared
        z = squares = 0.0
        for i, c in counts.items():
            if c == 1:  # most n-grams occur once: tf-idf is the idf itself
                squares += idf_squared[i]
                z += idf_weight[i]
            elif c < _TF_TABLE:
                squares += _TF_SQUARED[c] * idf_squared[i]
                z += _TF[c] * idf_weight[i]
            else:
                tf = 1.0 + math.log(c)
                squares += tf * tf * idf_squared[i]
                z += tf * idf_weight[i]
        norm = math.sqrt(squares) or 1.0
        return Reading(self, counts, norm, _sigmoid(self._scam[0] + z / norm), span)

    def _category_probabilities(self, counts: dict[int, int], norm: float) -> dict[str, float]:
        idf = self._idf
        indices = list(counts)
        x = [(idf[i] if c == 1 else _tf(c) * idf[i]) / norm for i, c in counts.items()]
        # each head's dot product in C, with the same products added in the same order
        return {name: _sigmoid(b + sum(map(mul, x, map(w.__getitem__, indices)))) for name, (b, w) in self._heads}


#: sublinear term frequencies 1 + log(c) of the small counts, worked out once (the same
#: floats as computing them each time: a table is read faster than log is called)
_TF_TABLE = 256
_TF = [0.0, *(1.0 + math.log(c) for c in range(1, _TF_TABLE))]
_TF_SQUARED = [tf * tf for tf in _TF]


def _tf(c: int) -> float:
    return _TF[c] if c < _TF_TABLE else 1.0 + math.log(c)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_first = itemgetter(0)
_second = itemgetter(1)
_LOCK = threading.Lock()
_LOADED: dict[str, WordingModel] = {}
