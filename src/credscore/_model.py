"""From feature columns to a calibrated score: the linear model and its file format.

The score of a document is ``sigmoid(intercept + sum_j coef[j] * z[j])`` with
``z[j] = clip((x[j] - mean[j]) / scale[j], -z_clip, z_clip)`` and ``x`` the row
from :class:`~credscore.FeatureExtractor`. Clipping bounds what one column can
say: rates estimated from a handful of words (a headline-length snippet) are
otherwise extreme, and the clipped model also generalised better across
corpora (models/MODEL_CARD.md). Each term of the
sum is that column's contribution, in log-odds, which is what
:func:`credscore.explain` reports. Probability calibration (Platt scaling) is
folded into ``coef`` and ``intercept`` at training time, so the stored model
stays a plain linear function.

The file is JSON: data only, never pickle, so loading one can never execute
code. Loading checks the format version, the shapes, that every number is
finite, and that the feature names match this version's catalogue.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._version import __version__

__all__ = ["CredibilityModel", "ModelFormatError", "load_model"]

logger = logging.getLogger(__name__)

FORMAT = "credscore-linear"
FORMAT_VERSION = 1
# Refuse files larger than this before parsing: a model is a few kilobytes.
_MAX_FILE_BYTES = 16 * 1024 * 1024
# Bounds that keep every step of scoring finite (no overflow, no NaN from
# inf - inf): standard scores stay below 1e24 before clipping, and a sum of
# clipped contributions stays far below float64's range. Trained models are
# many orders of magnitude inside them.
_MAX_ABS_MEAN = 1e12
_MIN_SCALE = 1e-12
_MAX_ABS_COEF = 1e6
_MAX_Z_CLIP = 1e3


class ModelFormatError(ValueError):
    """A model file is not a valid credscore model (the message says why)."""


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
    metadata : dict
        Free-form provenance: credscore version, training data manifest,
        metrics. Not used for scoring.
    """

    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    metadata: dict[str, Any] = field(default_factory=dict)
    z_clip: float = 3.0

    def __post_init__(self) -> None:
        n = len(self.feature_names)
        for name in ("mean", "scale", "coef"):
            arr = getattr(self, name)
            if not isinstance(arr, np.ndarray) or arr.shape != (n,):
                raise ModelFormatError(f"model '{name}' must have shape ({n},), got {np.shape(arr)}")
            if not np.all(np.isfinite(arr)):
                raise ModelFormatError(f"model '{name}' contains NaN or infinite values")
            arr.setflags(write=False)
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
    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-column log-odds contributions, shape ``(n_documents, n_features)``."""
        out: np.ndarray = self.standardize(X) * self.coef
        return out

    def standardize(self, X: np.ndarray) -> np.ndarray:
        """The clipped standard scores ``z`` of each column (see the module docstring)."""
        X = np.asarray(X, dtype=np.float64)
        z: np.ndarray = np.clip((X - self.mean) / self.scale, -self.z_clip, self.z_clip)
        return z

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Log-odds of credibility for each row of the feature matrix ``X``."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.feature_names):
            raise ValueError(f"X must have shape (n, {len(self.feature_names)}), got {X.shape}")
        # Not ``Z @ coef``: BLAS matrix-vector kernels sum a row in an order that
        # depends on how many rows there are, so a document's score would change
        # in the last bits with the batch it was scored in. A row-wise NumPy sum
        # is the same for a row whatever surrounds it, which is what makes
        # ``score_many(texts)[i] == score(texts[i])`` exact.
        z: np.ndarray = np.sum(self.contributions(X), axis=1) + self.intercept
        return z

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Credibility probability for each row of ``X`` (float64 in [0, 1])."""
        z = self.decision_function(X)
        # Numerically stable logistic; clip keeps exp() finite.
        p: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))
        return p

    def score(self, text: str, title: str | None = None) -> float:
        """Score one article with this model (see :func:`credscore.score`)."""
        from ._api import score

        return score(text, title=title, model=self)

    def score_many(self, texts: Iterable[Any], **kwargs: Any) -> np.ndarray:
        """Score many articles with this model (see :func:`credscore.score_many`)."""
        from ._api import score_many

        return score_many(texts, model=self, **kwargs)

    def explain(self, text: str, title: str | None = None) -> Any:
        """Explain one article's score with this model (see :func:`credscore.explain`)."""
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
            "metadata": self.metadata,
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as JSON to ``path`` (atomically: temp file, then rename)."""
        path = Path(path)
        text = json.dumps(self.to_dict(), indent=1, sort_keys=True, allow_nan=False) + "\n"
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def from_dict(cls, data: Any, expected_features: Sequence[str] | None = None) -> CredibilityModel:
        """Build a model from its dict form, checking every field."""
        if not isinstance(data, dict):
            raise ModelFormatError(f"model file must hold a JSON object, got {type(data).__name__}")
        if data.get("format") != FORMAT:
            raise ModelFormatError(f"not a credscore model: 'format' is {data.get('format')!r}, expected {FORMAT!r}")
        version = data.get("format_version")
        # type() check: JSON true and 1.0 compare equal to 1 but are not a version.
        if type(version) is not int or version != FORMAT_VERSION:
            raise ModelFormatError(
                f"incompatible model format_version {version!r}; this credscore ({__version__}) reads version {FORMAT_VERSION}"
            )
        missing = [k for k in ("feature_names", "mean", "scale", "coef", "intercept") if k not in data]
        if missing:
            raise ModelFormatError(f"model file is missing field(s): {missing}")
        names = data["feature_names"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ModelFormatError("'feature_names' must be a list of strings")
        if expected_features is not None and list(expected_features) != names:
            exp, got = list(expected_features), names
            lost = [n for n in exp if n not in got]
            extra = [n for n in got if n not in exp]
            detail = f"missing {lost}, unexpected {extra}" if (lost or extra) else "same names in a different order"
            raise ModelFormatError(f"model feature names do not match this credscore's catalogue: {detail}")
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
        return cls(tuple(names), arrays["mean"], arrays["scale"], arrays["coef"], intercept, metadata, z_clip)


def _parse_constant(token: str) -> float:
    raise ModelFormatError(f"model file contains the non-standard number {token}; NaN and infinity are not allowed")


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
    size = p.stat().st_size
    if size > _MAX_FILE_BYTES:
        raise ModelFormatError(f"{p}: {size} bytes is too large for a credscore model (limit {_MAX_FILE_BYTES})")
    raw = p.read_bytes()
    return loads_model(raw, source=str(p), sha256=sha256)


def loads_model(raw: bytes, *, source: str = "<bytes>", sha256: str | None = None) -> CredibilityModel:
    """Parse a model from the bytes of a model file (see :func:`load_model`)."""
    from ._features import feature_names

    if sha256 is not None:
        if not isinstance(sha256, str):
            raise TypeError(f"sha256 must be a hex digest str or None, got {type(sha256).__name__}")
        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha256.lower():
            raise ModelFormatError(f"{source}: SHA-256 is {digest}, expected {sha256}")
    # Protocol 2+ pickles start with PROTO (0x80). Protocol 0/1 pickles start
    # with an opcode byte that cannot start JSON ("c" for a global such as
    # "cposix\nsystem", "(" for MARK, "}" / "]" for an empty dict or list) and
    # end with STOP ("."), which JSON never does.
    if raw[:1] == b"\x80" or (raw.rstrip()[-1:] == b"." and raw[:1] in b"(c}]dlIJKMNSTUVXFG"):
        raise ModelFormatError(f"{source}: looks like a pickle; credscore only reads JSON model files")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text, parse_constant=_parse_constant)
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
