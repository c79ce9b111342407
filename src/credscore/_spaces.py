"""Scanning with whitespace runs collapsed: the same matches, cheaper start-of-match.

Most catalogue patterns separate their words with ``\\s+``. Hyperscan tracks
where each match starts (start-of-match, needed for spans and overlaps), and
a variable-width gap between words makes that tracking dear: about half of
the main database's scan time. On a copy of the text in which every run of
whitespace is one byte (:func:`collapse`), ``\\s+`` can be written ``\\s``
and ``\\s*`` written ``\\s?``: the words of a phrase are then a fixed distance
apart, and the same patterns scan in about 55 % of the time.

That rewrite changes no match, for a pattern that passes :func:`collapsible`:

- whitespace is matched only by ``\\s+`` and ``\\s*`` (no ``\\s`` alone or
  ``\\s?``, no class, ``.``, ``\\W`` or literal that can match a space);
- no path through the pattern puts two ``\\s+`` side by side (with only
  ``\\s*``, ``\\b`` or nothing between them), which would ask for a run of
  two or more;
- no match can start or end with whitespace;
- no ``^``, ``$``, ``\\A``, ``\\z`` or ``\\Z``, which tell a line feed from
  other whitespace.

Then every whitespace run inside a match is a whole run of the text, taken
whole by the ``\\s+``/``\\s*`` between two non-space bytes, and the same
match is found in the collapsed text with that run as its one byte. ``\\b``
sees the same bytes on both sides (a run keeps its first byte). So the
matches of the rewritten pattern in the collapsed text are the matches of
the pattern in the text, one for one, at offsets :class:`Collapsed` maps
back. ``tests/test_spaces.py`` checks this on generated text and on every
shared article.

The analysis parses each pattern with Python's own regular-expression parser
(the catalogue's syntax is common to Python and Hyperscan); a pattern it
cannot read is simply scanned as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

import numpy as np

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

__all__ = ["Collapsed", "collapse", "collapsible", "rewrite", "run_edges"]

logger = logging.getLogger(__name__)

#: Hyperscan's ``\\s``: tab, line feed, vertical tab, form feed, carriage return, space.
SPACE_BYTES = b"\t\n\x0b\x0c\r "
#: For :meth:`bytes.translate`: 1 for a whitespace byte, else 0 (memory speed, unlike a table index).
_SPACE_TABLE = bytes(int(b in SPACE_BYTES) for b in range(256))

# States of the analysis: where the last byte a path consumed was.
_START = "start"  # nothing consumed yet
_WORD = "word"  # a byte that is not whitespace
_MAYBE = "maybe"  # in a gap of \s* only: zero or more spaces so far
_SPACE = "space"  # in a gap holding one \s+: one or more spaces so far


class _NotCollapsible(Exception):
    """The pattern fails one of :func:`collapsible`'s conditions."""


def _item_matches(op: Any, arg: Any, byte: int) -> bool:
    """Whether one item of a parsed character class matches ``byte`` (ASCII semantics, as for bytes)."""
    if op is _c.LITERAL:
        return bool(arg == byte)
    if op is _c.RANGE:
        return bool(arg[0] <= byte <= arg[1])
    if op is _c.CATEGORY:  # \s, \S, \d, \D, \w, \W: only \S, \d and \w never match whitespace
        return arg not in (_c.CATEGORY_NOT_SPACE, _c.CATEGORY_DIGIT, _c.CATEGORY_WORD)
    return True  # pragma: no cover - not produced for a byte pattern's class; assume the worst


def _class_has_space(items: list[tuple[Any, Any]]) -> bool:
    """Whether a parsed character class can match a whitespace byte."""
    negate = bool(items) and items[0][0] is _c.NEGATE
    members = [item for item in items if item[0] is not _c.NEGATE]
    return any(any(_item_matches(op, arg, byte) for op, arg in members) != negate for byte in SPACE_BYTES)


def _is_space_class(node: tuple[Any, Any]) -> bool:
    op, arg = node
    return op is _c.IN and list(arg) == [(_c.CATEGORY, _c.CATEGORY_SPACE)]


def _gap(states: frozenset[str], plus: bool) -> frozenset[str]:
    """The states after ``\\s+`` (``plus``) or ``\\s*``."""
    out = set()
    for s in states:
        if s == _START:
            raise _NotCollapsible("a match may start with whitespace")
        if plus:
            if s == _SPACE:
                raise _NotCollapsible("two \\s+ side by side")
            out.add(_SPACE)
        else:
            out.add(_MAYBE if s in (_WORD, _MAYBE) else _SPACE)
    return frozenset(out)


def _walk(items: Iterable[tuple[Any, Any]], states: frozenset[str]) -> frozenset[str]:
    """The states after the parsed sequence ``items``, from ``states``."""
    for op, arg in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            lo, hi, sub = arg
            if len(sub) == 1 and _is_space_class(sub[0]):
                if hi == _c.MAXREPEAT and lo in (0, 1):
                    states = _gap(states, plus=lo == 1)
                    continue
                raise _NotCollapsible("whitespace repeated other than + or *")
            # The states after k = lo, lo + 1, ... repetitions: the sequence of sets
            # repeats within 16 steps (four states), or stops at hi.
            reached = set(states) if lo == 0 else set()
            current, seen, k = states, set(), 0
            while hi == _c.MAXREPEAT or k < hi:
                current = _walk(sub, current)
                k += 1
                if k >= lo:
                    if current in seen:
                        break
                    seen.add(current)
                    reached |= current
            states = frozenset(reached)
        elif op is _c.SUBPATTERN:
            states = _walk(arg[-1], states)
        elif op is _c.BRANCH:
            states = frozenset().union(*(_walk(alt, states) for alt in arg[1]))
        elif op is _c.AT:
            if arg not in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
                raise _NotCollapsible("an anchor that tells a line feed from other whitespace")
        elif op is _c.LITERAL:
            if arg in SPACE_BYTES:
                raise _NotCollapsible("a literal whitespace byte")
            states = frozenset((_WORD,))
        elif op is _c.IN:
            if _class_has_space(arg):
                raise _NotCollapsible("a class that can match whitespace")
            states = frozenset((_WORD,))
        else:  # ANY, NOT_LITERAL, look-arounds, back-references...
            raise _NotCollapsible(f"{op} may match whitespace")
    return states


