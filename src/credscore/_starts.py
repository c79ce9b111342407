"""Where matches start, found without start-of-match tracking.

Hyperscan reports where a match ends cheaply; where it starts (the leftmost
start, ``HS_FLAG_SOM_LEFTMOST``) is what makes the main database dear: the
same patterns scan in about a third of the time without it. This module
finds the starts after a scan without it, exactly as start-of-match
tracking reports them.

For a match of pattern ``p`` that ends at ``e``, the leftmost start is the
longest match of ``p`` *reversed* that begins at ``e`` in the text read
backwards. So the bytes before each end are copied, reversed, into a
*window*, and the windows are scanned in one call by a database of the
reversed patterns, each anchored to the start of its window:

``MARK``, the pattern's tag, the byte after the match (its right context
for ``\\b``), then the bytes before ``e``, last first.

``MARK`` (``0xFF``) never occurs in UTF-8, and the reversed patterns cannot
match it anywhere but at their first byte (no class, ``.`` or ``\\S`` matches
it), so each match lies in one window and belongs to the window
where it starts; the tag byte (``0x80`` and up, which case folding leaves
alone) makes only the window's own pattern match there. The longest match
in a window gives the start. A window followed by ``MARK`` (the next
window's, or a last one) sees the edge of the buffer there, as a scan does.

A window holds the pattern's longest match and one byte more (for a
``\\b`` at its start), when the pattern has a longest match of at most
:data:`WINDOW` bytes. For longer or unbounded patterns (``\\d+``) a window
of :data:`WINDOW` bytes may cut a match short; a second pattern per
reversed pattern, the prefixes of its matches followed by ``MARK`` (:func:`alive`),
reports when some match could still go on past the cut. Such windows, and
any window in which no match was found, are made four times longer and
scanned again. If the windows of one buffer come to more bytes than half
the buffer (and 4 KB), the caller scans it with start-of-match instead
(:meth:`Starts.find` returns None), so the cost stays linear in the input.

Which patterns can be reversed is decided on Python's parse of the pattern
(the catalogue's syntax is common to Python and Hyperscan): literals,
classes, groups (with ``(?-i:...)``), alternation, repeats, ``\\b`` and
``\\B``. Anchors (``^``, ``$``) and anything else keep start-of-match.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

__all__ = ["MARK", "WINDOW", "Starts", "alive", "reverse", "width"]

logger = logging.getLogger(__name__)

#: The byte that opens each window: never in UTF-8 text, so never in a scanned buffer.
MARK = 0xFF
#: Windows start at most this long (the longest match plus one byte, when shorter).
WINDOW = 32
#: The windows of one buffer may hold at most its length over ``BUDGET`` bytes (news takes about a tenth),
#: plus ``BUDGET_BYTES`` (so that a short text's few windows never cost it a second scan).
BUDGET = 2
BUDGET_BYTES = 4096
#: Tags (the byte after ``MARK``) are ``_TAG0 + k`` for the k-th reversed pattern.
_TAG0 = 0x80
MAX_PATTERNS = MARK - _TAG0  # tags run up to 0xFE

# Inside a class. The negated categories are written as ranges without MARK (which \\S, \\W and \\D would match).
_CATEGORY = {
    _c.CATEGORY_SPACE: rb"\s", _c.CATEGORY_DIGIT: rb"\d", _c.CATEGORY_WORD: rb"\w",
    _c.CATEGORY_NOT_SPACE: rb"\x00-\x08\x0e-\x1f\x21-\xfe",
    _c.CATEGORY_NOT_DIGIT: rb"\x00-\x2f\x3a-\xfe",
    _c.CATEGORY_NOT_WORD: rb"\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\xfe",
}


class _Unsupported(Exception):
    """A part of the pattern this module does not reverse."""


_PLAIN = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _byte(b: int) -> bytes:
    return bytes((b,)) if b in _PLAIN else b"\\x%02x" % b


def _class(items: Sequence[tuple[Any, Any]]) -> bytes:
    negate = bool(items) and items[0][0] is _c.NEGATE
    out = []
    for op, arg in items:
        if op is _c.NEGATE:
            continue
        # MARK never occurs in a scanned text: leaving it out of a class changes no match there.
        if op is _c.LITERAL:
            if arg != MARK:
                out.append(_byte(arg))
        elif op is _c.RANGE:
            if arg[0] < MARK:
                out.append(_byte(arg[0]) + b"-" + _byte(min(arg[1], MARK - 1)))
        elif op is _c.CATEGORY and arg in _CATEGORY:
            out.append(_CATEGORY[arg])
        else:
            raise _Unsupported(f"class item {op}")
    # No class matches MARK (a negated one leaves it out), so no match can reach into another window.
    return b"[" + (b"^" + _byte(MARK) if negate else b"") + b"".join(out) + b"]"


def _group(flags_on: int, flags_off: int) -> bytes:
    if flags_on == 0 and flags_off == 0:
        return b"(?:"
    if flags_on == 0 and flags_off == re.IGNORECASE:
        return b"(?-i:"
    if flags_on == re.IGNORECASE and flags_off == 0:
        return b"(?i:"
    raise _Unsupported(f"group flags {flags_on}/{flags_off}")


def _quantifier(lo: int, hi: int) -> bytes:
    return b"{%d,}" % lo if hi == _c.MAXREPEAT else b"{%d,%d}" % (lo, hi)


def _rev(items: Sequence[tuple[Any, Any]]) -> bytes:
    """The parsed sequence ``items``, reversed, as a Hyperscan pattern."""
    return b"".join(_rev_item(op, arg) for op, arg in reversed(list(items)))


def _rev_item(op: Any, arg: Any) -> bytes:
    if op is _c.LITERAL:
        if arg == MARK:
            raise _Unsupported("MARK itself")
        return _byte(arg)
    if op is _c.NOT_LITERAL:
        return b"[^" + _byte(arg) + _byte(MARK) + b"]"
    if op is _c.ANY:
        return b"[^\\n" + _byte(MARK) + b"]"
    if op is _c.IN:
        return _class(arg)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):  # all matches are reported: greedy or lazy is the same
        lo, hi, sub = arg
        if hi == 0:
            return b""
        return b"(?:" + _rev(sub) + b")" + _quantifier(lo, hi)
    if op is _c.SUBPATTERN:
        return _group(arg[1], arg[2]) + _rev(arg[-1]) + b")"
    if op is _c.BRANCH:
        return b"(?:" + b"|".join(_rev(alt) for alt in arg[1]) + b")"
    if op is _c.AT and arg is _c.AT_BOUNDARY:
        return rb"\b"
    if op is _c.AT and arg is _c.AT_NON_BOUNDARY:
        return rb"\B"
    raise _Unsupported(str(op) + (f" {arg}" if op is _c.AT else ""))


def _pref(items: Sequence[tuple[Any, Any]]) -> bytes:
    """Every prefix (the empty one and the whole included) of the reversal of
    the parsed sequence ``items``, as a Hyperscan pattern."""
    rest = list(items)
    if not rest:
        return b""
    op, arg = rest.pop()  # the first item of the reversal
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.AT):
        # One byte or none: a prefix stops before it, or takes it and goes on.
        return b"(?:" + _rev_item(op, arg) + _pref(rest) + b")?"
    # A prefix stops inside that item, or takes it whole and goes on.
    return b"(?:" + _pref_item(op, arg) + b"|" + _rev_item(op, arg) + _pref(rest) + b")"


def _pref_item(op: Any, arg: Any) -> bytes:
    """Every prefix of the reversal of one item that is a repeat, group or alternation."""
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        _, hi, sub = arg  # a prefix stops in any repetition, however few were required
        if hi == 0:
            return b""
        whole = b"" if hi == 1 else b"(?:" + _rev(sub) + b")" + _quantifier(0, hi - 1 if hi != _c.MAXREPEAT else hi)
        return whole + _pref(sub)
    if op is _c.SUBPATTERN:
        return _group(arg[1], arg[2]) + _pref(arg[-1]) + b")"
    if op is _c.BRANCH:
        return b"(?:" + b"|".join(_pref(alt) for alt in arg[1]) + b")"
    raise _Unsupported(str(op))


def _parse(regex: bytes) -> Any:
    return _p.parse(regex, re.IGNORECASE)


def reverse(regex: bytes) -> bytes | None:
    """``regex`` (a caseless Hyperscan byte pattern) matching each of its
    matches read backwards; None if it has a part this module does not reverse.

    >>> reverse(rb"\\bab+(?:c|de)")
    b'(?:c|ed)(?:b){1,}a\\\\b'

    >>> reverse(rb"^ab") is None
    True
    """
    try:
        return _rev(list(_parse(regex)))
    except (_Unsupported, re.error, RecursionError):
        return None
    except Exception:  # a parse tree this module does not know (another Python)
        logger.debug("cannot reverse %r; it keeps start-of-match", regex, exc_info=True)
        return None


def alive(regex: bytes) -> bytes:
    """Every prefix of :func:`reverse`'s pattern for ``regex``: the reversed
    bytes from a match's end back to some point in it. Only for a pattern
    that :func:`reverse` accepts."""
    return _pref(list(_parse(regex)))


def width(regex: bytes) -> int | None:
    """The length of ``regex``'s longest match, in bytes; None if unbounded."""
    hi = int(_parse(regex).getwidth()[1])
    return None if hi >= _c.MAXREPEAT else hi


