"""The public API: score, score_many, explain, train, model round trips, sklearn.

The shipped model is retrained often, so no test here pins a score value:
they assert relations (well-sourced beats rumour-style) and invariants.
"""

from __future__ import annotations

import inspect
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from span_oracle import check_span

import credscore
from credscore._api import EMPTY_SCORE

FIXTURES = Path(__file__).parent / "fixtures"
WELL = (FIXTURES / "well_sourced.txt").read_text(encoding="utf-8")
RUMOR = (FIXTURES / "rumor_style.txt").read_text(encoding="utf-8")
RUMOR_TITLE, _, RUMOR_BODY = RUMOR.partition("\n\n")

SHORT_TEXTS = [
    "Sources said the mayor allegedly took bribes. He denied it.",
    "The council voted 7-2 on Monday to approve the budget, minutes show.",
    "\u201cWe will rebuild,\u201d said Maria Lopez, a professor at Yale. Caf\u00e9 \u0130stanbul \U0001f600",
    "SHOCKING!!! You won\u2019t believe what they are hiding. Share this now!",
]


def _signal_names(ex: credscore.Explanation) -> set[str]:
    return {s.name for s in ex.signals}


# --- the two fixtures -------------------------------------------------------------
def test_well_sourced_scores_clearly_higher_than_rumor_style() -> None:
    well, rumor = credscore.score(WELL), credscore.score(RUMOR)
    assert 0.0 <= rumor < well <= 1.0
    assert well - rumor >= 0.3


def test_headline_passed_as_title_keeps_the_ordering() -> None:
    assert credscore.score(WELL, "Utility to replace 4,200 lead lines by 2025") - credscore.score(
        RUMOR_BODY, RUMOR_TITLE
    ) >= 0.3


def test_rumor_explanation_shows_its_red_flags() -> None:
    ex = credscore.explain(RUMOR)
    names = _signal_names(ex)
    assert {"anonymous_sourcing", "unverified_claim", "official_denial"} <= names
    assert "named_expert" not in names
    assert ex.risk in ("high", "medium")
    assert not ex.notes


def test_well_sourced_explanation_shows_named_experts() -> None:
    ex = credscore.explain(WELL)
    assert "named_expert" in _signal_names(ex)
    assert ex.risk in ("low", "medium")
    assert not ex.notes


def test_explanation_adds_up_to_the_score() -> None:
    ex = credscore.explain(RUMOR_BODY, RUMOR_TITLE)
    assert ex.score == credscore.score(RUMOR_BODY, RUMOR_TITLE)
    logit = ex.baseline + sum(s.contribution for s in ex.signals) + sum(ex.style.values())
    assert 1.0 / (1.0 + np.exp(-logit)) == pytest.approx(ex.score, rel=1e-9, abs=1e-12)
    # Strongest contribution first, and the evidence accessor is in text order.
    contributions = [abs(s.contribution) for s in ex.signals]
    assert contributions == sorted(contributions, reverse=True)
    assert any(e.field == "title" for e in ex.evidence)
    for e in ex.evidence:
        source = RUMOR_TITLE if e.field == "title" else RUMOR_BODY
        assert source[e.start : e.end] == e.text


def test_explanation_to_dict_is_json_serialisable() -> None:
    for text, title in [(WELL, None), (RUMOR_BODY, RUMOR_TITLE), ("", None), (SHORT_TEXTS[2], "\u0130 \ud800")]:
        ex = credscore.explain(text, title)
        d = ex.to_dict()
        # allow_nan=False: NaN or infinity would not be valid JSON.
        again = json.loads(json.dumps(d, allow_nan=False))
        assert again["score"] == ex.score
        assert again["risk"] == ex.risk
        assert [s["name"] for s in again["signals"]] == [s.name for s in ex.signals]
        assert set(d) >= {"score", "risk", "signals", "style", "baseline", "words", "notes"}


