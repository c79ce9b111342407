"""Labeled data: labels from the API and from files, and CSV training data that cannot lose rows silently."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from credscore._data import map_labels, read_labeled


def test_map_labels_takes_names_booleans_and_numbers() -> None:
    assert map_labels(["fake", "real", "REAL"], {"fake": 0, "real": 1}) == [0, 1, 1]
    assert map_labels([True, False, np.bool_(True)]) == [1, 0, 1]
    assert map_labels([0, 1.0, "1", " 0 ", np.int64(1)]) == [0, 1, 1, 0, 1]
    assert map_labels(np.array([0, 1])) == [0, 1]


def test_a_map_applies_to_every_spelling_of_a_0_1_label() -> None:
    # pandas writes a label column with gaps as 1.0/0.0, a CSV cell holds "1.0" or "True": a map that inverts
    # the labels ("1 means fake") must invert those too, not leave them as they were (the audit's AUC 0.988
    # against 0.012 for the same file with integer labels).
    inverted = {"1": 0, "0": 1}
    assert map_labels([1, 1.0, "1.0", True, np.float64(1.0), "TRUE", 0, 0.0, "0.0", False], inverted) == [0] * 5 + [0] + [1] * 4
    assert map_labels([1.0, "0"], {1: 0, 0: 1}) == [0, 1]  # int keys from Python


def test_a_maps_names_match_whatever_their_case_spacing_or_number_spelling() -> None:
    """An audit (session 27): "fake=0,real=1" matched "Real" and "FAKE ", but "REAL=1,FAKE=0" did not, and
    "2=0,4=1" refused 4.0 as pandas writes it."""
    assert map_labels(["Real", "FAKE ", "fake", " real"], {"REAL": 1, "FAKE": 0}) == [1, 0, 0, 1]
    assert map_labels(["Real", "FAKE "], {"FAKE": 0, "Real": 1}) == [1, 0]
    assert map_labels([2, 4.0, "4.0", " 2 ", 4], {"2": 0, "4": 1}) == [0, 1, 1, 0, 1]
    assert map_labels([1, 1.0, "1.0", True], {"1": 0, "0": 1}) == [0, 0, 0, 0]  # as before: an inverted file
    # Two names that read alike with other labels: which is meant is not known, so the map is refused
    # (session 36: it was the label, and only when no lookup of its lower case found one of them first, so
    # "REAL" went silently to {"Real": 1, "real": 0}'s 0).
    for label in ("real", "Real", "REAL"):
        with pytest.raises(ValueError, match=r"label_map names 'Real' and 'REAL ' with different labels"):
            map_labels([label], {"Real": 1, "REAL ": 0})


def test_map_labels_errors_name_the_value() -> None:
    with pytest.raises(ValueError, match=r"labels\[2\]: label must be 0 or 1, got 'satire' \(known names: \['fake', 'real'\]\)"):
        map_labels(["fake", "real", "satire"], {"fake": 0, "real": 1})
    with pytest.raises(ValueError, match=r"labels\[1\]: label must be 0 or 1, got 2 \(pass label_map="):
        map_labels([0, 2])
    with pytest.raises(TypeError, match="single str"):
        map_labels("0101")
    with pytest.raises(TypeError, match="label_map must be a mapping"):
        map_labels(["a"], [("a", 1)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="label_map values must be 0 .* got {'real': 2}"):
        map_labels(["real"], {"fake": 0, "real": 2})


def _write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        w.writerow(["id", "text", "label"])
        w.writerows(rows)
    return path


def test_training_csv_with_an_unclosed_quote_raises_naming_the_line(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "train.csv", [(f"r{i}", f"Text number {i}.", str(i % 2)) for i in range(6)])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace('Text number 2."', "Text number 2.")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{path}:4: malformed CSV"):
        read_labeled([path])


def test_training_csv_multiline_fields_and_field_counts(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "train.csv", [("a", "Line one,\nline two.", "1"), ("b", "Other.", "0")])
    corpus = read_labeled([path])
    assert corpus.texts == ["Line one,\nline two.", "Other."] and corpus.labels == [1, 0]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text,label\na,Hello,1\nb,Hi\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{bad}:3: row has 2 fields but the header has 3"):
        read_labeled([bad])


@pytest.mark.parametrize("header", ["id,text,text,label", "id,id,text,label", "id,text,label,label"])
def test_training_csv_with_a_column_twice_raises_naming_it(tmp_path: Path, header: str) -> None:
    """A row read as a dict keeps the last of two same-named values: training read the second text column
    without a word (an audit of session 26 found it in the CLI's reader, and here)."""
    path = tmp_path / "twice.csv"
    path.write_text(f"{header}\na,One text.,Other text.,1\n", encoding="utf-8")
    name = next(c for c in header.split(",") if header.split(",").count(c) > 1)
    with pytest.raises(ValueError, match=rf"{path}:2: the CSV header has column '{name}' twice \(columns \d and \d\)"):
        read_labeled([path])
    fine = tmp_path / "fine.csv"  # blank names (trailing commas) are read by nobody: no ambiguity
    fine.write_text("id,text,label,,\na,One text.,1,,\n", encoding="utf-8")
    assert read_labeled([fine]).texts == ["One text."]


def test_training_jsonl_errors_and_boolean_labels(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps({"text": "A.", "label": True}) + "\n" + json.dumps({"text": "B.", "label": False}) + "\n")
    assert read_labeled([path]).labels == [1, 0]
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b'{"text": "tab\there", "label": 1}\n')
    with pytest.raises(ValueError) as info:
        read_labeled([broken])
    assert " at at " not in str(info.value) and "Invalid control character at column 14" in str(info.value)


