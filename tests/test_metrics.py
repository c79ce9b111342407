"""The metric functions of credscore._evaluate, checked against scikit-learn and direct numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, brier_score_loss, roc_auc_score

from credscore import RISK_THRESHOLDS, risk_level
from credscore._evaluate import (
    Metrics,
    auc_undefined_reason,
    bootstrap_auc_ci,
    expected_calibration_error,
    roc_auc,
    verdict_table,
)


def _sample(n: int, seed: int, *, ties: bool = False) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    p = np.clip(0.25 * y + rng.uniform(0, 0.75, n), 0, 1)
    if ties:
        p = np.round(p, 1)  # many tied scores, including exact thresholds 0.4 and 0.6
    return y, p


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("ties", [False, True])
def test_roc_auc_equals_sklearn(seed: int, ties: bool) -> None:
    y, p = _sample(300, seed, ties=ties)
    assert roc_auc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-12)


def test_roc_auc_is_nan_with_a_reason_for_one_class() -> None:
    assert math.isnan(roc_auc(np.zeros(5, dtype=int), np.linspace(0, 1, 5)))
    assert auc_undefined_reason(np.zeros(5, dtype=int)) == "only non-credible (label 0) articles: AUC needs both labels"
    assert auc_undefined_reason(np.ones(3, dtype=int)) == "only credible (label 1) articles: AUC needs both labels"
    assert auc_undefined_reason(np.array([], dtype=int)) == "no articles"
    assert auc_undefined_reason(np.array([0, 1])) is None


def test_bootstrap_interval_brackets_the_auc_and_is_reproducible() -> None:
    y, p = _sample(400, 1)
    low, high = bootstrap_auc_ci(y, p, n_boot=500)
    assert low < roc_auc(y, p) < high
    assert 0.02 < high - low < 0.2  # a 400-row interval is a few points wide, not zero and not the whole range
    assert bootstrap_auc_ci(y, p, n_boot=500) == (low, high)
    assert bootstrap_auc_ci(y, p, n_boot=500, random_state=1) != (low, high)


def test_bootstrap_interval_matches_a_direct_stratified_resampling() -> None:
    y, p = _sample(120, 2, ties=True)
    low, high = bootstrap_auc_ci(y, p, n_boot=300, random_state=7)
    rng = np.random.default_rng(7)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y != 1)
    # The same random stream (all credible draws, then all non-credible ones, in one block of 300).
    draws_pos = rng.integers(0, len(pos), size=(300, len(pos)))
    draws_neg = rng.integers(0, len(neg), size=(300, len(neg)))
    aucs = []
    for a, b in zip(draws_pos, draws_neg):
        idx = np.concatenate([pos[a], neg[b]])
        aucs.append(roc_auc_score(y[idx], p[idx]))
    assert (low, high) == pytest.approx(tuple(np.percentile(aucs, [2.5, 97.5])), abs=1e-12)


def test_bootstrap_interval_is_nan_for_one_class_or_no_resamples() -> None:
    y, p = _sample(50, 3)
    assert all(math.isnan(v) for v in bootstrap_auc_ci(np.ones(50, dtype=int), p))
    assert all(math.isnan(v) for v in bootstrap_auc_ci(y, p, n_boot=0))
    with pytest.raises(ValueError, match="n_boot must be an int >= 0, got -1"):
        bootstrap_auc_ci(y, p, n_boot=-1)


def _direct_ece(y: np.ndarray, p: np.ndarray) -> float:
    total = 0.0
    for b in range(10):
        lo, hi = b / 10, (b + 1) / 10
        m = (p >= lo) & ((p < hi) if b < 9 else (p <= 1.0))
        if m.any():
            total += m.sum() / len(p) * abs(y[m].mean() - p[m].mean())
    return total


@pytest.mark.parametrize("seed", range(3))
def test_ece_equals_a_direct_computation(seed: int) -> None:
    y, p = _sample(500, seed)
    p[:3] = [0.0, 1.0, 0.5]  # the edges of the bins
    assert expected_calibration_error(y, p) == pytest.approx(_direct_ece(y, p), abs=1e-12)


def test_verdict_table_agrees_with_risk_level() -> None:
    y, p = _sample(400, 4, ties=True)  # ties put scores exactly on the thresholds
    levels = np.array([risk_level(float(s)) for s in p])
    v = verdict_table(y, p)
    cred, non = y == 1, y == 0
    assert v.credible_high == int(((levels == "high") & cred).sum())
    assert v.noncredible_low == int(((levels == "low") & non).sum())
    assert v.false_alarm_share == pytest.approx(((levels == "high") & cred).sum() / cred.sum())
    assert v.miss_share == pytest.approx(((levels == "low") & non).sum() / non.sum())
    assert v.medium_share == pytest.approx((levels == "medium").mean())
    assert v.thresholds == (RISK_THRESHOLDS["high"], RISK_THRESHOLDS["medium"])
    assert v.n_credible + v.n_noncredible == len(y)


def test_verdict_table_with_given_thresholds() -> None:
    v = verdict_table(np.array([1, 1, 0, 0]), np.array([0.25, 0.35, 0.5, 0.95]), {"high": 0.3, "medium": 0.9})
    assert (v.credible_high, v.credible_medium, v.noncredible_medium, v.noncredible_low) == (1, 1, 1, 1)
    assert v.to_dict()["counts"]["credible"] == {"high": 1, "medium": 1, "low": 0, "unknown": 0}


def test_metrics_of_equals_sklearn() -> None:
    y, p = _sample(600, 5)
    m = Metrics.of(y, p, n_boot=200)
    assert m.auc == pytest.approx(roc_auc_score(y, p))
    assert m.accuracy == pytest.approx(accuracy_score(y, p >= 0.5))
    assert m.brier == pytest.approx(brier_score_loss(y, p))
    assert m.auc_low < m.auc < m.auc_high
    assert (m.n, m.n_credible, m.n_noncredible) == (600, int(y.sum()), int((y == 0).sum()))
    d = m.to_dict()
    assert d["roc_auc"] == m.auc and d["verdicts"]["miss_share"] == m.miss_share


def test_metrics_of_one_class_keeps_the_other_metrics() -> None:
    p = np.array([0.2, 0.7, 0.9])
    m = Metrics.of(np.ones(3, dtype=int), p)
    assert math.isnan(m.auc) and math.isnan(m.auc_low) and "AUC needs both labels" in (m.auc_note or "")
    assert m.accuracy == pytest.approx(2 / 3)
    assert m.false_alarm_share == pytest.approx(1 / 3)
    assert math.isnan(m.miss_share)  # no non-credible article to miss
    assert m.to_dict()["roc_auc"] is None


def test_metrics_of_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match=r"same length, got shapes \(3,\) and \(2,\)"):
        Metrics.of(np.array([0, 1, 1]), np.array([0.1, 0.2]))


def test_verdict_shares_carry_wilson_intervals() -> None:
    from credscore._evaluate import wilson_interval

    # 0 false alarms of 10 credible articles is not "0 %": the interval reaches 0.278.
    y = np.array([1] * 10 + [0] * 4)
    p = np.array([0.9] * 10 + [0.9, 0.9, 0.1, 0.1])
    d = verdict_table(y, p).to_dict()
    assert d["false_alarm_share"] == 0.0 and d["false_alarm_ci95"] == pytest.approx([0.0, 0.2775], abs=1e-4)
    assert d["miss_share"] == 0.5 and d["miss_ci95"] == pytest.approx(list(wilson_interval(2, 4)))
    low, high = wilson_interval(2, 4)
    assert low == pytest.approx(0.1500, abs=1e-4) and high == pytest.approx(0.8500, abs=1e-4)  # symmetric at 1/2
    assert verdict_table(np.array([1, 1]), np.array([0.9, 0.9])).to_dict()["miss_ci95"] == [None, None]
