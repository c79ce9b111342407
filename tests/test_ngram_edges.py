"""Writing-pattern tokens around non-ASCII bytes that are not letters, against
the per-text reference tokenizer (tests/ngram_oracle.py, via test_token_parity).

A non-ASCII byte between tokens (a no-break space, a curly quote, a dash) must
not mark the word before it as a non-ASCII word, and a text whose only token
is followed by one must not read past its last token.
"""

from __future__ import annotations

import pytest
from test_token_parity import _assert_same

CASES = [
    "word\u00a0",
    "\u00a0word",
    "a\u00a0b",
    "caf\u00e9\u00a0",
    "one\u2019",
    "x\u2014y",
    "Hello\u201d",
    "\u201cHi\u201d",
    "end.\u00a0",
    "1\u00a0200",
    "word \u00e9",
    "\u00e9",
    "word\u00a0\u00a0\u00a0word",
]


@pytest.mark.parametrize("text", CASES, ids=range(len(CASES)))
def test_non_ascii_between_tokens_matches_the_reference(text: str) -> None:
    _assert_same([text])


def test_the_cases_together_match_the_reference() -> None:
    _assert_same(CASES + CASES[::-1])


MORE = [
    "wait.. what",  # two dots are an ellipsis token, like three
    "wait. what",
    "a,5 and 5,a and 1,200",  # a separator joins a number only between digits
    "x.1 and 1.x and 3.5",
    "\U0001d400bc",  # a 4-byte letter (MATHEMATICAL BOLD CAPITAL A)
    "\U00020000 x",  # a 4-byte CJK letter
    "x\U0001f600y \U0001f600",  # a 4-byte symbol between letters
    "\U0001d41a\U0001d41b and \u00e9\U0001d41c",
]


@pytest.mark.parametrize("text", MORE, ids=range(len(MORE)))
def test_dots_separators_and_four_byte_characters_match_the_reference(text: str) -> None:
    _assert_same([text])