def test_csv_labels_written_as_floats_or_booleans_read_as_json_values_do(tmp_path: Path) -> None:
    # A CSV cell is a string: pandas writes a label column with gaps as 1.0/0.0 and a boolean one as
    # True/False, which a JSONL file would give as numbers and booleans (read as labels there).
    path = _write_csv(tmp_path / "train.csv", [("a", "One.", "1.0"), ("b", "Two.", "0.0"), ("c", "Three.", "True"),
                                               ("d", "Four.", "false")])
    assert read_labeled([path]).labels == [1, 0, 1, 0]
    with pytest.raises(ValueError, match=r"label must be 0 or 1, got '2.0'"):
        read_labeled([_write_csv(tmp_path / "bad.csv", [("a", "One.", "2.0")])])


def test_a_label_map_that_maps_a_name_both_ways_is_refused() -> None:
    from credscore.cli import UsageError, _parse_label_map

    assert _parse_label_map("fake=0,real=1,fake=0") == {"fake": 0, "real": 1}
    with pytest.raises(UsageError, match="maps 'fake' to both 0 and 1"):
        _parse_label_map("fake=0,fake=1")


def test_the_training_manifest_names_a_file_in_the_working_directory_without_a_slash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from credscore._data import file_manifest

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "tr.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "tr.jsonl").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [m["file"] for m in file_manifest(["tr.jsonl", "sub/tr.jsonl", tmp_path / "sub" / "tr.jsonl"])] == [
        "tr.jsonl", "sub/tr.jsonl", "sub/tr.jsonl"]


def test_training_rows_read_their_group_and_weight_or_the_defaults(tmp_path: Path) -> None:
    """Mutation run 33 (session 27): a group field checked the wrong way round and a default weight of 0
    both passed the tests."""
    path = tmp_path / "pubs" / "rows.jsonl"
    path.parent.mkdir()
    rows = [{"text": "One.", "label": 1, "site": "a", "w": 2}, {"text": "Two.", "label": 0, "site": "b", "w": "0.5"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    plain = read_labeled([path])
    assert plain.groups == ["pubs", "pubs"] and plain.weights == [1.0, 1.0]  # the folder, and weight 1 each
    grouped = read_labeled([path], group_field="site", weight_field="w")
    assert grouped.groups == ["a", "b"] and grouped.weights == [2.0, 0.5]
    del rows[1]["site"]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{path}:2: missing group field 'site' \(this row lacks it, rows before it have it\)"):
        read_labeled([path], group_field="site")
