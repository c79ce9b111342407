"""Scores that mean what they say: prior, shrinkage, neutral score, verdicts, recalibration.

None of these needs the shared corpora: the models are built by hand, so
every expected number is computed here from the documented formula.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import credscore
import credscore._engine
from credscore._features import MIN_JUDGEABLE_WORDS, feature_names, featurize
from credscore._model import CredibilityModel, ModelFormatError, load_model
from credscore._ngrams import NgramVocabulary, analyse, key_of
from credscore._study import choose_thresholds
from credscore._train import calibration_weights

NAMES = tuple(feature_names())
N = len(NAMES)

ARTICLE = (
    "The city council voted 7-2 on Monday to approve the budget, according to minutes released by the clerk. "
    "Mayor Ann Lee said the plan would fund two libraries. Opponents said the costs were too high, and the "
    "finance director, Tom Ruiz, said the city would publish the full figures on its website next week."
)
GERMAN = (
    "Der Stadtrat hat am Montag mit sieben zu zwei Stimmen den Haushalt beschlossen, wie aus dem Protokoll "
    "hervorgeht. Die Bürgermeisterin sagte, mit dem Geld würden zwei neue Bibliotheken gebaut. Kritiker "
    "bemängelten die hohen Kosten, und der Finanzdirektor kündigte an, die Zahlen nächste Woche zu veröffentlichen."
)


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def flat_model(intercept: float, **kw: object) -> CredibilityModel:
    """A model whose every column weight is 0: its logit is the intercept (times shrinkage) plus the prior."""
    return CredibilityModel(NAMES, np.zeros(N), np.ones(N), np.zeros(N), intercept, {}, 3.0, **kw)  # type: ignore[arg-type]


# --- neutral score and shrinkage -----------------------------------------------


def test_text_it_cannot_judge_gets_exactly_the_prior() -> None:
    nine = "Sources said the mayor secretly sold the city hall."
    assert len(nine.split()) == 9
    for text in (nine, GERMAN, "", "   "):
        assert credscore.score(text) == 0.5
        assert credscore.score_many([text])[0] == 0.5
        assert credscore.explain(text).risk == "unknown"
    m = flat_model(2.0, prior=0.8)
    assert m.score(nine) == 0.8 and m.score(GERMAN) == 0.8


def test_judgeable_boundary_is_twenty_words() -> None:
    m = flat_model(2.0)
    words = ("the council voted " * 10).split()
    at = " ".join(words[:MIN_JUDGEABLE_WORDS])
    below = " ".join(words[: MIN_JUDGEABLE_WORDS - 1])
    assert m.score(below) == 0.5
    assert m.score(at) != 0.5


def test_shrinkage_formula() -> None:
    m = flat_model(2.0, shrink_words=30.0)
    f = featurize([ARTICLE], [None])
    n = int(f.words[0])
    assert m.score(ARTICLE) == pytest.approx(sigmoid(2.0 * n / (n + 30.0)), rel=1e-12)
    assert flat_model(2.0).score(ARTICLE) == pytest.approx(sigmoid(2.0), rel=1e-12)


def test_shorter_texts_are_pulled_towards_the_prior() -> None:
    m = flat_model(3.0, shrink_words=30.0)
    # Distinct sentences: a sentence repeated word for word is read once (credscore._body.repeated_sentences).
    words = " ".join(f"The council reviewed item {i} of the budget and approved it after a short debate." for i in range(30))
    scores = [m.score(" ".join(words.split()[:n])) for n in (25, 50, 100, 200)]
    assert all(0.5 < a < b for a, b in itertools.pairwise(scores))


def test_with_prior_shifts_the_logit() -> None:
    m = flat_model(1.0)
    m9 = m.with_prior(0.9)
    z = 1.0 + math.log(0.9 / 0.1)
    assert m9.score(ARTICLE) == pytest.approx(sigmoid(z), rel=1e-12)
    assert m.prior == 0.5 and m9.prior == 0.9  # the original is unchanged
    for bad in (0, 1, 1.5, -0.1, float("nan")):
        with pytest.raises(ValueError, match="prior"):
            m.with_prior(bad)
    for wrong_type in (True, "0.5", None):  # not numbers: TypeError, as for any argument of the wrong type
        with pytest.raises(TypeError, match="prior"):
            m.with_prior(wrong_type)  # type: ignore[arg-type]


# --- risk levels -----------------------------------------------------------------


def test_risk_levels_at_and_around_each_threshold() -> None:
    hi, med = credscore.RISK_THRESHOLDS["high"], credscore.RISK_THRESHOLDS["medium"]
    assert 0.0 < hi <= med < 1.0
    eps = 1e-12
    assert credscore.risk_level(hi - eps) == "high"
    assert credscore.risk_level(hi) == ("medium" if med > hi else "low")
    assert credscore.risk_level(med - eps) == ("medium" if med > hi else "high")
    assert credscore.risk_level(med) == "low"
    assert credscore.risk_level(0.0) == "high" and credscore.risk_level(1.0) == "low"


def test_risk_thresholds_are_read_only() -> None:
    with pytest.raises(TypeError):
        credscore.RISK_THRESHOLDS["high"] = 0.1  # type: ignore[index]


@pytest.mark.parametrize("bad", [float("nan"), 1.5, -0.01, float("inf")])
def test_risk_level_rejects_values_outside_0_1(bad: float) -> None:
    with pytest.raises(ValueError, match="score must be a number in"):
        credscore.risk_level(bad)


@pytest.mark.parametrize("bad", ["0.5", None, True, [0.5]])
def test_risk_level_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError, match="score must be a number"):
        credscore.risk_level(bad)  # type: ignore[arg-type]


def test_choose_thresholds_meets_the_target_on_every_corpus() -> None:
    rng = np.random.default_rng(0)
    scores = {}
    for name, shift in (("a", 0.2), ("b", 0.1)):
        y = rng.integers(0, 2, 400)
        p = np.clip(0.5 + shift * (2 * y - 1) + rng.normal(0, 0.15, 400), 0, 1)
        scores[name] = (y, p)
    hi, med = choose_thresholds(scores, max_share=0.15)
    for y, p in scores.values():
        assert np.mean(p[y == 1] < hi) <= 0.15
        assert np.mean(p[y == 0] >= med) <= 0.15
    # ... and is the tightest such pair: one step further breaks it somewhere
    assert any(np.mean(p[y == 1] < round(hi + 0.01, 2)) > 0.15 for y, p in scores.values())
    assert any(np.mean(p[y == 0] >= round(med - 0.01, 2)) > 0.15 for y, p in scores.values())


def test_calibration_weights() -> None:
    y = np.array([1, 1, 0, 0, 0, 0])
    g = ["a", "a", "a", "b", "b", "b"]
    w = calibration_weights(y, g)
    # group a: 2 credible share 0.5, 1 non-credible gets 0.5; group b (one class) gets 0.5 in all
    np.testing.assert_allclose(w, [0.25, 0.25, 0.5, 1 / 6, 1 / 6, 1 / 6])
    np.testing.assert_allclose(calibration_weights(y, None), [0.25, 0.25, 0.125, 0.125, 0.125, 0.125])


# --- model file, version 2 -----------------------------------------------------------


def ngram_model() -> CredibilityModel:
    terms = ["said", "said Xx", "x , a", "!"]
    keys = np.array(sorted(key_of(t) for t in terms), dtype=np.int64)
    vocab = NgramVocabulary(keys, np.array([1.5, 2.0, 2.5, 3.0]), np.array([0.4, -0.3, 0.2, -0.9]))
    rng = np.random.default_rng(1)
    return CredibilityModel(
        NAMES, rng.normal(size=N), rng.uniform(0.5, 2, N), rng.normal(0, 0.1, N), 0.3, {"k": [1]}, 3.0,
        vocab, 25.0, 0.6,
    )


def test_version_2_round_trip_scores_identically(tmp_path: Path) -> None:
    m = ngram_model()
    path = tmp_path / "m.json"
    m.save(path)
    m2 = load_model(path)
    assert m2.ngrams is not None and m2.ngrams.terms == m.ngrams.terms  # type: ignore[union-attr]
    assert (m2.shrink_words, m2.prior) == (25.0, 0.6)
    texts = [ARTICLE, ARTICLE + " Sources said so! Sources said Kim, a doctor, was wrong!", GERMAN]
    np.testing.assert_array_equal(m.score_many(texts), m2.score_many(texts))


def test_ngram_block_moves_the_score_by_its_weights() -> None:
    m = ngram_model()
    counts, words = analyse([ARTICLE])
    f = featurize([ARTICLE], [None])
    raw = float(np.sum(m.contributions(f.X)[0]) + m.intercept + m.ngrams.logits(counts)[0])  # type: ignore[union-attr]
    n = int(words[0])
    expected = sigmoid(raw * n / (n + 25.0) + math.log(0.6 / 0.4))
    assert m.score(ARTICLE) == pytest.approx(expected, rel=1e-12)
    assert m.ngrams.logits(counts)[0] != 0.0  # type: ignore[union-attr]  # "said" is in the article


def test_version_1_file_still_loads(tmp_path: Path) -> None:
    data = ngram_model().to_dict()
    for key in ("ngrams", "shrink_words", "prior"):
        del data[key]
    data["format_version"] = 1
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    m = load_model(path)
    assert m.ngrams is None and m.shrink_words == 0.0 and m.prior == 0.5


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"ngrams": {"terms": ["said"], "idf": [1.0]}}, "exactly 'terms', 'idf' and 'coef'"),
        ({"ngrams": {"terms": ["nonsense words"], "idf": [1.0], "coef": [0.0]}}, "unknown token"),
        ({"ngrams": {"terms": ["said"], "idf": [1.0, 2.0], "coef": [0.0]}}, "list of 1 numbers"),
        ({"ngrams": {"terms": ["said", "said"], "idf": [1.0, 1.0], "coef": [0.0, 0.0]}}, "distinct"),
        ({"ngrams": {"terms": ["said"], "idf": [-1.0], "coef": [0.0]}}, "idf"),
        ({"prior": 1.0}, "prior"),
        ({"prior": "0.5"}, "prior"),
        ({"shrink_words": -1}, "shrink_words"),
    ],
)
def test_bad_version_2_fields(tmp_path: Path, patch: dict[str, object], message: str) -> None:
    data = ngram_model().to_dict()
    data.update(patch)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        load_model(path)


def test_metadata_is_a_private_read_only_copy() -> None:
    meta = {"k": [1]}
    m = CredibilityModel(NAMES, np.zeros(N), np.ones(N), np.zeros(N), 0.0, meta)
    meta["k"].append(2)
    assert m.metadata["k"] == [1]
    with pytest.raises(TypeError):
        m.metadata["new"] = 1  # type: ignore[index]


def test_repr_is_short() -> None:
    r = repr(credscore.default_model())
    assert r.startswith("CredibilityModel(") and len(r) < 300


def test_save_to_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="folder .*missing does not exist"):
        flat_model(0.0).save(tmp_path / "missing" / "m.json")
    with pytest.raises(IsADirectoryError, match=r"it is a folder; give a file name, e\.g\. .*model\.json"):
        flat_model(0.0).save(tmp_path)  # (the rename over a folder named only its own temporary file)
    assert list(tmp_path.iterdir()) == []


def test_standardisation_clips_at_z_clip() -> None:
    m = CredibilityModel(NAMES, np.zeros(N), np.ones(N), np.ones(N), 0.0, {}, 3.0)
    X = np.zeros((1, N))
    X[0, 0], X[0, 1], X[0, 2] = 10.0, -10.0, 2.0
    z = m.standardize(X)[0]
    assert (z[0], z[1], z[2]) == (3.0, -3.0, 2.0)
    assert m.decision_function(X)[0] == pytest.approx(3.0 - 3.0 + 2.0)


# --- recalibration -------------------------------------------------------------------


def test_recalibrate_refits_slope_and_intercept_only() -> None:
    rng = np.random.default_rng(3)
    good = [ARTICLE.replace("7-2", f"{i}-{9 - i}") for i in range(10)]
    bad = [
        f"SHOCKING!!! You won't believe what they did {i} times!!! Sources say it is a cover-up and they are "
        "hiding the truth from you, share before it is deleted!!!"
        for i in range(10)
    ]
    texts = good + bad
    labels = [1] * 10 + [0] * 10
    base = CredibilityModel(NAMES, np.zeros(N), np.ones(N), rng.normal(0, 0.05, N), -0.5, {}, 3.0)
    new = credscore.recalibrate(texts, labels, model=base)
    assert new.prior == 0.5
    # Same ranking (a positive slope), new intercept and slope.
    f = featurize(texts, [None] * len(texts))
    a = base.decision_function(f.X)
    b = new.decision_function(f.X)
    assert np.all(np.argsort(a) == np.argsort(b))
    assert new.metadata["recalibrated"]["n"] == 20
    sample = credscore.recalibrate(texts, labels, model=base, prior=None)
    assert sample.prior == 0.5  # the sample is balanced
    with pytest.raises(ValueError, match="both classes"):
        credscore.recalibrate(texts[:10], [1] * 10, model=base)
    with pytest.raises(ValueError, match="prior"):
        credscore.recalibrate(texts, labels, model=base, prior=1.0)


def _fixture_variants(n: int) -> list[str]:
    """``n`` variants of the well-sourced fixture, then ``n`` of the rumour fixture: a sample the shipped
    model separates."""
    fixtures = Path(__file__).parent / "fixtures"
    good = (fixtures / "well_sourced.txt").read_text(encoding="utf-8")
    bad = (fixtures / "rumor_style.txt").read_text(encoding="utf-8")
    return [good + " Officials said so." * i for i in range(n)] + [bad + " Share this!" * i for i in range(n)]


def test_recalibrate_keeps_a_finite_slope_on_a_sample_the_model_separates() -> None:
    # A small sample from one source is often ranked perfectly by the model. Fitted to targets 1 and 0,
    # the slope then grows without bound and scores pile up at 0 and 1 (ties where the model had none);
    # Platt's targets ((n1 + 1) / (n1 + 2) and 1 / (n0 + 2)) keep it finite.
    texts = _fixture_variants(30)
    labels = [1] * 30 + [0] * 30
    base = credscore.default_model()
    before = base.score_many(texts)
    assert before[:30].min() > before[30:].max()  # separated
    new = credscore.recalibrate(texts, labels, model=base)
    after = new.score_many(texts)
    n1 = n0 = 30
    # No score past half the smoothed targets' distance from 0 and 1 (piled up, they sit within 1e-6).
    low, high = 1 / (n0 + 2) / 2, 1 - (1 - (n1 + 1) / (n1 + 2)) / 2
    assert low < after.min() and after.max() < high, (after.min(), after.max())
    # the credible ones' mean score is near the smoothed target, not at 1
    assert after[:30].mean() < (n1 + 1) / (n1 + 2) + 0.01 and after[30:].mean() > 1 / (n0 + 2) - 0.01
    assert len(set(after.tolist())) == len(set(before.tolist()))  # no ties made
    # The ranking is kept, but for near ties between articles of different lengths: the shrinkage multiplies
    # the new intercept too (two variants 2e-6 apart swap here).
    i, j = np.triu_indices(len(texts), 1)
    swapped = np.sign(after[i] - after[j]) != np.sign(before[i] - before[j])
    assert np.all(np.abs(before[i] - before[j])[swapped] < 1e-3) and swapped.sum() <= 2


def test_recalibrate_on_a_sample_ranked_against_the_model_keeps_the_ranking_at_the_prior(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The sample calls the model's credible-looking articles non-credible: the fitted slope is negative.
    # Applied, it would turn the ranking upside down; kept with the intercept fitted beside it, every
    # score would sit on one side. Slope ~0 and intercept 0: every article near the prior, ranking kept.
    texts = _fixture_variants(25)
    labels = [0] * 25 + [1] * 25
    base = credscore.default_model()
    with caplog.at_level("WARNING", logger="credscore"):
        new = credscore.recalibrate(texts, labels, model=base, prior=0.3)
    assert "ranks articles against the model" in caplog.text
    assert (new.metadata["recalibrated"]["a"], new.metadata["recalibrated"]["b"]) == (1e-6, 0.0)
    after = new.score_many(texts)
    assert np.all(np.abs(after - 0.3) < 1e-3), (after.min(), after.max())


def _flipped_sources() -> tuple[list[str], list[int], list[str]]:
    """Two sources that label the same two styles the opposite way: a model trained on one ranks the
    other's articles against their labels."""
    credible = [
        "The council voted 7-2 on Monday to approve the budget, according to the published minutes of the meeting.",
        "Officials said the bridge will reopen in March; the transport department confirmed the date on Friday.",
        "According to the annual report, revenue rose 4 percent to $2.1 billion, the company said on Tuesday.",
        "The study, published in the journal Nature, followed 1,200 patients for five years, researchers said.",
    ]
    dubious = [
        "SHOCKING!!! They don't want you to know this one weird trick. Share before it is deleted!!! Wake up!!!",
        "Sources say the globalists are hiding the TRUTH about the vaccine. Wake up, people!!! Share it now!!!",
        "You won't BELIEVE what this celebrity said about the election. The media is silent!!! It was rigged!!!",
        "Insiders claim the moon landing was staged and the evidence is being buried. Unbelievable!! Share!!",
    ]
    texts, labels, groups = [], [], []
    for source, flip in (("a", 0), ("b", 1)):
        for k in range(3):
            for t in credible:
                texts.append(f"{t} Item {source}{k}.")
                labels.append(1 - flip)
                groups.append(source)
            for t in dubious:
                texts.append(f"{t} Item {source}{k}.")
                labels.append(flip)
                groups.append(source)
    return texts, labels, groups


