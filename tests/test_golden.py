"""Golden scores: the shipped model's scores of fixed texts, pinned to 1e-9.

A change to a signal, a feature, the model or the scoring path that moves any
of these numbers fails here, without the shared corpora. After a deliberate
change (a model rebuild), regenerate with ``benchmarks/make_golden.py``,
review the printed diff, and commit it with the change. The installed wheel is
checked against the same file in tests/test_wheel.py.
"""

from __future__ import annotations

import json

import pytest
from golden import GOLDEN, case_result, load_texts

import credscore
from credscore._api import shipped_model_bytes

GOLD = json.loads(GOLDEN.read_text(encoding="utf-8"))
CASES = {c["name"]: c for c in load_texts()}


def test_golden_file_belongs_to_the_shipped_model() -> None:
    _, digest = shipped_model_bytes()
    assert GOLD["model_sha256"] == digest, "the shipped model changed: run benchmarks/make_golden.py and review"


def test_every_case_is_pinned() -> None:
    assert [c["name"] for c in GOLD["cases"]] == list(CASES)
    assert len(CASES) >= 12


@pytest.mark.parametrize("gold", GOLD["cases"], ids=[c["name"] for c in GOLD["cases"]])
def test_golden_case(gold: dict) -> None:  # type: ignore[type-arg]
    got = case_result(credscore, CASES[gold["name"]])
    assert got["score"] == pytest.approx(gold["score"], abs=1e-9)
    assert got["risk"] == gold["risk"]
    assert [k for k, _ in got["top"]] == [k for k, _ in gold["top"]]
    for (_, a), (_, b) in zip(got["top"], gold["top"]):
        assert a == pytest.approx(b, abs=1e-9)


def test_golden_cases_span_the_verdicts() -> None:
    risks = {c["risk"] for c in GOLD["cases"]}
    assert "unknown" in risks and "high" in risks and len(risks) >= 3
    by_name = {c["name"]: c for c in GOLD["cases"]}
    assert by_name["too_short"]["score"] == 0.5 and by_name["not_english"]["score"] == 0.5
