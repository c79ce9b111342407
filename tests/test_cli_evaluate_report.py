"""``credscore evaluate``'s up-front checks and its printed table.

``--plots`` without matplotlib is a usage error before any input is read (it
used to cost the whole run and leave DIR empty).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import credscore._evaluate
from credscore import cli
from credscore._study import CONTROL_NOTE
from credscore._version import install_command

TEXTS = [
    "The city council voted 7-2 on Monday to approve the budget, according to minutes published by the clerk.",
    "Sources say the senator secretly took money, and insiders claim the deal was hidden. Share this now!",
]


def _labeled(tmp_path: Path, n: int = 6) -> Path:
    path = tmp_path / "lab.jsonl"
    path.write_text("".join(json.dumps({"text": TEXTS[i % 2], "label": 1 - i % 2}) + "\n" for i in range(n)), encoding="utf-8")
    return path


@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import matplotlib`` raises ImportError, as where the plots extra is not installed."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the evaluation starts (scoring, cross-validation)."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the evaluation ran before the usage error")

    monkeypatch.setattr(credscore._evaluate, "evaluate_batches", refuse)


@pytest.mark.usefixtures("no_matplotlib", "no_work")
def test_plots_without_matplotlib_fail_before_reading_any_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = tmp_path / "plots"
    status = cli.main(["evaluate", str(_labeled(tmp_path)), "--cv", "3", "--plots", str(plots)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"credscore evaluate: error: plots need matplotlib: {install_command('plots')}" in err
    assert not plots.exists()


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("where", ["file", "under_a_file"])
def test_plots_that_name_no_folder_fail_before_reading_any_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """An audit (session 37): `--plots afile` ran the whole evaluation, wrote --json's file, then stopped with
    "File exists (afile)" (exit 3); the other outputs are checked before anything is read (exit 2)."""
    afile = tmp_path / "afile"
    afile.write_text("keep")
    plots = afile if where == "file" else afile / "plots"
    report = tmp_path / "r.json"
    status = cli.main(["evaluate", str(_labeled(tmp_path)), "--plots", str(plots), "--json", str(report)])
    err = capsys.readouterr().err
    assert status == 2 and f"--plots {plots}: " in err, err
    assert afile.read_text() == "keep" and not report.exists()


@pytest.mark.usefixtures("no_work")
@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no folder can be made")
def test_plots_where_no_folder_can_be_made_fail_before_reading_any_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit (session 40): only the nearest existing folder was checked, so `--plots /proc/nope/plots`
    ran the whole evaluation, wrote --json's file, then stopped with "No such file or directory" (exit 3)."""
    report = tmp_path / "r.json"
    status = cli.main(["evaluate", str(_labeled(tmp_path)), "--plots", "/proc/credscore-nope/plots", "--json", str(report)])
    err = capsys.readouterr().err
    assert status == 2 and "--plots /proc/credscore-nope/plots: cannot write" in err, err
    assert not report.exists()


def test_a_plots_folder_made_for_a_run_that_fails_is_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The check makes the folder (and tries a file in it); a run that then fails leaves nothing behind.
    plots = tmp_path / "new" / "plots"
    status = cli.main(["evaluate", str(tmp_path / "missing.jsonl"), "--plots", str(plots)])
    assert status == 2, capsys.readouterr().err
    assert not (tmp_path / "new").exists()


@pytest.mark.usefixtures("no_matplotlib")
def test_the_corpus_study_checks_for_matplotlib_first_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = tmp_path / "plots"
    (tmp_path / "corpora").mkdir()
    assert cli.main(["evaluate", "--data", str(tmp_path), "--plots", str(plots)]) == 2
    assert "plots need matplotlib" in capsys.readouterr().err
    assert not plots.exists()


# --- the corpus study's printed table ---------------------------------------------------


def _study_report() -> object:
    import numpy as np

    from credscore._evaluate import Metrics
    from credscore._study import HeldOut, StudyReport

    rng = np.random.default_rng(0)
    y = np.array([0, 1] * 20)
    p = np.clip(0.3 + 0.4 * y + rng.normal(0, 0.2, y.size), 0.01, 0.99)
    held = HeldOut("horne", Metrics.of(y, p, n_boot=50), Metrics.of(y, p, n_boot=0), 0.1, 0.05, 0.5, 0.08)
    # As run_study scores the control: a model of the whole pool, no interval (n_boot=0), no nested check.
    control = HeldOut("fakes", Metrics.of(y, p[::-1], n_boot=0), Metrics.of(y, p, n_boot=0))
    rep = StudyReport(rows=[held], control=[control], pool=("horne",))
    rep.scores["horne"] = (y, p)
    return rep


def test_the_study_prints_n_a_and_says_why_for_the_control(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import credscore._cli_evaluate as cli_evaluate

    report = _study_report()
    monkeypatch.setattr(cli_evaluate, "_study_function", lambda: lambda data_dir, **kwargs: report)
    (tmp_path / "corpora").mkdir()
    monkeypatch.setenv("CREDSCORE_DATA", str(tmp_path))
    assert cli.main(["evaluate"]) == 0
    out, err = capsys.readouterr()
    # Said first, on stderr: a user who piped their own file without "-" learns at once what runs instead.
    assert f"no DATA files: the leave-one-corpus-out study of {tmp_path}" in err and "(- reads stdin)" in err
    assert "--progress shows its progress" in err  # (stderr is no terminal here)
    assert cli.main(["evaluate", "--data", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    # with --data the study was asked for: no word of DATA files (an audit)
    assert f"the leave-one-corpus-out study of {tmp_path} (several minutes; --progress" in err
    assert "no DATA files" not in err
    assert "nan" not in out
    table = [line for line in out.splitlines() if line.startswith("|")]
    control = next(line for line in table if line.startswith("| fakes (control) |"))
    cells = [c.strip() for c in control.split("|")]
    assert "[n/a]" in control and cells.count("n/a") == 3  # balanced ECE, nested false alarms and misses
    held = next(line for line in table if line.startswith("| horne |"))
    assert "n/a" not in held
    notes = [line for line in out.splitlines() if line.startswith("n/a: ")]
    assert notes == [CONTROL_NOTE]
    # The model card gets the same table (--update-card writes to_markdown()).
    assert report.to_markdown() in out and "nan" not in report.to_markdown()
    # Right under the table, before the paragraph after it.
    lines = out.splitlines()
    assert lines.index(notes[0]) == lines.index(table[-1]) + 2
