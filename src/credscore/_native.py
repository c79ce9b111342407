"""Hyperscan scans whose matches are collected by compiled code, not by Python callbacks.

The ``hyperscan`` binding calls a Python function for every match Hyperscan
reports: it takes the GIL, builds the arguments and calls (about 0.35 us a
report, and news reports some 7,000 times a megabyte across the engine's
scans). With numba installed (the ``fast`` extra: ``pip install -e ".[fast]"`` in a checkout), the engine
calls Hyperscan's C function ``hs_scan`` itself, through :mod:`ctypes`, with a
match handler compiled by numba (``numba.cfunc``) that writes each report into
a NumPy array. No Python runs per match, and the GIL is released for the
whole scan.

What is collected is exactly what the Python handlers of
:class:`credscore._engine._Compiled` collect, in the same order
(``tests/test_native.py`` holds the two to that on the shared corpora, crafted
dense texts and Hypothesis texts): :func:`NativeDatabase.ends` mirrors
``_Compiled._ends`` (ids and ends, optionally stopping at ``most`` reports)
and :func:`NativeDatabase.matches` mirrors ``_Compiled._matches`` (ids, starts
and ends, a pattern's later report with the same start replacing the earlier
one where the engine asks for that). The array is sized from the buffer's
length; a scan that fills it stops and runs again with more room (the
reports so far spread over the whole buffer and a quarter more, at least
twice as much: :func:`_grown`), so the work stays linear in the input
whatever it reports.

The functions come from the binding's own extension module (``hyperscan._hs_ext``
links Hyperscan, or Vectorscan, statically and exports its C API). Each
database is read into this C API from its serialized form
(``hyperscan.dumpb``), a copy of the same size as the binding's (about 31 MB
for the catalogue's databases), made only when a native scan first runs.
Where any of this is missing (no numba, a binding that does not export the
functions, a database the C API refuses, a buffer of 4 GiB or more),
:func:`available` or the engine says so (a refused database with a logged
warning) and the Python handlers run, with the same results.

When the engine uses it is the same decision as for the compiled token steps
(:func:`credscore._kernels.wanted`, ``$CREDSCORE_KERNELS``): long jobs, or
at once when ``CREDSCORE_KERNELS=numba``; never when it is ``numpy``; and
only on buffers of 4 KB or more (``_engine._NATIVE_MIN_BYTES``), where the
fixed cost of a ``ctypes`` call and an array is worth it.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import threading
import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import hyperscan

__all__ = ["MAX_BYTES", "NativeDatabase", "available"]

logger = logging.getLogger(__name__)

#: ``hs_scan`` takes the length as a C ``unsigned int``: longer buffers are scanned by the binding.
MAX_BYTES = (1 << 32) - 1

_HS_SUCCESS = 0
_HS_SCAN_TERMINATED = -3

# The arrays the handlers fill: a header, then the reports, a column of ``capacity`` values each (so
# that each column, once filled, is a contiguous slice of the array):
# ends:    [count, capacity, ids..., ends...]
# matches: [count, capacity, n_patterns, last[0..n_patterns), ids..., starts..., ends...], where last[p]
#          is -1 (keep every report of p), -2 (keep the longest at a start; none yet) or the index
#          of p's last report.
_ENDS_HEADER = 2


def _on_end(pid: int, start: int, end: int, flags: int, ctx: Any) -> int:
    n = ctx[0]
    room = ctx[1]
    ctx[_ENDS_HEADER + n] = pid
    ctx[_ENDS_HEADER + room + n] = end
    ctx[0] = n + 1
    return 1 if n + 1 == room else 0  # full: stop the scan


def _on_match(pid: int, start: int, end: int, flags: int, ctx: Any) -> int:
    room = ctx[1]
    base = 3 + ctx[2]
    last = ctx[3 + pid]
    if last >= 0 and ctx[base + room + last] == start:
        ctx[base + 2 * room + last] = end  # same start, later end: the longer match replaces the shorter
        return 0
    n = ctx[0]
    if n == room:
        return 1  # full: stop the scan, to be run again with more room
    if last != -1:
        ctx[3 + pid] = n
    ctx[base + n] = pid
    ctx[base + room + n] = start
    ctx[base + 2 * room + n] = end
    ctx[0] = n + 1
    return 0


class _Library:
    """The C functions and the compiled handlers, or the reason they are missing."""

    def __init__(self) -> None:
        import numba
        from hyperscan import _hs_ext  # type: ignore[attr-defined]
        from numba import types

        lib = ctypes.CDLL(_hs_ext.__file__)
        p = ctypes.c_void_p
        self.deserialize = lib.hs_deserialize_database
        self.deserialize.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(p)]
        self.alloc_scratch = lib.hs_alloc_scratch
        self.alloc_scratch.argtypes = [p, ctypes.POINTER(p)]
        self.free_scratch = lib.hs_free_scratch
        self.free_scratch.argtypes = [p]
        self.free_database = lib.hs_free_database
        self.free_database.argtypes = [p]
        self.scan = lib.hs_scan
        self.scan.argtypes = [p, p, ctypes.c_uint, ctypes.c_uint, p, p, p]
        for fn in (self.deserialize, self.alloc_scratch, self.free_scratch, self.free_database, self.scan):
            fn.restype = ctypes.c_int
        sig = types.int32(types.uint32, types.uint64, types.uint64, types.uint32, types.CPointer(types.int64))  # type: ignore[no-untyped-call]
        try:
            handlers = [numba.cfunc(sig, cache=True)(fn) for fn in (_on_end, _on_match)]
        except RuntimeError as exc:  # no folder numba may cache in
            logger.warning("numba cannot cache credscore's match handlers (%s): they are compiled in every process", exc)
            handlers = [numba.cfunc(sig)(fn) for fn in (_on_end, _on_match)]
        addresses = [h.address for h in handlers]
        if None in addresses:  # pragma: no cover - numba always gives a compiled cfunc's address
            raise OSError("numba gave no address for a compiled match handler")
        #: The handlers' addresses, for hs_scan.
        self.on_end, self.on_match = (int(a or 0) for a in addresses)


@functools.cache
def _library() -> _Library | None:
    try:
        return _Library()
    except (ImportError, OSError, AttributeError) as exc:
        logger.debug("native Hyperscan scans unavailable (%s): the binding's Python callbacks collect matches", exc)
        return None


def available() -> bool:
    """Whether native scans can run here: numba is installed and the binding exports Hyperscan's C API."""
    return _library() is not None


