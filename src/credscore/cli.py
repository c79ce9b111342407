"""The ``credscore`` command line: score, explain, signals, info, train, recalibrate, build-model, evaluate.

This is the only module of credscore that writes to stdout and stderr. Exit
status: 0 when everything was scored, 1 when any row (or the one article)
could not be, 2 for a usage error (bad option, missing file, bad model or
training data), 3 for a run that stopped before the end (an output that
cannot be written, a worker that died, an internal error), 130 when
interrupted (143 on SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import io
import json
import os
import re
import signal
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from . import _kernels
from ._api import (
    MIN_JUDGEABLE_WORDS,
    RISK_THRESHOLDS,
    case_note,
    default_matcher,
    default_model,
    explain,
    length_notes,
    markup_note,
    model_features,
    model_from_file,
    risk_level,
    scores_of,
    ship_model,
)
from ._explain import Explanation
from ._features import feature_names, featurize, signal_column
from ._io import (
    STDIN,
    Progress,
    Record,
    atomic_output,
    display_name,
    read_records,
    strip_html,
)
from ._model import MIN_PRIOR, CredibilityModel, ModelFormatError, load_model
from ._signals import CATALOGUE
from ._validation import as_documents, workers_of
from ._version import __version__, install_command

__all__ = ["main"]

PROG = "credscore"
TOP_SIGNALS = 3
URL_BATCH = 16


class UsageError(Exception):
    """A problem with the command line or its inputs that stops the run (exit 2)."""


def _risk_help() -> str:
    hi, med = RISK_THRESHOLDS["high"], RISK_THRESHOLDS["medium"]
    return (
        f"Risk of misinformation, from the score: high if score < {hi:g}, medium if {hi:g} <= score < {med:g}, "
        f"low if score >= {med:g}; unknown when the text cannot be judged (fewer than {MIN_JUDGEABLE_WORDS} words, or not English)."
    )


# --- helpers ------------------------------------------------------------------


def _err(message: str) -> None:
    """``message`` on stderr, on a line of its own: while a progress bar is drawn there, through the bar's
    ``write``, which clears the bar's line first (an audit: a note was printed on the end of the bar's line)."""
    bars = getattr(getattr(sys.modules.get("tqdm"), "tqdm", None), "_instances", None)
    if bars:
        sys.modules["tqdm"].tqdm.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr)


def _note(message: str) -> None:
    """A reader's remark about an input (format guessed, no rows...), on stderr."""
    _err(f"{PROG}: {message}")


def _load_model(path: str | None) -> CredibilityModel | None:
    if path is None:
        return None
    try:
        return load_model(path)
    except FileNotFoundError:
        raise UsageError(f"model file not found: {path}") from None
    except (ModelFormatError, OSError) as exc:
        raise UsageError(f"cannot use model {path}: {exc}") from None


def _language_note(text: str, prior: float) -> str | None:
    """A note when the text does not look English (signals are English-only), if the check is available."""
    try:
        from ._language import looks_english
    except ImportError:
        return None
    if not text.strip() or looks_english(text):
        return None
    return f"does not look like English: credscore's signals are English patterns, so it gives the neutral score {prior:g}"


def _text_notes(text: str, words: int, judgeable: bool, prior: float) -> list[str]:
    """Caveats that make a score unjudgeable (risk "unknown", the model's neutral score), as explain() notes them.

    ``words`` and ``judgeable`` are what the scorer itself computed for the
    text (:class:`~credscore._features.DocumentFeatures`), so the notes agree
    with the score and the text is not tokenised a second time.
    """
    notes = length_notes(text, words, prior)
    if not judgeable and not notes:
        # Enough words but not English as the scorer read the body (without its repeated sentences, furniture
        # and headline, as explain() reads it): the raw text may look English when the body does not.
        notes.append(f"does not look like English: credscore's signals are English patterns, so it gives the neutral "
                     f"score {prior:g}")
    return notes


def _progress_bar(enabled: bool, **kwargs: Any) -> Any:
    """A tqdm bar on stderr, or None; tells the user how to get tqdm when it is missing."""
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        _err(f"{PROG}: the progress bar needs tqdm; install it with: {install_command('cli')}")
        return None
    return tqdm(file=sys.stderr, dynamic_ncols=True, **kwargs)


# How long the warm-up may take before a note says why. When the matcher will surely be compiled (no
# database in the cache, or no cache) the note comes almost at once; otherwise the cache most likely holds
# it, and loading it takes up to a second or two on a busy machine: only a wait past that is explained.
_COMPILING_NOTE_SECONDS = 0.25
_SLOW_MATCHER_SECONDS = 3.0


def _matcher_note() -> tuple[float, str]:
    """When to say what about building the signal matcher: ``(seconds to wait, message)``.

    Whether the cache holds this version's databases is known only to the engine once it looks, so a cache
    with any database in it is taken as likely to (and the message, printed only after a long wait, is
    true either way).
    """
    from ._engine import CACHE_DIR_ENV, cache_dir

    folder = cache_dir()
    if folder is None:
        return _COMPILING_NOTE_SECONDS, (
            f"compiling the signal matcher (several seconds; the cache is off, ${CACHE_DIR_ENV} is empty or "
            "there is no home folder, so each run compiles it)..."
        )
    try:
        cached = any(not f.name.startswith(".") for f in folder.glob("*.hsdb"))  # not a dead writer's temp file
    except OSError:
        cached = False
    if not cached and not _writable(folder):
        return _COMPILING_NOTE_SECONDS, (
            f"compiling the signal matcher (several seconds; its cache folder {folder} cannot be written, so "
            "each run compiles it)..."
        )
    if not cached:
        return _COMPILING_NOTE_SECONDS, (
            "compiling the signal matcher (the first run on a machine takes several seconds; it is cached for "
            "the next runs)..."
        )
    return _SLOW_MATCHER_SECONDS, (
        f"still loading the signal matcher after {_SLOW_MATCHER_SECONDS:g} s (the machine is busy, or the cache "
        "holds no copy for this version of credscore and it is being compiled: several seconds, once)..."
    )