class Starts:
    """The reversed patterns of a set of pattern ids, and how to find their starts.

    ``expressions`` and ``ids`` are what the reversed database is compiled
    from (without start-of-match); :meth:`find` is given that database's
    scan and the (pattern id, end) of every match of a scan without
    start-of-match.
    """

    __slots__ = ("expressions", "ids", "n", "tag", "window")

    def __init__(self, pids: Sequence[int], regexes: Sequence[bytes]) -> None:
        """``regexes[i]`` is the pattern of id ``pids[i]``; each must pass :func:`reverse`."""
        if len(pids) > MAX_PATTERNS:
            raise ValueError(f"at most {MAX_PATTERNS} patterns can have their starts found, not {len(pids)}")
        top = max(pids, default=-1) + 1
        #: By pattern id: its tag byte, and the length of its first window.
        self.tag = np.zeros(top, dtype=np.uint8)
        self.window = np.zeros(top, dtype=np.int64)
        #: The number of reversed patterns: ids from ``n`` up are their 'alive' patterns.
        self.n = len(pids)
        self.expressions: list[bytes] = []
        self.ids: list[int] = []
        n = len(pids)
        for k, (pid, regex) in enumerate(zip(pids, regexes)):
            try:
                tree = _parse(regex)  # parsed once for the three uses below
                rev = _rev(list(tree))
            except (_Unsupported, re.error, RecursionError) as exc:
                raise ValueError(f"pattern {pid} cannot be reversed: {regex!r}") from exc
            head = _byte(MARK) + _byte(_TAG0 + k) + rb"[\s\S]"
            self.tag[pid] = _TAG0 + k
            self.expressions.append(head + rev)
            self.ids.append(k)
            longest = int(tree.getwidth()[1])
            if longest < WINDOW:
                self.window[pid] = longest + 1  # its longest match and the byte before it
            else:  # long or unbounded
                self.window[pid] = WINDOW
                self.expressions.append(head + _pref(list(tree)) + _byte(MARK))
                self.ids.append(n + k)

    def find(
        self,
        buf: bytes,
        pid: np.ndarray,
        end: np.ndarray,
        scan: Callable[[bytes], tuple[np.ndarray, np.ndarray]],
        budget: int | None = None,
    ) -> np.ndarray | None:
        """The leftmost start of each match (``pid[i]`` ending at ``end[i]`` in ``buf``).

        ``scan(data)`` scans the reversed database over ``data`` and returns
        the (id, end) of each match, in :attr:`ids`' terms. None when the
        windows would come to more bytes than ``budget`` (default: the length
        of ``buf`` over :data:`BUDGET`, plus :data:`BUDGET_BYTES`; scan it with
        start-of-match instead), or when a window that
        reaches the buffer's start holds no match (which a scan's report rules
        out).
        """
        n = len(pid)
        start = np.full(n, -1, dtype=np.int64)
        if not n:
            return start
        raw = np.frombuffer(buf + b"\n", dtype=np.uint8)  # "\n": the right context at the buffer's end
        todo = np.arange(n)
        size = np.minimum(self.window[pid], end)
        if budget is None:
            budget = len(buf) // BUDGET + BUDGET_BYTES
        while len(todo):
            c = size[todo]
            budget -= int(c.sum()) + 3 * len(todo)
            if budget < 0:
                return None
            windows, at = _windows(raw, self.tag[pid[todo]], end[todo], c)
            ids, ends = scan(windows)
            is_alive = ids >= self.n
            found = ends[~is_alive]
            w = np.searchsorted(at, found - 1, side="right") - 1  # the window each match starts in
            longest = np.full(len(todo), -1, dtype=np.int64)
            np.maximum.at(longest, w, found - at[w] - 3)
            # A window may be too short: a match could go on past its cut (an 'alive' pattern
            # reached the MARK after it), or it holds no match. One that reaches the buffer's
            # start is never too short.
            unsure = longest < 0
            unsure[np.searchsorted(at, ends[is_alive] - 2, side="right") - 1] = True
            unsure &= c < end[todo]
            if (longest[~unsure] < 0).any():
                return None
            done = todo[~unsure]
            start[done] = end[done] - longest[~unsure]
            todo = todo[unsure]
            size[todo] = np.minimum(size[todo] * 4, end[todo])
        return start


