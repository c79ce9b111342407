"""Compiled loops for the token steps and the model, with numba, when it is installed.

The steps are written twice: once with NumPy (always there, the reference)
and once as a plain loop over the bytes or tokens, here. A loop is one pass
where NumPy makes several, each with its temporaries. With numba installed
(the ``fast`` extra: ``pip install -e ".[fast]"`` in a checkout) the loops are compiled to machine code;
without it the NumPy steps run. Both give the same numbers, to the last bit
(``tests/test_kernels.py`` holds them to that on crafted texts, Hypothesis
texts and every shared article).

When the loops are used:

- numba is importable, and ``CREDSCORE_KERNELS`` is not ``numpy`` (set it to
  ``numpy`` to turn them off, or to ``numba`` to fail loudly when numba is
  missing);
- the buffer is at least :data:`MIN_BYTES` long. A short text gains a few
  microseconds from a loop; it would pay numba's import (~0.2 s) and the
  load of the compiled code (~0.2 s from the cache) in ``score()``'s first
  call;
- with ``CREDSCORE_KERNELS`` unset, the process has featurized
  :data:`WARM_BYTES` (16 MB) of text already: that load pays for itself only
  on a long job (after about 15 MB), and results are the same either way.

numba caches the machine code on disk (``cache=True``): next to this module
in ``__pycache__``, or in the user's cache folder (``~/.cache/numba`` on
Linux) when the package's folder is read-only, or in ``$NUMBA_CACHE_DIR``;
where it can write nowhere, the loops are compiled in each process (with a
logged warning). They are not put in credscore's own cache folder, with the
matcher's databases: numba's cache files hold pickled objects, so they should
be no easier to write to than the code itself, and ``$CREDSCORE_CACHE_DIR``
may point at shared storage. The first call after an install compiles the loops (about
5 s for all twelve), a new process loads them from the cache in about 0.2 s;
``benchmarks/bench_stages.py`` prints both costs.

The loops below are plain Python over NumPy arrays, numba's subset: they run
as they are, slowly, which is how the tests check them where numba is absent.

Examples
--------
>>> import numpy as np
>>> from credscore._tokens import encode_batch
>>> from credscore import _ngrams
>>> batch = encode_batch(["The 3 Bears!", "Yes."])
>>> with np.errstate(over="ignore"):  # keys are hashed by multiplication modulo 2**64
...     ids, start, end, doc = stream_tokens(*_ngrams.stream_kernel_args(batch, 0, len(batch.raw)))
>>> [_ngrams.BASE_TOKENS[i - 1] for i in ids.tolist()]
['the', '#num', 'Xx', '!', 'yes', '.']
>>> start.tolist(), end.tolist(), doc.tolist()
([8, 12, 14, 19, 21, 24], [11, 13, 19, 20, 24, 25], [0, 0, 0, 0, 1, 1])
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from ._tokens import DIGIT as _DIGIT
from ._tokens import LETTER as _LETTER
from ._version import install_command

__all__ = [
    "EQUAL_COMPARES", "EQUAL_PROBES", "KERNELS_ENV", "LOOPS", "MIN_BYTES", "WARM_BYTES", "available", "byte_marks", "check_setting", "compiled",
    "english_counts", "first_equal", "greedy_kept", "interruption", "ngram_keys", "saw",
    "segment_sums", "sentence_stats", "stream_tokens", "trailing_letters", "vocabulary_counts", "vocabulary_rows", "wanted", "word_stats",
]

logger = logging.getLogger(__name__)

#: The environment variable that chooses the token steps: ``numpy``, ``numba``, or unset (numba when installed).
KERNELS_ENV = "CREDSCORE_KERNELS"

#: Buffers shorter than this take the NumPy steps (see the module docstring); for the model's loops, the
#: bytes of the arrays they read.
MIN_BYTES = 1 << 16

#: Text a process featurizes with the NumPy steps before it loads the loops, when ``$CREDSCORE_KERNELS``
#: leaves the choice to credscore: importing numba and loading the loops (~0.4 s) pays for itself only
#: after about 15 MB (the loops save ~30 ms/MB), so a short job never pays it.
WARM_BYTES = 16 << 20

# This process's text so far (see saw()), and whether it has loaded the loops.
_state = {"bytes": 0, "loaded": False}

# The stream's token types (credscore._ngrams's; tests/test_kernels.py checks they agree).
_WORD_T, _NUMBER_T, _DOTS_T, _DASHES_T, _SINGLE_T = 1, 2, 3, 4, 5
# Stylometry's byte classes (credscore._stylometry's, checked likewise): the word bytes are 0-2.
_LOWER_C, _UPPER_C, _APOS_C = 0, 1, 2
_BLOCK = 1 << 14  # bytes read between checks that the token arrays have room


def stream_tokens(
    raw: np.ndarray,
    cls: np.ndarray,
    words64: np.ndarray,
    type_of_class: np.ndarray,
    single_id: np.ndarray,
    lex_key: np.ndarray,
    lex_len: np.ndarray,
    lex_id: np.ndarray,
    fw_id_of: np.ndarray,
    lex_mul: np.uint64,
    lex_shift: np.uint64,
    byte_masks: np.ndarray,
    lowercase_bits: np.uint64,
    mix: np.uint64,
    lo: int,
    hi: int,
    ids_of: np.ndarray,
    starts: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distorted stream's tokens in ``[lo, hi)`` of the buffer: ids, starts, ends and texts (int64).

    What ``credscore._ngrams._stream_ids`` computes with NumPy, in two loops:
    one over the bytes finds the tokens, their types, and whether each holds a
    non-ASCII byte or an ASCII lowercase letter; one over the tokens gives
    each its id. A word holding a non-ASCII byte gets the id -1 (the caller
    fills those in, as the NumPy step does). ``ids_of`` holds the ids of a
    number, a dash run, a dot, a run of dots, and the shapes ``x``, ``Xx``,
    ``XX``, in that order; the lexicon arrays are those of
    :class:`credscore._tokens.Lexicon`. ``lo`` and ``hi`` are cut points (no
    token crosses them), as for the NumPy step. ``starts`` are the texts'
    first bytes (:attr:`credscore._tokens.ByteBatch.starts`), for each
    token's text.

    The loops have no inner loop over a token's bytes: a loop of a few
    iterations whose end the processor cannot predict costs more than the
    rest of the token's work (measured: 16 against 5.4 ms/MB).
    """
    # Room for a token every 4 bytes (news has one every 5), grown before a
    # block of bytes that could fill it: 18 bytes of arrays per token, not
    # per byte. (The inner loop must not reassign them: numba then counts
    # references on every access, 5x slower.)
    room = (hi - lo) // 4 + _BLOCK
    kind = np.empty(room, np.uint8)
    seen = np.zeros(room, np.uint8)  # per token: 1 a non-ASCII byte, 2 an ASCII lowercase letter
    start = np.empty(room, np.int64)
    end = np.empty(room, np.int64)
    k = 0
    prev = 0
    for block in range(lo, hi, _BLOCK):
        if len(start) - k < _BLOCK:  # a block makes at most a token a byte
            kind = np.concatenate((kind, np.zeros_like(kind)))
            seen = np.concatenate((seen, np.zeros_like(seen)))
            start = np.concatenate((start, np.zeros_like(start)))
            end = np.concatenate((end, np.zeros_like(end)))
        for i in range(block, min(block + _BLOCK, hi)):
            b = raw[i]
            t = type_of_class[cls[i]]
            if b == 0x27 and cls[i - 1] == _LETTER and cls[i + 1] == _LETTER:
                t = _WORD_T  # an apostrophe between letters is part of the word
            elif (b == 0x2E or b == 0x2C) and cls[i - 1] == _DIGIT and cls[i + 1] == _DIGIT:
                t = _NUMBER_T  # "." or "," between digits, of the number
            if t != 0:
                # A token starts where the type changes, and at every character of a one-character type.
                if t != prev or (t == _SINGLE_T and (b & 0xC0) != 0x80):
                    start[k] = i
                    kind[k] = t
                    k += 1
                end[k - 1] = i + 1
                seen[k - 1] |= (b >> 7) | (((b >= 0x61) & (b <= 0x7A)) << 1)
            prev = t
    ids = np.empty(k, np.int64)
    doc = np.empty(k, np.int64)
    d = np.searchsorted(starts, lo, "right") - 1  # the text at lo (-1 in the padding before the first)
    for j in range(k):
        t = kind[j]
        s = start[j]
        while d + 1 < len(starts) and starts[d + 1] <= s:
            d += 1
        doc[j] = d
        if t == _WORD_T:
            if seen[j] & 1:
                ids[j] = -1
                continue
            length = end[j] - s
            # credscore._tokens.token_keys and Lexicon.ids, for one token
            key = (words64[s] | lowercase_bits) & byte_masks[min(length, 8)]
            if length > 8:
                key ^= ((words64[s + 8] | lowercase_bits) & byte_masks[min(length - 8, 8)]) * mix
            slot = (key * lex_mul) >> lex_shift
            if lex_key[slot] == key and lex_len[slot] == length:
                ids[j] = fw_id_of[lex_id[slot]]
            elif 0x41 <= raw[s] <= 0x5A:  # Xx, or XX: 2+ characters and no lowercase letter
                ids[j] = ids_of[5] if length < 2 or seen[j] & 2 else ids_of[6]
            else:
                ids[j] = ids_of[4]  # x
        elif t == _NUMBER_T:
            ids[j] = ids_of[0]
        elif t == _DASHES_T:
            ids[j] = ids_of[1]
        elif t == _DOTS_T:
            ids[j] = ids_of[3] if end[j] - s >= 2 else ids_of[2]
        else:
            ids[j] = single_id[raw[s]]
    return ids, start[:k], end[:k], doc