def _writable(folder: Path) -> bool:
    """Whether the cache ``folder`` can be written: made (as the engine makes it a moment later) and open to
    this process's writes."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _warm_matcher(model: CredibilityModel | None) -> None:
    """Build the signal matcher now (by scoring a line), with a note on stderr if that is slow.

    The first run on a machine (or with the cache off) compiles every pattern, which takes seconds; later
    runs load the compiled databases from the cache in about a second and print nothing.
    """
    from ._api import score

    said: list[bool] = []
    delay, message = _matcher_note()

    def note() -> None:
        said.append(True)
        _err(f"{PROG}: {message}")

    started = time.monotonic()
    timer = threading.Timer(delay, note)
    timer.daemon = True
    timer.start()
    try:
        # The matcher compiles its databases on first use: a short text and title use both.
        score("Officials said on Monday that the report was published.", "A headline", model=model)
    finally:
        timer.cancel()
    if said:
        _err(f"{PROG}: signal matcher ready after {time.monotonic() - started:.1f} s")


def text_field_name(value: str) -> str:
    """``--text-field``: a field name (the body has to come from somewhere; '' is for the title and id only)."""
    if not value:
        raise argparse.ArgumentTypeError("must name a field (every row needs its text)")
    return value


class FieldOption(argparse.Action):
    """A ``--*-field NAME`` option for a field rows may lack (a title, an id) that remembers it was given.

    A field the user named that no row has is most likely misspelt: :func:`warn_unseen_fields` says so. The
    default name is not warned about: files without titles or ids are common and fine.
    """

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        named = dict(getattr(namespace, "named_fields", None) or {})
        named[self.dest] = option_string or self.dest
        namespace.named_fields = named


def warn_unseen_fields(args: argparse.Namespace, seen: Collection[str] | None, formats: Collection[str] = ()) -> None:
    """One warning on stderr for each field option the user gave whose field no row read had.

    ``seen`` holds the field names of the rows read (None: not known, as for training files); with no row
    read at all there is nothing to say (an empty input is reported by the reader), unless ``formats`` (those
    the inputs were read in) says an input was plain text, which has no fields to name.
    """
    for dest, option in (getattr(args, "named_fields", None) or {}).items():
        name = getattr(args, dest, None)
        if not name or (seen is not None and name in seen):
            continue
        if seen is not None and not seen:
            if "txt" in formats:  # (an audit, session 40: "--text-field body" on a .txt file was silently not used)
                _note(f"warning: {option} {name}: the input was read as plain text (one article a file), which has "
                      f"no fields: {option} names a field of JSONL, CSV or Parquet rows (--format sets a file's format)")
            continue
        what = dest.removesuffix("_field")
        if seen is None:
            _note(f"warning: {option} {name}: no row has a {what} in field {name!r}, so no {what} was read")
            continue
        listed = sorted(seen)
        have = ", ".join(map(repr, listed[:12])) + (", ..." if len(listed) > 12 else "")
        _note(f"warning: {option} {name}: no row has a field {name!r} (the rows' fields: {have}), so no {what} was read")


def _want_progress(flag: bool | None) -> bool:
    return sys.stderr.isatty() if flag is None else flag


def _check_inputs(paths: Sequence[str], folder_hint: str = "pass the files in it (e.g. {p}/*.txt)") -> None:
    """Every input exists and is a file (or "-", standard input, once; or a URL), else a UsageError; a folder's
    error ends with ``folder_hint`` (``{p}`` is the folder), which says what the command reads."""
    from ._fetch import is_url, not_fetched

    if list(paths).count(STDIN) > 1:  # (an audit: "- -" read standard input once, then an empty article)
        raise UsageError(f"standard input (-) is named {list(paths).count(STDIN)} times; name it once")
    for p in paths:
        if p == STDIN or is_url(p):
            continue
        if not os.path.exists(p):
            scheme = p.split("://", 1)[0] if "://" in p else ""
            if scheme.isalpha():  # ftp://, file://...: a URL, but not one credscore fetches
                raise UsageError(f"{not_fetched(p)}; download it and pass the file")
            raise UsageError(f"input file not found: {p}")
        if os.path.isdir(p):
            raise UsageError(f"{p} is a directory; {folder_hint.format(p=p)}")


def _model_file(args: argparse.Namespace) -> list[str]:
    """The model file a command reads (``--model``), as an input no output may replace."""
    model = getattr(args, "model", None)
    return [model] if isinstance(model, str) else []


#: Folders :func:`_check_output` created for this run, as (deepest, topmost) pairs: a run that fails
#: removes those left empty (:func:`_remove_made_folders`), as if it had never started.
_made_folders: list[tuple[Path, Path]] = []


def _remove_made_folders() -> None:
    """Remove the folders :func:`_check_output` created that are still empty, deepest first."""
    while _made_folders:
        folder, top = _made_folders.pop()
        while True:
            try:
                folder.rmdir()
            except OSError:  # not empty (another output went there), or gone
                break
            if folder == top:
                break
            folder = folder.parent


def _check_output(path: str | None, inputs: Sequence[str] = (), option: str = "--output") -> None:
    """Make sure ``path`` can be written, before any work: its folder is created if missing (as
    ``mkdir -p``; removed again if the run fails and leaves it empty), and a file can be created in it
    (the output is written to a temporary file there, then renamed). ``path`` may not be a folder, nor
    one of the ``inputs``, nor ``-`` where the command writes its own lines on stdout (``option`` names
    the output in the message)."""
    if path is None:
        return
    if path == STDIN:
        raise UsageError(f"{option} -: name a file; this command's messages go to standard output")
    if not path.strip():
        raise UsageError(f"{option} {path!r}: an empty name; name a file")
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder; name a file in it (e.g. {target / 'out'})")
    if target.exists():
        for source in inputs:
            if source != STDIN and os.path.exists(source) and os.path.samefile(source, target):
                raise UsageError(f"{path} is also an input file: writing it would replace the input; write elsewhere")
        if not target.is_file():
            return  # a device or a pipe (/dev/null): written as it is, not replaced (see atomic_output)
    parent = target.resolve().parent
    missing = [d for d in (parent, *parent.parents) if not d.exists()]  # the deepest first
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: cannot create folder {parent} ({exc.strerror or exc})") from None
    if missing:
        _made_folders.append((parent, missing[-1]))
    if not parent.is_dir():
        raise UsageError(f"cannot write {path}: {parent} is not a folder")
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".check")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: cannot create a file in {parent} ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)


def _write_utf8(text: str) -> None:
    """``text`` on standard output as UTF-8 bytes (a lone surrogate as its escape), whatever its encoding."""
    sys.stdout.flush()
    buf = getattr(sys.stdout, "buffer", None)
    if buf is None:  # a text-only stream (a test's StringIO): it takes str
        sys.stdout.write(text)
        return
    buf.write(text.encode("utf-8", "backslashreplace"))
    buf.flush()


def _stdout_is_utf8() -> bool:
    return (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "").replace("_", "") == "utf8"


# --- score --------------------------------------------------------------------


def _top_signals(contrib: np.ndarray, X: np.ndarray, columns: list[tuple[int, str]], k: int) -> list[tuple[str, float]]:
    # Only signals present in the text, as in explain(); strongest effect first.
    found = [(name, float(contrib[j])) for j, name in columns if X[j] > 0]
    found.sort(key=lambda item: -abs(item[1]))
    return found[:k]


#: What a bad article can raise while it is scored (a text the validators
#: refuse, a value out of range). Anything else is a bug: it stops the run
#: with "internal error" rather than being reported as a row's bad data.
_DATA_ERRORS = (ValueError, TypeError)


def _score_batch(
    texts: list[str],
    titles: list[str | None],
    model: CredibilityModel | tuple[str, str] | None,
    k: int,
    shipped: dict[str, tuple[str, str]] | None = None,
) -> list[tuple[float, list[tuple[str, float]], list[str]] | str]:
    """Score one batch: per article its score, top ``k`` signals and notes, or an error message.

    Runs in a worker process when ``--n-jobs`` is not 1; ``shipped`` then
    names the parent's compiled signal databases, loaded instead of compiling
    the catalogue again (see :func:`credscore.score_many`), and a ``--model``
    arrives as the path and SHA-256 of a file the parent wrote, read once per
    worker instead of pickled with every batch. If the batch as a whole fails
    with a data error, each article is retried alone so one bad row cannot
    sink its neighbours.
    """
    if shipped is not None:
        default_matcher().load_databases(shipped)
    if isinstance(model, tuple):
        model = model_from_file(*model)
    mdl = model if model is not None else default_model()
    columns = [(j, n.split(":", 1)[1]) for j, n in enumerate(feature_names()) if n.startswith(("signal:", "title:"))]

    def run(tx: list[str], ti: list[str | None]) -> list[tuple[float, list[tuple[str, float]], list[str]]]:
        # One scan per article gives both the score and the top signals.
        docs, doc_titles = as_documents(tx, "texts", titles=ti)
        feats = model_features(docs, doc_titles, mdl)
        X, scores = feats.X, scores_of(feats, mdl)
        # What each signal found changed, shrunk like the score, as explain() reports them (text it cannot
        # judge: nothing moved its score).
        shrink = np.where(feats.judgeable, mdl.shrinkage(feats.words), 0.0)
        contrib = mdl.contributions(X, from_zero=True) * np.reshape(shrink, (-1, 1)) + 0.0
        return [
            (
                float(scores[i]),
                _top_signals(contrib[i], X[i], columns, k),
                _text_notes(tx[i], int(feats.words[i]), bool(feats.judgeable[i]), mdl.prior),
            )
            for i in range(len(tx))
        ]

    try:
        return list(run(texts, titles))
    except _DATA_ERRORS:  # retry row by row to find the culprit
        out: list[tuple[float, list[tuple[str, float]], list[str]] | str] = []
        for t, h in zip(texts, titles):
            try:
                out.extend(run([t], [h]))
            except _DATA_ERRORS as exc:  # reported as this row's error, never a traceback
                out.append(f"could not score: {type(exc).__name__}: {exc}")
        return out


def _chunks(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while True:
        chunk = []
        for rec in records:
            chunk.append(rec)
            if len(chunk) >= size:
                break
        if not chunk:
            return
        yield chunk


def _rows(
    records: Iterator[Record], *, model: CredibilityModel | None, batch_size: int, n_jobs: int, on_chunk: Callable[[int], None]
) -> Iterator[dict[str, Any]]:
    """One output row per record, in input order, scoring ``batch_size`` articles per task."""
    import joblib

    workers = workers_of(n_jobs)
    # Read only as many rows as the workers can take at once: memory stays
    # bounded by batch_size * workers whatever the input size.
    chunk_size = batch_size * max(workers, 1)
    parallel_ctx: Any = (
        joblib.Parallel(n_jobs=workers, return_as="generator", pre_dispatch="all")
        if workers != 1
        else contextlib.nullcontext(None)
    )
    with contextlib.ExitStack() as stack:
        parallel = stack.enter_context(parallel_ctx)
        shipped: dict[str, tuple[str, str]] | None = None
        sent_model: CredibilityModel | tuple[str, str] | None = model
        warm = False
        for chunk in _chunks(records, chunk_size):
            good = [r for r in chunk if r.error is None]
            if good:
                if not warm:
                    _warm_matcher(model)  # before the workers start, once
                    warm = True
                if parallel is not None and shipped is None:
                    # Workers load the compiled databases from files (with the
                    # cache off, too) instead of each compiling the catalogue.
                    tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="credscore-"))
                    shipped = default_matcher().save_databases(tmp)
                    if model is not None:
                        sent_model = ship_model(model, Path(tmp))
            batches = [good[i : i + batch_size] for i in range(0, len(good), batch_size)]
            tasks = [([r.text or "" for r in b], [r.title for r in b]) for b in batches]
            if parallel is None:
                parts = [_score_batch(tx, ti, model, TOP_SIGNALS) for tx, ti in tasks]
            else:
                parts = list(
                    parallel(joblib.delayed(_score_batch)(tx, ti, sent_model, TOP_SIGNALS, shipped) for tx, ti in tasks)
                )
            results = iter([res for part in parts for res in part])
            for rec in chunk:
                row: dict[str, Any] = {
                    "id": rec.id,
                    "source": rec.source,
                    "line": rec.line,
                    "score": None,
                    "risk": None,
                    "signals": [],
                    "note": None,
                    "error": rec.error,
                }
                if rec.error is None:
                    res = next(results)
                    if isinstance(res, str):
                        where = f"{rec.source}:{rec.line}" if rec.line is not None else rec.source
                        row["error"] = f"{where}: {res}"
                    else:
                        value, top, notes = res
                        row["score"] = value
                        # As in explain(): no risk level when the text is too short or not English.
                        row["risk"] = "unknown" if notes else risk_level(value)
                        row["signals"] = [{"name": n, "contribution": c} for n, c in top]
                        caveats = [c for c in (markup_note(rec.text or ""), case_note(rec.text or "")) if c]  # the risk stays
                        row["note"] = "; ".join(notes + caveats) or None
                yield row
            on_chunk(len(chunk))


_CSV_COLUMNS = ["id", "source", "line", "score", "risk"]
for _k in range(1, TOP_SIGNALS + 1):
    _CSV_COLUMNS += [f"signal_{_k}", f"contribution_{_k}"]
_CSV_COLUMNS += ["note", "error"]
#: What a spreadsheet reads as a formula at a cell's start (OWASP's "CSV injection"): such a text cell of the
#: CSV output (an id, above all, which the input chooses) is written with a leading "'", which spreadsheets
#: show as text; JSONL and Parquet keep every value as it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Writer:
    def __init__(self, fh: IO[str], fmt: str, ascii_only: bool) -> None:
        self.fh = fh
        self.fmt = fmt
        self.ascii_only = ascii_only
        self.quoted = 0  # CSV text cells written with a leading "'" (see _FORMULA_START)
        self.csv: Any = None
        self.parquet: Any = None
        if fmt == "csv":
            self.csv = csv.writer(fh)
            self.csv.writerow(_CSV_COLUMNS)
        elif fmt == "parquet":
            try:
                from ._parquet import ParquetRowWriter

                # Binary rows go to the text stream's buffer (the atomic temp file, or stdout).
                self.parquet = ParquetRowWriter(fh.buffer)  # type: ignore[attr-defined]
            except ImportError as exc:
                raise UsageError(f"--output-format parquet: {exc}") from None

    def flush(self) -> None:
        """Write buffered Parquet rows as one row group (JSONL and CSV rows are written at once)."""
        if self.parquet is not None:
            self.parquet.flush()

    def close(self) -> None:
        """Finish the output (the Parquet footer)."""
        if self.parquet is not None:
            self.parquet.close()

    def write(self, row: dict[str, Any]) -> None:
        if self.parquet is not None:
            self.parquet.write(row)
            return
        if self.fmt == "jsonl":
            self.fh.write(json.dumps(row, ensure_ascii=self.ascii_only, allow_nan=False) + "\n")
            return
        flat = [row["id"], row["source"], row["line"], row["score"], row["risk"]]
        for k in range(TOP_SIGNALS):
            sig = row["signals"][k] if k < len(row["signals"]) else None
            flat += [sig["name"], sig["contribution"]] if sig else [None, None]
        flat += [row["note"], row["error"]]
        cells = []
        for v in flat:
            if isinstance(v, str) and v.startswith(_FORMULA_START):
                self.quoted += 1
                v = "'" + v
            cells.append("" if v is None else v)
        self.csv.writerow(cells)


# --- web pages (the html extra) -------------------------------------------------


def _wants_pages(args: argparse.Namespace, paths: Sequence[str]) -> bool:
    """URLs, saved web pages or --html-field: read through the article extractor."""
    from ._fetch import is_url
    from ._html import is_html_path

    if getattr(args, "html_field", None) and args.strip_html:
        raise UsageError("--html-field extracts the article from the field's HTML; --strip-html would remove its markup first")
    if getattr(args, "urls", None) or getattr(args, "html_field", None) or any(is_url(p) for p in paths):
        return True
    return args.format == "html" or (not args.strip_html and any(is_html_path(p, args.format) for p in paths))


def _require_html_extra(args: argparse.Namespace, paths: Sequence[str]) -> None:
    """The html extra, or a usage error saying how to install it, and, where every page is a saved file that
    --strip-html can read without it, that it can (not for URLs or --html-field: an audit found the hint sent
    their users round in a circle)."""
    from ._fetch import is_url
    from ._html import require_extra

    try:
        require_extra()
    except ImportError as exc:
        saved = not (getattr(args, "urls", None) or getattr(args, "html_field", None) or any(is_url(p) for p in paths))
        if saved and not args.strip_html:
            raise UsageError(f"{exc} (or pass --strip-html to score a saved page's text with its markup removed)") from None
        raise UsageError(str(exc)) from None


def _fetch_options(args: argparse.Namespace) -> Any:
    from ._fetch import MAX_TIMEOUT, FetchOptions

    return FetchOptions(timeout=args.timeout, total_timeout=min(MAX_TIMEOUT, max(60.0, 3 * args.timeout)))


def _count_urls(args: argparse.Namespace, paths: Sequence[str]) -> int | None:
    """How many URLs will be fetched (None when a list comes on stdin)."""
    from ._fetch import is_url
    from ._html import count_urls

    n = sum(1 for p in paths if is_url(p))
    if args.urls:
        more = count_urls(args.urls)
        return None if more is None else n + more
    return n


#: Output formats by the output file's extension, as inputs are read by theirs.
_OUTPUT_EXTENSIONS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


def _output_format(path: str | None, given: str | None) -> str:
    """The format ``score`` writes: ``--output-format`` if given, else the one ``path``'s extension names,
    else JSON lines. A format that contradicts the extension is written as asked, with a note."""
    stem = Path(path) if path is not None else None
    if stem is not None and stem.suffix.lower() == ".gz":  # written gzip-compressed; the format is the name's before
        stem = stem.with_suffix("")
        if (given or _OUTPUT_EXTENSIONS.get(stem.suffix.lower())) == "parquet":
            raise UsageError(f"{path}: Parquet compresses itself; name the output .parquet, without .gz")
    named = _OUTPUT_EXTENSIONS.get(stem.suffix.lower()) if stem is not None else None
    if given is None:
        suffix = stem.suffix if stem is not None else ""
        if named is None and suffix and suffix.lower() not in (".txt", ".out", ".log"):
            # (an audit: -o scores.xlsx got JSON lines without a word)
            _err(f"{PROG}: writing jsonl rows to {path}: its extension {suffix} names no output format (.csv, "
                 ".parquet or .jsonl; --output-format chooses one)")
        return named or "jsonl"
    if named is not None and named != given:
        _err(f"{PROG}: writing {given} rows to {path} (--output-format {given}), whose extension says {named}")
    return given


def _cmd_score(args: argparse.Namespace) -> int:
    paths = args.paths or ([] if args.urls else [STDIN])
    _check_inputs(paths + ([args.urls] if args.urls else []))
    if args.output == STDIN:  # "-o -": standard output, as "-" is standard input
        args.output = None
    args.output_format = _output_format(args.output, args.output_format)
    _check_output(args.output, [*paths, *([args.urls] if args.urls else []), *_model_file(args)])
    if args.urls and args.urls != STDIN:
        from ._html import count_urls

        if count_urls(args.urls) == 0:  # as an empty input file says "no rows"
            _err(f"{PROG}: {args.urls}: no URLs (the list is empty, or holds only blank lines and # comments)")
    model = _load_model(args.model)
    title_field = args.title_field or None
    id_field = args.id_field or None
    progress = Progress()
    pages = _wants_pages(args, paths)
    if pages:
        _require_html_extra(args, paths)
    n_urls = _count_urls(args, paths) if pages else 0  # with URLs, the bar counts pages fetched
    total_bytes = None
    if STDIN not in paths and n_urls == 0:
        total_bytes = sum(os.path.getsize(p) for p in paths)
    bar = _progress_bar(
        _want_progress(args.progress),
        total=total_bytes if n_urls == 0 else n_urls,
        unit="B" if total_bytes is not None else " articles" if n_urls == 0 else " pages",
        unit_scale=total_bytes is not None,
        unit_divisor=1024,
        desc="scoring" if n_urls == 0 else "fetching",
    )
    counts = {"rows": 0, "errors": 0}
    started = time.monotonic()
    seen: set[str] = set()
    formats: set[str] = set()
    read = functools.partial(
        read_records,
        fmt=args.format,
        text_field=args.html_field or args.text_field,
        title_field=title_field,
        id_field=id_field,
        encoding_errors=args.encoding_errors,
        encoding=args.encoding,
        html=args.strip_html,
        progress=progress,
        notify=_note,
        seen_fields=seen,
        formats=formats,
    )
    if pages:
        from ._html import page_records

        records = page_records(
            paths,
            read,
            fmt=args.format,
            html_field=bool(args.html_field),
            extract_files=not args.strip_html or args.format == "html",
            urls_file=args.urls,
            fetch_options=_fetch_options(args),
            workers=args.fetch_workers,
            on_fetched=(lambda: bar.update(1)) if bar is not None else None,
            progress=progress,
        )
    else:
        records = read(paths)
    newline = "" if args.output_format == "csv" else None
    writer: _Writer | None = None
    try:
        with atomic_output(args.output, newline=newline) as fh:

            def on_chunk(n: int) -> None:
                # Rows reach a pipe (or the temp file) chunk by chunk, not at the end.
                assert writer is not None
                writer.flush()
                fh.flush()
                if bar is None:
                    return
                if total_bytes is not None:
                    bar.update(progress.bytes_read - bar.n)
                    rate = counts["rows"] / max(time.monotonic() - started, 1e-9)
                    bar.set_postfix_str(f"{counts['rows']} articles, {rate:.0f}/s", refresh=False)
                elif n_urls == 0:
                    bar.update(n)

            ascii_only = args.output is None and not _stdout_is_utf8()
            writer = _Writer(fh, args.output_format, ascii_only)
            # Fetched pages arrive a few a second: small batches write their rows as they come.
            batch_size = args.batch_size or (URL_BATCH if n_urls != 0 else 1000)
            for row in _rows(records, model=model, batch_size=batch_size, n_jobs=args.n_jobs, on_chunk=on_chunk):
                counts["rows"] += 1
                if row["error"] is not None:
                    counts["errors"] += 1
                writer.write(row)
            writer.close()
    finally:
        if bar is not None:
            bar.close()
    if writer is not None and writer.quoted:
        _note(f"{writer.quoted} CSV cell{'s' if writer.quoted > 1 else ''} (ids, above all) began with =, +, -, @ "
              "or a tab, which a spreadsheet runs as a formula: written with a leading ' (JSONL and Parquet keep "
              "values as they are)")
    warn_unseen_fields(args, seen, formats)
    if counts["errors"]:
        _err(f"{PROG}: {counts['errors']} of {counts['rows']} rows could not be scored (see their 'error' field)")
        return 1
    return 0


# --- explain ------------------------------------------------------------------


def _location(spec: str, path: str) -> int | None:
    """The line ``spec`` names when it is ``FILE:LINE`` with FILE naming ``path`` (as the rows' ids and errors
    write it, or another spelling of the same file); else None."""
    where, sep, number = spec.rpartition(":")
    if not sep or not number.isdigit() or not where:
        return None
    if where == display_name(path):
        return int(number)
    if path == STDIN or where == "<stdin>":
        return None
    try:
        return int(number) if os.path.samefile(where, path) else None
    except OSError:  # FILE names no file: not a location
        return None


def _pick_record(args: argparse.Namespace) -> Record:
    """The row of ``args.file`` to explain: its only row, the one whose id is ``--id``, or the one at ``--id FILE:LINE``.

    An id that several rows share is a usage error naming their places: explaining the first of them
    would quietly answer for a row the user may not have meant.
    """
    seen: set[str] = set()
    formats: set[str] = set()
    empty: list[str] = []  # the reader's "no rows (why)"
    records = read_records(
        [args.file],
        fmt=args.format,
        text_field=args.html_field or args.text_field,  # the row's page, extracted by _cmd_explain
        title_field=args.title_field or None,
        id_field=args.id_field or None,
        encoding_errors=args.encoding_errors,
        encoding=args.encoding,
        html=args.strip_html,
        # An input without rows is this command's error (below), not a note besides it.
        notify=lambda message: empty.append(message) if ": no rows (" in message else _note(message),
        seen_fields=seen,
        formats=formats,
    )
    name = display_name(args.file)
    line = _location(args.id, args.file) if args.id is not None else None
    first: Record | None = None
    by_id: Record | None = None
    by_line: Record | None = None
    shared: list[str] = []  # FILE:LINE of every row whose id is --id
    ids: list[str] = []
    n = 0
    first_error: str | None = None
    errors = 0
    for rec in records:
        n += 1
        if rec.error is not None:
            errors += 1
            first_error = first_error or rec.error
        if len(ids) < 5:
            ids.append(rec.id)
        if args.id is not None and rec.id == args.id:
            by_id = by_id or rec
            shared.append(f"{rec.source}:{rec.line}" if rec.line is not None else rec.source)
        if line is not None and rec.line == line and by_line is None:
            by_line = rec
        if first is None:
            first = rec
    warn_unseen_fields(args, seen, formats)
    if len(shared) > 1:
        listed = ", ".join(shared[:5]) + (f" and {len(shared) - 5} more" if len(shared) > 5 else "")
        raise UsageError(
            f"id {args.id!r} is on {len(shared)} rows of {name} ({listed}); pick one by its place, "
            f"e.g. --id {shared[0]}"
        )
    if by_id is not None:
        return by_id
    if by_line is not None:
        return by_line
    shown = ", ".join(map(repr, ids)) + (", ..." if n > len(ids) else "")
    if args.id is not None:
        if line is not None:
            raise UsageError(f"no row starts on line {line} of {name} (--id {args.id}; ids: {shown or 'none, no rows'})")
        raise UsageError(f"no row with id {args.id!r} in {name} (ids: {shown or 'none, no rows'})")
    if first is None:
        why = empty[0].rpartition(": no rows ")[2] if empty else "(the input is empty)"
        raise UsageError(f"{name}: no rows to explain {why}")
    if n > 1 and errors == n:  # (an audit: plain text read as JSONL was "N rows; pick one", of no row)
        raise UsageError(f"{name}: none of its {n} rows can be read; the first: {first_error}")
    if n > 1:
        raise UsageError(
            f"{name} has {n} rows; pick one with --id ID (its --id-field value, or FILE:LINE, the row's place; "
            f"ids: {shown})"
        )
    return first


# Control characters a terminal acts on rather than shows (a lone \r returns the cursor and the rest of the
# line overwrites the marked span; ESC starts a colour code); tab is kept, it only moves the cursor on. And
# the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make a terminal show the
# rest of the line reversed or moved (an audit of session 27).
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\r": "\\r", "\n": "\\n"}


def _visible(part: str) -> str:
    """``part`` with each control character but tab written as its escape (``\\r``, ``\\x1b``, ``\\u202e``), for
    the terminal."""
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), _escape(m.group())), part)


def _escape(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


#: Line breaks credscore reads besides \n and \r (NEL, the line and paragraph separators), as one character.
_OTHER_BREAKS = {0x85: "\n", 0x2028: "\n", 0x2029: "\n"}


def _as_lines(text: str) -> str:
    """``text`` with every line break credscore reads as ``\n`` (the same length, so offsets hold), for
    :func:`_line_context`: an audit found U+2028 paragraphs all reported as "line 1", U+0085 shown as ``\x85``."""
    return text.translate(_OTHER_BREAKS) if any(c in text for c in "\x85\u2028\u2029") else text


def _line_context(text: str, start: int, end: int, width: int = 70) -> tuple[int, str]:
    """Line number of ``start`` and that line with the span wrapped in ``[[ ]]`` (long lines trimmed).

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac files, whose lines a terminal would otherwise
    print over each other); any other control character is shown as its escape. Only the display changes:
    the evidence's offsets and text (``--json``) are the text's own.
    """
    head = text[:start]
    line_no = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    ends = [i for i in (text.find("\n", end), text.find("\r", end)) if i != -1]
    line_end = min(ends) if ends else len(text)
    before = text[line_start:start]
    span = text[start:end].replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    after = text[end:line_end]
    if len(before) > width:
        before = "..." + before[-width:].lstrip()
    if len(after) > width:
        after = after[:width].rstrip() + "..."
    return line_no, _visible(f"{before}[[{span}]]{after}")


def _print_explanation(
    name: str, text: str, title: str | None, ex: Explanation, notes: Sequence[str], weightless: frozenset[str] = frozenset()
) -> None:
    risk = ex.risk if ex.risk == "unknown" else f"{ex.risk} risk"
    print(f"{name}: score {ex.score:.3f} ({risk})")
    print(f"  {_risk_help()}")
    for n in notes:
        print(f"  note: {n}")
    print()
    if not ex.signals:
        print("No signal from the catalogue was found.")
    else:
        print("Signals, strongest first (contributions in log-odds: + raises credibility, - lowers it):")
    text = _as_lines(text)  # once, not per span: a 1 MB text may have a thousand
    for sig in ex.signals:
        print()
        plural = "s" if sig.count != 1 else ""
        unweighed = "; the model gives it no weight" if sig.name in weightless else ""
        print(f"  {sig.name}  {sig.contribution:+.3f}  ({sig.count} span{plural}{unweighed})  {sig.description}")
        for ev in sig.spans:
            if ev.field == "title" and title is not None:
                _, ctx = _line_context(title, ev.start, ev.end)
                print(f"    title: {ctx}")
            else:
                line_no, ctx = _line_context(text, ev.start, ev.end)
                print(f"    line {line_no}: {ctx}")
        if len(sig.spans) < sig.count:
            print(f"    ... and {sig.count - len(sig.spans)} more (explain lists a signal's first {len(sig.spans)})")
    apart = ("writing_pattern", "absent_signals", "tone_cap")
    pattern = ex.style.get("writing_pattern")
    style = sum(v for k, v in ex.style.items() if k not in apart)
    print()
    print(f"  signals' part with none of them found  {ex.style.get('absent_signals', 0.0):+.3f}")
    print(f"  writing style ({sum(k not in apart for k in ex.style)} statistics: style, not evidence; no spans)  {style:+.3f}")
    if pattern is not None:
        print(f"  writing patterns (word n-grams with content words as * and names as Name; style, not evidence)  "
              f"{pattern:+.3f}")
        for gram, part in ex.patterns[:5]:
            print(f"    {part:+.3f}  {gram}")
    if ex.style.get("tone_cap"):
        print(f"  tone cap (what the bound on exclamations, capitals and loud words gave back)  {ex.style['tone_cap']:+.3f}")
    print(f"  baseline (columns at their training mean, no n-gram)  {ex.baseline:+.3f}")


def _web_page(args: argparse.Namespace) -> tuple[Record, Any] | None:
    """For a URL or a saved web page: a Record of its article (or of why it failed) and the Article; else None."""
    from ._fetch import FetchError, is_url
    from ._html import is_html_path, read_page

    if not is_url(args.file) and (args.strip_html or not is_html_path(args.file, args.format)):
        return None
    _require_html_extra(args, [args.file])
    name = display_name(args.file)
    try:
        art = read_page(args.file, fetch_options=_fetch_options(args))
    except FetchError as exc:
        return Record(name, name, None, error=f"cannot fetch {exc}"), None
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    return Record(name, name, None, text=art.text, title=art.title), art


def _print_page(article: Any, words: int, shown: int = 8) -> None:
    """What the extractor took from the page (``words``: its word tokens, as the explanation counts them),
    and what it left out."""
    print()
    print(f"Extracted from the page{f' {article.url}' if article.url else ''}:")
    for label, value in (("headline", article.title), ("byline", article.byline), ("date", article.date),
                         ("site", article.site_name)):
        print(f"  {label}: {value if value else '(not found)'}")
    paragraphs = article.text.count(chr(10) * 2) + 1 if article.text.strip() else 0
    print(f"  article: {paragraphs} paragraphs, {words} words (scored)")
    print(f"  left out: {len(article.dropped)} text blocks, {article.dropped_chars} characters "
          "(menus, banners, related links, comments, footer...; not scored)")
    for block in article.dropped[:shown]:
        print(f"    - {block if len(block) <= 90 else block[:87] + '...'}")
    if len(article.dropped) > shown:
        print(f"    ... and {len(article.dropped) - shown} more (--json lists them all)")


def _cmd_explain(args: argparse.Namespace) -> int:
    if args.html == STDIN and args.json:  # (an audit: --json was dropped without a word)
        raise UsageError("--html - and --json both write to standard output: pick one, or give --html a file")
    _check_inputs([args.file], "explain reads one article: name one file in it")
    if args.html != STDIN:  # "--html -" is standard output, where nothing else is written then
        _check_output(args.html, [args.file, *_model_file(args)], "--html")
    if _wants_pages(args, [args.file]):  # as score checks them: --html-field with --strip-html, the html extra
        _require_html_extra(args, [args.file])
    model = _load_model(args.model)
    web = _web_page(args)
    rec, article = web if web is not None else (_pick_record(args), None)
    if web is None and args.html_field:  # the row's field holds a page: its article is explained, as score scores it
        from ._html import field_page

        rec, article = field_page(rec)
    if rec.error is not None:
        _err(f"{PROG} explain: error: {rec.error}")
        return 1
    text = rec.text or ""
    # A row of a JSONL/CSV file is named by its place and id; a plain-text file by its path.
    name = rec.id if rec.line is None else f"{rec.source}:{rec.line} (id {rec.id})"
    title = args.title if args.title is not None else rec.title
    if args.title is not None and args.strip_html:
        title = strip_html(args.title)
    _warm_matcher(model)
    ex = explain(text, title, model=model)
    notes = list(ex.notes)
    lang = _language_note(text, (model if model is not None else default_model()).prior)
    if lang and not any("English" in n for n in notes):
        notes.append(lang)
    if article is not None:
        notes += [n for n in article.notes if n not in notes]
    if args.html:
        from ._report import render_html

        if notes != list(ex.notes):
            ex = Explanation(ex.score, ex.risk, ex.signals, ex.style, ex.baseline, ex.words, tuple(notes))
        # A file's own name (the folders left out); a row keeps its id whole ("news/2024/03/x" is no path).
        shown = name if args.file == STDIN else Path(name).name if rec.line is None else \
            f"{Path(rec.source).name}:{rec.line} (id {rec.id})"
        page = render_html(text, ex, title=title, name=shown, article=article)
        if args.html == STDIN:
            # The page says it is UTF-8, whatever standard output's encoding is (cp1252 on Windows: an audit).
            _write_utf8(page)
        else:
            with atomic_output(args.html) as fh:
                fh.write(page)
        where = "the report to standard output" if args.html == STDIN else args.html
        _err(f"{PROG}: wrote {where} (score {ex.score:.3f}, {ex.risk} risk)")
        if not args.json:
            return 0
    if args.json:  # with --html FILE too: the report in the file, the JSON on standard output
        data = ex.to_dict()
        data["notes"] = notes
        if article is not None:
            # Evidence offsets index this text (and the title): the extracted article, not the page.
            data["article"] = {**article.metadata(), "text": article.text, "dropped": list(article.dropped)}
        elif args.strip_html:
            # Likewise the readable text --strip-html made of the page (an audit of session 27: the offsets
            # indexed a text the output did not give).
            data["readable"] = {"text": text, "title": title}
        print(json.dumps({"source": name, **data}, indent=2, ensure_ascii=not _stdout_is_utf8()))
        return 0
    mdl = model if model is not None else default_model()
    weights = dict(zip(mdl.feature_names, mdl.coef.tolist()))
    weightless = frozenset(s.name for s in CATALOGUE if weights.get(signal_column(s)) == 0)
    _print_explanation(name, text, title, ex, notes, weightless)
    if article is not None:
        _print_page(article, ex.words)
    return 0


# --- signals ------------------------------------------------------------------


def _cmd_signals(args: argparse.Namespace) -> int:
    if args.json:
        data = [
            {
                "name": s.name,
                "scope": s.scope,
                "sign": s.sign,
                "outside_quotes": s.outside_quotes,
                "description": s.description,
                "rationale": s.rationale,
                "patterns": [p.name for p in s.patterns],
                "example": s.examples[0] if s.examples else None,
            }
            for s in CATALOGUE
        ]
        print(json.dumps(data, indent=2, ensure_ascii=not _stdout_is_utf8()))
        return 0
    points = {1: "credible", -1: "not", 0: "either"}  # the way a cue points (Signal.sign)
    rows = [("NAME", "SCOPE", "POINTS", "DESCRIPTION", "EXAMPLE")]
    rows += [(s.name, s.scope, points[s.sign], s.description, s.examples[0] if s.examples else "") for s in CATALOGUE]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4])
    print("\nPOINTS: towards credible, towards not credible, or either way (the data decide); training keeps "
          "each signal's weight on its side (0 where the data disagree).")
    return 0


# --- info ---------------------------------------------------------------------


def model_facts(path: str | None) -> dict[str, Any]:
    """What a model is: where it comes from, its SHA-256, prior and thresholds, its columns, what it was
    trained on, its calibration and any recalibration (``credscore info``)."""
    import hashlib

    from ._api import RISK_THRESHOLDS, default_model, shipped_model_bytes

    if path is None:
        model, sha256, source = default_model(), shipped_model_bytes()[1], "shipped"
    else:
        loaded = _load_model(path)
        assert loaded is not None
        model, sha256, source = loaded, hashlib.sha256(Path(path).read_bytes()).hexdigest(), path
    md = model.metadata
    return {
        "model": source,
        "sha256": sha256,
        "credscore_version": md.get("credscore_version"),
        "prior": model.prior,
        "risk_thresholds": dict(RISK_THRESHOLDS),
        "recorded_risk_thresholds": dict(md["risk_thresholds"]) if md.get("risk_thresholds") is not None else None,
        "feature_columns": len(model.feature_names),
        "signal_columns": sum(n.startswith(("signal:", "title:")) for n in model.feature_names),
        "ngrams": 0 if model.ngrams is None else len(model.ngrams.terms),
        "content_words": model.content is not None,
        "tone_cap": model.tone_cap,
        "shrink_words": model.shrink_words,
        "trained_on": md.get("corpora"),
        "training_data": md.get("training_data"),  # the files `credscore train` read: name, bytes, SHA-256
        "n_train": md.get("n_train"),
        "n_train_by_label": md.get("n_train_by_label"),
        "cross_validation": md.get("cross_validation"),
        "calibration": md.get("calibration"),
        "recalibrated": md.get("recalibrated"),
    }


def _prior_moved(facts: dict[str, Any]) -> str:
    """A note when the prior was set after the last recalibration (``with_prior``), which records the prior
    it was fitted at: the two differ, and the model's own is the one its scores assume."""
    rec = facts["recalibrated"]
    fitted = rec.get("prior") if isinstance(rec, dict) else None
    if not isinstance(fitted, (int, float)) or fitted == facts["prior"]:
        return ""
    return f"; set after its recalibration, fitted at prior {fitted:g}"


