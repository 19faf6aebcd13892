"""``job_post`` and ``history``: a condition read on what surrounds the message.

The caller may pass the job post the thread belongs to and the sender's earlier messages
(:class:`scamguard.Context`). These kinds evaluate any condition on them instead of on the
message::

    when:
      all:
        - job_post: {phrases: [記事作成, データ入力]}    # the post is about writing or data entry
        - phrases: [別サイト, 会員登録]                   # …and the message offers something else

They are true "at no particular place" (the spans of a reason always point into the message
itself), and false when the context, or that part of it, is missing. Only the bounded
window the engine keeps is read (``context:`` in ``rules.yaml``). What they matched is kept
for the reason's message: a rule's message may say ``{job_post}`` or ``{history}`` to quote it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import regex

from scamguard.normalize import Normalized, normalize
from scamguard.rules.doc import Doc, Spans
from scamguard.rules.kinds.base import Condition, Loader, walk

__all__ = ["SOURCES", "Surrounding", "matched_context", "parse_history", "parse_job_post", "side_doc"]

#: The parts of a context a condition can read, as they are named in reasons.
SOURCES: tuple[str, ...] = ("job_post", "history")
OPTIONS: dict[str, str] = {}
DOC_JOB_POST = "true when the condition holds on the job post the thread belongs to: job_post: {phrases: [記事]}"
DOC_HISTORY = "true when the condition holds on the sender's recent messages: history: {entity: channel}"
_EXCERPT_CHARS = 30


def _side(doc: Doc, source: str) -> tuple[Doc, Normalized] | None:
    cache: dict[str, tuple[Doc, Normalized] | None] = doc.__dict__.setdefault("_side_docs", {})
    if source in cache:
        return cache[source]
    ctx = doc.context
    text: str | None = None
    if ctx is not None:
        text = ctx.job_post if source == "job_post" else "\n".join(ctx.history)
    side: tuple[Doc, Normalized] | None = None
    if text:
        norm = normalize(text)
        side = Doc(norm.text, doc.config, stage=doc.stage, role=doc.role), norm
    cache[source] = side
    return side


def side_doc(doc: Doc, source: str) -> Doc | None:
    """The job post or the history of ``doc``'s context as a document of its own (built once
    per message, on first use), or None when the context has none."""
    side = _side(doc, source)
    return side[0] if side is not None else None


_WORD = regex.compile(r"[\p{Han}\p{Katakana}ーa-z0-9]")


def _excerpt(norm: Normalized, start: int, end: int) -> str:
    """The original text of the word around a match: 記事 in 「SEO記事作成を」 gives SEO記事作成.

    >>> _excerpt(normalize("美容のSEO記事作成をお願いします"), 6, 8)
    'SEO記事作成'
    """
    text = norm.text
    while start > 0 and end - start < _EXCERPT_CHARS and _WORD.match(text[start - 1]):
        start -= 1
    while end < len(text) and end - start < _EXCERPT_CHARS and _WORD.match(text[end]):
        end += 1
    a, b = norm.to_original(start, end)
    return norm.original[a:b]


def _notes(doc: Doc) -> dict[Hashable, str]:
    notes: dict[Hashable, str] = doc.__dict__.setdefault("_context_notes", {})
    return notes


class Surrounding(Condition):
    """True when ``child`` holds on the job post or the history (``source``)."""

    cost = 4  # builds (and maybe tokenizes) a second document: evaluate last

    def __init__(self, source: str, child: Condition) -> None:
        self.source = source
        self.child = child

    @property
    def key(self) -> Hashable:
        return (self.source, self.child.key)

    def compute(self, doc: Doc) -> Spans:
        side = _side(doc, self.source)
        if side is None:
            return None
        got = self.child.evaluate(side[0])
        if got is None:
            return None
        if got:
            _notes(doc)[self.key] = _excerpt(side[1], *got[0])
        return []

    def describe(self) -> str:
        return f"{self.source}: ({self.child.describe()})"

    def parts(self) -> tuple[Condition, ...]:
        # its child reads another text (the job post, the history): a walk over this
        # message's conditions stops here
        return ()


def matched_context(condition: Condition, doc: Doc) -> list[tuple[str, str]]:
    """The context parts (``"job_post"``, ``"history"``) that ``condition`` read and found
    true on ``doc``, each with the text it matched there ("" when none in particular)."""
    found: list[tuple[str, str]] = []
    notes = doc.__dict__.get("_context_notes", {})
    for c in walk(condition):
        if isinstance(c, Surrounding) and doc.memo.get(c.memo_key) is not None:
            found.append((c.source, notes.get(c.key, "")))
    return found


def _parse(source: str, value: Any, loader: Loader, container: object, key: object) -> Condition | None:
    child = loader.condition(value, container, key)
    return Surrounding(source, child) if child is not None else None


def parse_job_post(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    """Compile ``job_post: CONDITION``."""
    return _parse("job_post", value, loader, container, key)


def parse_history(value: Any, options: dict[str, Any], loader: Loader, container: object, key: object) -> Condition | None:
    """Compile ``history: CONDITION``."""
    return _parse("history", value, loader, container, key)
