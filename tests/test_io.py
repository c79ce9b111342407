"""Input readers: every input row gives exactly one record, and odd inputs are recognised (no subprocesses)."""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from credscore._io import Record, read_records, sniff

TEXTS = [f"Article number {i}, with the council voting 7-2 on Monday." for i in range(1000)]


def read(path: Path, **kwargs: object) -> tuple[list[Record], list[str]]:
    notes: list[str] = []
    got = list(read_records([str(path)], notify=notes.append, **kwargs))  # type: ignore[arg-type]
    return got, notes


def write_csv(path: Path, rows: list[tuple[str, str]], header: tuple[str, ...] = ("id", "text")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


# --- CSV: no row is lost silently -------------------------------------------------


def test_unclosed_quote_in_a_thousand_rows_loses_no_row(tmp_path: Path) -> None:
    # Every text quoted (as csv writers do for text with commas); line 601 lacks its closing quote.
    path = write_csv(tmp_path / "in.csv", [(f"r{i}", t) for i, t in enumerate(TEXTS)])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[600] == f'r599,"{TEXTS[599]}"\n'
    lines[600] = lines[600].replace('."\n', ".\n")
    path.write_text("".join(lines), encoding="utf-8")

    got, _ = read(path)
    assert len(got) == 1000  # one record per input row
    assert [r.id for r in got] == [f"r{i}" for i in range(1000)]
    bad = got[599]
    assert bad.text is None and bad.line == 601
    assert bad.error is not None and f"{path}:601" in bad.error and "not closed properly" in bad.error
    assert [r.text for r in got[600:]] == TEXTS[600:]
    assert all(r.error is None for i, r in enumerate(got) if i != 599)


def test_quote_open_to_the_end_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"a\n2,b\n3,c\n', encoding="utf-8")
    got, _ = read(path)
    assert [(r.id, r.line, r.text) for r in got] == [("1", 2, None), ("2", 3, "b"), ("3", 4, "c")]
    assert got[0].error is not None and "ran on to line 4" in got[0].error and "unexpected end of data" in got[0].error


def test_stray_quote_on_one_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    # Row 1 has a space after its closing quote; row 3's quote closes mid-field and leaves 3 fields.
    path.write_text('id,text\n1,"a" \n2,c\n3,"x"y,z\n4,d\n', encoding="utf-8")
    got, _ = read(path)
    assert [(r.id, r.text) for r in got] == [("1", "a "), ("2", "c"), ("3", None), ("4", "d")]
    assert got[2].error is not None and f"{path}:4: malformed CSV" in got[2].error


def test_quoted_multiline_fields_are_still_one_row(tmp_path: Path) -> None:
    rows = [("n1", 'He said, "no".\nHowever, she said\n12,yes'), ("n2", "One\n\nTwo")]
    got, notes = read(write_csv(tmp_path / "in.csv", rows))
    assert [(r.id, r.line, r.text) for r in got] == [("n1", 2, rows[0][1]), ("n2", 5, rows[1][1])]
    assert notes == []  # "However" and "12" are not shaped like the ids n1, n2


def test_a_row_joined_by_a_quote_that_closes_at_a_line_end_is_reported(tmp_path: Path) -> None:
    # The one case the strict parser accepts: the stray quote closes exactly at the end of a later line.
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"a\n2,he said b"\n3,c\n', encoding="utf-8")
    got, notes = read(path)
    assert [r.id for r in got] == ["1", "3"]
    assert len(notes) == 1 and f"{path}:2" in notes[0] and "line 3" in notes[0] and "'2'" in notes[0]


def test_field_count_error_keeps_the_rows_own_id(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,title,text\nx7,Budget\nx8,Vote,The council voted.\n", encoding="utf-8")
    got, _ = read(path)
    assert [r.id for r in got] == ["x7", "x8"]
    assert got[0].error == f"{path}:2: row has 2 fields but the header has 3"


def test_empty_and_header_only_inputs_say_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header = tmp_path / "header.csv"
    header.write_text("id,text\n", encoding="utf-8")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n", encoding="utf-8")
    for path, why in [(empty, "the input is empty"), (header, "only a header row"), (blank, "the input is empty")]:
        got, notes = read(path)
        assert got == [] and notes == [f"{path}: no rows ({why})"]


# --- JSON -------------------------------------------------------------------------


def test_json_error_text_is_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "tab\there"}\n')
    (got,), _ = read(path)
    assert got.error is not None
    assert " at at " not in got.error
    assert "Invalid control character at column 14" in got.error and "\\t" in got.error


CUT = "Unterminated string starting at column 19: the line ends inside this string; is the line cut short?"


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b""], ids=["lf", "crlf", "last-line"])
def test_a_line_cut_short_inside_a_string_says_so_not_line_break(tmp_path: Path, end: bytes) -> None:
    # Parsed with its line break on, the line read as holding a line break in its string.
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id":"a1","text":"The council met."}\n{"id":"a2","text":"broken' + end)
    (good, cut), _ = read(path)
    assert good.error is None
    assert cut.error == f"{path}:2: not valid JSON ({CUT})"