# --- wrong types and values ----------------------------------------------------------
@pytest.mark.parametrize(
    ("bad", "pattern"),
    [
        (None, r"text must be str, got NoneType"),
        (b"Sources said so.", r"text must be str, got bytes .*decode"),
        (42, r"text must be str, got int 42"),
        (["a", "b"], r"text must be str, got list .*score_many"),
    ],
)
def test_score_rejects_non_str_naming_what_came(bad: Any, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        credscore.score(bad)
    with pytest.raises(TypeError, match=pattern):
        credscore.explain(bad)


def test_score_rejects_a_bad_title_or_model() -> None:
    with pytest.raises(TypeError, match=r"title must be str or None, got int"):
        credscore.score("text", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"model must be a CredibilityModel or None, got str"):
        credscore.score("text", model="model.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "pattern"),
    [
        ("Sources said so.", r"iterable of texts, got a single str; wrap it in a list"),
        (b"Sources said so.", r"iterable of texts, got a single bytes"),
        (7, r"iterable of texts, got int 7"),
        ({"text": "a"}, r"iterable of texts, got dict"),
    ],
)
def test_score_many_rejects_a_single_text_or_non_iterable(bad: Any, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        credscore.score_many(bad)


def test_score_many_names_the_bad_item_with_its_global_index() -> None:
    docs: list[Any] = ["ok"] * 5 + [b"bytes"]
    with pytest.raises(TypeError, match=r"texts\[5\] must be str, got bytes"):
        credscore.score_many(docs, batch_size=2)
    with pytest.raises(ValueError, match=r"texts\[1\] is a mapping without a 'text' key"):
        credscore.score_many(["ok", {"body": "x"}])


@pytest.mark.parametrize(
    ("n_titles", "pattern"),
    [(1, r"titles ran out"), (3, r"titles has more items than texts"), (0, r"titles ran out")],
)
def test_score_many_titles_length_mismatch(n_titles: int, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        credscore.score_many(["a", "b"], titles=["t"] * n_titles)


def test_score_many_extra_none_title_is_a_mismatch() -> None:
    # The surplus title is None itself, which must still count as a surplus.
    with pytest.raises(ValueError, match=r"titles has more items than texts"):
        credscore.score_many(["a"], titles=[None, None])


@pytest.mark.parametrize(("kwargs", "error", "pattern"), [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"n_jobs": 0}, ValueError, "n_jobs"),
    ({"batch_size": True}, TypeError, "batch_size"),  # a bool is not a batch size: the wrong type
])
def test_score_many_rejects_bad_options(kwargs: dict[str, Any], error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        credscore.score_many(["a"], **kwargs)


def test_score_many_does_not_mutate_its_input_and_accepts_empty() -> None:
    docs = list(SHORT_TEXTS)
    credscore.score_many(docs)
    assert docs == SHORT_TEXTS
    empty = credscore.score_many([])
    assert empty.shape == (0,) and empty.dtype == np.float64


# --- empty and short texts -----------------------------------------------------------------
@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n"])
def test_empty_text_scores_exactly_neutral(text: str) -> None:
    assert credscore.score(text) == EMPTY_SCORE == 0.5
    assert credscore.score(text, "SHOCKING!!! You won\u2019t believe it") == 0.5
    assert credscore.score_many([text, WELL])[0] == 0.5
    ex = credscore.explain(text)
    assert ex.score == 0.5
    assert ex.risk == "unknown"
    assert any("nothing to judge" in n for n in ex.notes)


def test_short_text_is_flagged_as_too_little_to_judge() -> None:
    ex = credscore.explain("Sources said the mayor allegedly took bribes.")
    assert ex.risk == "unknown"
    assert any("too little text" in n for n in ex.notes)
    assert ex.score == credscore.score("Sources said the mayor allegedly took bribes.")


_ASCII_FOLD = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2014": "--", "\u2013": "-", "\u2026": "..."}
)


@pytest.mark.parametrize("name", ["well_sourced.txt", "rumor_style.txt"])
def test_score_does_not_depend_on_quote_and_dash_typography(name: str) -> None:
    # Straight or curly quotes and dashes come from a publisher's CMS or a
    # scraper, not from the writing: the score must not move with them.
    curly = (
        "\u201cWe won\u2019t resign,\u201d said John Smith, a professor at Yale University \u2014 "
        "and the ministry \u2018denied\u2019 it\u2026 It\u2019s over \u2013 for now, 1990\u20132000.\n\n"
    ) + (FIXTURES / name).read_text(encoding="utf-8")
    folded = curly.translate(_ASCII_FOLD)
    assert folded != curly
    assert credscore.score(folded) == pytest.approx(credscore.score(curly), abs=1e-12)


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u202f", "\u3000", "\u2003"])
def test_whitespace_beyond_ascii_reads_as_a_space(space: str) -> None:
    # A no-break space (from &nbsp; in a web page) or a thin space between words is typography too:
    # the same signals, spans and score as with plain spaces. It used to hide the sourcing signals
    # ("Dr.\u00a0James Patel" was no expert).
    plain = (FIXTURES / "well_sourced.txt").read_text(encoding="utf-8")
    spaced = plain.replace(" ", space)
    assert credscore.score(spaced) == credscore.score(plain)
    got, want = credscore.explain(spaced), credscore.explain(plain)
    assert [(e.signal, e.start, e.end) for e in got.evidence] == [(e.signal, e.start, e.end) for e in want.evidence]
    assert "named_expert" in {s.name for s in got.signals}
    assert all(e.text == spaced[e.start : e.end] for e in got.evidence)  # shown as written
    assert any(space in e.text for e in got.evidence)
    for e in got.evidence:
        check_span(spaced, e)  # each a match of its own pattern, the spaces read as the engine reads them


@pytest.mark.parametrize(
    "mark",
    # The six first dropped, then what an audit found still hiding signals: direction marks and embeddings,
    # invisible operators, the Mongolian vowel separator, the combining grapheme joiner, a variation
    # selector, Khmer vowel inherents, the Hangul filler, a tag character.
    list("\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u2061\u2064\u180e\u034f\ufe0f\u17b4\u3164")
    + ["\U000e0020"],
)
def test_characters_that_print_as_nothing_change_nothing(mark: str) -> None:
    # A zero-width space or a soft hyphen inside or between words reads the same to a person; put there
    # by a page or by someone evading the patterns ("sources\u200b said"), it must not move the score.
    plain = (FIXTURES / "well_sourced.txt").read_text(encoding="utf-8")
    title = "Health officials say new study backs vaccine safety"
    words = plain.split(" ")
    marked = " ".join(w[:2] + mark + w[2:] if len(w) > 3 else w + mark for w in words)  # in every word
    assert credscore.score(marked, title.replace(" ", mark + " ")) == credscore.score(plain, title)
    assert credscore.score_many([marked])[0] == credscore.score(plain)
    got, want = credscore.explain(marked), credscore.explain(plain)
    assert got.score == want.score and [s.name for s in got.signals] == [s.name for s in want.signals]
    assert [(e.signal, e.text.replace(mark, "")) for e in got.evidence] == [(e.signal, e.text) for e in want.evidence]
    for e in got.evidence:  # placed in the text as given, the marks inside shown
        assert marked[e.start : e.end] == e.text and e.text[0] != mark and e.text[-1] != mark
        check_span(marked, e)


def _math_bold(c: str) -> str:
    if "a" <= c <= "z":
        return chr(0x1D41A + ord(c) - ord("a"))
    if "A" <= c <= "Z":
        return chr(0x1D400 + ord(c) - ord("A"))
    return chr(0x1D7CE + ord(c) - ord("0")) if "0" <= c <= "9" else c


LOOKALIKE_SPELLINGS = {
    "cyrillic": str.maketrans("acdehijlopqswxyABCEHIJKMOPQSTWXY", "асԁеһіјӏорԛѕԝхуАВСЕНІЈКМОРԚЅТԜХҮ"),
    "greek": str.maketrans("oivpaukABEZHIKMNOPTYX", "οινραυκΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"),
    "fullwidth": {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F)},
    "math_bold": {ord(c): _math_bold(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"},
}


@pytest.mark.parametrize("spelling", sorted(LOOKALIKE_SPELLINGS))
@pytest.mark.parametrize("where", ["everywhere", "in the evidence"])
def test_letters_drawn_like_ascii_ones_change_nothing(spelling: str, where: str) -> None:
    # Cyrillic "ѕоurсеѕ ѕаіԁ", fullwidth "ｓｏｕｒｃｅｓ" or mathematical bold "𝐬𝐨𝐮𝐫𝐜𝐞𝐬" read the same to a
    # person. Put in the evidence, they used to hide it (the rumour fixture went from 0.04 to 0.22,
    # the well-sourced one from 0.94 to 0.79); spelled that way throughout, the text was "not English".
    table = LOOKALIKE_SPELLINGS[spelling]
    for name in ("well_sourced.txt", "rumor_style.txt"):
        plain = (FIXTURES / name).read_text(encoding="utf-8")
        want = credscore.explain(plain)
        if where == "everywhere":
            disguised = plain.translate(table)
        else:
            chars = list(plain)
            for e in want.evidence:
                chars[e.start : e.end] = [c.translate(table) for c in chars[e.start : e.end]]
            disguised = "".join(chars)
        assert disguised != plain
        got = credscore.explain(disguised)
        assert got.score == want.score and got.risk == want.risk
        assert credscore.score_many([disguised])[0] == want.score
        assert [(e.signal, e.start, e.end) for e in got.evidence] == [(e.signal, e.start, e.end) for e in want.evidence]
        for e in got.evidence:  # shown as written
            assert e.text == disguised[e.start : e.end]
            check_span(disguised, e)


def test_line_and_paragraph_separators_read_as_line_feeds() -> None:
    plain = (FIXTURES / "well_sourced.txt").read_text(encoding="utf-8")
    assert "\n" in plain
    for sep in ("\u2028", "\u2029", "\x85"):
        assert credscore.score(plain.replace("\n", sep)) == credscore.score(plain)


# --- determinism and threads ------------------------------------------------------------
def test_scoring_is_deterministic() -> None:
    first = [credscore.score(t) for t in SHORT_TEXTS + [WELL, RUMOR]]
    second = [credscore.score(t) for t in SHORT_TEXTS + [WELL, RUMOR]]
    assert first == second
    assert credscore.explain(RUMOR).to_dict() == credscore.explain(RUMOR).to_dict()


def test_concurrent_threads_agree_with_serial() -> None:
    texts = (SHORT_TEXTS + [WELL, RUMOR]) * 6
    serial = [credscore.score(t) for t in texts]
    serial_ex = [credscore.explain(t).to_dict() for t in texts[:8]]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(credscore.score, texts))
        threaded_ex = [e.to_dict() for e in pool.map(credscore.explain, texts[:8])]
        threaded_many = list(pool.map(lambda chunk: credscore.score_many(chunk).tolist(), [texts] * 8))
    assert threaded == serial
    assert threaded_ex == serial_ex
    assert all(m == serial for m in threaded_many)


# --- training ---------------------------------------------------------------------------------
TRAIN_TEXTS = [WELL, RUMOR, SHORT_TEXTS[1], SHORT_TEXTS[3]] * 5
TRAIN_LABELS = [1, 0, 1, 0] * 5


@pytest.fixture(scope="module")
def small_model() -> credscore.CredibilityModel:
    return credscore.train(TRAIN_TEXTS, TRAIN_LABELS)


def test_train_learns_the_direction(small_model: credscore.CredibilityModel) -> None:
    assert small_model.score(WELL) > small_model.score(RUMOR)
    assert list(small_model.feature_names) == credscore.FeatureExtractor().feature_names()
    assert small_model.metadata["credscore_version"] == credscore.__version__


@pytest.mark.parametrize(
    ("texts", "labels", "error", "pattern"),
    [
        (TRAIN_TEXTS, [1] * len(TRAIN_TEXTS), ValueError, r"both classes .*only contain \[1\]"),
        (TRAIN_TEXTS, TRAIN_LABELS[:-1], ValueError, r"one entry per text: got 19 labels for 20 texts"),
        (TRAIN_TEXTS, ["yes", "no"] * 10, TypeError, r"labels\[0\] must be 0 or 1, got str 'yes'"),
        (TRAIN_TEXTS, [None] * 20, TypeError, r"labels\[0\] must be 0 or 1, got NoneType"),
        (TRAIN_TEXTS, [2, 0] * 10, ValueError, r"labels\[0\] must be 0 or 1, got 2"),
        (TRAIN_TEXTS, "1010", TypeError, r"got a single string"),
        ([], [], ValueError, r"texts is empty"),
        (["", "  "] + TRAIN_TEXTS[2:], TRAIN_LABELS, ValueError, r"empty or whitespace-only, first at index 0"),
        ("one text", [1], TypeError, r"got a single str"),
        ([b"bytes"] + TRAIN_TEXTS[1:], TRAIN_LABELS, TypeError, r"texts\[0\] must be str, got bytes"),
    ],
)
def test_train_rejects_bad_data_clearly(texts: Any, labels: Any, error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        credscore.train(texts, labels)


def test_train_rejects_bad_options() -> None:
    with pytest.raises(ValueError, match=r"C must be a positive number, got -1"):
        credscore.train(TRAIN_TEXTS, TRAIN_LABELS, C=-1)
    with pytest.raises(ValueError, match=r"groups must have one entry per text"):
        credscore.train(TRAIN_TEXTS, TRAIN_LABELS, groups=["a"])


def test_model_save_and_load_round_trip(tmp_path: Path, small_model: credscore.CredibilityModel) -> None:
    for model in (small_model, credscore.default_model()):
        path = tmp_path / "model.json"
        model.save(path)
        loaded = credscore.load_model(path)
        for text in SHORT_TEXTS + [WELL, RUMOR]:
            assert loaded.score(text) == model.score(text)
        assert loaded.to_dict() == model.to_dict()
        assert not list(tmp_path.glob("*.tmp")), "save() must not leave its temporary file behind"


def test_model_methods_match_module_functions(small_model: credscore.CredibilityModel) -> None:
    assert small_model.score_many([WELL, RUMOR]).tolist() == [small_model.score(WELL), small_model.score(RUMOR)]
    assert small_model.explain(WELL).score == small_model.score(WELL)
    assert credscore.score(WELL, model=small_model) == small_model.score(WELL)


# --- scikit-learn -------------------------------------------------------------------------------
def test_feature_extractor_in_a_pipeline_and_cross_validation() -> None:
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = make_pipeline(credscore.FeatureExtractor(), StandardScaler(), LogisticRegression(max_iter=1000))
    pipe.fit(TRAIN_TEXTS, TRAIN_LABELS)
    pred = pipe.predict([WELL, RUMOR])
    assert pred.tolist() == [1, 0]
    proba = pipe.predict_proba([{"text": WELL, "title": None}])
    assert proba.shape == (1, 2)
    scores = cross_val_score(clone(pipe), TRAIN_TEXTS, TRAIN_LABELS, cv=4)
    # The same folds by hand: a stateless extractor makes cloning and refitting
    # in cross_val_score give exactly these accuracies.
    from sklearn.model_selection import StratifiedKFold

    by_hand = []
    for train, test in StratifiedKFold(4).split(TRAIN_TEXTS, TRAIN_LABELS):
        fold = clone(pipe).fit([TRAIN_TEXTS[i] for i in train], [TRAIN_LABELS[i] for i in train])
        by_hand.append(fold.score([TRAIN_TEXTS[i] for i in test], [TRAIN_LABELS[i] for i in test]))
    assert scores.tolist() == by_hand


def test_feature_extractor_api() -> None:
    fx = credscore.FeatureExtractor()
    assert fx.fit(SHORT_TEXTS) is fx
    X = fx.transform(SHORT_TEXTS)
    names = fx.get_feature_names_out()
    assert X.shape == (len(SHORT_TEXTS), len(names)) and X.dtype == np.float64
    assert len(set(names.tolist())) == len(names)
    assert np.all(np.isfinite(X))
    with pytest.raises(TypeError, match=r"single str"):
        fx.transform("one text")


# --- public namespace --------------------------------------------------------------------------
def test_all_is_sorted_and_every_name_is_public_and_documented() -> None:
    names = credscore.__all__
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    objects = {name: getattr(credscore, name) for name in names}  # importable from the root
    documented = [o for o in objects.values() if inspect.isclass(o) or inspect.isroutine(o)]
    all_docs = " ".join(o.__doc__ or "" for o in documented)
    for name, obj in objects.items():
        if name == "__version__":
            assert isinstance(obj, str) and obj
        elif obj in documented:
            assert (obj.__doc__ or "").strip(), f"{name} has no docstring"
            if inspect.isfunction(obj):
                assert "Examples" in obj.__doc__, f"public function {name} needs an Examples section"
        else:
            # A data constant's own __doc__ is its type's (tuple, dict); it is
            # documented where the API that uses it refers to it.
            assert f":data:`credscore.{name}`" in all_docs or f":data:`{name}`" in all_docs, (
                f"constant {name} is not documented in any public docstring"
            )


def test_reading_the_text_keeps_the_text_itself_when_nothing_is_read_otherwise() -> None:
    from credscore._tokens import read_positions, read_text

    for text in ("plain ASCII", "\u20ac5 \u201cquoted\u201d \u2122", ""):  # nothing to read otherwise: the same object, no map
        assert read_text(text) is text and read_positions(text) is None
    assert read_positions("caf\u00e9\u00a0ok") is None  # an accent and a space read otherwise: one character for one
    assert read_text("caf\u00e9\u00a0ok") == "cafe ok"
    marked = "caf\u00e9\u200b ok\u00ad"
    assert read_text(marked) == "cafe ok"
    assert read_positions(marked).tolist() == [0, 1, 2, 3, 5, 6, 7, 9]
