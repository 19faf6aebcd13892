"""The screening engine: normalize → detect → evaluate rules → score → verdict.

A :class:`Screener` holds one compiled rule set. It is immutable while in use: ``reload``
compiles the new file completely and then swaps a single reference, so a thread screening
at that moment sees either the old rules or the new ones, never a mix.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from scamguard.context import Context
from scamguard.conversation import attribute, bounded, history_entities
from scamguard.entities import Entity
from scamguard.errors import Problem, RulesError, ScreeningError
from scamguard.normalize import Normalized, normalize
from scamguard.notices import pick as pick_notices
from scamguard.rules.doc import Doc
from scamguard.rules.loader import load_rules
from scamguard.rules.model import ROLES, STAGES, RuleSet
from scamguard.rules.plan import Plan
from scamguard.scoring import Fired, decide
from scamguard.trust import adjustments
from scamguard.verdict import EntitySpan, Reason, Verdict, redact
from scamguard.windows import DEFAULT_MAX_CHARS, DEFAULT_OVERLAP, merge, windows

__all__ = ["ON_ERROR", "Screener", "default_rules_path", "example_problems", "screen"]

log = logging.getLogger("scamguard")

ON_ERROR: tuple[str, ...] = ("hold", "allow", "raise")
FAILURE_MESSAGE = "このルールの評価に失敗したため、安全のため保留しました。モデレーターが確認します。"


def default_rules_path() -> Path:
    """The bundled ``rules.yaml``: the checkout's own file when run from a source tree,
    else the copy inside the installed package."""
    here = Path(__file__).resolve().parent
    if here.parent.name == "src":
        tree = here.parent.parent / "rules.yaml"
        if tree.is_file():
            return tree
    return here / "rules.yaml"


def _check_args(text: object, stage: object, role: object) -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"screen() needs the message as a str, got {type(text).__name__}"
            + ("; decode bytes first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else "")
        )
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(repr(s) for s in STAGES)}, got {stage!r}")
    if role is not None and role not in ROLES:
        raise ValueError(f"role must be 'client', 'worker' or None, got {role!r}")


@dataclass(slots=True)
class _State:
    """A rule set plus the per-(stage, role, kind) rule lists derived from it."""

    rules: RuleSet
    plans: dict[tuple[str, str | None, str], Plan] = field(default_factory=dict)
    #: ids of the backstop rules (they only top their category up to their own score)
    backstops: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.backstops = frozenset(r.id for r in self.rules.rules if r.backstop)

    def plan(self, stage: str, role: str | None, kind: str) -> Plan:
        key = (stage, role, kind)
        found = self.plans.get(key)
        if found is None:
            found = self.plans[key] = Plan(tuple(r for r in self.rules.rules if r.applies(stage, role, kind)))
        return found


def _topped_up_by_backstops(fired: list[Fired], backstops: frozenset[str]) -> list[Fired]:
    """``fired`` with each backstop rule counting only what it adds to its category: a
    category the other rules already scored at least as high gets nothing from it, one they
    scored lower (a warn-level hint) is raised to the backstop's score, no further."""
    scored: dict[str, float] = {}
    for f in fired:
        if f.rule_id not in backstops and f.score > 0:
            scored[f.category] = scored.get(f.category, 0.0) + f.score
    out = []
    for f in fired:
        if f.rule_id in backstops:
            already = scored.get(f.category, 0.0)
            if already >= f.score:
                continue
            scored[f.category] = f.score
            f = dataclasses.replace(f, score=f.score - already)
        out.append(f)
    return out


