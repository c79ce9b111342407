"""Unit tests of the feature columns with values worked out by hand.

None of these needs the shared corpora or the shipped model: each checks one
documented formula of :mod:`credscore._features` on a text whose word count
and signal counts are known by construction.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import credscore
from credscore._api import default_matcher
from credscore._features import MIN_WORDS, feature_matrix, feature_names

NAMES = feature_names()
COL = {name: j for j, name in enumerate(NAMES)}


def _filler(n: int) -> str:
    # Plain lowercase words that fire no signal: n word tokens, no punctuation.
    return " ".join(["harbour"] * n)


def _row(text: str, title: str | None = None) -> dict[str, float]:
    X = feature_matrix([text], [title], default_matcher())
    return dict(zip(NAMES, X[0].tolist()))


def test_min_words_is_the_documented_fifty() -> None:
    assert MIN_WORDS == 50


@pytest.mark.parametrize(("extra_words", "words"), [(198, 200), (998, 1000)])
def test_signal_column_is_log1p_of_the_rate_per_thousand_words(extra_words: int, words: int) -> None:
    # One anonymous_sourcing span ("sources said"), two words of it.
    text = "sources said " + _filler(extra_words)
    assert len(text.split()) == words
    row = _row(text)
    assert row["signal:anonymous_sourcing"] == pytest.approx(math.log1p(1000.0 * 1 / words), rel=1e-12)


def test_signal_rate_of_a_short_text_is_taken_per_min_words() -> None:
    # Ten words: the rate is per 50 words, not per 10.
    text = "sources said " + _filler(8)
    assert _row(text)["signal:anonymous_sourcing"] == pytest.approx(math.log1p(1000.0 / 50), rel=1e-12)


def test_signal_column_counts_every_span() -> None:
    text = "sources said " + _filler(97) + " sources said " + _filler(99)
    assert len(text.split()) == 200
    assert _row(text)["signal:anonymous_sourcing"] == pytest.approx(math.log1p(1000.0 * 2 / 200), rel=1e-12)


def test_signals_absent_from_the_text_are_zero() -> None:
    row = _row("sources said " + _filler(198))
    fired = {name for name, v in row.items() if name.startswith("signal:") and v != 0.0}
    assert fired == {"signal:anonymous_sourcing"}


def test_title_column_is_log1p_of_the_count() -> None:
    # Two clickbait spans in the headline ("BREAKING", "EXPOSED"), none without a title.
    with_title = _row(_filler(60), "BREAKING: Senator EXPOSED")
    assert with_title["title:clickbait_title"] == pytest.approx(math.log1p(2), rel=1e-12)
    assert _row(_filler(60))["title:clickbait_title"] == 0.0
    # Title signals never read the body, body signals never the title.
    assert _row("BREAKING: Senator EXPOSED " + _filler(60))["title:clickbait_title"] == 0.0
    assert _row(_filler(60), "Sources said so")["signal:anonymous_sourcing"] == 0.0


def test_columns_are_in_the_documented_order() -> None:
    groups = [name.split(":", 1)[0] for name in NAMES]
    order = ["signal", "title", "shape", "punct", "morph", "fw"]
    assert [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g] == order
    assert np.all(np.diff([order.index(g) for g in groups]) >= 0)


# --- which texts are judged, exactly at the boundary ---------------------------------
def test_twenty_words_are_judged_nineteen_are_not() -> None:
    from credscore._features import MIN_JUDGEABLE_WORDS, featurize

    assert MIN_JUDGEABLE_WORDS == 20
    # English function words so the language check passes.
    words = ("the council said that it would vote on the plan " * 3).split()
    nineteen, twenty = " ".join(words[:19]), " ".join(words[:20])
    feats = featurize([nineteen, twenty], [None, None])
    assert feats.words.tolist() == [19, 20]
    assert feats.judgeable.tolist() == [False, True]
    ex19, ex20 = credscore.explain(nineteen), credscore.explain(twenty)
    assert ex19.risk == "unknown" and any("too little text" in n for n in ex19.notes)
    assert ex20.risk != "unknown" and not any("too little text" in n for n in ex20.notes)


def test_no_texts_give_no_scores() -> None:
    assert credscore.score_many([]).shape == (0,)
    assert credscore.score_many(iter([]), batch_size=3).shape == (0,)


# --- the extractor with a catalogue of its own ------------------------------------------
def test_feature_extractor_with_its_own_signals() -> None:
    hedging = [s for s in credscore.CATALOGUE if s.name == "hedging"]
    fx = credscore.FeatureExtractor(signals=hedging)
    names = list(fx.get_feature_names_out())
    X = fx.fit_transform(["It may be so. " + _filler(60)])
    assert X.shape == (1, len(names))
    assert [n for n in names if n.startswith(("signal:", "title:"))] == ["signal:hedging"]
    assert X[0, names.index("signal:hedging")] == pytest.approx(math.log1p(1000.0 / 64), rel=1e-12)


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("signal:hedging", "hedging"),
        ("title:clickbait_title", "clickbait_title"),
        ("fw:the", "function_words"),
        ("punct:comma", "punctuation"),
        ("morph:ly", "word_endings"),
        ("shape:digits", "shape:digits"),
    ],
)
def test_column_groups(name: str, group: str) -> None:
    from credscore._features import column_group

    assert column_group(name) == group


def test_document_features_are_frozen_and_compared_by_identity() -> None:
    import dataclasses

    from credscore._features import featurize

    a = featurize(["Sources said so."], [None])
    b = featurize(["Sources said so."], [None])
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.X = b.X  # type: ignore[misc]
    # Arrays inside: equality is identity (a field-wise == of arrays has no truth value).
    same = a
    assert a == same and (a == b) is False


def test_the_matcher_reads_the_batchs_encoding_instead_of_encoding_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore import _engine
    from credscore._features import featurize
    from credscore._tokens import encode_batch

    texts = ["Sources said the \u201cplan\u201d\u2026 was dropped, according to Dr.\u00a0Jane Doe, a professor.", "", "Plain."]
    before = default_matcher().count(texts)
    calls: list[str] = []
    real = _engine.encode_text
    monkeypatch.setattr(_engine, "encode_text", lambda t: calls.append(t) or real(t))
    f = featurize(texts, ["A headline", None, None])
    assert calls == ["A headline", "", ""] and f.X.shape[0] == 3  # the titles alone: the bodies came from the batch
    assert np.array_equal(default_matcher().count(texts, encoded=encode_batch(texts).encoded), before)
    with pytest.raises(ValueError, match="encoded holds 2 texts, texts 3"):
        default_matcher().count(texts, encoded=encode_batch(texts[:2]).encoded)
    with pytest.raises(ValueError, match="other texts"):
        feature_matrix(texts, [None] * 3, default_matcher(), batch=encode_batch(["a", "b", "c"]))
