"""The matching engine: every signal pattern compiled once, one scan per document.

The engine is the single source of truth for what was found. Both the bulk
path (:meth:`Matcher.count`, which fills the feature matrix) and the
explanation path (:meth:`Matcher.find`, which returns evidence spans) go through
:meth:`Matcher._resolve`, so the two can never disagree.

Hyperscan compiles all patterns into one automaton and scans each document in
a single pass in time linear in its length; there is no backtracking, so a
crafted article cannot stall it. Text is scanned as UTF-8 bytes (lone
surrogates are passed through), and byte offsets are mapped back to indices
of the original ``str`` before they are reported.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from ._signals import CATALOGUE, Scope, Signal

if TYPE_CHECKING:  # pragma: no cover
    import hyperscan

__all__ = ["Evidence", "Matcher"]

# A candidate match is handed to a signal's validator as at most this many
# bytes, so that a validator's cost per match is bounded whatever the input.
_VALIDATE_WINDOW = 256


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence: a span of the original text that fired a signal.

    ``text[start:end] == evidence.text`` always holds for the string that was
    scanned (the article body, or the title when ``field == "title"``).

    Attributes
    ----------
    signal : str
        Name of the signal that fired.
    pattern : str
        Name of the pattern within the signal.
    start, end : int
        Character offsets into the scanned string.
    text : str
        The matched text.
    field : str
        ``"text"`` for the article body, ``"title"`` for the headline.
    """

    signal: str
    pattern: str
    start: int
    end: int
    text: str
    field: str = "text"

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return {
            "signal": self.signal,
            "pattern": self.pattern,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "field": self.field,
        }


def _encode(text: str) -> bytes:
    # surrogatepass keeps lone surrogates (which occur in scraped text) as
    # 3-byte sequences instead of failing; offsets still map back exactly.
    return text.encode("utf-8", "surrogatepass")


def _byte_to_char(data: bytes, text: str) -> np.ndarray | None:
    """Map byte offsets to character offsets, or None when they coincide (ASCII)."""
    if len(data) == len(text):
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    is_start = (raw & 0xC0) != 0x80  # not a UTF-8 continuation byte
    out = np.empty(len(data) + 1, dtype=np.int64)
    out[0] = 0
    np.cumsum(is_start, out=out[1:])
    return out


_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def to_byte_regex(regex: str) -> bytes:
    """Translate a catalogue pattern to the byte pattern Hyperscan scans with.

    ``\\uXXXX`` escapes and literal non-ASCII characters become the escaped
    bytes of their UTF-8 encoding, so "\u2019" matches a curly apostrophe in
    the UTF-8 encoded text.
    """
    regex = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), regex)
    out = []
    for ch in regex:
        if ord(ch) < 128:
            out.append(ch)
        else:
            out.append("".join(f"\\x{b:02x}" for b in ch.encode("utf-8")))
    return "".join(out).encode("ascii")


class _Compiled:
    """A compiled Hyperscan database for the signals of one scope."""

    __slots__ = ("signals", "pattern_signal", "pattern_names", "db", "_local")

    def __init__(self, signals: Sequence[Signal]) -> None:
        import hyperscan

        self.signals = tuple(signals)
        exprs: list[bytes] = []
        self.pattern_signal: list[int] = []
        self.pattern_names: list[str] = []
        for s_idx, sig in enumerate(self.signals):
            for pat in sig.patterns:
                exprs.append(to_byte_regex(pat.regex))
                self.pattern_signal.append(s_idx)
                self.pattern_names.append(pat.name)
        flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_MULTILINE
        self.db: hyperscan.Database | None = None
        if exprs:
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            try:
                db.compile(
                    expressions=exprs,
                    ids=list(range(len(exprs))),
                    elements=len(exprs),
                    flags=[flags] * len(exprs),
                )
            except hyperscan.error as exc:  # pragma: no cover - catalogue bug
                raise ValueError(f"A signal pattern failed to compile: {exc}") from exc
            self.db = db
        self._local = threading.local()

    def scratch(self) -> hyperscan.Scratch:
        # Hyperscan scratch space may not be shared between concurrent scans,
        # so each thread gets its own.
        import hyperscan

        s = getattr(self._local, "scratch", None)
        if s is None:
            s = hyperscan.Scratch(self.db)
            self._local.scratch = s
        return s


