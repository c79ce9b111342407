"""Guards for lines a hand-mutation audit (5 Dec, session 19) found unguarded: each test fails on the mutant
named in its comment (A: _api.py, C: cli.py, E: _evaluate.py, M: _model.py) and passes on the code.

Most of them needed texts long enough to be judged: an article under 20 words scores exactly the prior, so
tests that compared the scores of such texts compared vectors of one number, and a score given to the
wrong row, label or group went unseen.
"""
from __future__ import annotations

import dataclasses
import errno
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

import credscore
from credscore import RISK_THRESHOLDS, _model, cli, risk_level
from credscore._evaluate import Metrics, _folds, evaluate, verdict_table
from credscore._features import featurize
from credscore._model import CredibilityModel, ModelFormatError, load_model

FIX = Path(__file__).resolve().parent / "fixtures"
WELL = (FIX / "well_sourced.txt").read_text(encoding="utf-8")
RUMOR = (FIX / "rumor_style.txt").read_text(encoding="utf-8")
_PLACES = ["the mayor", "the senator", "the council", "the ministry", "the governor", "the agency"]
# 20+ English words each, so every one is judged (not the neutral 0.5).
DUB = [f"Sources say {w} secretly hid the truth from all of us!! Insiders claim it was all covered up by the "
       f"elites. Share this before they delete it, the media will never tell you what happened! Item {i}."
       for i, w in enumerate(_PLACES * 2)]
CRED = [f"{w.capitalize()} approved the plan by a vote of 7-2 on Monday, according to minutes published by the "
        f"clerk on {i + 3} March. The budget office said the measure would cost $4.2 million over two years."
        for i, w in enumerate(_PLACES * 2)]


def test_evaluate_keeps_each_score_with_its_label_and_group() -> None:  # kills E_align, E_grp
    texts = [t for pair in zip(CRED, DUB) for t in pair]
    y = np.array([1, 0] * len(CRED))
    groups = [f"s{i % 3}" for i in range(len(texts))]
    p = credscore.score_many(texts)
    assert len(set(p.tolist())) > 4  # judged articles: the scores differ, so a misalignment shows
    rep = evaluate(texts, y, groups, n_boot=0)
    m = rep.models[0]
    assert np.array_equal(m.scores, p)
    assert m.overall.auc == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    g = np.array(groups)
    for name, met in m.groups:
        assert met.auc == pytest.approx(roc_auc_score(y[g == name], p[g == name]), abs=1e-12)


def test_verdicts_and_accuracy_at_the_exact_thresholds() -> None:  # kills E1, E2, E3
    hi, med = RISK_THRESHOLDS["high"], RISK_THRESHOLDS["medium"]
    v = verdict_table(np.array([1, 0]), np.array([hi, med]))
    assert [risk_level(hi), risk_level(med)] == ["medium", "low"]
    assert (v.credible_high, v.credible_medium, v.noncredible_medium, v.noncredible_low) == (0, 1, 0, 1)
    # The prior (0.5, every text too short to judge) counts as "credible" at the 0.5 threshold.
    assert Metrics.of(np.array([1, 0, 0]), np.full(3, 0.5), n_boot=0).accuracy == pytest.approx(1 / 3)


def test_baseline_scores_empty_texts_one_half() -> None:  # kills E7
    texts = CRED[:6] + DUB[:6] + ["", "   "]
    y = [1] * 6 + [0] * 6 + [1, 0]
    rep = evaluate(texts, y, baseline=True, n_boot=0)
    assert rep.model("TF-IDF + LR").scores[-2:].tolist() == [0.5, 0.5]


def test_a_grouped_fold_that_leaves_one_label_is_refused() -> None:  # kills E10
    y = np.array([1] * 6 + [0] * 6)
    g = np.array(["a"] * 6 + list("bcdefg"), dtype=object)
    with pytest.raises(ValueError, match="leaves only one label to train on; the groups left to train on hold one "
                       "label only .* or with groups that hold both labels, or use fewer folds"):
        _folds(y, g, 3, 0)
    # with two folds there are no fewer to use (an audit: the message said to)
    with pytest.raises(ValueError, match="groups that hold both labels$"):
        _folds(y, np.array(["a"] * 6 + ["b"] * 6, dtype=object), 2, 0)


def test_retrained_scores_read_the_titles(monkeypatch: pytest.MonkeyPatch) -> None:  # kills E17
    base = credscore.default_model()
    coef = np.zeros_like(base.coef)
    coef[base.feature_names.index("title:clickbait_title")] = 2.0
    fixed = dataclasses.replace(base, coef=coef, metadata={})
    monkeypatch.setattr(credscore, "train", lambda *a, **k: fixed)
    texts = CRED[:6] + DUB[:6]
    titles = ["BREAKING: Senator EXPOSED"] * 12
    rep = evaluate(texts, [1] * 6 + [0] * 6, titles=titles, cv=3, n_boot=0)
    assert rep.model("credscore retrained").scores.tolist() == fixed.score_many(texts, titles=titles).tolist()


