"""The pip command a missing extra's message gives: one that works for the installation at hand.

credscore installed from a clone (the README's first command) is not on the package index, where
``pip install "credscore[html]"`` would look (audit: "No matching distribution found").
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path
from typing import Any

import pytest

from credscore._version import install_command


class _Dist:
    def __init__(self, direct_url: Any) -> None:
        self._text = direct_url if direct_url is None or isinstance(direct_url, str) else json.dumps(direct_url)

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return self._text


def _installed(monkeypatch: pytest.MonkeyPatch, direct_url: Any) -> None:
    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: _Dist(direct_url))


def test_a_release_from_the_index_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, None)  # pip writes no direct_url.json for a release from an index
    assert install_command("html") == 'pip install "credscore[html]"'


def test_a_clone_installed_as_editable_names_its_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _installed(monkeypatch, {"url": tmp_path.as_uri(), "dir_info": {"editable": True}})
    assert install_command("fast") == f'pip install -e "{tmp_path}[fast]"'


def test_a_clone_installed_as_a_copy_names_its_folder_without_e(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "credscore checkout"  # a space: the URL spells it %20, the command as it is
    folder.mkdir()
    _installed(monkeypatch, {"url": folder.as_uri(), "dir_info": {}})
    assert install_command("dask") == f'pip install "{folder}[dask]"'


def test_a_clone_that_is_gone_gives_the_index_form(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _installed(monkeypatch, {"url": (tmp_path / "deleted").as_uri(), "dir_info": {"editable": True}})
    assert install_command("cli") == 'pip install "credscore[cli]"'


def test_a_repository_or_an_archive_is_named_by_its_address(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _installed(monkeypatch, {"url": "https://example.org/credscore.git", "vcs_info": {"vcs": "git", "commit_id": "ab12"}})
    assert install_command("html") == 'pip install "credscore[html] @ git+https://example.org/credscore.git"'
    _installed(monkeypatch, {"url": "https://example.org/credscore-0.1.0-py3-none-any.whl", "archive_info": {}})
    assert install_command("html") == 'pip install "credscore[html] @ https://example.org/credscore-0.1.0-py3-none-any.whl"'
    # A wheel file on this machine (the README's route for Dask workers) is an archive, not a folder.
    wheel = tmp_path / "credscore-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"PK")
    _installed(monkeypatch, {"url": wheel.as_uri(), "archive_info": {}})
    assert install_command("dask") == f'pip install "credscore[dask] @ {wheel.as_uri()}"'


@pytest.mark.parametrize("recorded", ["not json", "[1, 2]", json.dumps({"dir_info": {}})])
def test_a_record_that_cannot_be_read_gives_the_index_form(monkeypatch: pytest.MonkeyPatch, recorded: str) -> None:
    _installed(monkeypatch, recorded)
    assert install_command("plots") == 'pip install "credscore[plots]"'


def test_not_installed_at_all_gives_the_index_form(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> Any:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    assert install_command("parquet") == 'pip install "credscore[parquet]"'


def test_this_checkout_names_a_command_for_this_installation() -> None:
    # Whatever way the suite's credscore was installed, the command names the extra and can be run.
    command = install_command("html")
    assert command.startswith("pip install ") and "[html]" in command
