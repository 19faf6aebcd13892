"""The exceptions scamguard raises.

One tree, so that a caller can catch everything of ours with one ``except``::

    ScamguardError
    ├── RulesError          a rules file cannot be used; ``.problems`` lists every mistake
    └── ScreeningError      screening itself failed and the caller asked to be told

Wrong argument types and values raise the built-in ``TypeError`` / ``ValueError``, as Python
code expects; their messages say what to pass instead.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "RulesError", "ScamguardError", "ScreeningError"]


class ScamguardError(Exception):
    """Base class of every error scamguard raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a rules file, located for the person who edits it.

    ``line`` and ``column`` are 1-based, as editors show them; 0 means "the whole file".
    """

    path: str
    line: int
    column: int
    message: str
    rule_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        if self.rule_id:
            return f"{where}: {self.message} ({self.rule_id})"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "rule_id": self.rule_id,
        }


class RulesError(ScamguardError):
    """A rules file has one or more mistakes; nothing from it was loaded.

    ``problems`` holds every mistake found, in file order, each with its location.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        body = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{head} in the rules file; the rules were not loaded:\n{body}")


class ScreeningError(ScamguardError):
    """Screening a message failed (only raised with ``on_error="raise"``)."""

    def __init__(self, rule_id: str, cause: BaseException) -> None:
        self.rule_id = rule_id
        self.cause = cause
        super().__init__(f"rule {rule_id!r} failed while screening: {cause!r}")