def _small() -> CredibilityModel:
    return CredibilityModel(("signal:a", "signal:b"), np.array([0.0, 1.0]), np.array([1.0, 2.0]),
                            np.array([0.5, -0.5]), 0.1)


def test_recalibrated_scales_the_content_block_too() -> None:  # kills M9b
    shipped = credscore.default_model()
    d = _small().to_dict()
    d["ngrams"] = {"terms": list(shipped.ngrams.terms[:2]), "idf": [1.0, 2.0], "coef": [0.1, -0.1]}
    d["content"] = {"terms": ["vaccine", "white house"], "idf": [1.0, 2.0], "coef": [0.2, -0.2]}
    m = CredibilityModel.from_dict(d)
    r = m.recalibrated(2.0, 0.0)
    assert np.array_equal(r.content.coef, 2 * m.content.coef) and np.array_equal(r.ngrams.coef, 2 * m.ngrams.coef)


def test_ngram_rows_must_match_the_rows_of_x() -> None:  # kills M19
    f = featurize([WELL, RUMOR], [None, None])
    with pytest.raises(ValueError, match="ngram_counts has 1 rows for 2 rows of X"):
        credscore.default_model().decision_function(f.X, f.ngrams[:1], f.words)


def test_model_arrays_are_read_only() -> None:  # kills M21
    m = _small()
    for a in (m.mean, m.scale, m.coef):
        with pytest.raises(ValueError, match="read-only"):
            a[0] = 7.0


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # kills M13
    path = tmp_path / "m.json"
    credscore.default_model().save(path)
    monkeypatch.setattr(_model, "_MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(ModelFormatError, match="too large for a credscore model"):
        load_model(path)
    monkeypatch.setattr(_model, "_MAX_FILE_BYTES", path.stat().st_size)
    load_model(path)


def test_metadata_one_level_past_the_limit_is_refused(tmp_path: Path) -> None:  # kills M14
    data = _small().to_dict()
    data["metadata"] = {"x": json.loads("[" * 64 + "]" * 64)}  # innermost list at depth 65
    with pytest.raises(ModelFormatError, match="nested deeper than 64 levels"):
        CredibilityModel.from_dict(data)


def test_three_tags_get_the_markup_note() -> None:  # kills A9
    notes = credscore.explain(WELL.replace(". ", ".<br> ", 3)).notes
    assert any(n.startswith("the text holds HTML tags (3 in its first") for n in notes)


def test_cli_row_of_exactly_twenty_words_is_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # kills C3
    twenty = " ".join(("the council said that it would vote on the plan " * 3).split()[:20])
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": twenty}) + "\n", encoding="utf-8")
    assert cli.main(["score", str(src)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["risk"] != "unknown" and row["note"] is None


def test_a_reader_that_goes_away_stops_with_status_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:  # kills C9
    def gone(self: object, row: object) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(cli._Writer, "write", gone)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": WELL}) + "\n", encoding="utf-8")
    assert cli.main(["score", str(src)]) == 3
    assert "internal error" not in capsys.readouterr().err


def test_cli_batches_keep_each_score_with_its_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # kills C_order
    from test_cli import ARTICLES

    texts = [f"{ARTICLES[i % 5]} {ARTICLES[(i + 2) % 5]} Item {i}." for i in range(14)]  # 30+ words: judged
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    want = credscore.score_many(texts)
    assert len(set(want.tolist())) > 5  # scores differ, so a row given another row's score shows
    assert cli.main(["score", str(src), "--batch-size", "3", "--n-jobs", "2"]) == 0
    got = [json.loads(line)["score"] for line in capsys.readouterr().out.splitlines()]
    assert got == pytest.approx(want.tolist(), rel=1e-12, abs=1e-15)


def test_score_many_in_parallel_keeps_input_order(monkeypatch: pytest.MonkeyPatch) -> None:  # kills A_order
    from credscore import _api
    texts = [WELL, RUMOR] + CRED[:3] + DUB[:3]
    serial = credscore.score_many(texts)
    assert len(set(serial.tolist())) >= 6  # distinct scores: a reordering shows
    assert credscore.score_many(texts, n_jobs=2, batch_size=2).tolist() == serial.tolist()
    monkeypatch.setattr(_api, "DISPATCH_CHARS", 100)  # and in pieces of a batch
    assert credscore.score_many(texts, n_jobs=2, batch_size=4).tolist() == serial.tolist()
