"""Code-health fixes from issue 15, each pinned by a test."""

from __future__ import annotations

import pytest

from credscore import _stylometry


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
