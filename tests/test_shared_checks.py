"""Equal candidate matches share one check (credscore._kernels.first_equal, _engine._Checks.accept_all)."""

from __future__ import annotations

import collections
from collections.abc import Iterator

import numpy as np
import pytest
from engine_compare import CORPORA, shared_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore import Matcher, Pattern, Signal, _engine, _kernels

needs_numba = pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (pip install 'credscore[fast]')")

# A candidate of said_name ("said John Smith") is rejected after a word (not_after): here the word before
# is longer than the bytes a check keeps, so the verdict depends on what lies further back ("x": a word
# starts there, rejected; "9": no word boundary, kept) while the windows are the same.
LONG_WORD = ["x" + "a" * 60 + " said John Smith.", "9" + "a" * 60 + " said John Smith."]
REPEATS = [
    "Officials said, according to people familiar with the matter, that sources said it. " * 40,
    "Jane Smith, a professor at Yale University, said it. He said John Smith, a professor, said so.\n" * 30,
    "said John Smith said Jane Doe said Dr. Ann Lee, a professor of law said " * 30,
    "WAKE UP PEOPLE THEY ARE LYING TO YOU " * 100,
]


def _reference(buf: bytes, begin: np.ndarray, stop: np.ndarray, tag: np.ndarray) -> list[int]:
    first: dict[tuple[int, bytes], int] = {}
    return [first.setdefault((int(t), buf[a:z]), i) for i, (a, z, t) in enumerate(zip(begin.tolist(), stop.tolist(), tag.tolist()))]


def _loops() -> Iterator[dict[str, object]]:
    yield _kernels.LOOPS
    if _kernels.available():
        loops = _kernels._numba_loops()
        assert loops is not None
        yield loops


@settings(max_examples=80, deadline=None)
@given(st.binary(min_size=1, max_size=60), st.lists(st.tuples(st.integers(0, 59), st.integers(0, 6), st.integers(0, 2)), max_size=60),
       st.integers(0, 2**31))
def test_first_equal_finds_the_first_window_with_the_same_tag_and_bytes(buf: bytes, spans: list[tuple[int, int, int]], seed: int) -> None:
    begin = np.array([min(a, len(buf)) for a, _, _ in spans], dtype=np.int64)
    stop = np.array([min(a + w, len(buf)) for a, w, _ in spans], dtype=np.int64)
    tag = np.array([t for _, _, t in spans], dtype=np.int64)
    want = _reference(buf, begin, stop, tag)
    for loops in _loops():
        got = loops["first_equal"](np.frombuffer(buf, dtype=np.uint8), begin, stop, tag, np.int64(seed))  # type: ignore[operator]
        assert got.tolist() == want
    assert _engine._first_seen(buf, begin, stop, tag).tolist() == want  # without the loops


def _fnv(windows: np.ndarray, seed: int) -> np.ndarray:
    h = np.full(len(windows), seed & 0xFFFFFFFF, dtype=np.int64)  # tag 0
    for k in range(windows.shape[1]):
        h = ((h ^ windows[:, k]) * 16777619) & 0xFFFFFFFF
    return h


def _colliding_windows() -> tuple[bytes, np.ndarray, np.ndarray]:
    """Distinct 6-byte windows whose hashes (seed 0, tag 0) are equal, in pairs."""
    rng = np.random.default_rng(7)
    windows = rng.integers(0, 256, size=(400_000, 6), dtype=np.int64)
    h = _fnv(windows, 0)
    order = np.argsort(h, kind="stable")
    same = np.flatnonzero(h[order][1:] == h[order][:-1])
    pairs = [(order[i], order[i + 1]) for i in same if not np.array_equal(windows[order[i]], windows[order[i + 1]])]
    assert len(pairs) >= 3
    rows = [windows[i] for pair in pairs[:3] for i in pair]
    buf = bytes(np.concatenate(rows + rows).astype(np.uint8))  # each window twice: the second copy is a true repeat
    begin = np.arange(0, len(buf), 6, dtype=np.int64)
    return buf, begin, begin + 6


