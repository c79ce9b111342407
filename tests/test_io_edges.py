"""Reader edges found by the mutation check (benchmarks/MUTATION.md, run 2 survivors).

* The head reader stops after the first whole line once it has 4 bytes (the
  gzip/BOM sniffers need 4), also when a pipe delivers one byte at a time.
* A JSON-lines file is called "one JSON document, not rows" only when its
  *first* row opens one; a later "[" line is a bad row like any other.
* A file that cannot be opened says why in the operating system's words.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from credscore._io import _read_head, read_records


class Trickle(io.RawIOBase):
    """A raw stream that returns one byte per read, like a slow pipe."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.reads = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        self.reads += 1
        if self.pos >= len(self.data):
            return 0
        b[0] = self.data[self.pos]
        self.pos += 1
        return 1


def test_head_of_a_trickling_stream_is_its_first_line() -> None:
    raw = Trickle(b'{"a"}\n{"b"}\n{"c"}\n')
    assert _read_head(raw) == b'{"a"}\n'
    assert raw.pos == 6  # nothing read past the line: a streaming producer is not waited for
    assert _read_head(io.BufferedReader(Trickle(b"abc\ndef\nghi"))) == b"abc\n"  # read1 path, exactly 4 bytes


def test_head_waits_for_four_bytes_before_stopping_at_a_line() -> None:
    # A newline within the first 3 bytes is not enough: the sniffers look at 4 bytes.
    assert _read_head(Trickle(b"ab\ncd\nef")) == b"ab\ncd\n"
    assert _read_head(Trickle(b"\n\n\n\nx")) == b"\n\n\n\n"


def test_head_of_a_file_is_at_most_the_requested_size() -> None:
    assert _read_head(io.BytesIO(b"x" * 100), size=10) == b"x" * 10
    assert _read_head(io.BytesIO(b"")) == b""


def test_a_later_bracket_line_is_a_bad_row_not_a_whole_document(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('oops\n[\n{"text": "fine"}\n', encoding="utf-8")
    recs = list(read_records([str(path)]))
    assert [r.line for r in recs] == [1, 2, 3]
    assert recs[0].error == f"{path}:1: not valid JSON (Expecting value at column 1)"
    # Column 2 of "[": the line is parsed without its line break (column 1 was of the break's next line).
    assert recs[1].error == f"{path}:2: not valid JSON (Expecting value at column 2)"
    assert recs[2].text == "fine" and recs[2].error is None


def test_a_first_bracket_line_is_a_whole_document(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonl"
    path.write_text('[\n{"text": "a"}\n]\n', encoding="utf-8")
    recs = list(read_records([str(path)]))
    assert len(recs) == 1 and recs[0].line == 1
    assert recs[0].error is not None and recs[0].error.startswith(f"{path}: holds one JSON array spread over")


def test_unreadable_paths_say_why_in_the_systems_words(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    (rec,) = read_records([str(missing)])
    assert rec.error == f"{missing}: cannot read (No such file or directory)"
    (rec,) = read_records([str(tmp_path)])
    assert rec.error == f"{tmp_path}: cannot read (Is a directory)"


@pytest.mark.parametrize(("text", "order"), [("abcd", "little-endian"), ("abcdefgh", "little-endian"), ("abcd", "big-endian")])
def test_utf16_without_bom_is_recognised_from_four_characters(tmp_path: Path, text: str, order: str) -> None:
    """Eight bytes (four UTF-16 code units) are enough to call a file UTF-16."""
    path = tmp_path / "u16.txt"
    path.write_bytes(text.encode("utf-16-le" if order == "little-endian" else "utf-16-be"))
    (rec,) = read_records([str(path)])
    assert rec.error == (
        f"{path}: looks like UTF-16 ({order}) without a byte order mark; re-save it as UTF-8 "
        "(or as UTF-16 with a byte order mark, which is detected)"
    )


def test_three_utf16_characters_are_too_few_to_judge(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("abc".encode("utf-16-le"))
    (rec,) = read_records([str(path)])
    assert rec.error is None and rec.text == "a\x00b\x00c\x00"


def test_a_file_named_html_is_html_whatever_its_first_bytes() -> None:
    from credscore._io import STDIN, sniff

    assert sniff(b"The council voted on Monday.", "page.html") == "html"
    assert sniff(b"The council voted on Monday.", "page.htm") == "html"
    assert sniff(b"The council voted on Monday.", "notes.txt") is None
    assert sniff(b"The council voted on Monday.", STDIN) is None


def test_read_records_refuses_a_bare_path(tmp_path: Path) -> None:
    # A str is iterable: without the check each character would be a path.
    f = tmp_path / "a.txt"
    f.write_text("Officials said the bridge would reopen.", encoding="utf-8")
    for bare in (str(f), f, str(f).encode()):
        with pytest.raises(TypeError, match="wrap it in a list"):
            next(read_records(bare))  # type: ignore[arg-type]
    assert [r.text for r in read_records([str(f)])] == ["Officials said the bridge would reopen."]
