"""Train the bundled wording model (``src/scamguard/data/wording.json``) from the labelled corpora.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python tools/train_model.py                      # writes the bundled model
    .venv/bin/python tools/train_model.py --out /tmp/m.json --exclude holdout5.jsonl

The model reads what the rules cannot list one by one: the overall wording of a message. It is
a linear model over the character 1- to 3-grams of the normalized text (TF-IDF, sublinear term
frequency, L2-normalized), one logistic regression for "scam or not" and one per category for
what kind of scam. Only the most telling n-grams are kept (``--features``), and the models are
fitted again on them alone, so that the shipped file is small and the screening pass needs one
Aho-Corasick scan over those n-grams.

Trained on every labelled message of ``tests/corpus/`` except ``context.jsonl`` (its labels
depend on the thread, the job post or the sender, which the model does not see) and the held-out
sets (``--exclude``; by default ``holdout6.jsonl``, ``holdout7.jsonl``, ``holdout12.jsonl`` and
``ordinary_b.jsonl``, which measure how the model and the rules carry over to wording neither was
fitted to). Scikit-learn is needed here only; screening
reads the JSON file with the standard library.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from scamguard.normalize import normalize  # noqa: E402
from scamguard.rules.doc import sentence_ends  # noqa: E402
from scamguard.rules.model import CATEGORIES  # noqa: E402
from scamguard.wording import DEFAULT_MODEL, MAX_N, MIN_N, ngrams, windows  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
NOT_FOR_TRAINING = {"context.jsonl", "known_failures.jsonl"}
# the sets that measure how the model and the rules carry over to wording neither was fitted to
HELD_OUT = ["holdout6.jsonl", "holdout7.jsonl", "holdout12.jsonl", "ordinary_b.jsonl"]


def _cases(names: list[str]) -> Iterator[tuple[str, str, list[str]]]:
    for name in names:
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                yield normalize(row["text"]).text, row["label"], list(row.get("categories") or [])


def _examples() -> Iterator[tuple[str, str, list[str]]]:
    """The examples of the bundled rules (other than the wording rules themselves): a hit is a
    scam of its rule's category; a miss is honest when no rule at all flags it at its stage
    (a miss of one rule may be another rule's hit)."""
    from scamguard import Screener, default_rules_path
    from scamguard.rules import load_rules
    from scamguard.rules.kinds.base import walk
    from scamguard.rules.kinds.wording import Wording

    rules = load_rules(default_rules_path())
    lexical = [r for r in rules.rules if not any(isinstance(c, Wording) for c in walk(r.when))]
    screener = Screener(dataclasses.replace(rules, rules=tuple(lexical)))
    for rule in lexical:
        for ex in rule.hits:
            if ex.context is None:
                yield normalize(ex.text).text, "scam", [rule.category]
        for ex in rule.misses:
            if ex.context is None and screener.screen(ex.text, stage=ex.stage, role=ex.role).action == "allow":
                yield normalize(ex.text).text, "benign", []


def _windows(text: str) -> list[str]:
    """The stretches of a long message that screening reads on their own (see ``wording.windows``)."""
    return [text[a:b] for a, b in windows(text, sentence_ends(text))]


def _analyzer(text: str) -> list[str]:
    return list(ngrams(text))


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--exclude", action="append", default=None, help="a corpus file to leave out (repeatable)")
    parser.add_argument("--features", type=int, default=8000, help="n-grams kept in the model (default 8000)")
    parser.add_argument("--no-examples", action="store_true", help="leave out the rules' own hit and miss examples")
    parser.add_argument("--C", type=float, default=30.0, help="inverse regularization strength (default 30)")
    args = parser.parse_args(argv)

    exclude = set(args.exclude or HELD_OUT) | NOT_FOR_TRAINING
    names = sorted(p.name for p in CORPUS.glob("*.jsonl") if p.name not in exclude)
    rows = list(_cases(names))
    if not args.no_examples:
        rows += list(_examples())
    # the windows of long honest messages are honest too: read alone, they must not look like scams
    rows += [(window, "benign", []) for text, label, _ in list(rows) if label == "benign" for window in _windows(text)]
    texts = [t for t, _, _ in rows]
    targets = {"scam": [label == "scam" for _, label, _ in rows]}
    targets.update({c: [c in cats for _, _, cats in rows] for c in CATEGORIES})

    def fit(vocabulary: list[str] | None) -> tuple[TfidfVectorizer, dict[str, LogisticRegression]]:
        vec = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=2 if vocabulary is None else 1,
                              vocabulary=vocabulary, dtype=np.float64)
        x = vec.fit_transform(texts)
        models = {name: LogisticRegression(C=args.C, max_iter=5000, class_weight="balanced").fit(x, y)
                  for name, y in targets.items()}
        return vec, models

    vec, models = fit(None)
    # keep the n-grams that weigh most, in the scam model above all, then in any category's
    weight = 2 * np.abs(models["scam"].coef_[0]) + np.max([np.abs(models[c].coef_[0]) for c in CATEGORIES], axis=0)
    names_by_index = vec.get_feature_names_out()
    keep = sorted(names_by_index[i] for i in weight.argsort()[::-1][: args.features])
    vec, models = fit(keep)

    features = list(vec.get_feature_names_out())
    model = {
        "format": 1,
        "ngrams": [MIN_N, MAX_N],
        "trained_on": names + ([] if args.no_examples else ["rules.yaml examples"]),
        "features": features,
        "idf": [round(float(v), 6) for v in vec.idf_],
        "models": {
            name: {"intercept": round(float(m.intercept_[0]), 6), "weights": [round(float(w), 6) for w in m.coef_[0]]}
            for name, m in models.items()
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(features)} n-grams, {len(rows)} messages from {', '.join(names)}"
          f"{'' if args.no_examples else ' and the rules examples'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
