"""The compiled loops (credscore._kernels) give the NumPy steps' numbers exactly.

The NumPy steps are the reference (they are held to the per-text Python
tokenizers in tests/test_token_parity.py). Each loop is checked against them
twice: as plain Python (always, numba or not: the loops are ordinary Python
over arrays) and compiled with numba (when it is installed, as in CI), on
hand-written edge cases, Hypothesis texts and every shared article.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import json
import re
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import budget, documents, unicode_text
from test_token_parity import EDGE_CASES

from credscore import _kernels, _language, _ngrams, _stylometry
from credscore._ngrams import analyse, distorted_stream
from credscore._tokens import encode_batch
from credscore._version import install_command

needs_numba = pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (pip install 'credscore[fast]')")

#: Words that take every branch of the stream loop's word ids.
WORDS = [
    "the THE The tHe", "don't DON'T Don't o'clock rock'n'roll 'quoted' a'", "I A X XX Xx I'M IT'S",
    "significantly SIGNIFICANTLY Significantly significantlyy nevertheless NEVERTHELESS",
    "abcdefgh abcdefghi ABCDEFGHIJKLMNOPQRSTUVWXYZ Abcdefghijklmnopq supercalifragilistic",
    "1,000.5 3.5% 1.2.3 1..2 1,,2 .5 5, 12:30 x² ½ ٣", "... .. . - -- --- — – … a-b",
    "Zoë ÉCOLE İSTANBUL Kelvin \u212aelvin café Straße", "_ __ # @ $ € © 😀 \u00a0 \x00",
]


@contextlib.contextmanager
def _steps(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None) -> Iterator[pytest.MonkeyPatch]:
    """The token steps by ``loops`` (None: NumPy) whatever the batch's size; plain Python loops' key products
    wrap around 2**64 on purpose, so overflow warnings are off."""
    with monkeypatch.context() as mp, np.errstate(over="ignore"):
        mp.setattr(_kernels, "MIN_BYTES", 0)
        if loops is None:
            mp.setenv(_kernels.KERNELS_ENV, "numpy")
        else:
            mp.setenv(_kernels.KERNELS_ENV, "numba")
            mp.setattr(_kernels, "_numba_loops", lambda: loops)
        yield mp


def _stream_with(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``distorted_stream`` of ``texts`` with the given loops (None: the NumPy steps), whatever the batch's size."""
    with _steps(monkeypatch, loops):
        return distorted_stream(encode_batch(texts))


def _assert_same_stream(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object], texts: list[str]) -> None:
    want_ids, want_doc = _stream_with(monkeypatch, None, texts)
    got_ids, got_doc = _stream_with(monkeypatch, loops, texts)
    assert got_ids.tolist() == want_ids.tolist()
    assert got_doc.tolist() == want_doc.tolist()


def _compiled() -> dict[str, object]:
    loops = _kernels._numba_loops()
    assert loops is not None
    return loops