def test_valid_json_python_cannot_read_is_an_error_row_and_the_others_are_kept(tmp_path: Path) -> None:
    # An integer of 5,000 digits (any field) raised a plain ValueError: "internal error", no row written.
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text":"The council met."}\n{"n":' + b"9" * 5000 + b',"text":"x"}\n{"text":"It voted."}\n')
    (a, big, c), _ = read(path)
    assert a.error is None and c.error is None and c.text == "It voted."
    assert big.error is not None and big.error.startswith(f"{path}:2: cannot read this JSON line (") and "digits" in big.error


def test_a_line_cut_short_between_fields_says_so(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id":"a3","text":"ok"\n')
    (got,), _ = read(path)
    assert got.error == (f"{path}:1: not valid JSON (Expecting ',' delimiter at column 23: the line ends before the "
                         "JSON object does; is the line cut short?)")


def test_a_control_character_inside_a_line_keeps_its_advice(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "a bare \r inside"}\n')
    (got,), _ = read(path)
    assert got.error is not None and "Invalid control character at column 18" in got.error and "\\n" in got.error


def test_training_and_evaluate_readers_say_cut_short_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # recalibrate and train read labeled files with credscore._data, which words its errors with json_error.
    from credscore import cli
    from credscore._data import read_labeled

    path = tmp_path / "lab.jsonl"
    path.write_bytes(b'{"label":1,"text":"The council met on Monday."}\n{"label":0,"text":"broken\n')
    with pytest.raises(ValueError) as info:
        read_labeled([str(path)])
    assert str(info.value) == f"{path}:2: not valid JSON ({CUT})"
    for command in (["evaluate", str(path)], ["recalibrate", str(path), "--out", str(tmp_path / "m.json")]):
        assert cli.main(command) == 2
        err = capsys.readouterr().err
        assert f"{path}:2: not valid JSON (Unterminated string" in err and "cut short" in err
        assert "Invalid control character" not in err


@pytest.mark.parametrize(
    ("content", "command"),
    [
        (json.dumps([{"text": t} for t in TEXTS[:3]], indent=2), "jq -c '.[]' FILE"),
        # An object's conversion is "jq -c .": "jq -c '.[]'" would write its values, a string a line (audit).
        (json.dumps({"text": TEXTS[0], "title": "x"}, indent=2), "jq -c . FILE"),
        ("[\n" + ",\n".join(json.dumps({"text": t}) for t in TEXTS[:3]) + "\n]\n", "jq -c '.[]' FILE"),
        ("[" + ",\n".join(json.dumps({"text": t}) for t in TEXTS[:3]) + "]\n", "jq -c '.[]' FILE"),
    ],
)
def test_a_json_document_gets_one_clear_message(tmp_path: Path, content: str, command: str) -> None:
    path = tmp_path / "articles.json"
    path.write_text(content, encoding="utf-8")
    got, _ = read(path)
    assert len(got) == 1
    assert got[0].error is not None and "not JSON lines" in got[0].error and command in got[0].error


@pytest.mark.skipif(shutil.which("jq") is None, reason="needs jq")
@pytest.mark.parametrize("document", [[{"text": t} for t in TEXTS[:3]], {"text": TEXTS[0], "title": "x"}])
def test_the_suggested_jq_command_gives_json_lines_that_read(tmp_path: Path, document: object) -> None:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    (got,), _ = read(path)
    assert got.error is not None
    command = got.error.split("convert it, e.g. with: ", 1)[1].replace("FILE", shlex.quote(str(path)))
    subprocess.run(command, shell=True, check=True, timeout=60)  # the message's own command
    rows, _ = read(Path(f"{path}.jsonl"))
    want = document if isinstance(document, list) else [document]
    assert [r.error for r in rows] == [None] * len(want) and [r.text for r in rows] == [d["text"] for d in want]


def test_a_one_line_array_is_named(tmp_path: Path) -> None:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([{"text": t} for t in TEXTS[:3]]) + "\n", encoding="utf-8")
    (got,), _ = read(path)
    assert got.error is not None and "expected a JSON object, got an array (JSON lines need one object per line" in got.error


