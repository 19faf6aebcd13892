"""``scamguard rules lint | test | explain | list``, run as a moderator runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import scamguard
from scamguard.rules import load_rules

HEAD = ("version: 1\nthresholds: {warn: 1, hold: 3, block: 5}\n"
        "notices:\n  default: {sender: 送信前に内容をご確認ください。}\n")
GOOD = """\
rules:
  - id: line-request
    category: contact_request
    score: 3
    stages: [pre_contract, pre_escrow]
    message: 外部連絡先を求めています
    when:
      near:
        - words: [LINE]
        - words: [教える]
    examples:
      hit: [LINEのIDを教えてください]
      miss: [オンラインで打ち合わせをお願いします]
"""

# Five mistakes, each on a line that names it (the test finds the line by its text).
BROKEN = HEAD + """\
lists:
  verbs: [教える]
rules:
  - id: line-request
    category: contact_requests
    score: high
    message: 外部連絡先を求めています
    when:
      word: [LINE]
    examples:
      hit: [LINEで]
      miss: [オンラインで]
  - id: fee-request
    category: advance_fee
    score: 4
    stages: [pre_escrow, after_escrow]
    message: 費用を求めています
    when:
      words: $verb
    examples:
      hit: [教材費を払って]
      miss: [よろしく]
  - id: line-request
    category: contact_request
    score: 1
    message: 重複
    when:
      words: [LINE]
    examples:
      hit: [LINEで]
      miss: [オンラインで]
