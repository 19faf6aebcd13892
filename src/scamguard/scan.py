"""Screening a JSONL archive: streamed, in input order, in worker processes if asked.

The input is read one line at a time and cut into small chunks; at most a few chunks per
worker are in flight, and results are written in input order as soon as the oldest chunk is
done. Memory therefore stays flat however large the file is. Each worker process compiles
the rules once (from the same text the parent validated), so every line is screened with
exactly the rules that were checked.

A line that cannot be screened (not JSON, not an object, no text, an unknown stage…) does
not stop the scan: it becomes an error record ``{"line": N, "error": "..."}`` in the output
and is counted. Blank lines are skipped.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from scamguard.context import Context, Sender
from scamguard.engine import Screener
from scamguard.rules.loader import compile_rules
from scamguard.rules.model import KINDS_OF_MESSAGE, ROLES, STAGES, RuleSet

__all__ = [
    "BadLine",
    "Chunk",
    "ChunkResult",
    "ScanError",
    "ScanOptions",
    "Tally",
    "context_from_json",
    "read_chunks",
    "scan",
    "screen_chunk",
    "screen_line",
]

LINES_PER_CHUNK = 256
BYTES_PER_CHUNK = 1 << 20
MAX_LINE_BYTES = 8 << 20
CHUNKS_PER_WORKER = 4
_BOM = b"\xef\xbb\xbf"
_SENDER_FIELDS = ("certified", "identity_verified", "account_age_days", "completed_contracts", "prior_violations")


class BadLine(ValueError):
    """A line of the input that cannot be screened; the message says why."""


class ScanError(Exception):
    """The scan itself cannot go on (a worker process died)."""


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Where the fields of each input object are, and the stage when a line gives none."""

    text_field: str = "text"
    stage_field: str = "stage"
    role_field: str = "role"
    id_field: str = "id"
    context_field: str = "context"
    default_stage: str = "pre_contract"


@dataclass(slots=True)
class Tally:
    """Counts over the lines screened so far."""

    messages: int = 0
    bad: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        """Add ``other``'s counts to these."""
        self.messages += other.messages
        self.bad += other.bad
        self.actions.update(other.actions)
        self.categories.update(other.categories)


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive input lines; ``None`` stands for a line too long to read."""

    first_line: int
    lines: tuple[bytes | None, ...]
    size: int


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The output records of one chunk (JSONL bytes), its counts and its bad lines."""

    output: bytes
    tally: Tally
    bad_lines: tuple[tuple[int, str], ...]
    size: int


# -- reading ---------------------------------------------------------------------------------


def read_chunks(stream: BinaryIO, *, lines_per_chunk: int = LINES_PER_CHUNK,
                bytes_per_chunk: int = BYTES_PER_CHUNK, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Chunk]:
    """Cut a binary stream into chunks of whole lines, never holding more than one chunk.

    A line longer than ``max_line_bytes`` is skipped without being kept in memory and shows
    up as ``None`` (reported later as a bad line). A UTF-8 byte-order mark is dropped.

    >>> import io
    >>> [c.lines for c in read_chunks(io.BytesIO(b'a\\nb\\nc'), lines_per_chunk=2)]
    [(b'a\\n', b'b\\n'), (b'c',)]
    """
    number = 0
    first = 1
    lines: list[bytes | None] = []
    size = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            break
        number += 1
        consumed = len(raw)
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        line: bytes | None = raw
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            consumed += _skip_rest_of_line(stream)
            line = None
        lines.append(line)
        size += consumed
        if len(lines) >= lines_per_chunk or size >= bytes_per_chunk:
            yield Chunk(first, tuple(lines), size)
            first, lines, size = number + 1, [], 0
    if lines:
        yield Chunk(first, tuple(lines), size)