def word_stats(
    raw: np.ndarray,
    wcls: np.ndarray,
    words64: np.ndarray,
    vowel: np.ndarray,
    starts: np.ndarray,
    fw_tables: tuple[np.ndarray, np.ndarray, np.ndarray, np.uint64, np.uint64],
    byte_masks: np.ndarray,
    lowercase_bits: np.uint64,
    mix: np.uint64,
    suffix1: np.ndarray,
    suffix2: np.ndarray,
    suffix3: tuple[np.ndarray, np.ndarray, np.ndarray, np.uint64, np.uint64],
    suffix4: tuple[np.ndarray, np.ndarray, np.ndarray, np.uint64, np.uint64],
    columns: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    n_fw: int,
    n_suffix: int,
    window: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stylometry's word-token totals of every text, in one pass (what ``credscore._stylometry._word_stats``
    computes with NumPy, to the same numbers).

    ``wcls`` are stylometry's byte classes (0 lowercase, 1 uppercase, 2 a
    word-internal apostrophe: the word bytes), ``vowel`` a table of the vowel
    bytes, ``starts`` the texts' first bytes (the last one past the final
    NUL). The function words and the suffixes of 3 and 4 letters are
    :attr:`credscore._tokens.Lexicon.tables`; ``suffix1`` and ``suffix2`` give
    the suffix of every 1- and 2-byte value (or -1), and ``columns`` the
    column of each suffix of 1 to 4 letters. Lexical variety counts the
    distinct keys of each ``window``-token window in a small hash set.

    Returns the tokens per text; the (n, 10) totals (see
    ``credscore._stylometry._WordStats``); the function-word and suffix counts
    per text; and per token its first byte, text, function word (-1 for none)
    and whether it starts with a capital.
    """
    if not 0 < window <= 64:
        raise ValueError("the lexical variety window holds 1 to 64 tokens (its set has 128 slots)")
    n = len(starts) - 1
    fw_key, fw_len, fw_id, fw_mul, fw_shift = fw_tables
    s3_key, s3_len, s3_id, s3_mul, s3_shift = suffix3
    s4_key, s4_len, s4_id, s4_mul, s4_shift = suffix4
    cols1, cols2, cols3, cols4 = columns
    n_tokens = np.zeros(n, np.int64)
    # totals' columns (credscore._stylometry._SHORT ... _WINDOWED): tokens of at most 3, 7 or more and 10 or
    # more letters, capitalised, all capitals; letters, squared letters, syllables; window types and tokens
    totals = np.zeros((n, 10), np.int64)
    fw_counts = np.zeros((n, n_fw), np.int64)
    suffix_counts = np.zeros((n, n_suffix), np.int64)
    # The per-token arrays at their exact size (15 bytes a word): one quick pass counts the words first.
    words = 0
    for d in range(n):
        for i in range(starts[d], starts[d + 1]):
            words += (wcls[i] <= _APOS_C) & (wcls[i - 1] > _APOS_C)
    tok_start = np.empty(words, np.int64)
    tok_doc = np.empty(words, np.int32)
    tok_fw = np.empty(words, np.int16)
    tok_upper = np.empty(words, np.bool_)
    # The distinct keys of the current window: a set of 128 slots, a slot in
    # use when its stamp is the window's number (so it is never cleared).
    set_key = np.zeros(128, np.uint64)
    set_stamp = np.full(128, -1, np.int64)
    stamp = 0
    k = 0
    for d in range(n):
        ntok = 0
        windows = 0
        in_window = 0
        distinct = 0
        begin = -1  # the current token's first byte, -1 outside a token
        syllables = 0
        lo = starts[d]
        hi = starts[d + 1]  # the text's closing NUL (at hi - 1) ends its last token
        prev_vowel = 0  # the byte before a text is a NUL
        for i in range(lo, hi):
            v = vowel[raw[i]]
            if wcls[i] <= _APOS_C:
                if begin < 0:
                    begin = i
                    syllables = 0
                syllables += v > prev_vowel  # a vowel group starts here
                prev_vowel = v
                continue
            prev_vowel = v
            if begin < 0:
                continue
            # A token [begin, i) ends here.
            s = begin
            begin = -1
            length = i - s
            ntok += 1
            totals[d, 0] += length <= 3
            totals[d, 1] += length >= 7
            totals[d, 2] += length >= 10
            totals[d, 5] += length
            totals[d, 6] += length * length
            totals[d, 7] += max(syllables, 1)
            head = words64[s]
            upper = wcls[s] == _UPPER_C
            if upper:
                totals[d, 3] += 1
                if length >= 2 and (head & lowercase_bits & byte_masks[min(length, 8)]) == 0:
                    totals[d, 4] += 1
            # credscore._tokens.token_keys and Lexicon.ids, for one token
            key = (head | lowercase_bits) & byte_masks[min(length, 8)]
            if length > 8:
                key ^= ((words64[s + 8] | lowercase_bits) & byte_masks[min(length - 8, 8)]) * mix
            slot = (key * fw_mul) >> fw_shift
            f = -1
            if fw_key[slot] == key and fw_len[slot] == length:
                f = fw_id[slot]
                fw_counts[d, f] += 1
            # Word endings: the last 4 bytes, lowercased; a suffix needs 3 letters before it.
            if length >= 4:
                last4 = (words64[i - 8] | lowercase_bits) >> np.uint64(32)
                e = suffix1[last4 >> np.uint64(24)]
                if e >= 0:
                    suffix_counts[d, cols1[e]] += 1
                if length >= 5:
                    e = suffix2[last4 >> np.uint64(16)]
                    if e >= 0:
                        suffix_counts[d, cols2[e]] += 1
                if length >= 6:
                    tail = last4 >> np.uint64(8)
                    slot = (tail * s3_mul) >> s3_shift
                    if s3_key[slot] == tail and s3_len[slot] == 3:
                        suffix_counts[d, cols3[s3_id[slot]]] += 1
                if length >= 7:
                    slot = (last4 * s4_mul) >> s4_shift
                    if s4_key[slot] == last4 and s4_len[slot] == 4:
                        suffix_counts[d, cols4[s4_id[slot]]] += 1
            # Lexical variety: is the key new in this window?
            slot = (key * mix) >> np.uint64(57)
            while set_stamp[slot] == stamp and set_key[slot] != key:
                slot = (slot + np.uint64(1)) & np.uint64(127)
            if set_stamp[slot] != stamp:
                set_stamp[slot] = stamp
                set_key[slot] = key
                distinct += 1
            in_window += 1
            if in_window == window:
                totals[d, 8] += distinct
                totals[d, 9] += window
                windows += 1
                in_window = 0
                distinct = 0
                stamp += 1
            if k < words:  # compiled code does not check bounds: never write past the counted words
                tok_start[k] = s
                tok_doc[k] = d
                tok_fw[k] = f
                tok_upper[k] = upper
            k += 1
        if windows == 0 and in_window > 0:  # a text shorter than a window counts whole
            totals[d, 8] += distinct
            totals[d, 9] += in_window
        stamp += 1
        n_tokens[d] = ntok
    if k != words:  # pragma: no cover - the two passes read tokens the same way
        raise ValueError("the word count pass and the word loop found different numbers of words")
    return n_tokens, totals, fw_counts, suffix_counts, tok_start, tok_doc, tok_fw, tok_upper


def byte_marks(
    raw: np.ndarray,
    cls: np.ndarray,
    starts: np.ndarray,
    columns: np.ndarray,
    e2_codes: np.ndarray,
    e2_cols: np.ndarray,
    sentence_end: np.ndarray,
    closes: np.ndarray,
    n_sparse: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stylometry's byte marks of every text, in one pass (what ``credscore._stylometry._word_classes``,
    ``_punctuation`` and ``_number_counts`` compute with NumPy, to the same integers).

    ``cls`` are stylometry's byte classes before the apostrophe rule; the
    loop applies it in place (an apostrophe not between two letters becomes
    "other"), as ``_word_classes`` does. ``columns`` holds stylometry's
    constants, in this order: the classes other, space and the first sparse
    one; the sparse ids of an 0xE2 lead byte, of none, and of a digit; the
    en dash's code (its bytes 2-3); the columns dash, period, ellipsis and
    quote. ``e2_codes`` and ``e2_cols`` map the codes of the three-byte
    marks to their columns; ``sentence_end`` and ``closes`` are the byte
    tables of a sentence end.

    Returns per text its apostrophes, its (n, ``n_sparse``) sparse counts, the
    characters that dash and dot runs take off it, and its sentence ends;
    the buffer positions of the sentence ends and of the double quotes; and
    per text the (n, 3) numbers, with a thousands separator, with a decimal point.
    """
    other_c, space_c, sparse_base, e2_id, none_id, digit_id, en_code, dash_col, period_col, ellipsis_col, quote_col = (
        columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6], columns[7], columns[8],
        columns[9], columns[10])
    n = len(starts) - 1
    apostrophes = np.zeros(n, np.int64)
    counts = np.zeros((n, n_sparse), np.int64)
    runs = np.zeros(n, np.int64)
    n_ends = np.zeros(n, np.int64)
    numbers = np.zeros((n, 3), np.int64)
    lo = starts[0]
    hi = starts[n]
    # Positions of sentence ends and quotes, grown before a block of bytes that could fill them (as in
    # stream_tokens: the inner loop never reassigns them).
    ends = np.empty((hi - lo) // 64 + _BLOCK, np.int64)
    quotes = np.empty(len(ends), np.int64)
    k_end = 0
    k_quote = 0
    in_num = False
    comma = False
    point = False
    for d in range(n):
        for block in range(starts[d], starts[d + 1], _BLOCK):
            if len(ends) - k_end < _BLOCK:  # at most a mark a byte
                ends = np.concatenate((ends, np.zeros_like(ends)))
            if len(quotes) - k_quote < _BLOCK:
                quotes = np.concatenate((quotes, np.zeros_like(quotes)))
            for i in range(block, min(block + _BLOCK, starts[d + 1])):
                c = cls[i]
                if c < sparse_base:
                    if c == _APOS_C:
                        apostrophes[d] += 1
                        if cls[i - 1] > _UPPER_C or cls[i + 1] > _UPPER_C:
                            cls[i] = other_c
                    if in_num:  # a number ends
                        numbers[d, 1] += comma
                        numbers[d, 2] += point
                        in_num = False
                    continue
                b = raw[i]
                col = c - sparse_base
                if col == e2_id:
                    code = (np.int64(raw[i + 1]) << 8) | raw[i + 2]
                    col = none_id
                    for j in range(len(e2_codes)):
                        if code == e2_codes[j]:
                            col = e2_cols[j]
                    if code == en_code and (cls[i - 1] == space_c or cls[i + 3] == space_c):
                        col = dash_col  # a spaced en dash is a dash (1990\u20132000 is a hyphen)
                elif b == 0x2D:  # "-": a run of two or more is one dash, counted at its first byte
                    if raw[i - 1] == 0x2D:
                        col = none_id
                        runs[d] += 1
                    elif raw[i + 1] == 0x2D or (cls[i - 1] == space_c and cls[i + 1] == space_c):
                        col = dash_col
                elif col == period_col:  # ".": a run of two or more is one ellipsis
                    if raw[i - 1] == 0x2E:
                        col = none_id
                        runs[d] += 1
                    elif raw[i + 1] == 0x2E:
                        col = ellipsis_col
                counts[d, col] += 1
                if sentence_end[b] and closes[raw[i + 1]]:
                    ends[k_end] = i
                    k_end += 1
                    n_ends[d] += 1
                if col == quote_col:
                    quotes[k_quote] = i
                    k_quote += 1
                # Numbers: digit runs, joined across a "," or "." between two digits.
                joiner = (b == 0x2C or b == 0x2E) and 0x30 <= raw[i - 1] <= 0x39 and 0x30 <= raw[i + 1] <= 0x39
                if c - sparse_base == digit_id or joiner:
                    if not in_num:
                        in_num = True
                        comma = False
                        point = False
                        numbers[d, 0] += 1
                    if joiner:
                        comma |= b == 0x2C
                        point |= b == 0x2E
                elif in_num:
                    numbers[d, 1] += comma
                    numbers[d, 2] += point
                    in_num = False
    return apostrophes, counts, runs, n_ends, ends[:k_end], quotes[:k_quote], numbers


def sentence_stats(
    raw: np.ndarray,
    starts: np.ndarray,
    tok_start: np.ndarray,
    tok_fw: np.ndarray,
    tok_upper: np.ndarray,
    end_pos: np.ndarray,
    quote_pos: np.ndarray,
    is_conjunction: np.ndarray,
) -> np.ndarray:
    """Stylometry's sentence totals of every text, in one pass over its sentences (what
    ``credscore._stylometry._sentences`` computes with NumPy, to the same numbers).

    A sentence runs from a text's first byte, or from the byte after a
    sentence end (``end_pos``, sorted), to the next such start; one without a
    word token (``tok_start``, sorted) is not a sentence. ``tok_fw`` is each
    token's function word (-1 for none; ``is_conjunction`` is indexed by it,
    -1 reading its last entry), ``tok_upper`` whether it starts with a
    capital. A double quote (``quote_pos``, sorted) belongs to the sentence
    it is in, or to the one before when it opens a sentence right after its
    end ("Stop." he said).

    Returns (n, 11) int64 per text: sentences, their tokens summed and
    squared, sentences of 40 tokens or more and of 6 or fewer, sentences
    opening with a function word, with a conjunction, with a capital;
    sentences ending in "?", in "!"; sentences holding a quote.
    """
    n = len(starts) - 1
    out = np.zeros((n, 11), np.int64)
    t = 0
    e = 0
    q = 0
    n_tok = len(tok_start)
    for d in range(n):
        b = starts[d]
        hi = starts[d + 1]
        head_taken = False  # the quote at b, if any, went to the sentence before
        while True:
            at_end = e < len(end_pos) and end_pos[e] < hi
            nb = end_pos[e] + 1 if at_end else hi
            first = t
            while t < n_tok and tok_start[t] < nb:
                t += 1
            length = t - first
            quoted = False
            while q < len(quote_pos) and quote_pos[q] < nb:
                if not (head_taken and quote_pos[q] == b):
                    quoted = True
                q += 1
            # A quote right after this sentence's end closes it (and is not the next one's).
            head_taken = at_end and q < len(quote_pos) and quote_pos[q] == nb
            quoted |= head_taken
            if length > 0:
                out[d, 0] += 1
                out[d, 1] += length
                out[d, 2] += length * length
                out[d, 3] += length >= 40
                out[d, 4] += length <= 6
                f = tok_fw[first]
                out[d, 5] += f >= 0
                out[d, 6] += is_conjunction[f]
                out[d, 7] += tok_upper[first]
                if at_end:
                    out[d, 8] += raw[end_pos[e]] == 0x3F
                    out[d, 9] += raw[end_pos[e]] == 0x21
                out[d, 10] += quoted
            if not at_end:
                break
            b = nb
            e += 1
    return out


def english_counts(
    raw: np.ndarray,
    cls: np.ndarray,
    words64: np.ndarray,
    starts: np.ndarray,
    sample_end: np.ndarray,
    markers: tuple[np.ndarray, np.ndarray, np.ndarray, np.uint64, np.uint64],
    byte_masks: np.ndarray,
    lowercase_bits: np.uint64,
    mix: np.uint64,
    min_len: int,
    max_len: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The English check's counts of every text's sample, in one pass (what
    ``credscore._language._english_counts`` computes with NumPy).

    The letter runs (byte class ``LETTER``, any script) of each text from its
    first byte to ``sample_end`` (a run is cut there). Returns per text its
    letters (characters), ASCII letters, runs and marker runs (all ASCII, of
    ``min_len`` to ``max_len`` bytes, in the ``markers`` lexicon), and the
    runs holding a Kelvin sign as (text, start, end) rows: whether one of
    those is a marker is for the caller to say (in Python, as NumPy's step does).
    """
    n = len(starts) - 1
    letters = np.zeros(n, np.int64)
    ascii_letters = np.zeros(n, np.int64)
    tokens = np.zeros(n, np.int64)
    marker_runs = np.zeros(n, np.int64)
    key_of, len_of, _ids, mul, shift = markers
    kelvin = np.zeros((16, 3), np.int64)  # grown by doubling: text can be nothing but Kelvin signs
    n_kelvin = 0
    for d in range(n):
        begin = -1
        high = 0
        n_letters = 0  # this text's counts, kept in locals (registers) until it ends
        n_ascii = 0
        n_tokens = 0
        n_markers = 0
        stop = sample_end[d]
        for i in range(starts[d], stop + 1):  # the byte at sample_end ends a run cut there
            if i < stop and cls[i] == _LETTER:
                if begin < 0:
                    begin = i
                    high = 0
                high += raw[i] >= 0x80
                continue
            if begin < 0:
                continue
            # Continuation bytes and Kelvin signs only in a run with a non-ASCII byte (rare in English):
            # read again here, not at every letter.
            cont = 0
            has_kelvin = False
            if high:
                for j in range(begin, i):
                    b = raw[j]
                    cont += (b & 0xC0) == 0x80
                    # U+212A KELVIN SIGN is E2 84 AA: its last byte ends it
                    has_kelvin |= b == 0xAA and raw[j - 1] == 0x84 and raw[j - 2] == 0xE2
            length = i - begin
            n_tokens += 1
            n_letters += length - cont
            n_ascii += length - high
            if high == 0 and min_len <= length <= max_len:
                key = (words64[begin] | lowercase_bits) & byte_masks[min(length, 8)]
                if length > 8:
                    key ^= ((words64[begin + 8] | lowercase_bits) & byte_masks[min(length - 8, 8)]) * mix
                slot = (key * mul) >> shift
                if key_of[slot] == key and len_of[slot] == length:
                    n_markers += 1
            elif has_kelvin:
                if n_kelvin == len(kelvin):
                    kelvin = np.concatenate((kelvin, np.zeros_like(kelvin)))
                kelvin[n_kelvin, 0] = d
                kelvin[n_kelvin, 1] = begin
                kelvin[n_kelvin, 2] = i
                n_kelvin += 1
            begin = -1
        letters[d] = n_letters
        ascii_letters[d] = n_ascii
        tokens[d] = n_tokens
        marker_runs[d] = n_markers
    return letters, ascii_letters, tokens, marker_runs, kelvin[:n_kelvin]


def ngram_keys(ids: np.ndarray, doc: np.ndarray, m: int, radix: int) -> np.ndarray:
    """The keys ``(text, n-gram)`` of the 1-3-grams starting at ``ids[:m]`` that stay within one text, unsorted.

    What ``credscore._ngrams._count_keys`` builds with NumPy before it sorts
    them: ``text * radix**3 + t1 * radix**2 + t2 * radix + t3``, absent
    positions 0, as 32-bit numbers (``doc`` counts texts from the pass's
    first, and the caller keeps the keys under ``2**32``). ``ids`` and
    ``doc`` hold up to two more tokens, for the n-grams that run on past ``m``.
    """
    r2 = radix * radix
    r3 = r2 * radix
    out = np.empty(3 * m, np.uint32)
    k = 0
    n = len(ids)
    for i in range(m):
        head = doc[i] * r3 + ids[i] * r2
        out[k] = head
        k += 1
        if i + 1 < n and doc[i + 1] == doc[i]:
            head += ids[i + 1] * radix
            out[k] = head
            k += 1
            if i + 2 < n and doc[i + 2] == doc[i]:
                out[k] = head + ids[i + 2]
                k += 1
    return out[:k]


#: Bit positions by the De Bruijn sequence 0x03F79D71B4CB0A89: the lowest set bit of ``x`` is
#: ``_LOWEST_BIT[((x ^ (x - 1)) * 0x03F79D71B4CB0A89) >> 58]`` (64-bit arithmetic).
_DE_BRUIJN = np.uint64(0x03F79D71B4CB0A89)
_LOWEST_BIT = np.array([
    0, 47, 1, 56, 48, 27, 2, 60, 57, 49, 41, 37, 28, 16, 3, 61, 54, 58, 35, 52, 50, 42, 21, 44, 38, 32, 29, 23,
    17, 11, 4, 62, 46, 55, 26, 59, 40, 36, 15, 53, 34, 51, 20, 43, 31, 22, 10, 45, 25, 39, 14, 33, 19, 30, 9, 24,
    13, 18, 8, 12, 7, 6, 5, 63,
], dtype=np.int64)


def vocabulary_counts(
    ids: np.ndarray,
    doc: np.ndarray,
    m: int,
    radix: int,
    slot_key: np.ndarray,
    slot_index: np.ndarray,
    shift: np.uint64,
    golden: np.uint64,
    vocabulary_keys: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``(text, n-gram)`` keys of a vocabulary's n-grams among the 1-3-grams starting at
    ``ids[:m]``, sorted, and how often each occurs.

    What ``credscore._ngrams._count_keys`` gives, keeping only the keys whose
    n-gram (``key % radix**3``) the vocabulary holds, without sorting any
    key: each n-gram is looked up in the vocabulary's hash table as it is
    made (``slot_key``, ``slot_index``: linear probing from the top bits of
    ``key * golden``, as :func:`vocabulary_rows` does) and counted in a
    table of the vocabulary's size; a bit per vocabulary position marks
    those a text touched, and at the text's end they are read out in
    position order, which is key order (the vocabulary's keys are sorted).
    Nearly every n-gram of news text is in the shipped vocabulary (98 % of
    them in the shared corpora): what this saves is not the others but the
    sort of every key, most of the n-gram step's time. ``doc`` is each
    token's text (any numbering, in order); keys are ``doc * radix**3 + n-gram``.
    """
    r2 = radix * radix
    r3 = r2 * radix
    one = np.uint64(1)
    size_mask = np.uint64(len(slot_key) - 1)
    nv = len(vocabulary_keys)
    count = np.zeros(nv, np.int64)
    touched = np.zeros((nv + 63) // 64, np.uint64)  # a bit per vocabulary position
    first_word, last_word = len(touched), -1  # the words of `touched` this text has set bits in
    # at most one key per n-gram, and per text at most the vocabulary (a long article: no more than that)
    texts = doc[m - 1] - doc[0] + 1 if m > 0 else 0
    out_keys = np.empty(min(3 * m, texts * nv), np.int64)
    out_counts = np.empty(len(out_keys), np.int64)
    k = 0
    n = len(ids)
    for i in range(m):
        key = ids[i] * r2
        for width in range(3):
            if width == 1:
                if i + 1 >= n or doc[i + 1] != doc[i]:
                    break
                key += ids[i + 1] * radix
            elif width == 2:
                if i + 2 >= n or doc[i + 2] != doc[i]:
                    break
                key += ids[i + 2]
            pos = (np.uint64(key) * golden) >> shift
            while slot_key[pos] != key and slot_key[pos] != -1:
                pos = (pos + one) & size_mask
            j = slot_index[pos]  # -1 at a free slot: the n-gram is not in the vocabulary
            if j >= 0:
                if count[j] == 0:
                    w = j >> 6
                    touched[w] |= one << np.uint64(j & 63)
                    first_word = min(first_word, w)
                    last_word = max(last_word, w)
                count[j] += 1
        if i + 1 == m or doc[i + 1] != doc[i]:
            head = doc[i] * r3
            for w in range(first_word, last_word + 1):
                bits = touched[w]
                while bits:
                    j = w * 64 + _LOWEST_BIT[((bits ^ (bits - one)) * _DE_BRUIJN) >> np.uint64(58)]
                    out_keys[k] = head + vocabulary_keys[j]
                    out_counts[k] = count[j]
                    count[j] = 0
                    k += 1
                    bits &= bits - one
                touched[w] = 0
            first_word, last_word = len(touched), -1
    return out_keys[:k], out_counts[:k]


def greedy_kept(group: np.ndarray, start: np.ndarray, end: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """The rows the engine's selection keeps: per group, leftmost-longest and non-overlapping.

    What ``credscore._engine._greedy`` does row by row when every row's
    verdict ``ok`` is known: rows come sorted by group, then start, longest
    first; a row is kept when ``ok`` and it starts at or after the end of the
    last row kept in its group. Returns the kept rows' positions.
    """
    n = len(group)
    kept = np.empty(n, np.int64)
    k = 0
    last_group = -1
    last_end = -1
    for i in range(n):
        if group[i] != last_group:
            last_group = group[i]
            last_end = -1
        if start[i] < last_end or not ok[i]:
            continue
        kept[k] = i
        k += 1
        last_end = end[i]
    return kept[:k]


def trailing_letters(data: np.ndarray, begin: np.ndarray, stop: np.ndarray, is_letter: np.ndarray, most: int) -> np.ndarray:
    """How many letters (``is_letter`` of a byte) each ``data[begin[i]:stop[i]]`` ends with, at most ``most``.

    What ``credscore._engine._Checks.last_words`` reads with NumPy from a row
    of the ``most + 1`` bytes before each stop: at most ``most`` steps a
    window, so the work stays linear however the windows overlap.
    """
    n = len(stop)
    out = np.empty(n, np.int64)
    for i in range(n):
        j = stop[i]
        lo = max(begin[i], stop[i] - most)
        while j > lo and is_letter[data[j - 1]]:
            j -= 1
        out[i] = stop[i] - j
    return out


#: :func:`first_equal` gives up looking for an earlier equal window after this many table slots ...
EQUAL_PROBES = 64
#: ... or this many byte comparisons of windows whose hashes agree, so that its work stays linear
#: whatever the windows (a crafted text can make hashes collide, not make the search long).
EQUAL_COMPARES = 8


def first_equal(buf: np.ndarray, begin: np.ndarray, stop: np.ndarray, tag: np.ndarray, seed: np.int64) -> np.ndarray:
    """For each window ``buf[begin[i]:stop[i]]`` with ``tag[i]``, the first earlier one equal to it.

    ``rep[i]`` is the least ``j`` whose tag and bytes equal ``i``'s, or ``i``
    itself; always ``rep[rep[i]] == rep[i]``. Windows are hashed (32-bit
    FNV-1a from ``seed``, mixed with the tag) into a table with linear
    probing; an equal hash is confirmed byte by byte, so a collision never
    joins two different windows. The search for ``i`` stops after
    :data:`EQUAL_PROBES` slots or :data:`EQUAL_COMPARES` confirmations that
    failed; ``i`` then stands alone (a verdict computed once more, never a
    wrong one). The engine uses it to check each distinct candidate match once
    (``credscore._engine._Checks``).
    """
    n = len(begin)
    size = 1
    while size < 2 * n:
        size *= 2
    mask = size - 1
    table = np.full(size, -1, np.int64)
    hashes = np.empty(n, np.int64)
    rep = np.empty(n, np.int64)
    for i in range(n):
        a = begin[i]
        width = stop[i] - a
        h = (np.int64(seed) ^ np.int64(tag[i])) & 0xFFFFFFFF
        for k in range(a, a + width):
            h = ((h ^ np.int64(buf[k])) * 16777619) & 0xFFFFFFFF
        hashes[i] = h
        rep[i] = i
        slot = h & mask
        probes = 0
        compares = 0
        while True:
            j = table[slot]
            if j < 0:
                table[slot] = i
                break
            if hashes[j] == h and tag[j] == tag[i] and stop[j] - begin[j] == width:
                b = begin[j]
                same = True
                for k in range(width):
                    if buf[b + k] != buf[a + k]:
                        same = False
                        break
                if same:
                    rep[i] = j
                    break
                compares += 1
                if compares == EQUAL_COMPARES:
                    break
            probes += 1
            if probes == EQUAL_PROBES:
                break
            slot = (slot + 1) & mask
    return rep


def vocabulary_rows(
    keys: np.ndarray,
    log_counts: np.ndarray,
    doc_end: np.ndarray,
    slot_key: np.ndarray,
    slot_index: np.ndarray,
    shift: np.uint64,
    golden: np.uint64,
    idf: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each document's n-grams found in a vocabulary, with their TF-IDF weights, rows at unit length.

    What ``credscore._ngrams.NgramVocabulary._rows`` computes with NumPy, to
    the same bits: ``keys`` and ``log_counts`` (NumPy's ``log`` of the counts)
    are every document's n-grams one after the other, document ``d``'s ending
    at ``doc_end[d]``; each key is looked up in the vocabulary's hash table
    (``slot_key``, ``slot_index``: linear probing from the top bits of
    ``key * golden``); a key found at ``j`` weighs ``(1 + log count) * idf[j]``,
    and a row is divided by the square root of its weights' squares, summed
    in order. Returns the vocabulary positions and weights of the keys found,
    and where each document's begin (``n + 1`` offsets).
    """
    n = len(doc_end)
    size_mask = np.uint64(len(slot_key) - 1)
    idx = np.empty(len(keys), np.int64)
    w = np.empty(len(keys), np.float64)
    cut = np.zeros(n + 1, np.int64)
    k = 0
    begin = 0
    for d in range(n):
        first = k
        squares = 0.0
        for i in range(begin, doc_end[d]):
            key = keys[i]
            pos = (np.uint64(key) * golden) >> shift
            while slot_key[pos] != key and slot_key[pos] != -1:
                pos = (pos + np.uint64(1)) & size_mask
            if slot_key[pos] == -1:
                continue
            j = slot_index[pos]
            weight = (1.0 + log_counts[i]) * idf[j]
            square = weight * weight  # rounded on its own, then added: np.bincount's order
            squares += square
            idx[k] = j
            w[k] = weight
            k += 1
        norm = np.sqrt(squares)
        if norm > 0:
            for q in range(first, k):
                w[q] = w[q] / norm
        cut[d + 1] = k
        begin = doc_end[d]
    return idx[:k], w[:k], cut


#: The piece NumPy before 2.3 reduces a long contiguous array in (its buffer size).
_NUMPY_BUFFER = 8192


@functools.cache
def reduce_chunk() -> int:
    """How this NumPy's ``np.add.reduce`` adds a long float64 array: 0 when it is one pairwise sum
    (NumPy 2.3 on), else the length of the pieces it sums one after another (8192: NumPy before 2.3).

    Found by adding a fixed array of 20,000 values both ways; :func:`segment_sums`
    then adds as this NumPy does, so the compiled loops and the NumPy steps
    agree to the bit on any NumPy.
    """
    values = np.random.default_rng(0).standard_normal(20_000) * 10.0 ** np.linspace(-3, 3, 20_000)
    pieces = 0.0
    for at in range(0, len(values), _NUMPY_BUFFER):
        pieces = pieces + float(np.add.reduce(values[at : at + _NUMPY_BUFFER]))
    return _NUMPY_BUFFER if float(np.add.reduce(values)) == pieces else 0


def segment_sums(values: np.ndarray, keep: np.ndarray, cut: np.ndarray, chunk: int) -> np.ndarray:
    """Each segment's sum of the ``values`` that ``keep`` holds for, added as ``np.add.reduce`` adds them.

    ``chunk`` is :func:`reduce_chunk`: 0, or the length of the pieces that
    NumPy before 2.3 sums a longer array in (their sums are then added in
    order, from 0.0).

    Segment ``d`` is ``values[cut[d]:cut[d + 1]]``. NumPy's reduction is
    ``0.0`` plus a pairwise sum: under 8 values, in order from 0.0; up to 128,
    eight running sums (one per position modulo 8) combined as
    ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))``, then the values
    left over, in order; above 128, the sums of the two halves (the first
    rounded down to a multiple of 8), added. The recursion runs here on a
    small explicit stack. ``tests/test_kernels.py`` compares the bits with
    ``np.add.reduce`` on arrays of every length up to 300 and some longer.
    """
    n = len(cut) - 1
    out = np.zeros(n, np.float64)
    longest = 0
    for d in range(n):
        longest = max(longest, cut[d + 1] - cut[d])
    buf = np.empty(longest, np.float64)
    # The stack of halves still to add: first value, count, and 0 (neither half done), 1 (the first), 2 (both).
    st_lo = np.empty(64, np.int64)
    st_n = np.empty(64, np.int64)
    st_state = np.empty(64, np.int64)
    partial = np.empty(64, np.float64)  # sums of the halves done, in order
    for d in range(n):
        m = 0
        for i in range(cut[d], cut[d + 1]):
            if keep[i]:
                buf[m] = values[i]
                m += 1
        total = 0.0
        c0 = 0
        while True:  # one piece, unless chunk cuts the segment into several
            csize = m - c0 if chunk <= 0 or m - c0 <= chunk else chunk
            sp = 0
            st_lo[0] = c0
            st_n[0] = csize
            st_state[0] = 0
            vp = 0
            while sp >= 0:
                lo = st_lo[sp]
                size = st_n[sp]
                if size <= 128:
                    if size < 8:
                        res = 0.0
                        for i in range(lo, lo + size):
                            res += buf[i]
                    else:
                        r0 = buf[lo]
                        r1 = buf[lo + 1]
                        r2 = buf[lo + 2]
                        r3 = buf[lo + 3]
                        r4 = buf[lo + 4]
                        r5 = buf[lo + 5]
                        r6 = buf[lo + 6]
                        r7 = buf[lo + 7]
                        i = 8
                        while i < size - size % 8:
                            r0 += buf[lo + i]
                            r1 += buf[lo + i + 1]
                            r2 += buf[lo + i + 2]
                            r3 += buf[lo + i + 3]
                            r4 += buf[lo + i + 4]
                            r5 += buf[lo + i + 5]
                            r6 += buf[lo + i + 6]
                            r7 += buf[lo + i + 7]
                            i += 8
                        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
                        while i < size:
                            res += buf[lo + i]
                            i += 1
                    partial[vp] = res
                    vp += 1
                    sp -= 1
                    continue
                half = size // 2
                half -= half % 8
                if st_state[sp] == 0:  # the first half next
                    st_state[sp] = 1
                    sp += 1
                    st_lo[sp] = lo
                    st_n[sp] = half
                    st_state[sp] = 0
                elif st_state[sp] == 1:  # then the second
                    st_state[sp] = 2
                    sp += 1
                    st_lo[sp] = lo + half
                    st_n[sp] = size - half
                    st_state[sp] = 0
                else:  # both done: their sum replaces them
                    vp -= 1
                    partial[vp - 1] = partial[vp - 1] + partial[vp]
                    sp -= 1
            total = total + partial[0]
            c0 += csize
            if c0 >= m:
                break
        out[d] = total
    return out


#: The loops, by name, as plain Python.
LOOPS: dict[str, Callable[..., Any]] = {
    "byte_marks": byte_marks, "english_counts": english_counts, "first_equal": first_equal, "greedy_kept": greedy_kept,
    "ngram_keys": ngram_keys, "stream_tokens": stream_tokens, "vocabulary_counts": vocabulary_counts,
    "segment_sums": segment_sums, "sentence_stats": sentence_stats, "trailing_letters": trailing_letters,
    "vocabulary_rows": vocabulary_rows, "word_stats": word_stats,
}


@functools.cache
def _numba_loops() -> dict[str, Callable[..., Any]] | None:
    """The loops compiled with numba (lazily, each at its first call), or None without numba."""
    try:
        import numba
    except ImportError:
        return None
    try:
        return {name: numba.njit(cache=True, nogil=True)(fn) for name, fn in LOOPS.items()}
    except RuntimeError as exc:  # no folder numba may cache in (read-only package and home)
        logger.warning("numba cannot cache credscore's compiled loops (%s): they are compiled in every process", exc)
        return {name: numba.njit(nogil=True)(fn) for name, fn in LOOPS.items()}


def available() -> bool:
    """Whether numba is installed, so that the loops can be compiled (imports numba)."""
    return _numba_loops() is not None


def _choice() -> str:
    value = os.environ.get(KERNELS_ENV, "").strip().lower()
    if value not in ("", "numpy", "numba"):
        raise ValueError(f"${KERNELS_ENV} must be 'numpy', 'numba' or unset, not {value!r}")
    return value


def check_setting() -> str:
    """``$CREDSCORE_KERNELS`` as it will be read (``""``, ``"numpy"`` or ``"numba"``); raises ``ValueError`` on
    another value and ``ImportError`` when it asks for numba and numba is not installed. The command line
    checks it before any work."""
    choice = _choice()
    if choice == "numba" and _numba_loops() is None:
        raise ImportError(f"${KERNELS_ENV}=numba, but numba is not installed: {install_command('fast')}")
    return choice


def saw(n_bytes: int) -> None:
    """Count ``n_bytes`` of text this process has featurized (see :data:`WARM_BYTES`)."""
    _state["bytes"] += n_bytes


def compiled(name: str, n_bytes: int) -> Callable[..., Any] | None:
    """The compiled loop ``name`` when it should run on a buffer of ``n_bytes``, else None (take NumPy).

    With ``$CREDSCORE_KERNELS`` unset, the loops run once numba is installed
    and the process has featurized :data:`WARM_BYTES` of text (or loaded them
    already); with ``numba``, at once. Raises ``ImportError`` when it is
    ``numba`` and numba is not installed, and ``ValueError`` on any other
    value than ``numpy``, ``numba`` or empty.
    """
    loops = _numba_loops() if wanted(n_bytes) else None
    return None if loops is None else _interruptible(loops[name])


def interruption(exc: BaseException) -> BaseException | None:
    """The Ctrl-C (``KeyboardInterrupt``) or SIGTERM's ``SystemExit`` that ``exc`` stands for, if any: a signal
    handler that raises while compiled code runs gives a ``SystemError`` ("returned a result with an
    exception set") whose cause is the handler's exception (an audit: Ctrl-C in ``score_many`` raised
    ``SystemError``, and the command line called SIGTERM an internal error).

    >>> try:
    ...     try:
    ...         raise KeyboardInterrupt
    ...     except KeyboardInterrupt as stop:
    ...         raise SystemError("returned a result with an exception set") from stop
    ... except SystemError as exc:
    ...     type(interruption(exc)).__name__
    'KeyboardInterrupt'
    >>> interruption(SystemError("other")) is None
    True
    """
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 8:  # a short chain: no cycle can hold it
        if isinstance(cause, (KeyboardInterrupt, SystemExit)):
            return cause
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return None


@functools.cache
def _interruptible(loop: Callable[..., Any]) -> Callable[..., Any]:
    """The compiled ``loop``, raising a Ctrl-C or SIGTERM that came while it ran as itself
    (:func:`interruption`), not as the ``SystemError`` numba's dispatcher gives."""

    def call(*args: Any) -> Any:
        try:
            return loop(*args)
        except SystemError as exc:
            stop = interruption(exc)
            if stop is None:
                raise
            raise stop from None

    call.__name__ = call.__qualname__ = getattr(loop, "__name__", "loop")
    call.__wrapped__ = loop  # type: ignore[attr-defined]  # the loop itself, as inspect.unwrap reads it
    return call


def wanted(n_bytes: int, min_bytes: int | None = None) -> bool:
    """Whether compiled code should run on ``n_bytes`` (see :func:`compiled`); imports numba only when it should.

    False where :func:`compiled` gives None: ``$CREDSCORE_KERNELS`` is
    ``numpy``, the buffer is shorter than ``min_bytes`` (default
    :data:`MIN_BYTES`), the process is not
    warm yet, or numba is missing. The engine asks the same question before
    its native scans (:mod:`credscore._native`), with a lower ``min_bytes``.
    """
    choice = _choice()
    if choice == "numpy" or n_bytes < (MIN_BYTES if min_bytes is None else min_bytes):
        return False
    if choice == "" and not _state["loaded"] and _state["bytes"] < WARM_BYTES:
        return False
    if _numba_loops() is None:
        if choice == "numba":
            raise ImportError(f"${KERNELS_ENV}=numba, but numba is not installed: {install_command('fast')}")
        return False
    _state["loaded"] = True  # the process has paid numba's import: from now on, compiled code runs
    return True
