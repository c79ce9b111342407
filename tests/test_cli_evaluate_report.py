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
    assert 'credscore evaluate: error: plots need matplotlib: pip install "credscore[plots]"' in err
    assert not plots.exists()


@pytest.mark.usefixtures("no_matplotlib")
def test_the_corpus_study_checks_for_matplotlib_first_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = tmp_path / "plots"
    (tmp_path / "corpora").mkdir()
    assert cli.main(["evaluate", "--data", str(tmp_path), "--plots", str(plots)]) == 2
    assert "plots need matplotlib" in capsys.readouterr().err
    assert not plots.exists()
