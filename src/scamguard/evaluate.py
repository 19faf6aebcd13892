"""Measuring a policy on a labelled corpus: recall, precision, false positives, and the misses.

A corpus is a JSONL file, one message per line. Two shapes are read:

- labelled messages: ``text``, ``label`` (``scam`` | ``benign``), ``categories`` (the
  categories a scam belongs to), ``stage``, and optionally ``role``, ``note`` and
  ``context`` (``{kind, history, job_post, sender}``);
- moderator decisions on held messages: ``text``, ``stage``, ``decision``
  (``confirmed``: the hold was right, the message is a scam; ``overturned``: it was
  benign), and optionally ``context``, ``role``, ``categories``, ``note``.

:func:`load_corpus` reads either (a line that cannot be used raises ``ValueError`` naming
the file and the line), :func:`evaluate` screens every case and returns a :class:`Report`.

Counting conventions, so the numbers mean the same thing everywhere:

- a scam is *caught* when the verdict is ``hold`` or ``block`` (``warn`` only shows the
  sender a notice, the message still goes out); recall is also given counting ``warn``;
- a benign message is a *false positive* at ``hold``/``block`` (a moderator queue entry
  for nothing) and, more loosely, at ``warn`` or above (an honest user sees a notice);
- a scam labelled with category C counts as caught *for C* when it is caught, whatever
  category the verdict names; ``named`` counts, separately, the caught cases whose verdict
  also lists C itself;
- a rule *fires* on a case when the verdict has a reason from it with a non-zero score.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from scamguard.context import Context, Sender
from scamguard.rules.model import CATEGORIES, KINDS_OF_MESSAGE, ROLES, STAGES
from scamguard.verdict import Verdict

__all__ = [
    "CAUGHT",
    "DECISIONS",
    "FLAGGED",
    "LABELS",
    "Case",
    "CategoryStats",
    "Group",
    "Outcome",
    "Rate",
    "Report",
    "RuleStats",
    "Targets",
    "evaluate",
    "load_corpus",
    "outcome_of",
    "parse_case",
    "report_of",
]

#: The two labels of a labelled corpus.
LABELS: tuple[str, ...] = ("scam", "benign")
#: Moderator decisions and the label each one means.
DECISIONS: dict[str, str] = {"confirmed": "scam", "overturned": "benign"}
#: Actions at which a scam counts as caught.
CAUGHT: frozenset[str] = frozenset({"hold", "block"})
#: Actions at which a message is flagged at all.
FLAGGED: frozenset[str] = frozenset({"warn", "hold", "block"})


class _Screens(Protocol):
    """Anything that screens like :class:`scamguard.Screener`."""

    def screen(self, text: str, stage: str = ..., role: str | None = ...,
               context: Context | None = ...) -> Verdict: ...


# -- the corpus -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled message of a corpus.

    ``source`` and ``line`` say where it came from (1-based line), for reports and errors.
    """

    text: str
    label: str
    stage: str
    categories: tuple[str, ...] = ()
    role: str | None = None
    note: str = ""
    context: Context | None = None
    source: str = ""
    line: int = 0

    @property
    def kind(self) -> str:
        """The kind of message ("message" when no context says otherwise)."""
        return self.context.kind if self.context is not None else "message"

    @property
    def is_scam(self) -> bool:
        """True for a scam, False for a benign message."""
        return self.label == "scam"


def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"{where}: {message}")


def _optional_str(raw: Mapping[str, Any], name: str, where: str) -> str | None:
    value = raw.get(name)
    if value is not None and not isinstance(value, str):
        raise _fail(where, f"{name!r} must be a string or null, got {type(value).__name__}")
    return value


