"""``Pattern.not_after``, the engine's look-behind, does what an optional prefix did.

Before 4 Dec a pattern that must not follow a word let the word in as an
optional prefix, ``\\b(?:[A-Za-z]+\\s+)?said``, so that Hyperscan's leftmost
start took it in and a validator rejected the candidate. ``not_after`` reads
the word back from the match start instead (a cheaper automaton). The
reference here is that old construction: on any text, one document or a
batch, both must find the same spans.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import budget

from credscore import Matcher, Pattern, Signal
from credscore._engine import word_before

_PREFIXED = re.compile(r"[A-Za-z]+(?:\s+|-)said", re.IGNORECASE)


def _signal(pattern: Pattern, validate: object = None) -> Signal:
    return Signal("said_x", "", "", (pattern,), (), (), validate=validate)  # type: ignore[arg-type]


OLD = Matcher([_signal(Pattern("said", r"\b(?:[A-Za-z]+(?:\s+|-))?said\b"), lambda t: _PREFIXED.match(t) is None)])
NEW = Matcher([_signal(Pattern("said", r"\bsaid\b", not_after="[a-z]+"))])
COURT_OLD = Matcher(
    [_signal(Pattern("said", r"\b(?:(?:judges?|courts?)(?:\s+|-))?said\b"), lambda t: re.match(r"(?:judges?|courts?)[\s-]", t, re.IGNORECASE) is None)]
)
COURT_NEW = Matcher([_signal(Pattern("said", r"\bsaid\b", not_after="judges?|courts?"))])

#: What can stand before "said": words, digits and underscores glued to them,
#: non-ASCII letters (not word characters for Hyperscan), every whitespace.
_PIECES = st.sampled_from(
    ["said", "Said", "SAID", "He", "court", "Courts", "judge", "3", "x3", "_", "a_", "\u00e9", "\u00fcber", " ", "  ",
     "\n", "\t", "\r\n", "\x0b", "\x0c", "\u00a0", ",", ".", "\u201c", "\x00", "said,", "-", "--"]
)
_TEXTS = st.lists(_PIECES, max_size=14).map("".join)


def _spans(m: Matcher, text: str) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in m.find(text)]


@settings(max_examples=budget(400), deadline=None)
@given(_TEXTS)
def test_not_after_finds_what_the_optional_prefix_did(text: str) -> None:
    assert _spans(NEW, text) == _spans(OLD, text)
    assert _spans(COURT_NEW, text) == _spans(COURT_OLD, text)


@settings(max_examples=budget(150), deadline=None)
@given(st.lists(_TEXTS, max_size=8))
def test_not_after_in_a_batch_stops_at_the_document_start(texts: list[str]) -> None:
    # Joined into one scan buffer, a document's first word is not read back into the one before.
    assert np.array_equal(NEW.count(texts), OLD.count(texts))
    assert np.array_equal(NEW.count(texts), np.array([[len(_spans(NEW, t))] for t in texts]).reshape(-1, 1))


def test_examples_of_the_rule() -> None:
    assert _spans(NEW, "He said it; \u201cno,\u201d said Jo.") == [(18, 22)]
    assert _spans(NEW, "x3 said so") == [(3, 7)]  # "x3" is no word: a digit is glued to it
    assert _spans(NEW, "\u00fcber said") == []  # "ber" starts at a word boundary (non-ASCII before it)
    assert _spans(NEW, "said") == [(0, 4)]
    assert _spans(COURT_NEW, "The court said no, the mayor said yes.") == [(29, 33)]
    # One hyphen joins a word to the match, as whitespace does ("COVID-19"); two do not.
    assert _spans(NEW, "well-said") == [] and _spans(NEW, "well--said") == [(6, 10)] and _spans(NEW, "3-said") == [(2, 6)]


def test_words_and_whitespace_longer_than_the_read_window() -> None:
    # The engine reads 48 bytes back at once, then byte by byte; verdicts kept per window must not leak.
    for text in ["x" * 100 + " said", "3" + "x" * 100 + " said", " " * 100 + "said", "He" + " " * 100 + "said",
                 "3x" + " " * 60 + "said", ("y" * 70 + " said ") * 3, "said " + "z" * 47 + " said"]:
        assert _spans(NEW, text) == _spans(OLD, text), text
        assert np.array_equal(NEW.count([text, text[1:], "a " + text]), OLD.count([text, text[1:], "a " + text]))
    assert word_before(b"x" * 100 + b" said", 101, 0) == "x" * 100
    assert word_before(b"3" + b"x" * 100 + b" said", 102, 0) is None


def test_word_before_reads_back_no_further_than_the_document() -> None:
    buf = b"Officials\n\x00\nsaid"
    assert word_before(buf, 12, 0) is None  # the NUL is no whitespace
    assert word_before(b"ab said", 3, 1) == "b"  # the document starts at 1
    assert word_before(b"ab said", 3, 0) == "ab"
    assert word_before(b"ab  \t said", 6, 0) == "ab"
    assert word_before(b"ab_ said", 4, 0) is None


def test_words_and_whitespace_around_the_edge_of_the_row_read_at_once() -> None:
    # _Checks.not_afters reads _AFTER_ROW (24) bytes back with NumPy, ahead of the selection; a word and
    # whitespace that fill them are read on by word_before. Each side of that edge, at a document's start
    # and after another document in a batch, must give what the optional prefix gave.
    from credscore._engine import _AFTER_ROW

    texts = []
    for n in range(_AFTER_ROW - 4, _AFTER_ROW + 4):
        texts += ["x" * n + " said", " " * n + "said", "He" + " " * n + "said", "3" + "x" * n + " said",
                  "x" * (n - 3) + "-said", "x" * n + "\t\n said", "\u00e9" + "x" * n + " said"]
    for text in texts:
        assert _spans(NEW, text) == _spans(OLD, text), text
        assert _spans(COURT_NEW, text.replace("x", "court")) == _spans(COURT_OLD, text.replace("x", "court")), text
    batch = [*texts, *("ab " + t for t in texts), *(t[1:] for t in texts)]
    assert np.array_equal(NEW.count(batch), OLD.count(batch))


@pytest.mark.parametrize("loops", ["numpy", "numba"])
def test_the_words_before_are_checked_once_each_with_or_without_the_compiled_loop(
    loops: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many candidates share a word ("He said" a thousand times): the distinct (pattern, word) pairs are found
    # by credscore._kernels.first_equal when compiled, else by a dict; both give every candidate's verdict.
    from credscore import _kernels

    text = " ".join(["He said", "the judge said", "x3 said", "well-said", "\u00fcber said"] * 300)
    batch = [text, "court said " + text]
    want = OLD.count(batch)
    if loops == "numba":
        compiled = _kernels._numba_loops()
        if compiled is None:
            pytest.skip("numba is not installed")
        monkeypatch.setattr(_kernels, "compiled", lambda name, n_bytes: compiled[name])
    else:
        monkeypatch.setattr(_kernels, "compiled", lambda name, n_bytes: None)
    for m in (Matcher([_signal(Pattern("said", r"\bsaid\b", not_after="[a-z]+"))]),
              Matcher([_signal(Pattern("said", r"\bsaid\b", not_after="judges?|courts?"))])):
        got = m.count(batch)
        assert np.array_equal(got, want if m.signals[0].patterns[0].not_after == "[a-z]+" else COURT_OLD.count(batch))


def test_no_word_before_a_match_never_rejects_it_even_for_a_rule_that_takes_the_empty_word() -> None:
    # not_after reads a word; where there is none (the text's start, punctuation, digits glued) it rejects
    # nothing, whatever the rule would say of an empty string.
    m = Matcher([_signal(Pattern("said", r"\bsaid\b", not_after="[a-z]*"))])
    assert _spans(m, "said it. said it; ,said 3 said") == [(0, 4), (9, 13), (19, 23), (26, 30)]
    assert _spans(m, "He said") == []
