"""What each catalogue pattern costs the scan (printed figures, not a test).

Run from the repository root::

    .venv/bin/python benchmarks/bench_patterns.py           # 3 MB of news, every pattern alone
    .venv/bin/python benchmarks/bench_patterns.py --loo     # also leave-one-signal-out (slow: one compile each)

The engine compiles every body pattern into one Hyperscan database, so the
scan of that database is the floor of credscore's throughput. This script
shows where that floor comes from, to guide catalogue edits:

* for each pattern on its own: compile time, scan speed with start-of-match
  tracking (``SOM_LEFTMOST``, what the engine needs for evidence spans) and
  without it, and how many raw matches it reports (each costs a Python
  callback, about 0.35 us);
* the whole database, with and without start-of-match tracking, and as the
  engine scans it (the patterns ``credscore._spaces.collapsible`` accepts,
  rewritten, over a copy with whitespace runs collapsed; the last column
  gives each such pattern's own speed that way);
* with ``--loo``, for each signal, how much faster the whole database scans
  without it (its marginal cost, which is what removing it would save).

Scan speeds are CPU time (``time.thread_time``), best of 3, on the same text.
Patterns written as one repeated byte class (``!+``) are listed but are not in
the database: the engine finds their runs with NumPy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "data" / "corpora"


def _news(mb: float) -> bytes:
    texts = []
    for path in sorted(CORPORA.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh]
    if not texts:
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_throughput import _generated_articles

        texts = [a["text"] for a in _generated_articles(3000)]
    out, size, i = [], 0, 0
    while size < mb * 1e6:
        t = texts[i % len(texts)].encode("utf-8", "surrogatepass")
        out.append(t)
        size += len(t)
        i += 1
    return b"\n\x00\n".join(out)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=3.0, help="MB of news to scan (default 3)")
    ap.add_argument("--loo", action="store_true", help="leave-one-signal-out marginal costs (one compile per signal)")
    args = ap.parse_args(argv)

    import hyperscan

    from credscore import CATALOGUE
    from credscore._engine import _RUN_PATTERN, to_byte_regex
    from credscore._spaces import collapse, collapsible, rewrite

    buf = _news(args.mb)
    short = collapse(buf).data  # what the patterns that allow it scan (credscore._spaces)
    caseless, som, multi = hyperscan.HS_FLAG_CASELESS, hyperscan.HS_FLAG_SOM_LEFTMOST, hyperscan.HS_FLAG_MULTILINE

    def compile_db(exprs: list[bytes], flags: int) -> tuple[object, object, float]:
        t0 = time.thread_time()
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=[flags] * len(exprs))
        return db, hyperscan.Scratch(db), time.thread_time() - t0

    def scan(db: object, scratch: object, count: bool = False, data: bytes = buf) -> tuple[float, int]:
        n = [0]

        def on_match(*a: object) -> None:
            n[0] += 1

        best = float("inf")
        for _ in range(3):
            n[0] = 0
            t0 = time.thread_time()
            db.scan(data, match_event_handler=on_match if count else None, scratch=scratch)  # type: ignore[attr-defined]
            best = min(best, time.thread_time() - t0)
        return len(buf) / 1e6 / best, n[0]  # MB of the text, collapsed or not

    body = [(s.name, p.name, to_byte_regex(p.regex)) for s in CATALOGUE if s.scope == "text" for p in s.patterns]
    in_db = [(s, p, x) for s, p, x in body if not _RUN_PATTERN.fullmatch(x)]
    print(f"{len(body)} body patterns ({len(body) - len(in_db)} run patterns outside the database), "
          f"{len(buf) / 1e6:.1f} MB of news\n")
    print(f"{'signal.pattern':44s} {'compile s':>9s} {'MB/s SOM':>9s} {'MB/s noSOM':>10s} {'raw matches':>11s} "
          f"{'MB/s SOM, as scanned (collapsed copy)':>38s}")
    rows = []
    for s, p, x in body:
        try:
            db, scr, ct = compile_db([x], caseless | som | multi)
            rate, hits = scan(db, scr, count=True)
        except hyperscan.error as exc:
            print(f"{s + '.' + p:44s} does not compile with SOM: {exc}")
            continue
        db2, scr2, _ = compile_db([x], caseless | multi)
        rate2, _ = scan(db2, scr2)
        as_scanned = "-"
        if collapsible(x):
            db3, scr3, _ = compile_db([rewrite(x)], caseless | som | multi)
            as_scanned = f"{scan(db3, scr3, data=short)[0]:.0f}"
        rows.append((rate, s, p, ct, rate2, hits, as_scanned))
    for rate, s, p, ct, rate2, hits, as_scanned in sorted(rows):
        print(f"{s + '.' + p:44s} {ct:9.2f} {rate:9.0f} {rate2:10.0f} {hits:11d} {as_scanned:>38s}")

    exprs = [x for _, _, x in in_db]
    db, scr, ct = compile_db(exprs, caseless | som | multi)
    full, _ = scan(db, scr)
    db2, scr2, ct2 = compile_db(exprs, caseless | multi)
    full2, _ = scan(db2, scr2)
    print(f"\nwhole database: {full:.1f} MB/s with SOM (compile {ct:.1f} s), {full2:.1f} MB/s without (compile {ct2:.1f} s)")
    print(f"sum of the patterns' own costs: {sum(1e3 / r[0] for r in rows):.0f} ms/MB; whole database: {1e3 / full:.0f} ms/MB")
    folded = [rewrite(x) for x in exprs if collapsible(x)]
    plain = [x for x in exprs if not collapsible(x)]
    db4, scr4, _ = compile_db(folded, caseless | som | multi)
    ms = 1e3 / scan(db4, scr4, data=short)[0]
    if plain:
        db5, scr5, _ = compile_db(plain, caseless | som | multi)
        ms += 1e3 / scan(db5, scr5)[0]
    print(f"as the engine scans it ({len(folded)} patterns over the collapsed copy, {len(plain)} over the text): "
          f"{ms:.0f} ms/MB, making the copy not included")

    if args.loo:
        print(f"\n{'without signal':26s} {'MB/s':>7s} {'saves ms/MB':>12s}")
        for name in dict.fromkeys(s for s, _, _ in in_db):
            sub = [x for s, _, x in in_db if s != name]
            db3, scr3, _ = compile_db(sub, caseless | som | multi)
            rate, _ = scan(db3, scr3)
            print(f"{name:26s} {rate:7.1f} {1e3 / full - 1e3 / rate:12.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
