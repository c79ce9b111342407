"""Start-up cost of credscore: the import, and building the matcher cold and from the cache.

Every measurement runs in a fresh interpreter (start-up is what is measured),
with the compiled-database cache in a temporary directory, never the user's.
Prints min / median / max over ``--repeat`` runs, wall-clock and CPU seconds.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 5] [--cold-repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

IMPORT = """
import json, sys, time
w, c = time.perf_counter(), time.process_time()
import {module}
w, c = time.perf_counter() - w, time.process_time() - c
print(json.dumps({{"wall": w, "cpu": c, "sklearn": "sklearn" in sys.modules, "hyperscan": "hyperscan" in sys.modules}}))
"""

# Build the matcher (both scopes), then score once: what a first score() costs
# beyond the import (the model load is part of it, and takes milliseconds).
FIRST_SCORE = """
import json, sys, time
import credscore
from credscore._api import default_matcher
w, c = time.perf_counter(), time.process_time()
m = default_matcher()
m._get("text"), m._get("title")
mw, mc = time.perf_counter() - w, time.process_time() - c
credscore.score("Sources said the mayor allegedly took bribes.")
w, c = time.perf_counter() - w, time.process_time() - c
print(json.dumps({"wall": mw, "cpu": mc, "score_wall": w, "score_cpu": c,
                  "origin": m._get("text").origin, "sklearn": "sklearn" in sys.modules}))
"""

# Where a cache hit's time goes: hyperscan import, platform tag, read+verify+load.
HIT_PARTS = """
import json, time
t = time.perf_counter()
import hyperscan
t_import = time.perf_counter() - t
from credscore._engine import _platform_tag, _read_db, cache_dir, _Compiled
from credscore._api import default_matcher
t = time.perf_counter(); _platform_tag(); t_tag = time.perf_counter() - t
key = default_matcher()._get("text").key
path = cache_dir() / f"{key}.hsdb"
t = time.perf_counter(); _read_db(path, key); t_read = time.perf_counter() - t
print(json.dumps({"hyperscan import": t_import, "platform tag": t_tag, "read+verify+load": t_read,
                  "MB": path.stat().st_size / 1e6}))
"""


def run(code: str, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def summary(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the fast measurements")
    parser.add_argument("--cold-repeat", type=int, default=2, help="cold compiles (each takes ~10 s of CPU)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="credscore-bench-cache-") as cache:
        env = dict(os.environ, CREDSCORE_CACHE_DIR=cache)
        off = dict(os.environ, CREDSCORE_CACHE_DIR="")
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        print(f"seconds, min / median / max of {args.repeat} fresh processes (cold: {args.cold_repeat})\n")

        for module in ("numpy", "credscore"):
            rows = [run(IMPORT.format(module=module), env) for _ in range(args.repeat)]
            heavy = [name for name in ("sklearn", "hyperscan") if any(r[name] for r in rows)]
            print(f"import {module:<10} wall {summary([float(r['wall']) for r in rows])}"
                  f"   cpu {summary([float(r['cpu']) for r in rows])}   imports: {heavy or 'no sklearn, no hyperscan'}")

        cold = [run(FIRST_SCORE, off) for _ in range(args.cold_repeat)]
        assert all(r["origin"] == "compiled" for r in cold)
        run(FIRST_SCORE, env)  # fills the cache
        hits = [run(FIRST_SCORE, env) for _ in range(args.repeat)]
        assert all(r["origin"] == "cache" for r in hits)
        print()
        for name, rows in (("matcher, compiled (cache off)", cold), ("matcher, from the cache", hits)):
            print(f"{name:<30} wall {summary([float(r['wall']) for r in rows])}   cpu {summary([float(r['cpu']) for r in rows])}")
        for name, rows in (("first score(), compiled", cold), ("first score(), cache hit", hits)):
            print(f"{name:<30} wall {summary([float(r['score_wall']) for r in rows])}"
                  f"   cpu {summary([float(r['score_cpu']) for r in rows])}   sklearn imported: {any(r['sklearn'] for r in rows)}")

        parts = [run(HIT_PARTS, env) for _ in range(args.repeat)]
        print("\ncache hit, by part (median s):", ", ".join(
            f"{k} {statistics.median(float(p[k]) for p in parts):.3f}" for k in parts[0] if k != "MB"
        ), f"(text database {float(parts[0]['MB']):.1f} MB)")


if __name__ == "__main__":
    main()
