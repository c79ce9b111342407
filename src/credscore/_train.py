"""Training a credscore model on labeled articles.

:func:`train` fits one class-balanced logistic regression on two blocks side
by side: the standardised, clipped signal and stylometry columns
(:mod:`credscore._features`) scaled by :data:`DENSE_SCALE`, and the TF-IDF
rows of the writing-pattern n-grams (:mod:`credscore._ngrams`) scaled by
:data:`NGRAM_SCALE`. Scaling a block is a per-block regularisation: with one
``C``, the smaller a block's scale, the more evidence its weights need.

Calibration (Platt scaling) is fitted on out-of-fold logits, each document
scored by a model that never saw it. With ``groups`` (corpora, publishers) the
folds leave one whole group out, each group weighs the same and the classes
are balanced within it, so the calibrated score is the probability that an
article **from a source the model never saw**, in a stream with as many
credible as non-credible articles (prior 0.5), is credible. Without groups
the folds are stratified and the classes balanced, for the same prior.
The calibration is folded into the weights, so the stored model stays linear.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from ._data import map_labels
from ._features import MIN_JUDGEABLE_WORDS, DocumentFeatures, feature_names, feature_signs, featurize
from ._model import MAX_SHRINK_WORDS, CredibilityModel, check_metadata, check_prior_range
from ._ngrams import NgramVocabulary, content_terms
from ._validation import as_documents, binary_labels, check_seed, group_name, same_index
from ._version import __version__

__all__ = ["recalibrate", "train"]

logger = logging.getLogger(__name__)

#: Inverse regularisation strength of the logistic regression (over both
#: blocks, as scaled). Chosen by leave-one-corpus-out evaluation (models/MODEL_CARD.md).
DEFAULT_C = 3.0
#: Scale of the standardised signal/stylometry block inside the regression.
DENSE_SCALE = 0.03
#: Scale of the writing-pattern TF-IDF block inside the regression.
NGRAM_SCALE = 0.7
#: An n-gram enters the vocabulary when at least this many training documents have it.
MIN_DF = 5
#: Short-text shrinkage: the logit is multiplied by words / (words + SHRINK_WORDS).
#: Fitted on held-out articles cut to 20-200 words (models/MODEL_CARD.md, "Short texts").
SHRINK_WORDS = 65.0
#: Standard scores are clipped to [-Z_CLIP, Z_CLIP] (see credscore._model).
Z_CLIP = 3.0
#: The tone family (exclamations, capitals, sensational words) can lower the
#: logit by at most this much, so that sourcing outweighs tone: it cost 0.002
#: of held-out AUC and cut the share of credible articles that sensational
#: edits flip to high risk from 27 % to 5 % (models/MODEL_CARD.md).
TONE_CAP = 0.5


def check_labels(labels: Iterable[Any], n: int, what: str = "training") -> np.ndarray:
    """Return labels as an int array of 0/1, or raise naming the problem (``what`` needs both classes)."""
    if isinstance(labels, (str, bytes)):
        raise TypeError("labels must be an iterable of 0/1 values, got a single string")
    out = binary_labels(labels)  # (its error for a named label points to label_map=)
    if len(out) != n:
        raise ValueError(f"labels must have one entry per text: got {len(out)} labels for {n} texts")
    classes = set(out.tolist())
    if classes != {0, 1}:
        raise ValueError(f"{what} needs both classes (0 and 1); labels only contain {sorted(classes)}")
    return out


def sample_weights(y: np.ndarray, groups: Sequence[Any] | None, given: np.ndarray | None = None) -> np.ndarray:
    """Weights that balance the classes, and each group's total, when groups are given.

    Within each group the two classes get equal total weight (a group with one
    class gets that class's share only); every group gets the same total, so
    a large corpus cannot dominate what the model learns. ``given`` (the
    user's ``sample_weight``) shares out each of those totals among its
    articles in proportion, instead of equally.

    Examples
    --------
    >>> sample_weights(np.array([1, 1, 0, 0]), None, np.array([3.0, 1.0, 1.0, 1.0])).tolist()
    [1.5, 0.5, 1.0, 1.0]
    """
    n = len(y)
    given = np.ones(n, dtype=np.float64) if given is None else np.asarray(given, dtype=np.float64)
    w = np.zeros(n, dtype=np.float64)
    keys = np.asarray(["" for _ in range(n)] if groups is None else [str(g) for g in groups], dtype=object)
    uniq = sorted(set(keys.tolist()))
    for g in uniq:
        in_g = keys == g
        for c in (0, 1):
            m = in_g & (y == c)
            total = float(given[m].sum())
            if total > 0:
                w[m] = given[m] / total
    # Classes overall stay balanced after group equalisation.
    for c in (0, 1):
        m = y == c
        total = float(w[m].sum())
        if not total > 0:
            raise ValueError(
                f"the {int(m.sum())} articles labeled {c} of this fit have sample_weight 0 (the fit of a "
                "cross-validation fold sees only part of the articles): give more articles of each class positive weight"
            )
        w[m] *= 0.5 / total
    return w * n


def check_sample_weight(sample_weight: Any, y: np.ndarray) -> np.ndarray | None:
    """``sample_weight`` as a float array with one finite, non-negative weight per article, or None.

    >>> check_sample_weight([1, 2.5], np.array([0, 1])).tolist()
    [1.0, 2.5]
    >>> check_sample_weight([1, -1], np.array([0, 1]))
    Traceback (most recent call last):
    ...
    ValueError: sample_weight[1] is -1.0: weights must be finite and >= 0
    >>> check_sample_weight([1e308, 1e308, 5e307], np.array([0, 1, 1])).tolist()  # only the ratios count
    [1.0, 1.0, 0.5]
    """
    if sample_weight is None:
        return None
    if isinstance(sample_weight, (str, bytes)) or np.isscalar(sample_weight):
        raise TypeError(f"sample_weight must hold one number per article, got {sample_weight!r}")
    values = sample_weight.tolist() if hasattr(sample_weight, "tolist") else list(sample_weight)
    missing = [i for i, v in enumerate(values) if v is None] if isinstance(values, list) else []
    if missing:  # (float(None) would be read as NaN)
        raise TypeError(f"sample_weight[{missing[0]}] is None: every article needs a weight ({len(missing)} missing)")
    try:
        w = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"sample_weight must hold numbers, one per article: {exc}") from None
    if w.ndim != 1 or len(w) != len(y):
        raise ValueError(f"sample_weight must be 1-D with one weight per article: got shape {w.shape} for {len(y)} articles")
    bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
    if len(bad):
        raise ValueError(f"sample_weight[{bad[0]}] is {float(w[bad[0]])!r}: weights must be finite and >= 0")
    with np.errstate(over="ignore"):
        overflows = not np.isfinite(w.sum())
    if overflows:  # finite weights whose sum overflows (1e308 each): only their ratios count
        w = w / w.max()
    for c in (0, 1):
        if not w[y == c].sum() > 0:
            raise ValueError(f"sample_weight is 0 on every article labeled {c}: each class needs positive weight")
    return w


def calibration_weights(y: np.ndarray, groups: Sequence[Any] | None, given: np.ndarray | None = None) -> np.ndarray:
    """Weights for the calibration fit: every group the same total, classes balanced within it.

    A group with only one class (a corpus of fakes only) gets half a group's
    weight, all on that class. Without groups: the two classes balanced.
    ``given`` shares out each total in proportion, as in :func:`sample_weights`.

    Examples
    --------
    >>> w = calibration_weights(np.array([1, 0, 0, 0]), ["a", "a", "a", "b"])
    >>> w.round(3).tolist()
    [0.5, 0.25, 0.25, 0.5]
    """
    y = np.asarray(y)
    given = np.ones(len(y), dtype=np.float64) if given is None else np.asarray(given, dtype=np.float64)
    keys = np.asarray(["" if groups is None else str(g) for g in (groups if groups is not None else y)], dtype=object)
    w = np.zeros(len(y), dtype=np.float64)
    for g in sorted(set(keys.tolist())):
        for c in (0, 1):
            m = (keys == g) & (y == c)
            total = float(given[m].sum())
            if total > 0:
                w[m] = 0.5 * given[m] / total
    return w


def _fit_raw(
    feats: DocumentFeatures,
    y: np.ndarray,
    weights: np.ndarray,
    *,
    C: float,
    ngrams: bool,
    min_df: int,
    random_state: int,
    texts: Sequence[str] | None = None,
) -> CredibilityModel:
    """One uncalibrated fit of the blocks; the block scales are folded into the stored weights.

    With ``feats.content`` (``content_words=True``) a third block, the
    content-word n-grams, sits beside the other two with the n-gram scale;
    ``texts`` are then needed to store its n-grams as text.
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    X = feats.X
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-12] = 1.0
    Z = np.clip((X - mean) / scale, -Z_CLIP, Z_CLIP)
    vocab = NgramVocabulary.fit(feats.ngrams, min_df) if ngrams else None
    if vocab is not None and not len(vocab.keys):
        vocab = None
    content = NgramVocabulary.fit(feats.content, min_df) if feats.content is not None else None
    if content is not None and not len(content.keys):
        content = None
    d = Z.shape[1]
    sparse_blocks = []
    if vocab is not None:
        sparse_blocks.append(vocab.matrix(feats.ngrams) * NGRAM_SCALE)
    if content is not None and feats.content is not None:
        sparse_blocks.append(content.matrix(feats.content) * NGRAM_SCALE)

    def design(held: np.ndarray) -> Any:
        """The design matrix with the ``held`` dense columns at 0 (their weights then fit to 0)."""
        dense = Z * DENSE_SCALE
        dense[:, held] = 0.0
        return sparse.hstack([sparse.csr_matrix(dense), *sparse_blocks]).tocsr() if sparse_blocks else dense

    w, intercept = _signed_fit(
        design, y, weights, feature_signs(), lambda: LogisticRegression(C=C, max_iter=5000, random_state=random_state)
    )
    n_ng = 0 if vocab is None else len(vocab.keys)
    ng = vocab.with_coef(w[d : d + n_ng] * NGRAM_SCALE) if vocab is not None else None
    ct = None
    if content is not None:
        names = tuple(content_terms(texts, content.keys)) if texts is not None else None
        ct = NgramVocabulary(content.keys, content.idf, w[d + n_ng :] * NGRAM_SCALE, names)
    return CredibilityModel(
        tuple(feature_names()), mean, scale, w[:d] * DENSE_SCALE, intercept, {}, Z_CLIP, ng,
        content=ct, tone_cap=TONE_CAP,
    )


def _signed_fit(
    design: Callable[[np.ndarray], Any], y: np.ndarray, weights: np.ndarray, signs: np.ndarray, make: Callable[[], Any]
) -> tuple[np.ndarray, float]:
    """A logistic regression whose first ``len(signs)`` weights keep their signs (1: >= 0, -1: <= 0, 0: free).

    An active set: a column whose weight comes out on the wrong side of zero
    is held at 0 (``design(held)`` zeroes it, so its L2-penalised weight fits
    to 0) and the model refitted; then a held column whose gradient at 0
    points to its own side (the loss falls as its weight moves that way) is
    let go once, and the model refitted. The result satisfies the sign
    constraints; with every sign 0 it is the plain fit.

    Returns the weights (held ones exactly 0) and the intercept.
    """
    held = np.zeros(len(signs), dtype=bool)
    released = np.zeros(len(signs), dtype=bool)
    signed = signs != 0
    while True:
        M = design(held)
        clf = make()
        clf.fit(M, y, sample_weight=weights)
        w = clf.coef_[0].astype(np.float64)
        w[: len(signs)][held] = 0.0
        wrong = signed & ~held & (signs * w[: len(signs)] < 0)
        if wrong.any():
            held |= wrong
            continue
        free_again = held & ~released
        if free_again.any():
            # d loss / d w_j at w_j = 0: sum of weight * (p - y) * x_j over the articles, x_j read unheld.
            residual = weights * (clf.predict_proba(M)[:, 1] - y)
            grad = residual @ design(np.zeros(len(signs), dtype=bool))[:, : len(signs)]
            go = free_again & (signs * np.asarray(grad).ravel() < 0)
            if go.any():
                held &= ~go
                released |= go
                continue
        return w, float(clf.intercept_[0])


def raw_logits(model: CredibilityModel, feats: DocumentFeatures) -> np.ndarray:
    """The model's logits before shrinkage and prior (what calibration is fitted on)."""
    return model.raw_logits(feats.X, feats.ngrams, feats.content)


def duplicate_keys(texts: Sequence[str] | None, *, warn: bool = True) -> np.ndarray | None:
    """One key per text, the same for texts equal but for surrounding whitespace; None when no two are
    (or ``texts`` is None). Cross-validation keeps each key's articles in one fold: a copy on both sides
    of a split scores an article with a model trained on it (the audit's 30 articles given twice reported
    AUC 1.000 instead of 0.831). ``warn`` logs how many repeat (once a corpus: the caller that splits it
    again, as the final fit after cross-validation does, says it).

    >>> duplicate_keys(["a", "b", " a"]).tolist(), duplicate_keys(["a", "b"])
    ([0, 1, 0], None)
    """
    if texts is None:
        return None
    seen: dict[str, int] = {}
    keys = np.fromiter((seen.setdefault(t.strip(), len(seen)) for t in texts), dtype=np.int64, count=len(texts))
    if len(seen) == len(keys):
        return None
    if warn:
        logger.warning(
            "%d of %d articles repeat another article's text: each text's copies are kept in one "
            "cross-validation fold", len(keys) - len(seen), len(keys),
        )
    return keys


def merged_groups(groups: Sequence[Any], same: np.ndarray | None) -> tuple[np.ndarray, int]:
    """The groups with every two that share a text (a ``same`` key, :func:`duplicate_keys`) made one, for
    making folds; and how many groups were merged into others. Held out apart, syndicated copies of one
    article under two publishers score the copy with a model trained on it (the audit's 400 texts given
    twice under two groups: retrained AUC 0.965 against 0.488 with the copies in one fold).

    >>> keys, merged = merged_groups(["a", "b", "c", "d"], np.array([0, 1, 0, 2]))
    >>> keys.tolist(), merged
    (['a', 'b', 'a', 'd'], 1)
    """
    names = [str(g) for g in groups]
    if same is None:
        return np.asarray(names, dtype=object), 0
    parent = {g: g for g in names}

    def root(g: str) -> str:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    first: dict[int, str] = {}
    for g, key in zip(names, same.tolist()):
        other = first.setdefault(key, g)
        a, b = root(g), root(other)
        if a != b:
            parent[max(a, b)] = min(a, b)
    roots = {g: root(g) for g in parent}
    return np.asarray([roots[g] for g in names], dtype=object), len(roots) - len(set(roots.values()))


def stratified_folds(
    y: np.ndarray, k: int, random_state: int, same: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``k`` stratified (train, test) folds, shuffled; the articles of one ``same`` key (see
    :func:`duplicate_keys`) in one fold."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    if same is None:
        return list(StratifiedKFold(n_splits=k, shuffle=True, random_state=random_state).split(np.zeros(len(y)), y))
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=random_state)
    return list(splitter.split(np.zeros(len(y)), y, same))


def out_of_fold_logits(
    feats: DocumentFeatures,
    y: np.ndarray,
    groups: Sequence[Any] | None,
    fit: Callable[[DocumentFeatures, np.ndarray, np.ndarray], CredibilityModel],
    *,
    balance_groups: bool = False,
    random_state: int = 0,
    same: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, str]:
    """Raw logits of each document from a model fitted without it, and how the folds were made.

    With two or more groups: leave one group out. Otherwise 5-fold stratified, the documents of one
    ``same`` key (copies of one text, :func:`duplicate_keys`) in one fold.
    """
    n = len(y)
    oof = np.zeros(n, dtype=np.float64)
    keys = None if groups is None else np.asarray([str(g) for g in groups], dtype=object)
    folds: list[tuple[np.ndarray, np.ndarray]] = []
    if keys is not None and len(set(keys.tolist())) < 2:
        logger.warning("the groups name one group only: no source can be left out, so calibration is on stratified "
                       "folds (give two groups or more to calibrate for sources the model did not see)")
    if keys is not None and len(set(keys.tolist())) >= 2:
        held, merged = merged_groups(keys.tolist(), same)  # groups that share a text are held out together
        if merged:
            logger.warning("%d group(s) share texts with others: each such set of groups is held out together", merged)
        folds = [(np.flatnonzero(held != g), np.flatnonzero(held == g)) for g in sorted(set(held.tolist()))]
        how = f"leave-one-group-out over {len(folds)} groups" + (f" ({merged} merged: they share texts)" if merged else "")
        if len(folds) < 2:
            logger.warning("the groups share texts so widely that they make one; calibrating on stratified folds")
            folds = []
        elif any(len(set(y[tr].tolist())) < 2 for tr, _ in folds):
            # Leaving out some group leaves one class only: such groups cannot be held out.
            logger.warning("leaving one group out leaves a single class for some group; calibrating on stratified folds")
            folds = []
    if not folds:
        per_class = np.bincount(y, minlength=2)
        if same is not None:  # copies of a text count once: they share a fold
            per_class = np.array([len(set(same[y == c].tolist())) for c in (0, 1)])
        k = int(min(5, per_class.min()))
        if k < 2:
            raise ValueError(
                f"calibration needs at least 2 {'distinct ' if same is not None else ''}articles of each class, "
                f"got {per_class.tolist()} (labels 0 and 1); add labeled articles (or, in Python, pass calibrate=False)"
            )
        folds = stratified_folds(y, k, random_state, same)
        how = f"{k}-fold stratified" + ("" if same is None else " (copies of a text in one fold)")
    for tr, te in folds:
        sub_groups = None if keys is None else keys[tr].tolist()
        w = sample_weights(y[tr], sub_groups if balance_groups else None, None if sample_weight is None else sample_weight[tr])
        oof[te] = raw_logits(fit(feats.take(tr), y[tr], w), feats.take(te))
    return oof, how


def platt(
    logits: np.ndarray, y: np.ndarray, weights: np.ndarray, *, smooth: bool = False, shrink: np.ndarray | float = 1.0
) -> tuple[float, float]:
    """Weighted Platt scaling: ``(a, b)`` of ``sigmoid(shrink * (a * logit + b))``, the calibration as the
    model applies it (:meth:`CredibilityModel.recalibrated`: the short-text shrinkage multiplies the whole
    calibrated logit, its intercept included); with ``shrink`` 1, plain ``sigmoid(a * logit + b)``.

    With ``smooth``, the targets are Platt's (1999) ``(n1 + 1) / (n1 + 2)`` for
    the ``n1`` positives and ``1 / (n0 + 2)`` for the ``n0`` negatives instead
    of 1 and 0 (each article counted once as each class, weighted by its
    target), so that a sample the logits separate perfectly still gets a
    finite slope: fitted to 1 and 0 it grows without bound and every score
    becomes 0 or 1 (a small sample from one source often is separable).
    """
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(logits, dtype=np.float64)
    s = np.broadcast_to(np.asarray(shrink, dtype=np.float64), x.shape)
    yy = np.asarray(y)
    w = weights * len(yy) / weights.sum()
    if smooth:
        n1 = int(np.count_nonzero(yy == 1))
        n0 = len(yy) - n1
        target = np.where(yy == 1, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))
        x = np.concatenate([x, x])
        s = np.concatenate([s, s])
        yy = np.concatenate([np.ones(len(target), dtype=np.int64), np.zeros(len(target), dtype=np.int64)])
        w = np.concatenate([w * target, w * (1 - target)])
    # Fitted on the logits divided by their spread, the slope divided back: a strongly regularised model
    # (C = 0.001) has logits of 1e-4 or less, on which the solver stopped at a slope of exactly 0 (every
    # score at the base rate, and the slope guard's warning for a model that ranked well).
    spread = float(np.std(x))
    spread = spread if spread > 0 else 1.0
    # Two columns and no free intercept: the shrunk logit and the shrinkage itself (whose weight is b).
    cal = LogisticRegression(C=1e6, max_iter=5000, fit_intercept=False)
    cal.fit(np.column_stack([s * x / spread, s]), yy, sample_weight=w)
    return float(cal.coef_[0, 0]) / spread, float(cal.coef_[0, 1])


