"""The note about building the signal matcher is printed only when it is true.

It said "compiling it, the first run on a machine, takes several seconds"
whenever the warm-up passed a second, and loading the cached matcher on a busy
machine takes about that long. Now: a cache with no database (or no cache)
means a compile, said at once; otherwise only a long wait is explained, in
words true whether the matcher is being loaded or compiled.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import credscore._api
from credscore import cli


@pytest.fixture
def slow_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm-up that takes 1.3 s, as loading the cached matcher can on a busy machine (or a compile starting)."""

    def score(*args: object, **kwargs: object) -> float:
        time.sleep(1.3)
        return 0.5

    monkeypatch.setattr(credscore._api, "score", score)


@pytest.mark.usefixtures("slow_warm_up")
def test_a_slow_load_from_a_filled_cache_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ("0" * 64 + ".hsdb")).write_bytes(b"a database")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(tmp_path))
    cli._warm_matcher(None)
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("slow_warm_up")
@pytest.mark.parametrize("cache", ["empty", "temp-file-only", "off"])
def test_a_compile_is_announced_at_once_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cache: str
) -> None:
    if cache == "temp-file-only":  # left by a process that died while writing: not a database
        (tmp_path / ".tmp-123.hsdb").write_bytes(b"half")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", "" if cache == "off" else str(tmp_path))
    cli._warm_matcher(None)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("credscore: compiling the signal matcher (")
    assert ("each run compiles it" in err[0]) == (cache == "off")
    assert ("cached for the next runs" in err[0]) == (cache != "off")
    assert err[1].startswith("credscore: signal matcher ready after 1.")


def test_a_fast_warm_up_prints_nothing_even_with_an_empty_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # This process's matcher is built already (or is built within the short delay): nothing to wait for.
    credscore.score("Officials said on Monday that the report was published.", "A headline")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(tmp_path))
    cli._warm_matcher(None)
    assert capsys.readouterr().err == ""


def test_the_long_wait_message_does_not_claim_a_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ("0" * 64 + ".hsdb")).write_bytes(b"a database")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(tmp_path))
    delay, message = cli._matcher_note()
    assert delay >= 2.0
    assert message.startswith("still loading the signal matcher") and "busy" in message and "or the cache" in message


@pytest.mark.usefixtures("slow_warm_up")
def test_a_cache_folder_that_cannot_be_written_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # An audit: "it is cached for the next runs" was said where nothing could be cached.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(blocker / "credscore"))
    cli._warm_matcher(None)
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"credscore: compiling the signal matcher (several seconds; its cache folder {blocker / 'credscore'} "
                      "cannot be written, so each run compiles it)...")
