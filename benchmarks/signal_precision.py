"""Precision and recall of credscore's signal detectors on hand-annotated passages.

The gold set is ``tests/data/annotations.jsonl``: short news-style passages
written for credscore (wire, local, science and health, politics, business,
celebrity, tabloid, hyperpartisan, satire and LLM-like prose, plus many near
misses), with the true spans of ``anonymous_sourcing``, ``unverified_claim``,
``official_denial`` and ``named_expert`` marked by hand. The annotation rules
are in ``tests/data/ANNOTATION_GUIDE.md``; the marked-up source is
``benchmarks/annotations_src.txt`` and ``benchmarks/build_annotations.py``
turns it into the JSONL with exact offsets.

Matching rule
-------------
Evidence from :meth:`credscore.Matcher.find` (body scope) is compared with the
gold spans of the same signal in the same passage. A predicted span is a true
positive when it overlaps (shares at least one character with) a gold span of
that signal that no other prediction has claimed; each gold span can be
matched at most once, so a detector that splits one cue into two pieces earns
one TP and one FP. Matching is a maximum bipartite matching over overlaps
(greedy by end offset, which is optimal for intervals). Unmatched predictions
are false positives and unmatched gold spans false negatives.

Splits
------
Passages whose numeric id is divisible by 3 (p003, p006, ...) form the
**dev-test** split: they were held out while the patterns were tuned and only
scored at the end. The rest is the **train** split.

Signals without gold spans are not scored: their firing counts on the set are
listed below the table for inspection (``--verbose`` lists the firings).

Usage::

    python benchmarks/signal_precision.py                 # train, dev-test and all
    python benchmarks/signal_precision.py --split train --verbose
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ANNOTATIONS = ROOT / "tests" / "data" / "annotations.jsonl"
SPLITS = ("train", "devtest", "all")


@dataclass
class Score:
    """Counts for one signal, with the mismatches kept for ``--verbose``."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_pos: list[tuple[str, int, int, str]] = field(default_factory=list)
    false_neg: list[tuple[str, int, int, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Record = dict[str, Any]  # one JSONL line: id, genre, text, spans


def load(path: Path = DEFAULT_ANNOTATIONS) -> list[Record]:
    """Read the JSONL annotation file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def in_split(record_id: str, split: str) -> bool:
    """Whether a passage belongs to ``split`` (every third numeric id is dev-test)."""
    if split == "all":
        return True
    digits = "".join(ch for ch in record_id if ch.isdigit())
    devtest = bool(digits) and int(digits) % 3 == 0
    return devtest if split == "devtest" else not devtest


def match(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Match predicted to gold spans by overlap, each gold span at most once.

    Returns the indices of unmatched predictions and of unmatched gold spans.
    Processing predictions by end offset and giving each the overlapping
    unclaimed gold span that ends first yields a maximum matching.
    """
    used = [False] * len(gold)
    unmatched_pred: list[int] = []
    for i in sorted(range(len(pred)), key=lambda k: (pred[k][1], pred[k][0])):
        ps, pe = pred[i]
        best = -1
        for j, (gs, ge) in enumerate(gold):
            if not used[j] and ps < ge and gs < pe and (best < 0 or ge < gold[best][1]):
                best = j
        if best < 0:
            unmatched_pred.append(i)
        else:
            used[best] = True
    return unmatched_pred, [j for j, u in enumerate(used) if not u]


def evaluate(records: Iterable[Record], matcher: Any = None) -> tuple[dict[str, Score], dict[str, list[tuple[str, str]]]]:
    """Score every annotated signal on ``records``.

    Returns the per-signal scores, and for signals with no gold spans in the
    whole file, their firings as ``(passage id, matched text)``.
    """
    from credscore import Matcher

    records = list(records)
    m = Matcher() if matcher is None else matcher
    annotated = sorted({s["signal"] for r in records for s in r["spans"]})
    scores = {name: Score() for name in annotated}
    firings: dict[str, list[tuple[str, str]]] = {}
    for rec in records:
        text = rec["text"]
        found = m.find(text)
        for name in annotated:
            pred = [(e.start, e.end) for e in found if e.signal == name]
            gold = [(s["start"], s["end"]) for s in rec["spans"] if s["signal"] == name]
            fps, fns = match(pred, gold)
            sc = scores[name]
            sc.tp += len(pred) - len(fps)
            sc.fp += len(fps)
            sc.fn += len(fns)
            sc.false_pos.extend((rec["id"], *pred[i], text) for i in fps)
            sc.false_neg.extend((rec["id"], *gold[j], text) for j in fns)
        for e in found:
            if e.signal not in scores:
                firings.setdefault(e.signal, []).append((rec["id"], e.text))
    return scores, firings


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"...{left}[{text[start:end]}]{right}...".replace("\n", " ")


def report(scores: dict[str, Score], title: str, n: int) -> str:
    lines = [f"== {title} ({n} passages) ==", f"{'signal':<20} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    for name, sc in scores.items():
        lines.append(
            f"{name:<20} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {sc.tp:5d} {sc.fp:5d} {sc.fn:5d}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Per-signal precision/recall on the annotated passages.")
    ap.add_argument("--annotations", type=Path, default=DEFAULT_ANNOTATIONS)
    ap.add_argument("--split", choices=SPLITS, action="append", help="split(s) to score (default: all three)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives and false negatives")
    args = ap.parse_args(argv)

    records = load(args.annotations)
    try:
        from credscore._api import default_matcher
    except ImportError:  # pragma: no cover
        print("credscore is not importable; run: pip install -e .", file=sys.stderr)
        return 2
    m = default_matcher()  # compiled once per process, shared with the tests
    firings: dict[str, list[tuple[str, str]]] = {}
    for split in args.split or list(SPLITS):
        subset = [r for r in records if in_split(r["id"], split)]
        scores, firings = evaluate(subset, m)
        print(report(scores, split, len(subset)))
        if args.verbose:
            for name, sc in scores.items():
                for kind, rows in (("FP", sc.false_pos), ("FN", sc.false_neg)):
                    for rid, s, e, text in rows:
                        print(f"  {kind} {name:<20} {rid}: {_context(text, s, e)}")
        print()
    if firings:
        print("== signals without gold spans: firings on the last split scored ==")
        for name in sorted(firings):
            print(f"{name:<22} {len(firings[name]):4d}")
            if args.verbose:
                for rid, txt in firings[name]:
                    print(f"    {rid}: {txt!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
