"""Web pages: article extraction (the html extra), score_html/explain_html, and the CLI on pages and URLs.

The saved pages in tests/fixtures/html were written for these tests: each
wraps a known article in navigation, a cookie banner, scripts that contain
signal words, related links, comments and a footer (one is paywalled, one is
windows-1252). tests/fixtures/html/expected.json holds each article's body
and metadata. URLs are served by tests/webserver.py on 127.0.0.1 only.
"""

from __future__ import annotations

import gzip
import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("trafilatura", reason='the html extra is not installed (pip install -e ".[html]" from the repository root)')

from webserver import LocalServer

import credscore
from credscore import cli
from credscore._html import (
    NOTE_NO_ARTICLE,
    NOTE_PAYWALL,
    Article,
    decode_html,
    extract_article,
    score_html,
)
from credscore._io import strip_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"
EXPECTED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
PAGES = sorted(EXPECTED)


def _ws(s: str) -> str:
    return " ".join(s.split())


def _body(name: str) -> str:
    return "\n\n".join(EXPECTED[name]["paragraphs"])


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(lifetime=300) as srv:
        yield srv


# --- extraction quality ------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_extracted_text_is_the_article_body(name: str) -> None:
    art = extract_article((FIXTURES / name).read_bytes())
    assert _ws(art.text) == _ws(_body(name))
    # Paragraphs stay paragraphs.
    assert [_ws(p) for p in art.text.split("\n\n")] == EXPECTED[name]["paragraphs"]


@pytest.mark.parametrize("name", PAGES)
def test_metadata(name: str) -> None:
    art = extract_article((FIXTURES / name).read_bytes())
    want = EXPECTED[name]
    assert (art.title, art.byline, art.date, art.site_name) == (
        want["title"],
        want["byline"],
        want["date"],
        want["site_name"],
    )


@pytest.mark.parametrize("name", PAGES)
def test_score_equals_the_clean_article_score(name: str) -> None:
    page = (FIXTURES / name).read_bytes()
    clean = credscore.score(_body(name), EXPECTED[name]["title"])
    assert abs(score_html(page) - clean) <= 0.02


@pytest.mark.parametrize("name", PAGES)
def test_boilerplate_is_listed_as_dropped_and_not_scored(name: str) -> None:
    markup = (FIXTURES / name).read_bytes()
    art = extract_article(markup)
    body = _ws(art.text)
    assert art.dropped, "every fixture has boilerplate"
    assert art.dropped_chars == sum(len(b) for b in art.dropped)
    for block in art.dropped:
        assert block not in body
    # Everything visible is either in the article (or its headline) or listed as dropped.
    visible = [_ws(line) for line in strip_html(decode_html(markup)[0]).split("\n") if line.strip()]
    kept = body + " " + _ws(art.title or "")
    assert [v for v in visible if v not in kept and v not in art.dropped] == []


def test_signals_in_menus_scripts_and_comments_do_not_count() -> None:
    markup = (FIXTURES / "council_budget.html").read_text(encoding="utf-8")
    article, ex = credscore.explain_html(markup)
    found = {s.name for s in ex.signals}
    # The signals that the page's boilerplate (visible or in scripts) would add, and the article lacks.
    script_text = " ".join(re.findall(r"<script[^>]*>(.*?)</script>", markup, flags=re.DOTALL))
    noise = credscore.explain("\n".join(article.dropped) + "\n" + script_text)
    extra = {s.name for s in noise.signals} - {s.name for s in credscore.explain(article.text, article.title).signals}
    assert extra, "the fixture's boilerplate should hold signal words"
    assert found.isdisjoint(extra)
    # Whereas stripping the tags alone scores them.
    crude = {s.name for s in credscore.explain(strip_html(markup)).signals}
    assert extra & crude


def test_paywall_is_noted() -> None:
    art = extract_article((FIXTURES / "paywalled.html").read_bytes())
    assert art.notes == (NOTE_PAYWALL,)
    assert "Subscribe now" not in art.text and any("Subscribe now" in b for b in art.dropped)
    _, ex = credscore.explain_html((FIXTURES / "paywalled.html").read_bytes())
    assert NOTE_PAYWALL in ex.notes
    assert extract_article((FIXTURES / "council_budget.html").read_bytes()).notes == ()
    # A paywall box without the schema.org marker is pruned, but not taken as proof of a paywall.
    page = (FIXTURES / "paywalled.html").read_text(encoding="utf-8").replace('"isAccessibleForFree": false', '"x": 1')
    art = extract_article(page)
    assert art.notes == () and "Subscribe now" not in art.text
    assert _ws(art.text) == _ws(_body("paywalled.html"))


