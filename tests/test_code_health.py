"""Code-health fixes from issue 15, each pinned by a test."""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from credscore import CATALOGUE, Matcher, _engine, _stylometry, cli
from credscore._api import default_matcher
from credscore._atomic import atomic_write
from credscore._data import read_labeled
from credscore._io import atomic_output, read_records

if TYPE_CHECKING:
    from typing import Self


@pytest.mark.parametrize("name", ["PUNCTUATION", "SHAPE_FEATURES"])
def test_stylometry_tables_are_read_only(name: str) -> None:
    table = getattr(_stylometry, name)
    key = next(iter(table))
    with pytest.raises(TypeError):
        table[key] = "x"
    with pytest.raises(TypeError):
        table["new"] = "x"
    with pytest.raises(TypeError):
        del table[key]


# --- csv.field_size_limit is not changed process-wide ----------------------------
BIG = "word " * 40_000  # 200,000 characters: over the csv module's default 131,072


def test_reading_a_csv_leaves_the_field_size_limit_as_it_was(tmp_path: Path) -> None:
    before = csv.field_size_limit()
    assert before < 200_000, "the test needs the default limit; something in the session raised it"
    path = tmp_path / "big.csv"
    path.write_text(f"id,text\na,{BIG}\nb,short\n", encoding="utf-8")
    records = list(read_records([str(path)]))
    assert [(r.id, len(r.text or "")) for r in records] == [("a", len(BIG)), ("b", 5)]
    assert csv.field_size_limit() == before
    # ... also while the reader is suspended between rows.
    it = read_records([str(path)])
    next(it)
    assert csv.field_size_limit() == before
    it.close()


def test_training_csv_reads_long_fields_whatever_was_read_before(tmp_path: Path) -> None:
    # It used to work only if the scoring reader had raised the limit earlier
    # in the process.
    path = tmp_path / "train.csv"
    path.write_text(f"text,label\n{BIG},1\nshort text,0\n", encoding="utf-8")
    before = csv.field_size_limit()
    corpus = read_labeled([str(path)])
    assert [len(t) for t in corpus.texts] == [len(BIG), 10] and corpus.labels == [1, 0]
    assert csv.field_size_limit() == before


# --- one atomic writer, which never toggles the umask ------------------------------
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(("private", "base"), [(False, 0o666), (True, 0o600)])
def test_atomic_write_mode_follows_the_umask_without_setting_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private: bool, base: int
) -> None:
    mask = _umask()

    def no_umask(_: int) -> int:
        raise AssertionError("os.umask called: it races with other threads creating files")

    monkeypatch.setattr(os, "umask", no_umask)
    with atomic_write(tmp_path / "out.txt", private=private) as fh:
        fh.write("x")
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == base & ~mask
    with atomic_output(str(tmp_path / "cli.txt")) as fh:
        fh.write("y")
    assert stat.S_IMODE((tmp_path / "cli.txt").stat().st_mode) == 0o666 & ~mask


def test_atomic_write_keeps_the_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_write(target, "wb") as fh:
        fh.write(b"new")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_atomic_write_over_a_file_keeps_its_mode_and_over_a_link_keeps_the_link(tmp_path: Path) -> None:
    """As a plain open() would: a file written over keeps its permission bits (an audit: a chmod 600 report
    came back 644), and a symbolic link stays a link to the file that now holds the new text."""
    private = tmp_path / "report.jsonl"
    private.write_text("old")
    private.chmod(0o600)
    with atomic_output(str(private)) as fh:
        fh.write("new")
    assert private.read_text() == "new" and stat.S_IMODE(private.stat().st_mode) == 0o600
    real = tmp_path / "real.jsonl"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with atomic_write(link) as fh2:
        fh2.write("via the link")
    assert link.is_symlink() and real.read_text() == "via the link"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real.jsonl", "report.jsonl"]


def test_the_database_cache_uses_the_one_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    real = _engine.atomic_write

    def spy(path: Path, mode: str, **kw: object) -> object:
        calls.append((mode, bool(kw.get("private"))))
        return real(path, mode, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(_engine, "atomic_write", spy)
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(tmp_path))
    Matcher([next(s for s in CATALOGUE if s.name == "hedging")]).count(["It may be."])
    assert calls == [("wb", True)]
    (db,) = tmp_path.glob("*.hsdb")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600 & ~_umask()


