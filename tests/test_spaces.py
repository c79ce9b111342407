"""Scanning with whitespace runs collapsed (``credscore._spaces``) finds exactly what the plain scan finds.

Most catalogue patterns are scanned over a copy of the text in which each
whitespace run is one byte, with ``\\s+`` rewritten ``\\s`` and ``\\s*``
rewritten ``\\s?``. That is only sound for the patterns ``collapsible``
accepts. These tests hold each part to an independent reference: the copy
and its offsets to a byte-by-byte loop, the analysis to Hyperscan itself on
random patterns and texts, and the engine to the same engine with the
collapsed scan off, on generated text and on every shared article and title.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from engine_compare import CORPORA, assert_same_matches, compiled_matcher
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import all_matches, budget, spaced_text

from credscore import CATALOGUE, Matcher, _engine
from credscore._spaces import SPACE_BYTES, collapse, collapsible, rewrite


def collapse_by_hand(buf: bytes) -> tuple[bytes, list[int]]:
    """The collapsed copy and each of its bytes' original offset, one byte at a time."""
    out, where = bytearray(), []
    for i, b in enumerate(buf):
        if i and b in SPACE_BYTES and buf[i - 1] in SPACE_BYTES:
            continue
        out.append(b)
        where.append(i)
    return bytes(out), where


@given(st.binary(max_size=60).map(lambda b: bytes(b" \t\n\r\x0b\x0cab\x00"[x % 9] for x in b)))
@settings(max_examples=budget(300))
def test_the_collapsed_copy_and_its_offsets_match_a_byte_by_byte_reference(buf: bytes) -> None:
    data, where = collapse_by_hand(buf)
    short = collapse(buf)
    assert short.data == data
    assert short.original(np.arange(len(data), dtype=np.int64)).tolist() == where
    # The end of the copy maps to the end of the original.
    assert short.original(np.array([len(data)], dtype=np.int64)).tolist() == [len(buf)]


def test_a_text_without_repeated_whitespace_is_its_own_copy() -> None:
    buf = b"Sources said the deal\ncollapsed. \tNo."[:-5] + b"No."
    short = collapse(buf)
    assert short.data is buf
    assert short.original(np.array([0, 7, 20])).tolist() == [0, 7, 20]


@pytest.mark.parametrize(
    ("regex", "ok"),
    [
        (rb"\bsources\s+said\b", True),
        (rb"\bcould\s*(?:not|n't)\s+verify\b", True),
        (rb"\ba(?:\s+b)?\s+c\b", True),  # never two \s+ side by side
        (rb"\ba(?:b\s+)?\s+c", False),  # "ab  c": \s+ \s+ asks for two spaces
        (rb"\ba\s*\s+b", True),  # at least one: \s?\s matches one
        (rb"\ba\s+\s*b", True),
        (rb"\ba(?:\s+b)*\s+c", True),
        (rb"\ba(?:b\s+)+c", True),
        (rb"\ba(?:b\s+)+\s+c", False),
        (rb"\bmr\sx", False),  # exactly one whitespace byte
        (rb"\bmr\s?x", False),
        (rb"\bmr\s{1,3}x", False),
        (rb"\bsaid\s+", False),  # may end with whitespace
        (rb"\s+said\b", False),  # may start with it
        (rb"(?:\s*)said", False),
        (rb"\bsaid\s*", False),
        (rb"\bsaid(?:\s+)?", False),  # may end with a word, or with whitespace
        (rb"\ba\s+\s*\s+b", False),  # \s* between does not part two \s+
        (rb"\ba\s+(?:b)?\s+c", False),  # without the "b": two \s+ side by side
        (rb"\ba\s+(?:b){0,2}\s+c", False),
        (rb"\ba\s+(?:b){1,2}\s+c", True),
        (rb"\ba(?:b\s+){1}\s+c", False),
        (rb"\ba(?:\s+b?){2,}c", False),  # a second repetition may add a second \s+
        (rb"\ba(?:\s+b?){1}c", True),  # ... but {1} has no second one
        (rb"\bwitch[\s-]+hunt\b", False),  # a class holding whitespace
        (rb"\bfoo[^,]+bar\b", False),
        (rb"\bfoo[^,;]+bar\b", False),  # a negated class of two: parsed as a class, not as NOT_LITERAL
        (rb"\bfoo[^\s]+bar\b", True),  # ... and one that excludes every whitespace byte
        (rb"\bfoo[^\S]+bar\b", False),
        (rb"\bfoo[\x00-\x1f]bar\b", False),  # a range holding tab to carriage return
        (rb"\bfoo[\x20-\x7e]bar\b", False),  # ... starting at the space
        (rb"\bfoo[\x00-\x09]bar\b", False),  # ... ending at the tab
        (rb"\bfoo[\x21-\x7e]bar\b", True),
        (rb"\bfoo\W+bar\b", False),
        (rb"\bfoo\D+bar\b", False),
        (rb"\bJan.\s+\d+", False),  # "." matches a space
        (rb"\bfoo bar\b", False),  # a literal space
        (rb"\bfoo\x20bar\b", False),
        (rb"\bfoo\tbar\b", False),
        (rb"^[A-Z]+\s+-\s+", False),  # anchors tell a line feed from a space
        (rb"\bend\s+of\s+line$", False),
        (rb"\b\d+(?:[.,]\d+)*\s*(?:%|percent\b)", True),
        (rb"\bit\xe2\x80\x99s\s+true\b", True),  # bytes of a curly apostrophe are no whitespace
        (rb"(?:a|\s+b)c", False),  # one branch starts with whitespace
        (rb"\bfoo(?=bar)", False),  # a look-ahead: not analysed, so not collapsed
        (rb"(unclosed", False),  # not a pattern Python can read
    ],
)
def test_collapsible_accepts_only_what_the_collapsed_scan_leaves_unchanged(regex: bytes, ok: bool) -> None:
    assert collapsible(regex) is ok


