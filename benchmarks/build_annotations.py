"""Build ``tests/data/annotations.jsonl`` from ``benchmarks/annotations_src.txt``.

Passages are written by hand with inline span markers, ``[[X|text]]``, so that
no offset is ever typed by hand: this script strips the markers and records the
exact ``str`` offsets of each span. Markers may nest (a span of one signal
inside a span of another). The annotation rules are in
``tests/data/ANNOTATION_GUIDE.md``.

Usage::

    python benchmarks/build_annotations.py            # rewrite the JSONL
    python benchmarks/build_annotations.py --check    # fail if it is stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "benchmarks" / "annotations_src.txt"
OUT = ROOT / "tests" / "data" / "annotations.jsonl"

CODES = {
    "A": "anonymous_sourcing",
    "U": "unverified_claim",
    "D": "official_denial",
    "E": "named_expert",
}
_HEADER = re.compile(r"^@(?P<id>[A-Za-z0-9_-]+)\s+(?P<genre>[a-z_-]+)\s*$")
_OPEN = re.compile(r"\[\[(?P<code>[A-Z])\|")
Record = dict[str, Any]  # {"id", "genre", "text", "spans": [{"signal", "start", "end"}]}


def parse_markup(marked: str, where: str) -> tuple[str, list[Record]]:
    """Strip ``[[X|...]]`` markers; return the plain text and its spans."""
    out: list[str] = []
    spans: list[Record] = []
    stack: list[tuple[str, int]] = []
    pos = 0
    length = 0
    while pos < len(marked):
        if marked.startswith("[[", pos):
            m = _OPEN.match(marked, pos)
            if m is None or m.group("code") not in CODES:
                raise ValueError(f"{where}: bad marker at {marked[pos:pos + 20]!r}")
            stack.append((CODES[m.group("code")], length))
            pos = m.end()
        elif marked.startswith("]]", pos):
            if not stack:
                raise ValueError(f"{where}: unmatched ']]' at {marked[max(0, pos - 20):pos + 2]!r}")
            signal, start = stack.pop()
            if start == length:
                raise ValueError(f"{where}: empty {signal} span")
            spans.append({"signal": signal, "start": start, "end": length})
            pos += 2
        else:
            out.append(marked[pos])
            length += 1
            pos += 1
    if stack:
        raise ValueError(f"{where}: unclosed marker(s) {[s for s, _ in stack]}")
    spans.sort(key=lambda s: (s["start"], s["end"], s["signal"]))
    return "".join(out), spans


def read_source(path: Path = SRC) -> list[Record]:
    """Parse the marked-up source file into annotation records."""
    records: list[Record] = []
    header: re.Match[str] | None = None
    lines: list[str] = []

    def flush() -> None:
        if header is None:
            return
        where = f"{path.name}:{header.group('id')}"
        body = " ".join(line.strip() for line in lines).strip()
        if not body:
            raise ValueError(f"{where}: empty passage")
        text, spans = parse_markup(body, where)
        records.append({"id": header.group("id"), "genre": header.group("genre"), "text": text, "spans": spans})

    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        m = _HEADER.match(line)
        if m:
            flush()
            header, lines = m, []
        elif line.strip():
            if header is None:
                raise ValueError(f"{path.name}:{lineno}: text before the first '@id genre' header")
            lines.append(line)
    flush()
    ids = [r["id"] for r in records]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate passage ids: {dupes}")
    return records


def render(records: list[Record]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the JSONL differs from the source")
    args = ap.parse_args(argv)
    records = read_source()
    text = render(records)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is stale; run python benchmarks/build_annotations.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for r in records:
        for s in r["spans"]:
            counts[s["signal"]] = counts.get(s["signal"], 0) + 1
    positive = sum(1 for r in records if r["spans"])
    print(f"wrote {len(records)} passages ({positive} with spans) to {OUT.relative_to(ROOT)}")
    for name in sorted(counts):
        print(f"  {name:<20} {counts[name]:>4} spans")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
