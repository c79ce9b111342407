"""The stage benchmark composes score_many from its stages: its staged path must give score_many's scores.

``benchmarks/bench_stages.py`` asserts that the stages it times, run one after
another, give the scores ``score_many`` gives; when a stage is added to the
scorer and not to the benchmark, the table would time another computation
than the one users run. Run here on a small draw of the shared corpora (its
timings are not checked); skipped without them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


@pytest.mark.skipif(not (DATA / "corpora").is_dir(), reason="shared corpora absent")
def test_staged_path_gives_score_many_scores(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "benchmarks" / "bench_stages.py"
    spec = importlib.util.spec_from_file_location("_credscore_bench_stages", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    assert module.main(["--mb", "0.3", "--repeat", "1", "--data", str(DATA), "--skip-loop-costs"]) == 0
    out = capsys.readouterr().out
    assert "body: repeated headline and page furniture lines left out" in out
    assert "score_many end to end" in out
