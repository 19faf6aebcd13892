"""Compiled rule sets kept on disk between runs of the ``scamguard`` command.

Compiling ``rules.yaml`` (parsing every pattern, checking it for catastrophic backtracking,
working out what each rule needs) costs far more than screening a message, and a command
such as ``scamguard check`` does it on every run. The command therefore keeps the compiled
rule set in the user's cache folder and reads it back when nothing it depends on changed.

Only the command line uses this; the library (``scamguard.screen``, ``Screener``) never reads
or writes anything but the rules file. ``SCAMGUARD_NO_CACHE=1`` turns the cache off.

A cache entry is never wrong, and never dangerous:

- its name is a hash of the rules text, the name shown for the file, whether the rules'
  examples were checked, scamguard's version, the size and modification time of every one
  of scamguard's own source and data files (the wording model among them), and the versions
  of Python and of the ``regex`` module; anything else a compiled rule set could depend on
  is in those;
- the rule set read back must carry the hash of the rules text it was compiled from;
- the folder must belong to the user and be closed to others, and so must the entry (it is
  a pickle, which must never come from anyone else); written to a temporary file and
  renamed, so a reader never sees half an entry;
- any failure, on reading or on writing, means compiling as usual, silently.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from scamguard.rules.model import RuleSet

__all__ = ["cache_dir", "cached_rules"]

_PACKAGE = Path(__file__).resolve().parent
_SUFFIX = ".rules.pickle"


def cache_dir() -> Path | None:
    """The folder for cache entries, or None when caching is off."""
    if os.environ.get("SCAMGUARD_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    return Path(base) / "scamguard"


def _fingerprint() -> bytes:
    """What the compiled form depends on besides the rules text: this library's code and
    the versions of what it runs on."""
    import regex

    from scamguard import __version__

    parts = [__version__, sys.version, getattr(regex, "__version__", ""), str(_PACKAGE)]
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".json")):  # code, and the wording model
        st = path.stat()
        parts.append(f"{path.relative_to(_PACKAGE)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode("utf-8")


def _key(text: str, shown: str, checked: bool) -> str:
    h = hashlib.sha256(_fingerprint())
    for part in (shown, "checked" if checked else "unchecked", text):
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(folder: Path, key: str, digest: str) -> RuleSet | None:
    try:
        if not _private(os.stat(folder, follow_symlinks=False)):
            return None
        fd = os.open(folder / (key + _SUFFIX), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st):
            return None
        with os.fdopen(fd, "rb") as f:
            fd = -1
            found = pickle.load(f)
    except Exception:  # an unreadable or stale entry is a miss, never an error
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    if not isinstance(found, RuleSet) or found.digest != digest:
        return None
    return found


def _write(folder: Path, key: str, rules: RuleSet) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(folder, follow_symlinks=False)):
            return
        data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / (key + _SUFFIX))
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # a cache that cannot be written only costs the next run a compile
        return


def cached_rules(text: str, shown: str, checked: bool, compile_: Callable[[], RuleSet]) -> RuleSet:
    """The rule set compiled from ``text``: read from the cache when an entry for exactly
    this text, name and library is there, else ``compile_()`` (whose errors propagate) and
    kept for the next run. ``checked`` says whether ``compile_`` also checks the examples."""
    folder = cache_dir()
    if folder is None:
        return compile_()
    try:
        key = _key(text, shown, checked)
    except Exception:
        return compile_()
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    found = _read(folder, key, digest)
    if found is not None:
        return found
    rules = compile_()
    _write(folder, key, rules)
    return rules
