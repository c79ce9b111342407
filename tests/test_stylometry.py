"""Stylometric columns: exact values on small texts, batch independence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
    [("Don\u2019t go.", "don't"), ("don't go.", "don't"), ("It's fine.", "it's"), ("YOU said", "you"),
     ("\u2018The end,\u2019 it said", "the"), ("'The end,' it said", "the"), ("it\u2018s", "it's")],
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
    assert per[_col(PUNCTUATION, "quote")] == pytest.approx(2)
    assert per[_col(PUNCTUATION, "dash")] == pytest.approx(1)
    assert per[_col(PUNCTUATION, "hyphen")] == pytest.approx(0)
    assert per[_col(PUNCTUATION, "question")] == pytest.approx(1)
    assert per[_col(PUNCTUATION, "period")] == pytest.approx(1)
    values = dict(zip(SHAPE_FEATURES, shape[0]))
    assert values["all_caps_words"] == pytest.approx(2 / 7)  # WOW, NOW
    assert values["words_per_sentence"] == pytest.approx(7 / 3)
    assert dict(zip(SUFFIXES, morph[0]))["ly"] == pytest.approx(1 / 7)  # Really


def test_empty_batch_and_empty_text() -> None:
    n, fw, punct, shape, morph = stylometry([])
    assert n.shape == (0,) and fw.shape == (0, len(FUNCTION_WORDS))
    assert punct.shape == (0, len(PUNCTUATION)) and shape.shape == (0, len(SHAPE_FEATURES)) and morph.shape == (0, len(SUFFIXES))
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


def test_typographic_marks_by_position() -> None:
    # quote: " \u201c \u201d \u201e; apostrophe: ' \u2018 \u2019; dash: \u2014, spaced \u2013,
    # spaced lone "-", a run of "-" (once); hyphen: other "-" and unspaced \u2013.
    text = 'A "b" \u201cc\u201d \u201ed\u201d it\u2019s \u2018e\u2019 don\'t. x\u2014y x \u2013 y x - y x--y x---y well-known 1990\u20132000 -5'
    n, fw, punct, _, _ = stylometry([text])
    per = dict(zip(PUNCTUATION, punct[0] * (len(text) - 3) / 1000))  # "--" and "---" count as one character
    assert per["quote"] == pytest.approx(6)
    assert per["apostrophe"] == pytest.approx(4)
    assert per["dash"] == pytest.approx(5)
    assert per["hyphen"] == pytest.approx(3)
    assert per["ellipsis"] == 0.0
    # tokens: A b c d it's e don't, five "x y", well known (quotes are not word bytes)
    assert n.tolist() == [19]
    assert fw[0, _col(FUNCTION_WORDS, "it's")] == pytest.approx(100 / 19)
    assert fw[0, _col(FUNCTION_WORDS, "don't")] == pytest.approx(100 / 19)


def test_an_ellipsis_is_one_mark_however_it_is_typed() -> None:
    # "\u2026", "..." and "...." are one ellipsis character each, and not periods.
    text = "Wait\u2026 what... no.... Yes. U.S. 3.5"
    _, _, punct, _, _ = stylometry([text])
    per = dict(zip(PUNCTUATION, punct[0] * (len(text) - 2 - 3) / 1000))
    assert per["ellipsis"] == pytest.approx(3)
    assert per["period"] == pytest.approx(4)  # "Yes." "U." "S." "3.5"


def _ascii(s: str) -> str:
    """What ASCII-folding scrapers do: straight quotes, spaced dashes as " - ", "\u2014" as "--", "\u2013" as "-",
    "\u2026" as "..."."""
    import re

    for curly, straight in (("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u2018", "'"), ("\u2019", "'")):
        s = s.replace(curly, straight)
    s = re.sub(r"[ \t]*[\u2014\u2013][ \t]+|[ \t]+[\u2014\u2013][ \t]*", " - ", s)
    return s.replace("\u2014", "--").replace("\u2013", "-").replace("\u2026", "...")


def _smart(s: str) -> str:
    """What "smart quotes" do: curly quotes opening after whitespace, closing otherwise; " - " as " \u2013 ",
    "..." as "\u2026"."""
    import re

    s = re.sub(r'(^|[\s(\[{])"', lambda m: m.group(1) + "\u201c", s).replace('"', "\u201d")
    s = re.sub(r"(^|[\s(\[{])'", lambda m: m.group(1) + "\u2018", s).replace("'", "\u2019")
    return s.replace(" - ", " \u2013 ").replace("...", "\u2026")


_TYPOGRAPHY = [
    'He said "I don\'t know - maybe." Then\u2014quietly\u2014he left. It\'s the U.S. ... "Really?" he asked.',
    "\u201cWe won,\u201d she said \u2014 twice. The 1990\u20132000 period -- a well-known era -- ended. \u2018Yes,\u2019 it\u2019s 5.",
    "'Quoted.' Next sentence! A \u201cbig\u201d \u2013 no, HUGE \u2013 deal; costs $1,200 (3.5%). Won\u2019t stop\u2026",
]


@pytest.mark.parametrize("transform", [_ascii, _smart, lambda s: _smart(_ascii(s))])
def test_typography_does_not_change_the_row(transform: object) -> None:
    # Every column: tokens, function words, punctuation, shape and suffixes.
    before = stylometry(_TYPOGRAPHY)
    after = stylometry([transform(t) for t in _TYPOGRAPHY])  # type: ignore[operator]
    assert [transform(t) for t in _TYPOGRAPHY] != _TYPOGRAPHY  # type: ignore[operator]
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)


def test_row_sums_add_each_row_from_the_left_whatever_the_batch() -> None:
    # The reference: 0.0 + a[:, 0] + a[:, 1] + ..., one column at a time.
    from credscore._stylometry import row_sums

    rng = np.random.default_rng(7)
    a = rng.normal(size=(257, 613)) * 10.0 ** rng.integers(-8, 8, size=(257, 613))
    a[3] = -0.0  # a row of negative zeros sums to +0.0, as 0.0 + -0.0 does
    ref = np.zeros(a.shape[0])
    for j in range(a.shape[1]):
        ref += a[:, j]
    got = row_sums(a)
    assert np.array_equal(got, ref) and not np.signbit(got[3])
    # Alone or in any batch, a row gets the same bits.
    assert all(row_sums(a[i : i + 1])[0] == ref[i] for i in range(0, 257, 16))
    assert np.array_equal(row_sums(a[5:200]), ref[5:200])
    assert row_sums(np.zeros((4, 0))).tolist() == [0.0] * 4


def test_words_of_one_length_have_no_spread() -> None:
    # the variance is floored at 0 (rounding can make it a hair negative), not raised
    _, _, _, shape, _ = stylometry(["cat dog man sat ran", "a bb a bb"])
    values = [dict(zip(SHAPE_FEATURES, row)) for row in shape]
    assert values[0]["word_length_sd"] == 0.0 and values[0]["mean_word_length"] == 3.0
    assert values[1]["word_length_sd"] == pytest.approx(0.5)


def test_an_apostrophe_between_capitals_is_inside_the_word() -> None:
    n, fw, _, _, _ = stylometry(["DON'T stop", "O'BRIEN'S 'QUOTE' X'"])
    assert n.tolist() == [2, 3]  # DON'T stop / O'BRIEN'S QUOTE X
    assert fw[0, FUNCTION_WORDS.index("don't")] == pytest.approx(50.0)


def test_an_en_dash_between_other_marks_is_a_hyphen() -> None:
    # spaced (whitespace on either side) it is a dash; between brackets or quotes, as between digits, a hyphen
    for text, dash, hyphen in [("(a)\u2013(b)", 0, 1), ('"x"\u2013"y"', 0, 1), ("a \u2013b", 1, 0), ("1\u20132", 0, 1)]:
        _, _, punct, _, _ = stylometry([text])
        per = dict(zip(PUNCTUATION, punct[0] * len(text) / 1000))
        assert (per["dash"], per["hyphen"]) == (pytest.approx(dash), pytest.approx(hyphen)), text


# --- whitespace as a reader sees it -------------------------------------------------------------------
def _extra_whitespace_oracle(text: str) -> int:
    """Whitespace characters beyond one for each run between two words, counted on the text itself."""
    data = text.encode()
    words = data.split()
    return sum(c in b" \t\r\n" for c in data) - max(len(words) - 1, 0)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.text(st.sampled_from("ab \n\r\t"), max_size=30), min_size=1, max_size=6),
       block=st.sampled_from([1, 2, 3, 7, 1 << 20]))
def test_extra_whitespace_is_counted_per_text_in_any_block_size(texts: list[str], block: int) -> None:
    from credscore import _stylometry
    from credscore._tokens import encode_batch, translate

    batch = encode_batch(texts)
    cls = translate(batch.buf, _stylometry._CLASS_TABLE, writable=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_stylometry, "_WHITESPACE_BYTES_PER_PASS", block)
        got = _stylometry._extra_whitespace(batch, cls)
    assert got.tolist() == [_extra_whitespace_oracle(t) for t in texts]


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t + "\n",
        lambda t: t + "   \n\n",
        lambda t: "\n\n  " + t,
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace(". ", ".  "),
        lambda t: t.replace("\n", "\n    "),
    ],
    ids=["trailing newline", "trailing blank lines", "leading whitespace", "CRLF", "double spaces", "indented"],
)
def test_whitespace_a_reader_does_not_see_leaves_the_score(edit: Callable[[str], str]) -> None:
    """An audit of session 26: a trailing newline moved every shared article's score (the rates per
    character counted every whitespace character), CRLF line ends 172 of 304."""
    import credscore

    text = (Path(__file__).parent / "fixtures" / "well_sourced.txt").read_text(encoding="utf-8").strip()
    edited = edit(text)
    assert edited != text
    assert credscore.score(edited) == credscore.score(text)
    assert credscore.score_many([edited, text]).tolist() == [credscore.score(text)] * 2
