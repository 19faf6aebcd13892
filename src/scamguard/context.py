"""What a platform knows beyond the message: the thread, the job post, the sender.

scamguard keeps no state between calls; the caller passes this with each message.
"""

from __future__ import annotations

from dataclasses import dataclass

from scamguard.rules.model import KINDS_OF_MESSAGE

__all__ = ["Context", "Sender"]


def _check_optional(cls: str, name: str, value: object, kind: type | tuple[type, ...], what: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) and kind is int:
        raise TypeError(f"{cls}.{name} must be {what} or None, got {value!r}")
    if not isinstance(value, kind):
        raise TypeError(f"{cls}.{name} must be {what} or None, got {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Sender:
    """Facts about who sends the message; every field is optional (None: unknown)."""

    certified: bool | None = None
    identity_verified: bool | None = None
    account_age_days: int | None = None
    completed_contracts: int | None = None
    prior_violations: int | None = None

    def __post_init__(self) -> None:
        _check_optional("Sender", "certified", self.certified, bool, "True or False")
        _check_optional("Sender", "identity_verified", self.identity_verified, bool, "True or False")
        for name in ("account_age_days", "completed_contracts", "prior_violations"):
            value = getattr(self, name)
            _check_optional("Sender", name, value, int, "a whole number")
            if value is not None and value < 0:
                raise ValueError(f"Sender.{name} must be 0 or more, got {value}")


@dataclass(frozen=True, slots=True)
class Context:
    """The message's surroundings.

    ``kind``: one of "message", "scout", "proposal", "job_post", "profile".
    ``history``: this sender's earlier messages in the thread, oldest first.
    ``job_post``: the text of the job the thread belongs to, if any.
    ``sender``: facts about the sender, if known.
    """

    kind: str = "message"
    history: tuple[str, ...] = ()
    job_post: str | None = None
    sender: Sender | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str):
            raise TypeError(f"Context.kind must be a str, one of {', '.join(KINDS_OF_MESSAGE)}")
        if self.kind not in KINDS_OF_MESSAGE:
            raise ValueError(f"Context.kind must be one of {', '.join(KINDS_OF_MESSAGE)}, got {self.kind!r}")
        if isinstance(self.history, str) or not isinstance(self.history, (tuple, list)):
            raise TypeError("Context.history must be a tuple of str (earlier messages, oldest first)")
        if isinstance(self.history, list):
            object.__setattr__(self, "history", tuple(self.history))
        for i, h in enumerate(self.history):
            if not isinstance(h, str):
                raise TypeError(f"Context.history[{i}] must be a str, got {type(h).__name__}")
        if self.job_post is not None and not isinstance(self.job_post, str):
            raise TypeError(f"Context.job_post must be a str or None, got {type(self.job_post).__name__}")
        if self.sender is not None and not isinstance(self.sender, Sender):
            raise TypeError(f"Context.sender must be a scamguard.Sender or None, got {type(self.sender).__name__}")
