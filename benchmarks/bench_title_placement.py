"""How much where the headline goes moves a score (printed figures, not a test).

Draws articles with titles from the shared corpora (leaving out those whose
text already opens with the headline) and scores each as the README advises,
``score(text, title=headline)``, and three other ways a user might pass it:
as the text's first line instead, as the first line and as ``title=`` too,
or not at all. Prints the mean absolute change of the score against the
advised way and the share of articles whose verdict (high / medium / low)
changes.

    .venv/bin/python benchmarks/bench_title_placement.py --data ../shared/data --n 400
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    import credscore
    from credscore._body import headline_repeat

    rows = []
    for path in sorted(Path(args.data, "corpora").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                title = (row.get("title") or "").strip()
                if title and row["text"].strip() and not headline_repeat(row["text"], title):
                    rows.append((row["text"], title))
    random.Random(args.seed).shuffle(rows)
    rows = rows[: args.n]
    texts = [t for t, _ in rows]
    titles = [h for _, h in rows]
    first_line = [f"{h}\n\n{t}" for t, h in rows]
    def docs(bodies: list[str], heads: list[str] | None) -> list[dict[str, str | None]]:
        return [{"text": t, "title": h} for t, h in zip(bodies, heads or [None] * len(bodies))]

    def verdicts(given: list[dict[str, str | None]]) -> tuple[np.ndarray, np.ndarray]:
        s = credscore.score_many(given)
        return s, credscore.risk_levels(given, s)

    advised, base = verdicts(docs(texts, titles))
    ways = {
        "title as the text's first line instead": docs(first_line, None),
        "first line and title= as well": docs(first_line, titles),
        "title left out": docs(texts, None),
    }
    print(f"{len(rows)} articles with titles (seed {args.seed}); against score(text, title=headline):")
    for name, given in ways.items():
        s, levels = verdicts(given)
        changed = float(np.mean(levels != base))
        print(f"  {name:40s} mean |change| {float(np.mean(np.abs(s - advised))):.3f}   verdict changed {changed:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
