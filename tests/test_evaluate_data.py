"""credscore.evaluate and ``credscore evaluate DATA...``: evaluation on your own labeled files.

Numbers are checked against scikit-learn (or a direct numpy count) on the
same scores, never against pinned values: the shipped model is rebuilt from
time to time and its scores move.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, brier_score_loss, roc_auc_score

import credscore
from credscore._corpora import find_data_dir
from credscore._evaluate import BenchmarkReport, _folds, evaluate, expected_calibration_error
from credscore.cli import main

# At least 20 words each (MIN_JUDGEABLE_WORDS): shorter texts are not judged and all score the prior.
CREDIBLE = [
    ("The council voted 7-2 on Monday to approve the budget, according to the published minutes. The clerk "
    "released the full record on Tuesday."),
    ("Officials said the bridge will reopen in March; the transport department confirmed the date in a statement "
    "issued to reporters on Friday."),
    ("According to the annual report, revenue rose 4 percent to $2.1 billion, the company said on Tuesday. Its "
    "auditors signed the accounts."),
    ("The study, published in the journal Nature, followed 1,200 patients for five years, researchers said. The "
    "anonymised data are available online."),
]
DUBIOUS = [
    ("SHOCKING!!! They don't want you to know this one weird trick. Share before it is deleted!!! Nobody will "
    "tell you this, folks!!!"),
    ("Sources say the globalists are hiding the TRUTH about the vaccine. Wake up, people!!! They are lying to you "
    "every single day!!!"),
    ("You won't BELIEVE what this celebrity said about the election. The media is silent!!! Share this everywhere "
    "before it vanishes forever!!!"),
    ("Insiders claim the moon landing was staged and the evidence is being buried. Unbelievable!! Do your own "
    "research and wake up now!!"),
]


def _rows(n_per_class: int = 12) -> list[dict[str, Any]]:
    rows = []
    for i in range(n_per_class):
        rows.append({"text": CREDIBLE[i % 4] + f" Item {i}.", "label": "real", "site": f"s{i % 3}", "title": None})
        rows.append({"text": DUBIOUS[i % 4] + f" Item {i}.", "label": "fake", "site": f"s{i % 3}", "title": "Wow"})
    return rows


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["evaluate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- Python API -------------------------------------------------------------------------


def test_report_numbers_equal_sklearn_on_the_same_scores() -> None:
    rows = _rows()
    texts = [r["text"] for r in rows]
    y = np.array([1 if r["label"] == "real" else 0 for r in rows])
    groups = [r["site"] for r in rows]
    rep = evaluate(texts, y.tolist(), groups, n_boot=200)
    p = credscore.score_many(texts)
    m = rep.models[0]
    assert m.name == "credscore" and np.array_equal(m.scores, p)
    assert m.overall.auc == pytest.approx(roc_auc_score(y, p))
    assert m.overall.accuracy == pytest.approx(accuracy_score(y, p >= 0.5))
    assert m.overall.brier == pytest.approx(brier_score_loss(y, p))
    assert m.overall.ece == pytest.approx(expected_calibration_error(y, p))
    hi, med = credscore.RISK_THRESHOLDS["high"], credscore.RISK_THRESHOLDS["medium"]
    assert m.overall.false_alarm_share == pytest.approx(np.mean(p[y == 1] < hi))
    assert m.overall.miss_share == pytest.approx(np.mean(p[y == 0] >= med))
    assert m.overall.medium_share == pytest.approx(np.mean((p >= hi) & (p < med)))
    assert [g for g, _ in m.groups] == ["s0", "s1", "s2"]
    g = np.array(groups)
    for name, met in m.groups:
        assert met.n == int((g == name).sum())
        assert met.brier == pytest.approx(brier_score_loss(y[g == name], p[g == name]))
    assert (rep.n, rep.n_credible, rep.n_noncredible, rep.n_empty) == (24, 12, 12, 0)


def test_report_is_frozen_and_serialises() -> None:
    rep = evaluate([r["text"] for r in _rows(4)], [1, 0] * 4, n_boot=0)
    assert isinstance(rep, BenchmarkReport)
    with pytest.raises(AttributeError):
        rep.n = 3  # type: ignore[misc]
    with pytest.raises(ValueError):
        rep.labels[0] = 1
    data = json.loads(json.dumps(rep.to_dict(), allow_nan=False))
    assert data["models"][0]["overall"]["roc_auc_ci95"] == [None, None]  # n_boot=0: no interval
    assert data["model_source"] == "shipped" and len(data["model_sha256"]) == 64
    assert {"credscore", "python", "numpy", "scikit-learn"} <= set(data["versions"])
    assert "| credscore | 8 |" in rep.to_markdown()


def test_a_group_with_one_class_has_an_undefined_auc_and_the_run_goes_on() -> None:
    texts = CREDIBLE + DUBIOUS + CREDIBLE[:2]
    labels = [1, 1, 1, 1, 0, 0, 0, 0, 1, 1]
    groups = ["mixed"] * 8 + ["only-credible"] * 2
    rep = evaluate(texts, labels, groups, n_boot=50)
    only = dict(rep.models[0].groups)["only-credible"]
    assert math.isnan(only.auc) and math.isnan(only.auc_low)
    assert only.auc_note == "only credible (label 1) articles: AUC needs both labels"
    assert not math.isnan(only.brier) and only.n == 2
    assert not math.isnan(dict(rep.models[0].groups)["mixed"].auc)
    md = rep.to_markdown()
    assert "| only-credible | credscore | 2 | 2 / 0 | n/a |" in md
    assert "AUC n/a (only credible (label 1) articles: AUC needs both labels): only-credible." in md


def test_empty_texts_are_counted_and_scored_half() -> None:
    texts = CREDIBLE + ["", "   \n"] + DUBIOUS
    labels = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    rep = evaluate(texts, labels, n_boot=0)
    assert rep.n_empty == 2 and rep.empty_examples == (4, 5)
    assert rep.models[0].scores[4] == 0.5 and rep.models[0].scores[5] == 0.5
    assert "2 with empty text (scored 0.5, risk unknown)" in rep.to_markdown() and rep.n_unjudged == 0
    assert any("2 article(s) have empty text" in n for n in rep.notes)


@pytest.mark.parametrize(
    ("labels", "error", "message"),
    [
        ([1, 0, 2, 0], ValueError, r"labels\[2\] must be 0 or 1, got 2"),
        ([1, 0, "fake", 0], TypeError, r"labels\[2\] must be 0 or 1, got str 'fake'"),
        ([1, 0, None, 0], TypeError, r"labels\[2\] must be 0 or 1, got NoneType None"),
        ([1, 0, 1], ValueError, r"got 3 labels, but texts has more"),
        ([1, 0, 1, 0, 1], ValueError, r"got 5 labels for 4 texts"),
        ("1010", TypeError, r"labels must be an iterable of 0/1 values, got str"),
    ],
)
def test_bad_labels_are_named(labels: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        evaluate(CREDIBLE[:2] + DUBIOUS[:2], labels, n_boot=0)


def test_boolean_labels_read_as_train_reads_them() -> None:
    # True = credible, in evaluate() as in train(), recalibrate() and CredscoreClassifier.
    texts = CREDIBLE[:2] + DUBIOUS[:2]
    as_bool = evaluate(texts, [True, np.True_, False, np.False_], n_boot=0)
    as_int = evaluate(texts, [1, 1, 0, 0], n_boot=0)
    assert as_bool.to_markdown() == as_int.to_markdown()
    assert as_bool.models[0].scores.tolist() == as_int.models[0].scores.tolist()


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="cv must be an int >= 2 or None, got 1"):
        evaluate(CREDIBLE, [1, 0, 1, 0], cv=1)
    with pytest.raises(ValueError, match="groups must have one entry per label: got 3 groups for 4 labels"):
        evaluate(CREDIBLE, [1, 0, 1, 0], ["a", "b", "c"])
    with pytest.raises(TypeError, match="single str"):
        evaluate("one text", [1])
    with pytest.raises(ValueError, match="no articles to evaluate"):
        evaluate([], [])


def test_cv_and_baseline_add_out_of_fold_models() -> None:
    rows = _rows()
    texts = [r["text"] for r in rows]
    y = [1 if r["label"] == "real" else 0 for r in rows]
    rep = evaluate(texts, y, cv=3, baseline=True, n_boot=0)
    assert [m.name for m in rep.models] == ["credscore", "credscore retrained", "TF-IDF + LR"]
    assert rep.folds == 3 and not rep.grouped_folds
    for m in rep.models[1:]:
        assert "3 stratified folds" in m.description
        assert m.overall.auc == pytest.approx(roc_auc_score(y, m.scores))
    # Baseline alone: 5 folds, and the report says so.
    rep = evaluate(texts, y, baseline=True, n_boot=0)
    assert [m.name for m in rep.models] == ["credscore", "TF-IDF + LR"] and rep.folds == 5
    assert any("5 stratified folds (cv not given)" in n for n in rep.notes)


def test_grouped_folds_keep_each_group_whole() -> None:
    y = np.array([0, 1] * 30)
    groups = np.array([f"g{i % 7}" for i in range(60)], dtype=object)
    splits = _folds(y, groups, 3, 0)
    seen = np.zeros(60, dtype=int)
    for _, test in splits:
        seen[test] += 1
        for g in set(groups[test]):
            assert set(np.flatnonzero(groups == g)) <= set(test.tolist())
    assert (seen == 1).all()
    with pytest.raises(ValueError, match="5 grouped folds need at least 5 groups, got 2; use at most 2 folds or"):
        _folds(y, np.array(["a", "b"] * 30, dtype=object), 5, 0)


def test_grouped_folds_say_when_groups_that_share_texts_were_merged() -> None:
    """An audit (session 27): two publishers sharing texts made one fold group, and the error said "got 1;
    use fewer folds" (fewer than 2 folds is none) without the merge."""
    from credscore._evaluate import evaluate

    texts = [f"Officials said the council passed budget number {i} on Monday after a long debate." * 3 for i in range(8)]
    with pytest.raises(ValueError, match=r"2 grouped folds need at least 2 groups, got 1 \(2 named, merged where "
                                         r"they share texts: a text's copies stay in one fold\); evaluate without"):
        evaluate(texts + texts, [1, 0] * 8, groups=["A"] * 8 + ["B"] * 8, cv=2, n_boot=0)