def test_windows_whose_hashes_collide_are_told_apart() -> None:
    buf, begin, stop = _colliding_windows()
    tag = np.zeros(len(begin), dtype=np.int64)
    for loops in _loops():
        got = loops["first_equal"](np.frombuffer(buf, dtype=np.uint8), begin, stop, tag, np.int64(0))  # type: ignore[operator]
        assert got.tolist() == _reference(buf, begin, stop, tag) == [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]


def test_equal_bytes_under_different_tags_are_told_apart() -> None:
    # The hash keeps 32 bits of the tag: tags 2**32 apart hash alike, and only the tags tell them apart.
    buf = b"said Jane Doe" * 2
    begin = np.array([0, 13, 0], dtype=np.int64)
    stop = begin + 13
    tag = np.array([1, 1 + (1 << 32), 1 + (1 << 32)], dtype=np.int64)
    for loops in _loops():
        got = loops["first_equal"](np.frombuffer(buf, dtype=np.uint8), begin, stop, tag, np.int64(5))  # type: ignore[operator]
        assert got.tolist() == [0, 1, 1]


@pytest.mark.parametrize(("probes", "compares"), [(1, 8), (64, 1), (2, 1)])
def test_a_search_cut_short_leaves_a_window_alone_never_with_a_different_one(
    monkeypatch: pytest.MonkeyPatch, probes: int, compares: int
) -> None:
    # The plain-Python loop reads the limits when it runs: with small ones, repeats are missed, but each
    # window's representative still holds its bytes and is its own representative.
    monkeypatch.setattr(_kernels, "EQUAL_PROBES", probes)
    monkeypatch.setattr(_kernels, "EQUAL_COMPARES", compares)
    buf, begin, stop = _colliding_windows()
    text = buf + b"abcabcabcabc" * 20
    begin = np.concatenate([begin, np.arange(len(buf), len(text) - 3, dtype=np.int64)])
    stop = np.concatenate([stop, np.minimum(begin[len(stop):] + 3, len(text))])
    tag = np.zeros(len(begin), dtype=np.int64)
    rep = _kernels.first_equal(np.frombuffer(text, dtype=np.uint8), begin, stop, tag, np.int64(0))
    want = _reference(text, begin, stop, tag)
    assert all(text[begin[r]:stop[r]] == text[begin[i]:stop[i]] and r <= i and rep[r] == r for i, r in enumerate(rep.tolist()))
    assert all(r >= w for r, w in zip(rep.tolist(), want))
    # The cut was felt: some repeat was left alone (with one confirmation, the second of two windows whose
    # hashes collide stops at the first).
    assert rep.tolist() != want


