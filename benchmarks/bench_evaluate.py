"""Peak memory and time of ``credscore evaluate`` on 20,000 and 40,000 labeled rows (not a test).

Run: ``.venv/bin/python benchmarks/bench_evaluate.py [--rows 20000] [--keep DIR]``.

Builds a labeled JSONL file of ``--rows`` articles (and one of twice as many)
from the shared corpora (``../shared/data/corpora/*/articles.jsonl``, cycled;
generated prose when they are absent), writes the same rows as Parquet
(row groups of 2,000 rows), then runs ``credscore evaluate FILE --group-field
corpus --progress`` on each file in a fresh process and reports wall time,
rows per second and the process's peak RSS (``wait4``). Memory should stay
flat when the file doubles: rows are scored in batches, and only a score, a
label and a group per row are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "corpora"


def source_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(DATA.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if isinstance(r.get("text"), str) and r.get("label") in (0, 1):
                    rows.append({"text": r["text"], "title": r.get("title") or None, "label": r["label"],
                                 "corpus": path.parent.name})
    if rows:
        return rows
    words = "the council said on monday that the budget would rise by four percent according to officials".split()
    return [
        {"text": " ".join(words[(i + j) % len(words)] for j in range(400)), "title": None, "label": i % 2,
         "corpus": f"c{i % 4}"}
        for i in range(1000)
    ]


def cycled(rows: list[dict[str, object]], n: int) -> Iterator[dict[str, object]]:
    for i in range(n):
        yield {"id": f"r{i}", **rows[i % len(rows)]}


def write_files(rows: list[dict[str, object]], n: int, folder: Path) -> tuple[Path, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    jsonl = folder / f"labeled-{n}.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for r in cycled(rows, n):
            fh.write(json.dumps(r) + "\n")
    parquet = folder / f"labeled-{n}.parquet"
    schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("title", pa.string()),
                        ("label", pa.int64()), ("corpus", pa.string())])
    with pq.ParquetWriter(parquet, schema) as writer:
        batch: list[dict[str, object]] = []
        for r in cycled(rows, n):
            batch.append(r)
            if len(batch) == 2000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return jsonl, parquet


def run(path: Path, out: Path) -> dict[str, object]:
    cmd = [sys.executable, "-m", "credscore", "evaluate", str(path), "--group-field", "corpus", "--progress",
           "--json", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    report = json.loads(out.read_text())
    bar = [seg for seg in err.replace("\r", "\n").splitlines() if seg.startswith("scoring")]
    return {
        "file": path.name,
        "MB": round(path.stat().st_size / 1e6, 1),
        "rows": report["n"],
        "wall_s": round(wall, 1),
        "rows_per_s": round(report["n"] / wall),
        "peak_rss_MB": round(usage.ru_maxrss / 1024),
        "auc": report["models"][0]["overall"]["roc_auc"],
        "last_bar": bar[-1].strip() if bar else "",
    }


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--keep", type=Path, help="write the data files here (default: a temporary folder)")
    args = ap.parse_args(argv)
    rows = source_rows()
    with tempfile.TemporaryDirectory(prefix="credscore-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for n in (args.rows, 2 * args.rows):
            jsonl, parquet = write_files(rows, n, folder)
            for path in (jsonl, parquet):
                res = run(path, folder / f"{path.name}.report.json")
                print(json.dumps(res), flush=True)
                results.append(res)
        print()
        print("| file | MB | rows | wall s | rows/s | peak RSS MB |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in results:
            print(f"| {r['file']} | {r['MB']} | {r['rows']} | {r['wall_s']} | {r['rows_per_s']} | {r['peak_rss_MB']} |")
        small = {r["file"].rsplit(".", 1)[1]: r["peak_rss_MB"] for r in results[:2]}
        large = {r["file"].rsplit(".", 1)[1]: r["peak_rss_MB"] for r in results[2:]}
        for fmt, before in small.items():
            after = large[fmt]
            print(f"{fmt}: peak RSS {before} MB at {args.rows} rows, {after} MB at {2 * args.rows} rows "
                  f"(x{after / before:.2f} for x2 rows)")


if __name__ == "__main__":
    main(sys.argv[1:])
