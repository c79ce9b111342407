"""The built wheel works on its own: fresh venv, no source tree, the model inside.

Slow (builds a wheel, installs numpy/scikit-learn/hyperscan into a new venv;
about 30 s with a warm pip cache) but not skipped: it is the only test that
catches a model file or data file missing from the package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA_FILES = ("credscore-model.json", "credscore-model.json.sha256", "MODEL_CARD.md")

PROBE = f"""
import json, importlib.resources, sys, credscore
sys.path.insert(0, {str(REPO / "tests")!r})  # tests/golden.py: the golden cases and how a case is scored
from golden import case_result, load_texts
DATA_FILES = {DATA_FILES!r}
text = "Sources said the mayor allegedly took bribes. The mayor's office denied the reports."
data = importlib.resources.files("credscore") / "_data"
print(json.dumps({{
    "file": credscore.__file__,
    "score": credscore.score(text),
    "explain_score": credscore.explain(text).score,
    "data": {{name: (data / name).is_file() and len((data / name).read_bytes()) for name in DATA_FILES}},
    "golden": [case_result(credscore, c) for c in load_texts()],
}}))
"""


def _run(cmd: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.mark.slow
def test_wheel_installs_and_scores_in_a_fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> None:
    work = tmp_path_factory.mktemp("wheel")
    assert REPO not in work.resolve().parents, "the venv must live outside the repository"
    dist, venv, elsewhere = work / "dist", work / "venv", work / "cwd"
    elsewhere.mkdir()

    # Build with pip, as a user would (the pip cache is reused: no --no-cache-dir).
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)], cwd=elsewhere)
    (wheel,) = dist.glob("credscore-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for name in DATA_FILES:
        assert f"credscore/_data/{name}" in names
    assert "credscore/py.typed" in names
    assert not any(n.startswith(("tests/", "credscore/tests/")) for n in names)

    # A fresh venv; this interpreter's pip installs into it (faster than
    # bootstrapping pip inside the venv), dependencies included.
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=elsewhere)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)], cwd=elsewhere)

    out = _run([str(python), "-c", PROBE], cwd=elsewhere).stdout
    result = json.loads(out.strip().splitlines()[-1])
    installed = Path(result["file"]).resolve()
    assert venv.resolve() in installed.parents, f"imported the source tree, not the wheel: {installed}"
    # The installed wheel gives the source tree's numbers: the pinned golden scores, to 1e-9.
    gold = json.loads((REPO / "tests" / "data" / "golden.json").read_text(encoding="utf-8"))["cases"]
    assert [c["name"] for c in result["golden"]] == [c["name"] for c in gold]
    for got, want in zip(result["golden"], gold):
        assert abs(got["score"] - want["score"]) <= 1e-9, (got["name"], got["score"], want["score"])
        assert got["risk"] == want["risk"] and [k for k, _ in got["top"]] == [k for k, _ in want["top"]]
    assert result["explain_score"] == result["score"]
    for name in DATA_FILES:
        assert result["data"][name], f"credscore/_data/{name} is missing or empty in the installed package"
