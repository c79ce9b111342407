"""``Pattern.not_before``, the engine's look-ahead, does what Python's ``(?!...)`` does.

Hyperscan has no look-ahead, so a pattern that must not come before a word
("Epic" before "Games") reads that word on from the match end
(:meth:`credscore._engine._Checks.not_befores`). The reference here is Python
``re`` with the look-ahead written out: on any text, one document or a batch,
both must find the same spans.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import budget

from credscore import Matcher, Pattern, Signal
from credscore._engine import word_after
from credscore._tokens import encode_text

_SPACE = "[ \t\n\x0b\x0c\r]"  # Hyperscan's \s: ASCII whitespace only


def _signal(pattern: Pattern) -> Signal:
    return Signal("said_x", "", "", (pattern,), (), ())


def _reference(rule: str) -> re.Pattern[str]:
    # The word after: whitespace (or one hyphen), then ASCII letters that end at a word boundary and
    # fullmatch the rule.
    return re.compile(rf"\bsaid\b(?!(?:{_SPACE}+|-)(?:{rule})(?![A-Za-z0-9_]))", re.IGNORECASE)


ANY = Matcher([_signal(Pattern("said", r"\bsaid\b", not_before="[a-z]+"))])
ANY_RE = _reference("[a-z]+")
YES = Matcher([_signal(Pattern("said", r"\bsaid\b", not_before="yes|no|so"))])
YES_RE = _reference("yes|no|so")

#: What can stand after "said": words, digits and underscores glued to them, non-ASCII letters (not word
#: characters for Hyperscan), every whitespace, hyphens. (Not what the reading changes, a NUL dropped or a
#: no-break space read as a space: the reference reads the text as given; an example below has them.)
_PIECES = st.sampled_from(
    ["said", "Said", "SAID", "yes", "No", "so", "sox", "no3", "x3", "_", "a_", "\u00e9", "\u00fcber", " ", "  ",
     "\n", "\t", "\r\n", "\x0b", "\x0c", ",", ".", "\u201c", "said,", "-", "--", "He"]
)
_TEXTS = st.lists(_PIECES, max_size=14).map("".join)


def _spans(m: Matcher, text: str) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in m.find(text)]


def _want(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The look-ahead's spans in ``text`` as the engine reads it (Markdown's "_emphasis_" marks dropped)."""
    return [m.span() for m in rx.finditer(encode_text(text).decode("utf-8"))]


@settings(max_examples=budget(400), deadline=None)
@given(_TEXTS)
def test_not_before_finds_what_the_look_ahead_does(text: str) -> None:
    for m, rx in ((ANY, ANY_RE), (YES, YES_RE)):
        if encode_text(text).decode("utf-8") == text:
            assert _spans(m, text) == _want(rx, text)
        else:  # read otherwise: the spans are placed in the text as given
            assert len(_spans(m, text)) == len(_want(rx, text))


@settings(max_examples=budget(150), deadline=None)
@given(st.lists(_TEXTS, max_size=8))
def test_not_before_in_a_batch_stops_at_the_document_end(texts: list[str]) -> None:
    # Joined into one scan buffer, the next document's first word is not read on into.
    for m, rx in ((ANY, ANY_RE), (YES, YES_RE)):
        want = np.array([[len(_want(rx, t))] for t in texts], dtype=np.int64).reshape(-1, 1)
        assert np.array_equal(m.count(texts), want)


def test_examples_of_the_rule() -> None:
    assert _spans(YES, "He said yes; she said nothing, they said no.") == [(17, 21)]
    assert _spans(YES, "said so3 said so_ said") == [(0, 4), (9, 13), (18, 22)]  # no word: glued digits, underscore
    assert _spans(YES, "said \u00fcber") == [(0, 4)]  # "\u00fcber" is no ASCII word after the space
    assert _spans(YES, "said-so said--so said") == [(8, 12), (17, 21)]  # one hyphen joins, two do not
    assert _spans(YES, "said\n\tYES") == []  # any whitespace, any case
    assert _spans(YES, "said\u00a0so said \x00so said \x00x") == [(17, 21)]  # read as "said so said so said x"
    epic = Matcher([Signal("epic_x", "", "", (Pattern("epic", r"\bepic\b", not_before="games?"),), (), ())])
    assert _spans(epic, "An epic win for Epic Games.") == [(3, 7)]