def collapsible(regex: bytes) -> bool:
    """Whether ``regex`` (a Hyperscan byte pattern, caseless) finds the same matches
    when rewritten by :func:`rewrite` and scanned over :func:`collapse`'s copy.

    >>> collapsible(rb"\\bsources\\s+(?:close\\s+to|familiar\\s+with)\\b")
    True
    >>> collapsible(rb"\\bsaid\\s+")  # may end with whitespace
    False
    >>> collapsible(rb"\\ba(?:b\\s+)?\\s+c")  # "ab  c" needs a run of two
    False
    >>> collapsible(rb"\\bmr\\sx")  # exactly one space: a run of two must not match
    False
    """
    try:
        tree = _p.parse(regex, re.IGNORECASE)
        final = _walk(list(tree), frozenset((_START,)))
    except (_NotCollapsible, re.error, RecursionError):
        return False
    except Exception:  # a parse tree this walk does not know (another Python): scan it as it is
        logger.debug("cannot analyse %r for the collapsed scan; it scans the text as it is", regex, exc_info=True)
        return False
    return final == frozenset((_WORD,))


_GAP = re.compile(rb"\\s([+*])\??|\\.")


def rewrite(regex: bytes) -> bytes:
    """``regex`` for the collapsed text: each ``\\s+`` becomes ``\\s``, each ``\\s*`` becomes ``\\s?``.

    Only for a pattern that :func:`collapsible` accepts (a class such as
    ``[\\s+]`` would be rewritten wrongly, and is not collapsible).

    >>> rewrite(rb"\\bunnamed\\s+(?:[a-z]+\\s+)?sources\\s*:")
    b'\\\\bunnamed\\\\s(?:[a-z]+\\\\s)?sources\\\\s?:'
    """

    def sub(m: re.Match[bytes]) -> bytes:
        if m.group(1) is None:
            return m.group(0)  # another escape, kept as it is
        return rb"\s" if m.group(1) == b"+" else rb"\s?"

    return _GAP.sub(sub, regex)


class Collapsed:
    """A buffer with each whitespace run cut to its first byte, and the way back.

    ``data`` is the collapsed copy. :meth:`original` maps a match that starts
    and ends on a byte that is not whitespace back to the original, start and
    end alike: the byte after such a match is never a cut one (a cut byte
    follows a whitespace byte), so its end maps as an offset too.
    """

    __slots__ = ("at", "data", "shift")

    def __init__(self, data: bytes, at: np.ndarray, shift: np.ndarray) -> None:
        self.data = data
        #: Collapsed offsets from which ``shift`` more bytes lie before, in the original.
        self.at = at
        self.shift = shift

    def original(self, offsets: np.ndarray) -> np.ndarray:
        """The original offset of each collapsed offset in ``offsets`` (of a byte, or the end)."""
        if not len(self.at):
            return offsets
        # One array of the offsets' length (a crafted text can report millions): the run each falls
        # after, then its shift (0 before the first), then the offset added.
        out = np.searchsorted(self.at, offsets, side="right")
        np.take(np.concatenate(([0], self.shift)), out, out=out)
        out += offsets
        return out


def run_edges(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of True in a non-empty bool array starts, and where it stops (exclusive).

    Read from one bool array of the same length, with no position per True
    element (text that is all short runs, "a  b  c" or "! ! !", has one every
    2 or 3 bytes).

    >>> [a.tolist() for a in run_edges(np.array([True, True, False, True]))]
    [[0, 3], [2, 4]]
    """
    edge = np.empty(len(mask), dtype=bool)
    edge[0] = mask[0]
    np.greater(mask[1:], mask[:-1], out=edge[1:])
    starts = np.flatnonzero(edge).astype(np.int64, copy=False)
    np.greater(mask[:-1], mask[1:], out=edge[:-1])
    edge[-1] = mask[-1]
    stops = np.flatnonzero(edge).astype(np.int64, copy=False)
    stops += 1
    return starts, stops


def collapse(buf: bytes) -> Collapsed:
    """``buf`` with every run of whitespace bytes cut to its first byte.

    >>> c = collapse(b"a  b \\t\\n c")
    >>> c.data
    b'a b c'
    >>> c.original(np.array([0, 2, 4])).tolist()
    [0, 3, 8]
    """
    space = np.frombuffer(buf.translate(_SPACE_TABLE), dtype=bool)
    cut = space[1:] & space[:-1]  # cut[i]: byte i + 1 repeats a space
    if not cut.any():
        return Collapsed(buf, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    first, last = run_edges(cut)
    first += 1  # original offset of each cut run's first byte
    last += 1  # ... and of the byte after it
    removed = last - first
    del first
    np.cumsum(removed, out=removed)
    raw = np.frombuffer(buf, dtype=np.uint8)
    keep = np.empty(len(raw), dtype=bool)
    keep[0] = True
    np.logical_not(cut, out=keep[1:])
    del cut, space
    data = raw[keep].tobytes()
    del keep
    # The byte after a cut run lands at its original offset less everything cut so far.
    last -= removed
    return Collapsed(data, last, removed)
