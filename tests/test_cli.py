"""The ``credscore`` command, run as a user runs it: the installed entry point, real files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import credscore
from credscore._io import strip_html
from credscore._version import install_command

# Every test here starts the command in a subprocess (see the marker's definition).
pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
RUMOR = (FIXTURES / "rumor_style.txt").read_text(encoding="utf-8")
SOURCED = (FIXTURES / "well_sourced.txt").read_text(encoding="utf-8")

ARTICLES = [
    "Sources say the senator secretly took money, and insiders claim the deal was hidden. Share this now!",
    "The city council voted 7-2 on Monday to approve the budget, according to minutes published by the clerk.",
    "Officials allegedly covered up the report. They don't want you to know the truth! Wake up!",
    "Dr. Maria Lopez, an epidemiologist at Johns Hopkins University, said the study of 2,400 patients was peer-reviewed.",
    "Reuters reported on Tuesday that exports rose 3.1 percent in March, citing figures from the trade ministry.",
]


def _command() -> list[str]:
    # Prefer the script installed next to this interpreter (the venv's), then PATH.
    exe = shutil.which("credscore", path=str(Path(sys.executable).parent)) or shutil.which("credscore")
    return [exe] if exe else [sys.executable, "-m", "credscore"]


def run(*args: str | os.PathLike[str], stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [*_command(), *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=300,
    )
    out = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
    assert "Traceback" not in out.stderr, out.stderr
    return out


def rows(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def write_jsonl(path: Path, objs: list[object]) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


def same_score(got: float, want: float) -> bool:
    # Equal up to float rounding: a matrix product over a batch may round the
    # last bit differently from the same product over one row.
    return got == pytest.approx(want, rel=1e-12, abs=1e-15)


def check_scored(row: dict, text: str, title: str | None = None) -> None:
    """The row carries the library's score, risk and top signals for this text."""
    assert row["error"] is None
    assert same_score(row["score"], credscore.score(text, title))
    ex = credscore.explain(text, title)
    assert row["risk"] == ex.risk
    if ex.risk != "unknown":
        assert row["risk"] == credscore.risk_level(row["score"])
    if ex.words < 20:  # the same note as explain()'s (an audit: an empty text had two wordings)
        assert ex.notes[0] in row["note"] and ("empty text" if not text.strip() else "too little text") in row["note"]
    assert [s["name"] for s in row["signals"]] == [s.name for s in ex.signals[:3]]
    for got, want in zip(row["signals"], ex.signals):
        assert got["contribution"] == pytest.approx(want.contribution, rel=1e-9, abs=1e-12)


# --- basics ---------------------------------------------------------------------


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"credscore {credscore.__version__}"
    out = run("--help")
    assert out.returncode == 0
    for word in ("score", "explain", "signals", "train", "build-model", "evaluate", "exit status"):
        assert word in out.stdout
    out = run("score", "--help")
    assert out.returncode == 0
    hi, med = credscore.RISK_THRESHOLDS["high"], credscore.RISK_THRESHOLDS["medium"]
    assert f"score < {hi:g}" in out.stdout and f"score >= {med:g}" in out.stdout
    for option in ("--n-jobs", "--batch-size", "--output-format", "--strip-html", "--encoding-errors", "--model"):
        assert option in out.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    out = run("score", tmp_path / "missing.txt")
    assert out.returncode == 2 and "not found" in out.stderr
    out = run("score", "--n-jobs", "0", FIXTURES / "rumor_style.txt")
    assert out.returncode == 2 and "--n-jobs" in out.stderr and "nonzero" in out.stderr
    one, but_one = (run("score", "--n-jobs", n, FIXTURES / "rumor_style.txt") for n in ("1", "-2"))  # -2: every core but one
    assert one.returncode == but_one.returncode == 0 and one.stdout == but_one.stdout != ""
    bad_model = tmp_path / "model.json"
    bad_model.write_text('{"format": "something else"}', encoding="utf-8")
    out = run("score", "--model", bad_model, FIXTURES / "rumor_style.txt")
    assert out.returncode == 2 and "not a credscore model" in out.stderr
    assert out.stdout == ""


# --- inputs -----------------------------------------------------------------------


