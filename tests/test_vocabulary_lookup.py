"""NgramVocabulary.index_of (a hash table) finds exactly what a binary search over the sorted keys finds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import budget

from credscore._ngrams import NgramVocabulary


def by_binary_search(keys: np.ndarray, needles: np.ndarray) -> np.ndarray:
    pos = np.searchsorted(keys, needles)
    if not len(keys):
        return np.full(len(needles), -1, dtype=np.int64)
    at = np.minimum(pos, len(keys) - 1)
    return np.where((pos < len(keys)) & (keys[at] == needles), pos, -1)


def vocabulary(keys: list[int]) -> NgramVocabulary:
    k = np.array(sorted(set(keys)), dtype=np.int64)
    return NgramVocabulary(k, np.ones(len(k)), np.zeros(len(k)))


@settings(max_examples=budget(200))
@given(
    st.lists(st.integers(0, 2**40), max_size=300),
    st.lists(st.integers(0, 2**40), max_size=300),
)
def test_index_of_equals_a_binary_search(keys: list[int], others: list[int]) -> None:
    v = vocabulary(keys)
    needles = np.array(keys + others + [k + 1 for k in keys], dtype=np.int64)
    assert v.index_of(needles).tolist() == by_binary_search(v.keys, needles).tolist()


def test_a_vocabulary_the_size_of_the_shipped_one() -> None:
    # 50,000 random keys in a table at most a quarter full: thousands of them
    # share a first slot and are found only by probing on
    rng = np.random.default_rng(14)
    v = vocabulary(rng.integers(0, 20_000_000, 50_000).tolist())
    needles = np.concatenate([v.keys, rng.integers(0, 20_000_000, 200_000)])
    slot_key, _ = v._table
    first = (slot_key != -1).sum()
    assert first == len(v.keys)
    assert v.index_of(needles).tolist() == by_binary_search(v.keys, needles).tolist()


def test_a_wrong_table_is_caught() -> None:
    v = vocabulary([3, 8, 21])
    assert v.index_of(np.array([8])).tolist() == [1]
    assert by_binary_search(v.keys, np.array([9])).tolist() != [1]
