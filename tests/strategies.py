"""Hypothesis strategies shared by the property tests (all strategies live here).

The texts mix phrases that fire signals with the Unicode that breaks naive
offset handling: lone surrogates (scraped text has them), NUL, right-to-left
marks, emoji (4 UTF-8 bytes), combining accents, CRLF, "İ" (whose lowercase
is two characters long) and precomposed "café". If any step computed offsets
on transformed text, spans next to these would come out shifted.
"""

from __future__ import annotations

import os
import re

from hypothesis import strategies as st

#: Phrases that fire (or nearly fire) signals, so that generated texts
#: actually produce evidence next to awkward characters.
TRIGGERS: tuple[str, ...] = (
    "sources said",
    "Sources said",
    "allegedly",
    "reportedly",
    "said John Smith, a professor at Yale",
    "Epidemiologist Marc Lipsitch said",
    "\u201cWe won,\u201d said Maria Lopez.",
    '"We will rebuild," Mayor Bill de Blasio said.',
    "John Smith said: \u201cThe numbers are in.\u201d",
    "The ministry denied the reports as baseless.",
    "declined to comment",
    "did not respond to a request for comment",
    "could not be reached",
    "4.5 percent",
    "$3.2 billion",
    "\u00a340 and \u20ac2.5",
    "120 people",
    "on March 3, 2020",
    "WAKE UP NOW!!!",
    "You won\u2019t believe",
    "the deep state",
    "Share this before it gets deleted!",
    "WASHINGTON (Reuters) - ",
    "insiders",
    "according to unverified reports",
)

#: Characters and sequences that stress byte/character offset mapping.
AWKWARD: tuple[str, ...] = (
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
    "\x00",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\U0001f600",  # emoji, 4 bytes in UTF-8
    "\U0001f469\u200d\U0001f52c",  # ZWJ sequence
    "e\u0301",  # combining acute accent
    "caf\u00e9",
    "\u0130",  # "İ": lowercases to two characters
    "\u0130stanbul",
    "\r\n",
    "\n",
    "\u00a0",  # no-break space
    "\u2019",  # curly apostrophe
    "\u201c",
    "\u201d",
    "\ufb01",  # "fi" ligature
    "\u00df",  # sharp s: uppercases to "SS"
    # Read otherwise (credscore._tokens.READ_AS): dropped, or one character for another.
    "\u0455\u043eurces \u0455aid",  # "sources said" with Cyrillic look-alikes
    "s\u200bources\u00ad said",  # a zero-width space and a soft hyphen inside the words
    "\U000e0041",  # a tag character
    "\u2800",  # the braille blank: a space
    "\uff53\uff41\uff49\uff44",  # fullwidth "said"
    "\u2018quoted,\u2019 said",  # British quotes
    "\u201e",  # German opening quote
    "\u0131",  # dotless i
    "&quot;Sources said&quot; it&#8217;s &amp; so&#x2019;",  # HTML character references, read as their characters
    "&nbsp;&#8203;&bogus;&#146;",  # a space, a zero-width space, a name that is none, Windows-1252's apostrophe
)

#: Any code point, surrogates included (Hypothesis leaves them out by default).
any_char = st.characters(exclude_categories=[])

unicode_text = st.text(any_char, max_size=40)

_piece = st.one_of(
    st.sampled_from(TRIGGERS),
    st.sampled_from(AWKWARD),
    unicode_text,
    st.sampled_from((" ", " ", ", ", ". ", "\n", "")),
)

#: A text that mixes trigger phrases, awkward characters and arbitrary Unicode.
mixed_text = st.lists(_piece, max_size=12).map("".join)

#: Titles: short mixed texts, or no title at all.
titles = st.one_of(st.none(), st.lists(_piece, max_size=4).map("".join))

#: A small batch of documents.
documents = st.lists(mixed_text, max_size=8)

#: Whitespace runs of every kind Hyperscan's ``\\s`` matches, single and repeated.
SPACE_RUNS: tuple[str, ...] = (" ", " ", "  ", "\t", "\n", " \n ", "\r\n", "\x0b", "\x0c", " \t\t ", "\n\n", "\u00a0 ")


@st.composite
def spaced_text(draw: st.DrawFn) -> str:
    """A :data:`mixed_text`-like text whose spaces, in trigger phrases too, are random whitespace runs."""
    pieces = draw(st.lists(_piece, max_size=10))
    out = []
    for piece in pieces:
        words = piece.split(" ")
        out.append(words[0])
        for word in words[1:]:
            out.append(draw(st.sampled_from(SPACE_RUNS)) + word)
        out.append(draw(st.sampled_from(("", *SPACE_RUNS))))
    return "".join(out)


_PROSE = (
    "the", "council", "said", "on", "Monday", "that", "reliable", "sources", "said", "Jane", "Doe,", "a",
    "professor", "at", "Yale", "University.", "allegedly", "\u201cwe", "will\u201d", "according", "to",
    "reports,", "4.5", "percent", "Covid-19", "well-known", "\u00e9t\u00e9", "x" * 40, "https://example.org/" + "a" * 150,
)