def _windows(raw: np.ndarray, tag: np.ndarray, end: np.ndarray, size: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The windows (see the module's docstring) of matches ending at ``end``, each
    holding the ``size`` bytes before its end, and where each starts.

    ``raw`` is the buffer with one more byte, a line feed, after its end.
    """
    n = len(end)
    at = np.zeros(n, dtype=np.int64)
    np.cumsum(size[:-1] + 3, out=at[1:])
    total = int(at[-1] + size[-1] + 3)
    out = np.empty(total + 1, dtype=np.uint8)
    out[at] = MARK
    out[at + 1] = tag
    out[at + 2] = raw[end]
    # The t-th byte of all the windows' texts, in window k, is raw[end[k] - 1 - (t - before[k])]
    # (before[k]: the text bytes of the windows before k) and goes to out[t + 3 * (k + 1)].
    # Four index arrays of 4 or 8 bytes a window byte, however many windows.
    kind = np.int32 if len(raw) < 1 << 31 and total < 1 << 31 else np.int64
    k: np.ndarray = np.repeat(np.arange(n, dtype=kind), size)
    t: np.ndarray = np.arange(len(k), dtype=kind)
    src = (end - 1 + (at - 3 * np.arange(n))).astype(kind)[k]
    src -= t
    k += 1
    k *= 3
    k += t  # now where each byte goes
    out[k] = raw[src]
    out[total] = MARK  # the edge after the last window
    return out.tobytes(), at
