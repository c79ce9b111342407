"""Error paths of the file readers: each bad row is named (file and line) and the good rows around it are kept.

The scoring reader (:func:`credscore._io.read_records`) turns a bad row into a
record with an error; the training reader (:func:`credscore._data.read_labeled`)
raises a ValueError naming the file and line. CSV and TSV, blank rows, field
counts that differ from the header's, missing columns, bytes that are not UTF-8.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from credscore._data import read_labeled
from credscore._io import read_records


def _read(tmp_path: Path, name: str, data: bytes) -> tuple[str, list[tuple[str | None, int | None, str | None, str | None]]]:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path), [(r.id, r.line, r.text, r.error) for r in read_records([str(path)])]


def test_blank_lines_are_not_rows(tmp_path: Path) -> None:
    _, got = _read(tmp_path, "in.csv", b"id,text\na,one\n\n\nb,two\n")
    assert got == [("a", 2, "one", None), ("b", 5, "two", None)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"id,text,title\na,one\nb,two,T\n", "row has 2 fields but the header has 3"),
        (b"id,text\na,one,extra\nb,two\n", "row has 3 fields but the header has 2"),
    ],
    ids=["short-row", "long-row"],
)
def test_a_row_with_another_field_count_is_one_error_row(tmp_path: Path, data: bytes, message: str) -> None:
    path, got = _read(tmp_path, "in.csv", data)
    assert got[0] == ("a", 2, None, f"{path}:2: {message}")
    assert got[1][:2] == ("b", 3) and got[1][3] is None


def test_a_row_short_only_of_columns_not_read_is_read(tmp_path: Path) -> None:
    # An audit: score failed a row without its trailing label cell, a column it does not read. Only cells of
    # columns the caller reads (text, title, id, extra_fields) have to be there.
    data = b"id,text,label,note\na,one\nb,two,1\nc,three,0,x\n"
    path, got = _read(tmp_path, "in.csv", data)
    assert got == [("a", 2, "one", None), ("b", 3, "two", None), ("c", 4, "three", None)]
    labeled = list(read_records([path], extra_fields=["label"]))  # a reader of the label: the short row errs
    assert [r.error for r in labeled] == [f"{path}:2: row has 2 fields but the header has 4", None, None]
    assert labeled[1].fields == {"label": "1"}
    path, got = _read(tmp_path, "in.tsv", b"text\tlabel\n\"one\nline two\"\n")  # a short row over two lines
    assert got == [(f"{path}:2", 2, "one\nline two", None)]


def test_a_row_short_of_its_text_still_errs_naming_the_row(tmp_path: Path) -> None:
    # (and of a title or id: columns read; the first row of "id,text,title" is short-row above)
    path, got = _read(tmp_path, "in.csv", b"id,label,text\na,1\nb,0,two\n")
    assert got == [("a", 2, None, f"{path}:2: row has 2 fields but the header has 3"), ("b", 3, "two", None)]
    # A short row whose quoted field holds a line like a row of its own: a quote left open joined them.
    path, got = _read(tmp_path, "in.csv", b'id,text,label\nn1,"one\nn2,two\nn3,three"\nn4,four,1\n')
    joined = f"{path}:2: row has 2 fields but the header has 3 (the row runs over lines 2-4: is a quote unbalanced?)"
    assert got == [("n1", 2, None, joined), ("n4", 5, "four", None)]


def test_a_missing_text_column_is_named_with_the_columns_there_are(tmp_path: Path) -> None:
    path, got = _read(tmp_path, "in.csv", b"id,body\na,one\n")
    want = f"{path}:2: missing text field 'text' (fields: 'body', 'id'); name the field that holds the text with --text-field"
    assert got == [("a", 2, None, want)]


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_a_csv_header_of_one_field_holding_another_separator_says_so(tmp_path: Path, sep: str) -> None:
    # "missing text field 'text' (fields: 'id;text')" said nothing of the separator (audit).
    _, got = _read(tmp_path, "in.csv", f"id{sep}text\na{sep}one\n".encode())
    (rec,) = got
    assert rec[3] is not None and rec[3].endswith(f"the header is one field holding {sep!r}: CSV is read with commas "
                                                  "(tab-separated values from a .tsv file, or from standard input without --format)")


@pytest.mark.parametrize(
    ("data", "column", "places"),
    [
        (b"id,text,text\na,one,two\nb,three,four\n", "text", "twice (columns 2 and 3)"),
        (b"id,id,text\na,b,two\nc,d,four\n", "id", "twice (columns 1 and 2)"),
        (b"title,text,title,title\nT,one,U,V\n\nW,two,X,Y\n", "title", "3 times (columns 1, 3 and 4)"),
    ],
    ids=["text", "id", "title-thrice"],
)
def test_a_column_read_that_the_header_repeats_is_an_error_for_each_row(
    tmp_path: Path, data: bytes, column: str, places: str
) -> None:
    # Read as a dict, a row kept the last of the two values without a word. Each row errs (an audit, session
    # 40: one error for the file gave "1 of 1 rows" for a file of many, where every row gives one output row).
    path, got = _read(tmp_path, "in.csv", data)
    why = f"the CSV header has column {column!r} {places}, so which to read is ambiguous; rename or remove all but one"
    lines = [2, 4] if column == "title" else [2, 3]
    assert got == [(f"{path}:{n}", n, None, f"{path}:{n}: {why}") for n in lines]


def test_a_header_alone_that_repeats_a_column_read_says_so(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,text,text\n")
    notes: list[str] = []
    assert list(read_records([str(path)], notify=notes.append)) == []
    assert notes == [(f"{path}: no rows (only a header row); and the CSV header has column 'text' twice (columns 2 "
                      "and 3), so which to read is ambiguous; rename or remove all but one")]


def test_a_repeated_column_that_is_not_read_is_left_alone(tmp_path: Path) -> None:
    _, got = _read(tmp_path, "in.csv", b"id,text,,\na,one,,\n")  # trailing commas: two blank names
    assert got == [("a", 2, "one", None)]


def test_a_repeated_label_column_stops_evaluate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from credscore import cli

    path = tmp_path / "lab.csv"
    path.write_bytes(b"text,label,label\nThe council met on Monday.,1,0\n")
    assert cli.main(["evaluate", str(path)]) == 2
    assert f"bad data: {path}:2: the CSV header has column 'label' twice (columns 2 and 3)" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["csv", "tsv"])
def test_bad_utf8_is_an_error_for_its_row_only(tmp_path: Path, suffix: str) -> None:
    sep = b"," if suffix == "csv" else b"\t"
    data = sep.join([b"id", b"text"]) + b"\n" + sep.join([b"a", b"one"]) + b"\n" + sep.join([b"b", b"caf\xe9"]) + b"\n"
    data += sep.join([b"c", b"three"]) + b"\n"
    path, got = _read(tmp_path, f"in.{suffix}", data)
    bad = data.index(b"\xe9")
    assert [(i, line) for i, line, _, _ in got] == [("a", 2), ("b", 3), ("c", 4)]
    assert got[0][3] is None and got[2][2:] == ("three", None)
    assert got[1][2] is None and got[1][3] == (
        f"{path}:3: not valid UTF-8 at byte offset {bad} (use --encoding-errors=replace to read it anyway, or --encoding NAME for a file in another encoding, e.g. cp1252)"
    )


def test_a_json_line_with_bad_utf8_fails_alone_and_keeps_its_own_id(tmp_path: Path) -> None:
    data = (b'{"id": "a", "text": "one"}\n{"id": "b", "text": "caf\xe9"}\n{"id": "\xe9", "text": "x"}\n'
            b'{"text": "caf\xe9"}\n{"id": "e", "text": "five"}\n')
    path, got = _read(tmp_path, "in.jsonl", data)
    # The id when the row can be read with the bad byte replaced, else the row's place (file:line).
    assert [(i, line) for i, line, _, _ in got] == [("a", 1), ("b", 2), (f"{path}:3", 3), (f"{path}:4", 4), ("e", 5)]
    bad = data.index(b"\xe9")
    assert got[1][2] is None and got[1][3] == (
        f"{path}:2: not valid UTF-8 at byte offset {bad} (use --encoding-errors=replace to read it anyway, or --encoding NAME for a file in another encoding, e.g. cp1252)"
    )
    assert got[0][3] is None and got[4][2:] == ("five", None)


def test_tsv_splits_on_tabs_only_and_checks_field_counts(tmp_path: Path) -> None:
    path, got = _read(tmp_path, "in.tsv", b"id\ttext\na\tone, with a comma\nb\ttwo\textra\n\nc\tthree\n")
    assert got == [
        ("a", 2, "one, with a comma", None),
        ("b", 3, None, f"{path}:3: row has 3 fields but the header has 2"),
        ("c", 5, "three", None),
    ]


def test_crlf_line_ends_and_a_quoted_multiline_field(tmp_path: Path) -> None:
    _, got = _read(tmp_path, "in.csv", b'id,text\r\na,one\r\nb,"two\r\nlines"\r\nc,three\r\n')
    assert got == [("a", 2, "one", None), ("b", 3, "two\r\nlines", None), ("c", 5, "three", None)]


def test_a_utf8_bom_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    _, got = _read(tmp_path, "in.csv", b"\xef\xbb\xbfid,text\na,one\n")
    assert got == [("a", 2, "one", None)]


# --- the training reader -------------------------------------------------------------
def _labeled(tmp_path: Path, name: str, data: bytes) -> tuple[Path, list[str], list[int]]:
    path = tmp_path / name
    path.write_bytes(data)
    corpus = read_labeled([str(path)])
    return path, corpus.texts, corpus.labels


def test_training_blank_lines_and_tsv(tmp_path: Path) -> None:
    assert _labeled(tmp_path, "a.csv", b"text,label\none,1\n\n\ntwo,0\n")[1:] == (["one", "two"], [1, 0])
    assert _labeled(tmp_path, "b.tsv", b"text\tlabel\none, comma\t1\ntwo\t0\n")[1:] == (["one, comma", "two"], [1, 0])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("short.tsv", b"text\tlabel\none\t1\ntwo\n", ":3: row has 1 field but the header has 2"),
        ("long.csv", b"text,label\none,1,x\ntwo,0\n", ":2: row has 3 fields but the header has 2"),
        ("nolabel.csv", b"text,lab\none,1\n", ":2: missing label field 'label' (the rows' fields: ['lab', 'text'])"),
        ("bad.csv", b"text,label\none,1\ncaf\xe9,0\n", ":3: not valid UTF-8 at byte offset 20 (use --encoding-errors=replace to read it anyway, or --encoding NAME for a file in another encoding, e.g. cp1252)"),
        ("bad.jsonl", b'{"text": "one", "label": 1}\n{"text": "caf\xe9", "label": 0}\n', ":2: not valid UTF-8 at byte offset 41 (use --encoding-errors=replace"),
    ],
)
def test_training_errors_name_file_and_line(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValueError) as info:
        read_labeled([str(path)])
    assert str(info.value).startswith(f"{path}{message}")
    assert not isinstance(info.value, UnicodeDecodeError)


@pytest.mark.parametrize("encode", [
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),  # Excel's "CSV UTF-8": a byte order mark
    lambda t: t.encode("utf-16"),  # with its byte order mark
    lambda t: gzip.compress(t.encode("utf-8")),
])
@pytest.mark.parametrize("name,data", [
    ("a.csv", "title,text,label\nBudget passes,The council voted.,1\nAliens land,They came.,0\n"),
    ("a.csv", "label,text,title\n1,The council voted.,Budget passes\n0,They came.,Aliens land\n"),
    ("a.jsonl", ('{"title": "Budget passes", "text": "The council voted.", "label": 1}\r\n'
                 '{"title": "Aliens land", "text": "They came.", "label": 0}\r\n')),
])
def test_training_reads_every_file_the_scoring_commands_read(tmp_path: Path, name: str, data: str, encode: Any) -> None:
    """An audit (session 27): training and recalibration read files with a reader of their own, which
    lost every headline of a CSV saved with a byte order mark whose first column is the title (its name
    read as "\ufefftitle"), refused one whose first column is the label, and refused JSONL with a BOM,
    UTF-16 and gzip, all of which `evaluate` and `score` read."""
    path = tmp_path / (name + ".gz" if encode is not None and encode("x")[:2] == b"\x1f\x8b" else name)
    path.write_bytes(encode(data))
    corpus = read_labeled([str(path)])
    assert (corpus.texts, corpus.titles, corpus.labels) == (
        ["The council voted.", "They came."], ["Budget passes", "Aliens land"], [1, 0])


def test_training_bad_bytes_can_be_read_as_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"text,label\none,1\ncaf\xe9,0\n")
    corpus = read_labeled([str(path)], encoding_errors="replace")
    assert corpus.texts == ["one", "caf\ufffd"] and corpus.labels == [1, 0]


def test_bad_utf8_far_into_a_file_is_found_across_read_chunks(tmp_path: Path) -> None:
    # Over 1 MiB of good rows, a multi-byte character cut by the chunk edge, then a bad byte.
    good = "text,label\n" + "".join(f"caf\u00e9 row {i},1\n" for i in range(90_000))
    data = good.encode("utf-8") + b"bad \xff,0\n"
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=rf":{good.count(chr(10)) + 1}: not valid UTF-8 at byte offset {len(good.encode()) + 4} "):
        read_labeled([str(path)])


def test_a_page_stripped_of_its_markup_is_decoded_with_the_charset_it_declares(tmp_path: Path) -> None:
    # --strip-html reads a saved page as a browser does: <meta charset="windows-1252">, not UTF-8.
    page = '<html><head><meta charset="windows-1252"></head><body><p>The caf\u00e9 \u201cwas closed,\u201d police said.</p></body></html>'
    for name in ("page.html", "page.txt"):  # by its extension, or because it looks like HTML
        path = tmp_path / name
        path.write_bytes(page.encode("cp1252"))
        (rec,) = read_records([str(path)], html=True)
        assert rec.error is None and rec.text is not None
        assert "The caf\u00e9 \u201cwas closed,\u201d police said." in rec.text and "<p>" not in rec.text
    # Not stripped, the page is text like any other: UTF-8 or an error naming the byte.
    (rec,) = read_records([str(tmp_path / "page.txt")])
    assert rec.text is None and rec.error is not None and "not valid UTF-8" in rec.error


def test_a_json_line_giving_a_field_it_reads_twice_with_different_values_is_an_error_row(tmp_path: Path) -> None:
    # An audit (session 40): JSON leaves a repeated key to the reader and Python keeps the last, so
    # {"text": "short", "text": "the long one"} scored the second text without a word; a CSV file with a
    # column it reads twice is refused.
    data = (b'{"id": "a", "text": "one two", "text": "one two three four"}\n'
            b'{"id": "b", "text": "same", "text": "same", "x": 1, "x": 2}\n'  # the same value twice; a field not read
            b'{"id": "c", "id": "d", "text": "three"}\n'
            b'{"id": "e", "text": "nested", "meta": {"k": 1, "k": 2}}\n')
    path, got = _read(tmp_path, "in.jsonl", data)
    assert got[0] == ("a", 1, None, f"{path}:1: the field 'text' is given twice with different values; keep one")
    assert got[1] == ("b", 2, "same", None)
    assert got[2] == (f"{path}:3", 3, None, f"{path}:3: the field 'id' is given twice with different values; keep one")
    assert got[3] == ("e", 4, "nested", None)


def test_a_label_given_twice_is_an_error_row_where_labels_are_read(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text('{"id": "a", "text": "fine text", "label": 1, "label": 0}\n{"id": "b", "text": "more", "label": 1}\n')
    with pytest.raises(ValueError, match=r"the field 'label' is given twice"):
        read_labeled([path])
    # Scoring reads no label: the row is scored.
    assert [r.error for r in read_records([str(path)])] == [None, None]
