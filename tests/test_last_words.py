"""The last_word checks of every match at once (credscore._engine._Checks.last_words).

A pattern's ``last_word`` rejects a candidate whose last letters are not a
word it allows; ``last_words`` takes those verdicts for all matches with
NumPy before the selection. It must give, for every match, the verdict that
:meth:`_Checks.accepts` reads one match at a time.
"""

from __future__ import annotations

import numpy as np
import pytest
from engine_compare import CORPORA, shared_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore import Matcher, Pattern, Signal, _engine, _kernels

needs_numba = pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (pip install 'credscore[fast]')")
#: How last_words reads the words: NumPy rows, or the loops (trailing_letters, first_equal) as plain Python or compiled.
PATHS = ["numpy", "python", pytest.param("numba", marks=needs_numba)]


def _use(mp: pytest.MonkeyPatch, path: str) -> None:
    mp.setenv(_kernels.KERNELS_ENV, "numpy" if path == "numpy" else "numba")
    mp.setattr(_kernels, "MIN_BYTES", 0)
    if path == "python":
        mp.setattr(_kernels, "_numba_loops", lambda: _kernels.LOOPS)

ROLE = Signal(
    "role", "", "",
    (Pattern("said_role", r"said\s+[a-z]+(?:\s+[a-z]+)*", last_word=r"professor|[a-z]*ologists?|q[a-z]*"),
     Pattern("plain", r"says\s+[a-z]+"),
     Pattern("told", r"told\s+[a-z]+", last_word=r"smith")),
    (), (),
)


def _one_by_one(checks: _engine._Checks, pid: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[bool]:
    """Each verdict as accepts() reads it: the ASCII letters at the end of the match's first 256 bytes."""
    out = []
    for p_, b, e in zip(pid.tolist(), start.tolist(), end.tolist()):
        rx = checks.comp.last_word[p_]
        if rx is None:
            out.append(True)
            continue
        seg = checks.buf[b : min(e, b + _engine._VALIDATE_WINDOW)]
        ending = seg[len(seg.rstrip(_engine._LETTER_BYTES)) :]
        out.append(rx.fullmatch(ending.decode("ascii")) is not None)
    return out


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(["said ", "professor", "Professor", "cardiologist", "ologist", "x", "Ab", " ", ",", "\u00e9",
                              "a" * 30, "neuroscientologists", "1", "q" + "a" * 40]), min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 400), st.integers(1, 400)), min_size=1, max_size=30),
)
@pytest.mark.parametrize("path", PATHS)
def test_every_verdict_is_the_one_accepts_reads(pieces: list[str], spans: list[tuple[int, int, int]], path: str) -> None:
    buf = "".join(pieces).encode()
    comp = Matcher([ROLE])._get("text")
    rows = [(p, min(s, len(buf) - 1), min(s + n, len(buf))) for p, s, n in spans]
    pid, start, end = (np.array(col, dtype=np.int64) for col in zip(*rows))
    checks = _engine._Checks(comp, buf)
    want = _one_by_one(checks, pid, start, end)
    with pytest.MonkeyPatch.context() as mp:
        _use(mp, path)
        assert checks.last_words(pid, start, end).tolist() == want
        mp.setattr(_engine, "_LAST_WORD_BLOCK", 2)  # read a block of two matches at a time
        assert checks.last_words(pid, start, end).tolist() == want


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("run", [_engine._LAST_WORD_BYTES - 1, _engine._LAST_WORD_BYTES, _engine._LAST_WORD_BYTES + 1, 300])
def test_a_letter_run_longer_than_the_bytes_read_is_read_whole(run: int, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, path)
    # "q<run letters>" is allowed only when read from its "q": its last letters alone are not.
    comp = Matcher([ROLE])._get("text")
    buf = b"said q" + b"a" * run + b" said 9q" + b"a" * run
    cut = buf.index(b" said 9")
    pid = np.array([0, 0, 0], dtype=np.int64)
    start = np.array([0, cut + 1, len(buf) - 3], dtype=np.int64)
    end = np.array([cut, len(buf), len(buf)], dtype=np.int64)
    checks = _engine._Checks(comp, buf)
    got = checks.last_words(pid, start, end).tolist()
    # The window is the match's first 256 bytes: past them, the word is cut and read as it is cut.
    assert got == _one_by_one(checks, pid, start, end)
    assert got[2] is False  # "aaa": not allowed
    if run + 6 <= _engine._VALIDATE_WINDOW:
        assert got[:2] == [True, True]


def test_matches_without_a_last_word_are_kept_and_verdicts_are_remembered_up_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    comp = Matcher([ROLE])._get("text")
    monkeypatch.setattr(_engine, "_LAST_CACHE", 2)
    buf = b"said professor says banana told Smith said banana told smith said virologist"
    found = [(buf.index(w), buf.index(w) + len(w)) for w in
             (b"said professor", b"says banana", b"told Smith", b"said banana", b"told smith", b"said virologist")]
    pid = np.array([0, 1, 2, 0, 2, 0], dtype=np.int64)
    start, end = (np.array(col, dtype=np.int64) for col in zip(*found))
    checks = _engine._Checks(comp, buf)
    assert checks.last_words(pid, start, end).tolist() == [True, True, True, False, True, True]  # last_word ignores case
    assert len(comp.last_verdicts) <= 2


def test_the_selection_is_the_same_without_the_checks_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["He said professor Jane Doe said the professor, and said banana told Smith. " * 3,
             "said the neurologist; said the cardiologists said " + "a" * 40 + "ologist"]
    comp = Matcher([ROLE])._get("text")
    docs = [t.encode() for t in texts]
    calls = [0]
    accepts = _engine._Checks.accepts

    def counted(self: _engine._Checks, *args: int) -> bool:
        calls[0] += 1
        return accepts(self, *args)

    monkeypatch.setattr(_engine._Checks, "accepts", counted)
    ahead = _engine.resolve(comp, docs)
    checked_ahead = calls[0]
    monkeypatch.setattr(_engine._Checks, "last_words", lambda self, pid, start, end: np.ones(len(pid), dtype=bool))
    alone = _engine.resolve(comp, docs)
    assert all(np.array_equal(a, b) for a, b in zip(ahead, alone))
    assert len(ahead.pid) >= 4
    # A candidate that ends in a word last_word refuses ("said professor Jane", "said the") is not checked again.
    assert 0 < checked_ahead < calls[0] - checked_ahead


@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not found")
def test_the_selection_is_the_same_without_the_checks_ahead_on_every_shared_article(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = _engine.default_matcher()
    got = {}
    for ahead in (True, False):
        if not ahead:
            monkeypatch.setattr(_engine._Checks, "last_words", lambda self, pid, start, end: np.ones(len(pid), dtype=bool))
        got[ahead] = [
            _engine.resolve(matcher._get(scope), datas[at : at + 2000])
            for scope, datas in shared_documents().items()
            for at in range(0, len(datas), 2000)
        ]
    assert all(np.array_equal(a, b) for x, y in zip(got[True], got[False]) for a, b in zip(x, y))