def test_score_text_files_in_order(tmp_path: Path) -> None:
    a = tmp_path / "rumor.txt"
    b = tmp_path / "sourced.txt"
    blank = tmp_path / "blank.txt"
    a.write_text(RUMOR, encoding="utf-8")
    b.write_text(SOURCED, encoding="utf-8")
    blank.write_text("  \n\t\n", encoding="utf-8")
    out = run("score", b, blank, a, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    got = rows(out.stdout)
    assert [r["id"] for r in got] == [str(b), str(blank), str(a)]
    check_scored(got[0], SOURCED)
    check_scored(got[2], RUMOR)
    assert got[2]["risk"] == "high" and got[0]["risk"] == "low"
    # An empty article is a row too: neutral score, and a note saying why.
    assert got[1]["score"] == 0.5 and got[1]["error"] is None
    assert got[1]["note"] == "empty text: there is nothing to judge; the score is the neutral 0.5"


def test_jsonl_with_malformed_line_in_the_middle(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate(ARTICLES[:2])]
    lines.append('{"id": "broken", "text": "unterminated')
    lines += [json.dumps({"id": f"b{i}", "text": t}) for i, t in enumerate(ARTICLES[2:])]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A second file whose every row is unusable in a different way.
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": 5}, {"body": "x"}, ["a list"], {"text": "ok", "title": 3}])
    out = run("score", path, bad)
    assert out.returncode == 1
    got = rows(out.stdout)
    assert len(got) == len(lines) + 4
    mine, theirs = got[: len(lines)], got[len(lines) :]
    errors = [r for r in mine if r["error"]]
    assert len(errors) == 1
    assert errors[0]["line"] == 3 and f"{path}:3" in errors[0]["error"] and "not valid JSON" in errors[0]["error"]
    assert errors[0]["score"] is None
    scored = [r for r in mine if not r["error"]]
    assert [r["id"] for r in scored] == ["a0", "a1", "b0", "b1", "b2"]
    for row, text in zip(scored, ARTICLES):
        check_scored(row, text)

    assert [r["line"] for r in theirs] == [1, 2, 3, 4] and all(r["score"] is None for r in theirs)
    assert "must be a string, got a number" in theirs[0]["error"]
    assert "missing text field 'text'" in theirs[1]["error"] and "'body'" in theirs[1]["error"]
    assert "expected a JSON object, got an array" in theirs[2]["error"]
    assert "title field 'title' must be a string" in theirs[3]["error"]
    assert "5 of 10 rows" in out.stderr


def test_csv_with_quoted_multiline_fields_and_csv_output(tmp_path: Path) -> None:
    records = [
        ("n1", "Mayor denies report", 'Sources said, "off the record", that the mayor\nallegedly knew.\n\nHe denied it.'),
        ("n2", "", "The council voted 7-2 on Monday,\naccording to minutes."),
        ("n3", "Budget", SOURCED),
    ]
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text"])
        w.writerows(records)
    out = run("score", path, "--output-format", "csv")
    assert out.returncode == 0, out.stderr
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(table[0]) == [
        "id", "source", "line", "score", "risk", "signal_1", "contribution_1", "signal_2", "contribution_2",
        "signal_3", "contribution_3", "note", "error",
    ]
    assert [r["id"] for r in table] == ["n1", "n2", "n3"]
    assert [r["line"] for r in table] == ["2", "6", "8"]  # first physical line of each record
    for row, (_, title, text) in zip(table, records):
        ex = credscore.explain(text, title or None)
        assert same_score(float(row["score"]), credscore.score(text, title or None))
        assert [row[f"signal_{k}"] for k in (1, 2, 3)][: len(ex.signals)] == [s.name for s in ex.signals[:3]]
        assert row["error"] == ""


def test_stdin_and_files_together(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"text": t} for t in ARTICLES[:2]])
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    out = run("score", "-", empty, path, stdin=SOURCED.encode("utf-8"))
    assert out.returncode == 0, out.stderr
    got = rows(out.stdout)
    assert [r["id"] for r in got] == ["<stdin>", f"{path}:1", f"{path}:2"]
    check_scored(got[0], SOURCED)


