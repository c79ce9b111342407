"""Training a credscore model on labeled articles.

:func:`train` standardises the feature columns, fits a class-weighted
logistic regression, then calibrates probabilities with Platt scaling on
out-of-fold predictions and folds that calibration into the linear weights.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ._features import feature_matrix, feature_names
from ._model import CredibilityModel
from ._validation import as_documents
from ._version import __version__

__all__ = ["train"]

logger = logging.getLogger(__name__)

#: Inverse regularisation strength of the logistic regression. Chosen by
#: leave-one-corpus-out evaluation (see models/MODEL_CARD.md): stronger
#: regularisation generalises better across corpora than the sklearn default.
DEFAULT_C = 0.003
#: Standard scores are clipped to [-Z_CLIP, Z_CLIP] (see credscore._model).
#: Leave-one-corpus-out mean AUC: no clip 0.799, 5 -> 0.804, 3 -> 0.803, 2 -> 0.801;
#: 3 keeps headline-length snippets from extreme scores.
Z_CLIP = 3.0


def check_labels(labels: Iterable[Any], n: int) -> np.ndarray:
    """Return labels as an int array of 0/1, or raise naming the problem."""
    if isinstance(labels, (str, bytes)):
        raise TypeError("labels must be an iterable of 0/1 values, got a single string")
    values = list(labels)
    if len(values) != n:
        raise ValueError(f"labels must have one entry per text: got {len(values)} labels for {n} texts")
    out = np.empty(n, dtype=np.int64)
    for i, v in enumerate(values):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise TypeError(f"labels[{i}] must be 0 or 1, got {type(v).__name__} {v!r}")
        if v not in (0, 1):
            raise ValueError(f"labels[{i}] must be 0 or 1, got {v!r}")
        out[i] = int(v)
    classes = set(out.tolist())
    if classes != {0, 1}:
        raise ValueError(f"training needs both classes (0 and 1); labels only contain {sorted(classes)}")
    return out


def sample_weights(y: np.ndarray, groups: Sequence[Any] | None) -> np.ndarray:
    """Weights that balance the classes, and each group's total, when groups are given.

    Within each group the two classes get equal total weight (a group with one
    class gets that class's share only); every group gets the same total, so
    a large corpus cannot dominate what the model learns.
    """
    n = len(y)
    w = np.zeros(n, dtype=np.float64)
    keys = np.asarray(["" for _ in range(n)] if groups is None else [str(g) for g in groups], dtype=object)
    uniq = sorted(set(keys.tolist()))
    for g in uniq:
        in_g = keys == g
        for c in (0, 1):
            m = in_g & (y == c)
            k = int(m.sum())
            if k:
                w[m] = 1.0 / k
    # Classes overall stay balanced after group equalisation.
    for c in (0, 1):
        m = y == c
        w[m] *= 0.5 / w[m].sum()
    return w * n


def fit_linear(
    X: np.ndarray,
    y: np.ndarray,
    *,
    weights: np.ndarray,
    C: float,
    feature_names: Sequence[str],
    calibrate: bool = True,
    random_state: int = 0,
    metadata: dict[str, Any] | None = None,
) -> CredibilityModel:
    """Fit standardisation + logistic regression (+ Platt calibration) on a feature matrix."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-12] = 1.0
    Z = np.clip((X - mean) / scale, -Z_CLIP, Z_CLIP)
    clf = LogisticRegression(C=C, max_iter=5000, random_state=random_state)
    clf.fit(Z, y, sample_weight=weights)
    coef = clf.coef_[0].astype(np.float64)
    intercept = float(clf.intercept_[0])
    meta = dict(metadata or {})
    if calibrate:
        a, b = _platt(Z, y, weights, C=C, random_state=random_state)
        coef = coef * a
        intercept = intercept * a + b
        meta["calibration"] = {"method": "platt on 5-fold stratified out-of-fold logits", "a": a, "b": b}
    meta.setdefault("credscore_version", __version__)
    meta["C"] = C
    return CredibilityModel(tuple(feature_names), mean, scale, coef, intercept, meta, Z_CLIP)


def _platt(Z: np.ndarray, y: np.ndarray, weights: np.ndarray, *, C: float, random_state: int) -> tuple[float, float]:
    """Fit ``sigmoid(a * logit + b)`` on 5-fold out-of-fold logits.

    The calibration fit is unweighted, so probabilities follow the base rate
    of the training data. Folds are stratified, not grouped by corpus: with
    corpus-grouped folds the between-corpus shifts dominated the fit and
    pooled expected calibration error rose from about 0.03 to 0.135.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    oof = np.zeros(len(y))
    for tr, te in StratifiedKFold(n_splits=5, shuffle=True, random_state=random_state).split(Z, y):
        m = LogisticRegression(C=C, max_iter=5000, random_state=random_state)
        m.fit(Z[tr], y[tr], sample_weight=weights[tr])
        oof[te] = m.decision_function(Z[te])
    cal = LogisticRegression(C=1e6, max_iter=5000)
    cal.fit(oof.reshape(-1, 1), y)
    return float(cal.coef_[0, 0]), float(cal.intercept_[0])


def train(
    texts: Iterable[Any],
    labels: Iterable[Any],
    *,
    titles: Iterable[str | None] | None = None,
    groups: Sequence[Any] | None = None,
    C: float = DEFAULT_C,
    balance_groups: bool = False,
    calibrate: bool = True,
    random_state: int = 0,
    metadata: dict[str, Any] | None = None,
) -> CredibilityModel:
    """Train a credscore model on your own labeled articles.

    Parameters
    ----------
    texts : iterable of str or mapping
        Article bodies (or mappings with ``"text"`` and optional ``"title"``).
    labels : iterable of {0, 1}
        1 = credible, 0 = not credible.
    titles : iterable of str or None, optional
        Headlines, parallel to ``texts``.
    groups : sequence, optional
        A group per article (e.g. the source corpus or publisher), used by
        ``balance_groups``.
    balance_groups : bool, default=False
        Give every group equal total weight. Off by default: in
        leave-one-corpus-out tests it generalised worse than class balancing
        alone (see models/MODEL_CARD.md).
    C : float, default=DEFAULT_C
        Inverse regularisation strength.
    calibrate : bool, default=True
        Fit Platt scaling on out-of-fold predictions.
    random_state : int, default=0
        Seed; the same data and seed give the same model.
    metadata : dict, optional
        Stored in the model file (e.g. a training data manifest).

    Returns
    -------
    CredibilityModel

    Examples
    --------
    >>> import credscore
    >>> texts = ["Sources said it was a hoax!!", "The council voted 7-2 on Monday, minutes show."] * 10
    >>> model = credscore.train(texts, [0, 1] * 10)
    >>> bool(model.score(texts[1]) > model.score(texts[0]))
    True
    """
    docs, doc_titles = as_documents(texts, "texts", titles=titles)
    if not docs:
        raise ValueError("texts is empty: training needs labeled articles")
    y = check_labels(labels, len(docs))
    empty = [i for i, t in enumerate(docs) if not t.strip()]
    if empty:
        raise ValueError(f"{len(empty)} training text(s) are empty or whitespace-only, first at index {empty[0]}")
    groups = _check_fit_args(C, groups, len(docs))  # before the costly scan
    return train_features(
        feature_matrix(docs, doc_titles),
        y,
        groups=groups,
        C=C,
        balance_groups=balance_groups,
        calibrate=calibrate,
        random_state=random_state,
        metadata=metadata,
    )


def _check_fit_args(C: Any, groups: Sequence[Any] | None, n: int) -> list[Any] | None:
    if not (isinstance(C, (int, float)) and not isinstance(C, bool) and C > 0):
        raise ValueError(f"C must be a positive number, got {C!r}")
    if groups is None:
        return None
    groups = list(groups)
    if len(groups) != n:
        raise ValueError(f"groups must have one entry per text: got {len(groups)} for {n} texts")
    return groups


def train_features(
    X: np.ndarray,
    y: np.ndarray,
    *,
    groups: Sequence[Any] | None = None,
    C: float = DEFAULT_C,
    balance_groups: bool = False,
    calibrate: bool = True,
    random_state: int = 0,
    metadata: dict[str, Any] | None = None,
) -> CredibilityModel:
    """:func:`train` on an already computed :func:`~credscore._features.feature_matrix`.

    For callers that need the features for something else too (the CLI's
    cross-validation), so that each article is scanned once.
    """
    groups = _check_fit_args(C, groups, len(y))
    w = sample_weights(y, groups if balance_groups else None)
    meta = dict(metadata or {})
    meta.setdefault("n_train", len(y))
    meta.setdefault("n_train_by_label", {"0": int((y == 0).sum()), "1": int((y == 1).sum())})
    return fit_linear(
        X,
        y,
        weights=w,
        C=float(C),
        feature_names=feature_names(),
        calibrate=calibrate,
        random_state=random_state,
        metadata=meta,
    )
