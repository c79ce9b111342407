"""Evaluation metrics, and :func:`evaluate`: how well a model works on your own labeled articles.

The metric functions are small and plain, each checked against scikit-learn
or a direct count in tests/test_metrics.py, and shared with the
leave-one-corpus-out study (:mod:`credscore._study`):

- :func:`roc_auc` (NaN, with :func:`auc_undefined_reason`, for one class) and
  :func:`bootstrap_auc_ci` (stratified bootstrap percentile interval);
- accuracy at the 0.5 threshold and the Brier score (in :meth:`Metrics.of`);
- :func:`expected_calibration_error` (10 equal-width bins, weighted by size);
- :func:`verdict_table`: articles by label and risk level at
  :data:`credscore.RISK_THRESHOLDS` -- false alarms (credible called high
  risk), misses (non-credible called low risk), the share left at medium.

:func:`evaluate` (public as :func:`credscore.evaluate`) scores labeled
articles in batches and reports these overall and per group, for the given
model and optionally for credscore retrained by K-fold cross-validation and a
TF-IDF + logistic regression baseline on the same folds. The command
``credscore evaluate DATA...`` is a thin layer over :func:`evaluate_batches`.
"""

from __future__ import annotations

import logging
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._atomic import atomic_write

__all__ = [
    "BenchmarkReport",
    "EvaluationReport",
    "Metrics",
    "ModelEvaluation",
    "Verdicts",
    "auc_undefined_reason",
    "bootstrap_auc_ci",
    "evaluate",
    "evaluate_batches",
    "evaluate_corpora",
    "expected_calibration_error",
    "roc_auc",
    "tfidf_baseline_proba",
    "verdict_table",
]

logger = logging.getLogger(__name__)

CARD_START = "<!-- evaluation:start -->"
CARD_END = "<!-- evaluation:end -->"


def roc_auc(y: np.ndarray, p: np.ndarray) -> float:
    """ROC AUC (the Mann-Whitney statistic), ties counted one half; NaN with one class.

    Equals :func:`sklearn.metrics.roc_auc_score` whenever both classes are
    present, without its error for a one-class sample.

    Examples
    --------
    >>> import numpy as np
    >>> roc_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    0.75
    >>> roc_auc(np.array([1, 1]), np.array([0.2, 0.9]))
    nan
    """
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    pos = y == 1
    if pos.all() or not pos.any():
        return float("nan")
    return _auc(p[pos], np.sort(p[~pos]))


def _auc(pos_scores: np.ndarray, neg_sorted: np.ndarray) -> float:
    """P(a credible article outscores a non-credible one), ties counted one half."""
    below = np.searchsorted(neg_sorted, pos_scores, side="left").sum()
    at_or_below = np.searchsorted(neg_sorted, pos_scores, side="right").sum()
    return float((below + at_or_below) / 2 / (len(pos_scores) * len(neg_sorted)))


def auc_undefined_reason(y: np.ndarray) -> str | None:
    """Why ROC AUC cannot be computed on labels ``y``, or None when it can.

    Examples
    --------
    >>> import numpy as np
    >>> auc_undefined_reason(np.array([1, 1, 1]))
    'only credible (label 1) articles: AUC needs both labels'
    >>> auc_undefined_reason(np.array([0, 1])) is None
    True
    """
    y = np.asarray(y)
    if len(y) == 0:
        return "no articles"
    n1 = int((y == 1).sum())
    if n1 == len(y):
        return "only credible (label 1) articles: AUC needs both labels"
    if n1 == 0:
        return "only non-credible (label 0) articles: AUC needs both labels"
    return None


