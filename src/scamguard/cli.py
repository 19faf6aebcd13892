"""The ``scamguard`` command (also ``python -m scamguard``).

Subcommands: ``check`` one message, ``rules lint|test|explain|list`` for the rules file,
``scan`` a JSONL archive, ``eval`` a labelled corpus, ``demo``. Exit codes are the same for
all of them: 0 all good, 1 something was found (a flagged message, a problem in the rules,
a failing example, a bad input line, a missed target), 2 the command could not run (wrong
usage, a file that cannot be read, a rules file with mistakes).

Errors go to stderr as one line starting with ``scamguard: error:``; a mistake by the user
never prints a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from scamguard._cache import cached_rules
from scamguard._term import (
    Progress,
    Style,
    display_width,
    human_bytes,
    shorten,
    should_colour,
    terminal_width,
    visible,
    wrap,
)
from scamguard.context import Context
from scamguard.engine import Screener, default_rules_path, example_problems
from scamguard.errors import Problem, RulesError
from scamguard.rules.kinds import Condition
from scamguard.rules.loader import problems_in
from scamguard.rules.model import ACTIONS, CATEGORIES, KINDS_OF_MESSAGE, ROLES, STAGES, Rule, RuleSet
from scamguard.verdict import Reason, Verdict

__all__ = ["EXIT_ERROR", "EXIT_FOUND", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
MAX_BAD_LINES_SHOWN = 50

SAMPLES = [
    ("pre_escrow", "LINEのIDを教えてください"),
    ("pre_contract", "本日はよろしくお願いいたします。"),
    ("pre_contract", "コピペのみで月30万稼げます！"),
    ("pre_escrow", "仮払い前ですが、テスト記事を1本無償でお願いします。"),
    ("pre_contract", "ご連絡は090-1234-5678までお願いします。"),
    ("post_escrow", "仮払いありがとうございます。今後はチャットワークでやり取りしましょう。"),
]

EXIT_CODES = """\
exit codes:
  0  all good
  1  {found}
  2  the command could not run: wrong usage, a file that cannot be read, or a rules
     file with mistakes (every mistake is listed)"""

STAGE_HELP = ("the stage of the deal: pre_contract (before a contract, the strictest), "
              "pre_escrow (contract made, 仮払い not funded yet), post_escrow (仮払い done)")


class CliError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


# -- reading files ------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """``path`` as the user would type it: relative to the current directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _read_rules(path: str | None) -> tuple[str, str]:
    """The text of the rules file (``path``, or the bundled rules) and the name to show."""
    p = Path(path) if path else default_rules_path()
    shown = path if path else _shown(p)
    try:
        raw = p.read_bytes()
    except IsADirectoryError:
        raise CliError(f"{shown} is a folder; give the rules file itself, e.g. {shown}/rules.yaml") from None
    except OSError as e:
        raise CliError(f"cannot read the rules file {shown}: {e.strerror or e}") from None
    try:
        return raw.decode("utf-8-sig"), shown
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise RulesError([Problem(shown, line, 1, "the file is not UTF-8; save it as UTF-8")]) from None


def _compile(text: str, shown: str, *, check_examples: bool) -> RuleSet:
    """Compile rules, raising :class:`RulesError` with every problem (and misbehaving examples).

    A rule set compiled (and checked) before from exactly this text by this very library is
    read back from the cache instead (see :mod:`scamguard._cache`): a command starts faster."""

    def build() -> RuleSet:
        ruleset, problems = problems_in(text, shown)
        if ruleset is None:
            raise RulesError(problems)
        if check_examples:
            bad = example_problems(ruleset)
            if bad:
                raise RulesError(bad)
        return ruleset

    return cached_rules(text, shown, check_examples, build)


def _load_screener(path: str | None) -> Screener:
    """The screener for ``--rules`` (a moderator's file: its examples are checked too)."""
    text, shown = _read_rules(path)
    return Screener(_compile(text, shown, check_examples=path is not None))


def _read_stdin_text() -> str:
    try:
        return sys.stdin.buffer.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError("the text on standard input is not UTF-8") from None


# -- showing a verdict ------------------------------------------------------------------------------


