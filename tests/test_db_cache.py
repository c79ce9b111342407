"""The on-disk cache of compiled Hyperscan databases (credscore._engine).

Most tests use a small catalogue, which compiles in a fraction of a second;
one compiles the whole catalogue once, to check that a database loaded from
the cache finds exactly what a freshly compiled one does.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import numpy as np
import pytest

from credscore import CATALOGUE, Matcher, _engine
from credscore._engine import _CACHE_KEEP, _DB_MAGIC, cache_dir

SMALL = [s for s in CATALOGUE if s.name in {"unverified_claim", "hedging", "exclamation", "loaded_labels", "clickbait_title"}]
TEXTS = [
    "The claim is unverified! Maybe it could be true!!",
    "Sources said the mayor allegedly took bribes. He denied it, and the claim remains unconfirmed.",
    "According to a report published in Nature, 42% of the 1,200 people surveyed on March 3 agreed.",
    "You won't believe what these idiots did!!! SHARE this before they delete it!",
    "café \u0130stanbul \u201cunverified\u201d \ud800 claims!",
    "",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory that credscore uses for the test."""
    d = tmp_path / "cache"
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(d))
    return d


def _results(m: Matcher) -> tuple[np.ndarray, np.ndarray, list[object]]:
    spans = [m.find(t) for t in TEXTS] + [m.find(t, "title") for t in TEXTS]
    return m.count(TEXTS), m.count(TEXTS, "title"), spans


def _db_files(d: Path) -> list[Path]:
    return sorted(p for p in d.glob("*.hsdb") if not p.name.startswith(".tmp-"))


def test_cache_hit_matches_a_fresh_compile_of_the_whole_catalogue(cache: Path) -> None:
    fresh = Matcher()
    assert fresh._get("text").origin == "compiled" and fresh._get("title").origin == "compiled"
    assert len(_db_files(cache)) == 2  # one database per scope
    cached = Matcher()
    assert cached._get("text").origin == "cache" and cached._get("title").origin == "cache"
    a, b = _results(fresh), _results(cached)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert a[2] == b[2]
    assert a[0].sum() > 10  # the texts do exercise the catalogue


def test_small_catalogue_round_trip(cache: Path) -> None:
    first = Matcher(SMALL)
    assert first._get("text").origin == "compiled"
    second = Matcher(SMALL)
    assert second._get("text").origin == "cache"
    assert _results(first)[2] == _results(second)[2]
    # Another pattern set gets a file of its own.
    Matcher(SMALL[:2])._get("text")
    assert len(_db_files(cache)) == 3


def _corrupt(path: Path, how: str) -> None:
    data = path.read_bytes()
    header_end = len(_DB_MAGIC) + data[len(_DB_MAGIC) :].index(b"\n", 65 + 65) + 1
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":  # one byte of the database changed: the SHA-256 check catches it
        i = header_end + (len(data) - header_end) // 2
        path.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :])
    elif how == "garbage":
        path.write_bytes(os.urandom(4096))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "header_only":
        path.write_bytes(data[:header_end])
    elif how == "raw_hyperscan":  # an old-style file: the database bytes without the header
        path.write_bytes(data[header_end:])
    else:  # pragma: no cover
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["truncated", "flipped", "garbage", "empty", "header_only", "raw_hyperscan"])
def test_corrupt_cache_file_is_ignored_and_rewritten(cache: Path, how: str, caplog: pytest.LogCaptureFixture) -> None:
    m = Matcher(SMALL)
    expected = _results(m)
    path = cache / f"{m._get('text').key}.hsdb"
    _corrupt(path, how)
    with caplog.at_level(logging.WARNING, logger="credscore._engine"):
        m = Matcher(SMALL)
        assert m._get("text").origin == "compiled"
    assert any(path.name in r.getMessage() for r in caplog.records), caplog.text
    got = _results(m)
    assert np.array_equal(got[0], expected[0]) and got[2] == expected[2]
    assert Matcher(SMALL)._get("text").origin == "cache"  # rewritten, valid again


def test_file_of_another_key_is_refused(cache: Path) -> None:
    small = Matcher(SMALL)._get("text")
    other = Matcher(SMALL[:2])._get("text")
    src, dst = cache / f"{small.key}.hsdb", cache / f"{other.key}.hsdb"
    dst.write_bytes(src.read_bytes())  # the right format, the wrong patterns
    assert Matcher(SMALL[:2])._get("text").origin == "compiled"
    assert Matcher(SMALL[:2])._get("text").origin == "cache"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership checks")
def test_file_that_others_may_write_is_refused(cache: Path) -> None:
    key = Matcher(SMALL)._get("text").key
    (cache / f"{key}.hsdb").chmod(0o666)
    assert Matcher(SMALL)._get("text").origin == "compiled"
    assert (cache / f"{key}.hsdb").stat().st_mode & 0o077 == 0  # rewritten with mode 0600


def test_unusable_cache_dir_falls_back_to_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(blocker / "credscore"))  # cannot be created
    m = Matcher(SMALL)
    assert m._get("text").origin == "compiled"
    assert m.find("It is unverified!") == Matcher(SMALL).find("It is unverified!")


def test_a_cache_folder_that_cannot_be_written_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # An audit: with $CREDSCORE_CACHE_DIR unwritable every run compiled for seconds and nothing said why.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(blocker / "credscore"))
    monkeypatch.setattr(_engine, "_UNSAVED", set())
    with caplog.at_level(logging.DEBUG, logger="credscore._engine"):
        Matcher(SMALL)._get("text")
        Matcher(SMALL)._get("text")
    said = [r for r in caplog.records if "cannot save the compiled signal matcher" in r.getMessage()]
    assert [r.levelno for r in said] == [logging.WARNING, logging.DEBUG]
    assert str(blocker / "credscore") in said[0].getMessage() and "CREDSCORE_CACHE_DIR" in said[0].getMessage()


