"""Which row ``credscore explain --id`` explains, and how it shows the evidence's line.

An id that several rows share is a usage error naming their places (explaining
the first would answer for a row the user may not have meant); ``--id
FILE:LINE``, the place the CLI writes in its rows and errors, picks one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import credscore
from credscore import cli

SOURCED = ("The city council voted 7-2 on Monday to approve the budget, according to minutes published by the clerk, "
           "and the mayor said the plan would be reviewed again next spring.")
RUMOR = ("Sources say the senator secretly took money, and insiders claim the deal was hidden from everyone. "
         "They don't want you to know the truth! Share this now before it is deleted!")


def _shared_id(tmp_path: Path) -> Path:
    path = tmp_path / "dup.jsonl"
    objs = [{"id": "a1", "text": SOURCED}, {"id": "a1", "text": RUMOR}, {"id": "a3", "text": SOURCED}]
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


def test_an_id_on_several_rows_is_an_error_naming_their_places(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _shared_id(tmp_path)
    status = cli.main(["explain", str(path), "--id", "a1", "--json"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert f"id 'a1' is on 2 rows of {path} ({path}:1, {path}:2)" in err
    assert f"--id {path}:1" in err


@pytest.mark.parametrize("line", [1, 2])
def test_id_file_line_picks_the_row_at_that_place(tmp_path: Path, capsys: pytest.CaptureFixture[str], line: int) -> None:
    path = _shared_id(tmp_path)
    text = [SOURCED, RUMOR][line - 1]
    for spec in (f"{path}:{line}", f"{tmp_path}/./dup.jsonl:{line}"):  # as the CLI writes it, or the same file named otherwise
        assert cli.main(["explain", str(path), "--id", spec, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["source"] == f"{path}:{line} (id a1)"
        assert data["score"] == pytest.approx(credscore.score(text), rel=1e-12)


def test_id_file_line_with_no_row_there_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _shared_id(tmp_path)
    assert cli.main(["explain", str(path), "--id", f"{path}:9"]) == 2
    assert f"no row starts on line 9 of {path}" in capsys.readouterr().err


def test_a_unique_id_is_still_picked_by_its_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _shared_id(tmp_path)
    assert cli.main(["explain", str(path), "--id", "a3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == f"{path}:3 (id a3)"


# --- the evidence's line, as the terminal shows it -------------------------------------

LINES = ["Officials said on Monday the report was published.",
         "Sources say the senator secretly took money, and insiders claim it.", "Share this now!"]


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n", "\u2028", "\u2029", "\x85"],
                         ids=["old-mac", "windows", "unix", "line-separator", "paragraph-separator", "nel"])
def test_explain_shows_each_line_of_any_line_ending_on_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], newline: str
) -> None:
    # A lone \r printed raw sent the cursor back and the rest of the line overwrote the marked span.
    path = tmp_path / "mac.txt"
    text = newline.join(LINES) + newline
    path.write_bytes(text.encode("utf-8"))
    assert cli.main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\r\u2028\u2029\x85")
    shown = [line.strip() for line in out.splitlines() if line.strip().startswith("line ")]
    assert "line 2: [[Sources say]] the senator secretly took money, and insiders claim it." in shown
    assert "line 1: Officials said on [[Monday]] the report was published." in shown
    assert "line 3: Share this now[[!]]" in shown
    # The JSON stays exact: the evidence's offsets and text are the file's own.
    assert cli.main(["explain", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    spans = [s for sig in data["signals"] for s in sig["spans"]]
    assert spans and all(text[s["start"]:s["end"]] == s["text"] for s in spans)


def test_explain_escapes_other_control_characters_but_keeps_tabs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(b"Sources say\tthe senator \x1b[2Jsecretly took money, and insiders claim it.\x0cShare this now!")
    assert cli.main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x0c" not in out
    assert "line 1: Sources say\tthe senator \\x1b[2Jsecretly took money, and [[insiders claim]] it.\\x0cShare this now!" in out


def test_explain_escapes_bidirectional_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An audit (session 27): U+202E printed raw made the terminal show the rest of the line reversed."""
    path = tmp_path / "bidi.txt"
    path.write_text("Sources say the \u202esenator\u202c took money, and insiders \u2066claim\u2069 it.", encoding="utf-8")
    assert cli.main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\\u202esenator\\u202c" in out and "\\u2066claim\\u2069" in out


@pytest.mark.parametrize(("name", "content", "why"), [("empty.jsonl", "", "the input is empty"),
                                                      ("blank.jsonl", "\n \n", "the input is empty"),
                                                      ("header.csv", "id,text\n", "only a header row")])
def test_an_input_without_rows_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, why: str
) -> None:
    # It was a note ("no rows (the input is empty)") and then the error saying the same (audit).
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert cli.main(["explain", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [f"credscore explain: error: {path}: no rows to explain ({why})"]


def test_a_parquet_row_is_explained_with_or_without_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # explain read a .parquet file by its extension, but refused --format parquet (an audit, session 39), which a
    # file named otherwise needs.
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    text = "Sources said the council would vote on Monday, according to the minutes. " * 3
    table = pa.table({"id": ["a", "b"], "text": [text, "The council met."]})
    for name, extra in (("rows.parquet", []), ("rows.bin", ["--format", "parquet"])):
        path = tmp_path / name
        pq.write_table(table, path)
        assert cli.main(["explain", str(path), "--id", "a", "--json", *extra]) == 0
        got = json.loads(capsys.readouterr().out)
        assert got["score"] == pytest.approx(credscore.score(text))
