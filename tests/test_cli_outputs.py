"""Where the command line writes: checked before any article is scored.

An output that is a folder, that is one of the inputs, or whose folder no
file can be created in is a usage error (exit 2) before the work starts, not
an "internal error" after it. A device or a pipe is written as it is: the
usual write (a temporary file renamed over the target) would replace it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from credscore import cli

ARTICLE = ("The city council voted 7-2 on Monday to approve the budget, according to minutes published by the clerk, "
           "and the mayor said the plan would be reviewed again next spring.")


@pytest.fixture(autouse=True, scope="module")
def _matcher_built() -> None:
    """The signal matcher built before any test here: the first build of a process compiles it, and the
    command line then says so on stderr, which tests of stderr would read as theirs."""
    import credscore

    credscore.score("Officials said on Monday that the report was published.", "A headline")


def _input(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    return src


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many batches the score command scored (each call of its model_features)."""
    calls: list[int] = []
    real = cli.model_features

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "model_features", counted)
    return calls


def test_an_output_that_is_a_folder_is_refused_before_scoring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scored: list[int]
) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    status = cli.main(["score", str(_input(tmp_path)), "--output", str(folder)])
    err = capsys.readouterr().err
    assert status == 2 and "is a folder" in err and "internal error" not in err
    assert scored == [] and list(folder.iterdir()) == []


def test_an_output_that_is_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scored: list[int]
) -> None:
    src = _input(tmp_path)
    before = src.read_bytes()
    status = cli.main(["score", str(src), "--output", str(tmp_path / "." / "in.jsonl")])  # the same file, spelt otherwise
    assert status == 2 and "also an input file" in capsys.readouterr().err
    assert src.read_bytes() == before and scored == []


@pytest.mark.parametrize("command", ["score-model", "score-urls", "explain-model", "evaluate-model"])
def test_an_output_that_is_the_model_or_the_url_list_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """An audit (session 29) found `score in.txt --model m.json -o m.json` replacing the model with score rows,
    and `score --urls u.txt -o u.txt` the URL list (exit 0)."""
    import credscore

    src = _input(tmp_path)
    model = tmp_path / "m.json"
    credscore.default_model().save(model)
    urls = tmp_path / "u.txt"
    urls.write_text("https://example.org/a\n", encoding="utf-8")
    argv, kept = {
        "score-model": (["score", str(src), "--model", str(model), "-o", str(model)], model),
        "score-urls": (["score", "--urls", str(urls), "-o", str(urls)], urls),
        "explain-model": (["explain", str(src), "--model", str(model), "--html", str(model)], model),
        "evaluate-model": (["evaluate", str(src), "--model", str(model), "--json", str(model)], model),
    }[command]
    before = kept.read_bytes()
    status = cli.main(argv)
    assert status == 2 and "also an input file" in capsys.readouterr().err
    assert kept.read_bytes() == before


def test_an_empty_output_name_is_refused_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "-o ''" said "it is a folder" (audit, session 29).
    assert cli.main(["score", str(_input(tmp_path)), "-o", ""]) == 2
    assert "--output '': an empty name; name a file" in capsys.readouterr().err


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc, where no file can be created")
def test_an_output_no_file_can_be_created_beside_is_refused_before_scoring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scored: list[int]
) -> None:
    status = cli.main(["score", str(_input(tmp_path)), "--output", "/proc/credscore-output.jsonl"])
    err = capsys.readouterr().err
    assert status == 2 and "cannot create a file in /proc" in err
    assert scored == []


def test_the_check_leaves_no_file_behind(tmp_path: Path) -> None:
    out = tmp_path / "new" / "scores.jsonl"
    cli._check_output(str(out))
    assert out.parent.is_dir() and list(out.parent.iterdir()) == []


def test_a_run_that_fails_removes_the_folders_it_made_for_its_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Session 29's audit: a run refused after the output check (here its model file is missing) left the
    # new folders behind; folders that were there, or that hold anything, stay.
    (tmp_path / "kept").mkdir()
    out = tmp_path / "kept" / "new" / "deeper" / "scores.jsonl"
    status = cli.main(["score", str(_input(tmp_path)), "--model", str(tmp_path / "missing.json"), "-o", str(out)])
    assert status == 2 and "missing.json" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "kept"]
    assert list((tmp_path / "kept").iterdir()) == [] and cli._made_folders == []
    # A made folder that something was written to meanwhile stays, with what it holds and its parents.
    cli._check_output(str(out))
    (out.parent.parent / "other.txt").write_text("x")
    cli._remove_made_folders()
    assert not out.parent.exists() and (out.parent.parent / "other.txt").read_text() == "x"


