"""How much ``scamguard.screen()`` costs, next to reading the same text with the tokenizer.

Run from the repository root::

    .venv/bin/python benchmarks/bench_screen.py           # full run (a few minutes)
    .venv/bin/python benchmarks/bench_screen.py --quick   # smaller sizes, fewer repetitions

Sections, all measured in one run with ``time.perf_counter`` and reported as medians:

1. Per message, at about 50, 200, 1,000 and 5,000 characters of generated marketplace chat
   (ordinary messages, one in five carrying scam wording): ``screen()`` with the default rules
   (warmed up), fugashi reading surface and ``feature.lemma`` of every token, MeCab's plain
   ``parse()``, and the ratios. With how many scam-bearing and ordinary messages were flagged.
2. Linearity: ``screen()`` on 1 K to 1 M characters of the same kind of text, and the exponent
   of a log-log fit (1.0 = linear).
3. The same on hostile texts (long runs of one character class, dense scam wording).
4. A hostile rule: a catastrophically backtracking regex, loaded with the static check
   bypassed, against texts built to trigger it: the longest ``screen()`` seen and the verdict.

Nothing here asserts a timing; the tests never do either.
"""

from __future__ import annotations

import argparse
import logging
import math
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import fugashi  # noqa: E402
import gen_messages  # noqa: E402

import scamguard  # noqa: E402
from scamguard.rules import compile_rules  # noqa: E402
from scamguard.rules.kinds import regex_  # noqa: E402
from scamguard.windows import DEFAULT_MAX_CHARS  # noqa: E402

OPENINGS = ["はじめまして。", "お世話になっております。", "ご連絡ありがとうございます。", "こんにちは。",
            "先日はお打ち合わせありがとうございました。", "ご応募いただきありがとうございます。"]
