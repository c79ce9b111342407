"""Large and pathological inputs complete and still give valid results.

Timing lives in ``benchmarks/bench_large_inputs.py``; these tests only assert
that the work finishes and the invariants hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import credscore

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))


def _repeat_to(n_chars: int) -> str:
    return (ARTICLES * (n_chars // len(ARTICLES) + 1))[:n_chars]


@pytest.mark.slow
def test_ten_megabyte_text_scores() -> None:
    big = _repeat_to(10_000_000)
    s = credscore.score(big)
    assert 0.0 <= s <= 1.0


def test_one_megabyte_text_explains_consistently() -> None:
    text = _repeat_to(1_000_000)
    ex = credscore.explain(text)
    assert ex.score == credscore.score(text)
    assert ex.evidence, "a megabyte of news prose has evidence"
    for e in ex.evidence[:: max(1, len(ex.evidence) // 500)]:
        assert text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("!" * 1_000_000, id="one-million-bangs"),
        pytest.param("WAKE UP " * 125_000, id="shouting"),
        pytest.param("Sources said " * 80_000, id="dense-signal"),
        pytest.param("\ud800\x00\u200f\U0001f600e\u0301" * 100_000, id="awkward-unicode"),
        pytest.param("a" * 1_000_000, id="one-long-token"),
        pytest.param("\n" * 1_000_000, id="only-newlines"),
    ],
)
def test_pathological_megabyte_inputs_complete(text: str) -> None:
    s = credscore.score(text)
    assert 0.0 <= s <= 1.0
