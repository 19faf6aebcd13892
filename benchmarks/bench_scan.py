"""Throughput and memory of ``scamguard scan`` with 1 and 2 worker processes.

Generates the messages (benchmarks/gen_messages.py) unless the file exists, then runs the
real command for each worker count and prints messages/s, MB/s of input, CPU time and the
peak resident memory of the whole process tree (sampled from /proc), plus the peak of a run
on a tenth of the file: equal peaks mean memory does not grow with the input.

    python benchmarks/bench_scan.py                    # 100,000 messages, workers 1 and 2
    python benchmarks/bench_scan.py --count 20000 --workers 1 2 4

Timings depend on what else runs on the machine; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_messages import records


@dataclass(frozen=True)
class Run:
    workers: int
    messages: int
    size: int
    seconds: float
    cpu_seconds: float
    peak_rss: int  # bytes, the whole process tree
    load: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.size / 1e6 / self.seconds


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss(p)
        todo += _children(p)
    return total


def run_scan(path: Path, workers: int, messages: int) -> Run:
    """Run ``scamguard scan`` on ``path`` and measure it."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "scamguard", "scan", str(path), "--workers", str(workers),
                                 "-o", out.name, "-q"])
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"scamguard scan exited with {proc.returncode}")
        with open(out.name, encoding="utf-8") as f:
            written = sum(1 for _ in f)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if written != messages:
        raise SystemExit(f"expected {messages} verdicts, got {written}")
    return Run(workers, messages, path.stat().st_size, seconds, cpu, peak, load)


def ensure_messages(path: Path, count: int) -> None:
    """Write ``count`` generated messages to ``path`` unless it already holds them."""
    if path.exists():
        with path.open(encoding="utf-8") as f:
            if sum(1 for _ in f) == count:
                return
    with path.open("w", encoding="utf-8") as f:
        for rec in records(count, seed=1):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--file", type=Path, default=Path(tempfile.gettempdir()) / "scamguard-bench-messages.jsonl")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    ensure_messages(args.file, args.count)
    tenth = args.file.with_name(args.file.stem + "-tenth.jsonl")
    ensure_messages(tenth, args.count // 10)
    size = args.file.stat().st_size
    print(f"{args.count:,} messages, {size / 1e6:.1f} MB, {os.cpu_count()} CPUs")
    print(f"{'workers':>7} {'seconds':>8} {'msg/s':>8} {'MB/s':>6} {'CPU s':>7} {'peak RSS':>9}"
          f" {'RSS 1/10':>9} {'load':>5}")
    runs = []
    for workers in args.workers:
        small = run_scan(tenth, workers, args.count // 10)
        full = run_scan(args.file, workers, args.count)
        runs.append(full)
        print(f"{workers:>7} {full.seconds:>8.1f} {full.rate:>8,.0f} {full.mb_per_s:>6.2f} {full.cpu_seconds:>7.1f}"
              f" {full.peak_rss / 2**20:>7.0f}Mi {small.peak_rss / 2**20:>7.0f}Mi {full.load:>5.2f}")
    base = runs[0]
    for r in runs[1:]:
        print(f"speed-up with {r.workers} workers over {base.workers}: {base.seconds / r.seconds:.2f}x")


if __name__ == "__main__":
    main()
