"""The opt-in content-word block of train(content_words=True)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import credscore
from credscore._ngrams import content_analyse, content_key_of, content_terms

GOOD = (
    "The council voted on Monday to approve the library budget, according to minutes released by the clerk. "
    "Mayor Ann Lee said the plan would fund two new branches, and opponents said the costs were too high."
)
BAD = (
    "Sources say the vaccine microchip plot is real and the elites are hiding it from you, folks. Share this "
    "before it is deleted, because nobody in the media will dare to tell you what the vaccine really does."
)


def corpus() -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for i in range(12):
        texts.append(GOOD.replace("Monday", ["Monday", "Tuesday", "Friday"][i % 3]) + f" Item {i}.")
        labels.append(1)
        texts.append(BAD.replace("folks", ["folks", "people", "friends"][i % 3]) + f" Item {i}.")
        labels.append(0)
    return texts, labels


def test_content_keys_are_stable_and_round_trip() -> None:
    (keys, counts), = content_analyse(["The vaccine, the VACCINE; the White House."])
    terms = content_terms(["The vaccine, the VACCINE; the White House."], keys)
    assert "vaccine" in terms and "white house" in terms and "the vaccine" in terms
    assert counts[terms.index("vaccine")] == 2
    for t in terms:
        assert content_key_of(t) in keys.tolist()
    for bad in ("", "Vaccine", "three words here", "a  b"):
        with pytest.raises(ValueError):
            content_key_of(bad)


def test_train_with_content_words_round_trips(tmp_path: Path) -> None:
    texts, labels = corpus()
    plain = credscore.train(texts, labels)
    m = credscore.train(texts, labels, content_words=True)
    assert plain.content is None and m.content is not None
    assert m.metadata["content_words"] is True
    assert "vaccine" in m.content.terms
    # The word "vaccine" only occurs in non-credible texts: its weight is negative.
    assert m.content.coef[m.content.terms.index("vaccine")] < 0
    path = tmp_path / "m.json"
    m.save(path)
    m2 = credscore.load_model(path)
    assert m2.content is not None and m2.content.terms == m.content.terms
    np.testing.assert_array_equal(m.score_many(texts), m2.score_many(texts))
    assert m.score(GOOD) > 0.5 > m.score(BAD)
    ex = m.explain(BAD)
    assert ex.style["content_words"] < 0
    assert ex.score == m.score(BAD)


def test_a_model_with_content_words_is_recalibrated(tmp_path: Path) -> None:
    # An audit (session 40): recalibrate read the articles without their content words, and a model with
    # them failed inside ("this model reads content words: featurize with content_words=True"), while score,
    # explain and evaluate took it.
    texts, labels = corpus()
    m = credscore.train(texts, labels, content_words=True)
    r = credscore.recalibrate(texts, labels, model=m, prior=0.3)
    assert r.content is not None and r.content.terms == m.content.terms
    assert r.prior == 0.3 and r.metadata["recalibrated"]["n"] == len(texts)
    assert r.score(GOOD) > 0.5 > r.score(BAD)
    # The recalibrated logit is an affine map of the model's: the order of the articles is kept.
    before, after = m.score_many(texts), r.score_many(texts)
    assert np.array_equal(np.argsort(before, kind="stable"), np.argsort(after, kind="stable"))
    path = tmp_path / "r.json"
    r.save(path)
    np.testing.assert_array_equal(credscore.load_model(path).score_many(texts), after)
