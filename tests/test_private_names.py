"""No credscore module reaches into another module's private names.

A name with a leading underscore is private to its module: another module that
imports it (``from ._api import _resolve_model``) or calls it on an object
(``matcher._adopt(...)``) depends on something its owner may change without
notice. Cross-module seams get a plain name instead (kept out of ``__all__``
when they are not public API): ``_api.resolve_model``, ``_api.text_batches``,
``_api.shipped_model_bytes``, ``_io.record_from``, ``_io.json_error``,
``Matcher.save_databases``/``load_databases``.

Read from the source with :mod:`ast`, imports inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "credscore"

#: Known private imports between modules, each with its reason. Empty is the goal.
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    **{
        ("_cli_evaluate", "cli", name): "the `credscore evaluate` subcommand is the CLI split over two files; "
        "it shares the CLI's argument helpers"
        for name in (
            "_add_model", "_add_progress", "_add_reading", "_check_inputs", "_check_output", "_chunks",
            "_data_dir", "_err", "_load_model", "_n_jobs", "_parse_label_map", "_positive", "_prior_value", "_progress_bar",
            "_want_progress",
        )
    },
}

#: Private methods that other modules must not call on credscore objects
#: (the public names are given).
PRIVATE_METHODS = {"_ship": "save_databases", "_adopt": "load_databases", "_transform": "transform"}


def _modules() -> list[str]:
    return sorted(p.stem for p in SRC.glob("*.py"))


def private_imports(module: str, src: Path = SRC) -> set[tuple[str, str, str]]:
    """(importer, imported module, name) for each private name ``module`` imports from a sibling."""
    tree = ast.parse((src / f"{module}.py").read_text(encoding="utf-8"))
    found: set[tuple[str, str, str]] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 1 and node.module:
            source = node.module.split(".")[0]
        elif node.level == 0 and node.module and node.module.startswith("credscore."):
            source = node.module.split(".")[1]
        else:
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.add((module, source, alias.name))
    return found


def private_method_calls(module: str, src: Path = SRC) -> set[tuple[str, str]]:
    """(module, method) for each use of ``obj.<private method>`` on something other than self/cls."""
    tree = ast.parse((src / f"{module}.py").read_text(encoding="utf-8"))
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE_METHODS:
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            found.add((module, node.attr))
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    found = set().union(*(private_imports(m) for m in _modules()))
    unexpected = sorted(found - set(EXCEPTIONS))
    assert not unexpected, f"private names imported across modules (give them a plain name): {unexpected}"


def test_every_exception_is_still_needed() -> None:
    found = set().union(*(private_imports(m) for m in _modules()))
    stale = sorted(set(EXCEPTIONS) - found)
    assert not stale, f"remove these from EXCEPTIONS, the import is gone: {stale}"


def test_no_module_calls_a_private_method_of_another() -> None:
    found = set().union(*(private_method_calls(m) for m in _modules()))
    assert not found, {k: f"use .{PRIVATE_METHODS[k[1]]}()" for k in sorted(found)}


def test_the_checks_see_what_they_look_for(tmp_path: Path) -> None:
    """The scanners find a private import and a private call (so an empty result means something)."""
    (tmp_path / "_train.py").write_text("from ._api import _x\nfrom ._api import y\n", encoding="utf-8")
    assert private_imports("_train", tmp_path) == {("_train", "_api", "_x")}
    (tmp_path / "_evaluate.py").write_text("m = 1\nm._adopt({})\nself._adopt({})\n", encoding="utf-8")
    assert private_method_calls("_evaluate", tmp_path) == {("_evaluate", "_adopt")}
