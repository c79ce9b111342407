"""Repository-wide pytest configuration (tests/conftest.py holds the test suite's own).

The doctests of modules that need an optional extra are skipped, naming the
extra, when it is not installed: their test files skip the same way
(``pytest.importorskip``), so the core install runs the suite cleanly.
"""

from __future__ import annotations

import importlib.util

import pytest

# Module file -> (module the extra provides, install line).
_EXTRAS = {
    "src/credscore/_html.py": ("trafilatura", 'pip install "credscore[html]"'),
}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # e.g. blocked with sys.modules[module] = None
        return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = {path: install for path, (module, install) in _EXTRAS.items() if not _installed(module)}
    if not missing:
        return
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if isinstance(item, pytest.DoctestItem) and path in missing:
            item.add_marker(pytest.mark.skip(reason=f"needs an optional extra: {missing[path]}"))
