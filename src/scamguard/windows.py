"""Long messages: screened in overlapping windows, so that cost stays linear and nothing escapes.

A message longer than the screener's ``max_chars`` is cut into windows of at most that many
characters, each overlapping the next by ``overlap`` characters; every window is screened on
its own and the verdicts are merged into one. Anything no longer than the overlap (a phone
number, a sentence, the whole match of a rule) lies entirely inside at least one window, so the
end of a 1 MB message is screened exactly like its beginning. Windows are cut just after a line
break or a sentence end when there is one nearby, so that no window starts in the middle of a
word (「オンライン」 cut to 「ライン」) or of a sentence (a refusal cut off from its negation).

Why windows rather than one pass over the whole text: MeCab crashes the process (SIGSEGV) on a
few hundred thousand characters, its cost grows faster than linearly on long runs of one
character class, and some conditions cost more than linear time in the number of matches. A
window bounds all three, so the cost of a message is linear in its length whatever it holds.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Sequence

from scamguard.rules.model import ACTIONS, Thresholds
from scamguard.verdict import EntitySpan, Reason, Verdict, redact

__all__ = ["DEFAULT_MAX_CHARS", "DEFAULT_OVERLAP", "merge", "windows"]

#: Messages up to this many characters are screened in one piece (far above a chat message).
DEFAULT_MAX_CHARS = 10_000
#: Characters shared by consecutive windows: longer than any sentence or rule match.
DEFAULT_OVERLAP = 1_000

_LINE_ENDS = "\n\r\u2028\u2029"
_SENTENCE_ENDS = "。．!?！？"
_SPACES = " \t\u3000"
#: characters that belong with the one before them: never start a window on one
_JOINERS = frozenset("\N{ZERO WIDTH JOINER}\N{COMBINING ENCLOSING KEYCAP}"
                     "\N{HALFWIDTH KATAKANA VOICED SOUND MARK}\N{HALFWIDTH KATAKANA SEMI-VOICED SOUND MARK}")

#: Builds the sender's and the recipient's notice for merged reasons and an action.
Notices = Callable[[tuple[Reason, ...], str], tuple[str, str]]


def _joins(ch: str) -> bool:
    """True for a character that modifies the one before it (combining mark, variation
    selector, emoji modifier, ZWJ): cutting before it would split a character.

    >>> _joins("\\N{COMBINING ACUTE ACCENT}"), _joins("\\N{VARIATION SELECTOR-16}"), _joins("a")
    (True, True, False)
    """
    cp = ord(ch)
    return (ch in _JOINERS or unicodedata.category(ch) in ("Mn", "Me", "Mc")
            or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x1F3FB <= cp <= 0x1F3FF)


def _cut(text: str, pos: int, floor: int) -> int:
    """A cut point in ``(floor, pos]``: just after the last line end there, else sentence end,
    else space; failing all, ``pos`` moved back off any combining character or joiner.

    >>> _cut("abc。def ghi", 11, 0), _cut("abcdefghi", 5, 0)
    (4, 5)
    """
    for marks in (_LINE_ENDS, _SENTENCE_ENDS, _SPACES):
        found = max(text.rfind(m, floor, pos) for m in marks)
        if found >= floor:
            return found + 1
    while pos > floor + 1 and (_joins(text[pos]) or text[pos - 1] == "\N{ZERO WIDTH JOINER}"):
        pos -= 1
    return pos


def windows(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    """Overlapping ``(start, end)`` windows of at most ``size`` characters covering ``text``.

    Consecutive windows share at least ``overlap`` characters, so any stretch of text no
    longer than ``overlap`` lies wholly inside one window. ``size`` must exceed 4 × ``overlap``.

    >>> windows("abcdefghijklmnopqrst", 9, 2)
    [(0, 9), (7, 16), (14, 20)]
    >>> windows("短い", 9, 2)
    [(0, 2)]
    """
    if overlap < 0 or size <= 4 * overlap:
        raise ValueError(f"window size {size} must exceed 4 × the overlap {overlap}")
    n = len(text)
    slack = max(1, overlap // 2)
    out: list[tuple[int, int]] = []
    start = 0
    while n - start > size:
        end = _cut(text, start + size, start + size - slack)
        out.append((start, end))
        start = _cut(text, end - overlap, end - overlap - slack)
    out.append((start, n))
    return out


def merge(text: str, parts: Sequence[tuple[int, Verdict]], thresholds: Thresholds, mask: str,
          notices: Notices) -> Verdict:
    """One verdict for ``text`` from the verdicts of its windows (each with its start offset).

    Each rule counts once, at its strongest and then earliest reason; the score is the sum of
    those reasons and the action is the strongest of the thresholds on that score and of every
    window's own action (so a failed rule's ``hold`` carries over). Spans point into ``text``.
    """
    best: dict[str, Reason] = {}
    for offset, verdict in parts:
        for r in verdict.reasons:
            moved = dataclasses.replace(r, start=r.start + offset, end=r.end + offset)
            kept = best.get(r.rule_id)
            if kept is None or (moved.score, -moved.start) > (kept.score, -kept.start):
                best[r.rule_id] = moved
    reasons = tuple(sorted(best.values(), key=lambda r: (-r.score, r.start, r.rule_id)))
    total = round(float(sum(r.score for r in reasons)), 6)
    action = max([thresholds.action(total), *(v.action for _, v in parts)], key=ACTIONS.index)
    seen: dict[tuple[str, int, int], EntitySpan] = {}
    for offset, verdict in parts:
        for e in verdict.entities:
            moved_e = dataclasses.replace(e, start=e.start + offset, end=e.end + offset)
            seen.setdefault((e.label, moved_e.start, moved_e.end), moved_e)
    entities = tuple(sorted(seen.values(), key=lambda e: (e.start, -e.end, e.label)))
    errors = tuple(dict.fromkeys(err for _, v in parts for err in v.errors))
    notice, recipient = notices(reasons, action)
    return dataclasses.replace(
        parts[0][1], action=action, score=total,
        categories=frozenset(c for _, v in parts for c in v.categories),
        reasons=reasons, redacted=redact(text, [(e.start, e.end) for e in entities if e.contact], mask),
        notice=notice, recipient_notice=recipient, entities=entities, errors=errors,
    )
