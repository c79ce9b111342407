"""Writing-pattern n-grams: word 1-3-grams of the text with its topic removed.

Every word that is not a function word (:data:`credscore._stylometry.FUNCTION_WORDS`)
is replaced by its shape (``x`` lowercase, ``Xx`` capitalised, ``XX`` all
capitals), every number by ``#``; function words (lowercased) and punctuation
stay, except that "says" is read as "said" (:data:`FOLDED_WORDS`) and every
currency sign as "$" (:data:`CURRENCY_SIGNS`). What is
left is *how* a text is written: "said Xx Xx , a x at the Xx" is a named,
affiliated attribution whatever the name, the role or the university. This
is text distortion (Stamatatos 2017, "Authorship attribution
using text distortion", EACL), which keeps style and drops topic, so that a
model cannot learn which subjects, people or outlets each corpus is about.

Typography is folded first (curly quotes and apostrophes to straight ones,
dashes to ``-``, ``…`` to ``...``), so that it cannot tell one publisher's CMS
from another's. Any symbol outside :data:`PUNCTUATION_TOKENS` is ``<sym>`` (a currency sign, "$").

A document becomes the counts of its n-grams over a vocabulary fixed at
training time (:class:`NgramVocabulary`, stored in the model file), weighted
like scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``: ``(1 + log tf) *
idf``, the row scaled to unit length over the vocabulary's terms.

Examples
--------
>>> print(" ".join(distorted_tokens("Dr. Ann Lee, a professor at Yale, said 45% didn’t.")))
Xx . Xx Xx , a x at Xx , said # % didn't .
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _kernels
from ._stylometry import FUNCTION_WORD_LEXICON, FUNCTION_WORDS
from ._tokens import (
    BYTE_MASKS,
    DASH,
    DIGIT,
    DOT,
    KELVIN_SIGN,
    KEY_MIX,
    LETTER,
    LOWERCASE_BITS,
    OTHER,
    UNDERSCORE,
    ByteBatch,
    CodePointTable,
    byte_sums,
    code_points,
    encode_batch,
    high_bytes_in,
    read_text,
    translate,
    translation,
)

__all__ = [
    "BASE_TOKENS",
    "NGRAM_MAX",
    "NgramVocabulary",
    "distorted_ids",
    "distorted_tokens",
    "readable",
]

#: Punctuation kept as itself in the distorted stream.
PUNCTUATION_TOKENS: tuple[str, ...] = tuple(',.;:?!"\'()[]-/&%$@*+=<>{}|~^_`\\#') + ("...",)
SHAPES: tuple[str, ...] = ("x", "Xx", "XX")
NUMBER = "#num"  # "#" is also a punctuation mark; the number token is written "#num" internally
SYMBOL = "<sym>"
#: The base vocabulary of the distorted stream: id ``i + 1`` is ``BASE_TOKENS[i]``
#: (0 is "no token", used to pad n-gram keys).
BASE_TOKENS: tuple[str, ...] = tuple(FUNCTION_WORDS) + SHAPES + (NUMBER, SYMBOL) + PUNCTUATION_TOKENS
NGRAM_MAX = 3
_B = len(BASE_TOKENS) + 1  # radix of the n-gram keys
_ID: dict[str, int] = {t: i + 1 for i, t in enumerate(BASE_TOKENS)}
_FW_ID: dict[str, int] = {w: _ID[w] for w in FUNCTION_WORDS}
#: Function words the stream reads as another: the tense of the speech verb is a house style (wire copy
#: writes "said", broadcasters and features "says"), not a mark of care. Read apart, "says" alone lowered
#: an unseen court report from 0.43 to 0.32 (an audit, session 29); folded, leave-one-corpus-out AUC held
#: (mean 0.784 both ways, each corpus within 0.002; session 30).
FOLDED_WORDS: dict[str, str] = {"says": "said"}
_FW_ID.update({w: _ID[v] for w, v in FOLDED_WORDS.items()})
_X, _XX_, _XXX = _ID["x"], _ID["Xx"], _ID["XX"]
_NUM_ID, _SYM_ID = _ID[NUMBER], _ID[SYMBOL]
_DOLLAR_ID = _ID["$"]

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u2014": "-", "\u2013": "-", "\u2212": "-", "\u2026": "...",
    }
)
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())

#: One document's sum of contributions: np.sum's own reduction (the same
#: pairwise sum, bit for bit) without its Python wrapper, which costs more
#: than the sum on a document's few hundred terms.
doc_sum = np.add.reduce


def _fold(text: str) -> str:
    """``text`` with typography folded (what ``str.translate(_FOLD)`` does, much faster:
    a dict-based translate costs a Python lookup per character)."""
    if text.isascii():
        return text
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


_CACHE_LIMIT = 200_000


@functools.lru_cache(maxsize=1 << 16)
def _token_id(tok: str) -> int:
    """The id of one word token that holds a non-ASCII letter (the rare case, in Python)."""
    c = tok[0]
    if c.isalpha():
        fid = _FW_ID.get(tok.lower())
        if fid is not None:
            return fid
        if tok.isupper() and len(tok) > 1:
            return _XXX
        return _XX_ if c.isupper() else _X
    if c.isdigit():  # "²": a letter to the tokenizer ([^\W\d_]), a digit to str.isdigit
        return _NUM_ID
    return _ID.get(tok, _SYM_ID)


# Token types of the byte-level tokenizer, by character class (see distorted_stream).
_WORD_T, _NUMBER_T, _DOTS_T, _DASHES_T, _SINGLE_T = 1, 2, 3, 4, 5
_TYPE_OF_CLASS = np.zeros(7, dtype=np.uint8)
_TYPE_OF_CLASS[[LETTER, DIGIT, UNDERSCORE, OTHER, DOT, DASH]] = [
    _WORD_T, _NUMBER_T, _SINGLE_T, _SINGLE_T, _DOTS_T, _DASHES_T
]
_TYPE_OF_CLASS_TABLE = translation(_TYPE_OF_CLASS)  # classes are 0-6: the rest of the table is never read
# A one-character token: its ASCII byte's id (punctuation kept as itself), any other symbol <sym>.
_SINGLE_ID = np.array([_ID.get(chr(b), _SYM_ID) if b < 128 else _SYM_ID for b in range(256)], dtype=np.int64)
_FW_ID_OF = np.array([_FW_ID[w] for w in FUNCTION_WORDS], dtype=np.int64)
# The compiled loop's token types by class (all 256 entries), and the ids it gives (see _kernels.stream_tokens).
_TYPE_OF_CLASS_BYTES = np.zeros(256, dtype=np.uint8)
_TYPE_OF_CLASS_BYTES[: len(_TYPE_OF_CLASS)] = _TYPE_OF_CLASS
_KERNEL_IDS = np.array([_NUM_ID, _ID["-"], _ID["."], _ID["..."], _X, _XX_, _XXX], dtype=np.int64)


#: Bytes of the buffer tokenised per pass by :func:`distorted_stream` (a pass
#: ends at the first place after this many where no token is cut).
_STREAM_BYTES_PER_PASS = 1 << 20


def _stream_types(batch: ByteBatch, lo: int, hi: int) -> np.ndarray:
    """The token type (uint8, 0 for none) of every byte in ``[lo, hi)`` of the buffer.

    An apostrophe between two letters is part of the word; "." or "," between
    two digits, of the number. Neighbours are read in the whole buffer (whose
    NUL padding keeps them inside it), so a byte's type does not depend on
    where a pass begins or ends.
    """
    raw = batch.raw
    cls = batch.classes
    typ: np.ndarray = translate(cls[lo:hi], _TYPE_OF_CLASS_TABLE, writable=True)
    apos = np.flatnonzero(raw[lo:hi] == 0x27)
    at = apos + lo
    typ[apos[(cls[at - 1] == LETTER) & (cls[at + 1] == LETTER)]] = _WORD_T
    sep = np.flatnonzero((raw[lo:hi] == 0x2E) | (raw[lo:hi] == 0x2C))
    at = sep + lo
    typ[sep[(cls[at - 1] == DIGIT) & (cls[at + 1] == DIGIT)]] = _NUMBER_T
    return typ


def _stream_spans(batch: ByteBatch, lo: int = 0, hi: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, end and type of every token of the distorted stream in ``[lo, hi)`` (see :func:`distorted_stream`).

    ``lo`` and ``hi`` are cut points (see :func:`_stream_cuts`): no token
    crosses them. Positions are the buffer's. The byte-level arrays live only
    while this runs, so that a long text's peak memory is that of one step.
    """
    raw = batch.raw
    hi = len(raw) if hi is None else hi
    typ = _stream_types(batch, lo, hi)
    # A token starts where the type changes, and at every character of a one-character type. Written in
    # place, two byte-sized arrays and one temporary at a time (a single token longer than a pass, which no
    # cut can split, is read in one: 20 MB of ligatures spelled out made 120 MB of these, 80 now).
    start = np.empty(len(typ), dtype=bool)
    start[:1] = typ[:1] != 0  # what precedes a cut point starts no token at it (see _stream_cuts)
    np.not_equal(typ[1:], typ[:-1], out=start[1:])
    start &= typ != 0
    single = np.flatnonzero(typ == _SINGLE_T)
    start[single[(raw[lo + single] & 0xC0) != 0x80]] = True  # each character's first byte
    del single
    # ... and its last byte is followed by another token's start or by a break
    # (at ``hi``, a cut point, the next token starts or a break follows).
    last = np.empty(len(typ), dtype=bool)
    last[:-1] = start[1:]
    last[:-1] |= typ[1:] == 0
    last[-1:] = True
    last &= typ != 0
    tok_start = np.flatnonzero(start)
    del start
    tok_end = np.flatnonzero(last) + 1
    del last
    kind = typ[tok_start]
    tok_start += lo
    tok_end += lo
    return tok_start, tok_end, kind


