"""Topic-free stylometry, computed for a whole batch at once with NumPy.

These columns describe *how* a text is written, never *what* it is about:
rates of English function words (closed-class words: pronouns, determiners,
prepositions, auxiliaries...), a punctuation profile, and the shape of words
and sentences. Function-word frequencies are the classic topic-independent
style marker (Mosteller & Wallace 1964; Stamatatos 2009, "A survey of modern
authorship attribution methods"), and they separate reliable from unreliable
news across topics far better than the signals alone do in leave-one-corpus-out
tests (see models/MODEL_CARD.md).

Typography is normalised first, because it depends on the publisher's CMS or
the scraper rather than on the writing: curly quotes and apostrophes count as
their straight forms, and dashes are told from hyphens by position, not by
code point (see :data:`PUNCTUATION`). Straight and "smart" typing of the same
text give the same row.

Implementation: the batch is encoded once and concatenated; tokens are runs of
ASCII letters and word-internal apostrophes (straight or curly); each token of
at most 16 bytes is packed into an integer key and looked up in a
collision-free hash table of the function words (key modulo a table size
chosen at import). Everything is vectorized, so the cost per byte is a few
NumPy passes, with no Python loop per token. With numba installed, the word
tokens' totals come from one compiled loop instead
(:func:`credscore._kernels.word_stats`), to the same integers, and so to the
same columns: every column is an integer total divided by a count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal, NamedTuple

import numpy as np

from . import _kernels
from ._tokens import (
    BYTE_MASKS,
    KEY_MIX,
    LOWERCASE_BITS,
    ByteBatch,
    Lexicon,
    byte_sums,
    encode_batch,
    per_text_totals,
    token_keys,
    translate,
    translation,
)

__all__ = ["FUNCTION_WORDS", "PUNCTUATION", "SHAPE_FEATURES", "SUFFIXES", "row_sums", "stylometry"]

#: Closed-class English words whose rates (per 100 tokens) are columns ``fw:<word>``.
#: Content-free by construction; "said", "says" and "told" are included as the
#: reporting verbs that news prose is built on.
FUNCTION_WORDS: tuple[str, ...] = tuple(
    """a about above across after again against all almost along already also although always am
    among an and another any anyone anything are around as at be because been before being below
    between both but by can cannot could did do does doing down during each either enough even ever
    every few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just least less many may me might more most much must my
    myself neither never no nobody none nor not nothing now of off often on once one only or other
    others our ours ourselves out over own perhaps quite rather really same she should since so some
    something still such than that the their theirs them themselves then there these they this those
    though through thus to too toward under until up upon us very was we were what whatever when
    where whether which while who whom whose why will with within without would yet you your yours
    yourself said says told according don't doesn't didn't isn't it's can't won't i'm that's
    additionally furthermore moreover overall therefore consequently nevertheless meanwhile indeed
    notably importantly ultimately essentially specifically particularly significantly including
    regarding despite amid whereas hence instead besides otherwise likewise similarly accordingly
    currently recently actually basically simply anyway yes okay oh well nonetheless""".split()
)
# The second block are discourse connectives and stance adverbs: topic-free,
# and frequent in machine-written prose ("additionally", "overall").

#: Word endings whose shares among word tokens are columns ``morph:<suffix>``:
#: cheap part-of-speech proxies (adverbs in -ly, gerunds in -ing, nominalisations
#: in -tion/-ment/-ness, superlatives in -est...). A token counts when it is at
#: least 3 letters longer than the suffix.
SUFFIXES: tuple[str, ...] = (
    "ly", "ing", "ed", "tion", "sion", "est", "ness", "ment", "ous", "ive",
    "al", "er", "s", "ity", "ism", "ist", "ize", "ful", "less", "able",
)

#: Characters whose rates (per 1000 characters) are columns ``punct:<name>``.
#: Typographic variants of one mark share a column, so that a text reads the
#: same whether its publisher's CMS or the scraper typed straight or curly
#: quotes, ASCII or Unicode dashes (these were among the model's largest
#: weights while telling only how the page was produced):
#:
#: - ``quote``: any double quote, ``"`` “ ” „;
#: - ``apostrophe``: any single quote mark, ``'`` ‘ ’ (word-internal
#:   apostrophes and single quotes alike: both are typed with the same key);
#: - ``dash``: punctuation dashes: every —, an – with whitespace on
#:   either side, a lone ``-`` with whitespace on both sides (``a - b``), and
#:   a run of two or more ``-`` (``a--b``, counted once);
#: - ``hyphen``: the other ``-``, and an – between non-spaces (``1990–2000``,
#:   which ASCII-fication turns into ``1990-2000``);
#: - ``ellipsis``: … or a run of two or more ``.`` (counted once, and not as
#:   periods).
#:
#: Line breaks, "#", "@", "*", "[", "&" and "/" are deliberately absent: in the
#: corpora they come from page scraping (share widgets, link lists), not from
#: the writing, and including them lowered leave-one-corpus-out AUC (0.773 vs
#: 0.791 mean, see models/MODEL_CARD.md).
PUNCTUATION: Mapping[str, str] = MappingProxyType({
    "comma": ",",
    "period": ".",
    "semicolon": ";",
    "colon": ":",
    "question": "?",
    "quote": '"\u201c\u201d\u201e',
    "apostrophe": "'\u2018\u2019",
    "open_paren": "(",
    "hyphen": "-\u2013",
    "dash": "\u2014\u2013-",
    "dollar": "$",
    "percent": "%",
    "ellipsis": "\u2026.",
})

#: Word and sentence shape columns ``shape:<name>``.
SHAPE_FEATURES: Mapping[str, str] = MappingProxyType({
    "short_words": "share of word tokens with at most 3 letters",
    "long_words": "share of word tokens with 7 or more letters",
    "very_long_words": "share of word tokens with 10 or more letters",
    "capitalised_words": "share of word tokens that start with a capital (names, places, sentence starts)",
    "all_caps_words": "share of word tokens of 2+ letters written all in capitals",
    "digits": "digits per 100 characters",
    "words_per_sentence": "word tokens per sentence end (. ! ? followed by space, quote or line end)",
    "sentence_length_cv": "coefficient of variation of sentence lengths in words (machine prose is uniform)",
    "long_sentences": "share of sentences with 40 or more words",
    "short_sentences": "share of sentences with 6 or fewer words",
    "type_token_50": "distinct words per word in consecutive 50-word windows (lexical variety, length-free)",
    "mean_word_length": "mean letters per word token",
    "word_length_sd": "standard deviation of letters per word token",
    "syllables_per_word": "vowel groups (a e i o u y) per word token, at least 1 per word (readability)",
    "quoting_sentences": "share of sentences containing a double quotation mark (\" \u201c \u201d \u201e)",
    "question_sentences": "share of sentences ending in ?",
    "exclamation_sentences": "share of sentences ending in !",
    "function_word_starts": "share of sentences whose first word is a function word",
    "conjunction_starts": "share of sentences starting with and / but / or / so (informal register)",
    "midsentence_capitals": "share of word tokens capitalised but not sentence-initial (names: specificity)",
    "numbers": "numbers (digit groups, 1,200 and 3.5 count once) per 100 word tokens",
    "thousands_separators": "share of numbers written with a comma separator (1,200)",
    "decimal_numbers": "share of numbers with a decimal point (3.5)",
    "first_person_singular": "i me my myself per 100 word tokens",
    "first_person_plural": "we us our ours ourselves per 100 word tokens",
    "second_person": "you your yours yourself per 100 word tokens",
    "third_person": "he she they him her them his their hers theirs per 100 word tokens",
})
_TTR_WINDOW = 50
_PRONOUNS: dict[str, tuple[str, ...]] = {
    "first_person_singular": ("i", "me", "my", "myself"),
    "first_person_plural": ("we", "us", "our", "ours", "ourselves"),
    "second_person": ("you", "your", "yours", "yourself"),
    "third_person": ("he", "she", "they", "him", "her", "them", "his", "their", "hers", "theirs"),
}
_CONJUNCTIONS = ("and", "but", "or", "so")
# The function-word columns of each pronoun group, and whether a function-word
# id is a conjunction (indexed by id; id -1, no function word, reads the last
# entry, False).
_PRONOUN_COLUMNS = [[FUNCTION_WORDS.index(w) for w in ws] for ws in _PRONOUNS.values()]
_IS_CONJUNCTION = np.zeros(len(FUNCTION_WORDS) + 1, dtype=bool)
_IS_CONJUNCTION[[FUNCTION_WORDS.index(w) for w in _CONJUNCTIONS]] = True
_VOWEL = np.zeros(256, dtype=bool)
_VOWEL[list(b"aeiouyAEIOUY")] = True
_VOWEL_BYTES = _VOWEL.astype(np.uint8)  # for the compiled loop: a vowel group starts where this rises
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[list(b"0123456789")] = True


# Byte classes, so that one lookup pass over the batch classifies every byte:
# 0 lowercase, 1 uppercase, 2 apostrophe (the word bytes), 3 other, 4 space,
# and from _SPARSE_BASE on, the bytes counted by position (punctuation
# columns, digits, "!").
_LOWER_C, _UPPER_C, _APOS_C, _OTHER_C, _SPACE_C = 0, 1, 2, 3, 4
_SPARSE_BASE = 5
_CLASS = np.full(256, _OTHER_C, dtype=np.uint8)
_CLASS[list(b"abcdefghijklmnopqrstuvwxyz")] = _LOWER_C
_CLASS[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = _UPPER_C
_CLASS[ord("'")] = _APOS_C
_CLASS[list(b" \t\r\n\x00")] = _SPACE_C

# Typography is normalised before anything is counted (credscore._tokens:
# curly quotes straight, an ellipsis as "..."), so that the tokenizer, the
# sentence ends, the punctuation columns and quoting_sentences see one form.
# Character counts (the rates' denominators) come from the original text, with
# "--" and "..." counted as one character like the marks they stand for.

# Punctuation: single-byte marks are counted from the class array; the
# three-byte marks starting with 0xE2 (dashes) from their lead
# byte's position; apostrophes (word bytes) by position too. "-" and the en
# dash are split into hyphen and dash by their neighbours.
_APOS_COL = list(PUNCTUATION).index("apostrophe")
_QUOTE_COL = list(PUNCTUATION).index("quote")
_HYPHEN_COL = list(PUNCTUATION).index("hyphen")
_PERIOD_COL = list(PUNCTUATION).index("period")
_ELLIPSIS_COL = list(PUNCTUATION).index("ellipsis")
_DASH_COL = list(PUNCTUATION).index("dash")
_EM_DASH_CODE = 0x8094  # bytes 2-3 of U+2014
_EN_DASH_CODE = 0x8093  # bytes 2-3 of U+2013
_DIGIT_ID = len(PUNCTUATION)
_BANG_ID = _DIGIT_ID + 1  # "!" is no punct column (the exclamation signal covers it) but ends sentences
_E2_ID = _DIGIT_ID + 2
_NONE_ID = _DIGIT_ID + 3  # an 0xE2 sequence that is none of the marks
_N_SPARSE = _NONE_ID + 1
_E2_COLUMN: dict[int, int] = {
    _EM_DASH_CODE: _DASH_COL,
    _EN_DASH_CODE: _HYPHEN_COL,  # or a dash, when spaced (decided below)
}
for _col, _ch in enumerate(PUNCTUATION.values()):
    if len(_ch) == 1 and len(_ch.encode("utf-8")) == 1 and _CLASS[ord(_ch)] == _OTHER_C:
        _CLASS[ord(_ch)] = _SPARSE_BASE + _col
_CLASS[ord('"')] = _SPARSE_BASE + _QUOTE_COL
_CLASS[ord("-")] = _SPARSE_BASE + _HYPHEN_COL  # or a dash (decided below)
_CLASS[list(b"0123456789")] = _SPARSE_BASE + _DIGIT_ID
_CLASS[ord("!")] = _SPARSE_BASE + _BANG_ID
_CLASS[0xE2] = _SPARSE_BASE + _E2_ID
# The byte tables as bytes.translate reads them (see credscore._tokens.translate).
_CLASS_TABLE, _VOWEL_TABLE, _DIGIT_TABLE = (translation(t) for t in (_CLASS, _VOWEL, _DIGIT))
_SENTENCE_END = np.zeros(256, dtype=bool)
_SENTENCE_END[list(b".!?")] = True
# A sentence end is one of . ! ? followed by whitespace, a quote (double or
# single: curly ones are straight by then), or the end.
_CLOSES = np.zeros(256, dtype=bool)
_CLOSES[list(b" \t\r\n\x00\"'")] = True

# Function words are looked up by their bytes (credscore._tokens.Lexicon).
FUNCTION_WORD_LEXICON = Lexicon(FUNCTION_WORDS)


# Word endings by length (at most 4 letters): the suffixes of that length as a
# word list, and their columns. A token ends in a suffix when it has at least
# _SHORTEST_STEM letters before it.
_SHORTEST_STEM = 3
_SUFFIXES_BY_LENGTH: dict[int, tuple[Lexicon, np.ndarray]] = {
    length: (Lexicon([SUFFIXES[j] for j in cols]), np.array(cols, dtype=np.int64))
    for length in sorted({len(x) for x in SUFFIXES})
    for cols in [[j for j, x in enumerate(SUFFIXES) if len(x) == length]]
}
if sorted(_SUFFIXES_BY_LENGTH) != [1, 2, 3, 4]:  # pragma: no cover - a list edit
    raise ValueError("word endings are read from a token's last 4 bytes, each length 1-4 by its own table: "
                     "the suffixes must have every length from 1 to 4, and no other")
#: For the endings of one and two bytes, the lexicon's answer for every value
#: of a token's last bytes, read by index instead of by hashing.
_SUFFIX_TABLES: dict[int, np.ndarray] = {
    length: lexicon.ids(np.arange(256**length, dtype=np.uint64), np.full(256**length, length), np.int8)
    for length, (lexicon, _cols) in _SUFFIXES_BY_LENGTH.items()
    if length <= 2
}


def row_sums(a: np.ndarray) -> np.ndarray:
    """The sum of each row of the 2-D array ``a``, added from the left, one column at a time.

    ``a.sum(axis=1)`` may sum a row in a different order (pairwise, or in SIMD
    lanes) depending on how many rows the array has, so a document's value
    would change in its last bits with the batch it came in (``score_many``
    against ``score``). A running sum (``np.cumsum``, strictly left to right)
    gives every row the same sum whatever surrounds it: ``0.0 + a[:, 0] +
    a[:, 1] + ...`` (the ``+ 0.0`` makes a row of negative zeros sum to 0.0).

    >>> row_sums(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).tolist()
    [6.0, 15.0]
    """
    if a.shape[1] == 0:
        return np.zeros(a.shape[0], dtype=np.float64)
    out: np.ndarray = np.cumsum(a, axis=1, dtype=np.float64)[:, -1] + 0.0
    return out


#: Windows of :func:`_type_token` sorted in one step (about 200,000 tokens: 5 MB of temporaries).
_TTR_ROWS_PER_PASS = 1 << 12


def _type_token(keys: np.ndarray, tok_doc: np.ndarray, n_tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per text: distinct token keys summed over its 50-token windows, and the tokens of those windows (int64).

    Only full windows count, or the whole text when it is shorter than one
    window; their ratio is the ``type_token_50`` column. The windows are the
    rows of one (windows, 50) array, sorted row by row; the distinct keys of a
    row are where its sorted values change.
    """
    n = len(n_tokens)
    if not len(keys):
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    first_tok = np.searchsorted(tok_doc, np.arange(n))
    full = n_tokens // _TTR_WINDOW
    rows_per_doc = np.where(full > 0, full, (n_tokens > 0).astype(np.int64))
    row_doc = np.repeat(np.arange(n), rows_per_doc)
    row_k = np.arange(len(row_doc)) - np.repeat(np.cumsum(rows_per_doc) - rows_per_doc, rows_per_doc)
    row_start = first_tok[row_doc] + _TTR_WINDOW * row_k
    row_len = np.where(full[row_doc] > 0, _TTR_WINDOW, n_tokens[row_doc])
    col = np.arange(_TTR_WINDOW)
    types = np.zeros(len(row_doc), dtype=np.int64)
    # Rows are independent: a block of rows at a time bounds the temporaries
    # (18 bytes per token of the block) however many tokens the batch holds.
    for lo in range(0, len(row_doc), _TTR_ROWS_PER_PASS):
        hi = lo + _TTR_ROWS_PER_PASS
        inside = col[None, :] < row_len[lo:hi, None]
        # Padding sorts last (the largest key); any real key equal to it is equal
        # in value, so the first row_len sorted values are exactly the row's keys.
        at = row_start[lo:hi, None] + col[None, :]
        np.minimum(at, len(keys) - 1, out=at)
        vals = np.where(inside, keys[at], ~np.uint64(0))
        del at
        vals.sort(axis=1)
        new = np.ones(vals.shape, dtype=bool)
        np.not_equal(vals[:, 1:], vals[:, :-1], out=new[:, 1:])
        del vals
        new &= inside
        types[lo:hi] = np.count_nonzero(new, axis=1)
    # Rows are in text order: per text, the running totals read where its rows begin.
    first_row = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(rows_per_doc, out=first_row[1:])
    return per_text_totals(types, first_row), per_text_totals(row_len.astype(np.int64), first_row)


