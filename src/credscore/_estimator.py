"""A scikit-learn classifier over raw articles: fit credscore on your data in a Pipeline or a grid search.

:class:`CredscoreClassifier` takes raw texts (or a pandas DataFrame with
named text and title columns), trains with :func:`credscore.train` and
scores with :meth:`credscore.CredibilityModel.score_many`, so its
probabilities are exactly the scores the rest of credscore gives. It is
built on first access, like :class:`credscore.FeatureExtractor`, so that
``import credscore`` does not import scikit-learn.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ._validation import as_documents, is_dataframe, is_missing, workers_of

if TYPE_CHECKING:  # pragma: no cover
    from typing import Self

    from ._model import CredibilityModel

__all__ = ["CredscoreClassifier"]

# Log-odds of a probability this close to 0 or 1 are clipped to stay finite.
_P_EPS = 1e-15


def _is_series(X: Any) -> bool:
    return hasattr(X, "iloc") and getattr(X, "ndim", None) == 1


def _column(X: Any, want: Any) -> Any:
    """The label of ``X``'s column ``want``: itself, or the column whose name reads as it (``0`` and ``"0"`` for
    the integer labels of ``pd.read_csv(header=None)``: an audit found ``text_column=0`` refused as "no text
    column 0 (columns: ['0', '1'])"), or None."""
    for c in X.columns:
        if type(c) is type(want) and c == want:
            return c
    for c in X.columns:
        if str(c) == str(want):
            return c
    return None