def test_a_parse_tree_the_walk_does_not_know_means_not_collapsible(monkeypatch: pytest.MonkeyPatch) -> None:
    # Another Python's parser may give nodes this walk has not met: the pattern then scans the text as it is.
    from credscore import _spaces

    assert collapsible(rb"\bsources\s+said\b")
    monkeypatch.setattr(_spaces, "_walk", lambda items, states: (_ for _ in ()).throw(AttributeError("AT_BOUNDARY")))
    assert not collapsible(rb"\bsources\s+said\b")


@pytest.mark.parametrize(
    ("regex", "want"),
    [
        (rb"a\s+b\s*c", rb"a\sb\s?c"),
        (rb"a\s+?b\s*?c", rb"a\sb\s?c"),
        (rb"a\\s+b", rb"a\\s+b"),  # a literal backslash, then "s+"
        (rb"\bx\.\s+\d+", rb"\bx\.\s\d+"),
    ],
)
def test_rewrite_turns_each_gap_into_one_optional_or_required_byte(regex: bytes, want: bytes) -> None:
    assert rewrite(regex) == want


# --- the analysis: random patterns on random texts, every match by Python's re -

_ATOMS = st.sampled_from(
    [rb"a", rb"b", rb"ab", rb"[ab]", rb"\s+", rb"\s+", rb"\s+", rb"\s*", rb"\s*", rb"\b", rb"\s", rb"[\sa]"]
)


def _fixed(regex: bytes) -> bool:
    return b"+" not in regex and b"*" not in regex