class _Scratch:
    """One thread's Hyperscan scratch space for one database, freed with this object."""

    __slots__ = ("__weakref__", "pointer")

    def __init__(self, lib: _Library, database: ctypes.c_void_p) -> None:
        self.pointer = ctypes.c_void_p()
        rc = lib.alloc_scratch(database, ctypes.byref(self.pointer))
        if rc != _HS_SUCCESS:
            raise RuntimeError(f"hs_alloc_scratch failed with error {rc}")
        weakref.finalize(self, lib.free_scratch, self.pointer.value)


class NativeDatabase:
    """A compiled Hyperscan database, scanned with compiled match handlers.

    ``db`` is a ``hyperscan.Database``; its serialized form is read into the
    C API (``RuntimeError`` if it cannot be). Scratch space is per thread, so
    one object may scan from several threads at once.
    """

    def __init__(self, db: hyperscan.Database) -> None:
        import hyperscan

        lib = _library()
        if lib is None:
            raise RuntimeError("native scans need numba and a hyperscan binding that exports Hyperscan's C API")
        self._lib = lib
        raw = hyperscan.dumpb(db)
        self._pointer = ctypes.c_void_p()
        rc = lib.deserialize(raw, len(raw), ctypes.byref(self._pointer))
        if rc != _HS_SUCCESS:
            raise RuntimeError(f"hs_deserialize_database failed with error {rc}")
        weakref.finalize(self, lib.free_database, self._pointer.value)
        self._local = threading.local()

    def _scan(self, buf: bytes, handler: int, ctx: np.ndarray) -> int:
        """Scan ``buf``; ``0`` when the scan ran to the end, :data:`_HS_SCAN_TERMINATED` when the handler stopped it."""
        if len(buf) > MAX_BYTES:
            raise ValueError(f"a native scan takes at most {MAX_BYTES} bytes, got {len(buf)}")
        database = self._pointer
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = _Scratch(self._lib, database)
        data = np.frombuffer(buf, dtype=np.uint8) if len(buf) else _ONE_BYTE
        rc: int = self._lib.scan(database, data.ctypes.data, len(buf), 0, scratch.pointer, handler, ctx.ctypes.data)
        if rc not in (_HS_SUCCESS, _HS_SCAN_TERMINATED):
            raise RuntimeError(f"hs_scan failed with error {rc}")
        return rc

    def ends(self, buf: bytes, most: int | None = None, capacity: int | None = None) -> tuple[np.ndarray, np.ndarray] | None:
        """Every report in ``buf``: (pattern id, end) int64 arrays, in report order;
        None if there are ``most`` or more (the scan stops at the ``most``-th).

        ``capacity`` is the room a first scan starts with (default: from the
        buffer's length); tests set it small to exercise the regrowth.
        """
        if most is not None and most < 1:
            raise ValueError(f"most must be at least 1, got {most}")
        room = _room(len(buf)) if capacity is None else _checked(capacity)
        if most is not None:
            room = most
        while True:
            ctx = np.empty(_ENDS_HEADER + 2 * room, dtype=np.int64)
            ctx[0], ctx[1] = 0, room
            rc = self._scan(buf, self._lib.on_end, ctx)
            if rc == _HS_SUCCESS:
                break
            if most is not None:
                return None
            room = _grown(room, int(ctx[_ENDS_HEADER + 2 * room - 1]), len(buf))  # the last report's end
        return _columns(ctx, _ENDS_HEADER, room, 2)  # type: ignore[return-value]

    def matches(self, buf: bytes, last: list[int], capacity: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every match in ``buf``: (pattern id, start, end) int64 arrays, in report order.

        ``last`` gives, per pattern id, -1 to keep every report or -2 to keep
        only the longest of those with the same start (a later report of a
        pattern with the start of its previous one replaces it), as
        ``_Compiled._matches`` does.
        """
        room = _room(len(buf)) if capacity is None else _checked(capacity)
        n_pat = len(last)
        while True:
            ctx = np.empty(3 + n_pat + 3 * room, dtype=np.int64)
            ctx[0], ctx[1], ctx[2] = 0, room, n_pat
            ctx[3: 3 + n_pat] = last
            if self._scan(buf, self._lib.on_match, ctx) == _HS_SUCCESS:
                break
            room = _grown(room, int(ctx[3 + n_pat + 3 * room - 1]), len(buf))  # the last report's end
        return _columns(ctx, 3 + n_pat, room, 3)  # type: ignore[return-value]


_ONE_BYTE = np.zeros(1, dtype=np.uint8)  # a valid pointer for an empty buffer


def _columns(ctx: np.ndarray, base: int, room: int, width: int) -> tuple[np.ndarray, ...]:
    """The ``width`` filled columns of a handler's array.

    When the reports fill at least half the room (a dense scan, where a second
    copy of them would raise the peak most), the columns are moved together
    at the front and returned as slices of the array, which is kept whole;
    else they are copied and the array let go. Shrinking the array in place
    was measured too: ``ndarray.resize`` calls ``realloc``, which NumPy 2.4
    with glibc did in place and NumPy 2.5 did as a copy (a higher peak than
    either rule here).
    """
    n = int(ctx[0])
    if 2 * n < room:
        return tuple(ctx[base + k * room: base + k * room + n].copy() for k in range(width))
    if n < room:
        for k in range(1, width):
            ctx[base + k * n: base + (k + 1) * n] = ctx[base + k * room: base + k * room + n]
    return tuple(ctx[base + k * n: base + (k + 1) * n] for k in range(width))


def _room(n_bytes: int) -> int:
    """Reports a first scan makes room for: one in 16 bytes (news makes about one in 150), at least 256."""
    return n_bytes // 16 + 256


def _grown(room: int, reached: int, n_bytes: int) -> int:
    """The room of the next scan, after one whose ``room`` reports filled its array by byte ``reached``.

    The reports so far, spread over the whole buffer, and a quarter more; at
    least twice the room, so that a buffer needs a few scans at most (a
    dense start then sparse text may overestimate; sparse then dense, take a
    third scan). Growing fourfold each time left up to four times the room
    needed: 240 MB of arrays for 3.3 million reports in 10 MB.
    """
    return max(2 * room, room * n_bytes // max(reached, 1) * 5 // 4 + 256)


def _checked(capacity: int) -> int:
    if capacity < 1:
        raise ValueError(f"capacity must be at least 1, got {capacity}")
    return capacity
