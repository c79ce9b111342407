"""Tokens: a batch of texts as one byte buffer, classified once, read by every feature block.

The feature blocks that read words (stylometry, the writing-pattern n-grams,
the English check) all start from the same :class:`ByteBatch`: the texts
encoded to UTF-8 once, typography normalised once, and concatenated into one
buffer, so that each block is a few NumPy passes over the whole batch instead
of a Python loop per text or per token.

Layout of the buffer (``ByteBatch.buf``)::

    8 NULs | text 0 | NUL | text 1 | NUL | ... | text n-1 | NUL | 16 NULs

``starts[i]`` is the offset of text ``i``'s first byte and ``starts[i + 1] - 1``
its closing NUL; the padding lets a block read 8 bytes around any position.
Curly quotes and apostrophes (U+2018, U+2019, U+201C, U+201D, U+201E) are
their straight one-byte forms, the ellipsis U+2026 is ``...`` (see
:func:`normalise`), and whitespace beyond ASCII's (the no-break space...) is a
space (see :func:`encode_text`): typography depends on the publisher's
software, not on the writing. Letters drawn like ASCII ones (Cyrillic "о",
fullwidth "ｏ", mathematical bold "𝐨") are the ASCII letter (see
:data:`LOOKALIKES`), accented letters are read without their accents ("é" as
"e", :data:`ACCENTED`), and characters that print as nothing (zero-width space,
soft hyphen, direction marks...: :data:`IGNORABLE`) are dropped. So is the
layout a text's software gave it (:func:`_layout`): a hard-wrapped text's
line breaks inside paragraphs read as spaces, a word broken by a hyphen at a
line's end as one word, and Markdown's marks (emphasis, a link's address, a
heading's ``#``) and web addresses are dropped; HTML's tags are read as a page shows them (a
paragraph's or a line break's as a line break, a link's or bold's as nothing, comments and scripts
dropped), and a text written all in capitals is read in sentence case. The matcher reads every text
through :func:`encode_text` too, so both see one text.

:attr:`ByteBatch.classes` is the Unicode character class of every byte, as
Python's ``re`` module defines the classes for ``str`` patterns (a letter is
``[^\\W\\d_]``, a digit ``\\d``, a space ``\\s``), so that the blocks that
tokenise with Unicode letters reproduce a regular-expression tokenizer
exactly. A multi-byte character's continuation bytes carry its class.

Examples
--------
>>> b = encode_batch(["Don\u2019t", "ok"])
>>> b.doc_text(0), b.doc_text(1)
(b"Don't", b'ok')
>>> [int(c) for c in b.classes[b.starts[0] : b.starts[1] - 1]] == [LETTER] * 3 + [OTHER] + [LETTER]
True
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import operator
import re
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from credscore._signals import prefix_tree

__all__ = [
    "ACCENTED",
    "BREAK",
    "COMBINING",
    "DASH",
    "DIGIT",
    "DOT",
    "IGNORABLE",
    "LETTER",
    "LOOKALIKES",
    "MARKS",
    "OTHER",
    "READ_AS",
    "UNDERSCORE",
    "ByteBatch",
    "CodePointTable",
    "Lexicon",
    "byte_sums",
    "bytes_view",
    "code_points",
    "count_in_ranges",
    "encode_batch",
    "encode_text",
    "normalise",
    "read_ends",
    "read_positions",
    "read_prefix",
    "read_text",
    "translate",
    "translation",
    "written_case",
]

LEAD = 8  # NULs before the first text
TAIL = 16  # NULs after the last text's closing NUL

# Typographic variants replaced before anything is read (all three bytes
# long in UTF-8, starting with E2 80).
_NORMALISE: tuple[tuple[bytes, bytes], ...] = (
    ("\u2018".encode(), b"'"),
    ("\u2019".encode(), b"'"),
    ("\u201c".encode(), b'"'),
    ("\u201d".encode(), b'"'),
    ("\u201e".encode(), b'"'),
    ("\u2026".encode(), b"..."),
)
_E2_80 = b"\xe2\x80"
_ELLIPSIS = "\u2026".encode()
# All of them in one pass (a replacement is ASCII, so it never makes another match).
_NORMALISE_RE = re.compile(b"|".join(re.escape(curly) for curly, _ in _NORMALISE))
_STRAIGHT = dict(_NORMALISE)
# By the third byte of an E2 80 sequence: its straight byte, 1 for the ellipsis, 0 for none of the marks.
_STRAIGHT_OF = np.zeros(256, dtype=np.uint8)
for _curly, _straight_form in _NORMALISE:
    _STRAIGHT_OF[_curly[2]] = _straight_form[0] if len(_straight_form) == 1 else 1
#: Up to this many E2 80 sequences a text is normalised in one regular-expression pass.
_FEW_MARKS = 64


#: Whitespace beyond ASCII's: the no-break space (``&nbsp;`` in web pages), the U+2000 spaces, the line
#: and paragraph separators. Python's ``\s`` matches it; Hyperscan's (which reads bytes) and the byte
#: tables here do not, so it is read as a space (a line feed for U+0085, U+2028 and U+2029): one
#: character for one, so character offsets and counts stay the same. The braille pattern blank (U+2800),
#: which prints as a space but is none to Unicode, is read as one too.
UNICODE_SPACES: dict[int, str] = {
    cp: "\n" if cp in (0x85, 0x2028, 0x2029) else " "
    for cp in (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x2800, 0x3000)
}


def _lookalikes() -> dict[int, str]:
    # Greek and Cyrillic letters drawn like Latin ones (Unicode's confusables for a-z and A-Z in those
    # scripts, and "п" for "n", which fabricated stories in the shared corpora use), the dotless "ı" and
    # the long "ſ", then fullwidth ASCII and the mathematical letters and digits (NFKC's one-letter forms).
    cyrillic, greek = "асԁеһіјӏпорԛѕԝхуАВСЕНІЈКМОРԚЅТԜХҮӀ", "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινραυκ"
    looks, reads = cyrillic + greek + "ıſ", "acdehijlnopqswxyABCEHIJKMOPQSTWXYI" + "ABEZHIKMNOPTYXoivpauk" + "is"
    table = {ord(k): v for k, v in zip(looks, reads, strict=True)}
    # Quotes, primes and hyphens that straight ones stand for (the curly quotes and the ellipsis are
    # straightened later, by normalise(), for the token steps; the patterns read those as they are).
    table.update({ord(k): v for k, v in zip("«»‟″‚‛′‐‑", '""""\'\'\'--', strict=True)})
    table.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})
    for cp in range(0x1D400, 0x1D800):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1 and folded.isascii() and folded.isalnum():
            table[cp] = folded
    return table


#: Letters that look like ASCII ones: Greek and Cyrillic letters drawn like Latin letters ("ѕоurсеѕ
#: ѕаіd" in Cyrillic reads "sources said"), fullwidth forms ("ｓａｉｄ") and the mathematical bold,
#: italic... letters and digits ("𝐬𝐚𝐢𝐝"). Put in a word they hide it from every pattern and token while
#: the text reads the same, so they are read as the ASCII character they look like: one character for
#: one, like :data:`UNICODE_SPACES`. A Greek or Russian text stays one: well under half its letters
#: change, and the English check still fails it.
LOOKALIKES: dict[int, str] = _lookalikes()

#: Characters that print as nothing: Unicode's default-ignorable code points (the soft hyphen, zero-width
#: spaces and joiners, direction marks and embeddings, the word joiner and invisible operators, Hangul
#: fillers, variation selectors, the byte order mark, tag characters...), as inclusive ranges. Put inside
#: or between words they hide them from every pattern and token ("sources\u200b said", "Ma\u200ería")
#: while the text reads the same, so they are dropped before anything is read. So are the ASCII control
#: characters that are no whitespace (NUL, ESC, DEL...; Python reads U+001C-001F as whitespace, so they
#: stay): a NUL before every space had taken a credible article from 0.87 to 0.23 (an audit).
IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x0000, 0x0008), (0x000E, 0x001B), (0x007F, 0x007F), (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
#: Combining diacritical marks (U+0300-036F), also dropped: an accent put on letters at random
#: ("co\u0301unci\u0301l") hid the words from the patterns (an audit: the well-sourced fixture 0.94 ->
#: 0.59 with one on 15 % of letters). The letter it sits on stays; a precomposed "é" is read as "e" too
#: (:data:`ACCENTED`).
COMBINING: tuple[int, int] = (0x0300, 0x036F)


#: Latin letters without a decomposition, read as the ASCII letter closest to them (see :data:`ACCENTED`).
_LATIN_OWN = "øØłŁđĐħĦßẞæÆœŒðÐþÞ"


def _accented(last: int = 0x2200) -> dict[int, str]:
    # A letter whose canonical decomposition is a letter and combining marks of COMBINING: the letter
    # alone, as it is read ("ά" is "a" as "α" is, "ǿ" is "o" as "ø" is); and the Latin letters with no
    # decomposition that names carry (a stroke; ß, æ, œ, ð, þ), one letter for one so offsets stay.
    # Every such letter is below U+2200 (tests/test_reading.py reads all of Unicode to check it).
    table = {ord(k): v for k, v in zip(_LATIN_OWN, "oOlLdDhHsSaAoOdDtT", strict=True)}
    for cp in range(0xC0, last):
        parts = unicodedata.normalize("NFD", chr(cp))
        if (len(parts) > 1 and parts[0].isalpha()
                and all(COMBINING[0] <= ord(c) <= COMBINING[1] for c in parts[1:])):
            base = ord(parts[0])
            table[cp] = table.get(base) or LOOKALIKES.get(base) or parts[0]
    return table


#: Letters with accents written as one character ("é", "ñ", "ö", "ș", "ά"): the letter without them,
#: as the same text with its accents written as combining marks (:data:`COMBINING`, dropped) reads. A
#: page's software decides which of the two forms a text comes in (NFC or NFD), so both read alike:
#: "said José García, a professor" is a named expert either way (before session 21 the precomposed
#: form read as written, and no name pattern took it). "ø", "ł", "đ", "ħ" are their letters too, and
#: "ß", "æ", "œ", "ð", "þ" are read as "s", "a", "o", "d", "t" ("Jürgen Strauß" as "Jurgen Straus").
ACCENTED: dict[int, str] = _accented()
#: Exclamation and question marks drawn as emoji or doubled ("Share before they delete it\u203c",
#: "\u2757WARNING\u2757"), as posts and chain messages write them: read as the ASCII mark, one character
#: for one, so that the exclamation signal and the punctuation columns read them as they read "!" (before
#: session 39 they read nothing at all). A double mark is read as one: the exclamation signal counts a run
#: of marks once either way.
MARKS: dict[int, str] = {0x203C: "!", 0x2755: "!", 0x2757: "!", 0x2762: "!", 0x2753: "?", 0x2754: "?"}
#: How every character the matcher and the token steps read differently is read (``str.translate``'s
#: table): :data:`UNICODE_SPACES` as spaces, :data:`LOOKALIKES` and :data:`ACCENTED` as their letters,
#: :data:`MARKS` as "!" and "?", :data:`IGNORABLE` and :data:`COMBINING` dropped (None).
READ_AS: dict[int, str | None] = {
    **UNICODE_SPACES, **LOOKALIKES, **ACCENTED, **MARKS,
    **{cp: None for a, b in (*IGNORABLE, COMBINING) for cp in range(a, b + 1)},
}


def _named_references() -> dict[str, int]:
    import html.entities

    return {name[:-1]: ord(v) for name, v in html.entities.html5.items() if name.endswith(";") and len(v) == 1}


#: HTML's named character references (``amp`` for ``&amp;``, ``rsquo``, ``nbsp``...: those of one
#: character, written with their semicolon) and the code points they stand for.
NAMED_REFERENCES: dict[str, int] = _named_references()
# A character reference, as text scraped from a web page keeps them ("&quot;No,&quot; she said",
# "it&#8217;s"): named, decimal or hexadecimal, with its semicolon. At most 33 characters (the longest
# name has 31), so a block of text cut before the last "&" of its last 33 characters holds each whole.
_REFERENCE = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]{1,30})|#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6}));")
_REFERENCE_MAX = 33


