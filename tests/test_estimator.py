"""CredscoreClassifier and FeatureExtractor as scikit-learn estimators: its own checks, Pipeline, search, CV."""

from __future__ import annotations

import pickle
import sys
import warnings
from typing import Any

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

import credscore
from credscore import CredscoreClassifier, FeatureExtractor

_PLACES = ["the mayor", "the senator", "the council", "the ministry", "the governor", "the agency"]
# At least 20 words each: shorter texts get credscore's neutral score.
RUMOURS = [
    f"Sources say {who} secretly hid the truth from all of us!! Insiders claim it was all covered up by the elites. "
    "Share this before they delete it, because the mainstream media will never tell you what really happened!"
    if i % 2
    else f"They don't want you to know what {who} did last night. Wake up, people, the evidence is being hidden "
    "from you and nobody is asking questions! Unbelievable!! Spread the word before it is too late!"
    for i, who in enumerate(_PLACES * 2)
]
SOURCED = [
    f"{who.capitalize()} approved the plan by a vote of 7-2 on Monday, according to minutes published by the "
    f"clerk on {d} March. The budget office said the measure would cost $4.2 million over two years."
    if i % 2
    else f"Dr. Ana Ruiz, an economist at Columbia University, said on {d} May that {who} cut spending by 3.1 "
    "percent last year. The figures were published in the annual report, which was reviewed by auditors."
    for i, (who, d) in enumerate(zip(_PLACES * 2, range(3, 15)))
]
TEXTS = [t for pair in zip(RUMOURS, SOURCED) for t in pair]  # alternating labels 0, 1
LABELS = [0, 1] * len(RUMOURS)


@pytest.fixture(scope="module")
def fitted() -> Any:
    return CredscoreClassifier().fit(TEXTS, LABELS)


def test_probabilities_are_credscores_own(fitted: Any) -> None:
    model = credscore.train(TEXTS, LABELS)
    proba = fitted.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 2) and proba.dtype == np.float64
    assert np.array_equal(proba[:, 1], model.score_many(TEXTS))
    assert np.allclose(proba.sum(axis=1), 1.0)
    decision = fitted.decision_function(TEXTS)
    assert np.allclose(1.0 / (1.0 + np.exp(-decision)), proba[:, 1], rtol=1e-9, atol=1e-12)
    assert np.array_equal(fitted.predict(TEXTS), np.where(decision > 0, 1, 0))
    assert np.array_equal(fitted.predict_log_proba(TEXTS), np.log(proba))  # what meta-estimators may call
    assert fitted.classes_.tolist() == [0, 1]
    assert fitted.score(TEXTS, LABELS) == 1.0  # training accuracy on an easy, separable toy set
    assert not hasattr(fitted, "n_features_in_") and not hasattr(fitted, "feature_names_in_")  # texts, not columns


@pytest.mark.parametrize(
    ("labels", "credible_label"),
    [(["fake", "real"], "real"), (["fake", "credible"], "credible"), ([False, True], None), ([-1, 7], 7), ([3, 1], 1)],
)
def test_any_two_labels(labels: list[Any], credible_label: Any) -> None:
    # labels[0] marks the rumours, labels[1] the sourced articles, which are the credible ones.
    y = [labels[v] for v in LABELS]
    clf = CredscoreClassifier(credible_label=credible_label).fit(TEXTS, y)
    assert clf.classes_.tolist() == sorted(labels)
    assert clf.predict(TEXTS).tolist() == y
    scores = credscore.train(TEXTS, LABELS).score_many(TEXTS)
    assert np.array_equal(clf.model_.score_many(TEXTS), scores)  # the saved model scores credibility
    column = clf.classes_.tolist().index(labels[1])
    assert np.array_equal(clf.predict_proba(TEXTS)[:, column], scores)
    assert np.array_equal(clf.decision_function(TEXTS) > 0, clf.predict(TEXTS) == clf.classes_[1])


def test_named_labels_need_the_credible_one_named() -> None:
    y = [["credible", "fake"][v] for v in LABELS]
    with pytest.raises(ValueError, match=r"labels \['credible', 'fake'\]: say which one means credible"):
        CredscoreClassifier().fit(TEXTS, y)
    with pytest.raises(ValueError, match=r"credible_label='real' is not one of the labels") as info:
        CredscoreClassifier(credible_label="real").fit(TEXTS, y)
    assert "encodes labels" not in str(info.value)
    # scikit-learn's cross_val_predict(method="predict_proba") fits on the labels encoded as 0, 1: the
    # message says so, rather than blaming the user's labels.
    with pytest.raises(ValueError, match=r"not one of the labels \[0, 1\]; scikit-learn encodes labels as 0, 1"):
        CredscoreClassifier(credible_label="real").fit(TEXTS, LABELS)


