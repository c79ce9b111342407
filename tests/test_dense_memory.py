"""Memory of the engine on text crafted to make millions of candidate matches.

Issue 14 asks that a 10 MB article peak under 250 MB. Two inputs made the
resolution's arrays the peak: "$5" repeated (every figure a candidate, one
every 3 bytes, each kept) and one long appositive ("said Jane Doe, a a a
... professor": ``said_name_role`` reports an end after every word). The
engine frees each array once used, sorts and gathers in place, and hands
the scans' reports over without a second copy. These tests hold the traced
peak of :meth:`Matcher.count` to a few times the text, with the compiled
handlers and without, and check the helpers that make it so against plain
NumPy.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tracing import traced_peak

from credscore import _engine, _kernels, _native, _stylometry
from credscore._engine import default_matcher
from credscore._spaces import collapse
from credscore._stylometry import stylometry
from credscore._tokens import encode_batch

needs_native = pytest.mark.skipif(not _native.available(), reason="numba is not installed (pip install 'credscore[fast]')")

#: Traced peak of count() over the text's length, per input. Before session 15's changes the two
#: were 42 and 33 bytes a byte (NumPy handlers); now 18 and 19, and 19 and 19 with the compiled ones
#: (the same with NumPy 2.4 and 2.5). "I " repeated (a first_person match every 2 bytes, each read by
#: the quote check) was 43 and 46 until session 24 (the quote check's rows, the document of each row
#: and the sort's order array made whole, 8 bytes a row; the gather's and the count's temporary arrays),
#: now 21 and 23 (rows of 4 bytes, the rows' checks in smaller steps, no sort of rows found in order).
_BOUNDS = {"dollars": 21, "appositive": 22, "pronouns": 24}


def _text(kind: str, size: int = 1_500_000) -> str:
    if kind == "dollars":
        return (" $5" * (size // 3 + 1))[:size]
    if kind == "pronouns":
        return ("I " * (size // 2 + 1))[:size]
    return "said Jane Doe, " + "a " * ((size - 25) // 2) + "professor."


def _traced_count(text: str) -> tuple[int, np.ndarray]:
    m = default_matcher()
    m.count([text[:50_000]])  # compiled, warmed up
    return traced_peak(lambda: m.count([text]))


@pytest.mark.parametrize("kind", sorted(_BOUNDS))
@pytest.mark.parametrize("kernels", ["numpy", pytest.param("numba", marks=needs_native)])
def test_dense_candidates_are_resolved_in_memory_a_few_times_the_text(
    monkeypatch: pytest.MonkeyPatch, kind: str, kernels: str
) -> None:
    monkeypatch.setenv(_kernels.KERNELS_ENV, kernels)
    text = _text(kind)
    peak, counts = _traced_count(text)
    m = default_matcher()
    if kind == "dollars":
        assert counts[0, m.index("specific_figure")] == text.count("$5")
    elif kind == "pronouns":
        assert counts[0, m.index("first_person")] == text.count("I") and counts.sum() == text.count("I")
    else:  # the role lies past the 256 bytes named_expert's validator reads: only the attribution counts
        assert counts[0, m.index("named_attribution")] == 1 and counts.sum() == 1
    assert peak < _BOUNDS[kind] * len(text), f"{peak / len(text):.1f} bytes a byte traced for {kind}"


def _opens_reference(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    opens = np.zeros(len(group), dtype=bool)
    furthest: dict[int, int] = {}
    for i, (g, s, e) in enumerate(zip(group.tolist(), start.tolist(), end.tolist())):
        opens[i] = s >= furthest.get(g, -1)
        furthest[g] = max(furthest.get(g, -1), e)
    return opens


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60), st.integers(1, 30)), min_size=1, max_size=60),
       st.sampled_from([1, 2, 3, 7, 1 << 18]))
@example(rows=[(0, 0, 30), (0, 5, 1), (0, 10, 1)], block=1)  # the first row covers the third: carried over two edges
def test_cluster_openings_are_the_same_whatever_the_block(rows: list[tuple[int, int, int]], block: int) -> None:
    rows = sorted(rows)  # by group, then start, as the resolution sorts them
    group = np.array([g for g, _, _ in rows], dtype=np.int64)
    start = np.array([s for _, s, _ in rows], dtype=np.int64)
    end = start + np.array([n for _, _, n in rows], dtype=np.int64)
    cand = np.arange(len(rows), dtype=np.int64)
    original = (group.copy(), start.copy(), end.copy())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_engine, "_CLUSTER_BLOCK", block)
        got = _engine._cluster_opens(group, start, end, cand, 200)
    assert got.tolist() == _opens_reference(group, start, end).tolist()
    assert all(np.array_equal(a, b) for a, b in zip((group, start, end), original))  # read, not written


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), max_size=40), st.data())
def test_gather_is_fancy_indexing(values: list[int], data: st.DataObject) -> None:
    col = np.array(values, dtype=np.int64)
    idx = np.array(sorted(data.draw(st.sets(st.integers(0, max(len(values) - 1, 0)), max_size=len(values)))) if values else [],
                   dtype=np.int64)
    want = col[idx].tolist()
    assert _engine._gather(col, idx).tolist() == want


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=40), st.data(), st.sampled_from([1, 2, 3, 1 << 16]))
def test_gather_in_place_is_the_same_whatever_the_block(values: list[int], data: st.DataObject, block: int) -> None:
    col = np.array(values, dtype=np.int64)
    rows = data.draw(st.sets(st.integers(0, len(values) - 1), min_size=(len(values) + 1) // 2))  # in place
    idx = np.array(sorted(rows), dtype=np.int64)
    want = col[idx].tolist()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_engine, "_GATHER_BLOCK", block)
        got = _engine._gather(col, idx)
    assert np.shares_memory(got, col) and got.tolist() == want


def _lexsorted(cols: tuple[np.ndarray, ...]) -> list[list[int]]:
    group, start, end, pid = cols
    order = np.lexsort((pid, -end, start, group))
    return [c[order].tolist() for c in cols]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 70), st.integers(0, 300), st.integers(0, 40), st.integers(0, 9)), min_size=1,
                max_size=50),
       st.sampled_from([1, 2, 3, 1 << 16]), st.booleans())
@example(rows=[(0, 5, 0, 0), (0, 5, 3, 2), (0, 5, 3, 1), (1, 0, 1, 0), (0, 5, 3, 1)], block=2, packed=True)
def test_rows_sort_by_group_start_longest_then_pattern(rows: list[tuple[int, int, int, int]], block: int, packed: bool) -> None:
    group = np.array([g for g, _, _, _ in rows], dtype=np.int64)
    start = np.array([s for _, s, _, _ in rows], dtype=np.int64)
    end = start + np.array([n for _, _, n, _ in rows], dtype=np.int64)
    pid = np.array([p for _, _, _, p in rows], dtype=np.int64)
    want = _lexsorted((group, start, end, pid))
    # Packed into one key (bytes up to 341, 10 patterns), or a chunk too long for the key: np.lexsort.
    n_bytes = 341 if packed else 1 << 60
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_engine, "_GATHER_BLOCK", block)
        _engine._sort_rows(group, start, end, pid, n_bytes, 10)
    assert [c.tolist() for c in (group, start, end, pid)] == want


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4, 5], [2, 3, 0, 1, 4, 5], [0, 1, 2, 4, 3, 5], [5, 4, 3, 2, 1, 0]])
def test_rows_found_in_order_are_left_so_and_others_sorted(order: list[int]) -> None:
    # Sorted rows (one scan of matches that do not overlap) need no key array; blocks of 2 rows, each in
    # order, out of order across a block's edge (the second), or inside one (the third), are sorted.
    rows = [(0, 3, 9, 1), (0, 5, 9, 0), (0, 5, 7, 0), (0, 5, 7, 2), (1, 0, 4, 0), (2, 1, 2, 0)]
    group, start, end, pid = (np.array([rows[i][k] for i in order], dtype=np.int64) for k in range(4))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_engine, "_GATHER_BLOCK", 2)
        _engine._sort_rows(group, start, end, pid, 16, 3)
    assert list(zip(group.tolist(), start.tolist(), end.tolist(), pid.tolist())) == rows


def test_cluster_openings_read_groups_of_four_bytes_in_eight() -> None:
    # One document's groups are its signals, 4 bytes a row; moved by group * stride (past 2**31 in a
    # long text) they are read in 8 bytes: else the second group would open nothing.
    group = np.array([0, 1], dtype=np.int32)
    start = np.array([5, 0], dtype=np.int64)
    end = np.array([10, 1], dtype=np.int64)
    got = _engine._cluster_opens(group, start, end, np.arange(2), 1 << 31)
    assert got.tolist() == [True, True]


@pytest.mark.parametrize("top", [20, 21])
def test_rows_sort_in_one_key_uses_every_bit_it_counts(top: int) -> None:
    # 63 bits in all: a group of 2**20 (21 bits), a start below 2**29, a match 127 long and 33 patterns
    # (6 bits), each field at its widest: a field one bit too narrow would spill into the next and reorder
    # the rows. With a group of 2**21, 64 bits: the key's sign bit, so the rows sort by np.lexsort.
    group = np.array([1 << top, 1 << top, 1, 0], dtype=np.int64)
    start = np.array([(1 << 29) - 1, (1 << 29) - 1, 0, (1 << 29) - 1], dtype=np.int64)
    end = start + np.array([1, 127, 127, 0], dtype=np.int64)
    pid = np.array([32, 0, 32, 31], dtype=np.int64)
    want = _lexsorted((group, start, end, pid))
    _engine._sort_rows(group, start, end, pid, (1 << 29) - 1, 33)
    assert [c.tolist() for c in (group, start, end, pid)] == want


def test_counts_of_a_chunk_are_the_same_whatever_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    # Blocks of 2 rows for the gather and the count, steps of 2 rows for the quote check: "I" inside the
    # quotes (not counted) comes in a later step than the first "I".
    m = default_matcher()
    texts = ["$5 $5 million $5 said Jane Doe, a professor, and Sources said so. WAKE UP NOW $5 $5", "",
             'I think I did. "I was there, I saw it," I said. I', "Sources said. $5 $5"]
    want = m.count(texts)
    assert want[2, m.index("first_person")] == 4
    spans = [m.find_counted(t, limit=2) for t in texts]
    monkeypatch.setattr(_engine, "_GATHER_BLOCK", 2)
    monkeypatch.setattr(_engine, "_QUOTE_STEP", 2)
    got = m.count(texts)
    assert got.tolist() == want.tolist()
    for t, (ev, counts), row in zip(texts, spans, want):  # explain's spans and counts, and the limit's cut
        assert counts.tolist() == row.tolist()
        assert m.find_counted(t, limit=2)[0] == ev


def test_gather_reuses_the_column_only_when_it_keeps_half_the_rows() -> None:
    col = np.arange(10, dtype=np.int64)
    most = _engine._gather(col, np.arange(0, 10, 2, dtype=np.int64))  # 5 of 10
    assert np.shares_memory(most, col) and most.tolist() == [0, 2, 4, 6, 8]
    col = np.arange(10, dtype=np.int64)
    few = _engine._gather(col, np.array([1, 9], dtype=np.int64))
    assert not np.shares_memory(few, col) and few.tolist() == [1, 9]


def test_resolution_in_blocks_keeps_the_same_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    # The whole engine with blocks of 2 rows: every cluster opening carried across a block edge.
    comp = default_matcher()._get("text")
    docs = [b"$5 $5 million $5 said Jane Doe, a professor, and Sources said so. WAKE UP NOW $5 $5", b"Sources said. $5 $5"]
    want = _engine.resolve(comp, docs)
    monkeypatch.setattr(_engine, "_CLUSTER_BLOCK", 2)
    got = _engine.resolve(comp, docs)
    assert all(np.array_equal(a, b) for a, b in zip(got, want))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=" \t\nab", max_size=40), st.data())
def test_collapsed_offsets_map_back_as_before(text: str, data: st.DataObject) -> None:
    short = collapse(text.encode())
    offsets = np.array(data.draw(st.lists(st.integers(0, len(short.data)), max_size=20)), dtype=np.int64)
    k = np.searchsorted(short.at, offsets, side="right") - 1  # the mapping as first written
    want = offsets + np.where(k >= 0, short.shift[np.maximum(k, 0)], 0) if len(short.at) else offsets
    assert short.original(offsets).tolist() == want.tolist()


@needs_native
@pytest.mark.parametrize("capacity", [1, 2, 5, None])
def test_native_columns_are_the_reports_of_the_python_handlers(capacity: int | None) -> None:
    comp = default_matcher()._get("text")
    assert comp.db is not None
    native = _native.NativeDatabase(comp.db)
    buf = b"Sources said on Monday that 5 people, $5 million, were hurt. WAKE UP NOW. " * 7
    got = native.matches(buf, comp._merge_init, capacity=capacity)
    got_ends = native.ends(buf, capacity=capacity)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_engine, "_NATIVE_SCAN", False)
        want = comp._matches(comp.db, buf)
        want_ends = comp._ends(comp.db, buf)
    assert want_ends is not None and got_ends is not None
    assert [a.tolist() for a in got] == [a.tolist() for a in want]
    assert [a.tolist() for a in got_ends] == [a.tolist() for a in want_ends]


@pytest.mark.parametrize(("n", "dense"), [(4, True), (3, True), (2, False), (0, False), (6, True)])
def test_handler_columns_are_slices_side_by_side_when_dense_else_copies(n: int, dense: bool) -> None:
    base, room, width = 4, 6, 3
    ctx = np.arange(base + width * room, dtype=np.int64)
    want = [ctx[base + k * room: base + k * room + n].tolist() for k in range(width)]
    ctx[0] = n
    cols = _native._columns(ctx, base, room, width)
    assert [c.tolist() for c in cols] == want
    for k, c in enumerate(cols):
        assert np.shares_memory(c, ctx) is dense or n == 0
        if dense:  # moved together at the front: one block of the handler's array
            assert c.ctypes.data == ctx.ctypes.data + 8 * (base + k * n)


@pytest.mark.parametrize(("text", "runs", "bound"), [("! " * 1_000_000, 1_000_000, 14), ("!" * 2_000_000, 1, 5)])
def test_spans_of_a_dense_run_are_cut_to_the_limit_before_arrays_are_made(text: str, runs: int, bound: int) -> None:
    # A run counted apart (exclamation's "!+") once went through resolve() whole, with three more
    # arrays per span and their concatenation: 41 bytes a byte of "! " traced, 19 of "!" (a position
    # per member byte); now 11 and 3.
    m = default_matcher()
    m.find_counted("Wow! " * 100, limit=10)
    peak, (ev, counts) = traced_peak(lambda: m.find_counted(text, limit=1000))
    assert counts[m.index("exclamation")] == runs
    bangs = [e for e in ev if e.signal == "exclamation"]
    assert len(bangs) == min(runs, 1000) and bangs[-1].start == (2 * 999 if runs > 1 else 0)
    assert peak < bound * len(text), f"{peak / len(text):.1f} bytes a byte traced"


#: Traced peak of stylometry() without the compiled loops over the text's length, on text that is
#: nothing but sentence ends ("! " repeated: one every 2 bytes). Session 16 made the sentence step's
#: positions int32 and its searches blockwise: 20.5 -> 10.3 bytes a byte on 6 MB (NumPy 2.4).
_SENTENCE_ENDS_BOUND = 13


def test_sentence_statistics_of_dense_sentence_ends_stay_a_few_times_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numpy")
    text = "! " * 3_000_000
    batch = encode_batch([text])
    stylometry([text[:1000]], encode_batch([text[:1000]]))  # warmed up
    peak, (n_tokens, *_) = traced_peak(lambda: stylometry([text], batch))
    assert n_tokens[0] == 0  # no word: marks only
    assert peak < _SENTENCE_ENDS_BOUND * len(text), f"{peak / len(text):.1f} bytes a byte traced"


@pytest.mark.parametrize("block", [1, 2, 5, 1 << 20])
def test_sentence_statistics_are_the_same_whatever_the_search_block(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numpy")
    texts = [
        'He said "no." Then left! Did he? "Yes!" she said. Quotes "here" and "there."',
        "! ! ! a. b. c? And so on... The end.",
        "",
        "One sentence without an end",
        '"Open quote. Another sentence." Done! "',
    ]
    want = [np.asarray(x) for x in stylometry(texts, encode_batch(texts))]
    monkeypatch.setattr(_stylometry, "_SEARCH_BLOCK", block)
    got = [np.asarray(x) for x in stylometry(texts, encode_batch(texts))]
    assert all(np.array_equal(a, b) for a, b in zip(want, got))


def test_searched_is_searchsorted_into_the_given_type() -> None:
    a = np.array([0, 2, 2, 4], dtype=np.int32)
    v = np.array([-1, 2, 3, 9], dtype=np.int32)
    for side in ("left", "right"):
        got = _stylometry._searched(a, v, side)
        assert got.dtype == np.int32 and got.tolist() == np.searchsorted(a, v, side=side).tolist()
    out = np.full(5, 7, dtype=np.int64)
    _stylometry._searched(a, v, "left", out=out[:4])
    assert out.tolist() == [0, 1, 3, 4, 7]


#: Traced peak of encode_batch() over the text's length, for a text in capitals that keeps a capital every
#: two characters (a sentence's first letter, or "I": credscore._tokens._capitals_kept). Until session 24
#: 22 and 20 bytes a character on 1.5 MB (8-byte positions, searched as a copy in each block); now 15 and 12
#: (news: 3).
_KEPT_CAPITALS_BOUND = 17


@pytest.mark.parametrize("unit", ["I ", "A\n"])
def test_a_text_in_capitals_is_read_in_memory_a_few_times_the_text(unit: str) -> None:
    text = unit * 750_000
    encode_batch([unit * 10])
    peak, batch = traced_peak(lambda: encode_batch([text]))
    assert batch.encoded[0] == text.encode()  # every capital kept: the text reads as written
    assert peak < _KEPT_CAPITALS_BOUND * len(text), f"{peak / len(text):.1f} bytes a character traced"