def _referenced(m: re.Match[str]) -> int | None:
    """The code point a character reference stands for, None if it stands for none (read as written).

    As HTML reads them: a decimal or hexadecimal reference to 0x80-0x9F is the Windows-1252 character
    of that byte (``&#146;`` is an apostrophe in pages saved from old editors); NUL, surrogates and
    numbers past U+10FFFF stand for nothing.

    >>> [_referenced(m) for m in _REFERENCE.finditer("&amp; &#8217; &#x27; &#146; &#0; &#xD800; &bogus;")]
    [38, 8217, 39, 8217, None, None, None]
    """
    name, dec, hexa = m.groups()
    if name is not None:
        return NAMED_REFERENCES.get(name)
    cp = int(dec) if dec is not None else int(hexa, 16)
    if 0x80 <= cp <= 0x9F:
        with contextlib.suppress(UnicodeDecodeError):  # five bytes Windows-1252 leaves undefined stay themselves
            return ord(bytes([cp]).decode("cp1252"))
    return cp if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else None


# Their UTF-8 forms. Each is one whole character, all of its bytes >= 0x80: with the ASCII bytes of a
# text deleted, what is left is its other characters back to back, in which these match only characters
# of the same blocks (the spaces and ignorables exactly, any Greek or Cyrillic letter, U+FF00-FF7F and
# U+1D400-1D7FF, which the translation then reads for what they are; tests/test_reading.py checks every
# code point of READ_AS is found).
_READ_AS_BYTES = re.compile(
    rb"\xc2[\x85\xa0\xad]|\xe1\x9a\x80|\xe2\x80[\x80-\x8f\xa8-\xaf]|\xe2\x81[\x9f-\xaf]|\xe3\x80\x80|\xe2\xa0\x80"
    rb"|[\xce-\xd4]|\xcd\x8f|\xd8\x9c|\xe1\x85[\x9f\xa0]|\xe1\x9e[\xb4\xb5]|\xe1\xa0[\x8b-\x8f]|\xe3\x85\xa4"
    rb"|\xef[\xbc\xbd]|\xef\xb8[\x80-\x8f]|\xef\xbb\xbf|\xef\xbe\xa0|\xef\xbf[\xb0-\xb8]"
    rb"|\xf0\x9b\xb2[\xa0-\xa3]|\xf0\x9d|\xf3\xa0|\xc4\xb1|\xc5\xbf"
    rb"|\xcc|\xcd[\x80-\xaf]|\xc2[\xab\xbb]|\xe2\x80[\x90\x91\x9a\x9b\x9f\xb2\xb3]"
    rb"|[\xc3-\xc8]|\xe1[\xb8-\xbf]|\xe2\x84\xab"
    rb"|\xe2\x80\xbc|\xe2\x9d[\x93-\x95\x97\xa2]"
)
_ASCII = bytes(range(128))
#: Every byte but the ASCII control characters :data:`IGNORABLE` drops: deleted, they leave those.
_NOT_CONTROL = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1B or b == 0x7F))

# --- hard-wrapped text ----------------------------------------------------------------------------------
#: The longest line, in characters, of a text read as hard-wrapped (e-mail and plain-text wires wrap at
#: 65-80, text taken from a PDF at up to ~120); a text with a longer line is read line for line.
WRAP_MAX = 150
#: The shortest longest line of a text read as hard-wrapped: shorter lines are lists, verse, headings.
WRAP_MIN = 30
# A word broken over two lines by a hyphen, as a PDF's text keeps it ("reli-" then "able"): a letter,
# "-", the line break, a lowercase letter. Read as one word: the "-" and the line break are dropped.
# (Written to start with the "-", a literal that ``re`` looks for fast: 0.46 ms per million characters,
# against 23 with the look-behind first.)
_HYPHEN_BREAK = re.compile(r"-(?<=[^\W\d_]-)\r?\n(?=[a-z])")
# Where one may be, in UTF-8: this regular expression finds it at 0.36 ms per MB of news, ``b"-\\n" in data``
# takes 0.93 (a search for two bytes).
_HYPHEN_LINE_END = re.compile(rb"-\r?\n")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\Z")


def _wrapped_lines(text: str) -> array[int]:
    """Where the lines of ``text`` that its writer's software wrapped end (the offsets of their "\\n"), or
    nothing if ``text`` does not look hard-wrapped.

    A line is what lies between two "\\n", its length counted without the
    whitespace that ends it. ``text`` looks hard-wrapped when it has three lines
    or more, none of its lines of several words (a space between two characters
    that are no whitespace) is longer than :data:`WRAP_MAX` characters, the
    longest of them (the width; a line of one word, a web address, may be
    longer) is at least :data:`WRAP_MIN`, and of its lines that
    end mid-sentence (not in ".", "!" or "?", closing quotes or brackets after
    it) and that a line of text follows (not blank, not indented), at least
    two, and at least half, are full. A line is full when the next line's first
    word would not have fitted on it (``len(line) + 1 + len(word) > width``,
    what wrapping does) or it is at least three quarters of the width (text
    taken from a PDF, set in a proportional font). The full lines that a line
    of text follows are then read as going on: their line break is a space.
    Short lines (the end of a paragraph, a heading), lines before a blank or
    indented line, and every line of a text that is not hard-wrapped keep their
    break. The first check stops at the first long line, so a text written a
    paragraph to a line costs a few ``str.find`` calls.

    >>> text = "The council said on Monday that the new bridge\\nwould open in May, said Jane Doe, a professor\\nat Yale University, who studies bridges.\\n"
    >>> [text[i - 5 : i] for i in _wrapped_lines(text)]
    ['ridge', 'essor']
    >>> len(_wrapped_lines("Headline\\nA paragraph.\\nAnother one.\\n"))  # too short to tell
    0
    """
    ends = array("q")  # 8 bytes a line: a crafted text can be millions of short lines
    start = longest = 0
    while (j := text.find("\n", start)) >= 0:
        if j - start > WRAP_MAX and _too_long(text[start:j]):
            return array("q")
        ends.append(j)
        longest = max(longest, j - start)
        start = j + 1
    if len(ends) < 2 or _too_long(text[start:]) or max(longest, len(text) - start) < WRAP_MIN:
        return array("q")  # (no line as wide as WRAP_MIN: the width would be less)
    ends.append(len(text))

    def line(k: int) -> str:  # each line cut from the text when it is read, none kept
        return text[(ends[k - 1] + 1 if k else 0) : ends[k]].rstrip()

    width = 0
    for k in range(len(ends)):
        read = line(k)
        if len(read) > width and _several_words(read):
            width = len(read)
    if width < WRAP_MIN:
        return array("q")
    full = array("q")
    evidence = mid_sentence = 0
    after = line(0)
    for k in range(len(ends) - 1):
        read, after = after, line(k + 1)
        if not read or not after or after[0].isspace():
            continue
        is_full = len(read) + 1 + len(after.split(None, 1)[0]) > width or len(read) >= 0.75 * width
        if is_full:
            full.append(ends[k])
        if _SENTENCE_END.search(read) is None:
            mid_sentence += 1
            evidence += is_full
    return full if evidence >= 2 and 2 * evidence >= mid_sentence else array("q")


def _several_words(line: str) -> bool:
    """Whether ``line`` holds a space (U+0020) between characters that are no whitespace: what a wrapping
    program breaks at. A line of one word (a web address) may be longer than the width."""
    return " " in line.strip()


def _too_long(line: str) -> bool:
    """Whether ``line`` is longer than a hard-wrapped text's lines can be: over :data:`WRAP_MAX` characters
    (without the whitespace that ends it) and of several words."""
    line = line.rstrip()
    return len(line) > WRAP_MAX and _several_words(line)


