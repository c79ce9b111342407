"""Signals keep the direction their rationale gives them (credscore.Signal.sign): in training, in the
shipped model, and in what explain() shows for each signal found."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import credscore
from credscore import CATALOGUE, Signal
from credscore._features import feature_names, feature_signs
from credscore._train import _signed_fit

FIXTURES = Path(__file__).parent / "fixtures"


def _fit(X: np.ndarray, y: np.ndarray, signs: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    def design(held: np.ndarray) -> np.ndarray:
        out = X.copy()
        out[:, held] = 0.0
        return out

    return _signed_fit(design, y, np.ones(len(y)), signs, lambda: LogisticRegression(C=1.0, max_iter=5000))


def _loss_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    p = 1 / (1 + np.exp(-(X @ w + b)))
    return (p - y) @ X


@pytest.mark.parametrize("seed", range(6))
def test_a_signed_fit_keeps_its_signs_and_is_optimal_under_them(seed: int) -> None:
    # The active set: no weight on the wrong side of zero, and no weight held at zero that the loss would
    # rather move to its own side (the Karush-Kuhn-Tucker condition of the sign-constrained fit).
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(300, 6))
    X[:, 3] = X[:, 2] + rng.normal(scale=0.3, size=300)  # correlated pairs: holding one moves the other
    y = (X @ np.array([1.0, -1.0, 0.8, -0.5, 0.3, 0.0]) + rng.logistic(size=300) > 0).astype(int)
    signs = rng.choice([-1, 0, 1], size=6)
    w, b = _fit(X, y, signs)
    assert np.all(signs * w >= 0), (signs, w)
    held = (w == 0) & (signs != 0)
    grad = _loss_gradient(X, y, w, b)
    assert np.all(signs[held] * grad[held] >= -1e-3), (signs, w, grad)


def test_a_weight_the_data_would_sign_wrongly_is_zero_and_the_rest_are_the_fit_without_it() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X @ np.array([-1.0, 1.0, 0.5]) + rng.logistic(size=400) > 0).astype(int)
    free, _ = _fit(X, y, np.zeros(3, dtype=np.int8))
    assert free[0] < -0.5  # the data say minus
    w, b = _fit(X, y, np.array([1, 0, 0]))
    assert w[0] == 0.0
    without = X.copy()
    without[:, 0] = 0.0
    plain, plain_b = _fit(without, y, np.zeros(3, dtype=np.int8))
    assert np.allclose(w[1:], plain[1:], atol=1e-6) and b == pytest.approx(plain_b, abs=1e-6)
    same, _ = _fit(X, y, np.array([-1, 1, 0]))  # signs the data agree with change nothing
    assert np.allclose(same, free, atol=1e-6)


def test_every_catalogue_signal_has_a_sign_and_the_shipped_model_keeps_them() -> None:
    signs = feature_signs()
    names = feature_names()
    assert {s.name for s in CATALOGUE if s.sign == 0} == {"hedging", "official_denial"}  # two-sided, as their rationales say
    shipped = credscore.default_model()
    assert shipped.feature_names == tuple(names)
    wrong = [(n, float(c)) for n, s, c in zip(names, signs, shipped.coef) if s * c < 0]
    assert wrong == []


def test_a_sign_must_be_one_minus_one_or_zero() -> None:
    for bad in (2, -2, True, 0.5, "1"):
        with pytest.raises(ValueError, match="sign must be 1, -1 or 0"):
            Signal("x", "", "", (), (), (), sign=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["well_sourced.txt", "rumor_style.txt"])
def test_explain_credits_each_signal_found_in_its_own_direction(name: str) -> None:
    # Counted from the same article without it, a signal found never points against its sign (a cue of
    # careful reporting that lowered the score read as evidence against the article), and the parts still
    # add up to the score's logit.
    text = (FIXTURES / name).read_text(encoding="utf-8")
    ex = credscore.explain(text)
    sign = {s.name: s.sign for s in CATALOGUE}
    assert ex.signals
    assert all(sign[r.name] * r.contribution >= 0 for r in ex.signals), [(r.name, r.contribution) for r in ex.signals]
    logit = ex.baseline + sum(r.contribution for r in ex.signals) + sum(ex.style.values())
    assert 1 / (1 + np.exp(-logit)) == pytest.approx(ex.score, abs=1e-9)
