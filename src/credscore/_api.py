"""The public scoring functions: score, score_many, explain.

The shipped model and the compiled matcher are built once per process, on
first use, and reused (``functools.lru_cache``); importing credscore compiles
nothing.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from ._body import bodies, read_body
from ._engine import Evidence, default_matcher
from ._explain import MAX_SPANS, Explanation, SignalReport
from ._features import (
    MIN_JUDGEABLE_WORDS,
    DocumentFeatures,
    chunk_ranges,
    column_group,
    columns_from_counts,
    feature_names,
    featurize,
    judgeable,
    signal_column,
)
from ._language import check_english
from ._model import CredibilityModel, ModelFormatError, loads_model
from ._ngrams import analyse, content_analyse, readable, term_of
from ._tokens import encode_batch, written_case
from ._validation import as_documents, check_batching, check_iterable, check_text, check_title, same_index

__all__ = [
    "MIN_JUDGEABLE_WORDS",
    "RISK_THRESHOLDS",
    "default_matcher",
    "default_model",
    "explain",
    "risk_level",
    "risk_levels",
    "score",
    "score_many",
]

logger = logging.getLogger(__name__)

#: Score thresholds for the risk of misinformation: ``score < RISK_THRESHOLDS["high"]``
#: is "high", below ``RISK_THRESHOLDS["medium"]`` "medium", else "low". Chosen
#: on leave-one-corpus-out scores so that on corpora the model never saw few
#: credible articles are called high risk and few non-credible ones low risk
#: (models/MODEL_CARD.md, "Verdicts"). Read-only.
RISK_THRESHOLDS: Mapping[str, float] = MappingProxyType({"high": 0.21, "medium": 0.66})

#: The neutral score of the shipped model (its prior): what text it cannot
#: judge gets (empty, fewer than MIN_JUDGEABLE_WORDS words, not English).
EMPTY_SCORE = 0.5

_MODEL_FILE = "credscore-model.json"


_DEFAULT_LOCK = threading.Lock()  # concurrent first calls load one model, not one each


def default_model() -> CredibilityModel:
    """The model shipped inside the package, loaded once and checked against its SHA-256.

    Returns
    -------
    CredibilityModel
        One object per process, frozen: :meth:`~CredibilityModel.with_prior`
        and :func:`credscore.recalibrate` return new models and leave it as
        it is. Its prior is 0.5; its card is ``models/MODEL_CARD.md``.

    Examples
    --------
    >>> import credscore
    >>> m = credscore.default_model()
    >>> m.feature_names[0], m.prior
    ('signal:anonymous_sourcing', 0.5)
    """
    with _DEFAULT_LOCK:
        return _default_model()


@functools.lru_cache(maxsize=1)
def _default_model() -> CredibilityModel:
    """The model shipped inside the package, loaded once and checked against its SHA-256.

    Examples
    --------
    >>> import credscore
    >>> m = credscore.default_model()
    >>> m.feature_names[0]
    'signal:anonymous_sourcing'
    """
    raw, digest = shipped_model_bytes()
    return loads_model(raw, source=f"shipped model {_MODEL_FILE}", sha256=digest)


def shipped_model_bytes() -> tuple[bytes, str]:
    """Bytes and recorded SHA-256 of the shipped model.

    Installed wheels carry it in ``credscore/_data``; a source checkout (an
    editable install) reads it from the repository's ``models/`` folder.
    """
    import importlib.resources  # here, not at import: it costs import time

    candidates = [importlib.resources.files("credscore") / "_data"]
    repo_models = Path(__file__).resolve().parents[2] / "models"
    candidates.append(repo_models)
    unchecked = []  # a folder with the model but no checksum: the next place is looked at
    for base in candidates:
        found = shipped_model_in(base)
        if found is not None:
            return found
        if (base / _MODEL_FILE).is_file():
            unchecked.append(base)
    if unchecked:
        raise ModelFormatError(f"the shipped model's checksum file {_MODEL_FILE}.sha256 is missing next to it in "
                               f"{unchecked[0]}; reinstall credscore")
    raise ModelFormatError(
        f"the shipped model {_MODEL_FILE} is missing from the installed package; reinstall credscore"
    )


def shipped_model_in(base: Any) -> tuple[bytes, str] | None:
    """The model's bytes and recorded SHA-256 in folder ``base``; None when the model or its checksum file is
    not there (:func:`shipped_model_bytes` looks on, and names a missing checksum if nothing is found), a
    ModelFormatError when the checksum file holds none (an audit found an empty one an IndexError)."""
    model_file = base / _MODEL_FILE
    sha_file = base / (_MODEL_FILE + ".sha256")
    if not model_file.is_file() or not sha_file.is_file():
        return None
    recorded = sha_file.read_text(encoding="ascii", errors="replace").split()
    if not recorded or not re.fullmatch(r"[0-9a-f]{64}", recorded[0]):
        raise ModelFormatError(f"the shipped model's checksum file {sha_file} holds no SHA-256 "
                               f"({' '.join(recorded)[:40]!r}); reinstall credscore")
    return model_file.read_bytes(), recorded[0]


def _real_number(value: Any) -> bool:
    """Whether ``value`` is a real number as a score may be: Python's or NumPy's, not a bool (NumPy's bool is
    no number to NumPy either)."""
    return not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))


def risk_level(score_value: float) -> str:
    """Map a score to ``"high"``, ``"medium"`` or ``"low"`` risk (see :data:`RISK_THRESHOLDS`).

    Raises ``TypeError`` for anything but a real number and ``ValueError`` for
    NaN or a value outside [0, 1].

    Examples
    --------
    >>> risk_level(0.1), risk_level(0.5), risk_level(0.95)
    ('high', 'medium', 'low')
    """
    if not _real_number(score_value):
        raise TypeError(f"score must be a number in [0, 1], got {type(score_value).__name__} {score_value!r}")
    if not (0.0 <= score_value <= 1.0):  # also NaN
        raise ValueError(f"score must be a number in [0, 1], got {score_value!r}")
    if score_value < RISK_THRESHOLDS["high"]:
        return "high"
    if score_value < RISK_THRESHOLDS["medium"]:
        return "medium"
    return "low"


def risk_levels(
    texts: Iterable[Any],
    scores: Any,
    *,
    titles: Iterable[str | None] | None = None,
    model: CredibilityModel | None = None,
) -> np.ndarray:
    """Risk levels of many scored articles, as :func:`explain` gives them: ``"unknown"`` where the text
    cannot be judged.

    :func:`risk_level` maps a score alone, so an empty, too short or
    non-English article (scored the model's prior, 0.5 for the shipped
    model) comes out ``"medium"``; this reads the texts as well. Only the
    texts scored exactly the prior are read again (their words, no signal
    scan), so it costs little beside :func:`score_many`.

    Parameters
    ----------
    texts : iterable
        The articles scored, as given to :func:`score_many` (``str`` or
        mappings with ``"text"``); a generator must be kept as a list to be
        read twice.
    scores : array-like of float
        ``score_many(texts, model=model)``: one score in [0, 1] per text
        (real numbers: ``"0.3"``, ``None`` or ``True`` are refused, as
        :func:`risk_level` refuses them).
    titles : iterable of str or None, optional
        The headlines given to :func:`score_many` (``titles=``), parallel to
        ``texts``; they override titles from mappings, as there. What is read
        of a text is what was scored: a headline repeated as its first line
        is the title's, not the body's, so a body left too short is
        ``"unknown"`` as :func:`explain` calls it.
    model : CredibilityModel, optional
        The model that scored them (its prior marks the neutral score);
        defaults to the shipped model.

    Returns
    -------
    numpy.ndarray of str, shape (n,)
        ``"high"``, ``"medium"``, ``"low"`` (:data:`RISK_THRESHOLDS` as they
        are when called) or ``"unknown"``; ``risk_levels(texts, scores)[i] ==
        explain(texts[i]).risk``.

    Examples
    --------
    >>> import credscore
    >>> texts = ["Sources said so.", "WASHINGTON (Reuters) - The city water utility will replace 4,200 lead "
    ...          "pipes by December 2025, according to a report released on Tuesday by the Environmental "
    ...          'Protection Agency. "The data are clear," said Maria Lopez, a professor at Stanford University.']
    >>> scores = credscore.score_many(texts)
    >>> float(scores[0]), bool(scores[1] >= credscore.RISK_THRESHOLDS["medium"])
    (0.5, True)
    >>> credscore.risk_levels(texts, scores).tolist()
    ['unknown', 'low']
    >>> credscore.risk_level(scores[0])  # the score alone: the neutral 0.5 reads as medium
    'medium'
    """
    check_iterable(texts, "texts")
    same_index(texts=texts, scores=scores, titles=titles)  # pandas objects: paired by position, so one index
    docs, doc_titles = as_documents(list(texts), "texts", titles=titles)
    mdl = resolve_model(model)
    p = _score_array(scores, len(docs))
    out = np.where(p < RISK_THRESHOLDS["high"], "high", np.where(p < RISK_THRESHOLDS["medium"], "medium", "low"))
    out = out.astype("<U7")
    out[unjudged_positions(docs, p, mdl.prior, empty=True, titles=doc_titles)] = "unknown"
    return out


def _score_array(scores: Any, n: int) -> np.ndarray:
    """``scores`` as float64, shape ``(n,)``: real numbers in [0, 1] (NumPy's too), each refused as
    :func:`risk_level` refuses it, naming the value given (not what NumPy would make of it)."""
    if isinstance(scores, (str, bytes)) or not isinstance(scores, (Iterable, np.ndarray)):
        raise TypeError(f"scores must be numbers in [0, 1], one per text, got {type(scores).__name__}")
    if isinstance(scores, np.ndarray) and scores.dtype.kind in "fiu":
        values: Any = scores
    else:  # a list, or an array of objects, strings or booleans: each looked at, the first bad one named
        values = scores.tolist() if isinstance(scores, np.ndarray) else list(scores)
        for i, v in enumerate(values):
            if not _real_number(v):
                raise TypeError(f"scores[{i}] must be a number in [0, 1], got {type(v).__name__} {v!r}")
    p = np.asarray(values, dtype=np.float64)
    if p.shape != (n,):
        raise ValueError(f"scores must hold one score per text: got shape {p.shape} for {n} texts")
    bad = np.flatnonzero(~((p >= 0.0) & (p <= 1.0)))  # NaN too
    if len(bad):
        raise ValueError(f"scores[{bad[0]}] must be a number in [0, 1], got {float(p[bad[0]])!r}")
    return p


#: How near the prior a score may be and still be read again by :func:`risk_levels` for its text: half
#: the third decimal, so that float32 scores and scores written with three decimals find their unjudgeable
#: texts (the audit's float32 0.3 is 0.30000001).
PRIOR_TOLERANCE = 5e-4


def unjudged_positions(
    texts: Sequence[str],
    scores: np.ndarray,
    prior: float,
    *,
    empty: bool = False,
    titles: Sequence[str | None] | None = None,
) -> list[int]:
    """The positions of the texts the model could not judge (too short, not English; empty ones too when
    ``empty``): they score exactly its prior, so only those are read again, for the words of their body
    (:func:`credscore._body.read_body`, with ``titles`` when given, as the scores read it).

    Scores within :data:`PRIOR_TOLERANCE` of the prior count as it: scores kept as float32, or written
    with three decimals, are still read again (a text that turns out judgeable keeps its risk).

    Internal seam shared with the evaluation (not in ``__all__``).
    """
    at = np.flatnonzero(np.abs(np.asarray(scores, dtype=np.float64) - prior) <= PRIOR_TOLERANCE).tolist()
    blank = [i for i in at if not texts[i] or texts[i].isspace()]
    at = [i for i in at if texts[i] and not texts[i].isspace()]
    out = blank if empty else []
    if at:
        sub = [texts[i] for i in at]
        sub = bodies(sub, [titles[i] for i in at] if titles is not None else [None] * len(sub))
        batch = encode_batch(sub)
        _, words = analyse(sub, batch)
        ok = judgeable(sub, words, batch)
        out += [i for i, fine in zip(at, ok.tolist()) if not fine]
    return sorted(out)


def resolve_model(model: CredibilityModel | None) -> CredibilityModel:
    """``model``, or the shipped model when it is None; a clear TypeError for anything else.

    Internal seam shared by the scoring, training, evaluation and Dask entry
    points (not in ``__all__``).
    """
    if model is None:
        return default_model()
    if not isinstance(model, CredibilityModel):
        raise TypeError(f"model must be a CredibilityModel or None, got {type(model).__name__}")
    return model


def model_features(texts: Sequence[str], titles: Sequence[str | None], model: CredibilityModel) -> DocumentFeatures:
    """The features of validated documents as ``model`` reads them: its content words when it has them, and only
    the writing-pattern n-grams it holds. Internal seam shared with recalibration and the CLI (not in ``__all__``)."""
    return featurize(texts, titles, default_matcher(), content_words=model.content is not None, vocabulary=model.ngrams)


def _features_and_scores(
    texts: list[str], titles: list[str | None], model: CredibilityModel
) -> tuple[np.ndarray, np.ndarray]:
    """Feature matrix and scores of materialised lists: one scan, one matrix product."""
    feats = model_features(texts, titles, model)
    return feats.X, scores_of(feats, model)


def scores_of(feats: DocumentFeatures, model: CredibilityModel) -> np.ndarray:
    """Scores of featurized documents; text the model cannot judge gets its neutral score (its prior).

    The one place a score is made: :func:`score`, :func:`score_many`,
    :func:`explain`, the CLI and Dask all come through here.
    """
    check_columns(model)
    if not len(feats):
        return np.empty(0, dtype=np.float64)
    out = model.predict_proba(feats.X, feats.ngrams, feats.words, feats.content)
    out[~feats.judgeable] = model.prior
    return out


@functools.lru_cache(maxsize=1)
def _catalogue_columns() -> tuple[str, ...]:
    return tuple(feature_names())


def check_columns(model: CredibilityModel) -> None:
    """Raise ValueError unless ``model`` weighs this credscore's columns in their order.

    The features are read positionally, so a model built in code (``CredibilityModel(...)``, ``from_dict``)
    with its columns renamed, reordered or replaced would score wrong numbers without a word (an audit, session
    41); :func:`credscore.load_model` refuses such a file, and this check covers every other way in.
    """
    names = tuple(model.feature_names)
    want = _catalogue_columns()
    if names == want:
        return
    lost = [n for n in want if n not in names]
    extra = [n for n in names if n not in want]
    detail = f"missing {lost[:5]}, unexpected {extra[:5]}" if (lost or extra) else "the same names in another order"
    raise ValueError(
        f"the model's feature columns are not this credscore's ({len(names)} against {len(want)}: {detail}); a model "
        "scores the catalogue's columns in their order: load it with credscore.load_model, or retrain it"
    )


def _score_lists(texts: list[str], titles: list[str | None], model: CredibilityModel) -> np.ndarray:
    """Score materialised lists."""
    if not texts:
        return np.empty(0, dtype=np.float64)
    return _features_and_scores(texts, titles, model)[1]


def score(text: str, title: str | None = None, *, model: CredibilityModel | None = None) -> float:
    """Return the credibility score of one article, a float in [0, 1] (1 = credible).

    The score is the probability that the article is credible for a stream with
    as many credible as non-credible articles (the model's ``prior``, 0.5 for
    the shipped model; :meth:`CredibilityModel.with_prior` changes it),
    calibrated on corpora the model was not trained on. Short texts are pulled
    towards the prior; text it cannot judge (fewer than
    ``MIN_JUDGEABLE_WORDS`` words, or not English) scores exactly the prior.

    Parameters
    ----------
    text : str
        The article body.
    title : str, optional
        The headline; headline signals are read only when it is given.
    model : CredibilityModel, optional
        Defaults to the model shipped with credscore.

    Returns
    -------
    float
        Calibrated probability that the article is credible. Empty, too short
        or non-English text scores exactly the prior, 0.5 for the shipped model.

    Examples
    --------
    >>> import credscore
    >>> s = credscore.score("Sources say the election was rigged, but the claim is unverified! Insiders claim the "
    ...                     "shocking truth is being hidden from you by the mainstream media. Share this now!")
    >>> 0.0 <= s < credscore.RISK_THRESHOLDS["high"]  # below 0.21: high risk
    True
    >>> credscore.score("Sources said so.")  # under 20 words: not judged, the prior
    0.5
    """
    text = check_text(text)
    title = check_title(title)
    return float(_score_lists([text], [title], resolve_model(model))[0])


_NO_MORE = object()


def text_batches(docs: Iterable[Any], titles: Iterable[Any] | None, size: int) -> Iterator[tuple[list[str], list[str | None]]]:
    """Materialised (texts, titles) lists of at most ``size`` documents; titles are None when not given.

    Raises ValueError when ``titles`` is shorter or longer than ``docs``.
    Internal seam shared with the evaluation (not in ``__all__``).
    """
    it = iter(docs)
    tit = iter(titles) if titles is not None else None
    offset = 0
    while True:
        chunk = list(itertools.islice(it, size))
        if tit is not None:
            tchunk = list(itertools.islice(tit, len(chunk)))
            if len(tchunk) != len(chunk):
                raise ValueError(f"titles ran out after {offset + len(tchunk)} items, before texts did")
        if not chunk:
            # A sentinel, not None: an extra title may itself be None.
            if tit is not None and next(tit, _NO_MORE) is not _NO_MORE:
                raise ValueError(f"titles has more items than texts ({offset} texts)")
            return
        texts, doc_titles = _as_batch(chunk, offset)
        if tit is not None:
            doc_titles = [check_title(t, f"titles[{offset + i}]") for i, t in enumerate(tchunk)]
        yield texts, doc_titles
        offset += len(chunk)


def _as_batch(chunk: list[Any], offset: int) -> tuple[list[str], list[str | None]]:
    try:
        return as_documents(chunk, "texts")
    except (TypeError, ValueError) as exc:
        # Re-number the offending index from batch-local to global.
        msg = str(exc)
        import re

        m = re.match(r"texts\[(\d+)\]", msg)
        if m:
            msg = f"texts[{offset + int(m.group(1))}]" + msg[m.end() :]
        raise type(exc)(msg) from None


def _score_batch(
    batch: tuple[list[str], list[str | None]],
    model: CredibilityModel | tuple[str, str],
    shipped: dict[str, tuple[str, str]] | None = None,
) -> np.ndarray:
    if shipped is not None:
        # In a worker process: load the parent's compiled databases (once per
        # process, milliseconds) instead of compiling the catalogue (seconds).
        default_matcher().load_databases(shipped)
    if isinstance(model, tuple):
        model = model_from_file(*model)
    return _score_lists(batch[0], batch[1], model)


@functools.lru_cache(maxsize=2)
def model_from_file(path: str, sha256: str) -> CredibilityModel:
    """In a worker process: the parent's model, read once per process from the file it wrote.

    Rebuilt with ``from_dict`` from its dict form, exactly as unpickling does,
    but once per worker instead of once per batch (a pickled model costs
    about a quarter of a second each way).
    """
    import hashlib
    import json

    raw = Path(path).read_bytes()
    if hashlib.sha256(raw).hexdigest() != sha256:
        raise ModelFormatError(f"{path}: the model file changed while scoring")
    return CredibilityModel.from_dict(json.loads(raw))


def ship_model(model: CredibilityModel, directory: Path, name: str = _MODEL_FILE) -> tuple[str, str]:
    """Write ``model`` for the workers: its file's path and SHA-256 (see :func:`model_from_file`)."""
    import hashlib

    path = directory / name
    model.save(path)
    return str(path), hashlib.sha256(path.read_bytes()).hexdigest()


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


class _Shipment:
    """What ``score_many(n_jobs>1)`` gives its worker processes, written once per process.

    The compiled databases (about 29 MB) and each model a caller scores with
    are written as files to one private temporary directory the first time
    they are needed, and reused by every later call: writing them cost about
    0.5 s a call, and a worker, which joblib keeps between calls, reads a
    model again only when its file is new (:func:`model_from_file` caches by
    path). The directory is removed when the process exits; a model's file is
    removed when the model is garbage-collected. A file that has gone missing
    (a temp cleaner) is written again.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dir: str | None = None
        self._databases: dict[str, tuple[str, str]] = {}
        self._models: weakref.WeakKeyDictionary[CredibilityModel, tuple[str, str]] = weakref.WeakKeyDictionary()
        self._written = itertools.count()

    def _directory(self) -> Path:
        if self._dir is None or not os.path.isdir(self._dir):
            self._dir = tempfile.mkdtemp(prefix="credscore-workers-")
            # Removed when this object goes (for the process-wide one: at exit).
            weakref.finalize(self, shutil.rmtree, self._dir, True)
        return Path(self._dir)

    def databases(self) -> dict[str, tuple[str, str]]:
        """The default matcher's compiled databases, as :meth:`Matcher.save_databases` gives them."""
        with self._lock:
            directory = self._directory()
            if not self._databases or not all(os.path.isfile(path) for _, path in self._databases.values()):
                self._databases = default_matcher().save_databases(directory)
            return self._databases

    def model(self, model: CredibilityModel) -> tuple[str, str]:
        """``model``'s file: its path and SHA-256 (see :func:`ship_model`)."""
        with self._lock:
            directory = self._directory()
            ref = self._models.get(model)
            if ref is None or not os.path.isfile(ref[0]):
                ref = ship_model(model, directory, f"model-{next(self._written)}.json")
                self._models[model] = ref
                weakref.finalize(model, _unlink, ref[0])
            return ref


_SHIPMENT = _Shipment()

#: ``score_many(n_jobs>1)`` hands its workers pieces of about this many
#: characters (at most ``batch_size`` documents each), so that the last
#: pieces keep every worker busy: with whole batches of 1000 articles (about
#: 4 MB) a 20 MB corpus is five tasks for two workers.
DISPATCH_CHARS = 1 << 20


def _dispatch_pieces(batch: tuple[list[str], list[str | None]]) -> Iterator[tuple[list[str], list[str | None]]]:
    """``batch`` cut into consecutive pieces of about :data:`DISPATCH_CHARS` characters."""
    texts, titles = batch
    for start, stop in chunk_ranges(texts, DISPATCH_CHARS):
        if stop > start:
            yield texts[start:stop], titles[start:stop]


def score_many(
    texts: Iterable[Any],
    *,
    titles: Iterable[str | None] | None = None,
    model: CredibilityModel | None = None,
    batch_size: int = 1000,
    n_jobs: int | None = 1,
) -> np.ndarray:
    """Score many articles; returns one float64 per input, in input order.

    Parameters
    ----------
    texts : iterable
        Article bodies (``str``), or mappings with ``"text"`` and optional
        ``"title"``. Any iterable works, including a generator; it is consumed
        in batches of ``batch_size`` so memory stays bounded. A bare ``str``
        is refused.
    titles : iterable of str or None, optional
        Headlines, parallel to ``texts``.
    model : CredibilityModel, optional
        Defaults to the shipped model.
    batch_size : int, default=1000
        Documents per batch.
    n_jobs : int or None, default=1
        Worker processes (joblib's convention: None is 1, ``-1`` every
        core, ``-2`` every core but one...; more than the machine's cores
        is read as its cores). Results are
        identical for every ``n_jobs`` and ``batch_size``. Workers get
        pieces of about a million characters, and read the compiled
        catalogue and the model from files written once per process (in a
        private temporary directory removed at exit); joblib keeps the
        workers between calls, so only the first call pays their start-up
        (about a second).

    Returns
    -------
    numpy.ndarray of float64, shape (n,)
        ``score_many(texts)[i] == score(texts[i])`` exactly.

    Examples
    --------
    >>> import credscore
    >>> scores = credscore.score_many(["Sources said so.", "The council voted 7-2 on Monday."])
    >>> scores.shape, scores.dtype.name
    ((2,), 'float64')
    """
    check_iterable(texts, "texts")
    if titles is not None:
        check_iterable(titles, "titles")
        same_index(texts=texts, titles=titles)
    n_jobs = check_batching(batch_size, n_jobs)
    batch_size = int(batch_size)
    mdl = resolve_model(model)
    batches = text_batches(texts, titles, batch_size)
    if n_jobs == 1:
        parts = [_score_batch(b, mdl) for b in batches]
    else:
        from joblib import Parallel, delayed

        # Workers get the compiled databases as files rather than each
        # compiling them, and the model too: pickled with every batch it would
        # cost each batch a quarter of a second in the parent and again in the
        # worker. Both are written once per process (see _Shipment).
        shipped = _SHIPMENT.databases()
        model_ref = _SHIPMENT.model(mdl)
        parallel = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
        pieces = (piece for b in batches for piece in _dispatch_pieces(b))
        parts = list(parallel(delayed(_score_batch)(p, model_ref, shipped) for p in pieces))
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.float64)