def test_empty_input_gives_zero_rows_and_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    out = run("score", empty)
    assert out.returncode == 0 and out.stdout == ""
    assert out.stderr == f"credscore: {empty}: no rows (the input is empty)\n"
    out = run("score", "--format", "csv", stdin=b"id,text\n")
    assert out.returncode == 0 and out.stdout == ""
    assert out.stderr == "credscore: <stdin>: no rows (only a header row)\n"


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": ARTICLES[1]}) + "\n"
    bad = b'{"id": "bad", "text": "caf\xe9 au lait"}\n'
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(good.encode() + bad)
    offset = len(good.encode()) + bad.index(b"\xe9")
    txt = tmp_path / "latin1.txt"
    txt.write_bytes(SOURCED.encode() + b" \xff\xfe trailing")
    out = run("score", path, txt)
    assert out.returncode == 1
    ok, err, txt_err = rows(out.stdout)
    assert ok["error"] is None
    assert err["line"] == 2 and f"byte offset {offset}" in err["error"] and "UTF-8" in err["error"]
    assert f"byte offset {len(SOURCED.encode()) + 1}" in txt_err["error"] and str(txt) in txt_err["error"]

    out = run("score", path, txt, "--encoding-errors=replace")
    assert out.returncode == 0
    got = rows(out.stdout)
    assert len(got) == 3 and all(r["error"] is None for r in got)
    assert same_score(got[1]["score"], credscore.score("caf\ufffd au lait"))


def test_strip_html(tmp_path: Path) -> None:
    markup = (
        "<html><head><title>Page</title><style>p{color:red}</style></head><body>"
        "<script>alert('Sources say')</script><h1>Exclusive</h1>"
        "<p>Sources say the mayor &ldquo;allegedly&rdquo; knew &amp; stayed silent.</p>"
        "<p>The council voted <b>7-2</b> on Monday.</p></body></html>"
    )
    page = tmp_path / "page.html"
    page.write_text(markup, encoding="utf-8")
    readable = strip_html(markup)
    assert "<" not in readable and "alert" not in readable and "color:red" not in readable
    assert "\u201callegedly\u201d knew & stayed" in readable
    out = run("score", page, "--strip-html")
    assert out.returncode == 0
    check_scored(rows(out.stdout)[0], readable)
    # Evidence offsets refer to the readable text.
    out = run("explain", page, "--strip-html", "--json")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    spans = [s for sig in data["signals"] for s in sig["spans"]]
    assert spans
    for s in spans:
        assert readable[s["start"] : s["end"]] == s["text"]
    # ... which the output gives (an audit of session 27: a user had no way to index them).
    assert data["readable"] == {"text": readable, "title": None} and "article" not in data
    out = run("explain", page, "--json")  # read as it is: its offsets index the file, no readable text
    assert out.returncode == 0 and "readable" not in json.loads(out.stdout)


