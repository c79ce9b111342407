"""What recalibration tells its user: a sample the model barely separates, copies in the sample, the prior as
given, a recalibrated model recalibrated again; and what ``evaluate`` says of a prior gap and of a
recalibrated model (an audit of the recalibration workflow, session 20)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

import credscore
import credscore._engine
from credscore import _train
from credscore._evaluate import expected_calibration_error, prior_weighted_ece
from credscore._features import featurize
from credscore._train import platt, raw_logits, recalibrate_model

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (FIXTURES / "well_sourced.txt").read_text(encoding="utf-8")
BAD = (FIXTURES / "rumor_style.txt").read_text(encoding="utf-8")


def _sample(n: int) -> tuple[list[str], list[int]]:
    texts = [GOOD + " Officials said so." * i for i in range(n)] + [BAD + " Share this!" * i for i in range(n)]
    return texts, [1] * n + [0] * n


def test_a_sample_the_model_barely_separates_gets_a_warning(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts, y = _sample(25)
    with caplog.at_level("WARNING", logger="credscore"):
        credscore.recalibrate(texts, y)
    assert "barely separates" not in caplog.text  # the fixtures are far apart: AUC 1
    # The same sample with log-odds the model would give articles it cannot tell apart (AUC 0.55).
    z = np.concatenate([np.arange(25) + 2.0, np.arange(25.0)]) / 10  # each credible article 0.2 above one other
    auc = _train._rank_auc(np.array(y), z)
    assert auc == pytest.approx(360.5 / 625)  # 349 pairs in order, 23 tied (half each)
    monkeypatch.setattr(_train, "raw_logits", lambda model, feats: z)
    caplog.clear()
    with caplog.at_level("WARNING", logger="credscore"):
        credscore.recalibrate(texts, y)
    assert f"barely separates the labeled sample (AUC {auc:.2f}" in caplog.text
    assert "ranks articles against" not in caplog.text


def test_rank_auc_counts_ties_half() -> None:
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    z = rng.integers(0, 5, 200).astype(float)  # many ties
    assert _train._rank_auc(y, z) == pytest.approx(roc_auc_score(y, z))


def test_copies_in_the_sample_are_counted_once_by_the_sample_size_check(caplog: pytest.LogCaptureFixture) -> None:
    texts, y = _sample(25)
    with caplog.at_level("WARNING", logger="credscore"):
        credscore.recalibrate(texts, y)
    assert "varies widely" not in caplog.text and "repeat" not in caplog.text
    caplog.clear()
    five = texts[:5] + texts[25:30]  # 5 of each class, each given five times: 50 rows
    with caplog.at_level("WARNING", logger="credscore"):
        m = credscore.recalibrate(five * 5, ([1] * 5 + [0] * 5) * 5)
    assert "40 of 50 judgeable articles repeat another's text" in caplog.text
    assert "only 5 distinct credible (1) and 5 distinct non-credible (0) articles" in caplog.text
    assert m.metadata["recalibrated"]["n"] == 50
    assert "carry both labels" not in caplog.text
    caplog.clear()
    # The same text labeled both ways (an audit of session 27: only "ranks against the model" was said).
    with caplog.at_level("WARNING", logger="credscore"):
        credscore.recalibrate(texts[:25] + texts[25:50] + texts[:2], y[:50] + [0, 0])
    assert "2 text(s) of the labeled sample carry both labels (copies labeled 0 and 1)" in caplog.text
    # train and evaluate say it too (an audit: they said only that texts repeat)
    caplog.clear()
    with caplog.at_level("WARNING", logger="credscore"):
        credscore.train(texts[:25] + texts[25:50] + texts[:2], y[:50] + [0, 0])
    assert "2 text(s) of the training data carry both labels (copies labeled 0 and 1)" in caplog.text
    report = credscore.evaluate(texts[:25] + texts[25:50] + texts[:2], y[:50] + [0, 0], n_boot=0)
    assert any(n.startswith("2 text(s) carry both labels (copies labeled 0 and 1)") for n in report.notes), report.notes
    assert not any("both labels" in n for n in credscore.evaluate(texts[:50] + texts[:2], y[:50] + y[:2], n_boot=0).notes)


def test_a_prior_given_is_kept_as_given_and_numpy_numbers_are_priors() -> None:
    texts, y = _sample(20)
    assert credscore.recalibrate(texts, y, prior=0.001).prior == 0.001  # not moved to 0.01
    assert credscore.recalibrate(texts, y, prior=np.float32(0.25)).prior == pytest.approx(0.25)
    assert credscore.default_model().with_prior(np.float64(0.3)).prior == 0.3
    with pytest.raises(TypeError, match="prior must be a number .* got str '0.3'"):
        credscore.recalibrate(texts, y, prior="0.3")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got str '0.3'"):
        credscore.default_model().with_prior("0.3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        credscore.recalibrate(texts, y, prior=50)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        credscore.default_model().with_prior(float("nan"))


def test_recalibrating_again_keeps_the_first_recalibration_in_the_metadata() -> None:
    texts, y = _sample(20)
    once = credscore.recalibrate(texts, y)
    twice = credscore.recalibrate(texts, y, model=once)
    assert "previous" not in once.metadata["recalibrated"]
    assert twice.metadata["recalibrated"]["previous"] == once.metadata["recalibrated"]
    thrice = credscore.recalibrate(texts, y, model=twice)  # one level of history: the file stays shallow
    assert thrice.metadata["recalibrated"]["previous"] == {
        k: v for k, v in twice.metadata["recalibrated"].items() if k != "previous"
    }


def test_prior_weighted_ece_is_plain_ece_at_the_samples_own_share() -> None:
    rng = np.random.default_rng(2)
    y = (rng.random(400) < 0.7).astype(int)
    p = rng.random(400)
    assert prior_weighted_ece(y, p, float(y.mean())) == pytest.approx(expected_calibration_error(y, p))
    # At another prior each label weighs its share of that stream: scores of 0.5 for all are calibrated
    # for a balanced stream, off by 0.2 for this one's 70 %.
    flat = np.full(400, 0.5)
    assert prior_weighted_ece(y, flat, 0.5) == pytest.approx(0.0, abs=1e-12)
    assert expected_calibration_error(y, flat) == pytest.approx(abs(y.mean() - 0.5))
    assert np.isnan(prior_weighted_ece(np.ones(3, dtype=int), flat[:3]))


def test_evaluate_notes_a_prior_gap_with_the_ece_at_the_prior_and_names_a_recalibrated_model() -> None:
    texts, _ = _sample(20)
    skewed = texts[:16] + texts[20:24]  # 16 credible, 4 not: 80 % against the prior 0.5
    y = [1] * 16 + [0] * 4
    rep = credscore.evaluate(skewed, y, n_boot=0)
    note = next(n for n in rep.notes if "assume a prior of 0.5" in n)
    expected = prior_weighted_ece(np.array(y), rep.models[0].scores, 0.5)
    assert "80% of these are" in note
    assert f"ECE ({rep.models[0].overall.ece:.3f})" in note and f"ECE is {expected:.3f}" in note
    balanced = credscore.evaluate(texts[:11] + texts[20:29], [1] * 11 + [0] * 9, n_boot=0)  # 55 %: within 0.1
    assert not any("assume a prior" in n for n in balanced.notes)
    assert not any("recalibrated" in n for n in rep.notes)
    model = credscore.recalibrate(*_sample(20))
    again = credscore.evaluate(skewed, y, n_boot=0, model=model)
    rec = model.metadata["recalibrated"]
    assert f"The model was recalibrated on 40 labeled articles (credscore recalibrate: slope {rec['a']:.3g}, " in "\n".join(again.notes)


@pytest.mark.parametrize("prior", [1e-9, 1 - 1e-9])
def test_a_prior_too_close_to_an_end_is_refused_before_the_articles_are_read(
    prior: float, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit (session 27): 1e-9 passed the first check and failed only after every article was read,
    with another rule than the first message gave."""
    import credscore._api as api

    # recalibrate reads the articles through _api.model_features (as the model reads them)
    monkeypatch.setattr(api, "model_features", lambda *a, **k: pytest.fail("the articles were read"))
    with pytest.raises(ValueError, match=r"prior must lie in \[1e-06, 0\.999999\]"):
        credscore.recalibrate([GOOD, BAD] * 3, [1, 0] * 3, prior=prior)
    from credscore import cli

    with pytest.raises(SystemExit):
        cli.main(["recalibrate", "x.jsonl", "--out", "y.json", "--prior", repr(prior)])
    assert f"argument --prior: must lie in [1e-06, 0.999999], got '{prior!r}'" in capsys.readouterr().err


