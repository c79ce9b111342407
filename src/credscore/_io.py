"""Input readers and output writers for the ``credscore`` command line.

Readers turn files into a stream of :class:`Record` objects, one per input
row, without ever holding more than one row (or one plain-text article) in
memory. A row that cannot be used is not dropped and does not stop the run: it
becomes a record whose ``error`` says which file, line and byte went wrong, so
the CLI can write an error row in its place.

Nothing here writes to stdout or stderr; :mod:`credscore.cli` does.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import gzip
import io
import json
import os
import re
import shlex
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

from ._atomic import atomic_write

__all__ = [
    "FORMATS",
    "Record",
    "atomic_output",
    "decode_text",
    "format_for",
    "read_records",
    "strip_html",
    "text_lines",
]

Format = Literal["txt", "jsonl", "csv", "parquet", "tsv"]  # "tsv": a sniffed tab-separated header
FORMATS: tuple[str, ...] = ("txt", "jsonl", "csv", "parquet")
STDIN = "-"

# Extensions that select a format; anything else is one plain-text article.
_EXTENSIONS: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",  # one object a line; a JSON array or a pretty-printed object gets one clear error
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",  # read by credscore._parquet (the parquet extra)
}

# A whole article is one CSV field; the csv module's default limit (128 KiB)
# would reject long articles. 64 MiB still stops a runaway unterminated quote
# from swallowing a huge file into one field.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Record:
    """One input row: an article to score, or the reason it cannot be scored.

    Attributes
    ----------
    id : str
        The row's id field, else ``SOURCE:LINE`` (JSONL/CSV) or ``SOURCE`` (txt).
    source : str
        The path as given, or ``"<stdin>"``.
    line : int or None
        First line of the row in its file (None for plain-text files).
    text : str or None
        The article body; None when ``error`` is set.
    title : str or None
        The headline, if the input has one.
    error : str or None
        Why the row cannot be scored, naming file, line and problem.
    fields : mapping or None
        The row's values of the ``extra_fields`` asked of :func:`read_records`
        (those present in the row), e.g. a label; None when none were asked.
    """

    id: str
    source: str
    line: int | None
    text: str | None = None
    title: str | None = None
    error: str | None = None
    fields: Mapping[str, Any] | None = None


def _suffix(path: str) -> str:
    """The extension that names the format: ``a.jsonl.gz`` -> ``.jsonl``."""
    p = Path(path)
    if p.suffix.lower() == ".gz":
        p = p.with_suffix("")
    return p.suffix.lower()


def format_for(path: str, explicit: str | None) -> Format:
    """The input format: ``explicit`` if given, else from the extension (stdin: txt).

    A ``.gz`` ending is looked through: ``articles.jsonl.gz`` is JSONL.

    Examples
    --------
    >>> format_for("a.csv", None), format_for("a.jsonl.gz", None), format_for("a.html", None)
    ('csv', 'jsonl', 'txt')
    """
    if explicit is not None:
        if explicit not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {explicit!r}")
        return explicit  # type: ignore[return-value]
    if path == STDIN:
        return "txt"
    return _EXTENSIONS.get(_suffix(path), "txt")


def _format_is_known(path: str) -> bool:
    return path != STDIN and _suffix(path) in _EXTENSIONS


# --- sniffing ---------------------------------------------------------------

# The start of a JSON object with a string key: '{"text": ...'. A plain-text
# article practically never begins like this.
_JSON_OBJECT_START = re.compile(rb'\A\s*\{\s*"(?:[^"\\\n]|\\.){0,200}"\s*:')
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|style|div|article|p|meta|title)(?:\s[^>]*)?/?>", re.IGNORECASE
)
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml")


def _json_then_object(head: bytes) -> bool:
    """Whether the first non-blank line of ``head`` is a whole JSON value that is no object (``null``, a
    string, a number, an array: a bad first row, or a header written as a list) and the next non-blank line
    starts a JSON object: JSON lines, whose first row is an error row, not one article (an audit: stdin
    whose first line was ``null`` was scored as one article and its rows lost)."""
    lines = [line for line in head.split(b"\n", 8)[:8] if line.strip()]
    return len(lines) >= 2 and _JSON_OBJECT_START.match(lines[1]) is not None and _whole_json(lines[0])


def _whole_json(line: bytes) -> bool:
    """Whether ``line`` is one whole JSON value (``[[[...`` nested past Python's recursion limit is not)."""
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def sniff(head: bytes, path: str = STDIN) -> Literal["jsonl", "html"] | None:
    """What the first bytes of a "plain text" input really look like: JSON lines, HTML, or None.

    Examples
    --------
    >>> sniff(b'{"id": "a1", "text": "Sources said..."}\\n')
    'jsonl'
    >>> sniff(b"<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    'html'
    >>> sniff(b"The council voted on Monday.") is None
    True
    >>> sniff(b'null\\n{"id": "a1", "text": "Sources said..."}\\n')  # a first row that is no object: JSON lines still
    'jsonl'
    """
    head = head.removeprefix(codecs.BOM_UTF8)
    if _JSON_OBJECT_START.match(head) or _json_then_object(head):
        return "jsonl"
    if path != STDIN and _suffix(path) in _HTML_EXTENSIONS:
        return "html"
    if _HTML_START.search(head[:8192]):
        return "html"
    return None


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


# --- decoding ---------------------------------------------------------------


class BadEncoding(ValueError):
    """Bytes that are not valid UTF-8; ``offset`` is the byte offset in the file."""

    def __init__(self, source: str, offset: int, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        codec = _TRANSCODED.get(source)
        if codec is not None and codec.startswith("utf-16"):  # the offset is in the UTF-8 it was re-encoded as
            what = "not valid UTF-16 (a code unit that is no character, or a file that ends in half of one)"
        elif codec is not None:
            what = f"not valid {codec} (a byte that encoding gives no character)"
        else:  # the likeliest cause: a file in a legacy encoding (Windows' cp1252 quotes and accents)
            what = f"not valid UTF-8 at byte offset {offset}"
        hint = "" if codec is not None else ", or --encoding NAME for a file in another encoding, e.g. cp1252"
        super().__init__(f"{where}: {what} (use --encoding-errors=replace to read it anyway{hint})")
        self.offset = offset


#: The inputs being read now in another encoding than UTF-8, re-encoded as UTF-8 (:class:`_Transcoded`): the
#: encoding's name by the input's display name.
_TRANSCODED: dict[str, str] = {}


def decode_text(data: bytes, source: str, errors: str = "strict", *, base_offset: int = 0, line: int | None = None) -> str:
    """Decode UTF-8 (a leading BOM is dropped); raise :class:`BadEncoding` naming the byte offset."""
    codec = "utf-8-sig" if base_offset == 0 else "utf-8"
    try:
        return data.decode(codec, errors)
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the BOM it removed.
        bom = 3 if codec == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf") else 0
        raise BadEncoding(source, base_offset + bom + exc.start, line) from None


# --- HTML -------------------------------------------------------------------

# Elements whose text is never article text.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
# Elements that end a line of text, so paragraphs do not run together.
_BLOCK = frozenset(
    ["address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"]
)


#: What a document's head holds: any other element starts its body, where HTML5 lets ``</head>`` (and
#: ``<body>``) be left out, as minified pages do.
_HEAD_ELEMENTS = frozenset({"title", "meta", "link", "base", "style", "script", "noscript", "template"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # unescapes &amp; &#8217; ... in data
        self.parts: list[str] = []
        self._skip_depth = 0
        self._in_head = False

    def _starts(self, tag: str) -> bool:
        """Read a start tag's place in the head: False for the head's own tag, which says nothing more."""
        if tag == "head":
            self._in_head = True
            return False
        if self._in_head and tag not in _HEAD_ELEMENTS:
            self._in_head = False  # the body begins without </head>
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._starts(tag):
            return
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._starts(tag) and tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag in _SKIP:
            self._skip_depth = max(self._skip_depth - 1, 0)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth and not self._in_head:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def strip_html(markup: str) -> str:
    """Readable text of an HTML document or fragment.

    Tags are removed, ``script``/``style`` (and other non-text elements) are
    dropped with their content, entities are unescaped, block elements end a
    line, and runs of spaces collapse. Evidence offsets then refer to this
    readable text.

    Examples
    --------
    >>> strip_html("<p>Sources said &ldquo;no&rdquo;.</p><script>x=1</script><p>Next</p>")
    'Sources said \u201cno\u201d.\\n\\nNext'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --- readers ----------------------------------------------------------------


@dataclass
class Progress:
    """Bytes read so far, updated by the readers (for a progress bar)."""

    bytes_read: int = 0


#: The longest line (a JSON line, a line of a CSV file or a URL list) and the longest text file read as one
#: article: as long as a CSV field may be. Longer is an error row, read past in blocks, not held in memory
#: (a gzip file that expands to gigabytes of one line ended a run with MemoryError).
_LINE_LIMIT = _CSV_FIELD_LIMIT
_TOO_LONG_MIB = _LINE_LIMIT // (1024 * 1024)


def _lines(fh: BinaryIO, progress: Progress) -> Iterator[tuple[int, int, bytes | None]]:
    """Yield ``(line_number, byte_offset, raw_line)`` from a binary stream; ``raw_line`` is None for a line
    longer than :data:`_LINE_LIMIT` bytes, which is read past without being kept.

    ``progress`` is counted where the file is read (:class:`_Counted`), in
    bytes of the file itself, so a gzip file's bar ends at its size.
    """
    offset = 0
    number = 0
    while True:
        raw = fh.readline(_LINE_LIMIT + 1)
        if not raw:
            return
        number += 1
        if len(raw) > _LINE_LIMIT:
            size = len(raw)
            del raw
            while True:
                more = fh.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield number, offset, None
            offset += size
            continue
        yield number, offset, raw
        offset += len(raw)


def _too_long(where: str) -> str:
    return f"{where}: longer than {_TOO_LONG_MIB} MiB (split it; one article is read whole, in memory)"


class InputError(OSError):
    """A whole input that cannot be read as text (a broken gzip stream, invalid UTF-16)."""


class _Prefixed(io.RawIOBase):
    """A stream that first returns ``head`` (bytes already read to sniff it), then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes] | io.RawIOBase | gzip.GzipFile) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        # read1: return what a pipe has now, so streamed input is not held back.
        read1 = getattr(self._rest, "read1", None)
        data = read1(len(buffer)) if read1 is not None else self._rest.read(len(buffer))
        n = len(data or b"")
        buffer[:n] = data or b""
        return n


def _escape_or_lone(exc: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: the bytes no character stands for as ``surrogateescape`` gives them, or,
    where it cannot escape them all (a UTF-32 code unit past U+10FFFF holds ASCII bytes), as one lone
    surrogate: either way not UTF-8, so that the row holding them gets an error and the rows after it are read."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    try:
        escaped, end = codecs.lookup_error("surrogateescape")(exc)
    except UnicodeDecodeError:
        return "\ud800", exc.end
    # surrogateescape stops at the first ASCII byte: a 4-byte code unit would be cut, and every character
    # after it read from the wrong byte
    return (str(escaped), end) if end == exc.end else ("\ud800", exc.end)


_ESCAPE_OR_LONE = "credscore-escape-or-lone"
codecs.register_error(_ESCAPE_OR_LONE, _escape_or_lone)


class _Transcoded(io.RawIOBase):
    """Text in ``encoding`` (UTF-16 with a BOM, or the one ``--encoding`` names) re-encoded as UTF-8, so the
    line readers need not care.

    A code unit that is no character (a lone surrogate), or a byte the encoding gives no character, is
    passed on as a lone surrogate's 3-byte form, which is not UTF-8, and a last byte left over (a file cut
    short) as one such form: the line readers then give the row that holds it an error and read on (an
    audit: one bad code unit had ended the input, every row after it lost). With ``errors="replace"``, each
    is read as U+FFFD as in UTF-8 input.
    """

    def __init__(self, raw: IO[bytes], errors: str, encoding: str, source: str) -> None:
        self._raw = raw
        self._encoding = encoding
        self._source = source
        kept = "surrogatepass" if codecs.lookup(encoding).name.startswith("utf-16") else _ESCAPE_OR_LONE
        self._decoder = codecs.getincrementaldecoder(encoding)(kept if errors == "strict" else errors)
        self._pending = b""
        self._done = False

    def _decode(self, data: bytes, final: bool) -> str:
        """``data`` decoded; a decoder that cannot read the input at all (UTF-16 or UTF-32 without a byte
        order mark, a codec that reads no text) raises :class:`InputError` naming the file and the encoding
        (an audit: ``--encoding utf-16`` on a file without one was an internal error)."""
        try:
            return self._decoder.decode(data, final=final)
        except UnicodeDecodeError:
            if not final:
                raise
            return "\ud800"  # an odd byte at the end: the last row is not valid
        except UnicodeError as exc:
            hint = ""
            if self._encoding in ("utf-16", "utf-32") and "BOM" in str(exc):
                hint = f"; without one, name the byte order: --encoding {self._encoding}-le (or -be)"
            raise InputError(f"{self._source}: cannot be read as {self._encoding} ({exc}){hint}") from None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._done:
            data = self._raw.read(1 << 16)
            if data:
                text = self._decode(data, final=False)
            else:
                self._done = True
                text = self._decode(b"", final=True)
            self._pending = text.encode("utf-8", "surrogatepass")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


_HEAD_BYTES = 8192


def _read_head(fh: IO[bytes] | io.RawIOBase | gzip.GzipFile, size: int = _HEAD_BYTES) -> bytes:
    """The first bytes of ``fh`` for sniffing: up to ``size``, or fewer once a whole first line has come.

    Stopping at the first line keeps streamed input (a pipe that sends one
    JSON line at a time) flowing: the sniffers need no more than that line,
    but when it is a JSON value that is no object (a bad first row), they read
    the next line too (:func:`_json_then_object`).
    """
    parts: list[bytes] = []
    got = 0
    read1 = getattr(fh, "read1", None)
    while got < size:
        chunk = read1(size - got) if read1 is not None else fh.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
        if got >= 4 and b"\n" in chunk and not _first_line_needs_next(b"".join(parts)):
            break
    return b"".join(parts)


def _first_line_needs_next(head: bytes) -> bool:
    """Whether ``head``'s lines so far are blank but for one whole JSON value that is no object: then the
    next line decides whether the input is JSON lines (:func:`_json_then_object`)."""
    lines = [line for line in head.split(b"\n") if line.strip()]
    return (len(lines) == 1 and head.rstrip(b" \t\r").endswith(b"\n") and not _JSON_OBJECT_START.match(lines[0])
            and _whole_json(lines[0]))


def _rewound(fh: IO[bytes] | io.RawIOBase | gzip.GzipFile) -> tuple[BinaryIO, bytes]:
    head = _read_head(fh)
    return io.BufferedReader(_Prefixed(head, fh), buffer_size=1 << 16), head


class _Counted(io.RawIOBase):
    """A file whose reads add to ``progress.bytes_read`` (the bytes on disk, before gunzip or transcoding)."""

    def __init__(self, raw: IO[bytes], progress: Progress) -> None:
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read1 = getattr(self._raw, "read1", None)
        data = read1(len(buffer)) if read1 is not None else self._raw.read(len(buffer))
        n = len(data or b"")
        buffer[:n] = data or b""
        self._progress.bytes_read += n
        return n


@contextlib.contextmanager
def _open_binary(
    path: str, errors: str = "strict", progress: Progress | None = None, encoding: str | None = None
) -> Iterator[tuple[BinaryIO, bytes]]:
    """The input as UTF-8 (or undecided) bytes, and its first bytes for sniffing.

    gzip is decompressed transparently (by its magic number, whatever the
    extension) and UTF-16 with a byte order mark is re-encoded as UTF-8; so is
    text in ``encoding`` when one is given (other than UTF-8: ``cp1252`` for
    Windows' Western text, say).
    """
    source = display_name(path)
    with contextlib.ExitStack() as stack:
        raw: IO[bytes] = sys.stdin.buffer if path == STDIN else stack.enter_context(open(path, "rb"))
        stream, head = _rewound(raw if progress is None else _Counted(raw, progress))
        if head.startswith(b"\x1f\x8b"):
            try:
                unzipped = gzip.GzipFile(fileobj=stream, mode="rb")
                stack.callback(unzipped.close)
                stream, head = _rewound(unzipped)
            except (OSError, EOFError, zlib.error) as exc:
                raise InputError(f"{source}: starts like a gzip file but cannot be decompressed ({exc})") from None
        codec = None if encoding is None else codecs.lookup(encoding).name
        if codec is not None and codec not in ("utf-8", "utf-8-sig"):
            stream, head = _rewound(_Transcoded(stream, errors, codec, source))
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            codec = "utf-16"
            stream, head = _rewound(_Transcoded(stream, errors, codec, source))
        else:
            codec = None
            _refuse_binary(head, source)
        if codec is not None:
            _TRANSCODED[source] = codec
            stack.callback(_TRANSCODED.pop, source, None)
        yield stream, head


def text_lines(path: str) -> Iterator[tuple[str, str | None]]:
    """The lines of a text file read as the other inputs are (gzip decompressed, UTF-16 with a byte order
    mark re-encoded, a file that is plainly no text refused), without their line breaks: ``(line, None)``
    for each, ``("source:N", error)`` for a line that is not UTF-8 (the error names its byte offset), and one
    ``(source, error)`` for a file that cannot be read at all, so that no line is lost without a word.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
    ...     _ = f.write(b"https://a.example/1\\nhttps://b.example/\\xff\\n")
    >>> [(line.endswith(":2") if error else line, error is not None) for line, error in text_lines(f.name)]
    [('https://a.example/1', False), (True, True)]
    >>> os.unlink(f.name)
    """
    source = display_name(path)
    try:
        with _open_binary(path) as (fh, _head):
            for number, offset, raw in _lines(fh, Progress()):
                if raw is None:
                    yield f"{source}:{number}", _too_long(f"{source}:{number}")
                    continue
                try:
                    yield decode_text(raw, source, base_offset=offset, line=number).rstrip("\r\n"), None
                except BadEncoding as exc:  # no advice to read it anyway: a URL with a character replaced is another
                    yield f"{source}:{number}", f"{source}:{number}: not valid UTF-8 at byte offset {exc.offset}"
    except InputError as exc:
        yield source, str(exc)
    except (EOFError, zlib.error) as exc:
        yield source, f"{source}: the compressed data is cut short or corrupt ({exc or 'ends early'})"
    except OSError as exc:
        yield source, f"{source}: cannot read ({getattr(exc, 'strerror', None) or exc})"


# Files that are not text at all, by their first bytes: a clear error beats
# "not valid UTF-8 at byte 10 (use --encoding-errors=replace)".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt file, which are ZIP archives)"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    # gzip is decompressed once; gzip again after that is a file compressed twice (an audit: each line of it
    # was an error row, "not valid UTF-8 ... use --encoding-errors=replace")
    (b"\x1f\x8b", "gzip inside gzip (compressed twice)"),
)


def _refuse_binary(head: bytes, source: str) -> None:
    """Raise :class:`InputError` for a file that is plainly not text (a PDF, an archive, UTF-16 without BOM)."""
    if head.startswith(b"PAR1"):
        if source == display_name(STDIN):
            raise InputError(f"{source}: this is a Parquet file, which cannot be read from stdin (it is read from its "
                             "footer first); pass the file's path")
        raise InputError(f"{source}: this is a Parquet file, not text; read it with --format parquet (or name it .parquet)")
    for magic, kind in _MAGIC:
        if head.startswith(magic) and not (magic == b"BZh" and not head[3:4].isdigit()):
            raise InputError(f"{source}: this is {kind}, not text; extract its text first")
    sample = head[:512]
    half = len(sample) // 2
    if half >= 4:
        # Most bytes at one parity NUL, almost none at the other: UTF-16 text without a byte order mark.
        zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(zeros_even, zeros_odd) >= 0.75 * half and min(zeros_even, zeros_odd) <= 0.1 * half:
            order = "big-endian" if zeros_even > zeros_odd else "little-endian"
            raise InputError(f"{source}: looks like UTF-16 ({order}) without a byte order mark; re-save it as UTF-8 "
                             "(or as UTF-16 with a byte order mark, which is detected)")


def json_kind(value: Any) -> str:
    """What a JSON value is, as a message to a user names it (not Python's type: "null", not "NoneType").

    >>> [json_kind(v) for v in (None, True, 3, 2.5, "x", [1], {"a": 1})]
    ['null', 'true/false', 'a number', 'a number', 'a string', 'an array', 'an object']
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - JSON gives no other value


def _check_title(value: Any, field: str, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(f"{where}: title field {field!r} must be a string, got {json_kind(value)}")
    return value


#: Field names :func:`read_records` collects in ``seen_fields`` at most (rows with ever new keys would
#: otherwise grow the set with the input).
_SEEN_MAX = 1000


def _field_hint(obj: dict[Any, Any]) -> str:
    """What to do about a row without the text field: name the field, or, for a CSV header read as one
    field holding another separator, save the file with commas."""
    names = [k for k in obj if isinstance(k, str)]
    if len(names) == 1 and (sep := next((c for c in ";|\t" if c in names[0]), None)) is not None:
        return f"; the header is one field holding {sep!r}: CSV is read with commas (tab-separated values from a .tsv file, or from standard input without --format)"
    return "; name the field that holds the text with --text-field" if names else ""


def record_from(
    obj: Any,
    *,
    source: str,
    line: int,
    text_field: str,
    title_field: str | None,
    id_field: str | None,
    extra_fields: Sequence[str] = (),
    seen: set[str] | None = None,
) -> Record:
    """A JSONL object or CSV row as a Record (an error Record if unusable).

    ``seen``, when given, collects the row's field names (see ``seen_fields`` of :func:`read_records`).
    """
    where = f"{source}:{line}"
    if seen is not None and isinstance(obj, dict) and len(seen) < _SEEN_MAX:
        seen.update(k for k in obj if isinstance(k, str))
    fallback_id = where
    if isinstance(obj, dict) and id_field and obj.get(id_field) not in (None, ""):
        value = obj[id_field]
        # As the file writes it: JSON text for an object, a list or true (not Python's "{'x': 1}", "True").
        fallback_id = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if not isinstance(obj, dict):
        return Record(fallback_id, source, line, error=f"{where}: expected a JSON object, got {json_kind(obj)}")
    if text_field not in obj:
        fields = ", ".join(map(repr, sorted(obj))) or "none"
        return Record(fallback_id, source, line,
                      error=f"{where}: missing text field {text_field!r} (fields: {fields}){_field_hint(obj)}")
    text = obj[text_field]
    if not isinstance(text, str):
        return Record(
            fallback_id,
            source,
            line,
            error=f"{where}: text field {text_field!r} must be a string, got {json_kind(text)}"
            + ("; it is a binary column (older Spark and Impala writers store text so): cast it to a string "
               "column, e.g. pyarrow's table.cast with pa.string()" if isinstance(text, bytes) else ""),
        )
    try:
        title = _check_title(obj.get(title_field), title_field, where) if title_field else None
    except TypeError as exc:
        return Record(fallback_id, source, line, error=str(exc))
    extra = {f: obj[f] for f in extra_fields if f in obj} if extra_fields else None
    return Record(fallback_id, source, line, text=text, title=title, fields=extra)


Notify = Callable[[str], None]


def _ignore(message: str) -> None:
    return None


def _read_txt(path: str, fh: BinaryIO, errors: str, progress: Progress, page: bool = False) -> Iterator[Record]:
    """One article. A web ``page`` (its markup to be stripped) is decoded as a browser would: with the charset
    it declares (``<meta charset>``), else UTF-8, else windows-1252."""
    source = display_name(path)
    data = fh.read(_LINE_LIMIT + 1)
    if len(data) > _LINE_LIMIT:
        yield Record(source, source, None, error=_too_long(source))
        return
    if path == STDIN and not data:  # nothing piped in (an upstream step failed?): no row, not an empty article
        return
    if page:
        from ._html import decode_html

        # Re-encoded from UTF-16 or --encoding (_Transcoded), the bytes are UTF-8, whatever the page declares.
        yield Record(source, source, None, text=decode_html(data, "utf-8" if source in _TRANSCODED else None)[0])
        return
    try:
        yield Record(source, source, None, text=decode_text(data, source, errors))
    except BadEncoding as exc:
        yield Record(source, source, None, error=str(exc))


def json_error(exc: json.JSONDecodeError) -> str:
    """What is wrong with one JSON line, at which column, in words for the person who wrote the file.

    A line parsed with its line break still on (``{"text": "cut`` + newline) fails on that break as an
    "Invalid control character"; the line's own end is what was met, so it is parsed again without the break
    and reported as the string or object the line leaves open.
    """
    doc = exc.doc if isinstance(exc.doc, str) else ""
    end = len(doc.rstrip("\r\n"))
    if exc.msg.startswith("Invalid control character") and exc.pos >= end and end < len(doc):
        try:
            json.loads(doc[:end])
        except json.JSONDecodeError as inner:
            exc = inner
    # json's messages for control characters end in " at" (it appends the position itself).
    msg = f"{exc.msg.removesuffix(' at')} at column {exc.colno}"
    if msg.startswith("Invalid control character"):
        msg += ": a tab or line break inside a string must be written \\t or \\n"
    elif msg.startswith("Unterminated string"):  # json's position is where the string starts
        msg += ": the line ends inside this string; is the line cut short?"
    elif exc.pos >= end and doc.lstrip().startswith("{"):
        msg += ": the line ends before the JSON object does; is the line cut short?"
    return msg


def _whole_document(opening: str) -> str:
    """What a file of one JSON document over several lines is, and the jq command that makes it JSON lines:
    ``.[]`` takes an array's elements, ``.`` writes each pretty-printed object on one line (``.[]`` would
    write an object's values, one string a line)."""
    if opening.startswith("["):
        return ("holds one JSON array spread over several lines, not JSON lines (one object per line); "
                "convert it, e.g. with: jq -c '.[]' FILE > FILE.jsonl")
    return ("holds a JSON object spread over several lines (pretty-printed), not JSON lines (one object per "
            "line); convert it, e.g. with: jq -c . FILE > FILE.jsonl")


class _Object(dict):  # type: ignore[type-arg]
    """A JSON object as :func:`json.loads` gives it, with the keys it holds more than once with different
    values (``repeated``): JSON leaves a repeated key to the reader, and Python keeps the last silently."""

    repeated: tuple[str, ...] = ()


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for a JSON line: a dict, an :class:`_Object` when a key repeats with another value.

    >>> obj = json.loads('{"text": "a", "id": 1, "text": "b", "n": 2, "n": 2}', object_pairs_hook=_json_object)
    >>> obj, obj.repeated
    ({'text': 'b', 'id': 1, 'n': 2}, ('text',))
    """
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    first: dict[str, Any] = {}
    repeated = [k for k, v in pairs if first.setdefault(k, v) is not v and first[k] != v]
    if not repeated:
        return obj
    out = _Object(obj)
    out.repeated = tuple(dict.fromkeys(repeated))
    return out


def _read_jsonl(
    path: str, fh: BinaryIO, errors: str, progress: Progress, fields: dict[str, Any], notify: Notify
) -> Iterator[Record]:
    source = display_name(path)
    first = True
    rows = 0
    read_columns = set(_read_columns(fields))
    for number, offset, raw in _lines(fh, progress):
        where = f"{source}:{number}"
        if raw is None:
            yield Record(where, source, number, error=_too_long(where))
            rows += 1
            first = False
            continue
        try:
            line = decode_text(raw, source, errors, base_offset=offset, line=number)
        except BadEncoding as exc:
            # The row fails, but keeps its own id when the rest of it can be read.
            yield Record(_jsonl_id(raw, fields["id_field"]) or where, source, number, error=str(exc))
            rows += 1
            continue
        if not line.strip():
            continue  # a blank line is not a row
        rows += 1
        try:
            # Without its line break: a line cut short inside a string then reads as the string it leaves
            # open, not as a line break in a string.
            obj = json.loads(line.rstrip("\r\n"), object_pairs_hook=_json_object)
        except json.JSONDecodeError as exc:
            stripped = line.strip()
            if first and (stripped in ("{", "[") or stripped.startswith("[")):
                # Not rows at all: one message for the file, not one per line.
                yield Record(source, source, number, error=f"{source}: {_whole_document(stripped)}")
                return
            # Rows joined by a bare "\r" (old Mac line ends) read as one line: say so, as for CSV.
            joined = ("; its rows end with a bare \\r (old Mac line ends), read as one line: convert them first, "
                      f"e.g. tr '\\r' '\\n' < {shlex.quote(source)} > fixed.jsonl") if "\r" in line.rstrip("\r\n") else ""
            yield Record(where, source, number, error=f"{where}: not valid JSON ({json_error(exc)}){joined}")
            first = False
            continue
        except RecursionError:
            yield Record(where, source, number, error=f"{where}: not valid JSON (nested too deeply)")
            first = False
            continue
        except ValueError as exc:  # valid JSON Python will not read: an integer of more than 4,300 digits
            yield Record(where, source, number, error=f"{where}: cannot read this JSON line ({exc})")
            first = False
            continue
        first = False
        if isinstance(obj, list):
            yield Record(where, source, number, error=f"{where}: expected a JSON object, got an array ("
                         "JSON lines need one object per line; convert with: jq -c '.[]')")
            continue
        twice = [k for k in getattr(obj, "repeated", ()) if k in read_columns]
        if twice:
            # Which value was meant is not known (Python would keep the last): the row errs, as a CSV file
            # with a column it reads twice does (an audit, session 40).
            own = obj.get(fields["id_field"]) if fields["id_field"] and fields["id_field"] not in twice else None
            yield Record(str(own) if isinstance(own, (str, int)) and own != "" else where, source, number,
                         error=f"{where}: the field {twice[0]!r} is given twice with different values; keep one")
            continue
        yield record_from(obj, source=source, line=number, **fields)
    if rows == 0:
        notify(f"{source}: no rows (the input is empty)")


def _jsonl_id(raw: bytes, id_field: str | None) -> str | None:
    """The id of a JSON line that is not valid UTF-8, read with the bad bytes replaced (None if it has none
    or the id itself holds a bad byte).

    >>> _jsonl_id(b'{"id": "x", "text": "ok \\xff"}', "id"), _jsonl_id(b'{"id": "\\xff"}', "id")
    ('x', None)
    """
    if not id_field:
        return None
    try:
        obj = json.loads(raw.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    value = obj.get(id_field) if isinstance(obj, dict) else None
    if value in (None, "") or isinstance(value, (dict, list)) or "\ufffd" in str(value):
        return None
    return str(value)


class _Pushback:
    """An iterator of lines that can be given lines back, to re-read them after a malformed CSV record."""

    def __init__(self, lines: Iterator[tuple[int, int, bytes | None]]) -> None:
        self._lines = lines
        self._pending: deque[tuple[int, int, bytes | None]] = deque()

    def __iter__(self) -> _Pushback:
        return self

    def __next__(self) -> tuple[int, int, bytes | None]:
        if self._pending:
            return self._pending.popleft()
        return next(self._lines)

    def push_back(self, lines: list[tuple[int, int, bytes | None]]) -> None:
        self._pending.extendleft(reversed(lines))


class _DecodedLines:
    """Decode lines for the csv module, remembering the lines of the current record and its first bad byte."""

    def __init__(self, lines: _Pushback, source: str, errors: str) -> None:
        self._lines = lines
        self._source = source
        self._errors = errors
        self.taken: list[tuple[int, int, bytes | None]] = []
        self.problem: str | None = None

    def start_record(self) -> None:
        self.taken = []
        self.problem = None

    def __iter__(self) -> _DecodedLines:
        return self

    def __next__(self) -> str:
        number, offset, raw = item = next(self._lines)
        self.taken.append(item)
        if raw is None:  # read past: the row fails, the rows after it are read
            if self.problem is None:
                self.problem = _too_long(f"{self._source}:{number}")
            return "\n"
        try:
            return decode_text(raw, self._source, self._errors, base_offset=offset, line=number)
        except BadEncoding as exc:
            # Keep parsing (so rows after this one are still read) but fail this row.
            if self.problem is None:
                self.problem = str(exc)
            return decode_text(raw, self._source, "replace", base_offset=offset, line=number)


# An id as people write them: no spaces, not too long. Used to recognise a
# CSV row that an unbalanced quote has swallowed into the field before it.
_ID_LIKE = re.compile(r"[\w.:/#@+-]{1,64}")


def _own_id(row: list[str], header: list[str], id_field: str | None) -> str | None:
    """The row's own id when its id column can be read, else None."""
    if not id_field or id_field not in header:
        return None
    i = header.index(id_field)
    return row[i] if i < len(row) and row[i] != "" else None


def next_csv_row(reader: Iterator[list[str]]) -> list[str]:
    """``next(reader)`` with fields up to :data:`_CSV_FIELD_LIMIT` characters allowed.

    ``csv.field_size_limit`` is process-wide, so it is raised only for the
    duration of the call and then put back: reading a CSV file does not
    change what other code in the process may parse. Raises StopIteration
    and csv.Error as ``next(reader)`` does.
    """
    old = csv.field_size_limit()
    if old >= _CSV_FIELD_LIMIT:
        return next(reader)
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        return next(reader)
    finally:
        csv.field_size_limit(old)


def _first_fields(line: str, delimiter: str) -> list[str]:
    """One physical line parsed on its own, leniently (to name a broken row by its id)."""
    try:
        return next_csv_row(csv.reader([line], delimiter=delimiter))
    except (StopIteration, csv.Error):
        return []


def _id_shape(value: str) -> str:
    """Letters, digits and other characters, runs collapsed: ``"n-12"`` -> ``"a-9"``."""
    shape = re.sub(r"[^\W\d_]+", "a", value)
    return re.sub(r"\d+", "9", shape)


def _swallowed_row(
    row: list[str], header: list[str], id_field: str | None, delimiter: str, width: int | None = None
) -> tuple[int, str] | None:
    """``(k, id)`` if line ``k`` (counted from the row's first line) of a multi-line field looks like a row of its own.

    It does when, parsed alone, it has as many fields as the header (at least ``width``, when given: rows
    may leave off trailing cells) and an id shaped like this row's own id (``n17`` like ``n16``; ``However``
    is not like ``17``). A heuristic, so the caller warns rather than fails a row of the header's width.
    """
    own = _own_id(row, header, id_field)
    if own is None or id_field is None or len(header) < 2 or not _ID_LIKE.fullmatch(own):
        return None
    i = header.index(id_field)
    shape = _id_shape(own)
    k = 0
    width = len(header) if width is None else width
    need = width - 1  # delimiters a row of its own needs at least
    for value in row:
        if "\n" not in value:
            continue
        parts = value.split("\n")
        for j, part in enumerate(parts):
            if not j or part.count(delimiter) < need:
                continue
            head = part.partition(delimiter)[0]
            if i == 0 and not head.startswith('"') and not (_ID_LIKE.fullmatch(head) and _id_shape(head) == shape):
                continue  # the usual layout, id first: no need to parse the line to rule it out
            fields = _first_fields(part, delimiter)
            if width <= len(fields) <= len(header) and i < len(fields) and _ID_LIKE.fullmatch(fields[i]) \
                    and _id_shape(fields[i]) == shape:
                return k + j, fields[i]
        k += len(parts) - 1
    return None


def _read_columns(fields: dict[str, Any]) -> list[str]:
    """The columns the caller reads (text, title, id, ``extra_fields``), each once, in that order."""
    wanted = [fields["text_field"], fields["title_field"], fields["id_field"], *fields["extra_fields"]]
    return list(dict.fromkeys(f for f in wanted if f))


def _read_twice(header: list[str], fields: dict[str, Any]) -> str | None:
    """Why ``header`` cannot be read, when a column credscore reads (text, title, id, ``extra_fields``) is in it twice.

    A row read as a dict keeps the last of two same-named values, so ``id,text,text`` scored its second text
    column without a word. A repeated column credscore does not read (two blank names from trailing commas) is
    left alone: nothing is chosen between them.
    """
    for name in _read_columns(fields):
        places = [i + 1 for i, column in enumerate(header) if column == name]
        if len(places) > 1:
            listed = ", ".join(map(str, places[:-1])) + f" and {places[-1]}"
            times = "twice" if len(places) == 2 else f"{len(places)} times"
            return (f"the CSV header has column {name!r} {times} (columns {listed}), so which "
                    "to read is ambiguous; rename or remove all but one")
    return None


def _read_csv(
    path: str, fh: BinaryIO, errors: str, progress: Progress, fields: dict[str, Any], notify: Notify, tabs: bool = False
) -> Iterator[Record]:
    """CSV rows (``tabs``, or a ``.tsv`` name: tab-separated)."""
    source = display_name(path)
    delimiter = "\t" if tabs or _suffix(path) == ".tsv" else ","
    id_field = fields["id_field"]
    source_lines = _Pushback(_lines(fh, progress))
    lines = _DecodedLines(source_lines, source, errors)
    # strict: a stray quote is an error, not silently kept as text.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    read_columns = set(_read_columns(fields))
    twice: str | None = None  # why the header cannot be read, when it holds a column read twice
    rows = 0
    while True:
        lines.start_record()
        try:
            row = next_csv_row(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            taken = lines.taken
            start, end = taken[0][0], taken[-1][0]
            where = f"{source}:{start}"
            if header is None:
                if "new-line character seen in unquoted field" in str(exc):  # Python's advice fits no user
                    why = ("its lines end with a bare \\r (old Mac line ends); convert them first, e.g. "
                           f"tr '\\r' '\\n' < {shlex.quote(source)} > fixed.csv")
                else:
                    why = str(exc)
                yield Record(where, source, start, error=f"{where}: malformed CSV header ({why})")
                return
            reader = csv.reader(lines, delimiter=delimiter, strict=True)  # a fresh parser after an error
            first_line = decode_text(taken[0][2] or b"", source, "replace")  # None: read past (too long)
            lenient = _first_fields(first_line, delimiter)
            if end > start or len(lenient) != len(header):
                # The id comes from the line's first fields, split naively if even lenient parsing fails.
                own = _own_id(lenient or first_line.rstrip("\r\n").split(delimiter), header, id_field)
                if end > start:
                    why = (f"malformed CSV: a quoted field that starts on this line is not closed properly ({exc}), "
                           f"so it ran on to line {end}; this row is skipped and reading resumes at line {start + 1}")
                elif "new-line character seen in unquoted field" in str(exc):
                    why = "malformed CSV: an unquoted field holds a line break (a bare \\r); quote the field; this row is skipped"
                else:
                    why = f"malformed CSV ({exc}); this row is skipped"
                yield Record(own or where, source, start, error=f"{where}: {why}")
                rows += 1
                # Re-read the lines the broken record swallowed: each is given its own row.
                source_lines.push_back(taken[1:])
                continue
            # One line whose quotes are irregular (say a space after a closing quote) cannot have
            # swallowed other rows: it is read as the csv module always read it.
            row = lenient
        start, end = lines.taken[0][0], lines.taken[-1][0]
        where = f"{source}:{start}"
        if header is None:
            if lines.problem:
                yield Record(where, source, start, error=f"{lines.problem} (in the CSV header)")
                return
            header = row
            twice = _read_twice(header, fields)
            continue
        if not row and not lines.problem:
            continue  # a blank line is not a row (a line read past is one: _DecodedLines gives it as blank)
        rows += 1
        if twice is not None:  # each row errs, so that every row still gives one output row (an audit)
            yield Record(where, source, start, error=f"{where}: {twice}")
            continue
        own = _own_id(row, header, id_field)
        if lines.problem:
            yield Record(own or where, source, start, error=lines.problem)
            continue
        # A row short of trailing cells that are all columns this caller does not read (score and a label
        # column, say, which some writers leave off a row without one) is read as it is (an audit: score
        # failed rows for a label it does not read); a row short of a column it reads, or long, cannot be
        # placed for sure, nor can a short one whose quoted field holds lines that look like rows of their own
        # (a quote left open joined them: its cells ran short).
        short = len(row) < len(header) and not read_columns.intersection(header[len(row):])
        if short and end > start and _swallowed_row(row, header, id_field, delimiter, len(row)) is not None:
            short = False
        if len(row) != len(header) and not short:
            hint = f" (the row runs over lines {start}-{end}: is a quote unbalanced?)" if end > start else ""
            other = [c for c in ";\t|" if len(header) == 1 and c in header[0]]
            if other:  # (an audit: a semicolon-separated file got no word of why)
                fix = ("tab-separated values are read from a .tsv file, or from standard input without --format"
                       if other[0] == "\t" else
                       "CSV is read with commas only: save it with commas, or as JSON lines")
                hint += f" (the header {header[0]!r} is one field: is the file separated by {other[0]!r}? {fix})"
            yield Record(
                own or where,
                source,
                start,
                error=f"{where}: row has {len(row)} field{'s' if len(row) != 1 else ''} but the header has {len(header)}{hint}",
            )
            continue
        if end > start:
            swallowed = _swallowed_row(row, header, id_field, delimiter)
            if swallowed is not None:
                notify(f"{where}: warning: this row's quoted field runs over lines {start}-{end}, and line "
                       f"{start + swallowed[0]} inside it looks like a row of its own (id {swallowed[1]!r}); "
                       "if a quote is unbalanced, rows were joined: check the quotes")
        yield record_from(dict(zip(header, row)), source=source, line=start, **fields)
    if header is None:
        notify(f"{source}: no rows (the input is empty)")
    elif rows == 0:
        notify(f"{source}: no rows (only a header row)" + (f"; and {twice}" if twice is not None else ""))


def read_records(
    paths: Iterable[str],
    *,
    fmt: str | None = None,
    text_field: str = "text",
    title_field: str | None = "title",
    id_field: str | None = "id",
    encoding_errors: str = "strict",
    encoding: str | None = None,
    html: bool = False,
    progress: Progress | None = None,
    notify: Notify | None = None,
    extra_fields: Sequence[str] = (),
    seen_fields: set[str] | None = None,
    articles: bool = True,
    formats: set[str] | None = None,
) -> Iterator[Record]:
    """Stream one :class:`Record` per input row from each path (``"-"`` is stdin), in order.

    Plain text is one article per file; JSONL is one object a line; CSV has a
    header row and may quote multi-line fields. Blank lines are not rows.
    gzip-compressed input is read transparently and UTF-16 with a byte order
    mark is detected; ``encoding`` names another encoding than UTF-8 the
    files are in (``"cp1252"``, ``"latin-1"``). With ``html=True`` the text and title are passed through
    :func:`strip_html`.

    When ``fmt`` is None and the extension does not name a format (stdin, a
    ``.txt`` or any other file), the first bytes are sniffed: JSON lines are
    read as JSONL, and HTML read without ``html=True`` is reported. Such
    decisions, and inputs without rows, are passed to ``notify`` as one-line
    messages (nothing here prints).

    Parquet (``.parquet`` or ``fmt="parquet"``, the ``parquet`` extra) is
    read in record batches by :mod:`credscore._parquet`. ``extra_fields``
    names row fields to carry in :attr:`Record.fields` (e.g. a label).
    ``seen_fields``, a set, collects the field names the JSONL/CSV rows have
    (of Parquet, the file's columns), so a caller can tell a field that no row
    has (a misspelt ``title_field``) from one that is empty; ``formats``, a set, collects the formats
    the inputs were read in (``"txt"``, ``"jsonl"``, ``"csv"``, ``"tsv"``, ``"parquet"``): a field
    named for plain text, which has none, is no misspelling. ``articles=False`` says the
    caller reads labeled rows, where one file as one article is no choice the notes offer.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        # A bare path would be read character by character as paths of its own.
        raise TypeError(f"paths must be an iterable of paths, got a single {type(paths).__name__}: {paths!r}; wrap it in a list")
    progress = progress if progress is not None else Progress()
    say = notify if notify is not None else _ignore
    fields = {"text_field": text_field, "title_field": title_field, "id_field": id_field, "extra_fields": extra_fields,
              "seen": seen_fields}
    for path in paths:
        source = display_name(path)
        kind = format_for(path, fmt)
        if kind == "parquet":
            if formats is not None:
                formats.add(kind)
            if encoding is not None:  # (an audit, session 40: accepted and silently not used)
                say(f"{source}: the encoding {encoding!r} is not used: Parquet stores its text as UTF-8")
            n = 0
            for rec in _parquet_records(path, progress, fields, html):
                n += 1
                yield rec
            if n == 0:
                say(f"{source}: no rows (the input is empty)")
            continue
        try:
            with _open_binary(path, encoding_errors, progress, encoding) as (fh, head):
                if fmt is None and not _format_is_known(path):
                    kind = _sniffed_kind(source, path, head, html, say, text_field, articles)
                if formats is not None:
                    formats.add(kind)
                if kind == "txt":
                    records = _read_txt(path, fh, encoding_errors, progress, page=html and sniff(head, path) == "html")
                    if path == STDIN and not head:
                        say(f"{source}: no rows (the input is empty)")
                elif kind == "jsonl":
                    records = _read_jsonl(path, fh, encoding_errors, progress, fields, say)
                else:
                    records = _read_csv(path, fh, encoding_errors, progress, fields, say, tabs=kind == "tsv")
                for rec in records:
                    yield _stripped(rec) if html else rec
        except InputError as exc:
            yield Record(source, source, None, error=str(exc))
        except EOFError:
            # gzip data cut short: the rows before the cut were read and given their rows.
            yield Record(source, source, None, error=f"{source}: the compressed data ends early (a truncated gzip "
                         "file?); the rows before that point were read")
        except zlib.error as exc:
            yield Record(source, source, None, error=f"{source}: the gzip data is corrupt ({exc})")
        except OSError as exc:
            reason = getattr(exc, "strerror", None) or exc
            yield Record(source, source, None, error=f"{source}: cannot read ({reason})")


def _stripped(rec: Record) -> Record:
    if rec.text is None:
        return rec
    return replace(rec, text=strip_html(rec.text), title=strip_html(rec.title) if rec.title else rec.title)


def _parquet_records(path: str, progress: Progress, fields: dict[str, Any], html: bool) -> Iterator[Record]:
    """The Parquet branch of :func:`read_records` (pyarrow is imported only here)."""
    source = display_name(path)
    try:
        from ._parquet import read_parquet_records

        for rec in read_parquet_records(path, progress, fields):
            yield _stripped(rec) if html else rec
    except (ImportError, ValueError) as exc:
        yield Record(source, source, None, error=f"{source}: {exc}" if not str(exc).startswith(source) else str(exc))
    except OSError as exc:
        yield Record(source, source, None, error=f"{source}: cannot read ({exc.strerror or exc})")


def csv_header(head: bytes, text_field: str) -> str | None:
    """The delimiter ("," or a tab) of ``head``'s first line when it is a CSV header naming ``text_field``
    among two fields or more, else None: a text that opens with such a line is a table, not an article.

    >>> csv_header(b"id,text,label\\n1,Officials said,1\\n", "text"), csv_header(b"text\\tlabel\\n", "text")
    (',', '\\t')
    >>> csv_header(b"The text, as written, said so.\\n", "text") is None
    True
    """
    line = head.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0].rstrip(b"\r")
    for delimiter in (",", "\t"):
        try:
            names = next(csv.reader([line.decode("utf-8", "replace")], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if len(names) >= 2 and text_field in (n.strip() for n in names):
            return delimiter
    return None


def _sniffed_kind(
    source: str, path: str, head: bytes, html: bool, say: Notify, text_field: str = "text", articles: bool = True
) -> Format:
    """Sniff a plain-text input: JSON lines are read as JSONL, a CSV header naming the text field as CSV;
    a tab-separated header as tab-separated rows ("tsv"); HTML without ``html`` is reported.
    ``articles`` is False for labeled data, read as rows only: no note offers ``--format txt`` then."""
    found = sniff(head, path)
    as_one = " (pass --format txt to read it as one article)" if articles else ""
    if found == "jsonl":
        say(f"{source}: looks like JSON lines; reading it as --format jsonl{as_one}")
        return "jsonl"
    delimiter = csv_header(head, text_field)
    if delimiter == ",":
        say(f"{source}: looks like CSV with a {text_field!r} column; reading it as --format csv{as_one}")
        return "csv"
    if delimiter is not None:  # an audit: stdin's tab-separated rows were scored as one article
        say(f"{source}: looks like tab-separated values with a {text_field!r} column; reading its rows{as_one}")
        return "tsv"
    if found == "html" and not html and not articles:
        say(f"{source}: looks like HTML, not rows of labeled articles (JSON lines, CSV or Parquet)")
    elif found == "html" and not html:
        say(f"{source}: looks like HTML; its tags are read as layout and its scripts left out, but all its text "
            "is scored, menus, comments and footers too. Pass --format html to score the article it holds (the html "
            "extra); --strip-html, the crude alternative, scores the same text with its markup removed")
    return "txt"


# --- output -----------------------------------------------------------------


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str] | None, *, newline: str | None = None) -> Iterator[IO[str]]:
    """Write to ``path`` all-or-nothing: a temp file in the same folder, renamed on success.

    A character UTF-8 cannot encode (a lone surrogate, which scraped text and JSON ids may hold) is
    written as its ``\\udc80`` escape: inside a JSON string that is the same character, read back exactly.

    An exception (including KeyboardInterrupt) removes the temp file, so an
    interrupted run never leaves a partial file under the final name. With
    ``path=None`` this yields stdout; a path that is a device or a pipe
    (``/dev/null``) is written directly (as :func:`credscore._atomic.atomic_write` writes one); a name
    ending in ``.gz`` is written
    gzip-compressed. The file gets the mode a plain
    :func:`open` gives (see :func:`credscore._atomic.atomic_write`).
    """
    with _naming(path):
        if path is None:
            yield sys.stdout
            sys.stdout.flush()
            return
        if os.fspath(path).lower().endswith(".gz"):  # compressed as named (an audit: .gz got plain text)
            with atomic_write(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz, \
                    io.TextIOWrapper(gz, encoding="utf-8", newline=newline, errors="backslashreplace") as text:
                yield text
            return
        with atomic_write(path, "w", newline=newline, errors="backslashreplace") as fh:
            yield fh


#: Errors only writing gives (a full disk, a quota, a file too large): they carry no file name.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


@contextlib.contextmanager
def _naming(path: str | os.PathLike[str] | None) -> Iterator[None]:
    """Give a write error without a file name (``No space left on device``) the output's name."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno in _WRITE_ERRNOS:
            exc.filename = "<stdout>" if path is None else os.fspath(path)
        raise
