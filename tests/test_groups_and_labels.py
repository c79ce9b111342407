"""Groups and labels as users' own data holds them: a missing group is an error, not a group named
"None" or "nan", and pandas' missing values are named as missing (a user audit found both)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import credscore
from credscore._data import map_labels
from credscore.cli import main

CREDIBLE = "The council voted 7-2 on Monday to approve the budget, according to the minutes, the clerk said on Tuesday."
DUBIOUS = "SHOCKING!!! Sources say the council is hiding the TRUTH about the budget. Share before it is deleted!!!"
TEXTS = [f"{CREDIBLE} Item {i}." for i in range(6)] + [f"{DUBIOUS} Item {i}." for i in range(6)]
LABELS = [1] * 6 + [0] * 6


@pytest.mark.parametrize("missing", [None, float("nan"), "", "  "])
def test_a_missing_group_is_refused_by_train_and_evaluate(missing: Any) -> None:
    groups: list[Any] = ["a", "b"] * 6
    groups[3] = missing
    with pytest.raises(ValueError, match=r"groups\[3\] is a missing or empty group"):
        credscore.train(TEXTS, LABELS, groups=groups)
    with pytest.raises(ValueError, match=r"groups\[3\] is a missing or empty group"):
        credscore.evaluate(TEXTS, LABELS, groups=groups)


def test_pandas_missing_values_are_missing_groups() -> None:
    pd = pytest.importorskip("pandas")
    groups = pd.Series(["a", "b"] * 5 + [pd.NA, "a"], dtype="string")
    with pytest.raises(ValueError, match=r"groups\[10\] is a missing or empty group"):
        credscore.evaluate(TEXTS, LABELS, groups=groups)


def _write(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "labeled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row_group", "message"),
    [({}, "missing group field 'pub'"), ({"pub": None}, "missing or empty group"), ({"pub": ""}, "missing or empty group")],
)
def test_cli_train_refuses_a_row_without_its_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], row_group: dict[str, Any], message: str
) -> None:
    # `credscore train --group-field pub` put such rows in a group "" or "None" and went on (exit 0);
    # `credscore evaluate` refused the same file.
    rows = [{"text": t, "label": y, "pub": "ab"[i % 2]} for i, (t, y) in enumerate(zip(TEXTS, LABELS))]
    rows[4] = {k: v for k, v in rows[4].items() if k != "pub"} | row_group
    data = _write(tmp_path, rows)
    out = tmp_path / "model.json"
    status = main(["train", str(data), "--group-field", "pub", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and message in err and f"{data}:5" in err, err
    assert not out.exists()


def test_cli_train_refuses_a_group_field_no_row_has(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write(tmp_path, [{"text": t, "label": y} for t, y in zip(TEXTS, LABELS)])
    status = main(["train", str(data), "--group-field", "nosuch", "--out", str(tmp_path / "m.json")])
    assert status == 2 and "missing group field 'nosuch'" in capsys.readouterr().err


@pytest.mark.parametrize("dtype", ["Int64", "string"])
def test_classifier_names_a_pandas_missing_label(dtype: str) -> None:
    # A pandas NA label crashed inside scikit-learn ("Unknown label type") or pandas ("boolean value of NA
    # is ambiguous") instead of the message None and NaN get.
    pd = pytest.importorskip("pandas")
    from credscore import CredscoreClassifier

    values: list[Any] = LABELS[:-1] + [None]
    if dtype == "string":
        values = [None if v is None else ("real" if v else "fake") for v in values]
    y = pd.Series(values, dtype=dtype)
    with pytest.raises(ValueError, match=r"y\[11\] is missing"):
        CredscoreClassifier(credible_label="real" if dtype == "string" else 1).fit(TEXTS, y)


def _leaky(copies: int) -> tuple[list[str], list[int]]:
    """Articles of two styles, each text ``copies`` times."""
    texts, labels = [], []
    for i in range(8):
        for _ in range(copies):
            texts.append(f"{CREDIBLE} Item {i}, said official number {i * 7}.")
            labels.append(1)
            texts.append(f"{DUBIOUS} Item {i}!!! Number {i * 7}!!!")
            labels.append(0)
    return texts, labels


def test_copies_of_a_text_stay_in_one_fold(caplog: pytest.LogCaptureFixture) -> None:
    from credscore._train import duplicate_keys, stratified_folds

    texts, labels = _leaky(3)
    import numpy as np

    y = np.asarray(labels)
    with caplog.at_level("WARNING", logger="credscore"):
        same = duplicate_keys(texts)
    assert same is not None and "32 of 48 articles repeat another article's text" in caplog.text
    for tr, te in stratified_folds(y, 4, 0, same):
        assert not set(same[tr].tolist()) & set(same[te].tolist())  # no text on both sides
        assert set(y[tr].tolist()) == {0, 1}
    assert duplicate_keys(texts[::3]) is None


def test_cli_train_and_evaluate_cross_validate_copies_in_one_fold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The splits each command's cross-validation uses keep a text's copies together.
    import numpy as np

    from credscore import _train

    seen: list[np.ndarray | None] = []
    real = _train.stratified_folds

    def spy(y: np.ndarray, k: int, random_state: int, same: np.ndarray | None = None) -> Any:
        seen.append(same)
        return real(y, k, random_state, same)

    monkeypatch.setattr(_train, "stratified_folds", spy)
    texts, labels = _leaky(2)
    data = _write(tmp_path, [{"text": t, "label": y} for t, y in zip(texts, labels)])
    assert main(["train", str(data), "--folds", "3", "--out", str(tmp_path / "m.json")]) == 0
    assert main(["evaluate", str(data), "--cv", "3"]) == 0
    # train's cross-validation and its calibration, evaluate's folds: over all the articles; then each
    # fold's retraining calibrates on its part, copies together there too.
    assert all(s is not None for s in seen)
    full = [s for s in seen if s is not None and len(s) == len(texts)]
    assert len(full) >= 3 and all(len(set(s.tolist())) == len(texts) // 2 for s in full)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"shrink_words": float("nan")}, "shrink_words must be a number in"),
        ({"shrink_words": -65}, "shrink_words must be a number in"),
        ({"random_state": "a"}, "random_state must be an int"),  # a TypeError (the wrong type), the rest ValueErrors
        ({"random_state": 2**32}, "random_state must be an int"),
        ({"random_state": -1}, "random_state must be an int"),
        ({"C": float("inf")}, "C must be a positive number"),
        ({"metadata": {"x": float("nan")}}, r"metadata\['x'\] must be a finite number"),
    ],
)
def test_train_checks_its_options_before_reading_any_article(
    kwargs: dict[str, Any], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # They failed after the whole fit (shrink_words -65), deep in scikit-learn (NaN, a str random_state),
    # or only in save() (NaN metadata).
    from credscore import _train

    def no_scan(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the articles were read before the options were checked")

    monkeypatch.setattr(_train, "featurize", no_scan)
    error = TypeError if isinstance(kwargs.get("random_state"), str) else ValueError
    with pytest.raises(error, match=message):
        credscore.train(TEXTS, LABELS, **kwargs)


def test_with_prior_names_its_range() -> None:
    with pytest.raises(ValueError, match=r"prior must lie in \[1e-06, 0.999999\]"):
        credscore.default_model().with_prior(1e-9)


def test_evaluate_checks_n_boot_before_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    from credscore import _api

    monkeypatch.setattr(_api, "score_many", lambda *a, **k: (_ for _ in ()).throw(AssertionError("scored")))
    with pytest.raises(ValueError, match="n_boot must be an int >= 0"):
        credscore.evaluate(TEXTS, LABELS, n_boot=-1)


def test_a_format_1_file_with_later_fields_is_refused(tmp_path: Path) -> None:
    # A format 1 reader dropped them and scored otherwise (0.509 -> 0.492 in an audit).
    data = credscore.default_model().to_dict()
    data["format_version"] = 1
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(credscore.ModelFormatError, match="format_version 1 holds no"):
        credscore.load_model(path)


def test_recalibrate_names_itself_when_a_class_is_missing() -> None:
    with pytest.raises(ValueError, match=r"recalibration needs both classes \(0 and 1\); labels only contain \[1\]"):
        credscore.recalibrate(TEXTS, [1] * len(TEXTS))


def test_recalibrate_takes_a_label_map_as_train_does() -> None:
    texts = [f"{t} {t}" for t in TEXTS]  # 20+ words: judged, so recalibrated on
    named = ["real" if y else "fake" for y in LABELS]
    with_map = credscore.recalibrate(texts, named, label_map={"fake": 0, "real": 1})
    assert with_map.to_dict() == credscore.recalibrate(texts, LABELS).to_dict()


def test_the_strings_0_and_1_are_labels_in_python_as_on_the_command_line() -> None:
    # A CSV read as text holds "0" and "1"; the CLI took them, train/recalibrate/evaluate raised TypeError.
    as_str = [str(y) for y in LABELS]
    assert credscore.train(TEXTS, as_str, calibrate=False).to_dict() == credscore.train(TEXTS, LABELS, calibrate=False).to_dict()
    report = credscore.evaluate(TEXTS, as_str, n_boot=0)
    assert report.models[0].overall.auc == credscore.evaluate(TEXTS, LABELS, n_boot=0).models[0].overall.auc
    with pytest.raises(TypeError, match=r"labels\[0\] must be 0 or 1, got str 'real'"):
        credscore.train(TEXTS, ["real"] + as_str[1:])


def test_roc_plots_draw_the_largest_groups_that_have_both_labels() -> None:
    # A group of one label has no ROC curve: drawing the 8 largest groups listed such groups in the legend
    # with nothing drawn (an audit: every publisher of 300 recovery rows had one label).
    from credscore._benchmark_report import MAX_GROUPS_DRAWN, _curves

    groups = ["a"] * 6 + ["b"] * 6  # a holds label 1 only, b label 0 only (LABELS: six 1s, then six 0s)
    groups[0] = groups[6] = "mixed"
    report = credscore.evaluate(TEXTS, LABELS, groups=groups, n_boot=0)
    model = report.models[0]
    roc, suffix = _curves(report, model, both_labels=True)
    assert [name for name, *_ in roc][1:] == ["mixed"] and suffix == "\n1 largest of 1 groups with both labels"
    reliability, suffix = _curves(report, model)
    assert sorted(name for name, *_ in reliability[1:]) == ["a", "b", "mixed"] and suffix == ""
    assert MAX_GROUPS_DRAWN >= 3


def test_cli_train_with_groups_trains_as_python_train_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `--group-field` turned on equal group weights, which train(groups=...) leaves off (it generalised
    # worse), and cross-validated over stratified folds that split publishers: the same file gave another
    # model from the command line, and an optimistic figure. Now groups keep folds and calibration whole,
    # and equal weights take --balance-groups.
    pubs = [f"p{i % 4}" for i in range(len(TEXTS))]
    data = _write(tmp_path, [{"text": t, "label": y, "pub": g} for t, y, g in zip(TEXTS, LABELS, pubs)])
    out = tmp_path / "m.json"
    assert main(["train", str(data), "--group-field", "pub", "--folds", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2-fold cross-validation, grouped by pub" in printed and "fold models before calibration" in printed
    cli_model = credscore.load_model(out)
    py_model = credscore.train(TEXTS, LABELS, groups=pubs)
    assert cli_model.coef.tolist() == py_model.coef.tolist()
    assert main(["train", str(data), "--group-field", "pub", "--balance-groups", "--folds", "2", "--out", str(out)]) == 0
    assert credscore.load_model(out).coef.tolist() == credscore.train(TEXTS, LABELS, groups=pubs, balance_groups=True).coef.tolist()
    capsys.readouterr()
    assert main(["train", str(data), "--balance-groups", "--out", str(tmp_path / "x.json")]) == 2
    assert "give --group-field too" in capsys.readouterr().err


def test_groups_that_share_a_text_are_held_out_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Syndicated copies: the same texts under two publishers. Held out apart, a copy is scored by a model
    # trained on the other (an audit's retrained AUC 0.965 against 0.488 with the copies together).
    import numpy as np

    from credscore import _train

    texts, labels = _leaky(1)
    groups = [f"pub{i % 4}" for i in range(len(texts))]
    texts += texts[:4]
    labels += labels[:4]
    groups += ["wire"] * 4  # shares its texts with pub0..pub3
    held, merged = _train.merged_groups(groups, _train.duplicate_keys(texts, warn=False))
    assert merged == 4 and len(set(held.tolist())) == 1
    texts += [t + " Later." for t in texts[:8]]
    labels += labels[:8]
    groups += ["solo"] * 8  # its own texts: a group of its own
    same = _train.duplicate_keys(texts, warn=False)
    held, merged = _train.merged_groups(groups, same)
    assert merged == 4 and sorted(set(held.tolist())) == ["pub0", "solo"]
    with caplog.at_level("WARNING", logger="credscore"):
        model = credscore.train(texts, labels, groups=groups)
    assert "4 group(s) share texts with others" in caplog.text
    assert "leave-one-group-out over 2 groups (4 merged" in model.metadata["calibration"]["method"]
    from credscore import _evaluate

    real_folds = _evaluate._folds
    fold_groups: list[Any] = []
    monkeypatch.setattr(_evaluate, "_folds", lambda y, g, *a: fold_groups.append(g) or real_folds(y, g, *a))
    report = credscore.evaluate(texts, labels, groups, cv=2, n_boot=0)
    assert len(fold_groups) == 1 and np.array_equal(fold_groups[0], held)  # the merged groups make the folds
    assert any("4 group(s) share texts with others" in note for note in report.notes)
    assert any("4 of 28 articles repeat another article's text" in note for note in report.notes)
    data = _write(tmp_path, [{"text": t, "label": y, "pub": g} for t, y, g in zip(texts, labels, groups)])
    real_split = _train.stratified_folds
    split_keys: list[Any] = []
    monkeypatch.setattr(_train, "stratified_folds", lambda y, k, r, same=None: split_keys.append(same) or real_split(y, k, r, same))
    assert main(["train", str(data), "--group-field", "pub", "--folds", "2", "--out", str(tmp_path / "m.json")]) == 0
    assert np.array_equal(split_keys[0], held)  # the command's cross-validation folds: the merged groups
    out = capsys.readouterr().out
    assert "4 group(s) in --group-field pub share texts with others" in out and "grouped by pub" in out
    assert not np.array_equal(held, np.asarray(groups, dtype=object))


def test_few_per_class_counts_distinct_texts_of_each_class() -> None:
    """The small-sample warning counts each class's own distinct texts (copies once), not the other class's."""
    import numpy as np

    from credscore._train import FEW_PER_CLASS, _few_per_class

    y = np.array([1] * 30 + [0] * 6)
    same = np.array([f"c{i}" for i in range(30)] + ["n0", "n0", "n1", "n1", "n2", "n2"])
    assert _few_per_class(y, same) == "3 distinct non-credible (0)"
    assert _few_per_class(y, None) == "6 non-credible (0)"
    assert FEW_PER_CLASS > 6


def test_a_label_map_of_one_binary_label_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """{"1": 0} leaves 0 as 0, so every row reads 0 (an audit: "0 credible", exit 0): refused in Python and
    on the command line, with the map that inverts both; named maps and full 0/1 maps are taken."""
    with pytest.raises(ValueError, match=r"names the label 1 but not 0.*invert"):
        credscore.evaluate(["a b c"] * 4, ["1", "0", "1", "0"], label_map={"1": 0})
    with pytest.raises(ValueError, match=r"names the label 0 but not 1"):
        credscore.evaluate(["a b c"] * 4, [1, 0, 1, 0], label_map={0: 1})
    data = tmp_path / "l.jsonl"
    data.write_text("".join(json.dumps({"text": f"article {i}", "label": i % 2}) + "\n" for i in range(4)))
    assert main(["evaluate", str(data), "--label-map", "1=0"]) == 2
    assert "names the label 1 but not 0" in capsys.readouterr().err
    from credscore._data import binary_label_missing

    assert binary_label_missing({"fake": 0, "real": 1}) is None and binary_label_missing({"1": 0, "0": 1}) is None
    assert binary_label_missing({"1.0": 0}) == "0"
    # a 0/1 label mapped to itself keeps its meaning and the other's: taken (it was refused as "1 but not 0")
    assert binary_label_missing({"nan": 0, "1": 1}) is None and binary_label_missing({"0.0": 0}) is None
    assert main(["evaluate", str(data), "--label-map", "nan=0,1=1"]) == 0


def test_a_label_map_whose_names_read_as_one_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Names match whatever their case, spaces or a number's spelling, so {"Real": 1, "real": 0} gives a
    label "REAL" either meaning (an audit, session 36: every row read as 0, exit 0): refused, naming both,
    in Python and on the command line; names that read as one with the same label are taken."""
    with pytest.raises(ValueError, match=r"names 'Real' and 'real' with different labels"):
        credscore.evaluate(["a b c"] * 4, ["REAL", "fake", "REAL", "fake"], label_map={"Real": 1, "real": 0, "fake": 0})
    with pytest.raises(ValueError, match=r"names '4' and '4.0' with different labels"):
        map_labels(["4.00"], {"4": 1, "4.0": 0, "1": 0})
    assert map_labels(["REAL", "fake"], {"Real": 1, "REAL ": 1, "fake": 0}) == [1, 0]
    data = tmp_path / "l.jsonl"
    data.write_text("".join(json.dumps({"text": f"article {i}", "label": ["REAL", "fake"][i % 2]}) + "\n" for i in range(4)))
    assert main(["evaluate", str(data), "--label-map", "fake=0,Real=1,real=0"]) == 2
    assert "--label-map maps 'Real' and 'real' to different labels" in capsys.readouterr().err
    assert main(["recalibrate", str(data), "--label-map", "fake=0,Real=1,real=0", "--out", str(tmp_path / "m.json")]) == 2
    assert "maps 'Real' and 'real' to different labels" in capsys.readouterr().err


