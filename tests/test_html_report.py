"""The HTML report (``credscore explain FILE --html OUT``), rendered in real headless Chromium.

Without Chromium the browser test fails when ``CI`` is set (CI installs it,
see ``.ci/run``) and is skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import credscore
from credscore import Evidence
from credscore._report import render_html, segments

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "rumor_style.txt"
ARTIFACTS = REPO / "artifacts"
CHROMIUM = "/usr/bin/chromium"


def _command() -> list[str]:
    exe = shutil.which("credscore", path=str(Path(sys.executable).parent)) or shutil.which("credscore")
    return [exe] if exe else [sys.executable, "-m", "credscore"]


def _no_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"headless Chromium is required in CI: {reason}")
    pytest.skip(reason)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium offline; fail (CI) or skip with the launch error when it cannot start."""
    if not Path(CHROMIUM).is_file():
        _no_browser(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _no_browser(f"Chromium failed to launch: {exc!r}")
    if proc.returncode != 0:
        _no_browser(f"Chromium exited with {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


class _Dom(HTMLParser):
    """Collect the article body's text and its <mark> segments from a rendered DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body: list[str] = []
        self.marks: list[dict[str, str]] = []
        self.legend: list[str] = []
        self.bars: list[str] = []
        self._in_body = False
        self._mark: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "div" and a.get("data-field") == "text":
            self._in_body = True
        elif tag == "mark" and self._in_body:
            self._mark = {**a, "text": ""}
        elif tag == "li" and "data-signal" in a:
            self.legend.append(a["data-signal"])
        elif tag == "g" and "data-signal" in a:
            self.bars.append(a["data-signal"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        elif tag == "div" and self._in_body:
            self._in_body = False  # the body holds no nested <div>

    def handle_data(self, data: str) -> None:
        if self._in_body:
            self.body.append(data)
            if self._mark is not None:
                self._mark["text"] += data


@pytest.mark.slow
def test_report_in_headless_chromium(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    page = tmp_path / "report.html"
    proc = subprocess.run(
        [*_command(), "explain", str(FIXTURE), "--html", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    raw = page.read_text(encoding="utf-8")
    # Self-contained: nothing to fetch, no script.
    for needle in ("http://", "https://", "<link", "<script", "src=", "url(", "@import"):
        assert needle not in raw, needle

    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    parsed = _Dom()
    parsed.feed(dom)
    ex = credscore.explain(text)
    evidence = list(ex.evidence)
    assert evidence, "the fixture should produce evidence"

    # The rendered article is the original text, and each span is highlighted with its exact text.
    assert "".join(parsed.body) == text
    for i, ev in enumerate(evidence):
        pieces = [m for m in parsed.marks if str(i) in m["data-ev"].split()]
        assert pieces, f"evidence {i} ({ev.signal} {ev.text!r}) is not highlighted"
        assert "".join(m["text"] for m in pieces) == ev.text
        assert int(pieces[0]["data-start"]) == ev.start and int(pieces[-1]["data-end"]) == ev.end
        for m in pieces:
            names = m["data-signal"].split()
            assert ev.signal in names
            assert set(m["class"].split()) >= {f"sig-{n}" for n in names}
            assert ev.signal in m["title"]
            assert text[int(m["data-start"]) : int(m["data-end"])] == m["text"]
    # Every signal is in the legend and the chart, strongest first.
    assert parsed.legend == [s.name for s in ex.signals]
    assert parsed.bars[: len(ex.signals)] == [s.name for s in ex.signals]
    assert f'data-risk="{ex.risk}"' in dom

    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    with contextlib.suppress(OSError):  # a copy to look at; a read-only checkout keeps none
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(shot, ARTIFACTS / "report.png")


@pytest.mark.slow
@pytest.mark.parametrize("width", [860, 920, 1000, 1080, 1300])
def test_the_report_fits_its_window(tmp_path: Path, width: int) -> None:
    # An audit: from 901 to about 1,100 px the chart card was cut off and the page scrolled sideways (its
    # two columns needed 380 px beside a 584 px chart). A copy of the page with a script that records
    # whether the page is wider than the window (the report itself holds no script).
    page = tmp_path / "report.html"
    ex = credscore.explain(FIXTURE.read_text(encoding="utf-8"))
    from credscore._report import render_html

    probe = ("<script>document.body.setAttribute('data-overflow', "
             "String(document.documentElement.scrollWidth > window.innerWidth))</script></body>")
    page.write_text(render_html(FIXTURE.read_text(encoding="utf-8"), ex).replace("</body>", probe), encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={width},1180", "--dump-dom", page.as_uri()).stdout
    assert 'data-overflow="false"' in dom, re.findall(r'data-overflow="[a-z]*"', dom)


def test_overlapping_spans_become_segments_that_know_all_their_signals() -> None:
    text = "Sources say <b>it</b> & more"
    a = Evidence("anonymous_sourcing", "p", 0, 11, "Sources say")
    b = Evidence("hedging", "q", 8, 15, "say <b>")
    assert [(s.start, s.end, s.evidence) for s in segments(len(text), [a, b])] == [
        (0, 8, (0,)),
        (8, 11, (0, 1)),
        (11, 15, (1,)),
        (15, len(text), ()),
    ]
    ex = credscore.explain(text)
    fake = credscore.Explanation(
        0.3,
        "high",
        (
            credscore.SignalReport("anonymous_sourcing", "unnamed <sources>", 1, -0.5, (a,)),
            credscore.SignalReport("hedging", "hedges & maybes", 1, 0.2, (b,)),
        ),
        ex.style,
        ex.baseline,
        ex.words,
        ("too little <text>",),
    )
    page = render_html(text, fake, name="<name>.txt")
    # Article text, descriptions and notes are escaped; overlapping parts carry both signals.
    assert "<b>" not in page and "it&lt;/b&gt; &amp; more" in page
    assert "unnamed &lt;sources&gt;" in page and "too little &lt;text&gt;" in page and "&lt;name&gt;.txt" in page
    assert 'class="sig-anonymous_sourcing sig-hedging multi" data-signal="anonymous_sourcing hedging"' in page
    parsed = _Dom()
    parsed.feed(page)
    assert "".join(parsed.body) == text
    assert [(m["text"], m["data-ev"]) for m in parsed.marks] == [("Sources ", "0"), ("say", "0 1"), (" <b>", "1")]


def test_the_page_says_how_many_spans_it_does_not_highlight() -> None:
    text = "Sources say it is true! " * 1500  # 1,500 spans of each of two signals; 1,000 of each listed
    ex = credscore.explain(text)
    counted = sum(s.count for s in ex.signals)
    assert counted > len(ex.evidence)
    page = render_html(text, ex, name="many.txt")
    assert f"{counted - len(ex.evidence):,} more spans are counted in the score but not highlighted" in page
    assert 'id="unmarked"' not in render_html("Sources say it is true.", credscore.explain("Sources say it is true."))


def test_direction_controls_are_shown_not_applied() -> None:
    # An audit (session 41): "\u202eSources said" put the override before the <mark>, and a browser showed the
    # highlight (and the rest of the paragraph) reversed.
    text = ("The minister resigned. \u202eSources said\u202c the claims were false, according to the spokesman "
            "of the ministry in the capital city today, \u2067and more\u2069.")
    page = render_html(text, credscore.explain(text), title=None, name="x")
    body = page[page.index('<div class="article-body"'):]
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", body)
    for code in ("202e", "202c", "2067", "2069"):
        assert f">\\u{code}</span>" in body
    assert '<mark class="sig-anonymous_sourcing"' in body and ">Sources said</mark>" in body


def test_html_to_standard_output_is_utf8_whatever_its_encoding(tmp_path: Path) -> None:
    # An audit (session 41): with a cp1252 standard output (Windows' default for "> report.html") the page that
    # says <meta charset="utf-8"> was written in cp1252, its curly quotes and accents broken.
    article = tmp_path / "w.txt"
    article.write_text("\u201cIt was a mistake,\u201d said Dr. Jos\u00e9 Garc\u00eda, a professor \U0001F600 at Columbia "
                       "University, on Monday in the capital of the country.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    proc = subprocess.run([*_command(), "explain", str(article), "--html", "-"], capture_output=True, env=env,
                          check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = proc.stdout.decode("utf-8")  # fails on cp1252 bytes
    assert 'charset="utf-8"' in page and "said Dr. Jos\u00e9 Garc\u00eda</mark>" in page and "\U0001F600" in page


def test_a_rows_id_with_slashes_names_the_page(tmp_path: Path) -> None:
    # An audit (session 41): the id "news/2024/03/x" was cut to "x)" as if it were a path.
    data = tmp_path / "id.jsonl"
    data.write_text('{"id": "news/2024/03/x", "text": "Sources said the minister resigned."}\n', encoding="utf-8")
    out = tmp_path / "r.html"
    proc = subprocess.run([*_command(), "explain", str(data), "--html", str(out)], capture_output=True, check=False,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "<title>credscore: id.jsonl:1 (id news/2024/03/x) \u2014" in out.read_text(encoding="utf-8")
