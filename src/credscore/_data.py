"""Reading labeled corpora (JSONL, CSV, Parquet) for training and evaluation, with the readers of
:mod:`credscore._io`.

The shared research corpora are third-party data and are never shipped; they
are read from a path. Every row is kept or reported: a row that cannot be used
raises ``ValueError`` naming the file and line, never silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._io import read_records
from ._validation import binary_label, group_name

__all__ = ["Corpus", "LabeledRow", "binary_label_missing", "file_manifest", "map_labels", "read_labeled"]


@dataclass(frozen=True, slots=True)
class LabeledRow:
    """One labeled article read from a file."""

    text: str
    label: int
    title: str | None = None
    group: str = ""
    id: str = ""
    weight: float = 1.0


@dataclass
class Corpus:
    """Parallel lists of a labeled data set."""

    texts: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    titles: list[str | None] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)

    def append(self, row: LabeledRow) -> None:
        self.texts.append(row.text)
        self.labels.append(row.label)
        self.titles.append(row.title)
        self.groups.append(row.group)
        self.ids.append(row.id)
        self.weights.append(row.weight)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, mask: Sequence[bool]) -> Corpus:
        out = Corpus()
        for i, keep in enumerate(mask):
            if keep:
                out.append(LabeledRow(self.texts[i], self.labels[i], self.titles[i], self.groups[i], self.ids[i],
                                      self.weights[i]))
        return out


_CLI_HINT = " (map named labels with --label-map NAME=0/1)"


def as_written(value: Any) -> str:
    """A row's value in a message, as its file writes it: JSON's ``null``, ``true`` and objects for those
    values (an audit: "got None", "got {'a': 1}" for a file holding ``null`` and ``{"a": 1}``), else its repr.

    >>> as_written(None), as_written(True), as_written({"a": 1}), as_written("x"), as_written(2.5)
    ('null', 'true', '{"a": 1}', "'x'", '2.5')
    """
    if value is None or isinstance(value, (bool, dict, list)):
        try:
            return json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):  # a value no JSON file holds (a Parquet cell's bytes in a list)
            return repr(value)
    return repr(value)


def parse_label(
    value: Any, label_map: Mapping[Any, int] | None, where: str, hint: str = _CLI_HINT, *, written: bool = False
) -> int:
    """Turn a raw label into 0/1: 0/1 numbers or strings, booleans (True = 1 = credible), names via ``label_map``.

    A map is looked up first, and a 0/1 label whatever its spelling:
    ``{"1": 0, "0": 1}`` maps 1, 1.0, "1.0" and True alike (a file that
    inverts its labels must not be inverted only where pandas wrote them as
    floats). A 0/1 label the map does not name keeps its meaning. ``written``: the value came from a file,
    and a message shows it as the file writes it (:func:`as_written`).

    >>> [parse_label(v, {"1": 0, "0": 1}, "x") for v in (1, 1.0, "1.0", True, " 0 ")]
    [0, 0, 0, 0, 1]
    """
    binary = binary_label(value)
    if label_map is not None:
        keys: tuple[Any, ...] = (value, str(value), str(value).lower(), str(value).strip().lower())
        if binary is not None:
            keys += (str(binary), binary)
        for key in keys:
            try:
                if key in label_map:
                    return label_map[key]
            except TypeError:  # an unhashable value is no key
                continue
        # The map's names read as the values are: case and spaces aside, a number whatever its spelling.
        found = _loose_keys(label_map).get(_loose_key(value))
        if found is not None:
            return found
    if binary is not None:
        return binary
    known = f" (known names: {sorted(map(str, label_map))})" if label_map else hint
    raise ValueError(f"{where}: label must be 0 or 1, got {as_written(value) if written else repr(value)}{known}")


def _loose_key(value: Any) -> str:
    """``value`` as a label map's names are matched loosely: case folded, without surrounding spaces, and a
    whole number as its digits ("FAKE " -> "fake", 4.0 and "4.00" -> "4").

    >>> [_loose_key(v) for v in ("FAKE ", " Real", 4.0, "4.00", 4, "-0", "nan", True)]
    ['fake', 'real', '4', '4', '4', '0', 'nan', 'true']
    """
    key = str(value).strip().casefold()
    if isinstance(value, bool):
        return key
    try:
        number = float(key)
    except (ValueError, OverflowError):
        return key
    return str(int(number)) if number.is_integer() else key


def _loose_keys(label_map: Mapping[Any, int]) -> dict[str, int]:
    """``label_map`` by :func:`_loose_key`, without the names two entries with other values share (which
    of them is meant is then not known: such a label is an error, as an unknown one is)."""
    out: dict[str, int] = {}
    clash: set[str] = set()
    for name, label in label_map.items():
        key = _loose_key(name)
        if out.get(key, label) != label:
            clash.add(key)
        out[key] = label
    return {k: v for k, v in out.items() if k not in clash}


def parse_weight(value: Any, where: str) -> float:
    """A row's weight: a finite number >= 0 (a CSV cell's digits too), or a ValueError naming it.

    >>> parse_weight("2.5", "x"), parse_weight(1, "x"), parse_weight("0", "x")
    (2.5, 1.0, 0.0)
    """
    number: float | None = None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not np.isfinite(number) or number < 0:
        raise ValueError(f"{where} must be a finite number >= 0, got {as_written(value)}")
    return number


def binary_label_missing(label_map: Mapping[Any, int]) -> str | None:
    """The 0/1 label ``label_map`` leaves out when it names the other one ("0" or "1"), else None.

    A map of one 0/1 label leaves the other as it is, so ``{"1": 0}`` reads every row as 0 (an audit: an
    evaluation of "0 credible" articles, exit status 0): such a map is refused. One that maps the label to
    itself (``{"nan": 0, "1": 1}``) changes no meaning and is not (an audit: it was refused as if it did).

    >>> binary_label_missing({"1": 0}), binary_label_missing({1: 0, 0: 1}), binary_label_missing({"fake": 0})
    ('0', None, None)
    >>> binary_label_missing({"nan": 0, "1": 1}), binary_label_missing({"0": 1, "x": 1})
    (None, '1')
    """
    named = {_loose_key(k): v for k, v in label_map.items() if _loose_key(k) in ("0", "1")}
    if len(named) != 1:
        return None
    (key, value), = named.items()
    return None if int(value) == int(key) else ("0" if key == "1" else "1")


def clashing_names(label_map: Mapping[Any, int]) -> tuple[Any, Any] | None:
    """Two names of ``label_map`` that read as one (:func:`_loose_key`) but give different labels, or None:
    with ``{"Real": 1, "real": 0}`` a label "REAL" could be either (an audit: every row read as 0, exit 0).

    >>> clashing_names({"Real": 1, "real": 0}), clashing_names({"4": 1, "4.0": 0}), clashing_names({"Real": 1, "REAL": 1})
    (('Real', 'real'), ('4', '4.0'), None)
    """
    first: dict[str, tuple[Any, int]] = {}
    for name, label in label_map.items():
        other = first.setdefault(_loose_key(name), (name, label))
        if other[1] != label:
            return other[0], name
    return None


def _check_label_map(label_map: Any) -> Mapping[Any, int] | None:
    if label_map is None:
        return None
    if not isinstance(label_map, Mapping):
        raise TypeError(f"label_map must be a mapping such as {{'fake': 0, 'real': 1}}, got {type(label_map).__name__}")
    bad = {k: v for k, v in label_map.items() if isinstance(v, bool) or v not in (0, 1)}
    if bad:
        raise ValueError(f"label_map values must be 0 (not credible) or 1 (credible), got {bad!r}")
    clash = clashing_names(label_map)
    if clash:
        raise ValueError(f"label_map names {clash[0]!r} and {clash[1]!r} with different labels, and they read as one "
                         f"name (case, spaces and a number's spelling aside): give one of them, got {dict(label_map)!r}")
    missing = binary_label_missing(label_map)
    if missing is not None:
        raise ValueError(f"label_map names the label {1 - int(missing)} but not {missing}, which would keep its "
                         f"meaning: give both (e.g. {{1: 0, 0: 1}} to invert them), got {dict(label_map)!r}")
    return label_map


def map_labels(labels: Iterable[Any], label_map: Mapping[Any, int] | None = None) -> list[int]:
    """Labels as the 0/1 ints :func:`credscore.train` takes (1 = credible, 0 = not).

    Accepts 0/1 numbers, the strings ``"0"``/``"1"``, booleans (True = credible)
    and, through ``label_map``, named labels.

    Parameters
    ----------
    labels : iterable
        One label per article.
    label_map : mapping, optional
        Names to 0/1, e.g. ``{"fake": 0, "real": 1}``.

    Raises
    ------
    TypeError
        ``labels`` is a single string, or ``label_map`` is not a mapping.
    ValueError
        A label that is none of the above, naming its index and value.

    Examples
    --------
    >>> map_labels(["fake", "real", "real"], {"fake": 0, "real": 1})
    [0, 1, 1]
    >>> map_labels([True, False, 1, "0"])
    [1, 0, 1, 0]
    """
    if isinstance(labels, (str, bytes)):
        raise TypeError(f"labels must be an iterable of labels, got a single {type(labels).__name__}")
    mapping = _check_label_map(label_map)
    hint = " (pass label_map={'fake': 0, 'real': 1} for named labels)"
    return [parse_label(v, mapping, f"labels[{i}]", hint) for i, v in enumerate(labels)]


def read_labeled(
    paths: Sequence[str | os.PathLike[str]],
    *,
    text_field: str = "text",
    label_field: str = "label",
    title_field: str | None = "title",
    group_field: str | None = None,
    id_field: str | None = "id",
    label_map: Mapping[str, int] | None = None,
    weight_field: str | None = None,
    encoding_errors: str = "strict",
    encoding: str | None = None,
) -> Corpus:
    """Read labeled articles from JSONL/CSV/TSV/Parquet files into a :class:`Corpus`.

    The files are read as :func:`credscore._io.read_records` reads what it
    scores and evaluates: gzip-compressed, UTF-16 or with a byte order mark
    (Excel's "CSV UTF-8"), or in ``encoding`` ("cp1252", say), with ``encoding_errors`` ("strict", or "replace"
    for bytes that are not the file's encoding). Raises ``ValueError``
    naming file and line for a row that cannot be read, a missing field, a
    non-string text, an unusable label or weight (``weight_field``: a finite
    number >= 0, or a CSV cell holding one): no row is dropped.
    """
    corpus = Corpus()
    label_map = _check_label_map(label_map)
    wanted = [f for f in (label_field, group_field, weight_field, id_field) if f]
    for p in paths:
        path = Path(p)
        seen: set[str] = set()
        for rec in read_records([os.fspath(p)], text_field=text_field, title_field=title_field, id_field=None,
                                encoding_errors=encoding_errors, encoding=encoding, extra_fields=wanted, seen_fields=seen,
                                articles=False):
            if rec.error is not None:
                raise ValueError(rec.error)
            where = f"{rec.source}:{rec.line}"
            row = rec.fields or {}

            def missing(what: str, name: str, at: str = where, fields: set[str] = seen) -> ValueError:
                return ValueError(f"{at}: missing {what} field {name!r} ({fields_note(name, fields)})")

            if label_field not in row:
                raise missing("label", label_field)
            if group_field and group_field not in row:
                raise missing("group", group_field)
            group = group_name(row[group_field], f"{where}: group field {group_field!r}") if group_field else path.parent.name
            weight = 1.0
            if weight_field:
                if weight_field not in row:
                    raise missing("weight", weight_field)
                weight = parse_weight(row[weight_field], f"{where}: weight field {weight_field!r}")
            corpus.append(
                LabeledRow(
                    text=rec.text or "",
                    label=parse_label(row[label_field], label_map, where, written=True),
                    title=rec.title,
                    group=group,
                    id=str(row[id_field]) if id_field and id_field in row else f"{path.name}:{rec.line}",
                    weight=weight,
                )
            )
    return corpus


def fields_note(name: str, seen: set[str]) -> str:
    """What a missing-field error says of the fields: that other rows have ``name`` when they do (the row is
    what lacks it, not the file), else the fields the file's rows have (``seen``, so far).

    >>> fields_note("label", {"text", "label"}), fields_note("lable", {"text", "label"})
    ('this row lacks it, rows before it have it', "the rows' fields: ['label', 'text']")
    """
    return "this row lacks it, rows before it have it" if name in seen else f"the rows' fields: {sorted(seen)}"


def file_manifest(paths: Sequence[str | os.PathLike[str]]) -> list[dict[str, Any]]:
    """Name, size and SHA-256 of each data file, for a model's training manifest."""
    out = []
    for p in paths:
        path = Path(p)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        # The file and its folder's name (no more of the path: it is the user's machine); a file in the
        # working directory has no folder to name, and a leading "/" would read as the root.
        name = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        out.append({"file": name, "bytes": path.stat().st_size, "sha256": digest})
    return out