def test_failed_write_leaves_no_temporary_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    assert Matcher(SMALL)._get("text").origin == "compiled"
    assert list(cache.iterdir()) == []


def test_empty_cache_dir_variable_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() is None
    assert Matcher(SMALL)._get("text").origin == "compiled"
    assert Matcher(SMALL)._get("text").origin == "compiled"
    assert list(tmp_path.iterdir()) == []


def test_cache_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CREDSCORE_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_dir() == tmp_path / "home" / ".cache" / "credscore"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec ignores relative paths
    assert cache_dir() == tmp_path / "home" / ".cache" / "credscore"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "credscore"
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


def test_cache_keeps_the_newest_databases(cache: Path) -> None:
    cache.mkdir()
    old = time.time() - 7200
    for i in range(_CACHE_KEEP + 3):
        p = cache / f"{i:064x}.hsdb"
        p.write_bytes(b"old")
        os.utime(p, (old + i, old + i))
    stale_tmp = cache / ".tmp-dead.hsdb"
    stale_tmp.write_bytes(b"partial")
    os.utime(stale_tmp, (old, old))
    unrelated = cache / "notes.txt"
    unrelated.write_text("kept")
    key = Matcher(SMALL)._get("text").key
    files = _db_files(cache)
    assert len(files) == _CACHE_KEEP and cache / f"{key}.hsdb" in files
    assert not stale_tmp.exists() and unrelated.exists()
    assert not (cache / f"{0:064x}.hsdb").exists()  # the oldest went first


def test_ship_and_adopt_use_the_same_file_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", "")
    parent = Matcher(SMALL)
    shipped = parent.save_databases(tmp_path)
    assert set(shipped) == {"text", "title"}
    for _key, path in shipped.values():
        assert Path(path).read_bytes().startswith(_DB_MAGIC)
    worker = Matcher(SMALL)
    worker.load_databases(shipped)
    assert worker._get("text").origin == "shipped"
    assert _results(worker)[2] == _results(parent)[2]
    # A damaged shipped file is not used: the worker compiles.
    _corrupt(Path(shipped["text"][1]), "flipped")
    again = Matcher(SMALL)
    again.load_databases(shipped)
    assert again._get("text").origin == "compiled"


GATED = SMALL + [s for s in CATALOGUE if s.name == "named_expert"]
GATED_TEXTS = ["Jane Smith, a professor at Yale, said it was unverified.", "Photo\n\nDr. Omar Haddad of Mount Sinai said so!", ""]


def test_a_scope_with_a_line_gate_and_found_starts_saves_all_its_databases_in_one_file(cache: Path, tmp_path: Path) -> None:
    fresh = Matcher(GATED)
    comp = fresh._get("text")
    # The line gate and its lines; the collapsed patterns scanned without start-of-match, with it (when
    # finding their starts would cost more) and reversed.
    parts = (comp.gate_db, comp.line_db, comp.recovered_db, comp.recovered_som_db, comp.reversed_db)
    assert comp.origin == "compiled" and all(db is not None for db in parts) and len(comp.databases) == 5
    want = [fresh.find(t) for t in GATED_TEXTS]
    assert sum(e.signal == "named_expert" for found in want for e in found) == 2
    cached = Matcher(GATED)
    assert cached._get("text").origin == "cache" and len(cached._get("text").databases) == 5
    assert [cached.find(t) for t in GATED_TEXTS] == want
    (tmp_path / "ship").mkdir()
    shipped = fresh.save_databases(tmp_path / "ship")
    worker = Matcher(GATED)
    worker.load_databases(shipped)
    assert worker._get("text").origin == "shipped"
    assert [worker.find(t) for t in GATED_TEXTS] == want
    assert np.array_equal(worker.count(GATED_TEXTS), fresh.count(GATED_TEXTS))


def _rewrite_blob(path: Path, change: str) -> None:
    """Rewrite the bytes after the header, with a header that vouches for them."""
    import hashlib

    data = path.read_bytes()
    key = data[len(_DB_MAGIC) :].split(b"\n", 1)[0].decode()
    header_end = len(_DB_MAGIC) + data[len(_DB_MAGIC) :].index(b"\n", 65 + 65) + 1
    count, _, rest = data[header_end:].partition(b"\n")
    if change == "count":
        blob = b"%d\n" % (int(count) + 1) + rest
    elif change == "trailing":
        blob = data[header_end:] + b"\0"
    else:  # a part longer than what follows
        size, _, part = rest.partition(b"\n")
        blob = count + b"\n" + b"%d\n" % (int(size) + 10**6) + part
    path.write_bytes(_DB_MAGIC + f"{key}\n{hashlib.sha256(blob).hexdigest()}\n{len(blob)}\n".encode() + blob)


@pytest.mark.parametrize("change", ["count", "trailing", "long_part"])
def test_a_file_whose_databases_do_not_add_up_is_refused(cache: Path, change: str) -> None:
    m = Matcher(SMALL)
    expected = _results(m)
    _rewrite_blob(cache / f"{m._get('text').key}.hsdb", change)
    again = Matcher(SMALL)
    assert again._get("text").origin == "compiled"
    assert _results(again)[2] == expected[2]
