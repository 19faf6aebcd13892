"""The command's cache of compiled rules: used only when it fits exactly, and safe to lose."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

import scamguard
from scamguard import _cache
from scamguard.rules import compile_rules

TEXT = Path(scamguard.default_rules_path()).read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SCAMGUARD_NO_CACHE", raising=False)
    return tmp_path / "scamguard"


def _compiles(text: str = TEXT) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> scamguard.rules.RuleSet:
        calls.append(1)
        return compile_rules(text, "rules.yaml")

    return calls, build


def test_second_run_reads_the_cache_and_screens_the_same(folder: Path) -> None:
    calls, build = _compiles()
    first = _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    second = _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    assert calls == [1]
    assert len(list(folder.iterdir())) == 1
    assert (folder.stat().st_mode & 0o777) == 0o700
    for text in ("LINEのIDを教えてください", "コピペのみで月30万", "本日はよろしくお願いいたします。", "090-1234-5678"):
        for stage in scamguard.STAGES:
            a = scamguard.Screener(first).screen(text, stage=stage).to_dict()
            b = scamguard.Screener(second).screen(text, stage=stage).to_dict()
            assert a == b


def test_other_text_name_or_check_is_another_entry(folder: Path) -> None:
    calls, build = _compiles()
    _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    _cache.cached_rules(TEXT, "other.yaml", False, build)  # type: ignore[arg-type]
    _cache.cached_rules(TEXT, "rules.yaml", True, build)  # type: ignore[arg-type]
    edited = TEXT + "\n# edited\n"
    calls2, build2 = _compiles(edited)
    got = _cache.cached_rules(edited, "rules.yaml", False, build2)  # type: ignore[arg-type]
    assert calls == [1, 1, 1] and calls2 == [1]
    assert got.digest != compile_rules(TEXT).digest


def test_a_broken_or_foreign_entry_is_ignored(folder: Path) -> None:
    calls, build = _compiles()
    _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    (entry,) = folder.iterdir()
    entry.write_bytes(b"not a pickle")
    _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    assert calls == [1, 1]
    # an entry anyone may write is never unpickled
    entry.write_bytes(pickle.dumps("something else"))
    os.chmod(entry, 0o666)
    _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    assert calls == [1, 1, 1]


def test_no_cache_when_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAMGUARD_NO_CACHE", "1")
    calls, build = _compiles()
    _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    _cache.cached_rules(TEXT, "rules.yaml", False, build)  # type: ignore[arg-type]
    assert calls == [1, 1]
    assert not folder.exists()


def test_memo_numbers_do_not_travel_in_a_pickle() -> None:
    rules = compile_rules(TEXT)
    scamguard.Screener(rules).screen("LINEのIDを教えてください")  # hands out memo numbers
    state = pickle.loads(pickle.dumps(rules))
    from scamguard.rules.kinds.base import walk

    for rule in state.rules:
        for condition in walk(rule.when):
            assert "_memo_key" not in condition.__dict__