# --- command line ----------------------------------------------------------------------


def test_cli_named_labels_need_the_label_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_jsonl(tmp_path / "mine.jsonl", _rows(3))
    code, _, err = _run(capsys, str(data))
    assert code == 2
    assert f"{data}:1: label must be 0 or 1, got 'real'" in err and "--label-map" in err
    code, out, _ = _run(capsys, str(data), "--label-map", "fake=0,real=1", "--bootstrap", "0")
    assert code == 0 and "**6 articles**: 3 credible (label 1), 3 not credible (label 0)" in out


def test_cli_label_outside_the_map_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows(3)
    rows[4]["label"] = "satire"
    data = _write_jsonl(tmp_path / "mine.jsonl", rows)
    code, _, err = _run(capsys, str(data), "--label-map", "fake=0,real=1")
    assert code == 2
    assert f"{data}:5: label must be 0 or 1, got 'satire' (known names: ['fake', 'real'])" in err


def test_cli_bad_label_map_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_jsonl(tmp_path / "mine.jsonl", _rows(3))
    code, _, err = _run(capsys, str(data), "--label-map", "fake=2")
    assert code == 2 and "--label-map must look like fake=0,real=1" in err


def test_cli_missing_label_field_names_the_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"text": r["text"], "label": 1 if r["label"] == "real" else 0} for r in _rows(3)]
    del rows[2]["label"]
    data = _write_jsonl(tmp_path / "mine.jsonl", rows)
    code, _, err = _run(capsys, str(data))
    assert code == 2 and f"{data}:3: missing label field 'label'" in err
    code, _, err = _run(capsys, str(data), "--label-field", "verdict")
    assert code == 2 and f"{data}:1: missing label field 'verdict' (the rows' fields: ['label', 'text']; pass" in err


