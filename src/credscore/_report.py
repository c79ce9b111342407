"""A self-contained HTML page explaining one article's score (``credscore explain --html``).

The page needs no network and loads nothing: CSS and the charts (SVG) are
inline, and there is no script. Every piece of text from the article or the
catalogue is HTML-escaped.

Evidence spans are drawn as ``<mark>`` elements. Spans of different signals
may overlap, so the text is cut at every span boundary into segments; each
segment is one ``<mark>`` that lists all the signals covering it
(``data-signal="a b"``, classes ``sig-a sig-b``) and the evidence spans it
belongs to (``data-ev``), with its character offsets (``data-start``,
``data-end``) into the article body or title.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ._api import RISK_THRESHOLDS
from ._engine import Evidence
from ._explain import MAX_SPANS, Explanation
from ._version import __version__

__all__ = ["render_html", "segments"]

# (background, strong) colour pairs. Signals that lower the score get warm
# hues and signals that raise it get cool hues, so the direction shows at a
# glance; within a family each signal gets its own hue.
_WARM = (
    ("#ffc9c9", "#c92a2a"),
    ("#ffd8a8", "#d9480f"),
    ("#fcc2d7", "#a61e4d"),
    ("#ffec99", "#e67700"),
    ("#eebefa", "#862e9c"),
    ("#e9d8c4", "#7c4a1e"),
    ("#ffa8a8", "#9b1c1c"),
    ("#f3d9fa", "#9c36b5"),
)
_COOL = (
    ("#a5d8ff", "#1864ab"),
    ("#b2f2bb", "#2b8a3e"),
    ("#96f2d7", "#087f5b"),
    ("#bac8ff", "#364fc7"),
    ("#99e9f2", "#0b7285"),
    ("#d8f5a2", "#5c940d"),
    ("#d0bfff", "#5f3dc4"),
    ("#c3fae8", "#0ca678"),
)
_RISK_COLOURS = {"high": "#c92a2a", "medium": "#e67700", "low": "#2b8a3e", "unknown": "#495057"}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


#: Characters that reorder the text after them (embeddings, overrides, isolates): in the page they would turn
#: the highlighting around (an audit: "\u202eSources said" showed its mark reversed), so they are shown as
#: their escape, as the command line's text output shows them, and never applied.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _shown(escaped: str) -> str:
    """Escaped text with its direction controls made visible (:data:`_BIDI`)."""
    return _BIDI.sub(lambda m: f'<span class="ctl" title="a direction control, shown, not applied">\\u{ord(m.group()):04x}</span>',
                     escaped)


def _css_name(name: str) -> str:
    # Signal names are identifiers already; this keeps any future name a valid class.
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same set of evidence spans."""

    start: int
    end: int
    evidence: tuple[int, ...]  # indices into the evidence list


def segments(length: int, spans: Sequence[Evidence]) -> list[Segment]:
    """Cut ``[0, length)`` at every span boundary; each piece lists the spans covering it.

    Examples
    --------
    >>> from credscore import Evidence
    >>> a = Evidence("x", "p", 0, 5, "hello")
    >>> b = Evidence("y", "p", 3, 8, "lo wo")
    >>> [(s.start, s.end, s.evidence) for s in segments(10, [a, b])]
    [(0, 3, (0,)), (3, 5, (0, 1)), (5, 8, (1,)), (8, 10, ())]
    """
    cuts = {0, length}
    for ev in spans:
        cuts.add(max(0, min(ev.start, length)))
        cuts.add(max(0, min(ev.end, length)))
    points = sorted(cuts)
    out = []
    for lo, hi in itertools.pairwise(points):
        covering = tuple(i for i, ev in enumerate(spans) if ev.start <= lo and hi <= ev.end)
        out.append(Segment(lo, hi, covering))
    return out


class _Palette:
    def __init__(self, explanation: Explanation) -> None:
        self.colours: dict[str, tuple[str, str]] = {}
        warm = cool = 0
        for sig in explanation.signals:
            if sig.contribution < 0:
                self.colours[sig.name] = _WARM[warm % len(_WARM)]
                warm += 1
            else:
                self.colours[sig.name] = _COOL[cool % len(_COOL)]
                cool += 1

    def bg(self, name: str) -> str:
        return self.colours.get(name, ("#e9ecef", "#495057"))[0]

    def strong(self, name: str) -> str:
        return self.colours.get(name, ("#e9ecef", "#495057"))[1]


