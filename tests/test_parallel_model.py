"""score_many(n_jobs=2) ships the caller's model to the workers once, as a file, and scores with it."""

from __future__ import annotations

from pathlib import Path

import pytest

import credscore
from credscore._api import model_from_file, ship_model
from credscore._model import ModelFormatError

DOCS = [
    "Sources said the mayor allegedly took bribes, but officials denied it on Monday.",
    "The council voted 7-2 on Tuesday to approve the budget, the clerk said in a statement.",
    "SHOCKING!!! You won't believe what they are hiding from you, share before it is deleted!",
    "Dr. Ann Lee, a professor at Yale, said 45% of the samples were contaminated.",
]


def test_workers_score_with_the_callers_model() -> None:
    model = credscore.default_model().with_prior(0.3)
    serial = credscore.score_many(DOCS, model=model, n_jobs=1, batch_size=1)
    parallel = credscore.score_many(DOCS, model=model, n_jobs=2, batch_size=1)
    assert parallel.tolist() == serial.tolist()
    # and not with the shipped one
    assert parallel.tolist() != credscore.score_many(DOCS, n_jobs=1).tolist()


def test_the_shipped_file_rebuilds_the_same_model(tmp_path: Path) -> None:
    model = credscore.default_model().with_prior(0.7)
    path, digest = ship_model(model, tmp_path)
    again = model_from_file(path, digest)
    assert again.to_dict() == model.to_dict()


def test_a_changed_model_file_is_refused(tmp_path: Path) -> None:
    path, digest = ship_model(credscore.default_model(), tmp_path)
    Path(path).write_text(Path(path).read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(ModelFormatError, match="changed while scoring"):
        model_from_file(path, digest)