@st.composite
def wrapped_text(draw: st.DrawFn) -> str:
    """Prose as a mail program or a PDF's text leaves it: paragraphs wrapped at a random width (some words
    broken by a hyphen, as typesetting does), lines ended by "\\n" or "\\r\\n", paragraphs apart by a blank
    line, a bare line break or an indent; sometimes a trigger phrase or an awkward character in a line."""
    width = draw(st.integers(20, 160))
    eol = draw(st.sampled_from(("\n", "\r\n")))
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.one_of(st.sampled_from(_PROSE), st.sampled_from(TRIGGERS), st.sampled_from(AWKWARD)),
                              min_size=1, max_size=40))
        lines: list[str] = []
        line = ""
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                cut = draw(st.integers(0, len(word) - 1))
                if word.isalpha() and word.islower() and 2 <= cut and draw(st.booleans()):
                    lines.append(f"{line} {word[:cut]}-")  # hyphenated at the line's end
                    line = word[cut:]
                    continue
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line + draw(st.sampled_from(("", " ", "  "))))
        paragraphs.append(eol.join(lines))
    out = paragraphs[0]
    for para in paragraphs[1:]:
        out += draw(st.sampled_from((eol + eol, eol, eol + "  "))) + para
    return out


_MARKDOWN = (
    "**", "*", "_", "__", "***", "[the report](https://example.org/a_b_c)", "![a chart](c.png)", "[sic]", "(b)",
    "# ", "## ", "####### ", "* ", "+ ", "- ", "f**k", "snake_case", " * ", "\n", "\r\n", "   ", "\t", "5",
    "[x](y", "](z)", "#tag", "https://www.cdc.gov/a_b/2019-ncov.html", "(ftp://x.org/f).", "a://", "3://x",
    "visit.http://x", "://",
)


#: Text as a page converted to Markdown or a chat assistant writes it: emphasis, links, headings and list
#: items among prose, trigger phrases and awkward characters.
markdown_text = st.lists(
    st.one_of(st.sampled_from(_MARKDOWN), st.sampled_from(_PROSE), st.sampled_from(TRIGGERS), st.sampled_from(AWKWARD)),
    max_size=24,
).map(lambda pieces: "".join(p if p.isspace() or p in _MARKDOWN else p + " " for p in pieces))


_HTML = (
    "<p>", "</p>", "<br>", "<br/>", "<BR />", "<div class=\"story\">", "</div>", "<b>", "</b>", "<STRONG>", "<em>", "</em>",
    '<a href="https://example.org/a_b?x=1&amp;y=2">', "</a>", '<img src="chart.png" alt="a chart">', "<li>", "<h2>",
    "<!-- ad -->", "<!--", "-->", "<script>", "</script>", "<style>p {}</style>", "<!DOCTYPE html>", "<blockquote>", "<noscript>", "</noscript>",
    "<sarcasm>", "<jane@x.org>", "a < b", "x <b and y>", "<p", "<>", "</ p>", "<span\n>", "<\n", "&lt;p&gt;", "&amp;",
    "\n", " ", "**", "_",
)


#: Text as a page's HTML keeps it: block and inline tags, comments, scripts and declarations among prose,
#: trigger phrases and awkward characters, and "<" that is no markup.
html_text = st.lists(
    st.one_of(st.sampled_from(_HTML), st.sampled_from(_PROSE), st.sampled_from(TRIGGERS), st.sampled_from(AWKWARD)),
    max_size=24,
).map(lambda pieces: "".join(p if p.isspace() or p in _HTML else p + " " for p in pieces))


#: A prefix made only of characters that are not ASCII word characters or
#: whitespace, so it cannot join or break a match in the text that follows.
non_ascii_prefix = st.text(
    st.sampled_from(("\u00e9", "\U0001f600", "\u200f", "\ud800", "\u0130", "\u0301", "\u4e2d", "\u05e9")),
    min_size=1,
    max_size=10,
)


def budget(n: int) -> int:
    """``max_examples`` for a property: ``n``, times ``$HYPOTHESIS_SCALE`` (default 1)."""
    return max(1, int(n * float(os.environ.get("HYPOTHESIS_SCALE", "1"))))


def all_matches(regex: bytes, data: bytes) -> set[tuple[int, int]]:
    """Every (start, end) over which ``regex`` matches in ``data``, by Python's ``re``, one span at a time.

    Not Hyperscan: its block scan misses some matches of such patterns
    ("ab*[ab]" finds no "ab" at offset 15 or more of "xx...xab", this
    build), which would make the comparison test Hyperscan rather than the
    analysis. ``fullmatch(data, s, e)`` sees the byte before ``s`` (for
    ``\\b``); the pattern is followed by one more byte so that a final ``\\b``
    sees the byte after ``e``.
    """
    rx = re.compile(regex, re.IGNORECASE)
    more = re.compile(b"(?:" + regex + b")(?s:.)", re.IGNORECASE)
    n = len(data)
    return {
        (s, e)
        for s in range(n)
        for e in range(s + 1, n + 1)
        if (more.fullmatch(data, s, e + 1) if e < n else rx.fullmatch(data, s, e))
    }


#: Text written in capitals (or nearly): sentences, quotes, brackets, line breaks, Markdown's marks and a few
#: lower-case letters among capitals, long enough (CAPS_MIN capitals) to be read in sentence case or not.
caps_text = st.lists(
    st.sampled_from((
        "OFFICIALS SAID", "THE BRIDGE", "I", "I'M", "IT", "WILL", ". ", "! ", "? ", '." ', ".) ", "\n", "\n\n", " ", "  ",
        '"', "(", "[", "**", "_", "# ", "1", "9.5", "mRNA", "a", "JOSÉ", "\u0130", "\u00c9T\u00c9", "\u0410\u0412", "\u00a0",
        "...", ".5", "'", "E.U.", "THE U.S.", "sources said", "DR. SMITH",
    )),
    min_size=40,
    max_size=140,
).map(lambda pieces: " ".join(pieces))
