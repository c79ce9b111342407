"""The command line on inputs a new user trips over: broken CSV quotes, JSONL on stdin, one row of a file."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_cli import ARTICLES, RUMOR, SOURCED, check_scored, rows, run

# Long enough (20+ words) to be judged rather than given the neutral score.
SOURCED_LONG = [RUMOR, SOURCED]

import credscore

pytestmark = pytest.mark.slow


def test_csv_with_an_unclosed_quote_gives_one_row_per_input_row(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        w.writerow(["id", "text"])
        w.writerows([(f"n{i}", t) for i, t in enumerate(ARTICLES)])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace('."\n', ".\n")  # row n1 loses its closing quote
    path.write_text("".join(lines), encoding="utf-8")
    out = run("score", path)
    assert out.returncode == 1
    got = rows(out.stdout)
    assert [r["id"] for r in got] == [f"n{i}" for i in range(len(ARTICLES))]
    assert got[1]["score"] is None and f"{path}:3" in got[1]["error"]
    for i in (0, 2, 3, 4):
        check_scored(got[i], ARTICLES[i])
    assert "1 of 5 rows could not be scored" in out.stderr


def test_jsonl_on_stdin_without_format_is_read_as_jsonl() -> None:
    data = "".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(ARTICLES[:3]))
    out = run("score", stdin=data.encode())
    assert out.returncode == 0, out.stderr
    got = rows(out.stdout)
    assert [r["id"] for r in got] == ["a0", "a1", "a2"]
    for row, text in zip(got, ARTICLES):
        check_scored(row, text)
    assert "<stdin>: looks like JSON lines; reading it as --format jsonl" in out.stderr
    out = run("score", "--format", "txt", stdin=data.encode())  # asked for: one article, keys and all
    assert len(rows(out.stdout)) == 1 and "looks like JSON lines" not in out.stderr


def test_html_without_strip_html_is_warned_about(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("<html><body><script>var s = 'Sources say';</script><p>The council met.</p></body></html>")
    out = run("score", page)
    assert "looks like HTML" in out.stderr and "--strip-html" in out.stderr
    # tags are read as layout (an audit: the note said they counted, and the score equals the text's)
    assert "tags are read as layout" in out.stderr and "menus, comments and footers" in out.stderr
    out = run("score", page, "--strip-html")
    assert "looks like HTML" not in out.stderr
    pytest.importorskip("trafilatura")
    out = run("score", page, "--format", "html")  # the note's first suggestion: the article in the page
    assert out.returncode == 0 and len(rows(out.stdout)) == 1 and "looks like HTML" not in out.stderr


def test_explain_one_row_of_a_jsonl_or_csv_file(tmp_path: Path) -> None:
    objs = [{"id": "a1", "title": "Shocking truth", "text": RUMOR}, {"id": "a2", "text": ARTICLES[1]}]
    jsonl = tmp_path / "two.jsonl"
    jsonl.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    out = run("explain", jsonl, "--id", "a1", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    ex = credscore.explain(RUMOR, "Shocking truth")
    assert data["score"] == pytest.approx(ex.score, rel=1e-12) and data["source"] == f"{jsonl}:1 (id a1)"
    assert "{" not in "".join(s["text"] for sig in data["signals"] for s in sig["spans"])  # not the raw JSON text

    out = run("explain", jsonl)  # two rows: which one?
    assert out.returncode == 2 and "has 2 rows; pick one with --id" in out.stderr and "'a1', 'a2'" in out.stderr
    out = run("explain", jsonl, "--id", "zz")
    assert out.returncode == 2 and "no row with id 'zz'" in out.stderr

    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"body": ARTICLES[1], "headline": "Budget"}) + "\n", encoding="utf-8")
    out = run("explain", one, "--text-field", "body", "--title-field", "headline", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["score"] == pytest.approx(credscore.score(ARTICLES[1], "Budget"), rel=1e-12)

    table = tmp_path / "t.csv"
    table.write_text("id,text\nx1,Hello\nx2,\"" + ARTICLES[2] + "\"\n", encoding="utf-8")
    out = run("explain", table, "--id", "x2", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["score"] == pytest.approx(credscore.score(ARTICLES[2]), rel=1e-12)
    out = run("explain", table, "--id", f"{table}:2", "--format", "csv", "--id-field", "", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["score"] == pytest.approx(credscore.score("Hello"), rel=1e-12)


def test_explain_a_bad_row_says_why(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a1", "text": 5}\n', encoding="utf-8")
    out = run("explain", path)
    assert out.returncode == 1 and "must be a string, got a number" in out.stderr


def test_explain_of_a_file_with_no_readable_row_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An audit: plain text read as JSONL was "has 4 rows; pick one with --id", listing ids of rows that
    # were not JSON. One good row among bad ones still asks for an --id.
    from credscore import cli

    path = tmp_path / "in.jsonl"
    path.write_text("Officials said so.\nNo one denied it.\n", encoding="utf-8")
    assert cli.main(["explain", str(path)]) == 2
    assert f"in.jsonl: none of its 2 rows can be read; the first: {path}:1: not valid JSON" in capsys.readouterr().err
    path.write_text('Officials said so.\n{"text": "No one denied it."}\n', encoding="utf-8")
    assert cli.main(["explain", str(path)]) == 2
    assert "has 2 rows; pick one with --id" in capsys.readouterr().err


def test_explain_html_and_train_out_create_missing_folders(tmp_path: Path) -> None:
    report = tmp_path / "artifacts" / "deep" / "report.html"
    out = run("explain", Path(__file__).parent / "fixtures" / "rumor_style.txt", "--html", report)
    assert out.returncode == 0, out.stderr
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps({"text": t, "label": i % 2}) + "\n" for i, t in enumerate(ARTICLES * 4)))
    model = tmp_path / "models" / "mine.json"
    out = run("train", data, "--out", model)
    assert out.returncode == 0, out.stderr
    assert credscore.load_model(model).feature_names == credscore.default_model().feature_names


def test_too_few_rows_for_the_folds_is_said_plainly(tmp_path: Path) -> None:
    def train(labels: list[int], *options: str) -> Any:
        data = tmp_path / "train.jsonl"
        # Distinct texts: copies of one text count once for the folds (they share one).
        data.write_text("".join(json.dumps({"text": f"{SOURCED_LONG[i % 2]} Item {i}.", "label": y}) + "\n"
                                for i, y in enumerate(labels)))
        out = run("train", data, "--out", tmp_path / "m.json", *options)
        assert "n_splits" not in out.stdout + out.stderr  # scikit-learn's own wording does not leak
        return out

    out = train([0, 1, 1])
    assert out.returncode == 2 and "training needs at least 2 articles of each label" in out.stderr
    assert "got 1 of label 0" in out.stderr
    out = train([0, 1, 0, 1])  # trains, but no fold would keep 2 of each label for calibration
    assert out.returncode == 0, out.stderr
    assert "too few articles for cross-validation" in out.stdout and "the smallest label has 2; skipped" in out.stdout
    out = train([0, 1] * 3, "--folds", "5")
    assert out.returncode == 0, out.stderr
    assert "cross-validation uses 3 folds instead of 5" in out.stdout and "3-fold" in out.stdout


def test_copies_of_one_text_are_too_few_to_calibrate_on(tmp_path: Path) -> None:
    # Two articles a label, but each label's two are one text twice: out of fold they cannot be
    # (a copy would be scored by a model trained on it), so calibration has one article a label.
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps({"text": SOURCED_LONG[i % 2], "label": i % 2}) + "\n" for i in range(4)))
    out = run("train", data, "--out", tmp_path / "m.json")
    assert out.returncode == 2 and "2 of 4 articles repeat another article's text" in out.stderr
    assert "calibration needs at least 2 distinct articles of each class, got [1, 1]" in out.stderr


def test_a_slow_first_matcher_build_is_announced(tmp_path: Path) -> None:
    env = {**os.environ, "CREDSCORE_CACHE_DIR": str(tmp_path / "cache")}  # empty: the first run compiles
    fixture = Path(__file__).parent / "fixtures" / "well_sourced.txt"
    out = run("score", fixture, env=env)
    assert out.returncode == 0, out.stderr
    assert "compiling the signal matcher (the first run" in out.stderr and "signal matcher ready after" in out.stderr
    out = run("score", fixture, env=env)  # loaded from the cache: nothing is compiled
    # (A load that takes over 3 s on a busy machine says "still loading", which is true: only compiling is ruled out.)
    assert out.returncode == 0 and "compiling the signal matcher" not in out.stderr


def test_stdin_rows_come_out_while_the_input_is_still_streaming() -> None:
    import select
    import subprocess

    from test_cli import _command

    with subprocess.Popen(
        [*_command(), "score", "--format", "jsonl", "--batch-size", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write((json.dumps({"id": "first", "text": ARTICLES[1]}) + "\n").encode())
        proc.stdin.flush()  # and keep stdin open: more rows might follow
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        got = json.loads(proc.stdout.readline()) if ready else None
        proc.stdin.close()
        proc.wait(timeout=120)
    assert got is not None, "no row came out while stdin stayed open"
    assert got["id"] == "first"


@pytest.mark.parametrize(("argv", "hint"), [
    (["score", "{d}"], "pass the files in it (e.g. {d}/*.txt)"),
    (["explain", "{d}"], "explain reads one article: name one file in it"),
    (["evaluate", "{d}"], "pass the labeled files in it (JSONL, CSV or Parquet, e.g. {d}/*.jsonl), or --data"),
    (["train", "{d}", "--out", "{d}.json"], "pass the labeled files in it (JSONL, CSV or Parquet, e.g. {d}/*.jsonl)"),
])
def test_a_folder_gets_the_hint_of_its_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], hint: str
) -> None:
    # An audit: every command said "pass the files in it (e.g. DIR/*.txt)", which explain (one file) and
    # evaluate and train (labeled JSONL, CSV or Parquet) cannot take.
    from credscore import cli

    d = str(tmp_path)
    assert cli.main([a.format(d=d) for a in argv]) == 2
    assert f"{d} is a directory; {hint.format(d=d)}" in capsys.readouterr().err


def test_standard_input_named_twice_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    # An audit: "score - -" read the input once and then an empty article, a row the input never had.
    from credscore import cli

    assert cli.main(["score", "-", "-"]) == 2
    assert "standard input (-) is named 2 times; name it once" in capsys.readouterr().err


@pytest.mark.parametrize(("sep", "fix"), [(";", "CSV is read with commas only"), ("\t", "tab-separated values are read from a .tsv file, or from standard input without --format")])
def test_a_csv_file_with_another_separator_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str], sep: str, fix: str) -> None:
    # An audit: "id;text" then "s1;..., ..." gave "row has 2 fields but the header has 1" and no word of why.
    from credscore import cli

    path = tmp_path / "in.csv"
    path.write_text(f"id{sep}text\ns1{sep}Officials said, on Monday, that the plan passed.\n", encoding="utf-8")
    assert cli.main(["score", str(path)]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert f"is one field: is the file separated by {sep!r}? {fix}" in error


def test_score_reads_a_csv_row_without_its_trailing_label_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An audit: score, which does not read labels, failed a row whose label cell was left off.
    from credscore import cli

    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("id,text,label\r\n")
        csv.writer(fh).writerow(["s1", SOURCED])
        csv.writer(fh).writerow(["s2", RUMOR, "0"])
        fh.write("s3\r\n")  # no text: still an error, naming the row
    assert cli.main(["score", str(path)]) == 1
    got = rows(capsys.readouterr().out)
    assert [r["id"] for r in got] == ["s1", "s2", "s3"]
    check_scored(got[0], SOURCED)
    check_scored(got[1], RUMOR)
    assert got[2]["error"] == f"{path}:{got[2]['line']}: row has 1 field but the header has 3"


def test_a_text_field_no_row_has_is_said_once_with_the_fields_there_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An audit: --text-field nosuch gave an error row per row and no word of which fields the rows have, and
    # --text-field '' was taken.
    from credscore import cli

    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "body": "Officials said so."}\n{"id": "b", "body": "Nobody denied it."}\n')
    assert cli.main(["score", str(path), "--text-field", "nosuch"]) == 1
    got = capsys.readouterr()
    assert [r["error"] is not None for r in rows(got.out)] == [True, True]  # every row still has its row
    assert got.err.count("no row has a field 'nosuch' (the rows' fields: 'body', 'id'), so no text was read") == 1
    with pytest.raises(SystemExit) as info:
        cli.main(["score", str(path), "--text-field", ""])
    assert info.value.code == 2 and "--text-field: must name a field" in capsys.readouterr().err
    assert cli.main(["score", str(path), "--text-field", "body"]) == 0


def test_train_counts_its_folds_in_distinct_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An audit: 20 copies each of two articles ended in scikit-learn's "n_splits=5 greater than the number of
    # groups: 2"; copies stay in one fold, so the folds are counted in distinct texts.
    from credscore import cli

    data = tmp_path / "dups.jsonl"
    data.write_text("".join(json.dumps({"text": t, "label": lab}) + "\n" for _ in range(20) for t, lab in ((SOURCED, 1), (RUMOR, 0))))
    assert cli.main(["train", str(data), "--out", str(tmp_path / "m.json")]) == 2
    got = capsys.readouterr()
    assert "too few distinct texts for cross-validation" in got.out and "n_splits" not in got.out + got.err
    assert "calibration needs at least 2 distinct articles of each class" in got.err


def test_encoding_reads_a_cp1252_file_as_its_utf8_twin_scores(tmp_path: Path) -> None:
    """``--encoding cp1252``: the same scores as the file written in UTF-8; an unknown name is a usage error."""
    text = SOURCED.replace("said", "said \u201cyes\u201d \u2013 caf\u00e9s agree \u2013", 1)
    utf8 = tmp_path / "a.jsonl"
    utf8.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    legacy = tmp_path / "b.jsonl"
    legacy.write_bytes((json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n").encode("cp1252"))
    want = run("score", utf8)
    got = run("score", legacy, "--encoding", "cp1252")
    assert want.returncode == got.returncode == 0
    assert rows(got.stdout)[0]["score"] == rows(want.stdout)[0]["score"]
    wrong = run("score", legacy, "--encoding", "klingon")
    assert wrong.returncode == 2 and "unknown encoding 'klingon'" in wrong.stderr
    assert "is no text encoding" in run("score", legacy, "--encoding", "base64").stderr


def test_empty_stdin_gives_no_row_and_says_so() -> None:
    """Nothing piped in (an upstream step that failed) is no row, not an empty article scored 0.5 (an audit)."""
    out = run("score", "-")
    assert out.returncode == 0 and out.stdout == "" and "<stdin>: no rows (the input is empty)" in out.stderr
    one = run("score", "-", stdin=b"The council voted on Tuesday to approve the budget.")
    assert len(rows(one.stdout)) == 1
