"""From text to a numeric feature matrix with named columns.

Columns, in order (see :meth:`FeatureExtractor.get_feature_names_out`):

``signal:<name>``
    For each body signal: ``log1p(1000 * count / max(words, MIN_WORDS))``, the
    log of the signal's rate per thousand words. Rates make long and short
    articles comparable, which matters because article length differs between
    corpora for reasons that have nothing to do with credibility.
``title:<name>``
    For each headline signal: ``log1p(count)`` (0 when no title is given).
``shape:<name>``
    Word and sentence shape of the body (:data:`credscore._stylometry.SHAPE_FEATURES`).
``punct:<name>``
    Punctuation rates per 1000 characters (:data:`credscore._stylometry.PUNCTUATION`).
``morph:<suffix>``
    Shares of words ending in common suffixes (:data:`credscore._stylometry.SUFFIXES`).
``fw:<word>``
    Function-word rates per 100 words (:data:`credscore._stylometry.FUNCTION_WORDS`).

Beside these columns, a model may read the **writing-pattern** block: word
1-3-grams of the text with every content word replaced by its shape
(:mod:`credscore._ngrams`). Its vocabulary is learned at training time and
stored in the model, so :func:`featurize` returns the per-document n-gram
counts and the model weighs them (:mod:`credscore._model`).

No column depends on which words a text is about: every column is either a
named signal from the catalogue or a documented, topic-free stylometric
statistic (:mod:`credscore._stylometry`). Article length itself is not a
column: it differs between corpora for reasons unrelated to credibility.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _kernels
from ._body import bodies
from ._engine import Matcher, default_matcher
from ._language import looks_english_batch
from ._ngrams import NgramVocabulary, analyse, content_analyse
from ._signals import CATALOGUE, Signal
from ._stylometry import FUNCTION_WORDS, PUNCTUATION, SHAPE_FEATURES, SUFFIXES, stylometry
from ._tokens import ByteBatch, encode_batch
from ._validation import as_documents

if TYPE_CHECKING:  # pragma: no cover
    from typing import Self

__all__ = ["DocumentFeatures", "FeatureExtractor", "column_group", "feature_matrix", "feature_names", "featurize"]

# Rates are taken per max(words, MIN_WORDS): a 12-word snippet with one
# "allegedly" should not look like an article saturated with it.
MIN_WORDS = 50


def signal_column(signal: Signal) -> str:
    """The name of ``signal``'s column: ``signal:<name>`` for a body signal, ``title:<name>`` for a headline one."""
    return f"{'title' if signal.scope == 'title' else 'signal'}:{signal.name}"


def feature_names(signals: Sequence[Signal] | None = None) -> list[str]:
    """Names of the feature columns, in order, for ``signals`` (default: the catalogue).

    Examples
    --------
    >>> names = feature_names()
    >>> names[0], names[-1] == "fw:" + FUNCTION_WORDS[-1]
    ('signal:anonymous_sourcing', True)
    """
    sigs = tuple(CATALOGUE if signals is None else signals)
    names = [signal_column(s) for s in sigs if s.scope == "text"]
    names += [signal_column(s) for s in sigs if s.scope == "title"]
    names += [f"shape:{k}" for k in SHAPE_FEATURES]
    names += [f"punct:{k}" for k in PUNCTUATION]
    names += [f"morph:{k}" for k in SUFFIXES]
    names += [f"fw:{w}" for w in FUNCTION_WORDS]
    return names


def feature_signs(signals: Sequence[Signal] | None = None) -> np.ndarray:
    """The sign each column's weight must keep, in :func:`feature_names` order: a signal's
    :attr:`~credscore.Signal.sign` for its column, 0 (either) for the style columns.

    Examples
    --------
    >>> signs = feature_signs()
    >>> names = feature_names()
    >>> int(signs[names.index("signal:named_expert")]), int(signs[names.index("signal:sensational_language")])
    (1, -1)
    """
    sigs = tuple(CATALOGUE if signals is None else signals)
    sign = {signal_column(s): s.sign for s in sigs}
    return np.array([sign.get(name, 0) for name in feature_names(sigs)], dtype=np.int8)


