"""The licences are stated where users look, and a model can be built from chosen corpora only."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from credscore import cli

REPO = Path(__file__).resolve().parents[1]


def _section(markdown: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert match, f"no '## {heading}' section"
    return " ".join(match.group(1).split())


def test_package_metadata_separates_code_and_model_licences() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = meta["license"]["text"]
    assert text.startswith("Apache-2.0 for the code")
    assert "credscore-model.json) is not Apache-2.0" in text
    assert "non-commercial use only" in text and "CC BY-NC-SA 4.0" in text and "--corpora" in text
    assert (REPO / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")


def test_readme_and_model_card_state_both_licences() -> None:
    readme = _section((REPO / "README.md").read_text(encoding="utf-8"), "Licence")
    for words in ("Apache License 2.0", "shipped model", "CC BY-NC-SA 4.0", "non-commercial use only", "--corpora"):
        assert words in readme
    card_text = (REPO / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    card = _section(card_text, "Licence and terms")
    for words in ("Apache-2.0", "this model is not", "non-commercial use only", "--list-corpora", "--corpora"):
        assert words in card
    # Near the top: before the features and the training data.
    assert card_text.index("## Licence and terms") < card_text.index("## Features")


def test_every_non_commercial_training_corpus_is_named_where_the_licence_is_stated() -> None:
    from credscore._corpora import CORPORA, TRAIN

    statements = {
        "pyproject.toml": tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]["text"],
        "README.md": _section((REPO / "README.md").read_text(encoding="utf-8"), "Licence"),
        "MODEL_CARD.md": _section((REPO / "models" / "MODEL_CARD.md").read_text(encoding="utf-8"), "Licence and terms"),
    }
    licences = {m.group(0) for name in TRAIN for m in re.finditer(r"CC BY-NC[-A-Z]*(?: \d\.\d)?", CORPORA[name].terms)}
    assert licences  # the shipped model does train on non-commercial data
    for where, text in statements.items():
        missing = [lic for lic in sorted(licences) if lic not in text]
        assert not missing, f"{where} does not name {missing}"


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """build_shipped_model replaced by a recorder that writes a file, so the CLI side runs in a second."""
    import credscore._shipped as shipped

    calls: list[dict[str, Any]] = []

    def build(data_dir: Path, out_dir: Path, **kwargs: Any) -> None:
        calls.append({"data_dir": data_dir, **kwargs})
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / shipped.MODEL_NAME).write_text("{}", encoding="utf-8")

    monkeypatch.setattr(shipped, "build_shipped_model", build)
    (tmp_path / "data" / "corpora").mkdir(parents=True)
    return calls


def test_build_model_passes_the_chosen_corpora(fake_build: list[dict[str, Any]], tmp_path: Path, capsys: Any) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    assert cli.main(["build-model", "--data", str(data), "--out-dir", str(out), "--corpora", "horne, llmfake,horne"]) == 0
    assert fake_build[-1]["corpora"] == ("horne", "llmfake")
    assert "(corpora: horne, llmfake)" in capsys.readouterr().out
    # Without --corpora the build uses its own default list.
    assert cli.main(["build-model", "--data", str(data), "--out-dir", str(out)]) == 0
    assert "corpora" not in fake_build[-1]


def test_build_model_refuses_unknown_corpora(fake_build: list[dict[str, Any]], tmp_path: Path, capsys: Any) -> None:
    data = tmp_path / "data"
    assert cli.main(["build-model", "--data", str(data), "--corpora", "horne,nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown corpus 'nope'" in err and "horne" in err and "--list-corpora" in err
    assert cli.main(["build-model", "--data", str(data), "--corpora", " , "]) == 2
    assert fake_build == []


def test_list_corpora_prints_each_corpus_and_its_terms(capsys: Any) -> None:
    from credscore._corpora import CORPORA

    assert cli.main(["build-model", "--list-corpora"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for name, info in CORPORA.items():
        assert f"{name} (" in out and " ".join(info.terms.split()) in out
    assert "CC BY-NC-SA 4.0" in out


@pytest.mark.corpora
@pytest.mark.slow
def test_build_model_from_chosen_corpora(tmp_path: Path) -> None:
    from credscore._corpora import find_data_dir

    data = find_data_dir(None)
    if data is None:
        pytest.skip("the shared corpora are not available")
    out = tmp_path / "model"
    assert cli.main(["build-model", "--data", str(data), "--corpora", "horne", "--out-dir", str(out)]) == 0
    meta = json.loads((out / "credscore-model.json").read_text(encoding="utf-8"))["metadata"]
    assert meta["corpora"] == ["horne"]
    assert [f["file"] for f in meta["training_data"]] == ["horne/articles.jsonl"]


def test_build_model_checks_its_out_dir_before_training(fake_build: list[dict[str, Any]], tmp_path: Path, capsys: Any) -> None:
    # An audit (session 41): a file as --out-dir, or a folder that cannot be made, was found only after the
    # training (minutes on the full corpora), as "File exists" with exit 3.
    data, afile = tmp_path / "data", tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert cli.main(["build-model", "--data", str(data), "--out-dir", str(afile)]) == 2
    assert "--out-dir" in capsys.readouterr().err and afile.read_text(encoding="utf-8") == "x"
    assert cli.main(["build-model", "--data", str(data), "--out-dir", str(afile / "sub")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert fake_build == []  # nothing was trained

