"""The byte-level token pass equals the per-text reference implementations exactly.

The writing-pattern n-grams and the English check are read from one shared
tokenisation of the batch (:mod:`credscore._tokens`). Their reference, the
per-text Python regex tokenizers they replaced, is kept as the oracle:
tests/ngram_oracle.py for the n-grams, :func:`credscore._language.check_english`
for the English check. Counts and word counts must be identical, token for
token, on hand-written edge cases and on every article of the shared corpora.
"""

from __future__ import annotations

import itertools
import json

import ngram_oracle
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import budget, documents, unicode_text
from tracing import traced_peak

from credscore import _kernels, _ngrams
from credscore import _language as language
from credscore._language import check_english, english_checks, looks_english_batch
from credscore._ngrams import BASE_TOKENS, analyse, distorted_ids, distorted_stream
from credscore._tokens import encode_batch

EDGE_CASES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "The cat sat on the mat.",
    # typography: curly quotes, apostrophes, dashes, ellipsis, minus
    "\u201cYes,\u201d she said \u2018quietly\u2019 \u2014 don\u2019t \u2013 won\u2019t \u2026 wait\u2026.",
    "1990\u20132000, \u22125 and a \u2014\u2014 b -\u2014- c ---- d \u2026\u2026 e .\u2026.",
    "\u201eQuoted\u201d and \u2019twas the \u2018 lone \u2019 marks",
    # numbers
    "1,000.5 and 3.5% of 1.2.3, 1..2, 1,,2 1., .5 ,5 5, 1,2,3 12:30 1e5 0x1F",
    "\u0661\u0662\u0663 and \uff11\uff12 and 1\u0662.3 \u00b2 x\u00b2 \u00bd \u2167",
    # hyphens, possessives, apostrophes
    "well-known co-owner's rock'n'roll O'Brien's 'quoted' '' a''b ' a' 'b l'\u00e9t\u00e9",
    "the '90s, the dogs' bowls, James' and James's",
    # capitals
    "NATO USA I A I'M DON'T Don'T McDonald iPhone X XX Xx A.B.C. U.S. THE The tHe",
    "SIGNIFICANTLY Significantly significantlyy significantl ADDITIONALLY",
    # non-ASCII letters and scripts
    "Zo\u00eb M\u00fcller \u00c9COLE na\u00efve caf\u00e9 cafe\u0301 stra\u00dfe \u0130STANBUL \u212aelvin li\u212aewise",
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440 \u4f60\u597d\u4e16\u754c \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \u03b1\u03b2\u03b3",
    "emoji \U0001f600\U0001f600 \u00a9 2024 \u20ac5 \u00a35 \u2122 \u00b0C \u00a0nbsp\u2003em\u3000ideo",
    "surrogate \ud800 alone \udfff",
    # non-ASCII bytes before any token, or no token at all
    "\u00a0",
    "\u2003\u00a0 word",
    "\u00a9",
    "\u00e9",
    "\u00a0 Caf\u00e9",
    # symbols and underscores
    "snake_case __init__ a_b _ __ #tag @user $5 *bold* [x] {y} <z> | ~ ^ ` \\ & = +",
    "tabs\tand\nnewlines\r\nand \x1c\x1d\x1e\x1f separators \x0b\x0c",
    "...... .. . - -- --- ?! !? ;: ,,",
    "a" * 40 + " " + "B" * 20 + " x",
]


def _assert_same(texts: list[str]) -> None:
    want_counts, want_words = ngram_oracle.analyse(texts)
    got_counts, got_words = analyse(texts)
    assert got_words.tolist() == want_words.tolist()
    assert len(got_counts) == len(texts)
    for i, ((gk, gc), (wk, wc)) in enumerate(zip(got_counts, want_counts)):
        assert gk.dtype == wk.dtype and gc.dtype == np.int64
        if not (np.array_equal(gk, wk) and np.array_equal(gc, wc)):
            got = [BASE_TOKENS[k - 1] for k in distorted_stream(encode_batch([texts[i]]))[0]]
            want = [BASE_TOKENS[k - 1] for k in ngram_oracle.distorted_ids(texts[i])]
            raise AssertionError(f"text {i} {texts[i][:80]!r}: stream {got[:40]} != reference {want[:40]}")
    batch = encode_batch(texts)
    checks = english_checks(batch)
    for i, t in enumerate(texts):
        assert checks[i] == check_english(t), f"text {i} {t[:80]!r}"
    assert looks_english_batch(batch).tolist() == [check_english(t).looks_english for t in texts]


