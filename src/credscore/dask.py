"""Score articles held in Dask collections, partition by partition.

:func:`score_series` scores a :mod:`dask.dataframe` column of texts and
:func:`score_bag` a :mod:`dask.bag` of texts. Both are lazy: they add one task
per partition to the graph and compute nothing until you call ``.compute()``
(or ``.persist()``, ``.to_parquet()``, ...). Every partition is scored with
:func:`credscore.score_many`, so the results equal a local ``score_many`` of
the same texts bit for bit, on any scheduler and any number of workers.

The model enters the graph once, as a single key that every partition task
depends on. A distributed scheduler therefore ships it to each worker once,
not once per task. Each worker process compiles the signal matcher once, on
its first partition, and reuses it (:func:`credscore._api.default_matcher`
is cached per process).

This module needs the ``dask`` extra (in a checkout; see the README for
workers, which get a built wheel)::

    pip install -e ".[dask]"
"""

from __future__ import annotations

from typing import Any

from ._version import install_command

try:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from dask.base import tokenize
    from dask.delayed import delayed
except ImportError as exc:  # pragma: no cover - tests/test_dask.py hides dask to reach it
    raise ImportError(
        "credscore.dask needs the optional dependencies dask[dataframe] and pandas "
        f"(importing {exc.name or 'them'} failed: {exc}). Install them with:\n\n"
        f"    {install_command('dask')}\n"
    ) from exc

import numpy as np

from ._api import resolve_model, score_many
from ._model import CredibilityModel
from ._validation import is_missing

__all__ = ["score_bag", "score_series"]

#: Name of the Series that :func:`score_series` returns.
SCORE_NAME = "score"


def _model_node(model: CredibilityModel | None) -> Any:
    """The model as one graph key, for every partition task to depend on.

    Passing the model object itself to ``map_partitions`` would copy it into
    each partition's task, so the scheduler would send it with every task.
    A ``Delayed`` is one key instead: the scheduler sends it to a worker once
    and the other workers fetch it from there, once each. The key is named
    from the model's content, so two columns (or two bags) scored with the
    same model and computed together still share it.

    Verified by inspecting the optimized graph that is sent to the scheduler,
    ``dask.optimize(result)[0].__dask_graph__()``: pickling each task on its
    own, exactly one contains the model, and every partition's result
    depends on that task's key. ``test_model_is_one_graph_key`` in
    ``tests/test_dask.py`` checks this for both collection types.

    ``model=None`` ships the client's shipped model rather than letting each
    worker load its own: a worker with another credscore version installed
    would otherwise score with another model.
    """
    mdl = resolve_model(model)
    return delayed(mdl, name=f"credscore-model-{tokenize(mdl)}", pure=True, traverse=False)


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:57] + '...' if len(text) > 60 else text}"


def _score_partition(
    texts: pd.Series,
    titles: pd.Series | None,
    model: CredibilityModel,
    partition_info: dict[str, Any] | None = None,
) -> pd.Series:
    """Score one partition of :func:`score_series`; runs on a worker."""
    where = f"partition {partition_info['number']}" if partition_info else "a partition"
    values = texts.tolist()
    for label, value in zip(texts.index, values):
        if not isinstance(value, str):
            hint = (
                "; missing texts are not scored: fill them (series.fillna('') scores 0.5) or drop them first"
                if is_missing(value)
                else ""
            )
            raise TypeError(f"score_series: {where}, index {label!r}: text must be str, got {_describe(value)}{hint}")
    doc_titles: list[str | None] | None = None
    if titles is not None:
        if not titles.index.equals(texts.index):
            raise ValueError(f"score_series: {where}: titles and series have different index labels")
        doc_titles = []
        for label, value in zip(titles.index, titles.tolist()):
            if isinstance(value, str):
                doc_titles.append(value)
            elif is_missing(value):
                doc_titles.append(None)  # no headline: headline signals read 0
            else:
                raise TypeError(
                    f"score_series: {where}, index {label!r}: title must be str or missing, got {_describe(value)}"
                )
    scores = score_many(values, titles=doc_titles, model=model)
    return pd.Series(scores, index=texts.index, name=SCORE_NAME)


def _shown(divisions: tuple[Any, ...]) -> str:
    """A partitioning's divisions, shortened for a message."""
    return repr(divisions) if len(divisions) <= 6 else f"({', '.join(map(repr, divisions[:3]))}, ..., {divisions[-1]!r})"