def test_dataframe_with_named_text_and_title_columns() -> None:
    pd = pytest.importorskip("pandas")
    titles = ["SHOCKING: you won't believe this", None] * len(RUMOURS)
    df = pd.DataFrame({"id": range(len(TEXTS)), "body": TEXTS, "headline": titles}, index=range(100, 100 + len(TEXTS)))
    clf = CredscoreClassifier(text_column="body", title_column="headline").fit(df, pd.Series(LABELS))
    assert clf.n_features_in_ == 3 and clf.feature_names_in_.tolist() == ["id", "body", "headline"]
    model = credscore.train(TEXTS, LABELS, titles=titles)
    assert np.array_equal(clf.predict_proba(df)[:, 1], model.score_many(TEXTS, titles=titles))
    # The bodies alone, as a Series or a list, score without the headlines.
    assert np.array_equal(clf.predict_proba(df["body"])[:, 1], model.score_many(TEXTS))

    with pytest.raises(ValueError, match=r"lacks column\(s\) \['headline'\]"):
        clf.predict_proba(df[["id", "body"]])
    with pytest.raises(ValueError, match="no text column 'text'.*set text_column="):
        CredscoreClassifier().fit(df, LABELS)
    holes = df.assign(body=[None] + TEXTS[1:])
    with pytest.raises(TypeError, match=r"row 0 \(index 100\) is (NoneType None|float nan) \(fill missing texts first\)"):
        clf.predict_proba(holes)
    # Refitting on plain texts forgets the columns.
    clf.fit(TEXTS, LABELS)
    assert not hasattr(clf, "n_features_in_")


def test_pipeline_grid_search_clone_and_cross_validation() -> None:
    clf = CredscoreClassifier(C=0.01)
    copy = clone(clf)
    assert copy.get_params() == clf.get_params() and not hasattr(copy, "model_")
    pipe = Pipeline([("clf", clf)])
    assert pipe.fit(TEXTS, LABELS).predict(TEXTS[:2]).tolist() == [0, 1]
    search = GridSearchCV(CredscoreClassifier(), {"C": [0.003, 1.0]}, cv=2, scoring="roc_auc").fit(TEXTS, LABELS)
    assert search.best_params_["C"] in (0.003, 1.0)
    assert search.best_estimator_.model_.metadata["C"] == search.best_params_["C"]
    scores = cross_val_score(CredscoreClassifier(), TEXTS, LABELS, cv=2, scoring="roc_auc")
    # The same folds by hand (cross_val_score clones and refits; nothing may leak between folds).
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    by_hand = []
    for train, test in StratifiedKFold(2).split(TEXTS, LABELS):
        fold = CredscoreClassifier().fit([TEXTS[i] for i in train], [LABELS[i] for i in train])
        by_hand.append(roc_auc_score([LABELS[i] for i in test], fold.predict_proba([TEXTS[i] for i in test])[:, 1]))
    assert scores.tolist() == pytest.approx(by_hand, rel=1e-12)


def test_set_output_pandas_gives_frames_from_transform_too() -> None:
    """An audit (session 35): set_output(transform="pandas") wrapped fit_transform but not the inherited
    transform, so a pipeline picking columns by name fitted, then failed at predict_proba."""
    pd = pytest.importorskip("pandas")
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    fx = FeatureExtractor().set_output(transform="pandas")
    frame = fx.fit(TEXTS).transform(TEXTS[:3])
    assert isinstance(frame, pd.DataFrame) and frame.shape == (3, len(fx.get_feature_names_out()))
    assert list(frame.columns) == list(fx.get_feature_names_out())
    assert np.array_equal(frame.to_numpy(), FeatureExtractor().transform(TEXTS[:3]))
    columns = ["signal:anonymous_sourcing", "signal:named_expert", "signal:sensational_language"]
    pipe = make_pipeline(FeatureExtractor(), ColumnTransformer([("s", "passthrough", columns)]),
                         LogisticRegression()).set_output(transform="pandas")
    proba = pipe.fit(TEXTS, LABELS).predict_proba(TEXTS[:4])
    assert proba.shape == (4, 2)


