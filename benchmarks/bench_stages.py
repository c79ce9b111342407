"""Where score_many's time goes, stage by stage (printed figures, not a test).

Process CPU seconds per MB for each stage of scoring, on the shared corpora's
articles (cycled to ``--mb`` MB), against a TF-IDF 1-2 gram + logistic
regression pipeline on the same texts in the same run::

    .venv/bin/python benchmarks/bench_stages.py --mb 10

Stages: the signal scan and stylometry (``feature_matrix``), the
writing-pattern n-gram pass (``analyse``: tokenise, distort, count), the
"can it be judged" check (word count and language), and the model
(n-gram lookup, TF-IDF weighting and the linear sum).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np


def cpu() -> float:
    t = time.process_time()
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--data", default="../shared/data")
    args = ap.parse_args()
    import credscore
    from credscore._api import default_matcher, scores_of
    from credscore._features import DocumentFeatures, feature_matrix, judgeable
    from credscore._ngrams import analyse

    texts: list[str] = []
    labels: list[int] = []
    for path in sorted(Path(args.data, "corpora").glob("*/articles.jsonl")):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            texts.append(row["text"])
            labels.append(int(row["label"]))
    want = int(args.mb * 1e6)
    batch: list[str] = []
    size = 0
    i = 0
    while size < want:
        t = texts[i % len(texts)]
        batch.append(t)
        size += len(t.encode("utf-8"))
        i += 1
    mb = size / 1e6
    model = credscore.default_model()
    matcher = default_matcher()
    feature_matrix(batch[:50], [None] * 50, matcher)  # warm up
    stages: dict[str, float] = {}
    t0 = cpu()
    X = feature_matrix(batch, [None] * len(batch), matcher)
    stages["signal scan + stylometry"] = cpu() - t0
    t0 = cpu()
    counts, words = analyse(batch)
    stages["n-gram pass (tokenise, distort, count)"] = cpu() - t0
    t0 = cpu()
    ok = judgeable(batch, words)
    stages["judgeable (words, language)"] = cpu() - t0
    t0 = cpu()
    scores_of(DocumentFeatures(X, counts, words, ok), model)
    stages["model (n-gram lookup, tf-idf, linear sum)"] = cpu() - t0
    total = sum(stages.values())
    t0 = cpu()
    s = credscore.score_many(batch)
    end_to_end = cpu() - t0
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    sample = texts[:3000]
    clf = LogisticRegression(C=10.0, max_iter=2000).fit(vec.fit_transform(sample), labels[:3000])
    t0 = cpu()
    for k in range(0, len(batch), 1000):
        clf.predict_proba(vec.transform(batch[k : k + 1000]))
    tfidf = cpu() - t0
    print(f"{len(batch)} articles, {mb:.1f} MB, one process (CPU seconds)")
    print(f"{'stage':45s} {'ms/MB':>8s} {'share':>6s}")
    for k, v in stages.items():
        print(f"{k:45s} {1000 * v / mb:8.1f} {v / total:6.1%}")
    print(f"{'sum of stages':45s} {1000 * total / mb:8.1f}")
    print(f"score_many end to end: {mb / end_to_end:.2f} MB/s; TF-IDF 1-2 gram + LR: {mb / tfidf:.2f} MB/s; "
          f"ratio {tfidf / end_to_end:.2f}x (credscore / TF-IDF speed)")
    assert len(s) == len(batch) and np.isfinite(s).all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
