"""The line gate (``Signal.lines``): costly patterns scanned only in the lines that can hold a match.

A gated signal's matches never cross a line feed, and the engine scans for
them only in lines where each gate expression matches. The gate must only
save work: a gated matcher finds exactly what the same signal without a gate
finds when each line is scanned on its own (the definition of "never crosses
a line feed"; a pattern's ``not_after`` still reads the word before a match
wherever it is, so the texts here put a non-word before each line feed). These tests hold the engine to that on crafted text, on random
text built to produce matches that leave their line, and (when the corpora
are present) on every shared article.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import budget, mixed_text

from credscore import CATALOGUE, Matcher, Pattern, Signal
from credscore._corpora import find_data_dir
from credscore._signals import _EXPERT_LINES, _ROLE_HEADS
from credscore._tokens import _layout

EXPERT = next(s for s in CATALOGUE if s.name == "named_expert")
UNGATED = dataclasses.replace(EXPERT, lines=())
# Where the other corpus tests look ($CREDSCORE_DATA, ../shared/data): find_data_dir.
CORPORA = (find_data_dir() or Path("/nonexistent")) / "corpora"


@pytest.fixture(scope="module")
def gated() -> Matcher:
    return Matcher([EXPERT])


@pytest.fixture(scope="module")
def ungated() -> Matcher:
    return Matcher([UNGATED])


def read_lines(text: str) -> list[str]:
    """The lines of ``text`` as it is read: a hard-wrapped text's wrapped lines are one line, their line
    feeds read as spaces (credscore._tokens._layout, tested in tests/test_reading.py), and a word broken
    by a hyphen is one word; an HTML block tag ("<p>") ends one. Each line as many characters as in ``text``
    and one for the line feed between."""
    spaces, drops, breaks, _kept = _layout(text)
    chars = list(text)
    for i in spaces.tolist():
        chars[i] = " "
    joined = set(drops.positions())
    for i in breaks.starts:
        if i not in joined:
            chars[i] = "\n"
    lines, start = [], 0
    for i, c in enumerate(chars):
        if c == "\n" and i not in joined:
            lines.append("".join(chars[start:i]))
            start = i + 1
    return [*lines, "".join(chars[start:])]


def line_by_line(m: Matcher, text: str) -> list[tuple[str, int, int]]:
    """What ``m`` finds when each line of ``text`` (as read, :func:`read_lines`) is scanned alone, in
    ``text``'s offsets."""
    out, at = [], 0
    for line in read_lines(text):
        out += [(e.pattern, e.start + at, e.end + at) for e in m.find(line)]
        at += len(line) + 1
    return sorted(out, key=lambda t: (t[1], t[2]))


def spans(m: Matcher, text: str) -> list[tuple[str, int, int]]:
    return [(e.pattern, e.start, e.end) for e in m.find(text)]


def test_named_expert_is_gated_and_its_heads_are_words() -> None:
    assert EXPERT.lines == _EXPERT_LINES
    assert all(re.fullmatch("[a-z]+", h) for h in _ROLE_HEADS)


def test_a_match_does_not_reach_back_over_a_line_feed(gated: Matcher, ungated: Matcher) -> None:
    text = "Photo: Getty Images\n\nKrista Varady, an associate professor at the University of Illinois, said it works."
    (e,) = gated.find(text)
    assert e.text.startswith("Krista Varady, an associate professor")
    # Without the gate the name is read across the blank line ("Getty Images Krista Varady").
    (old,) = ungated.find(text)
    assert old.text.startswith("Getty Images\n\nKrista Varady") and old.end == e.end