class Screener:
    """Screens messages with one compiled rule set; thread-safe, reusable.

    ``on_error`` says what a rule that fails (raises, or exceeds its time budget) does to the
    verdict: ``"hold"`` (default: at least hold, a pre-send hook fails closed), ``"allow"``
    (the caller's explicit choice to fail open) or ``"raise"`` (:class:`ScreeningError`).

    ``max_chars``: a message longer than this is screened in full, in overlapping windows of
    at most this many characters (see :mod:`scamguard.windows`), so that its cost stays linear
    and nothing at its end escapes.
    """

    def __init__(self, rules: RuleSet, *, on_error: str = "hold", max_chars: int = DEFAULT_MAX_CHARS) -> None:
        if on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {', '.join(repr(x) for x in ON_ERROR)}, got {on_error!r}")
        if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 100:
            raise ValueError(f"max_chars must be a whole number of at least 100, got {max_chars!r}")
        self.max_chars = max_chars
        self._state = _State(rules)
        self._lock = threading.Lock()
        self.on_error = on_error
        #: skip rules that cannot fire (exact; False evaluates every rule, for comparison)
        self.prefilter = True
        self._watcher: threading.Thread | None = None

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_path(cls, path: str | Path, *, on_error: str = "hold", check_examples: bool = True,
                  watch: bool = False, interval: float = 2.0, max_chars: int = DEFAULT_MAX_CHARS) -> Screener:
        """Load and compile a rules file.

        With ``check_examples`` every rule's examples are run and a rule that misbehaves is
        an error. With ``watch`` a background thread reloads the file when it changes
        (keeping the last good rules, and logging the error, when the new file is broken).
        """
        screener = cls(load_rules(path), on_error=on_error, max_chars=max_chars)
        if check_examples:
            problems = example_problems(screener.rules)
            if problems:
                raise RulesError(problems)
        if watch:
            screener.watch(interval)
        return screener

    @property
    def rules(self) -> RuleSet:
        """The rule set in force."""
        return self._state.rules

    def reload(self, path: str | Path | None = None) -> RuleSet:
        """Re-read the rules (from ``path``, or the file they came from) and switch to them.

        If the new file has any problem, the screener keeps serving its current rules and
        :class:`RulesError` is raised with every problem and its location.
        """
        with self._lock:
            target = Path(path) if path is not None else Path(self._state.rules.path)
            new = load_rules(target)
            candidate = Screener(new, on_error=self.on_error)
            problems = example_problems(new, candidate)
            if problems:
                raise RulesError(problems)
            self._state = _State(new)
            log.info("scamguard: loaded %d rules from %s", len(new.rules), target)
            return new

    def watch(self, interval: float = 2.0) -> None:
        """Reload the rules file whenever it changes (polling every ``interval`` seconds)."""
        if self._watcher is not None:
            return
        path = Path(self._state.rules.path)

        def stamp() -> tuple[int, int] | None:
            try:
                st = path.stat()
            except OSError:
                return None
            return st.st_mtime_ns, st.st_size

        last = stamp()
        stop = threading.Event()

        def loop() -> None:
            nonlocal last
            while not stop.wait(interval):
                now = stamp()
                if now is None or now == last:
                    continue
                last = now
                try:
                    self.reload(path)
                except RulesError as e:
                    log.error("scamguard: %s; still serving the previous rules", e)

        self._stop_watch = stop
        self._watcher = threading.Thread(target=loop, name="scamguard-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        """Stop watching the rules file (if watching)."""
        if self._watcher is not None:
            self._stop_watch.set()
            self._watcher.join(timeout=5)
            self._watcher = None

    # -- screening ----------------------------------------------------------------------
    def screen(self, text: str, stage: str = "pre_contract", role: str | None = None,
               context: Context | None = None) -> Verdict:
        """Screen one message and return its :class:`Verdict`.

        ``stage``: "pre_contract" (default, the strictest), "pre_escrow" or "post_escrow".
        ``role``: "client", "worker" or None (unknown). ``context``: a :class:`Context`, or None.
        """
        _check_args(text, stage, role)
        if context is not None and not isinstance(context, Context):
            raise TypeError(f"context must be a scamguard.Context or None, got {type(context).__name__}")
        state = self._state  # one read: a concurrent reload cannot mix two rule sets
        try:
            if len(text) > self.max_chars:
                return self._screen_long(state, text, stage, role, context)
            return self._screen(state, text, stage, role, context)
        except ScreeningError:
            raise
        except Exception as e:  # the hook must fail closed, whatever broke
            log.exception("scamguard: screening failed")
            if self.on_error == "raise":
                raise ScreeningError("(engine)", e) from e
            action = "allow" if self.on_error == "allow" else "hold"
            return Verdict(action, 0.0, frozenset(), (), text, stage, errors=(f"engine: {e!r}",))

    def _screen_long(self, state: _State, text: str, stage: str, role: str | None,
                     context: Context | None) -> Verdict:
        """Screen a message longer than ``max_chars`` window by window and merge the verdicts."""
        rules = state.rules
        kind = context.kind if context is not None else "message"
        overlap = min(DEFAULT_OVERLAP, (self.max_chars - 1) // 4)
        parts = [(a, self._screen(state, text[a:b], stage, role, context))
                 for a, b in windows(text, self.max_chars, overlap)]
        return merge(text, parts, rules.thresholds, rules.entities.mask,
                     lambda reasons, action: pick_notices(rules.notices, reasons, action, role, kind))

    def _screen(self, state: _State, text: str, stage: str, role: str | None,
                context: Context | None) -> Verdict:
        rules = state.rules
        norm = normalize(text)
        kind = context.kind if context is not None else "message"
        extra: tuple[Entity, ...] = ()
        if context is not None:  # read only the configured window of the thread and the post
            context = bounded(context, rules.context)
            extra = history_entities(norm.text, context.history, rules.entities)
        doc = Doc(norm.text, rules.entities, stage=stage, role=role, context=context, extra_entities=extra)
        fired: list[Fired] = []
        failures: list[str] = []
        plan = state.plan(stage, role, kind)
        for rule in plan.candidates(doc) if self.prefilter else plan.rules:
            try:
                span = rule.match(doc)
            except Exception as e:
                if self.on_error == "raise":
                    raise ScreeningError(rule.id, e) from e
                log.warning("scamguard: rule %s failed: %r", rule.id, e)
                failures.append(f"rule {rule.id} failed: {e!r}")
                fired.append(Fired(rule.id, rule.category, 0.0, FAILURE_MESSAGE, 0, 0))
                continue
            if span is not None:
                source, message = attribute(rule, doc, span) if context is not None else (None, rule.message)
                fired.append(Fired(rule.id, rule.category, rule.score, message, span[0], span[1], source))
        if state.backstops and fired:
            fired = _topped_up_by_backstops(fired, state.backstops)
        if context is not None:
            fired.extend(adjustments(fired, context.sender, rules.context, rules.thresholds))
        return self._verdict(rules, norm, doc, fired, failures, stage, role)

    def _verdict(self, rules: RuleSet, norm: Normalized, doc: Doc, fired: list[Fired],
                 failures: list[str], stage: str, role: str | None) -> Verdict:
        total, action = decide(fired, rules.thresholds, failed=bool(failures), on_error=self.on_error)
        original = norm.original
        reasons = []
        for f in sorted(fired, key=lambda f: (-f.score, f.start, f.rule_id)):
            start, end = norm.to_original(f.start, f.end)
            reasons.append(Reason(f.rule_id, f.category, f.score, f.message, start, end, original[start:end], f.context))
        entities = tuple(
            EntitySpan(e.label, *norm.to_original(e.start, e.end), e.value, e.channel, e.contact)
            for e in doc.entities if e.start < len(norm.text)
        )
        redacted = redact(original, [(e.start, e.end) for e in entities if e.contact], rules.entities.mask)
        categories = frozenset(f.category for f in fired if f.score > 0)
        notice, recipient = pick_notices(rules.notices, reasons, action, role,
                                         doc.context.kind if doc.context is not None else "message")
        return Verdict(action, total, categories, tuple(reasons), redacted, stage, notice, recipient,
                       entities, tuple(failures))


def example_problems(rules: RuleSet, screener: Screener | None = None) -> list[Problem]:
    """Run every rule's examples; one problem per example that does not behave as it says."""
    screener = screener or Screener(rules)
    problems: list[Problem] = []
    for rule in rules.rules:
        for which, examples in (("hit", rule.hits), ("miss", rule.misses)):
            for ex in examples:
                ctx = _example_context(ex.context)
                try:
                    v = screener.screen(ex.text, stage=ex.stage, role=ex.role, context=ctx)
                except (TypeError, ValueError) as e:
                    problems.append(Problem(rules.path, ex.line, ex.column, f"example cannot be screened: {e}", rule.id))
                    continue
                fired = any(r.rule_id == rule.id and r.score > 0 for r in v.reasons)
                if which == "hit" and not fired:
                    problems.append(Problem(rules.path, ex.line, ex.column,
                                            f"hit example does not fire the rule: {ex.text!r} ({ex.stage}); "
                                            "widen the rule's condition or move the example to miss", rule.id))
                elif which == "miss" and fired:
                    problems.append(Problem(rules.path, ex.line, ex.column,
                                            f"miss example fires the rule: {ex.text!r} ({ex.stage}); "
                                            "narrow the rule (unless:, tighter words) or move the example to hit", rule.id))
    return problems


def _example_context(raw: dict[str, object] | None) -> Context | None:
    if raw is None:
        return None
    from scamguard.context import Sender

    sender_raw = raw.get("sender")
    sender = Sender(**sender_raw) if isinstance(sender_raw, dict) else None
    history = raw.get("history") or ()
    job_post = raw.get("job_post")
    kind = raw.get("kind", "message")
    return Context(kind=str(kind), history=tuple(history) if isinstance(history, (list, tuple)) else (),
                   job_post=job_post if isinstance(job_post, str) else None, sender=sender)


_default: Screener | None = None
_default_lock = threading.Lock()


def _default_screener() -> Screener:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Screener(load_rules(default_rules_path()))
    return _default


def screen(text: str, stage: str = "pre_contract", role: str | None = None,
           context: Context | None = None) -> Verdict:
    """Screen ``text`` with the bundled default rules (compiled once, then cached).

    >>> screen("本日はよろしくお願いいたします。").action
    'allow'
    """
    _check_args(text, stage, role)
    return _default_screener().screen(text, stage=stage, role=role, context=context)
