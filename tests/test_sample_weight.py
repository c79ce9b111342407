"""sample_weight in train() and CredscoreClassifier.fit: what a weight changes, what it does not, bad weights."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from test_estimator import LABELS, RUMOURS, SOURCED, TEXTS

import credscore
from credscore import CredscoreClassifier
from credscore._train import calibration_weights, sample_weights

# The same two styles with their labels swapped: a second source whose labels disagree with the first.
SWAPPED = [t.replace("the ", "our ", 1) + " More soon." for t in SOURCED] + [t.replace("the ", "our ", 1) + " More soon." for t in RUMOURS]
SWAPPED_LABELS = [0] * len(SOURCED) + [1] * len(RUMOURS)


def _coef(model: credscore.CredibilityModel) -> np.ndarray:
    d = model.to_dict()
    return np.concatenate([np.asarray(d["coef"], dtype=float), np.asarray(d["ngrams"]["coef"], dtype=float), [d["intercept"]]])


def test_weights_share_each_class_total_in_proportion() -> None:
    y = np.array([1, 1, 1, 0, 0])
    w = sample_weights(y, None, np.array([2.0, 1.0, 1.0, 0.5, 1.5]))
    assert w[y == 1].sum() == pytest.approx(w[y == 0].sum())  # the classes stay balanced
    assert w[:3].tolist() == pytest.approx([2 * w[1], w[1], w[1]])  # in proportion within a class
    assert w[3] * 3 == pytest.approx(w[4])
    # Equal weights are the plain class balance; groups are balanced with the weights inside them.
    assert sample_weights(y, None, np.ones(5)).tolist() == sample_weights(y, None).tolist()
    groups = ["a", "a", "b", "b", "b"]
    gw = sample_weights(y, groups, np.array([1.0, 3.0, 1.0, 1.0, 1.0]))
    assert gw[1] == pytest.approx(3 * gw[0])
    cw = calibration_weights(y, None, np.array([2.0, 1.0, 1.0, 0.5, 1.5]))
    assert cw.tolist() == pytest.approx([0.25, 0.125, 0.125, 0.125, 0.375])


def test_weights_decide_between_sources_that_disagree() -> None:
    texts = TEXTS + SWAPPED
    labels = LABELS + SWAPPED_LABELS
    first = np.r_[np.ones(len(TEXTS)), np.full(len(SWAPPED), 1e-3)]
    for weights, sourced_wins in ((first, True), (first[::-1].copy(), False)):
        model = credscore.train(texts, labels, sample_weight=weights, calibrate=False)
        s = model.score_many(SOURCED[:3] + RUMOURS[:3])
        assert bool(np.min(s[:3]) > np.max(s[3:])) is sourced_wins, s


def test_a_zero_weight_article_does_not_train_the_model() -> None:
    # With weight 0, an article's label changes nothing (its columns still enter the standardisation).
    weights = np.ones(len(TEXTS))
    weights[0] = 0.0
    flipped = list(LABELS)
    flipped[0] = 1 - flipped[0]
    a = credscore.train(TEXTS, LABELS, sample_weight=weights, calibrate=False)
    b = credscore.train(TEXTS, flipped, sample_weight=weights, calibrate=False)
    assert np.allclose(_coef(a), _coef(b), rtol=0, atol=1e-8)
    c = credscore.train(TEXTS, flipped, calibrate=False)  # without the weight, the flip is learned
    assert not np.allclose(_coef(a), _coef(c), rtol=0, atol=1e-4)


def test_equal_weights_and_rescaled_weights_change_nothing() -> None:
    plain = credscore.train(TEXTS, LABELS)
    assert credscore.train(TEXTS, LABELS, sample_weight=[1.0] * len(TEXTS)).to_dict() == plain.to_dict()
    w = np.linspace(0.5, 2.0, len(TEXTS))
    a = credscore.train(TEXTS, LABELS, sample_weight=w)
    b = credscore.train(TEXTS, LABELS, sample_weight=7.0 * w)
    assert np.allclose(_coef(a), _coef(b), rtol=1e-6, atol=1e-9)
    assert not np.allclose(_coef(a), _coef(plain), rtol=0, atol=1e-6)


@pytest.mark.parametrize(
    ("weights", "error", "match"),
    [
        ([1.0] * (len(TEXTS) - 1), ValueError, "one weight per article"),
        ([-1.0] + [1.0] * (len(TEXTS) - 1), ValueError, r"sample_weight\[0\] is -1.0"),
        ([1.0, float("nan")] + [1.0] * (len(TEXTS) - 2), ValueError, r"sample_weight\[1\] is nan"),
        ([1.0, 0.0] * (len(TEXTS) // 2), ValueError, "0 on every article labeled 1"),
        ("1" * len(TEXTS), TypeError, "one number per article"),
        (2.0, TypeError, "one number per article"),
        (["a"] * len(TEXTS), TypeError, "must hold numbers"),
    ],
)
def test_bad_weights_are_refused_naming_the_value(weights: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        credscore.train(TEXTS, LABELS, sample_weight=weights)
    with pytest.raises(error, match=match):
        CredscoreClassifier().fit(TEXTS, LABELS, sample_weight=weights)


def test_a_fold_left_without_weight_in_one_class_says_so() -> None:
    # One weighted article of label 1: the calibration fold that holds it out trains on none.
    weights = np.zeros(len(TEXTS))
    weights[0::2] = 1.0
    weights[1] = 1.0
    with pytest.raises(ValueError, match="cross-validation fold"):
        credscore.train(TEXTS, LABELS, sample_weight=weights)
    credscore.train(TEXTS, LABELS, sample_weight=weights, calibrate=False)  # one fit: fine


def test_the_estimator_passes_weights_to_train() -> None:
    from sklearn.utils.validation import has_fit_parameter

    assert has_fit_parameter(CredscoreClassifier(), "sample_weight")
    w = np.linspace(0.5, 2.0, len(TEXTS))
    est = CredscoreClassifier(credible_label="real", random_state=0).fit(
        TEXTS, ["fake" if v == 0 else "real" for v in LABELS], sample_weight=w
    )
    model = credscore.train(TEXTS, LABELS, sample_weight=w, random_state=0)
    assert np.array_equal(est.predict_proba(TEXTS)[:, 1], model.score_many(TEXTS))


def test_weights_as_a_series_or_a_list_are_read_and_not_changed() -> None:
    # scikit-learn's own sample_weight checks feed numbers as X, which credscore refuses; these are them on texts.
    pd = pytest.importorskip("pandas")
    w = np.linspace(0.5, 2.0, len(TEXTS))
    kept = w.copy()
    est = CredscoreClassifier(random_state=0).fit(TEXTS, LABELS, sample_weight=w)
    assert np.array_equal(w, kept)  # not overwritten
    for other in (pd.Series(w, index=range(100, 100 + len(w))), w.tolist()):
        again = CredscoreClassifier(random_state=0).fit(TEXTS, LABELS, sample_weight=other)
        assert np.array_equal(again.predict_proba(TEXTS), est.predict_proba(TEXTS))
    # One class left with weight: an error that names the class.
    with pytest.raises(ValueError, match="labeled 0"):
        CredscoreClassifier().fit(TEXTS, LABELS, sample_weight=np.array(LABELS, dtype=float))
    with pytest.raises(ValueError, match="one weight per article"):
        CredscoreClassifier().fit(TEXTS, LABELS, sample_weight=np.ones((len(TEXTS), 1)))


def test_cli_train_reads_weights_from_a_field(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from credscore.cli import main

    w = np.linspace(0.5, 2.0, len(TEXTS))
    rows = [{"text": t, "label": y, "w": float(x)} for t, y, x in zip(TEXTS, LABELS, w)]
    data = tmp_path / "weighted.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "m.json"
    assert main(["train", str(data), "--weight-field", "w", "--folds", "1", "--out", str(out)]) == 0
    from_cli = credscore.load_model(out)
    in_python = credscore.train(TEXTS, LABELS, sample_weight=w)
    assert np.array_equal(from_cli.score_many(TEXTS), in_python.score_many(TEXTS))
    unweighted = tmp_path / "u.json"
    assert main(["train", str(data), "--folds", "1", "--out", str(unweighted)]) == 0
    assert not np.array_equal(credscore.load_model(unweighted).score_many(TEXTS), from_cli.score_many(TEXTS))
    # A CSV cell holds the digits; a bad one stops the run naming its line.
    csv_file = tmp_path / "weighted.csv"
    lines = ["text,label,w"] + [f'"{t}",{y},{x!r}' for t, y, x in zip(TEXTS, LABELS, w.tolist())]
    lines[3] = lines[3].rsplit(",", 1)[0] + ",-1"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["train", str(csv_file), "--weight-field", "w", "--out", str(tmp_path / "c.json")]) == 2
    assert f"{csv_file}:4: weight field 'w' must be a finite number >= 0, got '-1'" in capsys.readouterr().err
    assert main(["train", str(data), "--weight-field", "missing", "--out", str(tmp_path / "c.json")]) == 2
    assert "missing weight field 'missing'" in capsys.readouterr().err


def test_cli_cross_validation_fits_each_fold_with_its_weights(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from credscore import _train
    from credscore.cli import main

    w = np.linspace(0.5, 2.0, len(TEXTS))
    data = tmp_path / "weighted.jsonl"
    data.write_text("".join(json.dumps({"text": t, "label": y, "w": float(x)}) + "\n"
                            for t, y, x in zip(TEXTS, LABELS, w)), encoding="utf-8")
    given: list[Any] = []
    real = _train.fit_model

    def spy(feats: Any, y: Any, **kw: Any) -> Any:
        given.append((len(y), kw.get("sample_weight")))
        return real(feats, y, **kw)

    monkeypatch.setattr(_train, "fit_model", spy)
    assert main(["train", str(data), "--weight-field", "w", "--folds", "3", "--out", str(tmp_path / "m.json")]) == 0
    folds = [(n, sw) for n, sw in given if n < len(TEXTS)]
    assert len(folds) == 3 and all(sw is not None and len(sw) == n for n, sw in folds)
    assert sorted(np.concatenate([sw for _, sw in folds]).tolist()) == sorted((np.tile(w, 2)).tolist())


def test_a_group_whose_articles_of_a_label_weigh_nothing_still_trains() -> None:
    # With balance_groups, a group's labels are balanced inside it; weight 0 on all of one label's articles
    # of a group leaves that share at 0 (no 0/0), and the other groups carry the label.
    y = np.array([1, 1, 0, 0, 1, 0])
    groups = ["a", "a", "a", "a", "b", "b"]
    w = sample_weights(y, groups, np.array([0.0, 0.0, 1.0, 1.0, 1.0, 1.0]))
    assert np.isfinite(w).all() and w[:2].tolist() == [0.0, 0.0] and w[4] > 0
    cw = calibration_weights(y, groups, np.array([0.0, 0.0, 1.0, 1.0, 1.0, 1.0]))
    assert cw.tolist() == [0.0, 0.0, 0.25, 0.25, 0.5, 0.5]
    weights = np.ones(len(TEXTS))
    weights[[1, 3, 5]] = 0.0  # label-1 articles of group "g0"
    credscore.train(TEXTS, LABELS, groups=[f"g{i // 6}" for i in range(len(TEXTS))],
                    sample_weight=weights, balance_groups=True, calibrate=False)


def test_groups_without_shared_texts_are_not_merged() -> None:
    from credscore._train import merged_groups

    held, merged = merged_groups(["a", "b", "a"], None)
    assert held.tolist() == ["a", "b", "a"] and merged == 0
    model = credscore.train(TEXTS, LABELS, groups=[f"g{i % 3}" for i in range(len(TEXTS))], random_state=0)
    assert "merged" not in model.metadata["calibration"]["method"]


def test_a_weight_of_zero_is_a_weight() -> None:
    from credscore._data import parse_weight

    assert parse_weight("0", "x") == 0.0 and parse_weight(0, "x") == 0.0 and parse_weight(" 1.5 ", "x") == 1.5
    for bad in ("-0.5", "nan", "inf", "", "two", True, None):
        with pytest.raises(ValueError, match="must be a finite number >= 0"):
            parse_weight(bad, "x")


def test_weights_too_large_to_sum_and_missing_weights() -> None:
    """An audit (session 35): finite weights of 1e308 overflowed their class's sum and were refused as
    "0 on every article"; a None weight was reported as NaN."""
    from credscore._train import check_sample_weight

    y = np.array([0, 1, 1, 0])
    assert check_sample_weight([1e308, 1e308, 5e307, 1e308], y).tolist() == [1.0, 1.0, 0.5, 1.0]
    assert check_sample_weight([2.0, 4.0, 1.0, 2.0], y).tolist() == [2.0, 4.0, 1.0, 2.0]  # left as given
    with pytest.raises(TypeError, match=r"sample_weight\[2\] is None: every article needs a weight \(1 missing\)"):
        check_sample_weight([1.0, 1.0, None, 1.0], y)


def test_estimator_options_are_checked_when_fitting() -> None:
    """An audit (session 35): n_jobs=0 fitted and failed at predict_proba, calibrate="no" calibrated, and
    labels mixing 0 and "1" got scikit-learn's "Unknown label type: unknown"."""
    texts, labels = ["Officials said the plan was sound, according to a report released on Monday."] * 4, [0, 1, 0, 1]
    with pytest.raises(ValueError, match="n_jobs must be a nonzero int or None"):
        credscore.CredscoreClassifier(n_jobs=0).fit(texts, labels)
    with pytest.raises(TypeError, match="n_jobs must be a nonzero int or None, got str 'x'"):
        credscore.CredscoreClassifier(n_jobs="x").fit(texts, labels)
    with pytest.raises(TypeError, match="calibrate must be True or False, got str 'no'"):
        credscore.CredscoreClassifier(calibrate="no").fit(texts, labels)
    with pytest.raises(TypeError, match="calibrate must be True or False"):
        credscore.train(texts, labels, calibrate=0)
    with pytest.raises(ValueError, match=r"y mixes strings with other labels \(int, str\)"):
        credscore.CredscoreClassifier().fit(texts, np.array([0, "1", 0, "1"], dtype=object))


@pytest.mark.parametrize("label", [0, 1])
def test_a_class_with_no_weight_is_refused_naming_it(label: int) -> None:
    """Mutation run 38 (session 35): with the check run for one label only, a class of all-zero weights
    slipped through."""
    from credscore._train import check_sample_weight

    y = np.array([0, 1, 1, 0])
    weights = np.where(y == label, 0.0, 1.0)
    with pytest.raises(ValueError, match=f"sample_weight is 0 on every article labeled {label}: each class needs"):
        check_sample_weight(weights, y)
