"""The selection of overlapping candidates, compiled (credscore._kernels.greedy_kept).

Where every verdict is known, ``_engine._greedy`` hands the rows to a loop
that the fast extra compiles; it must keep exactly the rows the Python loop
keeps, and the engine must resolve the same matches either way.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore import _engine, _kernels

needs_numba = pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (pip install 'credscore[fast]')")


def _reference(rows: list[tuple[int, int, int, bool]]) -> list[int]:
    """Leftmost-longest, non-overlapping, per group, skipping rows whose verdict is False."""
    kept: list[int] = []
    end_of: dict[int, int] = {}
    for i, (g, s, e, ok) in enumerate(rows):
        if ok and s >= end_of.get(g, -1):
            kept.append(i)
            end_of[g] = e
    return kept


def _loops() -> list[object]:
    out: list[object] = [_kernels.LOOPS["greedy_kept"]]
    compiled = _kernels._numba_loops()
    if compiled is not None:
        out.append(compiled["greedy_kept"])
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 30), st.integers(1, 12), st.booleans()), max_size=60))
def test_the_loop_keeps_what_the_reference_keeps(raw: list[tuple[int, int, int, bool]]) -> None:
    rows = sorted(((g, s, s + w, ok) for g, s, w, ok in raw), key=lambda r: (r[0], r[1], -r[2]))
    group, start, end = (np.array([r[k] for r in rows], dtype=np.int64) for k in range(3))
    ok = np.array([r[3] for r in rows], dtype=bool)
    for loop in _loops():
        assert loop(group, start, end, ok).tolist() == _reference(rows)  # type: ignore[operator]


TEXTS = [
    "An anonymous donor gave" + " $5" * 400 + " million to the hospital.",
    "\u201cWe are ready,\u201d said Fire Chief Dana Reyes. " * 60,
    "said John Smith said Jane Doe said Dr. Ann Lee, a professor of law said " * 30,
    "WAKE UP PEOPLE THEY ARE LYING TO YOU " * 60 + "Sources said $5 million, $6 million and $7 million.",
    # Few candidates with checks that overlap (checked in the Python loop), beside unchecked ones.
    "He said John Smith said Jane Doe, a professor, said it cost $5 $6 $7 million.",
    # One signal, a checked pattern inside an unchecked one's match (hedging: "possibly", with its not_after,
    # in the modal "could possibly"): a group's rows must not be split between the two loops.
    "It could possibly rain, or more likely it could potentially snow, and it appears to be so. " * 40,
]


@pytest.mark.parametrize("path", ["python", pytest.param("numba", marks=needs_numba)])
def test_the_engine_resolves_the_same_matches_with_the_loop(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    batches = [[t.encode() for t in TEXTS]] + [[t.encode()] for t in TEXTS]
    calls = [0]
    real = _kernels.LOOPS["greedy_kept"]

    def counted(*args: np.ndarray) -> np.ndarray:
        calls[0] += 1
        return real(*args)  # type: ignore[no-any-return]

    monkeypatch.setenv(_kernels.KERNELS_ENV, "numpy")
    for scope, docs in ((scope, docs) for scope in ("text", "title") for docs in batches):
        comp = _engine.default_matcher()._get(scope)
        want = _engine.resolve(comp, docs)
        with monkeypatch.context() as mp:
            mp.setenv(_kernels.KERNELS_ENV, "numba")
            mp.setattr(_kernels, "MIN_BYTES", 0)
            if path == "python":
                mp.setattr(_kernels, "_numba_loops", lambda: {**_kernels.LOOPS, "greedy_kept": counted})
            got = _engine.resolve(comp, docs)
        assert all(np.array_equal(a, b) for a, b in zip(got, want)), scope
    assert path == "numba" or calls[0] > 0  # the loop ran


def _reference_resolve(comp: _engine._Compiled, datas: list[bytes]) -> list[tuple[int, int, int, int, int]]:
    """Every match scanned, then per document and signal: sorted by start (longest first, then the
    pattern listed first), each kept when its checks accept it and it starts at or after the end of the
    last one kept. No clusters, no checks ahead, no shortcuts."""
    buf, offsets, doc, pid, start, end = _engine.scan_documents(comp, datas)
    checks = _engine._Checks(comp, buf)
    sig = comp.pattern_signal[pid]
    rows = sorted(zip(doc.tolist(), sig.tolist(), start.tolist(), (-end).tolist(), pid.tolist()))
    out = []
    last: dict[tuple[int, int], int] = {}
    for d, s_, b, neg_e, p_ in rows:
        e = -neg_e
        if b < last.get((d, s_), -1):
            continue
        if comp.validated[s_] and not checks.accepts(s_, p_, b, e, int(offsets[d])):
            continue
        last[d, s_] = e
        out.append((d, s_, p_, b - int(offsets[d]), e - int(offsets[d])))
    return sorted(out)


_FRAGMENTS = ["$5 ", "$5 million ", "said Jane Doe, a professor, ", "Jane Doe said ", "sources said ", "WAKE UP NOW ",
              "according to Dr. Ann Lee of Yale ", "the report, which officials denied, ", "\u201cWe won,\u201d ",
              "he said ", "a ", "professor ", "Fire Chief Dana Reyes ", "\n", "!!! ", "reportedly "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=25), min_size=1, max_size=4))
def test_resolve_keeps_what_a_plain_selection_keeps(texts: list[list[str]]) -> None:
    datas = ["".join(t).encode() for t in texts]
    comp = _engine.default_matcher()._get("text")
    got = _engine.resolve(comp, datas, direct=False)
    mine = sorted(zip(got.doc.tolist(), got.sig.tolist(), got.pid.tolist(), got.start.tolist(), got.end.tolist()))
    assert mine == _reference_resolve(comp, datas)


def test_a_candidate_that_starts_where_the_kept_one_ends_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # [0, 5) kept; [3, 8) overlaps it; [5, 9) starts at its end: kept, in the Python loop and the compiled one.
    from credscore import Matcher, Pattern, Signal

    comp = Matcher([Signal("s", "", "", (Pattern("p", "x"),), (), ())])._get("text")
    checks = _engine._Checks(comp, b"x" * 20)
    zeros = np.zeros(3, dtype=np.int64)
    start, end = np.array([0, 3, 5]), np.array([5, 8, 9])
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numpy")
    assert _engine._greedy(checks, np.arange(3), zeros, zeros, zeros, start, end, zeros).tolist() == [0, 2]
    for loop in _loops():
        assert loop(zeros, start, end, np.ones(3, dtype=bool)).tolist() == [0, 2]  # type: ignore[operator]
