"""What context costs: screening with 20 messages of history and a job post, against without.

Screens the same generated messages (benchmarks/gen_messages.py) four ways in one run,
interleaved round by round so that machine load hits every way alike:

- ``plain``: ``screen(text, stage, role)``;
- ``none``: the same with ``context=None`` (must cost nothing extra);
- ``empty``: ``context=Context()``;
- ``full``: 20 earlier messages of an ordinary thread (prices, dates, counts included) and a
  job post of about 350 characters, with a sender.

It prints the median time per message of each and the ratios to ``plain``; the target for
``full`` is at most 2×. It also prints recall and the false-positive rate on the context
corpus (tests/corpus/context.jsonl), so a speed-up that loses accuracy shows.

    python benchmarks/bench_context.py                 # 2,000 messages, 7 rounds
    python benchmarks/bench_context.py --count 5000 --rounds 9

Timings depend on what else runs on the machine; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_messages import records

import scamguard
from scamguard import Context, Screener, Sender

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "context.jsonl"

HISTORY = (
    "ご応募ありがとうございます。", "ポートフォリオを拝見しました。", "ぜひお願いしたいと考えております。",
    "1記事あたり1,234円でいかがでしょうか。", "納期は今月12日を予定しています。", "文字数は3000文字前後です。",
    "構成案はこちらでご用意します。", "参考記事を2本お送りします。", "注文番号 A-2025-0914 の件もあわせてご確認ください。",
    "打ち合わせは明日10:00からでいかがでしょうか。", "所要時間は30分ほどです。", "修正は2回までとさせてください。",
    "画像はフリー素材をご利用ください。", "見出しはH2を4〜5個でお願いします。", "仮払いは今週中に行います。",
    "ご不明点があればお気軽にどうぞ。", "進捗は週に1度ご報告ください。", "1本目は3000文字",
    "2本目は2500文字", "よろしくお願いいたします。",
)
JOB_POST = (
    "【継続歓迎】美容・健康ジャンルのSEO記事作成をお願いします。1記事3,000文字程度、文字単価1.0円〜(実績により1.5円まで)。"
    "構成案はこちらで用意します。納期は1記事あたり5日、コピペチェックを行います。薬機法に配慮した表現をお願いいたします。"
    "見出しはH2を4〜5個、各見出しの下に400〜600文字を目安に、結論から書く構成でお願いします。体験談を入れる場合は"
    "「個人の感想です」と注記してください。画像はフリー素材サイトからお選びください(出典の記載をお願いします)。"
    "納品はGoogleドキュメントで、クラウドワークスのメッセージからお送りください。継続していただける方には、"
    "実績に応じて単価の見直しも行います。初心者の方も歓迎しますが、ポートフォリオのご提示をお願いいたします。"
)
SENDER = Sender(certified=False, identity_verified=True, account_age_days=400, completed_contracts=12, prior_violations=0)


def _per_message(run: Callable[[], None], count: int) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="messages per round (default 2000)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds, interleaved (default 7)")
    args = parser.parse_args()

    screener = Screener.from_path(scamguard.default_rules_path(), check_examples=False)
    messages: list[tuple[str, str, str | None]] = []
    for r in records(args.count, seed=9):
        role = r.get("role")
        messages.append((str(r["text"]), str(r["stage"]), role if isinstance(role, str) else None))
    full = Context(kind="message", history=HISTORY, job_post=JOB_POST, sender=SENDER)
    empty = Context()

    def plain() -> None:
        for text, stage, role in messages:
            screener.screen(text, stage, role)

    def none() -> None:
        for text, stage, role in messages:
            screener.screen(text, stage, role, None)

    def with_empty() -> None:
        for text, stage, role in messages:
            screener.screen(text, stage, role, empty)

    def with_full() -> None:
        for text, stage, role in messages:
            screener.screen(text, stage, role, full)

    ways: dict[str, Callable[[], None]] = {"plain": plain, "none": none, "empty": with_empty, "full": with_full}
    for run in ways.values():  # warm caches (tokenizer, rule plans) before timing
        run()
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.rounds):
        for name, run in ways.items():
            times[name].append(_per_message(run, len(messages)))
    median = {name: statistics.median(t) for name, t in times.items()}

    print(f"{len(messages)} messages × {args.rounds} rounds; history {len(HISTORY)} messages, "
          f"job post {len(JOB_POST)} chars; load average {os.getloadavg()[0]:.2f}")
    for name, seconds in median.items():
        print(f"  {name:6} {seconds * 1e6:8.1f} µs/message   {seconds / median['plain']:.2f}× plain")
    ratio = median["full"] / median["plain"]
    print(f"context cost: {ratio:.2f}× (target ≤ 2×) {'ok' if ratio <= 2 else 'OVER TARGET'}")

    if CORPUS.is_file():
        from scamguard.evaluate import evaluate, load_corpus

        report = evaluate(screener, load_corpus(CORPUS))
        print(f"context corpus: recall {report.recall}, false positives (hold/block) {report.fpr_hold}, "
              f"(warn or more) {report.fpr_warn}")


if __name__ == "__main__":
    main()
