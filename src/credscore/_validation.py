"""Input checking shared by every public entry point.

Wrong types raise ``TypeError`` naming what came; wrong values raise
``ValueError``. A bare ``str`` where an iterable of documents is expected is
refused, because iterating it would silently score one character at a time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = ["as_documents", "check_iterable", "check_text", "check_title"]


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def check_text(text: Any, name: str = "text") -> str:
    """Return ``text`` if it is a ``str``; raise ``TypeError`` naming what came otherwise."""
    if isinstance(text, str):
        return text
    hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
    if isinstance(text, (list, tuple)) and name == "text":
        hint = " (use score_many() for several texts)"
    elif is_missing(text) and name != "text":  # an empty cell of a data frame's column (an audit)
        hint = " (a missing text: fill the gaps first, e.g. texts.fillna(''), which scores 0.5, risk unknown)"
    raise TypeError(f"{name} must be str, got {_describe(text)}{hint}")


def check_title(title: Any, name: str = "title") -> str | None:
    """Return ``title`` if it is ``str``, ``None`` for a missing one (``None``, ``NaN``, ``pd.NA``: no headline,
    as a data frame's empty cell means); raise ``TypeError`` otherwise.

    >>> check_title("Budget passes"), check_title(float("nan"))
    ('Budget passes', None)
    """
    if title is None or isinstance(title, str):
        return title
    if is_missing(title):
        return None
    raise TypeError(f"{name} must be str or None, got {_describe(title)}")


def is_dataframe(value: Any) -> bool:
    """A pandas (or pandas-like) DataFrame, recognised without importing pandas."""
    return hasattr(value, "columns") and hasattr(value, "iloc") and getattr(value, "ndim", None) == 2


def is_missing(value: Any) -> bool:
    """A missing value as data frames and JSON hold it: None, NaN (any float type), or pandas' ``NA``
    and ``NaT`` (recognised without importing pandas).

    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("")
    (True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(math.isnan(value))
    return type(value).__name__ in ("NAType", "NaTType")


def group_name(value: Any, where: str) -> str:
    """The name of the group ``value`` (``str(value)``), or a ValueError naming ``where`` when it is missing
    or empty: a missing group is not a group of its own (it was ``"None"`` or ``"nan"``).

    >>> group_name("reuters", "groups[0]"), group_name(3, "groups[1]")
    ('reuters', '3')
    """
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{where} is a missing or empty group ({value!r}): give every article its group")
    return str(value)


def _dataframe_documents(df: Any, name: str) -> tuple[list[str], list[str | None]]:
    """Bodies from a DataFrame's ``text`` column, headlines from ``title`` if it has one (missing = none)."""
    columns = [str(c) for c in df.columns]
    if "text" not in columns:
        raise ValueError(
            f"{name} is a DataFrame without a 'text' column (columns: {columns}); pass the column of article "
            f"bodies instead, e.g. {name}=df['body'], or name it 'text'"
        )
    texts = [check_text(v, f"{name}['text'][{i}]") for i, v in enumerate(df["text"].tolist())]
    titles: list[str | None] = [None] * len(texts)
    if "title" in columns:
        for i, v in enumerate(df["title"].tolist()):
            titles[i] = None if is_missing(v) else check_title(v, f"{name}['title'][{i}]")
    return texts, titles


def check_iterable(docs: Any, name: str) -> None:
    """Refuse a bare string, bytes, a DataFrame or a non-iterable where documents are expected."""
    if is_dataframe(docs):
        raise TypeError(
            f"{name} is a DataFrame: iterating it gives its column names, not texts; pass a column, "
            f"e.g. {name}=df['text'] (and titles=df['title'])"
        )
    if isinstance(docs, (str, bytes, bytearray)):
        raise TypeError(
            f"{name} must be an iterable of texts, got a single {type(docs).__name__}; "
            "wrap it in a list ([text]) or call score() for one text"
        )
    if getattr(docs, "ndim", None) == 0:  # a 0-d NumPy array: iterable by type, a single value in fact
        raise TypeError(
            f"{name} must be an iterable of texts, got a 0-d array holding one value ({_describe(docs)}); "
            "wrap it in a list or call score() for one text"
        )
    if isinstance(docs, Mapping) or not isinstance(docs, Iterable):
        raise TypeError(f"{name} must be an iterable of texts, got {_describe(docs)}")
    if isinstance(docs, (set, frozenset)):  # (an audit: scores came back in the set's own, arbitrary order)
        raise TypeError(f"{name} must be an ordered iterable of texts, got a {type(docs).__name__}: its order is "
                        "arbitrary, so no score could be matched to its text; pass a list (sorted(...), say)")


def as_documents(docs: Any, name: str = "texts", titles: Any = None) -> tuple[list[str], list[str | None]]:
    """Materialise documents into parallel lists of bodies and titles.

    Each item is a ``str`` or a mapping with ``"text"`` and optional
    ``"title"``; a DataFrame gives its ``text`` and ``title`` columns.
    ``titles``, when given, is a parallel iterable of ``str`` or ``None`` and
    overrides titles from mappings.
    """
    texts: list[str] = []
    doc_titles: list[str | None] = []
    if is_dataframe(docs):
        texts, doc_titles = _dataframe_documents(docs, name)
        docs = ()
    else:
        check_iterable(docs, name)
    for i, doc in enumerate(docs):
        if isinstance(doc, str):
            texts.append(doc)
            doc_titles.append(None)
        elif isinstance(doc, Mapping):
            if "text" not in doc:
                raise ValueError(f"{name}[{i}] is a mapping without a 'text' key (keys: {sorted(map(str, doc))})")
            texts.append(check_text(doc["text"], f"{name}[{i}]['text']"))
            doc_titles.append(check_title(doc.get("title"), f"{name}[{i}]['title']"))
        else:
            check_text(doc, f"{name}[{i}]")
    if titles is not None:
        check_iterable(titles, "titles")
        given = list(titles)
        if len(given) != len(texts):
            raise ValueError(f"titles must have one entry per text: got {len(given)} titles for {len(texts)} texts")
        doc_titles = [check_title(t, f"titles[{i}]") for i, t in enumerate(given)]
    return texts, doc_titles


#: Label strings read as 0/1 without a map: what a CSV cell holds for the numbers and booleans JSON
#: gives as values ("1.0" where pandas wrote a column with gaps as floats, "True" from a boolean column).
LABEL_WORDS = {"0": 0, "1": 1, "0.0": 0, "1.0": 1, "false": 0, "true": 1}


def binary_label(value: Any) -> int | None:
    """0 or 1 for a spelling of a 0/1 label (a number, a boolean, a :data:`LABEL_WORDS` string), else None.

    >>> [binary_label(v) for v in (1.0, True, " TRUE ", "0.0", 2, "real")]
    [1, 1, 1, 0, None, None]
    """
    if isinstance(value, (bool, np.bool_)):
        return int(value)  # True = credible
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in LABEL_WORDS:
        return LABEL_WORDS[value.strip().lower()]  # a CSV cell: "1.0" where pandas wrote a float column, "True"
    return None


def binary_labels(labels: Any) -> np.ndarray:
    """Labels as an int64 array of 0/1 (1 = credible), or a TypeError/ValueError naming the first bad one.

    Numbers 0 and 1, booleans (True = credible) and the strings :data:`LABEL_WORDS` ("0", "1", "1.0",
    "True"..., as a CSV or JSON file holds them, and as the command line reads them) are labels; names
    need a label map (``label_map=``, as :func:`credscore.train` and :func:`credscore.evaluate` take it).

    >>> binary_labels([1, 0.0, True, "0", " 1", "1.0", "False"]).tolist()
    [1, 0, 1, 0, 1, 1, 0]
    """
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__iter__"):
        raise TypeError(f"labels must be an iterable of 0/1 values, got {type(labels).__name__}")
    if isinstance(labels, (set, frozenset)):
        raise TypeError(f"labels must be an ordered iterable of 0/1 values, got a {type(labels).__name__}")
    values = list(labels)
    out = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        b = binary_label(v)  # True = credible, as map_labels and CredscoreClassifier read it
        if b is None:
            if isinstance(v, str):  # a name: train, recalibrate and evaluate all take a label map
                raise TypeError(f"labels[{i}] must be 0 or 1, got str {v!r} (named labels need label_map=, e.g. "
                                "{'fake': 0, 'real': 1})")
            if not isinstance(v, (int, float, np.integer, np.floating)):
                raise TypeError(f"labels[{i}] must be 0 or 1, got {type(v).__name__} {v!r}")
            raise ValueError(f"labels[{i}] must be 0 or 1, got {v!r}")
        out[i] = b
    return out


def same_index(**columns: Any) -> None:
    """A ValueError when two pandas arguments hold their rows under different indexes: they are paired by
    position, so a shuffled or filtered Series would pair texts with other texts' labels (train,
    recalibrate, evaluate and score_many's titles all check it). Arguments that are not pandas objects
    are skipped.

    >>> same_index(texts=["a", "b"], labels=[1, 0])  # lists: nothing to compare
    """
    indexed = {name: col.index for name, col in columns.items() if hasattr(col, "index") and hasattr(col, "iloc")}
    names = list(indexed)
    for other in names[1:]:
        if not indexed[names[0]].equals(indexed[other]):
            raise ValueError(
                f"{names[0]} and {other} are pandas objects with different indexes; credscore pairs them by "
                f"position, not by index: align them first (e.g. {other}.loc[{names[0]}.index]), or pass lists"
            )


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


_JOBS_RULE = "a nonzero int or None"


def check_count(value: Any, name: str, least: int, rule: str | None = None) -> int:
    """``value`` as an int when it is one (NumPy integers too) of at least ``least``: a TypeError naming ``name``
    and the type for another type (a bool, or a float even when whole: the parameter is a count), a ValueError
    naming the value when it is smaller. ``rule`` says what is wanted (default: "an int >= ``least``").

    >>> check_count(np.int64(3), "n_boot", 0)
    3
    >>> check_count(1.5, "n_boot", 0)
    Traceback (most recent call last):
    ...
    TypeError: n_boot must be an int >= 0, got float 1.5
    >>> check_count(-1, "n_boot", 0)
    Traceback (most recent call last):
    ...
    ValueError: n_boot must be an int >= 0, got -1
    """
    rule = rule or f"an int >= {least}"
    if not _is_int(value):
        raise TypeError(f"{name} must be {rule}, got {type(value).__name__} {value!r}")
    if value < least:
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return int(value)


def check_batching(batch_size: Any, n_jobs: Any) -> int:
    """Check ``batch_size`` (an int >= 1) and ``n_jobs``, and return the number of worker processes ``n_jobs``
    asks for (:func:`workers_of`): a TypeError naming the one of the wrong type, a ValueError naming one out of
    range. NumPy integers count as ints.

    >>> check_batching(np.int64(500), 2)
    2
    >>> check_batching(0, 1)
    Traceback (most recent call last):
    ...
    ValueError: batch_size must be an int >= 1, got 0
    >>> check_batching(1.0, 1)
    Traceback (most recent call last):
    ...
    TypeError: batch_size must be an int >= 1, got float 1.0
    """
    check_count(batch_size, "batch_size", 1)
    return workers_of(n_jobs)


def workers_of(n_jobs: Any) -> int:
    """The worker processes ``n_jobs`` asks for, as joblib and scikit-learn read it: None is 1, a positive int
    itself, -1 every core, -2 every core but one and so on (at least 1); 0 is a ValueError, a value of another
    type a TypeError. More than the machine's cores (``joblib.cpu_count()``, which heeds a container's CPU
    limit) is read as its cores: scoring keeps a core busy, so a worker more only adds its start-up and
    memory (an audit: ``--n-jobs 10000`` on two cores started 312 workers, 2.7 GB, in a minute).

    >>> import joblib
    >>> workers_of(None), workers_of(1), workers_of(-1) == joblib.cpu_count()
    (1, 1, True)
    >>> workers_of(10_000) == joblib.cpu_count()
    True
    >>> workers_of(-(joblib.cpu_count() + 5))  # more cores left out than there are: one
    1
    >>> workers_of(0)
    Traceback (most recent call last):
    ...
    ValueError: n_jobs must be a nonzero int or None (-1: every core, -2: every core but one...), got 0
    """
    if n_jobs is None:
        return 1
    if not _is_int(n_jobs):
        raise TypeError(f"n_jobs must be {_JOBS_RULE}, got {type(n_jobs).__name__} {n_jobs!r}")
    if n_jobs == 0:
        raise ValueError(f"n_jobs must be {_JOBS_RULE} (-1: every core, -2: every core but one...), got {n_jobs!r}")
    if n_jobs == 1:
        return 1  # (without importing joblib: one process needs none)
    import joblib

    cores = int(joblib.cpu_count())
    if n_jobs > 0:
        return min(int(n_jobs), cores)
    return max(1, cores + 1 + int(n_jobs))


def check_seed(random_state: Any) -> None:
    """Check ``random_state``: a TypeError unless it is an int (NumPy integers too), a ValueError unless it lies in
    [0, 2**32).

    >>> check_seed(np.uint32(7))
    >>> check_seed("x")
    Traceback (most recent call last):
    ...
    TypeError: random_state must be an int in [0, 2**32), got str 'x'
    """
    if not _is_int(random_state):
        raise TypeError(f"random_state must be an int in [0, 2**32), got {type(random_state).__name__} {random_state!r}")
    if not 0 <= random_state < 2**32:
        raise ValueError(f"random_state must be an int in [0, 2**32), got {random_state!r}")