def test_a_bad_first_line_of_real_json_lines_does_not_hide_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": broken\n' + json.dumps({"text": TEXTS[1]}) + "\n", encoding="utf-8")
    got, _ = read(path)
    assert len(got) == 2 and got[0].error is not None and got[1].text == TEXTS[1]


# --- compression and encodings --------------------------------------------------------


def test_gzip_is_read_transparently(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(TEXTS[:5])).encode()))
    got, _ = read(path)
    assert [r.text for r in got] == TEXTS[:5] and all(r.error is None for r in got)
    txt = tmp_path / "article.txt.gz"
    txt.write_bytes(gzip.compress(TEXTS[0].encode()))
    (one,), _ = read(txt)
    assert one.text == TEXTS[0]


def test_broken_gzip_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate data")
    got, _ = read(path)
    assert len(got) == 1 and got[0].error is not None and str(path) in got[0].error
    assert "encoding-errors" not in got[0].error


def test_truncated_gzip_keeps_the_rows_before_the_cut_and_says_so(tmp_path: Path) -> None:
    data = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(TEXTS)).encode()
    packed = gzip.compress(data)
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    got, _ = read(path)
    assert got[-1].error == f"{path}: the compressed data ends early (a truncated gzip file?); the rows before that point were read"
    good = [r for r in got if r.error is None]
    assert 0 < len(good) < len(TEXTS) and [r.text for r in good] == TEXTS[: len(good)]


