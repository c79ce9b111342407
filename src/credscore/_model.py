"""From feature columns to a calibrated score: the linear model and its file format.

The score of a document is ``sigmoid(s * (intercept + sum_j coef[j] * z[j] + w + lift)
+ logit(prior))`` with ``z[j] = clip((x[j] - mean[j]) / scale[j], -z_clip, z_clip)``,
``x`` the row from :class:`~credscore.FeatureExtractor`, ``w`` the
writing-pattern block (the n-gram TF-IDF row times its weights,
:mod:`credscore._ngrams`), ``lift = max(-tone_cap - tone, 0)`` what the tone cap
gives back when the tone family's summed contribution ``tone`` is below
``-tone_cap`` (0 without a cap), ``s = words / (words + shrink_words)`` the
short-text shrinkage (a 10-word text says less than a 500-word one), and
``prior`` the share of credible articles the score assumes (0.5: a stream with
as many credible as non-credible articles). Clipping bounds what one column can
say: rates estimated from a handful of words (a headline-length snippet) are
otherwise extreme, and the clipped model also generalised better across
corpora (models/MODEL_CARD.md). Each term of the
sum is that column's contribution, in log-odds, which is what
:func:`credscore.explain` reports. Probability calibration (Platt scaling) is
folded into ``coef``, the n-gram weights and ``intercept`` at training time, so
the stored model stays a plain linear function.

The file is JSON: data only, never pickle, so loading one can never execute
code. Loading checks the format version, the shapes, that every number is
finite, and that the feature names match this version's catalogue.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import functools
import hashlib
import json
import logging
import math
import numbers
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from ._ngrams import NgramRows, NgramVocabulary, content_key_of, key_of
from ._stylometry import row_sums
from ._version import __version__

__all__ = ["CredibilityModel", "ModelFormatError", "load_model"]

logger = logging.getLogger(__name__)

FORMAT = "credscore-linear"
FORMAT_VERSION = 2
#: Versions this credscore reads: 1 (no n-gram block, no shrinkage, prior 0.5) and 2.
READABLE_VERSIONS = (1, 2)
# Refuse files larger than this before parsing (the shipped model is about 3 MB).
_MAX_FILE_BYTES = 16 * 1024 * 1024
#: At most this many "{" and "[" in a model file (each opens an object or array, or sits in a string): the
#: shipped model has about 200, whatever its vocabulary (its arrays are flat), and a file of 5.5 million
#: "{}" within the size limit took 1.27 GB to parse (an audit), where this many objects take ~20 MB.
_MAX_CONTAINERS = 100_000
# Bounds that keep every step of scoring finite (no overflow, no NaN from
# inf - inf): standard scores stay below 1e24 before clipping, and a sum of
# clipped contributions stays far below float64's range. Trained models are
# many orders of magnitude inside them.
_MAX_ABS_MEAN = 1e12
_MIN_SCALE = 1e-12
_MAX_ABS_COEF = 1e6
_MAX_Z_CLIP = 1e3
_MAX_IDF = 1e3
#: The tone family: columns and n-gram tokens whose summed negative
#: contribution a model with ``tone_cap`` bounds (see :meth:`CredibilityModel.tone_parts`).
TONE_COLUMNS: tuple[str, ...] = (
    "signal:exclamation", "signal:shouting", "signal:sensational_language", "signal:loaded_labels",
    "signal:intensifier", "shape:exclamation_sentences", "shape:all_caps_words",
)
TONE_TOKENS: tuple[str, ...] = ("!", "XX")
MAX_SHRINK_WORDS = 1e6
#: The priors a model may have: [MIN_PRIOR, 1 - MIN_PRIOR] (closer to 0 or 1 would put every score there).
MIN_PRIOR = 1e-6


def check_prior_range(prior: float) -> None:
    """Raise ValueError unless ``prior`` lies in [MIN_PRIOR, 1 - MIN_PRIOR] (the one wording of that rule)."""
    if not MIN_PRIOR <= prior <= 1 - MIN_PRIOR:
        raise ValueError(f"prior must lie in [{MIN_PRIOR:g}, {1 - MIN_PRIOR:g}] (a prior closer to 0 or 1 "
                         f"would put every score there), got {prior!r}")


class ModelFormatError(ValueError):
    """A model file is not a valid credscore model (the message says why)."""


#: How deep a model's metadata may nest (lists and objects): far beyond what credscore writes (4), and
#: far below what copying and saving it can take (a file nested 700 deep was a RecursionError).
MAX_METADATA_DEPTH = 64


def _check_recorded_thresholds(recorded: Any) -> None:
    """The risk thresholds a model file records (``metadata.risk_thresholds``: those of the credscore that
    wrote it; ``credscore.RISK_THRESHOLDS`` are the ones applied), if any: ``{"high": h, "medium": m}`` with
    ``0 < h < m < 1``, else a ModelFormatError (an audit: out-of-order and non-numeric ones loaded)."""
    if recorded is None:
        return
    ok = (isinstance(recorded, (dict, MappingProxyType)) and set(recorded) == {"high", "medium"}
          and all(isinstance(recorded[k], (int, float)) and not isinstance(recorded[k], bool) for k in recorded)
          and 0 < recorded["high"] < recorded["medium"] < 1)
    if not ok:
        raise ModelFormatError(f"model metadata 'risk_thresholds' must be {{'high': h, 'medium': m}} with "
                               f"0 < h < m < 1, got {recorded!r}")


def check_metadata(metadata: Any) -> None:
    """Refuse metadata a model file cannot hold: anything but JSON's objects (with str keys), arrays,
    strings, finite numbers, booleans and null, or nesting deeper than :data:`MAX_METADATA_DEPTH`. Walked
    with a stack, so that a hostile file cannot exhaust Python's recursion."""
    stack: list[tuple[Any, int, str]] = [(metadata, 1, "metadata")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, (dict, MappingProxyType, list, tuple)):
            if depth > MAX_METADATA_DEPTH:
                shown = where if len(where) <= 80 else where[:77] + "..."
                raise ModelFormatError(f"model 'metadata' is nested deeper than {MAX_METADATA_DEPTH} levels (at {shown})")
            if isinstance(value, (list, tuple)):
                stack.extend((v, depth + 1, f"{where}[{i}]") for i, v in enumerate(value))
                continue
            for k, v in value.items():
                if not isinstance(k, str):
                    raise ModelFormatError(f"model {where} keys must be str, got {k!r}")
                stack.append((v, depth + 1, f"{where}[{k!r}]"))
        elif isinstance(value, float) and not math.isfinite(value):
            raise ModelFormatError(f"model {where} must be a finite number, got {value!r} (JSON has no NaN or infinity)")
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            raise ModelFormatError(
                f"model {where} must be JSON (str, number, bool, None, list or dict), got {type(value).__name__}"
            )