def test_train_never_ships_a_model_whose_calibration_inverts_its_ranking(caplog: pytest.LogCaptureFixture) -> None:
    # Out of fold (leave one source out) the model ranks every article against its label, so Platt's
    # slope is negative. train() applied it: on its own training data the model then scored AUC 0.
    texts, labels, groups = _flipped_sources()
    with caplog.at_level("WARNING", logger="credscore"):
        model = credscore.train(texts, labels, groups=groups)
    assert "ranks articles against their labels" in caplog.text
    cal = model.metadata["calibration"]
    assert (cal["a"], cal["b"]) == (1e-6, 0.0) and "<= 0 set to 1e-6" in cal["method"]
    assert cal["method"].startswith("Platt scaling on leave-one-group-out over 2 groups")
    scores = model.score_many(texts)
    assert np.all(np.abs(scores - 0.5) < 1e-3), (scores.min(), scores.max())


def _rumour(i: int) -> str:
    """A rumour of 20+ words in three different sentences (a sentence repeated word for word is read once)."""
    return (f"SHOCKING!!! Sources say the cover-up number {i} is hidden from you, share before it is deleted!!! "
            "They do not want you to know what insiders reportedly found, wake up!!! "
            "Everyone is talking about it and the media will never report the truth!!!")


def test_recalibrate_reads_boolean_labels_as_train_does() -> None:
    texts = [ARTICLE.replace("7-2", f"{i}-{9 - i}") for i in range(10)] + [_rumour(i) for i in range(10)]
    as_bool = credscore.recalibrate(texts, [True] * 10 + [np.False_] * 10)
    as_int = credscore.recalibrate(texts, [1] * 10 + [0] * 10)
    assert as_bool.to_dict() == as_int.to_dict()