"""
MISTAKES = {
    "category: contact_requests": "contact_requests",
    "score: high": "high",
    "word: [LINE]": "word",
    "stages: [pre_escrow, after_escrow]": "after_escrow",
    "words: $verb": "$verb",
}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m scamguard ARGS`` and return its result, decoded as UTF-8."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run([sys.executable, "-m", "scamguard", *args], capture_output=True, env=env, cwd=cwd,
                          timeout=120, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based number of the line holding ``fragment`` (its n-th occurrence)."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[occurrence - 1]


PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+?)(?: \((?P<rule>[a-z0-9-]+)\))?$")


# -- lint --------------------------------------------------------------------------------------


def test_lint_bundled_rules_is_clean() -> None:
    result = run("rules", "lint")
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


def test_lint_reports_every_mistake_at_once_with_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN)
    result = run("rules", "lint", str(path))
    assert result.returncode == 1
    problems = [m for line in result.stdout.splitlines() if (m := PROBLEM.match(line))]
    assert len(problems) >= len(MISTAKES) + 1  # and the duplicate id
    assert all(m["path"] == str(path) for m in problems)
    for fragment, word in MISTAKES.items():
        expected_line = line_of(BROKEN, fragment)
        here = [m for m in problems if int(m["line"]) == expected_line]
        assert here, f"no problem reported on line {expected_line} ({fragment})"
        column = int(here[0]["col"])
        assert word in BROKEN.splitlines()[expected_line - 1][column - 1:], (fragment, column)
    duplicate = [m for m in problems if "duplicate" in m["message"]]
    assert duplicate and int(duplicate[0]["line"]) == line_of(BROKEN, "- id: line-request", 2)
    assert {m["rule"] for m in problems} >= {"line-request", "fee-request"}
    assert f"Found {len(problems)} problems" in result.stdout


def test_lint_reports_examples_that_misbehave(tmp_path: Path) -> None:
    text = HEAD + GOOD.replace("miss: [オンラインで打ち合わせをお願いします]", "miss: [LINEのIDを教えて]")
    path = write(tmp_path, text)
    result = run("rules", "lint", str(path))
    assert result.returncode == 1
    (m,) = [m for line in result.stdout.splitlines() if (m := PROBLEM.match(line))]
    assert int(m["line"]) == line_of(text, "miss: [LINEのIDを教えて]")
    assert m["rule"] == "line-request" and "miss example" in m["message"]


def test_lint_json_lists_the_problems(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN)
    result = run("rules", "lint", str(path), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert len(data) >= len(MISTAKES) and all({"line", "column", "message", "rule_id"} <= set(p) for p in data)


def test_lint_of_yaml_that_does_not_parse(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GOOD.replace("score: 3", "score: [3"))
    result = run("rules", "lint", str(path))
    assert result.returncode == 1
    assert PROBLEM.match(result.stdout.splitlines()[0])


def test_lint_of_a_missing_file() -> None:
    result = run("rules", "lint", "missing-rules.yaml")
    assert result.returncode == 2
    assert "missing-rules.yaml" in result.stderr and "Traceback" not in result.stderr


# -- test ----------------------------------------------------------------------------------------


def test_rules_test_runs_every_bundled_example() -> None:
    rules = load_rules(scamguard.default_rules_path())
    count = sum(len(r.hits) + len(r.misses) for r in rules.rules)
    result = run("rules", "test")
    assert result.returncode == 0, result.stdout
    assert f"{count} passed, 0 failed" in result.stdout
    for rule in rules.rules:
        assert rule.id in result.stdout


def test_rules_test_reports_failures_by_rule_with_text_and_stage(tmp_path: Path) -> None:
    text = HEAD + GOOD.replace("hit: [LINEのIDを教えてください]",
                               "hit: [LINEのIDを教えてください, {text: 'メールで連絡します', stage: pre_escrow}]")
    path = write(tmp_path, text)
    result = run("rules", "test", str(path))
    assert result.returncode == 1
    out = result.stdout
    assert "FAILED line-request" in out
    assert "メールで連絡します" in out and "pre_escrow" in out
    assert f"{path}:{line_of(text, 'メールで連絡します')}:" in out
    assert out.strip().splitlines()[-1].startswith("2 passed, 1 failed")


def test_rules_test_k_selects_rules(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GOOD + GOOD.replace("rules:\n", "").replace("line-request", "line-ask"))
    result = run("rules", "test", str(path), "-k", "ask")
    assert result.returncode == 0
    assert "line-ask" in result.stdout and "line-request" not in result.stdout
    assert "2 passed, 0 failed" in result.stdout


def test_rules_test_on_a_broken_file_lists_its_problems(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN)
    result = run("rules", "test", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert sum(bool(PROBLEM.match(line)) for line in result.stderr.splitlines()) >= len(MISTAKES)


# -- explain and list ----------------------------------------------------------------------------------


def test_explain_shows_the_whole_rule(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GOOD)
    result = run("rules", "explain", "line-request", "--rules", str(path))
    assert result.returncode == 0
    out = result.stdout
    rule = load_rules(path).rule("line-request")
    for part in ("contact_request", "+3", "pre_contract, pre_escrow", "外部連絡先を求めています",
                 "LINEのIDを教えてください", "オンラインで打ち合わせをお願いします", "within 10 tokens"):
        assert part in out, part
    for child in rule.when.children:  # type: ignore[attr-defined]
        assert child.describe() in out


def test_explain_every_bundled_rule() -> None:
    rules = load_rules(scamguard.default_rules_path())
    for rule in rules.rules[:3] + rules.rules[-2:]:
        result = run("rules", "explain", rule.id)
        assert result.returncode == 0 and rule.id in result.stdout
        assert rule.hits[0].text[:15] in result.stdout


def test_explain_an_unknown_rule_suggests_one(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GOOD)
    result = run("rules", "explain", "line-requst", "--rules", str(path))
    assert result.returncode == 2
    assert "line-request" in result.stderr and "Traceback" not in result.stderr


def test_list_shows_every_rule() -> None:
    rules = load_rules(scamguard.default_rules_path())
    result = run("rules", "list")
    assert result.returncode == 0
    for rule in rules.rules:
        assert rule.id in result.stdout


def test_explain_says_a_rule_is_a_backstop() -> None:
    rules = load_rules(scamguard.default_rules_path())
    backstop = next(r for r in rules.rules if r.backstop)
    plain = next(r for r in rules.rules if not r.backstop)
    assert "a backstop" in run("rules", "explain", backstop.id).stdout
    assert "a backstop" not in run("rules", "explain", plain.id).stdout
