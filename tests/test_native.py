"""Native scans (credscore._native): compiled match handlers collect what the Python handlers do."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from engine_compare import CORPORA, shared_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore import _engine, _native
from credscore._engine import _Compiled
from credscore._spaces import collapse

needs_native = pytest.mark.skipif(not _native.available(), reason="numba is not installed (pip install 'credscore[fast]')")
pytestmark = needs_native

#: Texts on which some pattern reports densely: an end after every word of a run of capitals, every
#: digit of a figure, every "I" and "you".
DENSE = [
    b"WAKE UP PEOPLE THEY ARE LYING TO YOU " * 300,
    b"It cost $1,234,567,890.12 and 45.5% more, on March 3, 2021. " * 200,
    b"I think you know what I mean, you and I. " * 300,
    b"SHOCKING!!! BREAKING: THE TRUTH THEY HIDE!!! " * 200,
    b"Officials said, according to a senior official who spoke on condition of anonymity. " * 100,
]


def _comp(scope: str = "text") -> _Compiled:
    return _engine.default_matcher()._get(scope)  # type: ignore[arg-type]


def _databases(comp: _Compiled) -> Iterator[tuple[str, object]]:
    for name in ("db", "collapsed_db", "recovered_db", "recovered_som_db", "reversed_db", "line_db", "gate_db"):
        db = getattr(comp, name)
        if db is not None:
            yield name, db


def _python(fn: object, *args: object) -> Any:
    """``fn(*args)`` with the Python handlers (native scans off)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_engine, "_NATIVE_SCAN", False)
        return fn(*args)  # type: ignore[operator]