def test_a_run_that_succeeds_keeps_its_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "scores.jsonl"
    assert cli.main(["score", str(_input(tmp_path)), "-o", str(out)]) == 0
    assert out.is_file() and cli._made_folders == []


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_as_output_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "scores.fifo"
    os.mkfifo(fifo)
    # The read end is opened first, without waiting for a writer, so the command's open does not wait
    # either, and nothing here can block: a thread reading the pipe had raced the command (CI hung once
    # when the test, seeing the thread not yet ended, opened the pipe to release it after it had gone).
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status = cli.main(["score", str(_input(tmp_path)), "--output", str(fifo)])
        got = b""
        while chunk := os.read(reader, 1 << 16):  # one row: far less than the pipe holds
            got += chunk
    finally:
        os.close(reader)
    assert status == 0
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not a file renamed over it
    assert [json.loads(line)["id"] for line in got.decode("utf-8").splitlines()] == ["a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "scores.fifo"]


def test_a_write_that_fails_on_the_machine_is_an_error_not_an_internal_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"

    @contextlib.contextmanager
    def full_disk(path: object, **_: object) -> Iterator[object]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        yield  # pragma: no cover

    monkeypatch.setattr(cli, "atomic_output", full_disk)
    status = cli.main(["score", str(_input(tmp_path)), "--output", str(out)])
    err = capsys.readouterr().err
    assert status == 3  # stopped before the end, apart from a finished run with bad rows (1)
    assert os.strerror(errno.ENOSPC) in err and str(out) in err and "internal error" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full, where every write fails")
@pytest.mark.parametrize("argv", [["score", "{src}", "--output", "/dev/full"], ["explain", "{src}", "--html", "/dev/full"]])
def test_a_full_disk_names_the_file_it_could_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    # A real write error carries no file name: the message was "No space left on device" alone (audit).
    status = cli.main([a.format(src=_input(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert status == 3 and os.strerror(errno.ENOSPC) in err and "(/dev/full)" in err, err


def test_a_run_that_stops_before_the_end_exits_apart_from_one_that_finished_with_bad_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A bulk audit: a killed worker, an internal error and a closed pipe all exited 1, as a finished run with
    # a few unscorable rows does, so a pipeline could not tell a cut-short output from a whole one.
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "The council met."}\n{"id": "b", "text": null}\n', encoding="utf-8")
    assert cli.main(["score", str(src)]) == 1  # finished; row b has an error
    capsys.readouterr()

    class TerminatedWorkerError(Exception):  # joblib's, by name
        pass

    def dies(*_: object, **__: object) -> object:
        raise TerminatedWorkerError("A worker process managed by the executor was unexpectedly terminated")

    monkeypatch.setattr(cli, "_rows", dies)
    assert cli.main(["score", str(src)]) == 3
    err = capsys.readouterr().err
    assert "a worker process died" in err and "stopped before the end" in err and "please report" not in err

    def broken(*_: object, **__: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_rows", broken)
    assert cli.main(["score", str(src)]) == 3
    assert "internal error: RuntimeError: boom; stopped before the end" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["bogus", "1", "auto"])
def test_a_bad_kernels_setting_is_a_usage_error_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], scored: list[int], value: str
) -> None:
    monkeypatch.setenv("CREDSCORE_KERNELS", value)
    status = cli.main(["score", str(_input(tmp_path))])
    err = capsys.readouterr().err
    assert status == 2 and f"$CREDSCORE_KERNELS must be 'numpy', 'numba' or unset, not {value!r}" in err
    assert "internal error" not in err and scored == []


def test_kernels_set_to_numba_without_numba_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], scored: list[int]
) -> None:
    from credscore import _kernels

    monkeypatch.setenv("CREDSCORE_KERNELS", "numba")
    monkeypatch.setattr(_kernels, "_numba_loops", lambda: None)  # as when numba is not installed
    status = cli.main(["explain", str(_input(tmp_path))])
    err = capsys.readouterr().err
    assert status == 2 and "numba is not installed" in err and "internal error" not in err and scored == []


def test_a_url_credscore_does_not_fetch_is_named_as_such(capsys: pytest.CaptureFixture[str], scored: list[int]) -> None:
    assert cli.main(["score", "ftp://example.org/article.txt"]) == 2
    err = capsys.readouterr().err
    assert "only http:// and https:// URLs are fetched" in err and "not found" not in err


