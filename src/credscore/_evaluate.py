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
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._corpora import CONTROL, HELD_OUT, TRAIN, load_corpora
from ._features import FeatureExtractor
from ._train import DEFAULT_C, fit_linear, sample_weights

__all__ = ["EvaluationReport", "Metrics", "evaluate", "expected_calibration_error"]

logger = logging.getLogger(__name__)

CARD_START = "<!-- evaluation:start -->"
CARD_END = "<!-- evaluation:end -->"


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error with equal-width bins, weighted by bin size.

    Examples
    --------
    >>> import numpy as np
    >>> round(expected_calibration_error(np.array([0, 1, 1, 0]), np.array([0.0, 1.0, 1.0, 0.0])), 6)
    0.0
    """
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    which = np.minimum((p * bins).astype(int), bins - 1)
    ece = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            ece += m.mean() * abs(y[m].mean() - p[m].mean())
    return float(ece)


@dataclass(frozen=True)
class Metrics:
    """Scores of one model on one evaluation set."""

    n: int
    auc: float
    accuracy: float
    brier: float
    ece: float

    @classmethod
    def of(cls, y: np.ndarray, p: np.ndarray) -> Metrics:
        from sklearn.metrics import roc_auc_score

        auc = float(roc_auc_score(y, p)) if len(set(y.tolist())) == 2 else float("nan")
        return cls(
            n=len(y),
            auc=auc,
            accuracy=float(((p >= 0.5) == (y == 1)).mean()),
            brier=float(np.mean((p - y) ** 2)),
            ece=expected_calibration_error(y, p),
        )


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


def _tfidf_proba(train_texts: list[str], y: np.ndarray, test_texts: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    A = vec.fit_transform(train_texts)
    clf = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")
    clf.fit(A, y)
    return np.asarray(clf.predict_proba(vec.transform(test_texts))[:, 1], dtype=np.float64)


def evaluate(
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
