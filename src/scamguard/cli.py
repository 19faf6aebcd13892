"""The ``scamguard`` command."""

from __future__ import annotations

import argparse
import json
import sys

from scamguard.engine import screen

SAMPLES = [
    ("pre_escrow", "LINEのIDを教えてください"),
    ("pre_contract", "本日はよろしくお願いいたします。"),
    ("pre_contract", "コピペのみで月30万稼げます！"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scamguard")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo")
    args = parser.parse_args(argv)
    if args.command == "demo":
        for stage, text in SAMPLES:
            v = screen(text, stage=stage)
            print(json.dumps(v.to_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