def _labeled(tmp_path: Path) -> Path:
    src = tmp_path / "labeled.jsonl"
    rows = [{"id": str(i), "text": f"{ARTICLE} Item {i}.", "label": i % 2} for i in range(8)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return src


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "{data}", "--out", "{data}"],
        ["recalibrate", "{data}", "--out", "{data}"],
        ["evaluate", "{data}", "--json", "{data}"],
        ["evaluate", "{data}", "--html", "{data}"],
        ["explain", "{data}", "--html", "{data}"],
    ],
    ids=["train", "recalibrate", "evaluate-json", "evaluate-html", "explain-html"],
)
def test_no_command_writes_over_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    # The README's promise for every command: an output that is one of the input files is a usage error.
    # train, recalibrate and evaluate replaced the labeled data with a model or a report (exit 0).
    src = _labeled(tmp_path)
    before = src.read_bytes()
    status = cli.main([a.format(data=src) for a in argv])
    assert status == 2 and "also an input file" in capsys.readouterr().err
    assert src.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["train", "{data}", "--out", "-"], "--out"),
        (["recalibrate", "{data}", "--out", "-"], "--out"),
        (["evaluate", "{data}", "--json", "-"], "--json"),
        (["evaluate", "{data}", "--html", "-"], "--html"),
    ],
    ids=["train", "recalibrate", "evaluate-json", "evaluate-html"],
)
def test_a_dash_where_stdout_carries_the_commands_lines_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str], option: str
) -> None:
    # "-" is stdout for score --output; these wrote a file named "-" in the working folder (audit). Their
    # stdout carries a table or progress lines, so a report or a model there would be mixed with them.
    monkeypatch.chdir(tmp_path)
    status = cli.main([a.format(data=_labeled(tmp_path)) for a in argv])
    assert status == 2 and f"{option} -: name a file" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()


def test_explain_html_dash_writes_the_report_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["explain", str(_input(tmp_path)), "--html", "-"]) == 0
    got = capsys.readouterr()
    assert got.out.lstrip().lower().startswith("<!doctype html") and got.out.rstrip().endswith("</html>")
    assert "wrote the report to standard output" in got.err and not (tmp_path / "-").exists()


