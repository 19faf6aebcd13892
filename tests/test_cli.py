"""The ``scamguard`` command as a user runs it: ``check``, ``demo``, help, exit codes, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import scamguard
from scamguard import ACTIONS, Context
from scamguard._term import display_width
from scamguard.cli import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
SCAM = "詳細はLINEでお伝えしますので、IDを教えていただけますか？"
GREETING = "本日はよろしくお願いいたします。"


def run(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m scamguard ARGS`` and return its result, decoded as UTF-8."""
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update({"PYTHONIOENCODING": "utf-8", **(env or {})})
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    done = subprocess.run([sys.executable, "-m", "scamguard", *args], input=data, capture_output=True,
                          env=full_env, cwd=cwd, timeout=120, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


def assert_clean_error(result: subprocess.CompletedProcess[str]) -> None:
    """Exit code 2, no traceback, and an error line on stderr."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert result.stderr.strip(), "an error must say what is wrong"


# -- demo -------------------------------------------------------------------------------------


def test_demo_shows_each_sample_with_the_library_verdict_and_reasons() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    position = 0
    for stage, text in SAMPLES:
        verdict = scamguard.screen(text, stage=stage)
        found = out.find(text, position)
        assert found >= 0, f"sample {text!r} missing or out of order"
        block_end = out.find("\n$ ", found)
        block = out[found: block_end if block_end >= 0 else len(out)]
        assert verdict.action.upper() in block
        for reason in verdict.reasons:
            assert reason.rule_id in block and reason.message[:20] in block
        position = found + len(text)


def test_demo_json_lines_are_the_library_verdicts() -> None:
    result = run("demo", "--json")
    lines = result.stdout.splitlines()
    assert len(lines) == len(SAMPLES)
    for line, (stage, text) in zip(lines, SAMPLES, strict=True):
        assert json.loads(line) == scamguard.screen(text, stage=stage).to_dict()


# -- check ------------------------------------------------------------------------------------------


def test_check_shows_action_rule_and_message() -> None:
    verdict = scamguard.screen(SCAM, stage="pre_escrow")
    result = run("check", SCAM, "--stage", "pre_escrow")
    assert verdict.action != "allow"
    assert result.returncode == 1, "a flagged message exits 1"
    assert verdict.action.upper() in result.stdout
    for reason in verdict.reasons:
        assert reason.rule_id in result.stdout
        assert reason.message in result.stdout.replace("\n     ", "")


def test_check_carets_sit_under_the_excerpt() -> None:
    text = "はじめまして。記事の件でご連絡しました。" + SCAM
    verdict = scamguard.screen(text, stage="pre_escrow")
    lines = run("check", text, "--stage", "pre_escrow", "--color", "never").stdout.splitlines()
    caret_rows = [i for i, line in enumerate(lines) if line.strip() and set(line.strip()) == {"^"}]
    assert len(caret_rows) == len(verdict.reasons) >= 1
    for row, reason in zip(caret_rows, verdict.reasons, strict=True):
        context, carets = lines[row - 1], lines[row]
        column = display_width(carets) - display_width(carets.lstrip(" "))
        width = display_width(carets.strip())
        # the columns under the carets of the line above hold the excerpt
        shown, used = "", 0
        for ch in context:
            if column <= used < column + width:
                shown += ch
            used += display_width(ch)
        # a long excerpt is cut to the terminal's width, with an ellipsis
        assert shown == reason.excerpt or (shown.endswith("…") and reason.excerpt.startswith(shown[:-1]))


def test_check_allow_exits_0() -> None:
    result = run("check", GREETING, "--stage", "pre_contract")
    assert result.returncode == 0
    assert "ALLOW" in result.stdout


@pytest.mark.parametrize("args", [("-",), ()])
def test_check_reads_standard_input(args: tuple[str, ...]) -> None:
    result = run("check", *args, "--stage", "pre_escrow", "--json", stdin=SCAM + "\n")
    assert json.loads(result.stdout) == scamguard.screen(SCAM, stage="pre_escrow").to_dict()


def test_check_json_is_the_verdict_with_role_and_kind() -> None:
    text = "スマホで簡単！誰でも月収50万。詳細はLINE登録で"
    result = run("check", text, "--stage", "pre_contract", "--role", "client", "--kind", "job_post", "--json")
    expected = scamguard.screen(text, stage="pre_contract", role="client", context=Context(kind="job_post"))
    assert json.loads(result.stdout) == expected.to_dict()


def test_check_history_is_passed_as_context() -> None:
    history = ["詳細はお電話でお伝えします。", "090", "1234"]
    args = [a for h in history for a in ("--history", h)]
    result = run("check", "5678です", "--stage", "pre_escrow", *args, "--json")
    expected = scamguard.screen("5678です", stage="pre_escrow", context=Context(history=tuple(history)))
    assert json.loads(result.stdout) == expected.to_dict()


def test_check_makes_hidden_characters_visible() -> None:
    text = "L\N{ZERO WIDTH SPACE}INEのIDを教えてください"
    verdict = scamguard.screen(text, stage="pre_escrow")
    assert any(r.start <= 1 < r.end for r in verdict.reasons), "the excerpt covers the hidden character"
    result = run("check", text, "--stage", "pre_escrow")
    assert "L<U+200B>INE" in result.stdout


def test_check_refuses_standard_input_that_is_not_utf8() -> None:
    result = run("check", "-", "--stage", "pre_contract", stdin="テスト".encode() + b"\xff")
    assert_clean_error(result)
    assert "UTF-8" in result.stderr


def test_check_screens_an_argument_that_is_not_valid_utf8() -> None:
    # POSIX hands such bytes to Python as lone surrogates; any str must get a verdict
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "scamguard", "check", b"LINE\xff\xfe", "--stage", "pre_escrow",
                           "--json"], capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["action"] in ACTIONS


def test_check_needs_a_stage() -> None:
    result = run("check", SCAM)
    assert_clean_error(result)
    assert "--stage" in result.stderr


def test_check_rejects_an_unknown_stage() -> None:
    result = run("check", SCAM, "--stage", "after_escrow")
    assert_clean_error(result)
    assert "pre_escrow" in result.stderr


def test_check_with_a_missing_rules_file() -> None:
    result = run("check", SCAM, "--stage", "pre_escrow", "--rules", "no/such/rules.yaml")
    assert_clean_error(result)
    assert "no/such/rules.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_with_a_broken_rules_file_lists_the_problems(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("version: 1\nthresholds: {warn: 1, hold: 3, block: 5}\nrules:\n  - id: Bad Id\n",
                    encoding="utf-8")
    result = run("check", SCAM, "--stage", "pre_escrow", "--rules", str(path))
    assert_clean_error(result)
    assert f"{path}:4:" in result.stderr
    assert result.stdout == ""


# -- colour -------------------------------------------------------------------------------------------


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run the command with its stdout on a pseudo-terminal; return what it printed."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    full_env.update({"TERM": "xterm", "PYTHONIOENCODING": "utf-8", **env})
    try:
        proc = subprocess.run([sys.executable, "-m", "scamguard", *args], stdout=follower,
                              stderr=subprocess.PIPE, env=full_env, timeout=120, check=False)
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.returncode in (0, 1), proc.stderr
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_only_and_never_with_no_color() -> None:
    args = ("check", SCAM, "--stage", "pre_escrow")
    assert "\x1b[" in _on_a_terminal(*args, env={})
    assert "\x1b[" not in _on_a_terminal(*args, env={"NO_COLOR": "1"})
    assert "\x1b[" not in run(*args).stdout


# -- help, usage, entry points ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [(), ("check",), ("demo",), ("scan",), ("eval",), ("rules",),
                                     ("rules", "lint"), ("rules", "test"), ("rules", "explain"),
                                     ("rules", "list")])
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage: scamguard" in result.stdout
    if command not in ((), ("rules",)):
        assert "exit codes" in result.stdout and "0 " in result.stdout and "2 " in result.stdout


def test_no_command_prints_usage_and_exits_2() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage: scamguard" in result.stderr
    assert "check" in result.stderr and "scan" in result.stderr


def test_console_script_behaves_like_python_m() -> None:
    script = Path(sys.executable).with_name("scamguard")
    if not script.exists():
        pytest.skip("the console script is not installed next to this Python")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([str(script), "check", SCAM, "--stage", "pre_escrow", "--json"],
                          capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == run("check", SCAM, "--stage", "pre_escrow").returncode
    assert json.loads(done.stdout) == scamguard.screen(SCAM, stage="pre_escrow").to_dict()
