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


def test_a_models_file_is_written_once_per_process_and_removed_with_the_model() -> None:
    import gc

    from credscore._api import _Shipment

    shipment = _Shipment()
    model = credscore.default_model().with_prior(0.4)
    first = shipment.model(model)
    assert shipment.model(model) == first  # not written again
    assert model_from_file(*first).prior == 0.4
    other = shipment.model(credscore.default_model())
    assert other[0] != first[0]
    path = Path(first[0])
    del model
    gc.collect()
    assert not path.exists()
    assert Path(other[0]).exists()


def test_a_shipped_file_that_went_missing_is_written_again() -> None:
    from credscore._api import _Shipment

    shipment = _Shipment()
    model = credscore.default_model()
    path, digest = shipment.model(model)
    Path(path).unlink()
    again = shipment.model(model)
    assert Path(again[0]).is_file() and again[1] == digest
    dbs = shipment.databases()
    assert shipment.databases() is dbs  # written once
    (_key, db_path) = dbs["text"]
    Path(db_path).unlink()
    assert Path(shipment.databases()["text"][1]).is_file()


def test_batches_are_dispatched_in_pieces_of_about_dispatch_chars(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore import _api

    monkeypatch.setattr(_api, "DISPATCH_CHARS", 10)
    texts = ["abcd", "efgh", "ijkl", "m", "nopqrstuvwxyz", "", "q"]
    titles = [f"t{i}" for i in range(len(texts))]
    pieces = list(_api._dispatch_pieces((texts, titles)))
    assert [p[0] for p in pieces] == [["abcd", "efgh", "ijkl"], ["m", "nopqrstuvwxyz"], ["", "q"]]
    assert [p[1] for p in pieces] == [["t0", "t1", "t2"], ["t3", "t4"], ["t5", "t6"]]
    assert list(_api._dispatch_pieces(([], []))) == []


def test_workers_given_pieces_of_a_batch_score_like_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore import _api

    monkeypatch.setattr(_api, "DISPATCH_CHARS", 100)  # every batch of 4 documents is cut in pieces
    docs = DOCS * 3
    serial = credscore.score_many(docs, n_jobs=1)
    assert credscore.score_many(docs, n_jobs=2, batch_size=4).tolist() == serial.tolist()


def test_the_shipment_directory_goes_with_the_shipment() -> None:
    import gc

    from credscore._api import _Shipment

    shipment = _Shipment()
    path, _ = shipment.model(credscore.default_model())
    folder = Path(path).parent
    assert folder.is_dir() and folder.name.startswith("credscore-workers-")
    del shipment
    gc.collect()
    assert not folder.exists()