def test_a_small_truncated_gzip_keeps_its_rows_too(tmp_path: Path) -> None:
    # A file small enough for one buffer lost every row to the one error (a large one kept them: audit, s29).
    data = "".join(json.dumps({"id": f"r{i}", "text": f"Row {i} of the file."}) + "\n" for i in range(200)).encode()
    packed = gzip.compress(data)
    path = tmp_path / "small.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    got, _ = read(path)
    assert got[-1].error is not None and "ends early" in got[-1].error
    good = [r for r in got if r.error is None]
    assert len(good) > 50 and [r.id for r in good] == [f"r{i}" for i in range(len(good))]
    assert len(got) - len(good) <= 2  # the line the cut went through, and the file's own error


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_detected(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    rows = [("a1", "Caf\u00e9 owners said, \u201cno\u201d.\nSecond line."), ("a2", TEXTS[2])]
    text = "id,text\r\n" + "".join(f'{i},"{t}"\r\n' for i, t in rows)
    path = tmp_path / "in.csv"
    path.write_bytes(bom + text.encode(codec))
    got, _ = read(path)
    assert [(r.id, r.text, r.error) for r in got] == [("a1", rows[0][1], None), ("a2", rows[1][1], None)]
    txt = tmp_path / "a.txt"
    txt.write_bytes(bom + TEXTS[3].encode(codec))
    (one,), _ = read(txt)
    assert one.text == TEXTS[3]


def test_invalid_utf16_is_reported_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xdc" + "x".encode("utf-16-le"))
    (got,), _ = read(path)
    assert got.error is not None and "not valid UTF-16" in got.error and str(path) in got.error
    (got,), _ = read(path, encoding_errors="replace")
    assert got.error is None and got.text == "ok\ufffdx"


# --- sniffing ---------------------------------------------------------------------------


def test_json_lines_in_a_plain_text_file_are_read_as_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "articles.txt"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS[:3])), encoding="utf-8")
    got, notes = read(path)
    assert [r.text for r in got] == TEXTS[:3]
    assert len(notes) == 1 and "looks like JSON lines" in notes[0] and "--format txt" in notes[0]
    got, notes = read(path, fmt="txt")  # an explicit format is obeyed
    assert len(got) == 1 and notes == []


def test_a_table_in_a_plain_text_input_is_read_as_csv(tmp_path: Path) -> None:
    """An audit (session 27): a CSV piped to `credscore score` (or saved without .csv) was scored as one
    article, with a confident verdict and no word; its header names the text field, so it is a table."""
    path = tmp_path / "articles.txt"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("id", "text", "label"), *((f"a{i}", t, 1) for i, t in enumerate(TEXTS[:3]))])
    got, notes = read(path)
    assert [r.text for r in got] == TEXTS[:3] and [r.id for r in got] == ["a0", "a1", "a2"]
    assert len(notes) == 1 and "looks like CSV with a 'text' column" in notes[0] and "--format txt" in notes[0]
    got, notes = read(path, text_field="body")  # no column of that name: an article that opens with commas
    assert len(got) == 1 and notes == []
    got, notes = read(path, fmt="txt")
    assert len(got) == 1 and notes == []
    tsv = tmp_path / "articles.tab"
    tsv.write_text("text\tlabel\n" + "".join(f"{t}\t1\n" for t in TEXTS[:3]), encoding="utf-8")
    got, notes = read(tsv)  # a tab-separated header naming the text field: its rows (an audit: it was one article)
    assert [r.text for r in got] == TEXTS[:3] and len(notes) == 1 and "tab-separated" in notes[0]
    assert "--format txt" in notes[0]
    got, notes = read(tsv, fmt="txt")
    assert len(got) == 1 and notes == []
    prose = tmp_path / "prose.txt"
    prose.write_text("The text, as the council wrote it, said so.\nMore text.\n", encoding="utf-8")
    got, notes = read(prose)
    assert len(got) == 1 and notes == []


def test_html_without_strip_html_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("<html><body><script>var s = 'Sources say';</script><p>Hi</p></body></html>", encoding="utf-8")
    _, notes = read(page)
    assert len(notes) == 1 and "looks like HTML" in notes[0] and "--strip-html" in notes[0]
    assert "--format html" in notes[0]  # the extractor first: --strip-html keeps menus and comments
    _, notes = read(page, html=True)
    assert notes == []


