"""Unit edges found by the third mutation sample (benchmarks/MUTATION.md, run 3 survivors):
feature-matrix shape checks, the English check without a prepared batch, the
shipped-model lookup when a folder lacks its checksum, UTF-16 detection at the
75 % threshold, a rescanned document with overlapping candidates, and the
shared byte batch (its per-text views, immutability)."""

from __future__ import annotations

import dataclasses
import importlib.resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import credscore
from credscore import Matcher, ModelFormatError, Pattern, Signal
from credscore._api import shipped_model_bytes
from credscore._features import judgeable
from credscore._io import read_records
from credscore._tokens import encode_batch, normalise

ENGLISH = "The council voted on Monday to approve the budget, and the mayor said the plan would fund two new branches."


def test_decision_function_names_the_expected_shape() -> None:
    m = credscore.default_model()
    k = len(m.feature_names)
    with pytest.raises(ValueError) as info:
        m.decision_function(np.zeros(k))
    assert str(info.value) == f"X must have shape (n, {k}), got ({k},)"
    with pytest.raises(ValueError) as info2:
        m.decision_function(np.zeros((2, k + 1)))
    assert str(info2.value) == f"X must have shape (n, {k}), got (2, {k + 1})"


def test_judgeable_makes_its_own_batch_when_none_is_given() -> None:
    texts = [ENGLISH, "Too short.", ("Der Stadtrat hat am Montag den Haushalt beschlossen, und der Bürgermeister sagte, "
             "der Plan werde zwei neue Filialen finanzieren und die Kosten seien tragbar für alle.")]
    words = np.array([len(t.split()) for t in texts])
    alone = judgeable(texts, words)
    assert alone.tolist() == judgeable(texts, words, encode_batch(texts)).tolist() == [True, False, False]
    with pytest.raises(ValueError, match="other texts"):
        judgeable(texts, words, encode_batch(texts[::-1]))


def test_a_model_folder_without_its_checksum_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed-package folder holds the model but not its .sha256: the
    lookup moves on to the repository's models/ folder instead of failing."""
    want = shipped_model_bytes()
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "credscore-model.json").write_bytes(b"{}")
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path)
    assert shipped_model_bytes() == want
    # Nowhere else either: the error names the missing checksum, not a missing model (an audit, session 41).
    monkeypatch.setattr(credscore._api, "__file__", str(tmp_path / "a" / "b" / "c.py"))
    with pytest.raises(ModelFormatError, match="checksum file credscore-model.json.sha256 is missing next to it in"):
        shipped_model_bytes()


def test_utf16_detection_at_exactly_three_quarters_zeros(tmp_path: Path) -> None:
    at = tmp_path / "at.txt"
    at.write_bytes(b"a\x00b\x00c\x00de")  # 3 of 4 odd bytes are NUL: exactly 75 %
    (rec,) = read_records([str(at)])
    assert rec.error is not None and "looks like UTF-16 (little-endian)" in rec.error
    below = tmp_path / "below.txt"
    below.write_bytes(b"a\x00b\x00cxde")  # 2 of 4
    (rec,) = read_records([str(below)])
    assert rec.error is None


def test_a_rescanned_document_keeps_leftmost_longest() -> None:
    """After a match across the separator, the end document is rescanned alone;
    its overlapping candidates ("start here", "here now": different ends) are
    still resolved leftmost-longest to one."""
    cross = Signal(
        "cross", "test", "test", (Pattern("p", r"(?:end[^a-z]+)?start here|here now"),), ("here now",), ("x",)
    )
    m = Matcher([cross])
    docs = ["the end", "start here now", "start here now", "and here now"]
    assert [[e.text for e in m.find(d)] for d in docs] == [[], ["start here"], ["start here"], ["here now"]]
    assert m.count(docs)[:, 0].tolist() == [0, 1, 1, 1]


TEXTS = ["a", "", "\u20ac5 \u201cno\u201d\u2026", "\U0001f600 x", "plain"]


def test_each_text_of_a_batch_reads_back_as_its_normalised_bytes() -> None:
    b = encode_batch(TEXTS)
    assert len(b) == len(TEXTS)
    for i, t in enumerate(TEXTS):
        assert b.doc_text(i) == normalise(t.encode("utf-8"))
    assert b.doc_text(2) == '\u20ac5 "no"...'.encode()
    assert encode_batch(["caf\u00e9 \u201cno\u201d"]).doc_text(0) == b'cafe "no"'  # an accent is read without it


_MARKS_ALPHABET = list("a '\"\x00\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2014\u2020\u2026\u20ac\u20a6\u2058\u00e2\u0080")  # \u20a6, \u2058: E2 8x with a mark's third byte


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from(_MARKS_ALPHABET), max_size=12), max_size=6), st.sampled_from([1, 2, 5, 1 << 22]))
def test_a_batch_is_its_texts_normalised_one_by_one(texts: list[str], per_pass: int) -> None:
    # The batch is normalised joined, a few bytes at a time here: every text
    # must read back as normalise() makes it alone, with its own ellipses.
    from credscore import _tokens

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_tokens, "_MARK_BYTES_PER_PASS", per_pass)
        b = encode_batch(texts)
    assert len(b) == len(texts)
    for i, t in enumerate(texts):  # as read (encode_text: low and reversed quotes as straight ones), then normalised
        assert b.doc_text(i) == normalise(_tokens.encode_text(t))
        assert b.ellipses[i] == t.count("\u2026")
    assert b.buf == b"\x00" * _tokens.LEAD + b"\x00".join(normalise(_tokens.encode_text(t)) for t in texts) + b"\x00" * (
        _tokens.TAIL + 1)


def test_a_byte_batch_is_frozen() -> None:
    b = encode_batch(TEXTS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.buf = b""  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("a '\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2014\u2020\u2026\u20ac\u00e2\u0080")), max_size=40))
def test_normalise_straightens_quotes_and_spells_out_ellipses(text: str) -> None:
    # The typographic quotes and the ellipsis, and nothing else (other
    # characters that start with E2 80 in UTF-8 stay), as a str.replace would.
    want = text
    for curly, straight in [("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'),
                            ("\u2026", "...")]:
        want = want.replace(curly, straight)
    from credscore import _tokens

    for few in (0, 1 << 20):  # replaced pattern by pattern, and in one pass
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(_tokens, "_FEW_MARKS", few)
            assert normalise(text.encode("utf-8")) == want.encode("utf-8")
