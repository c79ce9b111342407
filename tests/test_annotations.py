"""The hand-annotated passages: well-formed, in sync with their source, and detected well.

``tests/data/annotations.jsonl`` holds short news-style passages written for
credscore with the true spans of four signals marked by hand (rules in
``tests/data/ANNOTATION_GUIDE.md``). The scoring code is the benchmark's
(``benchmarks/signal_precision.py``), so the test and the printed table
cannot disagree. The quality floor below is the target of the issue that
introduced the set: precision >= 0.90 and recall >= 0.80 per signal.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from credscore import CATALOGUE, Matcher, Pattern, Signal
from credscore._api import default_matcher

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "annotations.jsonl"
FOUR = ("anonymous_sourcing", "unverified_claim", "official_denial", "named_expert")
MIN_PASSAGES = 150
MIN_SPANS = 40
MIN_PRECISION = 0.90
MIN_RECALL = 0.80


def _load_script(name: str) -> ModuleType:
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_credscore_bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BENCH = _load_script("signal_precision")
BUILD = _load_script("build_annotations")
RECORDS: list[dict] = BENCH.load(DATA)


# --- the file ----------------------------------------------------------------
def test_records_are_well_formed() -> None:
    known = {s.name for s in CATALOGUE}
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids)), "passage ids must be unique"
    for r in RECORDS:
        assert set(r) == {"id", "genre", "text", "spans"}, r["id"]
        text = r["text"]
        assert isinstance(text, str) and text.strip(), r["id"]
        for s in r["spans"]:
            assert set(s) == {"signal", "start", "end"}, r["id"]
            assert s["signal"] in known, f"{r['id']}: unknown signal {s['signal']!r}"
            assert isinstance(s["start"], int) and isinstance(s["end"], int), r["id"]
            assert 0 <= s["start"] < s["end"] <= len(text), f"{r['id']}: span {s} out of range"
            marked = text[s["start"] : s["end"]]
            assert marked == marked.strip(), f"{r['id']}: span {marked!r} has surrounding whitespace"


def test_set_is_large_enough() -> None:
    assert len(RECORDS) >= MIN_PASSAGES
    for name in FOUR:
        n = sum(s["signal"] == name for r in RECORDS for s in r["spans"])
        assert n >= MIN_SPANS, f"{name}: {n} gold spans, need {MIN_SPANS}"
    # Many passages must be negatives, or precision is not being tested.
    negatives = sum(not r["spans"] for r in RECORDS)
    assert negatives >= len(RECORDS) // 3


def test_jsonl_matches_its_marked_up_source() -> None:
    # The offsets are generated, never typed: the JSONL must be exactly what
    # build_annotations.py makes of annotations_src.txt.
    assert BUILD.render(BUILD.read_source()) == DATA.read_text(encoding="utf-8")


def test_markup_parser_gives_exact_offsets() -> None:
    text, spans = BUILD.parse_markup("Café: [[A|sources [[U|reportedly]] said]] it.", "t")
    assert text == "Café: sources reportedly said it."
    assert [(s["signal"], text[s["start"] : s["end"]]) for s in spans] == [
        ("anonymous_sourcing", "sources reportedly said"),
        ("unverified_claim", "reportedly"),
    ]
    for bad in ("[[A|open", "close]]", "[[Q|bad code]]", "[[A|]]"):
        with pytest.raises(ValueError):
            BUILD.parse_markup(bad, "t")


# --- the scoring rule --------------------------------------------------------
def test_overlap_matching_claims_each_gold_span_once() -> None:
    # Two predictions inside one gold span: one TP, one FP.
    assert BENCH.match([(0, 5), (6, 10)], [(0, 10)]) == ([1], [])
    # A prediction straddling two gold spans matches one; the other is missed.
    fps, fns = BENCH.match([(3, 8)], [(0, 5), (6, 10)])
    assert fps == [] and len(fns) == 1
    # Touching is not overlapping.
    assert BENCH.match([(5, 8)], [(0, 5)]) == ([0], [0])
    # Greedy by end still finds the maximum matching.
    assert BENCH.match([(0, 10), (2, 3)], [(0, 4), (5, 9)]) == ([], [])


def test_the_quality_test_can_fail() -> None:
    # A detector that fires on every "the" must fall below the floor.
    noisy = Signal(
        name="anonymous_sourcing",
        description="test",
        rationale="test",
        patterns=(Pattern("the", r"\bthe\b"),),
        examples=(),
        counterexamples=(),
    )
    scores, _ = BENCH.evaluate(RECORDS, Matcher([noisy]))
    assert scores["anonymous_sourcing"].precision < MIN_PRECISION
    assert scores["anonymous_sourcing"].recall < MIN_RECALL


# --- the detectors -----------------------------------------------------------
@pytest.fixture(scope="module")
def scores() -> dict:
    return BENCH.evaluate(RECORDS, default_matcher())[0]


@pytest.mark.parametrize("name", FOUR)
def test_detector_precision(name: str, scores: dict) -> None:
    sc = scores[name]
    fps = [f"{rid}: {text[s:e]!r}" for rid, s, e, text in sc.false_pos]
    assert sc.precision >= MIN_PRECISION, f"{name}: precision {sc.precision:.3f}; false positives: {fps}"


@pytest.mark.parametrize("name", FOUR)
def test_detector_recall(name: str, scores: dict) -> None:
    sc = scores[name]
    fns = [f"{rid}: {text[s:e]!r}" for rid, s, e, text in sc.false_neg]
    assert sc.recall >= MIN_RECALL, f"{name}: recall {sc.recall:.3f}; missed: {fns}"


def test_benchmark_prints_a_row_per_annotated_signal(scores: dict, capsys: pytest.CaptureFixture[str]) -> None:
    assert BENCH.main(["--split", "all"]) == 0
    out = capsys.readouterr().out
    for name in FOUR:
        assert any(line.startswith(name) for line in out.splitlines()), out