def test_recalibrate_warns_when_a_class_has_few_articles(caplog: pytest.LogCaptureFixture) -> None:
    from credscore._train import FEW_PER_CLASS

    good = [ARTICLE.replace("7-2", f"{i}-{i + 1}") for i in range(FEW_PER_CLASS + 5)]
    bad = [_rumour(i) for i in range(FEW_PER_CLASS + 5)]
    base = credscore.default_model()
    with caplog.at_level("WARNING", logger="credscore"):
        n = FEW_PER_CLASS  # exactly enough of each class
        credscore.recalibrate(good[:n] + bad[:n], [1] * n + [0] * n, model=base)
    assert "varies widely" not in caplog.text
    with caplog.at_level("WARNING", logger="credscore"):
        credscore.recalibrate(good[: FEW_PER_CLASS - 1] + bad, [1] * (FEW_PER_CLASS - 1) + [0] * len(bad), model=base)
    assert f"only {FEW_PER_CLASS - 1} credible (1) articles" in caplog.text and "varies widely" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="credscore"):  # both under the mark: both named (an audit)
        credscore.recalibrate(good[:2] + bad[:3], [1, 1, 0, 0, 0], model=base)
    assert "only 2 credible (1) and 3 non-credible (0) articles" in caplog.text


def test_cli_recalibrate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from credscore.cli import main

    rows = []
    for i in range(10):
        rows.append({"text": ARTICLE.replace("7-2", f"{i}-{9 - i}"), "label": "real"})
        rows.append({"text": "SHOCKING!!! Sources say they are hiding the truth from you, folks, and the media will "
                     f"never tell you what really happened {i} times!!! Share before it is deleted!!!", "label": "fake"})
    data = tmp_path / "labeled.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "recal.json"
    assert main(["recalibrate", str(data), "--out", str(out), "--label-map", "fake=0,real=1"]) == 0
    m = load_model(out)
    assert m.prior == 0.5 and m.metadata["recalibrated"]["n"] == 20
    assert m.score(rows[0]["text"]) > m.score(rows[1]["text"])
    with pytest.raises(SystemExit) as exc:
        main(["recalibrate", str(data), "--out", str(out), "--prior", "1.5"])
    assert exc.value.code == 2
    assert "must be a number in (0, 1) or 'sample'" in capsys.readouterr().err