def _thresholds_recorded(facts: dict[str, Any]) -> str:
    """What ``info`` adds to the risk line when the model file records other thresholds than those applied
    (the file's are those of the credscore that wrote it; an audit found them neither checked nor shown)."""
    recorded = facts.get("recorded_risk_thresholds")
    if not recorded or recorded == facts["risk_thresholds"]:
        return ""
    return (f" (this credscore's; the file records high < {recorded['high']:g}, medium < {recorded['medium']:g}, "
            "those of the credscore that wrote it)")


def _trained_on(facts: dict[str, Any]) -> str:
    """What ``credscore info`` says a model was trained on: the shipped model's corpora, or the files
    `credscore train` read (name, size, the start of their SHA-256) and how many articles of each label."""
    trained, files = facts["trained_on"], facts["training_data"]
    if isinstance(trained, list):
        return ", ".join(map(str, trained))
    if not isinstance(files, list) or not files:
        return "not recorded"
    named = ", ".join(f"{f.get('file')} ({f.get('bytes')} bytes, sha256 {str(f.get('sha256'))[:12]}...)"
                      for f in files if isinstance(f, dict))
    n, by_label = facts["n_train"], facts["n_train_by_label"]
    if isinstance(n, int) and isinstance(by_label, dict):
        named += f": {n} articles, {by_label.get('1', 0)} credible (1), {by_label.get('0', 0)} not (0)"
    return named


