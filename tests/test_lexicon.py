"""Lexicon: exact lookup of ASCII tokens by their bytes, whatever the hash table does."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore._tokens import Lexicon, encode_batch

_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz'"), min_size=1, max_size=16)


def _lookup(lex: Lexicon, tokens: list[str]) -> list[int]:
    b = encode_batch([" ".join(tokens)])
    start = [int(b.starts[0])]
    for t in tokens[:-1]:
        start.append(start[-1] + len(t) + 1)
    return lex.lookup(b.words64(), np.array(start, dtype=np.int64), np.array([len(t) for t in tokens])).tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=300, unique=True), st.lists(_WORD, min_size=1, max_size=40), st.randoms())
def test_lookup_is_a_dictionary_lookup_case_aside(words: list[str], others: list[str], rnd: object) -> None:
    lex = Lexicon(words)
    index = {w: i for i, w in enumerate(words)}
    # every word in some mix of cases, and tokens that may or may not be words
    tokens = [w.upper() if i % 3 == 0 else w.title() if i % 3 == 1 else w for i, w in enumerate(words + others)]
    assert _lookup(lex, tokens) == [index.get(t.lower(), -1) for t in tokens]


def test_words_that_differ_only_past_eight_letters_or_in_length() -> None:
    words = ["significant", "significantly", "significance", "signif", "s", "ss", "sss"]
    lex = Lexicon(words)
    tokens = ["SIGNIFICANTLY", "significance", "Significant", "signi", "sig", "S", "ssss", "significants"]
    assert _lookup(lex, tokens) == [1, 2, 0, -1, -1, 4, -1, -1]


def test_a_large_list_still_gets_a_table_of_its_own() -> None:
    rng = np.random.default_rng(0)
    words = sorted({"".join(rng.choice(list("abcdefghij"), size=int(rng.integers(3, 12)))) for _ in range(3000)})
    lex = Lexicon(words)
    assert _lookup(lex, words) == list(range(len(words)))


def test_duplicate_words_case_aside_are_refused() -> None:
    with pytest.raises(ValueError, match="distinct"):
        Lexicon(["the", "THE"])


def test_a_key_with_another_length_is_not_the_word() -> None:
    # Keys of tokens longer than 8 bytes are hashed, so two lengths could share
    # a key: the length is compared too.
    from credscore._tokens import word_key

    lex = Lexicon(["significantly", "the"])
    keys = np.array([word_key("significantly"), word_key("significantly"), word_key("the")], dtype=np.uint64)
    assert lex.ids(keys, np.array([13, 14, 3])).tolist() == [0, -1, 1]