class _Marks(NamedTuple):
    """What :func:`_punctuation` reads from the sparse bytes (punctuation, digits, sentence ends)."""

    punct_counts: np.ndarray  # (n, len(PUNCTUATION)) float64
    n_chars: np.ndarray  # (n,) characters of the original text, "--" and "..." as one
    digits: np.ndarray  # (n,) float64
    sentences: np.ndarray  # (n,) sentence ends, at least 1, float64
    end_pos: np.ndarray  # buffer positions of the sentence ends, sorted
    quote_pos: np.ndarray  # buffer positions of double quotes, sorted


class _Tokens(NamedTuple):
    """The word tokens of a batch: runs of ASCII letters and word-internal apostrophes."""

    start: np.ndarray
    end: np.ndarray
    length: np.ndarray
    doc: np.ndarray
    n_tokens: np.ndarray  # (n,) int64

    @property
    def first(self) -> np.ndarray:
        """Where each text's tokens begin, and (last) how many there are: (n + 1,) int64."""
        out = np.zeros(len(self.n_tokens) + 1, dtype=np.int64)
        np.cumsum(self.n_tokens, out=out[1:])
        return out

    def per_text(self, mask: np.ndarray) -> np.ndarray:
        """How many of each text's tokens ``mask`` holds for (int64)."""
        return np.bincount(self.doc[mask], minlength=len(self.n_tokens))