def test_article_marked_paywall_by_schema_org_is_kept() -> None:
    # schema.org's paywall markup puts class="paywall" on the article text itself (cssSelector ".paywall"):
    # a subscriber's saved page holds the full text there, and it must not be pruned as a subscription box.
    paras = EXPECTED["council_budget.html"]["paragraphs"]
    page = (
        '<html><head><title>Council approves budget</title><script type="application/ld+json">'
        '{"@type": "NewsArticle", "isAccessibleForFree": false, "hasPart": {"cssSelector": ".paywall"}}</script></head>'
        "<body><article><h1>Council approves budget</h1><p>" + paras[0] + '</p><div class="paywall">'
        + "".join(f"<p>{p}</p>" for p in paras[1:]) + '</div><div class="subscribe-box"><p>Subscribe for $1.</p></div>'
        "</article></body></html>"
    )
    art = extract_article(page)
    assert [_ws(p) for p in art.text.split("\n\n")] == paras
    assert art.dropped == ("Subscribe for $1.",) and art.notes == (NOTE_PAYWALL,)


def test_page_containers_named_after_a_banner_are_not_pruned() -> None:
    # Sites flag the page itself while a banner shows: <body class="cookie-consent-open">.
    short = "The bridge reopened on Friday after eight months of repairs, the state transport department said."
    for tag in ("body", "article", "main"):
        inner = f"<h1>Bridge reopens</h1><p>{short}</p>"
        page = (
            f'<html><body class="cookie-consent-open">{inner}</body></html>'
            if tag == "body"
            else f'<html><body><{tag} id="subscriber-view">{inner}</{tag}></body></html>'
        )
        assert extract_article(page).text == short, tag


def test_xhtml_string_with_an_encoding_declaration() -> None:
    page = (FIXTURES / "cafe_cp1252.html").read_bytes().decode("cp1252")
    xhtml = '<?xml version="1.0" encoding="windows-1252"?>\n' + page
    assert extract_article(xhtml).text == extract_article(page).text != ""


def test_windows_1252_page() -> None:
    art = extract_article((FIXTURES / "cafe_cp1252.html").read_bytes())
    assert art.encoding == "cp1252"
    assert "\u201cThe fee was never meant" in art.text and "Montr\u00e9al" in art.text
    assert "\ufffd" not in art.text


def test_page_without_article() -> None:
    # An app shell whose text a script would render: nothing to score.
    shell = "<html><head><title>News</title></head><body><div id=root></div><script>render('Sources said')</script></body></html>"
    art = extract_article(shell)
    assert art.text == "" and art.notes == (NOTE_NO_ARTICLE,)
    assert score_html(shell) == 0.5
    empty = extract_article("")
    assert (empty.text, empty.notes) == ("", (NOTE_NO_ARTICLE,))
    # A page of a few links may come out as those words: too little text to judge.
    _, ex = credscore.explain_html("<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav></body></html>")
    assert ex.risk == "unknown"


def test_headline_is_scored_as_the_title_not_twice() -> None:
    art = extract_article((FIXTURES / "miracle_cure.html").read_bytes())
    assert art.title == "SHOCKING: Doctors Hide This Miracle Cure"
    assert "Doctors Hide" not in art.text
    assert score_html((FIXTURES / "miracle_cure.html").read_bytes()) == credscore.score(art.text, art.title)


def test_url_is_recorded_and_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    page = (FIXTURES / "council_budget.html").read_text(encoding="utf-8")
    page = page.replace("<main>", '<main><img src="https://cdn.example.org/a.jpg"><iframe src="https://ads.example.org/x"></iframe>')
    art = extract_article(page, url="https://news.example.org/council")
    assert art.url == "https://news.example.org/council"
    assert _ws(art.text) == _ws(_body("council_budget.html"))


def test_explain_html_spans_index_the_article() -> None:
    article, ex = credscore.explain_html((FIXTURES / "miracle_cure.html").read_bytes())
    assert ex.score == score_html((FIXTURES / "miracle_cure.html").read_bytes())
    spans = [e for s in ex.signals for e in s.spans]
    assert spans
    for ev in spans:
        source = article.text if ev.field == "text" else article.title
        assert source is not None and source[ev.start : ev.end] == ev.text
    # The extracted headline reaches the headline signals ("SHOCKING: ...").
    assert any(ev.field == "title" for ev in spans)