def test_lines_without_a_role_word_or_a_speech_verb_are_not_scanned(gated: Matcher) -> None:
    comp = gated._get("text")
    text = (
        b"Jane Smith, a professor, said it.\n"  # passes
        b"Jane Smith said it.\n"  # no role word
        b"Jane Smith, a lawyer.\n"  # no speech verb or title
        b"\n"
        b"Professor John Doe of Yale\n"  # "Professor" is both
        b"The headline said so"  # "head" at a word start is enough (a validator window may cut a word)
    )
    starts, stops = comp.gated_lines(text)
    lines = [text[a:b].decode() for a, b in zip(starts.tolist(), stops.tolist())]
    assert lines == ["Jane Smith, a professor, said it.", "Professor John Doe of Yale", "The headline said so"]
    none = comp.gated_lines(b"no speech here\nnor a role")
    assert len(none[0]) == len(none[1]) == 0
    # One line, read without line arithmetic: the same verdicts.
    for line in (b"Jane Smith said it.", b"Jane Smith, a lawyer.", b"no gate word at all"):
        assert [len(a) for a in comp.gated_lines(line)] == [0, 0], line
    one = comp.gated_lines(b"Jane Smith, a professor, said it.")
    assert one[0].tolist() == [0] and one[1].tolist() == [33]


def test_a_role_word_inside_a_run_of_letters_counts_from_a_capital() -> None:
    # A candidate may start inside a run of letters at a capital (a name needs
    # no word boundary before it), so "xChief" must pass the role gate.
    role = re.compile(_EXPERT_LINES[1], re.IGNORECASE)
    cased = re.compile(_EXPERT_LINES[1])
    assert cased.search("xChief") and role.search("the chief") and not cased.search("mischief")
    assert role.search("an epidemiologist") and role.search("a pediatrician")


@pytest.mark.parametrize(
    "text",
    [
        # a name run that starts on the line before (a crossing match hides the real one)
        "It was said by Professor Dean\nJane Smith, a professor at Yale, said so.",
        "“It is rare,” said\nJane Smith, a senior fellow at Brookings.\n“Quite,” said Tom Ode, a professor.",
        "Chief\nJane Doe said\n\nthe superintendent, Dr. Lisa Grant, told parents.",
        "According to\nDr. Omar Haddad, a cardiologist at Mount Sinai, the risk is small.",
        "said Jane Smith,\na senior fellow",
        "xChief Jane Doe, of the board, said it",
        # one line: the gate is read without line arithmetic
        "“It is rare,” said Jane Smith, a senior fellow at the Brookings Institution.",
        "Dr. Omar Haddad of Mount Sinai said so.",
        "Jane Smith said so, a professor.",
        "a professor",
    ],
)
def test_gated_equals_each_line_alone(gated: Matcher, ungated: Matcher, text: str) -> None:
    assert spans(gated, text) == line_by_line(ungated, text)
    assert int(gated.count([text])[0, 0]) == len(line_by_line(ungated, text))


_PHRASES = (
    "said Jane Smith , a senior fellow at Brookings", "Jane Smith , an economist at Yale , said",
    "Dr. Omar Haddad of Mount Sinai", "according to Dr. Omar Haddad , a cardiologist",
    "Fire Chief Dana Reyes said", "the superintendent , Dr. Lisa Grant , told parents",
    "said top economist Mary Lopez", "Professor John Doe at Harvard", "Press Secretary Tom Ode said",
    "Getty Images", "Reuters", "the report", "it was", "Photo", "“We are ready ,”", "Mayor",
)
_GLUE = (" ", " ", " ", "  ", ",\n", ",\n\n", " , ")


def test_gated_equals_each_line_alone_on_random_text(gated: Matcher, ungated: Matcher) -> None:
    rng = random.Random(14)
    texts = []
    for _ in range(300):
        words = " ".join(rng.choice(_PHRASES) for _ in range(rng.randint(2, 12))).split(" ")
        # A comma before each line feed: the look-behind of a pattern's
        # not_after reads the word before a match even across a line feed
        # (as it always has), so a line is read alone only after a non-word.
        texts.append("".join(w + rng.choice(_GLUE) for w in words if w))
    found = 0
    for text in texts:
        want = line_by_line(ungated, text)
        assert spans(gated, text) == want, text
        found += len(want)
    assert found > 60  # the texts do produce matches
    counts = gated.count(texts)[:, 0]
    assert counts.tolist() == [len(line_by_line(ungated, t)) for t in texts]
    # Some matches of the signal without a gate cross lines: the texts do
    # test the cut (the joined scan's rescans are tested further down).
    assert sum(any("\n" in t[e.start : e.end] for e in ungated.find(t)) for t in texts) > 30