def _parse_sender(raw: object, where: str) -> Sender | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _fail(where, "context.sender must be an object such as {\"certified\": false} or null")
    known = {"certified", "identity_verified", "account_age_days", "completed_contracts", "prior_violations"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _fail(where, f"context.sender has unknown field {unknown[0]!r}; use: {', '.join(sorted(known))}")
    try:
        return Sender(**raw)
    except (TypeError, ValueError) as e:
        raise _fail(where, f"context.sender: {e}") from e


def _parse_context(raw: object, where: str) -> Context | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _fail(where, "context must be an object {kind, history, job_post, sender} or null")
    kind = raw.get("kind", "message")
    if kind not in KINDS_OF_MESSAGE:
        raise _fail(where, f"context.kind must be one of {', '.join(KINDS_OF_MESSAGE)}, got {kind!r}")
    history = raw.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise _fail(where, "context.history must be a list of strings (earlier messages, oldest first)")
    job_post = _optional_str(raw, "job_post", where + ": context")
    sender = _parse_sender(raw.get("sender"), where)
    return Context(kind=kind, history=tuple(history), job_post=job_post, sender=sender)


def _parse_categories(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise _fail(where, "categories must be a list of category names")
    unknown = [c for c in raw if c not in CATEGORIES]
    if unknown:
        raise _fail(where, f"unknown category {unknown[0]!r}; use one of: {', '.join(CATEGORIES)}")
    return tuple(dict.fromkeys(raw))


def parse_case(raw: object, *, source: str = "<corpus>", line: int = 0) -> Case:
    """One corpus entry (a decoded JSON object) as a :class:`Case`.

    Raises ``ValueError`` saying what is wrong, prefixed with ``source:line``.
    """
    where = f"{source}:{line}"
    if not isinstance(raw, dict):
        raise _fail(where, f"each line must be a JSON object, got {type(raw).__name__}")
    text = raw.get("text")
    if not isinstance(text, str):
        raise _fail(where, "'text' must be a string (the message)")
    label = raw.get("label")
    decision = raw.get("decision")
    if label is None and decision is None:
        raise _fail(where, "each line needs 'label' (scam | benign) or 'decision' (confirmed | overturned)")
    if label is not None and label not in LABELS:
        raise _fail(where, f"'label' must be 'scam' or 'benign', got {label!r}")
    if decision is not None:
        if decision not in DECISIONS:
            raise _fail(where, f"'decision' must be 'confirmed' or 'overturned', got {decision!r}")
        if label is not None and label != DECISIONS[decision]:
            raise _fail(where, f"'label' {label!r} contradicts 'decision' {decision!r}")
        label = DECISIONS[decision]
    stage = raw.get("stage")
    if stage not in STAGES:
        raise _fail(where, f"'stage' must be one of {', '.join(STAGES)}, got {stage!r}")
    role = raw.get("role")
    if role is not None and role not in ROLES:
        raise _fail(where, f"'role' must be 'client', 'worker' or null, got {role!r}")
    note = _optional_str(raw, "note", where) or ""
    categories = _parse_categories(raw.get("categories"), where)
    if label == "scam" and decision is None and not categories:
        raise _fail(where, "a scam needs at least one category in 'categories'")
    context = _parse_context(raw.get("context"), where)
    return Case(text, str(label), str(stage), categories, role, note, context, source, line)


def load_corpus(path: str | Path) -> list[Case]:
    """Read a JSONL corpus (labelled messages or moderator decisions); blank lines are skipped.

    A line that is not valid JSON, or not a usable case, raises ``ValueError`` naming the
    file and the 1-based line.
    """
    source = str(path)
    cases: list[Case] = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{source}:{number}: not valid JSON ({e.msg} at column {e.colno})") from e
            cases.append(parse_case(raw, source=source, line=number))
    return cases


# -- the measurement ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rate:
    """``hits`` out of ``total``, with the ratio (0.0 when there is nothing to count)."""

    hits: int
    total: int

    @property
    def value(self) -> float:
        """hits / total, or 0.0 for an empty total."""
        return self.hits / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"hits": self.hits, "total": self.total, "rate": round(self.value, 4)}

    def __str__(self) -> str:
        return f"{self.value:6.1%} ({self.hits}/{self.total})" if self.total else "     - (0/0)"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A case and what the screener decided for it."""

    case: Case
    action: str
    score: float
    categories: tuple[str, ...]
    rules: tuple[str, ...]

    @property
    def caught(self) -> bool:
        """Held or blocked."""
        return self.action in CAUGHT

    @property
    def flagged(self) -> bool:
        """Warned, held or blocked."""
        return self.action in FLAGGED

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        c = self.case
        return {
            "text": c.text,
            "label": c.label,
            "stage": c.stage,
            "kind": c.kind,
            "role": c.role,
            "expected": list(c.categories),
            "action": self.action,
            "score": self.score,
            "categories": list(self.categories),
            "rules": list(self.rules),
            "note": c.note,
            "line": c.line,
        }


@dataclass(frozen=True, slots=True)
class Group:
    """Recall and false-positive rates within one stage or kind of message."""

    recall: Rate
    recall_warn: Rate
    fpr_hold: Rate
    fpr_warn: Rate

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"recall": self.recall.to_dict(), "recall_warn": self.recall_warn.to_dict(),
                "fpr_hold": self.fpr_hold.to_dict(), "fpr_warn": self.fpr_warn.to_dict()}


@dataclass(frozen=True, slots=True)
class CategoryStats:
    """For scams labelled with one category: how many were caught, and named as such."""

    caught: Rate
    flagged: Rate
    named: Rate

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"recall": self.caught.to_dict(), "recall_warn": self.flagged.to_dict(),
                "named": self.named.to_dict()}


@dataclass(frozen=True, slots=True)
class RuleStats:
    """How often a rule fired on scams and on benign messages."""

    on_scam: int
    on_benign: int

    @property
    def precision(self) -> float:
        """Share of the rule's firings that were on scams (0.0 when it never fired)."""
        n = self.on_scam + self.on_benign
        return self.on_scam / n if n else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"on_scam": self.on_scam, "on_benign": self.on_benign, "precision": round(self.precision, 4)}


