"""The writing-pattern n-grams: distortion, keys, vocabulary and TF-IDF weighting."""

from __future__ import annotations

import numpy as np
import pytest

from credscore._ngrams import (
    BASE_TOKENS,
    NgramVocabulary,
    analyse,
    distorted_ids,
    distorted_tokens,
    key_of,
    ngram_keys,
    readable,
    term_of,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sources said", ["Xx", "said"]),  # "Sources" is a content word: its shape only
        ("sources said", ["x", "said"]),
        ("The NATO chief", ["the", "XX", "x"]),
        ("In 2020, 1,200 people", ["in", "#", ",", "#", "x"]),
        ("3.5% of them", ["#", "%", "of", "them"]),
        ("wait... what?!", ["x", "...", "what", "?", "!"]),
        ("don't", ["don't"]),
        ("Zoë Müller", ["Xx", "Xx"]),  # letters of any script are words
        ("a — b -- c", ["a", "-", "x", "-", "x"]),
        ("© 2024", ["<sym>", "#"]),
        ("\u00a35 and \u20ac3 or \u20b94", ["$", "#", "and", "$", "#", "or", "$", "#"]),  # currencies: "$"
        ("", []),
    ],
)
def test_distortion(text: str, expected: list[str]) -> None:
    assert distorted_tokens(text) == expected


def test_typography_does_not_change_the_stream() -> None:
    straight = 'He said "it\'s over" - and left...'
    curly = "He said \u201cit\u2019s over\u201d \u2014 and left\u2026"
    assert distorted_tokens(straight) == distorted_tokens(curly)


def test_the_tense_of_the_speech_verb_does_not_change_the_stream() -> None:
    # "says" is read as "said" (FOLDED_WORDS): a house style, not a mark of care.
    past = "Judge Cole said the man had lied, the court heard. He said nothing."
    present = "Judge Cole says the man had lied, the court heard. He SAYS nothing."
    assert distorted_tokens(present) == distorted_tokens(past)
    assert distorted_tokens("Zoë says") == ["Xx", "said"]
    assert "says" not in {BASE_TOKENS[i - 1] for i in distorted_ids(present)}


def test_topic_words_do_not_change_the_stream() -> None:
    a = "The senator said the vaccine was tested on 300 patients in Ohio."
    b = "The plumber said the bridge was painted on 17 windows in Paris."
    assert distorted_tokens(a) == distorted_tokens(b)


def test_keys_round_trip_and_are_distinct_across_lengths() -> None:
    for term in ("said", "said Xx", "said Xx ,", ", a x", "#num %", "<sym>"):
        assert term_of(key_of(term)) == term
    keys = ngram_keys(np.array([5, 5, 5]))
    # 3 unigrams, 2 bigrams, 1 trigram, three different keys
    assert len(keys) == 6 and len(set(keys.tolist())) == 3


@pytest.mark.parametrize("bad", ["", "said  Xx", "a b c d", "unknownword"])
def test_key_of_rejects_bad_terms(bad: str) -> None:
    with pytest.raises(ValueError):
        key_of(bad)


def test_readable() -> None:
    assert readable("said Xx , a x at") == "said Name , a * at"
    assert readable("#num % XX") == "# % CAPS"


def test_counts_match_a_direct_count() -> None:
    text = "He said it. He said it again, and he said so."
    counts, words = analyse([text])
    keys, cnt = counts[0]
    toks = distorted_tokens(text)
    assert words[0] == sum(t.isalpha() or t == "x" or "'" in t for t in toks)
    grams = [" ".join(toks[i : i + n]) for n in (1, 2, 3) for i in range(len(toks) - n + 1)]
    expected: dict[str, int] = {}
    for g in grams:
        expected[g] = expected.get(g, 0) + 1
    got = {term_of(int(k)).replace("#num", "#"): int(c) for k, c in zip(keys, cnt)}
    assert got == expected


def test_tfidf_equals_scikit_learn() -> None:
    """An independent oracle: scikit-learn's TfidfVectorizer on the same token streams."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [
        "The mayor said the plan was approved on Monday, officials said.",
        "YOU won't believe this!!! They are hiding it from you, folks!",
        "According to the report, 45% of voters said they would stay home.",
        "The mayor said, according to officials, that nothing was approved.",
    ]
    streams = [[BASE_TOKENS[i - 1] for i in distorted_ids(d)] for d in docs]
    vec = TfidfVectorizer(
        tokenizer=lambda d: d, preprocessor=lambda d: d, token_pattern=None, lowercase=False,
        ngram_range=(1, 3), min_df=2, sublinear_tf=True,
    )
    ref = vec.fit_transform(streams).toarray()
    counts, _ = analyse(docs)
    vocab = NgramVocabulary.fit(counts, min_df=2)
    ours = vocab.matrix(counts).toarray()
    # Same vocabulary, then the same numbers column by column.
    ref_terms = vec.get_feature_names_out().tolist()
    our_terms = vocab.terms
    assert sorted(ref_terms) == sorted(our_terms)
    order = [ref_terms.index(t) for t in our_terms]
    np.testing.assert_allclose(ours, ref[:, order], rtol=1e-12, atol=1e-12)


def test_vocabulary_min_df_and_logits() -> None:
    counts, _ = analyse(["a b c", "a b d", "a e f"])
    vocab = NgramVocabulary.fit(counts, min_df=2)
    # b, c, d, e, f are all the shape "x"; "x x" and "a x x" are in all three documents
    assert sorted(vocab.terms) == ["a", "a x", "a x x", "x", "x x"]
    w = vocab.with_coef(np.array([1.0, 2.0, 3.0, -1.0, 0.5]))
    rows = w.matrix(counts).toarray()
    np.testing.assert_allclose(w.logits(counts), rows @ w.coef, rtol=1e-12)


def test_vocabulary_rejects_bad_arrays() -> None:
    with pytest.raises(ValueError, match="shape"):
        NgramVocabulary(np.array([1, 2]), np.array([1.0]), np.array([0.0, 0.0]))
    with pytest.raises(ValueError, match="distinct"):
        NgramVocabulary(np.array([2, 2]), np.ones(2), np.zeros(2))
    with pytest.raises(ValueError, match="NaN"):
        NgramVocabulary(np.array([1]), np.array([np.nan]), np.zeros(1))