#: HTML tags left in plain text (``<p>``, ``<br>``, ``<a href=...>``): read as a page shows them since session 23
#: (:func:`credscore._tokens._html`), but a text that holds this many in its first _MARKUP_SAMPLE characters may
#: be a whole page, menus and comments and all, so explain() says so.
#: (Character references such as ``&quot;`` are read as the characters they stand for: see
#: :func:`credscore._tokens.encode_text`.)
_MARKUP = re.compile(r"</?(?:p|br|div|span|a|b|i|em|strong|li|ul|h[1-6])\b[^<>]{0,200}>")
_MARKUP_MIN = 3
_MARKUP_SAMPLE = 20_000


def _listed(items: Sequence[str], most: int = 8, width: int = 300) -> str:
    """``items`` for a note: the distinct ones, the first ``most`` in JSON's double quotes, each cut to ``width``
    characters, and how many more (an audit: a text written twice gave a note as long as the text, quoted as
    Python quotes it).

    >>> _listed(["Advertisement", "Advertisement", 'He said "no"', "x" * 9], most=2, width=8)
    '"Adver...", "He sa..." and 1 more'
    """
    distinct = list(dict.fromkeys(items))
    shown = ", ".join(json.dumps(i if len(i) <= width else i[: width - 3] + "...", ensure_ascii=False)
                      for i in distinct[:most])
    return shown + (f" and {len(distinct) - most} more" if len(distinct) > most else "")


