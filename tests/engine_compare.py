"""Two ways of scanning, compared: a Matcher compiled with some of the engine's
switches set, and the resolved matches of two matchers on the shared corpora.

The engine has switches that change how it scans but must not change what it
finds (``_COLLAPSE_SPACES``, ``_RECOVER_STARTS``); the tests compile the
catalogue with a switch off and compare.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from credscore import Matcher, _engine
from credscore._corpora import find_data_dir

# Where the other corpus tests look ($CREDSCORE_DATA, ../shared/data): find_data_dir.
CORPORA = (find_data_dir() or Path("/nonexistent")) / "corpora"


def compiled_matcher(**switches: bool) -> Matcher:
    """The default catalogue, both scopes compiled with the engine's ``switches`` set (e.g. ``_RECOVER_STARTS=False``)."""
    with pytest.MonkeyPatch.context() as mp:
        for name, value in switches.items():
            assert hasattr(_engine, name), name
            mp.setattr(_engine, name, value)
        m = Matcher()
        m._get("text"), m._get("title")  # the switches are read when a scope compiles
    return m


def shared_documents() -> dict[str, list[bytes]]:
    """Every shared article's text and title, as the engine scans them."""
    docs: dict[str, list[bytes]] = {"text": [], "title": []}
    for path in sorted(CORPORA.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                docs["text"].append((row["text"] or "").encode("utf-8", "surrogatepass"))
                docs["title"].append((row.get("title") or "").encode("utf-8", "surrogatepass"))
    return docs


def assert_same_matches(want: Matcher, got: Matcher) -> int:
    """Assert that both matchers resolve the same matches in every shared text and title; return how many."""
    n = 0
    for scope, datas in shared_documents().items():
        for at in range(0, len(datas), 2000):
            chunk = datas[at : at + 2000]
            a = _engine.resolve(want._get(scope), chunk)  # type: ignore[arg-type]
            b = _engine.resolve(got._get(scope), chunk)  # type: ignore[arg-type]
            for x, y in zip(b, a):
                assert np.array_equal(x, y)
            n += len(a.doc)
    return n
