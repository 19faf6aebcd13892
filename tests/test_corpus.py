"""The default policy measured on the labelled corpora of tests/corpus/.

- messages.jsonl, the development set: the targets of the policy are asserted as floors a
  little below what the bundled rules reach, so that a regression fails; and every message
  is checked on its own (a golden corpus), except the few listed in known_failures.jsonl,
  which run as strict expected failures: a change that fixes one must promote it.
- paraphrases.jsonl: the same families of scam wording and of hard negatives, in other words
  than the development set; floors only.
- context.jsonl: its single messages without history are read by the message rules too.
- holdout*.jsonl are written independently and kept for measuring how the rules carry over to
  unseen messages; ordinary_*.jsonl are everyday honest messages. They are only checked to
  parse here, never asserted on (holdout6, holdout7, holdout12 and ordinary_b are also kept out of the
  wording model's training: they are the honest measure).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import scamguard
from scamguard.evaluate import Case, Report, evaluate, load_corpus, outcome_of

CORPUS = Path(__file__).resolve().parent / "corpus"

# What the bundled rules reach on messages.jsonl (recall 1.000, every category 1.000,
# benign held 0/272, benign warned 1/272), less a margin of about one or two messages.
RECALL_FLOOR = 0.98
CATEGORY_FLOOR = 0.95
HELD_CEILING = 0.004
WARNED_CEILING = 0.012


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _known_failures() -> dict[tuple[str, str], dict[str, Any]]:
    rows = [json.loads(line) for line in (CORPUS / "known_failures.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return {(row["corpus"], row["sha1"]): row for row in rows}


KNOWN = _known_failures()
DEV = load_corpus(CORPUS / "messages.jsonl")


def _case_id(case: Case) -> str:
    return f"{case.line}-{case.label}-{case.stage}"


def _behaves(screener: scamguard.Screener, case: Case) -> bool:
    """A scam is held or blocked; a benign message gets no notice at all."""
    verdict = screener.screen(case.text, stage=case.stage, role=case.role, context=case.context)
    outcome = outcome_of(case, verdict)
    return outcome.caught if case.is_scam else outcome.action == "allow"


@pytest.fixture(scope="module")
def dev(screener: scamguard.Screener) -> Report:
    return evaluate(screener, DEV)


# -- the development set: floors ---------------------------------------------------------------


def test_dev_corpus_covers_every_category_and_stage() -> None:
    scams = [c for c in DEV if c.is_scam]
    assert {cat for c in scams for cat in c.categories} == set(scamguard.CATEGORIES)
    assert {c.stage for c in DEV} == set(scamguard.STAGES)
    assert len(DEV) - len(scams) >= 0.4 * len(DEV)


def test_dev_recall_with_scams_held_or_blocked(dev: Report) -> None:
    assert dev.recall.value >= RECALL_FLOOR, dev.format_text(cases=True)


def test_dev_benign_messages_are_rarely_held_and_seldom_warned(dev: Report) -> None:
    assert dev.fpr_hold.value <= HELD_CEILING, [o.case.text for o in dev.false_positives if o.caught]
    assert dev.fpr_warn.value <= WARNED_CEILING, [o.case.text for o in dev.false_positives]


@pytest.mark.parametrize("category", scamguard.CATEGORIES)
def test_dev_recall_of_each_category(dev: Report, category: str) -> None:
    stats = dev.by_category[category]
    missed = [o.case.text for o in dev.misses if category in o.case.categories]
    assert stats.caught.value >= CATEGORY_FLOOR, missed


# -- the development set: every message --------------------------------------------------------

_GOLDEN = [pytest.param(c, id=_case_id(c)) for c in DEV if ("messages.jsonl", _digest(c.text)) not in KNOWN]
_EXPECTED_FAILURES = [
    pytest.param(c, id=_case_id(c), marks=pytest.mark.xfail(strict=True, reason=KNOWN["messages.jsonl", _digest(c.text)]["why"]))
    for c in DEV if ("messages.jsonl", _digest(c.text)) in KNOWN
]


@pytest.mark.parametrize("case", _GOLDEN)
def test_dev_message(screener: scamguard.Screener, case: Case) -> None:
    assert _behaves(screener, case), f"{case.label} at {case.stage}: {case.text} ({case.note})"


@pytest.mark.parametrize("case", _EXPECTED_FAILURES)
def test_known_failure(screener: scamguard.Screener, case: Case) -> None:
    assert _behaves(screener, case)


def test_known_failures_point_at_messages_that_exist() -> None:
    for corpus, digest in KNOWN:
        texts = {_digest(c.text) for c in load_corpus(CORPUS / corpus)}
        assert digest in texts, f"known_failures.jsonl names {digest} in {corpus}, which has no such message any more"


# -- other wording of the same families ------------------------------------------------------------


def test_paraphrases_are_caught_and_their_negatives_left_alone(screener: scamguard.Screener) -> None:
    report = evaluate(screener, load_corpus(CORPUS / "paraphrases.jsonl"))
    assert report.recall.value >= 0.97, [o.case.text for o in report.misses]
    assert report.fpr_hold.value <= 0.01, [o.case.text for o in report.false_positives]
    assert report.fpr_warn.value <= 0.02, [o.case.text for o in report.false_positives]


def test_single_messages_of_the_context_corpus(screener: scamguard.Screener) -> None:
    cases = [c for c in load_corpus(CORPUS / "context.jsonl")
             if c.kind == "message" and (c.context is None or not c.context.history)]
    report = evaluate(screener, cases)
    assert len(cases) >= 40
    assert report.recall.value >= 0.95, [o.case.text for o in report.misses]
    assert report.fpr_hold.value <= 0.04, [o.case.text for o in report.false_positives]


# -- the held-out set is measured elsewhere, never tuned against ---------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("holdout*.jsonl")))
def test_held_out_corpora_parse_and_cover_every_category(name: str) -> None:
    cases = load_corpus(CORPUS / name)
    assert len(cases) >= 280
    assert {c.label for c in cases} == {"scam", "benign"}
    assert {cat for c in cases if c.is_scam for cat in c.categories} == set(scamguard.CATEGORIES)
    assert all(c.stage in scamguard.STAGES for c in cases)


@pytest.mark.parametrize("name", ["ordinary_a.jsonl", "ordinary_b.jsonl"])
def test_everyday_corpora_parse_and_hold_only_honest_messages(name: str) -> None:
    cases = load_corpus(CORPUS / name)
    assert len(cases) >= 400 and all(not c.is_scam and not c.categories for c in cases)
    assert {c.stage for c in cases} == set(scamguard.STAGES)