def _regexes() -> st.SearchStrategy[bytes]:
    def extend(inner: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
        return st.one_of(
            st.lists(inner, min_size=2, max_size=4).map(b"".join),
            inner.map(lambda x: b"(?:" + x + b")?"),
            # Repeats only of what has no + or * inside: Python's re, the oracle, backtracks exponentially
            # in nested quantifiers over a whitespace run (the table above covers repeated gaps).
            inner.filter(_fixed).map(lambda x: b"(?:" + x + b"){1,3}"),
            inner.filter(_fixed).map(lambda x: b"(?:" + x + b"){0,2}"),
            st.tuples(inner, inner).map(lambda xy: b"(?:" + xy[0] + b"|" + xy[1] + b")"),
        )

    inner = st.recursive(_ATOMS, extend, max_leaves=6)
    # Mostly between two letters, so that many are collapsible; some bare, whose edges may be whitespace.
    return st.one_of(inner.map(lambda x: b"a" + x + b"[ab]"), inner.map(lambda x: b"[ab]" + x + b"b"), inner)


_TEXTS = st.lists(st.sampled_from([b"a", b"b", b" ", b"  ", b" \t", b"\n", b"-"]), max_size=4).map(b"".join)


@given(_regexes(), st.data())
@settings(max_examples=budget(60), suppress_health_check=[HealthCheck.filter_too_much])
def test_a_collapsible_pattern_finds_the_same_matches_in_the_collapsed_copy(regex: bytes, data: st.DataObject) -> None:
    assume(collapsible(regex))
    # Texts that hold a match (Hypothesis writes one from the pattern, whitespace runs of any length
    # where it has \s+ or \s*), between random bytes, and random text alone.
    texts = [data.draw(_TEXTS)]
    core = data.draw(st.from_regex(re.compile(regex, re.IGNORECASE), fullmatch=True))
    texts.append(data.draw(_TEXTS) + core[:16] + data.draw(_TEXTS))
    for text in texts:
        want = all_matches(regex, text)
        short = collapse(text)
        pairs = np.array(sorted(all_matches(rewrite(regex), short.data)), dtype=np.int64).reshape(-1, 2)
        mapped = set(zip(short.original(pairs[:, 0]).tolist(), short.original(pairs[:, 1]).tolist()))
        assert mapped == want, (regex, text, short.data)


# --- the engine, collapsed scan on and off -----------------------------------


@pytest.fixture(scope="module")
def plain() -> Matcher:
    """The catalogue compiled without the collapsed scan: every pattern scans the text as it is."""
    return compiled_matcher(_COLLAPSE_SPACES=False)


@pytest.fixture(scope="module")
def collapsed() -> Matcher:
    return compiled_matcher()


def test_most_of_the_catalogue_scans_the_collapsed_copy(plain: Matcher, collapsed: Matcher) -> None:
    # The equality tests below would pass with nothing collapsed; the speed is in the collapsed share.
    comp = collapsed._get("text")
    assert comp.db is not None and (comp.collapsed_db is not None or comp.recovered_db is not None)
    assert plain._get("text").collapsed_db is None and plain._get("text").recovered_db is None
    exprs = [_engine.to_byte_regex(p.regex) for s in CATALOGUE if not s.lines for p in s.patterns]
    assert sum(collapsible(x) for x in exprs) >= 0.9 * len(exprs)
    assert len(exprs) > 80


@given(spaced_text())
@settings(max_examples=budget(300))
def test_the_collapsed_scan_finds_every_span_the_plain_scan_finds(
    plain: Matcher, collapsed: Matcher, text: str
) -> None:
    for scope in ("text", "title"):
        want = [(e.signal, e.pattern, e.start, e.end) for e in plain.find(text, scope)]
        assert [(e.signal, e.pattern, e.start, e.end) for e in collapsed.find(text, scope)] == want


@given(st.lists(spaced_text(), min_size=1, max_size=6))
@settings(max_examples=budget(100))
def test_the_collapsed_scan_counts_a_joined_batch_as_the_plain_scan_does(
    plain: Matcher, collapsed: Matcher, texts: list[str]
) -> None:
    assert np.array_equal(collapsed.count(texts), plain.count(texts))


def test_runs_of_every_kind_of_whitespace_inside_phrases(plain: Matcher, collapsed: Matcher) -> None:
    text = (
        "Sources \t said the  plan,\n according   to\r\nunverified reports, was dead.  It  could\x0b\x0cnot be verified."
        " \u201cWe  won,\u201d  said  Maria   Lopez. 4.5  percent of  120 \n people  declined   to  comment."
    )
    got = [(e.signal, e.start, e.end) for e in collapsed.find(text)]
    assert got == [(e.signal, e.start, e.end) for e in plain.find(text)]
    signals = {s for s, _, _ in got}
    assert {"anonymous_sourcing", "unverified_claim", "specific_figure"} <= signals


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_the_collapsed_scan_changes_no_span_of_the_shared_corpora(plain: Matcher, collapsed: Matcher) -> None:
    n = assert_same_matches(plain, collapsed)
    assert n > 100_000


def test_the_witch_hunt_gap_is_written_for_the_collapsed_scan_and_means_what_it_meant() -> None:
    # "witch[\s-]+hunt" was rewritten so that only \s+ and \s* match whitespace: the same strings.
    import itertools

    from credscore._signals import _DISMISSIVE_LABEL

    label = re.compile(_DISMISSIVE_LABEL, re.IGNORECASE)
    for n in range(1, 5):
        for gap in itertools.product(" -\t\n", repeat=n):
            phrase = "witch" + "".join(gap) + "hunt"
            assert bool(label.fullmatch(phrase)) == bool(re.fullmatch(r"witch[\s-]+hunt", phrase)), phrase
    assert not label.fullmatch("witchhunt")
    denial = next(s for s in CATALOGUE if s.name == "official_denial")
    assert all(collapsible(_engine.to_byte_regex(p.regex)) for p in denial.patterns)
