"""Parquet input and output (the ``parquet`` extra: ``pip install -e ".[parquet]"`` in a checkout).

Parquet files are read in record batches of a few thousand rows, and only
the columns needed, so a file larger than memory streams: memory is bounded
by the batch size and by the file's row-group size, because Arrow decodes a
whole column chunk of a row group at once. A file written as a single huge
row group (``pyarrow.parquet.write_table`` defaults to 1M rows a group) costs
its whole text column in memory; write large files with row groups of some
thousand rows (``row_group_size=``). ``score --output-format parquet`` writes
one row group per batch. pyarrow is imported here only, when a Parquet file
is actually read or written.

Rows are numbered from 1 in file order; that number plays the part of the
line number of JSONL and CSV input in ids and error messages
(``articles.parquet:17``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from ._version import install_command

__all__ = ["ParquetRowWriter", "iter_parquet_rows", "read_parquet_records"]

#: Rows per record batch read from a Parquet file.
BATCH_ROWS = 2048


def _pyarrow() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.parquet  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ImportError(f"Parquet files need pyarrow: {install_command('parquet')}") from None
    return pyarrow


def _open(path: str | os.PathLike[str]) -> Any:
    """The ``pyarrow.parquet.ParquetFile``; a ValueError names the file when it is not Parquet."""
    pa = _pyarrow()
    if str(path) == "-":
        raise ValueError("Parquet cannot be read from stdin (it is read from its footer first); pass the file's path")
    try:
        # pre_buffer=False: the default read-ahead kept growing with the file (86 MB of Arrow buffers
        # at 40,000 rows against 26 MB without it, measured by benchmarks/bench_evaluate.py).
        return pa.parquet.ParquetFile(path, pre_buffer=False)
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        raise ValueError(f"{path}: not a readable Parquet file ({exc})") from None


def iter_parquet_rows(
    path: str | os.PathLike[str], columns: Sequence[str] | None = None, *, batch_rows: int = BATCH_ROWS
) -> Iterator[tuple[int, dict[str, Any], float]]:
    """Yield ``(row_number, row, share_read)`` for each row, reading ``batch_rows`` rows at a time.

    ``row`` maps each requested column that exists in the file (all columns
    when ``columns`` is None) to its Python value; a requested column the
    file lacks is simply absent, so the caller can name it as missing.
    ``share_read`` is the fraction of the file's rows read so far (for a
    progress bar).

    Examples
    --------
    >>> import tempfile, pathlib, pyarrow as pa, pyarrow.parquet as pq
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.parquet"
    >>> pq.write_table(pa.table({"text": ["one", "two"], "label": [1, 0]}), path)
    >>> [(n, row) for n, row, _ in iter_parquet_rows(path, ["text", "label", "title"])]
    [(1, {'text': 'one', 'label': 1}), (2, {'text': 'two', 'label': 0})]
    """
    pf = _open(path)
    names = pf.schema_arrow.names
    wanted = names if columns is None else [c for c in dict.fromkeys(columns) if c in names]
    total = max(pf.metadata.num_rows, 1)
    number = 0
    if not wanted:
        # No requested column exists: still one (empty) row per file row, so each can be reported.
        for _ in range(pf.metadata.num_rows):
            number += 1
            yield number, {}, number / total
        return
    for batch in pf.iter_batches(batch_size=batch_rows, columns=wanted, use_threads=False):
        cols = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        keys = batch.schema.names
        for values in zip(*cols):
            number += 1
            yield number, dict(zip(keys, values)), number / total


def read_parquet_records(path: str, progress: Any, fields: dict[str, Any]) -> Iterator[Any]:
    """One :class:`credscore._io.Record` per Parquet row, made as the JSONL reader makes them.

    ``fields`` holds the reader's ``text_field``, ``title_field``,
    ``id_field`` and ``extra_fields``; only those columns are read.
    ``progress.bytes_read`` grows with the share of rows read, so a
    byte-based progress bar works unchanged. Arrow strings are valid UTF-8
    already, so there is no encoding to check.
    """
    from ._io import record_from

    names = _open(path).schema_arrow.names  # (stdin, or not Parquet: a ValueError naming the file)
    seen = fields.get("seen")
    if seen is not None:  # the fields the rows have: every column, read or not (a missing field's error lists them)
        seen.update(names[:1000])
    size = Path(path).stat().st_size
    columns = [c for c in (fields.get("text_field"), fields.get("title_field"), fields.get("id_field")) if c]
    columns += list(fields.get("extra_fields", ()))
    # Without its text column a row is named missing it, with the columns the file has (not only those read).
    unread = dict.fromkeys(n for n in names if n not in columns) if fields.get("text_field") not in names else {}
    start = progress.bytes_read
    for number, row, share in iter_parquet_rows(path, columns):
        progress.bytes_read = start + int(size * share)
        yield record_from({**unread, **row} if unread else row, source=path, line=number, **fields)


def _escaped(value: str) -> str:
    """``value`` with any lone surrogate written as its ``\\uXXXX`` escape (valid UTF-8)."""
    if value.isascii():
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


class ParquetRowWriter:
    """Write ``credscore score`` output rows to a Parquet file, one row group per :meth:`flush`.

    Columns: id, source, line, score, risk, signals (a list of
    ``{name, contribution}``), note, error; the same fields as the JSONL
    output. ``sink`` is a binary file object (the CLI passes its atomic temp
    file); :meth:`close` writes the footer and must be called.
    """

    def __init__(self, sink: IO[bytes]) -> None:
        pa = _pyarrow()
        self._pa = pa
        signal = pa.struct([("name", pa.string()), ("contribution", pa.float64())])
        self.schema = pa.schema(
            [
                ("id", pa.string()),
                ("source", pa.string()),
                ("line", pa.int64()),
                ("score", pa.float64()),
                ("risk", pa.string()),
                ("signals", pa.list_(signal)),
                ("note", pa.string()),
                ("error", pa.string()),
            ]
        )
        self._writer = pa.parquet.ParquetWriter(sink, self.schema)
        self._rows: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        """Buffer one row (written at the next :meth:`flush`).

        Parquet strings are UTF-8, which a lone surrogate (``"\\udc80"`` in a JSON id) cannot be: such a
        character is written as its ``\\udc80`` escape, as in the CLI's other outputs.
        """
        self._rows.append({k: _escaped(v) if isinstance(v, str) else v for k, v in row.items()})

    def flush(self) -> None:
        """Write the buffered rows as one row group."""
        if not self._rows:
            return
        table = self._pa.Table.from_pylist(self._rows, schema=self.schema)
        self._writer.write_table(table)
        self._rows = []

    def close(self) -> None:
        """Write what is buffered and the file footer."""
        self.flush()
        self._writer.close()
