"""Score web pages: main-text extraction from HTML, with the page's headline and metadata.

A saved page holds much more than its article: navigation, cookie banners,
related-article lists, comments, footers, scripts. Scoring all of it would
read a menu entry or a commenter's "sources say" as the article's own
evidence. :func:`extract_article` keeps the article body and reads the
headline, byline, date and site name with trafilatura (Apache-2.0; the
``html`` extra), so that the headline goes to the title signals and the rest
of the page is left out, and listed in :attr:`Article.dropped`.

Nothing here touches the network: extraction reads the markup it is given
(:mod:`credscore._fetch` downloads pages, and only for a URL given to it).

Examples
--------
>>> import credscore
>>> page = '''<html><head><title>Council passes budget | Ledger</title></head><body>
... <nav><a href="/">Home</a> <a href="/x">Sources say the mayor lied</a></nav>
... <article><h1>Council passes budget</h1>
... <p>The council voted 7-2 on Monday to approve the budget, according to the minutes
... published by the city clerk. The plan repaves 14 streets in the north district.</p></article>
... <footer>Copyright 2024 Ledger</footer></body></html>'''
>>> art = credscore.extract_article(page)
>>> art.title
'Council passes budget'
>>> art.text.startswith("The council voted 7-2 on Monday")
True
>>> "Sources say" in art.text
False
>>> art.dropped
('Home Sources say the mayor lied', 'Copyright 2024 Ledger')
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._io import STDIN, Progress, Record, display_name, text_lines
from ._version import install_command

if TYPE_CHECKING:  # pragma: no cover
    from ._explain import Explanation
    from ._fetch import FetchOptions
    from ._model import CredibilityModel

__all__ = [
    "Article",
    "decode_html",
    "explain_html",
    "extract_article",
    "is_html_path",
    "score_html",
]

#: File extensions read as web pages by the command line.
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")

# Elements trafilatura does not always recognise as boilerplate: subscription
# walls, consent banners and newsletter boxes (by class or id, any case).
# Only short ones: a box is a few dozen words, while schema.org's own paywall markup puts class="paywall" on
# the article text behind the wall, which a subscriber's saved page contains.
_PRUNE_NAMES = re.compile(r"paywall|subscri|cookie|consent|newsletter|gdpr", re.IGNORECASE)
_PRUNE_MAX_WORDS = 60
_NEVER_PRUNED = frozenset({"html", "body", "main", "article"})
# Elements whose text a reader never sees, and elements that end a line (as in credscore._io.strip_html).
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCKS = frozenset(
    ["address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"]
)
# A byline line at the top of the body ("By Jane Roe", "Par Renée Gagné — le 2 mai"): metadata, not article text.
_BYLINE = re.compile(r"(?:by|par|von|por|door|di|av|af)\s+(\w[^\n]{0,100})", re.IGNORECASE)
# A copyright line at the end of the body is the site's footer.
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b|\btous droits réservés\b", re.IGNORECASE)
# schema.org's paywall markup (https://developers.google.com/search/docs/appearance/structured-data/paywalled-content).
# A class named "paywall" is not enough for the note: metered sites ship that markup on free pages too (it is
# still pruned from the text, with the subscription boxes).
_PAYWALL = re.compile(r"""["']isAccessibleForFree["']\s*:\s*["']?false""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_XML_ENCODING = re.compile(rb"""\A<\?xml[^>]+?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_WS = re.compile(r"\s+")

NOTE_PAYWALL = (
    "the page marks its content as behind a paywall: only the part shown without a subscription was extracted and scored"
)
NOTE_NO_ARTICLE = "no article text was found in the page"


@dataclass(frozen=True, slots=True)
class Article:
    """The article found in a web page, with its metadata.

    Attributes
    ----------
    text : str
        The article body: paragraphs separated by a blank line, without the
        headline, byline, navigation, banners, related links, comments or
        footer. Empty when no article was found.
    title : str or None
        The headline (from the page's ``og:title``, ``<h1>`` or ``<title>``).
    byline : str or None
        The author(s), as the page names them.
    date : str or None
        The publication date, ``YYYY-MM-DD``.
    site_name : str or None
        The publication's name.
    url : str or None
        The page's URL, when it was given or fetched.
    encoding : str or None
        The character encoding the page was decoded with (None when it came as ``str``).
    dropped : tuple of str
        The page's visible text blocks that are not part of the article
        (menus, banners, comments...), in page order.
    dropped_chars : int
        Their total length in characters.
    notes : tuple of str
        Caveats, e.g. that the page is paywalled or that no article was found.
    """

    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    site_name: str | None = None
    url: str | None = None
    encoding: str | None = None
    dropped: tuple[str, ...] = ()
    dropped_chars: int = 0
    notes: tuple[str, ...] = ()

    def metadata(self) -> dict[str, Any]:
        """The article's metadata as a JSON-ready dict (everything but ``text`` and ``dropped``).

        Examples
        --------
        >>> Article("Body.", title="Headline", dropped=("Home",), dropped_chars=4).metadata()["title"]
        'Headline'
        """
        return {
            "title": self.title,
            "byline": self.byline,
            "date": self.date,
            "site_name": self.site_name,
            "url": self.url,
            "encoding": self.encoding,
            "dropped_blocks": len(self.dropped),
            "dropped_chars": self.dropped_chars,
            "notes": list(self.notes),
        }


def _trafilatura() -> Any:
    """The trafilatura module, or an ImportError that says how to install it."""
    try:
        import trafilatura
    except ImportError as exc:
        raise ImportError(
            f"extracting articles from HTML needs the 'html' extra ({exc}); install it with: {install_command('html')}"
        ) from exc
    return trafilatura


def require_extra() -> None:
    """Raise ImportError naming the pip command that adds the extra (:func:`credscore._version.install_command`)."""
    _trafilatura()


#: Text codecs that decode no document: Python's own escapes, host names, and one that always fails.
_NOT_DOCUMENT_CODECS = frozenset({"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape"})


def _codec(label: str | bytes | None, *, header: bool = False) -> str | None:
    """Python codec for an HTML charset label, WHATWG style; None if unknown. A label of the HTTP
    ``header`` may name UTF-16; a page's own (``<meta>``) cannot."""
    if label is None:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    name = info.name
    # Only a character encoding of documents: Python also looks up bytes-to-bytes codecs ("base64",
    # "zlib"), str-to-str ones ("rot13") and codecs of other texts ("idna", "unicode-escape"), which a
    # page labelled with one cannot be decoded by (an audit crashed a run with <meta charset="base64">);
    # browsers ignore such labels too (WHATWG).
    if not getattr(info, "_is_text_encoding", True) or name in _NOT_DOCUMENT_CODECS:
        return None
    # Browsers read pages labelled Latin-1 or ASCII as windows-1252 (WHATWG
    # Encoding Standard), whose 0x80-0x9F bytes are the curly quotes and dashes
    # such pages really contain.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    # A page that reached us as bytes is not UTF-16 whatever its meta says (WHATWG: read as UTF-8).
    if name.startswith("utf-16") and not header:
        return "utf-8"
    return name


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes; returns ``(text, encoding)``.

    The encoding is, in order: a byte-order mark, the charset the HTTP
    ``Content-Type`` header ``declared``, an XHTML page's ``<?xml encoding?>``
    or a ``<meta charset>`` (or ``http-equiv``) in the first 4 KiB, UTF-8 if the bytes are valid UTF-8,
    else windows-1252 (the web's fallback). Bytes that are not valid in the
    chosen encoding become U+FFFD.

    Examples
    --------
    >>> page = "<meta charset='iso-8859-1'><p>caf\\u00e9 \\u201cquoted\\u201d</p>"
    >>> decode_html(page.encode("cp1252")) == (page, "cp1252")
    True
    >>> decode_html("<p>na\\u00efve</p>".encode("utf-8"))[1]
    'utf-8'
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    data = bytes(data)
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace"), name
    encoding = _codec(declared, header=True)
    if encoding is None:
        m = _XML_ENCODING.match(data) or _META_CHARSET.search(data[:4096])
        encoding = _codec(m.group(1)) if m else None
    if encoding is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    return data.decode(encoding, "replace"), encoding


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _split_byline(line: str) -> str | None:
    """The name(s) in a byline line, or None if the line is not one."""
    m = _BYLINE.fullmatch(line.strip())
    if not m or len(line) > 120 or not m.group(1)[:1].isupper() or line.rstrip().endswith((".", "!", "?", ":")):
        return None
    # "Renée Gagné — le 2 mai 2024" -> "Renée Gagné"; "Dana Whitfield, City Hall reporter" stays whole.
    return re.split(r"\s+[\u2014\u2013|-]\s+", m.group(1), maxsplit=1)[0].strip() or None


def _parse(markup: str) -> Any:
    """The page as an lxml tree, or None when there is no document to parse."""
    import lxml.etree
    import lxml.html

    # lxml refuses a str that declares an encoding (<?xml ... encoding="..."?>); the str is decoded already.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    # libxml2 stops reading at 256 nested elements, silently (an audit's page of 300 nested <div>s read as
    # empty); "huge" lifts that to 2,048. The page's size is bounded before it gets here (MAX_ELEMENTS).
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError):  # e.g. a document of whitespace and comments only
        root = None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise ValueError(f"the page nests its elements deeper than {MAX_DEPTH:,} levels, deeper than credscore "
                         "reads (the rest of the page would be lost); extract its text first")
    return root


def _prune(root: Any) -> None:
    """Remove short subscription, consent and newsletter boxes (by class or id) from the tree, in place."""
    for el in root.xpath("//*[@class or @id]"):
        if el.tag in _NEVER_PRUNED or el.getparent() is None:
            continue
        if _PRUNE_NAMES.search(f"{el.get('class', '')} {el.get('id', '')}") and (
            len(el.text_content().split()) < _PRUNE_MAX_WORDS
        ):
            el.drop_tree()  # keeps the text that follows the element


def _visible_lines(markup: str) -> list[str]:
    """The page's visible text, a line per block element (like ``strip_html``, but with lxml: ~50x faster)."""
    import lxml.etree

    root = _parse(markup)
    if root is None:
        return []
    parts: list[str] = []
    skip = 0
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""  # comments and processing instructions have no text to show
        if event == "start":
            if tag in _INVISIBLE:
                skip += 1
            elif not skip:
                if tag in _BLOCKS:
                    parts.append("\n")
                if tag and el.text:
                    parts.append(el.text)
        else:
            if tag in _INVISIBLE:
                skip -= 1
            elif not skip and tag in _BLOCKS:
                parts.append("\n")
            if not skip and el.tail:
                parts.append(el.tail)
    return "".join(parts).split("\n")


def _dropped(markup: str, kept: str, extra: Iterable[str]) -> tuple[str, ...]:
    """Visible text blocks of the page that are not in the extracted article."""
    kept_norm = _norm(kept)
    kept_lines = {_norm(p) for p in kept.split("\n")} | {_norm(x) for x in extra}
    # Substring checks cost len(kept) each; skip them on a huge page (a line is then kept only if identical).
    substring = len(kept_norm) * len(markup) < 5 * 10**10
    out = []
    for line in _visible_lines(markup):
        n = _norm(line)
        if not n or n in kept_lines or (substring and n in kept_norm):
            continue
        out.append(n)
    return tuple(out)


#: The most elements (start tags) of a page :func:`extract_article` reads: news pages hold a few thousand,
#: and the extractor's time grows faster than a page's size (50,000 inline elements in one paragraph take
#: about 14 s, 100,000 over a minute).
MAX_ELEMENTS = 50_000
#: The deepest nesting of elements a page may have (libxml2's limit when its "huge" option is on).
MAX_DEPTH = 2_048
_START_TAG = re.compile(r"<[A-Za-z]")


def _check_elements(markup: str) -> None:
    """Raise ValueError for a page of more than :data:`MAX_ELEMENTS` elements (counted up to the limit)."""
    if markup.count("<") <= MAX_ELEMENTS:
        return
    for n, _ in enumerate(_START_TAG.finditer(markup), 1):
        if n > MAX_ELEMENTS:
            raise ValueError(f"the page holds more than {MAX_ELEMENTS:,} elements, more than credscore extracts an "
                             "article from (a news page holds a few thousand); extract its text first")


def extract_article(markup: str | bytes, *, url: str | None = None) -> Article:
    """Extract the article from a web page: body text, headline, byline, date and site name.

    Parameters
    ----------
    markup : str or bytes
        The page's HTML. Bytes are decoded with :func:`decode_html` (byte-order
        mark, ``<meta charset>``, UTF-8, else windows-1252).
    url : str, optional
        The page's address, recorded in the result (and used to resolve
        relative links); nothing is fetched.

    Returns
    -------
    Article
        ``text`` is empty (with a note) when the page has no recognisable article.

    Raises
    ------
    ImportError
        When the ``html`` extra is not installed; the message names the pip
        command that adds it to this installation.
    TypeError
        If ``markup`` is not ``str`` or ``bytes``.
    ValueError
        If the page holds more than :data:`MAX_ELEMENTS` elements: the
        extractor's time grows faster than the page (an audit's 8 MB page of
        ``<b>x</b>`` took 58 s and 1.4 GB), and a news page holds a few thousand;
        or if it nests elements deeper than :data:`MAX_DEPTH` levels (the
        parser stops there, and the rest of the page would be lost).

    Examples
    --------
    >>> import credscore
    >>> html = ("<html><body><div id='cookie-banner'>We use cookies.</div><article><h1>Dam inspected</h1>"
    ...         "<p>Engineers inspected the dam on Tuesday and found no cracks, the state water agency said "
    ...         "in a report published on its website.</p></article></body></html>")
    >>> art = credscore.extract_article(html)
    >>> art.title, art.dropped
    ('Dam inspected', ('We use cookies.',))
    """
    encoding = None
    if isinstance(markup, (bytes, bytearray)):
        markup, encoding = decode_html(bytes(markup))
    elif not isinstance(markup, str):
        raise TypeError(f"markup must be str or bytes (the page's HTML), got {type(markup).__name__}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str or None, got {type(url).__name__}")
    _check_elements(markup)
    traf = _trafilatura()
    doc = None
    tree = _parse(markup) if markup.strip() else None
    if tree is not None:
        _prune(tree)
        doc = traf.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            with_metadata=True,
        )
    notes = []
    if _PAYWALL.search(markup):
        notes.append(NOTE_PAYWALL)
    if doc is None:
        notes.append(NOTE_NO_ARTICLE)
        dropped = _dropped(markup, "", ())
        return Article("", url=url, encoding=encoding, dropped=dropped, dropped_chars=sum(map(len, dropped)),
                       notes=tuple(notes))
    title = _norm(doc.title) if doc.title else None
    byline = _norm(doc.author) if doc.author else None
    lines = [_norm(ln) for ln in (doc.text or "").split("\n")]
    lines = [ln for ln in lines if ln]
    # The headline is read as the title; repeated at the top of the body it would count twice.
    if lines and title and lines[0].casefold() == title.casefold():
        lines.pop(0)
    if lines:
        name = _split_byline(lines[0])
        if name is not None:
            lines.pop(0)
            byline = byline or name
    while lines and _COPYRIGHT.search(lines[-1]) and len(lines[-1]) < 200:
        lines.pop()
    text = "\n\n".join(lines)
    if not text:
        notes.append(NOTE_NO_ARTICLE)
    # The headline is scored (as the title); a byline taken off the body is not, so it counts as dropped.
    dropped = _dropped(markup, text, [title] if title else [])
    return Article(
        text,
        title=title or None,
        byline=byline,
        date=doc.date or None,
        site_name=_norm(doc.sitename) if doc.sitename else None,
        url=url,
        encoding=encoding,
        dropped=dropped,
        dropped_chars=sum(map(len, dropped)),
        notes=tuple(notes),
    )


def score_html(markup: str | bytes, *, url: str | None = None, model: CredibilityModel | None = None) -> float:
    """Credibility score of the article in a web page (see :func:`extract_article`).

    Equal to ``credscore.score(article.text, article.title)``: the body is
    scored and the headline goes to the title signals; menus, banners,
    comments and other boilerplate are not scored.

    Parameters
    ----------
    markup : str or bytes
        The page's HTML.
    url : str, optional
        The page's address (recorded only; nothing is fetched).
    model : CredibilityModel, optional
        Defaults to the shipped model.

    Returns
    -------
    float
        In [0, 1]; the model's prior (0.5 for the shipped model) when no article text was found.

    Examples
    --------
    >>> import credscore
    >>> page = ("<html><body><nav>Home | Shocking news they don't want you to know</nav><article>"
    ...         "<h1>Bridge reopens</h1><p>The bridge reopened on Friday after eight months of repairs "
    ...         "costing $12 million, the state transport department said.</p></article></body></html>")
    >>> s = credscore.score_html(page)
    >>> s == credscore.score(credscore.extract_article(page).text, "Bridge reopens")
    True
    """
    from ._api import score

    article = extract_article(markup, url=url)
    return score(article.text, article.title, model=model)


def explain_html(
    markup: str | bytes, *, url: str | None = None, model: CredibilityModel | None = None
) -> tuple[Article, Explanation]:
    """Explain the score of the article in a web page; returns ``(article, explanation)``.

    Evidence spans index ``article.text`` (and ``article.title`` for headline
    signals). The article's notes (a paywall, no article found) are added to
    the explanation's notes.

    Examples
    --------
    >>> import credscore
    >>> page = ("<html><body><article><h1>Mayor denies report</h1><p>Sources said the mayor allegedly "
    ...         "took bribes. He denied it in a statement on Monday.</p></article></body></html>")
    >>> article, ex = credscore.explain_html(page)
    >>> span = ex.signals[0].spans[0]
    >>> source = article.text if span.field == "text" else article.title
    >>> source[span.start:span.end] == span.text
    True
    """
    from ._api import explain

    article = extract_article(markup, url=url)
    ex = explain(article.text, article.title, model=model)
    if article.notes:
        ex = dataclasses.replace(ex, notes=(*ex.notes, *article.notes))
    return article, ex


# --- command-line helpers ------------------------------------------------------


def is_html_path(path: str, fmt: str | None = None) -> bool:
    """True when the CLI should read ``path`` as a web page (``--format html`` or an .html/.htm extension)."""
    if fmt is not None:
        return fmt == "html"
    return path != STDIN and Path(path).suffix.lower() in HTML_EXTENSIONS


def read_page(path: str, *, fetch_options: FetchOptions | None = None) -> Article:
    """The article of a saved page (a path, or ``"-"`` for stdin) or of a URL (fetched).

    Raises :class:`credscore._fetch.FetchError` when a URL cannot be fetched and
    ``OSError`` when a file cannot be read.
    """
    from ._fetch import fetch, is_url

    if is_url(path):
        page = fetch(path, fetch_options)
        text, encoding = decode_html(page.body, page.charset)
        return dataclasses.replace(extract_article(text, url=page.final_url), encoding=encoding)
    if path == STDIN:
        import sys

        return extract_article(sys.stdin.buffer.read())
    return extract_article(Path(path).read_bytes())


def _extracted(
    rec_id: str, source: str, line: int | None, get: Callable[[], Article], title: str | None = None
) -> tuple[Record, Article | None]:
    """A Record of an extracted page and the Article; any failure becomes the record's error (and no Article)."""
    from ._fetch import FetchError

    try:
        article = get()
    except FetchError as exc:
        return Record(rec_id, source, line, error=f"cannot fetch {exc}"), None
    except OSError as exc:
        return Record(rec_id, source, line, error=f"{source}: cannot read ({exc.strerror or exc})"), None
    except ImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - a page the extractor chokes on is this row's error, not a crash
        where = f"{source}:{line}" if line is not None else source
        error = f"{where}: could not extract the article ({type(exc).__name__}: {exc})"
        return Record(rec_id, source, line, error=error), None
    return Record(rec_id, source, line, text=article.text, title=title or article.title), article


def _record(rec_id: str, source: str, line: int | None, get: Callable[[], Article], title: str | None = None) -> Record:
    """A Record of an extracted page; any failure becomes the record's error."""
    return _extracted(rec_id, source, line, get, title)[0]


def field_page(rec: Record) -> tuple[Record, Article | None]:
    """A row whose text field holds a page's HTML (the CLI's ``--html-field``), as the Record of its article
    (the row's own title, else the page's headline) and the Article; a row without text, or whose page cannot
    be extracted, as a Record naming why (and no Article)."""
    if rec.text is None:
        return rec, None
    return _extracted(rec.id, rec.source, rec.line, functools.partial(extract_article, rec.text), rec.title)


def _url_lines(path: str) -> Iterator[tuple[str, str | None]]:
    """URLs from a list file (one a line; blank lines and ``#`` comments skipped), read lazily as the other
    inputs are (:func:`credscore._io.text_lines`: gzip, UTF-16): ``(url, None)``, or ``(where, error)`` for
    a line that is not UTF-8 or a file that cannot be read, each of which becomes an error row."""
    for line, error in text_lines(path):
        if error is not None:
            yield line, error
            continue
        url = line.strip()
        if url and not url.startswith("#"):
            yield url, None


def count_urls(path: str) -> int | None:
    """How many URLs a list file holds (None for stdin, which can be read only once)."""
    if path == STDIN:
        return None
    return sum(1 for _ in _url_lines(path))


def page_records(
    paths: Iterable[str],
    read: Callable[[list[str]], Iterator[Record]],
    *,
    fmt: str | None = None,
    html_field: bool = False,
    extract_files: bool = True,
    urls_file: str | None = None,
    fetch_options: FetchOptions | None = None,
    workers: int = 4,
    on_fetched: Callable[[], None] | None = None,
    progress: Progress | None = None,
) -> Iterator[Record]:
    """One Record per input, in order: URLs fetched and extracted, web pages extracted, the rest via ``read``.

    ``read`` reads other files (JSONL, CSV, text) as :func:`credscore._io.read_records`
    does; with ``html_field`` their text field holds HTML and is extracted
    too. Saved pages are extracted only with ``extract_files``. ``urls_file`` (a URL a line; ``"-"`` for stdin) comes after
    ``paths``. Consecutive URLs are fetched ``workers`` at a time; a URL that
    fails gives a Record whose error names the URL and the cause.
    """
    from ._fetch import is_url, not_fetched, ordered_map

    require_extra()

    def fetched(urls: Iterable[tuple[str, str | None]]) -> Iterator[Record]:
        def one(item: tuple[str, str | None]) -> Record:
            url, error = item
            if error is not None:  # a line of a --urls list that could not be read
                return Record(url, url, None, error=error)
            if not is_url(url):  # a line of a --urls list: never read as a local file
                return Record(url, url, None, error=not_fetched(url))
            return _record(url, url, None, lambda: read_page(url, fetch_options=fetch_options))

        return ordered_map(one, urls, workers=workers, on_done=on_fetched)

    def html_file(path: str) -> Record:
        source = display_name(path)

        def get() -> Article:
            article = read_page(path)
            if progress is not None and path != STDIN:
                progress.bytes_read += Path(path).stat().st_size
            return article

        return _record(source, source, None, get)

    run: list[tuple[str, str | None]] = []
    for path in [*paths, None]:
        if path is not None and is_url(path):
            run.append((path, None))
            continue
        if run:
            yield from fetched(run)
            run = []
        if path is None:
            break
        if extract_files and is_html_path(path, fmt):
            yield html_file(path)
        elif html_field:
            for rec in read([path]):
                yield field_page(rec)[0]
        else:
            yield from read([path])
    if urls_file is not None:
        yield from fetched(_url_lines(urls_file))