class _Counted:
    def __init__(self, mp: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = _engine._Checks.accepts

        def accepts(checks: _engine._Checks, *args: int) -> bool:
            self.calls += 1
            return real(checks, *args)

        mp.setattr(_engine._Checks, "accepts", accepts)


def _resolve(mp: pytest.MonkeyPatch, docs: list[bytes], scope: str, shared: bool) -> _engine._Resolved:
    mp.setattr(_engine, "_DEDUP_CHECKS", shared)
    return _engine.resolve(_engine.default_matcher()._get(scope), docs)  # type: ignore[arg-type]


def _share_everywhere(mp: pytest.MonkeyPatch, compiled: bool, loops: bool = True) -> None:
    """Checks shared on any chunk, by the compiled loop, (``compiled=False``) the plain-Python one,
    or (``loops=False``, the loops not in use) a dict (``_engine._first_seen``)."""
    mp.setenv(_kernels.KERNELS_ENV, "numba" if loops else "numpy")
    mp.setattr(_kernels, "MIN_BYTES", 0)
    mp.setattr(_engine, "_DEDUP_MIN", 1)
    if not compiled and loops:
        mp.setattr(_kernels, "_numba_loops", lambda: _kernels.LOOPS)


@pytest.fixture(params=["dict", "python", pytest.param("numba", marks=needs_numba)])
def sharing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    _share_everywhere(monkeypatch, compiled=request.param == "numba", loops=request.param != "dict")
    return str(request.param)


@pytest.mark.usefixtures("sharing")
def test_shared_checks_keep_what_one_by_one_checks_keep(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    docs = [t.encode() for t in REPEATS + LONG_WORD + LONG_WORD[::-1] + REPEATS]
    for scope in ("text", "title"):
        first = counted.calls
        one_by_one = _resolve(monkeypatch, docs, scope, False)
        calls = counted.calls
        shared = _resolve(monkeypatch, docs, scope, True)
        assert all(np.array_equal(a, b) for a, b in zip(shared, one_by_one))
        if scope == "text":
            assert counted.calls - calls < calls - first  # fewer checks (overlapping candidates go one by one)
    # The long word's two candidates share a window but not a verdict: each was checked on its own.
    found = _resolve(monkeypatch, [t.encode() for t in LONG_WORD], "text", True)
    names = _engine.default_matcher()._get("text").pattern_names
    said = [int(d) for d, p in zip(found.doc, found.pid) if names[p] == "said_name"]
    assert said == [1]


def test_a_phrase_repeated_is_checked_about_once(monkeypatch: pytest.MonkeyPatch, sharing: str) -> None:
    counted = _Counted(monkeypatch)
    docs = [b"The sources said " * 2000, b"No sources said " * 50]
    one_by_one = _resolve(monkeypatch, docs, "text", False)
    calls = counted.calls
    shared = _resolve(monkeypatch, docs, "text", True)
    assert all(np.array_equal(a, b) for a, b in zip(shared, one_by_one))
    if sharing == "dict":
        # The two patterns' candidates overlap, so the selection loop checks them: ahead of it, only the
        # compiled loop finds the equal ones (a dict entry costs about half a check; the loop skips half).
        # The second text's 50 repeats do not overlap: they are shared.
        assert 2000 <= counted.calls - calls <= calls - 50 + 8
        return
    # Distinct windows: per document and pattern (the_people_said, sources_said), the repeats whose 48
    # bytes before reach the document's start (at most 4 of 16 bytes), and one more.
    assert calls >= 2000 and counted.calls - calls <= 2 * 2 * 4


def test_without_the_loops_a_phrase_repeated_without_overlaps_is_checked_about_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _share_everywhere(monkeypatch, compiled=False, loops=False)
    counted = _Counted(monkeypatch)
    docs = [b"Jane Smith, a professor at Yale University, said it.\n" * 500]
    one_by_one = _resolve(monkeypatch, docs, "text", False)
    calls = counted.calls
    shared = _resolve(monkeypatch, docs, "text", True)
    assert all(np.array_equal(a, b) for a, b in zip(shared, one_by_one))
    assert calls >= 500 and counted.calls - calls <= 8


@pytest.mark.usefixtures("sharing")
def test_equal_bytes_of_two_patterns_never_share_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    # "yy" may not follow a word; "[a-z ]{48}yy" has a check that keeps every match. In the first text, "yy"
    # sits 48 bytes into it, so its window is the text's first 50 bytes: the same bytes as the second
    # pattern's match in the second text, whose window is its match alone. The tags keep them apart.
    def keep(text: str) -> bool:
        return True

    after_word = Signal("after_word", "", "", (Pattern("yy", r"yy", not_after="[a-z]+"),), (), ())
    long_run = Signal("long_run", "", "", (Pattern("run", r"[a-z ]{48}yy"),), (), (), validate=keep)
    prefix = b"a" * 41 + b" hello "  # 48 bytes, ending in a word and a space
    assert len(prefix) == 48
    docs = [prefix + b"yy", b"!" + prefix + b"yy"]
    comp = Matcher([after_word, long_run])._get("text")
    got = {}
    for shared in (True, False):
        monkeypatch.setattr(_engine, "_DEDUP_CHECKS", shared)
        found = _engine.resolve(comp, docs)
        got[shared] = sorted(zip(found.doc.tolist(), found.sig.tolist(), found.start.tolist()))
    assert got[True] == got[False] == [(0, 1, 0), (1, 1, 1)]  # "yy" after a word: rejected; the runs: kept


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.sampled_from(REPEATS[:3] + LONG_WORD + ["He said Jane Doe, a professor, said. ", "aaaa said Tom Lee. "]),
                      min_size=1, max_size=12))