def test_fit_takes_groups_as_train_does() -> None:
    # An audit: train(groups=...) calibrates with whole sources left out, and the estimator could not.
    groups = [f"site{i % 4}" for i in range(len(TEXTS))]
    est = CredscoreClassifier(random_state=0).fit(TEXTS, LABELS, groups=np.array(groups))
    want = credscore.train(TEXTS, LABELS, groups=groups, random_state=0)
    assert est.model_.to_dict() == want.to_dict()
    assert est.model_.to_dict() != CredscoreClassifier(random_state=0).fit(TEXTS, LABELS).model_.to_dict()
    with pytest.raises(ValueError, match="groups must have one entry per text: got 3 for 24 texts"):
        CredscoreClassifier().fit(TEXTS, LABELS, groups=["a", "b", "c"])


def test_pickle_and_clone_round_trip(fitted: Any) -> None:
    again = pickle.loads(pickle.dumps(fitted))
    assert type(again) is CredscoreClassifier and repr(again) == "CredscoreClassifier()"
    assert np.array_equal(again.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_order_and_subset_invariance(fitted: Any) -> None:
    proba = fitted.predict_proba(TEXTS)
    order = np.random.default_rng(0).permutation(len(TEXTS))
    assert np.array_equal(fitted.predict_proba([TEXTS[i] for i in order]), proba[order])
    assert np.array_equal(fitted.predict_proba(TEXTS[3:7]), proba[3:7])


def test_fit_is_idempotent_and_returns_self() -> None:
    clf = CredscoreClassifier()
    assert clf.fit(TEXTS, LABELS) is clf
    first = clf.predict_proba(TEXTS)
    assert np.array_equal(clf.fit(TEXTS, LABELS).predict_proba(TEXTS), first)


def test_bad_input_is_refused_with_a_clear_error(fitted: Any) -> None:
    with pytest.raises(TypeError, match="single str"):
        CredscoreClassifier().fit("one article", [1])
    with pytest.raises(TypeError, match=r"X\[0\] must be str, got float"):
        CredscoreClassifier().fit([0.5, 1.5], [0, 1])
    with pytest.raises(ValueError, match=r"got a 2-D array of shape \(2, 3\)"):
        fitted.predict_proba(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="Unknown label type"):
        CredscoreClassifier().fit(TEXTS, np.linspace(0, 1, len(TEXTS)))
    with pytest.raises(ValueError, match="exactly 2 classes, got 1"):
        CredscoreClassifier().fit(TEXTS, [1] * len(TEXTS))
    with pytest.raises(ValueError, match="exactly 2 classes, got 3"):
        CredscoreClassifier().fit(TEXTS, [0, 1, 2] * (len(TEXTS) // 3))
    with pytest.raises(ValueError, match="one label per text"):
        CredscoreClassifier().fit(TEXTS, LABELS[:-1])
    with pytest.raises(ValueError, match=r"y\[1\] is missing \(None\): every article needs a label \(2 missing\)"):
        CredscoreClassifier().fit(TEXTS[:4], ["fake", None, "real", None])
    with pytest.raises(ValueError, match=r"y\[0\] is missing \(nan\)"):
        CredscoreClassifier().fit(TEXTS[:2], [float("nan"), 1.0])
    with pytest.raises(NotFittedError, match="not fitted yet"):
        CredscoreClassifier().predict(TEXTS)


def test_import_does_not_pull_in_sklearn_until_the_class_is_used() -> None:
    import subprocess

    code = (
        "import sys, credscore\n"
        "before = 'sklearn' in sys.modules\n"
        "cls = credscore.CredscoreClassifier\n"
        "print(before, 'sklearn' in sys.modules, cls.__module__, cls.__qualname__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300).stdout.split()
    assert out == ["False", "True", "credscore._estimator", "CredscoreClassifier"]


# --- scikit-learn's own estimator checks --------------------------------------------
#
# Both estimators read text, so their tags say so (string input, no 2-D numeric
# arrays), and with those tags check_estimator runs nothing at all. To have
# scikit-learn's checks run, the test subclasses below claim 2-D array input.
# The checks that then pass are kept as tests. The checks listed below feed
# numbers (random float matrices, sparse matrices, NaN/inf, complex numbers)
# to fit/transform: credscore refuses numbers with a TypeError naming the
# value (test_bad_input_is_refused_with_a_clear_error) instead of scoring them,
# so those checks cannot apply. What they verify for numeric estimators is
# checked on texts in this file: fit returns self and is idempotent
# (test_fit_is_idempotent_and_returns_self), pickling (test_pickle_and_clone_round_trip),
# order and subset invariance (test_order_and_subset_invariance), n_features_in_ /
# feature_names_in_ with DataFrames, Pipeline, clone, GridSearchCV and cross_val_score.

_NUMERIC_X = "feeds a numeric array as X; credscore reads texts and refuses numbers with a TypeError"
_NUMERIC_CHECKS = [
    "check_fit_score_takes_y", "check_estimators_overwrite_params", "check_dont_overwrite_parameters",
    "check_estimators_fit_returns_self", "check_readonly_memmap_input", "check_n_features_in_after_fitting",
    "check_positive_only_tag_during_fit", "check_estimators_dtypes", "check_dtype_object",
    "check_pipeline_consistency", "check_estimators_pickle", "check_f_contiguous_array_estimator",
    "check_methods_sample_order_invariance", "check_methods_subset_invariance", "check_fit2d_1sample",
    "check_fit2d_1feature", "check_dict_unchanged", "check_fit_idempotent", "check_fit_check_is_fitted",
    "check_n_features_in", "check_fit1d", "check_fit2d_predict1d", "check_requires_y_none",
    "check_classifiers_classes", "check_supervised_y_2d", "check_decision_proba_consistency",
    "check_classifier_data_not_an_array", "check_classifiers_one_label", "check_classifiers_train",
    "check_classifier_not_supporting_multiclass", "check_classifiers_regression_target",
    "check_transformer_general", "check_transformer_preserve_dtypes", "check_transformers_unfitted_stateless",
    "check_transformer_data_not_an_array", "check_transformer_n_iter", "check_set_output_transform",
    "check_global_output_transform_pandas", "check_global_set_output_transform_polars",
    "check_set_output_transform_pandas", "check_set_output_transform_polars",
    # sample_weight: the same checks on texts are in tests/test_sample_weight.py
    "check_sample_weights_pandas_series", "check_sample_weights_not_an_array", "check_sample_weights_list",
    "check_all_zero_sample_weights_error", "check_sample_weights_shape", "check_sample_weights_not_overwritten",
    "check_sample_weight_equivalence_on_dense_data", "check_classifiers_one_label_sample_weights",
]
_EXPECTED_FAILURES = {
    **dict.fromkeys(_NUMERIC_CHECKS, _NUMERIC_X),
    "check_complex_data": "expects the words 'Complex data not supported'; credscore says X[0] must be str",
    "check_estimators_empty_data_messages": "expects a numeric shape message for a (n, 0) array; credscore says X[0] must be str",
    "check_estimators_nan_inf": "expects a NaN/inf message for numeric X; credscore says X[0] must be str",
    "check_estimator_sparse_tag": "fits on a sparse numeric matrix; credscore refuses it as not text",
    "check_estimator_sparse_array": "fits on a sparse numeric array; credscore refuses it as not text",
    "check_estimator_sparse_matrix": "fits on a sparse numeric matrix; credscore refuses it as not text",
}


def _claims_2d(cls: type) -> type:
    class Checked(cls):  # type: ignore[misc, valid-type]
        def __sklearn_tags__(self) -> Any:
            tags = super().__sklearn_tags__()
            tags.input_tags.two_d_array = True
            return tags

    Checked.__name__ = Checked.__qualname__ = cls.__name__
    return Checked


# FeatureExtractor passes these two: it accepts (rejects) sparse input as its tags say, and has no n_iter_.
_FEATURE_EXTRACTOR_PASSES = ("check_estimator_sparse_tag", "check_transformer_n_iter")


def _expected_failures(estimator: Any) -> dict[str, str]:
    if isinstance(estimator, FeatureExtractor):
        return {k: v for k, v in _EXPECTED_FAILURES.items() if k not in _FEATURE_EXTRACTOR_PASSES}
    return _EXPECTED_FAILURES


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    _CHECKED = [_claims_2d(CredscoreClassifier)(), _claims_2d(FeatureExtractor)()]


_CHECKS = parametrize_with_checks(_CHECKED, expected_failed_checks=_expected_failures)
# scikit-learn before 1.8 (the newest on Python 3.10) hands pytest a generator of checks, which pytest 9 refuses.
_CHECKS = pytest.mark.parametrize(_CHECKS.args[0], list(_CHECKS.args[1]), **_CHECKS.kwargs)


@_CHECKS
def test_sklearn_estimator_checks(estimator: Any, check: Any) -> None:
    check(estimator)


def test_the_real_tags_say_text() -> None:
    for est in (CredscoreClassifier(), FeatureExtractor()):
        tags = est.__sklearn_tags__()
        assert tags.input_tags.string and not tags.input_tags.two_d_array


def test_random_state_takes_none_and_a_random_state_as_scikit_learn_does() -> None:
    # A retraining audit: None or a RandomState was refused ("random_state must be an int"), which
    # scikit-learn's search and ensemble tools pass. They draw an int seed; an int still fixes the model.
    a = CredscoreClassifier(random_state=np.random.RandomState(7)).fit(TEXTS, LABELS)
    b = CredscoreClassifier(random_state=np.random.RandomState(7)).fit(TEXTS, LABELS)
    assert np.array_equal(a.predict_proba(TEXTS), b.predict_proba(TEXTS))
    other = CredscoreClassifier(random_state=np.random.RandomState(8)).fit(TEXTS, LABELS)
    assert not np.array_equal(a.predict_proba(TEXTS), other.predict_proba(TEXTS))  # the state's seed is used
    np.random.seed(3)
    c = CredscoreClassifier(random_state=None).fit(TEXTS, LABELS)
    assert c.predict_proba(TEXTS).shape == (len(TEXTS), 2)
    with pytest.raises(TypeError, match="random_state must be an int"):
        CredscoreClassifier(random_state="seven").fit(TEXTS, LABELS)  # type: ignore[arg-type]


def test_feature_extractor_checks_its_signals_at_fit_and_keeps_their_matcher() -> None:
    # An API audit: signals="abc" failed only at the first transform, and custom signals built a new
    # matcher on every transform (~0.2 s each, on every fold of a grid search).
    from credscore import CATALOGUE, FeatureExtractor

    texts = ["Sources said the council voted 7-2 on Monday, according to the minutes."] * 2
    with pytest.raises(TypeError, match="signals must be None or a sequence of Signal, got str"):
        FeatureExtractor(signals="abc").fit(texts)
    with pytest.raises(TypeError, match="signals must hold Signal objects only, got int 1"):
        FeatureExtractor(signals=[1]).fit(texts)
    few = FeatureExtractor(signals=list(CATALOGUE[:3])).fit(texts)
    again = FeatureExtractor(signals=tuple(CATALOGUE[:3]))
    assert few._matcher() is few._matcher() is again._matcher()
    assert np.array_equal(few.transform(texts), again.fit(texts).transform(texts))


def test_numpy_numbers_for_C_and_integer_column_labels(fitted: Any) -> None:
    # An audit (session 41): C=np.int64(1) (what GridSearchCV hands over from np.array([1, 3])) was refused as
    # "C must be a positive number", and a DataFrame with integer column labels (pd.read_csv(header=None)) as
    # "X has no text column 0 (columns: ['0', '1'])".
    pd = pytest.importorskip("pandas")
    base = CredscoreClassifier(C=3).fit(TEXTS, LABELS).predict_proba(TEXTS)
    for C in (np.int64(3), np.float32(3.0)):
        clf = CredscoreClassifier(C=C).fit(TEXTS, LABELS)
        assert np.array_equal(clf.predict_proba(TEXTS), base) and clf.model_.to_dict()["metadata"] is not None
    search = GridSearchCV(CredscoreClassifier(), {"C": np.array([1, 3])}, cv=2, error_score="raise").fit(TEXTS, LABELS)
    assert search.best_params_["C"] in (1, 3)
    titles = [f"Report {i}" for i in range(len(TEXTS))]
    named = pd.DataFrame({"text": TEXTS, "title": titles})
    want = CredscoreClassifier().fit(named, LABELS).predict_proba(named)
    numbered = pd.DataFrame({0: TEXTS, 1: titles})
    for text_column, title_column in ((0, 1), ("0", "1")):
        clf = CredscoreClassifier(text_column=text_column, title_column=title_column).fit(numbered, LABELS)
        assert np.array_equal(clf.predict_proba(numbered), want)
    with pytest.raises(ValueError, match="no text column 2"):
        CredscoreClassifier(text_column=2).fit(numbered, LABELS)


def test_labels_as_a_generator_are_named() -> None:
    # An audit (session 41): y as a generator read as "got shape () for 24 texts".
    with pytest.raises(TypeError, match="y must be array-like .* got generator; pass list"):
        CredscoreClassifier().fit(TEXTS, (v for v in LABELS))
