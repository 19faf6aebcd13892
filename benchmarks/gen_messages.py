"""Generate a JSONL file of marketplace chat messages for ``scamguard scan`` benchmarks.

Each line is ``{"id": N, "text": ..., "stage": ..., "role": ...}``. About one message in
five is scammy (contact requests, MLM wording, redirects, fees, unpaid tests); the rest are
ordinary greetings, questions and job briefs of varied length. The output is deterministic
for a given seed.

    python benchmarks/gen_messages.py 100000 /tmp/messages.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

STAGES = ("pre_contract", "pre_escrow", "post_escrow")
ROLES = ("client", "worker", None)

OPENINGS = [
    "はじめまして。", "お世話になっております。", "ご連絡ありがとうございます。", "こんにちは。",
    "先日はありがとうございました。", "",
]
CLOSINGS = ["よろしくお願いいたします。", "ご検討のほどよろしくお願いいたします。", "何卒よろしくお願い申し上げます。", ""]
ORDINARY = [
    "記事作成のお仕事について、納期は{d}日でお願いします。",
    "1文字{p}円で{n}文字程度の記事を{k}本お願いしたいと考えております。",
    "構成案を添付いたしましたので、ご確認いただけますでしょうか。",
    "修正点を反映した原稿を本日中にお送りします。",
    "ご提案いただいた見出しで問題ございません。",
    "参考記事としてWikipediaの該当ページもご覧ください。",
    "契約後、仮払いが完了しましたら作業を開始いたします。",
    "LINEスタンプの制作をご依頼したく、ご連絡いたしました。",
    "オンラインで打ち合わせをお願いできますでしょうか。",
    "納品データはこちらのメッセージに添付いたします。",
    "文字単価{p}円、月{k}本程度の継続案件です。",
    "画像は{k}枚ほど使用予定です。フリー素材で構いません。",
    "検収いたしました。丁寧なご対応ありがとうございました。",
    "SEOの知識がある方を優先しております。実績を拝見できますでしょうか。",
]
SCAMMY = [
    "詳細はLINEでお伝えしますので、IDを教えていただけますか？",
    "今後のやり取りはチャットワークに移行させていただけますか？",
    "ご連絡は090-{a}-{b}までお願いします。",
    "コピペのみで月{k}0万円稼げるお仕事です。スマホだけで誰でも簡単にできます。",
    "定員に達したため別の案件を紹介します。こちらから登録してください https://bit.ly/{a}",
    "仮払い前ですが、テスト記事を1本無償でお願いします。",
    "手数料がかからないので直接お振込みします。口座を教えてください。",
    "研修受講料{p},500円をお支払いいただいた方からお仕事をお渡ししています。",
    "契約前ですが、本名と住所、生年月日を教えてください。",
    "報酬はAmazonギフト券でお支払いします。",
]


def message(rng: random.Random) -> str:
    """One message: an opening, a few sentences (one scammy in five messages), a closing."""
    def fill(template: str) -> str:
        return template.format(d=rng.randint(2, 30), p=rng.randint(1, 9), n=rng.choice([1500, 3000, 5000]),
                               k=rng.randint(1, 9), a=rng.randint(1000, 9999), b=rng.randint(1000, 9999))

    body = [fill(rng.choice(ORDINARY)) for _ in range(rng.choice([0, 1, 1, 2, 3, 5, 8]))]
    if rng.random() < 0.2:
        body.insert(rng.randint(0, len(body)), fill(rng.choice(SCAMMY)))
    if not body:
        body.append(fill(rng.choice(ORDINARY)))
    return rng.choice(OPENINGS) + "".join(body) + rng.choice(CLOSINGS)


def records(count: int, seed: int) -> Iterator[dict[str, object]]:
    """``count`` message records."""
    rng = random.Random(seed)
    for i in range(1, count + 1):
        rec: dict[str, object] = {"id": i, "text": message(rng), "stage": rng.choice(STAGES)}
        role = rng.choice(ROLES)
        if role is not None:
            rec["role"] = role
        yield rec


def main() -> None:
    parser = argparse.ArgumentParser(description="Write COUNT generated messages as JSONL to OUT.")
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("out", type=Path, nargs="?", default=Path("/tmp/scamguard-messages.jsonl"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as f:
        for rec in records(args.count, args.seed):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {args.count:,} messages to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