def test_train_takes_a_label_map_and_booleans() -> None:
    texts = [ARTICLE.replace("7-2", f"{i}-{9 - i}") for i in range(6)] + [
        f"SHOCKING!!! Sources say they are hiding the truth from you, folks, and nobody will ever tell you what "
        f"happened {i} times!!! Share before it is deleted!!!"
        for i in range(6)
    ]
    named = credscore.train(texts, ["real"] * 6 + ["fake"] * 6, label_map={"fake": 0, "real": 1}, calibrate=False)
    boolean = credscore.train(texts, [True] * 6 + [False] * 6, calibrate=False)
    ints = credscore.train(texts, [1] * 6 + [0] * 6, calibrate=False)
    np.testing.assert_array_equal(named.coef, ints.coef)
    np.testing.assert_array_equal(boolean.coef, ints.coef)
    with pytest.raises(ValueError, match="satire"):
        credscore.train(texts, ["real"] * 6 + ["satire"] * 6, label_map={"fake": 0, "real": 1})


def test_model_refuses_texts_in_place_of_the_feature_matrix() -> None:
    with pytest.raises(TypeError, match="score_many"):
        credscore.default_model().predict_proba(["Some article text."])  # type: ignore[arg-type]


def test_model_pickles_through_its_dict() -> None:
    import pickle

    m = ngram_model()
    m2 = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(m.score_many([ARTICLE]), m2.score_many([ARTICLE]))