def test_explain_json_with_html(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # An audit: --json was dropped without a word beside --html. With a file both are written; with "-" both
    # would be standard output, so it is a usage error.
    monkeypatch.chdir(tmp_path)
    src = str(_input(tmp_path))
    assert cli.main(["explain", src, "--html", "-", "--json"]) == 2
    got = capsys.readouterr()
    assert got.out == "" and "--html - and --json both write to standard output" in got.err
    assert cli.main(["explain", src, "--html", "report.html", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (tmp_path / "report.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert f"— {data['score']:.2f} ({data['risk']} risk)" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_evaluate_refuses_one_file_for_both_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _labeled(tmp_path)
    out = tmp_path / "report"
    status = cli.main(["evaluate", str(src), "--json", str(out), "--html", str(tmp_path / "." / "report")])
    assert status == 2 and "both name" in capsys.readouterr().err
    assert not out.exists()


SURROGATE_ROW = '{"id": "a\\udc80", "text": "' + ARTICLE + '"}\n'  # valid JSON: the id holds a lone surrogate


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_lone_surrogate_in_an_id_is_written_as_its_escape(tmp_path: Path, fmt: str) -> None:
    # Every -o output used to end in "internal error: UnicodeEncodeError" with no file written.
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    src = tmp_path / "in.jsonl"
    src.write_text(SURROGATE_ROW + json.dumps({"id": "b", "text": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert cli.main(["score", str(src), "--output-format", fmt, "-o", str(out)]) == 0
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        ids = [r["id"] for r in rows]
        assert ids == ["a\udc80", "b"]  # the JSON escape reads back as the same id
    elif fmt == "csv":
        ids = [line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()[1:]]
        assert ids == ["a\\udc80", "b"]
    else:
        import pyarrow.parquet as pq

        ids = pq.read_table(out).column("id").to_pylist()
        assert ids == ["a\\udc80", "b"]


def test_a_lone_surrogate_reaches_stdout_as_valid_utf8(tmp_path: Path) -> None:
    import subprocess

    src = tmp_path / "in.jsonl"
    src.write_text(SURROGATE_ROW, encoding="utf-8")
    text = "Sources\\ud800 said the mayor allegedly\\udfff took bribes, sources said on Monday, " + ARTICLE
    exp = tmp_path / "explain.jsonl"
    exp.write_text('{"id": "x", "text": "' + text + '"}\n', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for argv in (["score", str(src)], ["explain", str(exp)]):
        run = subprocess.run([sys.executable, "-m", "credscore", *argv], check=False, capture_output=True, env=env,
                             timeout=300)
        assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
        out = run.stdout.decode("utf-8")  # strict: the 0x80 byte of the old output fails here
        assert "internal error" not in run.stderr.decode("utf-8")
        assert "\\ud" in out or "\\udc80" in out


def test_explain_writes_an_html_report_of_text_holding_a_lone_surrogate(tmp_path: Path) -> None:
    text = "Sources\\ud800 said the mayor allegedly\\udfff took bribes, sources said on Monday, " + ARTICLE
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "x", "text": "' + text + '"}\n', encoding="utf-8")
    out = tmp_path / "report.html"
    assert cli.main(["explain", str(src), "--html", str(out)]) == 0
    assert "allegedly" in out.read_text(encoding="utf-8")


def test_output_dash_is_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # "-o -" wrote a file named "-" in the working folder.
    monkeypatch.chdir(tmp_path)
    assert cli.main(["score", str(_input(tmp_path)), "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == "a"
    assert not (tmp_path / "-").exists()


def test_score_rows_note_html_left_in_the_text_and_keep_their_risk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    tagged = ARTICLE.replace(" ", " <b>", 4)
    src.write_text(json.dumps({"id": "a", "text": tagged}) + "\n" + json.dumps({"id": "b", "text": ARTICLE}) + "\n",
                   encoding="utf-8")
    assert cli.main(["score", str(src)]) == 0
    a, b = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert a["note"].startswith("the text holds HTML tags (4 in its first") and a["risk"] != "unknown"
    assert b["note"] is None


def test_score_rows_note_text_in_capitals_or_lower_cased_and_keep_their_risk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    long = " ".join([ARTICLE] * 3)
    rows = {"caps": long.upper(), "lower": long.lower(), "plain": long}
    src.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in rows.items()), encoding="utf-8")
    assert cli.main(["score", str(src)]) == 0
    got = {r["id"]: r for r in (json.loads(line) for line in capsys.readouterr().out.splitlines())}
    assert got["caps"]["note"].startswith("the text is written in capitals: it is read in sentence case")
    assert got["lower"]["note"].startswith("the text has no capital letter")
    assert got["plain"]["note"] is None
    assert all(r["risk"] != "unknown" for r in got.values())


@pytest.mark.parametrize(("name", "first"), [("scores.csv", b"id,source,line,score,risk"), ("scores.JSONL", b'{"id": "a"'),
                                             ("scores.out", b'{"id": "a"'), ("scores.parquet", b"PAR1")])
def test_the_output_format_follows_the_outputs_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, first: bytes
) -> None:
    # "--output scores.csv" wrote JSON lines into scores.csv (audit): inputs are read by their extension, and so
    # outputs are written by theirs, JSON lines for any other.
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    out = tmp_path / name
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(out)]) == 0
    assert out.read_bytes().startswith(first) and capsys.readouterr().err == ""


def test_an_output_format_that_contradicts_the_extension_is_written_as_asked_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scores.jsonl"
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(out), "--output-format", "csv"]) == 0
    assert out.read_bytes().startswith(b"id,source,line,score,risk")
    assert f"writing csv rows to {out} (--output-format csv), whose extension says jsonl" in capsys.readouterr().err
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(out), "--output-format", "jsonl"]) == 0
    assert capsys.readouterr().err == ""
    # an extension that names no format: JSON lines, said (an audit: scores.xlsx got them without a word)
    out = tmp_path / "scores.xlsx"
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b'{"id": "a"')
    assert f"writing jsonl rows to {out}: its extension .xlsx names no output format" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["scores.csv", "scores.jsonl"])
