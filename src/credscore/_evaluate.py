"""Leave-one-corpus-out evaluation of credscore against a TF-IDF baseline.

credscore is judged on text from sources it never saw, so the evaluation
holds out one whole corpus at a time (:data:`credscore._corpora.HELD_OUT`),
trains on the rest (``golbeck_fakesatire`` always in training) and scores the
held-out corpus. In the same run, on the same splits, it does the same for a
TF-IDF (word 1-2 grams) + logistic regression baseline. ``fakes`` is reported
as a control: its labels do not come from the writing, so AUC near 0.5 is the
expected, healthy result. Calibration is also measured by 5-fold stratified
cross-validation on the pooled training corpora.

Metrics: ROC AUC; accuracy at the 0.5 threshold; Brier score; expected
calibration error (ECE, 10 equal-width bins, weighted by bin size).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._corpora import CONTROL, HELD_OUT, TRAIN, load_corpora
from ._features import FeatureExtractor
from ._train import DEFAULT_C, fit_linear, sample_weights

__all__ = [
    "EvaluationReport",
    "Metrics",
    "Verdicts",
    "auc_undefined_reason",
    "bootstrap_auc_ci",
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
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 0:
        raise ValueError(f"n_boot must be an int >= 0, got {n_boot!r}")
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
    which = np.minimum((p * bins).astype(int), bins - 1)
    ece = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            ece += m.mean() * abs(y[m].mean() - p[m].mean())
    return float(ece)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


@dataclass(frozen=True, slots=True)
class Verdicts:
    """Articles counted by true label and risk level (the verdict table).

    Risk levels are those of :func:`credscore.risk_level`: high if
    ``score < thresholds[0]``, medium if ``score < thresholds[1]``, else low.
    """

    credible_high: int
    credible_medium: int
    credible_low: int
    noncredible_high: int
    noncredible_medium: int
    noncredible_low: int
    thresholds: tuple[float, float]

    @property
    def n_credible(self) -> int:
        """Credible articles (label 1)."""
        return self.credible_high + self.credible_medium + self.credible_low

    @property
    def n_noncredible(self) -> int:
        """Non-credible articles (label 0)."""
        return self.noncredible_high + self.noncredible_medium + self.noncredible_low

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

    def to_dict(self) -> dict[str, Any]:
        """Counts, thresholds and the three shares (NaN as None), JSON-ready."""
        return {
            "thresholds": {"high": self.thresholds[0], "medium": self.thresholds[1]},
            "counts": {
                "credible": {"high": self.credible_high, "medium": self.credible_medium, "low": self.credible_low},
                "noncredible": {
                    "high": self.noncredible_high,
                    "medium": self.noncredible_medium,
                    "low": self.noncredible_low,
                },
            },
            "false_alarm_share": _json_float(self.false_alarm_share),
            "miss_share": _json_float(self.miss_share),
            "medium_share": _json_float(self.medium_share),
        }


def verdict_table(y: np.ndarray, p: np.ndarray, thresholds: Mapping[str, float] | None = None) -> Verdicts:
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
    """
    if thresholds is None:
        from ._api import RISK_THRESHOLDS

        thresholds = RISK_THRESHOLDS
    hi, med = float(thresholds["high"]), float(thresholds["medium"])
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    cred = y == 1
    high = p < hi
    low = p >= med
    medium = ~high & ~low

    def count(a: np.ndarray, b: np.ndarray) -> int:
        return int((a & b).sum())

    return Verdicts(
        count(cred, high), count(cred, medium), count(cred, low),
        count(~cred, high), count(~cred, medium), count(~cred, low),
        (hi, med),
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
    ) -> Metrics:
        """All metrics of scores ``p`` against labels ``y`` (``n_boot=0`` skips the interval).

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
            verdicts=verdict_table(y, p, thresholds),
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


# --- leave-one-corpus-out study (moving to credscore._study) ---------------------------


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




def evaluate_corpora(
    data_dir: Path,
    *,
    out_card: Path | None = None,
    plots_dir: Path | None = None,
    progress: bool = False,
    C: float = DEFAULT_C,
    baseline: bool = True,
    report: Callable[[str], None] | None = None,
) -> EvaluationReport:
    """Run leave-one-corpus-out evaluation on the shared corpora.

    Parameters
    ----------
    data_dir : Path
        The shared ``data`` folder (holding ``corpora/``).
    out_card : Path, optional
        A model card to update: the section between ``<!-- evaluation:start -->``
        and ``<!-- evaluation:end -->`` is replaced by the results table.
    plots_dir : Path, optional
        Write ``roc.png`` and ``reliability.png`` there (needs matplotlib:
        ``pip install "credscore[plots]"``).
    progress : bool
        Log progress at INFO level (the CLI shows it).
    C : float
        Regularisation of the credscore model.
    baseline : bool
        Also evaluate the TF-IDF baseline (slow part of the run).
    report : callable, optional
        Called with a one-line progress message at each step.
    """
    say = report or (lambda msg: logger.info(msg) if progress else None)
    t0 = time.perf_counter()
    corpus, _ = load_corpora(data_dir, TRAIN + CONTROL)
    y = np.asarray(corpus.labels)
    g = np.asarray(corpus.groups)
    fx = FeatureExtractor()
    say(f"extracting features from {len(corpus)} articles")
    X = fx._transform(corpus.texts, corpus.titles)
    names = fx.feature_names()
    rep = EvaluationReport(n_features=len(names))
    in_train = np.isin(g, TRAIN)

    def fit(mask: np.ndarray) -> Any:
        return fit_linear(
            X[mask], y[mask], weights=sample_weights(y[mask], None), C=C,
            feature_names=names, calibrate=True,
        )

    def tfidf(mask: np.ndarray, test: np.ndarray) -> np.ndarray:
        if not baseline:
            return np.full(int(test.sum()), 0.5)
        tr_texts = [corpus.texts[i] for i in np.flatnonzero(mask)]
        te_texts = [corpus.texts[i] for i in np.flatnonzero(test)]
        return _tfidf_proba(tr_texts, y[mask], te_texts)

    for held in HELD_OUT:
        say(f"held out: {held}")
        tr = in_train & (g != held)
        te = g == held
        p = fit(tr).predict_proba(X[te])
        q = tfidf(tr, te)
        rep.rows.append((held, Metrics.of(y[te], p), Metrics.of(y[te], q)))
        rep.curves[held] = (y[te], p)
    for ctrl in CONTROL:
        say(f"control: {ctrl}")
        te = g == ctrl
        rep.control.append((ctrl, Metrics.of(y[te], fit(in_train).predict_proba(X[te])), Metrics.of(y[te], tfidf(in_train, te))))

    say("pooled cross-validation for calibration")
    from sklearn.model_selection import StratifiedKFold

    idx = np.flatnonzero(in_train)
    oof = np.zeros(len(idx))
    for a, b in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(idx, y[idx]):
        mask = np.zeros(len(y), dtype=bool)
        mask[idx[a]] = True
        oof[b] = fit(mask).predict_proba(X[idx[b]])
    rep.pooled_cv = Metrics.of(y[idx], oof)
    rep.seconds = time.perf_counter() - t0
    if out_card is not None:
        update_card(out_card, rep.to_markdown())
    if plots_dir is not None:
        write_plots(rep, plots_dir)
    return rep


def update_card(path: Path, section: str) -> None:
    """Replace the evaluation section of a model card (between the markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{CARD_START}\n{section}\n{CARD_END}"
    if CARD_START in text and CARD_END in text:
        text = re.sub(re.escape(CARD_START) + ".*?" + re.escape(CARD_END), lambda _: block, text, flags=re.DOTALL)
    else:
        text = text.rstrip() + "\n\n## Leave-one-corpus-out evaluation\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def write_plots(rep: EvaluationReport, out: Path) -> list[Path]:
    """Write a ROC curve and a reliability diagram per held-out corpus as PNG files."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError('plots need matplotlib: pip install "credscore[plots]"') from None
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