def _skip_rest_of_line(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        piece = stream.readline(1 << 20)
        skipped += len(piece)
        if not piece or piece.endswith(b"\n"):
            return skipped


# -- one line ----------------------------------------------------------------------------------


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type.

    >>> _json_type([]), _json_type(None), _json_type(3)
    ('an array', 'null', 'a number')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "a string" if isinstance(value, str) else type(value).__name__


def context_from_json(raw: object) -> Context | None:
    """A :class:`Context` from its JSON form ``{kind, history, job_post, sender}`` (or null).

    Raises :class:`BadLine` saying which field is wrong.

    >>> context_from_json({"kind": "job_post"}).kind
    'job_post'
    """
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise BadLine(f"context must be an object {{kind, history, job_post, sender}}, got {_json_type(raw)}")
    kind = raw.get("kind", "message")
    if kind not in KINDS_OF_MESSAGE:
        raise BadLine(f"context.kind must be one of {', '.join(KINDS_OF_MESSAGE)}, got {kind!r}")
    history = raw.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise BadLine("context.history must be an array of strings (earlier messages, oldest first)")
    job_post = raw.get("job_post")
    if job_post is not None and not isinstance(job_post, str):
        raise BadLine(f"context.job_post must be a string or null, got {_json_type(job_post)}")
    sender_raw = raw.get("sender")
    sender = None
    if sender_raw is not None:
        if not isinstance(sender_raw, dict):
            raise BadLine(f"context.sender must be an object or null, got {_json_type(sender_raw)}")
        unknown = sorted(set(sender_raw) - set(_SENDER_FIELDS))
        if unknown:
            raise BadLine(f"context.sender has an unknown field {unknown[0]!r}; use: {', '.join(_SENDER_FIELDS)}")
        try:
            sender = Sender(**sender_raw)
        except (TypeError, ValueError) as e:
            raise BadLine(f"context.sender: {e}") from None
    return Context(kind=kind, history=tuple(history), job_post=job_post, sender=sender)


def _decode(raw: bytes) -> object:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadLine(f"not UTF-8 text (byte 0x{raw[e.start]:02x} at column {e.start + 1}); "
                      "save the file as UTF-8") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BadLine(f"invalid JSON: {e.msg} at column {e.colno}") from None


def _fields(obj: dict[str, Any], options: ScanOptions) -> tuple[str, str, str | None, Context | None]:
    """The text, stage, role and context of one input object, checked."""
    name = options.text_field
    if name not in obj:
        present = ", ".join(list(obj)[:6]) or "none"
        raise BadLine(f"no {name!r} field (fields here: {present}); choose the text field with --text-field")
    text = obj[name]
    if not isinstance(text, str):
        raise BadLine(f"{name!r} must be a string, got {_json_type(text)}")
    stage = obj.get(options.stage_field)
    if stage is None:
        stage = options.default_stage
    elif stage not in STAGES:
        raise BadLine(f"{options.stage_field!r} must be one of {', '.join(STAGES)}, got {stage!r}")
    role = obj.get(options.role_field)
    if role is not None and role not in ROLES:
        raise BadLine(f"{options.role_field!r} must be client, worker or null, got {role!r}")
    context = context_from_json(obj.get(options.context_field))
    return text, stage, role, context


def screen_line(screener: Screener, raw: bytes | None, number: int,
                options: ScanOptions) -> tuple[dict[str, Any], str | None]:
    """The output record for one input line, and the error when it could not be screened.

    >>> import scamguard
    >>> s = scamguard.Screener.from_path(scamguard.default_rules_path(), check_examples=False)
    >>> record, error = screen_line(s, '{"id": 7, "text": "LINEのIDを教えて", "stage": "pre_escrow"}'.encode(), 3,
    ...                             ScanOptions())
    >>> record["line"], record["id"], record["action"] in ("allow", "warn", "hold", "block"), error
    (3, 7, True, None)
    >>> record, error = screen_line(s, b'{"id": 8, "text": "hello"', 4, ScanOptions())
    >>> print(record)
    {'line': 4, 'error': "invalid JSON: Expecting ',' delimiter at column 26"}
    """
    record: dict[str, Any] = {"line": number}
    try:
        if raw is None:
            raise BadLine(f"line longer than {MAX_LINE_BYTES // (1 << 20)} MiB; skipped")
        obj = _decode(raw)
        if not isinstance(obj, dict):
            raise BadLine(f"expected a JSON object, got {_json_type(obj)}")
        if options.id_field in obj:
            record["id"] = obj[options.id_field]
        text, stage, role, context = _fields(obj, options)
        verdict = screener.screen(text, stage=stage, role=role, context=context)
    except (BadLine, TypeError, ValueError) as e:
        record["error"] = str(e)
        return record, str(e)
    record.update(verdict.to_dict())
    return record, None


def _dumps(record: dict[str, Any]) -> bytes:
    """One JSONL line; a lone surrogate in a message is written as a JSON escape."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def screen_chunk(screener: Screener, chunk: Chunk, options: ScanOptions) -> ChunkResult:
    """Screen every line of ``chunk``: the output bytes, the counts and the bad lines."""
    out: list[bytes] = []
    tally = Tally()
    bad: list[tuple[int, str]] = []
    for number, raw in enumerate(chunk.lines, start=chunk.first_line):
        if raw is not None and not raw.strip():
            continue
        record, error = screen_line(screener, raw, number, options)
        out.append(_dumps(record))
        if error is not None:
            tally.bad += 1
            bad.append((number, error))
            continue
        tally.messages += 1
        tally.actions[record["action"]] += 1
        tally.categories.update(record["categories"])
    return ChunkResult(b"".join(out), tally, tuple(bad), chunk.size)


# -- worker processes ----------------------------------------------------------------------------

_worker: tuple[Screener, ScanOptions] | None = None


def _init_worker(rules_text: str, rules_path: str, options: ScanOptions, ruleset: RuleSet | None = None) -> None:
    """Set up a worker process with the parent's compiled rules (handed over, not compiled
    again: compiling costs as much as screening thousands of messages), or compile them once
    there; Ctrl-C is left to the parent."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (Screener(ruleset if ruleset is not None else compile_rules(rules_text, rules_path)), options)