def bootstrap_auc_ci(
    y: np.ndarray, p: np.ndarray, *, n_boot: int = 1000, level: float = 0.95, random_state: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap interval of the ROC AUC.

    Each resample draws the credible and the non-credible articles with
    replacement separately (a stratified bootstrap), so every resample keeps
    both classes in their observed numbers and has a defined AUC.

    Parameters
    ----------
    y, p : array-like
        Labels (0/1) and scores.
    n_boot : int, default=1000
        Resamples; 0 returns ``(nan, nan)``.
    level : float, default=0.95
        Coverage of the interval.
    random_state : int, default=0
        Seed: the same inputs give the same interval.

    Returns
    -------
    (low, high) : tuple of float
        ``(nan, nan)`` when ``y`` has one class.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.repeat([0, 1], 200)
    >>> p = np.clip(0.5 * y + rng.uniform(0, 0.6, 400), 0, 1)
    >>> low, high = bootstrap_auc_ci(y, p)
    >>> bool(low < roc_auc(y, p) < high)
    True
    """
    n_boot = _check_n_boot(n_boot)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    pos = np.flatnonzero(y == 1)
    neg = np.flatnonzero(y != 1)
    if n_boot == 0 or len(pos) == 0 or len(neg) == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(random_state)
    n1, n0 = len(pos), len(neg)
    aucs = np.empty(n_boot, dtype=np.float64)
    # Resamples drawn in blocks: a (block, n) index matrix at a time keeps memory at a few MB.
    block = max(1, 1_000_000 // (n1 + n0))
    for start in range(0, n_boot, block):
        k = min(block, n_boot - start)
        draws_pos = rng.integers(0, n1, size=(k, n1))
        draws_neg = rng.integers(0, n0, size=(k, n0))
        for j in range(k):
            aucs[start + j] = _auc(p[pos[draws_pos[j]]], np.sort(p[neg[draws_neg[j]]]))
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(aucs, [tail, 100 - tail])
    return float(low), float(high)


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error with equal-width bins, weighted by bin size.

    A score of exactly 1.0 falls in the last bin. NaN for an empty sample.

    Examples
    --------
    >>> import numpy as np
    >>> round(expected_calibration_error(np.array([0, 1, 1, 0]), np.array([0.0, 1.0, 1.0, 0.0])), 6)
    0.0
    """
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    if len(y) == 0:
        return float("nan")
    return _binned_ece(y, p, np.full(len(y), 1.0 / len(y)), bins)


def _binned_ece(y: np.ndarray, p: np.ndarray, w: np.ndarray, bins: int) -> float:
    """Sum over equal-width score bins of the bin's weight times |weighted label mean - weighted score mean|
    (``w`` sums to 1; a score of exactly 1.0 falls in the last bin)."""
    which = np.minimum((p * bins).astype(int), bins - 1)
    ece = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            wb = w[m].sum()
            ece += wb * abs(np.sum(w[m] * y[m]) / wb - np.sum(w[m] * p[m]) / wb)
    return float(ece)


def prior_weighted_ece(y: np.ndarray, p: np.ndarray, prior: float = 0.5, bins: int = 10) -> float:
    """Expected calibration error in a stream where a share ``prior`` of the articles is credible.

    Each label is weighted to its share of that stream (credible articles to
    ``prior``, the others to ``1 - prior``): what a score that assumes
    ``prior`` promises. Plain ECE on a sample with another share of credible
    articles measures that gap as much as the calibration. NaN without both
    labels.

    Examples
    --------
    >>> y, p = np.array([1, 0, 0, 0]), np.array([0.5, 0.5, 0.5, 0.5])
    >>> round(prior_weighted_ece(y, p), 6), round(expected_calibration_error(y, p), 6)
    (0.0, 0.25)
    """
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    n1, n0 = int((y == 1).sum()), int((y != 1).sum())
    if not n1 or not n0:
        return float("nan")
    return _binned_ece((y == 1).astype(np.float64), p, np.where(y == 1, prior / n1, (1.0 - prior) / n0), bins)


#: A sample whose share of credible articles is further than this from the model's prior gets a note in
#: :func:`evaluate`'s report, with the ECE weighted to the prior (:func:`prior_weighted_ece`).
PRIOR_GAP = 0.1


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


def wilson_interval(part: int, whole: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score 95 % interval of a share ``part / whole`` (NaN, NaN for ``whole == 0``): honest at 0 of 10,
    where the plain share says 0.000.

    >>> [round(x, 3) for x in wilson_interval(0, 10)], [round(x, 3) for x in wilson_interval(5, 10)]
    ([0.0, 0.278], [0.237, 0.763])
    """
    if whole <= 0:
        return float("nan"), float("nan")
    p = part / whole
    centre = p + z * z / (2 * whole)
    spread = z * math.sqrt(p * (1 - p) / whole + z * z / (4 * whole * whole))
    scale = 1 + z * z / whole
    return max(0.0, (centre - spread) / scale), min(1.0, (centre + spread) / scale)


@dataclass(frozen=True, slots=True)
class Verdicts:
    """Articles counted by true label and risk level (the verdict table).

    Risk levels are those of :func:`credscore.risk_level`: high if
    ``score < thresholds[0]``, medium if ``score < thresholds[1]``, else low;
    unknown for an article the model could not judge (empty, fewer than
    :data:`~credscore.MIN_JUDGEABLE_WORDS` words, not English: it scores the
    model's prior), as ``credscore score`` says. An unknown verdict is neither
    a false alarm, nor a miss, nor medium; it stays in each share's
    denominator.
    """

    credible_high: int
    credible_medium: int
    credible_low: int
    noncredible_high: int
    noncredible_medium: int
    noncredible_low: int
    thresholds: tuple[float, float]
    credible_unknown: int = 0
    noncredible_unknown: int = 0

    @property
    def n_credible(self) -> int:
        """Credible articles (label 1)."""
        return self.credible_high + self.credible_medium + self.credible_low + self.credible_unknown

    @property
    def n_noncredible(self) -> int:
        """Non-credible articles (label 0)."""
        return self.noncredible_high + self.noncredible_medium + self.noncredible_low + self.noncredible_unknown

    @property
    def false_alarm_share(self) -> float:
        """Share of credible articles called high risk (NaN without credible articles)."""
        return _share(self.credible_high, self.n_credible)

    @property
    def miss_share(self) -> float:
        """Share of non-credible articles called low risk (NaN without non-credible articles)."""
        return _share(self.noncredible_low, self.n_noncredible)

    @property
    def medium_share(self) -> float:
        """Share of all articles left at medium risk."""
        return _share(self.credible_medium + self.noncredible_medium, self.n_credible + self.n_noncredible)

    @property
    def false_alarm_ci95(self) -> tuple[float, float]:
        """Wilson 95 % interval of :attr:`false_alarm_share` (NaN, NaN without credible articles)."""
        return wilson_interval(self.credible_high, self.n_credible)

    @property
    def miss_ci95(self) -> tuple[float, float]:
        """Wilson 95 % interval of :attr:`miss_share` (NaN, NaN without non-credible articles)."""
        return wilson_interval(self.noncredible_low, self.n_noncredible)

    def to_dict(self) -> dict[str, Any]:
        """Counts, thresholds and the three shares (NaN as None), JSON-ready."""
        return {
            "thresholds": {"high": self.thresholds[0], "medium": self.thresholds[1]},
            "counts": {
                "credible": {
                    "high": self.credible_high,
                    "medium": self.credible_medium,
                    "low": self.credible_low,
                    "unknown": self.credible_unknown,
                },
                "noncredible": {
                    "high": self.noncredible_high,
                    "medium": self.noncredible_medium,
                    "low": self.noncredible_low,
                    "unknown": self.noncredible_unknown,
                },
            },
            "false_alarm_share": _json_float(self.false_alarm_share),
            "false_alarm_ci95": [_json_float(x) for x in self.false_alarm_ci95],
            "miss_share": _json_float(self.miss_share),
            "miss_ci95": [_json_float(x) for x in self.miss_ci95],
            "medium_share": _json_float(self.medium_share),
        }


def verdict_table(
    y: np.ndarray, p: np.ndarray, thresholds: Mapping[str, float] | None = None, judged: np.ndarray | None = None
) -> Verdicts:
    """Count articles by label and risk level at the shipped (or given) risk thresholds.

    Parameters
    ----------
    y, p : array-like
        Labels (1 = credible) and scores.
    thresholds : mapping, optional
        ``{"high": h, "medium": m}``; default :data:`credscore.RISK_THRESHOLDS`
        as it is when called.

    Examples
    --------
    >>> import numpy as np
    >>> v = verdict_table(np.array([1, 1, 0, 0]), np.array([0.2, 0.9, 0.5, 0.7]))
    >>> v.false_alarm_share, v.miss_share, v.medium_share
    (0.5, 0.5, 0.25)
    >>> verdict_table(np.array([1, 1, 0, 0]), np.array([0.2, 0.9, 0.5, 0.7]), judged=np.array([1, 1, 0, 1], bool)).medium_share
    0.0
    """
    if thresholds is None:
        from ._api import RISK_THRESHOLDS

        thresholds = RISK_THRESHOLDS
    hi, med = float(thresholds["high"]), float(thresholds["medium"])
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    cred = y == 1
    known = np.ones(len(p), dtype=bool) if judged is None else np.asarray(judged, dtype=bool)
    high = (p < hi) & known
    low = (p >= med) & known
    medium = ~(p < hi) & ~(p >= med) & known

    def count(a: np.ndarray, b: np.ndarray) -> int:
        return int((a & b).sum())

    return Verdicts(
        count(cred, high), count(cred, medium), count(cred, low),
        count(~cred, high), count(~cred, medium), count(~cred, low),
        (hi, med), count(cred, ~known), count(~cred, ~known),
    )


def _json_float(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@dataclass(frozen=True)
class Metrics:
    """Scores of one model on one evaluation set.

    Attributes
    ----------
    n : int
        Articles.
    auc : float
        ROC AUC; NaN when the set has one class (``auc_note`` says why).
    accuracy : float
        Share right at the 0.5 threshold (score >= 0.5 means credible).
    brier : float
        Mean squared error of the score against the label.
    ece : float
        Expected calibration error, 10 equal-width bins.
    auc_low, auc_high : float
        Stratified bootstrap 95 % interval of the AUC (NaN when not computed).
    auc_note : str or None
        Why the AUC is undefined.
    n_credible, n_noncredible : int
        Label balance.
    verdicts : Verdicts or None
        Counts by label and risk level.
    """

    n: int
    auc: float
    accuracy: float
    brier: float
    ece: float
    auc_low: float = float("nan")
    auc_high: float = float("nan")
    auc_note: str | None = None
    n_credible: int = 0
    n_noncredible: int = 0
    verdicts: Verdicts | None = None

    @classmethod
    def of(
        cls,
        y: np.ndarray,
        p: np.ndarray,
        *,
        n_boot: int = 1000,
        random_state: int = 0,
        thresholds: Mapping[str, float] | None = None,
        judged: np.ndarray | None = None,
    ) -> Metrics:
        """All metrics of scores ``p`` against labels ``y`` (``n_boot=0`` skips the interval).

        ``judged`` marks the articles the model could judge; the others get
        the verdict unknown (:class:`Verdicts`). AUC, accuracy, Brier and ECE
        read every score as given.

        Examples
        --------
        >>> import numpy as np
        >>> m = Metrics.of(np.array([0, 1, 0, 1]), np.array([0.1, 0.9, 0.2, 0.8]), n_boot=0)
        >>> m.auc, m.accuracy, m.false_alarm_share, m.miss_share
        (1.0, 1.0, 0.0, 0.0)
        """
        y = np.asarray(y)
        p = np.asarray(p, dtype=np.float64)
        if y.shape != p.shape or y.ndim != 1:
            raise ValueError(f"y and p must be 1-D and of the same length, got shapes {y.shape} and {p.shape}")
        low, high = bootstrap_auc_ci(y, p, n_boot=n_boot, random_state=random_state)
        n = len(y)
        return cls(
            n=n,
            auc=roc_auc(y, p),
            accuracy=float(((p >= 0.5) == (y == 1)).mean()) if n else float("nan"),
            brier=float(np.mean((p - y) ** 2)) if n else float("nan"),
            ece=expected_calibration_error(y, p),
            auc_low=low,
            auc_high=high,
            auc_note=auc_undefined_reason(y),
            n_credible=int((y == 1).sum()),
            n_noncredible=int((y != 1).sum()),
            verdicts=verdict_table(y, p, thresholds, judged),
        )

    @property
    def false_alarm_share(self) -> float:
        """Share of credible articles called high risk (NaN if unknown)."""
        return self.verdicts.false_alarm_share if self.verdicts is not None else float("nan")

    @property
    def miss_share(self) -> float:
        """Share of non-credible articles called low risk (NaN if unknown)."""
        return self.verdicts.miss_share if self.verdicts is not None else float("nan")

    @property
    def medium_share(self) -> float:
        """Share of articles left at medium risk (NaN if unknown)."""
        return self.verdicts.medium_share if self.verdicts is not None else float("nan")

    @property
    def false_alarm_ci95(self) -> tuple[float, float]:
        """Wilson 95 % interval of the false-alarm share (NaN, NaN if unknown)."""
        return self.verdicts.false_alarm_ci95 if self.verdicts is not None else (float("nan"), float("nan"))

    @property
    def miss_ci95(self) -> tuple[float, float]:
        """Wilson 95 % interval of the miss share (NaN, NaN if unknown)."""
        return self.verdicts.miss_ci95 if self.verdicts is not None else (float("nan"), float("nan"))

    def to_dict(self) -> dict[str, Any]:
        """Every metric, JSON-ready (NaN as None)."""
        return {
            "n": self.n,
            "n_credible": self.n_credible,
            "n_noncredible": self.n_noncredible,
            "roc_auc": _json_float(self.auc),
            "roc_auc_ci95": [_json_float(self.auc_low), _json_float(self.auc_high)],
            "roc_auc_note": self.auc_note,
            "accuracy": _json_float(self.accuracy),
            "brier": _json_float(self.brier),
            "ece": _json_float(self.ece),
            "verdicts": self.verdicts.to_dict() if self.verdicts is not None else None,
        }


def tfidf_baseline_proba(train_texts: list[str], y: np.ndarray, test_texts: list[str]) -> np.ndarray:
    """P(credible) from a TF-IDF (word 1-2 grams, sublinear tf) + logistic regression baseline.

    The baseline of the model card: ``min_df=2``, ``C=10``, balanced classes.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    A = vec.fit_transform(train_texts)
    clf = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")
    clf.fit(A, y)
    return np.asarray(clf.predict_proba(vec.transform(test_texts))[:, 1], dtype=np.float64)


#: The old private name, kept for the corpus study.
_tfidf_proba = tfidf_baseline_proba


# --- leave-one-corpus-out study: its card and plot helpers (the study is in credscore._study) ---


@dataclass
class EvaluationReport:

    """Results of :func:`evaluate`: per held-out corpus, credscore vs TF-IDF."""

    rows: list[tuple[str, Metrics, Metrics]] = field(default_factory=list)
    control: list[tuple[str, Metrics, Metrics]] = field(default_factory=list)
    pooled_cv: Metrics | None = None
    seconds: float = 0.0
    n_features: int = 0
    curves: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    @property
    def mean_auc(self) -> tuple[float, float]:
        """Mean held-out AUC of (credscore, TF-IDF)."""
        return (
            float(np.mean([r[1].auc for r in self.rows])),
            float(np.mean([r[2].auc for r in self.rows])),
        )

    def to_markdown(self) -> str:
        """The results as a Markdown section (what goes into the model card)."""
        lines = [
            "| held-out corpus | n | credscore AUC | TF-IDF AUC | credscore acc | TF-IDF acc | credscore Brier | TF-IDF Brier | credscore ECE | TF-IDF ECE |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, a, b in self.rows + self.control:
            label = f"{name} (control)" if any(name == c[0] for c in self.control) else name
            lines.append(
                f"| {label} | {a.n} | {a.auc:.3f} | {b.auc:.3f} | {a.accuracy:.3f} | {b.accuracy:.3f} | "
                f"{a.brier:.3f} | {b.brier:.3f} | {a.ece:.3f} | {b.ece:.3f} |"
            )
        ours, base = self.mean_auc
        wins = sum(a.auc >= b.auc for _, a, b in self.rows)
        lines += [
            "",
            (
                f"Mean held-out AUC: credscore **{ours:.3f}**, TF-IDF **{base:.3f}**; credscore at least equals "
                f"TF-IDF on {wins} of {len(self.rows)} held-out corpora."
            ),
        ]
        if self.pooled_cv is not None:
            m = self.pooled_cv
            lines.append(
                f"Pooled 5-fold stratified CV on the training corpora: AUC {m.auc:.3f}, accuracy {m.accuracy:.3f}, "
                f"Brier {m.brier:.3f}, ECE **{m.ece:.3f}**."
            )
        lines.append(f"({self.n_features} feature columns; evaluation took {self.seconds:.0f} s.)")
        return "\n".join(lines)




def evaluate_corpora(data_dir: Path, **kwargs: Any) -> Any:
    """The leave-one-corpus-out study: :func:`credscore._study.evaluate_corpora` (where it now lives)."""
    from ._study import evaluate_corpora as run

    return run(data_dir, **kwargs)


def update_card(path: Path, section: str) -> None:
    """Replace the evaluation section of a model card (between the markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{CARD_START}\n{section}\n{CARD_END}"
    if CARD_START in text and CARD_END in text:
        text = re.sub(re.escape(CARD_START) + ".*?" + re.escape(CARD_END), lambda _: block, text, flags=re.DOTALL)
    else:
        text = text.rstrip() + "\n\n## Leave-one-corpus-out evaluation\n\n" + block + "\n"
    with atomic_write(path) as fh:  # all or nothing: a card is never left half written
        fh.write(text)


def write_plots(rep: EvaluationReport, out: Path) -> list[Path]:
    """Write a ROC curve and a reliability diagram per held-out corpus as PNG files."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        from ._version import install_command

        raise ImportError(f"plots need matplotlib: {install_command('plots')}") from None
    from sklearn.metrics import roc_curve

    out.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(5, 5))
    for name, (yy, pp) in rep.curves.items():
        fpr, tpr, _ = roc_curve(yy, pp)
        ax.plot(fpr, tpr, label=name)
    ax.plot([0, 1], [0, 1], "k--", lw=0.8)
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="credscore ROC, held-out corpora")
    ax.legend()
    roc = out / "roc.png"
    fig.savefig(roc, dpi=120, bbox_inches="tight")
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(5, 5))
    for name, (yy, pp) in rep.curves.items():
        bins = np.minimum((pp * 10).astype(int), 9)
        xs = [pp[bins == b].mean() for b in range(10) if (bins == b).any()]
        ys = [yy[bins == b].mean() for b in range(10) if (bins == b).any()]
        ax.plot(xs, ys, marker="o", label=name)
    ax.plot([0, 1], [0, 1], "k--", lw=0.8)
    ax.set(xlabel="predicted credibility", ylabel="observed share credible", title="reliability, held-out corpora")
    ax.legend()
    rel = out / "reliability.png"
    fig.savefig(rel, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return [roc, rel]


# --- evaluation on your own labeled data ---------------------------------------------

#: Folds used by the TF-IDF baseline when ``cv`` is not given.
DEFAULT_BASELINE_FOLDS = 5
#: Name of the metrics row over all articles.
OVERALL = "(all)"


@dataclass(frozen=True)
class ModelEvaluation:
    """One model's metrics on the evaluation data, overall and per group.

    Attributes
    ----------
    name : str
        ``"credscore"`` (the given or shipped model), ``"credscore retrained"``
        (``cv``) or ``"TF-IDF + LR"`` (``baseline``).
    description : str
        How its scores were obtained (e.g. "out-of-fold, 5 grouped folds").
    overall : Metrics
        Over every article.
    groups : tuple of (str, Metrics)
        Per group, sorted by group name; empty without groups.
    scores : numpy.ndarray
        The score of every article, in input order (read-only).
    """

    name: str
    description: str
    overall: Metrics
    groups: tuple[tuple[str, Metrics], ...]
    scores: np.ndarray = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Name, description and metrics, JSON-ready (scores are left out)."""
        return {
            "name": self.name,
            "description": self.description,
            "overall": self.overall.to_dict(),
            "groups": {g: m.to_dict() for g, m in self.groups},
        }


@dataclass(frozen=True)
class BenchmarkReport:
    """What :func:`evaluate` found: each model's metrics on your labeled data.

    Attributes
    ----------
    n, n_credible, n_noncredible : int
        Articles, and how many carry each label.
    n_empty : int
        Articles with empty or whitespace-only text; every model scores them 0.5.
    empty_examples : tuple of int
        Indices of the first (at most 10) empty texts.
    models : tuple of ModelEvaluation
        The given (or shipped) model first, then the retrained model
        (``cv``), then the baseline.
    folds : int or None
        Cross-validation folds of the retrained model and the baseline.
    grouped_folds : bool
        Whether the folds keep each group whole.
    model_sha256 : str
        SHA-256 of the evaluated model file (for an in-memory model, of the
        file :meth:`CredibilityModel.save` would write).
    model_source : str
        ``"shipped"`` or where the model came from.
    thresholds : tuple of float
        The risk thresholds ``(high, medium)`` of the verdict table.
    versions : mapping
        credscore, Python, NumPy and scikit-learn versions.
    notes : tuple of str
        Caveats to read with the numbers.
    seconds : float
        Wall-clock time of the run.
    n_boot : int
        Bootstrap resamples behind each AUC interval.
    labels, groups : numpy.ndarray
        Per article, in input order (read-only); ``groups`` is None without groups.

    Examples
    --------
    >>> import credscore
    >>> rep = credscore.evaluate(["The council voted 7-2, the minutes show.", "SHOCKING!!! Share now!!!"] * 5,
    ...                          [1, 0] * 5, n_boot=0)
    >>> [m.name for m in rep.models], rep.model("credscore").overall.n
    (['credscore'], 10)
    >>> sorted(rep.to_dict())[:4]
    ['bootstrap_resamples', 'empty_examples', 'folds', 'grouped_folds']
    >>> rep.to_markdown().splitlines()[0]  # texts this short are not judged
    '**10 articles**: 5 credible (label 1), 5 not credible (label 0); 0 with empty text, 10 too short or not English (scored 0.5, risk unknown).'
    """

    n: int
    n_credible: int
    n_noncredible: int
    n_empty: int
    empty_examples: tuple[int, ...]
    models: tuple[ModelEvaluation, ...]
    folds: int | None
    grouped_folds: bool
    model_sha256: str
    model_source: str
    thresholds: tuple[float, float]
    versions: Mapping[str, str]
    notes: tuple[str, ...]
    seconds: float
    n_boot: int
    labels: np.ndarray = field(repr=False, compare=False)
    groups: np.ndarray | None = field(default=None, repr=False, compare=False)
    n_unjudged: int = 0
    model_prior: float = 0.5

    def model(self, name: str) -> ModelEvaluation:
        """The :class:`ModelEvaluation` called ``name``; ``KeyError`` names the ones there are."""
        for m in self.models:
            if m.name == name:
                return m
        raise KeyError(f"no model {name!r} in this report; it has {[m.name for m in self.models]}")

    def to_dict(self) -> dict[str, Any]:
        """Every number of the report, JSON-ready (NaN as None)."""
        return {
            "n": self.n,
            "n_credible": self.n_credible,
            "n_noncredible": self.n_noncredible,
            "n_empty": self.n_empty,
            "empty_examples": list(self.empty_examples),
            "n_unjudged": self.n_unjudged,
            "model_prior": self.model_prior,
            "folds": self.folds,
            "grouped_folds": self.grouped_folds,
            "model_sha256": self.model_sha256,
            "model_source": self.model_source,
            "risk_thresholds": {"high": self.thresholds[0], "medium": self.thresholds[1]},
            "versions": dict(self.versions),
            "notes": list(self.notes),
            "seconds": round(self.seconds, 3),
            "bootstrap_resamples": self.n_boot,
            "models": [m.to_dict() for m in self.models],
        }

    def to_markdown(self) -> str:
        """The report as Markdown: an overall table, a per-group table, the notes."""
        hi, med = self.thresholds
        lines = [
            f"**{self.n} articles**: {self.headline()}",
            (f"Model: {self.model_source} (sha256 `{self.model_sha256[:16]}…`), prior {self.model_prior:g}. Risk "
            f"thresholds: high if score < {hi:g}, medium if < {med:g}, else low."),
            "",
            "| model | articles | ROC AUC (95 % CI) | accuracy | Brier | ECE | false alarms (95 % CI) | misses (95 % CI) | medium |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [_markdown_row([m.name], m.overall) for m in self.models]
        if self.groups is not None:
            lines += [
                "",
                ("| group | model | articles | credible / not | ROC AUC (95 % CI) | accuracy | Brier | ECE | "
                "false alarms (95 % CI) | misses (95 % CI) | medium |"),
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for i, (g, _) in enumerate(self.models[0].groups):
                for m in self.models:
                    met = m.groups[i][1]
                    lines.append(_markdown_row([g, m.name], met, balance=True))
        lines += [
            "",
            (f"False alarms: share of credible articles called high risk (score < {hi:g}). Misses: share of "
            f"non-credible articles called low risk (score >= {med:g}). Medium: share of all articles at medium "
            "risk. The false-alarm and miss intervals are Wilson 95 % score intervals. Accuracy at the 0.5 "
            "threshold; ECE with 10 equal-width bins; "
            + (f"AUC interval from {self.n_boot} stratified bootstrap resamples." if self.n_boot
               else "no AUC interval (no bootstrap resamples).")),
        ]
        lines += [f"AUC n/a ({note}): {', '.join(groups)}." for note, groups in self.undefined_auc()]
        lines += list(self.notes)
        return "\n".join(lines)

    def headline(self) -> str:
        """The label counts, and the articles scored at the prior, after "**n articles**: " in the report."""
        text = (f"{self.n_credible} credible (label 1), {self.n_noncredible} not credible (label 0); "
                f"{self.n_empty} with empty text")
        if self.n_unjudged:
            text += f", {self.n_unjudged} too short or not English"
        return text + f" (scored {self.model_prior:g}, risk unknown)."

    def undefined_auc(self) -> list[tuple[str, list[str]]]:
        """``(reason, groups)`` for each reason an AUC is undefined (``"(all)"`` stands for all articles)."""
        by_reason: dict[str, set[str]] = {}
        for m in self.models:
            for g, met in ((OVERALL, m.overall), *m.groups):
                if met.auc_note:
                    by_reason.setdefault(met.auc_note, set()).add(g)
        return [(note, sorted(groups)) for note, groups in sorted(by_reason.items())]


def _fmt(x: float, digits: int = 3) -> str:
    return "n/a" if math.isnan(x) else f"{x:.{digits}f}"


def _with_interval(share: float, ci: tuple[float, float]) -> str:
    """A share with its Wilson 95 % interval, as the report's tables print it: ``0.016 (0.007–0.036)``."""
    if math.isnan(share):
        return "n/a"
    return f"{share:.3f} ({ci[0]:.3f}–{ci[1]:.3f})"


def _markdown_row(first: list[str], m: Metrics, *, balance: bool = False) -> str:
    auc = _fmt(m.auc)
    if not math.isnan(m.auc_low):
        auc += f" ({m.auc_low:.3f}–{m.auc_high:.3f})"
    cells = [*(" ".join(c.split()).replace("|", "\\|") for c in first), str(m.n)]  # one line a row
    if balance:
        cells.append(f"{m.n_credible} / {m.n_noncredible}")
    cells += [auc, _fmt(m.accuracy), _fmt(m.brier), _fmt(m.ece)]
    cells += [_with_interval(m.false_alarm_share, m.false_alarm_ci95), _with_interval(m.miss_share, m.miss_ci95),
              _fmt(m.medium_share)]
    return "| " + " | ".join(cells) + " |"


def _eval_labels(labels: Any, label_map: Mapping[Any, int] | None = None) -> np.ndarray:
    """Labels as an int array of 0/1, or a ValueError/TypeError naming the first bad one."""
    from ._validation import binary_labels

    if label_map is not None:
        from ._data import map_labels

        return np.asarray(map_labels(labels, label_map), dtype=np.int64)
    return binary_labels(labels)


def _model_identity(model: Any) -> tuple[str, str]:
    """SHA-256 and source of the model being evaluated."""
    import hashlib
    import json

    if model is None:
        from ._api import shipped_model_bytes

        return shipped_model_bytes()[1], "shipped"
    try:
        text = json.dumps(model.to_dict(), indent=1, sort_keys=True, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        logger.warning("cannot fingerprint the model (%s); its sha256 is reported as 'unavailable'", exc)
        return "unavailable", "given"
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), "given"


def _versions() -> dict[str, str]:
    import platform

    import sklearn

    from ._version import __version__

    versions = {
        "credscore": __version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
    }
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # the input was Parquet
        versions["pyarrow"] = str(arrow.__version__)
    return versions


def _check_n_boot(n_boot: Any) -> int:
    """Refuse a bad bootstrap count before any article is scored (Metrics.of checks it only at the end): a
    TypeError for another type than int (a float, even 1.5), a ValueError for a negative count, as
    ``batch_size`` and ``random_state`` are checked (:func:`credscore._validation.check_count`)."""
    from ._validation import check_count

    return check_count(n_boot, "n_boot", 0)


def _folds(
    y: np.ndarray, groups: np.ndarray | None, k: int, random_state: int, same: np.ndarray | None = None,
    given_groups: int | None = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) index pairs: stratified K folds, kept whole per group when groups are given, and
    per ``same`` key (copies of one text, :func:`credscore._train.duplicate_keys`) when they are not.
    ``given_groups``: how many groups the data named, when ``groups`` merged those that share texts."""
    from sklearn.model_selection import StratifiedGroupKFold

    from ._train import stratified_folds

    smallest = min(int((y == 1).sum()), int((y == 0).sum()))
    if groups is not None:
        n_groups = len(set(groups.tolist()))
        if n_groups < k:
            merged = (f" ({given_groups} named, merged where they share texts: a text's copies stay in one fold)"
                      if given_groups is not None and given_groups > n_groups else "")
            fewer = f"use at most {n_groups} folds or " if n_groups >= 2 else ""
            raise ValueError(
                f"{k} grouped folds need at least {k} groups, got {n_groups}{merged}; "
                f"{fewer}evaluate without groups for stratified folds"
            )
        splitter: Any = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=random_state)
        splits = list(splitter.split(np.zeros(len(y)), y, groups))
    else:
        if smallest < k:
            raise ValueError(f"{k} folds need at least {k} articles of each label, got {smallest} of the rarer one")
        splits = stratified_folds(y, k, random_state, same)
    for i, (tr, _) in enumerate(splits):
        if len(set(y[tr].tolist())) < 2:
            # (an audit: "use fewer folds" was said of 2 folds, when the groups each hold one label)
            how = ("the groups left to train on hold one label only (groups that each hold one label do this): "
                   "evaluate without groups, or with groups that hold both labels" + (", or use fewer folds" if k > 2 else "")
                   if groups is not None else "use fewer folds")
            raise ValueError(f"fold {i + 1} of {k} leaves only one label to train on; {how}")
    return splits


def _metrics_by_group(
    y: np.ndarray, p: np.ndarray, groups: np.ndarray | None, names: list[str], n_boot: int, random_state: int,
    judged: np.ndarray,
) -> tuple[Metrics, tuple[tuple[str, Metrics], ...]]:
    overall = Metrics.of(y, p, n_boot=n_boot, random_state=random_state, judged=judged)
    if groups is None:
        return overall, ()
    return overall, tuple(
        (g, Metrics.of(y[groups == g], p[groups == g], n_boot=n_boot, random_state=random_state, judged=judged[groups == g]))
        for g in names
    )


#: Below this many articles of a label, the report says its figures are unreliable.
FEW_TO_MEASURE = 10


def _recalibration_note(metadata: Mapping[str, Any]) -> list[str]:
    """A note saying the model evaluated was recalibrated, from its metadata (:func:`credscore.recalibrate`).

    >>> _recalibration_note({"recalibrated": {"a": 0.8, "b": -0.1, "n": 100, "prior": 0.5}})
    ['The model was recalibrated on 100 labeled articles (credscore recalibrate: slope 0.8, intercept -0.1, prior 0.5).']
    >>> _recalibration_note({})
    []
    """
    from ._train import recalibration_parts

    rec = metadata.get("recalibrated")
    if not isinstance(rec, Mapping):
        return []
    n, parts = recalibration_parts(rec)
    on = "" if n is None else f" on {n} labeled articles"
    return [f"The model was recalibrated{on} (credscore recalibrate" + (f": {parts}" if parts else "") + ")."]


def _caveats(y: np.ndarray, overall: Metrics, prior: float, p: np.ndarray | None = None) -> list[str]:
    """Notes on what could mislead in the shipped model's overall figures: labels that look inverted, a prior
    far from the sample's share of credible articles, a label with too few articles to measure.

    >>> m = Metrics.of(np.array([1, 1, 0, 0]), np.array([0.1, 0.2, 0.8, 0.9]), n_boot=0)
    >>> [n.split(":")[0] for n in _caveats(np.array([1, 1, 0, 0]), m, 0.5)]
    ['The scores rank these articles against their labels (AUC 0.000)', 'Only 2 articles labeled 0 (and 2 labeled 1)']
    """
    out = []
    top = overall.auc_high if not math.isnan(overall.auc_high) else overall.auc
    if not math.isnan(top) and top < 0.5:
        out.append(
            f"The scores rank these articles against their labels (AUC {overall.auc:.3f}"
            + ("" if math.isnan(overall.auc_high) else f", interval up to {overall.auc_high:.3f}")
            + "): check that label 1 means credible (a file whose 1 means fake needs --label-map 1=0,0=1, "
            "or label_map={1: 0, 0: 1} in Python; with named labels, that the label map gives 1 to the "
            "credible name)."
        )
    n1, n0 = int((y == 1).sum()), int((y != 1).sum())
    if min(n1, n0) < FEW_TO_MEASURE:
        few, many, k = (n0, n1, 0) if n0 <= n1 else (n1, n0, 1)
        out.append(
            f"Only {few} article{'' if few == 1 else 's'} labeled {k} (and {many} labeled {1 - k}): with fewer than "
            f"{FEW_TO_MEASURE} of a label, the AUC "
            "interval, false alarms and misses rest on a handful of articles: read their 95 % intervals, not the shares."
        )
    share = n1 / len(y) if len(y) else float("nan")
    if not math.isnan(share) and abs(share - prior) > PRIOR_GAP:
        weighted = float("nan") if p is None else prior_weighted_ece(y, p, prior)
        out.append(
            f"The model's scores assume a prior of {prior:g} (that share of articles credible); {share:.0%} of these "
            f"are. ECE ({overall.ece:.3f}), Brier and accuracy mix that gap in"
            + ("" if math.isnan(weighted) else
               f"; with each label weighted to its share at the prior, as the scores assume, ECE is {weighted:.3f}")
            + _prior_advice(share, n1, n0)
        )
    return out


def _prior_advice(share: float, n1: int, n0: int) -> str:
    """What to do about a sample whose share of credible articles is far from the model's prior: a prior
    the model takes (``with_prior`` refuses 0 and 1), and recalibration only when both labels are there.

    >>> _prior_advice(0.3, 30, 70)
    '. For a stream like this one, recalibrate to its share (credscore recalibrate --prior sample, or CredibilityModel.with_prior(0.30)).'
    >>> _prior_advice(0.996, 996, 4).endswith("with_prior(0.996))."), _prior_advice(0.001, 1, 999).endswith("(0.001)).")
    (True, True)
    >>> _prior_advice(1.0, 9, 0)
    '. Every article here is labeled 1: recalibrating needs both labels, and a prior is a share strictly between 0 and 1 (CredibilityModel.with_prior(0.99), if most of a stream like it is credible).'
    """
    prior = f"{share:.2f}" if 0.01 <= round(share, 2) <= 0.99 else f"{min(max(share, 0.001), 0.999):.3g}"
    if n1 and n0:
        return (". For a stream like this one, recalibrate to its share (credscore recalibrate --prior sample, or "
                f"CredibilityModel.with_prior({prior})).")
    near = "0.99" if n1 else "0.01"
    return (f". Every article here is labeled {1 if n1 else 0}: recalibrating needs both labels, and a prior is "
            f"a share strictly between 0 and 1 (CredibilityModel.with_prior({near}), if most of a stream like it is "
            f"{'credible' if n1 else 'not credible'}).")


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def evaluate(
    texts: Any,
    labels: Any,
    groups: Any = None,
    *,
    titles: Any = None,
    model: Any = None,
    cv: int | None = None,
    baseline: bool = False,
    n_boot: int = 1000,
    batch_size: int = 1000,
    random_state: int = 0,
    n_jobs: int | None = 1,
    on_batch: Callable[[int], None] | None = None,
    report: Callable[[str], None] | None = None,
    label_map: Mapping[Any, int] | None = None,
) -> BenchmarkReport:
    """Measure credscore on your own labeled articles, overall and per group.

    Scores every article with ``model`` (the shipped one by default) and
    reports, overall and per group: articles, label balance, ROC AUC with a
    stratified bootstrap 95 % interval, accuracy at 0.5, Brier score,
    expected calibration error (10 bins) and the verdict table at the risk
    thresholds (:data:`credscore.RISK_THRESHOLDS`): false alarms (credible
    called high risk), misses (non-credible called low risk) and the share
    left at medium.

    Parameters
    ----------
    texts : iterable of str or mapping
        Article bodies (or mappings with ``"text"`` and optional ``"title"``),
        read in batches of ``batch_size``: without ``cv`` and ``baseline``
        a generator is never held in memory whole. Empty texts, and texts
        too short or not English to judge, are counted and score the model's
        prior (0.5 for the shipped model), with the verdict unknown.
    labels : iterable of {0, 1}
        1 = credible, 0 = not credible, one per text (numbers, booleans, or
        strings such as "1", "1.0", "True"); named labels through
        ``label_map``. Texts, labels, groups and titles are paired by
        position: pandas objects with different indexes are refused.
    groups : iterable, optional
        A group per text (publisher, source, topic...): metrics per group,
        and cross-validation folds that keep each group whole. A group with
        one label gets an undefined AUC with the reason; the run goes on.
    titles : iterable of str or None, optional
        Headlines, parallel to ``texts``.
    model : CredibilityModel, optional
        The model to evaluate; defaults to the shipped model.
    cv : int, optional
        Also retrain credscore on this data with ``cv``-fold cross-validation
        (:func:`credscore.train` on each training fold, stratified; grouped
        when ``groups`` is given) and report its out-of-fold scores.
    baseline : bool, default=False
        Also report a TF-IDF (word 1-2 grams) + logistic regression baseline
        on the same folds (5 folds when ``cv`` is not given).
    n_boot : int, default=1000
        Bootstrap resamples for the AUC interval (0: no interval).
    batch_size : int, default=1000
        Articles scored per batch.
    random_state : int, default=0
        Seed of the folds and the bootstrap: the same inputs give the same report.
    n_jobs : int or None, default=1
        Worker processes for scoring (as in :func:`credscore.score_many`:
        None is 1, -1 every core, -2 every core but one...); the texts are
        then read ``batch_size`` times that many at a time.
    on_batch : callable, optional
        Called with the number of articles after each scored batch (progress).
    report : callable, optional
        Called with a one-line message at each cross-validation step.
    label_map : mapping, optional
        Named labels to 0/1, e.g. ``{"fake": 0, "real": 1}``, or ``{1: 0, 0: 1}``
        for data whose 1 means not credible.

    Returns
    -------
    BenchmarkReport

    Raises
    ------
    TypeError, ValueError
        Naming the first bad label, text or title, a length mismatch, or
        folds that cannot be made.

    Examples
    --------
    >>> import credscore
    >>> texts = ["Sources said the vaccine is a hoax!!! Share before they delete it!",
    ...          "The council voted 7-2 on Monday, according to the published minutes."] * 20
    >>> rep = credscore.evaluate(texts, [0, 1] * 20, n_boot=0)
    >>> rep.n, rep.n_credible, rep.models[0].name
    (40, 20, 'credscore')
    >>> 0.0 <= rep.models[0].overall.auc <= 1.0
    True
    """
    from ._api import text_batches
    from ._validation import check_batching, check_iterable, check_seed, group_name, same_index

    check_iterable(texts, "texts")
    if titles is not None:
        check_iterable(titles, "titles")
    n_jobs = check_batching(batch_size, n_jobs)
    batch_size = int(batch_size)
    check_seed(random_state)
    _check_cv(cv)
    _check_n_boot(n_boot)
    same_index(texts=texts, labels=labels, groups=groups, titles=titles)
    y = _eval_labels(labels, label_map)
    g: np.ndarray | None = None
    if groups is not None:
        if isinstance(groups, (str, bytes)):
            raise TypeError("groups must be an iterable with one group per text, got a single string")
        g = np.asarray([group_name(v, f"groups[{i}]") for i, v in enumerate(groups)], dtype=object)
        if len(g) != len(y):
            raise ValueError(f"groups must have one entry per label: got {len(g)} groups for {len(y)} labels")

    def batches() -> Iterator[Batch]:
        n = 0
        for tx, ti in text_batches(texts, titles, batch_size * n_jobs):
            if n + len(tx) > len(y):
                raise ValueError(f"labels must have one entry per text: got {len(y)} labels, but texts has more")
            yield tx, ti, y[n : n + len(tx)], (g[n : n + len(tx)] if g is not None else None)
            n += len(tx)
        if n != len(y):
            raise ValueError(f"labels must have one entry per text: got {len(y)} labels for {n} texts")

    return evaluate_batches(
        batches(),
        model=model,
        cv=cv,
        baseline=baseline,
        n_boot=n_boot,
        random_state=random_state,
        on_batch=on_batch,
        report=report,
        batch_size=batch_size,
        n_jobs=n_jobs,
    )


#: One batch of labeled articles: texts, titles, labels (0/1), groups (or None).
Batch = tuple[Any, ...]  # (texts, titles, labels, groups), and optionally where each row was read


def _check_cv(cv: Any) -> int | None:
    """``cv`` checked as ``n_boot`` is: None, or an int >= 2 (a TypeError for another type, a ValueError below 2)."""
    from ._validation import check_count

    return None if cv is None else check_count(cv, "cv", 2, "an int >= 2 or None")


def evaluate_batches(
    batches: Iterable[Batch],
    *,
    model: Any = None,
    cv: int | None = None,
    baseline: bool = False,
    n_boot: int = 1000,
    random_state: int = 0,
    on_batch: Callable[[int], None] | None = None,
    report: Callable[[str], None] | None = None,
    batch_size: int = 1000,
    n_jobs: int = 1,
) -> BenchmarkReport:
    """:func:`evaluate` on a stream of already checked batches (the CLI's entry point).

    Each batch is scored by :func:`credscore.score_many` with ``batch_size``
    and ``n_jobs`` (a batch of ``batch_size * n_jobs`` articles keeps every
    worker busy).

    Each batch is ``(texts, titles, labels, groups)``; ``groups`` is None in
    every batch or in none. A fifth item, where each row was read ("FILE:LINE"), names the first
    article that could not be judged in the notes (else its index). Only the scores, labels and groups are kept,
    unless ``cv`` or ``baseline`` need the texts.
    """
    from ._api import RISK_THRESHOLDS, resolve_model, score_many, unjudged_positions
    from ._features import MIN_JUDGEABLE_WORDS

    t0 = time.perf_counter()
    say = report or (lambda msg: logger.info(msg))
    cv = _check_cv(cv)  # (NumPy integers as ints: the report's JSON holds them)
    n_boot = _check_n_boot(n_boot)
    mdl = resolve_model(model)
    keep = cv is not None or baseline
    kept_texts: list[str] = []
    kept_titles: list[str | None] = []
    parts: list[np.ndarray] = []
    label_parts: list[np.ndarray] = []
    group_parts: list[np.ndarray] = []
    hash_parts: list[np.ndarray] = []  # of each text as duplicate_keys compares them, to count copies
    hashed_labels: list[np.ndarray] = []  # the labels of those texts, to find copies labeled both ways
    empty: list[int] = []
    unjudged: list[int] = []  # not empty, but too short or not English: scored the prior
    has_groups: bool | None = None
    n = 0
    unjudged_at: str | None = None  # where the first of them is, when the batches say (FILE:LINE)
    for batch in batches:
        tx, ti, yb, gb = batch[:4]
        if has_groups is None:
            has_groups = gb is not None
        elif has_groups != (gb is not None):
            raise ValueError("groups must be given for every batch or for none")
        empty.extend(n + i for i, t in enumerate(tx) if not t or t.isspace())
        parts.append(score_many(tx, titles=ti, model=mdl, batch_size=batch_size, n_jobs=n_jobs))
        found = unjudged_positions(tx, parts[-1], mdl.prior, titles=ti)
        if found and not unjudged and len(batch) > 4:
            unjudged_at = batch[4][found[0]]
        unjudged.extend(n + i for i in found)
        label_parts.append(np.asarray(yb, dtype=np.int64))
        said = [i for i, t in enumerate(tx) if t and not t.isspace()]
        hash_parts.append(np.array([hash(tx[i].strip()) for i in said], dtype=np.int64))
        hashed_labels.append(np.asarray(yb, dtype=np.int64)[said])
        if gb is not None:
            group_parts.append(np.asarray(gb, dtype=object))
        if keep:
            kept_texts.extend(tx)
            kept_titles.extend(ti)
        n += len(tx)
        if on_batch is not None:
            on_batch(len(tx))
    if n == 0:
        raise ValueError("no articles to evaluate")
    y = np.concatenate(label_parts)
    g = np.concatenate(group_parts) if group_parts else None
    p = np.concatenate(parts)
    names = sorted(set(g.tolist())) if g is not None else []
    judged = np.ones(n, dtype=bool)  # what credscore judged: the others' verdict is unknown
    judged[empty] = False
    judged[unjudged] = False
    sha, source = _model_identity(model)
    models = [
        ModelEvaluation(
            "credscore",
            f"the {source} model" if source == "shipped" else "the given model",
            *_metrics_by_group(y, p, g, names, n_boot, random_state, judged),
            _frozen(p),
        )
    ]
    notes: list[str] = []
    folds = cv if cv is not None else (DEFAULT_BASELINE_FOLDS if baseline else None)
    from ._train import duplicate_keys, merged_groups

    hashes = np.concatenate(hash_parts)
    repeats = len(hashes) - len(np.unique(hashes))  # empty texts are counted on their own
    if repeats:
        notes.append(f"{repeats} of {n} articles repeat another article's text: the metrics and their intervals "
                     "count each copy" + ("; cross-validation keeps a text's copies in one fold." if folds else "."))
        hashed_y = np.concatenate(hashed_labels)
        both = len(set(hashes[hashed_y == 1].tolist()) & set(hashes[hashed_y == 0].tolist()))
        if both:  # (an audit: only the repeats were said)
            notes.append(f"{both} text(s) carry both labels (copies labeled 0 and 1): no score can be right for "
                         "both, whatever the model; check the labels.")
    if folds is not None:
        same = duplicate_keys(kept_texts, warn=False)
        fold_groups = g
        if g is not None and same is not None:
            # Copies of a text under two groups (syndicated articles) would sit on both sides of a split.
            fold_groups, merged = merged_groups(g.tolist(), same)
            if merged:
                notes.append(f"{merged} group(s) share texts with others; each such set of groups stays in one fold.")
        splits = _folds(y, fold_groups, folds, random_state, None if g is not None else same,
                        None if g is None else len(set(g.tolist())))
        kind = "grouped" if g is not None else "stratified"
        if cv is None:
            notes.append(f"The TF-IDF baseline is cross-validated on {folds} {kind} folds (cv not given).")
        is_empty = np.zeros(n, dtype=bool)
        is_empty[empty] = True
        oof_cs = np.full(n, 0.5)
        oof_tf = np.full(n, 0.5)
        import credscore

        for i, (tr, te) in enumerate(splits, 1):
            tr = tr[~is_empty[tr]]  # training refuses empty texts; they are scored 0.5 anyway
            te_texts = [kept_texts[j] for j in te]
            tr_texts = [kept_texts[j] for j in tr]
            if cv is not None:
                say(f"fold {i}/{folds}: retraining credscore on {len(tr)} articles")
                fold_model = credscore.train(
                    tr_texts, y[tr], titles=[kept_titles[j] for j in tr], random_state=random_state
                )
                oof_cs[te] = score_many(te_texts, titles=[kept_titles[j] for j in te], model=fold_model)
            if baseline:
                say(f"fold {i}/{folds}: TF-IDF baseline on {len(tr)} articles")
                q = tfidf_baseline_proba(tr_texts, y[tr], te_texts)
                q[is_empty[te]] = 0.5
                oof_tf[te] = q
        how = f"out-of-fold scores, {folds} {kind} folds"
        if cv is not None:
            models.append(
                ModelEvaluation(
                    "credscore retrained",
                    f"credscore.train on this data, {how}",
                    *_metrics_by_group(y, oof_cs, g, names, n_boot, random_state, judged),
                    _frozen(oof_cs),
                )
            )
        if baseline:
            models.append(
                ModelEvaluation(
                    "TF-IDF + LR",
                    f"TF-IDF word 1-2 grams + logistic regression, {how}",
                    *_metrics_by_group(y, oof_tf, g, names, n_boot, random_state, ~is_empty),
                    _frozen(oof_tf),
                )
            )
    prior = float(mdl.prior)
    if empty:
        notes.append(f"{len(empty)} article(s) have empty text: scored {prior:g} (the model's prior)"
                     + (", and 0.5 by the cross-validated models" if folds is not None and prior != 0.5 else "")
                     + ", risk unknown.")
    if unjudged:
        notes.append(
            f"{len(unjudged)} article(s) could not be judged (fewer than {MIN_JUDGEABLE_WORDS} words, or not English; "
            f"first at {unjudged_at or f'index {unjudged[0]}'}): scored {prior:g} (the model's prior), risk unknown, as credscore score says. "
            "They count in AUC, accuracy, Brier and ECE at that score, and as neither false alarm, miss nor medium."
        )
    notes += _recalibration_note(mdl.metadata)
    notes += _caveats(y, models[0].overall, prior, models[0].scores)
    return BenchmarkReport(
        n=n,
        n_credible=int((y == 1).sum()),
        n_noncredible=int((y == 0).sum()),
        n_empty=len(empty),
        empty_examples=tuple(empty[:10]),
        models=tuple(models),
        folds=folds,
        grouped_folds=folds is not None and g is not None,
        model_sha256=sha,
        model_source=source,
        thresholds=(float(RISK_THRESHOLDS["high"]), float(RISK_THRESHOLDS["medium"])),
        versions=_versions(),
        notes=tuple(notes),
        seconds=time.perf_counter() - t0,
        n_boot=n_boot,
        labels=_frozen(y),
        groups=_frozen(g) if g is not None else None,
        n_unjudged=len(unjudged),
        model_prior=prior,
    )
