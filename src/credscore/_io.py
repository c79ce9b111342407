"""Input readers and output writers for the ``credscore`` command line.

Readers turn files into a stream of :class:`Record` objects, one per input
row, without ever holding more than one row (or one plain-text article) in
memory. A row that cannot be used is not dropped and does not stop the run: it
becomes a record whose ``error`` says which file, line and byte went wrong, so
the CLI can write an error row in its place.

Nothing here writes to stdout or stderr; :mod:`credscore.cli` does.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

__all__ = [
    "FORMATS",
    "Record",
    "atomic_output",
    "decode_text",
    "format_for",
    "read_records",
    "strip_html",
]

Format = Literal["txt", "jsonl", "csv"]
FORMATS: tuple[str, ...] = ("txt", "jsonl", "csv")
STDIN = "-"

# Extensions that select a format; anything else is one plain-text article.
_EXTENSIONS: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",  # one object a line; a JSON array fails loudly, row by row
    ".csv": "csv",
    ".tsv": "csv",
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
    """

    id: str
    source: str
    line: int | None
    text: str | None = None
    title: str | None = None
    error: str | None = None


def format_for(path: str, explicit: str | None) -> Format:
    """The input format: ``explicit`` if given, else from the extension (stdin: txt)."""
    if explicit is not None:
        if explicit not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {explicit!r}")
        return explicit  # type: ignore[return-value]
    if path == STDIN:
        return "txt"
    return _EXTENSIONS.get(Path(path).suffix.lower(), "txt")


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


# --- decoding ---------------------------------------------------------------


