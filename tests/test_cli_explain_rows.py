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
