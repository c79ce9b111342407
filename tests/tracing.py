"""The peak of traced memory while one call runs: the memory tests' one way of measuring it."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def traced_peak(call: Callable[[], T]) -> tuple[int, T]:
    """``(peak, result)``: the highest traced memory while ``call()`` ran, in bytes, and what it returned."""
    tracemalloc.start()
    try:
        result = call()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()