def test_cli_bad_row_stops_the_run_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "mine.jsonl"
    data.write_text('{"text": "fine", "label": 1}\n{"text": 5, "label": 0}\n', encoding="utf-8")
    code, _, err = _run(capsys, str(data))
    assert code == 2 and f"{data}:2: text field 'text' must be a string, got a number" in err


def test_cli_one_class_group_and_empty_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"text": r["text"], "label": r["label"], "site": r["site"]} for r in _rows(6)]
    rows += [{"text": CREDIBLE[0], "label": "real", "site": "solo"}, {"text": "", "label": "fake", "site": "s0"}]
    data = _write_jsonl(tmp_path / "mine.jsonl", rows)
    out_json = tmp_path / "out.json"
    code, out, _ = _run(
        capsys, str(data), "--label-map", "fake=0,real=1", "--group-field", "site", "--json", str(out_json),
        "--bootstrap", "100",
    )
    assert code == 0
    assert "| solo | credscore | 1 | 1 / 0 | n/a |" in out
    assert "1 with empty text (scored 0.5, risk unknown)" in out
    report = json.loads(out_json.read_text())
    assert report["n"] == 14 and report["n_empty"] == 1 and report["empty_examples"] == [13]
    solo = report["models"][0]["groups"]["solo"]
    assert solo["roc_auc"] is None and "AUC needs both labels" in solo["roc_auc_note"]
    assert report["fields"]["label_map"] == {"fake": 0, "real": 1}


def test_cli_missing_group_field_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows(3)
    del rows[3]["site"]
    data = _write_jsonl(tmp_path / "mine.jsonl", rows)
    code, _, err = _run(capsys, str(data), "--label-map", "fake=0,real=1", "--group-field", "site")
    assert code == 2 and f"{data}:4: missing group field 'site' (this row lacks it, rows before it have it" in err
    # a field no row has: the rows' fields are named, as for a missing label (an audit, session 37)
    code, _, err = _run(capsys, str(data), "--label-map", "fake=0,real=1", "--group-field", "nope")
    assert code == 2 and f"{data}:1: missing group field 'nope' (the rows' fields: [" in err and "'site'" in err
    rows[3]["site"] = ""
    data = _write_jsonl(tmp_path / "mine.jsonl", rows)
    code, _, err = _run(capsys, str(data), "--label-map", "fake=0,real=1", "--group-field", "site")
    assert code == 2 and f"{data}:4: missing or empty group field 'site'" in err


