"""A fast, dependency-free check that a text looks like English.

credscore's signals are English phrases and its model was trained on English
news only, so a score for French, Russian or Chinese text is meaningless:
almost no signal can fire, and the stylometric columns (English function
words, ASCII word shapes) see something they were never trained on.
:func:`credscore.explain` therefore adds a note and reports the risk as
``"unknown"`` when :func:`looks_english` is ``False``; the CLI uses the same
check.

The heuristic reads the first :data:`SAMPLE_CHARS` characters and applies two
tests, in order:

1. **Script.** The share of ASCII letters among all letters (``str.isalpha``)
   must be at least :data:`MIN_ASCII_LETTER_SHARE`. Letters drawn like ASCII
   ones count as them (:data:`credscore._tokens.LOOKALIKES`: English spelled
   with Cyrillic "о" and "а" reads as English), which puts Russian and Greek
   text at about 0.3-0.45; CJK, Arabic, Hebrew or Devanagari text is close to
   0; English news is above 0.99. Accented letters are read without their
   accents (:data:`credscore._tokens.ACCENTED`), so French, German or
   Vietnamese text is close to 1 too, which is why the second test exists.
2. **Function words.** Among the word tokens (runs of letters), the share that
   are one of :data:`ENGLISH_MARKERS` must be at least
   :data:`MIN_MARKER_SHARE`. The markers are very frequent English function
   words that are *not* common words in other Latin-script languages ("in",
   "a", "on", "was", "die" are left out for that reason). In English news
   prose they make up roughly 25-40% of tokens (the fixtures in
   ``tests/fixtures`` have about 30%); in French, German, Spanish or
   Italian prose they are typically under 3%. The threshold sits well between.

Either test needs enough material to be meaningful: below
:data:`MIN_LETTERS` letters there is too little text to tell and the text is
given the benefit of the doubt (``True``); the function-word test only runs
with at least :data:`MIN_TOKENS` tokens, so a short English headline, which
often has no function word at all, is not flagged.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from . import _kernels
from ._tokens import (
    BYTE_MASKS,
    KELVIN_SIGN,
    KEY_MIX,
    LETTER,
    LOWERCASE_BITS,
    ByteBatch,
    Lexicon,
    byte_sums,
    high_bytes_in,
    normalise,
    per_text_totals,
    read_prefix,
)

__all__ = [
    "ENGLISH_MARKERS",
    "MIN_ASCII_LETTER_SHARE",
    "MIN_LETTERS",
    "MIN_MARKER_SHARE",
    "MIN_TOKENS",
    "SAMPLE_CHARS",
    "LanguageCheck",
    "check_english",
    "english_checks",
    "looks_english",
    "looks_english_batch",
]

#: Only this many leading characters are read, so the check costs the same on
#: a 10 MB text as on an article (about 3,000 words is plenty to tell).
SAMPLE_CHARS = 20_000
#: Below this many letters the text is too short to tell; it passes.
MIN_LETTERS = 20
#: Test 1: minimum share of ASCII letters among all letters.
MIN_ASCII_LETTER_SHARE = 0.85
#: Test 2 runs only with at least this many word tokens.
MIN_TOKENS = 15
#: Test 2: minimum share of word tokens that are :data:`ENGLISH_MARKERS`.
MIN_MARKER_SHARE = 0.08

#: Very frequent English function words that are rare as words in French,
#: German, Spanish, Italian, Portuguese and Dutch (lowercase).
ENGLISH_MARKERS: frozenset[str] = frozenset(
    [
        "the", "of", "and", "to", "that", "for", "with", "is", "are", "were", "be", "been",
        "being", "has", "have", "had", "it", "its", "this", "these", "from", "by", "at", "not",
        "but", "which", "who", "they", "their", "them", "he", "she", "his", "her", "him", "said",
        "would", "there", "than", "about", "after", "into", "more", "we", "you", "when", "what",
        "can", "could", "should", "will", "other", "our", "your", "just", "also",
    ]
)

_TOKEN = re.compile(r"[^\W\d_]+")


class LanguageCheck(NamedTuple):
    """The measurements behind :func:`looks_english`."""

    letters: int
    ascii_letter_share: float
    tokens: int
    marker_share: float

    @property
    def looks_english(self) -> bool:
        """Whether the measurements pass both tests (see the module docstring)."""
        if self.letters < MIN_LETTERS:
            return True
        if self.ascii_letter_share < MIN_ASCII_LETTER_SHARE:
            return False
        return self.tokens < MIN_TOKENS or self.marker_share >= MIN_MARKER_SHARE

    def describe(self) -> str:
        """A short human-readable summary, used in explanation notes."""
        return (
            f"{self.ascii_letter_share:.0%} of letters are ASCII or drawn like ASCII letters, "
            f"{self.marker_share:.0%} of {self.tokens} words are common English function words"
        )


def check_english(text: str) -> LanguageCheck:
    """Measure how English ``text`` looks (see the module docstring).

    Examples
    --------
    >>> c = check_english("The mayor said on Monday that the plan would be put to a vote.")
    >>> c.looks_english, c.tokens
    (True, 14)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    sample = read_prefix(text, SAMPLE_CHARS)  # as the batch reads it: look-alikes as ASCII, invisible characters dropped
    tokens = _TOKEN.findall(sample)
    letters = "".join(tokens)
    n_letters = len(letters)
    # ASCII letters survive an ASCII encode; every other letter is dropped.
    n_ascii = len(letters.encode("ascii", "ignore"))
    n_markers = sum(1 for t in tokens if t.lower() in ENGLISH_MARKERS)
    return LanguageCheck(
        letters=n_letters,
        ascii_letter_share=n_ascii / n_letters if n_letters else 1.0,
        tokens=len(tokens),
        marker_share=n_markers / len(tokens) if tokens else 0.0,
    )