@dataclass(frozen=True, eq=False)
class CredibilityModel:
    """A trained credscore model: standardisation, then a linear logit.

    Use :func:`credscore.train` to make one and :func:`credscore.load_model`
    to read one; :meth:`save` writes it as JSON.

    Attributes
    ----------
    feature_names : tuple of str
        Column names, matching :meth:`FeatureExtractor.get_feature_names_out`.
    mean, scale, coef : numpy.ndarray
        Per-column centre, spread and weight (log-odds per standard unit).
    intercept : float
        Log-odds of a document whose every column equals its mean.
    metadata : mapping
        Free-form provenance: credscore version, training data manifest,
        metrics. Not used for scoring. Read-only (a copy is kept).
    z_clip : float
        Standard scores are clipped to ``[-z_clip, z_clip]``.
    ngrams : NgramVocabulary or None
        The writing-pattern n-grams, their idf and weights; ``None`` for a
        model of signal and stylometry columns only.
    shrink_words : float
        Short-text shrinkage: the logit is multiplied by ``words / (words +
        shrink_words)``; 0 turns it off.
    prior : float
        The share of credible articles the score assumes; 0.5 for the
        shipped model. :meth:`with_prior` makes a model for another stream.
    content : NgramVocabulary or None
        Content-word 1-2-grams, only in models trained with
        ``content_words=True`` (never in the shipped model: they carry topic
        and outlet, see :func:`credscore.train`).
    tone_cap : float or None
        Sourcing outweighs tone: the summed contribution of the tone family
        (:data:`TONE_COLUMNS`, and the n-grams containing a :data:`TONE_TOKENS`
        token: ``!``, a word in capitals) can lower the logit by at most this
        much. ``None``: no bound.
    """

    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    metadata: Any = field(default_factory=dict)
    z_clip: float = 3.0
    ngrams: NgramVocabulary | None = None
    shrink_words: float = 0.0
    prior: float = 0.5
    content: NgramVocabulary | None = None
    tone_cap: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.metadata, (dict, MappingProxyType)):
            raise ModelFormatError(f"model 'metadata' must be a dict, got {type(self.metadata).__name__}")
        check_metadata(self.metadata)
        _check_recorded_thresholds(self.metadata.get("risk_thresholds"))
        # A private deep copy behind a read-only view: a frozen model must not
        # share mutable state with its caller or with models derived from it.
        object.__setattr__(self, "metadata", MappingProxyType(copy.deepcopy(dict(self.metadata))))
        if self.ngrams is not None and not isinstance(self.ngrams, NgramVocabulary):
            raise ModelFormatError(f"model 'ngrams' must be an NgramVocabulary or None, got {type(self.ngrams).__name__}")
        if self.content is not None and not isinstance(self.content, NgramVocabulary):
            raise ModelFormatError(f"model 'content' must be an NgramVocabulary or None, got {type(self.content).__name__}")
        for block in (self.ngrams, self.content):
            if block is None:
                continue
            if not np.all(np.abs(block.coef) <= _MAX_ABS_COEF):
                raise ModelFormatError(f"model n-gram 'coef' must lie within +/-{_MAX_ABS_COEF:g}")
            if not np.all((block.idf > 0) & (block.idf <= _MAX_IDF)):
                raise ModelFormatError(f"model n-gram 'idf' must lie in (0, {_MAX_IDF:g}]")
        if self.tone_cap is not None and not (
            isinstance(self.tone_cap, (int, float)) and not isinstance(self.tone_cap, bool)
            and math.isfinite(self.tone_cap) and 0 <= self.tone_cap <= _MAX_ABS_COEF
        ):
            raise ModelFormatError(f"model 'tone_cap' must be null or a number in [0, {_MAX_ABS_COEF:g}], got {self.tone_cap!r}")
        for name, lo, hi in (("shrink_words", 0.0, MAX_SHRINK_WORDS), ("prior", MIN_PRIOR, 1 - MIN_PRIOR)):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and lo <= v <= hi):
                raise ModelFormatError(f"model '{name}' must be a number in [{lo:g}, {hi:g}], got {v!r}")
        n = len(self.feature_names)
        for name in ("mean", "scale", "coef"):
            given = getattr(self, name)
            if isinstance(given, (str, bytes)) or not isinstance(given, (np.ndarray, Sequence)):
                raise ModelFormatError(f"model '{name}' must be an array of {n} numbers, got {type(given).__name__}")
            try:  # a private copy, read-only: the caller's array stays theirs, and writable
                arr = np.array(given, dtype=np.float64)
            except (TypeError, ValueError):
                raise ModelFormatError(f"model '{name}' must hold numbers only") from None
            if arr.shape != (n,):
                raise ModelFormatError(f"model '{name}' must have shape ({n},), got {arr.shape}")
            if not np.all(np.isfinite(arr)):
                raise ModelFormatError(f"model '{name}' contains NaN or infinite values")
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        if not np.all(self.scale >= _MIN_SCALE):
            raise ModelFormatError(f"model 'scale' must be >= {_MIN_SCALE:g} for every feature")
        if not np.all(np.abs(self.mean) <= _MAX_ABS_MEAN):
            raise ModelFormatError(f"model 'mean' must lie within +/-{_MAX_ABS_MEAN:g}")
        if not np.all(np.abs(self.coef) <= _MAX_ABS_COEF):
            raise ModelFormatError(f"model 'coef' must lie within +/-{_MAX_ABS_COEF:g}")
        if not (
            isinstance(self.z_clip, (int, float)) and math.isfinite(self.z_clip) and 0 < self.z_clip <= _MAX_Z_CLIP
        ):
            raise ModelFormatError(f"model 'z_clip' must be a number in (0, {_MAX_Z_CLIP:g}], got {self.z_clip!r}")
        if not (math.isfinite(self.intercept) and abs(self.intercept) <= _MAX_ABS_COEF):
            raise ModelFormatError(f"model 'intercept' must lie within +/-{_MAX_ABS_COEF:g}, got {self.intercept!r}")

    # scoring -------------------------------------------------------------
    def contributions(self, X: np.ndarray, *, from_zero: bool = False) -> np.ndarray:
        """Per-column log-odds contributions, shape ``(n_documents, n_features)``: from the training mean,
        or with ``from_zero`` from the column at 0 (what a signal found changed against the same article
        without it, as :func:`credscore.explain` reports each signal found)."""
        z = self.standardize(X)
        if from_zero:
            z = z - self.standardize(np.zeros((1, len(self.coef))))
        out: np.ndarray = z * self.coef
        return out

    def standardize(self, X: np.ndarray) -> np.ndarray:
        """The clipped standard scores ``z`` of each column (see the module docstring)."""
        X = np.asarray(X, dtype=np.float64)
        z: np.ndarray = np.clip((X - self.mean) / self.scale, -self.z_clip, self.z_clip)
        return z

    def shrinkage(self, words: np.ndarray | None) -> np.ndarray | float:
        """The factor ``words / (words + shrink_words)`` each logit is multiplied by (1 when off)."""
        if self.shrink_words == 0 or words is None:
            return 1.0
        w = np.asarray(words, dtype=np.float64)
        out: np.ndarray = w / (w + self.shrink_words)
        return out

    @property
    def prior_logit(self) -> float:
        """``log(prior / (1 - prior))``: what every logit is shifted by."""
        return math.log(self.prior / (1.0 - self.prior))

    def ngram_logits(self, ngram_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None, n: int) -> np.ndarray:
        """The writing-pattern block's log-odds per document (zeros for a model without it)."""
        rows = self._ngram_rows(ngram_counts, n)
        if rows is None:
            return np.zeros(n, dtype=np.float64)
        return rows.sums()

    def content_logits(self, content_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None, n: int) -> np.ndarray:
        """The content-word block's log-odds per document (zeros for a model without it)."""
        if self.content is None:
            return np.zeros(n, dtype=np.float64)
        if content_counts is None:
            raise ValueError("this model reads content words: featurize with content_words=True")
        return self.content.logits(content_counts)

    def decision_function(
        self,
        X: np.ndarray,
        ngram_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
        words: np.ndarray | None = None,
        content_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """Log-odds of credibility for each row of the feature matrix ``X``.

        ``ngram_counts`` (the n-gram counts of each document) are needed when
        the model has a writing-pattern block; ``words`` (word counts) turn on
        the short-text shrinkage. Both come from
        :func:`credscore._features.featurize`.
        """
        if isinstance(X, str) or (
            isinstance(X, (list, tuple)) and X and isinstance(X[0], (str, dict))
        ):
            raise TypeError(
                "X must be the feature matrix, not texts: score texts with model.score_many(texts) "
                "(or credscore.CredscoreClassifier for a scikit-learn estimator over raw texts)"
            )
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.feature_names):
            raise ValueError(f"X must have shape (n, {len(self.feature_names)}), got {X.shape}")
        # Not ``Z @ coef``, nor ``sum(axis=1)``: BLAS kernels and NumPy's
        # reductions sum a row in an order that may depend on how many rows
        # there are, so a document's score would change in the last bits with
        # the batch it was scored in (4 Dec: ``sum(axis=1)`` did, for one
        # shared article in 240). ``row_sums`` adds whole columns in a fixed
        # order, the same for a row whatever surrounds it, which is what makes
        # ``score_many(texts)[i] == score(texts[i])`` exact.
        raw = self.raw_logits(X, ngram_counts, content_counts)
        z: np.ndarray = raw * self.shrinkage(words) + self.prior_logit
        return z

    @functools.cached_property
    def _tone_cols(self) -> np.ndarray:
        return np.array([n in TONE_COLUMNS for n in self.feature_names], dtype=bool)

    @functools.cached_property
    def _tone_ng(self) -> np.ndarray:
        if self.ngrams is None:
            return np.zeros(0, dtype=bool)
        return np.array([any(t in TONE_TOKENS for t in term.split(" ")) for term in self.ngrams.terms], dtype=bool)

    def _ngram_rows(self, ngram_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None, n: int) -> NgramRows | None:
        """Per document, the n-gram indices present and their contributions (None without the block)."""
        if self.ngrams is None:
            return None
        if ngram_counts is None:
            raise ValueError(
                "this model reads writing-pattern n-grams: pass ngram_counts "
                "(credscore._features.featurize gives them), or score texts with credscore.score_many"
            )
        if len(ngram_counts) != n:
            raise ValueError(f"ngram_counts has {len(ngram_counts)} rows for {n} rows of X")
        return self.ngrams.contributions(ngram_counts)

    def _tone_lift(self, contrib: np.ndarray, rows: NgramRows | None) -> tuple[np.ndarray, np.ndarray]:
        tone: np.ndarray = row_sums(contrib[:, self._tone_cols])
        if rows is not None:
            tone = tone + rows.sums_where(self._tone_ng)
        lift = np.zeros(len(contrib)) if self.tone_cap is None else np.maximum(-self.tone_cap - tone, 0.0)
        return tone, lift

    def tone_parts(
        self, X: np.ndarray, ngram_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per document: the tone family's summed contribution, and what the cap adds back (>= 0)."""
        X = np.asarray(X, dtype=np.float64)
        rows = self._ngram_rows(ngram_counts, len(X)) if ngram_counts is not None else None
        return self._tone_lift(self.contributions(X), rows)

    def raw_logits(
        self,
        X: np.ndarray,
        ngram_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
        content_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """Logits before shrinkage and prior: intercept, every block, and the tone cap's lift.

        Each block's contributions are computed once and serve both the sum and the tone cap.
        """
        X = np.asarray(X, dtype=np.float64)
        contrib = self.contributions(X)
        rows = self._ngram_rows(ngram_counts, len(X))
        raw: np.ndarray = row_sums(contrib) + self.intercept
        if rows is not None:
            raw = raw + rows.sums()
        if self.content is not None:
            raw = raw + self.content_logits(content_counts, len(X))
        if self.tone_cap is not None:
            raw = raw + self._tone_lift(contrib, rows)[1]
        return raw

    def predict_proba(
        self,
        X: np.ndarray,
        ngram_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
        words: np.ndarray | None = None,
        content_counts: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """Credibility probability for each row of ``X`` (float64 in [0, 1]); see :meth:`decision_function`."""
        z = self.decision_function(X, ngram_counts, words, content_counts)
        # Numerically stable logistic; clip keeps exp() finite.
        p: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))
        return p

    def with_prior(self, prior: float) -> CredibilityModel:
        """The same model for a stream in which a share ``prior`` of articles is credible.

        The shipped model's scores assume 0.5. If you know that, say, 90 % of
        what you score is credible, ``model.with_prior(0.9)`` shifts every
        logit by ``logit(0.9) - logit(0.5)``; the ranking is unchanged, and
        text it cannot judge then scores 0.9. ``prior`` lies in
        [:data:`MIN_PRIOR`, 1 - :data:`MIN_PRIOR`] (1e-6 to 0.999999): closer to 0
        or 1 every score would be there.

        Examples
        --------
        >>> import credscore
        >>> m = credscore.default_model().with_prior(0.9)
        >>> m.prior
        0.9
        """
        if isinstance(prior, bool) or not isinstance(prior, numbers.Real):
            raise TypeError(f"prior must be a number strictly between 0 and 1, got {type(prior).__name__} {prior!r}")
        if not 0.0 < prior < 1.0:
            raise ValueError(f"prior must be a number strictly between 0 and 1, got {prior!r}")
        check_prior_range(prior)
        return dataclasses.replace(self, prior=float(prior), metadata=dict(self.metadata))

    def recalibrated(self, slope: float, intercept: float) -> CredibilityModel:
        """A model whose logit is ``slope * logit + intercept`` of this one's before the prior shift."""
        if not (math.isfinite(slope) and math.isfinite(intercept)):
            raise ValueError(f"slope and intercept must be finite, got {slope!r}, {intercept!r}")
        ng = self.ngrams.with_coef(self.ngrams.coef * slope) if self.ngrams is not None else None
        ct = self.content.with_coef(self.content.coef * slope) if self.content is not None else None
        # The shrinkage multiplies the whole logit, the new intercept included.
        return dataclasses.replace(
            self,
            coef=self.coef * slope,
            intercept=self.intercept * slope + intercept,
            ngrams=ng,
            content=ct,
            mean=self.mean.copy(),
            scale=self.scale.copy(),
            metadata=dict(self.metadata),
        )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled through its JSON-ready dict (the read-only metadata view does
        # not pickle), so that scikit-learn pipelines holding a model can be
        # copied and sent to workers. Model *files* are JSON only.
        return (CredibilityModel.from_dict, (self.to_dict(),))

    def __repr__(self) -> str:
        n_ng = 0 if self.ngrams is None else len(self.ngrams.keys)
        n_ct = "" if self.content is None else f", {len(self.content.keys)} content n-grams"
        return (
            f"CredibilityModel({len(self.feature_names)} columns, {n_ng} n-grams{n_ct}, "
            f"intercept={self.intercept:.4g}, shrink_words={self.shrink_words:g}, prior={self.prior:g}, "
            f"version={self.metadata.get('credscore_version', '?')!r})"
        )

    def score(self, text: str, title: str | None = None) -> float:
        """Score one article with this model (see :func:`credscore.score`).

        >>> import credscore
        >>> m = credscore.default_model()
        >>> m.score("Too short to judge.") == m.prior == 0.5
        True
        """
        from ._api import score

        return score(text, title=title, model=self)

    def score_many(
        self, texts: Iterable[Any], *, titles: Iterable[str | None] | None = None, batch_size: int = 1000,
        n_jobs: int | None = 1,
    ) -> np.ndarray:
        """Score many articles with this model (see :func:`credscore.score_many`, whose arguments these are).

        >>> import credscore
        >>> credscore.default_model().with_prior(0.9).score_many(["Too short to judge."]).tolist()
        [0.9]
        """
        from ._api import score_many

        return score_many(texts, titles=titles, model=self, batch_size=batch_size, n_jobs=n_jobs)

    def explain(self, text: str, title: str | None = None) -> Any:
        """Explain one article's score with this model (see :func:`credscore.explain`).

        >>> import credscore
        >>> ex = credscore.default_model().explain("Too short to judge.")
        >>> ex.risk, ex.score
        ('unknown', 0.5)
        """
        from ._api import explain

        return explain(text, title=title, model=self)

    # persistence -----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready representation written by :meth:`save`."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "credscore_version": __version__,
            "feature_names": list(self.feature_names),
            "mean": [float(v) for v in self.mean],
            "scale": [float(v) for v in self.scale],
            "coef": [float(v) for v in self.coef],
            "intercept": float(self.intercept),
            "z_clip": float(self.z_clip),
            "shrink_words": float(self.shrink_words),
            "prior": float(self.prior),
            "tone_cap": None if self.tone_cap is None else float(self.tone_cap),
            "ngrams": None
            if self.ngrams is None
            else {
                "terms": self.ngrams.terms,
                "idf": [float(v) for v in self.ngrams.idf],
                "coef": [float(v) for v in self.ngrams.coef],
            },
            "content": None
            if self.content is None
            else {
                "terms": self.content.terms,
                "idf": [float(v) for v in self.content.idf],
                "coef": [float(v) for v in self.content.coef],
            },
            "metadata": copy.deepcopy(dict(self.metadata)),
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as JSON to ``path`` (atomically: temp file, then rename).

        JSON only: loading it back (:func:`credscore.load_model`) runs no code from the file.

        >>> import tempfile, pathlib, credscore
        >>> m = credscore.default_model()
        >>> with tempfile.TemporaryDirectory() as d:
        ...     m.save(pathlib.Path(d) / "model.json")
        ...     back = credscore.load_model(pathlib.Path(d) / "model.json")
        >>> text = "The council voted 7-2 on Monday to approve the budget, the clerk said."
        >>> back.score(text) == m.score(text)
        True
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
        path = Path(path)
        if not path.parent.is_dir():
            raise FileNotFoundError(f"cannot save the model to {path}: folder {path.parent} does not exist")
        if path.is_dir():
            raise IsADirectoryError(f"cannot save the model to {path}: it is a folder; give a file name, e.g. {path / 'model.json'}")
        text = json.dumps(self.to_dict(), indent=1, sort_keys=True, allow_nan=False) + "\n"
        from ._atomic import atomic_write

        # A unique temporary file next to the target, renamed over it: concurrent
        # saves cannot clobber each other, and a failed save leaves nothing behind.
        with atomic_write(path) as fh:
            fh.write(text)

    @classmethod
    def from_dict(cls, data: Any, expected_features: Sequence[str] | None = None) -> CredibilityModel:
        """Build a model from its dict form, checking every field."""
        if not isinstance(data, dict):
            raise ModelFormatError(f"model file must hold a JSON object, got {type(data).__name__}")
        if data.get("format") != FORMAT:
            raise ModelFormatError(f"not a credscore model: 'format' is {data.get('format')!r}, expected {FORMAT!r}")
        version = data.get("format_version")
        # type() check: JSON true and 1.0 compare equal to 1 but are not a version.
        if type(version) is not int or version not in READABLE_VERSIONS:
            raise ModelFormatError(
                f"incompatible model format_version {version!r}; this credscore ({__version__}) reads versions "
                f"{', '.join(map(str, READABLE_VERSIONS))}"
            )
        missing = [k for k in ("feature_names", "mean", "scale", "coef", "intercept") if k not in data]
        if missing:
            raise ModelFormatError(f"model file is missing field(s): {missing}")
        unknown = sorted(k for k in data if k not in _FIELDS)
        if unknown:
            # A misspelt optional field ("priors") would be read as absent, and its default scored silently.
            near = {k: difflib.get_close_matches(str(k), _FIELDS, n=1) for k in unknown}
            named = ", ".join(f"{k!r}" + (f" (did you mean {near[k][0]!r}?)" if near[k] else "") for k in unknown)
            raise ModelFormatError(f"model file holds field(s) this credscore does not know: {named}")
        names = data["feature_names"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ModelFormatError("'feature_names' must be a list of strings")
        added: list[str] = []  # signals the catalogue gained after the model was built: weight 0
        if expected_features is not None and list(expected_features) != names:
            exp, got = list(expected_features), names
            lost = [n for n in exp if n not in got]
            extra = [n for n in got if n not in exp]
            if not extra and [n for n in exp if n not in lost] == got and all(n.startswith(_SIGNAL_COLUMNS) for n in lost):
                added = lost
            else:
                detail = f"missing {lost}, unexpected {extra}" if (lost or extra) else "same names in a different order"
                raise ModelFormatError(
                    f"model feature names do not match this credscore's catalogue: {detail}. A model is built for "
                    "one catalogue: retrain it (credscore build-model, or credscore train) with this version"
                )
        arrays = {}
        for key in ("mean", "scale", "coef"):
            values = data[key]
            if not isinstance(values, list) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
            ):
                raise ModelFormatError(f"'{key}' must be a list of numbers")
            try:
                arrays[key] = np.asarray(values, dtype=np.float64)
            except OverflowError:  # a JSON integer beyond float range, e.g. 1e400 written out
                raise ModelFormatError(f"'{key}' holds a number too large for a float64") from None
        intercept = data["intercept"]
        if not isinstance(intercept, (int, float)) or isinstance(intercept, bool):
            raise ModelFormatError(f"'intercept' must be a number, got {type(intercept).__name__}")
        metadata = data.get("metadata", {})
        if not isinstance(metadata, dict):
            raise ModelFormatError("'metadata' must be a JSON object")
        try:
            intercept = float(intercept)
        except OverflowError:
            raise ModelFormatError("'intercept' is too large for a float64") from None
        z_clip = data.get("z_clip", 3.0)
        if not isinstance(z_clip, (int, float)) or isinstance(z_clip, bool):
            raise ModelFormatError(f"'z_clip' must be a number, got {type(z_clip).__name__}")
        try:
            z_clip = float(z_clip)
        except OverflowError:
            raise ModelFormatError("'z_clip' is too large for a float64") from None
        if version == 1:
            later = sorted(k for k in ("ngrams", "prior", "shrink_words", "content", "tone_cap") if data.get(k) is not None)
            if later:  # a format 1 reader would drop them and score otherwise than the file's author did
                raise ModelFormatError(f"format_version 1 holds no {', '.join(map(repr, later))}: "
                                       "a file with them must say format_version 2")
        fields: dict[str, Any] = {"shrink_words": 0.0, "prior": 0.5} if version == 1 else _v2_fields(data)
        if added and expected_features is not None:
            if not all(len(arrays[k]) == len(names) for k in arrays):
                raise ModelFormatError(f"'mean', 'scale' and 'coef' must each hold {len(names)} numbers")
            # Each new signal's column at mean 0, scale 1 and weight 0: it is found and shown by explain(),
            # and scores stay what the model gave before the signal existed.
            at = {n: i for i, n in enumerate(names)}
            full = list(expected_features)
            for key, fill in (("mean", 0.0), ("scale", 1.0), ("coef", 0.0)):
                arrays[key] = np.asarray([arrays[key][at[n]] if n in at else fill for n in full], dtype=np.float64)
            names = full
            logger.warning(
                "the model predates the signal(s) %s of this catalogue: they get weight 0 (retrain to weigh them)",
                ", ".join(n.split(":", 1)[1] for n in added),
            )
        return cls(tuple(names), arrays["mean"], arrays["scale"], arrays["coef"], intercept, metadata, z_clip, **fields)


#: Columns a model may lack and still load (at weight 0): the catalogue's signals, body and headline.
_SIGNAL_COLUMNS = ("signal:", "title:")


def _number(data: dict[str, Any], key: str, default: float) -> float:
    value = data.get(key, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ModelFormatError(f"'{key}' must be a number, got {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:
        raise ModelFormatError(f"'{key}' is too large for a float64") from None


def _block(data: dict[str, Any], name: str, key_fn: Any, named: bool) -> NgramVocabulary | None:
    """Parse one n-gram block (``ngrams`` or ``content``) of a version-2 model file."""
    ng = data.get(name)
    if ng is None:
        return None
    if not isinstance(ng, dict) or set(ng) != {"terms", "idf", "coef"}:
        raise ModelFormatError(f"'{name}' must be null or an object with exactly 'terms', 'idf' and 'coef'")
    terms = ng["terms"]
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise ModelFormatError(f"'{name}.terms' must be a list of strings")
    try:
        keys = np.asarray([key_fn(t) for t in terms], dtype=np.int64)
    except ValueError as exc:
        raise ModelFormatError(f"'{name}.terms': {exc}") from None
    arrays = {}
    for key in ("idf", "coef"):
        values = ng[key]
        if not isinstance(values, list) or len(values) != len(terms) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
        ):
            raise ModelFormatError(f"'{name}.{key}' must be a list of {len(terms)} numbers")
        try:
            arrays[key] = np.asarray(values, dtype=np.float64)
        except OverflowError:
            raise ModelFormatError(f"'{name}.{key}' holds a number too large for a float64") from None
    order = np.argsort(keys, kind="stable")
    names = tuple(terms[i] for i in order) if named else None
    try:
        return NgramVocabulary(keys[order], arrays["idf"][order], arrays["coef"][order], names)
    except ValueError as exc:
        raise ModelFormatError(f"'{name}': {exc}") from None


#: The fields a model file may hold (format versions 1 and 2).
_FIELDS = ("format", "format_version", "credscore_version", "feature_names", "mean", "scale", "coef", "intercept",
           "metadata", "z_clip", "ngrams", "content", "prior", "shrink_words", "tone_cap")


def _v2_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The fields format version 2 adds: the n-gram blocks, shrinkage and prior."""
    cap = data.get("tone_cap")
    return {
        "tone_cap": None if cap is None else _number(data, "tone_cap", 0.0),
        "shrink_words": _number(data, "shrink_words", 0.0),
        "prior": _number(data, "prior", 0.5),
        "ngrams": _block(data, "ngrams", key_of, named=False),
        "content": _block(data, "content", content_key_of, named=True),
    }


def _parse_constant(token: str) -> float:
    raise ModelFormatError(f"model file contains the non-standard number {token}; NaN and infinity are not allowed")


def _distinct_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object of a model file as a dict, or a ModelFormatError on a key written twice: JSON keeps the
    last, where a reader of the file sees the first (an audit: a second "intercept" moved every score)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ModelFormatError(f"key {twice!r} is written twice in one object")
    return out


def load_model(path: str | os.PathLike[str], *, sha256: str | None = None) -> CredibilityModel:
    """Load a model saved by :meth:`CredibilityModel.save`.

    Only JSON is read; nothing in the file is executed. A pickle, a truncated
    file, wrong shapes, non-finite numbers, an incompatible version or feature
    names that do not match the catalogue raise :class:`ModelFormatError`.

    Parameters
    ----------
    path : str or path-like
        The model file.
    sha256 : str, optional
        If given, the file's SHA-256 hex digest must equal it.

    Returns
    -------
    CredibilityModel
        Pass it as ``model=`` to the scoring and evaluation functions, or call
        its own :meth:`~CredibilityModel.score`.

    Examples
    --------
    >>> import credscore, tempfile, os
    >>> m = credscore.default_model()
    >>> path = os.path.join(tempfile.mkdtemp(), "model.json")
    >>> m.save(path)
    >>> credscore.load_model(path).score("Sources said it.") == m.score("Sources said it.")
    True
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be str or os.PathLike, got {type(path).__name__}")
    p = Path(path)
    info = p.stat()
    if not stat.S_ISREG(info.st_mode):
        # A pipe would wait for a writer for ever, and a device (/dev/zero) never ends: read only files.
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, a socket or a device"
        raise ModelFormatError(f"{p}: is {kind}, not a model file")
    size = info.st_size
    if size > _MAX_FILE_BYTES:
        raise ModelFormatError(f"{p}: {size} bytes is too large for a credscore model (limit {_MAX_FILE_BYTES})")
    with p.open("rb") as f:
        raw = f.read(_MAX_FILE_BYTES + 1)  # the file may grow after the check
    if len(raw) > _MAX_FILE_BYTES:
        raise ModelFormatError(f"{p}: more than {_MAX_FILE_BYTES} bytes is too large for a credscore model")
    return loads_model(raw, source=str(p), sha256=sha256)


def loads_model(raw: bytes, *, source: str = "<bytes>", sha256: str | None = None) -> CredibilityModel:
    """Parse a model from the bytes of a model file (see :func:`load_model`)."""
    from ._features import feature_names

    if sha256 is not None:
        if not isinstance(sha256, str):
            raise TypeError(f"sha256 must be a hex digest str or None, got {type(sha256).__name__}")
        if not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):  # (an audit: "zz" was compared, and failed as a mismatch)
            raise ValueError(f"sha256 must be 64 hex digits, got {sha256!r}")
        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha256.lower():
            raise ModelFormatError(f"{source}: SHA-256 is {digest}, expected {sha256}")
    # Protocol 2+ pickles start with PROTO (0x80). Protocol 0/1 pickles start
    # with an opcode byte that cannot start JSON ("c" for a global such as
    # "cposix\nsystem", "(" for MARK, "}" / "]" for an empty dict or list) and
    # end with STOP ("."), which JSON never does.
    if raw[:1] == b"\x80" or (raw.rstrip()[-1:] == b"." and raw[:1] in b"(c}]dlIJKMNSTUVXFG"):
        raise ModelFormatError(f"{source}: looks like a pickle; credscore only reads JSON model files")
    if raw[:2] == b"\x1f\x8b":  # (an audit: "not UTF-8 JSON (bad byte at offset 1)" said nothing of gzip)
        raise ModelFormatError(f"{source}: this is a gzip file, not JSON; decompress it first (gunzip)")
    containers = raw.count(b"{") + raw.count(b"[")
    if containers > _MAX_CONTAINERS:
        raise ModelFormatError(f"{source}: not a credscore model ({containers} objects and arrays, or more than "
                               f"its {_MAX_CONTAINERS} at most)")
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark, as Windows editors write one, is read past
        data = json.loads(text, parse_constant=_parse_constant, object_pairs_hook=_distinct_keys)
    except UnicodeDecodeError as exc:
        raise ModelFormatError(f"{source}: not UTF-8 JSON (bad byte at offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ModelFormatError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except ModelFormatError as exc:  # from _parse_constant: NaN or Infinity
        raise ModelFormatError(f"{source}: {exc}") from None
    except RecursionError:
        raise ModelFormatError(f"{source}: not a credscore model (JSON nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer literal beyond Python's digit limit
        raise ModelFormatError(f"{source}: not a credscore model ({exc})") from None
    try:
        return CredibilityModel.from_dict(data, expected_features=feature_names())
    except ModelFormatError as exc:
        raise ModelFormatError(f"{source}: {exc}") from None
