"""Large and pathological inputs complete and give the results an independent computation expects.

Timing lives in ``benchmarks/bench_large_inputs.py``. The oracles here do not
come from the scoring path itself:

* A text made of ``k`` copies of one unit (ending in a blank line, so no match
  crosses from one copy into the next) has exactly ``k`` times the unit's
  signal counts, ``k`` times its words, hence the same per-1,000-word signal
  columns; and the evidence of copy ``j`` is the evidence of copy 0 moved by
  ``j`` copies (character offsets, through a unit with non-ASCII characters,
  so the byte-to-character map is exercised on a megabyte), of which
  ``explain`` lists each signal's first 1,000.
* Pathological inputs get what the documented rules say: no words, one word,
  or non-English text score exactly the model's prior; a run of "!" is one
  exclamation; a repeated phrase is counted once per repetition.
* score, score_many and explain agree exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import credscore
from credscore._engine import default_matcher
from credscore._explain import MAX_SPANS
from credscore._features import feature_names, featurize

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))
# Non-ASCII first (curly quotes, an accent, a dash, an emoji), then the fixture articles.
UNIT = "Caf\u00e9 owners said \u201cwe\u2019re told it closes\u201d \u2014 reports say \U0001f600.\n\n" + ARTICLES + "\n\n"


def _copies(n_chars: int) -> tuple[str, int]:
    k = n_chars // len(UNIT) + 1
    return UNIT * k, k


def _agree(text: str) -> float:
    s = credscore.score(text)
    assert credscore.score_many([text])[0] == s
    assert credscore.explain(text).score == s
    return s


def test_the_unit_is_a_fair_test() -> None:
    assert not UNIT.isascii()
    ex = credscore.explain(UNIT)
    assert len(ex.evidence) >= 10 and any(not e.text.isascii() for e in ex.evidence)  # "we\u2019re told"
    assert any(e.start > UNIT.index("\U0001f600") for e in ex.evidence)  # offsets past a 4-byte character


@pytest.mark.slow
def test_ten_megabyte_text_counts_like_its_copies() -> None:
    big, k = _copies(10_000_000)
    m = default_matcher()
    np.testing.assert_array_equal(m.count([big])[0], k * m.count([UNIT])[0])
    one, many = featurize([UNIT], [None], m), featurize([big], [None], m)
    assert many.words[0] == k * one.words[0]
    signal = [i for i, n in enumerate(feature_names(m.signals)) if n.startswith("signal:")]
    np.testing.assert_allclose(many.X[0, signal], one.X[0, signal], rtol=1e-12, atol=0)
    assert 0.0 < _agree(big) < 1.0


def test_one_megabyte_text_explains_like_its_copies() -> None:
    text, k = _copies(1_000_000)
    unit_ev = [(e.signal, e.pattern, e.start, e.end) for e in credscore.explain(UNIT).evidence]
    ex = credscore.explain(text)
    assert ex.score == credscore.score(text) == credscore.score_many([text])[0]
    got = sorted((e.signal, e.pattern, e.start, e.end) for e in ex.evidence)
    # Each signal lists its first MAX_SPANS spans in text order (and counts them all, below).
    moved: dict[str, list[tuple[str, str, int, int]]] = {}
    for j in range(k):
        for s, p, a, b in unit_ev:
            moved.setdefault(s, []).append((s, p, a + j * len(UNIT), b + j * len(UNIT)))
    want = sorted(x for spans in moved.values() for x in sorted(spans, key=lambda x: (x[2], x[3]))[:MAX_SPANS])
    assert got == want
    assert any(r.count > MAX_SPANS for r in ex.signals)  # the cap is reached here
    for e in ex.evidence[:: max(1, len(ex.evidence) // 200)]:
        j = e.start // len(UNIT)
        assert UNIT[e.start - j * len(UNIT) : e.end - j * len(UNIT)] == e.text  # the text at the unit's offsets
    counts = {r.name: r.count for r in ex.signals}
    assert counts == {r.name: k * r.count for r in credscore.explain(UNIT).signals}


PRIOR = credscore.default_model().prior


@pytest.mark.parametrize(
    ("text", "score", "counts"),
    [
        pytest.param("!" * 1_000_000, PRIOR, {"exclamation": 1}, id="one-million-bangs"),  # no words; one run
        # A text in capitals is read in sentence case (session 23: credscore._tokens._capitals_kept), so a
        # megabyte of "WAKE UP" is no shouting any more; "wake up" still frames.
        pytest.param("WAKE UP " * 125_000, PRIOR, {"conspiracy_framing": 125_000}, id="capitals"),
        pytest.param("WAKE UP WAKE UP WAKE UP, people. " * 30_000, PRIOR, {"conspiracy_framing": 90_000, "shouting": 30_000},
                     id="shouting"),  # in mixed case: each run of capitals shouts
        pytest.param("Sources said " * 80_000, None, {"anonymous_sourcing": 80_000}, id="dense-signal"),
        pytest.param("\ud800\x00\u200f\U0001f600e\u0301" * 100_000, PRIOR, {}, id="awkward-unicode"),
        pytest.param("a" * 1_000_000, PRIOR, {}, id="one-long-token"),  # one word: too little to judge
        pytest.param("\n" * 1_000_000, PRIOR, {}, id="only-newlines"),  # empty
    ],
)
def test_pathological_megabyte_inputs(text: str, score: float | None, counts: dict[str, int]) -> None:
    s = _agree(text)
    if score is not None:
        assert s == score
    else:
        assert s != PRIOR  # judged
    m = default_matcher()
    row = m.count([text])[0]
    assert {m.signals[i].name: int(row[i]) for i in np.flatnonzero(row)} == counts
