"""Golden scores: fixed texts whose scores and top contributions are pinned.

Shared by tests/test_golden.py (source tree and installed wheel) and
benchmarks/make_golden.py (which regenerates the file after a model rebuild).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / "tests" / "data" / "golden_texts.json"
GOLDEN = REPO / "tests" / "data" / "golden.json"
TOP = 5


def load_texts() -> list[dict[str, Any]]:
    """The golden cases with their text resolved (``file`` and ``repeat`` expanded)."""
    cases = json.loads(TEXTS.read_text(encoding="utf-8"))
    for c in cases:
        if "file" in c:
            body = (REPO / c.pop("file")).read_text(encoding="utf-8")
            c["text"] = "\n\n".join([body] * int(c.pop("repeat", 1)))
    return cases


def case_result(credscore: Any, case: dict[str, Any]) -> dict[str, Any]:
    """Score, risk and the strongest contributions of one case (run in any interpreter)."""
    text, title = case["text"], case.get("title")
    ex = credscore.explain(text, title)
    parts = [(f"signal:{s.name}", s.contribution) for s in ex.signals]
    parts += [(f"style:{k}", v) for k, v in ex.style.items()]
    parts += [(f"pattern:{g}", c) for g, c in ex.patterns]
    parts.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
    return {
        "name": case["name"],
        "score": credscore.score(text, title),
        "risk": ex.risk,
        "top": [[k, v] for k, v in parts[:TOP]],
    }


def compute() -> dict[str, Any]:
    import credscore
    from credscore._api import shipped_model_bytes

    _, digest = shipped_model_bytes()
    return {"model_sha256": digest, "cases": [case_result(credscore, c) for c in load_texts()]}