def _stream_cuts(batch: ByteBatch) -> list[int]:
    """Where the buffer may be cut for :func:`_stream_spans`: about every :data:`_STREAM_BYTES_PER_PASS` bytes.

    A cut goes where a token starts or at a byte that is in no token: no token
    runs across it, and what comes before it cannot change that (types are
    read with their neighbours, see :func:`_stream_types`). Only a single
    token, or a number joined across "." and ",", longer than a pass goes
    uncut. The list starts with 0 and ends with the buffer's length.
    """
    raw = batch.raw
    n = len(raw)
    cuts = [0]
    at = _STREAM_BYTES_PER_PASS
    while at < n:
        # A cut is nearly always within a few bytes: look a little way ahead
        # first, then twice as far each time (the buffer's NUL padding ends
        # the search at the latest).
        window = 1 << 8
        found = -1
        while found < 0 and at < n:
            typ = _stream_types(batch, at - 1, at + window)
            here = typ[1:]
            ok = (here == 0) | (here != typ[:-1])
            ok |= (here == _SINGLE_T) & ((raw[at : at + window] & 0xC0) != 0x80)
            hit = np.flatnonzero(ok)
            if len(hit):
                found = at + int(hit[0])
            else:
                at += window
                window *= 2
        if found < 0:  # pragma: no cover - the trailing NUL padding is a cut
            break
        cuts.append(found)
        at = found + _STREAM_BYTES_PER_PASS
    cuts.append(n)
    return cuts