def _warn_both_labels(y: np.ndarray, same: np.ndarray | None, what: str) -> None:
    """Warn when copies of a text (``same`` keys, :func:`duplicate_keys`) are labeled both 0 and 1."""
    if same is None:
        return
    yy = np.asarray(y)
    both = set(same[yy == 0].tolist()) & set(same[yy == 1].tolist())
    if both:  # the same text labeled credible and not: the fit cannot tell them apart, whatever the model
        logger.warning(
            "%d text(s) of the %s carry both labels (copies labeled 0 and 1): a score cannot be right for both, "
            "so they pull the calibration flat; check the labels", len(both), what,
        )


def _few_per_class(y: np.ndarray, same: np.ndarray | None) -> str:
    """The classes with fewer than :data:`FEW_PER_CLASS` distinct texts (``same``: one key per text, equal
    for copies, or None) as a warning names them ("2 credible (1) and 3 non-credible (0)"), or ""."""
    yy = np.asarray(y)
    kind = "distinct " if same is not None else ""
    counts = {c: int(np.count_nonzero(yy == c)) if same is None else len(set(same[yy == c].tolist())) for c in (1, 0)}
    names = {1: "credible (1)", 0: "non-credible (0)"}
    return " and ".join(f"{counts[c]} {kind}{names[c]}" for c in (1, 0) if counts[c] < FEW_PER_CLASS)