def _direction(contribution: float) -> str:
    return "lowers credibility" if contribution < 0 else "raises credibility"


def _fmt(value: float) -> str:
    # A real minus sign reads better than a hyphen next to numbers.
    return f"{value:+.2f}".replace("-", "\u2212")


def _marked(text: str, field: str, evidence: Sequence[Evidence], explanation: Explanation, palette: _Palette) -> str:
    """``text`` as escaped HTML with every evidence span of ``field`` in ``<mark>`` segments."""
    reports = {s.name: s for s in explanation.signals}
    mine = [(i, ev) for i, ev in enumerate(evidence) if ev.field == field]
    local = [ev for _, ev in mine]
    parts = []
    for seg in segments(len(text), local):
        piece = _shown(_e(text[seg.start : seg.end]))
        if not seg.evidence:
            parts.append(piece)
            continue
        evs = [local[i] for i in seg.evidence]
        # Strongest signal first: it gives the segment its background.
        names = sorted({ev.signal for ev in evs}, key=lambda n: -abs(reports[n].contribution) if n in reports else 0.0)
        tips = []
        for n in names:
            rep = reports.get(n)
            pats = sorted({ev.pattern for ev in evs if ev.signal == n})
            if rep is not None:
                tips.append(
                    f"{n} \u2014 {_direction(rep.contribution)} ({_fmt(rep.contribution)})\n"
                    f"{rep.description}\npattern: {', '.join(pats)}"
                )
            else:
                tips.append(f"{n}\npattern: {', '.join(pats)}")
        classes = " ".join(f"sig-{_css_name(n)}" for n in names)
        style = ""
        if len(names) > 1:
            classes += " multi"
            # Other signals as stacked underlines beneath the primary colour.
            shadows = ", ".join(f"inset 0 -{3 * k}px 0 {palette.strong(n)}" for k, n in enumerate(names[1:], 1))
            style = f' style="box-shadow: {shadows}"'
        ids = " ".join(str(mine[i][0]) for i in seg.evidence)
        parts.append(
            f'<mark class="{classes}" data-signal="{_e(" ".join(names))}" data-ev="{ids}" '
            f'data-start="{seg.start}" data-end="{seg.end}" title="{_e(chr(10).join(tips))}"{style}>{piece}</mark>'
        )
    return "".join(parts)


def _gauge(score: float, risk: str) -> str:
    """A 0..1 scale with the risk zones and a marker at the score."""
    w, x0, x1 = 360, 10, 350
    hi, med = RISK_THRESHOLDS["high"], RISK_THRESHOLDS["medium"]

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v

    marker = x(min(max(score, 0.0), 1.0))
    colour = _RISK_COLOURS.get(risk, "#495057")
    return f"""<svg class="gauge" width="{w}" height="58" viewBox="0 0 {w} 58" role="img"
 aria-label="Score {score:.2f} on a scale from 0 (not credible) to 1 (credible)">
<rect x="{x0}" y="14" width="{x(hi) - x0:.1f}" height="12" fill="#ffc9c9"/>
<rect x="{x(hi):.1f}" y="14" width="{x(med) - x(hi):.1f}" height="12" fill="#ffec99"/>
<rect x="{x(med):.1f}" y="14" width="{x1 - x(med):.1f}" height="12" fill="#b2f2bb"/>
<text x="{(x0 + x(hi)) / 2:.1f}" y="10" class="zone">high risk</text>
<text x="{(x(hi) + x(med)) / 2:.1f}" y="10" class="zone">medium</text>
<text x="{(x(med) + x1) / 2:.1f}" y="10" class="zone">low risk</text>
<path d="M{marker:.1f} 28 l-6 9 h12 z" fill="{colour}"/>
<line x1="{marker:.1f}" y1="11" x2="{marker:.1f}" y2="29" stroke="{colour}" stroke-width="3"/>
<text x="{x0}" y="52" class="tick" text-anchor="start">0</text>
<text x="{x(hi):.1f}" y="52" class="tick">{hi:g}</text>
<text x="{x(med):.1f}" y="52" class="tick">{med:g}</text>
<text x="{x1}" y="52" class="tick" text-anchor="end">1</text>
</svg>"""