def feature_matrix(
    texts: Sequence[str],
    titles: Sequence[str | None],
    matcher: Matcher | None = None,
    *,
    batch: ByteBatch | None = None,
) -> np.ndarray:
    """The feature matrix of validated documents, shape ``(len(texts), n_features)``, float64.

    The one place the columns are built: :func:`credscore.score` calls it
    directly (no scikit-learn import), :class:`FeatureExtractor` through
    ``transform``. Columns are named by :func:`feature_names` of
    ``matcher.signals``.

    Parameters
    ----------
    texts : sequence of str
        Articles. What is read of each is its body
        (:func:`credscore._body.read_body`: no repeated headline, no page
        furniture lines).
    titles : sequence of str or None
        Headlines, parallel to ``texts``.
    matcher : Matcher, optional
        Defaults to the process-wide matcher over the catalogue.
    batch : ByteBatch, optional
        ``encode_batch(texts)`` (:mod:`credscore._tokens`), when the caller
        shares it with the other blocks.

    Examples
    --------
    >>> X = feature_matrix(["Sources said so."], [None])
    >>> X.shape == (1, len(feature_names()))
    True
    """
    return _body_matrix(bodies(texts, titles), titles, matcher, batch=batch)


def _body_matrix(
    texts: Sequence[str],
    titles: Sequence[str | None],
    matcher: Matcher | None = None,
    *,
    batch: ByteBatch | None = None,
) -> np.ndarray:
    """:func:`feature_matrix` of texts that are already their bodies (:func:`credscore._body.bodies`), as
    :func:`featurize` has them: read once, not twice."""
    if matcher is None:
        matcher = default_matcher()
    if batch is None and len(texts) > 1:
        parts = [_body_matrix(texts[a:b], titles[a:b], matcher, batch=encode_batch(texts[a:b]))
                 for a, b in chunk_ranges(texts)]
        if len(parts) > 1:
            return np.vstack(parts)
        return parts[0]
    encoded = None
    if batch is not None and batch.encoded:
        batch.check_for(texts)
        encoded = batch.encoded
    counts = matcher.count(texts, "text", encoded=encoded)
    if matcher.scope_indices("title"):
        counts += matcher.count([t or "" for t in titles], "title")
    return columns_from_counts(counts, texts, matcher, batch=batch)


#: The token blocks read at most about this many characters of text at once
#: (a longer single text is read whole): their NumPy arrays take some 30
#: bytes per byte of text, so a corpus is read in pieces, like the matcher's
#: scan. Every column of a text depends on that text alone, so the pieces
#: change no number.
CHUNK_CHARS = 1 << 22