def test_words_and_whitespace_longer_than_the_row_read_at_once() -> None:
    # _Checks.not_befores reads _AFTER_ROW (24) bytes on with NumPy; a word or whitespace that fills them
    # is read on by _words_after. Each side of that edge, at a document's end and before another
    # document in a batch, must give what the look-ahead gives.
    from credscore._engine import _AFTER_ROW

    texts = []
    for n in range(_AFTER_ROW - 4, _AFTER_ROW + 4):
        texts += ["said " + "x" * n, "said" + " " * n, "said" + " " * n + "so", "said " + "x" * n + "3",
                  "said-" + "x" * (n - 3), "said\t\n " + "x" * n, "said " + "x" * n + "\u00e9", "said" + " " * n + "so,",
                  "said " + "so" + " " * n]
    for text in texts:
        assert _spans(ANY, text) == _want(ANY_RE, text), text
        assert _spans(YES, text) == _want(YES_RE, text), text
    batch = [*texts, *(t + " ab" for t in texts), *(t[:-1] for t in texts)]
    for m, rx in ((ANY, ANY_RE), (YES, YES_RE)):
        assert np.array_equal(m.count(batch), np.array([[len(_want(rx, t))] for t in batch]).reshape(-1, 1))


@pytest.mark.parametrize("loops", ["numpy", "numba"])
def test_the_words_after_are_checked_once_each_with_or_without_the_compiled_loop(
    loops: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from credscore import _kernels

    text = " ".join(["said yes", "said nothing", "said so3", "said-so", "said \u00fcber", "said."] * 300)
    batch = [text, text + " said no"]
    if loops == "numba":
        compiled = _kernels._numba_loops()
        if compiled is None:
            pytest.skip("numba is not installed")
        monkeypatch.setattr(_kernels, "compiled", lambda name, n_bytes: compiled[name])
    else:
        monkeypatch.setattr(_kernels, "compiled", lambda name, n_bytes: None)
    for m, rx in ((Matcher([_signal(Pattern("said", r"\bsaid\b", not_before="[a-z]+"))]), ANY_RE),
                  (Matcher([_signal(Pattern("said", r"\bsaid\b", not_before="yes|no|so"))]), YES_RE)):
        assert np.array_equal(m.count(batch), np.array([[len(_want(rx, t))] for t in batch]))


def test_a_rejected_match_blocks_nothing() -> None:
    # A longer match rejected by its word after leaves room for a shorter one of the signal at its start,
    # as a validator's rejection does: the look-ahead is a check on the candidate, taken before the selection.
    sig = Signal("x", "", "", (Pattern("long", r"\bsaid\s+it\b", not_before="no"), Pattern("short", r"\bsaid\b")), (), ())
    assert [(e.pattern, e.start, e.end) for e in Matcher([sig]).find("said it no")] == [("short", 0, 4)]
    assert [(e.pattern, e.start, e.end) for e in Matcher([sig]).find("said it yes")] == [("long", 0, 7)]


def test_a_pattern_ending_in_whitespace_is_read_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # "x\s+" ends at every byte of a whitespace run, and every end but the last has the whitespace left
    # and "yes" after it: read from each end, the run would cost its length squared. Each end inside the
    # whitespace an earlier read went through takes that read's word.
    from credscore import _engine

    reads: list[int] = []
    real = _engine._read_after

    def counted(buf: bytes, end: int, hi: int) -> tuple[str | None, int]:
        reads.append(end)
        return real(buf, end, hi)

    monkeypatch.setattr(_engine, "_read_after", counted)
    m = Matcher([_signal(Pattern("x", r"\bx\s+", not_before="yes"))])
    rx = re.compile(rf"\bx\s+(?!(?:{_SPACE}+|-)yes(?![A-Za-z0-9_]))", re.IGNORECASE)
    for text in ["x" + " " * 20_000 + "yes", "x" + " " * 20_000 + "yes3", "x" + " " * 20_000]:
        reads.clear()
        assert m.count([text])[0, 0] == len(rx.findall(text))
        assert len(reads) < 10, len(reads)


def test_no_word_after_a_match_never_rejects_it_even_for_a_rule_that_takes_the_empty_word() -> None:
    m = Matcher([_signal(Pattern("said", r"\bsaid\b", not_before="[a-z]*"))])
    assert _spans(m, "said. said, said 3 said") == [(0, 4), (6, 10), (12, 16), (19, 23)]
    assert _spans(m, "said it") == []


def test_word_after_reads_on_no_further_than_the_document() -> None:
    assert word_after(b"said yes\n\x00\nno", 4, 8) == "yes"
    assert word_after(b"said yes", 4, 6) == "y"  # the document ends at 6
    assert word_after(b"said \x00no", 4, 8) is None  # the NUL is no whitespace
    assert word_after(b"said  \t yes_", 4, 12) is None
    assert word_after(b"said", 4, 4) is None


def test_a_bad_not_before_is_named() -> None:
    with pytest.raises(TypeError, match="not_before must be a str or None"):
        Pattern("p", "x", not_before=3)  # type: ignore[arg-type]