@pytest.mark.corpora
def test_truncated_held_out_articles_are_pulled_towards_the_prior() -> None:
    """On articles the shipped model never trained on (fakehealth), cutting them short moves scores to 0.5."""
    from credscore._corpora import find_data_dir, load_corpora

    data = find_data_dir()
    if data is None:
        pytest.skip("shared corpora not found (set CREDSCORE_DATA)")
    corpus, _ = load_corpora(data, ["fakehealth"])
    texts = [t for t in corpus.texts if len(t.split()) >= 400][:120]
    distance = {}
    for n in (20, 40, 100, 400):
        cut = [" ".join(t.split()[:n]) for t in texts]
        distance[n] = float(np.mean(np.abs(credscore.score_many(cut) - 0.5)))
    assert distance[20] < distance[40] < distance[100] < distance[400], distance
    # Unshrunk, 20-word cuts sit at 0.65 of the full articles' distance; shrunk, at about 0.25.
    assert distance[20] < 0.4 * distance[400], distance
    # Below 20 words nothing is judged.
    assert np.all(credscore.score_many([" ".join(t.split()[:12]) for t in texts]) == 0.5)


def test_tone_cap_bounds_what_tone_can_take_away() -> None:
    coef = np.zeros(N)
    coef[NAMES.index("signal:exclamation")] = -2.0
    coef[NAMES.index("signal:specific_date")] = 0.7  # sourcing-like: not capped
    loud = ARTICLE.replace(".", "!!!") + " Wow!!! Amazing!!!"
    uncapped = CredibilityModel(NAMES, np.zeros(N), np.ones(N), coef, 0.0, {}, 3.0)
    capped = dataclasses.replace(uncapped, tone_cap=0.5, metadata={})
    f = featurize([loud], [None])
    tone, lift = capped.tone_parts(f.X, f.ngrams)
    exclaim = float(uncapped.contributions(f.X)[0, NAMES.index("signal:exclamation")])
    assert tone[0] == pytest.approx(exclaim) and exclaim < -0.5
    assert lift[0] == pytest.approx(-0.5 - exclaim)
    rest = float(np.sum(uncapped.contributions(f.X)[0])) - exclaim
    assert capped.score(loud) == pytest.approx(sigmoid(rest - 0.5), rel=1e-12)
    assert uncapped.score(loud) == pytest.approx(sigmoid(rest + exclaim), rel=1e-12)
    # The cap never raises a text above what it would score without its tone.
    assert capped.score(loud) <= sigmoid(rest)
    # ... and travels through the model file.
    assert CredibilityModel.from_dict(capped.to_dict(), NAMES).tone_cap == 0.5
    ex = capped.explain(loud)
    assert ex.style["tone_cap"] == pytest.approx(-0.5 - exclaim)