#: Twelve articles a toy model can be trained on: six of each label, every text its own.
TWELVE = [t + f" Story {i}." for i in range(6) for t in (
    ("Sources said it was a hoax!! You won't believe what they are hiding from you, folks! "
     "Share this before they delete it, because nobody else will tell you the truth!!"),
    ("The council voted 7-2 on Monday to approve the budget, according to minutes released by the "
     "clerk. Mayor Ann Lee said the plan would fund two libraries, and opponents said costs were too high."),
)]


def test_training_on_texts_it_cannot_judge_is_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    # An audit: short texts score the prior whatever the model learns, yet they enter the fit.
    with caplog.at_level(logging.WARNING, logger="credscore"):
        credscore.train(TWELVE, [0, 1] * 6)
    assert "too short" not in caplog.text
    with caplog.at_level(logging.WARNING, logger="credscore"):
        credscore.train([*TWELVE, "Too short to judge.", "Also far too short."], [0, 1] * 7)
    assert "2 of 14 training articles are too short (under 20 words) or not English" in caplog.text


def test_training_with_one_group_says_calibration_cannot_leave_a_source_out(caplog: pytest.LogCaptureFixture) -> None:
    # It fell back to stratified folds without a word (API audit); the docstring asks for two groups or more.
    with caplog.at_level(logging.WARNING, logger="credscore"):
        credscore.train(TWELVE, [0, 1] * 6, groups=["one"] * 12)
    assert "the groups name one group only" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="credscore"):
        credscore.train(TWELVE, [0, 1] * 6, groups=["a", "a", "b", "b"] * 3)
    assert "one group only" not in caplog.text