# --- the CLI ----------------------------------------------------------------------
ARTICLE = (
    "The city council voted 7-2 on Monday to approve the budget, officials said, after a debate "
    "that lasted four hours and drew more than 120 residents to the meeting hall downtown."
)


def _jsonl(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({"id": str(i), "text": ARTICLE}) + "\n" for i in range(n)), encoding="utf-8")
    return path


def _sentinel(signum: int, frame: object) -> None:  # pragma: no cover - never called
    pass


def test_cli_main_puts_the_sigterm_handler_back(tmp_path: Path) -> None:
    before = signal.signal(signal.SIGTERM, _sentinel)
    try:
        cli.main(["score", str(tmp_path / "missing.jsonl")])  # fails fast: no such file
        assert signal.getsignal(signal.SIGTERM) is _sentinel
    finally:
        signal.signal(signal.SIGTERM, before)


def test_a_bad_article_is_a_row_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    real = cli.model_features

    def picky(texts: list[str], *rest: Any, **kw: Any) -> Any:
        if any("BAD" in t for t in texts):
            raise ValueError("a value this article cannot have")
        return real(texts, *rest, **kw)

    monkeypatch.setattr(cli, "model_features", picky)
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": ARTICLE}) + "\n" + json.dumps({"id": "b", "text": "BAD " + ARTICLE}) + "\n",
        encoding="utf-8",
    )
    status = cli.main(["score", str(src), "--output", str(tmp_path / "out.jsonl")])
    got = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in got] == ["a", "b"]
    assert got[0]["error"] is None and got[0]["score"] is not None
    assert got[1]["score"] is None and "ValueError: a value this article cannot have" in got[1]["error"]
    assert status == 1


def test_a_programming_error_is_not_reported_as_bad_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> object:
        raise AttributeError("'NoneType' object has no attribute 'X'")

    monkeypatch.setattr(cli, "model_features", broken)
    monkeypatch.delenv("CREDSCORE_DEBUG", raising=False)
    status = cli.main(["score", str(_jsonl(tmp_path / "in.jsonl", 2)), "--output", str(tmp_path / "out.jsonl")])
    assert status == 3  # stopped before the end (not 1, a finished run with bad rows)
    assert "internal error: AttributeError" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_workers_get_the_compiled_matcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # score --n-jobs 2 passes the parent's compiled databases to each task, as
    # score_many(n_jobs=2) does, instead of letting each worker compile them.
    import joblib

    seen: list[object] = []

    class InProcess:
        def __init__(self, **_: object) -> None:
            pass

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def __call__(self, tasks: Iterable[tuple[Any, tuple[Any, ...], dict[str, Any]]]) -> Iterator[object]:
            for fn, args, kwargs in tasks:
                shipped = args[4]
                seen.append(shipped)
                assert all(Path(path).is_file() for _key, path in shipped.values())
                yield fn(*args, **kwargs)

    monkeypatch.setattr(joblib, "Parallel", InProcess)
    src = _jsonl(tmp_path / "in.jsonl", 5)
    status = cli.main(["score", str(src), "--n-jobs", "2", "--batch-size", "2", "--output", str(tmp_path / "out.jsonl")])
    assert status == 0
    keys = {scope: default_matcher()._get(scope).key for scope in ("text", "title")}
    assert len(seen) == 3 and all(s == seen[0] for s in seen)
    assert {scope: key for scope, (key, _path) in seen[0].items()} == keys  # type: ignore[attr-defined]
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 5


# --- the Python the package says it needs is the one its expressions need (session 32) ------------------
def test_requires_python_covers_the_regular_expressions_the_package_compiles() -> None:
    """Possessive quantifiers and atomic groups (``{1,106}+``, ``(?>...)``: the body's line scans and the
    page-line shapes, which they keep linear) came to ``re`` in Python 3.11; on 3.10 importing the package
    fails. pyproject.toml claimed ">=3.10" until session 32."""
    import re
    import tomllib

    root = Path(__file__).resolve().parents[1]
    source = "".join(p.read_text(encoding="utf-8") for p in sorted((root / "src" / "credscore").glob("*.py")))
    assert re.search(r"\(\?>|\}\+", source), "no 3.11-only expression left: requires-python may go down again"
    spec = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    low = re.fullmatch(r">=\s*3\.(\d+)", spec)
    assert low is not None and int(low.group(1)) >= 11, spec
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "Python ≥ 3.11" in readme[:1000], "the README's first lines say which Python"
