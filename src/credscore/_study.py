"""The leave-one-corpus-out study: what a user meets on sources the model never saw.

Each corpus of :data:`credscore._corpora.HELD_OUT` is held out in turn; a model
is trained, and calibrated, on the other training corpora only
(``golbeck_fakesatire`` is always in training, it has one class), and the
held-out corpus is scored. A TF-IDF (word 1-2 grams) + logistic regression
baseline is trained and scored on the same splits in the same run. ``fakes``
is a control: its labels do not come from the writing, so AUC near 0.5 is the
healthy result.

From the held-out scores the study also

- chooses the risk thresholds (:func:`choose_thresholds`): the highest "high
  risk" threshold and the lowest "low risk" threshold for which, on every
  held-out corpus but ``fakehealth``, at most :data:`MAX_ERROR_SHARE` of
  credible articles are called high risk and at most that share of
  non-credible ones low risk; and checks them **nested**, each corpus judged
  by thresholds chosen on the others' scores only;
- fits the short-text shrinkage on truncated held-out articles
  (:func:`fit_shrinkage`);
- measures recalibration: 100 labeled articles of the held-out corpus refit
  the calibration, the rest is scored (20 draws, in :func:`run_study`).

Everything it reports is what ``credscore evaluate --data DIR`` prints and the
model card's tables hold.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._api import scores_of
from ._corpora import CONTROL, HELD_OUT, TRAIN, load_corpora
from ._evaluate import Metrics, expected_calibration_error, prior_weighted_ece, tfidf_baseline_proba, verdict_table
from ._features import featurize
from ._model import CredibilityModel
from ._train import FEW_PER_CLASS, fit_model, raw_logits, recalibrate_model

__all__ = ["StudyReport", "choose_thresholds", "evaluate_corpora", "run_study"]

logger = logging.getLogger(__name__)

#: The verdict target: at most this share of credible articles called high
#: risk (false alarms) and of non-credible ones called low risk (misses).
MAX_ERROR_SHARE = 0.15
#: Held out, but not used to choose thresholds: its labels rate the reporting
#: quality of mainstream health news, which no text model ranks well (its
#: own in-corpus ceiling is about 0.75 AUC); it is reported, with the reason.
THRESHOLD_EXEMPT = ("fakehealth",)


#: Random draws of 100 labeled articles per held-out corpus in the recalibration
#: trials. One draw's balanced ECE varies by about 0.025 (standard deviation),
#: so the mean of 5 draws still moved by 0.01-0.03 between runs; 20 halve that.
RECALIBRATION_DRAWS = 20


def _false_alarms(y: np.ndarray, p: np.ndarray, t: float) -> float:
    cred = y == 1
    return float(np.mean(p[cred] < t)) if cred.any() else 0.0


def _misses(y: np.ndarray, p: np.ndarray, t: float) -> float:
    non = y == 0
    return float(np.mean(p[non] >= t)) if non.any() else 0.0


def choose_thresholds(
    scores: Mapping[str, tuple[np.ndarray, np.ndarray]], max_share: float = MAX_ERROR_SHARE
) -> tuple[float, float]:
    """The risk thresholds ``(high, medium)`` that meet the verdict target on every corpus given.

    ``scores`` maps a corpus to its ``(labels, scores)``. ``high`` is the
    largest threshold with false alarms (credible scored below it) at most
    ``max_share`` on every corpus, ``medium`` the smallest with misses
    (non-credible scored at or above it) at most ``max_share``; the band
    between is "medium" risk. Thresholds are rounded to 0.01 inwards (down
    for ``high``, up for ``medium``) so they stay readable and still meet the
    target.

    Examples
    --------
    >>> y = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    >>> p = np.array([0.9, 0.8, 0.7, 0.3, 0.6, 0.2, 0.1, 0.05])
    >>> choose_thresholds({"a": (y, p)}, max_share=0.0)
    (0.3, 0.61)
    """
    candidates = np.round(np.arange(0.0, 1.0001, 0.01), 2)
    ok_high = [t for t in candidates if all(_false_alarms(y, p, t) <= max_share for y, p in scores.values())]
    ok_med = [t for t in candidates if all(_misses(y, p, t) <= max_share for y, p in scores.values())]
    high = float(max(ok_high)) if ok_high else 0.0
    med = float(min(ok_med)) if ok_med else 1.0
    if high > med:  # the classes separate well enough that no medium band is needed
        high = med = float(np.round((high + med) / 2, 2))
    return high, med


@dataclass(frozen=True)
class HeldOut:
    """One held-out corpus: credscore's and the baseline's metrics on it."""

    name: str
    ours: Metrics
    tfidf: Metrics
    nested_false_alarms: float = float("nan")
    nested_misses: float = float("nan")
    nested_medium: float = float("nan")
    balanced_ece: float = float("nan")


#: Why a control row of the study has no AUC interval, balanced ECE or nested verdicts: it is not held out
#: as the others are (:func:`run_study` scores it with a model of the whole pool, no bootstrap, no nested check).
CONTROL_NOTE = (
    "n/a: a control is not held out like the others: its labels do not come from the writing (AUC near 0.5 is "
    "the healthy result), so it gets no AUC interval, balanced ECE or nested thresholds."
)


def _cell(x: float) -> str:
    """A figure of the study's table: three decimals, or ``n/a`` where it was not computed (NaN).

    >>> _cell(0.84567), _cell(float("nan"))
    ('0.846', 'n/a')
    """
    return "n/a" if np.isnan(x) else f"{x:.3f}"


@dataclass
class StudyReport:
    """Results of :func:`run_study`."""

    rows: list[HeldOut] = field(default_factory=list)
    control: list[HeldOut] = field(default_factory=list)
    thresholds: tuple[float, float] = (0.4, 0.6)
    shrink_words: float | None = None
    shrink_table: list[tuple[int, float, float]] = field(default_factory=list)
    recalibration: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    pool: tuple[str, ...] = ()
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    @property
    def curves(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Held-out labels and scores per corpus (what the ROC and reliability plots draw)."""
        return self.scores

    @property
    def mean_auc(self) -> tuple[float, float]:
        """Mean held-out AUC of (credscore, TF-IDF)."""
        return float(np.mean([r.ours.auc for r in self.rows])), float(np.mean([r.tfidf.auc for r in self.rows]))

    def to_markdown(self) -> str:
        """The results as Markdown (what goes into the model card)."""
        hi, med = self.thresholds
        lines = [
            f"Risk thresholds: high if score < {hi:.2f}, low if score >= {med:.2f}, medium between.",
            "",
            ("| held-out corpus | n | credscore AUC [95% CI] | TF-IDF AUC | credscore ECE | balanced ECE | TF-IDF ECE | "
            "false alarms | misses | medium | nested false alarms | nested misses |"),
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in self.rows + self.control:
            label = f"{r.name} (control)" if r in self.control else r.name
            m = r.ours
            interval = "[n/a]" if np.isnan(m.auc_low) else f"[{m.auc_low:.3f}, {m.auc_high:.3f}]"
            lines.append(
                f"| {label} | {m.n} | {_cell(m.auc)} {interval} | {_cell(r.tfidf.auc)} | "
                f"{_cell(m.ece)} | {_cell(r.balanced_ece)} | {_cell(r.tfidf.ece)} | {_cell(m.false_alarm_share)} | "
                f"{_cell(m.miss_share)} | {_cell(m.medium_share)} | {_cell(r.nested_false_alarms)} | "
                f"{_cell(r.nested_misses)} |"
            )
        if any(np.isnan([r.ours.auc_low, r.balanced_ece, r.nested_false_alarms]).any() for r in self.control):
            lines += ["", CONTROL_NOTE]
        ours, base = self.mean_auc
        orig = [r.ours.auc for r in self.rows if r.name in ("horne", "fakenewsnet_old", "recovery", "llmfake")]
        wins = sum(r.ours.auc >= r.tfidf.auc for r in self.rows)
        medium = float(np.mean([r.ours.medium_share for r in self.rows]))
        lines += [
            "",
            (f"Mean held-out AUC: credscore **{ours:.3f}**, TF-IDF **{base:.3f}** (credscore >= TF-IDF on {wins} of "
            f"{len(self.rows)}); the original four held out: {np.mean(orig):.3f}. Mean medium share "
            f"{medium:.3f}. Training pool: {', '.join(self.pool)}."),
        ]
        if self.shrink_table:
            lines += [
                "",
                f"Short texts (held-out articles cut to their first n words; shrinkage k = {self.shrink_words:g}):",
                "",
                "| words | log loss without shrinkage | with |",
                "| ---: | ---: | ---: |",
            ]
            lines += [f"| {n} | {a:.3f} | {b:.3f} |" for n, a, b in self.shrink_table]
        if self.recalibration:
            lines += [
                "",
                (f"Recalibration with 100 labeled articles of the held-out corpus (mean of {RECALIBRATION_DRAWS} draws; scored on the rest). "
                "Prior 0.5: ECE in a balanced stream (each class weighted half), the stream the score describes; "
                "prior = sample: plain ECE on the corpus as it is."),
                "",
                "| corpus | prior | false alarms | misses | medium | ECE | ECE before |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
            ]
            lines += [
                f"| {r['corpus']} | {r['prior']} | {r['false_alarms']:.3f} | {r['misses']:.3f} | {r['medium']:.3f} | "
                f"{r['ece']:.3f} | {r['ece_before']:.3f} |"
                for r in self.recalibration
            ]
        lines.append(f"(study took {self.seconds:.0f} s)")
        return "\n".join(lines)


def _log_loss(y: np.ndarray, logit: np.ndarray, w: np.ndarray) -> float:
    z = np.where(y == 1, logit, -logit)
    return float(np.sum(w * np.logaddexp(0.0, -z)) / np.sum(w))


def _best_slope(y: np.ndarray, z: np.ndarray, w: np.ndarray) -> float:
    """The ``s`` minimising the weighted log loss of ``sigmoid(s * z)`` (a grid, then refined)."""
    grid = np.linspace(0.0, 2.0, 201)
    losses = [_log_loss(y, s * z, w) for s in grid]
    return float(grid[int(np.argmin(losses))])


def fit_shrinkage(
    full: tuple[np.ndarray, np.ndarray, np.ndarray],
    trials: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    grid: Sequence[float] = tuple(range(0, 201, 5)),
) -> tuple[float, list[tuple[int, float, float]]]:
    """The ``k`` of ``logit * n / (n + k)`` that undoes the extra overconfidence of short texts.

    ``full`` is ``(y, logit, weights)`` of whole held-out articles, ``trials``
    per truncation length ``(y, logit, words, weights)`` of the same articles
    cut short. For each length the best slope on the cut logits, relative to
    the best slope on whole articles, says how much less a text of that length
    should be believed; ``k`` fits ``n / (n + k)`` to those ratios (least
    squares over the lengths). So the shrinkage corrects shortness only, not
    whatever miscalibration whole articles have (that is the calibration's
    job). Returns ``k`` and a table of ``(median words, log loss of the cut
    articles unshrunk, shrunk)``.
    """
    s_full = _best_slope(*full)
    if s_full <= 0:
        return 0.0, []
    ratios = []
    for y, z, n, w in trials:
        ratios.append((float(np.median(n)), min(_best_slope(y, z, w) / s_full, 1.0)))
    errs = [sum((n / (n + k) - r) ** 2 for n, r in ratios) for k in grid]
    k = float(grid[int(np.argmin(errs))])
    table = [
        (int(np.median(n)), _log_loss(y, z, w), _log_loss(y, z * n / (n + k), w)) for y, z, n, w in trials
    ]
    return k, table


def balanced_ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error in a stream with as many credible as non-credible articles.

    Each class is weighted to half the total, which is the stream the shipped
    score's prior (0.5) describes; plain ECE on an imbalanced corpus measures
    the prior mismatch as much as the calibration.

    Examples
    --------
    >>> round(balanced_ece(np.array([1, 0, 0, 0]), np.array([0.5, 0.5, 0.5, 0.5])), 6)
    0.0
    """
    return prior_weighted_ece(y, p, 0.5, bins)


def _verdict_shares(y: np.ndarray, p: np.ndarray, thresholds: tuple[float, float]) -> tuple[float, float, float]:
    v = verdict_table(y, p, {"high": thresholds[0], "medium": thresholds[1]})
    return v.false_alarm_share, v.miss_share, v.medium_share


def _truncate(text: str, n_words: int) -> str:
    parts = text.split()
    return " ".join(parts[:n_words])


def run_study(
    data_dir: Path,
    *,
    held_out: Sequence[str] = HELD_OUT,
    pool: Sequence[str] = TRAIN,
    baseline: bool = True,
    shrinkage: bool = True,
    recalibration: bool = True,
    report: Callable[[str], None] | None = None,
    fit_kwargs: Mapping[str, Any] | None = None,
) -> StudyReport:
    """Run the leave-one-corpus-out study on the shared corpora (see the module docstring)."""
    say = report or logger.info
    t0 = time.perf_counter()
    names = list(dict.fromkeys(list(pool) + list(held_out) + list(CONTROL)))
    corpus, _ = load_corpora(data_dir, names)
    y = np.asarray(corpus.labels)
    g = np.asarray(corpus.groups)
    say(f"features of {len(corpus)} articles")
    feats = featurize(corpus.texts, corpus.titles)
    kw = dict(fit_kwargs or {})
    rep = StudyReport(pool=tuple(pool))
    in_pool = np.isin(g, list(pool))
    models: dict[str, CredibilityModel] = {}
    base: dict[str, np.ndarray] = {}
    for h in held_out:
        say(f"held out: {h}")
        tr = np.flatnonzero(in_pool & (g != h))
        te = np.flatnonzero(g == h)
        model = fit_model(feats.take(tr), y[tr], groups=g[tr].tolist(), **kw)
        models[h] = model
        p = scores_of(feats.take(te), model)
        q = (
            tfidf_baseline_proba([corpus.texts[i] for i in tr], y[tr], [corpus.texts[i] for i in te])
            if baseline
            else np.full(len(te), 0.5)
        )
        rep.scores[h] = (y[te], p)
        base[h] = q
        rep.rows.append(HeldOut(h, Metrics.of(y[te], p, n_boot=0), Metrics.of(y[te], q, n_boot=0)))
    chosen = {k: v for k, v in rep.scores.items() if k not in THRESHOLD_EXEMPT}
    rep.thresholds = choose_thresholds(chosen)
    for i, r in enumerate(rep.rows):
        yy, p = rep.scores[r.name]
        others = {k: v for k, v in chosen.items() if k != r.name}
        nested = choose_thresholds(others) if others else rep.thresholds
        fa, miss, med = _verdict_shares(yy, p, nested)
        thr = {"high": rep.thresholds[0], "medium": rep.thresholds[1]}
        rep.rows[i] = HeldOut(
            r.name, Metrics.of(yy, p, thresholds=thr), Metrics.of(yy, base[r.name], n_boot=0, thresholds=thr),
            fa, miss, med, balanced_ece(yy, p),
        )
    for ctrl in CONTROL:
        say(f"control: {ctrl}")
        tr = np.flatnonzero(in_pool)
        te = np.flatnonzero(g == ctrl)
        model = fit_model(feats.take(tr), y[tr], groups=g[tr].tolist(), **{"calibrate": False, **kw})
        p = scores_of(feats.take(te), model)
        q = (
            tfidf_baseline_proba([corpus.texts[i] for i in tr], y[tr], [corpus.texts[i] for i in te])
            if baseline
            else np.full(len(te), 0.5)
        )
        rep.control.append(HeldOut(ctrl, Metrics.of(y[te], p, n_boot=0), Metrics.of(y[te], q, n_boot=0)))
    if shrinkage:
        say("short texts: fitting the shrinkage on truncated held-out articles")
        trials = []
        for n_words in (20, 30, 50, 80, 120, 200):
            ys, zs, ns, ws = [], [], [], []
            for h in held_out:
                te = np.flatnonzero(g == h)
                cut = [_truncate(corpus.texts[i], n_words) for i in te]
                f = featurize(cut, [None] * len(cut))
                m = models[h]
                ys.append(y[te])
                zs.append(raw_logits(m, f))
                ns.append(f.words)
                yy = y[te]
                ws.append(np.where(yy == 1, 0.5 / max((yy == 1).sum(), 1), 0.5 / max((yy == 0).sum(), 1)))
            trials.append((np.concatenate(ys), np.concatenate(zs), np.concatenate(ns), np.concatenate(ws)))
        full_y, full_z, full_w = [], [], []
        for h in held_out:
            te = np.flatnonzero(g == h)
            f = feats.take(te)
            keep = f.judgeable
            yy = y[te][keep]
            full_y.append(yy)
            full_z.append(raw_logits(models[h], f)[keep])
            full_w.append(np.where(yy == 1, 0.5 / max((yy == 1).sum(), 1), 0.5 / max((yy == 0).sum(), 1)))
        full = (np.concatenate(full_y), np.concatenate(full_z), np.concatenate(full_w))
        rep.shrink_words, rep.shrink_table = fit_shrinkage(full, trials)
    if recalibration:
        say("recalibration with 100 labeled articles per held-out corpus")
        for h in held_out:
            te = np.flatnonzero(g == h)
            few = 0
            for prior_name in ("0.5", "sample"):
                res = []
                for seed in range(RECALIBRATION_DRAWS):
                    rng = np.random.default_rng(seed)
                    pick = rng.permutation(len(te))
                    fit_idx, rest = te[pick[:100]], te[pick[100:]]
                    if len(set(y[fit_idx].tolist())) < 2:
                        continue
                    if prior_name == "0.5":  # the same draws serve both priors
                        few += int(np.bincount(y[fit_idx], minlength=2).min() < FEW_PER_CLASS)
                    m = recalibrate_model(
                        models[h], feats.take(fit_idx), y[fit_idx], prior=0.5 if prior_name == "0.5" else None,
                        quiet=True,
                    )
                    p = scores_of(feats.take(rest), m)
                    p0 = scores_of(feats.take(rest), models[h])
                    fa, miss, med = _verdict_shares(y[rest], p, rep.thresholds)
                    ece = balanced_ece if prior_name == "0.5" else expected_calibration_error
                    res.append((fa, miss, med, ece(y[rest], p), ece(y[rest], p0)))
                if res:
                    a = np.mean(np.asarray(res), axis=0)
                    rep.recalibration.append(
                        {"corpus": h, "prior": prior_name, "false_alarms": a[0], "misses": a[1], "medium": a[2],
                         "ece": a[3], "ece_before": a[4]}
                    )
            if few:
                say(f"  {h}: {few} of {RECALIBRATION_DRAWS} draws of 100 had fewer than {FEW_PER_CLASS} articles of a class")
    rep.seconds = time.perf_counter() - t0
    return rep


def evaluate_corpora(
    data_dir: Path,
    *,
    out_card: Path | None = None,
    plots_dir: Path | None = None,
    progress: bool = False,
    report: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> StudyReport:
    """Run :func:`run_study`; write its tables into a model card and its plots, when asked.

    The card's section between ``<!-- evaluation:start -->`` and
    ``<!-- evaluation:end -->`` is replaced by :meth:`StudyReport.to_markdown`.
    """
    from ._evaluate import update_card, write_plots

    def say(msg: str) -> None:
        if report is not None:
            report(msg)
        elif progress:
            import sys

            print(f"credscore: {msg}", file=sys.stderr, flush=True)

    rep = run_study(data_dir, report=say, **kwargs)
    if out_card is not None:
        update_card(out_card, rep.to_markdown())
    if plots_dir is not None:
        write_plots(rep, plots_dir)  # type: ignore[arg-type]  # it reads .curves only
    return rep