def test_labeled_rows_get_no_note_offering_one_article(tmp_path: Path) -> None:
    # evaluate, train and recalibrate read rows only: their --format takes no txt, nor html (audit).
    lines = tmp_path / "labeled.txt"
    lines.write_text(json.dumps({"text": TEXTS[0], "label": 1}) + "\n", encoding="utf-8")
    table = tmp_path / "labeled.dat"
    table.write_text("text,label\n" + json.dumps(TEXTS[0]) + ",1\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("<html><body><p>Hi</p></body></html>", encoding="utf-8")
    for path, found in ((lines, "JSON lines"), (table, "CSV"), (page, "HTML")):
        _, notes = read(path, articles=False)
        assert len(notes) == 1 and f"looks like {found}" in notes[0], notes
        assert "--format txt" not in notes[0] and "--format html" not in notes[0], notes
        _, notes = read(path)
        assert len(notes) == 1 and ("--format txt" in notes[0] or "--format html" in notes[0]), notes


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'  {"text": "x"}', "jsonl"),
        (b'\xef\xbb\xbf{"id":1}', "jsonl"),
        (b"{not json", None),
        (b"A story about <b>bold</b> claims.", None),
        (b"<!doctype html>\n<title>x</title>", "html"),
        (b"Intro\n<div class='nav'>menu</div>", "html"),
    ],
)
def test_sniff(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


@pytest.mark.parametrize("compress", [False, True])
def test_progress_counts_the_bytes_of_the_file_itself(tmp_path: Path, compress: bool) -> None:
    from credscore._io import Progress

    data = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(TEXTS)).encode()
    path = tmp_path / ("in.jsonl.gz" if compress else "in.jsonl")
    path.write_bytes(gzip.compress(data) if compress else data)
    progress = Progress()
    assert len(list(read_records([str(path)], progress=progress))) == len(TEXTS)
    assert progress.bytes_read == path.stat().st_size  # what a progress bar's total is


def test_a_bare_carriage_return_in_an_unquoted_field(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,text\n1,two\rlines\n2,fine\n")
    got, _ = read(path)
    assert [(r.id, r.text) for r in got] == [("1", None), ("2", "fine")]
    assert got[0].error == f"{path}:2: malformed CSV: an unquoted field holds a line break (a bare \\r); quote the field; this row is skipped"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"BZh91AY&SY", "a bzip2-compressed file"),
        # mtime=0: the same bytes in every pytest-xdist worker (the test's id is made from them)
        (gzip.compress(gzip.compress(b'{"text": "Sources said so."}\n', mtime=0), mtime=0), "gzip inside gzip (compressed twice)"),
        ("Sources said the mayor knew.".encode("utf-16-le"), "UTF-16 (little-endian) without a byte order mark"),
        ("Sources said the mayor knew.".encode("utf-16-be"), "UTF-16 (big-endian) without a byte order mark"),
    ],
)
def test_files_that_are_not_text_are_named_for_what_they_are(tmp_path: Path, data: bytes, kind: str) -> None:
    for name in ("a.txt", "a.jsonl", "a.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        (got,), _ = read(path)
        assert got.error is not None and got.error.startswith(f"{path}: ") and kind in got.error
        assert "encoding-errors" not in got.error


def test_text_with_a_few_nul_bytes_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXTS[0].encode() + b"\x00" + TEXTS[1].encode())
    (got,), _ = read(path)
    assert got.error is None and got.text == TEXTS[0] + "\x00" + TEXTS[1]


@pytest.mark.parametrize("page", [
    "<!doctype html><html><head><meta charset=utf-8><title>Water</title>\n<body><p>{p}</p>\n",  # no </head>
    "<html><head><title>Water</title><link rel=x></head><body><p>{p}</p></body></html>",
    "<head><title>Water</title><script>var x = 'Sources said';</script><p>{p}</p>",  # nor <body>
    "<head><title>Water</title><br><p>{p}</p>",  # an element of the body with no end tag ends the head too
])
def test_a_page_without_its_head_closed_is_read(page: str) -> None:
    """An audit (session 27): HTML5 lets a page leave out </head>, as minified pages do; --strip-html read
    nothing of it, and the page scored the prior as 'unknown'. The head's own text (its title) is not read."""
    from credscore._io import strip_html

    paragraph = "The city utility will replace 4,200 lead service lines, officials said."
    assert strip_html(page.format(p=paragraph)).strip() == paragraph


