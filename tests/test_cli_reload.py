"""Hot reload for a running backend: many threads screening while the rules change.

A thread must see either the old rule set or the new one, never a mix; a broken file is
refused with its problems located, and the last good rules keep serving.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from scamguard import RulesError, Screener

TEXT = "LINEのIDを教えてください"
HEAD = ("version: 1\nthresholds: {warn: 1, hold: 3, block: 5}\n"
        "notices:\n  default: {sender: 送信前に内容をご確認ください。}\nrules:\n")
RULE = """\
  - id: {id}
    category: contact_request
    score: {score}
    message: {message}
    when:
      words: [{word}]
    examples:
      hit: [LINEのIDを教えてください]
      miss: [よろしくお願いします]
"""


def rules_file(prefix: str, score: int) -> str:
    """A rule set of two rules that both fire on TEXT, their ids starting with ``prefix``."""
    return HEAD + "".join(RULE.format(id=f"{prefix}-{n}", score=score, message=f"{prefix} {n}", word=word)
                          for n, word in (("one", "LINE"), ("two", "教える")))


A = rules_file("alpha", 1)
B = rules_file("beta", 2) + "# a longer file, so that its size differs\n"
BROKEN = B.replace("words: [LINE]", "word: [LINE]").replace("score: 2", "score: many", 1)
SETS = {frozenset({"alpha-one", "alpha-two"}), frozenset({"beta-one", "beta-two"})}


def fired(screener: Screener) -> frozenset[str]:
    return frozenset(r.rule_id for r in screener.screen(TEXT, stage="pre_escrow").reasons)


def test_eight_threads_never_see_a_half_loaded_rule_set(tmp_path: Path) -> None:
    a, b, broken = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "broken.yaml"
    a.write_text(A, encoding="utf-8")
    b.write_text(B, encoding="utf-8")
    broken.write_text(BROKEN, encoding="utf-8")
    screener = Screener.from_path(a)
    stop = threading.Event()
    seen: list[set[frozenset[str]]] = [set() for _ in range(8)]
    mixed: list[frozenset[str]] = []
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            while not stop.is_set():
                got = fired(screener)
                if got not in SETS:
                    mixed.append(got)
                seen[index].add(got)
        except BaseException as e:  # reported below; a thread must never fail
            failures.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    refused = 0
    deadline = time.monotonic() + 30
    try:
        reloads = 0
        while time.monotonic() < deadline and (reloads < 40 or any(len(s) < 2 for s in seen)):
            screener.reload(b if reloads % 2 == 0 else a)
            reloads += 1
            with pytest.raises(RulesError):
                screener.reload(broken)
            refused += 1
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not failures, failures[0]
    assert not mixed, f"a thread saw a mix of two rule sets: {sorted(mixed[0])}"
    assert all(s == SETS for s in seen), "every thread saw both rule sets during the reloads"
    assert refused >= 40


def test_a_broken_file_is_refused_with_locations_and_the_last_good_rules_stay(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(B, encoding="utf-8")
    screener = Screener.from_path(path)
    good = screener.rules
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(RulesError) as e:
        screener.reload()
    lines = BROKEN.splitlines()
    located = {(p.line, p.rule_id) for p in e.value.problems}
    assert (next(i for i, s in enumerate(lines, 1) if "word: [LINE]" in s), "beta-one") in located
    assert (next(i for i, s in enumerate(lines, 1) if "score: many" in s), "beta-one") in located
    assert screener.rules is good
    assert fired(screener) == {"beta-one", "beta-two"}


def test_watch_picks_up_an_edit_and_survives_a_broken_one(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(A, encoding="utf-8")
    screener = Screener.from_path(path, watch=True, interval=0.05)
    try:
        assert fired(screener) == {"alpha-one", "alpha-two"}
        path.write_text(B, encoding="utf-8")
        deadline = time.monotonic() + 10
        while fired(screener) != {"beta-one", "beta-two"} and time.monotonic() < deadline:
            time.sleep(0.02)
        assert fired(screener) == {"beta-one", "beta-two"}
        path.write_text(BROKEN, encoding="utf-8")
        time.sleep(0.5)
        assert fired(screener) == {"beta-one", "beta-two"}, "a broken edit keeps the last good rules"
    finally:
        screener.close()