def score_series(
    series: dd.Series,
    *,
    titles: dd.Series | None = None,
    model: CredibilityModel | None = None,
) -> dd.Series:
    """Score a Dask column of article texts; lazy, one task per partition.

    Parameters
    ----------
    series : dask.dataframe.Series
        Article bodies, one ``str`` per row, for example ``df["text"]``.
    titles : dask.dataframe.Series, optional
        Headlines, partitioned exactly like ``series`` (for example
        ``df["title"]`` of the same frame). A missing headline (``None``,
        ``NaN``, ``pd.NA``) is scored as no headline.
    model : CredibilityModel, optional
        Defaults to the model shipped with credscore (the client's copy is
        sent to the workers).

    Returns
    -------
    dask.dataframe.Series
        Float64 scores named ``"score"``, with the index, partitions and
        divisions of ``series``. ``result.compute()`` equals
        ``credscore.score_many(series.compute())`` exactly.

    Raises
    ------
    TypeError
        At once, if ``series``, ``titles`` or ``model`` has the wrong type.
        At compute time, if a row's text is not a ``str``: rows are never
        dropped or coerced, so a missing text (``None``, ``NaN``, ``pd.NA``)
        or a number fails the computation with a message that names the
        partition number and the row's index label.
    ValueError
        If ``titles`` is not partitioned like ``series``.

    See Also
    --------
    score_bag : The same for a :class:`dask.bag.Bag`.
    credscore.score_many : Scores in-memory texts; each partition goes through it.

    Notes
    -----
    dask's ``dataframe.convert-string`` option (on by default) turns object
    columns into string columns when the collection is created, so a number
    in an object column of a pandas frame reaches credscore as its text.
    Switch the option off to keep the original values, which are then
    refused as above.

    Examples
    --------
    >>> import pandas as pd, dask.dataframe as dd
    >>> import credscore, credscore.dask
    >>> texts = ["Sources said the mayor allegedly took bribes!", "The council voted 7-2 on Monday.", ""]
    >>> df = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=2)
    >>> scores = credscore.dask.score_series(df["text"])
    >>> scores.name, scores.dtype.name, scores.npartitions
    ('score', 'float64', 2)
    >>> result = scores.compute(scheduler="sync")
    >>> result.to_list() == credscore.score_many(texts).tolist()
    True
    """
    if not isinstance(series, dd.Series):
        hint = ""
        if isinstance(series, dd.DataFrame):
            hint = ' (select the text column, e.g. df["text"])'
        elif isinstance(series, pd.Series):
            hint = " (use credscore.score_many for an in-memory pandas Series)"
        raise TypeError(f"series must be a dask.dataframe.Series, got {type(series).__name__}{hint}")
    if titles is not None:
        if not isinstance(titles, dd.Series):
            raise TypeError(f"titles must be a dask.dataframe.Series or None, got {type(titles).__name__}")
        if titles.npartitions != series.npartitions or titles.divisions != series.divisions:
            got = (f"{titles.npartitions} partitions for titles and {series.npartitions} for series"
                   if titles.npartitions != series.npartitions
                   else f"divisions {_shown(titles.divisions)} for titles and {_shown(series.divisions)} for series")
            raise ValueError(
                f"titles must be partitioned like series (same npartitions and divisions), got {got}; "
                'take both columns from one frame, e.g. score_series(df["text"], titles=df["title"])'
            )
    model_node = _model_node(model)
    meta = pd.Series(np.empty(0, dtype=np.float64), index=series._meta.index, name=SCORE_NAME)
    scores: dd.Series = dd.map_partitions(  # type: ignore[no-untyped-call, unused-ignore]
        _score_partition, series, titles, model_node, meta=meta, align_dataframes=False
    )
    return scores


def _score_bag_partition(docs: Any, number: list[int], model: CredibilityModel) -> list[float]:
    """Score one partition of :func:`score_bag`; runs on a worker."""
    try:
        return score_many(list(docs), model=model).tolist()  # type: ignore[no-any-return]
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"score_bag: bag partition {number[0]} (texts[i] counts from its start): {exc}") from None


def score_bag(bag: db.Bag, *, model: CredibilityModel | None = None) -> db.Bag:
    """Score a Dask bag of articles; lazy, one task per partition.

    Parameters
    ----------
    bag : dask.bag.Bag
        Articles, each what :func:`credscore.score_many` accepts: a ``str``
        (the body) or a mapping with ``"text"`` and optional ``"title"``,
        for example the records of ``dask.bag.read_text(...).map(json.loads)``.
    model : CredibilityModel, optional
        Defaults to the model shipped with credscore (the client's copy is
        sent to the workers).

    Returns
    -------
    dask.bag.Bag
        One Python ``float`` per article, in the bag's order and partitions.
        ``result.compute()`` equals ``credscore.score_many(bag.compute())``
        exactly.

    Raises
    ------
    TypeError
        At once, if ``bag`` or ``model`` has the wrong type. At compute time,
        if an element is neither a ``str`` nor a mapping, or a mapping's
        ``"text"`` is not a ``str``; nothing is skipped. The message names
        the bag partition and the element's position in it.
    ValueError
        At compute time, if a mapping has no ``"text"`` key.

    See Also
    --------
    score_series : The same for a :mod:`dask.dataframe` column.

    Examples
    --------
    >>> import dask.bag as db
    >>> import credscore, credscore.dask
    >>> texts = ["Sources said the mayor allegedly took bribes!", {"text": "The council voted 7-2.", "title": "Budget passes"}]
    >>> scores = credscore.dask.score_bag(db.from_sequence(texts, npartitions=2))
    >>> scores.compute(scheduler="sync") == credscore.score_many(texts).tolist()
    True
    """
    if not isinstance(bag, db.Bag):
        raise TypeError(f"bag must be a dask.bag.Bag, got {type(bag).__name__}")
    model_node = _model_node(model)
    # dask.bag has no partition_info; a bag of partition numbers, partitioned
    # one number per partition, tells each task which partition it scores.
    numbers = db.from_sequence(range(bag.npartitions), npartitions=bag.npartitions)  # type: ignore[no-untyped-call, unused-ignore]
    scores: db.Bag = bag.map_partitions(_score_bag_partition, numbers, model_node)  # type: ignore[no-untyped-call, unused-ignore]
    return scores