def test_a_line_or_text_longer_than_the_limit_is_an_error_row_read_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A gzip file of 2 MB that expands to 2 GB of one line (or /dev/zero as input) ended a run with
    # MemoryError and no row (audit, session 29): such a line is read past in blocks, and its row fails.
    from credscore import _io

    monkeypatch.setattr(_io, "_LINE_LIMIT", 100)
    long_line = b'{"text":"' + b"a" * 500 + b'"}\n'
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text":"The council met."}\n' + long_line + b'{"text":"It voted."}\n')
    (a, big, c), _ = read(path)
    assert a.text == "The council met." and c.text == "It voted." and c.line == 3
    assert big.text is None and big.error is not None and big.error.startswith(f"{path}:2: longer than 64 MiB")
    # the last line, without a line break
    path.write_bytes(b'{"text":"The council met."}\n' + long_line.rstrip(b"\n"))
    (a, big), _ = read(path)
    assert a.error is None and big.error is not None and "longer than" in big.error
    # a CSV line: its row fails, the rows after it are read
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes(b"id,text\na,The council met.\nb," + b"x" * 500 + b"\nc,It voted.\n")
    rows, _ = read(csv_path)
    assert [(r.id, r.error is None) for r in rows] == [("a", True), (f"{csv_path}:3", False), ("c", True)]
    assert rows[1].error == f"{csv_path}:3: longer than 64 MiB (split it; one article is read whole, in memory)"
    # a text file is one article: longer than the limit, one error row
    txt = tmp_path / "in.txt"
    txt.write_bytes(b"word " * 100)
    (only,), _ = read(txt)
    assert only.text is None and only.error is not None and only.error.startswith(f"{txt}: longer than")
    txt.write_bytes(b"word " * 19)  # 95 bytes: read
    (only,), _ = read(txt)
    assert only.error is None and only.text == "word " * 19
    # a line of a URL list
    from credscore._io import text_lines

    urls = tmp_path / "urls.txt"
    urls.write_bytes(b"https://a.example/1\n" + b"x" * 500 + b"\nhttps://a.example/3\n")
    assert [(line, error is None) for line, error in text_lines(str(urls))] == [
        ("https://a.example/1", True), (f"{urls}:2", False), ("https://a.example/3", True)]


def test_an_id_that_is_no_string_is_written_as_json(tmp_path: Path) -> None:
    # Python's repr ("{'x': 1}", "True") showed through (audit, session 29).
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": {"x": 1}, "text": "a"}\n{"id": true, "text": "b"}\n{"id": 7, "text": "c"}\n'
                    '{"id": "r4", "text": "d"}\n', encoding="utf-8")
    rows, _ = read(path)
    assert [r.id for r in rows] == ['{"x": 1}', "true", "7", "r4"]


def test_a_csv_with_old_mac_line_ends_says_how_to_convert_it(tmp_path: Path) -> None:
    path = tmp_path / "old mac.csv"
    path.write_bytes(b"id,text\rA,The council met.\rB,It voted.\r")
    (row,), _ = read(path)
    assert row.error is not None and "old Mac line ends" in row.error and "universal-newline" not in row.error
    command = row.error.split("e.g. ", 1)[1].rstrip(")")
    subprocess.run(command, shell=True, check=True, cwd=tmp_path)  # the command it gives works
    rows, _ = read(tmp_path / "fixed.csv")
    assert [(r.id, r.text) for r in rows] == [("A", "The council met."), ("B", "It voted.")]