# The columns of _WordStats.totals.
_SHORT, _LONG, _VERY_LONG, _CAPITALISED, _ALL_CAPS, _LETTERS, _SQUARES, _SYLLABLES, _TYPES, _WINDOWED = range(10)
_N_TOTALS = 10


class _WordStats(NamedTuple):
    """What the word tokens give: integer totals per text, and per token what :func:`_sentences` reads.

    Made by :func:`_word_stats` (NumPy) or by a compiled loop
    (:func:`credscore._kernels.word_stats`), to the same numbers.
    """

    n_tokens: np.ndarray  # (n,) int64
    #: (n, _N_TOTALS) int64: tokens of at most 3, 7 or more and 10 or more letters, tokens starting with a
    #: capital, all-capitals tokens, letters, squared letters per token, syllables, distinct keys summed over
    #: the 50-token windows and the windows' tokens (see _type_token)
    totals: np.ndarray
    fw_counts: np.ndarray  # (n, len(FUNCTION_WORDS)) int64
    suffix_counts: np.ndarray  # (n, len(SUFFIXES)) int64
    start: np.ndarray  # per token: its first byte in the buffer (sorted)
    doc: np.ndarray  # per token: its text
    fw: np.ndarray  # per token: its function word's index, or -1
    first_upper: np.ndarray  # per token: whether it starts with a capital

    @property
    def ntok(self) -> np.ndarray:
        """Tokens per text as float64, at least 1 (the denominator of every rate)."""
        out: np.ndarray = np.maximum(self.n_tokens, 1).astype(np.float64)
        return out


