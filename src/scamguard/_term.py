"""Terminal output for the ``scamguard`` command: colour, display width, progress.

Colour is used only when the stream is a terminal, ``NO_COLOR`` is not set and ``TERM`` is
not ``dumb`` (https://no-color.org), unless the user forces it with ``--color``. Widths
count East Asian wide characters as two columns, so that a caret line under Japanese text
lines up in a terminal.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from typing import TextIO

__all__ = [
    "Progress",
    "Style",
    "display_width",
    "human_bytes",
    "shorten",
    "should_colour",
    "terminal_width",
    "visible",
    "wrap",
]

_CODES = {
    "bold": "1",
    "dim": "2",
    "underline": "4",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "magenta": "35",
    "cyan": "36",
}
ACTION_STYLE = {
    "allow": ("green", "bold"),
    "warn": ("yellow", "bold"),
    "hold": ("magenta", "bold"),
    "block": ("red", "bold"),
}


def should_colour(stream: TextIO, choice: str = "auto") -> bool:
    """Whether to write ANSI colour to ``stream``.

    ``choice`` is ``"always"``, ``"never"`` or ``"auto"`` (a terminal, without ``NO_COLOR``
    and with a ``TERM`` other than ``dumb``).

    >>> import io
    >>> should_colour(io.StringIO()), should_colour(io.StringIO(), "always")
    (False, True)
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Style:
    """Wraps text in ANSI codes when colour is on, and passes it through when off.

    >>> Style(False)("LINE", "red", "bold")
    'LINE'
    >>> Style(True)("LINE", "red", "bold")
    '\\x1b[31;1mLINE\\x1b[0m'
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles or not text:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def action(self, action: str, text: str | None = None) -> str:
        """``text`` (default: the action in capitals) in the action's colour."""
        return self(text if text is not None else action.upper(), *ACTION_STYLE.get(action, ()))


def char_width(ch: str) -> int:
    """Columns a character takes in a terminal: 2 for wide (CJK), 0 for combining marks.

    >>> char_width("a"), char_width("あ"), char_width("\\N{COMBINING ACUTE ACCENT}")
    (1, 2, 0)
    """
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal.

    >>> display_width("LINEのID")
    8
    """
    return sum(char_width(ch) for ch in text)


def visible(text: str) -> str:
    """``text`` on one line with what cannot be seen made visible: a line break as ⏎, a tab
    as →, and invisible or control characters as ``<U+XXXX>``.

    Scammers hide zero-width characters inside words; a moderator reading a reason should
    see them.

    >>> visible("L\\N{ZERO WIDTH SPACE}INE\\nID")
    'L<U+200B>INE⏎ID'
    """
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append("⏎")
        elif ch == "\t":
            out.append("→")
        elif ch == "\r":
            continue
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def shorten(text: str, width: int, *, from_left: bool = False) -> str:
    """``text`` cut to at most ``width`` columns, marking the cut with …; ``from_left`` keeps
    the end of the text instead of its start.

    >>> shorten("コピペのみで月30万", 8)
    'コピペ…'
    >>> shorten("コピペのみで月30万", 8, from_left=True)
    '…月30万'
    """
    if display_width(text) <= width:
        return text
    chars = reversed(text) if from_left else iter(text)
    kept: list[str] = []
    used = 1  # the ellipsis
    for ch in chars:
        w = char_width(ch)
        if used + w > width:
            break
        kept.append(ch)
        used += w
    if from_left:
        return "…" + "".join(reversed(kept))
    return "".join(kept) + "…"


def human_bytes(n: float) -> str:
    """A byte count for people.

    >>> human_bytes(512), human_bytes(1536), human_bytes(3 * 1024 ** 3)
    ('512 B', '1.5 KiB', '3.0 GiB')
    """
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def terminal_width(stream: TextIO | None = None, default: int = 100) -> int:
    """The width in columns of the terminal behind ``stream`` (default stderr), else
    ``COLUMNS``, else ``default``."""
    target = stream if stream is not None else sys.stderr
    try:
        if target.isatty():
            columns = os.get_terminal_size(target.fileno()).columns
            if columns > 0:  # 0: a pseudo-terminal nobody has sized
                return max(40, columns)
    except (OSError, ValueError, AttributeError):
        pass
    env = os.environ.get("COLUMNS", "")
    return int(env) if env.isdigit() and int(env) >= 40 else default


_BREAK_AFTER = re.compile(r"(?<=[,、。 ])")
_NO_LINE_START = frozenset("、。，．,.)]｝〕〉》」』】）ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ!?！？")


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` columns, breaking after a comma, 、, 。 or space
    (or anywhere, for a long run without one). ``first`` starts the first line, ``rest`` the
    others (default: as many spaces as ``first`` is wide).

    >>> wrap("words: LINE, チャットワーク, メール", 24, "- ", "  ")
    ['- words: LINE,', '  チャットワーク, メール']
    """
    rest = " " * display_width(first) if rest is None else rest
    lines: list[str] = []
    prefix, line, used = first, "", 0
    room = max(10, width - display_width(first))
    for piece in _BREAK_AFTER.split(text):
        w = display_width(piece)
        if line and used + w > room:
            lines.append(prefix + line.rstrip())
            prefix, line, used = rest, "", 0
            room = max(10, width - display_width(rest))
        while w > room:  # no break point: cut the piece itself
            cut = shorten(piece, room + 1)[:-1]
            while len(cut) > 1 and piece[len(cut)] in _NO_LINE_START:
                cut = cut[:-1]  # 。 or ） never starts a line (kinsoku)
            lines.append(prefix + line + cut)
            prefix, line, used = rest, "", 0
            room = max(10, width - display_width(rest))
            piece = piece[len(cut):]
            w = display_width(piece)
        if not line:
            piece = piece.lstrip(" ")
            w = display_width(piece)
        line += piece
        used += w
    if line or not lines:
        lines.append(prefix + line.rstrip())
    return lines


class Progress:
    """A one-line progress display on a terminal (stderr), redrawn at most a few times a
    second; does nothing when ``enabled`` is False."""

    def __init__(self, stream: TextIO, total_bytes: int | None, *, enabled: bool, every: float = 0.2) -> None:
        self.stream = stream
        self.total = total_bytes
        self.enabled = enabled
        self.every = every
        self.started = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def update(self, done_bytes: int, messages: int, *, force: bool = False) -> None:
        """Redraw with ``done_bytes`` read and ``messages`` screened so far."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        elapsed = max(now - self.started, 1e-9)
        rate = messages / elapsed
        parts = [f"{messages:,} messages", f"{rate:,.0f}/s", human_bytes(done_bytes)]
        if self.total:
            fraction = min(1.0, done_bytes / self.total)
            bar_width = 24
            filled = int(fraction * bar_width)
            bar = "#" * filled + "-" * (bar_width - filled)
            parts.insert(0, f"[{bar}] {fraction:5.1%}")
            parts[-1] += f" of {human_bytes(self.total)}"
            if done_bytes:
                left = elapsed * (self.total - done_bytes) / done_bytes
                parts.append(f"about {_clock(left)} left")
        line = "  ".join(parts)
        width = terminal_width()
        self.stream.write("\r" + shorten(line, width - 1).ljust(width - 1))
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Erase the progress line (before the summary is printed)."""
        if self.enabled and self._drawn:
            self.stream.write("\r" + " " * (terminal_width() - 1) + "\r")
            self.stream.flush()
            self._drawn = False


def _clock(seconds: float) -> str:
    """``seconds`` as m:ss or h:mm:ss.

    >>> _clock(75), _clock(3725)
    ('1:15', '1:02:05')
    """
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