def _cmd_info(args: argparse.Namespace) -> int:
    from ._train import recalibration_parts

    facts = model_facts(args.model)
    if args.json:
        print(json.dumps(facts, indent=2, ensure_ascii=not _stdout_is_utf8()))
        return 0
    hi, med = facts["risk_thresholds"]["high"], facts["risk_thresholds"]["medium"]
    cal = facts["calibration"]
    rec = facts["recalibrated"]
    lines = [
        ("model", facts["model"]),
        ("sha256", facts["sha256"]),
        ("written by", f"credscore {facts['credscore_version']}" if facts["credscore_version"] else "unknown"),
        ("prior", f"{facts['prior']:g} (the share of credible articles its scores assume)" + _prior_moved(facts)),
        ("risk", f"high if score < {hi:g}, medium if < {med:g}, else low" + _thresholds_recorded(facts)),
        ("columns", f"{facts['feature_columns']} ({facts['signal_columns']} of them signals, the rest style), "
                    f"{facts['ngrams']:,} writing-pattern n-grams"
                    + (", content words" if facts["content_words"] else "")),
        ("trained on", _trained_on(facts)),
    ]
    cv = facts["cross_validation"]
    if isinstance(cv, dict) and isinstance(cv.get("roc_auc_mean"), (int, float)):
        auc = f"ROC AUC {cv['roc_auc_mean']:.3f} over {cv.get('folds', '?')} folds of its own data (not new sources)"
        lines.append(("cross-val.", auc))
    elif isinstance(cv, dict) and isinstance(cv.get("roc_auc_pooled"), (int, float)):
        auc = f"ROC AUC {cv['roc_auc_pooled']:.3f}, {cv.get('folds', '?')} folds' scores pooled, of its own data (not new sources)"
        lines.append(("cross-val.", auc))
    if isinstance(cal, dict) and isinstance(cal.get("a"), (int, float)) and isinstance(cal.get("b"), (int, float)):
        lines.append(("calibration", f"slope {cal['a']:.3g}, intercept {cal['b']:.3g}"))
    while isinstance(rec, dict):
        n, parts = recalibration_parts(rec)
        lines.append(("recalibrated", ("" if n is None else f"on {n} articles: ") + parts))
        rec = rec.get("previous")
    width = max(len(k) for k, _ in lines)
    for key, value in lines:
        # a model file's strings are the file's: escaped, so that none can colour the terminal or forge a line
        # (an audit: metadata holding ESC and line breaks did both)
        print(f"{key.ljust(width)}  {_visible(str(value))}")
    return 0


