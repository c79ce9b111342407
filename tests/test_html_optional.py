"""Web pages without the html extra: charset decoding, type errors, and the install hint."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import credscore
from credscore import cli
from credscore._html import decode_html, extract_article, score_html
from credscore._version import install_command

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def test_wrong_types() -> None:
    with pytest.raises(TypeError, match="markup must be str or bytes .*got int"):
        extract_article(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="markup must be str or bytes .*got NoneType"):
        score_html(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="data must be bytes, got str"):
        decode_html("text")  # type: ignore[arg-type]


# --- decoding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "declared", "text", "encoding"),
    [
        ("<p>caf\u00e9</p>".encode(), None, "<p>caf\u00e9</p>", "utf-8"),
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "iso-8859-1", "<p>caf\u00e9</p>", "utf-8"),  # a BOM wins
        ("<p>caf\u00e9 \u201cq\u201d</p>".encode("cp1252"), "ISO-8859-1", "<p>caf\u00e9 \u201cq\u201d</p>", "cp1252"),
        ("<p>caf\u00e9 \u201cq\u201d</p>".encode("cp1252"), None, "<p>caf\u00e9 \u201cq\u201d</p>", "cp1252"),  # fallback
        ("<meta charset=koi8-r><p>\u043f\u0440\u0430\u0432\u0434\u0430</p>".encode("koi8_r"), None,
         "<meta charset=koi8-r><p>\u043f\u0440\u0430\u0432\u0434\u0430</p>", "koi8-r"),
        # The header is trusted over the meta; an unknown label is ignored.
        ('<meta charset="utf-8"><p>caf\u00e9</p>'.encode("cp1252"), "windows-1252", '<meta charset="utf-8"><p>caf\u00e9</p>', "cp1252"),
        ("<p>caf\u00e9</p>".encode(), "no-such-charset", "<p>caf\u00e9</p>", "utf-8"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?><p>caf\u00e9</p>'.encode("latin-1"), None,
         '<?xml version="1.0" encoding="ISO-8859-1"?><p>caf\u00e9</p>', "cp1252"),
        ('<meta charset="utf-16"><p>caf\u00e9</p>'.encode(), None, '<meta charset="utf-16"><p>caf\u00e9</p>', "utf-8"),
        # A header that says UTF-16 is followed (a browser does; an audit's page scored 0.5 as "not English").
        ("<p>caf\u00e9</p>".encode("utf-16-le"), "utf-16le", "<p>caf\u00e9</p>", "utf-16-le"),
        ("<p>caf\u00e9</p>".encode("utf-16-be"), "UTF-16BE", "<p>caf\u00e9</p>", "utf-16-be"),
    ],
)
def test_decode_html(data: bytes, declared: str | None, text: str, encoding: str) -> None:
    assert decode_html(data, declared) == (text, encoding)


@pytest.mark.parametrize("label", ["base64", "rot13", "zlib", "hex", "uu", "bz2", "quopri", "undefined", "idna",
                                   "punycode", "unicode_escape", "raw_unicode_escape"])
@pytest.mark.parametrize("where", ["meta", "header"])
def test_a_charset_that_decodes_no_document_is_ignored(label: str, where: str) -> None:
    # Python looks these up as codecs; decoding a page with one raised LookupError or worse, and a page
    # labelled <meta charset="base64"> ended a run with an internal error (audit, session 29).
    page = f'<meta charset="{label}"><p>caf\u00e9</p>' if where == "meta" else "<p>caf\u00e9</p>"
    assert decode_html(page.encode(), label if where == "header" else None) == (page, "utf-8")


# --- the extra is optional ---------------------------------------------------------------------


def test_import_credscore_does_not_import_the_extra() -> None:
    code = (
        "import sys, credscore\n"
        "credscore.Article, credscore.score_html\n"
        "print('trafilatura' in sys.modules, 'lxml' in sys.modules, 'credscore._fetch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_missing_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    INSTALL_HTML = install_command("html")
    assert "[html]" in INSTALL_HTML
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura -> ImportError
    with pytest.raises(ImportError, match=re.escape(INSTALL_HTML)):
        extract_article("<p>x</p>")
    with pytest.raises(ImportError, match=re.escape(INSTALL_HTML)):
        credscore.score_html("<p>x</p>")
    assert cli.main(["score", str(FIXTURES / "council_budget.html")]) == 2
    err = capsys.readouterr().err
    assert INSTALL_HTML in err and "--strip-html" in err
    assert cli.main(["score", "https://example.org/news"]) == 2
    err = capsys.readouterr().err
    # --strip-html reads no URL: an audit found the hint sending its users round in a circle
    assert INSTALL_HTML in err and "--strip-html" not in err
    assert cli.main(["score", "https://example.org/news", "--strip-html"]) == 2
    err = capsys.readouterr().err
    assert INSTALL_HTML in err and "--strip-html" not in err
    assert cli.main(["explain", "https://example.org/news"]) == 2
    assert "--strip-html" not in capsys.readouterr().err
    assert cli.main(["explain", str(FIXTURES / "council_budget.html")]) == 2
    assert "--strip-html" in capsys.readouterr().err
    # Plain text needs no extra; --strip-html still reads pages without it.
    assert cli.main(["score", str(FIXTURES / "council_budget.html"), "--strip-html"]) == 0
    assert json.loads(capsys.readouterr().out)["score"] is not None




def test_a_page_of_too_many_elements_is_refused_before_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    # An 8 MB page of "<b>x</b>" kept the extractor 58 s and 1.4 GB busy (audit, session 29); its time grows
    # faster than the page, so a page of more elements than any news page holds is refused at once.
    from credscore import _html

    monkeypatch.setattr(_html, "MAX_ELEMENTS", 20)
    fine = "<html><body><article><p>" + "<b>x</b>" * 20 + "</p></article></body></html>"  # 20 + 4 tags
    with pytest.raises(ValueError, match=r"more than 20 elements"):
        extract_article(fine)
    many_lt = "<html><body><article><p>" + "a &lt; b < c, " * 100 + "</p></article></body></html>"
    _html._check_elements(many_lt)  # a hundred "<" but five elements: read
    monkeypatch.setattr(_html, "MAX_ELEMENTS", 24)
    extract_article(fine)  # 24 elements: at the limit, read


def _nested(depth: int) -> str:
    body = "<p>" + " ".join(["The council voted 7-2 on Monday to approve the budget, officials said."] * 8) + "</p>"
    return "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"


def test_a_deeply_nested_page_is_read_or_refused_never_read_as_empty() -> None:
    # libxml2 stops at 256 nested elements without an error: a page of 300 nested <div>s was read as empty
    # ("too little text"), its article lost (audit, session 29).
    from credscore import _html

    for depth in (300, _html.MAX_DEPTH - 10):
        art = extract_article(_nested(depth))
        assert art.text.count("The council voted 7-2") == 8, depth
    with pytest.raises(ValueError, match=r"deeper than 2,048 levels"):
        extract_article(_nested(_html.MAX_DEPTH + 10))
