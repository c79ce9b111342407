"""Plots and a self-contained HTML page for a :class:`credscore._evaluate.BenchmarkReport`.

Plots need matplotlib (the ``plots`` extra: ``pip install -e ".[plots]"`` in a checkout): ROC curves per
group, a reliability diagram per group and score histograms by label, one
panel per model. The HTML page embeds them as base64 PNG, with inline CSS and
no script, so it reads offline and can be mailed as one file.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from ._evaluate import OVERALL, BenchmarkReport, Metrics, ModelEvaluation
from ._version import install_command

__all__ = ["benchmark_figures", "render_benchmark_html", "write_benchmark_plots"]

#: Groups drawn per panel; beyond that the largest groups are drawn and the title says so.
MAX_GROUPS_DRAWN = 8
PLOT_NAMES = ("roc", "reliability", "histograms")


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(f"plots need matplotlib: {install_command('plots')}") from None
    return plt


def _curves(
    rep: BenchmarkReport, m: ModelEvaluation, *, both_labels: bool = False
) -> tuple[list[tuple[str, np.ndarray, np.ndarray]], str]:
    """(name, labels, scores) for all articles and the largest groups (with ``both_labels``, of the groups
    holding both labels: a ROC curve needs them); a second title line saying which groups are drawn."""
    out = [(OVERALL, rep.labels, m.scores)]
    if rep.groups is None:
        return out, ""
    groups = [(met.n, g) for g, met in m.groups]
    if both_labels:
        groups = [(n, g) for n, g in groups if len(set(rep.labels[rep.groups == g].tolist())) == 2]
    sizes = sorted(groups, reverse=True)
    shown = sorted(g for _, g in sizes[:MAX_GROUPS_DRAWN])
    out += [(g, rep.labels[rep.groups == g], m.scores[rep.groups == g]) for g in shown]
    which = " with both labels" if both_labels and len(groups) < len(m.groups) else ""
    if not shown and len(m.groups):
        return out, "\nno group has both labels"
    left = len(sizes) - len(shown)
    return out, f"\n{len(shown)} largest of {len(sizes)} groups{which}" if left or which else ""


def _panels(plt: Any, n: int) -> tuple[Any, list[Any]]:
    fig, axes = plt.subplots(1, n, figsize=(4.6 * n, 4.4), squeeze=False)
    return fig, list(axes[0])


def _style(name: str) -> dict[str, Any]:
    return {"color": "black", "lw": 2.2} if name == OVERALL else {"lw": 1.3}


def _roc(rep: BenchmarkReport, plt: Any) -> Any:
    from sklearn.metrics import roc_curve

    fig, axes = _panels(plt, len(rep.models))
    for ax, m in zip(axes, rep.models):
        curves, more = _curves(rep, m, both_labels=True)
        for name, y, p in curves:
            if len(set(y.tolist())) < 2:  # all articles of one label: no curve (the groups drawn have both)
                ax.plot([], [], label=f"{name}: AUC n/a (one label)")
                continue
            fpr, tpr, _ = roc_curve(y, p)
            met = m.overall if name == OVERALL else dict(m.groups)[name]
            ax.plot(fpr, tpr, label=f"{name}: AUC {met.auc:.3f}", **_style(name))
        ax.plot([0, 1], [0, 1], "k--", lw=0.8)
        ax.set(xlabel="false positive rate", ylabel="true positive rate", title=f"ROC, {m.name}{more}")
        ax.legend(fontsize=7, loc="lower right")
    return fig


def _reliability(rep: BenchmarkReport, plt: Any) -> Any:
    fig, axes = _panels(plt, len(rep.models))
    for ax, m in zip(axes, rep.models):
        curves, more = _curves(rep, m)
        for name, y, p in curves:
            bins = np.minimum((p * 10).astype(int), 9)
            used = [b for b in range(10) if (bins == b).any()]
            xs = [p[bins == b].mean() for b in used]
            ys = [y[bins == b].mean() for b in used]
            met = m.overall if name == OVERALL else dict(m.groups)[name]
            ax.plot(xs, ys, marker="o", ms=3, label=f"{name}: ECE {met.ece:.3f}", **_style(name))
        ax.plot([0, 1], [0, 1], "k--", lw=0.8)
        ax.set(
            xlabel="score (predicted credibility)", ylabel="observed share credible", xlim=(0, 1), ylim=(0, 1),
            title=f"Reliability, {m.name}{more}",
        )
        ax.legend(fontsize=7, loc="best")  # the curves' free corner
    return fig


def _histograms(rep: BenchmarkReport, plt: Any) -> Any:
    fig, axes = _panels(plt, len(rep.models))
    edges = np.linspace(0, 1, 41)
    hi, med = rep.thresholds
    for ax, m in zip(axes, rep.models):
        y = rep.labels
        ax.hist(m.scores[y == 1], bins=edges, alpha=0.6, color="tab:green", label=f"credible (n={int((y == 1).sum())})")
        ax.hist(m.scores[y == 0], bins=edges, alpha=0.6, color="tab:red", label=f"not credible (n={int((y == 0).sum())})")
        for x in (hi, med):
            ax.axvline(x, color="k", ls=":", lw=1)
        ax.set(xlabel=f"score (risk: high < {hi:g} <= medium < {med:g} <= low)", ylabel="articles",
               title=f"Scores by label, {m.name}")
        ax.legend(fontsize=7, loc="upper center")
    return fig


def benchmark_figures(rep: BenchmarkReport, *, dpi: int = 110) -> dict[str, bytes]:
    """The three plots as PNG bytes: ``{"roc": ..., "reliability": ..., "histograms": ...}``."""
    plt = _pyplot()
    out: dict[str, bytes] = {}
    for name, draw in zip(PLOT_NAMES, (_roc, _reliability, _histograms)):
        fig = draw(rep, plt)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
        plt.close(fig)
        out[name] = buf.getvalue()
    return out


def write_benchmark_plots(rep: BenchmarkReport, out_dir: str | Path) -> list[Path]:
    """Write ``roc.png``, ``reliability.png`` and ``histograms.png`` into ``out_dir`` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in benchmark_figures(rep).items():
        path = out / f"{name}.png"
        path.write_bytes(data)
        paths.append(path)
    return paths


