"""``scamguard eval``: the corpus report, CI targets and moderator decisions, as a command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RULES = """\
version: 1
thresholds: {warn: 1, hold: 3, block: 5}
notices:
  default: {sender: 送信前に内容をご確認ください。}
rules:
  - id: line-request
    category: contact_request
    score: 3
    message: 外部連絡先を求めています
    when:
      near:
        - words: [LINE]
        - words: [教える]
    examples:
      hit: [LINEのIDを教えてください]
      miss: [オンラインで打ち合わせをお願いします]
"""
CAUGHT = {"text": "LINEのIDを教えてください", "label": "scam", "categories": ["contact_request"],
          "stage": "pre_escrow"}
MISSED = {"text": "メールアドレスを送ってください", "label": "scam", "categories": ["contact_request"],
          "stage": "pre_escrow"}
BENIGN = {"text": "オンラインで打ち合わせをお願いします", "label": "benign", "categories": [], "stage": "pre_escrow"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m scamguard ARGS`` and return its result, decoded as UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "scamguard", *args], capture_output=True, env=env,
                          timeout=300, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in (CAUGHT, MISSED, BENIGN)),
                      encoding="utf-8")
    return rules, corpus


def test_eval_reports_recall_and_the_misses(files: tuple[Path, Path]) -> None:
    rules, corpus = files
    result = run("eval", str(corpus), "--rules", str(rules))
    assert result.returncode == 0, result.stderr
    assert "recall" in result.stdout and "(1/2)" in result.stdout
    assert MISSED["text"] in result.stdout, "the misses are listed"
    assert "line-request" in result.stdout, "per-rule figures are listed"


def test_eval_json(files: tuple[Path, Path]) -> None:
    rules, corpus = files
    data = json.loads(run("eval", str(corpus), "--rules", str(rules), "--json").stdout)
    assert data["recall"]["hits"] == 1 and data["recall"]["total"] == 2
    assert data["fpr_hold"]["hits"] == 0
    assert data["by_rule"]["line-request"]["on_scam"] == 1
    assert data["shortfalls"] == []


@pytest.mark.parametrize(("flag", "value", "code"), [
    ("--fail-under-recall", "0.4", 0),
    ("--fail-under-recall", "0.6", 1),
    ("--max-fpr-hold", "0", 0),
    ("--fail-under-category-recall", "0.9", 1),
])
def test_eval_targets_set_the_exit_code(files: tuple[Path, Path], flag: str, value: str, code: int) -> None:
    rules, corpus = files
    result = run("eval", str(corpus), "--rules", str(rules), flag, value, "--no-cases")
    assert result.returncode == code
    assert ("FAILED" in result.stdout) == bool(code)
    assert MISSED["text"] not in result.stdout, "--no-cases leaves out message text"


def test_eval_false_positive_ceiling(files: tuple[Path, Path], tmp_path: Path) -> None:
    rules, _ = files
    corpus = tmp_path / "fp.jsonl"
    flagged_benign = {**BENIGN, "text": "LINEのIDを教えてくださいという詐欺に注意"}
    corpus.write_text(json.dumps(flagged_benign, ensure_ascii=False) + "\n" + json.dumps(BENIGN, ensure_ascii=False)
                      + "\n", encoding="utf-8")
    assert run("eval", str(corpus), "--rules", str(rules), "--max-fpr-hold", "0.6").returncode == 0
    failed = run("eval", str(corpus), "--rules", str(rules), "--max-fpr-hold", "0.4")
    assert failed.returncode == 1 and "FAILED" in failed.stdout


def test_eval_accepts_moderator_decisions(files: tuple[Path, Path], tmp_path: Path) -> None:
    rules, _ = files
    decisions = tmp_path / "decisions.jsonl"
    rows = [{"text": CAUGHT["text"], "stage": "pre_escrow", "decision": "confirmed"},
            {"text": "LINEのIDを教えてくださいと言われたら通報を", "stage": "pre_escrow", "decision": "overturned"}]
    decisions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    data = json.loads(run("eval", str(decisions), "--rules", str(rules), "--json").stdout)
    assert data["by_rule"]["line-request"] == {"on_scam": 1, "on_benign": 1, "precision": 0.5}


def test_eval_of_a_folder_reads_every_jsonl(files: tuple[Path, Path]) -> None:
    rules, corpus = files
    data = json.loads(run("eval", str(corpus.parent), "--rules", str(rules), "--json").stdout)
    assert data["cases"] == 3


def test_eval_bad_corpus_line_names_file_and_line(files: tuple[Path, Path]) -> None:
    rules, corpus = files
    corpus.write_text(corpus.read_text(encoding="utf-8") + '{"text": "x", "label": "maybe", "stage": "pre_escrow"}\n',
                      encoding="utf-8")
    result = run("eval", str(corpus), "--rules", str(rules))
    assert result.returncode == 2
    assert f"{corpus}:4" in result.stderr and "Traceback" not in result.stderr


def test_eval_missing_corpus_and_bad_target() -> None:
    missing = run("eval", "no-such-corpus.jsonl")
    assert missing.returncode == 2 and "no-such-corpus.jsonl" in missing.stderr
    bad = run("eval", "no-such-corpus.jsonl", "--fail-under-recall", "95")
    assert bad.returncode == 2 and "between 0 and 1" in bad.stderr