@pytest.mark.parametrize("loops", [True, False])
def test_shared_checks_on_arbitrary_mixes(texts: list[str], loops: bool) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _share_everywhere(mp, compiled=False, loops=loops)
        docs = ["".join(texts[: k + 1]).encode() for k in range(len(texts))]
        a = _resolve(mp, docs, "text", True)
        b = _resolve(mp, docs, "text", False)
        assert all(np.array_equal(x, y) for x, y in zip(a, b))


@needs_numba
@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not found")
def test_shared_checks_on_every_shared_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numba")
    counted = _Counted(monkeypatch)
    calls = collections.Counter[bool]()
    for scope, datas in shared_documents().items():
        for at in range(0, len(datas), 2000):
            chunk = datas[at : at + 2000]
            before = counted.calls
            a = _resolve(monkeypatch, chunk, scope, True)
            calls[True] += counted.calls - before
            before = counted.calls
            b = _resolve(monkeypatch, chunk, scope, False)
            calls[False] += counted.calls - before
            assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert calls[True] < calls[False]  # sharing ran (boilerplate repeats across articles)


# Session 36's mutation check (run 39): a test for each survivor that could change behaviour.


def test_equal_windows_of_one_pattern_at_different_offsets_do_not_share_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the checks taken ahead, a candidate's window is the bytes from up to _BEFORE_WINDOW before it
    # to its end, and its tag says where in the window the candidate starts and whether the window starts
    # at the document's first byte. Here two windows hold the same 58 bytes: one candidate (B) starts at
    # byte 1 of the document (after "9": no word before it, kept), the other (A) 48 bytes into a copy of
    # the window (after "then": rejected by said_name's not_after). Their tags must differ (a session-36
    # mutant, (_BEFORE_WINDOW - 1) for (_BEFORE_WINDOW + 1), gave them one and A took B's verdict).
    monkeypatch.setattr(_engine, "_DEDUP_MIN", 1)
    comp = _engine.default_matcher()._get("text")
    p_ = comp.pattern_names.index("said_name")
    assert comp.not_after[p_] is not None
    w = _engine._BEFORE_WINDOW
    a_text = "said Jo Li"
    pre = "said Ann Lee, who spoke at the town hall, and then"
    pre = pre[len(pre) - (w - 2):]  # the window's bytes 1 to 46: 46 bytes ending in "then"
    window = ("9" + pre + " " + a_text).encode()
    assert len(window) == w + len(a_text) and window[w:].decode() == a_text
    buf = window + b" " * 42 + window
    at = len(window) + 42  # A's window
    pid = np.array([p_, p_], dtype=np.int64)
    sig = comp.pattern_signal[pid]
    start = np.array([1, at + w], dtype=np.int64)
    end = np.array([len(window), at + len(window)], dtype=np.int64)
    lo = np.zeros(2, dtype=np.int64)
    want = [_engine._Checks(comp, buf).accepts(int(s), p_, int(b), int(e), 0) for s, b, e in zip(sig, start, end)]
    assert want == [True, False]
    got = _engine._Checks(comp, buf).accept_all(sig, pid, start, end, lo)
    assert got.tolist() == want
