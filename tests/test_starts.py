"""Starts found from ends (credscore._starts) are the starts start-of-match reports.

Three layers: the reversal and its prefixes against Python's ``re`` on
random patterns and texts; :meth:`Starts.find` with tiny windows (so that
every window is cut and grown) against the leftmost start of every end;
and the engine with the scan without start-of-match on and off, on
generated text, on crafted runs that grow windows or give up on them, and
on the shared corpora.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from engine_compare import CORPORA, assert_same_matches, compiled_matcher
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import all_matches, budget, spaced_text

from credscore import CATALOGUE, Matcher, _engine, _starts
from credscore._spaces import collapsible
from credscore._starts import MARK, MAX_PATTERNS, Starts, alive, reverse, width

hyperscan = pytest.importorskip("hyperscan")


# --- random patterns over a small alphabet -------------------------------------

_ATOMS = st.sampled_from(
    [rb"a", rb"b", rb"ab", rb"[ab]", rb"[^a]", rb"[^a1]", rb"\d", rb"1", rb"\s", rb"\b", rb"\B", rb"(?-i:A)", rb"a+", rb"\d+", rb"[a-]*", rb"\S", rb"[\W1]", rb"\D"]
)


def _fixed(regex: bytes) -> bool:
    return b"+" not in regex and b"*" not in regex


def _regexes() -> st.SearchStrategy[bytes]:
    def extend(inner: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
        return st.one_of(
            st.lists(inner, min_size=2, max_size=4).map(b"".join),
            inner.map(lambda x: b"(?:" + x + b")?"),
            # Repeats only of what has no + or * inside: Python's re, the oracle, backtracks exponentially otherwise.
            inner.filter(_fixed).map(lambda x: b"(?:" + x + b"){1,3}"),
            inner.filter(_fixed).map(lambda x: b"(?:" + x + b")+"),
            st.tuples(inner, inner).map(lambda xy: b"(?:" + xy[0] + b"|" + xy[1] + b")"),
        )

    # Hyperscan refuses patterns that can match the empty string; so do these tests.
    return st.recursive(_ATOMS, extend, max_leaves=6).filter(lambda x: re.fullmatch(x, b"", re.IGNORECASE) is None)


_TEXTS = st.lists(st.sampled_from([b"a", b"A", b"b", b"1", b"11", b" ", b"-", b"\n", b"\xc3\xa9"]), max_size=10).map(b"".join)


def _flip(spans: set[tuple[int, int]], n: int) -> set[tuple[int, int]]:
    return {(n - e, n - s) for s, e in spans}


@given(_regexes(), _TEXTS)
@settings(max_examples=budget(300), suppress_health_check=[HealthCheck.filter_too_much])
def test_the_reversal_matches_each_match_read_backwards(regex: bytes, text: bytes) -> None:
    rev = reverse(regex)
    assert rev is not None
    assert all_matches(rev, text[::-1]) == _flip(all_matches(regex, text), len(text))


@given(_regexes(), _TEXTS, _TEXTS)
@settings(max_examples=budget(200), suppress_health_check=[HealthCheck.filter_too_much])
def test_no_reversed_pattern_matches_across_a_mark(regex: bytes, left: bytes, right: bytes) -> None:
    # MARK opens each window: a match that could run over it would reach into the next window.
    rev = reverse(regex)
    assert rev is not None
    text = left + bytes((MARK,)) + right
    assert all(not s <= len(left) < e for s, e in all_matches(rev, text)), (rev, text)


def _window(text: bytes, cut: int, end: int) -> bytes:
    """A window as :mod:`credscore._starts` lays it out, tag 0x80, holding text[cut:end], and the MARK after it."""
    after = text[end : end + 1] or b"\n"
    return bytes((MARK, 0x80)) + after + text[cut:end][::-1] + bytes((MARK,))


@given(_regexes(), _TEXTS)
@settings(max_examples=budget(300), suppress_health_check=[HealthCheck.filter_too_much])
def test_a_window_cut_inside_a_match_is_seen_as_cut(regex: bytes, text: bytes) -> None:
    # What makes a window grow: whenever it is cut inside a match, the 'alive' pattern must see it.
    rx = re.compile(rb"\xff\x80[\s\S]" + alive(regex) + rb"\xff", re.IGNORECASE)
    for s, e in all_matches(regex, text):
        for cut in range(s, e):
            assert rx.fullmatch(_window(text, cut, e)), (regex, text, s, e, cut)


@pytest.mark.parametrize(
    ("regex", "text"),
    [
        (rb"ab\d+", b"a1"),  # not the end of any match: after "a" comes "b"
        (rb"ab\d+", b"x1"),
        (rb"ab\b", b"ab"),  # followed by "a": the final \b fails, so no match ends there
        (rb"(?-i:A)b", b"cb"),
        (rb"(?-i:A)b", b"ab"),  # "A" only, not "a"
    ],
)
def test_alive_sees_no_cut_where_no_match_can_go_on(regex: bytes, text: bytes) -> None:
    # A window that no match could extend is not grown for nothing (and the tests above could
    # pass with alive() accepting everything).
    rx = re.compile(rb"\xff\x80[\s\S]" + alive(regex) + rb"\xff", re.IGNORECASE)
    full = text + b"a" if regex == rb"ab\b" else text
    assert not rx.fullmatch(_window(full, 0, len(text)))


def _reversed_scan(starts: Starts) -> object:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=starts.expressions, ids=starts.ids, elements=len(starts.ids), flags=[_engine._flags()[1]] * len(starts.ids))

    def scan(windows: bytes) -> tuple[np.ndarray, np.ndarray]:
        hits: list[tuple[int, int]] = []
        db.scan(windows, match_event_handler=lambda i, s, e, f, c: hits.append((i, e)))
        a = np.array(hits, dtype=np.int64).reshape(-1, 2)
        return a[:, 0], a[:, 1]

    return scan


@given(_regexes(), _TEXTS, st.sampled_from([1, 2, 3, 64]))
@settings(max_examples=budget(150), suppress_health_check=[HealthCheck.filter_too_much], deadline=None)
def test_find_gives_the_leftmost_start_of_every_end(regex: bytes, text: bytes, window: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_starts, "WINDOW", window)  # tiny windows: most are cut, seen as cut and grown
        starts = Starts([0], [regex])
    try:
        scan = _reversed_scan(starts)
    except hyperscan.error:  # "a\\ba" can never match, and Hyperscan refuses such a pattern
        assume(False)
    leftmost: dict[int, int] = {}
    for s, e in all_matches(regex, text):
        leftmost[e] = min(s, leftmost.get(e, s))
    ends = np.array(sorted(leftmost), dtype=np.int64)
    found = starts.find(text, np.zeros(len(ends), dtype=np.int64), ends, scan, budget=1 << 20)
    assert found is not None
    assert found.tolist() == [leftmost[e] for e in ends.tolist()]


def test_find_gives_up_when_the_windows_would_cost_more_than_the_budget() -> None:
    starts = Starts([0], [rb"\d+%"])
    text = b"1" * 300 + b"%"
    end = np.array([len(text)], dtype=np.int64)
    assert starts.find(text, np.zeros(1, dtype=np.int64), end, _reversed_scan(starts), budget=150) is None  # 35, then 131
    assert starts.find(text, np.zeros(1, dtype=np.int64), end, _reversed_scan(starts), budget=1000).tolist() == [0]
    long = b"1" * 20_000 + b"%"  # 35 + 131 + 515 + 2051 + 8195 + 20004 bytes of windows: over 10,000 + 4096
    assert starts.find(long, np.zeros(1, dtype=np.int64), np.array([len(long)]), _reversed_scan(starts)) is None
    assert starts.find(text, np.zeros(1, dtype=np.int64), end, _reversed_scan(starts)).tolist() == [0]  # 4 KB for a short text


def test_find_gives_up_when_a_whole_window_holds_no_match() -> None:
    # A scan reported an end, but the reversed scan finds no start back to the buffer's start
    # (a scan that missed it): no start is made up.
    starts = Starts([0], [rb"ab"])
    nothing = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    assert starts.find(b"xab", np.zeros(1, dtype=np.int64), np.array([3]), lambda w: nothing, budget=100) is None
    assert starts.find(b"xab", np.zeros(1, dtype=np.int64), np.array([3]), _reversed_scan(starts), budget=100).tolist() == [1]


def test_the_budget_counts_every_byte_of_every_window() -> None:
    starts = Starts([0], [rb"ab"])  # windows of 3 bytes of text, and MARK, tag and the byte after
    args = (b"xxab", np.zeros(1, dtype=np.int64), np.array([4]), _reversed_scan(starts))
    assert starts.find(*args, budget=6).tolist() == [2]
    assert starts.find(*args, budget=5) is None


def test_each_pattern_has_its_own_tag_and_none_is_mark() -> None:
    starts = Starts(list(range(MAX_PATTERNS)), [rb"a"] * MAX_PATTERNS)
    assert len(set(starts.tag.tolist())) == MAX_PATTERNS and MARK not in starts.tag.tolist()
    assert all(x.startswith(rb"\xff" + b"\\x%02x" % t) for x, t in zip(starts.expressions, starts.tag.tolist()))


@pytest.mark.parametrize(
    ("regex", "text"),
    [(rb"(?-i:A(?i:b))c", b"xAbC"), (rb"(?-i:A(?i:b))c", b"xABc"), (rb"(a|bc)+d", b"abcad")],  # and a capturing group
)
def test_groups_that_set_or_clear_case_are_reversed_with_it(regex: bytes, text: bytes) -> None:
    rev = reverse(regex)
    assert rev is not None
    assert all_matches(rev, text[::-1]) == _flip(all_matches(regex, text), len(text)) != set()


@pytest.mark.parametrize("regex", [rb"a[\x80-\xff]b", rb"a[\xfe\xff]b", rb"a[^b\xff]b"])
def test_a_class_that_holds_mark_leaves_it_out_and_matches_the_same_text(regex: bytes) -> None:
    rev = reverse(regex)
    assert rev is not None and re.search(rev, bytes((MARK,)) * 3) is None
    text = b"a\xfeb a\xc3b"
    assert all_matches(rev, text[::-1]) == _flip(all_matches(regex, text), len(text)) != set()
    assert reverse(rb"a\xffb") is None


def test_starts_refuses_what_it_cannot_reverse_and_too_many_patterns() -> None:
    with pytest.raises(ValueError, match="cannot be reversed"):
        Starts([7], [rb"^ab"])
    with pytest.raises(ValueError, match=f"at most {MAX_PATTERNS}"):
        Starts(list(range(MAX_PATTERNS + 1)), [rb"a"] * (MAX_PATTERNS + 1))


@pytest.mark.parametrize(
    ("regex", "longest"),
    [(rb"ab", 2), (rb"a(?:bc|d)?", 3), (rb"x(?:\sy)?\b", 3), (rb"\d+%", None), (rb"(?:a|b+)", None)],
)
def test_width_is_the_longest_match_in_bytes(regex: bytes, longest: int | None) -> None:
    assert width(regex) == longest


@given(st.text(max_size=50))
def test_mark_is_never_a_byte_of_a_scanned_text(text: str) -> None:
    assert MARK not in text.encode("utf-8", "surrogatepass")


# --- the engine, starts found and start-of-match ------------------------------


@pytest.fixture(scope="module")
def with_som() -> Matcher:
    """The catalogue with every collapsed pattern scanned with start-of-match."""
    return compiled_matcher(_RECOVER_STARTS=False)


@pytest.fixture(scope="module")
def found() -> Matcher:
    return compiled_matcher()


def test_every_collapsed_pattern_scans_without_start_of_match(with_som: Matcher, found: Matcher) -> None:
    # The equality tests below would pass with none of them; the speed is in their share.
    comp = found._get("text")
    assert comp.starts is not None and comp.recovered_db is not None and with_som._get("text").recovered_db is None
    assert comp.collapsed_db is None and with_som._get("text").collapsed_db is not None
    runs = {r.pid for r in comp.runs + comp.direct}  # found with NumPy, not scanned
    scope = [(s, _engine.to_byte_regex(p.regex)) for s in CATALOGUE if s.scope == "text" for p in s.patterns]
    assert comp.starts.n == sum(collapsible(x) for pid, (s, x) in enumerate(scope) if not s.lines and pid not in runs) > 90


@given(spaced_text())
@settings(max_examples=budget(300))
def test_found_starts_give_every_span_start_of_match_gives(with_som: Matcher, found: Matcher, text: str) -> None:
    for scope in ("text", "title"):
        assert found.find(text, scope) == with_som.find(text, scope)  # type: ignore[arg-type]


# Bits of numbers, names, capitals and quotes, joined by any whitespace: long runs of digits and names that grow
# windows, capitals that report at every word, and the patterns' variable parts.
_BITS = st.sampled_from(
    ["1", "12", "1,234", ".5", "1" * 40, "according to", "$", "\u00a3", "%", " per cent", " million", "Jan.", "March", "WAKE", "UP", "NOW!", "Dr.",
     "John", "Smith", "said", "says", "a", "professor", "at", "Yale", "\u201c", "\u201d", '"', ",", ".", "sources",
     "told", "reportedly", "unnamed", "official", "the", "study", "published", "in", "Journal", "of", "Medicine"]
)
_RUNS = st.lists(st.tuples(_BITS, st.sampled_from(["", " ", "  ", "\n", " \t"])), max_size=40).map(
    lambda parts: "".join(bit + gap for bit, gap in parts)
)


@given(_RUNS)
@settings(max_examples=budget(300))
def test_found_starts_give_every_span_on_runs_of_numbers_names_and_capitals(
    with_som: Matcher, found: Matcher, text: str
) -> None:
    assert found.find(text) == with_som.find(text)


@given(st.lists(_RUNS, min_size=1, max_size=8))
@settings(max_examples=budget(100))
def test_found_starts_count_a_joined_batch_as_start_of_match_does(
    with_som: Matcher, found: Matcher, texts: list[str]
) -> None:
    assert np.array_equal(found.count(texts), with_som.count(texts))


@pytest.mark.parametrize(
    ("text", "gives_up"),
    [
        ("It fell " + "1" * 100 + "% in a year, from 20 per cent. " + "The weather was mild. " * 20, False),  # grown once
        ("1" * 300 + "%", False),  # grown twice
        ("1" * 20_000 + "%", True),  # grown five times, then given up: the windows would be over half the text and 4 KB
        ("After " + "1" * 15_000 + " percent ", True),
    ],
)
def test_a_long_run_grows_its_window_or_is_scanned_with_start_of_match(
    monkeypatch: pytest.MonkeyPatch, with_som: Matcher, found: Matcher, text: str, gives_up: bool
) -> None:
    comp = found._get("text")
    fallbacks: list[int] = []
    plain = _engine._Compiled._matches

    def spy(self: _engine._Compiled, db: object, buf: bytes) -> object:
        fallbacks.append(db is comp.recovered_som_db)
        return plain(self, db, buf)

    monkeypatch.setattr(_engine._Compiled, "_matches", spy)
    got = found.find(text)
    assert any(e.signal == "specific_figure" and e.text.startswith("1" * 100) for e in got)
    assert got == with_som.find(text)
    assert any(fallbacks) is gives_up


@pytest.mark.parametrize(
    ("text", "gives_up"),
    [
        ("Her shout: WAKE UP NOW, ALL OF YOU. " + "It was late, they said. " * 10, False),
        # an end after every word, one report in 4 bytes: start-of-match at once (in a text in mixed case: one
        # all in capitals reads in sentence case, credscore._tokens._capitals_kept, and shouts no more)
        ("WAKE UP " * 2000 + "it was late, they said. " * 100, True),
        ("$" + "1" * 3000 + " was paid. ", True),  # an end after every digit
    ],
)
def test_dense_reports_stop_the_scan_without_start_of_match(
    monkeypatch: pytest.MonkeyPatch, with_som: Matcher, found: Matcher, text: str, gives_up: bool
) -> None:
    comp = found._get("text")
    windows: list[int] = []
    plain = _starts.Starts.find

    def spy(self: Starts, buf: bytes, *args: object, **kwargs: object) -> object:
        windows.append(len(buf))
        return plain(self, buf, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_starts.Starts, "find", spy)
    reports = comp._ends(comp.recovered_db, text.encode())
    assert reports is not None and (len(reports[0]) > len(text) // _engine._DENSE + _engine._DENSE) is gives_up
    got = found.find(text)
    assert got == with_som.find(text)
    assert any(e.signal in ("shouting", "specific_figure") for e in got)
    assert (not windows) is gives_up  # given up before any window is made


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_found_starts_change_no_span_of_the_shared_corpora(with_som: Matcher, found: Matcher) -> None:
    assert assert_same_matches(with_som, found) > 100_000