def distorted_stream(batch: ByteBatch) -> tuple[np.ndarray, np.ndarray]:
    r"""The distorted token stream of every text of ``batch``, in order: ids (int64) and text index.

    The tokens are those of the regular expression
    ``[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)*|\.{2,}|-{2,}|[^\w\s]|_`` on the
    typography-folded text: words (letters of any script, joined across an
    apostrophe between letters), numbers (digits joined across one ``.`` or ``,``
    between digits), a run of dots (``...`` when 2 or more), a run of hyphens
    and dashes (``-``), and any other character alone. They are read from the
    byte classes of the batch (:attr:`ByteBatch.classes`) with NumPy, or with
    a compiled loop when numba is installed (:mod:`credscore._kernels`; the
    same ids); only word tokens holding a non-ASCII letter go through Python,
    one call per distinct token.

    Examples
    --------
    >>> ids, doc = distorted_stream(encode_batch(["The 3 Bears!", "…ok"]))
    >>> [BASE_TOKENS[i - 1] for i in ids], doc.tolist()
    (['the', '#num', 'Xx', '!', '...', 'x'], [0, 0, 0, 0, 1, 1])
    """
    parts = list(_stream_passes(batch))
    ids = np.concatenate([p[0] for p in parts])
    doc = np.concatenate([p[1] for p in parts])
    return ids, doc


def _stream_passes(batch: ByteBatch) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """:func:`distorted_stream` one pass at a time (see :func:`_stream_cuts`), in order."""
    for lo, hi in itertools.pairwise(_stream_cuts(batch)):
        yield _stream_ids(batch, lo, hi)


def stream_kernel_args(batch: ByteBatch, lo: int, hi: int) -> tuple[Any, ...]:
    """The arguments of :func:`credscore._kernels.stream_tokens` for ``[lo, hi)`` of ``batch``'s buffer."""
    key, length, word, mul, shift = FUNCTION_WORD_LEXICON.tables
    return (
        batch.raw, batch.classes, batch.words64(), _TYPE_OF_CLASS_BYTES, _SINGLE_ID,
        key, length, word, _FW_ID_OF, mul, shift, BYTE_MASKS, LOWERCASE_BITS, KEY_MIX,
        lo, hi, _KERNEL_IDS, batch.starts,
    )