def test_cli_reports_the_model_file_sha256(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib

    rows = _rows(6)
    model = credscore.train([r["text"] for r in rows], [1 if r["label"] == "real" else 0 for r in rows])
    model_path = tmp_path / "m.json"
    model.save(model_path)
    data = _write_jsonl(tmp_path / "mine.jsonl", rows)
    out_json = tmp_path / "out.json"
    code, _, _ = _run(capsys, str(data), "--label-map", "fake=0,real=1", "--model", str(model_path),
                      "--json", str(out_json), "--bootstrap", "0")
    assert code == 0
    report = json.loads(out_json.read_text())
    assert report["model_sha256"] == hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert report["model_source"] == str(model_path)
    # With --prior, the file's (or the shipped model's) SHA-256 and what --prior did to it (an audit of
    # session 27: "given", with the SHA-256 of a model that exists in memory only).
    from credscore._api import shipped_model_bytes

    for given, digest, source in ((["--model", str(model_path)], report["model_sha256"], str(model_path)),
                                  ([], shipped_model_bytes()[1], "shipped")):
        code, out, _ = _run(capsys, str(data), "--label-map", "fake=0,real=1", *given, "--prior", "0.9",
                            "--json", str(out_json), "--bootstrap", "0")
        again = json.loads(out_json.read_text())
        assert code == 0 and again["model_sha256"] == digest and again["model_prior"] == 0.9
        assert again["model_source"] == f"{source}, its prior set to 0.9 (--prior)"
        assert f"Model: {source}, its prior set to 0.9 (--prior) (sha256 `{digest[:16]}" in out


def test_cli_modes_do_not_mix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_jsonl(tmp_path / "mine.jsonl", _rows(3))
    code, _, err = _run(capsys, str(data), "--data", str(tmp_path))
    assert code == 2 and "not both" in err
    code, _, err = _run(capsys, "--cv", "3", "--baseline")
    assert code == 2 and "--cv, --baseline need DATA files" in err
    # An audit (session 27): field options without DATA files were dropped without a word.
    code, _, err = _run(capsys, "--label-field", "rating", "--title-field", "")
    assert code == 2 and "--label-field, --title-field need DATA files" in err
    code, _, err = _run(capsys, str(data), "--update-card")
    assert code == 2 and "--update-card belongs to the corpus study" in err


def test_cli_parquet_gives_the_same_report_as_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    rows = _rows(6)
    jsonl = _write_jsonl(tmp_path / "mine.jsonl", rows)
    parquet = tmp_path / "mine.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=5)
    reports = []
    for path in (jsonl, parquet):
        out = tmp_path / f"{path.suffix}.json"
        code, _, _ = _run(capsys, str(path), "--label-map", "fake=0,real=1", "--group-field", "site",
                          "--json", str(out), "--batch-size", "4")
        assert code == 0
        rep = json.loads(out.read_text())
        for key in ("inputs", "seconds", "versions"):
            rep.pop(key)
        reports.append(rep)
    assert reports[0] == reports[1]


def test_score_writes_parquet_with_the_jsonl_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    data = _write_jsonl(tmp_path / "in.jsonl", _rows(3) + [{"text": 7}])
    out_pq = tmp_path / "out.parquet"
    out_jsonl = tmp_path / "out.jsonl"
    assert main(["score", str(data), "--output-format", "parquet", "-o", str(out_pq), "--batch-size", "2"]) == 1
    assert main(["score", str(data), "-o", str(out_jsonl), "--batch-size", "2"]) == 1
    capsys.readouterr()
    expected = [json.loads(line) for line in out_jsonl.read_text().splitlines()]
    table = pq.read_table(out_pq)
    assert table.num_rows == 7
    assert table.to_pylist() == expected


def test_score_reads_parquet_named_by_format_and_names_what_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    import io
    import sys

    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    rows = _rows(3)
    bare = tmp_path / "articles"  # no extension: --format parquet says what it is
    pq.write_table(pa.Table.from_pylist(rows), bare)
    assert main(["score", str(bare), "--format", "parquet"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(rows)
    # Parquet is read from its footer: not from stdin, and the row says so.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bare.read_bytes())))
    assert main(["score", "--format", "parquet"]) == 1
    assert "Parquet cannot be read from stdin" in json.loads(capsys.readouterr().out)["error"]
    # Without --format the bytes say Parquet, and the row says what to do, not to pass --format parquet (audit).
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bare.read_bytes())))
    assert main(["score"]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert "a Parquet file, which cannot be read from stdin" in error and "pass the file's path" in error
    assert "--format" not in error
    assert main(["score", str(bare)]) == 1  # a file without the extension: --format parquet reads it (above)
    error = json.loads(capsys.readouterr().out)["error"]
    assert "this is a Parquet file, not text; read it with --format parquet" in error
    # An empty file says it has no rows; a file without the text column lists the columns it has.
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}), empty)
    assert main(["score", str(empty)]) == 0
    got = capsys.readouterr()
    assert got.out == "" and "empty.parquet: no rows (the input is empty)" in got.err
    body = tmp_path / "body.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"], "extra": [1]}), body)
    assert main(["score", str(body)]) == 1
    assert "missing text field 'text' (fields: 'body', 'extra', 'id')" in json.loads(capsys.readouterr().out)["error"]


# --- HTML page in a real browser -----------------------------------------------------------


def _browser() -> str | None:
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
        if found:
            return found
    return None