def _work(chunk: Chunk) -> ChunkResult:
    if _worker is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker used before it was initialized")
    screener, options = _worker
    return screen_chunk(screener, chunk, options)


# -- the scan ---------------------------------------------------------------------------------------


def scan(source: BinaryIO, sink: BinaryIO, *, rules_text: str, rules_path: str, ruleset: RuleSet | None = None,
         options: ScanOptions | None = None, workers: int = 1,
         on_chunk: Callable[[ChunkResult], None] | None = None,
         chunks: Iterator[Chunk] | None = None) -> Tally:
    """Screen every line of ``source`` (JSONL bytes) into ``sink``, in input order.

    ``rules_text`` / ``rules_path``: the rules file's content (already validated) and its
    name for messages; ``ruleset``, when given, those rules already compiled from that text
    (the workers are handed it instead of compiling it again). ``workers`` > 1 screens in that many processes. ``on_chunk`` is
    called with each chunk's result, in input order, after its output is written.
    ``chunks``, when given, is read instead of ``source`` (for callers that cut their own).
    """
    options = options or ScanOptions()
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, got {workers}")
    chunks = chunks if chunks is not None else read_chunks(source)
    total = Tally()

    def emit(result: ChunkResult) -> None:
        sink.write(result.output)
        total.merge(result.tally)
        if on_chunk is not None:
            on_chunk(result)

    if workers == 1:
        screener = Screener(ruleset if ruleset is not None else compile_rules(rules_text, rules_path))
        for chunk in chunks:
            emit(screen_chunk(screener, chunk, options))
        return total
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(),
                               initializer=_init_worker, initargs=(rules_text, rules_path, options, ruleset))
    pending: deque[Future[ChunkResult]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= workers * CHUNKS_PER_WORKER:
                emit(pending.popleft().result())
        while pending:
            emit(pending.popleft().result())
    except BrokenProcessPool:
        raise ScanError("a worker process stopped unexpectedly (out of memory?); "
                        "try fewer --workers") from None
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
    return total