def test_recalibrating_on_copies_of_one_text_says_the_model_scores_them_alike(caplog: pytest.LogCaptureFixture) -> None:
    """An audit (session 36): copies of one text labeled both ways were said to rank "against the model",
    though every score is the same and nothing ranks."""
    text = ("The council voted on Monday to close the pool, said Jane Doe, a spokeswoman for the city, citing a "
            "report from the auditor on Friday in the town hall.")
    with caplog.at_level("WARNING", logger="credscore"):
        credscore.recalibrate([text] * 4, [1, 0, 1, 0])
    assert "gets the same score from the model" in caplog.text
    assert "ranks articles against the model" not in caplog.text


def test_cli_train_cross_validates_groups_of_one_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An audit (session 37): grouped by corpus or publisher, a fold that is whole groups of one label has no
    AUC; its NaN made the mean NaN and `credscore train --group-field` stopped after fitting, with a
    scikit-learn warning and "bad training data: model metadata ... must be a finite number". Such folds
    have no AUC of their own, and the out-of-fold scores are pooled."""
    # four publishers, four folds: two publishers of both labels, one of credible articles only, one of the others
    pubs = ["m0", "m0", "m1", "m1", "c", "c"] + ["m0", "m0", "m1", "m1", "d", "d"]
    data = _write(tmp_path, [{"text": t, "label": y, "pub": g} for t, y, g in zip(TEXTS, LABELS, pubs)])
    out = tmp_path / "m.json"
    with _no_warnings():
        status = main(["train", str(data), "--group-field", "pub", "--folds", "4", "--out", str(out)])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    cv = credscore.load_model(out).metadata["cross_validation"]
    assert cv["folds_with_one_label"] == 2 and all(0.0 <= cv[k] <= 1.0 for k in ("roc_auc_mean", "roc_auc_pooled"))
    assert "(over the 2 folds that hold both labels)" in printed.out and "out-of-fold scores pooled" in printed.out
    assert "2 of 4 folds hold articles of one label only" in printed.out


class _no_warnings:
    """A block in which any warning is an error (scikit-learn's UndefinedMetricWarning went to stderr)."""

    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)