def _stream_ids(batch: ByteBatch, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """The ids and text index of the distorted stream's tokens in ``[lo, hi)``, a span between two cut points."""
    loop = _kernels.compiled("stream_tokens", len(batch.raw))
    if loop is not None:
        ids, tok_start, tok_end, doc = loop(*stream_kernel_args(batch, lo, hi))
        slow = np.flatnonzero(ids < 0)
        if len(slow):
            ids[slow] = _non_ascii_word_ids(batch, tok_start[slow], tok_end[slow])
        _currencies_as_dollars(batch, ids, tok_start)
        return ids, doc
    raw = batch.raw
    tok_start, tok_end, t = _stream_spans(batch, lo, hi)
    tok_len = tok_end - tok_start
    ids = np.empty(len(tok_start), dtype=np.int64)
    ids[t == _NUMBER_T] = _NUM_ID
    ids[t == _DASHES_T] = _ID["-"]
    dots = t == _DOTS_T
    ids[dots] = np.where(tok_len[dots] >= 2, _ID["..."], _ID["."])
    single = t == _SINGLE_T
    ids[single] = _SINGLE_ID[raw[tok_start[single]]]

    # Words: tokens holding a non-ASCII byte in Python, the rest by their bytes.
    word = t == _WORD_T
    non_ascii = np.zeros(len(tok_start), dtype=bool)
    words = np.flatnonzero(word)
    non_ascii[words] = high_bytes_in(raw, tok_start[words], tok_end[words]) > 0
    del words
    slow = np.flatnonzero(word & non_ascii)
    if len(slow):
        ids[slow] = _non_ascii_word_ids(batch, tok_start[slow], tok_end[slow])
    fast = np.flatnonzero(word & ~non_ascii)
    s, n = tok_start[fast], tok_len[fast]
    fw = FUNCTION_WORD_LEXICON.lookup(batch.words64(), s, n)
    is_fw = fw >= 0
    upper = (raw[s] >= 0x41) & (raw[s] <= 0x5A)
    shape = np.where(upper, _XX_, _X)
    # All capitals: 2+ characters and no lowercase letter (str.isupper on ASCII letters and "'").
    cand = np.flatnonzero(upper & (n >= 2) & ~is_fw)
    if len(cand):
        lower = (raw[lo : hi + 1] - np.uint8(0x61)) < 26  # a token may end at hi (hi < the buffer's end)
        bounds = np.empty(2 * len(cand), dtype=np.int64)
        bounds[0::2] = s[cand] - lo
        bounds[1::2] = s[cand] + n[cand] - lo
        has_lower = np.logical_or.reduceat(lower, bounds)[0::2]
        shape[cand[~has_lower]] = _XXX
    ids[fast] = np.where(is_fw, _FW_ID_OF[np.maximum(fw, 0)], shape)
    _currencies_as_dollars(batch, ids, tok_start)
    return ids, batch.doc_of(tok_start)


#: Currency signs beyond "$", read as "$" in the stream: which currency an article counts in says where it
#: was published, not how carefully. Read as <sym>, "£" cost an unseen UK council report 0.13 of log-odds
#: against the same report in dollars (an audit, session 30).
CURRENCY_SIGNS = "\u00a3\u20ac\u00a5\u20b9\u20a6\u20a9\u20bd\u20ba\u20b1\u20b4\u20aa\u20ab\u20b5\u20a8"
_CURRENCY_CODE_POINTS = np.array(sorted(ord(c) for c in CURRENCY_SIGNS), dtype=np.int64)


def _currencies_as_dollars(batch: ByteBatch, ids: np.ndarray, tok_start: np.ndarray) -> None:
    """Give the stream's currency signs (:data:`CURRENCY_SIGNS`, one-character <sym> tokens) the id of "$",
    in place."""
    sym = np.flatnonzero(ids == _SYM_ID)
    if not len(sym):
        return
    lead = tok_start[sym]
    beyond_ascii = batch.raw[lead] >= 0xC0
    sym, lead = sym[beyond_ascii], lead[beyond_ascii]
    cp, _ = code_points(batch.raw, lead)
    ids[sym[np.isin(cp, _CURRENCY_CODE_POINTS)]] = _DOLLAR_ID


# Case of a character, for the stream's words that hold a non-ASCII letter:
# what _token_id asks of them (str.isalpha of the first, str.isupper of the
# word: no lowercase or titlecase letter, and an uppercase one).
_ALPHA, _UPPER, _LOWER_OR_TITLE = 1, 2, 4
_KELVIN_SIGN = ord(KELVIN_SIGN)  # words holding one may be function words
# ... but only as long as a function word with a "k" (the sign lowercases to
# it, one character for one): other words with the sign are read like any
# non-ASCII word, not one by one in Python (as a text of Kelvin signs alone would be).
_KELVIN_WORD_LENGTHS = np.array(sorted({len(w) for w in FUNCTION_WORDS if "k" in w}), dtype=np.int64)


def _case_flags(cp: int) -> int:
    c = chr(cp)
    lower_or_title = c.islower() or unicodedata.category(c) == "Lt"
    return (_ALPHA if c.isalpha() else 0) | (_UPPER if c.isupper() else 0) | (_LOWER_OR_TITLE if lower_or_title else 0)


_CASE_OF_CODE_POINT = CodePointTable(_case_flags)
_ASCII_CASE = translation([_case_flags(b) for b in range(128)])  # bytes >= 0x80 get 0 (lead bytes are filled in)


#: :func:`_non_ascii_word_ids` gathers its words' bytes when they are fewer than the bytes they span over this.
_GATHER_BELOW = 4


def _non_ascii_word_ids(batch: ByteBatch, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """:func:`_token_id` of the word tokens ``[start, end)`` that hold a non-ASCII byte, mostly vectorised.

    Each character's case comes from a table of code points (see
    :class:`~credscore._tokens.CodePointTable`); a word is all capitals when
    it has no lowercase or titlecase letter, an uppercase one and two
    characters or more. Words that open with a non-letter ("²"), or hold a
    Kelvin sign and are as long as a function word with a "k", go to
    :func:`_token_id` in Python.
    """
    raw = batch.raw
    length = end - start
    lo, hi = int(start[0]), int(end[-1])
    total = int(length.sum())
    if total * _GATHER_BELOW < hi - lo:
        # Few such words (news: names with an accent): their bytes gathered, rather than every byte between.
        s = np.zeros(len(start), dtype=np.int64)  # each word's first byte among the gathered ones
        np.cumsum(length[:-1], out=s[1:])
        at = np.repeat(start - s, length)
        at += np.arange(total, dtype=np.int64)  # the buffer position of each gathered byte
        text = raw[at]
    else:
        s = start - lo
        at = None
        text = raw[lo:hi]
    flags = np.zeros(len(text) + 8, dtype=np.uint8)  # 8 bytes of padding for byte_sums' reads
    flags[: len(text)] = translate(text, _ASCII_CASE)
    lead = np.flatnonzero(text >= 0xC0)
    cp, _ = code_points(raw, lead + lo if at is None else at[lead])
    flags[lead] = _CASE_OF_CODE_POINT.of(cp)
    n_lower = byte_sums((flags >> 2) & 1, s, length)
    n_upper = byte_sums((flags >> 1) & 1, s, length)
    n_chars = length - byte_sums(raw, start, length, "continuation")
    first = flags[s]
    out = np.where(first & _UPPER, _XX_, _X)
    out[(n_lower == 0) & (n_upper > 0) & (n_chars > 1)] = _XXX
    by_python = (first & _ALPHA) == 0
    kelvin = lead[cp == _KELVIN_SIGN]
    if len(kelvin):
        holder = np.searchsorted(s, kelvin, side="right") - 1
        by_python[holder[np.isin(n_chars[holder], _KELVIN_WORD_LENGTHS)]] = True
    buf = batch.buf
    for k in np.flatnonzero(by_python).tolist():
        out[k] = _token_id(buf[int(start[k]) : int(end[k])].decode("utf-8", "surrogatepass"))
    return out


def distorted_ids(text: str) -> np.ndarray:
    """The distorted token stream of ``text`` as base-token ids (int64, 1-based).

    Examples
    --------
    >>> [BASE_TOKENS[i - 1] for i in distorted_ids("The 3 Bears!")]
    ['the', '#num', 'Xx', '!']
    """
    return distorted_stream(encode_batch([text]))[0]


def distorted_tokens(text: str) -> list[str]:
    """The distorted token stream of ``text`` as strings (numbers shown as ``#``)."""
    return [_show(BASE_TOKENS[i - 1]) for i in distorted_ids(text)]


def _show(tok: str) -> str:
    return "#" if tok == NUMBER else tok


def ngram_keys(ids: np.ndarray) -> np.ndarray:
    """Integer keys of every 1..NGRAM_MAX-gram of an id stream (with repeats).

    An n-gram ``(t1, ..., tn)`` is the key ``t1*B^2 + t2*B + t3`` with absent
    positions 0, so n-grams of different lengths never share a key.
    """
    a = np.asarray(ids, dtype=np.int64)
    b2 = _B * _B
    parts = [a * b2]
    if len(a) >= 2:
        parts.append(a[:-1] * b2 + a[1:] * _B)
    if len(a) >= 3:
        parts.append(a[:-2] * b2 + a[1:-1] * _B + a[2:])
    return np.concatenate(parts)


def key_of(term: str) -> int:
    """The key of an n-gram written as space-separated base tokens (``"said , a"``)."""
    toks = term.split(" ")
    if not 1 <= len(toks) <= NGRAM_MAX:
        raise ValueError(f"an n-gram has 1 to {NGRAM_MAX} tokens, got {term!r}")
    key = 0
    for k, t in enumerate(toks):
        if t not in _ID:
            raise ValueError(f"unknown token {t!r} in n-gram {term!r}")
        key += _ID[t] * _B ** (NGRAM_MAX - 1 - k)
    return key


def term_of(key: int) -> str:
    """The n-gram (space-separated base tokens) of a key; inverse of :func:`key_of`."""
    toks = []
    for k in range(NGRAM_MAX):
        i = (key // _B ** (NGRAM_MAX - 1 - k)) % _B
        if i:
            toks.append(BASE_TOKENS[i - 1])
    return " ".join(toks)


_READABLE = {"x": "*", "Xx": "Name", "XX": "CAPS", NUMBER: "#", SYMBOL: "<symbol>"}


def readable(term: str) -> str:
    """An n-gram as a person reads it: a lowercase content word as ``*``, a
    capitalised one as ``Name``, an all-capitals one as ``CAPS``, a number as ``#``.

    Examples
    --------
    >>> readable("said Xx , a x at")
    'said Name , a * at'
    """
    return " ".join(_READABLE.get(t, t) for t in term.split(" "))


_N_WORD_IDS = len(FUNCTION_WORDS) + len(SHAPES)  # ids 1.._N_WORD_IDS are words


def analyse(
    texts: Sequence[str], batch: ByteBatch | None = None, vocabulary: NgramVocabulary | None = None
) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """For each text: its distinct n-gram keys (sorted) with their counts, and its number of words.

    Words are the word tokens of the distorted stream (runs of letters of any
    script, with word-internal apostrophes); numbers and punctuation are not
    words. This is the word count that short-text shrinkage and the
    "too little text" rule read.

    Parameters
    ----------
    texts : sequence of str
        The texts.
    batch : ByteBatch, optional
        ``encode_batch(texts)``, when the caller has made it already (it is
        shared with stylometry and the English check).
    vocabulary : NgramVocabulary, optional
        The n-grams the caller will read (scoring passes its model's): the
        others may be left out. The compiled loop (numba, the ``fast`` extra)
        then counts only these, as it makes them, and sorts nothing (sorting
        every key was most of this step's time); the NumPy steps count all
        n-grams as without it, since looking them up would cost more than it
        saves there. Either way the vocabulary's n-grams get the same counts,
        so a model's scores are the same.

    Examples
    --------
    >>> counts, words = analyse(["Sources said 3 things.", ""])
    >>> words.tolist()
    [3, 0]
    >>> said = NgramVocabulary(np.array([key_of("said")]), np.ones(1), np.zeros(1))
    >>> keys, counts = analyse(["He said, she said."], vocabulary=said)[0][0]
    >>> [int(c) for k, c in zip(keys, counts) if k == key_of("said")]
    [2]
    """
    n = len(texts)
    if batch is None:
        batch = encode_batch(texts)
    else:
        batch.check_for(texts)
    # Every 1-3-gram inside one text, keyed (text, n-gram) so one sort counts
    # them all. The stream comes one pass at a time; the n-grams that start in
    # it are counted _NGRAM_TOKENS_PER_PASS tokens (and at most _TEXTS_PER_SORT
    # texts) at a time, except at its last two tokens, whose n-grams run on
    # into the next pass; the passes' counts are merged where a text spans
    # two. No array holds the whole stream.
    b3 = _B * _B * _B
    loop = None if vocabulary is None else _kernels.compiled("vocabulary_counts", len(batch.raw))
    if vocabulary is not None and loop is not None:
        count = functools.partial(_count_vocabulary_keys, vocabulary, loop)
    else:
        count = functools.partial(_count_keys, loop=_kernels.compiled("ngram_keys", len(batch.raw)))
    words = np.zeros(n, dtype=np.int64)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    ids = doc = np.zeros(0, dtype=np.int64)
    for more_ids, more_doc in _stream_passes(batch):
        words += np.bincount(more_doc[more_ids <= _N_WORD_IDS], minlength=n)
        ids, doc = np.concatenate((ids, more_ids)), np.concatenate((doc, more_doc))
        del more_ids, more_doc
        known = max(len(ids) - 2, 0)  # tokens whose n-grams are all known
        a = 0
        while a < known:
            # the tokens from a on, up to the first of a text _TEXTS_PER_SORT texts on
            m = min(_NGRAM_TOKENS_PER_PASS, known - a, int(np.searchsorted(doc, doc[a] + _TEXTS_PER_SORT)) - a)
            parts.append(count(ids[a : a + m + 2], doc[a : a + m + 2], m))
            a += m
        ids, doc = ids[known:], doc[known:]
    if len(ids):
        parts.append(count(ids, doc, len(ids)))
    del ids, doc
    parts = [part for part in parts if len(part[0])]  # (a pass may hold none of a vocabulary's n-grams)
    uniq, counts = _merge_counts(parts, b3) if parts else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    del parts
    # Each text's keys start at text * b3 (keys are sorted): found by one
    # search per text, not a division per key.
    cut = np.searchsorted(uniq, np.arange(n + 1, dtype=np.int64) * b3)
    ukeys = uniq - np.repeat(np.arange(n, dtype=np.int64) * b3, np.diff(cut))
    out = [(ukeys[cut[i] : cut[i + 1]], counts[cut[i] : cut[i + 1]]) for i in range(n)]
    return out, words


#: Tokens whose n-grams are keyed and counted per pass in :func:`analyse`.
_NGRAM_TOKENS_PER_PASS = 1 << 20
#: Texts whose n-grams are counted in one sort: their keys, taken from the first text's, fit in 32
#: bits (``_TEXTS_PER_SORT * _B**3 <= 2**32``), and 32-bit keys sort about twice as fast as 64-bit ones.
_TEXTS_PER_SORT = (1 << 32) // _B**3


def _count_keys(
    ids: np.ndarray, doc: np.ndarray, m: int, loop: Callable[..., np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (text, n-gram) keys, sorted, and their counts, of the 1-3-grams starting at ``ids[:m]``.

    ``ids`` and ``doc`` hold up to two more tokens, for the n-grams that run on past the pass;
    ``doc[m - 1] - doc[0]`` is less than :data:`_TEXTS_PER_SORT`, so that the keys are counted
    as 32-bit numbers, from ``doc[0]``'s first key on.
    ``loop`` is :func:`credscore._kernels.ngram_keys` compiled, to write the keys with, or None (NumPy).
    """
    b2, b3 = _B * _B, _B * _B * _B
    first_doc = int(doc[0])
    if int(doc[m - 1]) - first_doc >= _TEXTS_PER_SORT:
        raise ValueError(f"n-grams of {int(doc[m - 1]) - first_doc + 1} texts in one sort; at most {_TEXTS_PER_SORT}")
    local = doc - first_doc
    if loop is not None:
        return _distinct_counts(loop(ids, local, m, _B), first_doc * b3)
    # The unigram keys are the heads of the longer n-grams' keys; all keys are
    # written into one array (integer sums: the same keys in any order of addition).
    head = local * b3
    head += ids * b2
    same1 = doc[1:] == doc[:-1]
    same2 = same1[:-1] & same1[1:]
    same1, same2 = same1[:m], same2[:m]
    n1, n2, n3 = m, int(np.count_nonzero(same1)), int(np.count_nonzero(same2))
    allkeys = np.empty(n1 + n2 + n3, dtype=np.uint32)
    allkeys[:n1] = head[:m]
    allkeys[n1 : n1 + n2] = (head[:-1] + ids[1:] * _B)[: len(same1)][same1]
    allkeys[n1 + n2 :] = (head[:-2] + ids[1:-1] * _B + ids[2:])[: len(same2)][same2]
    del head, same1, same2
    return _distinct_counts(allkeys, first_doc * b3)


def _count_vocabulary_keys(
    vocabulary: NgramVocabulary, loop: Callable[..., tuple[np.ndarray, np.ndarray]], ids: np.ndarray, doc: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """What :func:`_count_keys` gives, keeping the keys whose n-gram ``vocabulary`` holds, by ``loop``
    (:func:`credscore._kernels.vocabulary_counts` compiled), which looks each n-gram up as it makes it."""
    slot_key, slot_index = vocabulary._table
    return loop(ids, doc, m, _B, slot_key, slot_index, _slot_shift(len(slot_key)), _GOLDEN, vocabulary.keys)


def _distinct_counts(allkeys: np.ndarray, base: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of ``allkeys`` plus ``base`` (int64), sorted, and how often each occurs
    (``allkeys`` is sorted in place)."""
    allkeys.sort()
    distinct = np.empty(len(allkeys), dtype=bool)
    distinct[:1] = True
    np.not_equal(allkeys[1:], allkeys[:-1], out=distinct[1:])
    first = np.flatnonzero(distinct)
    counts = np.diff(np.append(first, len(allkeys))).astype(np.int64)
    keys = allkeys[first].astype(np.int64)
    keys += base
    return keys, counts


def _merge_counts(parts: list[tuple[np.ndarray, np.ndarray]], b3: int) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate passes' sorted (key, count) pairs, summing the keys of a text that spans passes.

    The passes run in text order and none is empty, so only a text that is
    the last of one pass and the first of the next (and maybe of several)
    has keys in more than one: its keys are gathered from those passes,
    sorted and summed; the rest is kept as it is. One concatenation at the end.
    """
    if len(parts) == 1:
        return parts[0]
    keep_u: list[np.ndarray] = []
    keep_c: list[np.ndarray] = []
    carry_u: list[np.ndarray] = []  # the keys so far of a text that runs on from an earlier pass
    carry_c: list[np.ndarray] = []
    for i, (u, c) in enumerate(parts):
        lo = 0
        if carry_u:
            lo = int(np.searchsorted(u, (int(carry_u[0][0]) // b3 + 1) * b3))  # its keys at this pass's head
            carry_u.append(u[:lo])
            carry_c.append(c[:lo])
            if lo == len(u) and i + 1 < len(parts):
                continue  # the whole pass is that text's: it may run on into the next
            k, inverse = np.unique(np.concatenate(carry_u), return_inverse=True)
            keep_u.append(k)
            keep_c.append(np.bincount(inverse.reshape(-1), weights=np.concatenate(carry_c), minlength=len(k)).astype(np.int64))
            carry_u, carry_c = [], []
        last = int(u[-1]) // b3
        if i + 1 < len(parts) and int(parts[i + 1][0][0]) // b3 == last:
            at = int(np.searchsorted(u, last * b3))  # this pass's last text runs on into the next
            carry_u, carry_c = [u[at:]], [c[at:]]
        else:
            at = len(u)
        keep_u.append(u[lo:at])
        keep_c.append(c[lo:at])
    return np.concatenate(keep_u), np.concatenate(keep_c)


# --- content words (opt-in, for in-domain retraining only) -----------------
#
# ``train(..., content_words=True)`` adds word 1-2-grams of the text itself
# (lowercased, typography folded). They carry topic, people and outlets, which
# is why the shipped model never reads them: they help inside one domain and
# fail on new sources. Keys are a stable 63-bit hash of the n-gram, so the
# vocabulary needs no table of all words; the model file stores the n-grams as
# text and rehashes them on loading.

_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_MASK63 = np.uint64((1 << 63) - 1)
_MIX64 = np.uint64(0x9E3779B97F4A7C15)
_hash_cache: dict[str, int] = {}


def _word_hash(word: str) -> int:
    h = _hash_cache.get(word)
    if h is None:
        if len(_hash_cache) > _CACHE_LIMIT:
            _hash_cache.clear()
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        h = _hash_cache[word] = int.from_bytes(digest, "little") >> 1
    return h


def _content_words(text: str) -> list[str]:
    # Read as the other blocks read it (credscore._tokens.read_text): look-alikes as ASCII, invisible
    # characters dropped.
    return [w.lower() for w in _WORD_TOKEN.findall(_fold(read_text(text)))]


def _content_keys(words: list[str]) -> np.ndarray:
    uni = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        bi = ((uni[:-1] * _MIX64) ^ (uni[1:] + np.uint64(1))) & _MASK63
    return np.concatenate([uni, bi]).astype(np.int64)


def content_key_of(term: str) -> int:
    """The key of a content n-gram written as its words (``"vaccine"``, ``"white house"``)."""
    words = term.split(" ")
    if not 1 <= len(words) <= 2 or not all(words) or _content_words(term) != words:
        raise ValueError(f"a content n-gram is one or two lowercase words, got {term!r}")
    return int(_content_keys(words)[-1])


def content_analyse(texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each text, its distinct content-word 1-2-gram keys (sorted) and their counts."""
    out = []
    for t in texts:
        keys, counts = np.unique(_content_keys(_content_words(t)), return_counts=True)
        out.append((keys, counts))
    return out


def content_terms(texts: Sequence[str], keys: np.ndarray) -> list[str]:
    """The n-gram text of each of ``keys`` (sorted), read back from the training texts."""
    wanted = set(np.asarray(keys).tolist())
    found: dict[int, str] = {}
    for t in texts:
        words = _content_words(t)
        ks = _content_keys(words).tolist()
        n = len(words)
        for i, k in enumerate(ks):
            if k in wanted and k not in found:
                found[k] = words[i] if i < n else f"{words[i - n]} {words[i - n + 1]}"
        if len(found) == len(wanted):
            break
    return [found[int(k)] for k in keys]


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _slot_shift(size: int) -> np.uint64:
    """The shift that keeps the top bits of a 64-bit product: ``log2(size)`` of them (``size`` a power of 2)."""
    return np.uint64(64 - (size.bit_length() - 1))


def _slot(keys: np.ndarray, size: int) -> np.ndarray:
    """Multiplicative hashing: the top bits of ``key * 0x9E3779B97F4A7C15`` (mod 2**64), in ``[0, size)``."""
    shift = _slot_shift(size)
    with np.errstate(over="ignore"):
        # keys are non-negative int64: viewed as uint64 they are the same numbers
        h = (np.ascontiguousarray(keys, dtype=np.int64).view(np.uint64) * _GOLDEN) >> shift
    out: np.ndarray = h.view(np.int64)
    return out


@dataclass(frozen=True, eq=False)
class NgramRows:
    """Each document's vocabulary n-grams and a value for each (a weight or a contribution), in one array.

    Document ``i``'s are ``idx[cut[i]:cut[i + 1]]`` and ``values[cut[i]:cut[i + 1]]``;
    ``rows[i]`` gives them as a pair, and iterating gives every document's pair.

    Examples
    --------
    >>> rows = NgramRows(np.array([4, 9, 2]), np.array([0.5, 0.25, 1.0]), np.array([0, 2, 2, 3]))
    >>> len(rows), rows[0][0].tolist(), rows.sums().tolist()
    (3, [4, 9], [0.75, 0.0, 1.0])
    >>> rows.sums_where(np.arange(10) > 3).tolist()
    [0.75, 0.0, 0.0]
    """

    idx: np.ndarray
    values: np.ndarray
    cut: np.ndarray

    def __len__(self) -> int:
        return len(self.cut) - 1

    def __getitem__(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        if not -len(self) <= i < len(self):
            raise IndexError(f"document {i} of {len(self)}")
        i %= len(self)
        a, b = int(self.cut[i]), int(self.cut[i + 1])
        return self.idx[a:b], self.values[a:b]

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return (self[i] for i in range(len(self)))

    def sums(self) -> np.ndarray:
        """Each document's sum of values, as ``np.add.reduce`` adds them (pairwise: a document's sum is the
        same whatever batch it came in)."""
        return self._sums(np.ones(len(self.values), dtype=bool))

    def sums_where(self, mask: np.ndarray) -> np.ndarray:
        """Each document's sum of the values whose vocabulary index ``mask`` holds for (as :meth:`sums` adds)."""
        return self._sums(np.asarray(mask, dtype=bool)[self.idx])

    def _sums(self, keep: np.ndarray) -> np.ndarray:
        loop = _kernels.compiled("segment_sums", 8 * len(self.values))
        if loop is not None:
            out: np.ndarray = loop(np.ascontiguousarray(self.values, dtype=np.float64), keep, self.cut, _kernels.reduce_chunk())
            return out
        cut = self.cut.tolist()
        values = self.values
        return np.array([float(doc_sum(values[a:b][keep[a:b]])) for a, b in itertools.pairwise(cut)], dtype=np.float64)


@dataclass(frozen=True, eq=False)
class NgramVocabulary:
    """The n-grams a model reads, their inverse document frequencies, and weights.

    ``keys`` are sorted n-gram keys; ``idf[j]`` and ``coef[j]`` belong to ``keys[j]``.
    ``names`` (content-word vocabularies only) holds each n-gram's text; the
    writing-pattern n-grams are decoded from their keys.
    """

    keys: np.ndarray
    idf: np.ndarray
    coef: np.ndarray
    names: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        n = len(self.keys)
        for name in ("idf", "coef"):
            arr = getattr(self, name)
            if arr.shape != (n,):
                raise ValueError(f"ngram '{name}' must have shape ({n},), got {arr.shape}")
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"ngram '{name}' contains NaN or infinite values")
        if n and not np.all(self.keys[1:] > self.keys[:-1]):
            raise ValueError("ngram terms must be distinct")
        if self.names is not None and len(self.names) != n:
            raise ValueError(f"ngram 'names' must have {n} entries, got {len(self.names)}")
        for arr in (self.keys, self.idf, self.coef):
            arr.setflags(write=False)

    @classmethod
    def fit(cls, counts: Sequence[tuple[np.ndarray, np.ndarray]], min_df: int) -> NgramVocabulary:
        """The n-grams found in at least ``min_df`` documents, with smoothed idf (coef 0)."""
        n_docs = len(counts)
        allkeys = np.concatenate([k for k, _ in counts]) if counts else np.zeros(0, np.int64)
        keys, df = np.unique(allkeys, return_counts=True)
        keep = df >= min_df
        keys, df = keys[keep], df[keep]
        idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        return cls(keys.astype(np.int64), idf, np.zeros(len(keys)))

    def with_coef(self, coef: np.ndarray) -> NgramVocabulary:
        return NgramVocabulary(self.keys, self.idf, np.asarray(coef, dtype=np.float64), self.names)

    @property
    def terms(self) -> list[str]:
        if self.names is not None:
            return list(self.names)
        return [term_of(int(k)) for k in self.keys]

    def _rows(self, counts: Sequence[tuple[np.ndarray, np.ndarray]]) -> NgramRows:
        """Per document: the vocabulary indices present and their TF-IDF weights (row unit length).

        One lookup for the whole batch; a row's norm is summed over its own
        weights in their order, so a document's row does not depend on the
        batch it comes in.
        """
        n = len(counts)
        if n == 0:
            return NgramRows(np.zeros(0, np.int64), np.zeros(0), np.zeros(1, np.int64))
        lens = np.fromiter((len(k) for k, _ in counts), dtype=np.int64, count=n)
        keys = np.concatenate([k for k, _ in counts])
        cnt = np.concatenate([c for _, c in counts])
        loop = _kernels.compiled("vocabulary_rows", 16 * len(keys))  # the keys' and counts' bytes
        if loop is not None:
            slot_key, slot_index = self._table
            shift = _slot_shift(len(slot_key))  # the table's own hashing (_slot), done in the loop
            return NgramRows(*loop(np.ascontiguousarray(keys, dtype=np.int64), np.log(cnt.astype(np.float64)),
                                   np.cumsum(lens), slot_key, slot_index, shift, _GOLDEN, self.idf))
        pos = self.index_of(keys)
        hit = pos >= 0
        doc = np.repeat(np.arange(n), lens)[hit]
        idx = pos[hit]
        w = (1.0 + np.log(cnt[hit].astype(np.float64))) * self.idf[idx]
        norm = np.sqrt(np.bincount(doc, weights=w * w, minlength=n))
        w = w / np.where(norm > 0, norm, 1.0)[doc]
        return NgramRows(idx, w, np.searchsorted(doc, np.arange(n + 1)))

    @functools.cached_property
    def _table(self) -> tuple[np.ndarray, np.ndarray]:
        """An open-addressing hash table of the keys (linear probing, at most a quarter full).

        ``(slot_key, slot_index)``: slot ``h(k)``, or the first free one after
        it, holds key ``k`` and its position in :attr:`keys`; -1 marks a free slot.
        """
        nv = len(self.keys)
        size = 1 << max(4, (4 * nv).bit_length())
        slot_key = np.full(size, -1, dtype=np.int64)
        slot_index = np.full(size, -1, dtype=np.int64)
        pending = np.arange(nv)
        pos = _slot(self.keys, size)
        while len(pending):
            # every pending key tries its slot; of several wanting one free slot, the first gets it
            want = pos[pending]
            free = slot_key[want] == -1
            slots, first = np.unique(want[free], return_index=True)
            winners = pending[free][first]
            slot_key[slots] = self.keys[winners]
            slot_index[slots] = winners
            placed = np.zeros(nv, dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            pos[pending] = (pos[pending] + 1) & (size - 1)
        slot_key.setflags(write=False)
        slot_index.setflags(write=False)
        return slot_key, slot_index

    def index_of(self, keys: np.ndarray) -> np.ndarray:
        """The position of each of ``keys`` in :attr:`keys`, or -1 where it is not in the vocabulary.

        Examples
        --------
        >>> v = NgramVocabulary(np.array([5, 9, 12]), np.ones(3), np.zeros(3))
        >>> v.index_of(np.array([9, 4, 12, 5, 13])).tolist()
        [1, -1, 2, 0, -1]
        """
        keys = np.ascontiguousarray(keys, dtype=np.int64)
        slot_key, slot_index = self._table
        size = len(slot_key)
        pos = _slot(keys, size)
        found = slot_key[pos]
        hit = found == keys  # most keys sit in their own slot, or it is free
        out = np.where(hit, slot_index[pos], -1)
        todo = np.flatnonzero(~hit & (found != -1))
        pos = (pos[todo] + 1) & (size - 1)
        while len(todo):
            found = slot_key[pos]
            hit = found == keys[todo]
            out[todo[hit]] = slot_index[pos[hit]]
            go_on = ~hit & (found != -1)  # a free slot ends the probe: the key is absent
            todo = todo[go_on]
            pos = (pos[go_on] + 1) & (size - 1)
        return out

    def matrix(self, counts: Sequence[tuple[np.ndarray, np.ndarray]]) -> Any:
        """The TF-IDF matrix (scipy CSR, rows unit length) for training."""
        from scipy import sparse

        rows = self._rows(counts)
        return sparse.csr_matrix((rows.values, rows.idx, rows.cut), shape=(len(rows), len(self.keys)))

    def contributions(self, counts: Sequence[tuple[np.ndarray, np.ndarray]]) -> NgramRows:
        """Per document: the vocabulary indices present and their log-odds contributions."""
        rows = self._rows(counts)
        return NgramRows(rows.idx, rows.values * self.coef[rows.idx], rows.cut)

    def logits(self, counts: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Per document: the block's total log-odds contribution (a row-wise sum, batch-independent)."""
        return self.contributions(counts).sums()