def test_an_output_named_gz_is_gzip_compressed_in_the_format_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """-o scores.csv.gz writes the CSV scores.csv would hold, gzip-compressed (an audit: it wrote JSON lines,
    uncompressed); Parquet compresses itself, so -o scores.parquet.gz is a usage error."""
    import gzip

    plain, packed = tmp_path / name, tmp_path / (name + ".gz")
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(plain)]) == 0
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(packed)]) == 0
    assert packed.read_bytes()[:2] == b"\x1f\x8b" and gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    assert capsys.readouterr().err == ""
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(tmp_path / "s.parquet.gz")]) == 2
    assert "Parquet compresses itself" in capsys.readouterr().err


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An audit: an id of =HYPERLINK(...) was written as it was, a formula for whoever opens the CSV.
    import csv as csv_module

    src = tmp_path / "in.jsonl"
    ids = ['=HYPERLINK("http://x")', "+1", "-5", "@SUM(A1)", "\tx", "ok", "a=b"]
    src.write_text("".join(json.dumps({"id": i, "text": "Officials said so."}) + "\n" for i in ids), encoding="utf-8")
    assert cli.main(["score", str(src), "--output-format", "csv"]) == 0
    got = capsys.readouterr()
    written = [r["id"] for r in csv_module.DictReader(got.out.splitlines())]
    assert written == ["'" + i for i in ids[:5]] + ["ok", "a=b"]
    assert "5 CSV cells (ids, above all) began with =, +, -, @ or a tab" in got.err
    assert cli.main(["score", str(src)]) == 0  # JSONL keeps them as they are
    assert [r["id"] for r in map(json.loads, capsys.readouterr().out.splitlines())] == ids


def test_writable_cache_folder_made_when_missing_and_refused_under_a_file(tmp_path: Path) -> None:
    """The CLI's cache-folder check: a missing folder (and its parents) is made; a folder that exists is
    writable; a path under a regular file cannot be made, so it is not writable."""
    from credscore.cli import _writable

    new = tmp_path / "a" / "b"
    assert _writable(new) and new.is_dir()
    assert _writable(new)  # exists already
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not _writable(blocker / "cache")


def test_info_names_recorded_thresholds_only_when_they_differ() -> None:
    from credscore.cli import _thresholds_recorded

    applied = {"high": 0.21, "medium": 0.65}
    assert _thresholds_recorded({"recorded_risk_thresholds": None, "risk_thresholds": applied}) == ""
    assert _thresholds_recorded({"recorded_risk_thresholds": dict(applied), "risk_thresholds": applied}) == ""
    other = _thresholds_recorded({"recorded_risk_thresholds": {"high": 0.2, "medium": 0.7}, "risk_thresholds": applied})
    assert "high < 0.2, medium < 0.7" in other


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), SystemExit(143)])
def test_a_signal_inside_compiled_code_stops_the_run_as_the_signal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stop: BaseException
) -> None:
    """A signal handler that raises while numba's code runs comes out as a SystemError caused by it (an audit:
    SIGTERM gave "internal error" and exit 3): Ctrl-C still exits 130, SIGTERM's SystemExit its own status."""

    def interrupted(*args: object, **kwargs: object) -> None:
        try:
            raise stop
        except BaseException as exc:
            raise SystemError("CPUDispatcher(<function stream_tokens>) returned a result with an exception set") from exc

    monkeypatch.setattr(cli, "_score_batch", interrupted)
    text = tmp_path / "a.txt"
    text.write_text("The council voted on Tuesday to approve the budget, the clerk said.")
    if isinstance(stop, SystemExit):
        with pytest.raises(SystemExit) as raised:
            cli.main(["score", str(text)])
        assert raised.value.code == 143
    else:
        assert cli.main(["score", str(text)]) == 130
    assert "internal error" not in capsys.readouterr().err


def test_a_note_while_a_progress_bar_is_drawn_gets_a_line_of_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    # A reader's note ("looks like JSON lines...") was printed on the end of the bar's line (an audit, session
    # 39: "scoring: 0 articles [00:00, ? articles/s]credscore: <stdin>: looks like JSON lines").
    pytest.importorskip("tqdm")
    bar = cli._progress_bar(True, total=3, desc="scoring")
    bar.update(1)
    bar.refresh()
    cli._note("a note")
    bar.close()
    lines = capsys.readouterr().err.replace("\r", "\n").split("\n")
    assert [line for line in lines if "a note" in line] == ["credscore: a note"]
    cli._note("no bar")  # without a bar: printed as it is
    assert capsys.readouterr().err == "credscore: no bar\n"


def test_the_scoring_counter_sees_a_run_that_scores(tmp_path: Path, scored: list[int]) -> None:
    # The tests above assert that nothing was scored (scored == []): the fixture must see a run that scores.
    assert cli.main(["score", str(_input(tmp_path)), "--output", str(tmp_path / "out.jsonl")]) == 0
    assert scored != []