def _ranking_kept(a: float, b: float) -> tuple[float, float]:
    """Platt's ``(a, b)``, or ``(1e-6, 0)`` when the slope ``a`` is not positive: applied, a negative slope
    turns the model's ranking upside down, and the intercept fitted beside it puts every score on one side.
    The ranking is kept, without a confidence it has not earned (every score near the base rate)."""
    return (a, b) if a > 0 else (1e-6, 0.0)


def fit_model(
    feats: DocumentFeatures,
    y: np.ndarray,
    *,
    groups: Sequence[Any] | None = None,
    C: float = DEFAULT_C,
    balance_groups: bool = False,
    calibrate: bool = True,
    ngrams: bool = True,
    min_df: int = MIN_DF,
    shrink_words: float = SHRINK_WORDS,
    random_state: int = 0,
    metadata: dict[str, Any] | None = None,
    texts: Sequence[str] | None = None,
    sample_weight: np.ndarray | None = None,
) -> CredibilityModel:
    """Fit a model on featurized documents (see :func:`train`).

    ``texts`` are needed only when ``feats`` has content-word counts, to store
    the content n-grams as text.
    """

    def fit(f: DocumentFeatures, yy: np.ndarray, w: np.ndarray) -> CredibilityModel:
        return _fit_raw(f, yy, w, C=C, ngrams=ngrams, min_df=min_df, random_state=random_state)

    w = sample_weights(y, groups if balance_groups else None, sample_weight)
    model = _fit_raw(feats, y, w, C=C, ngrams=ngrams, min_df=min_df, random_state=random_state, texts=texts)
    meta = dict(metadata or {})
    if calibrate:
        same = duplicate_keys(texts, warn=groups is None or len(set(groups)) < 2)
        _warn_both_labels(y, same, "training data")
        oof, how = out_of_fold_logits(
            feats, y, groups, fit, balance_groups=balance_groups, random_state=random_state, same=same,
            sample_weight=sample_weight,
        )
        # Fitted on the logits as they will be used: shrunk by each article's length.
        shrink = feats.words / (feats.words + shrink_words) if shrink_words else 1.0
        # A small sample is often separable out of fold: fitted to 1 and 0 its slope grows without bound (an
        # audit: 419 for 2 + 2 articles, 87 % of a new source's scores then below 0.01 or above 0.99), so it
        # gets Platt's targets, as recalibrate() fits them, and a warning.
        small = _few_per_class(y, same)
        a, b = platt(oof, y, calibration_weights(y, groups, sample_weight), shrink=shrink, smooth=bool(small))
        method = f"Platt scaling on {how} out-of-fold logits, groups weighted equally, classes balanced"
        if small:
            method += ", Platt's targets (a small sample)"
            logger.warning(
                "trained on only %s articles: with fewer than %d per class a model learns its sample more than "
                "the signals, and its scores on new text are unreliable; the calibration uses Platt's targets so "
                "that they stay off 0 and 1. Label more if you can", small, FEW_PER_CLASS,
            )
        if a <= 0:
            # Out of fold, the model ranks articles against their labels (no better than chance on
            # articles it did not see).
            logger.warning(
                "out of fold, the trained model ranks articles against their labels (calibration slope %.3g): "
                "it has learned nothing that carries to articles it did not see; slope set to 1e-6, so every "
                "article scores near the base rate. Label more articles, or check the labels", a,
            )
            method += f"; fitted slope {a:.3g} <= 0 set to 1e-6 and intercept {b:.3g} to 0"
        a, b = _ranking_kept(a, b)
        model = model.recalibrated(a, b)
        meta["calibration"] = {"method": method, "prior": 0.5, "a": a, "b": b}
    meta.setdefault("credscore_version", __version__)
    meta.update(
        C=C, dense_scale=DENSE_SCALE, ngram_scale=NGRAM_SCALE, min_df=min_df, ngrams=bool(ngrams), tone_cap=TONE_CAP,
        content_words=feats.content is not None,
    )
    return dataclasses.replace(model, shrink_words=float(shrink_words), metadata=meta)


