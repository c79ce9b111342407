"""From text to a numeric feature matrix with named columns.

Columns, in order (see :meth:`FeatureExtractor.get_feature_names_out`):

``signal:<name>``
    For each body signal: ``log1p(1000 * count / max(words, MIN_WORDS))``, the
    log of the signal's rate per thousand words. Rates make long and short
    articles comparable, which matters because article length differs between
    corpora for reasons that have nothing to do with credibility.
``title:<name>``
    For each headline signal: ``log1p(count)`` (0 when no title is given).
``style:<name>``
    A few topic-free statistics of the body (see :data:`STYLE_FEATURES`).

No column depends on which words a text is about: every column is either a
named signal from the catalogue or a documented punctuation/shape statistic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ._engine import Matcher
from ._signals import CATALOGUE, Signal
from ._validation import as_documents

__all__ = ["FeatureExtractor", "STYLE_FEATURES"]

# Rates are taken per max(words, MIN_WORDS): a 12-word snippet with one
# "allegedly" should not look like an article saturated with it.
MIN_WORDS = 50

STYLE_FEATURES: dict[str, str] = {
    "log_words": "natural log of 1 + the number of whitespace-separated words",
    "sentence_length": "words per sentence (sentence ends: . ! ? followed by space or quote)",
    "word_length": "mean characters per word",
    "quote_rate": "quotation marks per 100 words (straight and curly)",
    "question_rate": "question marks per 100 words",
    "comma_rate": "commas per sentence",
    "paren_rate": "parentheses per 100 words",
    "digit_ratio": "digits per 100 non-space characters",
    "upper_ratio": "uppercase ASCII letters per 100 letters",
}

_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LOWER = bytes(range(ord("a"), ord("z") + 1))
_DIGIT = bytes(range(ord("0"), ord("9") + 1))
_KEEP_ALL = bytes(range(256))
_NOT_UPPER = bytes(b for b in range(256) if b not in _UPPER)
_NOT_LOWER = bytes(b for b in range(256) if b not in _LOWER)
_NOT_DIGIT = bytes(b for b in range(256) if b not in _DIGIT)
_SENT_ENDS = (b". ", b".\n", b".\r", b'." ', b".\xe2\x80\x9d", b"! ", b"!\n", b"? ", b"?\n", b"?\r", b"!\r")


def _class_count(data: bytes, drop: bytes) -> int:
    # bytes.translate with a delete table runs in C; what survives is the class.
    return len(data.translate(None, drop))


def style_row(text: str) -> tuple[float, ...]:
    """Compute the :data:`STYLE_FEATURES` of one text, in order."""
    data = text.encode("utf-8", "surrogatepass")
    words = len(data.split())
    w = max(words, 1)
    sentences = max(sum(data.count(s) for s in _SENT_ENDS) + (1 if words else 0), 1)
    non_space = len(data) - data.count(b" ") - data.count(b"\n") - data.count(b"\r") - data.count(b"\t")
    upper = _class_count(data, _NOT_UPPER)
    lower = _class_count(data, _NOT_LOWER)
    digits = _class_count(data, _NOT_DIGIT)
    quotes = data.count(b'"') + data.count("\u201c".encode()) + data.count("\u201d".encode())
    return (
        math.log1p(words),
        min(words / sentences, 200.0),
        min(non_space / w, 30.0),
        100.0 * quotes / w,
        100.0 * data.count(b"?") / w,
        data.count(b",") / sentences,
        100.0 * (data.count(b"(") + data.count(b")")) / w,
        100.0 * digits / max(non_space, 1),
        100.0 * upper / max(upper + lower, 1),
    )


class FeatureExtractor(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Turn articles into the credscore feature matrix (scikit-learn transformer).

    Stateless: ``fit`` only validates its input, so the extractor can be used
    in a :class:`~sklearn.pipeline.Pipeline`, :func:`~sklearn.model_selection.cross_val_score`
    or a grid search unchanged.

    Parameters
    ----------
    signals : sequence of Signal or None, default=None
        The catalogue to use; ``None`` means :data:`credscore.CATALOGUE`.

    Notes
    -----
    ``X`` is an iterable of documents. Each document is a ``str`` (the body)
    or a mapping with key ``"text"`` and optional key ``"title"``. A bare
    ``str`` in place of the iterable is refused.

    Examples
    --------
    >>> from credscore import FeatureExtractor
    >>> fx = FeatureExtractor()
    >>> X = fx.fit_transform(["Sources said the vote was rigged!", "The council met on Monday."])
    >>> X.shape == (2, len(fx.get_feature_names_out()))
    True
    >>> "signal:anonymous_sourcing" in fx.get_feature_names_out()
    True
    """

    def __init__(self, *, signals: Sequence[Signal] | None = None) -> None:
        self.signals = signals

    # sklearn API ----------------------------------------------------------
    def fit(self, X: Iterable[Any], y: Any = None) -> FeatureExtractor:
        """Validate ``X`` and return ``self`` (there is nothing to learn)."""
        as_documents(X, "X")
        return self

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        """Return the feature matrix, shape ``(n_documents, n_features)``, float64."""
        texts, titles = as_documents(X, "X")
        return self._transform(texts, titles)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns, in order."""
        return np.asarray(self.feature_names(), dtype=object)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    # helpers ------------------------------------------------------------
    def _matcher(self) -> Matcher:
        from ._api import default_matcher

        if self.signals is None:
            return default_matcher()
        return Matcher(self.signals)

    def feature_names(self) -> list[str]:
        """Names of the output columns as a list of ``str``."""
        sigs = tuple(CATALOGUE if self.signals is None else self.signals)
        names = [f"signal:{s.name}" for s in sigs if s.scope == "text"]
        names += [f"title:{s.name}" for s in sigs if s.scope == "title"]
        names += [f"style:{k}" for k in STYLE_FEATURES]
        return names

    def _transform(self, texts: Sequence[str], titles: Sequence[str | None]) -> np.ndarray:
        matcher = self._matcher()
        text_cols = np.asarray(matcher.scope_indices("text"), dtype=np.intp)
        title_cols = np.asarray(matcher.scope_indices("title"), dtype=np.intp)
        counts = matcher.count(texts, "text")[:, text_cols].astype(np.float64)
        style = np.array([style_row(t) for t in texts], dtype=np.float64).reshape(len(texts), len(STYLE_FEATURES))
        words = np.expm1(style[:, 0])
        signal_part = np.log1p(1000.0 * counts / np.maximum(words, MIN_WORDS)[:, None])
        if len(title_cols):
            title_texts = [t or "" for t in titles]
            title_part = np.log1p(matcher.count(title_texts, "title")[:, title_cols].astype(np.float64))
        else:
            title_part = np.zeros((len(texts), 0))
        return np.hstack([signal_part, title_part, style])