class _CredscoreClassifierBase:
    """Credibility classifier over raw articles (a scikit-learn estimator).

    ``fit`` trains a credscore model (:func:`credscore.train`: standardised
    signal and style columns, a regularised logistic regression, Platt
    calibration); ``predict_proba`` returns its calibrated probabilities.
    It can be cloned, pickled, put in a :class:`~sklearn.pipeline.Pipeline`,
    grid-searched and cross-validated.

    Parameters
    ----------
    C : float or None, default=None
        Inverse regularisation strength; None uses :func:`credscore.train`'s default.
    calibrate : bool, default=True
        Platt-calibrate the probabilities on out-of-fold predictions.
    random_state : int, RandomState instance or None, default=0
        Seed of the calibration folds: an int gives the same model for the
        same data. None or a ``numpy.random.RandomState`` draws the seed from
        it at each ``fit`` (scikit-learn's convention).
    text_column : str, default="text"
        With a DataFrame ``X``: the column holding the article bodies.
    title_column : str or None, default="title"
        With a DataFrame ``X``: the column holding the headlines, used when
        present (missing values are no headline). None ignores headlines.
    n_jobs : int or None, default=1
        Worker processes for scoring (:func:`credscore.score_many`); the
        results are the same for every value.
    credible_label : label or None, default=None
        Which of the two labels means "credible". None works for 0/1 and
        False/True labels (1 and True are credible); named labels such as
        ``"fake"``/``"real"`` need it said, because credscore's scores are the
        probability of credibility and guessing from the names would
        silently invert them.

    Attributes
    ----------
    model_ : CredibilityModel
        The fitted credscore model (``model_.save(path)`` writes it for ``credscore score --model``).
    classes_ : ndarray of shape (2,)
        The two labels, sorted, as scikit-learn orders them:
        ``predict_proba(X)[:, k]`` is the probability of ``classes_[k]``. The
        column of the credible label is credscore's score (``model_.score_many``).
    n_features_in_ : int
        Number of DataFrame columns seen by ``fit`` (only when fitted on a DataFrame).
    feature_names_in_ : ndarray of str
        Their names (only when fitted on a DataFrame).

    Notes
    -----
    ``X`` is a sequence of documents (each a ``str``, or a mapping with
    ``"text"`` and optional ``"title"``), a pandas Series of texts, or a
    pandas DataFrame with ``text_column`` (and optionally ``title_column``).
    A bare ``str`` in place of the sequence is refused, as is numeric input.

    Examples
    --------
    >>> from credscore import CredscoreClassifier
    >>> texts = [t + f" Story {i}." for i in range(10) for t in (  # ten of each, every text its own
    ...     "Sources say they secretly hid the truth from all of us!! Insiders claim it was covered up by the "
    ...     "elites. Share this before they delete it, the media will never tell you what really happened!",
    ...     "The council approved the plan by a vote of 7-2 on Monday, according to minutes published by the "
    ...     "clerk. The budget office said the measure would cost $4.2 million over two years.",
    ... )]
    >>> clf = CredscoreClassifier(credible_label="real").fit(texts, ["fake", "real"] * 10)
    >>> clf.classes_.tolist()
    ['fake', 'real']
    >>> clf.predict(texts[:2]).tolist()
    ['fake', 'real']
    >>> clf.predict_proba(texts[:2]).shape
    (2, 2)
    """

    def __init__(
        self,
        *,
        C: float | None = None,
        calibrate: bool = True,
        random_state: int | np.random.RandomState | None = 0,
        text_column: str = "text",
        title_column: str | None = "title",
        n_jobs: int | None = 1,
        credible_label: Any = None,
    ) -> None:
        self.C = C
        self.calibrate = calibrate
        self.random_state = random_state
        self.text_column = text_column
        self.title_column = title_column
        self.n_jobs = n_jobs
        self.credible_label = credible_label

    # input -----------------------------------------------------------------
    def _documents(self, X: Any, *, fitting: bool) -> tuple[list[str], list[str | None]]:
        """Bodies and headlines of ``X``; records the DataFrame columns when fitting."""
        if is_dataframe(X):
            return self._from_dataframe(X, fitting=fitting)
        if fitting:
            for attr in ("n_features_in_", "feature_names_in_"):
                if hasattr(self, attr):
                    delattr(self, attr)
        if _is_series(X):
            X = X.tolist()
        elif isinstance(X, np.ndarray) and X.ndim != 1:
            raise ValueError(
                f"X must be a sequence of texts or a DataFrame with a {self.text_column!r} column; "
                f"got a {X.ndim}-D array of shape {X.shape}"
            )
        return as_documents(X, "X")

    def _from_dataframe(self, X: Any, *, fitting: bool) -> tuple[list[str], list[str | None]]:
        names = [str(c) for c in X.columns]
        if fitting:
            self.feature_names_in_ = np.asarray(names, dtype=object)
            self.n_features_in_ = len(names)
        elif hasattr(self, "feature_names_in_"):
            missing = [c for c in (self.text_column, self.title_column)
                       if c is not None and str(c) in self.feature_names_in_ and str(c) not in names]
            if missing:
                raise ValueError(f"X lacks column(s) {missing} that it had when fitted (columns: {names})")
        text_key = _column(X, self.text_column)
        if text_key is None:
            raise ValueError(f"X has no text column {self.text_column!r} (columns: {names}); set text_column=")
        texts: list[str] = []
        for pos, (label, value) in enumerate(X[text_key].items()):
            if not isinstance(value, str):
                raise TypeError(
                    f"X[{self.text_column!r}] must hold str; row {pos} (index {label!r}) is "
                    f"{type(value).__name__} {value!r}" + (" (fill missing texts first)" if is_missing(value) else "")
                )
            texts.append(value)
        titles: list[str | None] = [None] * len(texts)
        title_key = None if self.title_column is None else _column(X, self.title_column)
        if title_key is not None:
            for pos, value in enumerate(X[title_key].tolist()):
                if is_missing(value):
                    continue
                if not isinstance(value, str):
                    raise TypeError(f"X[{self.title_column!r}] must hold str or missing values; row {pos} is "
                                    f"{type(value).__name__} {value!r}")
                titles[pos] = value or None
        return texts, titles

    # scikit-learn API ------------------------------------------------------
    def fit(self, X: Any, y: Any, sample_weight: Any = None, groups: Any = None) -> Self:
        """Train a credscore model on articles ``X`` with binary labels ``y``; returns ``self``.

        ``sample_weight`` (one finite weight >= 0 per article) shares out each
        class's total weight in proportion instead of equally; ``groups`` (one
        source per article) calibrates on out-of-fold logits that leave whole
        sources out, as :func:`credscore.train` does with them (an audit found
        that calibration out of reach from scikit-learn). Both: see
        :func:`credscore.train`.
        """
        from sklearn.utils.multiclass import check_classification_targets

        from ._train import check_sample_weight, train

        workers_of(self.n_jobs)  # n_jobs=0 or "x" is refused here, not after the fit at predict_proba
        texts, titles = self._documents(X, fitting=True)
        if y is None:
            raise ValueError("CredscoreClassifier needs labels y (two classes); got y=None")
        if isinstance(y, Iterator):  # np.asarray makes a generator one object: "shape ()" said nothing of why
            raise TypeError(f"y must be array-like (a list, an array, a Series), got {type(y).__name__}; "
                            "pass list(y)")
        labels = np.asarray(y.tolist() if _is_series(y) else y)
        if labels.ndim != 1 or len(labels) != len(texts):
            raise ValueError(f"y must be 1-D with one label per text: got shape {labels.shape} for {len(texts)} texts")
        missing = [i for i, v in enumerate(labels.tolist()) if is_missing(v)]
        if missing:
            raise ValueError(f"y[{missing[0]}] is missing ({labels.tolist()[missing[0]]!r}): every article needs a label "
                             f"({len(missing)} missing)")
        if labels.dtype == object:
            kinds = {type(v).__name__ for v in labels.tolist()}
            if "str" in kinds and len(kinds) > 1:  # scikit-learn would say only "Unknown label type: unknown"
                raise ValueError(f"y mixes strings with other labels ({', '.join(sorted(kinds))}): give every label "
                                 "the same type, e.g. the ints 0 and 1")
        check_classification_targets(labels)  # "Unknown label type: continuous" for a regression target
        classes = np.unique(labels)
        if len(classes) != 2:
            raise ValueError(
                f"CredscoreClassifier is a binary classifier: y must have exactly 2 classes, got {len(classes)} "
                f"({classes.tolist()[:5]})"
            )
        seed = self.random_state
        if seed is None or isinstance(seed, np.random.RandomState):
            from sklearn.utils import check_random_state

            seed = int(check_random_state(seed).randint(np.iinfo(np.int32).max))  # scikit-learn's convention
        options: dict[str, Any] = {"calibrate": self.calibrate, "random_state": seed}
        if self.C is not None:
            options["C"] = self.C
        credible = self._credible(classes)
        y01 = (labels == credible).astype(np.int64)
        weights = check_sample_weight(sample_weight, y01)
        if groups is not None:
            groups = list(groups.tolist() if hasattr(groups, "tolist") else groups)
            if len(groups) != len(texts):
                raise ValueError(f"groups must have one entry per text: got {len(groups)} for {len(texts)} texts")
            options["groups"] = groups
        self.model_ = train(texts, y01.tolist(), titles=titles, sample_weight=weights, **options)
        self.classes_ = classes
        self._credible_column = int(np.flatnonzero(classes == credible)[0])
        return self

    def _credible(self, classes: np.ndarray) -> Any:
        """The label trained as credible (1): ``credible_label``, else 1 (or True) of 0/1 labels."""
        if self.credible_label is not None:
            if self.credible_label not in classes.tolist():
                hint = ""
                if set(classes.tolist()) <= {0, 1} and not isinstance(self.credible_label, (int, np.integer)):
                    hint = (
                        "; scikit-learn encodes labels as 0, 1 before fitting in cross_val_predict(method="
                        "'predict_proba') and StackingClassifier: pass the credible label's encoded value there "
                        "(its index among the sorted labels)"
                    )
                raise ValueError(
                    f"credible_label={self.credible_label!r} is not one of the labels {classes.tolist()}{hint}"
                )
            return self.credible_label
        if set(classes.tolist()) <= {0, 1}:  # 0/1, False/True
            return classes[1]
        raise ValueError(
            f"y has the labels {classes.tolist()}: say which one means credible with credible_label= "
            "(credscore's scores are the probability of that label)"
        )

    # pickling ----------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        # The fitted model travels as its JSON-ready dict (the form save() writes),
        # so pickling does not depend on how CredibilityModel is built inside.
        parent: Any = super()
        state: dict[str, Any] = dict(parent.__getstate__())
        model = state.pop("model_", None)
        if model is not None:
            state["_model_dict"] = model.to_dict()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        from ._model import CredibilityModel

        state = dict(state)
        data = state.pop("_model_dict", None)
        if data is not None:
            state["model_"] = CredibilityModel.from_dict(data)
        parent: Any = super()
        parent.__setstate__(state)

    def _check_fitted(self) -> CredibilityModel:
        model: CredibilityModel | None = getattr(self, "model_", None)
        if model is None:
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with appropriate arguments "
                "before using this estimator."
            )
        return model

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 2)``, columns in the order of ``classes_``.

        The credible label's column is credscore's score of each article.
        """
        model = self._check_fitted()
        texts, titles = self._documents(X, fitting=False)
        p = model.score_many(texts, titles=titles, n_jobs=self.n_jobs)
        out: np.ndarray = np.column_stack([1.0 - p, p] if self._credible_column == 1 else [p, 1.0 - p])
        return out

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """The log of :meth:`predict_proba` (as scikit-learn's classifiers give it; 0 probabilities give -inf)."""
        with np.errstate(divide="ignore"):
            out: np.ndarray = np.log(self.predict_proba(X))
        return out

    def decision_function(self, X: Any) -> np.ndarray:
        """Log-odds of ``classes_[1]``, as scikit-learn defines it: positive means ``classes_[1]`` is predicted."""
        p = np.clip(self.predict_proba(X)[:, 1], _P_EPS, 1.0 - _P_EPS)
        out: np.ndarray = np.log(p) - np.log1p(-p)
        return out

    def predict(self, X: Any) -> np.ndarray:
        """The more probable class of each article (``classes_[1]`` when its probability exceeds 0.5)."""
        p = self.predict_proba(X)[:, 1]
        out: np.ndarray = self.classes_[(p > 0.5).astype(np.intp)]
        return out


_BUILD_LOCK = threading.Lock()


def _classifier_class() -> type[_CredscoreClassifierBase]:
    """:class:`CredscoreClassifier`, built on first use: this is where scikit-learn is imported."""
    with _BUILD_LOCK:
        return _build_classifier()


@functools.cache
def _build_classifier() -> type[_CredscoreClassifierBase]:
    from sklearn.base import BaseEstimator, ClassifierMixin

    class CredscoreClassifier(ClassifierMixin, _CredscoreClassifierBase, BaseEstimator):  # type: ignore[misc]
        __doc__ = _CredscoreClassifierBase.__doc__

        def __sklearn_tags__(self) -> Any:
            tags = super().__sklearn_tags__()
            tags.input_tags.two_d_array = False
            tags.input_tags.string = True
            tags.input_tags.one_d_array = True
            tags.classifier_tags.multi_class = False
            tags.target_tags.required = True
            return tags

    # Named as if defined at module level, so that pickle (which looks the
    # class up by name, through the module __getattr__ below) and reprs work.
    CredscoreClassifier.__qualname__ = "CredscoreClassifier"
    CredscoreClassifier.__module__ = __name__
    return CredscoreClassifier


if TYPE_CHECKING:  # pragma: no cover
    from sklearn.base import BaseEstimator, ClassifierMixin

    class CredscoreClassifier(ClassifierMixin, _CredscoreClassifierBase, BaseEstimator):  # type: ignore[misc]
        ...
else:

    def __getattr__(name: str) -> Any:
        # PEP 562: CredscoreClassifier is built on first access.
        if name == "CredscoreClassifier":
            return _classifier_class()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
