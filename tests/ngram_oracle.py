"""The writing-pattern tokenizer as it was written first: one Python regex per text.

The scorer now reads the distorted token stream from the shared byte-level
tokenisation of the batch (:mod:`credscore._tokens`, :func:`credscore._ngrams.distorted_stream`).
This module keeps the original per-text implementation, unchanged, as the
oracle the byte-level path must equal token for token
(tests/test_token_parity.py). It imports only the id tables from
:mod:`credscore._ngrams`, never its tokenizer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from reading_oracle import read

from credscore._ngrams import _FW_ID, _ID, _N_WORD_IDS, _NUM_ID, _SYM_ID, _X, _XX_, _XXX, ngram_keys
from credscore._tokens import READ_AS

# Text is read as the scorer reads it (Unicode spaces as spaces, letters drawn like ASCII ones as them,
# characters that print as nothing dropped, HTML character references as their characters): the table is data shared with the scorer, not its tokenizer.
_FOLD = str.maketrans(
    {
        **READ_AS,
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u2014": "-", "\u2013": "-", "\u2212": "-", "\u2026": "...",
        # every currency sign is "$" in the stream (credscore._ngrams.CURRENCY_SIGNS, written out here)
        **{c: "$" for c in "\u00a3\u20ac\u00a5\u20b9\u20a6\u20a9\u20bd\u20ba\u20b1\u20b4\u20aa\u20ab\u20b5\u20a8"},
    }
)

# Words (letters of any script, with word-internal apostrophes), numbers
# (1,200 and 3.5 are one number), runs of dots or hyphens, any other symbol.
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)*|\.{2,}|-{2,}|[^\w\s]|_")


def token_id(tok: str) -> int:
    c = tok[0]
    if c.isalpha():
        fid = _FW_ID.get(tok.lower())
        if fid is not None:
            return fid
        if tok.isupper() and len(tok) > 1:
            return _XXX
        return _XX_ if c.isupper() else _X
    if c.isdigit():
        return _NUM_ID
    if tok.startswith(".."):
        return _ID["..."]
    if tok.startswith("--"):
        return _ID["-"]
    return _ID.get(tok, _SYM_ID)


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` (typography folded) before distortion."""
    return _TOKEN.findall(read(text).translate(_FOLD))


def distorted_ids(text: str) -> np.ndarray:
    """The distorted token stream of ``text`` as base-token ids (int64)."""
    return np.array([token_id(t) for t in tokens(text)], dtype=np.int64)


def analyse(texts: Sequence[str]) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Per text: distinct n-gram keys (sorted) with counts; and word counts."""
    out = []
    words = np.zeros(len(texts), dtype=np.int64)
    for i, t in enumerate(texts):
        ids = distorted_ids(t)
        words[i] = int(np.count_nonzero(ids <= _N_WORD_IDS))
        keys, counts = np.unique(ngram_keys(ids), return_counts=True)
        out.append((keys, counts))
    return out, words