_MARKERS = Lexicon(sorted(ENGLISH_MARKERS))
_KELVIN = KELVIN_SIGN.encode()
_MARKER_MIN_LEN = min(map(len, ENGLISH_MARKERS))
_MARKER_MAX_LEN = max(map(len, ENGLISH_MARKERS))


def _sample_ends(batch: ByteBatch) -> np.ndarray:
    """Where each text's sample ends in the buffer: its first :data:`SAMPLE_CHARS` characters."""
    ends = batch.starts[1:] - 1
    for i, t in enumerate(batch.texts):
        if len(t) > SAMPLE_CHARS:
            ends[i] = batch.starts[i] + len(normalise(read_prefix(t, SAMPLE_CHARS).encode("utf-8", "surrogatepass")))
    return ends


def _sample_runs(batch: ByteBatch, sample_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The letter runs of every text's sample (start, end arrays), a run cut at the sample's end.

    Only the samples are read: texts whose sample is the whole text are read
    together, in stretches that a longer text's sample ends, so that a 10 MB
    text costs what its first :data:`SAMPLE_CHARS` characters cost.
    """
    cls = batch.classes
    # A stretch ends where a text's sample ends before the text does.
    cut = np.flatnonzero(sample_end < batch.starts[1:] - 1)
    firsts = np.concatenate([[0], cut + 1])
    lasts = np.concatenate([cut, [len(batch) - 1]])
    starts: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    ends: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for first, last in zip(firsts.tolist(), lasts.tolist()):
        if first > last:
            continue  # the last text's sample ended before its end
        a, b = int(batch.starts[first]), int(sample_end[last])
        # From the NUL before the stretch (never a letter) to its end, plus a
        # non-letter after it: every run inside starts and ends at an edge.
        letter = np.zeros(b - a + 2, dtype=bool)
        np.equal(cls[a - 1 : b], LETTER, out=letter[:-1])
        edges = np.flatnonzero(letter[1:] != letter[:-1])
        edges += a
        starts.append(edges[0::2])
        ends.append(edges[1::2])
    return np.concatenate(starts), np.concatenate(ends)


def _runs_holding(buf: bytes, needle: bytes, run_start: np.ndarray, run_end: np.ndarray) -> np.ndarray:
    """The indices of the (sorted, disjoint) runs of ``buf`` that hold ``needle``, in order, each once."""
    if needle not in buf:  # nearly always: one search at memory speed
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(buf, dtype=np.uint8)
    found = raw[: len(raw) - len(needle) + 1] == needle[0]
    for k in range(1, len(needle)):
        found &= raw[k : len(raw) - len(needle) + 1 + k] == needle[k]
    pos = np.flatnonzero(found)
    r = np.searchsorted(run_start, pos, side="right") - 1
    inside = (r >= 0) & (pos + len(needle) <= run_end[np.maximum(r, 0)])
    return np.unique(r[inside])


def _english_counts(batch: ByteBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per text of the batch: letters, ASCII letters, word tokens and marker tokens of its sample (int64 arrays)."""
    sample_end = _sample_ends(batch)
    loop = _kernels.compiled("english_counts", len(batch.raw))
    if loop is not None:
        letters, ascii_letters, tokens, markers, kelvin = loop(
            batch.raw, batch.classes, batch.words64(), batch.starts, sample_end, _MARKERS.tables,
            BYTE_MASKS, LOWERCASE_BITS, KEY_MIX, _MARKER_MIN_LEN, _MARKER_MAX_LEN,
        )
        for d, start, end in kelvin.tolist():  # runs holding a Kelvin sign, in Python (see below)
            markers[d] += batch.buf[start:end].decode("utf-8", "surrogatepass").lower() in ENGLISH_MARKERS
        return letters, ascii_letters, tokens, markers
    run_start, run_end = _sample_runs(batch, sample_end)
    length = run_end - run_start
    # Bytes of non-ASCII characters, and continuation bytes, in each run.
    high_in = high_bytes_in(batch.raw, run_start, run_end)
    cont_in = np.zeros(len(run_start), dtype=np.int64)
    some = np.flatnonzero(high_in)
    if len(some):  # continuation bytes (0b10xxxxxx), only in the runs that hold non-ASCII bytes
        cont_in[some] = byte_sums(batch.raw, run_start[some], length[some], "continuation")
    n_chars = length - cont_in  # a character is its first byte
    is_ascii = high_in == 0
    marker = np.zeros(len(run_start), dtype=bool)
    # Only runs as long as some marker can be one: most words are not looked up.
    at = np.flatnonzero(is_ascii & (length >= _MARKER_MIN_LEN) & (length <= _MARKER_MAX_LEN))
    marker[at] = _MARKERS.lookup(batch.words64(), run_start[at], length[at]) >= 0
    # A run with a non-ASCII letter is a marker only if it lowercases to one,
    # an ASCII word: only if its non-ASCII letters are all Kelvin signs (see
    # KELVIN_SIGN). Only runs holding one are read in Python (with today's
    # markers, none has a "k").
    for k in _runs_holding(batch.buf, _KELVIN, run_start, run_end).tolist():
        word = batch.buf[run_start[k] : run_end[k]].decode("utf-8", "surrogatepass")
        marker[k] = word.lower() in ENGLISH_MARKERS
    first = np.searchsorted(run_start, batch.starts)  # where each text's runs begin
    return (
        per_text_totals(n_chars, first),
        per_text_totals(length - high_in, first),
        np.diff(first),
        per_text_totals(marker.astype(np.int64), first),
    )


def english_checks(batch: ByteBatch) -> list[LanguageCheck]:
    """:func:`check_english` of every text of a batch, read from its shared byte classes.

    The same measurements, to the last token, as :func:`check_english` on
    each text (tests/test_token_parity.py): letter runs of any script, cut at
    the :data:`SAMPLE_CHARS`-th character; only runs holding a non-ASCII
    letter are looked up in Python.

    Examples
    --------
    >>> from credscore._tokens import encode_batch
    >>> [c.looks_english for c in english_checks(encode_batch(["The mayor said on Monday that "
    ...     "the plan would be put to a vote.", "Городской совет во вторник проголосовал за бюджет."]))]
    [True, False]
    """
    letters, ascii_letters, tokens, markers = (a.tolist() for a in _english_counts(batch))
    return [
        LanguageCheck(
            letters=letters[i],
            ascii_letter_share=ascii_letters[i] / letters[i] if letters[i] else 1.0,
            tokens=tokens[i],
            marker_share=markers[i] / tokens[i] if tokens[i] else 0.0,
        )
        for i in range(len(batch))
    ]


def looks_english_batch(batch: ByteBatch) -> np.ndarray:
    """``[c.looks_english for c in english_checks(batch)]`` as a bool array, without the objects.

    The same shares (one float division each, as in :class:`LanguageCheck`)
    and the same tests, for every text at once.

    Examples
    --------
    >>> from credscore._tokens import encode_batch
    >>> looks_english_batch(encode_batch(["The mayor said on Monday that the plan would be put "
    ...     "to a vote.", "Городской совет во вторник проголосовал за бюджет.", ""])).tolist()
    [True, False, True]
    """
    letters, ascii_letters, tokens, markers = _english_counts(batch)
    with np.errstate(divide="ignore", invalid="ignore"):
        ascii_share = np.where(letters > 0, ascii_letters / letters, 1.0)
        marker_share = np.where(tokens > 0, markers / tokens, 0.0)
    out: np.ndarray = (letters < MIN_LETTERS) | (
        (ascii_share >= MIN_ASCII_LETTER_SHARE) & ((tokens < MIN_TOKENS) | (marker_share >= MIN_MARKER_SHARE))
    )
    return out


def looks_english(text: str) -> bool:
    """Return ``False`` when ``text`` clearly is not English, else ``True``.

    Fast (reads at most :data:`SAMPLE_CHARS` characters) and conservative:
    text too short to tell passes.

    Examples
    --------
    >>> looks_english("The council voted on Tuesday to approve the budget, officials said.")
    True
    >>> looks_english("Le conseil municipal a voté mardi pour approuver le budget de la ville, "
    ...               "selon un communiqué publié par la mairie.")
    False
    >>> looks_english("Городской совет во вторник проголосовал за утверждение бюджета.")
    False
    """
    return check_english(text).looks_english