CLOSINGS = ["よろしくお願いいたします。", "ご検討のほどよろしくお願いいたします。", "引き続きよろしくお願い申し上げます。"]
ORDINARY = [
    "記事作成のお仕事について、納期は{d}日後でお願いできますでしょうか。",
    "1文字{p}円で{n}文字程度の記事を{k}本お願いしたいと考えております。",
    "構成案を添付いたしましたので、お手すきの際にご確認いただけますと幸いです。",
    "修正点を反映した原稿を本日中にお送りいたします。",
    "ご提案いただいた見出しの案で問題ございません。",
    "参考記事として、公式サイトの該当ページもご覧ください。",
    "契約後、仮払いが完了しましたら作業を開始いたします。",
    "LINEスタンプの制作をご依頼したく、ご連絡いたしました。",
    "オンラインでの打ち合わせは来週の火曜日か水曜日でいかがでしょうか。",
    "納品データはこちらのメッセージに添付いたします。",
    "文字単価{p}円、月{k}本程度の継続案件を想定しております。",
    "画像は{k}枚ほど使用予定です。フリー素材で構いません。",
    "検収いたしました。丁寧なご対応ありがとうございました。",
    "SEOの知識がある方を優先しております。これまでの実績を拝見できますでしょうか。",
    "ガイドラインに沿って表記を統一していただけますと助かります。",
    "商品ラインナップの紹介文を{k}点お願いしたいです。",
    "注文番号A-{a}についてのお問い合わせです。",
    "報酬は{p},000円、納期は{d}日を予定しております。",
    "住所録のデータ入力のお仕事で、作業時間は1日2時間程度です。",
    "ご質問があれば、こちらのメッセージ機能からいつでもご連絡ください。",
    "本件は{d}日までにご返信いただけますと幸いです。",
    "マニュアルをお送りしますので、作業前にご一読ください。",
    "誤字脱字のチェックもあわせてお願いできますでしょうか。",
    "納品後の修正は2回まで対応いたします。",
]
# the scam lines of the scan benchmark's generator, plus two that carry no channel name
SCAMMY = [*gen_messages.SCAMMY, "緑のアプリで連絡ください。", "固定ツイートから詳細をご確認ください。"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(d=rng.randint(2, 30), p=rng.randint(1, 9), n=rng.choice([1500, 3000, 5000]),
                           k=rng.randint(2, 9), a=rng.randint(1000, 9999), b=rng.randint(1000, 9999))


def message(rng: random.Random, chars: int, scam: bool) -> str:
    """A chat message of about ``chars`` characters; with ``scam``, one scam sentence inside."""
    parts = [rng.choice(OPENINGS)]
    closing = rng.choice(CLOSINGS)
    scam_at = None
    while sum(map(len, parts)) + len(closing) < chars:
        parts.append(_fill(rng.choice(ORDINARY), rng))
        if rng.random() < 0.15:
            parts.append("\n")
    if scam:
        scam_at = rng.randrange(1, len(parts) + 1)
        parts.insert(scam_at, _fill(rng.choice(SCAMMY), rng))
    text = "".join(parts) + closing
    if len(text) > chars * 1.25 and len(parts) > 2:  # short targets: drop body sentences to stay near the size
        keep = [p for i, p in enumerate(parts) if i in (0, scam_at) or i < 2]
        text = "".join(keep) + closing
    return text


def long_text(rng: random.Random, chars: int, scam_every: int = 8) -> str:
    """About ``chars`` characters of chat text, one scam sentence in ``scam_every`` sentences."""
    out: list[str] = []
    total = 0
    while total < chars:
        pool = SCAMMY if rng.randrange(scam_every) == 0 else ORDINARY
        s = _fill(rng.choice(pool), rng) + ("\n" if rng.random() < 0.2 else "")
        out.append(s)
        total += len(s)
    return "".join(out)[:chars]


def repeat_to(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


# -- timing ----------------------------------------------------------------------------------
def per_item(fn: Callable[[str], object], texts: list[str], reps: int) -> float:
    """Median over ``reps`` of the mean seconds per text of ``fn`` over all ``texts``."""
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        times.append((time.perf_counter() - t0) / len(texts))
    return statistics.median(times)


def once(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(size): the exponent of the growth."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def heading(title: str) -> None:
    print(f"\n{title}\n{'=' * len(title)}")


def fmt_us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}"


# -- sections --------------------------------------------------------------------------------
def section_sizes(args: argparse.Namespace, tagger: fugashi.Tagger) -> None:
    heading("1. Per message: screen() next to the tokenizer (median µs per message)")
    rng = random.Random(args.seed)
    sizes = [50, 200, 1_000, 5_000]
    count = {50: 100, 200: 100, 1_000: 40, 5_000: 12} if not args.quick else {50: 40, 200: 40, 1_000: 12, 5_000: 4}
    reps = args.reps

    def lemmas(text: str) -> object:
        return [(w.surface, w.feature.lemma) for w in tagger(text)]

    def screen(text: str) -> object:
        return scamguard.screen(text, stage="pre_escrow")

    print(f"{'size':>6} {'chars':>6} {'screen':>9} {'fugashi lemma':>14} {'MeCab parse':>12} "
          f"{'screen/lemma':>13} {'screen/parse':>13}   flagged (scam / ordinary)")
    for size in sizes:
        scam_flags = [i % 5 == 0 for i in range(count[size])]
        texts = [message(rng, size, s) for s in scam_flags]
        for t in texts[:3]:
            screen(t)
            lemmas(t)
        t_lemma = per_item(lemmas, texts, reps)
        t_parse = per_item(tagger.parse, texts, reps)
        t_screen = per_item(screen, texts, reps)
        verdicts = [scamguard.screen(t, stage="pre_escrow").action != "allow" for t in texts]
        scam_hit = sum(v for v, s in zip(verdicts, scam_flags, strict=True) if s)
        plain_hit = sum(v for v, s in zip(verdicts, scam_flags, strict=True) if not s)
        mean_chars = statistics.fmean(map(len, texts))
        print(f"{size:>6} {mean_chars:>6.0f} {fmt_us(t_screen):>9} {fmt_us(t_lemma):>14} {fmt_us(t_parse):>12} "
              f"{t_screen / t_lemma:>13.2f} {t_screen / t_parse:>13.2f}   "
              f"{scam_hit}/{sum(scam_flags)} / {plain_hit}/{len(texts) - sum(scam_flags)}")
    print("screen: scamguard.screen(text, stage='pre_escrow'), default rules; fugashi lemma: "
          "[(w.surface, w.feature.lemma) for w in tagger(text)]; MeCab parse: tagger.parse(text)")


def growth(name: str, make: Callable[[int], str], sizes: list[int], cap: float, reps: int) -> None:
    """screen() time over ``sizes`` (stopping once one size takes longer than ``cap`` seconds)."""
    points: list[tuple[int, float]] = []
    print(f"\n{name}")
    print(f"{'chars':>10} {'UTF-8 KB':>9} {'screen ms':>10} {'µs/char':>8}  action")
    for n in sizes:
        text = make(n)
        r = reps if n <= 64_000 else 1
        seconds = once(lambda text=text: scamguard.screen(text, stage="pre_escrow"), r)
        action = scamguard.screen(text, stage="pre_escrow").action if n <= 64_000 else "-"
        points.append((n, seconds))
        print(f"{n:>10,} {len(text.encode('utf-8', 'surrogatepass')) / 1024:>9,.0f} {seconds * 1e3:>10,.1f} "
              f"{seconds / n * 1e6:>8.2f}  {action}")
        if seconds > cap:
            print(f"{'':>10} (stopped: over {cap:.0f} s)")
            break
    if len(points) >= 2:
        tail = points[-3:] if len(points) >= 3 else points
        print(f"exponent (log-log slope): {slope(points):.2f} over all sizes, {slope(tail):.2f} over the largest three")


def section_linearity(args: argparse.Namespace) -> None:
    heading("2. Linearity: screen() on 1 K to 1 M characters of chat text")
    sizes = [1_000, 4_000, 16_000, 64_000] + ([] if args.quick else [256_000, 1_000_000])
    rng = random.Random(args.seed + 1)
    base = long_text(rng, sizes[-1])
    growth("chat text, one scam sentence in eight", lambda n: base[:n], sizes, cap=600, reps=args.reps)
    print(f"(messages above {DEFAULT_MAX_CHARS:,} characters are screened in overlapping windows; "
          "see src/scamguard/windows.py)")


def section_hostile_texts(args: argparse.Namespace) -> None:
    heading("3. Linearity on hostile texts")
    sizes = [1_000, 4_000, 16_000, 64_000] + ([] if args.quick else [256_000, 1_000_000])
    cap = 5.0 if args.quick else 20.0
    cases: list[tuple[str, Callable[[int], str]]] = [
        ("one line of ASCII letters (one MeCab unknown word)", lambda n: repeat_to("abcdefghij", n)),
        ("one run of digits", lambda n: repeat_to("1234567890", n)),
        ("one run of katakana", lambda n: repeat_to("アイウエオカキクケコ", n)),
        ("dense scam wording (every sentence a contact request)", lambda n: repeat_to("LINEのIDを教えてください。", n)),
        ("dense channel IDs (many matches for a near: condition)", lambda n: repeat_to("LINE ID: abcd1234 ", n)),
        ("invisible and combining characters", lambda n: repeat_to("L\u200bI\u200dN\u0301E\ufe0f\u3000", n)),
    ]
    for name, make in cases:
        growth(name, make, sizes, cap=cap, reps=max(1, args.reps // 2))


_HOSTILE_RULES = """\
version: 1
thresholds: {warn: 1, hold: 3, block: 5}
entities: {regex_timeout_ms: 50}
rules:
  - id: hostile-regex
    category: mlm
    score: 1
    message: テスト
    when:
      regex: '%s'
    examples:
      hit: ['%s']
      miss: ['ok']
"""


def section_hostile_rule(args: argparse.Namespace) -> None:
    heading("4. A hostile rule: catastrophic backtracking, static check bypassed, 50 ms regex budget")
    patterns = [("(a+)+$", "aa", lambda n: "a" * n + "!"), ("(x+x+)+y", "xxy", lambda n: "x" * n),
                ("(\\w+\\s?)+$", "ab", lambda n: repeat_to("ab ", n) + "!")]
    for pattern, _hit, _make in patterns:
        print(f"static check on {pattern!r}: {regex_.backtracking_risk(pattern)}")
    print(f"\n{'pattern':>14} {'chars':>8} {'longest screen() ms':>20}  action  errors")
    logging.getLogger("scamguard").setLevel(logging.CRITICAL)  # each timeout is logged; not here
    longest_all = 0.0
    for pattern, hit, make in patterns:
        with mock.patch.object(regex_, "backtracking_risk", lambda *a, **k: None):
            rules = compile_rules(_HOSTILE_RULES % (pattern, hit), "hostile.yaml")
        screener = scamguard.Screener(rules)
        for n in ([30, 1_000, 9_000] if args.quick else [30, 1_000, 9_000, 100_000]):
            text = make(n)
            seen = []
            for _ in range(args.reps):
                t0 = time.perf_counter()
                v = screener.screen(text)
                seen.append(time.perf_counter() - t0)
            longest_all = max(longest_all, max(seen))
            print(f"{pattern:>14} {n:>8,} {max(seen) * 1e3:>20,.1f}  {v.action:<6}  {'; '.join(v.errors)[:70]}")
    print(f"longest screen() seen with a hostile rule: {longest_all * 1e3:,.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repetitions")
    parser.add_argument("--reps", type=int, default=None, help="repetitions per measurement (median reported)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=["sizes", "linearity", "hostile-texts", "hostile-rule"], default=None)
    args = parser.parse_args(argv)
    if args.reps is None:
        args.reps = 3 if args.quick else 7
    print(f"scamguard {scamguard.__version__} · Python {platform.python_version()} · fugashi {version('fugashi')} · "
          f"{platform.machine()} · {'quick' if args.quick else 'full'} run, median of {args.reps}")
    tagger = fugashi.Tagger()
    scamguard.screen("ウォームアップです。LINEのIDを教えてください。")
    sections: dict[str, Callable[[], None]] = {
        "sizes": lambda: section_sizes(args, tagger),
        "linearity": lambda: section_linearity(args),
        "hostile-texts": lambda: section_hostile_texts(args),
        "hostile-rule": lambda: section_hostile_rule(args),
    }
    for name, run in sections.items():
        if args.only in (None, name):
            run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