def _word_classes(batch: ByteBatch) -> tuple[np.ndarray, np.ndarray]:
    """The stylometry class of every byte, and the apostrophes per text.

    An apostrophe is a word byte only between two letters ("don't"): an
    opening or closing single quote ('Yes,' \u2018Yes,\u2019) leaves the word alone.
    """
    cls = translate(batch.buf, _CLASS_TABLE, writable=True)
    apos = np.flatnonzero(cls == _APOS_C)
    apostrophes = np.bincount(batch.doc_of(apos), minlength=len(batch))
    cls[apos[(cls[apos - 1] > _UPPER_C) | (cls[apos + 1] > _UPPER_C)]] = _OTHER_C
    return cls, apostrophes


#: Bytes of the buffer read per pass by :func:`_punctuation` (text made of
#: nothing but punctuation has a position, a text index and a column per byte).
_SPARSE_BYTES_PER_PASS = 1 << 21


def _punctuation(batch: ByteBatch, cls: np.ndarray, n_chars: np.ndarray) -> _Marks:
    """Count the sparse bytes: punctuation columns, digits and sentence ends.

    ``n_chars`` (characters of each original text, with each U+2026 as three)
    is corrected for dash and dot runs, which count as one character. The
    buffer is read :data:`_SPARSE_BYTES_PER_PASS` bytes at a time; every
    decision reads the bytes around a position in the whole buffer, so the
    passes give the same counts as one.
    """
    n = len(batch)
    sparse = np.zeros((n, _N_SPARSE), dtype=np.int64)
    n_ends = np.zeros(n, dtype=np.int64)
    ends, quotes = [], []
    pos_type = positions_dtype(batch)  # int32 under 2 GiB: text of nothing but "! " has an end every 2 bytes
    for lo in range(0, len(cls), _SPARSE_BYTES_PER_PASS):
        counts, runs, at_ends, at_quotes, doc_ends = _sparse_marks(batch, cls, lo, lo + _SPARSE_BYTES_PER_PASS)
        sparse += counts
        n_chars -= runs
        ends.append(at_ends.astype(pos_type))
        quotes.append(at_quotes.astype(pos_type))
        n_ends += np.bincount(doc_ends, minlength=n)  # counted per pass: no array of every end's text kept
        del doc_ends
    n_chars = np.maximum(n_chars, 1.0)
    punct_counts = sparse[:, : len(PUNCTUATION)].astype(np.float64)
    digits = sparse[:, _DIGIT_ID].astype(np.float64)
    sentences = np.maximum(n_ends, 1).astype(np.float64)
    return _Marks(punct_counts, n_chars, digits, sentences, np.concatenate(ends), np.concatenate(quotes))