class BadEncoding(ValueError):
    """Bytes that are not valid UTF-8; ``offset`` is the byte offset in the file."""

    def __init__(self, source: str, offset: int, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(
            f"{where}: not valid UTF-8 at byte offset {offset} (use --encoding-errors=replace to score it anyway)"
        )
        self.offset = offset


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
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
# Elements that end a line of text, so paragraphs do not run together.
_BLOCK = frozenset(
    ["address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"]
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # unescapes &amp; &#8217; ... in data
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(self._skip_depth - 1, 0)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
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


def _lines(fh: BinaryIO, progress: Progress) -> Iterator[tuple[int, int, bytes]]:
    """Yield ``(line_number, byte_offset, raw_line)`` from a binary stream."""
    offset = 0
    for number, raw in enumerate(fh, 1):
        yield number, offset, raw
        offset += len(raw)
        progress.bytes_read += len(raw)


@contextlib.contextmanager
def _open_binary(path: str) -> Iterator[BinaryIO]:
    if path == STDIN:
        yield sys.stdin.buffer
    else:
        with open(path, "rb") as fh:
            yield fh


def _check_title(value: Any, field: str, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(f"{where}: title field {field!r} must be a string, got {type(value).__name__}")
    return value


def _record(
    obj: Any, *, source: str, line: int, text_field: str, title_field: str | None, id_field: str | None
) -> Record:
    """A JSONL object or CSV row as a Record (an error Record if unusable)."""
    where = f"{source}:{line}"
    fallback_id = where
    if isinstance(obj, dict) and id_field and obj.get(id_field) not in (None, ""):
        fallback_id = str(obj[id_field])
    if not isinstance(obj, dict):
        return Record(fallback_id, source, line, error=f"{where}: expected a JSON object, got {type(obj).__name__}")
    if text_field not in obj:
        fields = ", ".join(map(repr, sorted(obj))) or "none"
        return Record(fallback_id, source, line, error=f"{where}: missing text field {text_field!r} (fields: {fields})")
    text = obj[text_field]
    if not isinstance(text, str):
        return Record(
            fallback_id,
            source,
            line,
            error=f"{where}: text field {text_field!r} must be a string, got {type(text).__name__}",
        )
    try:
        title = _check_title(obj.get(title_field), title_field, where) if title_field else None
    except TypeError as exc:
        return Record(fallback_id, source, line, error=str(exc))
    return Record(fallback_id, source, line, text=text, title=title)


def _read_txt(path: str, errors: str, progress: Progress) -> Iterator[Record]:
    source = display_name(path)
    with _open_binary(path) as fh:
        data = fh.read()
    progress.bytes_read += len(data)
    try:
        yield Record(source, source, None, text=decode_text(data, source, errors))
    except BadEncoding as exc:
        yield Record(source, source, None, error=str(exc))


def _read_jsonl(path: str, errors: str, progress: Progress, fields: dict[str, Any]) -> Iterator[Record]:
    source = display_name(path)
    with _open_binary(path) as fh:
        for number, offset, raw in _lines(fh, progress):
            where = f"{source}:{number}"
            try:
                line = decode_text(raw, source, errors, base_offset=offset, line=number)
            except BadEncoding as exc:
                yield Record(where, source, number, error=str(exc))
                continue
            if not line.strip():
                continue  # a blank line is not a row
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(where, source, number, error=f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            except RecursionError:
                yield Record(where, source, number, error=f"{where}: not valid JSON (nested too deeply)")
                continue
            yield _record(obj, source=source, line=number, **fields)


class _DecodedLines:
    """Decode lines for the csv module, remembering the first bad byte of the current row."""

    def __init__(self, lines: Iterator[tuple[int, int, bytes]], source: str, errors: str) -> None:
        self._lines = lines
        self._source = source
        self._errors = errors
        self.last_line = 0
        self.problem: str | None = None

    def __iter__(self) -> _DecodedLines:
        return self

    def __next__(self) -> str:
        number, offset, raw = next(self._lines)
        self.last_line = number
        try:
            return decode_text(raw, self._source, self._errors, base_offset=offset, line=number)
        except BadEncoding as exc:
            # Keep parsing (so rows after this one are still read) but fail this row.
            if self.problem is None:
                self.problem = str(exc)
            return decode_text(raw, self._source, "replace", base_offset=offset, line=number)


def _read_csv(path: str, errors: str, progress: Progress, fields: dict[str, Any]) -> Iterator[Record]:
    source = display_name(path)
    delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    with _open_binary(path) as fh:
        lines = _DecodedLines(_lines(fh, progress), source, errors)
        reader = csv.reader(lines, delimiter=delimiter)
        header: list[str] | None = None
        while True:
            start = lines.last_line + 1
            lines.problem = None
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # The parser cannot resynchronise after this; say so rather than guess.
                where = f"{source}:{start}"
                yield Record(where, source, start, error=f"{where}: malformed CSV ({exc}); the rest of the file was not read")
                return
            where = f"{source}:{start}"
            if header is None:
                if lines.problem:
                    yield Record(where, source, start, error=f"{lines.problem} (in the CSV header)")
                    return
                header = row
                continue
            if not row:
                continue  # a blank line is not a row
            if lines.problem:
                yield Record(where, source, start, error=lines.problem)
                continue
            if len(row) != len(header):
                yield Record(
                    where, source, start, error=f"{where}: row has {len(row)} fields but the header has {len(header)}"
                )
                continue
            yield _record(dict(zip(header, row)), source=source, line=start, **fields)


def read_records(
    paths: Iterable[str],
    *,
    fmt: str | None = None,
    text_field: str = "text",
    title_field: str | None = "title",
    id_field: str | None = "id",
    encoding_errors: str = "strict",
    html: bool = False,
    progress: Progress | None = None,
) -> Iterator[Record]:
    """Stream one :class:`Record` per input row from each path (``"-"`` is stdin), in order.

    Plain text is one article per file; JSONL is one object a line; CSV has a
    header row and may quote multi-line fields. Blank lines are not rows.
    With ``html=True`` the text and title are passed through :func:`strip_html`.
    """
    progress = progress if progress is not None else Progress()
    fields = {"text_field": text_field, "title_field": title_field, "id_field": id_field}
    for path in paths:
        kind = format_for(path, fmt)
        if kind == "txt":
            records = _read_txt(path, encoding_errors, progress)
        elif kind == "jsonl":
            records = _read_jsonl(path, encoding_errors, progress, fields)
        else:
            records = _read_csv(path, encoding_errors, progress, fields)
        try:
            for rec in records:
                if html and rec.text is not None:
                    rec = Record(
                        rec.id,
                        rec.source,
                        rec.line,
                        text=strip_html(rec.text),
                        title=strip_html(rec.title) if rec.title else rec.title,
                    )
                yield rec
        except OSError as exc:
            source = display_name(path)
            yield Record(source, source, None, error=f"{source}: cannot read ({exc.strerror or exc})")


# --- output -----------------------------------------------------------------


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str] | None, *, newline: str | None = None) -> Iterator[IO[str]]:
    """Write to ``path`` all-or-nothing: a temp file in the same folder, renamed on success.

    An exception (including KeyboardInterrupt) removes the temp file, so an
    interrupted run never leaves a partial file under the final name. With
    ``path=None`` this yields stdout.
    """
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file 0600; give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