@pytest.mark.parametrize(("n_groups", "said"), [
    (2, "2 groups in --group-field pub: cross-validation uses 2 folds instead of 3, one group each"),
    (1, "one group in --group-field pub: cross-validation holds whole groups out and needs two; skipped"),
])
def test_cli_train_keeps_groups_whole_when_there_are_fewer_than_folds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], n_groups: int, said: str
) -> None:
    # With fewer groups than folds, train stratified the folds (a group on both sides of a fold, an optimistic
    # figure) while evaluate --cv refused (an audit, session 39): now one fold a group, or none with one group.
    rows = [{"text": t, "label": y, "pub": "ab"[i % n_groups]} for i, (t, y) in enumerate(zip(TEXTS * 2, LABELS * 2))]
    data = _write(tmp_path, rows)
    status = main(["train", str(data), "--group-field", "pub", "--folds", "3", "--out", str(tmp_path / "m.json")])
    out = capsys.readouterr().out
    assert status == 0 and said in out, out
    assert ("2-fold cross-validation, grouped by pub" in out) == (n_groups == 2)
    assert "stratified" not in out


def test_cli_train_skips_cross_validation_when_a_fold_would_train_on_one_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One site of real news and one of fakes: a grouped fold trains on one label. train stopped with "cross-
    # validation failed" once folds kept groups whole (session 39); it skips the cross-validation, says why, and
    # still trains the model on every article.
    rows = [{"text": t, "label": y, "pub": "real" if y else "fake"} for t, y in zip(TEXTS * 2, LABELS * 2)]
    data = _write(tmp_path, rows)
    out = tmp_path / "m.json"
    status = main(["train", str(data), "--group-field", "pub", "--folds", "5", "--out", str(out)])
    printed = capsys.readouterr().out
    assert status == 0 and out.exists(), printed
    assert ("2 of 2 folds would train on articles of one label only (whole groups of one label in --group-field pub): "
            "cross-validation skipped") in printed
    assert "fold cross-validation" not in printed
