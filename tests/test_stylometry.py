"""Stylometric columns: exact values on small texts, batch independence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore._stylometry import FUNCTION_WORDS, PUNCTUATION, SHAPE_FEATURES, SUFFIXES, stylometry


def _col(names: object, name: str) -> int:
    return list(names).index(name)  # type: ignore[call-overload]


def test_function_word_rates_are_per_100_tokens() -> None:
    n, fw, _, _, _ = stylometry(["The cat sat on THE mat", "Nevertheless, significantly."])
    assert n.tolist() == [6, 2]
    assert fw[0, _col(FUNCTION_WORDS, "the")] == pytest.approx(100 * 2 / 6)
    assert fw[0, _col(FUNCTION_WORDS, "on")] == pytest.approx(100 / 6)
    # long connectives (> 8 letters) use the second half of the key
    assert fw[1, _col(FUNCTION_WORDS, "nevertheless")] == pytest.approx(50.0)
    assert fw[1, _col(FUNCTION_WORDS, "significantly")] == pytest.approx(50.0)
    assert fw[1].sum() == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("text", "word"),
    [("Don\u2019t go.", "don't"), ("don't go.", "don't"), ("It's fine.", "it's"), ("YOU said", "you")],
)
def test_contractions_and_case(text: str, word: str) -> None:
    _, fw, _, _, _ = stylometry([text])
    assert fw[0, _col(FUNCTION_WORDS, word)] > 0


def test_prefixes_of_function_words_do_not_match() -> None:
    _, fw, _, _, _ = stylometry(["thee therein thereby theme whatsoever"])
    assert fw.sum() == 0.0


def test_punctuation_and_shape_values() -> None:
    text = "He said \u201chi\u201d \u2014 ok. Really? WOW NOW!"
    _, _, punct, shape, morph = stylometry([text])
    per = punct[0] * len(text) / 1000
    assert per[_col(PUNCTUATION, "left_curly_quote")] == pytest.approx(1)
    assert per[_col(PUNCTUATION, "em_dash")] == pytest.approx(1)
    assert per[_col(PUNCTUATION, "question")] == pytest.approx(1)
    assert per[_col(PUNCTUATION, "period")] == pytest.approx(1)
    values = dict(zip(SHAPE_FEATURES, shape[0]))
    assert values["all_caps_words"] == pytest.approx(2 / 7)  # WOW, NOW
    assert values["words_per_sentence"] == pytest.approx(7 / 3)
    assert dict(zip(SUFFIXES, morph[0]))["ly"] == pytest.approx(1 / 7)  # Really


def test_empty_batch_and_empty_text() -> None:
    n, fw, punct, shape, morph = stylometry([])
    assert n.shape == (0,) and fw.shape == (0, len(FUNCTION_WORDS))
    n, fw, punct, shape, morph = stylometry(["", "   "])
    assert n.tolist() == [0, 0] and not fw.any() and not punct.any() and not morph.any()
    assert shape.shape == (2, len(SHAPE_FEATURES)) and np.isfinite(shape).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=6))
def test_rows_do_not_depend_on_the_rest_of_the_batch(texts: list[str]) -> None:
    together = stylometry(texts)
    for i, t in enumerate(texts):
        alone = stylometry([t])
        for a, b in zip(together, alone):
            np.testing.assert_array_equal(np.asarray(a)[i], np.asarray(b)[0])


def test_sentence_and_number_shape_columns() -> None:
    text = 'The council voted 7-2 on Monday, minutes show. "We won," she said. And so it goes! Is it 1,200 or 3.5? But I think you know.'
    _, _, _, shape, _ = stylometry([text])
    v = dict(zip(SHAPE_FEATURES, shape[0]))
    assert v["quoting_sentences"] == pytest.approx(1 / 5)
    assert v["question_sentences"] == pytest.approx(1 / 5)
    assert v["exclamation_sentences"] == pytest.approx(1 / 5)
    assert v["conjunction_starts"] == pytest.approx(2 / 5)  # And, But
    assert v["midsentence_capitals"] == pytest.approx(2 / 23)  # Monday, I
    assert v["numbers"] == pytest.approx(100 * 4 / 23)  # 7, 2, 1,200, 3.5
    assert v["thousands_separators"] == pytest.approx(1 / 4)
    assert v["decimal_numbers"] == pytest.approx(1 / 4)
    assert v["first_person_singular"] == pytest.approx(100 / 23)