# --- train --------------------------------------------------------------------


def _parse_label_map(spec: str | None) -> dict[str, int] | None:
    if spec is None:
        return None
    out: dict[str, int] = {}
    for part in spec.split(","):
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or value.strip() not in ("0", "1"):
            raise UsageError(f"--label-map must look like fake=0,real=1 (NAME=0 or NAME=1, comma-separated); got {spec!r}")
        if out.get(name.strip(), int(value.strip())) != int(value.strip()):
            raise UsageError(f"--label-map maps {name.strip()!r} to both 0 and 1; got {spec!r}")
        out[name.strip()] = int(value.strip())
    from ._data import binary_label_missing, clashing_names

    clash = clashing_names(out)
    if clash:
        raise UsageError(f"--label-map maps {clash[0]!r} and {clash[1]!r} to different labels, and they read as one "
                         f"name (case, spaces and a number's spelling aside): give one of them; got {spec!r}")
    missing = binary_label_missing(out)
    if missing is not None:
        raise UsageError(f"--label-map names the label {1 - int(missing)} but not {missing}, which would keep its "
                         f"meaning: give both (e.g. 1=0,0=1 to invert them); got {spec!r}")
    return out


# train() calibrates its probabilities on held-out folds of what it is given,
# which needs at least this many articles of each label (in the data, and in
# each cross-validation training part); checked here so that the message names
# the file's counts rather than a fold splitter's.
_MIN_PER_LABEL = 2