@pytest.mark.parametrize("damage", ["lone_surrogate", "cut_short"])
def test_a_bad_utf16_unit_costs_its_row_only(tmp_path: Path, damage: str) -> None:
    """UTF-16 input: a code unit that is no character errs the row that holds it, and a file cut in half a
    unit errs its last row; every other row is read (an audit: every row after the bad unit was lost)."""
    rows = [json.dumps({"id": f"r{i}", "text": TEXTS[i]}) + "\n" for i in range(5)]
    data = "".join(rows).encode("utf-16-le")
    if damage == "lone_surrogate":
        at = len("".join(rows[:2]).encode("utf-16-le")) + 20  # inside row r2
        data = data[:at] + b"\x00\xd8" + data[at:]
        bad = 2
    else:
        data = data[:-1]
        bad = 4
    path = tmp_path / "in.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + data)
    got, _ = read(path)
    assert len(got) == 5
    assert [r.id for i, r in enumerate(got) if i != bad] == [f"r{i}" for i in range(5) if i != bad]
    assert all(r.error is None for i, r in enumerate(got) if i != bad)
    assert got[bad].error is not None and "not valid UTF-16" in got[bad].error and f"{path}:{bad + 1}" in got[bad].error


def test_a_first_line_that_is_json_but_no_object_still_reads_json_lines(tmp_path: Path) -> None:
    """A plain-text input whose first line is ``null`` (or a header written as a JSON array) and whose next
    line is a JSON object is JSON lines with a bad first row, not one article (an audit: its rows were lost)."""
    from credscore._io import _read_head

    body = "".join(json.dumps({"id": f"r{i}", "text": TEXTS[i]}) + "\n" for i in range(3))
    for first in ("null", '["id", "title", "text"]', "42"):
        assert sniff((first + "\n" + body).encode()) == "jsonl"
        path = tmp_path / "in"
        path.write_text(first + "\n" + body)
        got, _ = read(path)
        assert [r.id for r in got[1:]] == ["r0", "r1", "r2"] and got[0].error is not None
    assert sniff(b'"Stay home."\nThe mayor said so on Monday.\n') is None  # an article opening with a quote
    assert sniff(b"null\n") is None
    assert sniff(b"[" * 100_000 + b'\n{"text": "x"}\n') is None  # nested past the recursion limit: no JSON value

    class Pipe:  # a pipe that hands over one line per read: the head waits for the second line only here
        def __init__(self, lines: list[bytes]) -> None:
            self.lines = lines

        def read1(self, n: int) -> bytes:
            return self.lines.pop(0) if self.lines else b""

    assert _read_head(Pipe([b"null\n", b'{"text": "x"}\n', b"more\n"])) == b'null\n{"text": "x"}\n'
    assert _read_head(Pipe([b'{"text": "x"}\n', b"more\n"])) == b'{"text": "x"}\n'
    assert _read_head(Pipe([b"Plain words.\n", b"more\n"])) == b"Plain words.\n"


def test_jsonl_rows_joined_by_a_bare_cr_say_so(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "one"}\r{"id": "b", "text": "two"}\r')
    (got,), _ = read(path)
    assert got.error is not None and "bare \\r (old Mac line ends)" in got.error and "fixed.jsonl" in got.error


def test_a_file_in_another_encoding_is_read_as_it_with_encoding(tmp_path: Path) -> None:
    """--encoding cp1252 reads Windows' Western text as UTF-8 text reads (an audit: the only way in was
    --encoding-errors=replace, which turned accents and curly quotes into U+FFFD and moved scores by up to
    0.18); a byte cp1252 gives no character errs its row only, naming the encoding."""
    text = "Caf\u00e9 owner Jos\u00e9 Garc\u00eda said \u201cno\u201d \u2013 the council\u2019s plan passed."
    rows = [json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False) + "\n" for i in range(3)]
    data = b"".join(r.encode("cp1252") for r in rows)
    bad = data.index(b"r1") + 20
    path = tmp_path / "in.jsonl"
    path.write_bytes(data[:bad] + b"\x81" + data[bad:])
    got, _ = read(path, encoding="cp1252")
    assert [(r.id, r.text) for r in got if r.error is None] == [("r0", text), ("r2", text)]
    assert got[1].error is not None and "not valid cp1252" in got[1].error and f"{path}:2" in got[1].error
    plain, _ = read(path)  # as UTF-8: every row an error, with the hint
    assert all(r.error is not None and "--encoding NAME" in r.error for r in plain)
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes(f'id,text\nx,"{text}"\n'.encode("latin-1", "replace"))
    (row,), _ = read(csv_path, encoding="latin-1")
    assert row.error is None and row.text.startswith("Caf\u00e9 owner Jos\u00e9")


