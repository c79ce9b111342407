"""The bulk path and the explanation path agree on every shared article.

``Matcher.count`` (what ``score_many`` reads, over batches of joined
documents) and ``Matcher.find`` (what ``explain`` shows, one document at a
time) must find the same evidence: issue 14 asks that any faster bulk path
keep this, so it is checked on the whole shared corpora, bodies and
headlines, not only on hand-picked texts; so are the scores of
``score_many`` and ``explain``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import credscore
import credscore._engine
from credscore import Matcher

pytestmark = pytest.mark.corpora


def _corpora() -> dict[str, list[dict[str, str]]]:
    from credscore._corpora import find_data_dir

    data = find_data_dir()
    if data is None:
        pytest.skip("shared corpora not found (set CREDSCORE_DATA)")
    out = {}
    for path in sorted(Path(data, "corpora").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as f:
            out[path.parent.name] = [json.loads(line) for line in f]
    assert len(out) >= 6
    return out


def _found(matcher: Matcher, texts: list[str], scope: str) -> np.ndarray:
    """Counts per signal from ``find``, one document at a time."""
    out = np.zeros((len(texts), len(matcher)), dtype=np.int64)
    for i, t in enumerate(texts):
        for name, k in Counter(e.signal for e in matcher.find(t, scope)).items():  # type: ignore[arg-type]
            out[i, matcher.index(name)] = k
    return out


def test_count_equals_the_spans_of_find_on_every_shared_article() -> None:
    matcher = credscore._engine.default_matcher()
    n = 0
    for rows in _corpora().values():
        texts = [r["text"] for r in rows]
        titles = [r.get("title") or "" for r in rows]
        for scope, docs in (("text", texts), ("title", titles)):
            bulk = matcher.count(docs, scope)  # type: ignore[arg-type]
            one_by_one = _found(matcher, docs, scope)
            differ = np.flatnonzero((bulk != one_by_one).any(axis=1))
            assert differ.size == 0, f"{scope} of document {differ[0]}: {docs[differ[0]][:200]!r}"
        n += len(rows)
    assert n > 8000


def test_explain_gives_the_bulk_score_on_every_shared_article() -> None:
    # About 20 s: explain() scans and scores one article at a time.
    texts: list[str] = []
    titles: list[str | None] = []
    for rows in _corpora().values():
        texts += [r["text"] for r in rows]
        titles += [r.get("title") or None for r in rows]
    bulk = credscore.score_many(texts, titles=titles).tolist()
    explained = [credscore.explain(t, title).score for t, title in zip(texts, titles)]
    differ = [i for i, (a, b) in enumerate(zip(explained, bulk)) if a != b]
    assert not differ, f"{len(differ)} articles differ, the first: {texts[differ[0]][:200]!r}"
    assert len(bulk) > 8000
