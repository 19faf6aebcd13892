"""Notices: the Japanese texts a platform shows beside a verdict, taken from ``rules.yaml``.

``v.notice`` is shown to the sender before the message goes out; ``v.recipient_notice`` is
the 注意喚起 shown to the other party in the message screen. Both are chosen by the
verdict's strongest category, and may differ by the sender's role and by the kind of
message::

    notices:
      default:                     # for categories without their own entry
        sender: …
        recipient: …
      contact_share:
        sender:                    # one text, or one per action
          warn: …
          block: …
        recipient: …
        recipient_at_warn: false   # recipients see a notice from hold on, unless true
        client:                    # overrides when the sender is a client
          recipient: …
        job_post:                  # overrides for job posts
          sender: …

For each text the most specific place that has one wins: the category's kind variant, its
role variant, the default's kind variant, the category itself, then ``default``'s role
variant and ``default`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scamguard.verdict import Reason

__all__ = ["FALLBACK", "NOTICE_KEYS", "pick"]

#: Shown to the sender when ``rules.yaml`` has no notice at all: warn and above always carry one.
FALLBACK = "このメッセージには、利用規約で禁止されている内容が含まれている可能性があります。送信前に内容をご確認ください。"
#: The keys a notice entry (or a variant of one) may have.
NOTICE_KEYS: dict[str, str] = {
    "sender": "the text shown to the sender (one text, or one per action: warn, hold, block)",
    "recipient": "the text shown to the recipient (one text, or one per action)",
    "recipient_at_warn": "true: the recipient sees a notice at warn too (default: from hold on)",
}


def _layers(notices: Mapping[str, Any], category: str | None, role: str | None, kind: str) -> list[Mapping[str, Any]]:
    """The places to look for a text, most specific first: the category's kind and role
    variants, then the default's kind variant (a job post is "公開", not "送信"), then the
    category itself, the default's role variant and the default."""
    def get(entry: object, key: str | None) -> Mapping[str, Any] | None:
        found = entry.get(key) if isinstance(entry, Mapping) and key else None
        return found if isinstance(found, Mapping) else None

    entry = get(notices, category)
    default = get(notices, "default")
    order = (get(entry, kind), get(entry, role), get(default, kind), entry, get(default, role), default)
    return [layer for layer in order if layer is not None]


def _text(value: object, action: str) -> str:
    if isinstance(value, Mapping):
        value = value.get(action) or value.get("default")
    return value if isinstance(value, str) else ""


def pick(notices: Mapping[str, Any], reasons: Sequence[Reason], action: str, role: str | None,
         kind: str = "message") -> tuple[str, str]:
    """The sender's and the recipient's notice for a verdict (``""`` where none is shown).

    >>> from scamguard.verdict import Reason
    >>> r = Reason("x", "mlm", 4.0, "…", 0, 0, "")
    >>> pick({"mlm": {"sender": {"warn": "注意", "hold": "確認中"}, "recipient": "ご注意ください"}}, [r], "hold", None)
    ('確認中', 'ご注意ください')
    >>> pick({}, [r], "warn", "client")[1]
    ''
    >>> pick({}, [r], "allow", None)
    ('', '')
    """
    if action == "allow":
        return "", ""
    top = next((r.category for r in reasons if r.score > 0), None)
    layers = _layers(notices, top, role, kind)

    def first(key: str) -> str:
        for layer in layers:
            found = _text(layer.get(key), action)
            if found:
                return found
        return ""

    at_warn = next((layer["recipient_at_warn"] for layer in layers if isinstance(layer.get("recipient_at_warn"), bool)), False)
    sender = first("sender") or FALLBACK
    recipient = first("recipient") if action in ("hold", "block") or at_warn else ""
    return sender, recipient