def length_notes(text: str, words: int, prior: float) -> list[str]:
    """The note that makes a text too short to judge (its risk "unknown", its score the neutral ``prior``), if
    any: one wording for explain() and the command line's rows (an audit found two for an empty text).

    >>> length_notes(" ", 0, 0.5)
    ['empty text: there is nothing to judge; the score is the neutral 0.5']
    >>> length_notes("Sources said so.", 3, 0.5)
    ['too little text to judge: 3 words (fewer than 20); the score is the neutral 0.5']
    >>> length_notes("Hello", 1, 0.5)[0].split(" (")[0]
    'too little text to judge: 1 word'
    """
    if not text.strip():
        return [f"empty text: there is nothing to judge; the score is the neutral {prior:g}"]
    if words < MIN_JUDGEABLE_WORDS:
        counted = "1 word" if words == 1 else f"{words} words"
        return [f"too little text to judge: {counted} (fewer than {MIN_JUDGEABLE_WORDS}); the score is the neutral {prior:g}"]
    return []


def markup_note(text: str) -> str | None:
    """A note when ``text`` holds HTML tags (see :data:`_MARKUP`), else None. The tags themselves are read as
    a page shows them (:func:`credscore._tokens._html`); what the note warns of is a whole page given as
    text. A caveat, not a reason to withhold the score: explain() and the CLI's rows add it, the risk stays."""
    if text.count("<", 0, _MARKUP_SAMPLE) < _MARKUP_MIN:
        return None  # a count at memory speed spares most texts the regex
    markup = _MARKUP.findall(text, 0, _MARKUP_SAMPLE)
    if len(markup) < _MARKUP_MIN:
        return None
    shown = ", ".join(sorted(set(markup), key=markup.index)[:3])
    return (
        f"the text holds HTML tags ({len(markup)} in its first {_MARKUP_SAMPLE:,} characters, "
        f"e.g. {shown}): they are read as a page shows them, but a whole page's menus, links and comments "
        "would be read as the article too; give a page to credscore.explain_html (CLI: --html-field or a "
        "saved page) to read the article alone"
    )