def test_shipped_model_bounds_tone() -> None:
    assert credscore.default_model().tone_cap == 0.5


def test_recalibrate_model_quiet_keeps_the_study_log_clean(caplog: pytest.LogCaptureFixture) -> None:
    from credscore._features import featurize
    from credscore._train import FEW_PER_CLASS, recalibrate_model

    good = [ARTICLE.replace("7-2", f"{i}-{i + 1}") for i in range(3)]
    bad = [f"SHOCKING!!! Sources say the cover-up number {i} is hidden from you, share before it is deleted!!! " * 3 for i in range(3)]
    feats = featurize(good + bad, [None] * 6, credscore._engine.default_matcher())
    y = np.array([1, 1, 1, 0, 0, 0])
    base = credscore.default_model()
    with caplog.at_level("WARNING", logger="credscore"):
        quiet = recalibrate_model(base, feats, y, quiet=True)
    assert caplog.text == ""
    with caplog.at_level("WARNING", logger="credscore"):
        loud = recalibrate_model(base, feats, y)
    assert f"with fewer than {FEW_PER_CLASS} per class" in caplog.text
    assert quiet.to_dict() == loud.to_dict()


def test_the_shipped_model_records_the_risk_thresholds_the_library_applies() -> None:
    # The model file says which verdict thresholds it was shipped with; a rebuild after the study moves
    # them must carry the new ones (5 Dec: 0.24 -> 0.23 was once left at 0.24 in the file).
    meta = credscore.default_model().metadata
    assert meta["risk_thresholds"] == dict(credscore.RISK_THRESHOLDS)