@dataclass(frozen=True, slots=True)
class Targets:
    """Floors and ceilings a policy must meet; :meth:`Report.shortfalls` checks them."""

    recall: float = 0.95
    fpr_hold: float = 0.005
    fpr_warn: float = 0.03
    category_recall: float = 0.9


@dataclass(frozen=True, slots=True)
class Report:
    """Everything :func:`evaluate` measured; ``outcomes`` keeps every case's verdict."""

    outcomes: tuple[Outcome, ...]
    seconds: float = 0.0
    by_category: dict[str, CategoryStats] = field(default_factory=dict)
    by_stage: dict[str, Group] = field(default_factory=dict)
    by_kind: dict[str, Group] = field(default_factory=dict)
    by_rule: dict[str, RuleStats] = field(default_factory=dict)
    flagged_as: dict[str, Rate] = field(default_factory=dict)

    # -- headline figures
    @property
    def scams(self) -> tuple[Outcome, ...]:
        """Outcomes of the scam cases."""
        return tuple(o for o in self.outcomes if o.case.is_scam)

    @property
    def benign(self) -> tuple[Outcome, ...]:
        """Outcomes of the benign cases."""
        return tuple(o for o in self.outcomes if not o.case.is_scam)

    @property
    def recall(self) -> Rate:
        """Scams held or blocked."""
        return _rate(self.scams, CAUGHT)

    @property
    def recall_warn(self) -> Rate:
        """Scams warned, held or blocked."""
        return _rate(self.scams, FLAGGED)

    @property
    def fpr_hold(self) -> Rate:
        """Benign messages held or blocked."""
        return _rate(self.benign, CAUGHT)

    @property
    def fpr_warn(self) -> Rate:
        """Benign messages warned, held or blocked."""
        return _rate(self.benign, FLAGGED)

    @property
    def precision(self) -> Rate:
        """Of the messages held or blocked, the share that were scams."""
        held = [o for o in self.outcomes if o.caught]
        return Rate(sum(o.case.is_scam for o in held), len(held))

    @property
    def precision_warn(self) -> Rate:
        """Of the messages warned or worse, the share that were scams."""
        flagged = [o for o in self.outcomes if o.flagged]
        return Rate(sum(o.case.is_scam for o in flagged), len(flagged))

    @property
    def misses(self) -> tuple[Outcome, ...]:
        """Scams that were allowed or only warned."""
        return tuple(o for o in self.scams if not o.caught)

    @property
    def false_positives(self) -> tuple[Outcome, ...]:
        """Benign messages that were warned, held or blocked (the worst first)."""
        fps = [o for o in self.benign if o.flagged]
        return tuple(sorted(fps, key=lambda o: (-_ACTION_RANK[o.action], o.case.line)))

    @property
    def messages_per_second(self) -> float:
        """Screening throughput over the whole run."""
        return len(self.outcomes) / self.seconds if self.seconds > 0 else 0.0

    # -- checks and output
    def shortfalls(self, targets: Targets | None = None) -> list[str]:
        """The targets this report misses, one sentence each (empty when all are met)."""
        t = targets or Targets()
        out: list[str] = []
        if self.recall.total and self.recall.value < t.recall:
            out.append(f"recall {self.recall.value:.3f} is below {t.recall:.3f}")
        if self.fpr_hold.total and self.fpr_hold.value > t.fpr_hold:
            out.append(f"benign held or blocked {self.fpr_hold.value:.3f} is above {t.fpr_hold:.3f}")
        if self.fpr_warn.total and self.fpr_warn.value > t.fpr_warn:
            out.append(f"benign warned {self.fpr_warn.value:.3f} is above {t.fpr_warn:.3f}")
        for name, stats in self.by_category.items():
            if stats.caught.total and stats.caught.value < t.category_recall:
                out.append(f"recall of {name} {stats.caught.value:.3f} is below {t.category_recall:.3f}")
        return out

    def summary(self) -> dict[str, Any]:
        """The aggregate figures only, no message text (safe to print for a held-out set)."""
        return {
            "cases": len(self.outcomes),
            "scams": len(self.scams),
            "benign": len(self.benign),
            "recall": self.recall.to_dict(),
            "recall_warn": self.recall_warn.to_dict(),
            "precision": self.precision.to_dict(),
            "precision_warn": self.precision_warn.to_dict(),
            "fpr_hold": self.fpr_hold.to_dict(),
            "fpr_warn": self.fpr_warn.to_dict(),
            "by_category": {k: v.to_dict() for k, v in self.by_category.items()},
            "by_stage": {k: v.to_dict() for k, v in self.by_stage.items()},
            "by_kind": {k: v.to_dict() for k, v in self.by_kind.items()},
            "flagged_as": {k: v.to_dict() for k, v in self.flagged_as.items()},
            "seconds": round(self.seconds, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the summary, per-rule figures, the misses and false positives."""
        out = self.summary()
        out["by_rule"] = {k: v.to_dict() for k, v in self.by_rule.items()}
        out["misses"] = [o.to_dict() for o in self.misses]
        out["false_positives"] = [o.to_dict() for o in self.false_positives]
        return out

    def format_text(self, *, cases: bool = True, width: int = 60) -> str:
        """A readable report. ``cases=False`` leaves out the misses and false positives
        (message text); ``width`` shortens the texts listed."""
        lines = [
            f"{len(self.outcomes)} messages ({len(self.scams)} scam, {len(self.benign)} benign)"
            + (f", {self.messages_per_second:.0f} msg/s" if self.seconds else ""),
            "",
            f"  recall (hold/block)        {self.recall}",
            f"  recall (warn or more)      {self.recall_warn}",
            f"  precision (hold/block)     {self.precision}",
            f"  precision (warn or more)   {self.precision_warn}",
            f"  benign held/blocked        {self.fpr_hold}",
            f"  benign warned or more      {self.fpr_warn}",
            "",
            f"  {'category':<24}{'recall':>16}{'warn+':>16}{'named':>16}",
        ]
        for name, c in self.by_category.items():
            lines.append(f"  {name:<24}{c.caught!s:>16}{c.flagged!s:>16}{c.named!s:>16}")
        for title, groups in (("stage", self.by_stage), ("kind", self.by_kind)):
            lines += ["", f"  {title:<24}{'recall':>16}{'benign held':>16}{'benign warned':>16}"]
            for name, g in groups.items():
                lines.append(f"  {name:<24}{g.recall!s:>16}{g.fpr_hold!s:>16}{g.fpr_warn!s:>16}")
        if self.by_rule:
            lines += ["", f"  {'rule':<36}{'on scam':>9}{'on benign':>11}{'precision':>11}"]
            for name, r in sorted(self.by_rule.items(), key=lambda kv: (kv[1].precision, kv[0])):
                lines.append(f"  {name:<36}{r.on_scam:>9}{r.on_benign:>11}{r.precision:>11.1%}")
        if cases:
            for title, items in (("misses (scams allowed or warned)", self.misses),
                                 ("false positives (benign warned, held or blocked)", self.false_positives)):
                lines += ["", f"{title}: {len(items)}"]
                for o in items:
                    lines.append("  " + _case_line(o, width))
        return "\n".join(lines)


_ACTION_RANK = {"allow": 0, "warn": 1, "hold": 2, "block": 3}


def _rate(outcomes: Iterable[Outcome], actions: frozenset[str]) -> Rate:
    items = list(outcomes)
    return Rate(sum(o.action in actions for o in items), len(items))


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _case_line(o: Outcome, width: int) -> str:
    c = o.case
    expected = ",".join(c.categories) or "-"
    got = ",".join(o.categories) or "-"
    note = f"  # {c.note}" if c.note else ""
    return (f"{o.action:<5} {c.stage:<12} {c.kind:<8} line {c.line:<4} want {expected} got {got} "
            f"[{_shorten(c.text, width)}]{note}")


def _group(outcomes: Sequence[Outcome]) -> Group:
    scams = [o for o in outcomes if o.case.is_scam]
    benign = [o for o in outcomes if not o.case.is_scam]
    return Group(_rate(scams, CAUGHT), _rate(scams, FLAGGED), _rate(benign, CAUGHT), _rate(benign, FLAGGED))


def _grouped(outcomes: Sequence[Outcome], key: str, order: Sequence[str]) -> dict[str, Group]:
    buckets: dict[str, list[Outcome]] = {}
    for o in outcomes:
        buckets.setdefault(getattr(o.case, key), []).append(o)
    names = [n for n in order if n in buckets] + sorted(n for n in buckets if n not in order)
    return {n: _group(buckets[n]) for n in names}


def _by_category(outcomes: Sequence[Outcome]) -> dict[str, CategoryStats]:
    out: dict[str, CategoryStats] = {}
    for name in CATEGORIES:
        labelled = [o for o in outcomes if o.case.is_scam and name in o.case.categories]
        if not labelled:
            continue
        named = sum(o.caught and name in o.categories for o in labelled)
        out[name] = CategoryStats(_rate(labelled, CAUGHT), _rate(labelled, FLAGGED), Rate(named, len(labelled)))
    return out


def _by_rule(outcomes: Sequence[Outcome]) -> dict[str, RuleStats]:
    counts: dict[str, list[int]] = {}
    for o in outcomes:
        for rule in o.rules:
            pair = counts.setdefault(rule, [0, 0])
            pair[0 if o.case.is_scam else 1] += 1
    return {k: RuleStats(v[0], v[1]) for k, v in sorted(counts.items())}


def _flagged_as(outcomes: Sequence[Outcome]) -> dict[str, Rate]:
    """For each category a verdict named: of the benign messages, how many were flagged under it."""
    benign = [o for o in outcomes if not o.case.is_scam]
    out: dict[str, Rate] = {}
    for name in CATEGORIES:
        hits = sum(o.flagged and name in o.categories for o in benign)
        if hits:
            out[name] = Rate(hits, len(benign))
    return out


def outcome_of(case: Case, verdict: Verdict) -> Outcome:
    """The :class:`Outcome` of ``case`` given the screener's ``verdict``."""
    rules = tuple(dict.fromkeys(r.rule_id for r in verdict.reasons if r.score != 0))
    return Outcome(case, verdict.action, verdict.score, tuple(sorted(verdict.categories)), rules)


def evaluate(screener: _Screens, cases: Iterable[Case]) -> Report:
    """Screen every case with ``screener`` and measure the result."""
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for case in cases:
        verdict = screener.screen(case.text, stage=case.stage, role=case.role, context=case.context)
        outcomes.append(outcome_of(case, verdict))
    seconds = time.perf_counter() - started
    return report_of(outcomes, seconds)


def report_of(outcomes: Sequence[Outcome], seconds: float = 0.0) -> Report:
    """Build a :class:`Report` from outcomes already computed."""
    return Report(
        outcomes=tuple(outcomes),
        seconds=seconds,
        by_category=_by_category(outcomes),
        by_stage=_grouped(outcomes, "stage", STAGES),
        by_kind=_grouped(outcomes, "kind", KINDS_OF_MESSAGE),
        by_rule=_by_rule(outcomes),
        flagged_as=_flagged_as(outcomes),
    )