def _cv_folds(wanted: int, n_min: int) -> int:
    """The most folds, up to ``wanted``, whose training parts keep ``_MIN_PER_LABEL`` of the smallest label."""
    k = min(wanted, n_min)
    while k >= 2 and n_min - -(-n_min // k) < _MIN_PER_LABEL:
        k -= 1
    return k


def _read_training_corpus(args: argparse.Namespace, what: str = "training") -> tuple[Any, dict[str, int] | None]:
    """The labeled articles of ``args.data`` (files only) and the label map, or a UsageError naming the problem."""
    from ._data import Corpus, read_labeled

    _check_inputs(args.data, "pass the labeled files in it (JSONL, CSV or Parquet, e.g. {p}/*.jsonl)")
    if STDIN in args.data:
        raise UsageError(f"{what} data must be files (JSONL, CSV or Parquet), not stdin")
    _check_output(args.out, [*args.data, *_model_file(args)], "--out")  # recalibrate reads --model: not its --out
    label_map = _parse_label_map(args.label_map)
    corpus = Corpus()
    for path in args.data:
        try:
            part = read_labeled(
                [path],
                text_field=args.text_field,
                label_field=args.label_field,
                title_field=args.title_field or None,
                group_field=getattr(args, "group_field", None),
                label_map=label_map,
                weight_field=getattr(args, "weight_field", None),
                encoding_errors=args.encoding_errors,
                encoding=args.encoding,
            )
        except (ValueError, OSError) as exc:
            raise UsageError(f"bad {what} data: {exc}") from None
        for i in range(len(part)):
            corpus.texts.append(part.texts[i])
            corpus.labels.append(part.labels[i])
            corpus.titles.append(part.titles[i])
            corpus.groups.append(part.groups[i])
            corpus.ids.append(part.ids[i])
            corpus.weights.append(part.weights[i])
    if corpus.texts and not any(corpus.titles):  # which fields the rows have is not known here
        warn_unseen_fields(args, None)
    return corpus, label_map


def _cmd_recalibrate(args: argparse.Namespace) -> int:
    from ._train import recalibrate

    corpus, _ = _read_training_corpus(args, "recalibration")
    model = _load_model(args.model)
    y = corpus.labels
    print(f"read {len(y)} labeled article{'' if len(y) == 1 else 's'}: {sum(1 for v in y if v == 1)} credible (1), {sum(1 for v in y if v == 0)} not credible (0)")
    try:
        new = recalibrate(corpus.texts, y, titles=corpus.titles, model=model, prior=None if args.prior == "sample" else float(args.prior))
    except (TypeError, ValueError) as exc:
        raise UsageError(f"bad recalibration data: {exc}") from None
    new.save(args.out)
    cal = new.metadata.get("recalibrated", {})
    print(f"recalibrated on {cal.get('n')} articles (prior {new.prior:g}); wrote {args.out}")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from sklearn.metrics import roc_auc_score

    from ._data import file_manifest
    from ._train import DEFAULT_C, duplicate_keys, fit_model, merged_groups, stratified_folds, train_features

    corpus, label_map = _read_training_corpus(args)
    y = np.asarray(corpus.labels, dtype=np.int64)
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    print(f"read {len(y)} articles from {len(args.data)} file(s): {n_pos} credible (1), {n_neg} not credible (0)")
    if len(y) == 0:
        raise UsageError("bad training data: no rows")
    if min(n_pos, n_neg) == 0:
        raise UsageError(f"bad training data: training needs both labels; got only label {1 if n_pos else 0}")
    n_min, small = min((n_pos, 1), (n_neg, 0))
    if n_min < _MIN_PER_LABEL:
        raise UsageError(
            f"bad training data: training needs at least {_MIN_PER_LABEL} articles of each label (its probabilities "
            f"are calibrated on held-out folds); got {n_min} of label {small}"
        )
    empty = [corpus.ids[i] for i, t in enumerate(corpus.texts) if not t.strip()]
    if empty:
        raise UsageError(f"bad training data: {len(empty)} empty or whitespace-only text(s), first: {empty[0]}")
    C = DEFAULT_C if args.C is None else args.C
    if args.balance_groups and not args.group_field:
        raise UsageError("--balance-groups weighs the groups of --group-field: give --group-field too")
    groups = corpus.groups if args.group_field else None
    weights = None
    if args.weight_field:
        from ._train import check_sample_weight

        try:
            weights = check_sample_weight(corpus.weights, y)
        except ValueError as exc:
            raise UsageError(f"bad training data: --weight-field {args.weight_field}: {exc}") from None
    # The features are computed once: for cross-validation and the final fit.
    feats = featurize(corpus.texts, corpus.titles, content_words=args.content_words)
    metrics: dict[str, Any] = {}
    # Copies of a text stay in one fold, so the folds are counted in distinct texts (an audit: 20 copies of
    # two articles failed inside scikit-learn: "n_splits=5 greater than the number of groups: 2").
    same = duplicate_keys(corpus.texts, warn=False)
    distinct = n_min if same is None else min(len(set(same[y == c].tolist())) for c in (0, 1))
    kind = "articles" if distinct == n_min else "distinct texts"
    folds = _cv_folds(args.folds, distinct)
    if 2 <= folds < args.folds:
        print(f"{distinct} {kind} of the smallest label: cross-validation uses {folds} folds instead of {args.folds}")
    # Folds keep each group whole (a publisher on both sides of a fold makes the figure optimistic); without
    # groups, copies of a text stay in one fold (the final fit's calibration below says how many repeat).
    keys = None
    n_groups = 0
    if groups is not None and args.folds >= 2 and folds >= 2:  # groups that share a text count as one
        keys, merged = merged_groups(groups, same)
        n_groups = len(set(keys.tolist()))
        if merged:
            print(f"{merged} group(s) in --group-field {args.group_field} share texts with others: "
                  "each such set of groups stays in one fold")
        if 2 <= n_groups < folds:
            # one group a fold, as evaluate --cv asks for (an audit: train stratified the folds instead, groups
            # on both sides of a fold, and reported the optimistic figure that makes)
            print(f"{n_groups} groups in --group-field {args.group_field}: cross-validation uses {n_groups} "
                  f"folds instead of {folds}, one group each")
            folds = n_groups
    if args.folds < 2:
        print(f"cross-validation skipped (--folds {args.folds})")
    elif folds < 2:
        print(
            f"too few {kind} for cross-validation: each training part needs {_MIN_PER_LABEL} of each "
            f"label, and the smallest label has {distinct}; skipped"
        )
    elif keys is not None and n_groups < 2:
        print(f"one group in --group-field {args.group_field}: cross-validation holds whole groups out and "
              "needs two; skipped")
    else:
        aucs, accs = [], []
        grouped = keys is not None
        how = f"grouped by {args.group_field}" if grouped else "stratified"
        try:
            splits = stratified_folds(y, folds, 0, keys if grouped else same)
        except ValueError as exc:
            raise UsageError(f"bad training data: cross-validation failed: {exc}") from None
        one_sided = sum(len(np.unique(y[tr])) < 2 for tr, _ in splits)
        if one_sided:
            # Whole groups of one label (one site of fakes, one of real news): a fold would train on one label,
            # and a fit needs both (an audit: train then stopped with "cross-validation failed"). The model
            # itself is still trained on every article below.
            why = (f"whole groups of one label in --group-field {args.group_field}" if grouped
                   else "copies of a text are kept in one fold")
            print(f"{one_sided} of {folds} folds would train on articles of one label only ({why}): "
                  "cross-validation skipped")
            splits = []
        oof = np.full(len(y), np.nan)  # out-of-fold scores, pooled: defined whatever a fold holds
        one_label = 0  # folds whose test part holds one label (whole groups of one label): no AUC of their own
        if splits:
            try:
                for tr, te in splits:
                    g_tr = [groups[i] for i in tr] if groups is not None else None
                    # The same model and weighting as train() below, on this fold; calibration
                    # (which AUC does not see) is left out to keep cross-validation fast.
                    fold = fit_model(
                        feats.take(tr), y[tr], groups=g_tr, balance_groups=args.balance_groups, C=C, calibrate=False,
                        sample_weight=None if weights is None else weights[tr],
                    )
                    proba = scores_of(feats.take(te), fold)
                    oof[te] = proba
                    if len(np.unique(y[te])) == 2:
                        aucs.append(float(roc_auc_score(y[te], proba)))
                    else:
                        one_label += 1
                    accs.append(float(np.mean((proba >= 0.5) == y[te])))
            except ValueError as exc:
                raise UsageError(f"bad training data: cross-validation failed: {exc}") from None
            scored = ~np.isnan(oof)
            metrics = {"folds": folds, "roc_auc_pooled": float(roc_auc_score(y[scored], oof[scored]))}
            if aucs:
                metrics.update(roc_auc_mean=float(np.mean(aucs)), roc_auc_std=float(np.std(aucs)))
            if one_label:
                metrics["folds_with_one_label"] = one_label
            metrics.update(accuracy_mean=float(np.mean(accs)), accuracy_std=float(np.std(accs)))
            print(f"{folds}-fold cross-validation, {how} (C={C:g}):")
            if aucs:
                print(f"  ROC AUC   {metrics['roc_auc_mean']:.3f} +/- {metrics['roc_auc_std']:.3f}"
                      + (f"  (over the {len(aucs)} folds that hold both labels)" if one_label and len(aucs) > 1
                         else "  (of the one fold that holds both labels)" if one_label else ""))
            print(f"  ROC AUC   {metrics['roc_auc_pooled']:.3f}  (out-of-fold scores pooled)")
            if one_label:
                print(f"  {one_label} of {folds} folds hold articles of one label only (whole groups of one label in "
                      f"--group-field {args.group_field}): no AUC of their own; their scores count in the pooled one")
            print(f"  accuracy  {metrics['accuracy_mean']:.3f} +/- {metrics['accuracy_std']:.3f}  (threshold 0.5, fold models before calibration)")
    try:
        model = train_features(
            feats,
            y,
            texts=corpus.texts,
            groups=groups,
            balance_groups=args.balance_groups,
            C=C,
            sample_weight=weights,
            metadata={
                "training_data": file_manifest(args.data),
                "cross_validation": metrics,
                "label_map": label_map,
            },
        )
    except (TypeError, ValueError) as exc:
        raise UsageError(f"bad training data: {exc}") from None
    model.save(args.out)
    print(f"wrote {args.out}")
    return 0


# --- build-model / evaluate ---------------------------------------------------


def _data_dir(explicit: str | None) -> Path:
    from ._corpora import find_data_dir

    if explicit is not None:
        # An explicit folder is used as given, never silently swapped for a default one.
        path = Path(explicit)
        if (path / "corpora").is_dir():
            return path.resolve()
        if path.name == "corpora" and path.is_dir():
            return path.parent.resolve()
        raise UsageError(f"--data {explicit}: no corpora/ folder there (expected {path / 'corpora'})")
    found = find_data_dir(None)
    if found is None:
        raise UsageError(
            "no labeled corpora found in $CREDSCORE_DATA or ../shared/data; pass --data DIR (the folder holding corpora/)"
        )
    return found


def _print_corpora() -> None:
    """Each corpus build-model knows, whether the shipped model uses it, and its terms."""
    from ._corpora import CORPORA, TRAIN

    for name, info in CORPORA.items():
        used = "used by the shipped model" if name in TRAIN else "not used by the shipped model"
        print(f"{name} ({used}): {info.description}")
        print(textwrap.fill(f"terms: {info.terms}", width=100, initial_indent="    ", subsequent_indent="    "))


def _parse_corpora(spec: str | None) -> tuple[str, ...] | None:
    """``--corpora a,b`` as known corpus names, in order, without repeats (None when not given)."""
    if spec is None:
        return None
    from ._corpora import CORPORA

    names = tuple(dict.fromkeys(n.strip() for n in spec.split(",") if n.strip()))
    if not names:
        raise UsageError(f"--corpora needs at least one corpus name, got {spec!r} (see --list-corpora)")
    unknown = [n for n in names if n not in CORPORA]
    if unknown:
        raise UsageError(f"--corpora: unknown corpus {unknown[0]!r}; known: {', '.join(CORPORA)} (see --list-corpora)")
    return names


def _cmd_build_model(args: argparse.Namespace) -> int:
    import hashlib

    from ._shipped import MODEL_NAME, build_shipped_model

    if args.list_corpora:
        _print_corpora()
        return 0
    corpora = _parse_corpora(args.corpora)
    data_dir = _data_dir(args.data)
    out_dir = Path(args.out_dir)
    # Checked before the training (minutes on the full corpora), as every output is.
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out-dir {args.out_dir}: it is a file; name a folder (the model and its checksum go in it)")
    _check_output(str(out_dir / MODEL_NAME), option="--out-dir")
    # Only a choice is passed on: without --corpora the shipped model's own list is used.
    options: dict[str, Any] = {} if corpora is None else {"corpora": corpora}
    try:
        build_shipped_model(data_dir, out_dir, **options)
    except (FileNotFoundError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    path = out_dir / MODEL_NAME
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    used = f" (corpora: {', '.join(corpora)})" if corpora is not None else ""
    print(f"wrote {path} (sha256 {digest}) from {data_dir}{used}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ._cli_evaluate import cmd_evaluate  # the evaluate command lives in its own module

    return cmd_evaluate(args)


# --- parser -------------------------------------------------------------------


def _n_jobs(value: str) -> int:
    """``--n-jobs``: a nonzero integer, as joblib reads it (-1 every core, -2 every core but one...)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a nonzero integer (-1: every core), got {value!r}") from None
    if n == 0:
        raise argparse.ArgumentTypeError("must be a nonzero integer (-1: every core, -2: every core but one...), got 0")
    return n


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {n}")
    return n


def _prior_value(value: str) -> float:
    """A prior given on the command line: a number in (0, 1)."""
    try:
        v = float(value)
    except ValueError:
        v = float("nan")
    if not 0.0 < v < 1.0:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1), got {value!r}")
    if not MIN_PRIOR <= v <= 1 - MIN_PRIOR:
        raise argparse.ArgumentTypeError(f"must lie in [{MIN_PRIOR:g}, {1 - MIN_PRIOR:g}], got {value!r}")
    return v


def _prior_arg(value: str) -> str:
    """recalibrate's --prior: a number in (0, 1), or 'sample' for the data's own share."""
    if value != "sample":
        try:
            _prior_value(value)
        except argparse.ArgumentTypeError as exc:
            if str(exc).startswith("must lie in"):  # a number in (0, 1), too close to an end
                raise
            raise argparse.ArgumentTypeError(f"must be a number in (0, 1) or 'sample', got {value!r}") from None
    return value


def _positive_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {value!r}") from None
    if not x > 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {value}")
    return x


def _seconds(value: str) -> float:
    """``--timeout``: a positive number of seconds, at most a day (an audit's 1e12 overflowed a timer's clock)."""
    x = _positive_float(value)
    if x > 86400:
        raise argparse.ArgumentTypeError(f"must be at most 86400 seconds (a day), got {value}")
    return x


def _add_model(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", metavar="PATH", help="model file from 'credscore train' or 'credscore recalibrate' (default: the shipped model)")


def _add_progress(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar with rate and ETA on stderr (default: only when stderr is a terminal; needs tqdm)",
    )


def _add_reading(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strip-html", action="store_true", help="remove HTML markup (and script/style) before scoring; "
                   "evidence offsets then refer to the readable text")
    _add_encoding_errors(p)


def _add_encoding_errors(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--encoding",
        type=_encoding_name,
        metavar="NAME",
        help="the encoding of input that is not UTF-8 (cp1252 for Windows' Western text, latin-1, shift_jis...; "
        "default: UTF-8, or UTF-16 when the file starts with its byte order mark)",
    )
    p.add_argument(
        "--encoding-errors",
        choices=("strict", "replace"),
        default="strict",
        help="input that is not valid in its encoding: 'strict' gives its row an error naming the byte offset "
        "(default), 'replace' substitutes U+FFFD for bad bytes and reads the text",
    )


def _encoding_name(value: str) -> str:
    """``--encoding``'s value, checked: a name Python's codecs know, for text (not "base64" or "zlib")."""
    import codecs

    try:
        info = codecs.lookup(value)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r} (e.g. cp1252, latin-1, utf-16)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise argparse.ArgumentTypeError(f"{value!r} is no text encoding (e.g. cp1252, latin-1, utf-16)")
    return info.name


def _add_web(p: argparse.ArgumentParser, *, many: bool) -> None:
    g = p.add_argument_group(
        "web pages (need the html extra)",
        "A saved page (.html, .htm) or a URL is read through an article extractor: the headline goes to the "
        "headline signals, and menus, banners, related links, comments and footers are left out. Nothing is "
        "fetched unless a URL is given.",
    )
    g.add_argument("--html-field", metavar="NAME", help="JSONL/CSV field holding a page's HTML: its article is "
                   "extracted and scored (in place of --text-field)")
    if many:
        g.add_argument("--urls", metavar="FILE", help="a file of URLs to fetch and score, one a line ('#' comments; "
                       "'-' for stdin), after the PATHs; each URL gives one row, scored or naming why it failed")
        g.add_argument("--fetch-workers", type=_positive, default=4, metavar="N",
                       help="URLs fetched at the same time (default: 4)")
    g.add_argument("--timeout", type=_seconds, default=20.0, metavar="SECONDS",
                   help="give up on a URL after this long without an answer (default: 20, at most 86400; 3x this, "
                   "at least 60 s and at most a day, for the whole download)")


_EPILOG = f"""\
{_risk_help()}

exit status: 0 all rows scored, 1 the run finished but some row (or the article) could not be
scored, 2 usage error, 3 the run stopped before the end (an output that could not be written, a
worker process that died, an internal error): output to a file is left as it was, output to
stdout is cut short; 130 interrupted (143 on SIGTERM).

Run 'credscore COMMAND --help' for each command's options."""


class _Formatter(argparse.HelpFormatter):
    """Wraps descriptions and epilogs paragraph by paragraph (blank lines are kept)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n\n".join(
            textwrap.fill(" ".join(p.split()), width, initial_indent=indent, subsequent_indent=indent)
            for p in text.split("\n\n")
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``credscore`` command."""
    fmt = _Formatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Explainable credibility scores for news articles (1 = credible, 0 = not credible).",
        epilog=_EPILOG,
        formatter_class=fmt,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "score",
        help="score articles from text, JSONL or CSV files (or stdin)",
        description="Score articles and write one row per input row, in input order: id, source, line, score, "
        "risk, the top 3 signals with their contributions (log-odds), a note (e.g. too little text) and, for a "
        "row that could not be scored, an error naming the line and the problem. Input is read and scored in "
        "batches, so memory stays constant whatever the input size.",
        epilog=f"{_risk_help()}\n\nInput formats: a .txt file (or any other extension) is one article; .jsonl/.ndjson/.json "
        "has one JSON object a line; .csv/.tsv has a header row and may quote multi-line fields; .html/.htm is a "
        "web page, whose article is extracted (html extra), and so is an http(s):// URL. Stdin is one article "
        "too (nothing piped in gives no row, with a note). A .txt file, another extension or stdin whose first line is a JSON object is read as JSON lines, "
        "and one whose first line is a CSV header naming the text field as CSV, with a note (--format txt reads it "
        "as one article). .parquet is read in record batches (parquet extra; a file, not stdin). gzip-compressed "
        "input (.gz or not) and UTF-16 with a byte order mark are read as they are. Blank lines in JSONL/CSV are "
        "not rows.\n\n"
        "exit status: 0 all rows scored, 1 the run finished but some row could not be scored, 2 usage error, 3 the run "
        "stopped before the end (output not written, a worker that died, an internal error), 130 interrupted "
        "(143 on SIGTERM).",
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="input files or http(s):// URLs; '-' or none means stdin")
    p.add_argument("--format", choices=("txt", "jsonl", "csv", "html", "parquet"), help="input format (default: from the file "
                   "extension; html: a saved web page, needs the html extra; parquet: a file, not stdin, needs the parquet extra)")
    p.add_argument("--text-field", default="text", type=text_field_name, action=FieldOption, metavar="NAME", help="JSONL/CSV field holding the article body (default: text)")
    p.add_argument("--title-field", default="title", action=FieldOption, metavar="NAME",
                   help="field holding the headline, if present (default: title; '' for none; a field no row has is warned about)")
    p.add_argument("--id-field", default="id", action=FieldOption, metavar="NAME",
                   help="field holding the row id (default: id; rows without it get FILE:LINE)")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write here instead of stdout (atomically: complete or not at all; - is stdout)")
    p.add_argument("--output-format", choices=("jsonl", "csv", "parquet"),
                   help="default: from --output's extension (.csv, .parquet; .jsonl, .ndjson, .json), else jsonl; "
                        "parquet (a row group per batch-size x n-jobs rows) needs the parquet extra")
    p.add_argument("--batch-size", type=_positive, metavar="N",
                   help=f"articles per batch (default: 1000; {URL_BATCH} when fetching URLs, so rows come out as pages "
                        "arrive); each batch costs a few ms, so batches much below 100 slow a large file down")
    p.add_argument("--n-jobs", type=_n_jobs, default=1, metavar="N", help="worker processes; -1 = every core, -2 = every core but one..., at most the machine's cores (default: 1)")
    _add_model(p)
    _add_reading(p)
    _add_progress(p)
    _add_web(p, many=True)
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser(
        "explain",
        help="show why one article got its score, with evidence in context (or as an HTML page)",
        description="Print an article's score and risk, then each signal found with its contribution and every "
        "piece of evidence, shown in its line with the matched text marked [[like this]]. With --html, write a "
        "self-contained page instead (no network, no external files).",
        epilog=_risk_help(),
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("file", metavar="FILE", help="an article: plain text, one row of a JSONL/CSV/Parquet file, a saved web page (.html) or an http(s):// URL ('-' for stdin)")
    p.add_argument("--title", metavar="T", help="the article's headline (headline signals are read only when given; "
                   "overrides the row's title field)")
    p.add_argument("--format", choices=("txt", "jsonl", "csv", "html", "parquet"), help="input format (default: from the file "
                   "extension; plain text that is JSON lines is read as JSONL; html: a saved web page, needs the html "
                   "extra; parquet: a file, not stdin, needs the parquet extra)")
    p.add_argument("--text-field", default="text", type=text_field_name, action=FieldOption, metavar="NAME", help="JSONL/CSV field holding the article body (default: text)")
    p.add_argument("--title-field", default="title", action=FieldOption, metavar="NAME",
                   help="field holding the headline (default: title; '' for none)")
    p.add_argument("--id-field", default="id", action=FieldOption, metavar="NAME", help="field holding the row id (default: id)")
    p.add_argument("--id", metavar="ID", help="which row of a JSONL/CSV file to explain: its id, or FILE:LINE, the "
                   "line the row starts on (needed when the file has more than one row, and when several rows share "
                   "an id)")
    p.add_argument("--html", metavar="OUT.html", help="write an HTML report with highlighted evidence to this file (- is stdout)")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON (with --html FILE too)")
    _add_model(p)
    _add_reading(p)
    _add_web(p, many=False)
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser(
        "signals",
        help="list the signal catalogue",
        description="List every signal credscore looks for: name, scope ('text': the body, 'title': the headline), what it detects, "
        "and an example.",
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON (with rationale and pattern names)")
    p.set_defaults(func=_cmd_signals)

    p = sub.add_parser(
        "info",
        help="say what a model is: its SHA-256, prior, columns, training and any recalibration",
        description="Describe a model file (or the shipped model): where it comes from, its SHA-256, the prior its "
        "scores assume, the risk thresholds, its columns and n-grams, the corpora it was trained on, its calibration, "
        "and each recalibration ('credscore recalibrate') it went through.",
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("--json", action="store_true", help="print the facts as JSON")
    _add_model(p)
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser(
        "train",
        help="train a model on your own labeled articles",
        description="Train a model on labeled JSONL, CSV or Parquet files (label 1 = credible, 0 = not credible), "
        "print 5-fold cross-validated ROC AUC and accuracy (folds stratified by label, or grouped by --group-field), "
        "and write the model for --model.",
        epilog="exit status: 0 model written, 2 usage error or bad training data.",
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("data", nargs="+", metavar="DATA", help="labeled .jsonl, .csv or .parquet files")
    p.add_argument("--out", required=True, metavar="MODEL.json", help="where to write the model")
    p.add_argument("--text-field", default="text", type=text_field_name, action=FieldOption, metavar="NAME", help="default: text")
    p.add_argument("--label-field", default="label", metavar="NAME", help="default: label")
    p.add_argument("--title-field", default="title", action=FieldOption, metavar="NAME", help="default: title ('' for none)")
    p.add_argument("--group-field", metavar="NAME",
                   help="e.g. publisher or corpus: cross-validation and calibration keep each group whole")
    p.add_argument("--weight-field", metavar="NAME",
                   help="a number >= 0 per row: each label's total weight is shared among its articles in "
                   "proportion (sample_weight in Python); default: every article alike")
    p.add_argument("--balance-groups", action="store_true",
                   help="give each --group-field group equal total weight (off by default, as in train(): "
                        "it generalised worse on new sources)")
    p.add_argument("--label-map", metavar="MAP", help="named labels, e.g. fake=0,real=1")
    _add_encoding_errors(p)
    p.add_argument("--folds", type=_positive, default=5, metavar="K", help="cross-validation folds (default: 5; 1 skips cross-validation)")
    p.add_argument("--C", type=_positive_float, metavar="C", help="inverse regularisation strength (default: the shipped model's)")
    p.add_argument(
        "--content-words",
        action="store_true",
        help="also read word 1-2-grams of the text itself (topic words, names): for a model used within the domain "
        "it was trained on only; it learns topic and outlet, so it does not carry over to new sources",
    )
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser(
        "recalibrate",
        help="fit a model's calibration to your own source from a few labeled articles",
        description="Refit only the calibration (slope and intercept) of the shipped model, or of --model, on "
        "50-200 labeled articles from the source you will score, and write the recalibrated model for --model. "
        "What a score means on your articles changes, and so do the verdicts; the ranking of articles stays "
        "nearly the same (the length shrinkage and the tone cap can swap a few pairs).",
        epilog="exit status: 0 model written, 2 usage error or bad data.",
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("data", nargs="+", metavar="DATA", help="labeled .jsonl, .csv or .parquet files")
    p.add_argument("--out", required=True, metavar="MODEL.json", help="where to write the recalibrated model")
    p.add_argument("--text-field", default="text", type=text_field_name, action=FieldOption, metavar="NAME", help="default: text")
    p.add_argument("--label-field", default="label", metavar="NAME", help="default: label")
    p.add_argument("--title-field", default="title", action=FieldOption, metavar="NAME", help="default: title ('' for none)")
    p.add_argument("--label-map", metavar="MAP", help="named labels, e.g. fake=0,real=1")
    _add_encoding_errors(p)
    p.add_argument(
        "--prior",
        default="0.5",
        type=_prior_arg,
        metavar="P",
        help="share of credible articles the new scores assume: a number in (0, 1), or 'sample' for the share in "
        "DATA (default: 0.5, as the shipped model)",
    )
    _add_model(p)
    p.set_defaults(func=_cmd_recalibrate)

    p = sub.add_parser(
        "build-model",
        help="retrain the shipped model from the shared corpora",
        description="Retrain the model that ships with credscore on the shared labeled corpora and write it "
        "with its SHA-256 checksum.",
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("--data", metavar="DIR", help="the folder holding corpora/ (default: $CREDSCORE_DATA, ../shared/data, or shared/data beside the source checkout)")
    p.add_argument("--out-dir", default="models", metavar="DIR", help="default: models")
    p.add_argument("--corpora", metavar="NAME,...", help="train on these corpora only (default: those of the shipped "
                   "model), e.g. to build a model whose training data's terms allow your use; --list-corpora shows "
                   "each corpus's terms")
    p.add_argument("--list-corpora", action="store_true", help="list the corpora with their terms and exit")
    p.set_defaults(func=_cmd_build_model)

    from ._cli_evaluate import add_evaluate_parser

    add_evaluate_parser(sub, fmt)
    for command_parser in sub.choices.values():
        command_parser.set_defaults(command_parser=command_parser)  # whose usage an unknown option shows
    return parser


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; an option the command does not know is reported with that command's usage (not the
    top level's, which lists no options) and the command's nearest option names."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        import difflib

        own: argparse.ArgumentParser = args.command_parser
        names = [name for action in own._actions for name in action.option_strings if name.startswith("--")]
        near = sorted({n for u in unknown if u.startswith("-") for n in difflib.get_close_matches(u.split("=")[0], names, 1, 0.7)})
        hint = f" (did you mean {' or '.join(near)}?)" if near else ""
        own.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    return args


def _on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``credscore`` command; returns the exit status."""
    parser = build_parser()
    args = _parse(parser, argv)
    command = f"{PROG} {args.command}"
    previous: Any = None
    if threading.current_thread() is threading.main_thread():
        # Unwind on SIGTERM as on Ctrl-C, so a temp output file is removed;
        # the caller's handler is put back when the command returns.
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    # A lone surrogate (in a JSON id, or scraped text an explanation quotes) is printed as its \udc80
    # escape, as atomic_output writes it to files, not an encoding error after the work is done.
    streams = [(s, s.errors) for s in (sys.stdout, sys.stderr) if isinstance(s, io.TextIOWrapper)]
    for stream, _ in streams:
        stream.reconfigure(errors="backslashreplace")
    status = _STOPPED  # if _run raises (a SystemExit, say), as a run stopped before the end
    try:
        status = _run(args, command)
        return status
    finally:
        if status != 0:
            _remove_made_folders()
        _made_folders.clear()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        for stream, errors in streams:
            with contextlib.suppress(ValueError):  # closed by the command (stdout piped to head)
                stream.reconfigure(errors=errors)


#: The exit status of a run that stopped before the end (see the epilog): apart from 1, a run that
#: finished with some rows it could not score, so a pipeline can tell a partial output from a full one.
_STOPPED = 3


def _check_fields(args: argparse.Namespace) -> None:
    """Refuse two field options that name one field: the text read as its own headline left most articles
    "0 words" at the neutral score, without a word (an audit, session 37: `--title-field text`)."""
    options = [("--text-field", getattr(args, "text_field", None)), ("--title-field", getattr(args, "title_field", None)),
               ("--label-field", getattr(args, "label_field", None))]
    named = [(option, name) for option, name in options if name]
    for i, (option, name) in enumerate(named):
        for other, other_name in named[i + 1:]:
            if name == other_name:
                raise UsageError(f"{option} and {other} both name the field {name!r}: give each its own field")


def _run(args: argparse.Namespace, command: str) -> int:
    try:
        _kernels.check_setting()
    except (ValueError, ImportError) as exc:  # the environment's setting, before any work
        _err(f"{command}: error: {exc}")
        return 2
    try:
        _check_fields(args)
        return int(args.func(args))
    except UsageError as exc:
        _err(f"{command}: error: {exc}")
        return 2
    except KeyboardInterrupt:
        _err(f"{command}: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. '| head'); stop quietly, but not with a finished run's status.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return _STOPPED
    except OSError as exc:  # the machine's, not credscore's: a full disk, a file that cannot be written
        if os.environ.get("CREDSCORE_DEBUG"):
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        _err(f"{command}: error: {exc.strerror or exc}{where}; stopped before the end")
        return _STOPPED
    except ModelFormatError as exc:  # the installed package's model (a --model file's is a usage error)
        _err(f"{command}: error: {exc}; stopped before the end")
        return _STOPPED
    except Exception as exc:
        stop = _kernels.interruption(exc)  # a signal that came while compiled code ran: SystemError wraps it
        if isinstance(stop, KeyboardInterrupt):
            _err(f"{command}: interrupted")
            return 130
        if isinstance(stop, SystemExit):
            raise stop from None
        if os.environ.get("CREDSCORE_DEBUG"):
            raise
        if type(exc).__name__ == "TerminatedWorkerError":  # joblib's: the system killed a worker (memory?)
            _err(f"{command}: error: a worker process died ({exc}); stopped before the end. If it ran out of "
                 "memory, use a smaller --batch-size or fewer --n-jobs")
            return _STOPPED
        _err(f"{command}: internal error: {type(exc).__name__}: {exc}; stopped before the end")
        _err("set CREDSCORE_DEBUG=1 to see the traceback, and please report it")
        return _STOPPED
