"""Reading labeled corpora (JSONL or CSV) for training and evaluation.

The shared research corpora are third-party data and are never shipped; they
are read from a path. Every row is kept or reported: a row that cannot be used
raises ``ValueError`` naming the file and line, never silently dropped.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Corpus", "LabeledRow", "file_manifest", "read_labeled"]


@dataclass(frozen=True, slots=True)
class LabeledRow:
    """One labeled article read from a file."""

    text: str
    label: int
    title: str | None = None
    group: str = ""
    id: str = ""


@dataclass
class Corpus:
    """Parallel lists of a labeled data set."""

    texts: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    titles: list[str | None] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def append(self, row: LabeledRow) -> None:
        self.texts.append(row.text)
        self.labels.append(row.label)
        self.titles.append(row.title)
        self.groups.append(row.group)
        self.ids.append(row.id)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, mask: Sequence[bool]) -> Corpus:
        out = Corpus()
        for i, keep in enumerate(mask):
            if keep:
                out.append(LabeledRow(self.texts[i], self.labels[i], self.titles[i], self.groups[i], self.ids[i]))
        return out


def _rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
                if not isinstance(obj, dict):
                    raise ValueError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
                yield lineno, obj
    elif suffix in (".csv", ".tsv"):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
            for row in reader:
                yield reader.line_num, row
    elif suffix == ".parquet":
        from ._parquet import parquet_rows  # the parquet extra; pyarrow is imported only there

        yield from parquet_rows(path)
    else:
        raise ValueError(f"{path}: unsupported file type {suffix!r}; use .jsonl, .csv or .parquet")


def parse_label(value: Any, label_map: Mapping[str, int] | None, where: str) -> int:
    """Turn a raw label into 0/1, via ``label_map`` for named labels."""
    if label_map is not None and str(value) in label_map:
        return label_map[str(value)]
    if isinstance(value, bool):
        raise ValueError(f"{where}: label must be 0/1 or a mapped name, got {value!r}")
    if isinstance(value, (int, float)) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return int(value.strip())
    hint = f" (known names: {sorted(label_map)})" if label_map else " (map named labels with --label-map NAME=0/1)"
    raise ValueError(f"{where}: label must be 0 or 1, got {value!r}{hint}")


def read_labeled(
    paths: Sequence[str | os.PathLike[str]],
    *,
    text_field: str = "text",
    label_field: str = "label",
    title_field: str | None = "title",
    group_field: str | None = None,
    id_field: str | None = "id",
    label_map: Mapping[str, int] | None = None,
) -> Corpus:
    """Read labeled articles from JSONL/CSV files into a :class:`Corpus`.

    Raises ``ValueError`` naming file and line for a missing field, a
    non-string text or an unusable label.
    """
    corpus = Corpus()
    for p in paths:
        path = Path(p)
        for lineno, row in _rows(path):
            where = f"{path}:{lineno}"
            if text_field not in row:
                raise ValueError(f"{where}: missing text field {text_field!r} (fields: {sorted(row)})")
            if label_field not in row:
                raise ValueError(f"{where}: missing label field {label_field!r} (fields: {sorted(row)})")
            text = row[text_field]
            if not isinstance(text, str):
                raise ValueError(f"{where}: text field {text_field!r} must be a string, got {type(text).__name__}")
            title = row.get(title_field) if title_field else None
            if title is not None and not isinstance(title, str):
                raise ValueError(f"{where}: title field {title_field!r} must be a string")
            group = str(row.get(group_field, "")) if group_field else path.parent.name
            corpus.append(
                LabeledRow(
                    text=text,
                    label=parse_label(row[label_field], label_map, where),
                    title=title or None,
                    group=group,
                    id=str(row.get(id_field, f"{path.name}:{lineno}")) if id_field else f"{path.name}:{lineno}",
                )
            )
    return corpus


def file_manifest(paths: Sequence[str | os.PathLike[str]]) -> list[dict[str, Any]]:
    """Name, size and SHA-256 of each data file, for a model's training manifest."""
    out = []
    for p in paths:
        path = Path(p)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out.append({"file": f"{path.parent.name}/{path.name}", "bytes": path.stat().st_size, "sha256": digest})
    return out
