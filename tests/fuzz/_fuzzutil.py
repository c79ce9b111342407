"""Shared pieces of the atheris harnesses in this folder (not a pytest module).

Two ways to treat a finding (an undocumented exception or a broken invariant):

* default: re-raise it, so libFuzzer stops and writes ``crash-<sha1>`` (the
  input) into ``-artifact_prefix``; that is the usual atheris workflow and
  what a reproduction run (``python fuzz_x.py crash-...``) does;
* ``CREDSCORE_FUZZ_KEEP_GOING=1``: record the first input of each distinct
  finding (exception type + innermost frame, or the invariant's name) under
  ``CREDSCORE_FUZZ_FINDINGS`` and keep fuzzing, so that one budget can surface
  several bugs instead of stopping at the first (used by ``run.sh``).
"""

from __future__ import annotations

import hashlib
import os
import sys
import traceback
import warnings
from collections.abc import Callable

KEEP_GOING = os.environ.get("CREDSCORE_FUZZ_KEEP_GOING") == "1"
FINDINGS_DIR = os.environ.get("CREDSCORE_FUZZ_FINDINGS", "fuzz-findings")

#: Top-level packages atheris instruments for coverage, and modules it leaves
#: out (comma-separated; atheris matches ``include`` on the top-level name only).
INSTRUMENT = [m for m in os.environ.get("CREDSCORE_FUZZ_INSTRUMENT", "credscore").split(",") if m]
#: credscore._stylometry and credscore._tokens are left out by default: they are
#: mostly branch-free NumPy (little coverage to gain), and atheris 3.0 leaks the
#: result of every instrumented comparison that returns an array (``a == 5`` on
#: a NumPy array), about 100 KB per input there, which exhausted -rss_limit_mb
#: within minutes (4 Dec: with _tokens instrumented, 3 GB after 15,800 inputs).
NO_INSTRUMENT = [
    m for m in os.environ.get("CREDSCORE_FUZZ_NO_INSTRUMENT", "credscore._stylometry,credscore._tokens").split(",") if m
]

_seen: dict[str, int] = {}


class InvariantError(AssertionError):
    """A documented property of the API does not hold for this input."""

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"{name}: {detail}")
        self.name = name


def check(cond: bool, name: str, detail: object = "") -> None:
    """Raise :class:`InvariantError` ``name`` unless ``cond`` holds."""
    if not cond:
        raise InvariantError(name, str(detail)[:2000])


def _signature(exc: BaseException) -> str:
    if isinstance(exc, InvariantError):
        return f"invariant:{exc.name}"
    frames = traceback.extract_tb(exc.__traceback__)
    # Innermost frame inside credscore if any, else the innermost frame at all.
    where = next(
        (f for f in reversed(frames) if f"{os.sep}credscore{os.sep}" in f.filename), frames[-1] if frames else None
    )
    loc = f"{os.path.basename(where.filename)}:{where.lineno}" if where else "?"
    return f"{type(exc).__name__}@{loc}"


def report(harness: str, data: bytes, exc: BaseException) -> None:
    """Handle a finding: re-raise (default) or record it once and go on."""
    if not KEEP_GOING:
        raise exc
    sig = _signature(exc)
    n = _seen.get(sig, 0)
    _seen[sig] = n + 1
    if n:
        return
    out = os.path.join(FINDINGS_DIR, harness)
    os.makedirs(out, exist_ok=True)
    tag = hashlib.sha1(sig.encode()).hexdigest()[:10]
    with open(os.path.join(out, f"finding-{tag}.bin"), "wb") as fh:
        fh.write(data)
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    with open(os.path.join(out, f"finding-{tag}.txt"), "w", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(f"signature: {sig}\ninput ({len(data)} bytes): {data[:400]!r}\n\n{tb}")
    sys.stderr.write(f"\n=== FINDING {sig} -> {out}/finding-{tag}.bin\n{tb[-1500:]}\n")
    sys.stderr.flush()


def run_warning_free(harness: str, one_input: Callable[[bytes], None], data: bytes) -> None:
    """Run ``one_input(data)``; a warning it emits is a finding (the test suite runs with warnings as errors)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        one_input(data)
    if caught:
        w = caught[0]
        try:
            check(False, f"warning:{w.category.__name__}@{os.path.basename(w.filename)}:{w.lineno}", w.message)
        except InvariantError as exc:
            report(harness, data, exc)
