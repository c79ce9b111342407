"""Scoring edges found by the mutation check (benchmarks/MUTATION.md, run 2 survivors).

* explain() of a model with a content-word block: the parts still add up to
  the score's logit, with the content words as their own part, also for a
  short text whose parts are shrunk towards the prior.
* FeatureExtractor declares what scikit-learn needs to know: it takes strings,
  not a 2-D array, and needs no fit.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_content_words import BAD, GOOD, corpus

import credscore


@pytest.fixture(scope="module")
def content_model() -> credscore.CredibilityModel:
    texts, labels = corpus()
    m = credscore.train(texts, labels, content_words=True)
    assert m.content is not None and m.shrink_words > 0
    return m


def _logit(ex: credscore.Explanation) -> float:
    return ex.baseline + sum(s.contribution for s in ex.signals) + sum(ex.style.values())


@pytest.mark.parametrize("text", [GOOD, BAD, " ".join(BAD.split()[:25])])
def test_content_word_explanation_adds_up_to_the_score(content_model: credscore.CredibilityModel, text: str) -> None:
    ex = content_model.explain(text)
    assert ex.score == content_model.score(text)
    assert 1.0 / (1.0 + np.exp(-_logit(ex))) == pytest.approx(ex.score, rel=1e-9, abs=1e-12)
    assert ex.style["content_words"] != 0.0


def test_content_words_part_is_what_the_block_adds(content_model: credscore.CredibilityModel) -> None:
    """Scored by the same model without its content-word block, the logit
    differs by exactly the explanation's content-word part."""
    import dataclasses

    plain = dataclasses.replace(content_model, content=None)
    for text in (GOOD, BAD, " ".join(GOOD.split()[:25])):
        ex = content_model.explain(text)
        lo, hi = plain.score(text), ex.score
        delta = np.log(hi / (1 - hi)) - np.log(lo / (1 - lo))
        assert "content_words" not in plain.explain(text).style
        assert delta == pytest.approx(ex.style["content_words"], rel=1e-7, abs=1e-9)


def test_feature_extractor_tags() -> None:
    from sklearn.utils import get_tags
    from sklearn.utils.validation import check_is_fitted

    fx = credscore.FeatureExtractor()
    tags = get_tags(fx)
    assert tags.input_tags.string is True
    assert tags.input_tags.two_d_array is False
    assert tags.requires_fit is False
    check_is_fitted(fx)  # nothing to fit: usable straight away