def chunk_ranges(texts: Sequence[str], chars: int | None = None) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` ranges of ``texts`` holding about ``chars``
    characters each (default :data:`CHUNK_CHARS`); one empty range for no texts."""
    limit = CHUNK_CHARS if chars is None else chars
    out = []
    start = size = 0
    for i, t in enumerate(texts):
        size += len(t)
        if size >= limit:
            out.append((start, i + 1))
            start, size = i + 1, 0
    if start < len(texts) or not out:
        out.append((start, len(texts)))
    return out


#: Below this many words a text is too short to judge: it gets the neutral score.
MIN_JUDGEABLE_WORDS = 20


@dataclass(frozen=True, eq=False)
class DocumentFeatures:
    """Everything a model reads from a batch of documents.

    Attributes
    ----------
    X : numpy.ndarray, shape (n, n_features)
        The named columns (:func:`feature_names`).
    ngrams : list of (keys, counts)
        Per document, its writing-pattern n-gram keys and counts
        (:func:`credscore._ngrams.analyse`).
    words : numpy.ndarray of int64, shape (n,)
        Words per document (the short-text shrinkage reads it).
    judgeable : numpy.ndarray of bool, shape (n,)
        False where the text is too short (fewer than
        :data:`MIN_JUDGEABLE_WORDS` words) or does not look like English: such a
        document gets the neutral score.
    content : list of (keys, counts) or None
        Content-word n-gram counts, only for models trained with
        ``content_words=True`` (:func:`credscore._ngrams.content_analyse`).
    """

    X: np.ndarray
    ngrams: list[tuple[np.ndarray, np.ndarray]]
    words: np.ndarray
    judgeable: np.ndarray
    content: list[tuple[np.ndarray, np.ndarray]] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def take(self, idx: Sequence[int] | np.ndarray) -> DocumentFeatures:
        """The documents at positions ``idx``, in that order."""
        idx = np.asarray(idx, dtype=np.intp)
        content = None if self.content is None else [self.content[i] for i in idx]
        return DocumentFeatures(
            self.X[idx], [self.ngrams[i] for i in idx], self.words[idx], self.judgeable[idx], content
        )


def judgeable(texts: Sequence[str], words: np.ndarray, batch: ByteBatch | None = None) -> np.ndarray:
    """Which documents have enough English text to judge (see :class:`DocumentFeatures`).

    ``batch`` is ``encode_batch(texts)`` when the caller has made it already.
    """
    out = np.asarray(words, dtype=np.int64) >= MIN_JUDGEABLE_WORDS
    if out.any():
        if batch is None:
            batch = encode_batch(texts)
        else:
            batch.check_for(texts)
        out &= looks_english_batch(batch)
    return out


def featurize(
    texts: Sequence[str],
    titles: Sequence[str | None],
    matcher: Matcher | None = None,
    *,
    content_words: bool = False,
    vocabulary: NgramVocabulary | None = None,
) -> DocumentFeatures:
    """Columns, writing-pattern n-grams and word counts of validated documents, in one call.

    What is read of each text is its body (:func:`credscore._body.read_body`):
    leading lines that repeat its title are read as the title only, and
    page furniture lines ("Advertisement", "Read more") not at all. With a
    ``vocabulary`` (a model's ``ngrams``: what that model reads), the other
    n-grams may be left out, for less work; the model's scores are the same
    (see :func:`credscore._ngrams.analyse`).

    Examples
    --------
    >>> f = featurize(["Sources said so.", ""], [None, None])
    >>> f.X.shape[0], f.words.tolist(), f.judgeable.tolist()
    (2, [3, 0], [False, False])
    """
    return _body_features(bodies(texts, titles), titles, matcher, content_words=content_words, vocabulary=vocabulary)


def _body_features(
    texts: Sequence[str],
    titles: Sequence[str | None],
    matcher: Matcher | None = None,
    *,
    content_words: bool = False,
    vocabulary: NgramVocabulary | None = None,
) -> DocumentFeatures:
    """:func:`featurize` of texts that are already their bodies (:func:`credscore._body.bodies`)."""
    if len(texts) > 1:
        pieces = chunk_ranges(texts)
        if len(pieces) > 1:  # a large corpus: piece by piece (see CHUNK_CHARS), the same numbers
            parts = [_body_features(texts[a:b], titles[a:b], matcher, content_words=content_words, vocabulary=vocabulary)
                     for a, b in pieces]
            return DocumentFeatures(
                np.vstack([f.X for f in parts]),
                [row for f in parts for row in f.ngrams],
                np.concatenate([f.words for f in parts]),
                np.concatenate([f.judgeable for f in parts]),
                [row for f in parts for row in f.content] if content_words else None,  # type: ignore[union-attr]
            )
    batch = encode_batch(texts)  # one tokenisation for stylometry, n-grams and the English check
    _kernels.saw(len(batch.raw))
    X = _body_matrix(texts, titles, matcher, batch=batch)
    counts, words = analyse(texts, batch, vocabulary)
    content = content_analyse(texts) if content_words else None
    return DocumentFeatures(X, counts, words, judgeable(texts, words, batch), content)


def columns_from_counts(
    counts: np.ndarray, texts: Sequence[str], matcher: Matcher, *, batch: ByteBatch | None = None
) -> np.ndarray:
    """The feature matrix from evidence counts already made: ``counts[i, j]`` is
    the number of spans of ``matcher.signals[j]`` in document ``i`` (body signals
    in its text, headline signals in its title), as :meth:`Matcher.count` gives.

    :func:`feature_matrix` counts and calls this; :func:`credscore.explain`
    counts the spans it has found, so it scans the article once.
    """
    text_cols = np.asarray(matcher.scope_indices("text"), dtype=np.intp)
    title_cols = np.asarray(matcher.scope_indices("title"), dtype=np.intp)
    n_tokens, fw, punct, shape, morph = stylometry(texts, batch)
    signal_part = np.log1p(1000.0 * counts[:, text_cols] / np.maximum(n_tokens, MIN_WORDS)[:, None])
    title_part = np.log1p(counts[:, title_cols].astype(np.float64))
    return np.hstack([signal_part, title_part, shape, punct, morph, fw])


class _FeatureExtractorBase:
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

    scikit-learn is imported when the class is first used, not when credscore
    is: :func:`credscore.score` needs only :func:`feature_matrix`.

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

    # The methods of FeatureExtractor; the class itself adds scikit-learn's
    # TransformerMixin and BaseEstimator and is built on first access (see
    # _feature_extractor_class), so that importing credscore does not import
    # scikit-learn.

    def __init__(self, *, signals: Sequence[Signal] | None = None) -> None:
        self.signals = signals

    # sklearn API ----------------------------------------------------------
    def fit(self, X: Iterable[Any], y: Any = None) -> Self:
        """Validate ``X`` and ``signals`` and return ``self`` (there is nothing to learn)."""
        as_documents(X, "X")
        self._matcher()  # a bad signals parameter fails here, naming it, not at the first transform
        return self

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        """Return the feature matrix, shape ``(n_documents, n_features)``, float64."""
        texts, titles = as_documents(X, "X")
        return self._transform(texts, titles)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns, in order."""
        return np.asarray(self.feature_names(), dtype=object)

    # helpers ------------------------------------------------------------
    def _matcher(self) -> Matcher:
        if self.signals is None:
            return default_matcher()
        if isinstance(self.signals, (str, bytes)) or not isinstance(self.signals, Iterable):
            raise TypeError(f"signals must be None or a sequence of Signal, got {type(self.signals).__name__}")
        signals = tuple(self.signals)
        bad = [s for s in signals if not isinstance(s, Signal)]
        if bad:
            raise TypeError(f"signals must hold Signal objects only, got {type(bad[0]).__name__} {bad[0]!r}")
        return _matcher_of(signals)

    def feature_names(self) -> list[str]:
        """Names of the output columns as a list of ``str``."""
        return feature_names(self.signals)

    def _transform(self, texts: Sequence[str], titles: Sequence[str | None]) -> np.ndarray:
        return feature_matrix(texts, titles, self._matcher())


@functools.lru_cache(maxsize=8)
def _matcher_of(signals: tuple[Signal, ...]) -> Matcher:
    """One matcher per set of signals, kept between transforms: a grid search's folds would otherwise
    build (and load the compiled patterns of) a new one on every call, ~0.2 s each."""
    return Matcher(signals)


_BUILD_LOCK = threading.Lock()  # two threads must not build two different classes


def _feature_extractor_class() -> type[_FeatureExtractorBase]:
    """:class:`FeatureExtractor`, built on first use: this is where scikit-learn is imported."""
    with _BUILD_LOCK:
        return _build_feature_extractor()


@functools.cache
def _build_feature_extractor() -> type[_FeatureExtractorBase]:
    from sklearn.base import BaseEstimator, TransformerMixin

    class FeatureExtractor(_FeatureExtractorBase, TransformerMixin, BaseEstimator):  # type: ignore[misc]
        __doc__ = _FeatureExtractorBase.__doc__

        # Defined here, not only inherited: scikit-learn's set_output wraps the transform a class defines
        # itself, so set_output(transform="pandas") would give a DataFrame from fit_transform but an array
        # from transform (a pipeline selecting columns by name then fits and fails to predict).
        def transform(self, X: Iterable[Any]) -> np.ndarray:
            return _FeatureExtractorBase.transform(self, X)

        transform.__doc__ = _FeatureExtractorBase.transform.__doc__

        def __sklearn_tags__(self) -> Any:
            tags = super().__sklearn_tags__()
            tags.requires_fit = False
            tags.input_tags.two_d_array = False
            tags.input_tags.string = True
            return tags

    # Named as if defined at module level, so that pickle (which looks the
    # class up by name, through the module __getattr__ below) and reprs work.
    FeatureExtractor.__qualname__ = "FeatureExtractor"
    return FeatureExtractor


if TYPE_CHECKING:  # pragma: no cover
    from sklearn.base import BaseEstimator, TransformerMixin

    class FeatureExtractor(_FeatureExtractorBase, TransformerMixin, BaseEstimator):  # type: ignore[misc]
        ...
else:

    def __getattr__(name: str) -> Any:
        # PEP 562: FeatureExtractor is built on first access.
        if name == "FeatureExtractor":
            return _feature_extractor_class()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def column_group(name: str) -> str:
    """The explanation group of a column: signals by name, stylometry by family.

    Examples
    --------
    >>> column_group("signal:hedging"), column_group("fw:the"), column_group("shape:digits")
    ('hedging', 'function_words', 'shape:digits')
    """
    prefix, _, rest = name.partition(":")
    if prefix in ("signal", "title"):
        return rest
    if prefix == "fw":
        return "function_words"
    if prefix == "punct":
        return "punctuation"
    if prefix == "morph":
        return "word_endings"
    return name