def test_html_report_is_self_contained_and_renders_in_chromium(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    import subprocess

    rows = _rows(8)
    data = _write_jsonl(tmp_path / "mine.jsonl", rows)
    page = tmp_path / "report.html"
    code, _, _ = _run(capsys, str(data), "--label-map", "fake=0,real=1", "--group-field", "site", "--baseline",
                      "--cv", "2", "--html", str(page), "--bootstrap", "100")
    assert code == 0
    text = page.read_text(encoding="utf-8")
    assert text.count('src="data:image/png;base64,') == 3
    assert "http://" not in text and "https://" not in text and "<script" not in text  # nothing to fetch
    assert "<td>credscore retrained</td>" in text or ">credscore retrained</td>" in text
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser (apt-get install chromium)")
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,2600",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert shot.exists(), result.stderr.decode(errors="replace")[-2000:]
    from matplotlib.image import imread

    img = imread(shot)
    assert img.shape[:2] == (2600, 1400)
    # Not a blank page: the tables and the plots put many distinct colours on it.
    rgb = (img[..., :3] * 255).astype(int)
    colours = len(np.unique(rgb.reshape(-1, 3) // 8, axis=0))
    assert colours > 50, colours
    nonwhite_rows = np.flatnonzero((rgb < 200).any(axis=(1, 2)))
    assert nonwhite_rows.max() > 1500  # content (the plots) reaches far down the page


# --- on a shared corpus ----------------------------------------------------------------------

DATA = find_data_dir()


@pytest.mark.corpora
@pytest.mark.skipif(DATA is None, reason="shared corpora not found (set CREDSCORE_DATA)")
def test_cli_numbers_equal_sklearn_on_a_shared_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert DATA is not None
    with (DATA / "corpora" / "horne" / "articles.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    labeled = [
        {"text": r["text"], "title": r.get("title"), "verdict": "real" if r["label"] == 1 else "fake",
         "site": r["domain"]}
        for r in rows
    ]
    data = _write_jsonl(tmp_path / "horne.jsonl", labeled)
    out = tmp_path / "out.json"
    code, printed, _ = _run(capsys, str(data), "--label-field", "verdict", "--label-map", "fake=0,real=1",
                            "--group-field", "site", "--json", str(out))
    assert code == 0
    rep = json.loads(out.read_text())
    y = np.array([1 if r["verdict"] == "real" else 0 for r in labeled])
    p = credscore.score_many([r["text"] for r in labeled], titles=[r["title"] or None for r in labeled])
    site = np.array([r["site"] for r in labeled])
    hi, med = rep["risk_thresholds"]["high"], rep["risk_thresholds"]["medium"]
    model = rep["models"][0]
    for name, mask in [("(all)", np.ones(len(y), dtype=bool))] + [(s, site == s) for s in sorted(set(site))]:
        got = model["overall"] if name == "(all)" else model["groups"][name]
        yy, pp = y[mask], p[mask]
        assert got["n"] == int(mask.sum())
        assert got["roc_auc"] == pytest.approx(roc_auc_score(yy, pp), abs=1e-12)
        assert got["roc_auc_ci95"][0] < got["roc_auc"] < got["roc_auc_ci95"][1]
        assert got["accuracy"] == pytest.approx(accuracy_score(yy, pp >= 0.5), abs=1e-12)
        assert got["brier"] == pytest.approx(brier_score_loss(yy, pp), abs=1e-12)
        # ECE computed directly: 10 equal-width bins, |mean label - mean score| weighted by bin size.
        bins = np.clip(np.floor(pp * 10).astype(int), 0, 9)
        ece = sum((bins == b).mean() * abs(yy[bins == b].mean() - pp[bins == b].mean()) for b in range(10) if (bins == b).any())
        assert got["ece"] == pytest.approx(ece, abs=1e-12)
        v = got["verdicts"]
        assert v["false_alarm_share"] == pytest.approx(np.mean(pp[yy == 1] < hi), abs=1e-12)
        assert v["miss_share"] == pytest.approx(np.mean(pp[yy == 0] >= med), abs=1e-12)
        assert v["medium_share"] == pytest.approx(np.mean((pp >= hi) & (pp < med)), abs=1e-12)
        # The printed table carries the same numbers.
        row = f"| {name} | credscore | {got['n']} |" if name != "(all)" else f"| credscore | {got['n']} |"
        line = next(ln for ln in printed.splitlines() if ln.startswith(row))
        assert f"{got['roc_auc']:.3f}" in line and f"{got['brier']:.3f}" in line and f"{got['ece']:.3f}" in line


def test_train_reads_parquet_like_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    rows = [{"text": r["text"], "title": r["title"], "label": 1 if r["label"] == "real" else 0} for r in _rows(10)]
    jsonl = _write_jsonl(tmp_path / "train.jsonl", rows)
    parquet = tmp_path / "train.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=7)
    models = []
    for path in (jsonl, parquet):
        out = tmp_path / f"{path.suffix}.model.json"
        assert main(["train", str(path), "--out", str(out)]) == 0
        models.append(credscore.load_model(out))
    capsys.readouterr()
    assert np.array_equal(models[0].coef, models[1].coef)
    assert models[0].intercept == models[1].intercept
    # A missing label column is named with the columns the file has, read or not (session 27: training now
    # reads Parquet through the scoring reader, which reads only the columns it is asked for).
    renamed = tmp_path / "rating.parquet"
    pq.write_table(pa.Table.from_pylist([{"text": r["text"], "title": r["title"], "rating": r["label"]} for r in rows]), renamed)
    assert main(["train", str(renamed), "--out", str(tmp_path / "x.json")]) == 2
    assert f"{renamed}:1: missing label field 'label' (the rows' fields: ['rating', 'text', 'title'])" in capsys.readouterr().err


def test_cli_without_files_runs_the_corpus_study(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from credscore import _study
    from credscore._cli_evaluate import _study_function

    assert _study_function() is _study.evaluate_corpora
    code, _, err = _run(capsys, "--data", str(tmp_path))
    assert code == 2 and f"--data {tmp_path}: no corpora/ folder there" in err


def test_cli_n_jobs_and_strip_html_give_the_same_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows(6)
    plain = _write_jsonl(tmp_path / "plain.jsonl", rows)
    html = _write_jsonl(tmp_path / "html.jsonl", [{**r, "text": f"<p>{r['text']}</p><script>x = 1</script>"} for r in rows])
    reports = []
    for extra in (["--n-jobs", "1"], ["--n-jobs", "2", "--batch-size", "5"]):
        for path, strip in ((plain, []), (html, ["--strip-html"])):
            out = tmp_path / "out.json"
            code, _, _ = _run(capsys, str(path), "--label-map", "fake=0,real=1", "--group-field", "site",
                              "--json", str(out), "--bootstrap", "50", *extra, *strip)
            assert code == 0
            rep = json.loads(out.read_text())
            reports.append(rep["models"])
    assert all(r == reports[0] for r in reports[1:])
    with pytest.raises(ValueError, match=r"n_jobs must be a nonzero int or None \(-1: every core, -2: every core but one...\), got 0"):
        evaluate(CREDIBLE, [1, 0, 1, 0], n_jobs=0)


# --- what an audit of evaluating one's own data found (5 Dec, session 19) ------------------------


def test_texts_too_short_to_judge_are_unknown_not_medium() -> None:
    # A short claim scores the prior as credscore score says "unknown": not a medium verdict, not a miss.
    short = ["Sources say the vaccine has a microchip!!!", "The mayor resigned on Monday, officials said."]
    texts = CREDIBLE + DUBIOUS + short
    labels = [1] * 4 + [0] * 4 + [0, 1]
    rep = evaluate(texts, labels, n_boot=0)
    assert rep.n_unjudged == 2 and rep.n_empty == 0
    p = rep.models[0].scores
    assert p[8] == p[9] == 0.5
    v = rep.models[0].overall.verdicts
    assert v is not None and (v.credible_unknown, v.noncredible_unknown) == (1, 1)
    hi, med = credscore.RISK_THRESHOLDS["high"], credscore.RISK_THRESHOLDS["medium"]
    judged = p[:8]
    assert rep.models[0].overall.medium_share == pytest.approx(np.mean((judged >= hi) & (judged < med)) * 8 / 10)
    assert rep.to_dict()["n_unjudged"] == 2
    assert rep.to_dict()["models"][0]["overall"]["verdicts"]["counts"]["noncredible"]["unknown"] == 1
    assert "2 too short or not English (scored 0.5, risk unknown)" in rep.to_markdown()
    assert any("2 article(s) could not be judged" in n and "first at index 8)" in n for n in rep.notes)


def test_the_report_states_the_models_prior_and_scores_at_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = CREDIBLE + ["", "Too short to judge."] + DUBIOUS
    labels = [1] * 4 + [1, 0] + [0] * 4
    model = credscore.default_model().with_prior(0.9)
    rep = evaluate(texts, labels, model=model, n_boot=0)
    assert rep.model_prior == 0.9 and rep.to_dict()["model_prior"] == 0.9
    assert list(rep.models[0].scores[4:6]) == [0.9, 0.9]
    md = rep.to_markdown()
    assert "(scored 0.9, risk unknown)" in md and "prior 0.9." in md
    # At 0.9 they would be "low risk": the unknown one labeled 0 is no miss.
    v = rep.models[0].overall.verdicts
    assert v is not None and v.noncredible_low == int(np.sum(rep.models[0].scores[6:] >= v.thresholds[1]))
    assert any("assume a prior of 0.9" in n for n in rep.notes)  # 50 % of these are credible
    from credscore._benchmark_report import render_benchmark_html

    page = render_benchmark_html(evaluate(texts, labels, model=model, n_boot=0), plots=False)
    assert "prior 0.9" in page and "(scored 0.9, risk unknown)" in page and "no AUC interval" in page


def test_inverted_labels_and_tiny_samples_get_a_note() -> None:
    texts = [r["text"] for r in _rows(12)]
    y = [1 if r["label"] == "real" else 0 for r in _rows(12)]
    fine = evaluate(texts, y, n_boot=100)
    assert not any("against their labels" in n or "Only" in n for n in fine.notes)
    flipped = evaluate(texts, [1 - v for v in y], n_boot=100)
    assert any("rank these articles against their labels" in n and "--label-map 1=0,0=1" in n for n in flipped.notes)
    tiny = evaluate(texts[:7], y[:7], n_boot=100)
    assert any(n.startswith("Only 3 articles labeled 0 (and 4 labeled 1)") for n in tiny.notes)


def test_python_labels_read_as_the_command_line_reads_them() -> None:
    texts = CREDIBLE + DUBIOUS
    plain = evaluate(texts, [1] * 4 + [0] * 4, n_boot=0)
    for labels, kwargs in (
        (["1.0"] * 4 + ["0.0"] * 4, {}),
        (["True"] * 4 + ["false"] * 4, {}),
        (["real"] * 4 + ["fake"] * 4, {"label_map": {"real": 1, "fake": 0}}),
        ([0] * 4 + [1] * 4, {"label_map": {1: 0, 0: 1}}),  # a file whose 1 means fake
    ):
        rep = evaluate(texts, labels, n_boot=0, **kwargs)
        assert rep.labels.tolist() == plain.labels.tolist(), labels


def test_pandas_arguments_with_different_indexes_are_refused() -> None:
    pd = pytest.importorskip("pandas")
    texts = pd.Series(CREDIBLE + DUBIOUS, index=range(10, 18))
    labels = pd.Series([1] * 4 + [0] * 4, index=range(10, 18))
    assert evaluate(texts, labels, n_boot=0).n == 8  # the same index: fine
    with pytest.raises(ValueError, match=r"different indexes; credscore pairs them by position, not by index: align "
                       r"them first \(e.g. labels.loc\[texts.index\]\)"):
        evaluate(texts, labels[::-1], n_boot=0)
    with pytest.raises(ValueError, match="texts and groups"):
        evaluate(texts, labels.tolist(), pd.Series(["a"] * 8), n_boot=0)


def test_a_group_name_with_a_line_break_keeps_the_table_one_row_a_line() -> None:
    rep = evaluate(CREDIBLE + DUBIOUS, [1] * 4 + [0] * 4, ["first\nsecond"] * 4 + ["b|c"] * 4, n_boot=0)
    rows = [line for line in rep.to_markdown().splitlines() if line.startswith("| first")]
    assert rows == [r for r in rows if r.count("|") == 12] and len(rows) == 1
    assert "| b\\|c |" in rep.to_markdown()


def test_cli_prior_scores_with_the_model_moved_to_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_jsonl(tmp_path / "mine.jsonl", [{"text": r["text"], "label": r["label"]} for r in _rows(6)])
    out = tmp_path / "p.json"
    code, text, _ = _run(capsys, str(data), "--label-map", "fake=0,real=1", "--prior", "0.2", "--json", str(out))
    assert code == 0 and "prior 0.2." in text
    report = json.loads(out.read_text())
    assert report["model_prior"] == 0.2
    rows = _rows(6)
    want = credscore.default_model().with_prior(0.2).score_many([r["text"] for r in rows])
    y = np.array([1 if r["label"] == "real" else 0 for r in rows])
    assert report["models"][0]["overall"]["roc_auc"] == pytest.approx(roc_auc_score(y, want))
    assert report["models"][0]["overall"]["brier"] == pytest.approx(brier_score_loss(y, want))
    for bad in ("1", "0", "x"):
        with pytest.raises(SystemExit) as stop:
            _run(capsys, str(data), "--prior", bad)
        assert stop.value.code == 2 and "--prior: must be a number in (0, 1)" in capsys.readouterr().err


def test_markdown_and_html_print_the_verdict_intervals_the_json_gives() -> None:
    from credscore._benchmark_report import render_benchmark_html

    texts = CREDIBLE + DUBIOUS
    labels = [1, 1, 1, 1, 0, 0, 0, 0]
    rep = evaluate(texts, labels, n_boot=0)
    overall = rep.to_dict()["models"][0]["overall"]["verdicts"]
    fa, miss = overall["false_alarm_ci95"], overall["miss_ci95"]
    assert fa[1] > 0.4 and miss[1] > 0.4  # 4 of each label: wide intervals, whatever the shares
    fa_cell = f"{overall['false_alarm_share']:.3f} ({fa[0]:.3f}–{fa[1]:.3f})"
    miss_cell = f"{overall['miss_share']:.3f} ({miss[0]:.3f}–{miss[1]:.3f})"
    row = next(line for line in rep.to_markdown().splitlines() if line.startswith("| credscore |"))
    assert row.split(" | ")[-3:] == [fa_cell, miss_cell, f"{rep.models[0].overall.medium_share:.3f} |"]
    assert "false alarms (95 % CI) | misses (95 % CI)" in rep.to_markdown()
    page = render_benchmark_html(rep, plots=False)
    for share, ci in ((overall["false_alarm_share"], fa), (overall["miss_share"], miss)):
        assert f"<td>{share:.3f} <small>({ci[0]:.3f}–{ci[1]:.3f})</small></td>" in page
    assert "Wilson 95 % score intervals" in page and "Wilson 95 % score intervals" in rep.to_markdown()


def test_train_recalibrate_and_score_many_refuse_pandas_arguments_with_different_indexes() -> None:
    # An audit's repro: train(Series(texts), Series(labels)[::-1]) learned the labels the wrong way round.
    pd = pytest.importorskip("pandas")
    texts = pd.Series((CREDIBLE + DUBIOUS) * 3, index=range(100, 124))
    labels = pd.Series(([1] * 4 + [0] * 4) * 3, index=range(100, 124))
    same = credscore.train(texts, labels)  # the same index: fine
    assert same.score(CREDIBLE[0] + " " + CREDIBLE[1]) > same.score(DUBIOUS[0] + " " + DUBIOUS[1])
    with pytest.raises(ValueError, match="texts and labels are pandas objects with different indexes"):
        credscore.train(texts, labels[::-1])
    with pytest.raises(ValueError, match="texts and sample_weight are pandas objects"):
        credscore.train(texts, labels, sample_weight=pd.Series([1.0] * 24))
    with pytest.raises(ValueError, match="texts and labels are pandas objects with different indexes"):
        credscore.recalibrate(texts, labels.sort_values())
    with pytest.raises(ValueError, match="texts and titles are pandas objects with different indexes"):
        credscore.score_many(texts, titles=pd.Series(["A headline"] * 24))
    assert len(credscore.score_many(texts, titles=pd.Series(["A headline"] * 24, index=texts.index))) == 24


def test_train_names_a_missing_label_list_and_points_named_labels_to_label_map() -> None:
    texts = [c + " Item." for c in CREDIBLE + DUBIOUS]
    with pytest.raises(TypeError, match="labels must be an iterable of 0/1 values, one per text, got NoneType"):
        credscore.train(texts, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"labels\[0\] must be 0 or 1, got str 'real' \(named labels need label_map="):
        credscore.train(texts, ["real"] * 4 + ["fake"] * 4)
    with pytest.raises(TypeError, match=r"got str 'real' \(named labels need label_map="):
        credscore.recalibrate(texts, ["real"] * 4 + ["fake"] * 4)
    with pytest.raises(TypeError, match=r"got str 'real' \(named labels need label_map="):  # an audit: evaluate too
        credscore.evaluate(texts, ["real"] * 4 + ["fake"] * 4)
    with pytest.raises(TypeError, match=r"labels\[0\] must be 0 or 1, got NoneType None$"):  # no name: no hint
        credscore.train(texts, [None] * 8)


def test_every_bad_row_is_named_before_any_is_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's bad labels are found by one read before scoring, all of them counted and the first ten
    named (an audit: a typo near the end of 25,000 rows stopped the run after scoring every row before it)."""
    from credscore import _evaluate

    rows = [{"text": f"Article {i} about the budget vote.", "label": "fake" if i % 2 else "real"} for i in range(40)]
    for i in (5, 17, 30):
        rows[i]["label"] = "fak"
    for i in range(20, 29):
        rows[i]["label"] = "?"
    data = tmp_path / "typos.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))

    def not_reached(*args: object, **kwargs: object) -> None:
        raise AssertionError("scored before the rows were checked")

    monkeypatch.setattr(_evaluate, "evaluate_batches", not_reached)
    assert main(["evaluate", str(data), "--label-map", "fake=0,real=1"]) == 2
    err = capsys.readouterr().err
    assert "12 rows cannot be used (the first 10 here)" in err
    assert f"{data}:6: label must be 0 or 1, got 'fak'" in err and f"{data}:18:" in err and f"{data}:31:" not in err
    rows[5]["label"] = rows[17]["label"] = rows[30]["label"] = "real"
    for i in range(20, 29):
        rows[i]["label"] = "fake"
    rows[39]["label"] = "?"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["evaluate", str(data), "--label-map", "fake=0,real=1"]) == 2
    assert f"bad data: {data}:40: label must be 0 or 1, got '?'" in capsys.readouterr().err


def test_cli_names_the_file_and_line_of_the_first_article_it_could_not_judge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit (session 36): the note said "first at 0", a Python index, where every other message of the
    command names FILE:LINE."""
    data = tmp_path / "some.jsonl"
    rows = [{"text": t, "label": y} for t, y in zip(CREDIBLE + DUBIOUS, [1] * 4 + [0] * 4)]
    rows.insert(3, {"text": "Too short to judge.", "label": 1})
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["evaluate", str(data), "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    assert f"1 article(s) could not be judged (fewer than 20 words, or not English; first at {data}:4)" in out


def test_a_row_without_the_label_field_is_named_as_that_rows_lack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit (session 36): a row lacking the label field was told the file's fields, "label" among them,
    and pointed to --label-field; the row is what lacks it."""
    data = tmp_path / "gap.jsonl"
    rows = [{"text": t, "label": y} for t, y in zip(CREDIBLE + DUBIOUS, [1] * 4 + [0] * 4)]
    del rows[5]["label"]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    for command in (["evaluate", str(data)], ["recalibrate", str(data), "--out", str(tmp_path / "m.json")]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"{data}:6: missing label field 'label' (this row lacks it, rows before it have it)" in err, err


def test_cli_shows_a_bad_value_as_its_file_writes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An audit (session 37): evaluate and train showed a file's ``null``, ``true`` and ``{"a": 1}`` as
    Python's None, True and {'a': 1}; `credscore score` already named them in JSON's terms."""
    text = "Officials said the council approved the budget on Monday after a debate about its costs."
    rows = [{"text": text, "label": v} for v in (None, {"a": 1}, ["é"], True, "fake")]
    data = _write_jsonl(tmp_path / "bad.jsonl", rows)
    code, _, err = _run(capsys, str(data))
    assert code == 2
    assert f"{data}:1: label must be 0 or 1, got null" in err and f"{data}:2: label must be 0 or 1, got {{\"a\": 1}}" in err
    assert f"{data}:3: label must be 0 or 1, got [\"é\"]" in err and f"{data}:5: label must be 0 or 1, got 'fake'" in err
    assert f"{data}:4:" not in err  # true is credible (1), as documented
    weighted = _write_jsonl(tmp_path / "w.jsonl", [{"text": text, "label": i % 2, "w": True} for i in range(4)])
    assert main(["train", str(weighted), "--weight-field", "w", "--out", str(tmp_path / "m.json")]) == 2
    assert "must be a finite number >= 0, got true" in capsys.readouterr().err