@pytest.mark.parametrize("text", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_one_text_matches_the_reference(text: str) -> None:
    _assert_same([text])
    ids = distorted_stream(encode_batch([text]))[0]
    assert ids.tolist() == ngram_oracle.distorted_ids(text).tolist()


def test_a_batch_matches_the_reference_text_by_text() -> None:
    # n-grams must not run across texts, and empty texts sit anywhere in a batch
    _assert_same(EDGE_CASES + EDGE_CASES[::-1])


def test_a_batch_of_more_texts_than_one_sort_holds_matches_the_reference() -> None:
    # n-gram keys are sorted as 32-bit numbers, _TEXTS_PER_SORT texts at a time
    texts = (EDGE_CASES + ["", "a", "a b c"]) * (3 * _ngrams._TEXTS_PER_SORT // len(EDGE_CASES) + 1)
    assert len(texts) > 3 * _ngrams._TEXTS_PER_SORT
    _assert_same(texts)


def test_keys_of_too_many_texts_for_one_sort_are_refused() -> None:
    ids = np.ones(2, dtype=np.int64)
    with pytest.raises(ValueError, match="texts in one sort"):
        _ngrams._count_keys(ids, np.array([0, _ngrams._TEXTS_PER_SORT]), 2)
    keys, counts = _ngrams._count_keys(ids, np.array([5, 5 + _ngrams._TEXTS_PER_SORT - 1]), 2)
    assert (keys // _ngrams._B**3).tolist() == [5, 5 + _ngrams._TEXTS_PER_SORT - 1] and counts.tolist() == [1, 1]


_TOKENISH = st.text(st.sampled_from(list("aZé'’.,-—…1٣_ \u00a0\n\x00²½K")), max_size=30)


@settings(max_examples=budget(300))
@given(st.lists(st.one_of(unicode_text, _TOKENISH), max_size=6))
def test_arbitrary_unicode_matches_the_reference(texts: list[str]) -> None:
    _assert_same(texts)


@settings(max_examples=budget(100))
@given(documents)
def test_mixed_documents_match_the_reference(texts: list[str]) -> None:
    _assert_same(texts)


def test_the_english_sample_is_cut_where_the_reference_cuts_it() -> None:
    from credscore._language import SAMPLE_CHARS

    base = "the cat sat on the mat and \u2026 \u201cthen\u201d "
    for shift in range(-3, 4):
        # a word cut by the sample's end ("the" from "then"), after multi-byte characters
        text = base * (SAMPLE_CHARS // len(base)) + "x" * (SAMPLE_CHARS % len(base) + shift) + " then more"
        _assert_same([text, "Caf\u00e9 " * (SAMPLE_CHARS // 5 + shift) + "theory"])


@settings(max_examples=budget(200))
@given(st.lists(st.one_of(unicode_text, _TOKENISH, st.just("")), max_size=8), st.integers(0, 12))
def test_samples_cut_anywhere_in_a_batch_match_the_reference(texts: list[str], sample: int) -> None:
    # With a sample of a few characters, texts longer than their sample sit
    # first, last, side by side and between short ones: english_checks reads
    # only the samples, in stretches that each long text ends.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(language, "SAMPLE_CHARS", sample)
        checks = english_checks(encode_batch(texts))
        assert checks == [check_english(t) for t in texts]


def test_a_long_text_is_read_only_up_to_its_sample() -> None:
    # Letters past the sample do not count, whichever text of the batch is long.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(language, "SAMPLE_CHARS", 8)
        texts = ["the cat sat", "", "Страна и the", "ab cd"]
        checks = english_checks(encode_batch(texts))
        assert [c.tokens for c in checks] == [2, 0, 2, 2]  # "the cat " / "Страна и" / "ab cd"
        assert [c.letters for c in checks] == [6, 0, 7, 4]


def test_the_parity_check_can_fail() -> None:
    # the oracle really tokenizes: a different text gives a different stream
    assert ngram_oracle.distorted_ids("don't").tolist() != ngram_oracle.distorted_ids("don t").tolist()
    with pytest.raises(AssertionError):
        got, _ = analyse(["a b"])
        want, _ = ngram_oracle.analyse(["a B"])
        assert np.array_equal(got[0][0], want[0][0])


@pytest.mark.corpora
def test_every_shared_article_matches_the_reference() -> None:
    from credscore._corpora import find_data_dir

    data = find_data_dir()
    if data is None:
        pytest.skip("shared corpora not found (set CREDSCORE_DATA)")
    paths = sorted((data / "corpora").glob("*/articles.jsonl"))
    assert paths
    n = 0
    for path in paths:
        with path.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        texts = [r["text"] for r in rows] + [r.get("title") or "" for r in rows]
        for k in range(0, len(texts), 500):
            _assert_same(texts[k : k + 500])
        n += len(rows)
    assert n > 8000


def test_a_batch_of_other_texts_is_refused() -> None:
    from credscore._features import judgeable
    from credscore._stylometry import stylometry

    texts = ["The council met on Monday.", "Sources said so."]
    batch = encode_batch(texts)
    other = ["The council met on Monday.", "Sources said no."]
    for call in (
        lambda: stylometry(other, batch),
        lambda: analyse(other, batch),
        lambda: judgeable(other, np.array([25, 25]), batch),
    ):
        with pytest.raises(ValueError, match="first difference at 1"):
            call()
    with pytest.raises(ValueError, match="holds 2 texts, not 1"):
        analyse(texts[:1], batch)
    # the same texts in another list are the same batch
    _, words = analyse(list(texts), batch)
    assert words.tolist() == analyse(texts)[1].tolist()


def test_featurize_and_explain_tokenise_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import credscore
    from credscore import _api, _features, _ngrams, _stylometry, _tokens
    from credscore._features import featurize

    calls: list[int] = []
    real = _tokens.encode_batch

    def counting(texts: list[str]) -> _tokens.ByteBatch:
        calls.append(len(texts))
        return real(texts)

    for module in (_tokens, _features, _api, _stylometry, _ngrams):
        monkeypatch.setattr(module, "encode_batch", counting)
    texts = ["The council met on Monday, officials said.", "Sources said the vote was rigged!"]
    featurize(texts, [None, None])
    assert calls == [2]
    calls.clear()
    credscore.explain(texts[1])
    assert calls == [1]


@pytest.mark.parametrize("content_words", [False, True])
def test_a_corpus_read_in_pieces_gives_the_same_features(monkeypatch: pytest.MonkeyPatch, content_words: bool) -> None:
    from credscore import _features
    from credscore._features import feature_matrix, featurize

    texts = [t for t in EDGE_CASES if t] * 3 + ["The council met on Monday, officials said. " * 40]
    titles = [None, "A title"] * (len(texts) // 2) + [None] * (len(texts) % 2)
    whole = featurize(texts, titles, content_words=content_words)
    whole_X = feature_matrix(texts, titles)
    monkeypatch.setattr(_features, "CHUNK_CHARS", 60)
    assert len(_features.chunk_ranges(texts)) > 10
    pieces = featurize(texts, titles, content_words=content_words)
    assert np.array_equal(pieces.X, whole.X) and np.array_equal(feature_matrix(texts, titles), whole_X)
    assert np.array_equal(pieces.words, whole.words) and np.array_equal(pieces.judgeable, whole.judgeable)
    for (pk, pc), (wk, wc) in zip(pieces.ngrams, whole.ngrams, strict=True):
        assert np.array_equal(pk, wk) and np.array_equal(pc, wc)
    if content_words:
        assert pieces.content is not None and whole.content is not None
        for (pk, pc), (wk, wc) in zip(pieces.content, whole.content, strict=True):
            assert np.array_equal(pk, wk) and np.array_equal(pc, wc)
    else:
        assert pieces.content is None


def test_pieces_cover_every_text_once() -> None:
    from credscore._features import chunk_ranges

    assert chunk_ranges([]) == [(0, 0)]
    assert chunk_ranges(["x" * 10]) == [(0, 1)]
    texts = ["a" * (1 << 21)] * 5
    ranges = chunk_ranges(texts)
    assert ranges[0][0] == 0 and ranges[-1][1] == 5
    assert all(b == c for (_, b), (c, _) in itertools.pairwise(ranges))
    assert len(ranges) == 3


def test_byte_classes_read_in_several_passes_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore import _tokens

    texts = [t * 3 for t in EDGE_CASES]
    whole = encode_batch(texts).classes.copy()
    monkeypatch.setattr(_tokens, "_BYTES_PER_PASS", 3)
    assert np.array_equal(encode_batch(texts).classes, whole)


def _check_count_in_ranges(mask: np.ndarray, cuts: list[int], per_pass: int) -> None:
    """count_in_ranges over the ranges [cuts[0], cuts[1]), [cuts[2], cuts[3]), ... equals plain sums."""
    from credscore import _tokens

    start, end = np.array(cuts[0::2][: len(cuts) // 2], dtype=np.int64), np.array(cuts[1::2], dtype=np.int64)
    old = _tokens._BYTES_PER_PASS
    _tokens._BYTES_PER_PASS = per_pass
    try:
        got = _tokens.count_in_ranges(mask, start, end)
    finally:
        _tokens._BYTES_PER_PASS = old
    assert got.tolist() == [int(mask[a:b].sum()) for a, b in zip(start.tolist(), end.tolist())]


@pytest.mark.parametrize("per_pass", [1, 2, 3, 7, 1 << 20])
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_count_in_ranges_is_the_sum_over_each_range(per_pass: int, data: st.DataObject) -> None:
    # Block by block (down to one byte a block) as in one piece: the running
    # count is carried across blocks, and a bound may sit on a block edge or
    # at the very end of the mask.
    mask = np.array(data.draw(st.lists(st.booleans(), max_size=40)), dtype=bool)
    _check_count_in_ranges(mask, sorted(data.draw(st.lists(st.integers(0, len(mask)), max_size=12))), per_pass)


@pytest.mark.parametrize("per_pass", [64, 100, 1 << 20])
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_count_in_ranges_on_sparse_and_dense_blocks(per_pass: int, data: st.DataObject) -> None:
    # Long masks with few set bytes in some blocks (each position found in its
    # range) and many in others (a running count), ranges across blocks.
    size = data.draw(st.integers(0, 600))
    mask = np.zeros(size, dtype=bool)
    mask[data.draw(st.lists(st.integers(0, max(size - 1, 0)), max_size=8 if size else 0))] = True
    dense_from = data.draw(st.integers(0, size))
    mask[dense_from : dense_from + data.draw(st.integers(0, 200))] = True
    _check_count_in_ranges(mask, sorted(data.draw(st.lists(st.integers(0, size), max_size=20))), per_pass)


def test_count_in_ranges_refuses_unsorted_or_outside_ranges() -> None:
    from credscore._tokens import count_in_ranges

    mask = np.ones(5, dtype=bool)
    for start, end in [([3, 0], [4, 2]), ([0], [6]), ([-1], [2]), ([2], [1])]:
        with pytest.raises(ValueError, match="sorted, disjoint and inside"):
            count_in_ranges(mask, np.array(start), np.array(end))


def _traced_peak(text: str) -> int:
    """The peak of traced memory while ``featurize`` reads ``text``, in bytes."""
    from credscore._features import featurize

    return traced_peak(lambda: featurize([text], [None]))[0]


def _warm_up(text: str) -> None:
    """Compile the matcher, build the tables and load the compiled loops (if any) before a peak is traced."""
    from credscore._features import featurize

    featurize([text[: 2 * _kernels.MIN_BYTES]], [None])


def _peak_growth_per_byte(small: str, large: str) -> float:
    """What featurize's traced peak grows by per extra byte of text, from ``small`` to ``large``
    (fixed costs, such as one block's running count, cancel out)."""
    _warm_up(small)
    return (_traced_peak(large) - _traced_peak(small)) / (len(large.encode()) - len(small.encode()))


def test_memory_of_non_ascii_text_does_not_hold_a_position_per_byte() -> None:
    # Chinese text is three bytes a character, all non-ASCII: the byte classes,
    # the English check, syllables and the n-gram stream must not keep an
    # int64 per byte (8x the text; 10 MB of it once took 1.2 GB).
    sentence = "市议会周二投票批准了预算，官员们说。"
    per_byte = _peak_growth_per_byte(sentence * 20_000, sentence * 80_000)  # 1.08 and 4.32 MB of UTF-8
    assert per_byte < 8, f"the peak grows by {per_byte:.1f} bytes per byte of Chinese text"


@pytest.mark.parametrize("choice", [
    "numpy", pytest.param("numba", marks=pytest.mark.skipif(not _kernels.available(), reason="numba is not installed"))])
@pytest.mark.parametrize("unit", ["a.", "a ", "ab-"])
def test_memory_of_dense_short_words_stays_a_few_times_the_text(monkeypatch: pytest.MonkeyPatch, unit: str, choice: str) -> None:
    # A token every 2-3 bytes: token arrays of int64 start, end, length and
    # text (32 bytes a token), 50-token windows sorted all at once and a 2 MB
    # pass of the n-gram stream made 10 MB of "a." peak at +340 MB (29-33
    # bytes per byte); int32 positions, window and lookup blocks and 1 MB
    # stream passes keep it to 9-16 on the NumPy steps, and the compiled
    # loops (15 bytes a word, arrays sized exactly) to 5-8.
    monkeypatch.setenv(_kernels.KERNELS_ENV, choice)
    per_byte = _peak_growth_per_byte(unit * (1_000_000 // len(unit)), unit * (4_000_000 // len(unit)))
    assert per_byte < 20, f"the peak grows by {per_byte:.1f} bytes per byte of {unit!r} repeated ({choice})"


@pytest.mark.skipif(not _kernels.available(), reason="numba is not installed")
@pytest.mark.parametrize("unit", ["a.", "a ", "ab-", "! ", "市议会周二投票批准了预算，官员们说。"])
def test_the_compiled_loops_do_not_raise_the_peak(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    text = unit * (4_000_000 // len(unit.encode()))
    monkeypatch.setenv(_kernels.KERNELS_ENV, "numba")
    _warm_up(text)

    def peak(choice: str) -> int:
        monkeypatch.setenv(_kernels.KERNELS_ENV, choice)
        return _traced_peak(text)

    # At most one pass of the stream loop's token arrays on top (18 bytes a slot of room, see
    # _kernels.stream_tokens): the loops' arrays take fewer bytes a token than the NumPy steps' temporaries.
    room = _ngrams._STREAM_BYTES_PER_PASS // 4 + _kernels._BLOCK
    with_loops, without = peak("numba"), peak("numpy")
    assert with_loops <= without + 18 * room, f"{with_loops / 1e6:.1f} MB with the loops, {without / 1e6:.1f} MB without"


def _analyse_in_passes(texts: list[str], stream_bytes: int, ngram_tokens: int) -> tuple[object, object]:
    from credscore import _ngrams

    old = _ngrams._STREAM_BYTES_PER_PASS, _ngrams._NGRAM_TOKENS_PER_PASS
    _ngrams._STREAM_BYTES_PER_PASS, _ngrams._NGRAM_TOKENS_PER_PASS = stream_bytes, ngram_tokens
    try:
        batch = encode_batch(texts)
        return distorted_stream(batch), analyse(texts, batch)
    finally:
        _ngrams._STREAM_BYTES_PER_PASS, _ngrams._NGRAM_TOKENS_PER_PASS = old


def _same(a: object, b: object) -> bool:
    (ids_a, doc_a), (counts_a, words_a) = a  # type: ignore[misc]
    (ids_b, doc_b), (counts_b, words_b) = b  # type: ignore[misc]
    return (
        np.array_equal(ids_a, ids_b)
        and np.array_equal(doc_a, doc_b)
        and np.array_equal(words_a, words_b)
        and all(np.array_equal(k1, k2) and np.array_equal(c1, c2) for (k1, c1), (k2, c2) in zip(counts_a, counts_b))
    )


@pytest.mark.parametrize(("stream_bytes", "ngram_tokens"), [(1, 1), (2, 2), (3, 1), (5, 3), (17, 4), (1, 1 << 20), (1 << 21, 1)])
@given(texts=documents)
@settings(max_examples=40, deadline=None)
def test_stream_and_ngram_counts_in_passes_are_the_same(stream_bytes: int, ngram_tokens: int, texts: list[str]) -> None:
    # Cut points may fall inside a text (and within a few bytes of each
    # other); a text may span many n-gram passes, or a pass hold many texts.
    whole = _analyse_in_passes(texts, 1 << 21, 1 << 20)
    assert _same(_analyse_in_passes(texts, stream_bytes, ngram_tokens), whole)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_stream_in_passes_on_edge_cases(text: str) -> None:
    texts = [text * 3, text, "don't 1,200.5 ... -- x'y 'q' ,3 " + text]
    whole = _analyse_in_passes(texts, 1 << 21, 1 << 20)
    for stream_bytes, ngram_tokens in [(1, 1), (2, 3), (4, 2)]:
        assert _same(_analyse_in_passes(texts, stream_bytes, ngram_tokens), whole)


def _stylometry_in_passes(
    texts: list[str], per_pass: int, windows: int = 1 << 15, lookups: int = 1 << 20, int32_max: int = 2**31 - 1
) -> tuple[np.ndarray, ...]:
    from credscore import _stylometry, _tokens

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_stylometry, "_SPARSE_BYTES_PER_PASS", per_pass)
        mp.setattr(_stylometry, "_TTR_ROWS_PER_PASS", windows)
        mp.setattr(_tokens, "_TOKENS_PER_PASS", lookups)
        mp.setattr(_stylometry, "_INT32_MAX", int32_max)
        return _stylometry.stylometry(texts)


@pytest.mark.parametrize(("windows", "lookups", "int32_max"), [(1, 1, 2**31 - 1), (2, 3, 0), (7, 1 << 20, 0)])
@given(texts=documents)
@settings(max_examples=30, deadline=None)
def test_stylometry_in_blocks_and_with_int64_positions_is_the_same(
    windows: int, lookups: int, int32_max: int, texts: list[str]
) -> None:
    # 50-token windows sorted a few rows at a time, function words looked up
    # a few tokens at a time, and int64 token positions (what a buffer over
    # 2 GiB gets) give the numbers of one step with int32 positions.
    texts = [*texts, _PUNCTUATION_TEXT, "word " * 230 + "The end. " * 40]
    whole = _stylometry_in_passes(texts, 1 << 21)
    for a, b in zip(_stylometry_in_passes(texts, 1 << 21, windows, lookups, int32_max), whole):
        assert np.array_equal(a, b)


def test_token_positions_are_int32_below_2_gib_and_int64_above() -> None:
    from credscore import _stylometry

    batch = encode_batch(["a b c"])
    assert _stylometry.positions_dtype(batch) is np.int32
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_stylometry, "_INT32_MAX", len(batch.buf) - 1)
        assert _stylometry.positions_dtype(batch) is np.int64


_PUNCTUATION_TEXT = 'He said: "Stop -- now!" 1990\u20132000 -- a - b ... c.. d\u2014e \u2013 f?! "Yes." (x); [y], z\u2026'


@pytest.mark.parametrize("per_pass", [1, 2, 3, 7])
@given(texts=documents)
@settings(max_examples=40, deadline=None)
def test_punctuation_in_passes_is_the_same(per_pass: int, texts: list[str]) -> None:
    # Passes that cut dash and dot runs, multi-byte dashes and sentence ends.
    texts = [*texts, _PUNCTUATION_TEXT]
    whole = _stylometry_in_passes(texts, 1 << 21)
    for a, b in zip(_stylometry_in_passes(texts, per_pass), whole):
        assert np.array_equal(a, b)


def test_stream_in_passes_across_a_token_longer_than_the_search_window() -> None:
    # No cut point for 200,000 bytes (one letter run, then digits joined by
    # commas): the search for the next cut widens until it finds one.
    texts = ["x" * 200_000 + " tail, end.", "1," * 100_000 + "1 done", "ok"]
    whole = _analyse_in_passes(texts, 1 << 21, 1 << 20)
    assert _same(_analyse_in_passes(texts, 1, 7), whole)
    assert _same(_analyse_in_passes(texts, 70_000, 1 << 20), whole)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.lists(st.integers(0, 255), min_size=1, max_size=256))
def test_translate_is_numpy_table_indexing(data: bytes, values: list[int]) -> None:
    from credscore._tokens import translate, translation

    table = np.zeros(256, dtype=np.uint8)
    table[: len(values)] = values
    raw = np.frombuffer(data, dtype=np.uint8)
    got = translate(data, translation(values))
    assert got.dtype == np.uint8 and got.tolist() == table[raw].tolist() and not got.flags.writeable
    # from an array, as bool, writable
    flags = translate(raw, translation([v & 1 for v in values]), bool, writable=True)
    assert flags.dtype == np.bool_ and flags.tolist() == (table[raw] & 1).astype(bool).tolist()
    flags[:] = True  # a copy of its own: the input is untouched
    assert raw.tolist() == list(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=240), st.lists(st.integers(0, 80), max_size=12), st.sampled_from([np.int32, np.int64]))
@example(b"\xff" * 90, [20, 0, 9, 25, 33], np.int32)  # 1, 2 and 4 words, an empty range, one past _SWAR_BYTES
@example(b"\xff" * 90, [32, 40], np.int64)  # one of exactly _SWAR_BYTES beside a longer one (mutation run 40)
def test_byte_sums_count_what_count_in_ranges_counts(data: bytes, cuts: list[int], dtype: type) -> None:
    # Ranges of any length (one 8-byte word, several, and past _SWAR_BYTES),
    # next to each other or empty, in int32 or int64 positions; 0/1 bytes,
    # high bytes, UTF-8 continuation bytes.
    from credscore._tokens import byte_sums, count_in_ranges

    raw = np.frombuffer(data + b"\x00" * 8, dtype=np.uint8)
    bounds = np.cumsum([0, *cuts])
    bounds = bounds[bounds <= len(data)]
    start, end = bounds[:-1].astype(dtype), bounds[1:].astype(dtype)
    flags = (raw & 1).astype(np.uint8)
    from credscore import _tokens

    for per_pass in (1 << 20, 2):  # one block of ranges, and two ranges a block
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(_tokens, "_TOKENS_PER_PASS", per_pass)
            assert byte_sums(flags, start, end - start).tolist() == count_in_ranges(flags.astype(bool), start, end).tolist()
            assert byte_sums(raw, start, end - start, "high").tolist() == count_in_ranges(raw >= 0x80, start, end).tolist()
            cont = np.right_shift(raw, 6) == 2
            assert byte_sums(raw, start, end - start, "continuation").tolist() == count_in_ranges(cont, start, end).tolist()


def test_byte_sums_take_a_bounded_number_of_steps_however_long_a_range() -> None:
    # A 1 MB word must not be read 8 bytes per NumPy step (125,000 steps):
    # ranges past _SWAR_BYTES take a running count instead.
    from credscore import _tokens

    calls = []
    real = _tokens._word_sums
    raw = np.zeros(1_000_040, dtype=np.uint8)
    raw[::3] = 0x80
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_tokens, "_word_sums", lambda *a: calls.append(1) or real(*a))
        got = _tokens.byte_sums(raw, np.array([0, 1_000_000]), np.array([1_000_000, 30]), "high")
    assert got.tolist() == [333_334, 10]
    assert len(calls) <= 8  # a few words per range at most, then a running count


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0x80, 0x10FFFF), max_size=50))
def test_code_point_classes_come_from_the_table_as_char_class_gives_them(cps: list[int]) -> None:
    # First reading fills the process-wide table; the second reads it back.
    from credscore._tokens import _CLASS_OF_CODE_POINT, char_class

    cp = np.array(cps, dtype=np.int64)
    want = [char_class(c) for c in cps]
    assert _CLASS_OF_CODE_POINT.of(cp).tolist() == want
    assert _CLASS_OF_CODE_POINT.of(cp).tolist() == want


def test_every_letter_of_unicode_gets_the_reference_word_id() -> None:
    # Words with non-ASCII letters are classified by a table of code points
    # (case of each character): every letter, alone, doubled and next to an
    # ASCII capital or small letter, against the reference tokenizer.
    from credscore._tokens import LETTER, char_class

    letters = [chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF and char_class(c) == LETTER]
    for form in ("{}", "{0}{0}", "A{}", "{}a", "{}A"):
        text = " ".join(form.format(c) for c in letters)
        assert distorted_ids(text).tolist() == ngram_oracle.distorted_ids(text).tolist(), form


def test_a_few_non_ascii_words_in_english_get_the_reference_ids() -> None:
    # Where non-ASCII bytes are few, the stream finds the words holding one by
    # the bytes' positions instead of summing every word's bytes.
    base = "The council said on Monday that the plan would go ahead. " * 30
    for word in ("caf\u00e9", "Z\u00fcrich", "na\u00efve\u2019s", "\u00c9COLE", "x\u0301y", "\U0001f600", "o\u212aay", "\u65e5\u672c"):
        for text in (word + " " + base, base + word, base + " " + word + "-" + word + ". " + base, "\u00e9" + base):
            assert distorted_ids(text).tolist() == ngram_oracle.distorted_ids(text).tolist(), (word, text[:20])


def test_english_check_with_a_few_non_ascii_letters_matches_the_reference() -> None:
    # Where non-ASCII bytes are few, the English check counts them per run from
    # their positions instead of summing every run's bytes.
    base = "The council said on Monday that the plan would go ahead. " * 30
    texts = [w + " " + base for w in ("caf\u00e9", "Z\u00fcrich", "\u00c9COLE", "x\u0301y", "o\u212aay", "\u65e5\u672c")]
    texts += [base + "na\u00efve", "\u00e9" + base + "\u00e9", base, "\u00e9t\u00e9 " * 3 + base]
    checks = english_checks(encode_batch(texts))
    assert checks == [check_english(t) for t in texts]
    assert {c.ascii_letter_share < 1.0 for c in checks} == {True, False}


def test_a_kelvin_sign_makes_a_function_word_as_the_reference_does() -> None:
    # "o\u212aay" lowercases to "okay", a function word: such words are classified in Python.
    for text in ["o\u212aay then", "O\u212aAY", "li\u212aewise \u00e9t\u00e9 \u212a", "\u00b2nd \u00bdx"]:
        assert distorted_ids(text).tolist() == ngram_oracle.distorted_ids(text).tolist(), text


def test_byte_sums_reads_only_the_stretch_its_long_ranges_span() -> None:
    # The n-gram stream sums the words of one pass of a long text against the
    # whole batch's bytes: the running count of long ranges must cover their
    # stretch, not the whole buffer (that made a 10 MB Chinese text 50 % slower).
    from credscore import _tokens

    raw = np.full(1_000_000, 0xE4, dtype=np.uint8)
    seen = []
    real = _tokens._counted
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_tokens, "_counted", lambda data, count: seen.append(len(data)) or real(data, count))
        got = _tokens.byte_sums(raw, np.array([500_000, 500_100, 600_000]), np.array([40, 5, 60]), "high")
    assert got.tolist() == [40, 5, 60]
    assert seen == [100_060]