# --- output, parallelism, progress ----------------------------------------------------


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(ARTICLES)])
    dest = tmp_path / "out.jsonl"
    out = run("score", src, "--output", dest, "--progress")
    assert out.returncode == 0 and out.stdout == ""
    assert "scoring" in out.stderr and "100%" in out.stderr  # the bar goes to stderr, never into the data
    assert [r["id"] for r in rows(dest.read_text(encoding="utf-8"))] == ["0", "1", "2", "3", "4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o666 & ~umask  # what open() gives, not mkstemp's private 0600


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery to a child")
def test_interrupted_run_leaves_no_partial_output(tmp_path: Path) -> None:
    dest = tmp_path / "out.jsonl"
    dest.write_text("previous complete result\n", encoding="utf-8")
    # A child inherits an ignored SIGINT (pytest started in the background, under
    # nohup...), and its Python then installs no KeyboardInterrupt handler. A
    # signal with a handler in this process is reset to the default by exec.
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [*_command(), "score", "-", "--format", "jsonl", "--batch-size", "2", "--output", str(dest)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    finally:
        signal.signal(signal.SIGINT, ignored)
    try:
        assert proc.stdin is not None
        proc.stdin.write("".join(json.dumps({"text": t}) + "\n" for t in ARTICLES[:4]).encode())
        proc.stdin.flush()
        # Wait until rows have reached the temp file, then interrupt while input is still open.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            parts = list(tmp_path.glob(".out.jsonl.*.part"))
            if parts and parts[0].stat().st_size > 0 and len(parts[0].read_text().splitlines()) >= 2:
                break
            time.sleep(0.1)
        else:
            pytest.fail("no rows were written to the temp file")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "interrupted" in err.decode() and b"Traceback" not in err
    assert dest.read_text(encoding="utf-8") == "previous complete result\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_parallel_batches_keep_count_and_order(tmp_path: Path) -> None:
    objs: list[object] = []
    for i in range(14):
        objs.append({"id": f"r{i}", "text": ARTICLES[i % len(ARTICLES)] + f" Item {i}."})
        if i in (4, 9):
            objs.append({"id": f"bad{i}", "text": None})
    src = write_jsonl(tmp_path / "in.jsonl", objs)
    out = run("score", src, "--n-jobs", "2", "--batch-size", "3")
    assert out.returncode == 1
    got = rows(out.stdout)
    assert len(got) == len(objs)
    assert [r["id"] for r in got] == [o["id"] for o in objs]  # type: ignore[index]
    assert [r["line"] for r in got] == list(range(1, len(objs) + 1))
    texts = [o["text"] for o in objs if o["text"] is not None]  # type: ignore[index]
    expected = iter(credscore.score_many(texts))
    for row, obj in zip(got, objs):
        if obj["text"] is None:  # type: ignore[index]
            assert row["score"] is None and "must be a string, got null" in row["error"]
        else:
            assert same_score(row["score"], float(next(expected)))


def test_parallel_workers_score_with_the_given_model(tmp_path: Path) -> None:
    # --model reaches the worker processes (as a file they read once) and is
    # the model they score with, not the shipped one.
    model = credscore.default_model().with_prior(0.2)
    model_path = tmp_path / "prior20.json"
    model.save(model_path)
    objs = [{"id": f"r{i}", "text": ARTICLES[i % len(ARTICLES)] + f" Item {i}."} for i in range(6)]
    src = write_jsonl(tmp_path / "in.jsonl", objs)
    out = run("score", src, "--n-jobs", "2", "--batch-size", "2", "--model", model_path)
    assert out.returncode == 0, out.stderr
    got = [r["score"] for r in rows(out.stdout)]
    want = model.score_many([o["text"] for o in objs])
    assert all(same_score(g, float(w)) for g, w in zip(got, want)) and len(got) == len(objs)
    shipped = credscore.score_many([o["text"] for o in objs])
    assert not any(same_score(g, float(w)) for g, w in zip(got, shipped))


def test_parallel_workers_get_the_model_as_a_file_not_pickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Pickling a model costs ~0.25 s each way; the CLI sends it once, as a
    # file next to the compiled databases, so nothing pickles it per batch.
    from credscore import cli
    from credscore._model import CredibilityModel

    model_path = tmp_path / "prior20.json"
    credscore.default_model().with_prior(0.2).save(model_path)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": f"r{i}", "text": ARTICLES[i % len(ARTICLES)]} for i in range(4)])

    def refuse(self: CredibilityModel) -> object:
        raise AssertionError("the model was pickled")

    monkeypatch.setattr(CredibilityModel, "__reduce__", refuse)
    code = cli.main(["score", str(src), "--n-jobs", "2", "--batch-size", "1", "--model", str(model_path)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert len(rows(out.out)) == 4 and all(r["error"] is None for r in rows(out.out))


def test_the_matcher_is_warmed_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Each chunk of rows is scored after the matcher is built; building it (by
    # scoring a line) is for the run's first chunk only.
    from credscore import cli

    calls: list[object] = []
    warm = cli._warm_matcher
    monkeypatch.setattr(cli, "_warm_matcher", lambda model: (calls.append(model), warm(model)))
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": f"r{i}", "text": ARTICLES[i % len(ARTICLES)]} for i in range(5)])
    code = cli.main(["score", str(src), "--batch-size", "1"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert len(rows(out.out)) == 5
    assert len(calls) == 1


def test_progress_without_tqdm_says_how_to_get_it(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": t} for t in ARTICLES])
    # Without tqdm the run goes on and says how to get the bar.
    fake = tmp_path / "no_tqdm" / "tqdm"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('tqdm is not installed')\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(fake.parent))
    out = run("score", src, "--progress", env=env)
    assert out.returncode == 0 and len(rows(out.stdout)) == 5
    assert install_command("cli") in out.stderr and "[cli]" in out.stderr


# --- explain, signals, train -----------------------------------------------------------


def test_explain_shows_evidence_in_context() -> None:
    out = run("explain", FIXTURES / "rumor_style.txt")
    assert out.returncode == 0, out.stderr
    ex = credscore.explain(RUMOR)
    assert f"score {ex.score:.3f}" in out.stdout and f"{ex.risk} risk" in out.stdout
    for sig in ex.signals:
        assert sig.name in out.stdout
        for ev in sig.spans:
            line_no = RUMOR.count("\n", 0, ev.start) + 1
            assert f"line {line_no}: " in out.stdout
            assert f"[[{ev.text.replace(chr(10), ' ')}]]" in out.stdout
    out = run("explain", FIXTURES / "missing.txt")
    assert out.returncode == 2


def test_explain_says_how_many_spans_it_does_not_list(tmp_path: Path) -> None:
    # 1,200 exclamation marks: 1,000 listed (credscore._explain.MAX_SPANS), the other 200 counted.
    src = tmp_path / "bangs.txt"
    src.write_text("The council met on Monday. " * 20 + "Wow! " * 1200, encoding="utf-8")
    out = run("explain", src)
    assert out.returncode == 0, out.stderr
    assert "(1200 spans)" in out.stdout
    assert "... and 200 more (explain lists a signal's first 1000)" in out.stdout
    assert "more (explain lists" not in run("explain", FIXTURES / "rumor_style.txt").stdout


def test_signals_table_and_json() -> None:
    out = run("signals")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0].split()[:4] == ["NAME", "SCOPE", "POINTS", "DESCRIPTION"]
    table = lines[1 : 1 + len(credscore.CATALOGUE)]
    assert [ln.split()[0] for ln in table] == [s.name for s in credscore.CATALOGUE]
    assert [ln.split()[2] for ln in table] == [{1: "credible", -1: "not", 0: "either"}[s.sign] for s in credscore.CATALOGUE]
    out = run("signals", "--json")
    data = json.loads(out.stdout)
    assert [d["name"] for d in data] == [s.name for s in credscore.CATALOGUE]
    assert [(d["sign"], d["outside_quotes"]) for d in data] == [(s.sign, s.outside_quotes) for s in credscore.CATALOGUE]
    assert all(d["description"] and d["example"] for d in data)


def _labeled(n: int) -> list[dict]:
    fake = [
        "Sources say the governor secretly ordered the cover-up, insiders claim. They don't want you to know! Share this!",
        "SHOCKING: allegedly the vaccine was a hoax all along, unverified reports say. Wake up, people!!!",
        "Rumors are spreading that the election was rigged, a source close to the campaign reportedly said!",
    ]
    real = [
        "The state legislature voted 61-38 on Thursday to pass the budget, according to records published by the clerk.",
        "Dr. Ana Silva, an economist at Stanford University, said the study of 1,200 households was peer-reviewed.",
        "Reuters reported on Monday that unemployment fell to 4.1 percent in May, citing Labor Department figures.",
    ]
    out = []
    for i in range(n):
        out.append({"id": f"f{i}", "text": fake[i % 3] + f" Case {i}.", "label": "fake"})
        out.append({"id": f"r{i}", "text": real[i % 3] + f" Case {i}.", "label": "real"})
    return out


def test_train_then_score_with_model(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", _labeled(12))
    model_path = tmp_path / "model.json"
    out = run("train", data, "--out", model_path, "--label-map", "fake=0,real=1")
    assert out.returncode == 0, out.stderr
    assert "ROC AUC" in out.stdout and "accuracy" in out.stdout and "5-fold" in out.stdout
    model = credscore.load_model(model_path)
    assert model.metadata["cross_validation"]["folds"] == 5
    assert model.metadata["training_data"][0]["sha256"]

    article = tmp_path / "a.txt"
    article.write_text(RUMOR, encoding="utf-8")
    out = run("score", article, "--model", model_path)
    assert out.returncode == 0
    assert same_score(rows(out.stdout)[0]["score"], model.score(RUMOR))
    # What `info` says it was trained on (an audit of session 27: "not recorded", with all of it in the file).
    out = run("info", "--model", model_path)
    assert out.returncode == 0, out.stderr
    digest = model.metadata["training_data"][0]["sha256"][:12]
    size = data.stat().st_size
    assert f"trained on   {data.parent.name}/train.jsonl ({size} bytes, sha256 {digest}...): 24 articles, 12 credible (1), 12 not (0)" in out.stdout
    assert re.search(r"^cross-val\.   ROC AUC \d\.\d{3} over 5 folds of its own data \(not new sources\)$", out.stdout, re.MULTILINE)


def test_train_rejects_bad_data(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", _labeled(6))
    out = run("train", data, "--out", tmp_path / "m.json")  # named labels without --label-map
    assert out.returncode == 2
    assert f"{data}:1" in out.stderr and "label" in out.stderr and "--label-map" in out.stderr
    out = run("train", data, "--out", tmp_path / "m.json", "--label-map", "fake0,real=1")
    assert out.returncode == 2 and "--label-map" in out.stderr
    one_class = write_jsonl(tmp_path / "one.jsonl", [{"text": ARTICLES[0], "label": 1}] * 6)
    out = run("train", one_class, "--out", tmp_path / "m.json")
    assert out.returncode == 2 and "both labels" in out.stderr
    assert not (tmp_path / "m.json").exists()


def test_language_note_when_available(tmp_path: Path) -> None:
    pytest.importorskip("credscore._language", reason="language check not in this version")
    article = tmp_path / "es.txt"
    article.write_text(
        "El ayuntamiento aprobó ayer el presupuesto municipal con los votos de la mayoría, según fuentes "
        "del gobierno local, que también anunciaron nuevas inversiones en transporte público para el año próximo.",
        encoding="utf-8",
    )
    out = run("score", article)
    assert out.returncode == 0
    row = rows(out.stdout)[0]
    assert "English" in row["note"] and row["risk"] == "unknown" == credscore.explain(article.read_text()).risk


def test_risk_is_unknown_when_the_body_as_read_is_not_english(tmp_path: Path) -> None:
    # An audit (session 41): Spanish with one English sentence repeated looks English raw, but the scorer reads
    # the repeats once, finds the body Spanish and gives the neutral score; the row said risk "medium" with no
    # note where explain() says "unknown".
    es = ("El alcalde dijo el lunes que el consejo de la ciudad se reunirá de nuevo la próxima semana para discutir "
          "el presupuesto, según un comunicado publicado por la oficina del secretario municipal. ")
    es2 = ("Los vecinos del barrio pidieron más información sobre las obras y los costes del proyecto, y la "
           "oposición criticó la falta de transparencia del gobierno local en todo el proceso. ")
    en = "The council said on Monday that it would publish the full report of the inquiry next month."
    text = es + es2 + "\n\n" + es2.replace("vecinos", "vecinos 0") + "\n\n" + "\n\n".join([en] * 10)
    from credscore._language import looks_english

    assert looks_english(text) and credscore.explain(text).risk == "unknown"  # the case the test is about
    path = write_jsonl(tmp_path / "mix.jsonl", [{"text": text}])
    row = rows(run("score", path).stdout)[0]
    assert row["score"] == 0.5 and row["risk"] == "unknown" and "English" in row["note"]


def test_notes_name_the_models_own_neutral_score(tmp_path: Path) -> None:
    # A model for a stream with 30 % credible articles scores text it cannot
    # judge 0.3, and the CLI note must say so rather than "0.5".
    model_path = tmp_path / "prior30.json"
    credscore.default_model().with_prior(0.3).save(model_path)
    short = tmp_path / "short.txt"
    short.write_text("Officials said the bridge would reopen soon.", encoding="utf-8")
    german = tmp_path / "de.txt"
    german.write_text(
        "Die Regierung hat am Montag angekündigt, dass die Brücke im Frühjahr wieder geöffnet wird, "
        "nachdem die Arbeiten an den Pfeilern abgeschlossen sind und die Prüfer ihre Berichte vorgelegt haben.",
        encoding="utf-8",
    )
    out = run("score", short, german, "--model", model_path)
    assert out.returncode == 0, out.stderr
    got = rows(out.stdout)
    assert [r["score"] for r in got] == [0.3, 0.3]
    assert "neutral 0.3" in got[0]["note"] and "0.5" not in got[0]["note"]
    assert "English" in got[1]["note"] and "neutral score 0.3" in got[1]["note"]
    assert "too little text" not in got[1]["note"]


@pytest.mark.parametrize("name", ["well_sourced.txt", "rumor_style.txt"])
def test_explain_text_parts_add_up_to_the_score_and_name_weightless_signals(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each signal's line, the signals' part with none found, style, patterns, the tone cap and the
    # baseline are the whole logit (each printed to 3 decimals); a signal the model gives no weight
    # says so rather than showing a bare +0.000.
    import math
    import re

    path = Path(__file__).parent / "fixtures" / name
    from credscore import cli

    assert cli.main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    score = float(re.search(r"score (\d\.\d+)", out).group(1))  # type: ignore[union-attr]
    parts = [float(m) for m in re.findall(r"^  \w+  ([+-]\d\.\d{3})  \(", out, re.MULTILINE)]
    parts += [float(m) for m in re.findall(r"^  (?:signals' part|writing style|writing patterns|tone cap|baseline) .*  ([+-]\d+\.\d{3})$", out, re.MULTILINE)]
    assert len(parts) >= 5
    assert abs(1 / (1 + math.exp(-sum(parts))) - score) < 0.005
    ex = credscore.explain(path.read_text(encoding="utf-8"))
    for r in ex.signals:
        assert (f"{r.name}  +0.000  ({r.count} span{'s' if r.count != 1 else ''}; the model gives it no weight)" in out) == (r.contribution == 0)


def test_cli_info_describes_the_shipped_model_and_a_recalibrated_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json as json_

    from credscore import cli
    from credscore._api import shipped_model_bytes

    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"sha256       {shipped_model_bytes()[1]}" in out and "prior        0.5 " in out
    assert "26 of them signals" in out and "recalibrated" not in out
    fixtures = Path(__file__).parent / "fixtures"
    good = (fixtures / "well_sourced.txt").read_text(encoding="utf-8")
    bad = (fixtures / "rumor_style.txt").read_text(encoding="utf-8")
    texts = [good + " Officials said so." * i for i in range(20)] + [bad + " Share this!" * i for i in range(20)]
    once = credscore.recalibrate(texts, [1] * 20 + [0] * 20, prior=0.3)
    twice = credscore.recalibrate(texts, [1] * 20 + [0] * 20, model=once)
    path = tmp_path / "mine.json"
    twice.save(path)
    assert cli.main(["info", "--model", str(path), "--json"]) == 0
    facts = json_.loads(capsys.readouterr().out)
    assert facts["model"] == str(path) and facts["prior"] == 0.5
    assert facts["recalibrated"]["n"] == 40 and facts["recalibrated"]["previous"]["prior"] == 0.3
    assert cli.main(["info", "--model", str(path)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("recalibrated")]
    assert len(lines) == 2 and lines[0].endswith("prior 0.5") and lines[1].endswith("prior 0.3")
    # A prior set after the recalibration: both are said, and which one the scores assume (session 27's audit).
    moved = tmp_path / "moved.json"
    twice.with_prior(0.9).save(moved)
    assert cli.main(["info", "--model", str(moved)]) == 0
    out = capsys.readouterr().out
    assert "0.9 (the share of credible articles its scores assume); set after its recalibration, fitted at prior 0.5" in out
    assert cli.main(["info", "--model", str(path)]) == 0
    assert "set after its recalibration" not in capsys.readouterr().out
    assert cli.main(["info", "--model", str(tmp_path / "missing.json")]) == 2
    assert "model file not found" in capsys.readouterr().err


def test_cli_recalibrate_reads_a_csv_saved_with_a_byte_order_mark_as_evaluate_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit (session 27): with Excel's "CSV UTF-8" (a BOM) and the title as first column, recalibrate
    dropped every headline without a word (the column read as "\\ufefftitle") and fitted another model."""
    from credscore import cli

    fixtures = Path(__file__).parent / "fixtures"
    good = (fixtures / "well_sourced.txt").read_text(encoding="utf-8")
    bad = (fixtures / "rumor_style.txt").read_text(encoding="utf-8")
    rows = [(f"Council passes budget {i}", good + " Officials said so." * i, 1) for i in range(12)]
    rows += [(f"SHOCKING: you won't believe {i}!!!", bad + " Share this!" * i, 0) for i in range(12)]
    buf = io.StringIO()
    csv.writer(buf).writerows([("title", "text", "label"), *rows])
    plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
    plain.write_text(buf.getvalue(), encoding="utf-8")
    marked.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    out = {name: tmp_path / f"{name}.json" for name in ("plain", "marked", "untitled", "replaced")}
    assert cli.main(["recalibrate", str(plain), "--out", str(out["plain"])]) == 0
    assert cli.main(["recalibrate", str(marked), "--out", str(out["marked"])]) == 0
    assert cli.main(["recalibrate", str(plain), "--out", str(out["untitled"]), "--title-field", ""]) == 0
    broken = tmp_path / "broken.csv"  # a byte that is not UTF-8 in a headline: an error, or U+FFFD when asked
    broken.write_bytes(buf.getvalue().encode("utf-8").replace(b"Council passes budget 3", b"Council passes budget \xff"))
    assert cli.main(["recalibrate", str(broken), "--out", str(out["replaced"])]) == 2
    assert re.search(r"broken\.csv:\d+: not valid UTF-8 at byte offset \d+ \(use --encoding-errors=replace", capsys.readouterr().err)
    assert cli.main(["recalibrate", str(broken), "--out", str(out["replaced"]), "--encoding-errors", "replace"]) == 0
    fitted = {name: json.loads(path.read_text(encoding="utf-8"))["metadata"]["recalibrated"] for name, path in out.items()}
    assert fitted["marked"] == fitted["plain"] != fitted["untitled"]


def test_an_unknown_option_shows_the_commands_usage_and_its_nearest_option(capsys: pytest.CaptureFixture[str]) -> None:
    from credscore import cli

    # It printed the top level's usage, which lists no option of the command (audit); train and recalibrate
    # spell the output --out, score --output.
    with pytest.raises(SystemExit) as info:
        cli.main(["score", "in.jsonl", "--out", "scores.jsonl"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "usage: credscore score" in err
    assert "credscore score: error: unrecognized arguments: --out scores.jsonl (did you mean --output?)" in err
    with pytest.raises(SystemExit):
        cli.main(["evaluate", "in.jsonl", "--bogus"])
    err = capsys.readouterr().err
    assert "usage: credscore evaluate" in err and err.rstrip().endswith("unrecognized arguments: --bogus")


def test_cli_info_escapes_what_a_model_file_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An audit: metadata holding ESC coloured the terminal and a line break forged a "sha256" line.
    import json as json_

    from credscore import cli
    from credscore._api import shipped_model_bytes

    data = json_.loads(shipped_model_bytes()[0])
    data["metadata"]["corpora"] = ["\x1b[31mRED\x1b[0m", "x\nsha256       0000fake"]
    path = tmp_path / "m.json"
    path.write_text(json_.dumps(data), encoding="utf-8")
    assert cli.main(["info", "--model", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31mRED\\x1b[0m" in out
    assert not any(line.startswith("sha256       0000fake") for line in out.splitlines())
    assert "x\\nsha256       0000fake" in out


def test_recalibrate_refuses_to_write_over_the_model_it_reads(tmp_path: Path) -> None:
    # An audit (session 41): score -o and explain --html refuse to replace the --model file they read;
    # recalibrate --out replaced it silently.
    model = tmp_path / "m.json"
    credscore.default_model().save(model)
    before = model.read_bytes()
    data = write_jsonl(tmp_path / "d.jsonl", [{"text": ARTICLES[i % len(ARTICLES)], "label": i % 2} for i in range(8)])
    out = run("recalibrate", data, "--model", model, "--out", model)
    assert out.returncode == 2 and "also an input" in out.stderr and model.read_bytes() == before


def test_evaluate_checks_the_card_before_the_study(tmp_path: Path) -> None:
    # An audit (session 41): --card naming a folder was found after the whole study ("Is a directory").
    (tmp_path / "data" / "corpora").mkdir(parents=True)
    card = tmp_path / "card"
    card.mkdir()
    out = run("evaluate", "--data", tmp_path / "data", "--update-card", "--card", card)
    assert out.returncode == 2 and "cannot write" in out.stderr and "folder" in out.stderr


def test_a_broken_installation_is_an_error_not_an_internal_one(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # The shipped model's ModelFormatError (a checksum file gone) says what to do; it is no credscore bug.
    from credscore import _api, cli
    from credscore._model import ModelFormatError

    def broken() -> tuple[bytes, str]:
        raise ModelFormatError("the shipped model's checksum file x.sha256 is missing next to it in y; reinstall credscore")

    monkeypatch.setattr(_api, "shipped_model_bytes", broken)
    assert cli.main(["info"]) == 3
    err = capsys.readouterr().err
    assert "reinstall credscore" in err and "internal error" not in err and "please report" not in err


def test_timeout_is_at_most_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    from credscore import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["score", "--urls", "-", "--timeout", "1e12"])
    assert stop.value.code == 2 and "at most 86400 seconds" in capsys.readouterr().err
    args = cli.build_parser().parse_args(["score", "--timeout", "86400"])
    assert cli._fetch_options(args).total_timeout == 86400  # 3x the timeout, but no more than a day