class Spans:
    """Stretches ``[starts[i], ends[i])`` of a text, kept as two arrays of 8-byte integers (a crafted text
    can hold millions: "**a** " repeated is 3.3 million marks in 10 MB, 27 MB here, 270 as a list of
    Python ints)."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")

    def add(self, a: int, z: int) -> None:
        self.starts.append(a)
        self.ends.append(z)

    def __len__(self) -> int:
        return len(self.starts)

    def positions(self) -> list[int]:
        """Every position the stretches cover (for tests and examples)."""
        return sorted({i for a, z in zip(self.starts, self.ends) for i in range(a, z)})


class Layout(NamedTuple):
    """The layout of a text (:func:`_layout`): what of it is read otherwise than as written."""

    #: The positions read as a space (a hard-wrapped text's line breaks).
    spaces: np.ndarray
    #: The stretches dropped (hyphen breaks, Markdown's marks, web addresses, HTML's inline tags, comments,
    #: scripts and styles).
    drops: Spans
    #: The stretches read as one line break, at their first character (HTML's block tags: ``<p>``, ``<br>``);
    #: one inside a dropped stretch is dropped.
    breaks: Spans
    #: For a text written in capitals (:func:`_in_capitals`), the positions of the capitals kept (a
    #: sentence's first letter, the pronoun "I"; every other ASCII capital reads in lower case; in order,
    #: one maybe twice; int32 for a text shorter than 2**31 characters); None for any other text.
    kept: np.ndarray | None = None


def _layout(text: str) -> Layout:
    """The characters of ``text`` read as a space (the line breaks of its wrapped lines, see
    :func:`_wrapped_lines`; a "\\r" before one too), the stretches dropped (a hyphen break, "-" and its
    line break, see :data:`_HYPHEN_BREAK`; Markdown's marks, see :func:`_markdown`; web addresses, see
    :func:`_addresses`; HTML's markup, see :func:`_html`) and those read as a line break (HTML's block
    tags); for a text written in capitals, the capitals kept (:func:`_capitals_kept`)."""
    spaces = array("q")
    drops = Spans()
    breaks = Spans()
    if "\n" in text:
        for j in _wrapped_lines(text):
            spaces.append(j)
            if text[j - 1] == "\r":
                spaces.append(j - 1)
        for m in _HYPHEN_BREAK.finditer(text):
            drops.add(m.start(), m.end())
    _markdown(text, out=drops)
    if "://" in text:
        _addresses(text, out=drops)
    if "<" in text:
        _html(text, drops, breaks)
    kept = _capitals_kept(text) if _in_capitals(text) else None
    return Layout(np.frombuffer(spaces, dtype=np.int64) if spaces else _NO_POSITIONS, drops, breaks, kept)


_NO_POSITIONS = np.zeros(0, dtype=np.int64)


#: The most characters of a web address's scheme ("https", "ftp") before its "://".
_SCHEME_MAX = 10
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-")
# From the "://" (a literal ``re`` finds fast) to the first whitespace, quote, bracket or angle bracket.
_ADDRESS = re.compile(r"://[^\s<>\"'()\[\]{}]*")
_ADDRESS_BYTES = re.compile(rb"://")


def _addresses(text: str, out: Spans | None = None) -> Spans:
    """The characters of ``text`` that are web addresses written with their scheme
    ("https://www.cdc.gov/coronavirus/index.html"), dropped: an address is no writing, and read as words,
    numbers and punctuation it moved 600 shared articles by 0.013 to 0.025 on average (3-6 % changed
    verdict), up or down with the words of its path. The scheme is the letters (digits, "+", "-") right
    before "://", at most :data:`_SCHEME_MAX` of them, starting with a letter and not glued to a word
    before them (a "://" without one is read as written); the address ends at
    whitespace, a quote or a bracket, and the full stops, commas and other marks that end a sentence
    after it are not its own.

    >>> t = "See https://www.cdc.gov/a_b.html. Or (ftp://x.org/f), not a://b or 3://x."
    >>> "".join(c for i, c in enumerate(t) if i not in set(_addresses(t).positions()))
    'See . Or (), not  or 3://x.'
    """
    drops = Spans() if out is None else out
    for m in _ADDRESS.finditer(text):
        a, z = m.span()
        i = a
        while i > 0 and a - i < _SCHEME_MAX and text[i - 1] in _SCHEME_CHARS:
            i -= 1
        while i < a and not text[i].isalpha():  # a scheme starts with a letter
            i += 1
        if i == a or (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
            continue  # no scheme, or one glued to a word
        while z > a + 3 and text[z - 1] in ".,;:!?":
            z -= 1
        drops.add(i, z)
    return drops


# --- Markdown ---------------------------------------------------------------------------------------------
#: How far the reading of a character may depend on the text after it: a link's text and address, an
#: emphasis's closing mark (:data:`_EMPHASIS_MAX`), a hyphen break's next letter. A prefix of a text with
#: this many characters more reads its first characters as the whole text does (:func:`read_prefix`).
LOCAL_READING = 2_500
_MARKDOWN_CHARS = "*_[#+"
# Every byte but those: deleted, what is left says whether any is there (one pass at memory speed).
_NOT_MARKDOWN = bytes(sorted(set(range(256)) - set(_MARKDOWN_CHARS.encode())))
#: The most characters an emphasis may hold ("**Update:**", "_The Times_"); a mark further from its pair is
#: read as written.
_EMPHASIS_MAX = 200
# One expression per character: each starts with its literal, which ``re`` finds fast (an alternation
# of the two costs 1.3 ms per MB of news, most of the check).
_EMPHASIS_RUNS = (("*", re.compile(r"\*+")), ("_", re.compile(r"_+")))
# A link, "[its text](its address)": the text of at most 300 characters, no bracket or line break in it;
# the address of at most 2,000, no parenthesis or whitespace in it (so every attempt stops within them).
_LINK = re.compile(r"\[[^\[\]\n]{1,300}\]\([^()\s]{1,2000}\)")
_HEADING = re.compile(r"#{1,6}(?=[ \t])")
_BULLETS = (re.compile(r"\*(?=[ \t])"), re.compile(r"\+(?=[ \t])"))


def _markdown(text: str, present: str | None = None, out: Spans | None = None) -> Spans:
    """The characters of ``text`` that are Markdown's marks, dropped as typography is: emphasis
    (``**bold**``, ``__bold__``, ``*italic*``, ``_italic_``), a link's brackets and address
    (``[text](https://...)`` reads "text"; an image's ``!`` too), a heading's ``#`` and a list item's ``*``
    or ``+`` (``-``, which plain text uses too, is read as written). Pages converted to
    Markdown (a scraper's output) and text written by a chat assistant carry them; read as punctuation
    they moved 600 shared articles by -0.02 to -0.04 on average (bold on each paragraph's first words
    changed 7.8 % of verdicts, a link on each paragraph 11 %).

    Emphasis pairs marks of one character and length (1-3) on one line, within :data:`_EMPHASIS_MAX`
    characters, left to right: a mark opens when a non-space follows it and no letter or digit precedes
    it, and closes an open one when a non-space precedes it and no letter or digit follows; so "f**k",
    "snake_case", "5 * 3" and a lone "*" inside a line are read as written. A heading's ``#`` (one to six)
    and a list item's mark start a line, after at most three spaces, and a space follows them. One pass
    each, linear in the text.

    >>> t = "## Update\\n* **Officials said** the [report](https://x.org/a_b) was _final_, f**k."
    >>> "".join(c for i, c in enumerate(t) if i not in set(_markdown(t).positions()))
    ' Update\\n Officials said the report was final, f**k.'
    """
    if present is None:  # which of the marks' characters the text holds (the caller may know already)
        present = "".join(c for c in _MARKDOWN_CHARS if c in text)
    drops = Spans() if out is None else out
    for char, run in _EMPHASIS_RUNS:  # each character alone: its marks pair only with its own
        if char not in present:
            continue
        open_: dict[str, int] = {}  # a mark -> where the open one starts
        line_end = -1
        for m in run.finditer(text):
            a, b = m.span()
            mark = m.group()
            if len(mark) > 3:
                continue
            if a > line_end:  # a new line: no mark stays open across a line break
                open_.clear()
                line_end = text.find("\n", a)
                if line_end < 0:
                    line_end = len(text)
            before = text[a - 1] if a else " "
            after = text[b] if b < len(text) else " "
            start = open_.get(mark)
            if start is not None and a - start > _EMPHASIS_MAX:
                del open_[mark]
                start = None
            if start is not None and not before.isspace() and not after.isalnum():
                drops.add(start, start + len(mark))
                drops.add(a, b)
                del open_[mark]
            elif not after.isspace() and not before.isalnum():
                open_[mark] = a
    if "[" in present:
        for m in _LINK.finditer(text):
            a, z = m.span()
            drops.add(a - 1 if a and text[a - 1] == "!" else a, a + 1)
            drops.add(text.index("](", a), z)
    for rx, char in ((_HEADING, "#"), (_BULLETS[0], "*"), (_BULLETS[1], "+")):  # at a line's start
        if char in present:
            for m in rx.finditer(text):
                a = i = m.start()
                while i > 0 and a - i < 3 and text[i - 1] in " \t":
                    i -= 1
                if i == 0 or text[i - 1] == "\n":
                    drops.add(a, m.end())
    return drops


# --- HTML -------------------------------------------------------------------------------------------------
#: The elements whose tags read as a line break: where a page is shown, each starts a block of its own (a
#: paragraph, a heading, a list item, a quotation, a table's row or cell) or is one (``<br>``, ``<hr>``).
HTML_BLOCK = frozenset("""
    address article aside blockquote body br caption center dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html iframe legend li main nav ol p
    pre section summary table tbody td tfoot th thead title tr ul
""".split())
#: The elements whose tags read as nothing: they mark words within a line (``<a>``, ``<b>``, ``<span>``)
#: or stand for no text (``<img>``, ``<meta>``). A tag of any other name is read as written ("<jane@x.org>",
#: "<sarcasm>" are no markup).
HTML_INLINE = frozenset("""
    a abbr audio b bdi bdo big button canvas cite code data del dfn em embed font i img input ins kbd
    label link map mark meta noscript object param picture q s samp script small source span strike
    strong style sub sup svg template time track tt u var video wbr
""".split())
#: The elements whose content a page does not show as its text (a script's code, a style sheet, the title in
#: its head, what a browser running scripts leaves out: "Please enable JavaScript"): dropped with their tags.
HTML_HIDDEN = ("script", "style", "title", "noscript")
#: The most characters of a tag's attributes (a longer tag is read as written), and of a comment or a script,
#: style or title element dropped whole (a longer comment is read as written; a longer element keeps its
#: content, its tags dropped): so no character's reading depends on the text more than
#: :data:`LOCAL_READING` characters after it.
HTML_MAX = 2_000


def _tags(names: frozenset[str] | tuple[str, ...]) -> str:
    """A start or end tag of one of ``names`` (in any case): "<p>", "</A>", '<img src="x.png"/>'. Each attempt
    starts at a "<" (a literal ``re`` finds fast) and stops at the next "<" or ">", so a search is linear;
    and as no tag holds a "<" but its first, no two overlap: each "<" starts one or none."""
    alternatives = prefix_tree(*sorted(names))  # re tries a few branches at a "<", not each name
    return rf"</?(?ai:{alternatives})(?=[\s/>])[^<>]{{0,{HTML_MAX}}}>"


_BLOCK_TAG = re.compile(_tags(HTML_BLOCK))
# An inline element's tag, or a declaration ("<!DOCTYPE html>").
_INLINE_TAG = re.compile(_tags(HTML_INLINE) + rf"|<!(?=[A-Za-z])[^<>]{{0,{HTML_MAX}}}>")
_HIDDEN_TAG = re.compile(rf"<(/?)(?ai:({'|'.join(HTML_HIDDEN)}))(?=[\s/>])[^<>]{{0,{HTML_MAX}}}>")
_COMMENT_OPEN = re.compile(r"<!--")
_COMMENT_CLOSE = re.compile(r"-->")
_SPAN = re.Match.span
_SPANS_A_STEP = 1 << 16  # tags taken at a time: 1 MB of positions at most


def _add_all(rx: re.Pattern[str], text: str, out: Spans) -> None:
    """Every match of ``rx`` in ``text`` into ``out``, their positions gathered without a Python step per match
    (10 MB of "<p>" is 3.3 million tags)."""
    found = map(_SPAN, rx.finditer(text))
    while True:
        step = array("q", itertools.chain.from_iterable(itertools.islice(found, _SPANS_A_STEP)))
        if not step:
            return
        out.starts.extend(step[0::2])
        out.ends.extend(step[1::2])


def _has_html(text: str) -> bool:
    """Whether ``text`` holds a tag :func:`_html` reads otherwise, or may hold a comment."""
    return _BLOCK_TAG.search(text) is not None or _INLINE_TAG.search(text) is not None or "<!--" in text


def _html(text: str, drops: Spans, breaks: Spans) -> None:
    """HTML's markup in ``text``, read as a page shows it: a block element's tag (:data:`HTML_BLOCK`) as a line
    break, an inline element's (:data:`HTML_INLINE`) and a declaration as nothing, a comment and a script or
    style element (:data:`HTML_HIDDEN`) dropped whole; ``drops`` and ``breaks`` take the stretches. Text
    scraped from a page keeps its tags; read as words and punctuation, "<p>" around each paragraph moved
    600 shared articles by -0.037 on average (9 % changed verdict). Character references ("&amp;") are read
    for their characters wherever they are (:func:`_read_codes`).

    A comment runs from "<!--" to the first "-->" after it, a script (a style, a title, a noscript) from its start tag
    to the first end tag of its name (the first start tag of a run of them opens it); each of at most :data:`HTML_MAX`
    characters. One pass over the tags, one over the comments' marks: linear in the text.

    >>> read_text('<p>Officials <B>said</B> it<br/>was <a href="x?a=1&amp;b=2">false</a>.</p><!-- ad --> <jane@x.org>')
    '\\nOfficials said it\\nwas false.\\n <jane@x.org>'
    >>> read_text("<script>var a = 1 < 2;</script>A <sarcasm>plan</sarcasm> for x <b and y> z")
    'A <sarcasm>plan</sarcasm> for x  z'
    """
    _add_all(_BLOCK_TAG, text, breaks)
    _add_all(_INLINE_TAG, text, drops)
    hidden_at = -1  # where the open script, style, title or noscript element starts
    hidden = ""  # its name
    for m in _HIDDEN_TAG.finditer(text):
        a, z = m.span()
        end, name = m.group(1), m.group(2).lower()
        if not end and (hidden_at < 0 or a - hidden_at > HTML_MAX):
            hidden_at, hidden = a, name
        elif end and hidden_at >= 0 and name == hidden:
            if z - hidden_at <= HTML_MAX:
                drops.add(hidden_at, z)
            hidden_at = -1
    if "<!--" in text:
        closes = array("q", (m.start() for m in _COMMENT_CLOSE.finditer(text)))  # 8 bytes each: "-->" may fill a text
        k = 0
        covered = 0
        for m in _COMMENT_OPEN.finditer(text):
            a = m.start()
            if a < covered:
                continue
            while k < len(closes) and closes[k] < a + 4:
                k += 1
            if k == len(closes):
                break
            if closes[k] + 3 - a <= HTML_MAX:
                drops.add(a, closes[k] + 3)
                covered = closes[k] + 3


# --- a text written in capitals ---------------------------------------------------------------------------
#: The fewest ASCII capitals of a text read as written in capitals (a headline in capitals is shorter).
CAPS_MIN = 200
#: A text written in capitals holds at most one lower-case ASCII letter for this many capitals.
CAPS_RATIO = 9
_LOWER = bytes(range(ord("a"), ord("z") + 1))
_NOT_UPPER = bytes(sorted(set(range(256)) - set(range(ord("A"), ord("Z") + 1))))
_CAPS_SAMPLE = 4_096
# A sentence's first letter: at the text's start, after ".", "!" or "?" (closing quotes or brackets after it)
# and whitespace, or after a line break; opening quotes, brackets, Markdown's marks and whitespace may come
# first. The letter is optional and the run before it possessive, so each match takes its run whole and the
# search goes on after it: linear, even in a million line breaks.
_SENTENCE_START = re.compile(r"""(?:[.!?]["')\]]*\s|\n|\A)[\s"'(\[*_#]*+([^\W\d_])?""")
_PRONOUN_I = re.compile(r"(?<![^\W\d_])I(?![^\W\d_])")
_LETTER_AT = operator.methodcaller("start", 1)
_A_LETTER = (-1).__ne__  # a sentence start where a letter came (else _LETTER_AT gives -1)
_MATCH_START = re.Match.start


def _in_capitals(text: str, data: bytes | None = None) -> bool:
    """Whether ``text`` (``data``: its UTF-8, if the caller has it) is written in capitals: at least
    :data:`CAPS_MIN` ASCII capitals, and one lower-case ASCII letter at most for :data:`CAPS_RATIO` of them.
    Counted by deleting translates over the text's first fifth, then 4 KB pieces, which stop once the
    lower-case letters could not be outweighed even if every character left were a capital: the first
    piece decides for a text in mixed case.

    >>> _in_capitals("OFFICIALS SAID THE BRIDGE WOULD OPEN IN MAY. " * 6), _in_capitals("Officials said it. " * 20)
    (True, False)
    """
    n = len(text) if data is None else len(data)
    upper = lower = 0
    a = 0
    z = n // 5 + 64  # the first piece: a fifth of the text decides for a text in mixed case
    while a < n:
        piece = text[a:z].encode("utf-8", "surrogatepass") if data is None else data[a:z]
        rest = piece.translate(None, _LOWER)
        lower += len(piece) - len(rest)
        upper += len(rest.translate(None, _NOT_UPPER))
        if CAPS_RATIO * lower > upper + max(0, n - z):  # even if every character left were a capital
            return False
        a, z = z, z + _CAPS_SAMPLE
    return upper >= CAPS_MIN and CAPS_RATIO * lower <= upper


def written_case(text: str) -> Literal["capitals", "lower"] | None:
    """``"capitals"`` if ``text`` is written in capitals (read in sentence case, :func:`_in_capitals`),
    ``"lower"`` if it holds at least :data:`CAPS_MIN` lower-case ASCII letters and no capital at all (it was
    lower-cased before it came: names, places and months are read from their capitals), else None.

    >>> written_case("OFFICIALS SAID IT. " * 20), written_case("officials said it. " * 20), written_case("Ok. " * 90)
    ('capitals', 'lower', None)
    """
    data = text.encode("utf-8", "surrogatepass")
    if _in_capitals(text, data):
        return "capitals"
    if data.translate(None, _NOT_UPPER) or len(data) - len(data.translate(None, _LOWER)) < CAPS_MIN:
        return None
    return "lower"


def _capitals_kept(text: str) -> np.ndarray:
    """The capitals of a text written in capitals that keep their case: each sentence's first letter and the
    pronoun "I"; every other ASCII capital is read in lower case. A text in capitals (a bulletin, a chain
    message, an old wire) is no shouting in every word: read as written, its function words, word shapes
    and writing patterns are those of no text the model saw, and 600 shared articles in capitals moved by
    -0.23 on average (56 % changed verdict); read in sentence case, by -0.005 (0.04 either way, 8 %: names,
    places and months cannot be told from other words, so the signals that read them find less). The
    capitals of a text in mixed case (a word or a paragraph shouted) are read as written.

    >>> t = 'OFFICIALS SAID. "I THINK SO," HE SAID.\\n(NEW) SOURCES'
    >>> "".join(c if i in set(_capitals_kept(t).tolist()) or not c.isupper() else c.lower() for i, c in enumerate(t))
    'Officials said. "I think so," he said.\\n(New) sources'
    """
    # Gathered without a Python step per match (a crafted text can hold a sentence every two characters,
    # or an "I" every two: 4 bytes a position when the text is shorter than 2**31 characters).
    kept = array("i" if len(text) < 1 << 31 else "q", filter(_A_LETTER, map(_LETTER_AT, _SENTENCE_START.finditer(text))))
    kept.extend(map(_MATCH_START, _PRONOUN_I.finditer(text)))
    at = np.frombuffer(kept, dtype=np.int32 if kept.typecode == "i" else np.int64)
    at.sort()  # in place; a position maybe twice (a sentence's first letter "I"): read as a set
    return at


def read_prefix(text: str, n: int) -> str:
    """The first ``n`` characters of ``text`` as the whole text reads them (:func:`read_text`): read with
    :data:`LOCAL_READING` characters more, as a character's reading looks no further ahead, and cut where
    the ``n``-th character of ``text`` is. For a sample of a long text (the English check).

    >>> read_prefix("reli-\\nable", 6), read_prefix("**Officials** said", 4), read_prefix("abc", 9)
    ('reli', 'Of', 'abc')
    """
    if n >= len(text):
        return read_text(text)
    chunk = text[: n + LOCAL_READING]
    read = read_text(chunk)
    at = read_positions(chunk)
    if at is None:
        return read[:n]
    return read[: int(np.searchsorted(at, n))]


def _changed(text: str, data: bytes) -> bool:
    """Whether :data:`READ_AS`, a character reference or the layout (:func:`_layout`: wrapped lines, hyphen
    breaks, Markdown's marks, web addresses, HTML's markup, a text in capitals) may change ``text`` (``data``:
    its UTF-8); False for most texts at the cost of one flag (ASCII) or one scan of the non-ASCII bytes, one
    search for "&", for a text with line breaks a few ``find`` calls and one search for "-" before one, one
    deleting translate for the marks' bytes, one search for "://" and one for "<", and the count of
    lower-case letters in a fifth of the text (:func:`_in_capitals`)."""
    if len(data) != len(text) and _READ_AS_BYTES.search(data.translate(None, _ASCII)) is not None:
        return True
    if data.translate(None, _NOT_CONTROL):  # an ASCII control character (dropped): one deleting translate
        return True
    if b"&" in data and _REFERENCE.search(text) is not None:
        return True
    if b"\n" in data and _HYPHEN_LINE_END.search(data) is not None and _HYPHEN_BREAK.search(text) is not None:
        return True
    marks = data.translate(None, _NOT_MARKDOWN)  # the marks' bytes alone: which the text holds
    if marks and len(_markdown(text, "".join(c for c in _MARKDOWN_CHARS if ord(c) in marks))):
        return True
    if _ADDRESS_BYTES.search(data) is not None and len(_addresses(text)) > 0:
        return True
    if (b"<" in data and _has_html(text)) or _in_capitals(text, data):
        return True
    return b"\n" in data and len(_wrapped_lines(text)) > 0  # last: a Python step a line


def encode_text(text: str) -> bytes:
    """``text`` in UTF-8, as the matcher and the token steps read it (:data:`READ_AS`): Unicode spaces as
    ASCII whitespace, letters drawn like ASCII ones as them, characters that print as nothing dropped; and
    HTML character references left in the text (``&quot;``, ``&#8217;``) as the characters they stand for.

    ``surrogatepass`` keeps lone surrogates (which occur in scraped text) as
    3-byte sequences instead of failing; offsets still map back exactly
    (:func:`read_positions` for the dropped characters).

    >>> encode_text("Dr.\u00a0Jane\u2009Doe said"), encode_text("Jos\u00e9 Garc\u0131\u0301a"), encode_text("Stra\u00dfe \u20ac5")
    (b'Dr. Jane Doe said', b'Jose Garcia', b'Strase \xe2\x82\xac5')
    >>> encode_text("\u0455\u043eurces \u0455aid"), encode_text("\uff53\uff41\uff49\uff44")  # Cyrillic, fullwidth
    (b'sources said', b'said')
    >>> encode_text("sou\u200brces\u00ad said")  # a zero-width space, a soft hyphen
    b'sources said'
    >>> encode_text("&quot;No,&quot; she said&#46; AT&T; &bogus;")  # references; not "&T;" nor "&bogus;"
    b'"No," she said. AT&T; &bogus;'
    """
    return _encode_read(text)[0]


def _encode_read(text: str) -> tuple[bytes, int]:
    """:func:`encode_text`, and how many characters of ``text`` were dropped."""
    data = text.encode("utf-8", "surrogatepass")
    if not _changed(text, data):
        return data, 0
    read = _read_as(text)
    return read.encode("utf-8", "surrogatepass"), len(text) - len(read)


def read_text(text: str) -> str:
    """``text`` as it is read (see :func:`encode_text`): ``text.translate(READ_AS)`` with each character
    reference read as its character; ``text`` itself when nothing in it is read otherwise. For the few
    steps that read ``str`` (the English check's measurements, content words).

    >>> read_text("sou\u200brces \u0455aid"), read_text("plain"), read_text("&quot;Fish &amp; chips&quot;")
    ('sources said', 'plain', '"Fish & chips"')
    """
    if not _changed(text, text.encode("utf-8", "surrogatepass")):
        return text
    return _read_as(text)


#: Variation selectors (U+FE00-FE0F and their supplement): dropped as :data:`IGNORABLE`, but one after a symbol,
#: an emoji or an ideograph (U+2000 and up) belongs to it ("❗" and U+FE0F are one emoji), so a span that ends
#: on that character takes it along.
SELECTORS: tuple[tuple[int, int], ...] = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_SELECTED_FROM = 0x2000  # selectors vary symbols, emoji and ideographs, which all lie above the alphabets
_COMBINING_RE = re.compile(f"[{chr(COMBINING[0])}-{chr(COMBINING[1])}"
                           + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in SELECTORS) + "]")
_READ_AS_BLOCK = 1 << 20  # characters a block: three 4-byte arrays of it at a time
_DROPPED = np.uint32(0xFFFFFFFF)  # in the table: a character read as nothing


@functools.cache
def _read_as_table() -> np.ndarray:
    """Every code point up to the last of :data:`IGNORABLE` mapped to the one :data:`READ_AS` reads it as
    (itself if none, :data:`_DROPPED` if dropped): 3.6 MB, made on first use."""
    table = np.arange(IGNORABLE[-1][1] + 1, dtype=np.uint32)
    table[np.fromiter(READ_AS, dtype=np.int64)] = [_DROPPED if v is None else ord(v) for v in READ_AS.values()]
    return table


def _blocks(text: str) -> list[tuple[int, int]]:
    """``text`` cut into blocks of about :data:`_READ_AS_BLOCK` characters, none cutting a character reference."""
    cuts = [0]
    while len(text) - cuts[-1] > _READ_AS_BLOCK:
        a = cuts[-1]
        b = a + _READ_AS_BLOCK
        amp = text.rfind("&", max(a, b - _REFERENCE_MAX + 1), b)  # the one reference that may run past b starts here
        m = _REFERENCE.match(text, amp) if amp >= 0 else None
        if m is not None and m.end() > b:
            b = amp if amp > a else m.end()  # before it, or after it if it fills the block
        cuts.append(b)
    return list(zip(cuts, [*cuts[1:], len(text)]))


def _read_codes(text: str, layout: Layout | None = None, at: int = 0) -> np.ndarray:
    """The code points of ``text`` as they are read, :data:`_DROPPED` where a character is dropped: a
    character reference is its character at its "&", the rest of it dropped; then the ``layout`` of the
    whole text (:func:`_layout`; ``text`` is its block from ``at``) a space, a line break or dropped, over
    the references (a web address that holds "&quot;" is dropped whole); then :data:`READ_AS`; then, for a
    text written in capitals, its ASCII capitals in lower case but those the layout keeps."""
    table = _read_as_table()
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    spaces, drops, breaks, kept = layout if layout is not None else (_NO_POSITIONS, Spans(), Spans(), None)
    if "&" in text or len(spaces) or len(drops) or len(breaks):
        cps = cps.copy()
    if "&" in text:
        for m in _REFERENCE.finditer(text):  # a Python step per reference: a few in a text that holds any
            cp = _referenced(m)
            if cp is not None:
                cps[m.start()] = cp
                cps[m.start() + 1 : m.end()] = _DROPPED
    n = len(cps)
    if len(spaces):
        pos = spaces - at
        cps[pos[(pos >= 0) & (pos < n)]] = ord(" ")
    if len(breaks):  # a line break at the first character, the rest dropped (then dropped in a dropped stretch)
        cps[_covered(breaks, at, n)] = _DROPPED
        first = np.frombuffer(breaks.starts, dtype=np.int64) - at
        cps[first[(first >= 0) & (first < n)]] = ord("\n")
    if len(drops):
        cps[_covered(drops, at, n)] = _DROPPED
    out = table[np.minimum(cps, len(table) - 1)]
    beyond = cps >= len(table)  # the rest of the supplementary planes: themselves
    out[beyond] = cps[beyond]  # (and _DROPPED stays dropped)
    if kept is not None:  # a text written in capitals: its ASCII capitals in lower case, but those kept
        lower = (out >= ord("A")) & (out <= ord("Z"))
        # The block's (kept is sorted), searched in kept's own type: else NumPy searches a copy of it.
        lo, hi = np.searchsorted(kept, np.array([at, at + n], dtype=kept.dtype))
        lower[kept[lo:hi] - at] = False
        out[lower] += ord("a") - ord("A")
    return out


def _covered(spans: Spans, at: int, n: int) -> np.ndarray:
    """Which of the ``n`` characters from ``at`` the stretches cover: a count of the stretches over each
    position, read off a running sum."""
    a = np.clip(np.frombuffer(spans.starts, dtype=np.int64) - at, 0, n)
    z = np.clip(np.frombuffer(spans.ends, dtype=np.int64) - at, 0, n)
    return np.cumsum(np.bincount(a, minlength=n + 1) - np.bincount(z, minlength=n + 1))[:n] > 0


def _read_as(text: str) -> str:
    """``text`` as it is read (:func:`read_text`), by a table look-up of code points in blocks: four times
    faster than ``str.translate`` on a Russian text, where a third of the letters are look-alikes.

    >>> _read_as("\u0455\u043eurces \U0001f600\u200b") == "sources \U0001f600"
    True
    """
    parts = []
    layout = _layout(text)
    for a, b in _blocks(text):
        out = _read_codes(text[a:b], layout, a)
        parts.append(out[out != _DROPPED].tobytes().decode("utf-32-le", "surrogatepass"))
    return "".join(parts)


def read_positions(text: str) -> np.ndarray | None:
    """Where each character of ``read_text(text)`` is in ``text``, then ``len(text)``; None when no character
    is dropped (the offsets are the same). A character reference's character is at its "&".

    >>> read_positions("a\u200bbc").tolist(), read_positions("a\u00a0bc") is None
    ([0, 2, 3, 4], True)
    >>> read_positions("&lt;b").tolist()
    [0, 4, 5]
    """
    if not _changed(text, text.encode("utf-8", "surrogatepass")):
        return None
    layout = _layout(text)
    kept = np.concatenate([
        np.flatnonzero(_read_codes(text[a:b], layout, a) != _DROPPED) + a for a, b in _blocks(text)
    ] + [np.array([len(text)], dtype=np.intp)])
    return None if len(kept) == len(text) + 1 else kept


def read_ends(text: str, at: np.ndarray) -> np.ndarray:
    """Where the source of each character of ``read_text(text)`` ends in ``text``, given ``at =
    read_positions(text)``: one past its place and the combining accents and variation selectors that follow
    it (:data:`COMBINING`: "e" and U+0301 are one letter, "é"; :data:`SELECTORS`: "❗" and U+FE0F are one
    emoji), or past its reference's ";". A span of the read text ``[i, j)`` is
    ``[at[i], read_ends(text, at)[j - 1])`` of ``text``: whole references and letters, and not the other
    characters dropped after its last one.

    >>> text = "&lt;b\u200b"
    >>> at = read_positions(text)
    >>> at.tolist(), read_ends(text, at).tolist()
    ([0, 4, 6], [4, 5])
    >>> text = "Jose\u0301 x"  # "José" with a combining accent
    >>> read_ends(text, read_positions(text)).tolist()
    [1, 2, 3, 5, 6, 7]
    >>> text = "Now\u2757\ufe0f x"  # an emoji with its presentation selector
    >>> read_ends(text, read_positions(text)).tolist()
    [1, 2, 3, 5, 6, 7]
    """
    ends = at[:-1] + 1
    if "&" in text:
        refs = np.fromiter(  # no list of tuples: a text can be nothing but references
            itertools.chain.from_iterable(m.span() for m in _REFERENCE.finditer(text) if _referenced(m) is not None),
            dtype=np.intp,
        ).reshape(-1, 2)
        i = np.searchsorted(at[:-1], refs[:, 0])
        read = at[np.minimum(i, len(at) - 1)] == refs[:, 0]  # not a reference read as nothing (&#8203;)
        ends[i[read]] = refs[read, 1]
    if _COMBINING_RE.search(text) is not None:  # after the references: "&amp;" and an accent is one "&"
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        mark = (cps >= COMBINING[0]) & (cps <= COMBINING[1]) & (cps != 0x034F)  # not the grapheme joiner (IGNORABLE)
        # An emoji's or a symbol's presentation selector goes with it ("❗\ufe0f": an audit); after a letter it
        # is only an invisible character put into a word, left out of the span as the others are.
        after_symbol = np.concatenate(([False], cps[:-1] >= _SELECTED_FROM))
        for lo, hi in SELECTORS:
            mark |= (cps >= lo) & (cps <= hi) & after_symbol
        # The first place at or after each that holds no combining accent (len(text) at the end).
        nxt = np.where(mark, len(text), np.arange(len(text)))
        nxt = np.append(np.minimum.accumulate(nxt[::-1])[::-1], len(text))
        ends = nxt[ends]
    return ends


def translation(values: np.ndarray | Sequence[int]) -> bytes:
    """A table for :func:`translate`: byte ``b`` becomes ``values[b]`` (0 past the end of ``values``)."""
    table = np.zeros(256, dtype=np.uint8)
    table[: len(values)] = values
    return table.tobytes()


def translate(data: bytes | np.ndarray, table: bytes, dtype: npt.DTypeLike = np.uint8, *, writable: bool = False) -> np.ndarray:
    """``values[data]``, the table made by :func:`translation` read at every byte of ``data``, as ``dtype``.

    By :meth:`bytes.translate`, which runs at memory speed: about six times
    NumPy's ``values[raw]`` on a 256-entry table. ``data`` is bytes or a
    contiguous uint8 array; the result is read-only unless ``writable``.

    Examples
    --------
    >>> translate(b"abc", translation([0] * 98 + [1])).tolist()
    [0, 1, 0]
    """
    if not isinstance(data, bytes):
        data = np.ascontiguousarray(data, dtype=np.uint8).tobytes()
    out = data.translate(table)
    return np.frombuffer(bytearray(out) if writable else out, dtype=dtype)


def normalise(encoded: bytes) -> bytes:
    """``encoded`` (UTF-8) with curly quotes and apostrophes straight, and an ellipsis as "...".

    Examples
    --------
    >>> normalise("\u201cNo\u2026\u201d".encode())
    b'"No..."'
    """
    if _E2_80 not in encoded:
        return encoded
    if encoded.count(_E2_80) <= _FEW_MARKS:  # one pass, a Python call per mark
        return _NORMALISE_RE.sub(_straight, encoded)
    for curly, straight in _NORMALISE:  # text full of them: six passes at memory speed
        encoded = encoded.replace(curly, straight)
    return encoded


def _straight(m: re.Match[bytes]) -> bytes:
    return _STRAIGHT[m.group()]


# --- character classes ----------------------------------------------------
#: No token: whitespace (``\s``), and the NULs around and between texts.
BREAK = 0
#: A letter: ``[^\W\d_]`` (``str.isalnum`` but not a decimal digit nor "_").
LETTER = 1
#: A decimal digit: ``\d``.
DIGIT = 2
#: The underscore, the one word character that is neither letter nor digit.
UNDERSCORE = 3
#: Any other character (punctuation, symbols, a NUL inside a text).
OTHER = 4
#: ``.``, kept apart because runs of it are one token.
DOT = 5
#: A hyphen or dash: ``-``, U+2013, U+2014, U+2212 (runs of them are one token).
DASH = 6

_LETTER_RE = re.compile(r"[^\W\d_]")
_DIGIT_RE = re.compile(r"\d")
_SPACE_RE = re.compile(r"\s")
_DASHES = frozenset("-\u2013\u2014\u2212")


@functools.lru_cache(maxsize=1 << 16)
def char_class(cp: int) -> int:
    """The class of the character with code point ``cp`` (see the module docstring).

    Examples
    --------
    >>> char_class(ord("é")) == LETTER, char_class(ord("\u0663")) == DIGIT, char_class(0xA0) == BREAK
    (True, True, True)
    """
    c = chr(cp)
    if _LETTER_RE.match(c):
        return LETTER
    if _DIGIT_RE.match(c):
        return DIGIT
    if c == "_":
        return UNDERSCORE
    if _SPACE_RE.match(c):
        return BREAK
    if c == ".":
        return DOT
    if c in _DASHES:
        return DASH
    return OTHER


def code_points(raw: np.ndarray, lead: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The code point (int64) and byte length of the UTF-8 character at each of the ``lead`` bytes of ``raw``.

    Every lead byte must have its continuation bytes, or padding, after it
    (3 bytes are always read).

    Examples
    --------
    >>> cp, size = code_points(np.frombuffer("a\u00e9\u20ac\U0001f600".encode() + bytes(3), np.uint8), np.array([1, 3, 6]))
    >>> [hex(c) for c in cp.tolist()], size.tolist()
    (['0xe9', '0x20ac', '0x1f600'], [2, 3, 4])
    """
    b0 = raw[lead].astype(np.int64)
    b1 = raw[lead + 1].astype(np.int64) & 0x3F
    b2 = raw[lead + 2].astype(np.int64) & 0x3F
    b3 = raw[lead + 3].astype(np.int64) & 0x3F
    size = np.where(b0 < 0xE0, 2, np.where(b0 < 0xF0, 3, 4))
    cp = np.where(
        size == 2,
        ((b0 & 0x1F) << 6) | b1,
        np.where(size == 3, ((b0 & 0x0F) << 12) | (b1 << 6) | b2, ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3),
    )
    return cp, size


class CodePointTable:
    """A property of code points (a small int), computed in Python once per code point per process.

    Any value a UTF-8 lead byte and its continuation bytes can spell is below
    2**21, so the table has a byte for each (2 MB), 255 until the code point is
    first met. A script's characters are then classified once, not once per
    batch; concurrent fills write the same values.

    Examples
    --------
    >>> t = CodePointTable(lambda cp: int(chr(cp).isupper()))
    >>> t.of(np.array([0x41, 0xE9, 0xC9])).tolist()
    [1, 0, 1]
    """

    _UNSEEN = 255

    def __init__(self, compute: Callable[[int], int]) -> None:
        self.compute = compute
        self._table = np.full(1 << 21, self._UNSEEN, dtype=np.uint8)

    def of(self, cp: np.ndarray) -> np.ndarray:
        """The property of each code point of ``cp`` (int64), as uint8."""
        c: np.ndarray = self._table[cp]
        unseen = c == self._UNSEEN
        if unseen.any():
            new = np.unique(cp[unseen])
            self._table[new] = [self.compute(int(x)) for x in new.tolist()]
            c[unseen] = self._table[cp[unseen]]
        return c


_CLASS_OF_CODE_POINT = CodePointTable(char_class)


# Bytes: ASCII by the table; bytes of multi-byte characters are filled in per batch.
_BYTE_CLASS = np.array([char_class(b) for b in range(128)] + [OTHER] * 128, dtype=np.uint8)
_BYTE_CLASS_TABLE = _BYTE_CLASS.tobytes()


#: Bytes of the buffer read per pass in :attr:`ByteBatch.classes` (and so at
#: most this many lead bytes of multi-byte characters classified at once).
_BYTES_PER_PASS = 1 << 20


@dataclass(frozen=True, eq=False)
class ByteBatch:
    """A batch of texts as one normalised UTF-8 buffer (see the module docstring).

    Attributes
    ----------
    texts : sequence of str
        The texts, as given.
    buf : bytes
        The buffer.
    raw : numpy.ndarray of uint8
        ``buf`` as an array (no copy).
    starts : numpy.ndarray of int64, shape (n + 1,)
        Offset of each text's first byte; ``starts[n] - 1`` is the last closing NUL.
    ellipses : numpy.ndarray of int64, shape (n,)
        How many U+2026 each original text holds (each became three bytes).
    dropped : numpy.ndarray of int64, shape (n,)
        How many characters of each text were dropped as printing nothing (:data:`IGNORABLE`): a text
        has ``len(text) - dropped`` characters as read.
    encoded : tuple of bytes
        Each text as :func:`encode_text` gives it, before normalisation: what the matcher scans, so
        :func:`credscore._features.feature_matrix` does not encode the batch twice.
    """

    texts: Sequence[str]
    buf: bytes
    raw: np.ndarray
    starts: np.ndarray
    ellipses: np.ndarray
    dropped: np.ndarray
    encoded: tuple[bytes, ...] = ()

    def __len__(self) -> int:
        return len(self.starts) - 1

    def check_for(self, texts: Sequence[str]) -> None:
        """Raise ``ValueError`` unless this batch was made from ``texts`` (the same texts, in order).

        Examples
        --------
        >>> encode_batch(["a", "b"]).check_for(["a", "c"])
        Traceback (most recent call last):
        ...
        ValueError: the batch was made from other texts than those given (2 texts, first difference at 1)
        """
        if self.texts is texts:
            return
        if len(self.texts) != len(texts):
            raise ValueError(f"the batch holds {len(self.texts)} texts, not {len(texts)}")
        for i, (a, b) in enumerate(zip(self.texts, texts)):
            if a is not b and a != b:
                raise ValueError(
                    f"the batch was made from other texts than those given ({len(texts)} texts, first difference at {i})"
                )

    def doc_text(self, i: int) -> bytes:
        """The normalised bytes of text ``i``."""
        return self.buf[int(self.starts[i]) : int(self.starts[i + 1]) - 1]

    def doc_of(self, positions: np.ndarray) -> np.ndarray:
        """The text index of each of the **sorted** buffer ``positions``."""
        first = np.searchsorted(positions, self.starts)
        return np.repeat(np.arange(len(self)), np.diff(first))

    def words64(self) -> np.ndarray:
        """A read-only view whose element ``i`` is the 8 bytes of ``buf`` from ``i`` (little-endian)."""
        return np.ndarray(shape=(len(self.buf) - 7,), dtype="<u8", buffer=self.buf, offset=0, strides=(1,))

    @functools.cached_property
    def classes(self) -> np.ndarray:
        """The character class of every byte (uint8; see the module docstring)."""
        raw = self.raw
        cls: np.ndarray = translate(self.buf, _BYTE_CLASS_TABLE, writable=True)
        # Lead bytes block by block of the buffer, so that text made of
        # nothing but multi-byte characters needs a bounded few arrays of 8
        # bytes per lead byte (a list of every non-ASCII byte's position would
        # take 8 bytes per byte of a Chinese or Russian text).
        for at in range(0, len(raw), _BYTES_PER_PASS):
            lead = np.flatnonzero(raw[at : at + _BYTES_PER_PASS] >= 0xC0)
            if not len(lead):
                continue
            lead += at
            cp, size = code_points(raw, lead)
            c = _CLASS_OF_CODE_POINT.of(cp)
            cls[lead] = c
            for k in (1, 2, 3):
                more = size > k
                cls[lead[more] + k] = c[more]
        # The NULs around and between texts end every token (a NUL inside a text is OTHER).
        cls[: LEAD] = BREAK
        cls[self.starts[1:] - 1] = BREAK
        cls[int(self.starts[-1]) :] = BREAK
        cls.setflags(write=False)
        return cls


#: Bytes of the joined buffer :func:`_straighten` reads per pass (text full of marks has a position per mark).
_MARK_BYTES_PER_PASS = 1 << 22


def _straighten(buf: bytes, starts: np.ndarray) -> tuple[bytes, np.ndarray, np.ndarray]:
    """:func:`normalise` of every text of the joined ``buf`` (texts from ``starts``, NULs between them):
    the normalised buffer, the texts' new starts, and each text's ellipses.

    No mark crosses the NUL between two texts. A curly quote's three bytes
    become one; an ellipsis is "..." in place. The buffer is read
    :data:`_MARK_BYTES_PER_PASS` bytes at a time (text full of marks has a
    position per mark).
    """
    n = len(starts) - 1
    raw = np.frombuffer(buf, dtype=np.uint8)
    out = raw.copy()
    keep = np.ones(len(raw), dtype=bool)
    quotes = np.zeros(n, dtype=np.int64)
    ellipses = np.zeros(n, dtype=np.int64)
    for lo in range(0, len(raw) - 2, _MARK_BYTES_PER_PASS):
        at = np.flatnonzero(raw[lo : lo + _MARK_BYTES_PER_PASS] == 0xE2)
        at += lo
        at = at[raw[at + 1] == 0x80]
        value = _STRAIGHT_OF[raw[at + 2]]  # the straight byte, 0 for none, 1 for "..."
        doc = np.searchsorted(starts, at, side="right") - 1
        quote = value > 1
        q_at = at[quote]
        out[q_at] = value[quote]
        keep[q_at + 1] = False
        keep[q_at + 2] = False
        quotes += np.bincount(doc[quote], minlength=n)
        e_at = at[value == 1]
        out[e_at] = out[e_at + 1] = out[e_at + 2] = ord(".")
        ellipses += np.bincount(doc[value == 1], minlength=n)
    new_starts = starts.copy()
    new_starts[1:] -= 2 * np.cumsum(quotes)
    return out[keep].tobytes(), new_starts, ellipses


def encode_batch(texts: Sequence[str]) -> ByteBatch:
    """Encode, normalise and concatenate ``texts`` (see :class:`ByteBatch`).

    Examples
    --------
    >>> b = encode_batch(["a\u2026", ""])
    >>> len(b), b.doc_text(0), b.ellipses.tolist()
    (2, b'a...', [1, 0])
    """
    n = len(texts)
    dropped = np.zeros(n, dtype=np.int64)
    encoded = []
    for i, t in enumerate(texts):
        data, k = _encode_read(t)
        encoded.append(data)
        if k:
            dropped[i] = k
    lengths = np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64, count=n)
    buf = b"\x00" * LEAD + b"\x00".join(encoded) + b"\x00" * (TAIL + 1)
    starts = np.full(n + 1, LEAD, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    starts[1:] += LEAD
    ellipses = np.zeros(n, dtype=np.int64)
    if _E2_80 in buf:
        buf, starts, ellipses = _straighten(buf, starts)
    raw = np.frombuffer(buf, dtype=np.uint8)
    return ByteBatch(texts, buf, raw, starts, ellipses, dropped, tuple(encoded))


# --- word lists looked up by their bytes ------------------------------------
#: Tokens looked up in one step by :meth:`Lexicon.ids` (about 4 MB of temporaries).
_TOKENS_PER_PASS = 1 << 17
#: OR-ed into 8 bytes, lowercases every ASCII letter among them (and leaves "'" alone).
LOWERCASE_BITS = np.uint64(0x2020202020202020)
#: ``BYTE_MASKS[k]`` keeps the first ``k`` bytes (little-endian) of an 8-byte word, k = 0..8.
BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
#: The odd constant that mixes bytes 9-16 of a token into its key (see :func:`token_keys`).
KEY_MIX = np.uint64(0x9E3779B97F4A7C15)
MAX_KEY_LEN = 16


def count_in_ranges(mask: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """How many of ``mask`` hold in each ``[start[i], end[i])`` (int64).

    The ranges are sorted and do not overlap (``start[i] <= end[i] <=
    start[i + 1]``), as token or run spans are. One block of
    :data:`_BYTES_PER_PASS` bytes at a time: where the mask is sparse in the
    block, each of its positions is found in its range; elsewhere a running
    count is read at the ranges' ends. The extra memory is 4 bytes per byte of
    one block at most, not of the whole buffer (``np.add.reduceat`` with an
    int64 ``dtype`` would copy all of ``mask`` to int64 first).

    Examples
    --------
    >>> count_in_ranges(np.array([1, 1, 0, 1, 0, 1], dtype=bool), np.array([0, 2]), np.array([2, 6])).tolist()
    [2, 2]
    """
    # int32 or int64 positions alike, without a copy (token spans of a long text are int32).
    start = np.asarray(start)
    end = np.asarray(end)
    if start.dtype.kind not in "iu" or end.dtype.kind not in "iu":
        start, end = start.astype(np.int64), end.astype(np.int64)
    m = len(start)
    out = np.zeros(m, dtype=np.int64)
    if not m:
        return out
    if start[0] < 0 or end[-1] > len(mask) or (end < start).any() or (start[1:] < end[:-1]).any():
        raise ValueError("ranges must be sorted, disjoint and inside the mask")
    for at in range(0, int(end[-1]), _BYTES_PER_PASS):
        stop = at + _BYTES_PER_PASS
        seg = mask[at:stop]
        # The ranges that overlap this block, clipped to it.
        a, b = int(np.searchsorted(end, at, "right")), int(np.searchsorted(start, stop, "left"))
        if a >= b:
            continue
        nnz = int(np.count_nonzero(seg))
        if not nnz:
            continue
        if nnz <= len(seg) // 16:
            pos = np.flatnonzero(seg) + at
            r = np.searchsorted(start[a:b], pos, "right") - 1
            inside = (r >= 0) & (pos < end[a:b][np.maximum(r, 0)])
            out[a:b] += np.bincount(r[inside], minlength=b - a)
        else:
            # A block holds fewer than 2**31 bytes: the running count fits int32.
            prefix = np.zeros(len(seg) + 1, dtype=np.int32)
            np.cumsum(seg, dtype=np.int32, out=prefix[1:])
            lo = start[a:b] - at
            hi = end[a:b] - at
            # Only the first range may start before the block, only the last end after it.
            lo[0] = max(lo[0], 0)
            hi[-1] = min(hi[-1], len(seg))
            out[a:b] += prefix[hi] - prefix[lo]
    return out


#: What :func:`byte_sums` counts: bytes that are 1 (of 0/1 bytes), bytes >= 0x80, or UTF-8 continuation bytes.
ByteCount = Literal["ones", "high", "continuation"]
_ONES = np.uint64(0x0101010101010101)  # a 1 in every byte: multiplying by it sums the bytes into the top one
_TOP_BYTE = np.uint64(56)
_HIGH_SHIFT = np.uint64(7)
_SIX = np.uint64(6)


def bytes_view(data: np.ndarray) -> np.ndarray:
    """Element ``i`` is the 8 bytes of ``data`` (a byte array) from ``i``, like :meth:`ByteBatch.words64`."""
    return np.ndarray(shape=(len(data) - 7,), dtype="<u8", buffer=data.view(np.uint8), offset=0, strides=(1,))


#: Ranges up to this many bytes are summed 8 bytes at a time by :func:`byte_sums`; longer ones by a running count.
_SWAR_BYTES = 32


def _word_sums(words64: np.ndarray, at: np.ndarray, left: np.ndarray, k: int, count: ByteCount) -> np.ndarray:
    """The sums of bytes ``k`` to ``k + 7`` of each range (see :func:`byte_sums`), as uint64."""
    w: np.ndarray = words64[at + k] & BYTE_MASKS[np.minimum(left - k, 8)]
    if count == "high":  # bit 7 of each byte, moved to bit 0
        w >>= _HIGH_SHIFT
        w &= _ONES
    elif count == "continuation":  # bit 7 set and bit 6 clear: 0b10xxxxxx
        w = (w >> _HIGH_SHIFT) & ~(w >> _SIX) & _ONES
    w *= _ONES
    w >>= _TOP_BYTE
    return w


def byte_sums(data: np.ndarray, start: np.ndarray, length: np.ndarray, count: ByteCount = "ones") -> np.ndarray:
    """For each range ``[start, start + length)`` of ``data`` (uint8): how many of its bytes ``count`` (int64).

    ``"ones"``: the sum of its bytes, which are 0 or 1; ``"high"``: its bytes
    >= 0x80; ``"continuation"``: its UTF-8 continuation bytes (0b10xxxxxx). Ranges
    of up to :data:`_SWAR_BYTES` bytes (nearly every word) are read 8 bytes at
    a time: masked to the range, the sum of 8 such bytes is the top byte of
    one multiplication by 0x0101010101010101. Longer ones go to
    :func:`count_in_ranges`, so the cost stays linear in the data whatever
    the longest range (a 10 MB word is one range). Ranges must be sorted and
    disjoint, and end 8 bytes before the end of ``data`` (the batch's padding
    sees to that).

    Examples
    --------
    >>> flags = np.array([0, 1, 1, 0, 1] + [0] * 16, dtype=np.uint8)
    >>> byte_sums(flags, np.array([0, 2, 4]), np.array([5, 1, 0])).tolist()
    [3, 1, 0]
    """
    if len(start) > _TOKENS_PER_PASS:  # a block of ranges at a time: bounded temporaries, one result array
        whole = np.empty(len(start), dtype=np.int64)
        for lo in range(0, len(start), _TOKENS_PER_PASS):
            whole[lo : lo + _TOKENS_PER_PASS] = byte_sums(
                data, start[lo : lo + _TOKENS_PER_PASS], length[lo : lo + _TOKENS_PER_PASS], count)
        return whole
    words64 = bytes_view(data)
    long_ = np.flatnonzero(length > _SWAR_BYTES)
    short = None if not len(long_) else np.flatnonzero(length <= _SWAR_BYTES)  # None: all of them
    at, left = (start, length) if short is None else (start[short], length[short])
    sums = _word_sums(words64, at, left, 0, count)
    sub = np.flatnonzero(left > 8)  # the ranges that go on past their first word
    for k in range(8, _SWAR_BYTES, 8):
        if not len(sub):
            break
        sums[sub] += _word_sums(words64, at[sub], left[sub], k, count)
        sub = sub[left[sub] > k + 8]
    if short is None:
        out: np.ndarray = sums.view(np.int64)
        return out
    out = np.zeros(len(start), dtype=np.int64)
    out[short] = sums.view(np.int64)
    # Over the stretch the long ranges span only: a pass over part of a long
    # text must not read the whole text.
    lo, hi = int(start[long_[0]]), int(start[long_[-1]] + length[long_[-1]])
    out[long_] = count_in_ranges(_counted(data[lo:hi], count), start[long_] - lo, start[long_] + length[long_] - lo)
    return out


def high_bytes_in(raw: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """How many bytes >= 0x80 each of the sorted, disjoint ranges ``[start, end)`` of ``raw`` holds.

    Where such bytes are few against the ranges (English text, once
    normalised, has next to none), from their positions; else
    :func:`byte_sums`, 8 bytes of each range at a time (so ``raw`` needs the
    8 bytes of padding after its last range that a batch's buffer has). The
    same counts either way.

    >>> raw = np.frombuffer("ab caf\u00e9 d".encode() + bytes(8), dtype=np.uint8)
    >>> high_bytes_in(raw, np.array([0, 3, 9]), np.array([2, 8, 10])).tolist()  # by 8-byte words
    [0, 2, 0]
    >>> starts = np.arange(0, 40, 4)
    >>> high_bytes_in(np.frombuffer(b"abc " * 9 + "\u00e9 ".encode() + bytes(8), dtype=np.uint8), starts, starts + 3).tolist()
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    """
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    a, b = int(start[0]), int(end[-1])
    high = raw[a:b] >= 0x80
    if np.count_nonzero(high) * 4 < len(start):
        pos = np.flatnonzero(high)
        pos += a
        r = np.searchsorted(start, pos, side="right") - 1
        r = r[(r >= 0) & (pos < end[np.maximum(r, 0)])]
        return np.bincount(r, minlength=len(start)).astype(np.int64)
    del high
    return byte_sums(raw, start, end - start, "high")


def _counted(data: np.ndarray, count: ByteCount) -> np.ndarray:
    """Which bytes of ``data`` :func:`byte_sums` counts, as a bool mask (for its long ranges)."""
    if count == "ones":
        return data.view(bool)
    mask: np.ndarray = data >= 0x80 if count == "high" else np.right_shift(data, 6) == 2
    return mask


def per_text_totals(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Per text, the sum of ``values[first[i]:first[i + 1]]`` (int64; values in text order).

    By a running total read where each text's values begin: integers, so the
    same sums as any order of adding. ``values`` (int64) is overwritten by its
    running total, so that no second array its size is made.

    Examples
    --------
    >>> per_text_totals(np.array([1, 2, 3, 4]), np.array([0, 0, 3, 4])).tolist()
    [0, 6, 4]
    """
    np.cumsum(values, out=values)
    upto = np.zeros(len(first), dtype=np.int64)
    has = first > 0
    upto[has] = values[first[has] - 1]
    out: np.ndarray = np.diff(upto)
    return out


#: The one character whose lowercase is ASCII ("k"), so the one non-ASCII
#: letter a word list of ASCII words can match through (tests/test_language.py
#: checks that over all of Unicode).
KELVIN_SIGN = "\u212a"


def word_key(word: str) -> int:
    """The lookup key of an ASCII word (lowercased): what :func:`token_keys` computes from bytes."""
    if len(word) > MAX_KEY_LEN:
        raise ValueError(f"word {word!r} is longer than {MAX_KEY_LEN} letters")
    b = word.encode("ascii").lower() + b"\x00" * 16
    lo = int.from_bytes(b[:8], "little") & int(BYTE_MASKS[min(len(word), 8)])
    if len(word) <= 8:
        return lo
    hi = int.from_bytes(b[8:16], "little") & int(BYTE_MASKS[len(word) - 8])
    return lo ^ ((hi * int(KEY_MIX)) & ((1 << 64) - 1))


def token_keys(words64: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The lowercased keys (uint64) of ASCII tokens at ``start`` of ``length`` bytes.

    The first 8 bytes read as one little-endian integer, OR 0x20 in every byte
    (which lowercases ASCII letters and leaves ``'`` alone), masked to the
    length; bytes 9-16 are mixed in with a multiplication by an odd constant,
    so that two tokens of the same length share a key only if they are equal.
    Bytes past the 16th are ignored (tokens that long are in no word list).
    A block of :data:`_TOKENS_PER_PASS` tokens at a time (bounded temporaries).
    """
    if len(start) > _TOKENS_PER_PASS:
        whole = np.empty(len(start), dtype=np.uint64)
        for lo in range(0, len(start), _TOKENS_PER_PASS):
            whole[lo : lo + _TOKENS_PER_PASS] = token_keys(
                words64, start[lo : lo + _TOKENS_PER_PASS], length[lo : lo + _TOKENS_PER_PASS])
        return whole
    keys: np.ndarray = words64[start]
    keys |= LOWERCASE_BITS
    keys &= BYTE_MASKS[np.minimum(length, 8)]
    longer = np.flatnonzero(length > 8)
    if len(longer):
        tail = (words64[start[longer] + 8] | LOWERCASE_BITS) & BYTE_MASKS[np.minimum(length[longer] - 8, 8)]
        keys[longer] ^= tail * KEY_MIX
    return keys


def _collision_free_multiplier(keys: np.ndarray, bits: int, tries: int = 4096) -> int | None:
    """An odd 64-bit multiplier ``a`` for which ``(keys * a) >> (64 - bits)`` are all distinct, or None.

    Multipliers are tried in a fixed order (odd multiples of the golden-ratio
    constant), so a word list always gets the same table.
    """
    shift = np.uint64(64 - bits)
    for i in range(tries):
        a = np.uint64(((2 * i + 1) * int(KEY_MIX)) & ((1 << 64) - 1) | 1)
        slots = (keys * a) >> shift
        if len(np.unique(slots)) == len(keys):
            return int(a)
    return None


class Lexicon:
    """A fixed list of lowercase ASCII words, looked up by token bytes, exactly.

    A token is a word of the list when it has the same length and the same key
    (:func:`token_keys`); for tokens of at most :data:`MAX_KEY_LEN` bytes that
    means the same letters, case aside (two keys of the same length differ when
    the bytes do). The keys sit in a collision-free table, ``slot = (key * a) >>
    (64 - bits)``, so a lookup is a multiplication, a shift and two comparisons
    per token.

    Examples
    --------
    >>> lex = Lexicon(("the", "significantly"))
    >>> b = encode_batch(["The SIGNIFICANTLY theme"])
    >>> start = np.array([8, 12, 26]); length = np.array([3, 13, 5])
    >>> lex.lookup(b.words64(), start, length).tolist()
    [0, 1, -1]
    """

    def __init__(self, words: Sequence[str]) -> None:
        keys = np.array([word_key(w) for w in words], dtype=np.uint64)
        if len(set(keys.tolist())) != len(words):
            raise ValueError("a lexicon's words must be distinct (case aside)")
        self.words = tuple(words)
        # Multiply-shift hashing into 2**bits slots, 64 times the words or
        # more, with a multiplier that puts every word in a slot of its own:
        # a multiplication and a shift per token (a modulo costs three times
        # as much).
        bits = max(4, len(words).bit_length() + 6)
        while (a := _collision_free_multiplier(keys, bits)) is None:  # pragma: no cover - never for our lists
            bits += 1
        self._mul = np.uint64(a)
        self._shift = np.uint64(64 - bits)
        slot = ((keys * self._mul) >> self._shift).astype(np.intp)
        self._key = np.zeros(1 << bits, dtype=np.uint64)
        self._len = np.full(1 << bits, -1, dtype=np.int64)  # -1: an empty slot matches no token
        self._id = np.full(1 << bits, -1, dtype=np.int64)
        self._key[slot] = keys
        self._len[slot] = [len(w) for w in words]
        self._id[slot] = np.arange(len(words))

    def __len__(self) -> int:
        return len(self.words)

    @property
    def tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.uint64, np.uint64]:
        """The lookup table, for a compiled loop (:mod:`credscore._kernels`): each slot's key, length and word index
        (-1 for an empty slot), the multiplier and the shift. A token's slot is ``(key * multiplier) >> shift``."""
        return self._key, self._len, self._id, self._mul, self._shift

    def ids(self, keys: np.ndarray, length: np.ndarray, dtype: npt.DTypeLike = np.int64) -> np.ndarray:
        """The index of the word each token is (its key and byte length), or -1, as ``dtype``.

        A block of :data:`_TOKENS_PER_PASS` tokens at a time, so that the
        temporaries stay bounded however many tokens there are.
        """
        out = np.empty(len(keys), dtype=dtype)
        for lo in range(0, len(keys), _TOKENS_PER_PASS):
            k = keys[lo : lo + _TOKENS_PER_PASS]
            slot = ((k * self._mul) >> self._shift).astype(np.intp)
            hit = (self._key[slot] == k) & (self._len[slot] == length[lo : lo + _TOKENS_PER_PASS])
            out[lo : lo + len(k)] = np.where(hit, self._id[slot], -1)
        return out

    def lookup(self, words64: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
        """For ASCII tokens at ``start`` of ``length`` bytes: the index of the word each is, or -1."""
        return self.ids(token_keys(words64, start, length), length)
