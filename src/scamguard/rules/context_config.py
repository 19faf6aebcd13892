"""Checking and compiling the ``context:``, ``sender:`` and ``notices:`` sections of ``rules.yaml``,
and the ``context:`` of rule examples.

The rules loader calls these with itself as ``report``: every mistake becomes a problem with
its line and column, and a usable default stands in so the rest of the file is still checked.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from scamguard.notices import NOTICE_KEYS
from scamguard.rules.model import ACTIONS, CATEGORIES, KINDS_OF_MESSAGE, ROLES, ContextSettings, SenderRule

__all__ = ["LIMITS", "SENDER_FIELDS", "check_example_context", "compile_context", "compile_notices"]

#: The largest window a rules file may ask for: the cost of a message must stay bounded.
LIMITS: dict[str, int] = {"history_messages": 50, "history_chars": 20_000, "job_post_chars": 100_000}
#: Facts about a sender an adjustment may test, and whether each is a yes/no fact.
SENDER_FIELDS: dict[str, bool] = {
    "certified": True,
    "identity_verified": True,
    "account_age_days": False,
    "completed_contracts": False,
    "prior_violations": False,
}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TESTS = ("at_least", "below")
_ACTION_KEYS = (*ACTIONS[1:], "default")


class Report(Protocol):
    """What these checks need from the loader."""

    def problem(self, container: object, key: object, message: str, *, of_key: bool = False) -> None:
        """Record a mistake at ``container[key]``."""

    def check_keys(self, mapping: dict[Any, Any], allowed: dict[str, str] | set[str], what: str) -> None:
        """Record every key of ``mapping`` not in ``allowed``."""


# -- context: and sender: ---------------------------------------------------------------------


def compile_context(data: dict[Any, Any], report: Report) -> ContextSettings:
    """The ``context:`` window and the ``sender:`` adjustments."""
    c = data.get("context", {})
    if not isinstance(c, dict):
        report.problem(data, "context", "context must be a mapping (history_messages, history_chars, job_post_chars)")
        c = {}
    report.check_keys(c, set(LIMITS), "context")
    defaults = ContextSettings()
    values: dict[str, int] = {}
    for name, limit in LIMITS.items():
        v = c.get(name, getattr(defaults, name))
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= limit:
            report.problem(c, name, f"{name} must be a whole number from 0 to {limit} (it bounds the work per message)")
            v = getattr(defaults, name)
        values[name] = v
    s = data.get("sender", {})
    if not isinstance(s, dict):
        report.problem(data, "sender", "sender must be a mapping with soften_below: and adjust: [...]")
        s = {}
    report.check_keys(s, {"soften_below", "adjust"}, "sender")
    soften_below = s.get("soften_below", "hold")
    if soften_below not in ACTIONS[1:]:
        report.problem(s, "soften_below", f"soften_below must be one of {', '.join(ACTIONS[1:])}: trust never lowers "
                       "a message that reaches it (hold is the usual choice)")
        soften_below = "hold"
    trust = _adjustments(s, report)
    return ContextSettings(sender=dict(s), trust=trust, soften_below=soften_below, **values)


def _adjustments(section: dict[Any, Any], report: Report) -> tuple[SenderRule, ...]:
    items = section.get("adjust", [])
    if not isinstance(items, list):
        report.problem(section, "adjust", "adjust must be a list of adjustments, each with id, when, score and message")
        return ()
    out: list[SenderRule] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        rule = _adjustment(item, items, i, report)
        if rule is None:
            continue
        if rule.id in seen:
            report.problem(item, "id", f"duplicate adjustment id {rule.id!r}; give each its own id")
            continue
        seen.add(rule.id)
        out.append(rule)
    return tuple(out)


def _adjustment(item: Any, items: list[Any], i: int, report: Report) -> SenderRule | None:
    example = "e.g. {id: new-account, when: {account_age_days: {below: 7}}, score: 1.0, message: …}"
    if not isinstance(item, dict):
        report.problem(items, i, f"an adjustment is a mapping, {example}")
        return None
    report.check_keys(item, {"id", "when", "score", "message"}, "adjustment")
    ok = True
    rid = item.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        report.problem(item, "id" if "id" in item else None, f"adjustment id {rid!r} must be kebab-case, e.g. new-account")
        ok = False
    score = item.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or score == 0:
        report.problem(item, "score" if "score" in item else None,
                       "score must be a number other than 0: above 0 raises the score, below 0 softens it")
        ok = False
    message = item.get("message")
    if not isinstance(message, str) or not message.strip():
        report.problem(item, "message" if "message" in item else None,
                       "the adjustment needs a message: the Japanese text shown as its reason")
        ok = False
    test = _test(item, report)
    if not ok or test is None:
        return None
    assert isinstance(rid, str) and isinstance(message, str) and isinstance(score, (int, float))
    return SenderRule(rid, test[0], test[1], test[2], float(score), message.strip())


def _test(item: dict[Any, Any], report: Report) -> tuple[str, str, bool | int] | None:
    when = item.get("when")
    fields = ", ".join(SENDER_FIELDS)
    if not isinstance(when, dict) or len(when) != 1:
        report.problem(item, "when" if "when" in item else None,
                       f"when must name one fact about the sender ({fields}), e.g. {{certified: true}}")
        return None
    (name, value), = when.items()
    if name not in SENDER_FIELDS:
        report.problem(when, name, f"unknown sender fact {name!r}; use one of: {fields}", of_key=True)
        return None
    if SENDER_FIELDS[name]:
        if not isinstance(value, bool):
            report.problem(when, name, f"{name} is a yes/no fact: write true or false")
            return None
        return name, "is", value
    if isinstance(value, dict) and len(value) == 1:
        (test, n), = value.items()
        if test in _TESTS and isinstance(n, int) and not isinstance(n, bool) and n >= 0:
            return name, str(test), n
    report.problem(when, name, f"{name} is a number: write {{at_least: N}} or {{below: N}} with a whole number N")
    return None


# -- notices: -----------------------------------------------------------------------------------


def compile_notices(data: dict[Any, Any], report: Report) -> dict[str, Any]:
    """The ``notices:`` section, checked: entries for ``default`` and the categories, each with
    sender/recipient texts and variants by role or kind of message. The section is optional:
    without a text, a built-in notice is shown (warn and above always carry one)."""
    notices = data.get("notices", {})
    if not isinstance(notices, dict):
        report.problem(data, "notices", "notices must be a mapping of category: {sender: …, recipient: …}")
        return {}
    allowed = {"default": "the notice for categories without their own", **{c: "a category" for c in CATEGORIES}}
    report.check_keys(notices, allowed, "notices")
    for name, entry in notices.items():
        if name in allowed:
            _entry(notices, name, entry, report, variants=True)
    return dict(notices)


def _entry(container: dict[Any, Any], name: Any, entry: Any, report: Report, *, variants: bool) -> None:
    if not isinstance(entry, dict):
        report.problem(container, name, "a notice is a mapping with sender: and recipient: texts")
        return
    keys: dict[str, str] = dict(NOTICE_KEYS)
    if variants:
        keys.update({v: "a variant for this role or kind of message" for v in (*ROLES, *KINDS_OF_MESSAGE)})
    report.check_keys(entry, keys, "notice")
    for key, value in entry.items():
        if key in ("sender", "recipient"):
            _text(entry, key, value, report)
        elif key == "recipient_at_warn" and not isinstance(value, bool):
            report.problem(entry, key, "recipient_at_warn must be true or false")
        elif variants and key in keys and key not in NOTICE_KEYS:
            _entry(entry, key, value, report, variants=False)


def _text(container: dict[Any, Any], key: str, value: Any, report: Report) -> None:
    if isinstance(value, str):
        if not value.strip():
            report.problem(container, key, "an empty notice shows nothing; write the text or remove the key")
        return
    if isinstance(value, dict) and value:
        report.check_keys(value, set(_ACTION_KEYS), "notice action")
        for action, text in value.items():
            if action in _ACTION_KEYS and (not isinstance(text, str) or not text.strip()):
                report.problem(value, action, f"the {action} notice must be a non-empty text")
        return
    report.problem(container, key, f"{key} must be a text, or texts by action ({', '.join(_ACTION_KEYS)})")


# -- examples' context: -------------------------------------------------------------------------


def check_example_context(item: dict[Any, Any], report: Report) -> bool:
    """Check an example's ``context:`` (kind, history, job_post, sender); False when unusable."""
    ctx = item.get("context")
    if ctx is None:
        return True
    if not isinstance(ctx, dict):
        report.problem(item, "context", "context must be a mapping (kind, history, job_post, sender)")
        return False
    report.check_keys(ctx, {"kind", "history", "job_post", "sender"}, "example context")
    ok = True
    kind = ctx.get("kind", "message")
    if kind not in KINDS_OF_MESSAGE:
        report.problem(ctx, "kind", f"unknown kind {kind!r}; use one of: {', '.join(KINDS_OF_MESSAGE)}")
        ok = False
    history = ctx.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        report.problem(ctx, "history", "history must be a list of earlier messages, oldest first")
        ok = False
    job_post = ctx.get("job_post")
    if job_post is not None and not isinstance(job_post, str):
        report.problem(ctx, "job_post", "job_post must be the text of the job post")
        ok = False
    sender = ctx.get("sender")
    if sender is not None:
        if not isinstance(sender, dict):
            report.problem(ctx, "sender", f"sender must be a mapping of {', '.join(SENDER_FIELDS)}")
            return False
        report.check_keys(sender, set(SENDER_FIELDS), "sender")
        for name, value in sender.items():
            if name not in SENDER_FIELDS:
                ok = False
            elif SENDER_FIELDS[name] and not isinstance(value, bool):
                report.problem(sender, name, f"{name} must be true or false")
                ok = False
            elif not SENDER_FIELDS[name] and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                report.problem(sender, name, f"{name} must be a whole number of 0 or more")
                ok = False
    return ok