@pytest.mark.parametrize("text", EDGE_CASES + WORDS)
def test_the_stream_loop_in_python_gives_the_numpy_ids(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    _assert_same_stream(monkeypatch, _kernels.LOOPS, [text])


def test_the_stream_loop_in_python_on_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same_stream(monkeypatch, _kernels.LOOPS, EDGE_CASES + WORDS + ["", "x"] + EDGE_CASES[::-1])


@pytest.mark.parametrize("block", [1, 2, 3, 7])
def test_the_stream_loop_grows_its_arrays_between_blocks(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    # Room for a token every 4 bytes plus a block: a few bytes a block makes text denser than that grow them.
    monkeypatch.setattr(_kernels, "_BLOCK", block)
    _assert_same_stream(monkeypatch, _kernels.LOOPS, ["a.a.a.a.a.a.a.a.a.a!", "", "!!!!!!!!!!!!!!!!!!!! ...", *WORDS])


@needs_numba
def test_the_compiled_stream_loop_on_text_denser_than_its_first_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    # a token a byte, past the first room (a token every 4 bytes plus a block) within one pass
    _assert_same_stream(monkeypatch, _compiled(), ["a." * 150_000, "!?" * 40_000 + " x " * 1000])


@needs_numba
def test_the_compiled_stream_loop_gives_the_numpy_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = EDGE_CASES + WORDS
    _assert_same_stream(monkeypatch, _compiled(), texts)
    for t in texts:
        _assert_same_stream(monkeypatch, _compiled(), [t])


_TOKENISH = st.text(st.sampled_from(list("aZé'’.,-—…1٣_ \u00a0\n\x00²½KI")), max_size=30)


@needs_numba
@settings(max_examples=budget(200), deadline=None)
@given(st.lists(st.one_of(unicode_text, _TOKENISH, documents.map(" ".join)), max_size=6))
def test_the_compiled_stream_loop_on_arbitrary_text(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _assert_same_stream(mp, _compiled(), texts)


def _analyse_with(
    monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None, texts: list[str], per_pass: tuple[int, int],
    vocabulary: _ngrams.NgramVocabulary | None = None,
) -> tuple[list[list[int]], list[int]]:
    """``analyse(texts, vocabulary=vocabulary)`` with the given loops (None: NumPy), the stream and the n-gram
    keys cut into passes."""
    with _steps(monkeypatch, loops) as mp:
        mp.setattr(_ngrams, "_STREAM_BYTES_PER_PASS", per_pass[0])
        mp.setattr(_ngrams, "_NGRAM_TOKENS_PER_PASS", per_pass[1])
        counts, words = analyse(texts, vocabulary=vocabulary)
    return [k.tolist() + c.tolist() for k, c in counts], words.tolist()


def _of_vocabulary(result: tuple[list[list[int]], list[int]], vocabulary: _ngrams.NgramVocabulary) -> tuple[list[list[int]], list[int]]:
    """An :func:`_analyse_with` result with only the counts of ``vocabulary``'s n-grams."""
    held = set(vocabulary.keys.tolist())
    rows = []
    for row in result[0]:
        kept = [(k, c) for k, c in zip(row[: len(row) // 2], row[len(row) // 2 :]) if k in held]
        rows.append([k for k, _ in kept] + [c for _, c in kept])
    return rows, result[1]


_PASSES = [(1 << 20, 1 << 20), (3, 2), (17, 1), (1, 5)]


@pytest.mark.parametrize("per_pass", _PASSES)
def test_the_ngram_key_loop_in_python_gives_the_numpy_counts(monkeypatch: pytest.MonkeyPatch, per_pass: tuple[int, int]) -> None:
    # texts of 0, 1, 2 and 3 tokens, and texts spanning passes
    texts = ["", "a", "a b", "a b c", *WORDS, "x", "", *EDGE_CASES[:12]]
    got = _analyse_with(monkeypatch, _kernels.LOOPS, texts, per_pass)
    assert got == _analyse_with(monkeypatch, None, texts, per_pass)


@needs_numba
@settings(max_examples=budget(100), deadline=None)
@given(st.lists(st.one_of(unicode_text, _TOKENISH, documents.map(" ".join)), max_size=6), st.sampled_from(_PASSES))
def test_the_compiled_ngram_loops_on_arbitrary_text(texts: list[str], per_pass: tuple[int, int]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        assert _analyse_with(mp, _compiled(), texts, per_pass) == _analyse_with(mp, None, texts, per_pass)


def _vocabulary_of(texts: list[str]) -> _ngrams.NgramVocabulary:
    """Every second n-gram the texts hold, and n-grams they do not: a vocabulary some of whose keys share
    a slot, so that lookups probe past their own."""
    counts, _ = analyse(texts)
    held = sorted({int(k) for keys, _ in counts for k in keys})
    absent = [_ngrams.key_of(t) for t in ("moreover", "thus thus thus", "x x x")]
    return _small_vocabulary(held[::2] + [k for k in absent if k not in held])


_VOCABULARY_TEXTS = ["", "a", "a b", "a b c", *WORDS, "x", "", *EDGE_CASES[:12], "He said. She said. They said."]


@pytest.mark.parametrize("per_pass", _PASSES)
def test_the_vocabulary_count_loop_in_python_gives_the_numpy_counts(
    monkeypatch: pytest.MonkeyPatch, per_pass: tuple[int, int]
) -> None:
    # The loop counts the vocabulary's n-grams only; the NumPy steps count all, and the vocabulary's alike.
    vocab = _vocabulary_of(_VOCABULARY_TEXTS)
    got = _analyse_with(monkeypatch, _kernels.LOOPS, _VOCABULARY_TEXTS, per_pass, vocab)
    numpy = _analyse_with(monkeypatch, None, _VOCABULARY_TEXTS, per_pass, vocab)
    assert numpy == _analyse_with(monkeypatch, None, _VOCABULARY_TEXTS, per_pass)
    assert got == _of_vocabulary(numpy, vocab) != numpy
    assert sum(map(len, got[0])) > 0


def test_a_vocabulary_of_nothing_counts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    empty = _small_vocabulary([])
    counts, words = _analyse_with(monkeypatch, _kernels.LOOPS, ["Sources said so.", ""], _PASSES[0], empty)
    assert counts == [[], []] and words == [3, 0]


@needs_numba
@settings(max_examples=budget(100), deadline=None)
@given(st.lists(st.one_of(unicode_text, _TOKENISH, documents.map(" ".join)), max_size=6), st.sampled_from(_PASSES))
def test_the_compiled_vocabulary_count_loop_on_arbitrary_text(texts: list[str], per_pass: tuple[int, int]) -> None:
    vocab = _vocabulary_of([*texts, *_VOCABULARY_TEXTS])
    with pytest.MonkeyPatch.context() as mp:
        got = _analyse_with(mp, _compiled(), texts, per_pass, vocab)
        assert got == _of_vocabulary(_analyse_with(mp, None, texts, per_pass), vocab)


def test_the_vocabulary_parity_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that counts an n-gram once too few is caught.
    def wrong(*args: object) -> tuple[np.ndarray, np.ndarray]:
        keys, counts = _kernels.vocabulary_counts(*args)  # type: ignore[arg-type]
        counts[np.argmax(counts)] -= 1
        return keys, counts

    texts = ["He said. She said."]
    vocab = _vocabulary_of(texts)
    want = _of_vocabulary(_analyse_with(monkeypatch, None, texts, _PASSES[0]), vocab)
    assert _analyse_with(monkeypatch, _kernels.LOOPS, texts, _PASSES[0], vocab) == want
    assert _analyse_with(monkeypatch, {**_kernels.LOOPS, "vocabulary_counts": wrong}, texts, _PASSES[0], vocab) != want


def test_the_parity_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that calls every capitalised word a lowercase one is caught.
    def wrong(*args: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        ids, start, end, doc = _kernels.stream_tokens(*args)  # type: ignore[arg-type]
        ids_of = args[-2]
        ids[ids == ids_of[5]] = ids_of[4]  # type: ignore[index]
        return ids, start, end, doc

    with pytest.raises(AssertionError):
        _assert_same_stream(monkeypatch, {"stream_tokens": wrong}, ["Bears eat"])


def _shared_corpora() -> list[list[str]]:
    """The articles and titles of each shared corpus (the test is skipped without them)."""
    from credscore._corpora import find_data_dir

    data = find_data_dir()
    if data is None:
        pytest.skip("shared corpora not found (set CREDSCORE_DATA)")
    out = []
    for path in sorted((data / "corpora").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        out.append([r["text"] for r in rows] + [r.get("title") or "" for r in rows])
    assert sum(len(texts) for texts in out) > 16_000
    return out


@pytest.mark.corpora
@needs_numba
def test_the_compiled_stream_loop_on_every_shared_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore import default_model

    vocab = default_model().ngrams
    whole = (1 << 20, 1 << 20)
    for texts in _shared_corpora():
        _assert_same_stream(monkeypatch, _compiled(), texts)
        assert _analyse_with(monkeypatch, _compiled(), texts, whole) == _analyse_with(monkeypatch, None, texts, whole)
        assert _analyse_with(monkeypatch, _compiled(), texts, whole, vocab) == _of_vocabulary(
            _analyse_with(monkeypatch, None, texts, whole), vocab
        )


# --- stylometry's word tokens -------------------------------------------------

#: Texts for every total of the word-token loop: lengths around each cut (3, 7, 10), capitals, every suffix
#: length, apostrophes, words past 8 and 16 bytes, and texts of 49, 50, 51 and 101 tokens (the windows).
STYLE = [
    "I a an the THE Nato NATO DON'T Don't O'Brien's rock'n'roll 'quoted' a'b ab' ''",
    ("cats bus quickly running played nation tension biggest kindness payment famous active formal bigger "
     "city racism artist realize useful useless readable ly ing tion stion LYING ACTIVELY Shipment"),
    "abcdefgh abcdefghi abcdefghijklmnop abcdefghijklmnopq ABCDEFGHIJKLMNOPQRSTUVWXYZ Abcdefghijklmnopqrs",
    "aeiou queueing rhythm y Yy you yes strengths eye AEIOUY a1e b_c",
    " ".join(["word"] * 49), " ".join(["word"] * 50), " ".join(f"w{i % 7}x" for i in range(51)),
    " ".join(["one", "two", "three"] * 34 + ["four"]),
    "He said: \"Stop.\" And then? But so! Or no. the end",
]


def _word_stats_with(
    monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None, texts: list[str]
) -> tuple[_stylometry._WordStats, tuple[np.ndarray, ...]]:
    """Stylometry's word-token step and whole output for ``texts`` with the given loops (None: NumPy)."""
    with _steps(monkeypatch, loops):
        batch = encode_batch(texts)
        cls, _ = _stylometry._word_classes(batch)
        return _stylometry._word_stats(batch, cls), _stylometry.stylometry(texts, batch)


def _assert_same_word_stats(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object], texts: list[str]) -> None:
    want, want_out = _word_stats_with(monkeypatch, None, texts)
    got, got_out = _word_stats_with(monkeypatch, loops, texts)
    for name in _stylometry._WordStats._fields:
        a, b = getattr(got, name), getattr(want, name)
        assert a.tolist() == b.tolist(), f"{name}: {a[:20]} != {b[:20]}"
    for a, b in zip(got_out, want_out):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("text", EDGE_CASES + WORDS + STYLE)
def test_the_word_loop_in_python_gives_the_numpy_totals(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    _assert_same_word_stats(monkeypatch, _kernels.LOOPS, [text])


def test_the_word_loop_in_python_on_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same_word_stats(monkeypatch, _kernels.LOOPS, STYLE + ["", "a a a a a a a a a a a a"] + EDGE_CASES + STYLE[::-1])


@needs_numba
def test_the_compiled_word_loop_gives_the_numpy_totals(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = EDGE_CASES + WORDS + STYLE
    _assert_same_word_stats(monkeypatch, _compiled(), texts)
    for t in texts:
        _assert_same_word_stats(monkeypatch, _compiled(), [t])
    # dense words (a word every 2 bytes), and no word at all
    _assert_same_word_stats(monkeypatch, _compiled(), ["a " * 100_000, "Bb. " * 30_000, "\u4f60\u597d " * 30_000])


@needs_numba
@settings(max_examples=budget(200), deadline=None)
@given(st.lists(st.one_of(unicode_text, _TOKENISH, documents.map(" ".join), st.sampled_from(STYLE)), max_size=6))
def test_the_compiled_word_loop_on_arbitrary_text(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _assert_same_word_stats(mp, _compiled(), texts)


def test_the_word_parity_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that misses the last syllable of every text is caught.
    def wrong(*args: object) -> tuple[np.ndarray, ...]:
        out = _kernels.word_stats(*args)  # type: ignore[arg-type]
        out[1][:, 7] -= 1
        return out

    with pytest.raises(AssertionError):
        _assert_same_word_stats(monkeypatch, {**_kernels.LOOPS, "word_stats": wrong}, ["The cat sat."])


def test_a_window_the_loop_cannot_hold_is_refused() -> None:
    batch = encode_batch(["a b"])
    cls, _ = _stylometry._word_classes(batch)
    args = list(_stylometry.word_stats_args(batch, cls))
    args[-1] = 65
    with pytest.raises(ValueError, match="window holds 1 to 64 tokens"):
        _kernels.word_stats(*args)  # type: ignore[arg-type]


@pytest.mark.corpora
@needs_numba
def test_the_compiled_word_loop_on_every_shared_article(monkeypatch: pytest.MonkeyPatch) -> None:
    for texts in _shared_corpora():
        _assert_same_word_stats(monkeypatch, _compiled(), texts)


# --- stylometry's byte marks ----------------------------------------------------

#: Texts for every branch of the byte-marks loop: apostrophes inside and outside words and at a text's edges,
#: the three-byte marks (em dash, en dash spaced and not, other 0xE2 sequences), hyphen and dot runs,
#: sentence ends before a space, a quote or the end, quotes, and numbers joined or not.
MARKS = [
    "'a don't ' b' 'c rock'n'roll a'' ''a end'", "a\u2014b a \u2013 b 1990\u20132000 a\u2013 b \u2013a x\u20acy \u2122 \u2020",
    "a-b a - b a--b --- - -a a- -", "a. b.. c... .... . .a", "Yes. No! Why? \"Stop.\" 'Go!' end?",
    "1 12 1,000 3.5 1.2.3 1..2 1,,2 ,5 5, .5 5. 1,000.5 12,34,5 x1y 2%", "\"quoted\" \"\" \"a", "9", "-", ".", "'",
]


def _marks_with(
    monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None, texts: list[str]
) -> tuple[np.ndarray, list[list[object]], tuple[np.ndarray, ...]]:
    """Stylometry's byte-marks step and whole output for ``texts`` with the given loops (None: NumPy)."""
    with _steps(monkeypatch, loops):
        batch = encode_batch(texts)
        n_chars = np.full(len(texts), 1000.0)
        cls, marks, numbers = _stylometry._byte_marks(batch, n_chars)
        return cls, [a.tolist() for a in (*marks, numbers)], _stylometry.stylometry(texts, batch)


def _assert_same_marks(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object], texts: list[str]) -> None:
    want_cls, want, want_out = _marks_with(monkeypatch, None, texts)
    got_cls, got, got_out = _marks_with(monkeypatch, loops, texts)
    assert got_cls.tobytes() == want_cls.tobytes()
    for name, a, b in zip((*_stylometry._Marks._fields, "numbers"), got, want):
        assert a == b, f"{name}: {a} != {b}"
    for a, b in zip(got_out, want_out):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("text", EDGE_CASES + WORDS + STYLE + MARKS)
def test_the_marks_loop_in_python_gives_the_numpy_counts(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    _assert_same_marks(monkeypatch, _kernels.LOOPS, [text])


def test_the_marks_loop_in_python_on_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same_marks(monkeypatch, _kernels.LOOPS, MARKS + ["", "1"] + EDGE_CASES + MARKS[::-1])


@pytest.mark.parametrize("block", [1, 2, 3, 7])
def test_the_marks_loop_grows_its_arrays_between_blocks(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    # Text that is nearly all sentence ends and quotes, read in blocks of a few bytes.
    monkeypatch.setattr(_kernels, "_BLOCK", block)
    _assert_same_marks(monkeypatch, _kernels.LOOPS, ['! ! ! ! ! ! ! ! ! !', '"""""""""""" ?', "", *MARKS])


@needs_numba
def test_the_compiled_marks_loop_gives_the_numpy_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = EDGE_CASES + WORDS + STYLE + MARKS
    _assert_same_marks(monkeypatch, _compiled(), texts)
    for t in texts:
        _assert_same_marks(monkeypatch, _compiled(), [t])
    # a sentence end every 2 bytes (past the first arrays' room), quotes, numbers, and no mark at all
    _assert_same_marks(monkeypatch, _compiled(), ["! " * 100_000, '"a" ' * 30_000, "1,0 " * 30_000, "a " * 30_000])


@needs_numba
@settings(max_examples=budget(200), deadline=None)
@given(st.lists(st.one_of(unicode_text, _TOKENISH, documents.map(" ".join), st.sampled_from(MARKS)), max_size=6))
def test_the_compiled_marks_loop_on_arbitrary_text(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _assert_same_marks(mp, _compiled(), texts)


def test_the_marks_parity_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that misses the numbers with a decimal point is caught.
    def wrong(*args: object) -> tuple[np.ndarray, ...]:
        out = _kernels.byte_marks(*args)  # type: ignore[arg-type]
        out[-1][:, 2] = 0
        return out

    with pytest.raises(AssertionError):
        _assert_same_marks(monkeypatch, {**_kernels.LOOPS, "byte_marks": wrong}, ["It rose 3.5 points."])


# --- stylometry's sentences -----------------------------------------------------

#: Texts for every branch of the sentence loop: quotes inside, opening and closing sentences (a quote right
#: after an end belongs to the sentence it closes), sentences without a word, "?" and "!" ends, openers that
#: are function words, conjunctions or capitalised, a text that starts with a quote, long and short sentences.
SENTENCES = [
    'He said "Stop." And then? But so! Or no. the end', '"Go!" she said. "Now?" He did.', '. . . ! ?', "",
    "No end at all", '"', 'A "quoted" word. Another. "Last."', " ".join(["word"] * 45) + ". Short one. " + "x " * 6 + "!",
    " ".join(["w"] * 40) + ". " + " ".join(["w"] * 39) + ". " + " ".join(["w"] * 7) + ".",
    "The cat. a dog. And so. but then? So what! I know. 3 4 5. \"'x'\"", "Yes.\u201d No.\u201c Maybe\u2026 \u201cWell.\u201d",
]


def _sentences_with(
    monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None, texts: list[str]
) -> tuple[dict[str, list[float]], tuple[np.ndarray, ...]]:
    """Stylometry's sentence step and whole output for ``texts`` with the given loops (None: NumPy)."""
    with _steps(monkeypatch, loops):
        batch = encode_batch(texts)
        cls, marks, _ = _stylometry._byte_marks(batch, np.full(len(texts), 1000.0))
        tok = _stylometry._word_stats(batch, cls)
        got = _stylometry._sentences(batch, marks, tok)
        return {k: v.tolist() for k, v in got.items()}, _stylometry.stylometry(texts, batch)


def _assert_same_sentences(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object], texts: list[str]) -> None:
    want, want_out = _sentences_with(monkeypatch, None, texts)
    got, got_out = _sentences_with(monkeypatch, loops, texts)
    assert got == want
    for a, b in zip(got_out, want_out):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("text", EDGE_CASES + STYLE + MARKS + SENTENCES)
def test_the_sentence_loop_in_python_gives_the_numpy_columns(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    _assert_same_sentences(monkeypatch, _kernels.LOOPS, [text])


def test_the_sentence_loop_in_python_on_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same_sentences(monkeypatch, _kernels.LOOPS, SENTENCES + ["", '"a."'] + EDGE_CASES + SENTENCES[::-1])


@needs_numba
def test_the_compiled_sentence_loop_gives_the_numpy_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = EDGE_CASES + WORDS + STYLE + MARKS + SENTENCES
    _assert_same_sentences(monkeypatch, _compiled(), texts)
    for t in texts:
        _assert_same_sentences(monkeypatch, _compiled(), [t])
    _assert_same_sentences(monkeypatch, _compiled(), ['a. "b." ' * 30_000, "! " * 50_000, "word " * 100_000])


@needs_numba
@settings(max_examples=budget(200), deadline=None)
@given(st.lists(st.one_of(unicode_text, st.text(st.sampled_from(list('a A and So. ! ? "\u201c\u201d\x00\n')), max_size=40),
                          documents.map(" ".join), st.sampled_from(SENTENCES)), max_size=6))
def test_the_compiled_sentence_loop_on_arbitrary_text(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _assert_same_sentences(mp, _compiled(), texts)


def test_the_sentence_parity_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that misses the quotes closing a sentence after its end is caught.
    def wrong(*args: object) -> np.ndarray:
        a = list(args)
        raw, quotes = a[0], a[6]
        a[6] = quotes[~np.isin(raw[quotes - 1], np.frombuffer(b".!?", np.uint8))]  # type: ignore[index]
        return _kernels.sentence_stats(*a)  # type: ignore[arg-type]

    with pytest.raises(AssertionError):
        _assert_same_sentences(monkeypatch, {**_kernels.LOOPS, "sentence_stats": wrong}, ['He said stop." Then he left.'])


@pytest.mark.corpora
@needs_numba
@pytest.mark.parametrize("assert_same", [_assert_same_marks, _assert_same_sentences], ids=["marks", "sentences"])
def test_the_compiled_stylometry_loops_on_every_shared_article(
    monkeypatch: pytest.MonkeyPatch, assert_same: Callable[[pytest.MonkeyPatch, dict[str, object], list[str]], None]
) -> None:
    for texts in _shared_corpora():
        assert_same(monkeypatch, _compiled(), texts)


# --- the English check ---------------------------------------------------------

#: Runs of every kind: markers (ASCII, in and out of the length range), non-ASCII letters, Kelvin signs
#: (a word that lowercases to a marker, and one that does not), letters of other scripts.
ENGLISH = [
    "the of and to in is that it was for on are with as his they at be this from",
    "The OF And a I an ANd thE Internationalization supercalifragilistic",
    "\u212aelvin the \u212anow li\u212aewise \u212a \u212a\u212a its \u212ait",
    "Caf\u00e9 na\u00efve \u00c9cole \u0130stanbul stra\u00dfe Zo\u00eb the and of",
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440 \u4f60\u597d \u0645\u0631\u062d\u0628\u0627 the",
]


def _english_with(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None, texts: list[str]) -> list[list[int]]:
    with _steps(monkeypatch, loops):
        return [a.tolist() for a in _language._english_counts(encode_batch(texts))]


def _assert_same_english(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object], texts: list[str]) -> None:
    assert _english_with(monkeypatch, loops, texts) == _english_with(monkeypatch, None, texts)


@pytest.mark.parametrize("sample", [3, 7, 20, 20_000])
def test_the_english_loop_in_python_gives_the_numpy_counts(monkeypatch: pytest.MonkeyPatch, sample: int) -> None:
    # samples cut inside runs, before and after multi-byte letters and Kelvin signs
    monkeypatch.setattr(_language, "SAMPLE_CHARS", sample)
    texts = EDGE_CASES + WORDS + ENGLISH
    _assert_same_english(monkeypatch, _kernels.LOOPS, texts)
    for t in ENGLISH:
        _assert_same_english(monkeypatch, _kernels.LOOPS, [t, "", t])


@needs_numba
@settings(max_examples=budget(200), deadline=None)
@given(st.lists(st.one_of(unicode_text, _TOKENISH, documents.map(" ".join), st.sampled_from(ENGLISH)), max_size=6),
       st.sampled_from([4, 11, 20_000]))
def test_the_compiled_english_loop_on_arbitrary_text(texts: list[str], sample: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_language, "SAMPLE_CHARS", sample)
        _assert_same_english(mp, _compiled(), texts)


def _with_k_markers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Markers with a "k" (today's have none), so that a Kelvin sign can make a marker."""
    from credscore._tokens import Lexicon

    markers = _language.ENGLISH_MARKERS | {"know", "like", "k"}
    monkeypatch.setattr(_language, "ENGLISH_MARKERS", markers)
    monkeypatch.setattr(_language, "_MARKERS", Lexicon(sorted(markers)))
    monkeypatch.setattr(_language, "_MARKER_MIN_LEN", 1)


def test_the_english_loop_leaves_kelvin_signs_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_k_markers(monkeypatch)
    texts = ["\u212aNOW the \u212a li\u212ae \u212anows like", *ENGLISH]
    _assert_same_english(monkeypatch, _kernels.LOOPS, texts)
    assert _english_with(monkeypatch, None, texts[:1])[3] == [5]  # KNOW, K, LIKE, like, the


def test_the_english_parity_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that ignores the Kelvin-sign runs (no marker from them) is caught.
    def wrong(*args: object) -> tuple[np.ndarray, ...]:
        *counts, kelvin = _kernels.english_counts(*args)  # type: ignore[arg-type]
        return (*counts, kelvin[:0])

    _with_k_markers(monkeypatch)
    with pytest.raises(AssertionError):
        _assert_same_english(monkeypatch, {"english_counts": wrong}, ["\u212aNOW the \u212a"])


@pytest.mark.corpora
@needs_numba
def test_the_compiled_english_loop_on_every_shared_article(monkeypatch: pytest.MonkeyPatch) -> None:
    for texts in _shared_corpora():
        _assert_same_english(monkeypatch, _compiled(), texts)


# --- the model's n-gram rows ----------------------------------------------------


def _rows_with(
    monkeypatch: pytest.MonkeyPatch, loops: dict[str, object] | None, vocab: _ngrams.NgramVocabulary,
    counts: list[tuple[np.ndarray, np.ndarray]],
) -> list[tuple[list[int], bytes]]:
    """``vocab._rows(counts)`` with the given loops (None: NumPy); weights as their bytes, to compare bits."""
    with _steps(monkeypatch, loops):
        return [(i.tolist(), w.astype(np.float64).tobytes()) for i, w in vocab._rows(counts)]


def _assert_same_rows(monkeypatch: pytest.MonkeyPatch, loops: dict[str, object], vocab: _ngrams.NgramVocabulary,
                      counts: list[tuple[np.ndarray, np.ndarray]]) -> None:
    got = _rows_with(monkeypatch, loops, vocab, counts)
    assert got == _rows_with(monkeypatch, None, vocab, counts)


def _small_vocabulary(keys: list[int]) -> _ngrams.NgramVocabulary:
    k = np.array(sorted(set(keys)), dtype=np.int64)
    return _ngrams.NgramVocabulary(k, 1.0 + (k % 7) / 3.0, np.zeros(len(k)))


def test_the_rows_loop_in_python_gives_the_numpy_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    # documents with no key in the vocabulary (a zero norm), none at all, one, many; keys that probe past
    # their slot (a vocabulary of 40 keys in a table of 256 slots collides)
    vocab = _small_vocabulary([3 * j * j + 1 for j in range(40)])
    counts = [
        (np.array([1, 4, 13, 5000], dtype=np.int64), np.array([1, 2, 7, 1], dtype=np.int64)),
        (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)),
        (np.array([2, 6], dtype=np.int64), np.array([3, 1], dtype=np.int64)),
        (np.array([int(x) for x in vocab.keys], dtype=np.int64), np.arange(1, 41, dtype=np.int64) ** 3),
    ]
    _assert_same_rows(monkeypatch, _kernels.LOOPS, vocab, counts)
    assert _rows_with(monkeypatch, _kernels.LOOPS, vocab, counts)[2] == ([], b"")


@needs_numba
@settings(max_examples=budget(100), deadline=None)
@given(st.lists(st.integers(1, 2000), min_size=1, max_size=60),
       st.lists(st.lists(st.tuples(st.integers(1, 2500), st.integers(1, 10**6)), max_size=30), max_size=8))
def test_the_compiled_rows_loop_on_arbitrary_counts(vocab_keys: list[int], docs: list[list[tuple[int, int]]]) -> None:
    vocab = _small_vocabulary(vocab_keys)
    counts = []
    for doc in docs:
        distinct = dict(doc)  # a document's keys are distinct and sorted
        k = np.array(sorted(distinct), dtype=np.int64)
        counts.append((k, np.array([distinct[x] for x in k.tolist()], dtype=np.int64)))
    with pytest.MonkeyPatch.context() as mp:
        _assert_same_rows(mp, _compiled(), vocab, counts)


def test_the_rows_parity_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that drops the last key found is caught.
    def wrong(*args: object) -> tuple[np.ndarray, ...]:
        idx, w, cut = _kernels.vocabulary_rows(*args)  # type: ignore[arg-type]
        return idx[:-1], w[:-1], np.minimum(cut, len(idx) - 1)

    vocab = _small_vocabulary([1, 2, 3])
    counts = [(np.array([1, 2], dtype=np.int64), np.array([1, 1], dtype=np.int64))]
    with pytest.raises(AssertionError):
        _assert_same_rows(monkeypatch, {"vocabulary_rows": wrong}, vocab, counts)


@pytest.mark.corpora
@needs_numba
def test_the_compiled_rows_loop_with_the_shipped_model_on_every_shared_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore import default_model

    vocab = default_model().ngrams
    assert vocab is not None
    for texts in _shared_corpora():
        counts, _ = analyse(texts)
        _assert_same_rows(monkeypatch, _compiled(), vocab, counts)


# --- per-document sums, as np.add.reduce adds ------------------------------------


def _segments(lengths: list[int], seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(sum(lengths)) * 10.0 ** rng.integers(-6, 6, sum(lengths))
    keep = rng.random(sum(lengths)) < 0.7
    cut = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return values, keep, cut


def _reference_sums(values: np.ndarray, keep: np.ndarray, cut: np.ndarray) -> bytes:
    return np.array([np.add.reduce(values[a:b][keep[a:b]]) for a, b in itertools.pairwise(cut.tolist())]).tobytes()


def test_the_sums_loop_in_python_adds_as_numpy_does() -> None:
    # every length up to 300 (the 8-way blocks, the 128 limit, two and three levels of halves), kept or not
    lengths = list(range(301))
    values, keep, cut = _segments(lengths, 0)
    everything = np.ones(len(values), dtype=bool)
    chunk = _kernels.reduce_chunk()
    assert _kernels.segment_sums(values, everything, cut, chunk).tobytes() == _reference_sums(values, everything, cut)
    assert _kernels.segment_sums(values, keep, cut, chunk).tobytes() == _reference_sums(values, keep, cut)
    zeros = np.full(20, -0.0)
    assert _kernels.segment_sums(zeros, np.ones(20, dtype=bool), np.array([0, 3, 20]), chunk).tobytes() == _reference_sums(
        zeros, np.ones(20, dtype=bool), np.array([0, 3, 20]))  # 0.0, not -0.0


@needs_numba
def test_the_compiled_sums_loop_adds_as_numpy_does() -> None:
    lengths = list(range(301)) + [511, 1024, 1031, 4097, 8192, 8193, 20_000, 65_537]
    for seed in range(3):
        values, keep, cut = _segments(lengths, seed)
        loop = _compiled()["segment_sums"]
        chunk = _kernels.reduce_chunk()
        assert loop(values, np.ones(len(values), dtype=bool), cut, chunk).tobytes() == _reference_sums(
            values, np.ones(len(values), dtype=bool), cut)
        assert loop(values, keep, cut, chunk).tobytes() == _reference_sums(values, keep, cut)


def test_sums_in_pieces_add_as_numpy_before_2_3_does() -> None:
    # What NumPy before 2.3 does with an array longer than its buffer, written out: pieces of 8192, each summed
    # pairwise, added in order. Whichever this NumPy is, both ways must be what segment_sums gives.
    lengths = [8192, 8193, 16_385, 20_000]
    values, _, cut = _segments(lengths, 5)
    everything = np.ones(len(values), dtype=bool)
    whole = _kernels.segment_sums(values, everything, cut, 0)
    pieces = _kernels.segment_sums(values, everything, cut, 8192)
    for d, (a, b) in enumerate(itertools.pairwise(cut.tolist())):
        by_piece = 0.0
        for at in range(a, b, 8192):
            by_piece = by_piece + float(np.add.reduce(values[at : min(at + 8192, b)]))
        assert pieces[d] == by_piece
        if b - a <= 8192:  # one piece: the same sum
            assert whole[d] == by_piece
    assert (whole != pieces).any()  # the test tells the two apart
    assert _kernels.reduce_chunk() == (8192 if np.lib.NumpyVersion(np.__version__) < "2.3.0" else 0)


def test_the_sums_parity_check_can_fail() -> None:
    # Adding in plain order differs from NumPy's pairwise order somewhere in these lengths.
    values, keep, cut = _segments(list(range(301)), 0)
    in_order = np.array([float(sum(values[a:b][keep[a:b]], 0.0)) for a, b in itertools.pairwise(cut.tolist())]).tobytes()
    assert in_order != _reference_sums(values, keep, cut)


def test_rows_add_up_the_same_with_and_without_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    values, _, cut = _segments([0, 5, 130, 9, 300], 3)
    rows = _ngrams.NgramRows(np.arange(len(values)) % 17, values, cut)
    mask = np.arange(17) % 3 == 0
    with _steps(monkeypatch, None):
        want = rows.sums().tobytes(), rows.sums_where(mask).tobytes()
    with _steps(monkeypatch, _kernels.LOOPS):
        assert (rows.sums().tobytes(), rows.sums_where(mask).tobytes()) == want


# --- when the loops run ------------------------------------------------------


def test_the_loops_constants_are_the_steps_constants() -> None:
    # The loops cannot import the feature modules (they come later in the layers): they repeat their constants.
    assert (_kernels._WORD_T, _kernels._NUMBER_T, _kernels._DOTS_T, _kernels._DASHES_T, _kernels._SINGLE_T) == (
        _ngrams._WORD_T, _ngrams._NUMBER_T, _ngrams._DOTS_T, _ngrams._DASHES_T, _ngrams._SINGLE_T)
    assert (_kernels._LOWER_C, _kernels._UPPER_C, _kernels._APOS_C) == (
        _stylometry._LOWER_C, _stylometry._UPPER_C, _stylometry._APOS_C)
    assert max(_kernels._LOWER_C, _kernels._UPPER_C, _kernels._APOS_C) < min(
        _stylometry._OTHER_C, _stylometry._SPACE_C, _stylometry._SPARSE_BASE)  # word bytes are the classes up to _APOS_C


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that has featurized nothing and loaded no loop; "numba" is the plain Python loops."""
    monkeypatch.setattr(_kernels, "_state", {"bytes": 0, "loaded": False})
    monkeypatch.setattr(_kernels, "_numba_loops", lambda: _kernels.LOOPS)
    monkeypatch.delenv(_kernels.KERNELS_ENV, raising=False)


@pytest.mark.usefixtures("fresh_process")
def test_numpy_in_the_environment_turns_the_loops_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numpy")
    _kernels.saw(_kernels.WARM_BYTES)
    assert _kernels.compiled("stream_tokens", 1 << 30) is None
    monkeypatch.delenv(_kernels.KERNELS_ENV)
    assert inspect.unwrap(_kernels.compiled("stream_tokens", 1 << 30)) is _kernels.stream_tokens
    monkeypatch.setenv(_kernels.KERNELS_ENV, " NumBa ")
    assert inspect.unwrap(_kernels.compiled("stream_tokens", 1 << 30)) is _kernels.stream_tokens


@pytest.mark.usefixtures("fresh_process")
def test_a_short_buffer_takes_the_numpy_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numba")
    assert _kernels.compiled("stream_tokens", _kernels.MIN_BYTES - 1) is None
    assert inspect.unwrap(_kernels.compiled("stream_tokens", _kernels.MIN_BYTES)) is _kernels.stream_tokens


@pytest.mark.usefixtures("fresh_process")
def test_left_to_credscore_the_loops_wait_for_a_long_job(monkeypatch: pytest.MonkeyPatch) -> None:
    # Unset: NumPy until the process has featurized WARM_BYTES (numba's import and the load pay back only then) ...
    assert _kernels.compiled("word_stats", 1 << 20) is None
    _kernels.saw(_kernels.WARM_BYTES - 1)
    assert _kernels.compiled("word_stats", 1 << 20) is None
    _kernels.saw(1)
    assert inspect.unwrap(_kernels.compiled("word_stats", 1 << 20)) is _kernels.word_stats
    # ... and once loaded, they stay in use.
    monkeypatch.setattr(_kernels, "_state", {"bytes": 0, "loaded": True})
    assert inspect.unwrap(_kernels.compiled("word_stats", 1 << 20)) is _kernels.word_stats


@pytest.mark.usefixtures("fresh_process")
def test_featurize_counts_what_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore._features import featurize

    featurize(["The cat sat on the mat.", "Sources said so."], [None, None])
    first = _kernels._state["bytes"]
    featurize(["The cat sat on the mat.", "Sources said so."], [None, None])
    assert first > len("The cat sat on the mat.Sources said so.") and _kernels._state["bytes"] == 2 * first
    assert not _kernels._state["loaded"]


def test_a_bad_choice_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_kernels.KERNELS_ENV, "cython")
    with pytest.raises(ValueError, match=r"CREDSCORE_KERNELS must be 'numpy', 'numba' or unset, not 'cython'"):
        _kernels.compiled("stream_tokens", 1 << 30)


def test_asking_for_numba_without_it_is_an_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_kernels, "_numba_loops", lambda: None)
    monkeypatch.setattr(_kernels, "_state", {"bytes": _kernels.WARM_BYTES, "loaded": False})
    monkeypatch.delenv(_kernels.KERNELS_ENV, raising=False)
    assert _kernels.compiled("stream_tokens", 1 << 30) is None  # unset: NumPy, quietly
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numba")
    with pytest.raises(ImportError, match=re.escape(install_command("fast"))):
        _kernels.compiled("stream_tokens", 1 << 30)


def test_without_numba_installed_the_loops_are_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_numba(name: str, *args: object, **kwargs: object) -> object:
        if name == "numba" or name.startswith("numba."):
            raise ImportError("No module named 'numba'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    _kernels._numba_loops.cache_clear()
    try:
        monkeypatch.setattr(builtins, "__import__", no_numba)
        assert not _kernels.available()
    finally:
        monkeypatch.undo()
        _kernels._numba_loops.cache_clear()


@needs_numba
def test_without_a_cache_folder_the_loops_compile_in_the_process(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # numba refuses cache=True when no folder is writable (a read-only package and home): the loops then
    # compile without a cache, with a warning, rather than every score failing.
    import numba

    real_njit = numba.njit

    def njit(*args: object, **kwargs: object) -> object:
        if kwargs.get("cache"):
            raise RuntimeError("cannot cache function 'x': no locator available for file 'x.py'")
        return real_njit(*args, **kwargs)

    _kernels._numba_loops.cache_clear()
    try:
        monkeypatch.setattr(numba, "njit", njit)
        with caplog.at_level("WARNING", logger="credscore._kernels"):
            loops = _kernels._numba_loops()
        assert loops is not None and set(loops) == set(_kernels.LOOPS)
        assert "compiled in every process" in caplog.text
        monkeypatch.undo()
        _assert_same_stream(monkeypatch, loops, ["The 3 Bears, don't!"])
    finally:
        _kernels._numba_loops.cache_clear()


def test_compiled_loops_raise_an_interrupt_as_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """numba's dispatcher turns an exception a signal handler raised during the loop into SystemError; the loop
    compiled() hands out raises the KeyboardInterrupt itself, and any other SystemError unchanged."""
    from credscore import _kernels

    def interrupted(*args: object) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise SystemError("returned a result with an exception set") from exc

    def broken(*args: object) -> None:
        raise SystemError("something else")

    monkeypatch.setattr(_kernels, "_numba_loops", lambda: {"stream_tokens": interrupted, "word_stats": broken})
    monkeypatch.setattr(_kernels, "wanted", lambda n, min_bytes=None: True)
    loop = _kernels.compiled("stream_tokens", 1 << 20)
    assert loop is not None
    with pytest.raises(KeyboardInterrupt):
        loop(1, 2)
    other = _kernels.compiled("word_stats", 1 << 20)
    assert other is not None
    with pytest.raises(SystemError, match="something else"):
        other()
