"""Large and pathological inputs complete and give the results an independent computation expects.

Timing lives in ``benchmarks/bench_large_inputs.py``. The oracles here do not
come from the scoring path itself:

* A text made of ``k`` copies of one unit (ending in a blank line, so no match
  crosses from one copy into the next) has exactly ``k`` times the unit's
  signal counts, ``k`` times its words, hence the same per-1,000-word signal
  columns; and the evidence of copy ``j`` is the evidence of copy 0 moved by
  ``j`` copies (character offsets, through a unit with non-ASCII characters,
  so the byte-to-character map is exercised on a megabyte), of which
  ``explain`` lists each signal's first 1,000. Each copy carries its number
  (a word of fixed width, "q00017", at the end of every sentence and line):
  a sentence repeated word for word is read once
  (:func:`credscore._body.repeated_sentences`), and copies alike to the byte
  would be read as one.
* Pathological inputs get what the documented rules say: no words, one word,
  or non-English text score exactly the model's prior; a run of "!" is one
  exclamation; a repeated phrase is counted once per repetition.
* score, score_many and explain agree exactly.
"""

from __future__ import annotations

import re
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


# Before each sentence's last mark (one followed by whitespace) and each line's end: where every
# sentence of a copy ends, so that no sentence of one copy repeats one of another.
_SENTENCE_END = re.compile(r"(?<![.!?])(?=[.!?]+[ \t\n])|(?<=[^\s.!?])(?=\n)")


def _copy(j: int) -> str:
    """Copy ``j`` of :data:`UNIT`, its number in every sentence: as long as every other copy."""
    return _SENTENCE_END.sub(f" q{j:05d}", UNIT)


def _copies(n_chars: int) -> tuple[str, int]:
    k = n_chars // len(_copy(0)) + 1
    return "".join(_copy(j) for j in range(k)), k


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
    # The copies differ in every sentence, and in nothing a signal reads.
    from credscore._body import repeated_sentences

    two = _copy(0) + _copy(1)
    assert len(_copy(1)) == len(_copy(0)) and repeated_sentences([two]) == [[]]
    assert repeated_sentences([UNIT + UNIT])[0]  # as the unit itself would not
    m = default_matcher()
    np.testing.assert_array_equal(m.count([_copy(1)])[0], m.count([_copy(0)])[0])
    assert [(e.signal, e.start, e.end) for e in credscore.explain(_copy(7)).evidence] == [
        (e.signal, e.start, e.end) for e in credscore.explain(_copy(0)).evidence]


@pytest.mark.slow
def test_ten_megabyte_text_counts_like_its_copies() -> None:
    big, k = _copies(10_000_000)
    m = default_matcher()
    np.testing.assert_array_equal(m.count([big])[0], k * m.count([_copy(0)])[0])
    one, many = featurize([_copy(0)], [None], m), featurize([big], [None], m)
    assert many.words[0] == k * one.words[0]
    signal = [i for i, n in enumerate(feature_names(m.signals)) if n.startswith("signal:")]
    np.testing.assert_allclose(many.X[0, signal], one.X[0, signal], rtol=1e-12, atol=0)
    assert 0.0 < _agree(big) < 1.0


def test_one_megabyte_text_explains_like_its_copies() -> None:
    text, k = _copies(1_000_000)
    unit = _copy(0)
    unit_ev = [(e.signal, e.pattern, e.start, e.end) for e in credscore.explain(unit).evidence]
    ex = credscore.explain(text)
    assert ex.score == credscore.score(text) == credscore.score_many([text])[0]
    got = sorted((e.signal, e.pattern, e.start, e.end) for e in ex.evidence)
    # Each signal lists its first MAX_SPANS spans in text order (and counts them all, below).
    moved: dict[str, list[tuple[str, str, int, int]]] = {}
    for j in range(k):
        for s, p, a, b in unit_ev:
            moved.setdefault(s, []).append((s, p, a + j * len(unit), b + j * len(unit)))
    want = sorted(x for spans in moved.values() for x in sorted(spans, key=lambda x: (x[2], x[3]))[:MAX_SPANS])
    assert got == want
    assert any(r.count > MAX_SPANS for r in ex.signals)  # the cap is reached here
    for e in ex.evidence[:: max(1, len(ex.evidence) // 200)]:
        j = e.start // len(unit)
        assert unit[e.start - j * len(unit) : e.end - j * len(unit)] == e.text  # the text at the unit's offsets
    counts = {r.name: r.count for r in ex.signals}
    assert counts == {r.name: k * r.count for r in credscore.explain(unit).signals}


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