def _same(a: tuple[np.ndarray, ...] | None, b: tuple[np.ndarray, ...] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return len(a) == len(b) and all(x.dtype == y.dtype == np.int64 and np.array_equal(x, y) for x, y in zip(a, b))


def _buffers() -> list[bytes]:
    texts = DENSE + [b"", b"x", b"Reportedly, sources said the claim was unverified.\n\n" * 3]
    return texts + [collapse(t).data for t in texts]


@pytest.mark.parametrize("capacity", [None, 1, 7])
def test_native_ends_and_matches_are_the_python_handlers(capacity: int | None) -> None:
    comp = _comp()
    merge = comp._merge_init
    for name, db in _databases(comp):
        native = _native.NativeDatabase(db)  # type: ignore[arg-type]
        for buf in _buffers():
            assert _same(native.ends(buf, capacity=capacity), _python(comp._ends, db, buf)), (name, buf[:40])
            if name not in ("recovered_db", "reversed_db", "gate_db"):  # compiled with start-of-match
                assert _same(native.matches(buf, merge, capacity=capacity), _python(comp._matches, db, buf)), (name, buf[:40])


def test_a_scan_that_fills_its_array_runs_again_with_more_room() -> None:
    comp = _comp()
    assert comp.recovered_db is not None
    native = _native.NativeDatabase(comp.recovered_db)
    buf = collapse(DENSE[0]).data
    full = native.ends(buf)
    assert full is not None and len(full[0]) > 100  # dense: the regrowth below is exercised many times over
    assert _same(native.ends(buf, capacity=1), full)
    assert _same(native.ends(buf, capacity=len(full[0])), full)  # exactly full: stops at the last report, then again
    assert _same(native.ends(buf, capacity=len(full[0]) + 1), full)


@pytest.mark.parametrize("shift", [-1, 0, 1, 2])
def test_ends_stops_where_the_python_handler_does(shift: int) -> None:
    comp = _comp()
    assert comp.recovered_db is not None
    native = _native.NativeDatabase(comp.recovered_db)
    for buf in (collapse(t).data for t in DENSE):
        full = native.ends(buf)
        assert full is not None
        most = len(full[0]) + shift
        got = native.ends(buf, most=most)
        assert _same(got, _python(comp._ends, comp.recovered_db, buf, most))
        assert (got is None) == (shift <= 0)  # "most or more" reports: None
        if got is not None:
            assert _same(got, full)


def test_a_later_match_with_the_same_start_replaces_the_earlier_where_the_engine_asks() -> None:
    comp = _comp()
    merge = comp._merge_init
    assert -2 in merge and -1 in merge
    dbs = [db for name, db in _databases(comp) if name in ("db", "collapsed_db", "recovered_som_db")]
    merged = [0, 0]
    for db in dbs:
        native = _native.NativeDatabase(db)  # type: ignore[arg-type]
        for buf in _buffers():
            kept = native.matches(buf, merge)
            every = native.matches(buf, [-1] * len(merge))
            merged[0] += len(every[0]) - len(kept[0])
            # What merging drops: for a pattern that merges, only the longest match at a start is left.
            for pid in set(every[0].tolist()):
                if merge[pid] == -2:
                    at = every[0] == pid
                    starts, ends = every[1][at], every[2][at]
                    longest = {s: e for s, e in zip(starts.tolist(), ends.tolist())}  # reports come by end
                    k = kept[0] == pid
                    assert sorted(zip(kept[1][k].tolist(), kept[2][k].tolist())) == sorted(longest.items())
                else:
                    assert np.array_equal(kept[1][kept[0] == pid], every[1][every[0] == pid])
            merged[1] += 1
    assert merged[0] > 0  # the dense texts do have matches that merge


def test_bad_arguments_are_refused() -> None:
    comp = _comp()
    assert comp.recovered_db is not None
    native = _native.NativeDatabase(comp.recovered_db)
    with pytest.raises(ValueError, match="capacity must be at least 1, got 0"):
        native.ends(b"text", capacity=0)
    with pytest.raises(ValueError, match="most must be at least 1, got 0"):
        native.ends(b"text", most=0)
    with pytest.raises(ValueError, match="capacity must be at least 1, got -3"):
        native.matches(b"text", comp._merge_init, capacity=-3)


def test_threads_scan_one_database_at_once() -> None:
    comp = _comp()
    assert comp.recovered_db is not None
    native = _native.NativeDatabase(comp.recovered_db)
    bufs = [collapse(t).data for t in DENSE] * 4
    want = [native.ends(b) for b in bufs]
    got: dict[int, list[object]] = {}

    def work(k: int) -> None:
        got[k] = [native.ends(b, capacity=3) for b in bufs]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4
    for k in range(4):
        assert all(_same(a, b) for a, b in zip(got[k], want))  # type: ignore[arg-type]


class _Spy:
    """Counts the native scans the engine makes."""

    def __init__(self, mp: pytest.MonkeyPatch) -> None:
        self.calls = 0
        for name in ("ends", "matches"):
            real = getattr(_native.NativeDatabase, name)

            def wrapped(self_: _native.NativeDatabase, *args: object, _real: object = real, **kw: object) -> object:
                self.calls += 1
                return _real(self_, *args, **kw)  # type: ignore[operator]

            mp.setattr(_native.NativeDatabase, name, wrapped)


def _resolved(chunk: list[bytes], scope: str, native: bool, mp: pytest.MonkeyPatch) -> _engine._Resolved:
    mp.setattr(_engine, "_NATIVE_SCAN", native)
    return _engine.resolve(_comp(scope), chunk)


def test_the_engine_scans_natively_when_the_compiled_steps_run(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    chunk = DENSE * 20
    monkeypatch.setenv("CREDSCORE_KERNELS", "numpy")
    off = _resolved(chunk, "text", True, monkeypatch)
    assert spy.calls == 0
    monkeypatch.setenv("CREDSCORE_KERNELS", "numba")
    on = _resolved(chunk, "text", True, monkeypatch)
    assert spy.calls > 0
    assert all(np.array_equal(a, b) for a, b in zip(on, off))
    monkeypatch.setattr(_native, "available", lambda: False)  # e.g. a binding without the C API: Python handlers
    calls = spy.calls
    assert all(np.array_equal(a, b) for a, b in zip(_resolved(chunk, "text", True, monkeypatch), off))
    assert spy.calls == calls


def test_the_engine_collects_natively_what_its_python_handlers_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_KERNELS", "numba")
    spy = _Spy(monkeypatch)
    comp = _comp()
    for buf in [*DENSE, b"\n".join(DENSE)]:
        assert len(buf) >= _engine._NATIVE_MIN_BYTES
        for name, db in _databases(comp):
            assert _same(comp._ends(db, buf), _python(comp._ends, db, buf)), name  # type: ignore[arg-type]
            assert _same(comp._ends(db, buf, 5), _python(comp._ends, db, buf, 5)), name  # type: ignore[arg-type]
            if name not in ("recovered_db", "reversed_db", "gate_db"):
                assert _same(comp._matches(db, buf), _python(comp._matches, db, buf)), name  # type: ignore[arg-type]
        assert np.array_equal(np.concatenate(comp.gated_lines(buf)), np.concatenate(_python(comp.gated_lines, buf)))
    assert spy.calls > 0


def test_a_database_the_c_api_refuses_is_scanned_by_the_binding(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    lib = _native._library()
    assert lib is not None
    monkeypatch.setattr(lib, "deserialize", lambda *args: -2)  # HS_INVALID
    with pytest.raises(RuntimeError, match="hs_deserialize_database failed with error -2"):
        _native.NativeDatabase(_comp().recovered_db)  # type: ignore[arg-type]
    comp = _comp()
    monkeypatch.setattr(comp, "_native", {})
    monkeypatch.setenv("CREDSCORE_KERNELS", "numba")
    chunk = DENSE * 4
    with caplog.at_level("WARNING", logger="credscore._engine"):
        got = _engine.resolve(comp, chunk)
    assert "native scans are off for a database" in caplog.text
    assert comp._native and all(v is None for v in comp._native.values())
    monkeypatch.setenv("CREDSCORE_KERNELS", "numpy")
    assert all(np.array_equal(a, b) for a, b in zip(got, _engine.resolve(comp, chunk)))


def test_short_buffers_take_the_python_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_KERNELS", "numba")
    comp = _comp()
    assert comp.recovered_db is not None
    assert comp.native(comp.recovered_db, _engine._NATIVE_MIN_BYTES - 1) is None
    assert comp.native(comp.recovered_db, _engine._NATIVE_MIN_BYTES) is not None
    assert comp.native(comp.recovered_db, _native.MAX_BYTES + 1) is None
    monkeypatch.setenv("CREDSCORE_KERNELS", "numpy")
    assert comp.native(comp.recovered_db, 1 << 20) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("AIUYaiou $,.%0123456789!:'\n\"-")) | st.characters(), max_size=400), min_size=1, max_size=8))
