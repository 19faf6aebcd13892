"""One Screener shared by many threads gives exactly the verdicts one thread gives.

A platform backend calls the hook from a thread pool; the screener, its compiled rules, the
lazily built default screener and the tokenizer must all be safe to share.
"""

from __future__ import annotations

import json
import random
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import scamguard
from scamguard import Screener
from scamguard import engine as engine_module
from scamguard.rules import RuleSet
from scamguard.tokenize import _fugashi, tokenize

CORPUS = Path(__file__).resolve().parent / "corpus"
THREADS = 8


def _messages() -> list[tuple[str, str, str | None]]:
    """Thousands of (text, stage, role): every corpus message at two of the three stages (with
    a role or none), plus a few long ones that are screened in windows."""
    texts: list[str] = []
    for name in ("messages.jsonl", "holdout.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    rng = random.Random(6)
    texts += ["\n".join(rng.sample(texts, 60)) for _ in range(6)]  # several windows each at max_chars=2,000
    out = [(t, stage, rng.choice([None, "client", "worker"]))
           for t in texts for stage in rng.sample(scamguard.STAGES, 2)]
    rng.shuffle(out)
    return out


MESSAGES = _messages()


def _in_threads(work: Callable[[int], None], count: int = THREADS) -> None:
    """Run ``work(i)`` in ``count`` threads released together; re-raise the first failure."""
    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as e:  # handed to the main thread
            failures.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]


def test_there_are_thousands_of_messages() -> None:
    assert len(MESSAGES) >= 2_000
    assert sum(len(t) > 2_000 for t, _, _ in MESSAGES) >= 6 * 2  # windowed ones among them


def test_shared_screener_gives_the_same_verdicts_as_one_thread(default_rules: RuleSet) -> None:
    screener = Screener(default_rules, max_chars=2_000)
    expected = [screener.screen(t, stage=s, role=r).to_dict() for t, s, r in MESSAGES]
    assert any(v["action"] != "allow" for v in expected) and any(v["action"] == "allow" for v in expected)
    got: list[dict[str, object] | None] = [None] * len(MESSAGES)

    def work(i: int) -> None:
        order = list(range(i, len(MESSAGES), THREADS))
        random.Random(i).shuffle(order)  # each thread its own order: interleavings vary
        for k in order:
            t, s, r = MESSAGES[k]
            got[k] = screener.screen(t, stage=s, role=r).to_dict()

    _in_threads(work)
    mismatches = [k for k in range(len(MESSAGES)) if got[k] != expected[k]]
    assert not mismatches, f"{len(mismatches)} verdicts differ, first: {MESSAGES[mismatches[0]][0][:80]!r}"


def test_reloading_while_threads_screen_never_mixes_rule_sets(tmp_path: Path) -> None:
    rules_a = Path(scamguard.default_rules_path())
    # the same rules with other messages and thresholds a hundred times higher: a verdict that
    # took its fired rules from one set and its thresholds from the other matches neither
    text = re.sub(r"(?m)^(\s+message: )([^'\"|>\n].*)$", r"\1\2（B）", rules_a.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^(\s+(?:warn|hold|block): )([0-9.]+)\s*$", lambda m: f"{m[1]}{float(m[2]) * 100}", text)
    rules_b = tmp_path / "other.yaml"
    rules_b.write_text(text, encoding="utf-8")
    sample = [m for m in MESSAGES if len(m[0]) < 2_000][:400]
    expected = []
    for path in (rules_a, rules_b):
        one = Screener.from_path(path, check_examples=False)
        expected.append([one.screen(t, stage=s, role=r).to_dict() for t, s, r in sample])
    assert sum(x != y for x, y in zip(*expected, strict=True)) > len(sample) // 4
    screener = Screener.from_path(rules_a, check_examples=False)
    states = (screener._state, Screener.from_path(rules_b, check_examples=False)._state)
    screener.reload(rules_b)  # a real reload, checked examples and all
    done = threading.Event()
    got: list[dict[str, object] | None] = [None] * len(sample)

    def work(i: int) -> None:
        if i == 0:  # one thread swaps the rule set in force as fast as it can while the others screen
            flips = 0
            while not done.is_set():
                screener._state = states[flips % 2]
                flips += 1
                time.sleep(0)
            return
        for k in range(i - 1, len(sample), THREADS - 1):
            t, s, r = sample[k]
            got[k] = screener.screen(t, stage=s, role=r).to_dict()
        if i == 1:
            done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show up
    try:
        _in_threads(work)
    finally:
        sys.setswitchinterval(interval)
    mixed = [k for k, v in enumerate(got) if v not in (expected[0][k], expected[1][k])]
    assert not mixed, f"{len(mixed)} verdicts match neither rule set"


def test_each_thread_gets_its_own_tagger_and_the_same_tokens() -> None:
    texts = [t for t, _, _ in MESSAGES[:250]]
    expected = [tokenize(t) for t in texts]
    taggers: dict[int, tuple[int, int]] = {}
    got: list[list[object]] = [[] for _ in range(THREADS)]

    def work(i: int) -> None:
        first = _fugashi._tagger()
        for t in texts:
            got[i].append(tokenize(t))
        taggers[i] = (id(first), id(_fugashi._tagger()))

    _in_threads(work)
    assert all(a == b for a, b in taggers.values()), "a thread's tagger changed under it"
    assert len({a for a, _ in taggers.values()}) == THREADS, "threads shared a tagger"
    assert all(g == expected for g in got)


def test_default_screener_is_built_once_under_concurrent_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "_default", None)
    loads: list[int] = []
    real = engine_module.load_rules

    def counting(path: object) -> RuleSet:
        loads.append(1)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_module, "load_rules", counting)
    seen: list[int] = []
    verdicts: list[str] = []

    def work(i: int) -> None:
        verdicts.append(scamguard.screen("LINEのIDを教えてください", stage="pre_escrow").action)
        seen.append(id(engine_module._default))

    _in_threads(work)
    assert len(loads) == 1 and len(set(seen)) == 1
    assert len(set(verdicts)) == 1 and verdicts[0] != "allow"
