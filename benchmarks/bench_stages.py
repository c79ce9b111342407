"""Where score_many's time goes, stage by stage (printed figures, not a test).

Process CPU seconds per MB for each stage of scoring, on the shared corpora's
articles (cycled to ``--mb`` MB), against a TF-IDF 1-2 gram + logistic
regression pipeline on the same texts in the same run::

    .venv/bin/python benchmarks/bench_stages.py --mb 10

Stages, in the order ``featurize`` runs them:

- body: what is read of each article (``credscore._body.bodies``: a
  headline repeated at the top and whole lines of page furniture left out);
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

The signal scan is shown in parts, on the engine's own 4 MB chunks: the
Hyperscan automata alone (no callback): the main database (most of its
patterns scan a copy of the text with whitespace runs collapsed, see
``credscore._spaces``; making that copy is a row of its own; most of those
scan without start-of-match, and finding their starts from their ends,
``credscore._starts``, is another) apart from ``named_expert``'s line gate
and its patterns on the lines the gate passes; the match handlers (a Python
callback per match, or with numba compiled handlers, ``credscore._native``),
the offsets mapped back from the collapsed copy and the run patterns; then
validators and overlap resolution (the rest of ``Matcher.count``, given
the texts' UTF-8 as ``score_many`` gives it, so that the encoding is
counted once, in the tokens row);
headlines are one row. Each column is one setting of ``$CREDSCORE_KERNELS``
(``numpy``: NumPy steps and Python handlers; ``numba``: compiled loops and
handlers).

Each figure is the least CPU time of ``--repeat`` runs (the machine is shared:
the least is the one least disturbed). ``score_many`` end to end is timed separately, against a TF-IDF 1-2 gram +
logistic regression pipeline on the same texts (fitted on 3000 articles, not
timed) in the same run, so their ratio holds whatever the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def best(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The least process CPU time of ``repeat`` calls of ``fn``, and its last result."""
    least = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.process_time()
        out = fn()
        least = min(least, time.process_time() - t0)
    return least, out


