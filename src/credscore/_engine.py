"""The matching engine: every signal pattern compiled once, one scan per batch.

The engine is the single source of truth for what was found. Both the bulk
path (:meth:`Matcher.count`, which fills the feature matrix) and the
explanation path (:meth:`Matcher.find`, which returns evidence spans) go through
:func:`resolve`, so the two can never disagree.

Hyperscan compiles the patterns into one automaton (plus, for line-gated
signals, the two of the line gate below) and scans in a single pass
in time linear in the input; there is no backtracking, so a crafted article
cannot stall it. Text is scanned as UTF-8 bytes (lone surrogates are passed
through), and byte offsets are mapped back to indices of the original ``str``
before they are reported.

Batches
-------
:meth:`Matcher.count` does not call Hyperscan once per document: it joins a
chunk of documents with :data:`_SEP` and scans the chunk in one call, then
assigns each match to its document with :func:`numpy.searchsorted`. The
separator starts and ends with a newline, so ``^``, ``$`` and ``\\b`` see the
same context at a document's edge as at the edge of a buffer holding that
document alone. Whether a pattern *could* match across the separator is not
assumed away (``[^,.;\\n]*`` cannot, but ``\\s*`` at a document's edge
can reach into it): every match is checked to lie inside one document, and
each document that a straddling match starts or ends in is rescanned on its
own (a straddling match can hide a shorter one with the same end, because
Hyperscan reports only the leftmost start per end). Patterns that see the
buffer's edges (``\\A``, ``\\z``, ``\\Z``) switch joining off. Results are
therefore identical to scanning each document alone, whatever the batch.

Resolution
----------
Per document and signal, matches are made non-overlapping leftmost-longest:
sort by start, longest first, keep each match that starts at or after the end
of the last kept one; a pattern's ``not_after`` look-behind (the word before
the match, or joined to it by a hyphen, read back from its start), its ``not_before``
look-ahead (the word after it, read on from its end) and then its signal's ``validate`` hook
run on each candidate that survives the overlap test (:class:`_Checks`). This is done with NumPy for the common case (no two
candidates overlapping: then every candidate is kept that its validator, if
any, accepts) and with a short Python loop only for the documents and signals
that need it. Validators are pure functions of the candidate's text, so each
distinct text is validated once per chunk. When two patterns of a signal find
the same span, the one listed first in the catalogue names it.

Collapsed whitespace
--------------------
Start-of-match tracking is what makes the main database dear (35 ms/MB of
news against 15 without it), and half of that cost comes from the
variable-width ``\\s+`` between the words of a phrase. The patterns that
:func:`credscore._spaces.collapsible` accepts (106 of the main database's 107;
not the dateline, anchored at line starts) are compiled rewritten (``\\s+``
as ``\\s``, ``\\s*`` as ``\\s?``) into ``collapsed_db`` (or, when their
starts can be found from their ends as below, ``recovered_db``), which scans a
copy of the buffer with every whitespace run cut to its first byte; their
matches are mapped back to the buffer's offsets. For those patterns the
matches are the same, one for one (the argument is in
:mod:`credscore._spaces`), so nothing after the scan can tell: about 12 ms/MB
less, the copy (1.3 ms/MB) included.

Starts found from ends
----------------------
Even over the collapsed copy, start-of-match tracking is most of the scan's
cost (20 ms/MB of news against 7 without it). So the collapsed patterns are
scanned without it (``recovered_db``), and where each match starts is found
afterwards (:mod:`credscore._starts`): the bytes before each end are copied,
reversed, into short windows, which a database of the reversed patterns
(``reversed_db``) scans in one call; the longest reversed match in a window
is the leftmost start, exactly what start-of-match reports. Two limits keep
this linear: a scan that reports more than one end in :data:`_DENSE` bytes
(a run of capitals reports one after every word) stops, and windows that
would come to more than half the buffer's bytes and 4 KB are not made; either way the
buffer is scanned with start-of-match (``recovered_som_db``), as before.
About 10 ms/MB less, the windows (3.8 ms/MB) included (``bench_stages.py``).

Line gate
---------
A signal may declare a line gate (:attr:`credscore.Signal.lines`): its matches
never cross a line feed, and its patterns sit in a second database that is
scanned only over the lines a third, cheap one (the gate expressions, without
start-of-match) lets through, joined like documents (:func:`_scan_joined`).
``named_expert``, whose patterns cost a third of the whole scan, is scanned
this way over about a third of the bytes of news. A match that leaves its
line in the joined scan has its lines scanned again alone, so each line is
read as if on its own. The gate is a second pass over every byte, but a
cheap one (about 2 ms/MB in news): folding its expressions into the main
database measured no faster.

Dense input
-----------
Every match Hyperscan reports costs a Python callback (about 0.35 us), so
cost grows with the number of raw reports, not only with length. With numba
installed, long scans collect reports with compiled handlers instead
(:mod:`credscore._native`, the same reports for a few nanoseconds each). A
pattern that is one repeated byte class (``!+``) would report at every byte
of a run; such patterns are found as runs with NumPy instead
(:class:`_Run`), with identical results. Each remaining report is a
candidate span. A pattern's ``last_word`` check is taken for all candidates
at once, ahead of the selection (:meth:`_Checks.last_words`: an appositive
gives ``said_name_role`` an end after every word), and so is its
``not_after`` (:meth:`_Checks.not_afters`: the word before each candidate
read from a NumPy row of the bytes before it, each distinct word checked
once; "Monday" and "COVID-19 patients" are frequent). Any other check costs a
Python call, but candidates with the same pattern and bytes share one
(:meth:`_Checks.accept_all`; found by a compiled loop, or a dict without
numba), so a text that repeats one phrase is checked about once. Only
clusters of overlapping candidates go through the row-by-row selection,
compiled where every verdict is known. The cost per byte stays within a
small factor of normal prose (see ``benchmarks/bench_throughput.py`` for
measurements).

Memory goes the same way: every int64 array of candidates costs 8 bytes a
candidate, and a crafted text can make one every 2 or 3 bytes. So the scans
hand their reports over without a second copy (a dense compiled scan's
columns are slices of its handler's array; the Python handlers fill one
typed array a column), a gated scan's last-word checks are taken before its
reports are joined to the others, the resolution sorts and gathers in place,
reads each candidate's document and signal back from its group instead of
keeping them, finds where clusters open a block of rows at a time, and
frees each array once used; a run counted apart is counted, and cut to
:meth:`Matcher.find_counted`'s limit, before any array per span is made.
``tests/test_dense_memory.py`` holds the traced peaks ("$5 " repeated: 19
bytes a byte of text, against 42 before).

Compiled-database cache
-----------------------
Compiling the catalogue takes seconds of CPU; loading a compiled database
takes milliseconds. A compiled database is therefore saved on disk, under
``$CREDSCORE_CACHE_DIR`` if that variable is set, else
``$XDG_CACHE_HOME/credscore``, else ``~/.cache/credscore``, and loaded by the
next process that builds the same patterns (:func:`cache_dir`). Setting
``CREDSCORE_CACHE_DIR=""`` (empty) turns the cache off. A file is named by the
SHA-256 of everything the database depends on (the Hyperscan build and its
target CPU features, the patterns, their flags and ids, the platform and the
credscore version), written atomically, and used only after its header
(format, key, length and SHA-256 of the database bytes) checks out; anything
wrong with the cache (a read-only directory, a truncated or corrupt file)
means the patterns are compiled as if there were no cache, with a log record
and never an error. The same file format carries databases to the worker
processes of ``score_many(n_jobs>1)`` (:meth:`Matcher.save_databases`).
"""

from __future__ import annotations

import array
import contextlib
import functools
import hashlib
import itertools
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import _kernels, _native
from ._atomic import atomic_write
from ._body import double_quote_marks, single_quote_pairs
from ._signals import CATALOGUE, Scope, Signal
from ._spaces import SPACE_BYTES, Collapsed, collapse, collapsible, rewrite, run_edges
from ._starts import MAX_PATTERNS, Starts, reverse
from ._tokens import encode_text, read_ends, read_positions
from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import hyperscan

__all__ = ["Evidence", "Matcher", "cache_dir", "default_matcher"]

logger = logging.getLogger(__name__)

# A candidate match is handed to a signal's validator as at most this many
# bytes, so that a validator's cost per match is bounded whatever the input.
_VALIDATE_WINDOW = 256

#: Joins the documents of a chunk into one scan buffer. The newlines at both
#: ends give a document's first and last byte the same context as a buffer
#: edge (for ``^``, ``$`` and ``\\b`` under HS_FLAG_MULTILINE); the NUL between
#: them is matched by no ``\\s`` and stops ``^`` from matching inside it.
#: Correctness does not rest on it: straddling matches are detected and the
#: documents they touch rescanned alone (see :func:`scan_documents`).
_SEP = b"\n\x00\n"
#: Documents are joined into chunks of about this many bytes: large enough
#: that the per-call overhead of a scan vanishes, small enough that the match
#: arrays of a chunk stay a few megabytes.
_CHUNK_BYTES = 1 << 22
#: The resolution finds where clusters of overlapping candidates open this many rows at a time.
_CLUSTER_BLOCK = 1 << 16
#: Rows :func:`_gather` moves at a time when it gathers a column in place.
_GATHER_BLOCK = 1 << 16


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


def _byte_to_char(data: bytes) -> np.ndarray | None:
    """Map byte offsets of ``data`` (``encode_text(text)``) to offsets of the characters it encodes, or
    None when they coincide (ASCII bytes). Those are offsets in ``text`` unless characters were dropped
    or references read (the map's last value is then short of ``len(text)``: see
    :func:`credscore._tokens.read_positions`)."""
    if data.isascii():
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


def _sees_buffer_edges(regex: bytes) -> bool:
    """True if ``regex`` uses ``\\A``, ``\\z`` or ``\\Z``, which see the edges of the
    scanned buffer rather than line ends, so joining documents would change them."""
    i = 0
    while i < len(regex) - 1:
        if regex[i] == 0x5C:  # backslash: look at what it escapes
            if regex[i + 1] in b"AzZ":
                return True
            i += 2
        else:
            i += 1
    return False


class _Resolved(NamedTuple):
    """Accepted matches of a chunk, one entry each: those of the scan ordered by (doc, signal, start),
    then the spans of the runs counted apart (``_Compiled.direct``), by run, document and start.

    ``start`` and ``end`` are byte offsets into the document's UTF-8 encoding. For a chunk of one
    document, ``doc`` is a read-only view of one zero and ``sig`` may be 4 bytes a row (int32): read
    them, never write them.
    """

    doc: np.ndarray
    sig: np.ndarray
    pid: np.ndarray
    start: np.ndarray
    end: np.ndarray


# A whole pattern that is one single-byte atom repeated: "!+", "[!?]+", "\s+".
_RUN_PATTERN = re.compile(
    rb"(\\x[0-9a-fA-F]{2}|\\[dDsSwWhHvVtnrfae]|\\[^0-9A-Za-z]|\[(?:\\.|[^\]\\])+\]|[^\\\[\](){}|*+?.^$])\+"
)


def _byte_set(atom: bytes, flags: int) -> bytes:
    """The bytes a single-byte ``atom`` matches under ``flags``, asked of Hyperscan itself."""
    import hyperscan

    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[atom], ids=[0], elements=1, flags=[flags])
    scratch = hyperscan.Scratch(db)
    members = bytearray()
    found: list[object] = []
    for b in range(256):
        db.scan(bytes((b,)), match_event_handler=lambda *a: found.append(a[0]), scratch=scratch)
        if found:
            found.clear()
            members.append(b)
    return bytes(members)


