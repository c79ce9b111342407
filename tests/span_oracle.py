"""An oracle for evidence spans that does not reuse the engine's offsets.

``text[e.start:e.end] == e.text`` cannot fail: the engine slices ``e.text``
with the same offsets. Here the span is checked against the *pattern* that
reported it, compiled by Python :mod:`re` on its own: the characters at
``[e.start, e.end)`` must be a match of that pattern. A wrong byte-to-character
map (or any shifted offset) puts other characters there, which, outside
degenerate cases, are no match.
"""

from __future__ import annotations

import functools
import re

import numpy as np
from reading_oracle import reference_read

from credscore import CATALOGUE, Evidence

_PATTERNS = {(s.name, p.name): p.regex for s in CATALOGUE for p in s.patterns}


@functools.cache
def _compiled(signal: str, pattern: str, then_one_more: bool) -> re.Pattern[str]:
    # ASCII: the engine matches UTF-8 bytes, so \b, \s, \w and case folding
    # are ASCII there; MULTILINE: so is ^ (datelines).
    rx = _PATTERNS[signal, pattern]
    if then_one_more:
        rx = f"(?:{rx})(?s:.)"
    return re.compile(rx, re.IGNORECASE | re.ASCII | re.MULTILINE)


def check_span(text: str, e: Evidence) -> None:
    """Assert that ``e`` marks a match of its own pattern in ``text``.

    ``fullmatch(text, start, stop)`` sees the characters before ``start`` (for
    ``\b`` and ``^``) but none from ``stop`` on; so that a final ``\b`` sees
    the character after the span, the pattern is followed by one more
    character of any kind, and the match must end right after it.
    """
    assert 0 <= e.start < e.end <= len(text), e
    window = text[e.start : e.end]
    # The engine reads whitespace beyond ASCII's as ASCII whitespace and letters drawn like ASCII ones as
    # them, one character for one, and the text without the characters that print as nothing; a span
    # that holds one shows it.
    # An HTML character reference is read as its character, and a span holds it whole.
    seen, starts, ends = reference_read(text)  # the reference reading, a character at a time
    start, end = int(np.searchsorted(starts, e.start)), int(np.searchsorted(ends, e.end)) + 1
    assert starts[start] == e.start and ends[end - 1] == e.end, e  # the span starts and ends on read characters
    more = end < len(seen)
    assert _compiled(e.signal, e.pattern, more).fullmatch(seen, start, end + more), (
        f"{e.signal}/{e.pattern} reported [{e.start}, {e.end}) = {window!r}, which its pattern does not match"
    )
    assert e.text == window, e