def test_platt_targets_are_the_counts_of_each_class() -> None:
    # Logits that separate the classes: the fit reaches Platt's targets exactly, (n1 + 1) / (n1 + 2) for the
    # credible side and 1 / (n0 + 2) for the other, with the class weights recalibrate uses.
    from credscore._train import platt

    n1, n0 = 10, 30
    logits = np.array([2.0] * n1 + [-2.0] * n0)
    y = np.array([1] * n1 + [0] * n0)
    w = np.where(y == 1, 0.5 / n1, 0.5 / n0)
    a, b = platt(logits, y, w, smooth=True)
    p = 1.0 / (1.0 + np.exp(-(a * np.array([2.0, -2.0]) + b)))
    assert p[0] == pytest.approx((n1 + 1) / (n1 + 2), abs=1e-4) and p[1] == pytest.approx(1 / (n0 + 2), abs=1e-4)
    a_plain, _ = platt(logits, y, w)
    assert a_plain > 3 * a  # fitted to 1 and 0, the slope runs off


def test_a_strongly_regularised_model_keeps_a_calibrated_ranking(caplog: pytest.LogCaptureFixture) -> None:
    # With a small C the logits are tiny and Platt's solver stopped at a slope of exactly 0: every
    # score at the base rate, and the inverted-ranking warning for a model that ranked well (an audit's
    # GridSearchCV over C). The fit now sees the logits divided by their spread.
    texts = _fixture_variants(12)
    labels = [1] * 12 + [0] * 12
    with caplog.at_level("WARNING", logger="credscore"):
        model = credscore.train(texts, labels, C=1e-5)
    assert "ranks articles against" not in caplog.text
    assert model.metadata["calibration"]["a"] > 1.0
    scores = model.score_many(texts)
    assert scores[:12].min() > 0.5 > scores[12:].max()


def test_a_positive_calibration_slope_is_kept_whatever_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # The guard is for slopes <= 0 only: a weak but right ranking (slope 0.5) keeps its slope.
    from credscore import _train

    monkeypatch.setattr(_train, "platt", lambda *args, **kwargs: (0.5, 0.1))
    texts, labels, _ = _flipped_sources()
    assert credscore.train(texts, labels).metadata["calibration"]["a"] == 0.5
    assert credscore.recalibrate(_fixture_variants(3), [1, 1, 1, 0, 0, 0]).metadata["recalibrated"]["a"] == 0.5


def test_recalibration_weighs_the_classes_equally() -> None:
    # 40 credible articles and 10 not: fitted with each class carrying half the weight, the mean score of
    # each class sits on its side of 0.5 at prior 0.5 (weighted by count, the many would pull all up).
    texts = _fixture_variants(40)[:40] + _fixture_variants(10)[10:]
    labels = [1] * 40 + [0] * 10
    new = credscore.recalibrate(texts, labels)
    scores = new.score_many(texts)
    assert abs((scores[:40].mean() + scores[40:].mean()) / 2 - 0.5) < 0.05, (scores[:40].mean(), scores[40:].mean())


def test_recalibration_takes_a_sample_with_one_article_of_a_class(caplog: pytest.LogCaptureFixture) -> None:
    texts = _fixture_variants(5)[:5] + _fixture_variants(1)[1:]
    with caplog.at_level("WARNING", logger="credscore"):
        new = credscore.recalibrate(texts, [1] * 5 + [0])
    assert "only 5 credible (1) and 1 non-credible (0) articles" in caplog.text and new.metadata["recalibrated"]["n"] == 6