class _Run:
    """A pattern that is one byte class repeated (``!+``), matched without Hyperscan.

    Hyperscan reports such a pattern at every byte of a run, each time with
    the run's first byte as the leftmost start: a million "!" cost a million
    Python callbacks. Leftmost-longest resolution keeps only the whole run
    (every other report has the same start and is shorter), so the engine
    finds runs directly with NumPy: one report per run, identical results.
    This is used only for signals without a validator, where that argument
    holds.
    """

    __slots__ = ("members", "pid", "table")

    def __init__(self, pid: int, members: bytes) -> None:
        self.pid = pid
        self.members = members
        table = bytearray(256)
        for b in members:
            table[b] = 1
        self.table = bytes(table)  # for bytes.translate: 1 for a member byte, else 0

    def _mask(self, buf: bytes) -> np.ndarray | None:
        """Whether each byte of ``buf`` is a member (None when none is)."""
        if len(self.members) == 1 and self.members not in buf:  # memchr: the usual case
            return None
        raw = np.frombuffer(buf, dtype=np.uint8)
        if len(self.members) <= 4:  # a few SIMD compares beat a table lookup
            mask: np.ndarray = raw == self.members[0]
            for b in self.members[1:]:
                mask |= raw == b
            return mask
        return np.frombuffer(buf.translate(self.table), dtype=bool)  # memory speed, unlike a table index

    def count(self, buf: bytes) -> int:
        """How many maximal runs of member bytes ``buf`` holds: ``len(self.find(buf)[0])``, without
        a position per byte (text that is all short runs, "! ! !", would have one every 2 bytes)."""
        mask = self._mask(buf)
        if mask is None or not len(mask):
            return 0
        return int(mask[0]) + int(np.count_nonzero(mask[1:] > mask[:-1]))  # where a run starts

    def find(self, buf: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Start and end offsets of the maximal runs of member bytes in ``buf``."""
        mask = self._mask(buf)
        if mask is None or not len(mask):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return run_edges(mask)  # no position per member byte: ten million "!" would be 80 MB of them


#: Environment variable naming the directory of compiled databases; "" turns the cache off.
CACHE_DIR_ENV = "CREDSCORE_CACHE_DIR"
#: First line of a saved database file; the format version is part of it.
_DB_MAGIC = b"credscore-hsdb 2\n"
#: Saved databases larger than this are not read (the catalogue's is about 26 MB).
_MAX_DB_BYTES = 1 << 30
#: The cache keeps the databases of this many pattern sets (the most recently
#: written); older files are removed, so catalogue edits do not pile up files.
_CACHE_KEEP = 8


def cache_dir() -> Path | None:
    """The directory of the compiled-database cache, or ``None`` when it is off.

    ``$CREDSCORE_CACHE_DIR`` if set (an empty value turns the cache off), else
    ``$XDG_CACHE_HOME/credscore``, else ``~/.cache/credscore``.

    Examples
    --------
    >>> cache_dir()  # doctest: +SKIP
    PosixPath('/home/me/.cache/credscore')
    >>> isinstance(cache_dir(), (Path, type(None)))
    True
    """
    env = os.environ.get(CACHE_DIR_ENV)
    if env is not None:
        return Path(env).expanduser() if env else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec ignores relative paths
        return Path(xdg) / "credscore"
    try:
        return Path.home() / ".cache" / "credscore"
    except RuntimeError:  # no home directory to be found
        return None


@functools.cache
def _platform_tag() -> str:
    """What a compiled database depends on besides its patterns: the Hyperscan
    library version and the CPU features it compiles for (as Hyperscan reports
    them for a trivial database), the platform and the credscore version."""
    import platform
    import sys

    import hyperscan

    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[b"credscore"], ids=[0], elements=1, flags=[0])
    info: str | bytes = db.info()  # "Version: 5.4.12 Features: AVX2 Mode: BLOCK"
    if isinstance(info, bytes):
        info = info.decode("ascii", "replace")
    binding = getattr(hyperscan, "__version__", "")
    return f"{info}|{sys.platform}|{platform.machine()}|python-hyperscan {binding}|credscore {__version__}"


class _BadDatabaseFile(ValueError):
    """A saved database file that is not one this process may load."""


def _write_db(path: Path, key: str, dbs: Sequence[hyperscan.Database]) -> None:
    """Save the databases ``dbs`` of one scope at ``path`` atomically
    (temporary file, then :func:`os.replace`).

    The header records ``key`` (what the databases were built from, see
    :attr:`_Compiled.key`) and the length and SHA-256 of the bytes after it,
    which :func:`_read_db` checks before it deserialises anything. Those bytes
    are the number of databases, then each one's length and serialised bytes.
    """
    import hyperscan

    parts = [hyperscan.dumpb(db) for db in dbs]
    blob = b"%d\n" % len(parts) + b"".join(b"%d\n" % len(part) + part for part in parts)
    header = _DB_MAGIC + f"{key}\n{hashlib.sha256(blob).hexdigest()}\n{len(blob)}\n".encode("ascii")
    # Private (0600): _read_db refuses a file others may write.
    with atomic_write(path, "wb", private=True, prefix=".tmp-", suffix=".hsdb") as fh:
        fh.write(header)
        fh.write(blob)


def _read_db(path: Path, key: str) -> tuple[hyperscan.Database, ...]:
    """Load the databases saved by :func:`_write_db` for ``key``.

    Raises OSError when the file cannot be read and :class:`_BadDatabaseFile`
    (or a ``hyperscan.error``) when it is not a database this process may use.
    Hyperscan trusts the bytes it deserialises, so a file is refused unless
    its header matches and, on POSIX, it belongs to this user and only this
    user may write it.
    """
    import hyperscan

    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            raise _BadDatabaseFile(f"refused: owned by uid {st.st_uid} with mode {st.st_mode & 0o777:o}")
        if st.st_size > _MAX_DB_BYTES:
            raise _BadDatabaseFile(f"{st.st_size} bytes is too large for a database")
        data = fh.read()
    if not data.startswith(_DB_MAGIC):
        raise _BadDatabaseFile("not a credscore database file")
    lines = data[len(_DB_MAGIC) : len(_DB_MAGIC) + 256].split(b"\n", 3)  # key, digest, length
    if len(lines) != 4:
        raise _BadDatabaseFile("truncated header")
    file_key, digest, length, _ = lines
    blob = data[len(_DB_MAGIC) + len(file_key) + len(digest) + len(length) + 3 :]
    if file_key.decode("ascii", "replace") != key:
        raise _BadDatabaseFile("built from other patterns or for another platform")
    if not length.isdigit() or int(length) != len(blob):
        raise _BadDatabaseFile(f"truncated: the header says {length[:20]!r} bytes, the file holds {len(blob)}")
    if hashlib.sha256(blob).hexdigest().encode("ascii") != digest:
        raise _BadDatabaseFile("SHA-256 of the database bytes does not match the header")
    count, _, rest = blob.partition(b"\n")
    if not count.isdigit():
        raise _BadDatabaseFile("no database count")
    dbs = []
    for _ in range(int(count)):
        size, _, rest = rest.partition(b"\n")
        if not size.isdigit() or int(size) > len(rest):
            raise _BadDatabaseFile("a database's length does not fit the file")
        dbs.append(hyperscan.loadb(rest[: int(size)], hyperscan.HS_MODE_BLOCK))
        rest = rest[int(size) :]
    if rest:
        raise _BadDatabaseFile(f"{len(rest)} bytes after the last database")
    return tuple(dbs)


def _prune_cache(directory: Path, keep: Path) -> None:
    """Keep the newest :data:`_CACHE_KEEP` databases in ``directory`` (and ``keep``);
    remove older ones and temporary files left by a process that died."""
    import time

    stale = time.time() - 3600
    try:
        saved: list[tuple[float, str]] = []
        remove: list[str] = []
        for entry in os.scandir(directory):
            if not entry.name.endswith(".hsdb") or not entry.is_file(follow_symlinks=False):
                continue
            mtime = entry.stat(follow_symlinks=False).st_mtime
            if not entry.name.startswith(".tmp-"):
                saved.append((mtime, entry.name))
            elif mtime < stale:
                remove.append(entry.name)
        saved.sort(reverse=True)
        remove += [name for _, name in saved[_CACHE_KEEP:] if name != keep.name]
        for name in remove:
            with contextlib.suppress(OSError):
                os.unlink(directory / name)
    except OSError as exc:
        logger.debug("could not prune the database cache %s: %s", directory, exc)


#: The cache folders this process could not save a database in (warned about once).
_UNSAVED: set[Path] = set()


def _load_or_compile(
    key: str, build: Callable[[], tuple[hyperscan.Database, ...]], shipped: str | None
) -> tuple[tuple[hyperscan.Database, ...], str]:
    """The databases for ``key``, and where they came from ("shipped", "cache" or "compiled").

    Tries the file shipped by the parent process, then the cache, then
    compiles with ``build()`` and saves the result in the cache. Nothing that
    goes wrong with a file is raised: the databases are compiled instead.
    """
    import hyperscan

    if shipped is not None:
        try:
            return _read_db(Path(shipped), key), "shipped"
        except (OSError, ValueError, hyperscan.error) as exc:
            logger.warning("cannot use the shipped database %s (%s); compiling", shipped, exc)
    directory = cache_dir()
    path = directory / f"{key}.hsdb" if directory is not None else None
    if path is not None:
        try:
            dbs = _read_db(path, key)
        except FileNotFoundError:
            logger.debug("no cached database at %s; compiling", path)
        except (OSError, ValueError, hyperscan.error) as exc:
            logger.warning("ignoring the cached database %s (%s); compiling it again", path, exc)
        else:
            logger.debug("loaded the cached database %s", path)
            return dbs, "cache"
    dbs = build()
    if path is not None:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _write_db(path, key, dbs)
        except (OSError, hyperscan.error) as exc:
            # Said once a process (a warning: every run compiles for seconds until the folder is fixed).
            level = logging.DEBUG if path.parent in _UNSAVED else logging.WARNING
            _UNSAVED.add(path.parent)
            logger.log(level, "credscore: cannot save the compiled signal matcher in %s (%s), so every run "
                       "compiles it (several seconds); set $%s to a folder you can write to, or to an empty "
                       "value to turn the cache off", path.parent, exc, CACHE_DIR_ENV)
        else:
            logger.debug("saved the compiled database to %s", path)
            _prune_cache(path.parent, path)
    return dbs, "compiled"


#: Whether :meth:`_Compiled.scan` keeps only the longest match at a start of
#: the patterns no check may reject (tests turn it off to compare).
_MERGE_SAME_START = True
#: Whether matches may be collected by compiled handlers (:mod:`credscore._native`) where the
#: compiled token steps would run; tests switch it off to compare with the Python handlers.
_NATIVE_SCAN = True
#: Buffers shorter than this are scanned with the Python handlers: a native scan's fixed cost
#: (a ctypes call and an array) is worth it only past a few dozen reports.
_NATIVE_MIN_BYTES = 1 << 12
#: Scan the patterns that allow it over the text with whitespace runs collapsed
#: (:mod:`credscore._spaces`): same matches, about 40 % less scan time.
#: Off only in tests, to compare the two.
_COLLAPSE_SPACES = True
#: Scan the collapsed patterns that allow it without start-of-match and find
#: their starts from their ends (:mod:`credscore._starts`): same matches.
#: Off only in tests, to compare the two.
_RECOVER_STARTS = True
#: A scan without start-of-match gives up past one report in this many bytes (see _Compiled._recovered).
_DENSE = 64
#: The first ``hyperscan`` release whose Vectorscan (5.4.12) misses matches in block mode, above all
#: without start-of-match (tests/test_hyperscan_build.py); the first without that bug is not known.
_MISSING_MATCHES_FROM = (0, 7, 23)


def _scans_ends_reliably() -> bool:
    """Whether the installed ``hyperscan`` can be trusted to report every end without start-of-match.

    With a build that cannot (``hyperscan`` 0.7.23 to at least 0.9.1, the only
    ones on Python 3.14), every collapsed pattern is scanned with start-of-match,
    as before starts were found from ends: with 0.9.1, that scan missed no
    match in 1,500 shared articles, where the one without start-of-match
    missed "A friend told" in one of them.
    """
    import hyperscan

    version = getattr(hyperscan, "__version__", "")
    try:
        release = tuple(int(x) for x in version.split(".")[:3])
    except ValueError:
        return True  # a development build: trust it, as pyproject.toml's range would
    if release >= _MISSING_MATCHES_FROM:
        _warn_missing_matches(version)
        return False
    return True


@functools.cache
def _warn_missing_matches(version: str) -> None:
    logger.warning(
        "hyperscan %s bundles a Vectorscan that misses some matches; credscore scans every pattern with "
        "start-of-match on it, which is slower. On Python 3.10 to 3.13, pip install 'hyperscan<0.7.23' "
        "scans faster and misses nothing.", version,
    )


def _flags() -> tuple[int, int]:
    """The Hyperscan flags of every signal pattern, and of the line gates'
    expressions and the run patterns' byte sets (no start of match)."""
    import hyperscan

    plain = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_MULTILINE
    return plain | hyperscan.HS_FLAG_SOM_LEFTMOST, plain


class _Plan(NamedTuple):
    """Where each pattern of a scope goes (see :func:`_plan`)."""

    runs: tuple[_Run, ...]  # found with NumPy, outside the databases
    ids: list[int]  # the patterns of the main database, scanned over every byte
    collapsed_ids: list[int]  # the same, but scanned with whitespace runs collapsed (_spaces)
    recovered_ids: list[int]  # collapsed too, scanned without start-of-match (_starts)
    line_ids: list[int]  # the patterns of line-gated signals
    gates: list[tuple[int, bytes]]  # (signal, expression) of each line gate expression


def _plan(
    signals: Sequence[Signal], exprs: list[bytes], pattern_signal: list[int], validated: np.ndarray, run_flags: int
) -> _Plan:
    """Sort the patterns: runs of one byte class (no check, no gate), line-gated ones, the rest
    (collapsed where :func:`credscore._spaces.collapsible` allows and :data:`_COLLAPSE_SPACES` is on;
    of those, without start-of-match where :mod:`credscore._starts` can find their starts)."""
    import hyperscan

    recover = _RECOVER_STARTS and _scans_ends_reliably()
    runs: list[_Run] = []
    ids: list[int] = []
    collapsed_ids: list[int] = []
    recovered_ids: list[int] = []
    line_ids: list[int] = []
    for pid, x in enumerate(exprs):
        if signals[pattern_signal[pid]].lines:
            line_ids.append(pid)
            continue
        atom = _RUN_PATTERN.fullmatch(x)
        members = None
        if atom is not None and not validated[pattern_signal[pid]]:
            try:
                members = _byte_set(atom.group(1), run_flags)
            except hyperscan.error:  # pragma: no cover - not a plain byte atom after all
                members = None
        if members:
            runs.append(_Run(pid, members))
        elif _COLLAPSE_SPACES and collapsible(x):
            short = rewrite(x)
            if recover and len(recovered_ids) < MAX_PATTERNS and reverse(short) is not None:
                recovered_ids.append(pid)
            else:
                collapsed_ids.append(pid)
        else:
            ids.append(pid)
    gates = [(s_idx, to_byte_regex(g)) for s_idx, sig in enumerate(signals) for g in sig.lines]
    return _Plan(tuple(runs), ids, collapsed_ids, recovered_ids, line_ids, gates)


def _compile_db(
    what: str, expressions: list[bytes], pids: list[int], flags: int, names: Sequence[str] = ()
) -> hyperscan.Database:
    """One Hyperscan database of ``expressions`` (ids ``pids``); an expression Hyperscan refuses is named
    (``names[pid]``: "signal/pattern") in a ValueError, found by compiling them one at a time."""
    import hyperscan

    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(expressions=expressions, ids=pids, elements=len(pids), flags=[flags] * len(pids))
    except hyperscan.error as exc:
        for expression, pid in zip(expressions, pids):
            try:
                hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(expressions=[expression], ids=[pid], elements=1,
                                                                         flags=[flags])
            except hyperscan.error as one:
                name = names[pid] if pid < len(names) else f"#{pid}"
                raise ValueError(
                    f"signal {what} {name} failed to compile: {one} (Hyperscan has no look-behind, look-ahead or "
                    "back-reference; a Pattern's not_after is its look-behind, not_before its look-ahead)") from exc
        raise ValueError(f"A signal {what} failed to compile: {exc}") from exc
    return db


class _Compiled:
    """The compiled patterns of one scope: Hyperscan databases plus run patterns.

    ``db`` holds the patterns scanned over every byte, and ``collapsed_db``
    those that find the same matches in the text with each whitespace run
    cut to one byte (rewritten by :func:`credscore._spaces.rewrite`), which
    it scans instead. Most of those are in ``recovered_db`` instead, without
    start-of-match: ``starts`` (:class:`credscore._starts.Starts`) and
    ``reversed_db`` find where their matches start, and ``recovered_som_db``
    (the same patterns with start-of-match) scans when that would cost more. The patterns of
    signals with a line gate (:attr:`~credscore.Signal.lines`) are in
    ``line_db``, scanned only over the lines in which ``gate_db`` (their gate
    expressions, without start-of-match) finds what the gate asks for.
    """

    __slots__ = (
        "_gate_groups", "_local", "_merge_init", "_native", "checked", "checked_late", "collapsed_db", "db", "digest", "direct", "gate_db", "gate_signal", "has_not_after", "has_not_before", "joinable", "key", "last_verdicts", "last_word", "line_db",
        "not_after", "not_before", "origin", "outside_quotes", "pattern_names", "pattern_signal", "recovered_db", "recovered_som_db", "reversed_db", "runs", "signals", "starts",
        "validated", "validated_late", "validators",
    )

    def __init__(self, signals: Sequence[Signal], shipped: str | None = None) -> None:
        """Compile ``signals``, or load their databases from ``shipped`` (a file
        written by :func:`_write_db`) or from the cache (see :func:`cache_dir`)."""
        import hyperscan

        self.signals = tuple(signals)
        exprs: list[bytes] = []
        pattern_signal: list[int] = []
        self.pattern_names: list[str] = []
        for s_idx, sig in enumerate(self.signals):
            for pat in sig.patterns:
                exprs.append(to_byte_regex(pat.regex))
                pattern_signal.append(s_idx)
                self.pattern_names.append(pat.name)
        self.pattern_signal = np.asarray(pattern_signal, dtype=np.int64)
        self.validators = tuple(s.validate for s in self.signals)
        pats = [pat for sig in self.signals for pat in sig.patterns]
        self.not_after = tuple(None if p.not_after is None else re.compile(p.not_after, re.IGNORECASE) for p in pats)
        self.last_word = tuple(None if p.last_word is None else re.compile(p.last_word, re.IGNORECASE) for p in pats)
        self.not_before = tuple(None if p.not_before is None else re.compile(p.not_before, re.IGNORECASE) for p in pats)
        # Per pattern: whether its signal counts only matches outside quotes (Signal.outside_quotes).
        self.outside_quotes = np.asarray([s.outside_quotes for s in self.signals], dtype=bool)[self.pattern_signal]
        # last_word verdicts by (pattern, word), kept from chunk to chunk (a
        # verdict reads nothing but the word); emptied when it grows past _LAST_CACHE.
        self.last_verdicts: dict[tuple[int, bytes], bool] = {}
        # Every match of these signals is a candidate that a check may reject.
        self.validated = np.asarray(
            [v is not None or any(p.not_after is not None or p.last_word is not None or p.not_before is not None
                                  for p in sig.patterns)
             for v, sig in zip(self.validators, self.signals)],
            dtype=bool,
        )
        # Per pattern: whether a check may reject one of its matches (its signal's validator, its own
        # not_after, not_before or last_word). A signal can have patterns with and without: "$5" (no check) and
        # "COVID-19 patients" (not_after) are both specific_figure's, and the unchecked one's dense
        # matches need none of the checks' arrays.
        self.checked = np.asarray(
            [self.validators[s] is not None or p.not_after is not None or p.last_word is not None or p.not_before is not None
             for p, s in zip(pats, self.pattern_signal.tolist())],
            dtype=bool,
        )
        # The same, less not_after and not_before: every candidate's word before and after is read ahead of
        # the selection, all at once (_Checks.not_afters, _Checks.not_befores), so a pattern whose only check
        # it is needs none in the selection ("Monday" after "Easter", "COVID-19 patients"); per signal for
        # _greedy's groups.
        self.checked_late = np.asarray(
            [self.validators[s] is not None or p.last_word is not None for p, s in zip(pats, self.pattern_signal.tolist())],
            dtype=bool,
        )
        self.validated_late = np.zeros(len(self.signals), dtype=bool)
        self.validated_late[self.pattern_signal[self.checked_late]] = True
        self.has_not_after = np.asarray([rx is not None for rx in self.not_after], dtype=bool)
        self.has_not_before = np.asarray([rx is not None for rx in self.not_before], dtype=bool)
        # Per pattern, what _matches starts from: -1 where every match must be
        # kept (a check may reject the longest at a start), -2 where only the
        # longest at a start is.
        self._merge_init = [-1 if checked else -2 for checked in self.checked.tolist()]
        self.joinable = not any(_sees_buffer_edges(x) for x in exprs)
        flags, gate_flags = _flags()
        plan = _plan(self.signals, exprs, pattern_signal, self.validated, gate_flags)
        # A run whose signal has no other pattern gives that signal's matches as they are: maximal
        # runs are disjoint, and no check may reject one. Such runs skip the resolution (a text of
        # short runs, "! ! !", would give it a match every 2 bytes): Matcher.count counts them per
        # text (_Run.count), and resolve() adds their spans for Matcher.find.
        n_patterns = np.bincount(self.pattern_signal, minlength=len(self.signals))
        self.direct = tuple(r for r in plan.runs if n_patterns[self.pattern_signal[r.pid]] == 1)
        self.runs = tuple(r for r in plan.runs if n_patterns[self.pattern_signal[r.pid]] > 1)
        #: The signal of each gate expression (its id in ``gate_db``).
        self.gate_signal = np.asarray([s_idx for s_idx, _ in plan.gates], dtype=np.int64)
        # The gate ids of each gated signal: a line passes if all of one signal's match in it.
        self._gate_groups = [[i for i, (s_idx, _) in enumerate(plan.gates) if s_idx == s]
                             for s in sorted({s for s, _ in plan.gates})]
        # What the databases are built from: the patterns, their ids and flags.
        h = hashlib.sha256(f"hyperscan {getattr(hyperscan, '__version__', '')} flags {flags} gates {gate_flags}".encode())
        for i in plan.ids:
            h.update(b"\n%d:" % i + exprs[i])
        for i in plan.collapsed_ids:
            h.update(b"\ncollapsed %d:" % i + rewrite(exprs[i]))
        self.starts = Starts(plan.recovered_ids, [rewrite(exprs[i]) for i in plan.recovered_ids]) if plan.recovered_ids else None
        for i in plan.recovered_ids:
            h.update(b"\nrecovered %d:" % i + rewrite(exprs[i]))
        if self.starts is not None:
            for i, x in zip(self.starts.ids, self.starts.expressions):
                h.update(b"\nreversed %d:" % i + x)
        for i in plan.line_ids:
            h.update(b"\nline %d:" % i + exprs[i])
        for i, (s_idx, g) in enumerate(plan.gates):
            h.update(b"\ngate %d %d:" % (i, s_idx) + g)
        self.digest = h.hexdigest()
        # ... and everything else a saved database depends on: a database
        # saved by another process is used only if its key is this one.
        any_db = bool(plan.ids or plan.collapsed_ids or plan.recovered_ids or plan.line_ids)
        self.key = hashlib.sha256(f"{_platform_tag()}\n{self.digest}".encode()).hexdigest() if any_db else ""
        self.db: hyperscan.Database | None = None
        self.collapsed_db: hyperscan.Database | None = None
        self.recovered_db: hyperscan.Database | None = None
        self.recovered_som_db: hyperscan.Database | None = None
        self.reversed_db: hyperscan.Database | None = None
        self.line_db: hyperscan.Database | None = None
        self.gate_db: hyperscan.Database | None = None
        #: Where the databases came from: "compiled", "cache" or "shipped" ("" when there are none).
        self.origin = ""

        names = [f"{self.signals[s_idx].name}/{name}" for s_idx, name in zip(pattern_signal, self.pattern_names)]
        gate_names = [self.signals[s_idx].name for s_idx, _ in plan.gates]

        def build() -> tuple[hyperscan.Database, ...]:
            out = []
            if plan.ids:
                out.append(_compile_db("pattern", [exprs[i] for i in plan.ids], plan.ids, flags, names))
            if plan.collapsed_ids:
                out.append(_compile_db("pattern", [rewrite(exprs[i]) for i in plan.collapsed_ids], plan.collapsed_ids, flags,
                                       names))
            if self.starts is not None:
                short = [rewrite(exprs[i]) for i in plan.recovered_ids]
                out.append(_compile_db("pattern", short, plan.recovered_ids, gate_flags, names))
                out.append(_compile_db("pattern", short, plan.recovered_ids, flags, names))  # when finding starts would cost more
                out.append(_compile_db("reversed pattern", self.starts.expressions, self.starts.ids, gate_flags, names))
            if plan.line_ids:
                out.append(_compile_db("pattern", [exprs[i] for i in plan.line_ids], plan.line_ids, flags, names))
                out.append(_compile_db("line gate of", [g for _, g in plan.gates], list(range(len(plan.gates))), gate_flags,
                                       gate_names))
            return tuple(out)

        if any_db:
            dbs, self.origin = _load_or_compile(self.key, build, shipped)
            expected = bool(plan.ids) + bool(plan.collapsed_ids) + 3 * bool(plan.recovered_ids) + 2 * bool(plan.line_ids)
            if len(dbs) != expected:  # pragma: no cover - the key fixes the count
                raise ValueError(f"expected {expected} databases, got {len(dbs)}")
            if plan.ids:
                self.db, dbs = dbs[0], dbs[1:]
            if plan.collapsed_ids:
                self.collapsed_db, dbs = dbs[0], dbs[1:]
            if plan.recovered_ids:
                (self.recovered_db, self.recovered_som_db, self.reversed_db), dbs = dbs[:3], dbs[3:]
            if plan.line_ids:
                self.line_db, self.gate_db = dbs
        self._local = threading.local()
        self._native: dict[int, _native.NativeDatabase | None] = {}

    @property
    def empty(self) -> bool:
        return self.db is None and self.collapsed_db is None and self.recovered_db is None and self.line_db is None and not self.runs and not self.direct

    @property
    def databases(self) -> tuple[hyperscan.Database, ...]:
        """The databases, in the order a saved file holds them."""
        dbs = (self.db, self.collapsed_db, self.recovered_db, self.recovered_som_db, self.reversed_db, self.line_db, self.gate_db)
        return tuple(db for db in dbs if db is not None)

    def scratch(self, db: hyperscan.Database | None = None) -> hyperscan.Scratch:
        """Scratch space for ``db`` (default: the main database) in this thread."""
        # Hyperscan scratch space may not be shared between concurrent scans,
        # so each thread gets its own.
        import hyperscan

        db = self.db if db is None else db
        spaces = getattr(self._local, "scratch", None)
        if spaces is None:
            spaces = self._local.scratch = {}
        s = spaces.get(id(db))
        if s is None:
            s = spaces[id(db)] = hyperscan.Scratch(db)
        return s

    def native(self, db: hyperscan.Database, n_bytes: int) -> _native.NativeDatabase | None:
        """``db`` for a native scan of ``n_bytes`` (:mod:`credscore._native`), or None: scan it with Python handlers."""
        if not _NATIVE_SCAN or n_bytes > _native.MAX_BYTES or not _kernels.wanted(n_bytes, _NATIVE_MIN_BYTES) or not _native.available():
            return None
        if id(db) not in self._native:
            try:
                self._native.setdefault(id(db), _native.NativeDatabase(db))
            except RuntimeError as exc:  # a database the C API refuses: the binding's scans, as before
                logger.warning("native scans are off for a database (%s): Python handlers collect its matches", exc)
                self._native.setdefault(id(db), None)
        return self._native[id(db)]

    def _matches(self, db: hyperscan.Database, buf: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every match of ``db``'s patterns in ``buf``: (pattern id, start, end).

        The Hyperscan callback is the only Python work per match; it appends
        to a typed array (24 bytes a match, about 0.35 us) and everything
        after it is vectorised. On long buffers with numba installed, a
        compiled handler collects the same matches (:mod:`credscore._native`).
        """
        native = self.native(db, len(buf))
        if native is not None:
            return native.matches(buf, self._merge_init if _MERGE_SAME_START else [-1] * len(self._merge_init))
        # One typed array a column, so that each is contiguous and the pattern ids, starts and ends
        # need no second copy (a crafted text can report millions).
        pids, starts, ends = array.array("q"), array.array("q"), array.array("q")
        push_pid, push_start, push_end = pids.append, starts.append, ends.append
        # Where each pattern's last match is in the arrays, for the patterns
        # whose shorter matches at a start can never be kept (no check may
        # reject the longest, see _resolve); -1 for the others.
        # Hyperscan reports a pattern's matches by end, so a later match
        # with the same start is longer: it replaces the earlier one in
        # place. A run of capitals or figures reports an end after every
        # word; this keeps one match per run instead of one per word.
        last_start = self._merge_init.copy() if _MERGE_SAME_START else [-1] * len(self._merge_init)

        def on_match(pid: int, start: int, end: int, flags: int, ctx: object) -> None:
            at = last_start[pid]
            if at != -1:
                if at >= 0 and starts[at] == start:
                    ends[at] = end
                    return
                last_start[pid] = len(starts)
            push_pid(pid)
            push_start(start)
            push_end(end)

        db.scan(buf, match_event_handler=on_match, scratch=self.scratch(db))
        if not pids:
            return _NO_MATCHES
        return np.frombuffer(pids, dtype=np.int64), np.frombuffer(starts, dtype=np.int64), np.frombuffer(ends, dtype=np.int64)

    def gated_lines(self, buf: bytes) -> tuple[np.ndarray, np.ndarray]:
        """The lines of ``buf`` that a gated signal's gate lets through: (start, end) arrays.

        A line runs from after a line feed (or the start) to the next line
        feed (or the end). It passes when, for some gated signal, each of
        the signal's gate expressions has a match that ends in it.
        """
        if self.gate_db is None:
            return _NO_LINES
        gid, end = self._all_ends(self.gate_db, buf)
        if not len(gid):
            return _NO_LINES
        if 0x0A not in buf:  # one line (a short article often is): which gates hit, in Python
            hit = set(gid.tolist())
            if any(hit.issuperset(group) for group in self._gate_groups):
                return np.zeros(1, dtype=np.int64), np.full(1, len(buf), dtype=np.int64)
            return _NO_LINES
        breaks = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 0x0A)
        line = np.searchsorted(breaks, end - 1)  # a gate match ends on a byte of its line
        kept = np.zeros(len(breaks) + 1, dtype=bool)
        for group in self._gate_groups:
            passing = np.ones(len(breaks) + 1, dtype=bool)
            for g in group:
                has = np.zeros(len(breaks) + 1, dtype=bool)
                has[line[gid == g]] = True
                passing &= has
            kept |= passing
        k = np.flatnonzero(kept)
        starts = np.concatenate([[0], breaks + 1])[k]
        stops = np.append(breaks, len(buf))[k]
        return starts, stops

    def _line_matches(self, buf: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The gated signals' matches in ``buf``: each lies in one line that passes the gate.

        The passing lines are scanned in one call, joined by :data:`_SEP`
        (:func:`_scan_joined`, which gives each line's edges the context
        they have in ``buf``, a line feed or the buffer's edge, and scans a
        line again alone if a match leaves it; no catalogue pattern can cross
        the separator, but that is not assumed).
        """
        line_db = self.line_db
        assert line_db is not None
        starts, stops = self.gated_lines(buf)
        if not len(starts):
            return _NO_MATCHES
        lines = [buf[a:b] for a, b in zip(starts.tolist(), stops.tolist())]
        joined, at, line, pid, start, end = _scan_joined(lines, lambda data: self._matches(line_db, data))
        del lines
        if not len(pid):
            return _NO_MATCHES
        # The last-word checks read only a match's own bytes, the same here as in ``buf``: taken now, they
        # drop most of the reports of an appositive (an end after every word) before more arrays are made.
        keep = _Checks(self, joined).last_words(pid, start, end)
        del joined
        if not keep.all():
            line, pid, start, end = line[keep], pid[keep], start[keep], end[keep]
        del keep
        shift = starts[line] - at[line]
        del line
        start += shift
        end += shift
        return pid, start, end

    def _ends(self, db: hyperscan.Database, buf: bytes, most: int | None = None) -> tuple[np.ndarray, np.ndarray] | None:
        """Every match of ``db``'s patterns in ``buf``, scanned without start-of-match: (id, end);
        None if there are ``most`` or more (the scan stops there)."""
        import hyperscan

        native = self.native(db, len(buf))
        if native is not None:
            return native.ends(buf, most)
        pids, ends = array.array("q"), array.array("q")
        push_pid, push_end = pids.append, ends.append
        cap = -1 if most is None else most

        def on_match(pid: int, start: int, end: int, flags: int, ctx: object) -> bool:
            push_pid(pid)
            push_end(end)
            return len(ends) == cap  # True stops the scan

        try:
            db.scan(buf, match_event_handler=on_match, scratch=self.scratch(db))
        except hyperscan.ScanTerminated:
            return None
        if not pids:
            return _nothing(), _nothing()
        return np.frombuffer(pids, dtype=np.int64), np.frombuffer(ends, dtype=np.int64)

    def _all_ends(self, db: hyperscan.Database, buf: bytes) -> tuple[np.ndarray, np.ndarray]:
        found = self._ends(db, buf)
        assert found is not None  # no limit
        return found

    def _recovered(self, short: Collapsed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The matches of the patterns scanned without start-of-match over the collapsed copy,
        their starts found from their ends (:mod:`credscore._starts`)."""
        if self.recovered_db is None:
            return _NO_MATCHES
        assert self.starts is not None and self.reversed_db is not None and self.recovered_som_db is not None
        reversed_db = self.reversed_db
        data = short.data
        # Dense reports (a run of capitals reports an end after each word) would each need a window:
        # past one report in _DENSE bytes, the scan stops and the buffer is scanned with start-of-match.
        found = self._ends(self.recovered_db, data, most=len(data) // _DENSE + _DENSE)
        if found is not None:
            pid, end = found
            start = self.starts.find(data, pid, end, functools.partial(self._all_ends, reversed_db))
            if start is not None:
                return pid, start, end
        # Too many reports, or too many window bytes: scan with start-of-match.
        return self._matches(self.recovered_som_db, data)

    def scan(self, buf: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every match reported in ``buf``: (pattern id, start, end) arrays."""
        found = [_NO_MATCHES if self.db is None else self._matches(self.db, buf)]
        if self.collapsed_db is not None or self.recovered_db is not None:
            short = collapse(buf)
            for p, s_, e_ in (self._matches(self.collapsed_db, short.data) if self.collapsed_db is not None else _NO_MATCHES,
                              self._recovered(short)):
                if len(p):  # every match starts and ends on a byte that is not whitespace (see _spaces)
                    found.append((p, short.original(s_), short.original(e_)))
            del short
        for run in self.runs:
            r_start, r_end = run.find(buf)
            if len(r_start):
                found.append((np.full(len(r_start), run.pid, dtype=np.int64), r_start, r_end))
        if self.line_db is not None:
            found.append(self._line_matches(buf))
        found = [f for f in found if len(f[0])]
        if len(found) < 2:
            return found[0] if found else _NO_MATCHES
        # One column at a time, each piece's column dropped once copied: a crafted text can make millions.
        columns = [list(c) for c in zip(*found)]
        del found
        out = []
        for col in columns:
            out.append(np.concatenate(col))
            col.clear()
        return out[0], out[1], out[2]


def _nothing() -> np.ndarray:
    """An empty int64 array, read-only: the empty results below are shared by every caller."""
    a = np.empty(0, dtype=np.int64)
    a.setflags(write=False)
    return a


_NO_MATCHES = (_nothing(), _nothing(), _nothing())
_NO_LINES = (_nothing(), _nothing())
_EMPTY = _Resolved(*(np.empty(0, dtype=np.int64) for _ in range(5)))

_SPACE = frozenset(SPACE_BYTES)  # Hyperscan's \s
_LETTER = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD_BYTE = _LETTER | frozenset(b"0123456789_")
_SPACE_BYTES = bytes(sorted(_SPACE))
_LETTER_BYTES = bytes(sorted(_LETTER))
_IS_LETTER = np.zeros(256, dtype=bool)
_IS_LETTER[list(_LETTER)] = True
_IS_SPACE = np.zeros(256, dtype=bool)
_IS_SPACE[list(_SPACE)] = True
_IS_WORD = np.zeros(256, dtype=bool)
_IS_WORD[list(_WORD_BYTE)] = True
#: Bytes before a match's end in which :meth:`_Checks.last_words` looks for the letters it ends with.
_LAST_WORD_BYTES = 24
#: Matches whose last words :meth:`_Checks.last_words` (and whose words before, :meth:`_Checks.not_afters`)
#: reads in one step: its arrays take about 40 bytes a byte read, 24 bytes a match, so about 8 MB at most
#: (a crafted line can give a match a word; 30 MB with 32,768 a step, until session 24).
_LAST_WORD_BLOCK = 1 << 13
#: Most last_word verdicts a compiled catalogue keeps (words of up to 256 bytes: 16 MB at most).
_LAST_CACHE = 1 << 16
#: The bytes before a match that :meth:`_Checks.not_afters` reads for its word (and after it,
#: :meth:`_Checks.not_befores`); a word and whitespace that fill them are read alone (:func:`word_before`,
#: :func:`_words_after`).
_AFTER_ROW = 24
#: How far :func:`word_before` looks back in one step before reading byte by byte.
_BEFORE_WINDOW = 48
#: Whether the checks of equal candidates are shared (:meth:`_Checks.accept_all`); tests switch it off.
_DEDUP_CHECKS = True
#: Fewer candidates than this are checked one by one: finding the equal ones would cost more.
_DEDUP_MIN = 256
#: The loop over overlapping candidates takes its checks ahead when at most this share of them are distinct.
_DEDUP_AHEAD = 0.25
#: The seed of :func:`credscore._kernels.first_equal`'s hash, new in each process.
_HASH_SEED = np.int64(int.from_bytes(os.urandom(4), "little"))


def _word_in(seg: bytes, at_lo: bool) -> tuple[bool, str | None]:
    """:func:`word_before` read from ``seg``, the bytes just before the match
    (``at_lo``: ``seg`` starts at the document's first byte), in C: strip the
    whitespace (or one hyphen), then the letters. Returns ``(decided, word)``;
    undecided when both run to the start of ``seg`` and the document goes on before it."""
    spaced = seg.rstrip(_SPACE_BYTES)
    if len(spaced) == len(seg):
        if not seg.endswith(b"-"):
            return True, None  # neither whitespace nor a hyphen before the match
        spaced = seg[:-1]
    rest = spaced.rstrip(_LETTER_BYTES)
    if len(rest) == len(spaced):
        return bool(rest) or at_lo, None
    if rest:
        return True, None if rest[-1] in _WORD_BYTE else spaced[len(rest) :].decode("ascii")
    return at_lo, spaced.decode("ascii") if at_lo else None


def word_before(buf: bytes, start: int, lo: int) -> str | None:
    """The word :attr:`Pattern.not_after` looks at: the ASCII letters before the
    whitespace (or the one hyphen) before ``start``, if they begin at a word boundary; else None.

    It reads back from ``start`` no further than ``lo`` (the document's first
    byte), as the optional prefix ``\\b[A-Za-z]+(?:\\s+|-)`` of a pattern scanned on
    the document alone would: the cost is the length of that whitespace and word.

    >>> word_before(b"Officials said", 10, 0), word_before(b"3x said", 3, 0), word_before(b", said", 2, 0)
    ('Officials', None, None)
    >>> word_before(b"COVID-19", 6, 0), word_before(b"a--19", 3, 0)  # one hyphen joins a word, two do not
    ('COVID', None)
    """
    at = max(lo, start - _BEFORE_WINDOW)
    decided, word = _word_in(buf[at:start], at == lo)
    if decided:
        return word
    i = start
    while i > lo and buf[i - 1] in _SPACE:
        i -= 1
    if i == start:  # no whitespace: one hyphen, or no word
        if i == lo or buf[i - 1] != 0x2D:
            return None
        i -= 1
    j = i
    while j > lo and buf[j - 1] in _LETTER:
        j -= 1
    if j == i or (j > lo and buf[j - 1] in _WORD_BYTE):
        return None
    return buf[j:i].decode("ascii")


def _read_after(buf: bytes, end: int, hi: int) -> tuple[str | None, int]:
    """:func:`word_after`, and where the whitespace after ``end`` stops (``end`` when there is none)."""
    i = end
    while i < hi and buf[i] in _SPACE:
        i += 1
    spaced = i
    if i == end:  # no whitespace: one hyphen, or no word
        if i == hi or buf[i] != 0x2D:
            return None, spaced
        i += 1
    j = i
    while j < hi and buf[j] in _LETTER:
        j += 1
    if j == i or (j < hi and buf[j] in _WORD_BYTE):
        return None, spaced
    return buf[i:j].decode("ascii"), spaced


def word_after(buf: bytes, end: int, hi: int) -> str | None:
    """The word :attr:`Pattern.not_before` looks at: the ASCII letters after the
    whitespace (or the one hyphen) after ``end``, if they end at a word boundary; else None.

    It reads on from ``end`` no further than ``hi`` (the document's end), as the optional suffix
    ``(?:\\s+|-)[A-Za-z]+\\b`` of a pattern scanned on the document alone would.

    >>> word_after(b"Epic Games.", 4, 11), word_after(b"said 3x", 4, 7), word_after(b"said, no", 4, 8)
    ('Games', None, None)
    >>> word_after(b"denial-of-service", 6, 17), word_after(b"yes--no", 3, 7), word_after(b"say no", 3, 5)
    ('of', None, 'n')
    """
    return _read_after(buf, end, hi)[0]


def _words_after(buf: bytes, end: np.ndarray, hi: np.ndarray) -> list[str | None]:
    """:func:`word_after` of each ``(end, hi)``, read in order of ``end``, linear in the bytes read:
    an end inside the whitespace that an earlier one read through has that one's word (a pattern that
    ends inside a run of whitespace, ``x\\s+``, reports an end at every byte of it)."""
    out: list[str | None] = [None] * len(end)
    run_lo = run_hi = -1
    word: str | None = None
    for i in np.argsort(end, kind="stable").tolist():
        e = int(end[i])
        if not (run_lo <= e < run_hi and buf[e] in _SPACE):
            word, spaced = _read_after(buf, e, int(hi[i]))
            run_lo, run_hi = e, spaced
        out[i] = word
    return out


def _first_seen(buf: bytes, begin: np.ndarray, stop: np.ndarray, tag: np.ndarray) -> np.ndarray:
    """What :func:`credscore._kernels.first_equal` gives, with a dict: for each window
    ``buf[begin[i]:stop[i]]`` with ``tag[i]``, the first one equal to it (tag and bytes)."""
    first: dict[tuple[int, bytes], int] = {}
    return np.fromiter(
        (first.setdefault((t, buf[a:z]), i) for i, (t, a, z) in enumerate(zip(tag.tolist(), begin.tolist(), stop.tolist()))),
        dtype=np.int64, count=len(tag),
    )


def _words_beside(
    data: np.ndarray, at: np.ndarray, inside: np.ndarray, step: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The word right before matches (``step`` -1, ``at`` their starts: :meth:`_Checks.not_afters`) or right
    after them (``step`` 1, ``at`` their ends: :meth:`_Checks.not_befores`), read with NumPy.

    Row ``i`` holds the :data:`_AFTER_ROW` bytes read from ``at[i]`` that way, column 0 nearest the match,
    none past the ``inside[i]`` bytes its document has there (read as 0: no space, hyphen, letter or word
    byte). Returns ``(sep, edge, word, undecided)``: the length of the whitespace (or the one hyphen) next to
    the match, where the letters after it stop, whether those letters are a word (a word byte does not run
    on past them), and whether the row cannot tell (whitespace or letters fill it inside the document: read
    on byte by byte).
    """
    cols = np.arange(_AFTER_ROW, dtype=np.int64)
    row = np.take(data, (at if step > 0 else at - 1)[:, None] + step * cols, mode="clip")
    room = np.minimum(inside, _AFTER_ROW)
    row[cols >= room[:, None]] = 0
    n_space = np.where(_IS_SPACE[row], _AFTER_ROW, cols).min(axis=1)
    sep = np.where((n_space == 0) & (row[:, 0] == 0x2D), 1, n_space)  # or one hyphen
    edge = np.where(_IS_LETTER[row] | (cols < sep[:, None]), _AFTER_ROW, cols).min(axis=1)
    at_end = inside <= _AFTER_ROW  # the row holds the document's first (or last) byte
    reached = edge >= room  # the whitespace or the letters run to the row's edge
    undecided = (sep > 0) & reached & ~at_end
    beyond = np.take_along_axis(row, np.minimum(edge, _AFTER_ROW - 1)[:, None], axis=1)[:, 0]
    word = (sep > 0) & (edge > sep) & np.where(reached, at_end, ~_IS_WORD[beyond])
    return sep, edge, word, undecided


class _Checks:
    """The checks a candidate match must pass, with their caches, for one scanned chunk.

    A pattern's :attr:`~credscore.Pattern.not_after` (the word before the
    match, read back from its start) and :attr:`~credscore.Pattern.last_word` (the letters it ends
    with), then the signal's validator on the match's first
    :data:`_VALIDATE_WINDOW` bytes. Validators are pure functions of that
    text, so a verdict is reused for an identical window: repeated
    boilerplate (or a crafted text repeating one name) costs one call per
    distinct window.

    The resolution takes the ``not_after`` verdict of every candidate ahead
    (:meth:`not_afters`) and drops the candidates it rejects, then sets
    :attr:`ahead`: :meth:`accepts` leaves that check out from there on (it
    would give the same verdicts again, each at a slice of the bytes before
    the match, a dict look-up and often :func:`_word_in`), and
    :meth:`shared` tells candidates apart by their own bytes alone.
    """

    __slots__ = ("after", "ahead", "buf", "comp", "last", "verdicts")

    def __init__(self, comp: _Compiled, buf: bytes) -> None:
        self.comp = comp
        self.buf = buf
        self.verdicts: dict[tuple[int, bytes], bool] = {}
        self.after: dict[tuple[int, bytes, bool], bool] = {}  # not_after verdicts
        self.last = comp.last_verdicts  # last_word verdicts, by pattern and word
        #: Whether every candidate checked from here on passed its ``not_after`` already (:meth:`not_afters`).
        self.ahead = False

    def accept_all(self, sig: np.ndarray, pid: np.ndarray, start: np.ndarray, end: np.ndarray, lo: np.ndarray) -> np.ndarray:
        """:meth:`accepts` for each candidate, as a bool array; each distinct one checked once.

        What a check reads is the candidate's pattern, its first
        :data:`_VALIDATE_WINDOW` bytes and, for a pattern with ``not_after``,
        the :data:`_BEFORE_WINDOW` bytes before it (within its document). Candidates
        whose pattern and bytes are the same are found first
        (:func:`credscore._kernels.first_equal`) and share one verdict: a
        text repeating one phrase costs one check, not one per repeat. Without
        the loops, a dict finds them (:func:`_first_seen`, about 0.3 us a
        candidate against about 0.8 for a check that its caches answer). A
        ``not_after`` verdict that reads further back (the bytes before are
        one long word) is taken for each such candidate alone.
        """
        shared = self.shared(sig, pid, start, end, lo)
        if shared is not None:
            return shared
        return np.fromiter(
            (self.accepts(s_, p_, b, e, d) for s_, p_, b, e, d in zip(sig.tolist(), pid.tolist(), start.tolist(), end.tolist(), lo.tolist())),
            dtype=bool, count=len(sig),
        )

    def shared(
        self, sig: np.ndarray, pid: np.ndarray, start: np.ndarray, end: np.ndarray, lo: np.ndarray, most: float = 1.0,
        ahead: bool = False,
    ) -> np.ndarray | None:
        """:meth:`accept_all`'s verdicts when there are at least :data:`_DEDUP_MIN` candidates and at
        most ``most`` of them are distinct; else None. Equal candidates are found by the compiled
        loop when it runs, else with a dict (:func:`_first_seen`), but not for checks taken
        ``ahead`` of the selection loop: that loop checks only the candidates no kept match
        overlaps, often half of them, and a dict entry costs about half a check."""
        n = len(sig)
        if n < _DEDUP_MIN or not _DEDUP_CHECKS:
            return None
        dedup = _kernels.compiled("first_equal", len(self.buf))
        if dedup is None and ahead:
            return None
        # Only a pattern with ``not_after`` reads the bytes before a candidate (none once taken ahead).
        if self.ahead:
            before = start
        else:
            before = np.where(self.comp.has_not_after[pid], np.maximum(lo, start - _BEFORE_WINDOW), start)
        tag = (pid * 2 + (before == lo)) * (_BEFORE_WINDOW + 1) + (start - before)
        stop = np.minimum(end, start + _VALIDATE_WINDOW)
        if dedup is not None:
            rep: np.ndarray = dedup(np.frombuffer(self.buf, dtype=np.uint8), before, stop, tag, _HASH_SEED)
        else:
            rep = _first_seen(self.buf, before, stop, tag)
        own = np.flatnonzero(rep == np.arange(n))
        if len(own) > most * n:
            return None
        verdict = np.zeros(n, dtype=bool)
        alone = []
        for i, s_, p_, b, e, d, a in zip(own.tolist(), sig[own].tolist(), pid[own].tolist(), start[own].tolist(), end[own].tolist(),
                                         lo[own].tolist(), before[own].tolist()):
            verdict[i] = self.accepts(s_, p_, b, e, d)
            if not self.ahead and self.comp.not_after[p_] is not None and not _word_in(self.buf[a:b], a == d)[0]:
                alone.append(i)
        shared: np.ndarray = verdict[rep]
        if alone:
            for i in np.flatnonzero(np.isin(rep, alone)).tolist():
                shared[i] = self.accepts(int(sig[i]), int(pid[i]), int(start[i]), int(end[i]), int(lo[i]))
        return shared

    def not_afters(self, pid: np.ndarray, start: np.ndarray, lo: np.ndarray) -> np.ndarray:
        """Whether each match passes its pattern's ``not_after`` (True without one), all at once.

        The verdicts :meth:`accepts` gives, read with NumPy ahead of the
        selection (a rejected match blocks nothing, so the selection is the
        same). Row ``i`` holds the :data:`_AFTER_ROW` bytes before match
        ``i``'s start, read backwards (none before its document's first byte
        ``lo[i]``); the whitespace (or the one hyphen) and then the letters are
        counted from its left, as :func:`_word_in` strips them, and each
        distinct word is checked once per pattern (found by
        :func:`credscore._kernels.first_equal`, or a dict). A row whose
        whitespace or letters run back to its edge inside the document may go
        on: it is read alone by :func:`word_before`. Checked one by one in
        Python, the common candidates ("Monday", "patients" after "COVID-19")
        cost about 2 us each; here the 4 MB of the shared corpora that
        ``bench_stages.py`` reads go 1.5 ms/MB faster through the matcher.
        """
        ok = np.ones(len(pid), dtype=bool)
        at = _rows_of(self.comp.has_not_after[pid])
        if not len(at):
            return ok
        data = np.frombuffer(self.buf, dtype=np.uint8)
        dedup = _kernels.compiled("first_equal", len(self.buf))
        for k in range(0, len(at), _LAST_WORD_BLOCK):
            rows = at[k : k + _LAST_WORD_BLOCK]
            b = start[rows]
            sep, edge, word, undecided = _words_beside(data, b, b - lo[rows], -1)
            verdict = np.ones(len(rows), dtype=bool)
            cand = np.flatnonzero(word)
            if len(cand):  # the words in the buffer, each distinct (pattern, word) checked once
                verdict[cand] = self._each_word(data, dedup, b[cand] - edge[cand], b[cand] - sep[cand], pid[rows[cand]],
                                                self._after_ok)
            for i in np.flatnonzero(undecided).tolist():
                r = int(rows[i])
                read = word_before(self.buf, int(start[r]), int(lo[r]))
                verdict[i] = read is None or self._after_ok(int(pid[r]), read.encode("ascii"))
            ok[rows] = verdict
        return ok

    def not_befores(self, pid: np.ndarray, end: np.ndarray, doc: np.ndarray, doc_end: np.ndarray) -> np.ndarray:
        """Whether each match passes its pattern's ``not_before`` (True without one), all at once.

        :meth:`not_afters` read the other way: row ``i`` holds the :data:`_AFTER_ROW` bytes after
        match ``i``'s end (none past its document's end ``doc_end[doc[i]]``); the whitespace (or the one
        hyphen) and then the letters are counted from its left, and each distinct word is checked once
        per pattern. A row whose whitespace or letters run to its edge inside the document is read on by
        :func:`_words_after`. Taken ahead of the selection, as a rejected match blocks nothing.
        """
        ok = np.ones(len(pid), dtype=bool)
        at = _rows_of(self.comp.has_not_before[pid])
        if not len(at):
            return ok
        data = np.frombuffer(self.buf, dtype=np.uint8)
        dedup = _kernels.compiled("first_equal", len(self.buf))
        for k in range(0, len(at), _LAST_WORD_BLOCK):
            rows = at[k : k + _LAST_WORD_BLOCK]
            e = end[rows]
            hi = doc_end[doc[rows]]
            sep, edge, word, undecided = _words_beside(data, e, hi - e, 1)
            verdict = np.ones(len(rows), dtype=bool)
            cand = np.flatnonzero(word)
            if len(cand):
                verdict[cand] = self._each_word(data, dedup, e[cand] + sep[cand], e[cand] + edge[cand], pid[rows[cand]],
                                                self._before_ok)
            late = np.flatnonzero(undecided)
            if len(late):
                for i, read in zip(late.tolist(), _words_after(self.buf, e[late], hi[late])):
                    verdict[i] = read is None or self._before_ok(int(pid[rows[i]]), read.encode("ascii"))
            ok[rows] = verdict
        return ok

    def _each_word(
        self, data: np.ndarray, dedup: Callable[..., np.ndarray] | None, begin: np.ndarray, stop: np.ndarray,
        tag: np.ndarray, passes: Callable[[int, bytes], bool],
    ) -> np.ndarray:
        """``passes(pattern, word)`` for each word ``buf[begin[i]:stop[i]]`` of pattern ``tag[i]``, each distinct
        (pattern, word) checked once (found by :func:`credscore._kernels.first_equal` when ``dedup`` is that
        loop compiled, else by a dict)."""
        rep: np.ndarray = dedup(data, begin, stop, tag, _HASH_SEED) if dedup is not None else _first_seen(self.buf, begin, stop, tag)
        own = np.flatnonzero(rep == np.arange(len(tag)))
        mine = np.zeros(len(tag), dtype=bool)
        mine[own] = [passes(p_, self.buf[x:z]) for p_, x, z in zip(tag[own].tolist(), begin[own].tolist(), stop[own].tolist())]
        verdicts: np.ndarray = mine[rep]
        return verdicts

    def _before_ok(self, p_: int, word: bytes) -> bool:
        """Whether ``word`` (ASCII letters) after a match of pattern ``p_`` passes its ``not_before``."""
        rx = self.comp.not_before[p_]
        assert rx is not None
        return rx.fullmatch(word.decode("ascii")) is None

    def _after_ok(self, p_: int, word: bytes) -> bool:
        """Whether ``word`` (ASCII letters) before a match of pattern ``p_`` passes its ``not_after``."""
        rx = self.comp.not_after[p_]
        assert rx is not None
        return rx.fullmatch(word.decode("ascii")) is None

    def last_ok(self, p_: int, ending: bytes) -> bool:
        """Whether ``ending`` (the ASCII letters a match of pattern ``p_`` ends with) passes its ``last_word``."""
        last = self.last.get((p_, ending))
        if last is None:
            rx = self.comp.last_word[p_]
            assert rx is not None
            if len(self.last) >= _LAST_CACHE:
                self.last.clear()
            last = self.last[p_, ending] = rx.fullmatch(ending.decode("ascii")) is not None
        return last

    def last_words(self, pid: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Whether each match passes its pattern's ``last_word`` check (True without one), all at once.

        The verdicts :meth:`accepts` gives, read with NumPy: the letters each
        match ends with (of its first :data:`_VALIDATE_WINDOW` bytes) are
        gathered from the last :data:`_LAST_WORD_BYTES` bytes before its end,
        and each distinct word is checked once. A run of letters that fills
        those bytes may go on, so it is read alone. ``said_name_role`` reports
        an end after every word of an appositive ("said Jane Doe, who was at
        the ..."), and most of those ends are not a role: dropping them here
        spares each a check in Python (a rejected candidate never blocks
        another, so the selection is the same).
        """
        ok = np.ones(len(pid), dtype=bool)
        data = np.frombuffer(self.buf, dtype=np.uint8)
        span = np.arange(_LAST_WORD_BYTES + 1, dtype=np.int64)
        patterns = [p for p, rx in enumerate(self.comp.last_word) if rx is not None]
        # A block of rows at a time: no index array of every match (an appositive reports one a word).
        for k in range(0, len(pid) if patterns else 0, _LAST_WORD_BLOCK):
            rows = pid[k: k + _LAST_WORD_BLOCK]
            for p_ in patterns:
                at = np.flatnonzero(rows == p_)
                if len(at):
                    at += k
                    ok[at] = self._last_words_of(p_, data, span, start[at], end[at])
        return ok

    def _last_words_of(self, p_: int, data: np.ndarray, span: np.ndarray, b: np.ndarray, e: np.ndarray) -> np.ndarray:
        """:meth:`last_words` for the matches of pattern ``p_`` from ``b`` to ``e``.

        Row ``i`` holds the byte before each match's window end ``w`` and the
        :data:`_LAST_WORD_BYTES` before that, last at the right; the letters
        the match ends with are the row's trailing letters, and no more than
        ``w - b`` of them (``rstrip`` stops at the match's start).
        """
        w = np.minimum(e, b + _VALIDATE_WINDOW)
        count = _kernels.compiled("trailing_letters", len(self.buf))
        dedup = _kernels.compiled("first_equal", len(self.buf))
        if count is not None and dedup is not None:
            # Compiled: count each window's letters back from its end, then check each distinct word once.
            n_letters: np.ndarray = count(data, b, w, _IS_LETTER, _LAST_WORD_BYTES)
            known = (n_letters < _LAST_WORD_BYTES) | (w - b <= _LAST_WORD_BYTES)  # else the run may go on
            first = w - n_letters
            rep: np.ndarray = dedup(data, first, w, np.zeros(len(w), dtype=np.int64), _HASH_SEED)
            own = np.flatnonzero(rep == np.arange(len(w)))
            verdict = np.zeros(len(w), dtype=bool)
            verdict[own] = [self.last_ok(p_, self.buf[a:z]) for a, z in zip(first[own].tolist(), w[own].tolist())]
            mine: np.ndarray = verdict[rep]
        else:
            row = np.take(data, (w - (_LAST_WORD_BYTES + 1))[:, None] + span, mode="clip")
            row[:, 0] = 0  # not a letter: a row's trailing letters are at most _LAST_WORD_BYTES
            n_letters = (~_IS_LETTER[row[:, ::-1]]).argmax(axis=1)
            known = (n_letters < _LAST_WORD_BYTES) | (w - b <= _LAST_WORD_BYTES)  # else the run may go on
            np.minimum(n_letters, w - b, out=n_letters)
            row[span < (_LAST_WORD_BYTES + 1 - n_letters)[:, None]] = 0  # the word alone, right-aligned
            distinct, which = np.unique(row.view(f"S{_LAST_WORD_BYTES + 1}").ravel(), return_inverse=True)
            # NumPy's bytes drop trailing NULs only; letters are never NUL, so lstrip gives the word.
            verdict = np.fromiter((self.last_ok(p_, bytes(word).lstrip(b"\0")) for word in distinct.tolist()),
                                  dtype=bool, count=len(distinct))
            mine = verdict[which.reshape(-1)]
        for i in np.flatnonzero(~known).tolist():  # the letters may begin before the bytes read
            seg = self.buf[int(b[i]) : int(w[i])]
            mine[i] = self.last_ok(p_, seg[len(seg.rstrip(_LETTER_BYTES)) :])
        return mine

    def accepts(self, s_: int, p_: int, b: int, e: int, lo: int) -> bool:
        """Whether the match of pattern ``p_`` (signal ``s_``) over ``buf[b:e]``,
        in the document that starts at ``lo``, is kept (without its ``not_after`` once :attr:`ahead` is set)."""
        comp = self.comp
        rx = None if self.ahead else comp.not_after[p_]
        if rx is not None:
            # Like a validator's verdict, reused for the same bytes before the
            # match whenever they decide it (nearly always).
            at = max(lo, b - _BEFORE_WINDOW)
            seg = self.buf[at:b]
            after = self.after.get((p_, seg, at == lo))
            if after is None:
                decided, word = _word_in(seg, at == lo)
                if not decided:  # rare: read on, and do not keep the verdict
                    word = word_before(self.buf, b, lo)
                after = word is not None and rx.fullmatch(word) is not None
                if decided:
                    self.after[p_, seg, at == lo] = after
            if after:
                return False
        w = e if e - b <= _VALIDATE_WINDOW else b + _VALIDATE_WINDOW
        if comp.last_word[p_] is not None:
            seg = self.buf[b:w]
            if not self.last_ok(p_, seg[len(seg.rstrip(_LETTER_BYTES)) :]):  # the ASCII letters it ends with
                return False
        check = comp.validators[s_]
        if check is None:
            return True
        text = self.buf[b:w]
        ok = self.verdicts.get((s_, text))
        if ok is None:
            ok = self.verdicts[s_, text] = bool(check(text.decode("utf-8", "replace")))
        return ok


# --- from one scan to the accepted matches ---------------------------------
# Matcher.count and Matcher.find both come through resolve(): scan the
# documents joined (scan_documents), then keep per document and signal the
# non-overlapping leftmost-longest candidates that pass their checks
# (_Checks; _greedy for the groups whose candidates overlap).


#: A transcript's speaker label at the start of a line ("Q:", "A.", "HOLT:", "SEN. JANE DOE:"): what follows
#: on the line is that speaker's speech, as a quote is. Labels of a page's furniture ("UPDATE:", "EDITOR'S
#: NOTE:") are not speakers (:data:`_NOT_SPEAKERS`).
_SPEAKER_LABEL = re.compile(rb"[ \t]*(?:[QA][:.]|([A-Z][A-Z.'\-]*(?:[ \t]+[A-Z][A-Z.'\-]*){0,3}):)[ \t]")
_NOT_SPEAKERS = frozenset(
    b"""UPDATE UPDATED EDITOR EDITOR'S NOTE CORRECTION CLARIFICATION RELATED BREAKING WATCH READ WARNING ALERT
    EXCLUSIVE SOURCE SOURCES PHOTO CREDIT CAPTION DISCLOSURE ADVERTISEMENT OPINION ANALYSIS EDITORIAL
    SUMMARY FACT CLAIM VERDICT RATING BACKGROUND CONTEXT SEE ALSO PS P.S. NB N.B. FYI TL TLDR MORE FILE
    TRENDING POLL DEAR RECOMMENDED LISTEN SUBSCRIBE SIGN SHARE TAGS TOPICS SPONSORED PROMOTED LIVE LATEST TOP
    VIDEO AUDIO GRAPHIC MAP CHART IMAGE PICTURE PICTURED PHOTOS TIP TIPS QUIZ
    SHOCKING URGENT BOMBSHELL EXPOSED WOW REVEALED HORRIFYING DEVELOPING JUST MUST HUGE EXPLOSIVE SCANDAL
    INCREDIBLE AMAZING UNBELIEVABLE ATTENTION IMPORTANT NEW""".split()
)


def _speaker_lines(buf: bytes, lines: np.ndarray) -> np.ndarray:
    """Whether each line (starting at ``lines``) opens with a transcript's speaker label (:data:`_SPEAKER_LABEL`)."""
    out = np.zeros(len(lines), dtype=bool)
    for i, a in enumerate(lines.tolist()):
        m = _SPEAKER_LABEL.match(buf, a, a + 48)
        out[i] = m is not None and (m.group(1) is None or m.group(1).split()[0] not in _NOT_SPEAKERS)
    return out


def inside_quotes(buf: bytes, offsets: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Whether each position ``at`` of ``buf`` (documents starting at ``offsets``) is inside a quote: after
    an odd number of double quotes (``"`` “ ” „) in its line of its document, between single quotation
    marks paired in its line (:func:`credscore._body.single_quote_pairs`), or after a transcript's
    speaker label opening its line ("Q:", "HOLT:"; see :attr:`credscore.Signal.outside_quotes`).

    >>> inside_quotes(b'a "b" c "d\\ne" f', np.array([0]), np.array([0, 3, 6, 9, 11, 14])).tolist()
    [False, True, False, True, False, True]
    >>> inside_quotes(b'Q: you said\\nA: I did\\nUPDATE: I', np.array([0]), np.array([3, 15, 27])).tolist()
    [True, True, False]
    >>> inside_quotes("‘I won,’ I said. I'm 'sure'".encode(), np.array([0]), np.array([3, 12, 20, 26])).tolist()
    [True, False, False, True]
    """
    lines = _QuoteLines(buf, offsets)
    inside = np.empty(len(at), dtype=bool)
    for a in range(0, len(at), _QUOTE_STEP):  # positions a step at a time: ~50 bytes each while they are read
        inside[a : a + _QUOTE_STEP] = lines.inside(at[a : a + _QUOTE_STEP])
    return inside


def _merged(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.union1d(a, b)`` of two sorted int64 arrays: joined, sorted (two sorted runs) and each repeat
    dropped. ``np.union1d`` finds the distinct values by hashing first, then sorts them: about four times
    as long (1 ms/MB of the shared corpora for the line starts of :class:`_QuoteLines`).

    >>> _merged(np.array([1, 4, 9]), np.array([0, 4, 12])).tolist()
    [0, 1, 4, 9, 12]
    """
    out = np.concatenate([a, b])
    out.sort()
    first = np.ones(len(out), dtype=bool)
    np.not_equal(out[1:], out[:-1], out=first[1:])
    return out[first]


class _QuoteLines:
    """Where the lines of ``buf`` (documents starting at ``offsets``) begin and its quote marks are, read
    once: :meth:`inside` then answers :func:`inside_quotes` for any positions, a step of them at a time."""

    def __init__(self, buf: bytes, offsets: np.ndarray) -> None:
        self.buf = buf
        data = np.frombuffer(buf, dtype=np.uint8)
        # Where each position's line begins: after the last line feed before it, or at its document's start.
        self.breaks = _merged(np.flatnonzero(data == 0x0A) + 1, offsets)
        e2 = np.flatnonzero(data == 0xE2)
        self.marks = double_quote_marks(data, e2)
        self.single_opens, self.single_closes = single_quote_pairs(data, self.breaks, e2)

    def inside(self, at: np.ndarray) -> np.ndarray:
        """:func:`inside_quotes` of the positions ``at``, all at once (~50 bytes each while they are read)."""
        line = self.breaks[np.searchsorted(self.breaks, at, side="right") - 1]
        starts, which = np.unique(line, return_inverse=True)
        spoken: np.ndarray = _speaker_lines(self.buf, starts)[which.reshape(-1)]
        if len(self.marks):
            spoken |= (np.searchsorted(self.marks, at) - np.searchsorted(self.marks, line)) % 2 == 1
        if len(self.single_opens):
            q = np.searchsorted(self.single_opens, at) - 1  # the last single quote opened before each position
            spoken |= (q >= 0) & (at < self.single_closes[np.maximum(q, 0)])
        return spoken


#: Positions :func:`inside_quotes` reads at a time, and rows the resolution hands it at a time (a crafted
#: text of "I " holds 5 million first_person matches in 10 MB: read at once, their temporary arrays took
#: 250 MB; half a million at a time, 30 MB; 65,536 at a time, 4 MB).
_QUOTE_STEP = 1 << 16


def scan_documents(comp: _Compiled, datas: Sequence[bytes]) -> tuple[bytes, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scan documents; return the buffer and its matches, each inside one document.

    Returns ``(buf, offsets, doc, pid, start, end)``: ``offsets[i]`` is where
    document ``i`` starts in ``buf`` and start/end are offsets into ``buf``.
    A match is reported exactly as a scan of its document alone reports it.
    """
    n = len(datas)
    if n == 1 or not comp.joinable:
        if n == 1:  # every match in document 0: a read-only view of one zero, as _scan_joined gives
            pid, start, end = comp.scan(datas[0])
            return datas[0], np.zeros(1, dtype=np.int64), np.broadcast_to(np.int64(0), pid.shape), pid, start, end
        scans = [comp.scan(d) for d in datas]
        lens = np.fromiter((len(d) for d in datas), dtype=np.int64, count=n)
        offsets = np.zeros(n, dtype=np.int64)
        np.cumsum(lens[:-1] + len(_SEP), out=offsets[1:])
        sizes = np.fromiter((len(p[0]) for p in scans), dtype=np.int64, count=n)
        doc = np.repeat(np.arange(n, dtype=np.int64), sizes)
        pid = np.concatenate([p[0] for p in scans])
        start = np.concatenate([p[1] for p in scans]) + offsets[doc]
        end = np.concatenate([p[2] for p in scans]) + offsets[doc]
        return _SEP.join(datas), offsets, doc, pid, start, end
    return _scan_joined(datas, comp.scan)


def _scan_joined(
    parts: Sequence[bytes], scan: Callable[[bytes], tuple[np.ndarray, np.ndarray, np.ndarray]]
) -> tuple[bytes, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scan ``parts`` (documents, or a gated signal's lines) joined by :data:`_SEP`, in one call.

    Returns ``(buf, offsets, part, pid, start, end)``: ``offsets[i]`` is where
    part ``i`` starts in ``buf``, and each match lies inside its part, as a
    scan of that part alone reports it. A match that leaves its part (into
    the separator or beyond) is not a match of either part alone, and it may
    hide one: Hyperscan reports only the leftmost start of each end, and a
    run (see _Run) only its longest extent. Every part such a match starts
    or ends in is scanned again, alone.
    """
    n = len(parts)
    buf = _SEP.join(parts)
    lens = np.fromiter((len(d) for d in parts), dtype=np.int64, count=n)
    offsets = np.zeros(n, dtype=np.int64)
    np.cumsum(lens[:-1] + len(_SEP), out=offsets[1:])
    pid, start, end = scan(buf)
    if n == 1:  # the buffer is the part: every match lies inside it (part 0 for all, a view of one zero)
        return buf, offsets, np.broadcast_to(np.int64(0), pid.shape), pid, start, end
    part = np.searchsorted(offsets, start, side="right") - 1
    inside = end <= (offsets + lens)[part]
    if not inside.all():
        out_end = end[~inside] - 1
        out_part = np.searchsorted(offsets, out_end, side="right") - 1
        redo = np.union1d(part[~inside], out_part[out_end < offsets[out_part] + lens[out_part]])
        keep = inside & ~np.isin(part, redo)
        pieces: list[tuple[np.ndarray, ...]] = [(part[keep], pid[keep], start[keep], end[keep])]
        for r in redo.tolist():
            p, s, e = scan(parts[r])
            pieces.append((np.full(len(p), r, dtype=np.int64), p, s + offsets[r], e + offsets[r]))
        part, pid, start, end = (np.concatenate(cols) for cols in zip(*pieces))
    return buf, offsets, part, pid, start, end


def resolve(comp: _Compiled, datas: Sequence[bytes], direct: bool = True) -> _Resolved:
    """Scan ``datas`` (UTF-8 documents) once; return the accepted matches.

    Per document and signal, matches are made non-overlapping
    leftmost-longest: sort by start, longest first, keep each match that
    starts at or after the end of the last kept one. A validator runs on
    each candidate that passes that test, before it is kept. The runs of
    ``comp.direct`` are their signals' matches as found; ``direct=False``
    leaves them out (:meth:`Matcher.count` counts them apart).
    """
    found = _resolve_scanned(comp, datas)
    if not direct or not comp.direct or not datas:
        return found
    parts = [found]
    for run in comp.direct:
        sig = int(comp.pattern_signal[run.pid])
        for i, data in enumerate(datas):
            start, end = run.find(data)
            if len(start):
                parts.append(_Resolved(np.full(len(start), i, dtype=np.int64), np.full(len(start), sig, dtype=np.int64),
                                       np.full(len(start), run.pid, dtype=np.int64), start, end))
    if len(parts) == 1:
        return found
    return _Resolved(*(np.concatenate(cols) for cols in zip(*parts)))


def _resolve_scanned(comp: _Compiled, datas: Sequence[bytes]) -> _Resolved:
    """:func:`resolve` of the matches that :meth:`_Compiled.scan` reports (all but ``comp.direct``'s)."""
    if not comp.databases and not comp.runs or not datas:
        return _EMPTY
    buf, offsets, doc, pid, start, end = scan_documents(comp, datas)
    if not len(pid):
        return _EMPTY
    checks = _Checks(comp, buf)
    keep = checks.last_words(pid, start, end)
    single = len(offsets) == 1  # one document: every row's is 0, and no array of it is made
    keep &= checks.not_afters(pid, start, np.broadcast_to(offsets[0], pid.shape) if single else offsets[doc])
    if comp.has_not_before.any():
        doc_end = np.append(offsets[1:] - len(_SEP), len(buf))
        keep &= checks.not_befores(pid, end, np.broadcast_to(np.int64(0), pid.shape) if single else doc, doc_end)
    checks.ahead = True  # the rows not_afters rejects are dropped below: accepts does not read their words again
    quoting = comp.outside_quotes[pid]
    if quoting.any():  # like a check's verdict, taken before the selection: a rejected match blocks nothing
        # A step of rows at a time, so that no array of 8 bytes a candidate is made ("I " repeated: every
        # match a first_person one, 5 million in 10 MB).
        lines = _QuoteLines(buf, offsets)
        for a in range(0, len(pid), _QUOTE_STEP):
            rows = np.flatnonzero(quoting[a : a + _QUOTE_STEP])
            rows += a
            keep[rows[lines.inside(start[rows])]] = False
        del lines
    del quoting
    if not keep.all():
        if not single:
            doc = doc[keep]
        pid = pid[keep]
        start = start[keep]
        end = end[keep]
        if not len(pid):
            return _EMPTY
    del keep
    # A crafted text can make millions of candidates, and every int64 array of them costs 8 bytes a
    # candidate: the arrays below are freed as soon as they are used, the document and the signal are
    # read back from the group (doc * n_sig + sig) rather than kept, and arrays are reused in place.
    n_sig = len(comp.signals)
    if single:  # the group is the signal: 4 bytes a row
        group = comp.pattern_signal.astype(np.int32)[pid]
    else:
        group = comp.pattern_signal[pid]
        group += doc * n_sig
    del doc
    _sort_rows(group, start, end, pid, len(buf), len(comp.pattern_signal))
    n = len(group)
    row_checked = comp.checked_late[pid]  # each row's pattern has a check left (not_after, not_before read above)
    # Of the matches sharing a start, only the longest can be kept without
    # a validator: a shorter one starts inside it or inside whatever
    # blocked it. With a validator the longest may be rejected and a
    # shorter one accepted, so there every match is a candidate.
    first = np.ones(n, dtype=bool)
    first[1:] = (group[1:] != group[:-1]) | (start[1:] != start[:-1])
    first |= row_checked
    cand = _rows_of(first)
    del first
    # The candidates of a group (document x signal) fall into clusters: a
    # cluster opens at a candidate that starts at or after the end of every
    # candidate before it in its group. The greedy selection never carries
    # anything across a cluster's opening (whatever was kept ends before
    # it), so a cluster of one candidate is kept when its checks accept it.
    # Larger clusters (overlapping candidates, rare in prose) go through the
    # exact loop in _greedy, each cluster a group of its own.
    opens = _cluster_opens(group, start, end, cand, len(buf) + 1)
    alone = opens.copy()  # a cluster of one: it opens, and so does the next candidate's
    alone[:-1] &= opens[1:]
    lo = functools.partial(_doc_starts, offsets, n_sig, group)
    if not alone.all():
        idx = cand[~alone]
        cluster = np.cumsum(opens)[~alone]
        cand = cand[alone]
        # Checked ahead, all at once, when most candidates are repeats that can share a check
        # (a crafted text repeating one phrase makes every group overlap); else as the loop
        # reaches them, which checks only the candidates the overlap test lets through.
        v = idx[row_checked[idx]]
        verdicts = checks.shared(comp.pattern_signal[pid[v]], pid[v], start[v], end[v], lo(v), most=_DEDUP_AHEAD, ahead=True)
        del v
        if verdicts is not None:
            ok = np.ones(len(idx), dtype=bool)
            ok[row_checked[idx]] = verdicts
            verdicts = ok
        kept = [_greedy(checks, idx, cluster, comp.pattern_signal[pid[idx]], pid, start, end, lo(idx), verdicts)]
        del idx, cluster
    else:
        kept = []
    del opens, alone
    at = np.flatnonzero(row_checked[cand])  # where the candidates with checks sit in ``cand``
    if len(at):
        checked = cand[at]
        ok = checks.accept_all(comp.pattern_signal[pid[checked]], pid[checked], start[checked], end[checked], lo(checked))
        keep = np.ones(len(cand), dtype=bool)
        keep[at[~ok]] = False
        cand = cand[keep]
    if kept:
        idx = np.concatenate([cand, *kept])
        del cand
        idx.sort()
    else:
        idx = cand
        del cand
    del kept, lo
    # Each result array is gathered from its sorted one, in that one's memory when it keeps most rows.
    cell = _gather(group, idx)
    del group
    out_pid = _gather(pid, idx)
    del pid
    out_start = _gather(start, idx)
    del start
    out_end = _gather(end, idx)
    del end, idx
    if single:  # the group is the signal
        return _Resolved(np.broadcast_to(np.int64(0), cell.shape), cell, out_pid, out_start, out_end)
    d = cell
    d //= n_sig
    out_sig = comp.pattern_signal[out_pid]
    if len(offsets) > 1:
        base = offsets[d]
        out_start -= base
        out_end -= base
    return _Resolved(d, out_sig, out_pid, out_start, out_end)


def _sort_rows(group: np.ndarray, start: np.ndarray, end: np.ndarray, pid: np.ndarray, n_bytes: int, n_pat: int) -> None:
    """Sort the rows in place by group, then start, then longest first, then the pattern listed first.

    The four columns are packed into one int64 key when they fit in 63 bits (the group, a start below
    ``n_bytes``, the room left to the longest match, a pattern id below ``n_pat``): the key is sorted
    in place and read back into the columns, a block of :data:`_GATHER_BLOCK` rows at a time, so that
    sorting takes one array of 8 bytes a row, and none when the keys are found in order already. Else
    (a chunk too long for the key) by ``np.lexsort`` and an order array. The columns are this call's
    own (a scan's, or copies), and written.
    """
    n = len(group)
    if not n:
        return
    # The longest match, a block at a time (end - start whole would be an array of 8 bytes a row).
    longest = max(int((end[a: a + _GATHER_BLOCK] - start[a: a + _GATHER_BLOCK]).max()) for a in range(0, n, _GATHER_BLOCK))
    bits_p = max(n_pat - 1, 1).bit_length()
    bits_l = max(longest, 1).bit_length()
    bits_s = max(n_bytes, 1).bit_length()
    bits_g = max(int(group.max()), 1).bit_length()
    if bits_p + bits_l + bits_s + bits_g > 63:
        order = np.lexsort((pid, -end, start, group))  # ties: the pattern listed first
        for col in (group, start, end, pid):  # in place, one array at a time
            np.take(col, order, out=col)
        return

    def block_key(a: int) -> np.ndarray:
        k: np.ndarray = group[a: a + _GATHER_BLOCK].astype(np.int64)
        k <<= bits_s
        k |= start[a: a + _GATHER_BLOCK]
        k <<= bits_l
        k |= longest - (end[a: a + _GATHER_BLOCK] - start[a: a + _GATHER_BLOCK])
        k <<= bits_p
        k |= pid[a: a + _GATHER_BLOCK]
        return k

    # Rows often come sorted (one scan's reports of matches that do not overlap: "I " repeated): read
    # block by block, they are left as they are, and no key array is made.
    last = -1
    for a in range(0, n, _GATHER_BLOCK):
        k = block_key(a)
        if k[0] < last or (k[1:] < k[:-1]).any():
            break
        last = int(k[-1])
    else:
        return
    key = np.empty(n, dtype=np.int64)
    for a in range(0, n, _GATHER_BLOCK):
        key[a: a + _GATHER_BLOCK] = block_key(a)
    key.sort()
    mask_p, mask_l, mask_s = (1 << bits_p) - 1, (1 << bits_l) - 1, (1 << bits_s) - 1
    for a in range(0, n, _GATHER_BLOCK):
        b = a + _GATHER_BLOCK
        k = key[a:b]
        pid[a:b] = k & mask_p
        k >>= bits_p
        length = longest - (k & mask_l)
        k >>= bits_l
        start[a:b] = k & mask_s
        end[a:b] = start[a:b] + length
        group[a:b] = k >> bits_s


def _rows_of(mask: np.ndarray) -> np.ndarray:
    """``np.flatnonzero(mask)``, as 4-byte rows when ``mask`` is shorter than 2**31 (gathered a block of
    :data:`_GATHER_BLOCK` at a time: no 8-byte array of them is made)."""
    if len(mask) >= 1 << 31:
        return np.flatnonzero(mask)
    rows = np.empty(np.count_nonzero(mask), dtype=np.int32)
    filled = 0
    for a in range(0, len(mask), _GATHER_BLOCK):
        some = np.flatnonzero(mask[a: a + _GATHER_BLOCK])
        some += a
        rows[filled: filled + len(some)] = some
        filled += len(some)
    return rows


def _gather(col: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``col[idx]`` for ascending ``idx`` (distinct rows): written over ``col``'s first rows when it
    keeps at least half of them (no second array of that size), else a copy (``col`` can then be let go).

    In place, a block of :data:`_GATHER_BLOCK` rows at a time: row ``i`` takes ``col[idx[i]]`` with
    ``idx[i] >= i``, so a block only overwrites rows that no later block reads. (``np.take`` with
    ``out`` overlapping ``col`` buffers a copy of the whole output.)
    """
    if 2 * len(idx) < len(col):
        copied: np.ndarray = col[idx]
        return copied
    out = col[: len(idx)]
    for k in range(0, len(idx), _GATHER_BLOCK):
        rows = idx[k: k + _GATHER_BLOCK]
        out[k: k + len(rows)] = col[rows]
    return out


def _cluster_opens(group: np.ndarray, start: np.ndarray, end: np.ndarray, cand: np.ndarray, stride: int) -> np.ndarray:
    """Whether each of the rows ``cand`` (sorted by group, then start) opens a cluster: it starts at or
    after the end of every candidate before it in its group.

    Taken in blocks of :data:`_CLUSTER_BLOCK` rows, the furthest end so far carried from one to the
    next, so that the arrays it needs are a block's, not three of every candidate. ``stride`` is more
    than any offset: group ``g``'s offsets are moved by ``g * stride``, after every earlier group's.
    """
    opens = np.ones(len(cand), dtype=bool)
    furthest = -1
    for k in range(0, len(cand), _CLUSTER_BLOCK):
        rows = cand[k: k + _CLUSTER_BLOCK]
        push = group[rows].astype(np.int64)
        push *= stride
        c_start = start[rows]
        c_start += push
        reach = end[rows]
        reach += push
        del push
        reach[0] = max(int(reach[0]), furthest)
        np.maximum.accumulate(reach, out=reach)  # the furthest end so far in the group
        if k:
            opens[k] = c_start[0] >= furthest
        np.greater_equal(c_start[1:], reach[:-1], out=opens[k + 1: k + len(rows)])
        furthest = int(reach[-1])
    return opens


def _doc_starts(offsets: np.ndarray, n_sig: int, group: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Where the document of each of ``rows`` starts in the chunk's buffer (``group`` is doc * n_sig + sig)."""
    return offsets[group[rows] // n_sig] if len(offsets) > 1 else np.zeros(len(rows), dtype=np.int64)


def _greedy(
    checks: _Checks,
    idx: np.ndarray,
    group: np.ndarray,
    sig: np.ndarray,
    pid: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    lo: np.ndarray,
    verdicts: np.ndarray | None = None,
) -> np.ndarray:
    """The exact selection loop, for the groups the vectorised path cannot decide.

    ``group`` (each row's group), ``sig`` (its signal) and ``lo`` (where its
    document starts) are given for the rows ``idx``, one each; ``pid``,
    ``start`` and ``end`` are the whole arrays that ``idx`` indexes. ``verdicts`` (one per
    ``idx``) are the checks' verdicts when they were taken ahead; else each
    candidate that survives the overlap test is checked.
    """
    loop = _kernels.compiled("greedy_kept", len(checks.buf))
    if loop is None:
        return _greedy_rows(checks, idx, group, sig, pid, start, end, lo, verdicts)
    # Where every verdict is known (taken ahead, or no check), the same loop, compiled: a crafted text
    # ("$5 $5 $5 ...") can put every match of a text in one group that overlaps. Groups are independent,
    # so the rows of unchecked signals go to it apart from the rest.
    # Per signal, not per pattern: a group's rows must all go to one loop, and a signal with one checked
    # pattern has groups that mix checked and unchecked rows.
    known = np.ones(len(idx), dtype=bool) if verdicts is not None else ~checks.comp.validated_late[sig]
    rows = idx[known]
    ok = verdicts if verdicts is not None else np.ones(len(rows), dtype=bool)
    fast: np.ndarray = rows[loop(group[known], start[rows], end[rows], ok)]
    if known.all():
        return fast
    return np.concatenate([fast, _greedy_rows(checks, idx[~known], group[~known], sig[~known], pid, start, end, lo[~known])])


def _greedy_rows(
    checks: _Checks,
    idx: np.ndarray,
    group: np.ndarray,
    sig: np.ndarray,
    pid: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    lo: np.ndarray,
    verdicts: np.ndarray | None = None,
) -> np.ndarray:
    """:func:`_greedy`'s loop in Python, row by row, each check taken as the loop reaches it
    (``group``, ``sig`` and ``lo`` one per ``idx``, as there)."""
    checked = checks.comp.checked_late
    kept: list[int] = []
    last_group = -1
    last_end = -1
    rows = zip(idx.tolist(), group.tolist(), sig.tolist(), pid[idx].tolist(), start[idx].tolist(),
               end[idx].tolist(), lo.tolist(), itertools.repeat(None) if verdicts is None else verdicts.tolist())
    for i, g, s_, p_, b, e, d, ok in rows:
        if g != last_group:
            last_group, last_end = g, -1
        if b < last_end:
            continue
        if checked[p_] and not (checks.accepts(s_, p_, b, e, d) if ok is None else ok):
            continue
        kept.append(i)
        last_end = e
    return np.asarray(kept, dtype=np.int64)


class Matcher:
    """All signal patterns compiled into one automaton per scope (see the line gate for the others).

    A ``Matcher`` behaves like a read-only container of signals: ``len(m)``,
    ``"anonymous_sourcing" in m`` and iteration over :attr:`signals` work.
    Compilation happens on first use and is shared by every call afterwards.

    Every method reads a text as ``featurize`` and ``explain`` do
    (:func:`credscore._tokens.encode_text`): whitespace beyond ASCII's as a
    space, letters drawn like ASCII ones as them, accented letters without
    their accents, and without the characters
    that print as nothing (a zero-width space, a soft hyphen...). Spans are
    placed in the text as given, so a span with such a character inside
    shows it.

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
        """Return the column of signal ``name`` in :meth:`count` output; a KeyError lists the names there are.

        >>> from credscore import Matcher
        >>> m = Matcher()
        >>> counts = m.count(["Sources said the report was unverified. Sources said more."])
        >>> int(counts[0, m.index("anonymous_sourcing")]), int(counts[0, m.index("unverified_claim")])
        (2, 1)
        """
        try:
            return self._index[name]
        except KeyError:
            raise KeyError(f"No signal named {name!r}; known: {sorted(self._index)}") from None

    def scope_indices(self, scope: Scope) -> tuple[int, ...]:
        """Indices of the signals that read ``scope`` ("text" or "title")."""
        return self._by_scope[scope]

    # compilation ---------------------------------------------------------
    def _get(self, scope: str) -> _Compiled:
        if scope not in self._by_scope:
            raise ValueError(f"scope must be 'text' or 'title', got {scope!r}")
        comp = self._compiled.get(scope)
        if comp is None:
            with self._lock:
                comp = self._compiled.get(scope)
                if comp is None:
                    comp = _Compiled([self.signals[i] for i in self._by_scope[scope]])
                    self._compiled[scope] = comp
        return comp

    def save_databases(self, directory: str | os.PathLike[str]) -> dict[str, tuple[str, str]]:
        """Compile both scopes and save their databases under ``directory``.

        For worker processes: compiling the catalogue takes seconds of CPU,
        loading a saved database milliseconds (this works with the cache
        off, too). The files have the cache's format. Returns
        ``{scope: (key, path)}``, a small picklable value to pass to
        :meth:`load_databases` in each worker. The caller owns (and
        removes) the files.

        Examples
        --------
        >>> import tempfile
        >>> from credscore import CATALOGUE, Matcher
        >>> hedging = [s for s in CATALOGUE if s.name == "hedging"]
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     saved = Matcher(hedging).save_databases(folder)
        ...     worker = Matcher(hedging)
        ...     worker.load_databases(saved)
        ...     [e.text for e in worker.find("It may be so.")]
        ['may be']
        >>> sorted(saved)
        ['text']
        """
        shipped = {}
        for scope in ("text", "title"):
            comp = self._get(scope)
            if comp.databases:
                path = Path(directory) / f"{scope}-{comp.key[:16]}.hsdb"
                _write_db(path, comp.key, comp.databases)
                shipped[scope] = (comp.key, str(path))
        return shipped

    def load_databases(self, shipped: dict[str, tuple[str, str]]) -> None:
        """Use databases saved by :meth:`save_databases` for the scopes not compiled yet.

        A database is used only if it was built from exactly this matcher's
        patterns on this platform (same key, checked against the file's
        header); otherwise the scope is loaded from the cache or compiled.
        """
        for scope, (_key, path) in shipped.items():
            if scope in self._compiled:
                continue
            with self._lock:
                if scope not in self._compiled:
                    self._compiled[scope] = _Compiled([self.signals[i] for i in self._by_scope[scope]], path)

    # the one scan ----------------------------------------------------------
    def count(self, texts: Sequence[str], scope: Scope = "text", *, encoded: Sequence[bytes] | None = None) -> np.ndarray:
        """Count each signal's evidence spans in each text.

        Parameters
        ----------
        texts : sequence of str
            Documents (or titles, with ``scope="title"``).
        scope : {"text", "title"}
            Only signals of this scope are counted; other columns stay 0.
        encoded : sequence of bytes, optional
            ``[encode_text(t) for t in texts]`` when the caller has it
            (:attr:`credscore._tokens.ByteBatch.encoded`): not encoded again.

        Returns
        -------
        numpy.ndarray of int64, shape (len(texts), len(self))
            Row ``i`` holds what ``find(texts[i], scope)`` gives, counted per signal (columns in
            :attr:`signals` order; :meth:`index` finds one by name).

        Examples
        --------
        >>> from credscore import Matcher
        >>> m = Matcher()
        >>> counts = m.count(["People familiar with the matter said so.", "The council met on Monday."])
        >>> counts.shape == (2, len(m.signals)), int(counts[0].sum()) >= 1, int(counts[1, m.index("anonymous_sourcing")])
        (True, True, 0)
        """
        if isinstance(texts, (str, bytes)):
            raise TypeError(f"texts must be a sequence of str, not a single {type(texts).__name__}")
        if not isinstance(texts, Sequence):
            if not isinstance(texts, Iterable):
                raise TypeError(f"texts must be a sequence of str, got {type(texts).__name__}")
            texts = list(texts)  # a generator: counted row by row all the same
        if encoded is not None and len(encoded) != len(texts):
            raise ValueError(f"encoded holds {len(encoded)} texts, texts {len(texts)}")
        comp = self._get(scope)
        cols = np.asarray(self._by_scope[scope], dtype=np.intp)
        out = np.zeros((len(texts), len(self.signals)), dtype=np.int64)
        if comp.empty:
            return out
        n_sig = len(comp.signals)
        chunk: list[bytes] = []
        rows: list[int] = []
        size = 0
        for row, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{row}] must be str, got {type(text).__name__}")
            data = encode_text(text) if encoded is None else encoded[row]
            if not data:
                continue
            chunk.append(data)
            rows.append(row)
            size += len(data)
            if size >= _CHUNK_BYTES:
                self._count_chunk(comp, chunk, rows, out, cols, n_sig)
                chunk, rows, size = [], [], 0
        if chunk:
            self._count_chunk(comp, chunk, rows, out, cols, n_sig)
        return out

    def _count_chunk(
        self, comp: _Compiled, chunk: list[bytes], rows: list[int], out: np.ndarray, cols: np.ndarray, n_sig: int
    ) -> None:
        per_doc = _per_document(resolve(comp, chunk, direct=False), len(chunk), n_sig)
        for run in comp.direct:
            per_doc[:, comp.pattern_signal[run.pid]] += np.fromiter((run.count(d) for d in chunk), np.int64, len(chunk))
        out[np.ix_(np.asarray(rows, dtype=np.intp), cols)] = per_doc

    def find(self, text: str, scope: Scope = "text") -> list[Evidence]:
        """Return the evidence spans in ``text``, ordered by position.

        Examples
        --------
        >>> from credscore import Matcher
        >>> ev = Matcher().find("The claim was unverified.")
        >>> [(e.signal, e.start, e.end, e.text) for e in ev]
        [('unverified_claim', 14, 24, 'unverified')]
        >>> [(e.start, e.end) for e in Matcher().find("Sources\u200b said so.")]  # a zero-width space inside
        [(0, 13)]
        """
        return self.find_counted(text, scope)[0]

    def find_counted(
        self, text: str, scope: Scope = "text", limit: int | None = None
    ) -> tuple[list[Evidence], np.ndarray]:
        """:meth:`find`, with each signal's count, and at most ``limit`` spans per signal.

        Returns the evidence spans ordered by position (of each signal with
        more than ``limit``, its first ``limit``) and every signal's number of
        spans (int64, ``len(self)``; 0 outside ``scope``): the counts are
        :meth:`count`'s whatever the limit. A text made to hold millions of
        matches then costs a few arrays, not a Python object per match.

        Examples
        --------
        >>> from credscore import Matcher
        >>> m = Matcher()
        >>> ev, counts = m.find_counted("Wow! Really! No!", limit=2)
        >>> [e.text for e in ev], int(counts[m.index("exclamation")])
        (['!', '!'], 3)
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative int or None, not {limit!r}")
        comp = self._get(scope)
        counts = np.zeros(len(self.signals), dtype=np.int64)
        data = encode_text(text)
        if not data:
            return [], counts
        found = resolve(comp, [data], direct=False)
        per_signal = _per_document(found, 1, len(comp.signals))[0]
        keep = None
        if limit is not None and len(found.sig) and per_signal.max() > limit:
            # One text: each signal's spans are in the order of their starts (see _Resolved). The rows
            # of a signal over the limit are left out but its first ``limit``, found a block at a time
            # (no array of 8 bytes a span: "I " repeated has millions).
            over = per_signal > limit
            keep = ~over[found.sig]
            for s_ in np.flatnonzero(over).tolist():
                need = limit
                for a in range(0, len(found.sig), _GATHER_BLOCK):
                    if not need:
                        break
                    rows = np.flatnonzero(found.sig[a: a + _GATHER_BLOCK] == s_)[:need]
                    keep[rows + a] = True
                    need -= len(rows)
        parts = [tuple(a if keep is None else a[keep] for a in (found.sig, found.pid, found.start, found.end))]
        del found, keep
        # A run counted apart is its signal's only pattern: its spans are the signal's, counted
        # here and cut to the limit before more arrays are made of them ("! " repeated has millions).
        for run in comp.direct:
            s_ = int(comp.pattern_signal[run.pid])
            run_start, run_end = run.find(data)
            per_signal[s_] += len(run_start)
            if limit is not None:
                run_start, run_end = run_start[:limit], run_end[:limit]
            parts.append((np.full(len(run_start), s_, dtype=np.int64), np.full(len(run_start), run.pid, dtype=np.int64),
                          run_start, run_end))
        counts[np.asarray(self._by_scope[scope], dtype=np.intp)] = per_signal
        sig, pid, bstart, bend = (np.concatenate(col) for col in zip(*parts))
        if not len(sig):
            return [], counts
        mapping = _byte_to_char(data)
        cstart, cend = (bstart, bend) if mapping is None else (mapping[bstart], mapping[bend])
        n_read = len(data) if mapping is None else int(mapping[-1])
        at = None if n_read == len(text) else read_positions(text)
        if at is not None:  # placed in the text as given: a span shows the dropped characters inside it
            cstart, cend = at[cstart], read_ends(text, at)[cend - 1]
        field = "title" if scope == "title" else "text"
        names = [s.name for s in comp.signals]
        pnames = comp.pattern_names
        evidence = [
            Evidence(names[s], pnames[p], cs, ce, text[cs:ce], field)
            for s, p, cs, ce in zip(sig.tolist(), pid.tolist(), cstart.tolist(), cend.tolist())
        ]
        evidence.sort(key=lambda e: (e.start, e.end, e.signal))
        return evidence, counts


def _per_document(found: _Resolved, n_docs: int, n_sig: int) -> np.ndarray:
    """The accepted matches counted per document and signal (int64, ``(n_docs, n_sig)``), a block of
    :data:`_GATHER_BLOCK` rows at a time: no array of 8 bytes a match (bincount would read 4-byte
    signals through an 8-byte copy)."""
    cells = n_docs * n_sig
    flat = np.zeros(cells, dtype=np.int64)
    for a in range(0, len(found.doc), _GATHER_BLOCK):
        cell = found.doc[a: a + _GATHER_BLOCK] * n_sig
        cell += found.sig[a: a + _GATHER_BLOCK]
        flat += np.bincount(cell, minlength=cells)
    return flat.reshape(n_docs, n_sig)


_DEFAULT_LOCK = threading.Lock()  # concurrent first calls build one matcher, not one each


def default_matcher() -> Matcher:
    """The process-wide :class:`Matcher` over :data:`credscore.CATALOGUE`, built on first use.

    Every scoring path shares it, so the catalogue is compiled (or its
    databases read from the cache) once per process.

    Examples
    --------
    >>> default_matcher() is default_matcher()
    True
    """
    with _DEFAULT_LOCK:
        return _default_matcher()


@functools.lru_cache(maxsize=1)
def _default_matcher() -> Matcher:
    return Matcher()