def test_an_encoding_that_cannot_read_the_file_says_so_and_a_bad_code_unit_errs_its_row(tmp_path: Path) -> None:
    """--encoding utf-16 on a file without a byte order mark is one error naming the file and the byte orders
    to choose from (an audit: an internal error, exit 3); a UTF-32 code unit past U+10FFFF errs its row only,
    and the rows after it are read (it had stopped the input)."""
    rows = [json.dumps({"id": f"r{i}", "text": f"The council met on day {i}."}) + "\n" for i in range(3)]
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes("".join(rows).encode("utf-16-le"))
    (got,), _ = read(wide, encoding="utf-16")
    assert got.error is not None and f"{wide}: cannot be read as utf-16" in got.error and "--encoding utf-16-le" in got.error
    assert [r.id for r in read(wide, encoding="utf-16-le")[0] if r.error is None] == ["r0", "r1", "r2"]
    data = b"".join(r.encode("utf-32-le") for r in rows)
    bad = data.index("r1".encode("utf-32-le")) + 40
    path = tmp_path / "in.jsonl"
    path.write_bytes(data[:bad] + b"\xff\xff\xff\x7f" + data[bad:])
    got, _ = read(path, encoding="utf-32-le")
    assert [r.id for r in got if r.error is None] == ["r0", "r2"]
    assert got[1].error is not None and "not valid utf-32-le" in got[1].error


def test_a_page_read_through_another_encoding_is_decoded_once(tmp_path: Path) -> None:
    """A page in cp1252 read with --encoding, or in UTF-16, reaches the page decoder as UTF-8, whatever its
    <meta charset> says: decoded once, not twice."""
    page = ("<html><head><meta charset='windows-1252'><title>T</title></head><body><p>Caf\u00e9 owner Jos\u00e9 said "
            "\u201cno\u201d.</p></body></html>")
    legacy = tmp_path / "a.html"
    legacy.write_bytes(page.encode("cp1252"))
    wide = tmp_path / "b.html"
    wide.write_bytes(codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    for path, encoding in ((legacy, None), (legacy, "cp1252"), (wide, None)):
        (got,), _ = read(path, html=True, encoding=encoding)
        assert got.error is None and "Caf\u00e9 owner Jos\u00e9 said \u201cno\u201d." in (got.text or "")


def test_a_binary_parquet_text_column_is_an_error_that_says_how_to_fix_it(tmp_path: Path) -> None:
    # Older Spark and Impala writers store text as binary: every row erred "must be a string, got bytes" with
    # no hint (an audit, session 39). Each row still gets its error, the cast to make is named.
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": pa.array([b"The council met.", b"It voted."], pa.binary())}), path)
    got, _ = read(path)
    assert [r.id for r in got] == ["a", "b"]
    assert all(r.error is not None and "got bytes; it is a binary column" in r.error and "pa.string()" in r.error
               for r in got)


def test_an_encoding_named_for_parquet_is_said_to_be_unused(tmp_path: Path) -> None:
    # An audit (session 40): --encoding cp1252 on a Parquet file was accepted and did nothing.
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"id": ["a"], "text": ["Caf\u00e9 owners met."]}), path)
    got, notes = read(path, encoding="cp1252")
    assert [(r.id, r.text) for r in got] == [("a", "Caf\u00e9 owners met.")]
    assert notes == [f"{path}: the encoding 'cp1252' is not used: Parquet stores its text as UTF-8"]
    assert read(path)[1] == []