def test_the_engine_finds_the_same_either_way_on_arbitrary_text(texts: list[str]) -> None:
    chunk = [t.encode("utf-8", "surrogatepass") for t in texts]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDSCORE_KERNELS", "numba")
        mp.setattr(_engine, "_NATIVE_MIN_BYTES", 1)
        for scope in ("text", "title"):
            a = _resolved(chunk, scope, True, mp)
            b = _resolved(chunk, scope, False, mp)
            assert all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not found")
def test_the_engine_finds_the_same_either_way_on_every_shared_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_KERNELS", "numba")
    spy = _Spy(monkeypatch)
    n = 0
    for scope, datas in shared_documents().items():
        for at in range(0, len(datas), 2000):
            chunk = datas[at : at + 2000]
            a = _resolved(chunk, scope, True, monkeypatch)
            b = _resolved(chunk, scope, False, monkeypatch)
            assert all(np.array_equal(x, y) for x, y in zip(a, b))
            n += len(a.doc)
    assert spy.calls > 0 and n > 100_000


def test_the_room_of_a_scan_run_again_follows_the_reports_so_far() -> None:
    # 1,000 reports by byte 100,000 of 1,000,000: about 10,000 in all, a quarter more, and a little.
    assert _native._grown(1000, 100_000, 1_000_000) == 10_000 * 5 // 4 + 256
    # At least twice the room, whatever the estimate (reports all near the end of the buffer).
    assert _native._grown(1000, 999_999, 1_000_000) == 2000
    assert _native._grown(1000, 0, 1_000_000) == 1000 * 1_000_000 * 5 // 4 + 256  # a report at byte 0