def _fit(before: str, excerpt: str, after: str, width: int) -> tuple[str, str, str]:
    """Shorten the context around an excerpt so that the line fits in ``width`` columns."""
    ex_w = display_width(excerpt)
    if ex_w > width - 8:
        return shorten(before, 3, from_left=True), shorten(excerpt, width - 8), shorten(after, 3)
    room = width - ex_w
    b_w, a_w = display_width(before), display_width(after)
    if b_w + a_w <= room:
        return before, excerpt, after
    b_room = max(room // 2, room - a_w)
    a_room = room - min(b_w, b_room)
    return shorten(before, b_room, from_left=True), excerpt, shorten(after, a_room)


def _reason_lines(text: str, reason: Reason, style: Style, action: str, width: int, indent: str) -> list[str]:
    """The excerpt of ``reason`` in its line of ``text``, highlighted, with a caret line."""
    if reason.start == reason.end:
        where = f"; it comes from the {reason.context.replace('_', ' ')}" if reason.context else ""
        return [indent + style(f"(no place in the text{where})", "dim")]
    line_start = text.rfind("\n", 0, reason.start) + 1
    line_end = text.find("\n", reason.end)
    line_end = len(text) if line_end < 0 else line_end
    before, excerpt, after = _fit(visible(text[line_start:reason.start]), visible(reason.excerpt),
                                  visible(text[reason.end:line_end]), width - len(indent))
    colours = {"warn": "yellow", "hold": "magenta", "block": "red"}.get(action, "cyan")
    marked = style(excerpt, colours, "bold", "underline")
    carets = style("^" * max(1, display_width(excerpt)), colours)
    return [indent + before + marked + after, indent + " " * display_width(before) + carets]


def render_verdict(text: str, verdict: Verdict, style: Style, *, role: str | None = None,
                   width: int = 100) -> list[str]:
    """A verdict for people: the action, then each reason's excerpt in context with its rule."""
    head = [style.action(verdict.action), f"score {verdict.score:g}", f"stage {verdict.stage}"]
    if role:
        head.append(f"role {role}")
    if verdict.categories:
        head.append(", ".join(sorted(verdict.categories, key=CATEGORIES.index)))
    lines = ["  ".join(head)]
    if not verdict.reasons:
        lines.append(style("  no rule fired", "dim"))
    for number, reason in enumerate(verdict.reasons, start=1):
        origin = f"  (from the {reason.context.replace('_', ' ')})" if reason.context else ""
        lines.append(f"  {number}. {style(reason.rule_id, 'cyan', 'bold')}  {reason.category}  "
                     f"{reason.score:+g}{origin}")
        lines += _reason_lines(text, reason, style, verdict.action, width, "     ")
        lines += wrap(reason.message, width, "     ")
    for error in verdict.errors:
        lines.append("  " + style(f"error: {error}", "red"))
    for label, value in (("notice to the sender", verdict.notice),
                         ("notice to the recipient", verdict.recipient_notice),
                         ("redacted text", visible(verdict.redacted) if verdict.redacted != text else "")):
        if value:
            lines.append("  " + style(label, "dim"))
            lines += wrap(value, width, "     ")
    return lines


def _print_json(data: object, stream: TextIO | None = None) -> None:
    print(json.dumps(data, ensure_ascii=False), file=stream or sys.stdout)


def _style_for(args: argparse.Namespace, stream: TextIO | None = None) -> Style:
    return Style(should_colour(stream or sys.stdout, getattr(args, "color", "auto")))


# -- demo and check ------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    """Screen the bundled sample messages with the default rules."""
    screener = _load_screener(None)
    style = _style_for(args)
    width = terminal_width(sys.stdout)
    for i, (stage, text) in enumerate(SAMPLES):
        verdict = screener.screen(text, stage=stage)
        if args.json:
            _print_json(verdict.to_dict())
            continue
        if i:
            print()
        print(style(f"$ scamguard check --stage {stage} '{text}'", "dim"))
        print("\n".join(render_verdict(text, verdict, style, width=width)))
    return EXIT_OK


def _context_from_args(args: argparse.Namespace) -> Context | None:
    if args.kind == "message" and not args.history and args.job_post is None:
        return None
    return Context(kind=args.kind, history=tuple(args.history or ()), job_post=args.job_post)


def cmd_check(args: argparse.Namespace) -> int:
    """Screen one message and show the verdict."""
    if args.text is None and sys.stdin.isatty():
        raise CliError("give the message as an argument, or pipe it in: "
                       "echo 'メッセージ' | scamguard check - --stage pre_escrow")
    text = _read_stdin_text().rstrip("\r\n") if args.text in (None, "-") else args.text
    screener = _load_screener(args.rules)
    verdict = screener.screen(text, stage=args.stage, role=args.role, context=_context_from_args(args))
    if args.json:
        _print_json(verdict.to_dict())
    else:
        style = _style_for(args)
        print("\n".join(render_verdict(text, verdict, style, role=args.role, width=terminal_width(sys.stdout))))
    return EXIT_OK if verdict.action == "allow" else EXIT_FOUND


# -- rules lint / test / explain / list -----------------------------------------------------------


def _format_problem(p: Problem, style: Style) -> str:
    where = style(f"{p.path}:{p.line}:{p.column}:", "bold")
    rule = f" {style(f'({p.rule_id})', 'cyan')}" if p.rule_id else ""
    return f"{where} {p.message}{rule}"


def _print_problems(problems: Sequence[Problem], style: Style, stream: TextIO) -> None:
    for p in problems:
        print(_format_problem(p, style), file=stream)


def cmd_lint(args: argparse.Namespace) -> int:
    """Report every problem in a rules file, with its place."""
    try:
        text, shown = _read_rules(args.path)
    except RulesError as e:
        problems: list[Problem] = list(e.problems)
        ruleset = None
    else:
        ruleset, problems = problems_in(text, shown)
        if ruleset is not None:
            problems = example_problems(ruleset)
    style = _style_for(args)
    if args.json:
        _print_json([p.to_dict() for p in problems])
        return EXIT_FOUND if problems else EXIT_OK
    shown = args.path or _shown(default_rules_path())
    _print_problems(problems, style, sys.stdout)
    if problems:
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        print(style(f"Found {count} in {shown}.", "red", "bold"))
        return EXIT_FOUND
    assert ruleset is not None
    examples = sum(len(r.hits) + len(r.misses) for r in ruleset.rules)
    print(style(f"{shown}: no problems ({len(ruleset.rules)} rules, {examples} examples checked).", "green"))
    return EXIT_OK


def _example_label(result_stage: str, role: str | None) -> str:
    return result_stage + (f", {role}" if role else "")


def cmd_test(args: argparse.Namespace) -> int:
    """Run every rule's hit and miss examples, like a test runner."""
    from scamguard.ruletest import run_examples

    text, shown = _read_rules(args.path)
    ruleset = _compile(text, shown, check_examples=False)
    pattern = args.k

    def selected(rule: Rule) -> bool:
        return pattern is None or pattern in rule.id

    started = time.perf_counter()
    results = run_examples(ruleset, select=selected)
    seconds = time.perf_counter() - started
    if pattern is not None and not results:
        raise CliError(f"no rule id contains {pattern!r}; see the ids with: scamguard rules list")
    style = _style_for(args)
    rules = [r for r in ruleset.rules if selected(r)]
    print(f"{shown}: {len(rules)} rules, {len(results)} examples")
    id_width = max(len(r.id) for r in rules)
    for rule in rules:
        mine = [r for r in results if r.rule_id == rule.id]
        failed = [r for r in mine if not r.passed]
        marks = "".join(style(".", "green") if r.passed else style("F", "red", "bold") for r in mine)
        verdict = style("FAILED", "red", "bold") if failed else style("ok", "green")
        print(f"  {rule.id:<{id_width}}  {marks}  {verdict}")
        if args.verbose:
            for r in mine:
                mark = style("pass", "green") if r.passed else style("FAIL", "red", "bold")
                print(f"      {mark} {r.which:<4} ({_example_label(r.example.stage, r.example.role)}) "
                      f"{shorten(visible(r.example.text), 70)}")
    failures = [r for r in results if not r.passed]
    if failures:
        print()
        print(style("failures", "bold"))
    for r in failures:
        ex = r.example
        print(f"{style('FAILED', 'red', 'bold')} {style(r.rule_id, 'cyan', 'bold')}  {shown}:{ex.line}:{ex.column}")
        print(f"    {r.explain()}")
        print(f"    text:    {visible(ex.text)}")
        print(f"    stage:   {_example_label(ex.stage, ex.role)}"
              + (f", context kind {ex.context.get('kind', 'message')}" if ex.context else ""))
        if r.verdict is not None:
            others = ", ".join(x.rule_id for x in r.verdict.reasons if x.score) or "no rule"
            print(f"    verdict: {r.verdict.action} (score {r.verdict.score:g}; fired: {others})")
    passed = len(results) - len(failures)
    summary = f"{passed} passed, {len(failures)} failed in {seconds:.2f}s"
    print(style(summary, "red" if failures else "green", "bold"))
    return EXIT_FOUND if failures else EXIT_OK


def _condition_lines(cond: Condition, indent: str, width: int, bullet: str = "- ") -> list[str]:
    """A condition as an indented tree: combinations open up, leaves wrap to the width."""
    children = getattr(cond, "children", None)
    child = getattr(cond, "child", None)
    inner = indent + " " * len(bullet)
    if isinstance(children, tuple) and children and all(isinstance(c, Condition) for c in children):
        head = cond.describe().split(": ", 1)[0]
        lines = [f"{indent}{bullet}{head}:"]
        for c in children:
            lines += _condition_lines(c, inner, width)
        return lines
    if isinstance(child, Condition):
        return [f"{indent}{bullet}not:", *_condition_lines(child, inner, width)]
    return wrap(cond.describe(), width, indent + bullet, inner + "  ")


def _find_rule(ruleset: RuleSet, rule_id: str, shown: str) -> Rule:
    for rule in ruleset.rules:
        if rule.id == rule_id:
            return rule
    ids = [r.id for r in ruleset.rules]
    close = difflib.get_close_matches(rule_id, ids, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see the ids with: scamguard rules list"
    raise CliError(f"no rule {rule_id!r} in {shown}{hint}")


def _example_line(kind: str, text: str, stage: str, role: str | None, ctx: dict[str, Any] | None,
                  width: int) -> str:
    extra = f", context kind {ctx.get('kind', 'message')}" if ctx else ""
    head = f"    {kind:<4} ({_example_label(stage, role)}{extra}) "
    return head + shorten(visible(text), max(20, width - display_width(head)))


def cmd_explain(args: argparse.Namespace) -> int:
    """Show one rule: what makes it fire, its score, where it applies, its examples."""
    text, shown = _read_rules(args.rules)
    ruleset = _compile(text, shown, check_examples=False)
    rule = _find_rule(ruleset, args.rule_id, shown)
    style = _style_for(args)
    width = terminal_width(sys.stdout)
    label = style
    lines = [
        f"{style(rule.id, 'cyan', 'bold')}  ({shown}:{rule.line})",
        f"  {label('category', 'dim')}  {rule.category}",
        f"  {label('score', 'dim')}     {rule.score:+g}  (warn at {ruleset.thresholds.warn:g}, hold at "
        f"{ruleset.thresholds.hold:g}, block at {ruleset.thresholds.block:g})"
        + ("; a backstop: only what it adds to its category's score from the other rules" if rule.backstop else ""),
        f"  {label('stages', 'dim')}    {', '.join(s for s in STAGES if s in rule.stages)}",
        f"  {label('roles', 'dim')}     {', '.join(sorted(rule.roles)) if rule.roles else 'any sender'}",
        f"  {label('kinds', 'dim')}     "
        + (", ".join(k for k in KINDS_OF_MESSAGE if k in rule.kinds) if rule.kinds else "every kind of message"),
    ]
    lines += wrap(rule.message, width, f"  {label('message', 'dim')}   ", " " * 12)
    if rule.description:
        lines += wrap(rule.description, width, f"  {label('about', 'dim')}     ", " " * 12)
    lines.append(f"  {label('fires when', 'dim')}")
    lines += _condition_lines(rule.when, "    ", width, "")
    if rule.unless is not None:
        lines.append(f"  {label('unless (in the same sentence)', 'dim')}")
        lines += _condition_lines(rule.unless, "    ", width, "")
    lines.append(f"  {label('examples', 'dim')}")
    for kind, examples in (("hit", rule.hits), ("miss", rule.misses)):
        for ex in examples:
            lines.append(_example_line(kind, ex.text, ex.stage, ex.role, ex.context, width))
    print("\n".join(lines))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """List the rules: id, category, score, stages."""
    text, shown = _read_rules(args.rules)
    ruleset = _compile(text, shown, check_examples=False)
    style = _style_for(args)
    id_width = max(len(r.id) for r in ruleset.rules)
    print(f"{shown}: {len(ruleset.rules)} rules")
    for r in ruleset.rules:
        stages = ", ".join(s for s in STAGES if s in r.stages)
        print(f"  {style(r.id.ljust(id_width), 'cyan')}  {r.category:<22} {r.score:>+5g}  {stages}")
    return EXIT_OK


# -- scan ------------------------------------------------------------------------------------------


def _open_input(path: str | None) -> tuple[BinaryIO, str, int | None]:
    """The input stream, its name for messages and its size when known."""
    if path in (None, "-"):
        if path is None and sys.stdin.isatty():
            raise CliError("give a JSONL file to scan, or pipe one in: cat messages.jsonl | scamguard scan -")
        return sys.stdin.buffer, "<stdin>", None
    assert path is not None
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except IsADirectoryError:
        raise CliError(f"{path} is a folder; give a JSONL file") from None
    except OSError as e:
        raise CliError(f"cannot read {path}: {e.strerror or e}") from None
    size = os.fstat(stream.fileno()).st_size
    return stream, path, size or None


def _open_output(path: str | None, input_path: str | None) -> BinaryIO:
    if path in (None, "-"):
        return sys.stdout.buffer
    assert path is not None
    if input_path not in (None, "-") and os.path.exists(path) and os.path.samefile(path, str(input_path)):
        raise CliError(f"the output {path} is the input file; write the verdicts to another file")
    try:
        return open(path, "wb")
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror or e}") from None


def _scan_summary(name: str, tally: Any, seconds: float, size: int, style: Style) -> list[str]:
    lines_read = tally.messages + tally.bad
    rate = tally.messages / seconds if seconds > 0 else 0.0
    head = (f"scanned {name}: {lines_read:,} lines, {tally.messages:,} messages screened, "
            f"{tally.bad:,} bad lines, in {seconds:.1f}s ({rate:,.0f} messages/s, "
            f"{human_bytes(size / seconds if seconds > 0 else 0)}/s)")
    out = [style(head, "bold")]
    if tally.messages:
        out.append("  action      messages   share")
        for action in ACTIONS:
            n = tally.actions.get(action, 0)
            out.append(f"  {style.action(action, action.ljust(9))} {n:>10,}  {n / tally.messages:6.1%}")
    if tally.categories:
        out.append("  category                 messages")
        for cat in sorted(tally.categories, key=lambda c: (-tally.categories[c], c)):
            out.append(f"  {cat:<22} {tally.categories[cat]:>10,}")
    return out


def cmd_scan(args: argparse.Namespace) -> int:
    """Screen every message of a JSONL archive."""
    from scamguard.scan import ChunkResult, ScanError, ScanOptions, Tally, scan

    if args.workers < 1:
        raise CliError("--workers must be 1 or more")
    text, shown = _read_rules(args.rules)
    ruleset = _compile(text, shown, check_examples=args.rules is not None)
    source, name, size = _open_input(args.input)
    options = ScanOptions(text_field=args.text_field, stage_field=args.stage_field, role_field=args.role_field,
                          id_field=args.id_field, context_field=args.context_field, default_stage=args.stage)
    err = sys.stderr
    style = Style(should_colour(err))
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    progress = Progress(err, size, enabled=err.isatty() and not to_terminal and not args.quiet)
    done = {"bytes": 0, "messages": 0, "bad": 0}

    def on_chunk(result: ChunkResult) -> None:
        done["bytes"] += result.size
        done["messages"] += result.tally.messages
        for number, message in result.bad_lines:
            done["bad"] += 1
            if done["bad"] <= MAX_BAD_LINES_SHOWN:
                progress.clear()
                print(f"{name}:{number}: {message}", file=err)
            elif done["bad"] == MAX_BAD_LINES_SHOWN + 1:
                progress.clear()
                print("scamguard: more bad lines; not shown here (each is an \"error\" record in the output)",
                      file=err)
        progress.update(done["bytes"], done["messages"])

    sink = _open_output(args.output, args.input)
    started = time.perf_counter()
    try:
        tally: Tally = scan(source, sink, rules_text=text, rules_path=shown, ruleset=ruleset, options=options,
                            workers=args.workers, on_chunk=on_chunk)
        sink.flush()
    except ScanError as e:
        raise CliError(str(e)) from None
    finally:
        progress.clear()
        if source is not sys.stdin.buffer:
            source.close()
        if sink is not sys.stdout.buffer:
            sink.close()
    seconds = time.perf_counter() - started
    if not args.quiet:
        print("\n".join(_scan_summary(name, tally, seconds, done["bytes"], style)), file=err)
    return EXIT_FOUND if tally.bad else EXIT_OK


# -- eval ------------------------------------------------------------------------------------------------


def _corpus_files(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(p.glob("*.jsonl"))
            if not found:
                raise CliError(f"no .jsonl files in the folder {raw}")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise CliError(f"cannot read the corpus {raw}: no such file")
    return files


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure the rules on a labelled corpus (or on moderator decisions)."""
    from scamguard.evaluate import Targets, evaluate, load_corpus

    screener = _load_screener(args.rules)
    cases = []
    for path in _corpus_files(args.corpus):
        try:
            cases += load_corpus(path)
        except UnicodeDecodeError:
            raise CliError(f"{path} is not UTF-8; save it as UTF-8") from None
        except OSError as e:
            raise CliError(f"cannot read the corpus {path}: {e.strerror or e}") from None
        except ValueError as e:
            raise CliError(str(e)) from None
    if not cases:
        raise CliError("the corpus has no messages")
    report = evaluate(screener, cases)
    targets = Targets(
        recall=args.fail_under_recall if args.fail_under_recall is not None else 0.0,
        fpr_hold=args.max_fpr_hold if args.max_fpr_hold is not None else 1.0,
        fpr_warn=args.max_fpr_warn if args.max_fpr_warn is not None else 1.0,
        category_recall=args.fail_under_category_recall if args.fail_under_category_recall is not None else 0.0,
    )
    shortfalls = report.shortfalls(targets)
    if args.json:
        data = report.to_dict()
        data["shortfalls"] = shortfalls
        _print_json(data)
    else:
        print(report.format_text(cases=not args.no_cases))
        if shortfalls:
            print()
            for s in shortfalls:
                print(f"FAILED: {s}")
    return EXIT_FOUND if shortfalls else EXIT_OK


# -- the parser ------------------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=min(100, terminal_width(sys.stdout)))


def _fraction(value: str) -> float:
    try:
        f = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}") from None
    if not 0.0 <= f <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value}")
    return f


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    return n


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


def _command(sub: Any, name: str, func: Callable[[argparse.Namespace], int], summary: str,
             description: str, found: str, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, description=description, epilog=EXIT_CODES.format(found=found),
        formatter_class=_Formatter, parents=parents)
    parser.set_defaults(func=func)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``scamguard`` command."""
    from scamguard import __version__

    colour = argparse.ArgumentParser(add_help=False)
    colour.add_argument("--color", choices=("auto", "always", "never"), default="auto", metavar="WHEN",
                        help="colour the output: auto (on a terminal, unless NO_COLOR is set), always "
                             "or never")
    rules_opt = argparse.ArgumentParser(add_help=False)
    rules_opt.add_argument("--rules", metavar="PATH",
                           help="the rules file to use (default: the bundled rules.yaml); its examples "
                                "are checked first")

    parser = argparse.ArgumentParser(
        prog="scamguard", formatter_class=_Formatter,
        description="Screen chat messages of Japanese freelance marketplaces for scams before they are "
                    "sent,\nand look after the rules file that decides what is caught.",
        epilog=EXIT_CODES.format(found="something was found: a flagged message, a problem in the rules,\n"
                                       "     a failing example, a bad input line, a missed target")
               + "\n\nRun 'scamguard COMMAND --help' for the details of a command.")
    parser.add_argument("--version", action="version", version=f"scamguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    p = _command(sub, "check", cmd_check, "screen one message and show why",
                 "Screen one message and show the verdict: allow, warn, hold or block, and for each\n"
                 "reason the rule, its message and the words in the text that made it fire.\n\n"
                 "examples:\n"
                 "  scamguard check 'LINEのIDを教えてください' --stage pre_escrow\n"
                 "  cat message.txt | scamguard check - --stage pre_contract --role client",
                 "the message is warned, held or blocked", [colour, rules_opt])
    p.add_argument("text", nargs="?", metavar="TEXT",
                   help="the message; '-' or nothing reads it from standard input")
    p.add_argument("-s", "--stage", required=True, choices=STAGES, metavar="STAGE", help=STAGE_HELP)
    p.add_argument("--role", choices=ROLES, metavar="ROLE", help="who sends the message, if known: client or worker")
    p.add_argument("--kind", choices=KINDS_OF_MESSAGE, default="message", metavar="KIND",
                   help=f"what is screened: {', '.join(KINDS_OF_MESSAGE)} (default: message)")
    p.add_argument("--history", action="append", metavar="MESSAGE",
                   help="an earlier message of the same sender in the thread, oldest first (repeat it)")
    p.add_argument("--job-post", metavar="TEXT", help="the text of the job the thread belongs to")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")

    p = _command(sub, "demo", cmd_demo, "screen a few sample messages",
                 "Screen a few bundled sample messages with the default rules and show the verdicts.",
                 "(not used)", [colour])
    p.add_argument("--json", action="store_true", help="print each verdict as one line of JSON")

    rules = sub.add_parser("rules", help="lint, test, explain or list the rules",
                           description="Commands for the rules file (rules.yaml).", formatter_class=_Formatter)
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="COMMAND", title="commands")
    rules.set_defaults(func=lambda _args: _usage(rules))

    p = _command(rules_sub, "lint", cmd_lint, "report every mistake in a rules file",
                 "Check a rules file and report every mistake at once, as PATH:LINE:COLUMN: message (rule-id),\n"
                 "including examples that do not behave as they say.\n\n"
                 "example:\n  scamguard rules lint rules.yaml",
                 "the file has problems", [colour])
    p.add_argument("path", nargs="?", metavar="PATH", help="the rules file (default: the bundled rules.yaml)")
    p.add_argument("--json", action="store_true", help="print the problems as a JSON list")

    p = _command(rules_sub, "test", cmd_test, "run every rule's hit and miss examples",
                 "Run every rule's examples: each 'hit' message must make its rule fire, each 'miss'\n"
                 "message must not. Failures are listed by rule id with the message and the stage.\n\n"
                 "example:\n  scamguard rules test rules.yaml -k line",
                 "an example fails", [colour])
    p.add_argument("path", nargs="?", metavar="PATH", help="the rules file (default: the bundled rules.yaml)")
    p.add_argument("-k", metavar="TEXT", help="only the rules whose id contains TEXT")
    p.add_argument("-v", "--verbose", action="store_true", help="list every example, not only failures")

    p = _command(rules_sub, "explain", cmd_explain, "show what one rule does",
                 "Show one rule: the conditions that make it fire, its score, the stages, roles and kinds\n"
                 "of message it applies to, its message and its examples.\n\n"
                 "example:\n  scamguard rules explain outside-channel-request",
                 "(not used)", [colour, rules_opt])
    p.add_argument("rule_id", metavar="RULE_ID", help="the rule's id, as in 'id:' in the rules file")

    p = _command(rules_sub, "list", cmd_list, "list the rules",
                 "List every rule with its category, score and stages.", "(not used)", [colour, rules_opt])

    p = _command(sub, "scan", cmd_scan, "screen every message of a JSONL file",
                 "Screen a JSONL file (one JSON object per line, e.g. {\"id\": 1, \"text\": \"...\", \"stage\":\n"
                 "\"pre_escrow\"}) and write one verdict per line, in input order, with the input line number\n"
                 "and id. A line that cannot be screened is reported on stderr with its line number, written\n"
                 "as {\"line\": N, \"error\": \"...\"} and counted; the scan goes on. Blank lines are skipped.\n"
                 "A summary of actions and categories is printed on stderr at the end.\n\n"
                 "examples:\n"
                 "  scamguard scan archive.jsonl -o verdicts.jsonl --workers 4\n"
                 "  zcat archive.jsonl.gz | scamguard scan - --text-field body > verdicts.jsonl",
                 "some lines could not be screened", [rules_opt])
    p.add_argument("input", nargs="?", metavar="IN.jsonl", help="the file to scan; '-' or nothing reads standard input")
    p.add_argument("-o", "--output", metavar="OUT.jsonl", help="where to write the verdicts (default: standard output)")
    p.add_argument("--workers", type=_positive_int, default=_default_workers(), metavar="N",
                   help="processes screening in parallel (default: the number of CPUs, here %(default)s; "
                        "1 screens in this process)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="the field holding the message (default: text)")
    p.add_argument("--stage-field", default="stage", metavar="NAME",
                   help="the field holding the stage (default: stage)")
    p.add_argument("--role-field", default="role", metavar="NAME",
                   help="the field holding the sender's role, client or worker (default: role)")
    p.add_argument("--id-field", default="id", metavar="NAME",
                   help="a field copied to each verdict to identify the message (default: id)")
    p.add_argument("--context-field", default="context", metavar="NAME",
                   help="the field holding the context {kind, history, job_post, sender} (default: context)")
    p.add_argument("-s", "--stage", choices=STAGES, default="pre_contract", metavar="STAGE",
                   help="the stage for lines without one: pre_contract (default, the strictest), "
                        "pre_escrow or post_escrow")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    p = _command(sub, "eval", cmd_eval, "measure the rules on a labelled corpus",
                 "Screen a labelled corpus and report recall, precision and false positives, per category,\n"
                 "stage and rule, with the misses. A corpus is JSONL with text, label (scam | benign),\n"
                 "categories and stage, or moderator decisions with text, stage and decision\n"
                 "(confirmed | overturned). A scam is caught when held or blocked.\n\n"
                 "example (for CI):\n"
                 "  scamguard eval tests/corpus/ --fail-under-recall 0.95 --max-fpr-hold 0.005 --max-fpr-warn 0.03",
                 "a --fail-under or --max target is missed", [rules_opt])
    p.add_argument("corpus", nargs="+", metavar="CORPUS.jsonl", help="corpus files, or folders of .jsonl files")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--no-cases", action="store_true", help="leave out the text of misses and false positives")
    p.add_argument("--fail-under-recall", type=_fraction, metavar="R",
                   help="fail when fewer than this share of scams are held or blocked, e.g. 0.95")
    p.add_argument("--fail-under-category-recall", type=_fraction, metavar="R",
                   help="fail when any category's recall is below this, e.g. 0.9")
    p.add_argument("--max-fpr-hold", type=_fraction, metavar="F",
                   help="fail when more than this share of benign messages are held or blocked, e.g. 0.005")
    p.add_argument("--max-fpr-warn", type=_fraction, metavar="F",
                   help="fail when more than this share of benign messages are warned or worse, e.g. 0.03")

    parser.set_defaults(func=lambda _args: _usage(parser))
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_ERROR


def _safe_streams() -> None:
    """Never crash on printing: a character the terminal's encoding lacks becomes an escape."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run the ``scamguard`` command; returns the exit code."""
    _safe_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()
        return code
    except CliError as e:
        print(f"scamguard: error: {e}", file=sys.stderr)
    except RulesError as e:
        _print_problems(e.problems, Style(should_colour(sys.stderr)), sys.stderr)
        count = "1 problem" if len(e.problems) == 1 else f"{len(e.problems)} problems"
        print(f"scamguard: error: {count} in the rules file (listed above); fix them and try again",
              file=sys.stderr)
    except KeyboardInterrupt:
        print("scamguard: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `scamguard scan big.jsonl | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