class Matcher:
    """All signal patterns compiled into one automaton per scope.

    A ``Matcher`` behaves like a read-only container of signals: ``len(m)``,
    ``"anonymous_sourcing" in m`` and iteration over :attr:`signals` work.
    Compilation happens on first use and is shared by every call afterwards.

    Parameters
    ----------
    signals : iterable of Signal, optional
        The catalogue to compile; defaults to :data:`credscore.CATALOGUE`.

    Examples
    --------
    >>> from credscore import Matcher
    >>> m = Matcher()
    >>> [e.text for e in m.find("Sources said the deal collapsed.")]
    ['Sources said']
    >>> int(m.count(["Sources said it. Insiders agree."])[0, m.index("anonymous_sourcing")])
    2
    """

    def __init__(self, signals: Iterable[Signal] | None = None) -> None:
        sigs = tuple(CATALOGUE if signals is None else signals)
        for s in sigs:
            if not isinstance(s, Signal):
                raise TypeError(f"Matcher expects Signal objects, got {type(s).__name__}: {s!r}")
        names = [s.name for s in sigs]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"Signal names must be unique; duplicated: {dupes}")
        self.signals: tuple[Signal, ...] = sigs
        self._index = {s.name: i for i, s in enumerate(sigs)}
        self._by_scope: dict[str, tuple[int, ...]] = {
            scope: tuple(i for i, s in enumerate(sigs) if s.scope == scope) for scope in ("text", "title")
        }
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    # container protocol ------------------------------------------------
    def __len__(self) -> int:
        return len(self.signals)

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __repr__(self) -> str:
        return f"Matcher({len(self.signals)} signals)"

    def index(self, name: str) -> int:
        """Return the column of signal ``name`` in :meth:`count` output."""
        try:
            return self._index[name]
        except KeyError:
            raise KeyError(f"No signal named {name!r}; known: {sorted(self._index)}") from None

    def scope_indices(self, scope: Scope) -> tuple[int, ...]:
        """Indices of the signals that read ``scope`` ("text" or "title")."""
        return self._by_scope[scope]

    # compilation ---------------------------------------------------------
    def _get(self, scope: str) -> _Compiled:
        comp = self._compiled.get(scope)
        if comp is None:
            with self._lock:
                comp = self._compiled.get(scope)
                if comp is None:
                    comp = _Compiled([self.signals[i] for i in self._by_scope[scope]])
                    self._compiled[scope] = comp
        return comp

    # the one scan ----------------------------------------------------------
    def _resolve(self, comp: _Compiled, data: bytes) -> list[tuple[int, int, int, int]]:
        """Scan ``data`` once; return accepted matches as (signal, pattern, start, end) bytes.

        Per signal, matches are made non-overlapping leftmost-longest: sort by
        start, longest first, keep each match that starts at or after the end
        of the last kept one. Validators run on candidates before selection.
        """
        if comp.db is None or not data:
            return []
        hits: list[tuple[int, int, int]] = []
        append = hits.append

        def on_match(pid: int, start: int, end: int, flags: int, ctx: object) -> None:
            append((pid, start, end))

        comp.db.scan(data, match_event_handler=on_match, scratch=comp.scratch())
        if not hits:
            return []
        pattern_signal = comp.pattern_signal
        signals = comp.signals
        hits.sort(key=lambda h: (pattern_signal[h[0]], h[1], -h[2]))
        out: list[tuple[int, int, int, int]] = []
        last_sig = -1
        last_end = -1
        for pid, start, end in hits:
            sig = pattern_signal[pid]
            if sig != last_sig:
                last_sig, last_end = sig, -1
            if start < last_end:
                continue
            check = signals[sig].validate
            if check is not None:
                window = data[start : min(end, start + _VALIDATE_WINDOW)]
                if not check(window.decode("utf-8", "replace")):
                    continue
            out.append((sig, pid, start, end))
            last_end = end
        return out

    def count(self, texts: Sequence[str], scope: Scope = "text") -> np.ndarray:
        """Count each signal's evidence spans in each text.

        Parameters
        ----------
        texts : sequence of str
            Documents (or titles, with ``scope="title"``).
        scope : {"text", "title"}
            Only signals of this scope are counted; other columns stay 0.

        Returns
        -------
        numpy.ndarray of int64, shape (len(texts), len(self))
        """
        comp = self._get(scope)
        cols = np.asarray(self._by_scope[scope], dtype=np.intp)
        out = np.zeros((len(texts), len(self.signals)), dtype=np.int64)
        for row, text in enumerate(texts):
            if not text:
                continue
            for sig, _pid, _s, _e in self._resolve(comp, _encode(text)):
                out[row, cols[sig]] += 1
        return out

    def find(self, text: str, scope: Scope = "text") -> list[Evidence]:
        """Return the evidence spans in ``text``, ordered by position.

        Examples
        --------
        >>> from credscore import Matcher
        >>> ev = Matcher().find("The claim was unverified.")
        >>> [(e.signal, e.start, e.end, e.text) for e in ev]
        [('unverified_claim', 14, 24, 'unverified')]
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        comp = self._get(scope)
        data = _encode(text)
        resolved = self._resolve(comp, data)
        if not resolved:
            return []
        mapping = _byte_to_char(data, text)
        field = "title" if scope == "title" else "text"
        found = []
        for sig, pid, bs, be in resolved:
            cs, ce = (bs, be) if mapping is None else (int(mapping[bs]), int(mapping[be]))
            found.append(Evidence(comp.signals[sig].name, comp.pattern_names[pid], cs, ce, text[cs:ce], field))
        found.sort(key=lambda e: (e.start, e.end, e.signal))
        return found
