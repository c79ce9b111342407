"""A ``--title-field`` or ``--id-field`` the user named that no row has gets one warning, not silence.

The titles (or ids) of such a run are silently dropped, most often because the
name is misspelt. Only a name the user gave is warned about: the default
``title`` is absent from many files by design. The exit status is unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credscore import cli

TEXT = ("The city council voted 7-2 on Monday to approve the budget, according to minutes published by the clerk, "
        "and the mayor said the plan would be reviewed again next spring.")


def _jsonl(tmp_path: Path, objs: list[dict[str, object]], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "warning:" in line]


@pytest.fixture
def headlines(tmp_path: Path) -> Path:
    return _jsonl(tmp_path, [{"id": "a1", "text": TEXT, "headline": "Budget passes"}, {"id": "a2", "text": TEXT}])


def test_score_warns_once_about_a_named_title_field_no_row_has(
    headlines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["score", str(headlines), "--title-field", "nope", "-o", str(tmp_path / "out.jsonl")])
    assert status == 0
    assert _warnings(capsys.readouterr().err) == [
        ("credscore: warning: --title-field nope: no row has a field 'nope' (the rows' fields: 'headline', 'id', "
        "'text'), so no title was read")
    ]


@pytest.mark.parametrize(
    "options",
    [[], ["--title-field", "headline"], ["--title-field", ""], ["--id-field", "id"]],
    ids=["default", "present-in-one-row", "none", "id-present"],
)
def test_no_warning_for_a_default_a_present_or_an_empty_field_name(
    headlines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    assert cli.main(["score", str(headlines), *options, "-o", str(tmp_path / "out.jsonl")]) == 0
    assert _warnings(capsys.readouterr().err) == []


def test_score_warns_about_an_id_field_too_in_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f'key,text\nk1,"{TEXT}"\n', encoding="utf-8")
    assert cli.main(["score", str(path), "--id-field", "ID", "-o", str(tmp_path / "out.jsonl")]) == 0
    assert _warnings(capsys.readouterr().err) == [
        "credscore: warning: --id-field ID: no row has a field 'ID' (the rows' fields: 'key', 'text'), so no id was read"
    ]


def test_explain_warns_about_a_named_title_field_no_row_has(headlines: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", str(headlines), "--id", "a1", "--title-field", "Headline", "--json"]) == 0
    assert len(_warnings(capsys.readouterr().err)) == 1


def test_evaluate_and_recalibrate_warn_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rumor = ("Sources say the senator secretly took money, and insiders claim the deal was hidden from everyone. "
             "They don't want you to know the truth! Share this now before it is deleted!")
    path = _jsonl(tmp_path, [{"text": t, "label": i % 2} for i, t in enumerate([rumor, TEXT] * 3)], "lab.jsonl")
    assert cli.main(["evaluate", str(path), "--title-field", "nope", "--bootstrap", "0"]) == 0
    assert _warnings(capsys.readouterr().err) == [
        ("credscore: warning: --title-field nope: no row has a field 'nope' (the rows' fields: 'label', 'text'), "
        "so no title was read")
    ]
    assert cli.main(["recalibrate", str(path), "--title-field", "nope", "--out", str(tmp_path / "m.json")]) == 0
    assert _warnings(capsys.readouterr().err) == [
        "credscore: warning: --title-field nope: no row has a title in field 'nope', so no title was read"
    ]


@pytest.mark.parametrize(
    ("argv", "options"),
    [
        (["score", "{src}", "--title-field", "text"], "--text-field and --title-field"),
        (["explain", "{src}", "--text-field", "body", "--title-field", "body"], "--text-field and --title-field"),
        (["evaluate", "{src}", "--title-field", "label"], "--title-field and --label-field"),
        (["train", "{src}", "--text-field", "label", "--out", "{out}"], "--text-field and --label-field"),
    ],
)
def test_two_field_options_naming_one_field_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], options: str
) -> None:
    """An audit (session 37): `--title-field text` read each article as its own headline, so most scored
    the neutral 0.5 as "0 words", without a word; evaluate's AUC fell from 0.82 to 0.69."""
    src = _jsonl(tmp_path, [{"text": "Officials said the bridge would reopen on Monday.", "body": "x", "label": 1}])
    out = tmp_path / "m.json"
    status = cli.main([a.format(src=src, out=out) for a in argv])
    err = capsys.readouterr().err
    assert status == 2 and f"{options} both name the field" in err, err
    assert not out.exists()


@pytest.mark.parametrize("command", ["score", "explain"])
def test_a_field_named_for_plain_text_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # An audit (session 40): "--text-field body" on a .txt file (or a file of rows with the wrong extension,
    # read as one article) was silently not used: plain text has no fields.
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = ["-o", str(tmp_path / "out.jsonl")] if command == "score" else ["--json"]
    assert cli.main([command, str(path), "--text-field", "body", "--title-field", "hdr", *out]) == 0
    assert _warnings(capsys.readouterr().err) == [
        f"credscore: warning: {option} {name}: the input was read as plain text (one article a file), which has no "
        f"fields: {option} names a field of JSONL, CSV or Parquet rows (--format sets a file's format)"
        for option, name in (("--text-field", "body"), ("--title-field", "hdr"))
    ]
    assert cli.main([command, str(path), *out]) == 0  # the defaults are not warned about
    assert _warnings(capsys.readouterr().err) == []


def test_a_field_rows_have_is_not_warned_about_beside_plain_text(
    headlines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert cli.main(["score", str(headlines), str(path), "--title-field", "headline", "-o", str(tmp_path / "o.jsonl")]) == 0
    assert _warnings(capsys.readouterr().err) == []