def _sparse_marks(
    batch: ByteBatch, cls: np.ndarray, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_punctuation`'s counts for the sparse bytes in ``[lo, hi)``.

    Returns the counts per text and sparse column, the characters to take off
    each text for dash and dot runs, and the positions of sentence ends, of
    double quotes, and the text of each sentence end.
    """
    raw = batch.raw
    n = len(batch)
    pos = np.flatnonzero(cls[lo:hi] >= _SPARSE_BASE)
    pos += lo
    pos_doc = batch.doc_of(pos)
    ids = cls[pos].astype(np.int64) - _SPARSE_BASE
    runs = np.zeros(n, dtype=np.float64)
    # A 0xE2 lead byte: one of the multi-byte marks (dashes) or none;
    # an en dash with whitespace on either side is a dash, else a hyphen (1990\u20132000).
    lead = ids == _E2_ID
    if lead.any():
        at = pos[lead]
        code = (raw[at + 1].astype(np.int64) << 8) | raw[at + 2]
        lead_at = np.flatnonzero(lead)
        ids[lead_at] = _NONE_ID
        for c, col in _E2_COLUMN.items():
            ids[lead_at[code == c]] = col
        en = code == _EN_DASH_CODE
        spaced = (cls[at[en] - 1] == _SPACE_C) | (cls[at[en] + 3] == _SPACE_C)
        ids[lead_at[en][spaced]] = _DASH_COL
    del lead
    # "-": a run of two or more is one dash (counted at its first byte), a lone
    # "-" between whitespace is a dash, any other a hyphen.
    hy = np.flatnonzero(raw[pos] == ord("-"))
    if len(hy):
        at = pos[hy]
        after_hyphen = raw[at - 1] == ord("-")
        before_hyphen = raw[at + 1] == ord("-")
        spaced = (cls[at - 1] == _SPACE_C) & (cls[at + 1] == _SPACE_C)
        ids[hy[after_hyphen]] = _NONE_ID
        ids[hy[~after_hyphen & (before_hyphen | spaced)]] = _DASH_COL
        # A dash is one character however it is typed: "--" counts as one, like "\u2014".
        runs += np.bincount(pos_doc[hy[after_hyphen]], minlength=n)
    del hy
    # ".": a run of two or more is one ellipsis (counted at its first byte), like "\u2026".
    dot = np.flatnonzero(ids == _PERIOD_COL)
    if len(dot):
        at = pos[dot]
        after_dot = raw[at - 1] == ord(".")
        ids[dot[after_dot]] = _NONE_ID
        ids[dot[~after_dot & (raw[at + 1] == ord("."))]] = _ELLIPSIS_COL
        runs += np.bincount(pos_doc[dot[after_dot]], minlength=n)
    del dot
    key = pos_doc * _N_SPARSE
    key += ids
    counts = np.bincount(key, minlength=n * _N_SPARSE).reshape(n, _N_SPARSE)
    del key
    ends = _SENTENCE_END[raw[pos]] & _CLOSES[raw[pos + 1]]
    return counts, runs, pos[ends], pos[ids == _QUOTE_COL], pos_doc[ends]


_WHITESPACE_BYTES_PER_PASS = 1 << 20  # bytes of the buffer :func:`_extra_whitespace` reads at a time


def _extra_whitespace(batch: ByteBatch, cls: np.ndarray) -> np.ndarray:
    r"""Each text's whitespace characters beyond one for each run between two other characters: what the
    rates per character leave out, so that they do not move with a trailing line break, CRLF line ends,
    a double space after a full stop or indented lines (an audit of session 26: a trailing newline moved
    every shared article's score, by up to 0.0035).

    ``cls`` holds :func:`stylometry`'s byte classes, where the NUL closing each text (and those before
    the first) is whitespace: a text's leading run joins the NUL before it, so no run starts there, and
    its last run, trailing whitespace or the closing NUL alone, is no run between two characters.

    >>> from credscore._tokens import encode_batch
    >>> batch = encode_batch(["a b", "a b\n", "\r\n a  b \r\n", "", "  "])
    >>> _extra_whitespace(batch, translate(batch.buf, _CLASS_TABLE, writable=True)).tolist()
    [0.0, 1.0, 7.0, 0.0, 2.0]
    """
    first = batch.starts[:-1]
    spaces = np.zeros(len(first), dtype=np.int64)
    runs = np.zeros(len(first), dtype=np.int64)
    end = int(batch.starts[-1])  # not the padding after the last text's closing NUL
    # A block of the buffer at a time: two bool arrays of a block, not of the whole buffer.
    for lo in range(int(first[0]) if len(first) else end, end, _WHITESPACE_BYTES_PER_PASS):
        hi = min(lo + _WHITESPACE_BYTES_PER_PASS, end)
        ws = cls[lo:hi] == _SPACE_C
        opens = ws.copy()
        opens[1:] &= ~ws[:-1]
        opens[0] &= cls[lo - 1] != _SPACE_C
        a = int(np.searchsorted(first, lo, side="right")) - 1  # the text holding byte lo, and those after it
        b = int(np.searchsorted(first, hi, side="left"))
        cuts = first[a:b] - lo
        cuts[0] = 0
        spaces[a:b] += np.add.reduceat(ws, cuts, dtype=np.int64)
        runs[a:b] += np.add.reduceat(opens, cuts, dtype=np.int64)
    spaces -= 1  # not the closing NUL
    runs -= 1  # not the last run
    extra: np.ndarray = (spaces - np.maximum(runs, 0)).astype(np.float64)
    return extra


def _byte_marks(batch: ByteBatch, n_chars: np.ndarray) -> tuple[np.ndarray, _Marks, np.ndarray]:
    """Stylometry's byte classes (apostrophe rule applied), the punctuation marks with the apostrophes
    counted, and the :func:`_number_counts`.

    With NumPy, :func:`_word_classes`, :func:`_punctuation` and
    :func:`_number_counts` in turn; or in one compiled loop when numba is
    installed (:func:`credscore._kernels.byte_marks`, the same numbers).
    ``n_chars`` is corrected in place, as :func:`_punctuation` does.
    """
    loop = _kernels.compiled("byte_marks", len(batch.raw))
    if loop is None:
        cls, apostrophes = _word_classes(batch)
        marks = _punctuation(batch, cls, n_chars)
        marks.punct_counts[:, _APOS_COL] += apostrophes
        return cls, marks, _number_counts(batch)
    cls = translate(batch.buf, _CLASS_TABLE, writable=True)
    apostrophes, sparse, runs, n_ends, ends, quotes, numbers = loop(*byte_marks_args(batch, cls))
    n_chars -= runs
    n_chars = np.maximum(n_chars, 1.0)
    punct_counts = sparse[:, : len(PUNCTUATION)].astype(np.float64)
    punct_counts[:, _APOS_COL] += apostrophes
    marks = _Marks(punct_counts, n_chars, sparse[:, _DIGIT_ID].astype(np.float64),
                   np.maximum(n_ends, 1).astype(np.float64), ends, quotes)
    return cls, marks, numbers


def byte_marks_args(batch: ByteBatch, cls: np.ndarray) -> tuple[object, ...]:
    """The arguments of :func:`credscore._kernels.byte_marks` for ``batch`` and its classes ``cls``
    (:data:`_CLASS_TABLE`'s, before the apostrophe rule)."""
    columns = np.array([_OTHER_C, _SPACE_C, _SPARSE_BASE, _E2_ID, _NONE_ID, _DIGIT_ID, _EN_DASH_CODE, _DASH_COL,
                        _PERIOD_COL, _ELLIPSIS_COL, _QUOTE_COL], dtype=np.int64)
    codes = np.array(list(_E2_COLUMN), dtype=np.int64)
    cols = np.array(list(_E2_COLUMN.values()), dtype=np.int64)
    return batch.raw, cls, batch.starts, columns, codes, cols, _SENTENCE_END, _CLOSES, _N_SPARSE


_INT32_MAX = 2**31 - 1


def positions_dtype(batch: ByteBatch) -> type[np.signedinteger]:
    """The narrowest integer type that holds every position of ``batch``'s buffer.

    int32 for any buffer under 2 GiB: a token's start, end, length and text
    then take 16 bytes instead of 32, which is what bounds the memory of text
    made of nothing but short words ("a. a. a." has a token every 2 bytes).
    """
    return np.int32 if len(batch.buf) <= _INT32_MAX else np.int64


def _word_tokens(batch: ByteBatch, cls: np.ndarray) -> _Tokens:
    """Word-byte runs; their edges alternate start, end, start, ..."""
    is_word = cls <= _APOS_C
    edges = np.flatnonzero(is_word[1:] != is_word[:-1])
    del is_word
    edges += 1
    pos_type = positions_dtype(batch)
    start = edges[0::2].astype(pos_type)
    end = edges[1::2].astype(pos_type)
    del edges
    doc = batch.doc_of(start).astype(np.int32)  # fewer than 2**31 texts: a list holds at most that many
    n_tokens = np.bincount(doc, minlength=len(batch)).astype(np.int64)
    return _Tokens(start, end, end - start, doc, n_tokens)


def _capitals(batch: ByteBatch, cls: np.ndarray, tok: _Tokens) -> tuple[np.ndarray, np.ndarray]:
    """Whether each token starts with a capital, and whether it is in capitals (2+ letters, no lowercase)."""
    first_upper = cls[tok.start] == _UPPER_C
    # All caps: 2+ letters, and none of the first 8 bytes has the lowercase bit.
    cand = np.flatnonzero(first_upper & (tok.length >= 2))
    head = batch.words64()[tok.start[cand]]  # first 8 bytes of each candidate
    caps = np.zeros(len(tok.start), dtype=bool)
    caps[cand] = (head & LOWERCASE_BITS & BYTE_MASKS[np.minimum(tok.length[cand], 8)]) == 0
    return first_upper, caps


def _word_stats(batch: ByteBatch, cls: np.ndarray) -> _WordStats:
    """Everything stylometry reads from the word tokens: word shape, function words, lexical variety,
    syllables and word endings (see :class:`_WordStats`).

    With NumPy, a step at a time (each frees its temporaries), or in one
    compiled loop when numba is installed (:func:`credscore._kernels.word_stats`,
    the same numbers).
    """
    loop = _kernels.compiled("word_stats", len(batch.raw))
    if loop is not None:
        return _WordStats(*loop(*word_stats_args(batch, cls)))
    n = len(batch)
    tok = _word_tokens(batch, cls)
    totals = np.zeros((n, _N_TOTALS), dtype=np.int64)
    first_upper, caps = _capitals(batch, cls, tok)
    totals[:, _SHORT] = tok.per_text(tok.length <= 3)
    totals[:, _LONG] = tok.per_text(tok.length >= 7)
    totals[:, _VERY_LONG] = tok.per_text(tok.length >= 10)
    totals[:, _CAPITALISED] = tok.per_text(first_upper)
    totals[:, _ALL_CAPS] = tok.per_text(caps)
    del caps
    # Integer sums per text (running totals): the same numbers as float
    # sums of these integers, in less time than np.bincount with weights.
    first = tok.first
    totals[:, _LETTERS] = per_text_totals(tok.length.astype(np.int64), first)
    squares = tok.length.astype(np.int64)
    squares *= squares
    totals[:, _SQUARES] = per_text_totals(squares, first)
    del squares
    # Function words and lexical variety (distinct keys per 50-token window:
    # only full windows, or the whole text when it is shorter than one).
    keys = token_keys(batch.words64(), tok.start, tok.length)
    # -1 or a column, in the narrowest type that holds them (2 bytes a token)
    tok_fw = FUNCTION_WORD_LEXICON.ids(keys, tok.length, np.min_scalar_type(-len(FUNCTION_WORDS)))
    totals[:, _TYPES], totals[:, _WINDOWED] = _type_token(keys, tok.doc, tok.n_tokens)
    del keys
    hit = np.flatnonzero(tok_fw >= 0)
    fw_counts = np.bincount(tok.doc[hit].astype(np.int64) * len(FUNCTION_WORDS) + tok_fw[hit],
                            minlength=n * len(FUNCTION_WORDS)).reshape(n, len(FUNCTION_WORDS))
    del hit
    totals[:, _SYLLABLES] = _syllables(batch, tok)
    suffix_counts = _word_endings(batch, tok)
    return _WordStats(tok.n_tokens, totals, fw_counts, suffix_counts, tok.start, tok.doc, tok_fw, first_upper)


def word_stats_args(batch: ByteBatch, cls: np.ndarray) -> tuple[object, ...]:
    """The arguments of :func:`credscore._kernels.word_stats` for ``batch`` and its stylometry classes ``cls``."""
    lex = _SUFFIXES_BY_LENGTH
    return (
        batch.raw, cls, batch.words64(), _VOWEL_BYTES, batch.starts, FUNCTION_WORD_LEXICON.tables,
        BYTE_MASKS, LOWERCASE_BITS, KEY_MIX, _SUFFIX_TABLES[1], _SUFFIX_TABLES[2], lex[3][0].tables, lex[4][0].tables,
        (lex[1][1], lex[2][1], lex[3][1], lex[4][1]), len(FUNCTION_WORDS), len(SUFFIXES), _TTR_WINDOW,
    )


def _syllables(batch: ByteBatch, tok: _Tokens) -> np.ndarray:
    """Vowel groups per text (int64), at least one per word token.

    A vowel group starts at a vowel after a non-vowel; vowels are letters, so
    every group lies in a token: the group starts in each token are its groups.
    """
    raw = batch.raw
    vowel = translate(batch.buf, _VOWEL_TABLE, bool)
    group_start = np.zeros(len(raw), dtype=bool)
    np.greater(vowel[1:], vowel[:-1], out=group_start[1:])
    del vowel
    syl = byte_sums(group_start.view(np.uint8), tok.start, tok.length)
    del group_start
    np.maximum(syl, 1, out=syl)
    return per_text_totals(syl, tok.first)


def _sentences(batch: ByteBatch, marks: _Marks, tok: _WordStats) -> dict[str, np.ndarray]:
    """Sentence length, openings, endings and quotes (real sentences only).

    A sentence runs from after one sentence end (or the text's start) to the
    next; one without a word token is not a sentence. With NumPy, or in one
    compiled loop when numba is installed
    (:func:`credscore._kernels.sentence_stats`, the same numbers).
    """
    n = len(batch)
    raw = batch.raw
    loop = _kernels.compiled("sentence_stats", len(raw))
    if loop is not None:
        tot = loop(raw, batch.starts, tok.start, tok.fw, tok.first_upper, marks.end_pos, marks.quote_pos, _IS_CONJUNCTION)
        return _sentence_rates(tot, tok)
    # Sentence starts: after each sentence end, and at each document start.
    # Both lists are sorted, so a stable sort (timsort: a merge of two runs)
    # is linear; np.union1d would sort from scratch (or hash), several times
    # slower on text that is nearly all sentence ends ("! ! ! ...").
    # Positions and sentence indices are int32 under 2 GiB (positions_dtype), and searches run by
    # blocks (_searched): that text has a sentence end every 2 bytes, 4 bytes each instead of 8
    # in every array of one value per end, and no int64 array of a search's results.
    pos_type = positions_dtype(batch)
    bounds = np.sort(np.concatenate([marks.end_pos + 1, batch.starts[:-1].astype(pos_type)]), kind="stable")
    if len(bounds) > 1:
        distinct = np.empty(len(bounds), dtype=bool)
        distinct[0] = True
        np.not_equal(bounds[1:], bounds[:-1], out=distinct[1:])
        bounds = bounds[distinct]
        del distinct
    # Tokens per sentence: where each sentence's first token is, differenced
    # (a search per sentence, not per token; every token is after the first bound).
    first_tok = np.empty(len(bounds) + 1, dtype=pos_type)
    _searched(tok.start, bounds, "left", out=first_tok[:-1])
    first_tok[-1] = len(tok.start)
    sent_len_all = np.diff(first_tok)
    del first_tok
    real = sent_len_all > 0
    real_at = np.flatnonzero(real)
    del real
    sent_len = sent_len_all[real_at].astype(np.float64)
    del sent_len_all
    real_bounds = bounds[real_at]
    sent_doc = batch.doc_of(real_bounds)  # bounds are sorted: the same as doc_of(bounds)[real]
    n_sent = np.maximum(np.bincount(sent_doc, minlength=n), 1).astype(np.float64)
    mean_len = np.bincount(sent_doc, weights=sent_len, minlength=n) / n_sent
    var_len = np.maximum(np.bincount(sent_doc, weights=sent_len**2, minlength=n) / n_sent - mean_len**2, 0.0)
    out = {
        "sentence_length_cv": np.sqrt(var_len) / np.maximum(mean_len, 1.0),
        "long_sentences": np.bincount(sent_doc[sent_len >= 40], minlength=n) / n_sent,
        "short_sentences": np.bincount(sent_doc[sent_len <= 6], minlength=n) / n_sent,
    }
    del sent_len
    opener = np.searchsorted(tok.start, real_bounds)  # first token of each sentence
    del real_bounds
    out["function_word_starts"] = np.bincount(sent_doc[tok.fw[opener] >= 0], minlength=n) / n_sent
    out["conjunction_starts"] = np.bincount(sent_doc[_IS_CONJUNCTION[tok.fw[opener]]], minlength=n) / n_sent
    out["midsentence_capitals"] = (tok.totals[:, _CAPITALISED]
                                   - np.bincount(tok.doc[opener][tok.first_upper[opener]], minlength=n)) / tok.ntok
    del opener
    end_pos = marks.end_pos
    sent_index = np.full(len(bounds), -1, dtype=pos_type)  # fewer sentences than bytes
    sent_index[real_at] = np.arange(len(real_at))
    del real_at
    at = _searched(bounds, end_pos, "right")
    at -= 1
    ended = sent_index[at]
    del at
    ok = ended >= 0
    out["question_sentences"] = np.bincount(sent_doc[ended[ok & (raw[end_pos] == ord("?"))]], minlength=n) / n_sent
    out["exclamation_sentences"] = np.bincount(sent_doc[ended[ok & (raw[end_pos] == ord("!"))]], minlength=n) / n_sent
    del ended, ok
    qpos = marks.quote_pos
    qsent = _searched(bounds, qpos, "right")
    qsent -= 1
    # a closing quote right after . ! ? belongs to the sentence it closes
    back = (bounds[qsent] == qpos) & _SENTENCE_END[raw[qpos - 1]]
    qsent = sent_index[qsent - back]
    # Quotes come in text order, so their sentences are sorted: the distinct ones are where the index changes.
    qsent = qsent[qsent >= 0]
    if len(qsent) > 1:
        qsent = qsent[np.concatenate(([True], qsent[1:] != qsent[:-1]))]
    out["quoting_sentences"] = np.bincount(sent_doc[qsent], minlength=n) / n_sent
    return out


#: Values searched per NumPy call in :func:`_searched` (``searchsorted`` returns int64 whatever it searches).
_SEARCH_BLOCK = 1 << 20


def _searched(a: np.ndarray, v: np.ndarray, side: Literal["left", "right"], out: np.ndarray | None = None) -> np.ndarray:
    """``np.searchsorted(a, v, side)`` in ``out`` (default: a new array of ``v``'s type), a block of ``v`` at a time.

    >>> _searched(np.array([0, 2, 4], np.int32), np.array([1, 4, 5], np.int32), "right").tolist()
    [1, 3, 3]
    """
    if out is None:
        out = np.empty(len(v), dtype=v.dtype)
    for k in range(0, len(v), _SEARCH_BLOCK):
        out[k : k + _SEARCH_BLOCK] = np.searchsorted(a, v[k : k + _SEARCH_BLOCK], side=side)
    return out


def _sentence_rates(tot: np.ndarray, tok: _WordStats) -> dict[str, np.ndarray]:
    """:func:`_sentences`'s columns from the per-text totals of :func:`credscore._kernels.sentence_stats`."""
    n_sent = np.maximum(tot[:, 0], 1).astype(np.float64)
    mean_len = tot[:, 1] / n_sent
    var_len = np.maximum(tot[:, 2] / n_sent - mean_len**2, 0.0)
    return {
        "sentence_length_cv": np.sqrt(var_len) / np.maximum(mean_len, 1.0),
        "long_sentences": tot[:, 3] / n_sent,
        "short_sentences": tot[:, 4] / n_sent,
        "function_word_starts": tot[:, 5] / n_sent,
        "conjunction_starts": tot[:, 6] / n_sent,
        "midsentence_capitals": (tok.totals[:, _CAPITALISED] - tot[:, 7]) / tok.ntok,
        "question_sentences": tot[:, 8] / n_sent,
        "exclamation_sentences": tot[:, 9] / n_sent,
        "quoting_sentences": tot[:, 10] / n_sent,
    }


def _number_counts(batch: ByteBatch) -> np.ndarray:
    """Per text: numbers, numbers with a thousands separator, numbers with a decimal point ((n, 3) int64).

    A number is a digit run, joined across "," or "." between digits.
    """
    raw = batch.raw
    n = len(batch)
    dig = translate(batch.buf, _DIGIT_TABLE, bool, writable=True)
    # A joiner is a "," or "." between two digits (found as a mask: text full of
    # dots would otherwise list every dot's position first).
    between = (raw[1:-1] == ord(",")) | (raw[1:-1] == ord("."))
    between &= dig[:-2]
    between &= dig[2:]
    joiner = np.flatnonzero(between) + 1
    del between
    joined = dig  # the digits, now joined across their joiners
    del dig
    joined[joiner] = True
    num_edges = np.flatnonzero(joined[1:] != joined[:-1]) + 1
    del joined
    num_start = num_edges[0::2]
    num_doc = batch.doc_of(num_start)
    run_of = np.searchsorted(num_start, joiner, side="right") - 1
    with_comma = np.zeros(len(num_start), dtype=bool)  # by number
    with_comma[run_of[raw[joiner] == ord(",")]] = True
    with_point = np.zeros(len(num_start), dtype=bool)
    with_point[run_of[raw[joiner] == ord(".")]] = True
    return np.column_stack([np.bincount(num_doc, minlength=n), np.bincount(num_doc[with_comma], minlength=n),
                            np.bincount(num_doc[with_point], minlength=n)]).astype(np.int64)


def _number_rates(counts: np.ndarray, ntok: np.ndarray) -> list[np.ndarray]:
    """Numbers per 100 tokens, and the shares with a thousands separator and a decimal point,
    from :func:`_number_counts`."""
    n_num = counts[:, 0].astype(np.float64)
    return [100.0 * n_num / ntok, counts[:, 1] / np.maximum(n_num, 1), counts[:, 2] / np.maximum(n_num, 1)]


def _word_endings(batch: ByteBatch, tok: _Tokens) -> np.ndarray:
    """How many word tokens of each text end in each of :data:`SUFFIXES` (int64, (n, len(SUFFIXES))).

    The last 4 bytes of each token long enough for a suffix, lowercased and
    shifted to each suffix's length, looked up among the suffixes of that
    length (a token has at most one ending of each length). A block of
    :data:`_ENDINGS_PER_PASS` tokens at a time, so that the temporaries stay
    bounded however many tokens there are (made whole, they were most of
    stylometry's peak for a 10 MB text: 69 of 108 MB).
    """
    n = len(batch)
    n_suffix = len(SUFFIXES)
    out = np.zeros(n * n_suffix, dtype=np.int64)
    words64 = batch.words64()
    candidates = np.flatnonzero(tok.length >= _SHORTEST_STEM + 1)
    for lo in range(0, len(candidates), _ENDINGS_PER_PASS):
        at = candidates[lo : lo + _ENDINGS_PER_PASS]
        last4 = words64[tok.end[at] - 8]
        last4 |= LOWERCASE_BITS
        last4 >>= np.uint64(32)
        long_enough = tok.length[at]
        found = []
        for length, (lexicon, cols) in _SUFFIXES_BY_LENGTH.items():
            tail = last4 >> np.uint64(8 * (4 - length))
            table = _SUFFIX_TABLES.get(length)
            if table is not None:
                ids = table[tail.astype(np.intp)]
            else:
                ids = lexicon.ids(tail, np.broadcast_to(length, last4.shape))
            hit = np.flatnonzero((ids >= 0) & (long_enough >= length + _SHORTEST_STEM))
            found.append(tok.doc[at[hit]].astype(np.int64) * n_suffix + cols[ids[hit]])
        out += np.bincount(np.concatenate(found), minlength=n * n_suffix)
    return out.reshape(n, n_suffix)


#: Word tokens whose endings :func:`_word_endings` reads at a time.
_ENDINGS_PER_PASS = 1 << 17


def stylometry(
    texts: Sequence[str], batch: ByteBatch | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Compute the stylometric counts of a batch.

    Parameters
    ----------
    texts : sequence of str
        The texts.
    batch : ByteBatch, optional
        ``encode_batch(texts)``, when the caller has made it already (it is
        shared with the writing-pattern n-grams and the English check).

    Returns
    -------
    n_tokens : int64 array (n,)
        Word tokens (runs of ASCII letters and word-internal apostrophes) per text.
    fw : float64 array (n, len(FUNCTION_WORDS))
        Function-word rates per 100 tokens.
    punct : float64 array (n, len(PUNCTUATION))
        Punctuation rates per 1000 characters.
    shape : float64 array (n, len(SHAPE_FEATURES))
        The :data:`SHAPE_FEATURES`, in order.
    morph : float64 array (n, len(SUFFIXES))
        Share of word tokens ending in each of :data:`SUFFIXES`.

    The steps, each a function of this module whose temporaries are freed
    when it returns (so that a long text's peak memory is that of one step,
    not of all): byte marks (:func:`_byte_marks`: byte classes, punctuation,
    sentence ends and number counts), the word tokens' integer totals
    (:func:`_word_stats`: word shape, function words, lexical variety,
    syllables and word endings), each with NumPy or in one compiled loop,
    then sentences (:func:`_sentences`); the columns are the totals divided
    here.

    Examples
    --------
    >>> n_tokens, fw, punct, shape, morph = stylometry(["The cat sat on the mat.", ""])
    >>> n_tokens.tolist()
    [6, 0]
    >>> round(float(fw[0, FUNCTION_WORDS.index("the")]), 6)  # 2 of 6 tokens
    33.333333
    """
    n = len(texts)
    if n == 0:
        return (np.zeros(0, np.int64), np.zeros((0, len(FUNCTION_WORDS))), np.zeros((0, len(PUNCTUATION))),
                np.zeros((0, len(SHAPE_FEATURES))), np.zeros((0, len(SUFFIXES))))
    if batch is None:
        batch = encode_batch(texts)
    else:
        batch.check_for(texts)
    # Rates are per character of the original text, where "\u2026" is one
    # character; it is "..." in the batch, and runs of "." and "-" count once.
    # The batch: curly quotes are straight (so "don\u2019t" is the token
    # "don't"); a NUL after each document keeps tokens and sentences from
    # running across documents, and the padding lets the 8-byte view read
    # around any token.
    n_chars = np.fromiter((len(t) for t in texts), dtype=np.float64, count=n)
    n_chars += 2 * batch.ellipses - batch.dropped  # as read: an ellipsis is three, an invisible character none
    cls, marks, number_counts = _byte_marks(batch, n_chars)
    # Whitespace as a reader sees it: a run between two words is one character, and none at either end.
    marks = marks._replace(n_chars=np.maximum(marks.n_chars - _extra_whitespace(batch, cls), 1.0))
    tok = _word_stats(batch, cls)
    del cls
    ntok = tok.ntok
    totals = tok.totals
    fw = tok.fw_counts * (100.0 / ntok[:, None])
    pronouns = [row_sums(fw[:, cols]) for cols in _PRONOUN_COLUMNS]
    sent = _sentences(batch, marks, tok)
    numbers = _number_rates(number_counts, ntok)
    morph: np.ndarray = tok.suffix_counts / ntok[:, None]
    mean_wlen = totals[:, _LETTERS] / ntok
    wlen_sd = np.sqrt(np.maximum(totals[:, _SQUARES] / ntok - mean_wlen**2, 0.0))
    shape = np.column_stack(
        [
            totals[:, _SHORT] / ntok,
            totals[:, _LONG] / ntok,
            totals[:, _VERY_LONG] / ntok,
            totals[:, _CAPITALISED] / ntok,
            totals[:, _ALL_CAPS] / ntok,
            100.0 * marks.digits / marks.n_chars,
            tok.n_tokens / marks.sentences,
            sent["sentence_length_cv"],
            sent["long_sentences"],
            sent["short_sentences"],
            totals[:, _TYPES] / np.maximum(totals[:, _WINDOWED], 1),
            mean_wlen,
            wlen_sd,
            totals[:, _SYLLABLES] / ntok,
            sent["quoting_sentences"],
            sent["question_sentences"],
            sent["exclamation_sentences"],
            sent["function_word_starts"],
            sent["conjunction_starts"],
            sent["midsentence_capitals"],
            *numbers,
            *pronouns,
        ]
    )
    punct = 1000.0 * marks.punct_counts / marks.n_chars[:, None]
    return tok.n_tokens, fw, punct, shape, morph