def test_str_and_bytes_give_the_same_article() -> None:
    raw = (FIXTURES / "council_budget.html").read_bytes()
    a, b = extract_article(raw), extract_article(raw.decode("utf-8"))
    assert (a.text, a.title, a.dropped) == (b.text, b.title, b.dropped)
    assert (a.encoding, b.encoding) == ("utf-8", None)


def test_url_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="url must be a str or None, got int"):
        extract_article("<p>x</p>", url=1)  # type: ignore[arg-type]


# --- command line: saved pages -----------------------------------------------------------------


def _rows(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_cli_scores_saved_pages_like_their_articles(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(FIXTURES / n) for n in PAGES]
    assert cli.main(["score", *paths]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [r["id"] for r in rows] == paths
    for name, row in zip(PAGES, rows):
        assert row["score"] == pytest.approx(credscore.score(_body(name), EXPECTED[name]["title"]), abs=0.02)
        assert row["error"] is None


def test_cli_mixes_pages_and_text_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    txt = Path(__file__).parent / "fixtures" / "well_sourced.txt"
    page = FIXTURES / "miracle_cure.html"
    assert cli.main(["score", str(txt), str(page), str(txt)]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [str(txt), str(page), str(txt)]
    assert rows[1]["score"] == score_html(page.read_bytes())


def test_cli_html_field_in_jsonl_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pages = {n: (FIXTURES / n).read_bytes().decode("cp1252" if "cp1252" in n else "utf-8") for n in PAGES}
    jl = tmp_path / "pages.jsonl"
    jl.write_text(
        "".join(json.dumps({"id": n, "html": h}) + "\n" for n, h in pages.items())
        + json.dumps({"id": "no-html-field", "text": "x"}) + "\n"
        + json.dumps({"id": "given-title", "html": pages["council_budget.html"], "title": "A title of my own"}) + "\n",
        encoding="utf-8",
    )
    assert cli.main(["score", str(jl), "--html-field", "html"]) == 1
    rows = _rows(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [*PAGES, "no-html-field", "given-title"]
    for name, row in zip(PAGES, rows):
        assert row["score"] == score_html(pages[name])
    assert "missing text field 'html'" in rows[-2]["error"]
    body = extract_article(pages["council_budget.html"]).text
    assert rows[-1]["score"] == credscore.score(body, "A title of my own")  # the row's title wins

    import csv

    cf = tmp_path / "pages.csv"
    with cf.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "page"])
        for n, h in pages.items():
            w.writerow([n, h])
    assert cli.main(["score", str(cf), "--html-field", "page", "--output-format", "csv"]) == 0
    got = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["id"] for r in got] == PAGES
    for name, row in zip(PAGES, got):
        assert float(row["score"]) == pytest.approx(score_html(pages[name]), abs=1e-12)


def test_cli_explain_html_field_explains_the_rows_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # An audit: score took --html-field, explain did not, so a row that score scored from its page could not
    # be explained. Explain reads the field as score does: the evidence indexes the extracted article.
    page = (FIXTURES / "council_budget.html").read_text(encoding="utf-8")
    jl = tmp_path / "pages.jsonl"
    jl.write_text(json.dumps({"id": "other", "html": "<p>An unrelated page.</p>"}) + "\n"
                  + json.dumps({"id": "council", "html": page}) + "\n", encoding="utf-8")
    art = extract_article(page)
    assert cli.main(["explain", str(jl), "--id", "council", "--html-field", "html", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["text"] == art.text and data["article"]["title"] == art.title
    assert data["score"] == score_html(page)
    spans = [sp for sig in data["signals"] for sp in sig["spans"]]
    assert spans and all(sp["field"] != "text" or art.text[sp["start"]:sp["end"]] == sp["text"] for sp in spans)
    assert all(sp["field"] != "title" or art.title[sp["start"]:sp["end"]] == sp["text"] for sp in spans)

    assert cli.main(["explain", str(jl), "--id", "council", "--html-field", "html"]) == 0
    out = capsys.readouterr().out
    assert "Extracted from the page:" in out and f"headline: {art.title}" in out
    assert "<p>" not in out and "We use cookies" in out.split("Extracted from the page")[1]  # left out, listed

    assert cli.main(["explain", str(jl), "--id", "council", "--html-field", "html", "--strip-html"]) == 2
    assert "--strip-html" in capsys.readouterr().err


def test_cli_html_field_and_strip_html_conflict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jl = tmp_path / "p.jsonl"
    jl.write_text(json.dumps({"html": "<p>x</p>"}) + "\n", encoding="utf-8")
    assert cli.main(["score", str(jl), "--html-field", "html", "--strip-html"]) == 2
    assert "--strip-html" in capsys.readouterr().err


def test_cli_format_html_reads_stdin_as_a_page(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    raw = (FIXTURES / "council_budget.html").read_bytes()

    class _Stdin:
        buffer = __import__("io").BytesIO(raw)

    monkeypatch.setattr(sys, "stdin", _Stdin)
    assert cli.main(["score", "--format", "html"]) == 0
    (row,) = _rows(capsys.readouterr().out)
    assert row["id"] == "<stdin>" and row["score"] == score_html(raw)


def test_cli_explain_saved_page(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "council_budget.html")
    assert cli.main(["explain", path]) == 0
    out = capsys.readouterr().out
    assert "Extracted from the page" in out
    assert "headline: Council approves $4.2 million road budget in 7-2 vote" in out
    assert "byline: Dana Whitfield" in out and "date: 2024-03-05" in out and "site: The Riverside Ledger" in out
    assert "We use cookies" in out  # listed among what was left out
    assert "truthseeker77" not in out.split("Extracted from the page")[0]  # comments are not evidence

    assert cli.main(["explain", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    art = extract_article(Path(path).read_bytes())
    assert data["article"]["text"] == art.text and data["article"]["title"] == art.title
    assert data["article"]["dropped"] == list(art.dropped)
    assert data["score"] == score_html(Path(path).read_bytes())
    assert f"paragraphs, {data['words']} words (scored)" in out  # one word count for the page, as the report's


def test_cli_explain_page_html_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert cli.main(["explain", str(FIXTURES / "paywalled.html"), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert 'id="source-page"' in page and "Harbor Business Journal" in page and "Samuel Okafor" in page
    assert "Subscribe now to continue reading" in page.split('id="dropped"')[1]
    assert "behind a paywall" in page  # the note
    assert "<script" not in page


# --- command line: URLs ------------------------------------------------------------------------


def test_cli_scores_urls_one_row_each(server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok = server.url("/article")
    listed = {
        server.url("/missing"): "HTTP 404 Not Found",
        server.url("/pdf"): "not an HTML page (Content-Type: application/pdf)",
        server.url("/slow"): "timed out",
        server.url("/loop-a"): "redirect loop",
        server.url("/huge"): "too large",
        server.url("/cp1252-header"): None,
        server.url("/cp1252-meta"): None,
        server.url("/cp1252-none"): None,
        server.url("/gzip"): None,
        server.url("/paywall"): None,
    }
    urls = tmp_path / "urls.txt"
    urls.write_text("# a comment\n\n" + "\n".join(listed) + "\n", encoding="utf-8")
    code = cli.main(["score", ok, "--urls", str(urls), "--timeout", "2", "--fetch-workers", "3"])
    assert code == 1
    rows = _rows(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [ok, *listed]
    assert rows[0]["score"] == score_html((FIXTURES / "council_budget.html").read_bytes())
    for row, (url, cause) in zip(rows[1:], listed.items()):
        if cause is None:
            assert row["error"] is None and row["score"] is not None, row
        else:
            assert row["score"] is None and row["error"].startswith(f"cannot fetch {url}: {cause}"), row
    # The three windows-1252 pages decode to the same article, whichever way the charset was given.
    cafe = credscore.score(_body("cafe_cp1252.html"), EXPECTED["cafe_cp1252.html"]["title"])
    for row in rows[6:9]:
        assert row["score"] == pytest.approx(cafe, abs=0.02)


def test_cli_explain_url(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", server.url("/moved"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["url"] == server.url("/article")  # after the redirect
    assert data["article"]["title"] == EXPECTED["council_budget.html"]["title"]
    assert cli.main(["explain", server.url("/missing")]) == 1
    assert f"cannot fetch {server.url('/missing')}: HTTP 404 Not Found" in capsys.readouterr().err


def test_urls_from_stdin(server: LocalServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    listed = server.url("/article") + "\n" + server.url("/json") + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(listed.encode())))  # stdin, with its bytes
    assert cli.main(["score", "--urls", "-"]) == 1
    rows = _rows(capsys.readouterr().out)
    assert [r["error"] is None for r in rows] == [True, False]


def test_a_url_list_line_that_is_no_web_address_is_an_error_row_not_a_file(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A local file's path in the list was read and scored; an ftp:// line or an address without its
    # scheme was "cannot read (No such file or directory)" (audit).
    monkeypatch.chdir(FIXTURES)  # where council_budget.html is a file
    urls = tmp_path / "urls.txt"
    listed = ["council_budget.html", str(FIXTURES / "council_budget.html"), "ftp://example.org/a", "example.org/news",
              server.url("/article")]
    urls.write_text("\n".join(listed) + "\n", encoding="utf-8")
    assert cli.main(["score", "--urls", str(urls)]) == 1
    rows = _rows(capsys.readouterr().out)
    assert [r["id"] for r in rows] == listed
    assert [r["score"] is None for r in rows] == [True, True, True, True, False]
    assert rows[0]["error"] == "council_budget.html: not a URL (a URL list holds http:// or https:// addresses)"
    assert rows[2]["error"] == "ftp://example.org/a: only http:// and https:// URLs are fetched"
    assert rows[3]["error"].endswith("did you mean https://example.org/news?")


def test_a_url_list_is_read_as_the_other_inputs_and_no_line_is_lost(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A list with one byte that is not UTF-8, or gzipped, ended the run with an internal UnicodeDecodeError
    # and no row, not even for the good URLs (audit, session 29).
    good = server.url("/article")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(good.encode() + b"\nhttps://example.org/caf\xe9\n" + good.encode() + b"\n")
    assert cli.main(["score", "--urls", str(bad)]) == 1
    rows = _rows(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [good, f"{bad}:2", good]
    assert [r["score"] is None for r in rows] == [False, True, False]
    assert rows[1]["error"] == f"{bad}:2: not valid UTF-8 at byte offset {len(good) + 24}"
    zipped = tmp_path / "urls.txt.gz"
    zipped.write_bytes(gzip.compress((good + "\n# a comment\n" + good + "\n").encode()))
    assert cli.main(["score", "--urls", str(zipped)]) == 0
    assert [r["id"] for r in _rows(capsys.readouterr().out)] == [good, good]
    broken = tmp_path / "cut.txt.gz"
    broken.write_bytes(b"\x1f\x8b" + b"\x00" * 30)
    assert cli.main(["score", "--urls", str(broken)]) == 1
    rows = _rows(capsys.readouterr().out)
    assert len(rows) == 1 and rows[0]["score"] is None and "gzip" in rows[0]["error"], rows


def test_an_empty_url_list_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("# nothing yet\n\n", encoding="utf-8")
    assert cli.main(["score", "--urls", str(urls)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and f"{urls}: no URLs (the list is empty" in out.err


def test_url_rows_stream_before_the_list_ends(server: LocalServer) -> None:
    # A URL list on a pipe that stays open: the first batch of rows is written without waiting for the rest.
    proc = subprocess.Popen(
        [sys.executable, "-m", "credscore", "score", "--urls", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("".join(server.url("/article") + "\n" for _ in range(cli.URL_BATCH)).encode())
        proc.stdin.flush()
        got: list[bytes] = []
        reader = threading.Thread(target=lambda: got.extend(proc.stdout.readline() for _ in range(cli.URL_BATCH)))  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout=120)
        assert not reader.is_alive(), f"only {len(got)} rows before the list ended"
        assert all(json.loads(line)["error"] is None for line in got)
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for fh in (proc.stdout, proc.stderr):
            if fh is not None:
                fh.close()


def test_nothing_is_fetched_without_a_url(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = len(server.requests)
    # A page that links to the server: reading it must not request anything.
    page = tmp_path / "linked.html"
    links = (
        f'<link rel="stylesheet" href="{server.url("/style.css")}"><img src="{server.url("/a.jpg")}">'
        f'<iframe src="{server.url("/article")}"></iframe><script src="{server.url("/app.js")}"></script>'
    )
    html = (FIXTURES / "council_budget.html").read_text(encoding="utf-8").replace("<main>", "<main>" + links)
    page.write_text(html, encoding="utf-8")
    assert cli.main(["score", str(page)]) == 0
    assert cli.main(["explain", str(page)]) == 0
    capsys.readouterr()
    assert len(server.requests) == before


def test_article_is_a_frozen_dataclass() -> None:
    art = Article("text")
    with pytest.raises(AttributeError):
        art.text = "other"  # type: ignore[misc]
    assert art.metadata()["dropped_chars"] == 0
