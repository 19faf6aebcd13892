"""``scamguard scan``: streamed, in input order, surviving bad lines, with worker processes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import scamguard
from scamguard.scan import (
    CHUNKS_PER_WORKER,
    Chunk,
    ChunkResult,
    ScanOptions,
    read_chunks,
    scan,
)

MESSAGES = [
    ("LINEのIDを教えてください", "pre_escrow"),
    ("本日はよろしくお願いいたします。", "pre_contract"),
    ("コピペのみで月30万稼げます！", "pre_contract"),
    ("仮払い前ですが、テスト記事を1本無償でお願いします。", "pre_escrow"),
    ("仮払いありがとうございます。今後はチャットワークでやり取りしましょう。", "post_escrow"),
    ("記事の構成案を添付しましたのでご確認ください。", "pre_escrow"),
]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m scamguard ARGS`` and return its result, decoded as UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "scamguard", *args], input=stdin, capture_output=True,
                          env=env, timeout=300, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


def jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def many(count: int) -> list[dict[str, object]]:
    """``count`` records cycling through MESSAGES, each with its own id."""
    return [{"id": f"m{i}", "text": f"{MESSAGES[i % len(MESSAGES)][0]}（{i}）", "stage": MESSAGES[i % len(MESSAGES)][1]}
            for i in range(count)]


def test_scan_writes_the_library_verdict_per_line(tmp_path: Path) -> None:
    records = many(12)
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(records))
    result = run("scan", str(source), "--workers", "1")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == list(range(1, 13))
    for record, got in zip(records, out, strict=True):
        expected = scamguard.screen(str(record["text"]), stage=str(record["stage"])).to_dict()
        assert got == {"line": got["line"], "id": record["id"], **expected}


def test_a_bad_line_in_the_middle_is_reported_counted_and_skipped(tmp_path: Path) -> None:
    good = many(4)
    lines = [
        jsonl(good[:2]),
        b'{"id": "broken", "text": "LINE\n',                   # line 3: not JSON
        b'["a", "list"]\n',                                      # line 4: not an object
        b'{"id": "no-text", "body": "x"}\n',                     # line 5: no text
        b'{"id": "num", "text": 42}\n',                          # line 6: text not a string
        b'{"id": "stage", "text": "x", "stage": "later"}\n',     # line 7: unknown stage
        b'\n',                                                   # line 8: blank, skipped
        b'{"text": "\xff\xfe"}\n',                               # line 9: not UTF-8
        jsonl(good[2:]),                                         # lines 10-11
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(lines))
    result = run("scan", str(source), "--workers", "1")
    assert result.returncode == 1, "bad lines make the exit code 1"
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6, 7, 9, 10, 11]
    errors = {o["line"]: o for o in out if "error" in o}
    assert sorted(errors) == [3, 4, 5, 6, 7, 9]
    assert errors[5]["id"] == "no-text" and "text" in errors[5]["error"]
    assert "later" in errors[7]["error"]
    assert [o["id"] for o in out if "action" in o] == [r["id"] for r in good]
    for number in errors:
        assert f"{source}:{number}:" in result.stderr
    assert "6 bad lines" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_workers_keep_input_order_and_match_one_worker(tmp_path: Path) -> None:
    records = many(1500)  # several chunks per worker
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(records))
    one = run("scan", str(source), "--workers", "1", "-o", str(tmp_path / "one.jsonl"))
    two = run("scan", str(source), "--workers", "2", "-o", str(tmp_path / "two.jsonl"))
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    out = [json.loads(line) for line in (tmp_path / "two.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in records]
    assert [o["line"] for o in out] == list(range(1, len(records) + 1))
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_scan_reads_standard_input_and_uses_the_field_options() -> None:
    data = jsonl([{"key": 1, "body": "LINEのIDを教えてください", "phase": "post_escrow", "who": "client"},
                  {"key": 2, "body": "LINEのIDを教えてください"}])
    result = run("scan", "-", "--workers", "1", "--text-field", "body", "--stage-field", "phase",
                 "--role-field", "who", "--id-field", "key", "--stage", "pre_escrow", stdin=data)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    text = "LINEのIDを教えてください"
    assert first["id"] == 1 and first["stage"] == "post_escrow"
    assert first["action"] == scamguard.screen(text, stage="post_escrow", role="client").action
    assert second["id"] == 2 and second["stage"] == "pre_escrow", "--stage is used for lines without one"
    assert second["action"] == scamguard.screen(text, stage="pre_escrow").action


def test_scan_passes_a_context_field(tmp_path: Path) -> None:
    context = {"kind": "message", "history": ["090", "1234"]}
    result = run("scan", "-", "--workers", "1",
                 stdin=jsonl([{"text": "5678です", "stage": "pre_escrow", "context": context},
                              {"text": "5678です", "stage": "pre_escrow", "context": {"kind": "memo"}}]))
    good, bad = (json.loads(line) for line in result.stdout.splitlines())
    expected = scamguard.screen("5678です", stage="pre_escrow",
                                context=scamguard.Context(history=("090", "1234")))
    assert good["action"] == expected.action
    assert "kind" in bad["error"]


def test_scan_summary_counts_actions_and_categories(tmp_path: Path) -> None:
    records = many(30)
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(records))
    result = run("scan", str(source), "--workers", "1", "-o", str(tmp_path / "out.jsonl"))
    verdicts = [scamguard.screen(str(r["text"]), stage=str(r["stage"])) for r in records]
    summary = result.stderr
    assert "30 messages screened" in summary
    for action in scamguard.ACTIONS:
        count = sum(v.action == action for v in verdicts)
        assert any(line.split()[:2] == [action, str(count)] for line in summary.splitlines()), action
    for category in {c for v in verdicts for c in v.categories}:
        count = sum(category in v.categories for v in verdicts)
        assert any(line.split() == [category, str(count)] for line in summary.splitlines()), category


def test_scan_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(many(2)))
    result = run("scan", str(source), "-o", str(source))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert source.read_bytes() == jsonl(many(2))


def test_scan_of_a_missing_file() -> None:
    result = run("scan", "no-such-archive.jsonl")
    assert result.returncode == 2
    assert "no-such-archive.jsonl" in result.stderr and "Traceback" not in result.stderr


def test_scan_with_broken_rules_screens_nothing(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\nrules: []\n", encoding="utf-8")
    result = run("scan", "-", "--rules", str(rules), stdin=jsonl(many(2)))
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{rules}:" in result.stderr


# -- the streaming machinery, in process ----------------------------------------------------------


def test_read_chunks_skips_an_overlong_line_without_keeping_it() -> None:
    data = b'{"text": "a"}\n' + b"x" * 5000 + b"\n" + b'{"text": "b"}\n'
    chunks = list(read_chunks(io.BytesIO(data), max_line_bytes=100))
    lines = [line for c in chunks for line in c.lines]
    assert lines == [b'{"text": "a"}\n', None, b'{"text": "b"}\n']
    assert sum(c.size for c in chunks) == len(data)


def test_read_chunks_cuts_by_lines_and_by_bytes() -> None:
    data = b"".join(b'{"text": "%d"}\n' % i for i in range(100))
    by_lines = list(read_chunks(io.BytesIO(data), lines_per_chunk=30))
    assert [len(c.lines) for c in by_lines] == [30, 30, 30, 10]
    assert [c.first_line for c in by_lines] == [1, 31, 61, 91]
    by_bytes = list(read_chunks(io.BytesIO(data), bytes_per_chunk=200))
    assert all(c.size < 200 + 20 for c in by_bytes) and sum(len(c.lines) for c in by_bytes) == 100


@pytest.mark.parametrize("workers", [1, 2])
def test_only_a_bounded_number_of_chunks_is_in_flight(workers: int) -> None:
    """Memory stays flat: the reader never runs ahead of the writer by more than a few chunks."""
    rules_path = scamguard.default_rules_path()
    produced = 0
    ahead: list[int] = []
    emitted = 0

    def chunks() -> Iterator[Chunk]:
        nonlocal produced
        for i in range(60):
            produced += 1
            yield Chunk(i * 4 + 1, tuple(b'{"text": "LINE %d"}\n' % (i * 4 + j) for j in range(4)), 60)

    def on_chunk(result: ChunkResult) -> None:
        nonlocal emitted
        emitted += 1
        ahead.append(produced - emitted)

    sink = io.BytesIO()
    tally = scan(io.BytesIO(), sink, rules_text=rules_path.read_text(encoding="utf-8"), rules_path=str(rules_path),
                 options=ScanOptions(), workers=workers, on_chunk=on_chunk, chunks=chunks())
    assert tally.messages == 240 and emitted == 60
    limit = 1 if workers == 1 else workers * CHUNKS_PER_WORKER
    assert max(ahead) <= limit
    numbers = [json.loads(line)["line"] for line in sink.getvalue().splitlines()]
    assert numbers == list(range(1, 241))