_GATED, _UNGATED = Matcher([EXPERT]), Matcher([UNGATED])


@given(st.lists(mixed_text, min_size=1, max_size=6).map(lambda ts: ",\n".join(t.replace("\n", ",\n") for t in ts)))
@settings(max_examples=budget(300), deadline=None)
def test_gated_equals_each_line_alone_on_generated_text(text: str) -> None:
    # Trigger phrases, awkward Unicode (surrogates, CRLF, NUL...) and a
    # non-word before each line feed (see the random-text test above).
    assert spans(_GATED, text) == line_by_line(_UNGATED, text)


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_gate_changes_nothing_but_line_crossing_on_the_shared_corpora(gated: Matcher, ungated: Matcher) -> None:
    docs: list[str] = []
    for path in sorted(CORPORA.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            docs += [json.loads(line)["text"] for line in fh]
    lines_of = [read_lines(d) for d in docs]
    lines = [line for d in lines_of for line in d]
    per_line = ungated.count(lines)[:, 0]
    owner = np.repeat(np.arange(len(docs)), [len(d) for d in lines_of])
    want = np.bincount(owner, weights=per_line, minlength=len(docs)).astype(np.int64)
    got = gated.count(docs)[:, 0]
    assert got.sum() > 4000
    assert np.array_equal(got, want), np.flatnonzero(got != want)[:10]


# A gated pattern that can cross the separator of the joined scan (no
# catalogue pattern can): the lines such a match touches are rescanned alone.
SPANNING = Signal(
    "spanning", "test", "test", (Pattern("start_end", r"\bstart[^;]*end\b"),), (), (), lines=(r"start|end",)
)


@pytest.mark.parametrize(
    "text",
    [
        "start a\nend b\nstart c end",
        "end\nstart x end y\n\nstart\nfoo end",
        "start end\nstart x\nend;\nstart",
    ],
)
def test_a_match_across_the_joined_scans_separator_is_rescanned_line_by_line(text: str) -> None:
    gated, alone = Matcher([SPANNING]), Matcher([dataclasses.replace(SPANNING, lines=())])
    assert spans(gated, text) == line_by_line(alone, text)
    assert spans(alone, text) != line_by_line(alone, text)  # without the cut, matches span lines


def test_lines_are_scanned_once_when_no_match_leaves_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each line's match ends where the line does, and the next line's begins
    # where it starts: nothing to rescan. (A first version rescanned every
    # line of such a text alone: 550 ms/MB.)
    from credscore._engine import _Compiled

    calls: list[int] = []
    original = _Compiled._matches

    def counting(self: _Compiled, db: object, buf: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        calls.append(len(buf))
        return original(self, db, buf)

    text = "Jane Smith, a professor at Yale, said\n" * 50
    m = Matcher([EXPERT])
    m.find("warm up")
    monkeypatch.setattr(_Compiled, "_matches", counting)
    assert len(m.find(text)) == 50
    assert len(calls) == 1  # the gated database, once (the catalogue here has no other patterns)


def test_a_gate_that_is_not_a_tuple_of_str_is_refused() -> None:
    for bad in ("\\bdr\\b", [r"\bdr\b"], (b"dr",)):
        with pytest.raises(TypeError, match="lines must be a tuple of str"):
            Matcher([dataclasses.replace(SPANNING, lines=bad)])  # type: ignore[arg-type]