def _chart(explanation: Explanation, palette: _Palette) -> str:
    """Horizontal diverging bars: each signal's contribution in log-odds."""
    rows: list[tuple[str, float, str, str, str]] = []
    for sig in explanation.signals:
        rows.append((sig.name, sig.contribution, palette.bg(sig.name), palette.strong(sig.name), f"sig-{_css_name(sig.name)}"))
    pattern = explanation.style.get("writing_pattern")
    style_total = sum(v for k, v in explanation.style.items() if k != "writing_pattern")
    rows.append(("writing style (no spans)", style_total, "#dee2e6", "#495057", "style"))
    if pattern is not None:
        rows.append(("writing patterns (n-grams)", pattern, "#dee2e6", "#495057", "style"))
        for gram, part in explanation.patterns[:5]:
            rows.append((f"  \u201c{gram}\u201d", part, "#f1f3f5", "#868e96", "style"))
    # Columns: signal names | room for a negative value | bars | room for a positive value.
    label_w, value_w, bar_w, row_h, top = 180, 52, 300, 24, 30
    width = label_w + 2 * value_w + bar_w
    height = top + row_h * len(rows) + 12
    biggest = max((abs(r[1]) for r in rows), default=0.0) or 1.0
    half = bar_w / 2
    mid = label_w + value_w + half
    out = [
        (
            f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            'aria-labelledby="chart-title"><title id="chart-title">Contribution of each signal to the score, '
            "in log-odds</title>"
        ),
        f'<text x="{mid - 6}" y="14" class="axis" text-anchor="end">\u2190 lowers credibility</text>',
        f'<text x="{mid + 6}" y="14" class="axis" text-anchor="start">raises credibility \u2192</text>',
    ]
    for k, (name, value, fill, stroke, cls) in enumerate(rows):
        y = top + k * row_h
        length = max(half * abs(value) / biggest, 1.0)
        bx = mid - length if value < 0 else mid
        out.append(
            f'<g class="bar {cls}" data-signal="{_e(name)}" data-contribution="{value:.6f}">'
            f'<text x="{label_w - 8}" y="{y + 16}" class="label" text-anchor="end">{_e(name)}</text>'
            f'<rect x="{bx:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" rx="2" fill="{fill}" stroke="{stroke}"/>'
            f'<text x="{(bx - 4) if value < 0 else (bx + length + 4):.1f}" y="{y + 16}" class="value" '
            f'text-anchor="{"end" if value < 0 else "start"}">{_fmt(value)}</text></g>'
        )
    out.append(
        f'<line x1="{mid}" y1="{top - 4}" x2="{mid}" y2="{height - 6}" stroke="#343a40" stroke-width="1.5"/></svg>'
    )
    return "".join(out)


def _legend(explanation: Explanation, palette: _Palette) -> str:
    if not explanation.signals:
        return '<p class="muted">No signal from the catalogue was found in this text.</p>'
    items = []
    for sig in explanation.signals:
        where = {ev.field for ev in sig.spans}
        field_note = " (in the headline)" if where == {"title"} else ""
        items.append(
            f'<li data-signal="{_e(sig.name)}"><mark class="swatch sig-{_css_name(sig.name)}">{_e(sig.name)}</mark>'
            f'<span class="dir {"down" if sig.contribution < 0 else "up"}">{_fmt(sig.contribution)}</span>'
            f'<span class="count">{_direction(sig.contribution)} \u00b7 {sig.count} span{"s" if sig.count != 1 else ""}'
            f"{field_note}</span>"
            f'<span class="desc">{_e(sig.description)}</span></li>'
        )
    return '<ul class="legend">' + "".join(items) + "</ul>"


def _signal_css(explanation: Explanation, palette: _Palette) -> str:
    rules = []
    for sig in explanation.signals:
        c = _css_name(sig.name)
        rules.append(f"mark.sig-{c}{{background:{palette.bg(sig.name)};border-bottom:2px solid {palette.strong(sig.name)}}}")
        # Hovering a legend entry outlines that signal's evidence in the text.
        rules.append(
            f'body:has(.legend li[data-signal="{c}"]:hover) .text mark.sig-{c}'
            f"{{outline:2px solid {palette.strong(sig.name)};outline-offset:1px}}"
        )
    return "\n".join(rules)


_CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f1f3f5;color:#212529;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top{background:#212529;color:#f8f9fa;padding:12px 28px;display:flex;justify-content:space-between;align-items:baseline}
header.top h1{font-size:17px;margin:0;font-weight:600}
header.top .file{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;color:#ced4da}
main{max-width:1180px;margin:0 auto;padding:20px 28px 40px}
.card{background:#fff;border:1px solid #dee2e6;border-radius:8px;padding:16px 20px;margin-bottom:18px}
.card h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:#495057;margin:0 0 10px}
.summary{display:grid;grid-template-columns:380px minmax(0,1fr);gap:18px;align-items:start}
.score-line{display:flex;align-items:center;gap:14px;flex-wrap:wrap}
.score{font-size:46px;font-weight:700;line-height:1}
.score small{font-size:16px;color:#868e96;font-weight:400}
.risk{display:inline-block;color:#fff;border-radius:999px;padding:5px 14px;font-weight:600;font-size:14px;text-transform:uppercase;letter-spacing:.04em}
.explain{color:#495057;font-size:13px;margin:8px 0 4px}
.gauge text{font-size:11px;fill:#495057;text-anchor:middle}
.chart{max-width:100%;height:auto}
.chart text{font-size:12px;fill:#343a40}
.chart .axis{fill:#868e96;font-size:11px}
.chart .label{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.chart .value{font-variant-numeric:tabular-nums}
.chart .bar.style text.label{fill:#868e96;font-family:inherit;font-style:italic}
.notes{background:#fff9db;border:1px solid #ffe066;border-radius:6px;padding:8px 12px;margin:12px 0 0;font-size:14px}
.notes p{margin:2px 0}
.columns{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:18px;align-items:start}
.text h3{font-size:22px;line-height:1.3;margin:0 0 14px;font-family:Georgia,"Times New Roman",serif}
.article-body{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Georgia,"Times New Roman",serif;font-size:17px;line-height:1.75}
mark{color:inherit;border-radius:2px;padding:1px 0}
mark.multi{font-weight:600}
.ctl{color:#868e96;font-size:85%}
.legend{list-style:none;margin:0;padding:0}
.legend li{padding:8px 0;border-top:1px solid #f1f3f5;display:grid;grid-template-columns:1fr auto;gap:2px 8px}
.legend li:first-child{border-top:0}
.legend .swatch{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;padding:1px 5px;justify-self:start}
.legend .dir{font-size:13px;font-weight:700;text-align:right;font-variant-numeric:tabular-nums;align-self:center}
.legend .dir.down{color:#c92a2a}.legend .dir.up{color:#2b8a3e}
.legend .count{grid-column:1/3;font-size:12px;color:#868e96}
.legend .desc{grid-column:1/3;font-size:13px;color:#495057}
.legend li:hover{background:#f8f9fa}
.muted{color:#868e96}
footer{color:#868e96;font-size:12px;margin-top:6px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 8px;font-size:14px}
dl.meta dt{color:#868e96}dl.meta dd{margin:0;overflow-wrap:anywhere}
ul.dropped{font-size:13px;color:#495057;max-height:320px;overflow:auto}
footer p{margin:4px 0}
@media (max-width:1100px){.summary{grid-template-columns:1fr}}
@media (max-width:900px){.columns{grid-template-columns:1fr}}
@media print{body{background:#fff}.card{border-color:#ced4da}}
"""


def _source_card(article: Any) -> str:
    """The page the article was extracted from: its metadata and the text that was left out."""
    if article is None:
        return ""
    rows = [("Headline", article.title), ("Byline", article.byline), ("Date", article.date),
            ("Site", article.site_name), ("Address", article.url), ("Encoding", article.encoding)]
    # A saved file has no address, and a page given as text no encoding: those rows are left out, not "not found".
    rows = [(k, v) for k, v in rows if v or k not in ("Address", "Encoding")]
    meta = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v) if v else '<span class=muted>not found</span>'}</dd>" for k, v in rows)
    dropped = "".join(f"<li>{_e(block)}</li>" for block in article.dropped)
    n = len(article.dropped)
    return f"""<section class="card" id="source-page">
<h2>Source page</h2>
<dl class="meta">{meta}</dl>
<details id="dropped"{" open" if 0 < n <= 12 else ""}><summary>Left out of the article: {n} text block{"s" if n != 1 else ""},
{article.dropped_chars} characters (menus, banners, related links, comments, footer), not scored</summary>
<ul class="dropped">{dropped}</ul></details>
</section>
"""


def render_html(
    text: str, explanation: Explanation, *, title: str | None = None, name: str = "article", article: Any = None
) -> str:
    """Return the report page for ``text`` and its ``explanation`` as one HTML string.

    Parameters
    ----------
    text : str
        The article body that was explained (offsets of the evidence refer to it).
    explanation : Explanation
        The result of :func:`credscore.explain` for ``text`` and ``title``.
    title : str, optional
        The headline that was explained, if any; title evidence is marked in it.
    name : str
        What to call the document in the page header (e.g. its file name).
    article : credscore._html.Article, optional
        When the text was extracted from a web page: the page's metadata and
        the text that was left out are shown above the article.
    """
    palette = _Palette(explanation)
    evidence = list(explanation.evidence)
    risk = explanation.risk
    colour = _RISK_COLOURS.get(risk, "#495057")
    hi, med = RISK_THRESHOLDS["high"], RISK_THRESHOLDS["medium"]
    risk_label = "risk unknown" if risk == "unknown" else f"{risk} risk"
    notes = "".join(f"<p>\u26a0 {_e(n)}</p>" for n in explanation.notes)
    notes_html = f'<div class="notes">{notes}</div>' if notes else ""
    logit = explanation.baseline + sum(s.contribution for s in explanation.signals) + sum(explanation.style.values())
    headline = (
        f'<h3 class="headline" data-field="title">{_marked(title, "title", evidence, explanation, palette)}</h3>'
        if title
        else ""
    )
    body = _marked(text, "text", evidence, explanation, palette)
    n_spans = sum(1 for ev in evidence if ev.field == "text")
    # explain() lists at most MAX_SPANS spans a signal, its first in the text: say how many are not marked.
    unmarked = sum(s.count for s in explanation.signals) - len(evidence)
    more = (f'<p class="explain" id="unmarked">{unmarked:,} more spans are counted in the score but not '
            f"highlighted: at most {MAX_SPANS:,} a signal are listed, the first in the text.</p>") if unmarked > 0 else ""
    # Two decimals, but never round a near-certain score to a flat 0 or 1.
    score_txt = (
        "&lt;\u20090.01" if explanation.score < 0.005 else "&gt;\u20090.99" if explanation.score > 0.995 else f"{explanation.score:.2f}"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="credscore {_e(__version__)}">
<title>credscore: {_e(name)} \u2014 {score_txt} ({_e(risk_label)})</title>
<style>{_CSS}
{_signal_css(explanation, palette)}
</style>
</head>
<body>
<header class="top"><h1>credscore report</h1><span class="file">{_e(name)}</span></header>
<main>
<section class="summary">
<div class="card" id="score" data-score="{explanation.score!r}" data-risk="{_e(risk)}">
<h2>Credibility score</h2>
<div class="score-line"><span class="score">{score_txt}<small> / 1</small></span>
<span class="risk" style="background:{colour}">{_e(risk_label)}</span></div>
<p class="explain">Probability that the article is credible, from the journalism signals below.
High risk of misinformation below {hi:g}, medium from {hi:g} to {med:g}, low from {med:g}.</p>
{_gauge(explanation.score, risk)}
{notes_html}
</div>
<div class="card" id="contributions">
<h2>What moved the score</h2>
{_chart(explanation, palette)}
<p class="explain">Bars are contributions in log-odds relative to an average article
(baseline {_fmt(explanation.baseline)}; total {_fmt(logit)} gives the score {score_txt}).</p>
</div>
</section>
{_source_card(article)}<section class="columns">
<article class="card text" id="article">
<h2>Article, with evidence highlighted ({n_spans} span{"s" if n_spans != 1 else ""}, {explanation.words} words)</h2>
{more}{headline}<div class="article-body" data-field="text">{body}</div>
</article>
<aside class="card" id="legend">
<h2>Signals found</h2>
{_legend(explanation, palette)}
</aside>
</section>
<footer>
<p>Signals are cues that, in the training corpora, go with more or less credible reporting. They are reasons to look
closer, not verdicts: check the claims themselves. Hover a highlight to see its signal and pattern; hover a signal in
the list to outline its evidence.</p>
<p>Generated by credscore {_e(__version__)}. This page is self-contained and loads nothing from the network.</p>
</footer>
</main>
</body>
</html>
"""