def print_loop_costs(batch: list[str]) -> None:
    """What the compiled loops cost a new process: importing numba, compiling them (an empty cache)
    and loading them from numba's cache, each in a fresh interpreter (wall seconds, least of 3)."""
    import subprocess
    import sys
    import tempfile

    text = " ".join(batch)[: 1 << 18]
    probe = (
        "import sys, time, os\n"
        "t = time.perf_counter(); import numba; imported = time.perf_counter() - t\n"
        "from credscore._features import featurize\n"
        "text = sys.stdin.read()\n"
        "os.environ['CREDSCORE_KERNELS'] = 'numpy'; featurize([text], [None])\n"
        "t = time.perf_counter(); featurize([text], [None]); plain = time.perf_counter() - t\n"
        "os.environ['CREDSCORE_KERNELS'] = 'numba'\n"
        "t = time.perf_counter(); featurize([text], [None]); first = time.perf_counter() - t\n"
        "print(imported, first - plain)\n"
    )

    def run(cache: str) -> tuple[float, float]:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        out = subprocess.run([sys.executable, "-c", probe], input=text, capture_output=True, text=True, env=env, check=True)
        a, b = out.stdout.split()
        return float(a), float(b)

    with tempfile.TemporaryDirectory() as cache:
        imports, compiles, loads = [], [], []
        for _ in range(3):
            with tempfile.TemporaryDirectory() as empty:
                a, b = run(empty)
            imports.append(a)
            compiles.append(b)
        run(cache)  # fill the cache
        loads = [run(cache)[1] for _ in range(3)]
    print(f"compiled loops, a new process: import numba {min(imports):.2f} s; first call compiling them "
          f"(empty cache) +{min(compiles):.2f} s; loading them from numba's cache +{min(loads):.2f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--skip-loop-costs", action="store_true",
                    help="do not time importing and compiling the compiled loops in new processes")
    args = ap.parse_args(argv)
    import credscore
    from credscore import _kernels
    from credscore._api import default_matcher, scores_of
    from credscore._body import bodies
    from credscore._engine import _SEP, scan_documents
    from credscore._features import MIN_WORDS, DocumentFeatures, judgeable
    from credscore._ngrams import analyse
    from credscore._spaces import collapse
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
        batch.append(texts[i % len(texts)])
        batch_titles.append(titles[i % len(texts)])
        size += len(batch[-1].encode("utf-8"))
        i += 1
    mb = size / 1e6
    r = args.repeat
    model = credscore.default_model()
    matcher = default_matcher()
    credscore.score_many(batch[:50])  # warm up: compile or load the databases, load the model
    docs = [{"text": t, "title": h} for t, h in zip(batch, batch_titles)]
    # What is read of each article is its body (credscore._body: no repeated headline, no page furniture
    # lines); every later stage reads the bodies, as featurize does.
    t_read, batch = best(r, lambda: bodies([d["text"] for d in docs], batch_titles))

    # The body scan, on the engine's own chunks (4 MB of joined documents).
    comp = matcher._get("text")
    chunks: list[list[bytes]] = [[]]
    filled = 0
    for t in batch:
        if t:
            chunks[-1].append(t.encode("utf-8", "surrogatepass"))
            filled += len(chunks[-1][-1])
            if filled >= 1 << 22:
                chunks.append([])
                filled = 0
    chunks = [c for c in chunks if c]
    joined = [_SEP.join(c) for c in chunks]

    # The line gate's patterns scan only the lines their gate lets through
    # (found here once; the gate's own callbacks count as callbacks below).
    gated = []
    for buf in joined:
        starts, stops = comp.gated_lines(buf)
        gated.append(b"\n".join([buf[a:b] for a, b in zip(starts.tolist(), stops.tolist())]))

    # The patterns that allow it scan a copy with whitespace runs collapsed (credscore._spaces).
    collapsed = [collapse(buf).data for buf in joined]
    # Most of those scan without start-of-match; their starts are found from their ends (credscore._starts).
    ends = [comp._all_ends(comp.recovered_db, short) for short in collapsed] if comp.recovered_db is not None else []

    def find_starts() -> None:
        assert comp.starts is not None and comp.reversed_db is not None
        reversed_db = comp.reversed_db
        for short, (pid, end) in zip(collapsed, ends):
            comp.starts.find(short, pid, end, lambda windows: comp._all_ends(reversed_db, windows))

    def automaton(which: tuple[str, ...] = ("db", "collapsed_db", "recovered_db", "gate_db", "line_db")) -> None:
        for buf, short, lines in zip(joined, collapsed, gated):
            for name, data in (("db", buf), ("collapsed_db", short), ("recovered_db", short), ("gate_db", buf), ("line_db", lines)):
                db = getattr(comp, name)
                if name in which and db is not None and data:
                    db.scan(data, match_event_handler=None, scratch=comp.scratch(db))

    # score_many encodes each text once, for the matcher and the token steps alike (ByteBatch.encoded): the
    # scan's row below is timed on those bytes, so that the encoding is counted once, in the tokens row.
    encoded = encode_batch(batch).encoded

    def callbacks() -> None:
        for c in chunks:
            scan_documents(comp, c)

    title_texts = [t or "" for t in batch_titles]

    def scan_stages() -> tuple[dict[str, float], np.ndarray]:
        """The scan's parts, with the match handlers $CREDSCORE_KERNELS chooses (Python, or compiled)."""
        t_auto, _ = best(r, automaton)
        t_main, _ = best(r, lambda: automaton(("db", "collapsed_db", "recovered_db")))
        t_collapse, _ = best(r, lambda: [collapse(buf) for buf in joined])
        t_find, _ = best(r, find_starts) if ends else (0.0, None)
        t_cb, _ = best(r, callbacks)
        t_body, body_counts = best(r, lambda: matcher.count(batch, "text", encoded=encoded))
        t_title, title_counts = best(r, lambda: matcher.count(title_texts, "title"))
        return {
            "body: repeated headline and page furniture lines left out": t_read,
            "scan: Hyperscan, the main database (body; most of it over the collapsed copy)": t_main,
            "scan: collapsing whitespace runs (body)": t_collapse,
            "scan: starts found from ends (windows, reversed patterns, their handlers)": t_find,
            "scan: Hyperscan, named_expert's line gate and gated lines": t_auto - t_main,
            "scan: match handlers, run patterns (body)": t_cb - t_auto - t_collapse - t_find,
            "scan: validators, overlaps (body)": t_body - t_cb,
            "scan: headlines (all of it)": t_title,
        }, body_counts + title_counts

    def token_stages(counts: np.ndarray) -> tuple[dict[str, float], float, np.ndarray]:
        """The token stages and score_many end to end, with the token steps $CREDSCORE_KERNELS chooses."""
        t_tok, tokens = best(r, lambda: encode_batch(batch))
        t_cls, _ = best(1, lambda: tokens.classes)  # computed once, cached on the batch
        t_sty, sty = best(r, lambda: stylometry(batch, tokens))
        n_tokens, fw, punct, shape, morph = sty
        text_cols = list(matcher.scope_indices("text"))
        title_cols = list(matcher.scope_indices("title"))
        X = np.hstack([
            np.log1p(1000.0 * counts[:, text_cols] / np.maximum(n_tokens, MIN_WORDS)[:, None]),
            np.log1p(counts[:, title_cols].astype(np.float64)),
            shape, punct, morph, fw,
        ])
        t_ng, (ngrams, words) = best(r, lambda: analyse(batch, tokens, model.ngrams))
        t_ok, ok = best(r, lambda: judgeable(batch, words, tokens))
        t_model, scored = best(r, lambda: scores_of(DocumentFeatures(X, ngrams, words, ok), model))
        end_to_end, s = best(r, lambda: credscore.score_many(docs, batch_size=1000))
        # The stages are the scorer's own path: same scores as score_many.
        assert np.allclose(scored, s, rtol=0, atol=1e-12), "the staged path and score_many disagree"
        return {
            "tokens (encode, normalise, byte classes)": t_tok + t_cls,
            "stylometry (+ signal columns)": t_sty,
            "n-gram pass (distort, count)": t_ng,
            "judgeable (words, language)": t_ok,
            "model (n-gram lookup, tf-idf, linear sum)": t_model,
        }, end_to_end, s

    # Both ways: NumPy steps and Python match handlers, and compiled loops and handlers (numba, the fast
    # extra) when installed.
    paths = ["numpy", "numba"] if _kernels.available() else ["numpy"]
    runs = {}
    scans = {}
    for choice in paths:
        os.environ[_kernels.KERNELS_ENV] = choice
        credscore.score_many(batch[:400])  # warm up: load the compiled loops
        scans[choice], counts = scan_stages()
        runs[choice] = token_stages(counts)
    os.environ.pop(_kernels.KERNELS_ENV)
    if len(runs) == 2:
        assert np.array_equal(runs["numpy"][2], runs["numba"][2]), "the compiled loops change a score"
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    clf = LogisticRegression(C=10.0, max_iter=2000).fit(vec.fit_transform(texts[:3000]), labels[:3000])

    def tfidf_pipeline() -> None:
        for k in range(0, len(batch), 1000):
            clf.predict_proba(vec.transform(batch[k : k + 1000]))

    tfidf, _ = best(r, tfidf_pipeline)
    print(f"{len(batch)} articles, {mb:.1f} MB, one process (least CPU seconds of {r} runs)")
    print(f"{'stage':66s} " + " ".join(f"{'ms/MB ' + p:>12s} {'share':>6s}" for p in paths))
    totals = {p: sum(scans[p].values()) + sum(runs[p][0].values()) for p in paths}
    for k in scans["numpy"]:
        print(f"{k:66s} " + " ".join(f"{1000 * scans[p][k] / mb:12.1f} {scans[p][k] / totals[p]:6.1%}" for p in paths))
    for k in runs["numpy"][0]:
        print(f"{k:66s} " + " ".join(f"{1000 * runs[p][0][k] / mb:12.1f} {runs[p][0][k] / totals[p]:6.1%}" for p in paths))
    print(f"{'sum of stages':66s} " + " ".join(f"{1000 * totals[p] / mb:12.1f} {'':6s}" for p in paths))
    for p in paths:
        end_to_end, s = runs[p][1], runs[p][2]
        print(f"score_many end to end, token steps by {p}: {mb / end_to_end:.2f} MB/s; TF-IDF 1-2 gram + LR: "
              f"{mb / tfidf:.2f} MB/s; ratio {tfidf / end_to_end:.2f}x (credscore / TF-IDF speed)")
        assert len(s) == len(batch) and np.isfinite(s).all()
    if _kernels.available() and not args.skip_loop_costs:
        print_loop_costs(batch)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