# --- HTML -----------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1400px;
padding:0 1em;color:#1d1d1f}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}th,td{padding:.3em .55em;border-bottom:1px solid #ddd;text-align:right}
th{background:#f4f4f6}td.l,th.l{text-align:left}tr.first td{border-top:2px solid #999}
.meta{color:#555;font-size:.9em}.na{color:#999}img{max-width:100%;border:1px solid #eee;margin:.4em 0}
ul.notes li{margin:.2em 0}code{font-size:.9em}td small{display:block;white-space:nowrap;color:#555}
"""


def _cell(x: float, digits: int = 3) -> str:
    return '<td class="na">n/a</td>' if math.isnan(x) else f"<td>{x:.{digits}f}</td>"


def _auc_cell(m: Metrics) -> str:
    if math.isnan(m.auc):
        return f'<td class="na" title="{html.escape(m.auc_note or "")}">n/a</td>'
    ci = "" if math.isnan(m.auc_low) else f" <small>({m.auc_low:.3f}–{m.auc_high:.3f})</small>"
    return f"<td>{m.auc:.3f}{ci}</td>"


def _share_cell(share: float, ci: tuple[float, float]) -> str:
    if math.isnan(share):
        return '<td class="na">n/a</td>'
    return f"<td>{share:.3f} <small>({ci[0]:.3f}–{ci[1]:.3f})</small></td>"


def _metric_cells(m: Metrics) -> str:
    return "".join(
        [
            f"<td>{m.n}</td><td>{m.n_credible} / {m.n_noncredible}</td>",
            _auc_cell(m),
            _cell(m.accuracy),
            _cell(m.brier),
            _cell(m.ece),
            _share_cell(m.false_alarm_share, m.false_alarm_ci95),
            _share_cell(m.miss_share, m.miss_ci95),
            _cell(m.medium_share),
        ]
    )


_HEAD = (
    "<th>articles</th><th>credible / not</th><th>ROC AUC (95 % CI)</th><th>accuracy</th><th>Brier</th><th>ECE</th>"
    "<th>false alarms (95 % CI)</th><th>misses (95 % CI)</th><th>medium</th>"
)


def render_benchmark_html(rep: BenchmarkReport, *, title: str = "credscore evaluation", plots: bool = True) -> str:
    """One self-contained HTML page: summary, tables, plots (base64 PNG) and notes.

    ``plots=False`` leaves the plots out (no matplotlib needed).
    """
    e = html.escape
    hi, med = rep.thresholds
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p><b>{rep.n} articles</b>: {e(rep.headline())}</p>",
        f'<p class="meta">Model: {e(rep.model_source)}, sha256 <code>{e(rep.model_sha256)}</code>, prior {rep.model_prior:g}<br>'
        f"Risk thresholds: high if score &lt; {hi:g}, medium if &lt; {med:g}, else low. "
        + ", ".join(f"{e(k)} {e(v)}" for k, v in rep.versions.items())
        + f". {rep.seconds:.1f} s.</p>",
        "<h2>All articles</h2>",
        f'<table><tr><th class="l">model</th>{_HEAD}</tr>',
    ]
    for m in rep.models:
        parts.append(f'<tr><td class="l" title="{e(m.description)}">{e(m.name)}</td>{_metric_cells(m.overall)}</tr>')
    parts.append("</table>")
    parts.append('<ul class="notes">' + "".join(f"<li>{e(m.name)}: {e(m.description)}</li>" for m in rep.models) + "</ul>")
    notes = [
        (f"False alarms: share of credible articles called high risk (score &lt; {hi:g}). Misses: share of "
        f"non-credible articles called low risk (score &ge; {med:g}). Medium: share of all articles at medium risk."),
        ("The false-alarm and miss intervals are Wilson 95 % score intervals. Accuracy at the 0.5 threshold; ECE "
         "with 10 equal-width bins; "
         + (f"AUC interval from {rep.n_boot} stratified bootstrap resamples." if rep.n_boot
            else "no AUC interval (no bootstrap resamples).")),
    ]
    notes += [e(f"AUC n/a ({note}): {', '.join(groups)}.") for note, groups in rep.undefined_auc()]
    notes += [e(n) for n in rep.notes]
    parts.append('<h2>Notes</h2><ul class="notes">' + "".join(f"<li>{n}</li>" for n in notes) + "</ul>")
    if plots:
        captions = {
            "roc": "ROC curves, all articles and per group",
            "reliability": "Reliability diagram: observed share credible per score bin (the diagonal is perfect)",
            "histograms": "Score histograms by label, with the risk thresholds dotted",
        }
        parts.append("<h2>Plots</h2>")  # before the group table, which can be long
        for name, png in benchmark_figures(rep).items():
            data = base64.b64encode(png).decode("ascii")
            parts.append(f'<figure><img alt="{e(captions[name])}" src="data:image/png;base64,{data}">'
                         f"<figcaption>{e(captions[name])}</figcaption></figure>")
    if rep.groups is not None:
        parts += ["<h2>By group</h2>", f'<table><tr><th class="l">group</th><th class="l">model</th>{_HEAD}</tr>']
        for i, (g, _) in enumerate(rep.models[0].groups):
            for j, m in enumerate(rep.models):
                first = ' class="first"' if j == 0 else ""
                name = f'<td class="l">{e(g)}</td>' if j == 0 else '<td class="l"></td>'
                parts.append(f'<tr{first}>{name}<td class="l">{e(m.name)}</td>{_metric_cells(m.groups[i][1])}</tr>')
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
