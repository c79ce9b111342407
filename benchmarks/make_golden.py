"""Regenerate tests/data/golden.json: pinned scores of fixed texts under the shipped model.

Run after every rebuild of the shipped model, review the diff it prints, and
commit the new file with the model (tests/test_golden.py checks that the
golden file names the shipped model's SHA-256, so a rebuild without this step
fails the suite):

    .venv/bin/python benchmarks/make_golden.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from golden import GOLDEN, compute


def main() -> int:
    new = compute()
    old = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else None
    if old is not None:
        print(f"model {old['model_sha256'][:12]} -> {new['model_sha256'][:12]}")
        before = {c["name"]: c for c in old["cases"]}
        for c in new["cases"]:
            b = before.get(c["name"])
            was = "new" if b is None else f"{b['score']:.4f} {b['risk']}"
            print(f"  {c['name']:32s} {was:>16s} -> {c['score']:.4f} {c['risk']}")
    GOLDEN.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