_CASE_NOTES = {
    "capitals": "the text is written in capitals: it is read in sentence case, so its shouting is not counted, "
                "and names, places and months cannot be told from other words",
    "lower": "the text has no capital letter: names, places, months and who is quoted are read from their "
             "capitals, so the signals that read them find none; score the text as written, not lower-cased",
}


def case_note(text: str) -> str | None:
    """A note when ``text`` is written in capitals or holds no capital at all (see
    :func:`credscore._tokens.written_case`), else None. A caveat, not a reason to withhold the score:
    explain() and the CLI's rows add it, the risk stays."""
    case = written_case(text)
    return None if case is None else _CASE_NOTES[case]


def explain(text: str, title: str | None = None, *, model: CredibilityModel | None = None) -> Explanation:
    """Explain an article's score: each signal found, its contribution and evidence spans.

    Parameters
    ----------
    text : str
        The article body.
    title : str, optional
        The headline.
    model : CredibilityModel, optional
        Defaults to the shipped model.

    Returns
    -------
    Explanation
        ``explanation.score == score(text, title)`` exactly. ``risk`` is
        ``"unknown"``, with a note saying why, when the text is empty, has
        fewer than ``MIN_JUDGEABLE_WORDS`` words, or does not look like
        English (:func:`credscore._language.looks_english`).

    Examples
    --------
    >>> import credscore
    >>> text = ("Sources say the mayor allegedly took bribes from a secret cartel. Insiders claim the shocking "
    ...         "truth is being hidden from you by the mainstream media. Wake up! Share this before it is deleted!")
    >>> ex = credscore.explain(text)
    >>> ex.risk, sorted(s.name for s in ex.signals)[:3]
    ('high', ['anonymous_sourcing', 'call_to_action', 'conspiracy_framing'])
    >>> span = next(s for s in ex.signals if s.name == "unverified_claim").spans[0]
    >>> span.start, span.end, span.text, text[span.start:span.end] == span.text
    (22, 31, 'allegedly', True)
    """
    text, title = check_text(text), check_title(title)
    mdl = resolve_model(model)
    matcher = default_matcher()
    # One scan: the spans found (placed in the text as given) and the counts behind the features
    # (a signal's spans beyond MAX_SPANS are counted, not listed). The matcher and the token steps read
    # the text alike (credscore._tokens.encode_text).
    # What is read is the body (credscore._body: no repeated headline, no page furniture); its spans
    # are placed back in the text as given.
    read = read_body(text, title)
    body = read.text
    evidence, counts = matcher.find_counted(body, "text", MAX_SPANS)
    if read.text is not text:  # placed back, and quoted as given (the body reads ‘ ’ as “ ”)
        evidence = [replace(ev, start=s, end=e, text=text[s:e])
                    for ev in evidence for s, e in [read.place_span(ev.start, ev.end)]]
    opening = read.place(0) if read.headline else 0
    # Placed: the offsets of the letters ligatures add (4 bytes a ligature) are let go before the columns and
    # n-grams, whose peaks they would add to (10 MB of ligatures: 40 MB).
    read = replace(read, spelled=np.zeros(0, read.spelled.dtype))
    if title:
        title_evidence, title_counts = matcher.find_counted(title, "title", MAX_SPANS)
        evidence += title_evidence
        counts = counts + title_counts
    counts = counts[None, :]
    spans: dict[str, list[Evidence]] = {}
    for ev in evidence:
        spans.setdefault(ev.signal, []).append(ev)
    batch = encode_batch([body])  # one tokenisation for stylometry, n-grams and the English check
    # the columns before the n-grams, so that their counts are not held while stylometry peaks (10 MB of
    # Chinese: 28 MB)
    columns = columns_from_counts(counts, [body], matcher, batch=batch)
    ng_counts, word_counts = analyse([body], batch)
    feats = DocumentFeatures(
        columns,
        ng_counts,
        word_counts,
        judgeable([body], word_counts, batch),
        content_analyse([body]) if mdl.content is not None else None,
    )
    # The token batch (three arrays the text's length in UTF-8) goes before the notes, whose case check
    # copies the text twice more (10 MB of Chinese: 147 -> 60 MB at explain()'s peak).
    del batch
    value = float(scores_of(feats, mdl)[0])
    if not feats.judgeable[0]:
        shrink = 0.0  # text it cannot judge gets the neutral score: nothing in it moves the logit
    else:
        shrink = float(np.asarray(mdl.shrinkage(word_counts))[0]) if mdl.shrink_words else 1.0
    contrib = mdl.contributions(feats.X)[0] * shrink + 0.0  # + 0.0: no -0.0 where shrink is 0
    names = feature_names(matcher.signals)
    col = {n: i for i, n in enumerate(names)}
    # A signal found is credited with what finding it changed (its column against 0, not the training
    # mean), so its sign is the signal's own (Signal.sign); what the signals give an article in which none
    # fires is ``absent_signals``, and the parts still add up to the score's logit as Explanation documents.
    found_part = mdl.contributions(feats.X, from_zero=True)[0] * shrink + 0.0
    reports = []
    absent = 0.0
    for sig in matcher.signals:
        found = spans.get(sig.name)
        i = col[signal_column(sig)]
        if not found:
            absent += float(contrib[i])
            continue
        absent += float(contrib[i] - found_part[i])
        reports.append(SignalReport(
            sig.name, sig.description, int(counts[0, matcher.index(sig.name)]), float(found_part[i]), tuple(found),
        ))
    reports.sort(key=lambda r: -abs(r.contribution))
    style: dict[str, float] = {}
    for name, part in zip(names, contrib):  # not "value": that is the score
        if not name.startswith(("signal:", "title:")):
            group = column_group(name)
            style[group] = style.get(group, 0.0) + float(part)
    style["absent_signals"] = absent
    patterns: tuple[tuple[str, float], ...] = ()
    if mdl.ngrams is not None:
        idx, parts = mdl.ngrams.contributions(ng_counts)[0]
        parts = parts * shrink + 0.0
        style["writing_pattern"] = float(np.sum(parts))
        if shrink:  # else none moved the score
            top = np.argsort(-np.abs(parts), kind="stable")[:10]
            patterns = tuple((readable(term_of(int(mdl.ngrams.keys[idx[j]]))), float(parts[j])) for j in top)
    if mdl.content is not None and feats.content is not None:
        style["content_words"] = float(np.sum(mdl.content.logits(feats.content))) * shrink + 0.0
    if mdl.tone_cap is not None:
        # What the tone cap gave back: exclamations, capitals and loud words
        # together lower the logit by at most tone_cap (sourcing outweighs tone).
        style["tone_cap"] = float(mdl.tone_parts(feats.X, ng_counts)[1][0]) * shrink + 0.0
    words = int(word_counts[0])
    notes = length_notes(text, words, mdl.prior)
    risk = "unknown" if notes else risk_level(value)
    if read.headline:
        notes.append(f"the text opens with its headline: read as the title, its first {opening} characters are "
                     "not body")
    if read.furniture:
        n = len(read.furniture)
        notes.append(f"{n} line{'s' if n > 1 else ''} of page furniture not read as body: {_listed(read.furniture)}")
    if read.credits:
        n = len(read.credits)
        notes.append(f"{n} photo credit{'s' if n > 1 else ''} not read as body (who took a picture is no source "
                     f"of the reporting): {_listed(read.credits)}")
    if read.repeats:
        n = len(read.repeats)
        notes.append(f"{n} repeated sentence{'s' if n > 1 else ''} read once (a copy says nothing new): "
                     f"{_listed(read.repeats, most=3, width=100)}")
    for caveat in (markup_note(body), case_note(body)):
        if caveat is not None:
            notes.append(caveat)
    if body.strip():
        lang = check_english(body)
        if not lang.looks_english:
            notes.append(
                f"text does not look like English ({lang.describe()}); "
                f"credscore is trained on English news, so it gives the neutral score {mdl.prior:g}"
            )
            risk = "unknown"
    baseline = float(mdl.intercept) * shrink + mdl.prior_logit
    return Explanation(value, risk, tuple(reports), style, baseline, words, tuple(notes), patterns)
