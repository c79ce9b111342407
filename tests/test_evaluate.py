"""Leave-one-corpus-out evaluation and reproducible training (needs the shared corpora)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

import credscore
from credscore._corpora import AMBIGUOUS_IDS, HELD_OUT, TRAIN, find_data_dir, load_corpora
from credscore._evaluate import Metrics, evaluate_corpora, expected_calibration_error, update_card

DATA = find_data_dir()
needs_corpora = pytest.mark.skipif(DATA is None, reason="shared corpora not found (set CREDSCORE_DATA)")


def test_ece_is_zero_when_perfect_and_positive_when_overconfident() -> None:
    y = np.array([0, 0, 1, 1])
    assert expected_calibration_error(y, np.array([0.0, 0.0, 1.0, 1.0])) == 0.0
    # Always saying 0.95 when half are credible is off by 0.45.
    assert expected_calibration_error(y, np.full(4, 0.95)) == pytest.approx(0.45)


def test_metrics_of_a_perfect_ranking() -> None:
    m = Metrics.of(np.array([0, 1, 0, 1]), np.array([0.1, 0.9, 0.2, 0.8]))
    assert (m.auc, m.accuracy) == (1.0, 1.0)
    assert m.brier == pytest.approx((0.01 + 0.01 + 0.04 + 0.04) / 4)


def test_update_card_replaces_only_the_marked_section(tmp_path: Path) -> None:
    card = tmp_path / "CARD.md"
    card.write_text("# Card\n\nintro\n\n<!-- evaluation:start -->\nold\n<!-- evaluation:end -->\n\ntail\n")
    update_card(card, "new table")
    text = card.read_text()
    assert "new table" in text and "old" not in text
    assert text.startswith("# Card\n\nintro") and text.rstrip().endswith("tail")


@needs_corpora
def test_corpora_load_without_ambiguous_rows() -> None:
    assert DATA is not None
    corpus, manifest = load_corpora(DATA, TRAIN)
    assert len(corpus) > 5000
    assert not AMBIGUOUS_IDS & set(corpus.ids)
    assert {m["file"].split("/")[0] for m in manifest} == set(TRAIN)
    assert set(corpus.groups) == set(TRAIN)


@needs_corpora
def test_leave_one_corpus_out_generalises(tmp_path: Path) -> None:
    """A regression guard on the held-out AUCs in models/MODEL_CARD.md.

    Calibration, the baseline, shrinkage fitting and recalibration are skipped
    for speed (AUC is a ranking: Platt scaling does not change it); the card's
    full study (``credscore evaluate --data``) takes about 2 minutes on a quiet machine.
    """
    assert DATA is not None
    card = tmp_path / "card.md"
    report = evaluate_corpora(
        DATA, baseline=False, shrinkage=False, recalibration=False, fit_kwargs={"calibrate": False}, out_card=card
    )
    assert [r.name for r in report.rows] == list(HELD_OUT)
    ours, _ = report.mean_auc
    aucs = {r.name: r.ours.auc for r in report.rows}
    # The card's figures (3 Dec, six held-out corpora): mean 0.785, original
    # four 0.829, fakehealth 0.634. The bounds leave about 0.01 for solver and
    # library versions; a lost signal or feature family costs more.
    assert ours >= 0.775, report.to_markdown()
    assert np.mean([aucs[k] for k in ("horne", "fakenewsnet_old", "recovery", "llmfake")]) >= 0.82, report.to_markdown()
    assert min(aucs.values()) >= 0.62, report.to_markdown()
    # fakes labels do not come from the writing: a text model must not "work" there.
    assert abs(report.control[0].ours.auc - 0.5) < 0.08, report.to_markdown()
    assert "credscore AUC" in card.read_text()


@needs_corpora
def test_training_is_reproducible(tmp_path: Path) -> None:
    import credscore

    assert DATA is not None
    corpus, _ = load_corpora(DATA, ("horne", "golbeck_fakesatire"))
    digests = []
    for run in range(2):
        model = credscore.train(corpus.texts, corpus.labels, titles=corpus.titles)
        path = tmp_path / f"m{run}.json"
        model.save(path)
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_write_plots_makes_a_roc_curve_and_a_reliability_diagram(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason='plots need the plots extra: pip install -e ".[plots]"')
    from credscore._evaluate import EvaluationReport, write_plots

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    p = np.clip(0.3 * y + rng.uniform(0, 0.7, 400), 0, 1)
    rep = EvaluationReport(curves={"horne": (y, p), "recovery": (y[::-1], p)})
    paths = write_plots(rep, tmp_path / "plots")
    assert [x.name for x in paths] == ["roc.png", "reliability.png"]
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000


def test_a_report_without_bootstrap_says_it_has_no_auc_interval() -> None:
    texts = ["The council voted 7-2 on Monday to approve the budget, according to the minutes, the clerk said."] * 4
    texts += ["SHOCKING!!! Sources say the council is hiding the TRUTH about the budget. Share it before it is gone!!!"] * 4
    text = credscore.evaluate(texts, [1] * 4 + [0] * 4, n_boot=0).to_markdown()
    assert "no AUC interval (no bootstrap resamples)" in text and "from 0 stratified" not in text
    assert "from 7 stratified bootstrap resamples" in credscore.evaluate(texts, [1] * 4 + [0] * 4, n_boot=7).to_markdown()