def test_training_on_a_small_sample_warns_and_keeps_its_scores_off_0_and_1(caplog: pytest.LogCaptureFixture) -> None:
    # An audit: 2 + 2 articles trained a model of calibration slope 419, silently; on a new source 87 % of
    # its scores were below 0.01 or above 0.99. Now Platt's targets bound the slope, and a warning says why.
    from credscore._train import FEW_PER_CLASS

    good = [ARTICLE.replace("7-2", f"{i}-{i + 1}") for i in range(4)]
    bad = [_rumour(i) for i in range(4)]
    with caplog.at_level("WARNING", logger="credscore"):
        model = credscore.train(good + bad, [1] * 4 + [0] * 4)
    assert "trained on only 4 credible (1) and 4 non-credible (0) articles" in caplog.text
    assert f"with fewer than {FEW_PER_CLASS} per class" in caplog.text
    assert "Platt's targets (a small sample)" in model.metadata["calibration"]["method"]
    scores = model.score_many(good + bad)
    assert 0.05 < scores.min() and scores.max() < 0.95, scores
    caplog.clear()
    many_good = [ARTICLE.replace("7-2", f"{i}-{i + 1}") for i in range(FEW_PER_CLASS)]
    many_bad = [_rumour(i) for i in range(FEW_PER_CLASS)]
    with caplog.at_level("WARNING", logger="credscore"):
        model = credscore.train(many_good + many_bad, [1] * FEW_PER_CLASS + [0] * FEW_PER_CLASS)
    assert "trained on only" not in caplog.text and "Platt's targets" not in model.metadata["calibration"]["method"]


def test_recalibration_is_fitted_as_the_model_applies_it_to_short_articles() -> None:
    # The short-text shrinkage multiplies the whole calibrated logit (slope and intercept), so the fit must
    # see it: fitted on the unshrunk logits, a sample of 30-word articles got scores about a third as
    # confident as the labels warrant (an audit: calibration slope 3.4 on held-out articles). Fitted as
    # applied, the weighted score equations of Platt's smoothed targets hold at the fitted (a, b).
    from credscore._train import raw_logits

    texts = [" ".join(t.split()[:k]) for t, k in zip(_fixture_variants(12), itertools.cycle((25, 30, 40, 60)))]
    labels = np.array([1] * 12 + [0] * 12)
    labels[[0, 13]] = labels[[13, 0]]  # one of each class mislabelled: not separable
    base = credscore.default_model()
    new = credscore.recalibrate(texts, labels, model=base)
    a, b = new.metadata["recalibrated"]["a"], new.metadata["recalibrated"]["b"]
    f = featurize(texts, [None] * len(texts))
    s = base.shrinkage(f.words)
    assert np.all(s < 0.5)  # short articles: the shrinkage matters
    p = 1 / (1 + np.exp(-s * (a * raw_logits(base, f) + b)))
    n1 = int(labels.sum())
    n0 = len(labels) - n1
    target = np.where(labels == 1, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))
    w = np.where(labels == 1, 0.5 / n1, 0.5 / n0)
    residual = w * (target - p) * s
    assert abs(residual.sum()) < 1e-4 and abs((residual * raw_logits(base, f)).sum()) < 1e-4
    # And the model scores just that (where the tone cap, which does not scale with the slope, is idle).
    assert np.allclose(new.score_many(texts[:12]), p[:12], atol=1e-9)


def test_the_model_card_states_the_shipped_models_size_and_thresholds() -> None:
    # The card's first paragraph says how many writing-pattern n-grams the model holds, and its verdict
    # section the thresholds; both went stale once (49,745 n-grams stayed in the card after a rebuild to 49,732).
    card = Path(__file__).resolve().parents[1] / "models" / "MODEL_CARD.md"
    if not card.exists():
        pytest.skip("the model card is not in this tree (an installed package)")
    text = card.read_text(encoding="utf-8")
    model = credscore.default_model()
    stated = re.search(r"([\d,]+) n-grams seen in at least (\d+) training", text)
    assert stated is not None, "the card no longer states the n-gram count"
    assert int(stated.group(1).replace(",", "")) == len(model.to_dict()["ngrams"]["terms"])
    hi, med = credscore.RISK_THRESHOLDS["high"], credscore.RISK_THRESHOLDS["medium"]
    assert f"high if score < {hi}, low if score >= {med}" in text, (hi, med)
