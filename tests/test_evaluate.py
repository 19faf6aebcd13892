"""scamguard.evaluate: reading corpora and counting what a screener gets right and wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import scamguard
from scamguard.context import Context
from scamguard.evaluate import Case, Report, Targets, evaluate, load_corpus, parse_case
from scamguard.verdict import Reason, Verdict


def _write(tmp_path: Path, rows: list[Any], name: str = "corpus.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


# -- reading -----------------------------------------------------------------------------------


def test_load_labelled_corpus_reads_every_field(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"text": "LINEのIDを教えて", "label": "scam", "categories": ["contact_request"], "stage": "pre_escrow",
         "role": "client", "note": "n1",
         "context": {"kind": "scout", "history": ["a"], "job_post": "記事", "sender": {"certified": True}}},
        "",
        {"text": "よろしくお願いします", "label": "benign", "categories": [], "stage": "post_escrow"},
    ])
    cases = load_corpus(path)
    assert len(cases) == 2
    first, second = cases
    assert (first.label, first.stage, first.role, first.note, first.categories) == (
        "scam", "pre_escrow", "client", "n1", ("contact_request",))
    assert first.kind == "scout"
    assert first.context is not None and first.context.history == ("a",)
    assert first.context.sender is not None and first.context.sender.certified is True
    assert (second.kind, second.role, second.context, second.line) == ("message", None, None, 3)


def test_load_moderator_decisions_maps_decision_to_label(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"text": "a", "stage": "pre_contract", "decision": "confirmed"},
        {"text": "b", "stage": "pre_escrow", "decision": "overturned", "context": {"kind": "message"}},
    ])
    assert [c.label for c in load_corpus(path)] == ["scam", "benign"]


@pytest.mark.parametrize(("row", "says"), [
    ("{not json", "not valid JSON"),
    ('["a list"]', "JSON object"),
    ({"label": "scam", "categories": ["mlm"], "stage": "pre_contract"}, "'text'"),
    ({"text": "a", "stage": "pre_contract"}, "'label'"),
    ({"text": "a", "label": "spam", "stage": "pre_contract"}, "'label'"),
    ({"text": "a", "label": "benign", "stage": "later"}, "'stage'"),
    ({"text": "a", "label": "benign", "stage": "pre_contract", "role": "boss"}, "'role'"),
    ({"text": "a", "label": "scam", "categories": ["phishing"], "stage": "pre_contract"}, "phishing"),
    ({"text": "a", "label": "scam", "categories": [], "stage": "pre_contract"}, "category"),
    ({"text": "a", "decision": "maybe", "stage": "pre_contract"}, "'decision'"),
    ({"text": "a", "decision": "confirmed", "label": "benign", "stage": "pre_contract"}, "contradicts"),
    ({"text": "a", "label": "benign", "stage": "pre_contract", "context": {"kind": "tweet"}}, "context.kind"),
    ({"text": "a", "label": "benign", "stage": "pre_contract", "context": {"history": "x"}}, "history"),
    ({"text": "a", "label": "benign", "stage": "pre_contract", "context": {"sender": {"age": 1}}}, "age"),
    ({"text": "a", "label": "benign", "stage": "pre_contract",
      "context": {"sender": {"account_age_days": -1}}}, "account_age_days"),
])
def test_a_bad_line_names_file_and_line(tmp_path: Path, row: Any, says: str) -> None:
    good = {"text": "ok", "label": "benign", "categories": [], "stage": "pre_contract"}
    path = _write(tmp_path, [good, row])
    with pytest.raises(ValueError, match=r"corpus\.jsonl:2: ") as info:
        load_corpus(path)
    assert says in str(info.value)


def test_parse_case_defaults() -> None:
    case = parse_case({"text": "x", "label": "benign", "stage": "pre_contract"})
    assert case == Case("x", "benign", "pre_contract", source="<corpus>")


# -- counting ------------------------------------------------------------------------------------


class _Scripted:
    """A screener whose verdicts are written in advance, keyed by text."""

    def __init__(self, answers: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]) -> None:
        self.answers = answers

    def screen(self, text: str, stage: str = "pre_contract", role: str | None = None,
               context: Context | None = None) -> Verdict:
        action, categories, rules = self.answers[text]
        reasons = tuple(Reason(r, categories[0] if categories else "mlm", 1.0, "", 0, 0, "") for r in rules)
        return Verdict(action, float(len(rules)), frozenset(categories), reasons, text, stage)


def _case(text: str, label: str, categories: tuple[str, ...] = (), stage: str = "pre_contract",
          kind: str = "message") -> Case:
    ctx = Context(kind=kind) if kind != "message" else None
    return Case(text, label, stage, categories, context=ctx)


@pytest.fixture
def report() -> Report:
    screener = _Scripted({
        "s1": ("block", ("contact_share",), ("share",)),
        "s2": ("hold", ("contact_request",), ("ask",)),            # caught, but named another category
        "s3": ("warn", ("mlm",), ("money",)),                      # warned only: a miss
        "s4": ("allow", (), ()),                                   # a plain miss
        "b1": ("allow", (), ()),
        "b2": ("warn", ("mlm",), ("money",)),                      # benign warned
        "b3": ("hold", ("contact_request",), ("ask",)),            # benign held
        "b4": ("allow", (), ()),
    })
    cases = [
        _case("s1", "scam", ("contact_share",)),
        _case("s2", "scam", ("contact_share",), stage="pre_escrow"),
        _case("s3", "scam", ("mlm",), kind="job_post"),
        _case("s4", "scam", ("mlm", "advance_fee")),
        _case("b1", "benign"),
        _case("b2", "benign", kind="job_post"),
        _case("b3", "benign", stage="pre_escrow"),
        _case("b4", "benign", stage="post_escrow"),
    ]
    return evaluate(screener, cases)


def test_headline_rates(report: Report) -> None:
    assert (report.recall.hits, report.recall.total) == (2, 4)
    assert (report.recall_warn.hits, report.recall_warn.total) == (3, 4)
    assert (report.fpr_hold.hits, report.fpr_hold.total) == (1, 4)
    assert (report.fpr_warn.hits, report.fpr_warn.total) == (2, 4)
    assert (report.precision.hits, report.precision.total) == (2, 3)
    assert (report.precision_warn.hits, report.precision_warn.total) == (3, 5)


def test_category_recall_counts_caught_and_named_separately(report: Report) -> None:
    share = report.by_category["contact_share"]
    assert (share.caught.hits, share.caught.total) == (2, 2)
    assert share.named.hits == 1  # s2 was held under contact_request
    mlm = report.by_category["mlm"]
    assert (mlm.caught.hits, mlm.flagged.hits, mlm.caught.total) == (0, 1, 2)
    assert "personal_info_request" not in report.by_category


def test_stage_kind_and_rule_breakdowns(report: Report) -> None:
    escrow = report.by_stage["pre_escrow"]
    assert (escrow.recall.hits, escrow.recall.total, escrow.fpr_hold.hits, escrow.fpr_hold.total) == (1, 1, 1, 1)
    assert list(report.by_stage) == ["pre_contract", "pre_escrow", "post_escrow"]
    assert report.by_kind["job_post"].fpr_warn.hits == 1
    assert (report.by_rule["ask"].on_scam, report.by_rule["ask"].on_benign) == (1, 1)
    assert report.by_rule["share"].precision == 1.0


def test_misses_and_false_positives(report: Report) -> None:
    assert [o.case.text for o in report.misses] == ["s3", "s4"]
    assert [o.case.text for o in report.false_positives] == ["b3", "b2"]  # worst first


def test_outputs_are_json_ready_and_summary_has_no_text(report: Report) -> None:
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["recall"]["hits"] == 2
    assert [m["text"] for m in data["misses"]] == ["s3", "s4"]
    summary = json.dumps(report.summary())
    assert '"s3"' not in summary and '"b2"' not in summary
    text = report.format_text()
    assert "contact_share" in text and "s4" in text
    assert "s4" not in report.format_text(cases=False)


def test_shortfalls_name_each_missed_target(report: Report) -> None:
    problems = report.shortfalls(Targets())
    assert any(p.startswith("recall ") for p in problems)
    assert any("mlm" in p for p in problems)
    assert report.shortfalls(Targets(recall=0.5, fpr_hold=0.25, fpr_warn=0.5, category_recall=0.0)) == []


def test_empty_corpus_gives_zero_rates() -> None:
    report = evaluate(_Scripted({}), [])
    assert report.recall.value == 0.0 and report.shortfalls() == []


def test_evaluate_runs_the_real_screener(screener: scamguard.Screener) -> None:
    cases = [_case("LINEのIDを教えてください", "scam", ("contact_request",), stage="pre_escrow"),
             _case("本日はよろしくお願いいたします。", "benign")]
    report = evaluate(screener, cases)
    assert report.recall.hits == 1 and report.fpr_warn.hits == 0