def train(
    texts: Iterable[Any],
    labels: Iterable[Any],
    *,
    titles: Iterable[str | None] | None = None,
    groups: Sequence[Any] | None = None,
    C: float = DEFAULT_C,
    balance_groups: bool = False,
    calibrate: bool = True,
    ngrams: bool = True,
    content_words: bool = False,
    shrink_words: float = SHRINK_WORDS,
    random_state: int = 0,
    metadata: dict[str, Any] | None = None,
    label_map: dict[str, int] | None = None,
    sample_weight: Any = None,
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
        A group per article: the source corpus or publisher. Calibration then
        leaves one group out at a time, so scores are calibrated for sources
        the model did not see (give at least two groups). Also used by
        ``balance_groups``.
    C : float, default=DEFAULT_C
        Inverse regularisation strength.
    balance_groups : bool, default=False
        Give every group equal total weight in the fit. Off by default: in
        leave-one-corpus-out tests it generalised worse than class balancing
        alone (see models/MODEL_CARD.md).
    calibrate : bool, default=True
        Fit Platt scaling on out-of-fold logits (needs 2+ articles per class).
    ngrams : bool, default=True
        Read the writing-pattern n-grams (:mod:`credscore._ngrams`) beside the
        signal and stylometry columns.
    content_words : bool, default=False
        Also read word 1-2-grams of the text itself (topic words, names,
        outlets). For retraining *within one domain* (your sources, your
        topics), where they can help; never for scoring sources the model has
        not seen, where they learn topic and publisher instead of credibility
        (the shipped model has none; models/MODEL_CARD.md measures both).
    shrink_words : float, default=SHRINK_WORDS
        Short-text shrinkage (0 turns it off).
    random_state : int, default=0
        Seed; the same data and seed give the same model.
    metadata : dict, optional
        Stored in the model file (e.g. a training data manifest).
    label_map : dict, optional
        Named labels to 0/1, e.g. ``{"fake": 0, "real": 1}``; booleans are
        read as True = credible.
    sample_weight : array-like of float, optional
        A finite weight >= 0 per article. The classes stay balanced (and the
        groups, with ``balance_groups``): a class's total weight is shared
        among its articles in proportion to their weights instead of equally,
        in the fit and in the calibration. Weights do not enter the
        standardisation of the columns or the choice of n-grams (those seen in
        at least 5 articles, whatever their weight). Scaling every weight by
        one number changes nothing.

    Returns
    -------
    CredibilityModel
        Its scores assume a prior of 0.5 (as many credible as non-credible
        articles); :meth:`CredibilityModel.with_prior` changes that.

    Examples
    --------
    >>> import credscore
    >>> texts = [t + f" Story {i}." for i in range(10) for t in (  # ten of each, every text its own
    ...     "Sources said it was a hoax!! You won't believe what they are hiding from you, folks! "
    ...     "Share this before they delete it, because nobody else will tell you the truth!!",
    ...     "The council voted 7-2 on Monday to approve the budget, according to minutes released by the "
    ...     "clerk. Mayor Ann Lee said the plan would fund two libraries, and opponents said costs were too high.",
    ... )]
    >>> model = credscore.train(texts, [0, 1] * 10)
    >>> bool(model.score(texts[1]) > model.score(texts[0]))
    True
    """
    same_index(texts=texts, labels=labels, groups=groups, titles=titles, sample_weight=sample_weight)
    docs, doc_titles = as_documents(texts, "texts", titles=titles)
    if not docs:
        raise ValueError("texts is empty: training needs labeled articles")
    if labels is None or not hasattr(labels, "__iter__"):
        raise TypeError(f"labels must be an iterable of 0/1 values, one per text, got {type(labels).__name__}")
    if label_map is not None:
        labels = map_labels(labels, label_map)
    elif not isinstance(labels, (str, bytes)):
        # Booleans mean what they say: True = credible.
        labels = [int(v) if isinstance(v, (bool, np.bool_)) else v for v in labels]
    y = check_labels(labels, len(docs))
    empty = [i for i, t in enumerate(docs) if not t.strip()]
    if empty:
        raise ValueError(f"{len(empty)} training text(s) are empty or whitespace-only, first at index {empty[0]}")
    groups = _check_fit_args(C, groups, len(docs), shrink_words, random_state, calibrate)  # before the costly scan
    C = C.item() if isinstance(C, np.generic) else C  # np.int64(3) is recorded in the model's metadata as 3
    weights = check_sample_weight(sample_weight, y)
    if metadata is not None:
        if not isinstance(metadata, dict):
            raise TypeError(f"metadata must be a dict (JSON-ready) or None, got {type(metadata).__name__}")
        check_metadata(metadata)
    feats = featurize(docs, doc_titles, content_words=content_words)
    warn_unjudgeable(feats)
    return fit_model(
        feats,
        y,
        groups=groups,
        C=C,
        balance_groups=balance_groups,
        calibrate=calibrate,
        ngrams=ngrams,
        shrink_words=shrink_words,
        random_state=random_state,
        metadata=metadata,
        texts=docs,
        sample_weight=weights,
    )


def _check_fit_args(
    C: Any, groups: Sequence[Any] | None, n: int, shrink_words: Any = SHRINK_WORDS, random_state: Any = 0,
    calibrate: Any = True,
) -> list[Any] | None:
    """Check the options of a fit before any article is read; the groups as names (:func:`group_name`)."""
    if not isinstance(calibrate, (bool, np.bool_)):  # "no" or "false" is truthy: it would calibrate
        raise TypeError(f"calibrate must be True or False, got {type(calibrate).__name__} {calibrate!r}")
    # numbers.Real: NumPy's integers and floats too (a grid search hands np.int64 from np.array([1, 3])).
    if not (isinstance(C, numbers.Real) and not isinstance(C, (bool, np.bool_)) and math.isfinite(C) and float(C) > 0):
        raise ValueError(f"C must be a positive number, got {C!r}")
    if not (isinstance(shrink_words, numbers.Real) and not isinstance(shrink_words, (bool, np.bool_))
            and math.isfinite(shrink_words) and 0 <= float(shrink_words) <= MAX_SHRINK_WORDS):
        raise ValueError(
            f"shrink_words must be a number in [0, {MAX_SHRINK_WORDS:g}] (0: no length shrinkage), got {shrink_words!r}"
        )
    check_seed(random_state)
    if groups is None:
        return None
    if isinstance(groups, (str, bytes)):
        raise TypeError("groups must be an iterable with one group per text, got a single string")
    groups = [group_name(g, f"groups[{i}]") for i, g in enumerate(groups)]
    if len(groups) != n:
        raise ValueError(f"groups must have one entry per text: got {len(groups)} for {n} texts")
    return groups


def warn_unjudgeable(feats: DocumentFeatures) -> None:
    """Warn when training texts are too short or not English: credscore scores such a text at the prior
    whatever the model learns, yet it enters the fit (recalibration leaves them out). An audit's 60
    seven-word texts added to 80 articles doubled the intercept and cost 0.026 held-out AUC."""
    n_out = int(len(feats.judgeable) - np.count_nonzero(feats.judgeable))
    if n_out:
        logger.warning(
            "%d of %d training articles are too short (under %d words) or not English: credscore scores such "
            "a text at the prior whatever it learns, but they still enter the fit; leave them out to train on "
            "what it judges", n_out, len(feats.judgeable), MIN_JUDGEABLE_WORDS,
        )


def train_features(
    feats: DocumentFeatures,
    y: np.ndarray,
    *,
    groups: Sequence[Any] | None = None,
    C: float = DEFAULT_C,
    balance_groups: bool = False,
    calibrate: bool = True,
    ngrams: bool = True,
    random_state: int = 0,
    metadata: dict[str, Any] | None = None,
    texts: Sequence[str] | None = None,
    sample_weight: np.ndarray | None = None,
) -> CredibilityModel:
    """:func:`train` on already featurized documents (:func:`~credscore._features.featurize`).

    For callers that need the features for something else too (the CLI's
    cross-validation), so that each article is scanned once. ``sample_weight``
    comes checked (:func:`check_sample_weight`), as the caller needed it too.
    """
    groups = _check_fit_args(C, groups, len(y), random_state=random_state, calibrate=calibrate)
    warn_unjudgeable(feats)
    meta = dict(metadata or {})
    meta.setdefault("n_train", len(y))
    meta.setdefault("n_train_by_label", {"0": int((y == 0).sum()), "1": int((y == 1).sum())})
    return fit_model(
        feats,
        y,
        groups=groups,
        C=float(C),
        balance_groups=balance_groups,
        calibrate=calibrate,
        ngrams=ngrams,
        random_state=random_state,
        metadata=meta,
        texts=texts,
        sample_weight=sample_weight,
    )


#: Below this many labeled articles of either class, :func:`recalibrate` warns:
#: the class carries half the fit, so its few articles decide the intercept
#: (with ~14 credible articles in 100, one draw's balanced ECE varies by ~0.025).
FEW_PER_CLASS = 20
#: Below this AUC of the model's log-odds on the labeled sample, :func:`recalibrate` warns that the
#: refitted slope will be small: every article of the source then scores near the prior (an audit's
#: fakehealth draw at AUC 0.53 put 1,441 articles between 0.73 and 0.79, all low risk).
FLAT_AUC = 0.6


def recalibrate_model(
    model: CredibilityModel,
    feats: DocumentFeatures,
    y: np.ndarray,
    *,
    prior: float | None = 0.5,
    quiet: bool = False,
    same: np.ndarray | None = None,
) -> CredibilityModel:
    """Refit the calibration (slope and intercept) of ``model`` on labeled, featurized documents.

    The fit balances the classes, so the result assumes ``prior`` (the share
    of credible articles in the stream it will score; ``None`` takes the
    sample's own share, kept within [0.01, 0.99]; a prior given is used as
    given). ``same`` holds one key per document, equal for copies of one
    text (:func:`duplicate_keys`): the small-sample warning counts distinct
    texts. ``quiet`` drops the warnings about the sample (a class under
    :data:`FEW_PER_CLASS` texts, a ranking against the model, one the
    model barely separates): the corpus study draws hundreds of small
    samples on purpose and reports them itself.
    """
    y = np.asarray(y)
    counts = np.bincount(y, minlength=2)
    if counts.min() < 1:
        raise ValueError(f"recalibration needs labeled articles of both classes (0 and 1), got counts {counts.tolist()}")
    distinct = counts if same is None else np.array([len(set(same[y == c].tolist())) for c in (0, 1)])
    if distinct.min() < FEW_PER_CLASS and not quiet:
        # every class under the mark is named (an audit: 2 credible and 3 non-credible named only the first)
        few = _few_per_class(y, same)
        logger.warning(
            "only %s articles in the labeled sample: with fewer than %d per class the refitted calibration "
            "varies widely from sample to sample (see 'Recalibration' in the model card); label more if you can",
            few, FEW_PER_CLASS,
        )
    if not quiet:
        _warn_both_labels(y, same, "labeled sample")
    w = np.where(y == 1, 0.5 / counts[1], 0.5 / counts[0])
    # Fitted as it is applied, shrunk by each article's length (a sample of short articles fitted without
    # it gave scores half as confident as they should be); smoothed: a small sample is often separable.
    z = raw_logits(model, feats)
    a, b = platt(z, y, w, smooth=True, shrink=model.shrinkage(feats.words))
    if not quiet:
        _warn_of_the_ranking(y, z, a)
    a, b = _ranking_kept(a, b)
    p = min(max(float(np.mean(y)), 0.01), 0.99) if prior is None else float(prior)
    new = model.recalibrated(a, b).with_prior(p)
    record: dict[str, Any] = {"a": a, "b": b}
    before = model.metadata.get("recalibrated")
    if isinstance(before, dict):  # recalibrated again: keep the fit before (one level, so the file stays shallow)
        record["previous"] = {k: v for k, v in before.items() if k != "previous"}
    return dataclasses.replace(new, metadata={**new.metadata, "recalibrated": record})


def _warn_of_the_ranking(y: np.ndarray, z: np.ndarray, a: float) -> None:
    """Warn when the labeled sample cannot recalibrate the model well: every article scores alike, the sample
    ranks against the model (fitted slope ``a`` <= 0), or the model barely separates it."""
    if not np.ptp(z):  # one logit for all (copies of one text): nothing to rank, for or against
        logger.warning(
            "every article of the labeled sample gets the same score from the model, so it says nothing of how "
            "the model ranks this source (slope %.3g); label distinct articles", a,
        )
    elif a <= 0:  # the sample ranks opposite to the model
        logger.warning(
            "the labeled sample ranks articles against the model (slope %.3g): slope set to 1e-6 and "
            "intercept to 0, so every article scores near the prior", a,
        )
    elif (auc := _rank_auc(y, z)) < FLAT_AUC:
        logger.warning(
            "the model barely separates the labeled sample (AUC %.2f on it, slope %.3g): recalibrated, it scores "
            "every article of this source near the prior, and its verdicts say little; its signals may not fit "
            "this source (label more articles, or train on your own: credscore train)", auc, a,
        )


def recalibration_parts(record: Any) -> tuple[int | None, str]:
    """A recalibration record (``metadata["recalibrated"]``) as ``credscore info`` and ``credscore evaluate`` print
    it: the number of articles it was fitted on (None if not recorded) and its slope, intercept and prior.

    >>> recalibration_parts({"a": 0.8, "b": -0.1, "n": 100, "prior": 0.5})
    (100, 'slope 0.8, intercept -0.1, prior 0.5')
    """
    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    n = record.get("n")
    parts = [f"{name} {record[key]:.3g}" for key, name in (("a", "slope"), ("b", "intercept"), ("prior", "prior"))
             if number(record.get(key))]
    return (n if isinstance(n, int) and not isinstance(n, bool) else None), ", ".join(parts)


def _rank_auc(y: np.ndarray, z: np.ndarray) -> float:
    """ROC AUC of scores ``z`` against 0/1 labels ``y`` (ties count half), both labels present.

    >>> _rank_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    0.75
    """
    from scipy.stats import rankdata

    r = rankdata(z)
    n1 = int((y == 1).sum())
    n0 = len(y) - n1
    return float((r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def recalibrate(
    texts: Iterable[Any],
    labels: Iterable[Any],
    *,
    titles: Iterable[str | None] | None = None,
    model: CredibilityModel | None = None,
    prior: float | None = 0.5,
    label_map: dict[str, int] | None = None,
) -> CredibilityModel:
    """Recalibrate a model to your own source from a small labeled sample (50-200 articles).

    Only the calibration is refitted: the slope and intercept that turn the
    model's log-odds into a probability. What changes is what a score means
    on *your* articles, and so the risk verdicts. The ranking of articles
    stays nearly the same, not exactly: a short article's log-odds are
    shrunk toward 0 (``shrink_words``), the new intercept with them, and the
    tone cap bounds the tone columns' part whatever the slope, so articles
    of different lengths or tone can swap places (in an audit, 79 of ~2,500
    pairs in 100 fakespeak articles; AUC 0.962 -> 0.961, and 0.980 -> 0.974
    on 100 horne articles).

    Parameters
    ----------
    texts, labels, titles
        Labeled articles from the source you will score (1 = credible).
    model : CredibilityModel, optional
        The model to recalibrate; the shipped one by default.
    prior : float or None, default=0.5
        The share of credible articles the new scores assume, in [1e-6,
        0.999999] (:data:`credscore._model.MIN_PRIOR`). ``None`` takes the share
        in your sample (use it when the sample was drawn at random from the
        stream you will score).
    label_map : dict, optional
        Named labels to 0/1, e.g. ``{"fake": 0, "real": 1}``, as for
        :func:`train` (and ``credscore recalibrate --label-map``).

    Returns
    -------
    CredibilityModel
        Save it with :meth:`CredibilityModel.save`; pass it as ``model=``.

    Examples
    --------
    Twenty distinct articles of each class (with fewer, or with copies of one text, it logs a warning:
    the refitted calibration then varies widely from sample to sample):

    >>> import credscore
    >>> fake = [f"Sources said it was a hoax!! You won't believe what they are hiding from you, folks! Share "
    ...         f"this {k} times before they delete it, because nobody else will tell you the truth!!" for k in range(20)]
    >>> real = [f"The council voted {k}-2 on Monday to approve the budget, according to minutes released by the "
    ...         f"clerk. Mayor Ann Lee said the plan would fund {k} libraries, and opponents said costs were too high."
    ...         for k in range(3, 23)]
    >>> m = credscore.recalibrate(fake + real, [0] * 20 + [1] * 20)
    >>> bool(m.score(real[0]) > 0.5 > m.score(fake[0])), m.prior
    (True, 0.5)
    """
    from ._api import model_features, resolve_model

    same_index(texts=texts, labels=labels, titles=titles)
    mdl = resolve_model(model)
    docs, doc_titles = as_documents(texts, "texts", titles=titles)
    if not docs:
        raise ValueError("texts is empty: recalibration needs labeled articles")
    if label_map is not None:
        labels = map_labels(labels, label_map)
    y = check_labels(labels, len(docs), "recalibration")
    if prior is not None and (isinstance(prior, bool) or not isinstance(prior, numbers.Real)):
        raise TypeError(f"prior must be a number strictly between 0 and 1, or None, got {type(prior).__name__} {prior!r}")
    if prior is not None and not 0 < prior < 1:
        raise ValueError(f"prior must be a number strictly between 0 and 1, or None, got {prior!r}")
    if prior is not None:
        check_prior_range(prior)  # before the articles are read, not after
    feats = model_features(docs, doc_titles, mdl)  # as the model reads them (its content words too, if any)
    keep = feats.judgeable
    if int(keep.sum()) < len(keep):
        logger.warning("%d of %d articles are too short or not English and are left out", len(keep) - int(keep.sum()), len(keep))
    if len(set(y[keep].tolist())) < 2:
        raise ValueError("recalibration needs judgeable articles (20+ English words) of both classes")
    idx = np.flatnonzero(keep)
    same = duplicate_keys([docs[i] for i in idx], warn=False)
    if same is not None:
        logger.warning(
            "%d of %d judgeable articles repeat another's text: the fit counts every copy, the sample-size "
            "check counts distinct texts", len(idx) - len(set(same.tolist())), len(idx),
        )
    new = recalibrate_model(mdl, feats.take(idx), y[idx], prior=prior, same=same)
    meta = dict(new.metadata)
    meta["recalibrated"] = {**meta["recalibrated"], "n": len(idx), "prior": new.prior}
    return dataclasses.replace(new, metadata=meta)