# Session 36's mutation check (run 39): a test for each survivor that could change behaviour.


_PLAIN = ("The city council voted 7-2 on Tuesday to approve a budget of {i} million dollars for road repairs, "
         "council member Jane Smith said. The plan, published on the city's website, follows a public hearing "
         "held last month at which residents raised concerns about potholes on Main Street.")
_LOUD = "SHOCKING!!! Sources say the cover-up number {i} is hidden from you, share before it is deleted!!! " * 3


def _two_class_sample(n_good: int, n_bad: int) -> tuple[object, np.ndarray]:
    texts = [_PLAIN.format(i=i) for i in range(n_good)] + [_LOUD.format(i=i) for i in range(n_bad)]
    feats = featurize(texts, [None] * len(texts), credscore._engine.default_matcher())
    return feats, np.array([1] * n_good + [0] * n_bad)


def test_recalibration_gives_each_class_half_the_weight() -> None:
    # 5 credible against 2 non-credible: each class weighs half, each article 1/(2 n) of its class.
    # (A survivor of the session-36 mutation check swapped the two classes' weights: y == 0 for y == 1.)
    feats, y = _two_class_sample(5, 2)
    base = credscore.default_model()
    got = recalibrate_model(base, feats, y, quiet=True).metadata["recalibrated"]
    w = np.where(y == 1, 1 / 10, 1 / 4)
    a, b = platt(raw_logits(base, feats), y, w, smooth=True, shrink=base.shrinkage(feats.words))
    assert a > 0
    assert (got["a"], got["b"]) == pytest.approx((a, b), rel=1e-6)
    w_swapped = np.where(y == 1, 1 / 4, 1 / 10)
    a2, b2 = platt(raw_logits(base, feats), y, w_swapped, smooth=True, shrink=base.shrinkage(feats.words))
    assert (got["a"], got["b"]) != pytest.approx((a2, b2), rel=1e-6)  # the check tells the two apart


def test_the_samples_own_prior_is_kept_below_099() -> None:
    # prior=None takes the sample's share of credible articles, within [0.01, 0.99]: 120 of 121 is 0.9917.
    feats, y = _two_class_sample(120, 1)
    m = recalibrate_model(credscore.default_model(), feats, y, prior=None, quiet=True)
    assert m.prior == pytest.approx(0.99)
    feats, y = _two_class_sample(1, 120)
    assert recalibrate_model(credscore.default_model(), feats, y, prior=None, quiet=True).prior == pytest.approx(0.01)


def test_a_slope_of_exactly_zero_is_warned_of_as_the_slope_set_to_1e6(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The solver can stop at a slope of exactly 0 (see platt's comment); _ranking_kept then sets it to 1e-6,
    # and the warning must say so, as it does for a negative slope.
    feats, y = _two_class_sample(25, 25)
    monkeypatch.setattr(_train, "platt", lambda *args, **kwargs: (0.0, 0.4))
    with caplog.at_level("WARNING", logger="credscore"):
        m = recalibrate_model(credscore.default_model(), feats, y)
    assert "ranks articles against the model (slope 0): slope set to 1e-6" in caplog.text
    assert "barely separates" not in caplog.text
    assert m.metadata["recalibrated"]["a"] == 1e-6 and m.metadata["recalibrated"]["b"] == 0.0
