"""Where score_many's time goes, stage by stage (printed figures, not a test).

Process CPU seconds per MB for each stage of scoring, on the shared corpora's
articles (cycled to ``--mb`` MB), against a TF-IDF 1-2 gram + logistic
regression pipeline on the same texts in the same run::

    .venv/bin/python benchmarks/bench_stages.py --mb 10

Stages, in the order ``featurize`` runs them:

- signal scan: the Hyperscan scan with its callbacks, validators and overlap
  resolution (``Matcher.count``, body and title);
- tokens: encode, normalise and concatenate the batch once, and classify its
  bytes (``credscore._tokens.encode_batch`` and ``ByteBatch.classes``);
- stylometry: function words, punctuation, word and sentence shape, word
  endings, from the shared batch;
- writing-pattern n-grams: the distorted token stream and its 1-3-gram counts
  (``analyse``), from the shared batch;
- judgeable: word count and the English check (``judgeable``), from the batch;
- model: n-gram lookup, TF-IDF weighting and the linear sum (``scores_of``).

``score_many`` end to end is timed separately, against a TF-IDF 1-2 gram +
logistic regression pipeline on the same texts (fitted on 3000 articles, not
timed) in the same run, so their ratio holds whatever the machine's load.
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
    from credscore._features import MIN_WORDS, DocumentFeatures, judgeable
    from credscore._ngrams import analyse
    from credscore._stylometry import stylometry
    from credscore._tokens import encode_batch

    texts: list[str] = []
    titles: list[str | None] = []
    labels: list[int] = []
    for path in sorted(Path(args.data, "corpora").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                texts.append(row["text"])
                titles.append(row.get("title") or None)
                labels.append(int(row["label"]))
    want = int(args.mb * 1e6)
    batch: list[str] = []
    batch_titles: list[str | None] = []
    size = 0
    i = 0
    while size < want:
        t = texts[i % len(texts)]
        batch.append(t)
        batch_titles.append(titles[i % len(texts)])
        size += len(t.encode("utf-8"))
        i += 1
    mb = size / 1e6
    model = credscore.default_model()
    matcher = default_matcher()
    credscore.score_many(batch[:50])  # warm up: compile or load the databases, load the model
    stages: dict[str, float] = {}
    t0 = cpu()
    counts = matcher.count(batch, "text")
    if matcher.scope_indices("title"):
        counts += matcher.count([t or "" for t in batch_titles], "title")
    stages["signal scan (Hyperscan, callbacks, validators)"] = cpu() - t0
    t0 = cpu()
    tokens = encode_batch(batch)
    tokens.classes  # noqa: B018 - computed once, cached on the batch
    stages["tokens (encode, normalise, byte classes)"] = cpu() - t0
    t0 = cpu()
    n_tokens, fw, punct, shape, morph = stylometry(batch, tokens)
    text_cols = list(matcher.scope_indices("text"))
    title_cols = list(matcher.scope_indices("title"))
    X = np.hstack([
        np.log1p(1000.0 * counts[:, text_cols] / np.maximum(n_tokens, MIN_WORDS)[:, None]),
        np.log1p(counts[:, title_cols].astype(np.float64)),
        shape, punct, morph, fw,
    ])
    stages["stylometry (+ signal columns)"] = cpu() - t0
    t0 = cpu()
    ngrams, words = analyse(batch, tokens)
    stages["n-gram pass (distort, count)"] = cpu() - t0
    t0 = cpu()
    ok = judgeable(batch, words, tokens)
    stages["judgeable (words, language)"] = cpu() - t0
    t0 = cpu()
    scored = scores_of(DocumentFeatures(X, ngrams, words, ok), model)
    stages["model (n-gram lookup, tf-idf, linear sum)"] = cpu() - t0
    total = sum(stages.values())
    t0 = cpu()
    s = credscore.score_many(({"text": t, "title": h} for t, h in zip(batch, batch_titles)), batch_size=1000)
    end_to_end = cpu() - t0
    # The stages are the scorer's own path: same scores as score_many.
    assert np.allclose(scored, s, rtol=0, atol=1e-12), "the staged path and score_many disagree"
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
    print(f"{'stage':50s} {'ms/MB':>8s} {'share':>6s}")
    for k, v in stages.items():
        print(f"{k:50s} {1000 * v / mb:8.1f} {v / total:6.1%}")
    print(f"{'sum of stages':50s} {1000 * total / mb:8.1f}  ({mb / total:.2f} MB/s)")
    print(f"score_many end to end: {mb / end_to_end:.2f} MB/s; TF-IDF 1-2 gram + LR: {mb / tfidf:.2f} MB/s; "
          f"ratio {tfidf / end_to_end:.2f}x (credscore / TF-IDF speed)")
    assert len(s) == len(batch) and np.isfinite(s).all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
