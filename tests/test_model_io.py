"""Model files are data: every malformed file is a ModelFormatError naming the problem.

Nothing in a model file may ever execute: a pickle is refused before any
byte is interpreted, which the marker-file test proves.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import budget

import credscore
from credscore import ModelFormatError, load_model
from credscore._api import shipped_model_bytes
from credscore._model import FORMAT_VERSION, loads_model

RAW, DIGEST = shipped_model_bytes()
GOOD: dict[str, Any] = json.loads(RAW)


def _write(tmp_path: Path, data: dict[str, Any] | bytes | str, name: str = "model.json") -> Path:
    path = tmp_path / name
    if isinstance(data, dict):
        path.write_text(json.dumps(data), encoding="utf-8")
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _edited(**changes: Any) -> dict[str, Any]:
    data = json.loads(RAW)
    data.update(changes)
    return data


# --- the shipped model -------------------------------------------------------------
def test_shipped_model_loads_and_its_checksum_passes() -> None:
    assert hashlib.sha256(RAW).hexdigest() == DIGEST
    model = loads_model(RAW, sha256=DIGEST)
    assert list(model.feature_names) == credscore.FeatureExtractor().feature_names()
    assert model.to_dict()["format_version"] == FORMAT_VERSION
    # Provenance travels with the weights.
    assert GOOD["credscore_version"]
    assert "training_data" in GOOD["metadata"]
    assert credscore.default_model().to_dict() == model.to_dict()


def test_checksum_is_case_insensitive() -> None:
    loads_model(RAW, sha256=DIGEST.upper())


@pytest.mark.parametrize("where", [0.25, 0.5, 0.9])
def test_tampered_bytes_fail_the_checksum(where: float) -> None:
    i = int(len(RAW) * where)
    tampered = RAW[:i] + bytes([RAW[i] ^ 0x01]) + RAW[i + 1 :]
    with pytest.raises(ModelFormatError, match=r"SHA-256 is [0-9a-f]{64}, expected " + DIGEST):
        loads_model(tampered, sha256=DIGEST)


def test_a_tampered_but_valid_model_is_caught_only_by_the_checksum(tmp_path: Path) -> None:
    coef = list(GOOD["coef"])
    coef[0] += 1.0
    path = _write(tmp_path, _edited(coef=coef))
    load_model(path)  # well-formed, so it loads without a checksum ...
    with pytest.raises(ModelFormatError, match=r"SHA-256"):
        load_model(path, sha256=DIGEST)  # ... and is refused with one


def test_wrong_sha256_given_to_load_model(tmp_path: Path) -> None:
    path = _write(tmp_path, RAW)
    load_model(path, sha256=DIGEST)
    with pytest.raises(ModelFormatError, match=r"expected 0{64}"):
        load_model(path, sha256="0" * 64)
    with pytest.raises(TypeError, match=r"sha256 must be a hex digest str"):
        load_model(path, sha256=123)  # type: ignore[arg-type]


# --- pickles never run -----------------------------------------------------------
class _WritesMarker:
    """Unpickling this would create ``marker`` through ``open()``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return (open, (str(self.marker), "w"))


class _RunsShell:
    """Unpickling this would create ``marker`` through ``os.system``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return (os.system, (f"touch '{self.marker}'",))


@pytest.mark.parametrize("payload", [_WritesMarker, _RunsShell])
@pytest.mark.parametrize("protocol", [0, 1, 2, pickle.HIGHEST_PROTOCOL])
def test_a_pickle_is_refused_and_never_executed(tmp_path: Path, payload: type, protocol: int) -> None:
    marker = tmp_path / "PWNED"
    path = _write(tmp_path, pickle.dumps(payload(marker), protocol=protocol), "model.pkl")
    with pytest.raises(ModelFormatError, match=r"looks like a pickle; credscore only reads JSON"):
        load_model(path)
    assert not marker.exists()


def test_the_marker_payload_would_really_fire(tmp_path: Path) -> None:
    # Guards the test above: the payload is live, so its absence means something.
    marker = tmp_path / "PWNED"
    pickle.loads(pickle.dumps(_WritesMarker(marker))).close()
    assert marker.exists()


# --- malformed files ---------------------------------------------------------------------
@pytest.mark.parametrize("cut", [0.0, 0.1, 0.5, 0.99])
def test_truncated_json(tmp_path: Path, cut: float) -> None:
    path = _write(tmp_path, RAW[: int(len(RAW) * cut)])
    with pytest.raises(ModelFormatError, match=r"not valid JSON"):
        load_model(path)


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (b"\xff\xfe{}", r"not UTF-8 JSON"),
        (gzip.compress(RAW), r"this is a gzip file, not JSON; decompress it first \(gunzip\)"),
        (b"[1, 2, 3]", r"must hold a JSON object, got list"),
        (b'"a string"', r"must hold a JSON object, got str"),
        (json.dumps(_edited(format="sklearn-pickle")).encode(), r"not a credscore model: 'format' is 'sklearn-pickle'"),
    ],
)
def test_not_a_model(tmp_path: Path, data: bytes, pattern: str) -> None:
    with pytest.raises(ModelFormatError, match=pattern):
        load_model(_write(tmp_path, data))


@pytest.mark.parametrize("version", [FORMAT_VERSION + 1, 0, str(FORMAT_VERSION), True, None, float(FORMAT_VERSION)])
def test_wrong_format_version(tmp_path: Path, version: Any) -> None:
    with pytest.raises(ModelFormatError, match=r"incompatible model format_version .* reads versions 1, 2"):
        load_model(_write(tmp_path, _edited(format_version=version)))


@pytest.mark.parametrize(("wrong", "right"), [("priors", "prior"), ("tonecap", "tone_cap"), ("shrink", "shrink_words"),
                                             ("zclip", "z_clip")])
def test_a_misspelt_field_is_named_not_read_as_absent(tmp_path: Path, wrong: str, right: str) -> None:
    # Renamed, an optional field was read as absent and its default scored (the rumour fixture: 0.035 -> 0.002).
    data = _edited()
    data[wrong] = data.pop(right)
    with pytest.raises(ModelFormatError, match=rf"does not know: '{wrong}' \(did you mean '{right}'\?\)"):
        load_model(_write(tmp_path, data))
    data = _edited()
    data["annotations"] = "hand-edited"
    with pytest.raises(ModelFormatError, match=r"does not know: 'annotations'$"):
        load_model(_write(tmp_path, data))


@pytest.mark.parametrize("field", ["feature_names", "mean", "scale", "coef", "intercept"])
def test_missing_field(tmp_path: Path, field: str) -> None:
    data = _edited()
    del data[field]
    with pytest.raises(ModelFormatError, match=rf"missing field\(s\): \['{field}'\]"):
        load_model(_write(tmp_path, data))


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        ({"coef": GOOD["coef"][:-1]}, r"'coef' must have shape \(\d+,\), got \(\d+,\)"),
        ({"mean": GOOD["mean"] + [0.0]}, r"'mean' must have shape"),
        ({"scale": []}, r"'scale' must have shape"),
        ({"coef": [[c] for c in GOOD["coef"]]}, r"'coef' must be a list of numbers"),
        ({"coef": ["0.1"] * len(GOOD["coef"])}, r"'coef' must be a list of numbers"),
        ({"coef": [True] * len(GOOD["coef"])}, r"'coef' must be a list of numbers"),
        ({"mean": {"a": 1}}, r"'mean' must be a list of numbers"),
        ({"intercept": [0.0]}, r"'intercept' must be a number, got list"),
        ({"intercept": "0.5"}, r"'intercept' must be a number, got str"),
        ({"scale": [0.0] * len(GOOD["scale"])}, r"'scale' must be >= 1e-12"),
        ({"feature_names": "signal:a"}, r"'feature_names' must be a list of strings"),
        ({"metadata": [1, 2]}, r"'metadata' must be a JSON object"),
    ],
)
def test_wrong_shapes_and_types(tmp_path: Path, changes: dict[str, Any], pattern: str) -> None:
    with pytest.raises(ModelFormatError, match=pattern):
        load_model(_write(tmp_path, _edited(**changes)))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("field", ["coef", "mean", "intercept"])
def test_nan_and_infinity_literals(tmp_path: Path, literal: str, field: str) -> None:
    # json.dumps would refuse to write these; a hand-edited file has them as
    # bare literals, which Python's json module parses unless told not to.
    text = json.dumps(_edited(**{field: "@@" if field == "intercept" else ["@@"] + GOOD[field][1:]}))
    text = text.replace('"@@"', literal)
    with pytest.raises(ModelFormatError, match=rf"non-standard number {literal}; NaN and infinity are not allowed"):
        load_model(_write(tmp_path, text))


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1" + "0" * 400])
@pytest.mark.parametrize("field", ["coef", "intercept"])
def test_numbers_beyond_float_range(tmp_path: Path, number: str, field: str) -> None:
    text = json.dumps(_edited(**{field: "@@" if field == "intercept" else ["@@"] + GOOD[field][1:]}))
    text = text.replace('"@@"', number)
    with pytest.raises(ModelFormatError, match=rf"'{field}'.*(NaN or infinite|too large|must lie within)"):
        load_model(_write(tmp_path, text))


def test_feature_names_missing_from_the_file_are_named(tmp_path: Path) -> None:
    # A style column is part of what the model was fitted on: a file without it is for another version.
    names = list(GOOD["feature_names"])
    at = next(i for i, n in enumerate(names) if not n.startswith(("signal:", "title:")))
    dropped = names.pop(at)
    keep = [i for i in range(len(GOOD["feature_names"])) if i != at]
    data = _edited(feature_names=names, **{k: [GOOD[k][i] for i in keep] for k in ("mean", "scale", "coef")})
    with pytest.raises(ModelFormatError, match=rf"do not match .*catalogue: missing \['{dropped}'\], unexpected \[\]. "
                       "A model is built for one catalogue: retrain it"):
        load_model(_write(tmp_path, data))


def test_a_model_older_than_a_signal_loads_with_the_signal_at_weight_0(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A signal added to the catalogue after the model was built (a newcomer's new signal, or an older model
    # file with a newer credscore): its column is inserted at mean 0, scale 1 and weight 0, with a warning;
    # explain() finds its spans, and the scores are what the model gave without it.
    names = list(GOOD["feature_names"])
    at = names.index("signal:anonymous_sourcing")
    keep = [i for i in range(len(names)) if i != at]
    data = _edited(feature_names=[names[i] for i in keep], **{k: [GOOD[k][i] for i in keep] for k in ("mean", "scale", "coef")})
    with caplog.at_level("WARNING", logger="credscore"):
        model = load_model(_write(tmp_path, data))
    assert "predates the signal(s) anonymous_sourcing" in caplog.text
    assert list(model.feature_names) == names
    assert (model.mean[at], model.scale[at], model.coef[at]) == (0.0, 1.0, 0.0)
    assert [model.coef[i] for i in keep] == [GOOD["coef"][i] for i in keep]
    text = "Sources said the mayor allegedly took bribes. He denied it, and the council will meet on Monday to discuss it."
    ex = credscore.explain(text, model=model)
    found = {s.name: s for s in ex.signals}
    assert found["anonymous_sourcing"].contribution == 0.0 and found["anonymous_sourcing"].spans
    # Scores equal the shipped model's with that signal's weight set to 0.
    d = dict(GOOD)
    d["coef"] = [0.0 if i == at else c for i, c in enumerate(GOOD["coef"])]
    assert model.score(text) == pytest.approx(loads_model(json.dumps(d).encode()).score(text), abs=1e-12)


def test_unexpected_feature_names_are_named(tmp_path: Path) -> None:
    names = list(GOOD["feature_names"])
    renamed = names[0]
    names[0] = "signal:psychic_powers"
    with pytest.raises(
        ModelFormatError, match=rf"missing \['{renamed}'\], unexpected \['signal:psychic_powers'\]"
    ):
        load_model(_write(tmp_path, _edited(feature_names=names)))


def test_reordered_feature_names_are_refused(tmp_path: Path) -> None:
    names = list(GOOD["feature_names"])
    names[0], names[1] = names[1], names[0]
    with pytest.raises(ModelFormatError, match=r"same names in a different order"):
        load_model(_write(tmp_path, _edited(feature_names=names)))


def test_error_messages_name_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"{", "broken-model.json")
    with pytest.raises(ModelFormatError, match=r"broken-model\.json: not valid JSON"):
        load_model(path)


def test_model_format_error_is_a_value_error() -> None:
    assert issubclass(ModelFormatError, ValueError)


def test_load_model_path_types(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"path must be str or os.PathLike, got int"):
        load_model(3)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "absent.json")
    # str and Path both work.
    path = _write(tmp_path, RAW)
    assert load_model(str(path)).to_dict() == load_model(path).to_dict()


@pytest.mark.timeout(60)
def test_a_path_that_is_no_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    # A pipe waited for a writer for ever and /dev/zero filled the memory (the size check read 0 from stat).
    import os

    fifo = tmp_path / "model.fifo"
    os.mkfifo(fifo)
    with pytest.raises(ModelFormatError, match=r"model\.fifo: is a pipe, a socket or a device, not a model file"):
        load_model(fifo)
    if os.path.exists("/dev/zero"):
        with pytest.raises(ModelFormatError, match=r"/dev/zero: is a pipe, a socket or a device"):
            load_model("/dev/zero")
    with pytest.raises(ModelFormatError, match=r"is a folder, not a model file"):
        load_model(tmp_path)


# Found by the atheris harness (tests/fuzz/README.md): each escaped
# ModelFormatError or loaded a model that scored NaN.
@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        (b"[" * 100_000, r"nested too deeply"),
        # Python 3.13's JSON parser takes 5,000 nested objects in its stride; 100,000 are too deep on 3.10 to 3.13.
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, r"nested too deeply"),
        (b"1" + b"0" * 4_999, r"not a credscore model \(Exceeds the limit"),
    ],
)
def test_hostile_json_is_a_model_format_error(raw: bytes, pattern: str) -> None:
    with pytest.raises(ModelFormatError, match=pattern):
        loads_model(raw, source="x.json")


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        ({"z_clip": 10**400}, r"'z_clip' is too large"),
        ({"z_clip": 1e300}, r"'z_clip' must be a number in \(0, 1000\]"),
        ({"coef": [1e308] * len(GOOD["coef"])}, r"'coef' must lie within"),
        ({"coef": [-1.7976931348623157e308] * len(GOOD["coef"])}, r"'coef' must lie within"),
        ({"scale": [2.2250738585072014e-308] * len(GOOD["scale"])}, r"'scale' must be >= 1e-12"),
        ({"mean": [-1e308] * len(GOOD["mean"])}, r"'mean' must lie within"),
        ({"intercept": 1e300}, r"'intercept' must lie within"),
    ],
)
def test_extreme_values_that_would_overflow_scoring_are_refused(
    tmp_path: Path, changes: dict[str, Any], pattern: str
) -> None:
    with pytest.raises(ModelFormatError, match=pattern):
        load_model(_write(tmp_path, _edited(**changes)))


@pytest.mark.parametrize("which", ["mean", "scale", "coef"])
def test_a_model_at_the_limits_still_scores_finite_without_warnings(tmp_path: Path, which: str) -> None:
    # The bounds are where scoring is still exact: the extreme legal values must
    # give a finite score in [0, 1] (warnings are errors in this test suite).
    extreme = {"mean": -1e12, "scale": 1e-12, "coef": 1e6}[which]
    model = load_model(_write(tmp_path, _edited(**{which: [extreme] * len(GOOD[which]), "z_clip": 1000.0})))
    for text in ("", "Sources said so!", "x" * 10_000):
        s = model.score(text)
        assert 0.0 <= s <= 1.0


@settings(max_examples=budget(300))
@given(
    raw=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
        # Valid JSON of any shape: the parser succeeds, the model checks must refuse it.
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
            max_leaves=20,
        ).map(lambda v: json.dumps(v).encode()),
    )
)
def test_arbitrary_bytes_give_a_model_format_error_or_a_working_model(raw: bytes) -> None:
    try:
        model = loads_model(raw)
    except ModelFormatError:
        return
    assert 0.0 <= model.score("Sources said so.") <= 1.0  # pragma: no cover - only a valid model gets here


@pytest.mark.parametrize("depth", [65, 300, 700])
def test_metadata_nested_too_deep_is_a_model_format_error(tmp_path: Path, depth: int) -> None:
    # json.loads takes ~990 levels, copying the metadata fewer: a file nested 600-990 deep was a
    # RecursionError (CLI: "internal error", exit 1) instead of a ModelFormatError.
    text = json.dumps(dict(GOOD, metadata={"x": "NESTED"})).replace('"NESTED"', "[" * depth + "]" * depth)
    with pytest.raises(ModelFormatError, match="nested deeper than 64 levels"):
        load_model(_write(tmp_path, text))


def test_metadata_nested_in_objects_counts_its_depth_too(tmp_path: Path) -> None:
    nested: dict[str, Any] = {}
    for _ in range(70):
        nested = {"a": nested}
    with pytest.raises(ModelFormatError, match="nested deeper than 64 levels"):
        load_model(_write(tmp_path, dict(GOOD, metadata={"x": nested})))


def test_a_file_of_many_small_objects_is_refused_before_parsing(tmp_path: Path) -> None:
    # An audit: 5.5 million "{}" under metadata, 16.7 MB (within the size limit), took 10 s and 1.27 GB.
    import resource
    import time

    from credscore._model import _MAX_CONTAINERS

    shipped = json.loads(shipped_model_bytes()[0])
    many = dict(shipped, metadata=dict(shipped["metadata"], junk=[{}] * (_MAX_CONTAINERS + 1)))
    path = _write(tmp_path, many)
    before, started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time()
    with pytest.raises(ModelFormatError, match=rf"not a credscore model \(\d+ objects and arrays, or more than its {_MAX_CONTAINERS} at most\)"):
        load_model(path)
    assert time.process_time() - started < 1.0 and resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000
    few = dict(shipped, metadata=dict(shipped["metadata"], junk=[{}] * 1000))  # a thousand: a model still
    assert load_model(_write(tmp_path, few)).metadata["junk"] == [{}] * 1000


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    # An audit: json keeps the last "intercept" of two, where a reader of the file sees the first.
    text = shipped_model_bytes()[0].decode("utf-8").rstrip()
    assert text.endswith("}")
    twice = text[:-1] + ', "intercept": 5}'
    with pytest.raises(ModelFormatError, match="key 'intercept' is written twice in one object"):
        load_model(_write(tmp_path, twice))
    with pytest.raises(ModelFormatError, match="key 'a' is written twice"):
        loads_model(b'{"a": 1, "b": 2, "a": 3}')


def test_metadata_at_the_depth_limit_loads(tmp_path: Path) -> None:
    data = dict(GOOD, metadata={"x": json.loads("[" * 63 + "]" * 63)})
    assert load_model(_write(tmp_path, data)).metadata["x"] is not None


@pytest.mark.parametrize(
    ("metadata", "pattern"),
    [
        ({"x": float("nan")}, r"metadata\['x'\] must be a finite number"),
        ({"x": {"y": float("inf")}}, r"metadata\['x'\]\['y'\] must be a finite number"),
        ({"x": object()}, r"metadata\['x'\] must be JSON .* got object"),
        ({1: "a"}, "keys must be str"),
    ],
)
def test_metadata_a_model_file_cannot_hold_is_refused_when_the_model_is_made(metadata: Any, pattern: str) -> None:
    # train(metadata=...) used to accept it and fail only in save(), with json's own error.
    texts = ["The council voted on Monday to approve the budget, the clerk said.", "SHOCKING!!! Share it now!!!"] * 3
    with pytest.raises(ModelFormatError, match=pattern):
        credscore.train(texts, [1, 0] * 3, metadata=metadata, calibrate=False)


@pytest.mark.parametrize("recorded", [{"high": 0.9, "medium": 0.1}, {"high": "x", "medium": 5}, {"high": 0.2},
                                      [0.2, 0.6], {"high": True, "medium": 0.6}, {"high": 0.0, "medium": 0.6}])
def test_recorded_risk_thresholds_out_of_order_or_of_another_shape_are_refused(tmp_path: Path, recorded: Any) -> None:
    # An audit: they loaded, and info showed the applied ones as if the file said so.
    data = json.loads(shipped_model_bytes()[0])
    data["metadata"]["risk_thresholds"] = recorded
    with pytest.raises(ModelFormatError, match="metadata 'risk_thresholds' must be"):
        load_model(_write(tmp_path, data))


def test_info_says_when_a_model_records_other_thresholds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from credscore import cli

    data = json.loads(shipped_model_bytes()[0])
    data["metadata"]["risk_thresholds"] = {"high": 0.3, "medium": 0.7}
    path = _write(tmp_path, data)
    assert load_model(path).metadata["risk_thresholds"] == {"high": 0.3, "medium": 0.7}
    assert cli.main(["info", "--model", str(path)]) == 0
    assert "(this credscore's; the file records high < 0.3, medium < 0.7" in capsys.readouterr().out
    assert cli.main(["info"]) == 0
    assert "the file records" not in capsys.readouterr().out


def test_a_byte_order_mark_is_read_past_and_a_digest_must_be_hex(tmp_path: Path) -> None:
    # An audit: a model file saved by a Windows editor (with a BOM) was refused; sha256="zz" was compared.
    raw, digest = shipped_model_bytes()
    path = _write(tmp_path, b"\xef\xbb\xbf" + raw)
    assert load_model(path).score("Sources said so.") == credscore.default_model().score("Sources said so.")
    assert load_model(_write(tmp_path, raw, "plain.json"), sha256=digest.upper()) is not None
    with pytest.raises(ValueError, match="sha256 must be 64 hex digits, got 'zz'"):
        load_model(path, sha256="zz")



def _through_a_pipe(fifo: Path, write: Callable[[], object]) -> bytes:
    """What ``write()`` sends down the named pipe ``fifo``, read by a thread as it comes (a pipe holds
    64 KB; a model is 3 MB). Nothing can block: the read end is opened first without waiting, and the
    thread stops once ``write`` has returned and the pipe is empty."""
    import threading
    import time

    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    done = threading.Event()
    got: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(reader, 1 << 16)
            except BlockingIOError:  # a writer, nothing written yet
                chunk = None
            if chunk:
                got.append(chunk)
            elif done.is_set():
                return
            else:
                time.sleep(0.005)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        write()
    finally:
        done.set()
        thread.join(30)
        os.close(reader)
    return b"".join(got)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("command", ["save", "train", "recalibrate"])
def test_a_model_written_to_a_pipe_is_written_not_replaced(tmp_path: Path, command: str) -> None:
    """An audit (session 37): the model writers renamed a temporary file over the path, so `credscore train
    --out /dev/full` turned the device into a file of model JSON and a pipe's reader got nothing. A pipe
    (or a device) is written as it is, as the other outputs are."""
    import stat

    from credscore import cli

    fifo = tmp_path / "model.fifo"
    os.mkfifo(fifo)
    rows = tmp_path / "rows.jsonl"
    text = ("Officials said the council approved budget {i} on Monday after a long debate about costs. The mayor "
            "told reporters that item {i} would be reviewed again next month by the finance committee and the public.")
    rows.write_text("".join(json.dumps({"text": text.format(i=i), "label": i % 2}) + "\n" for i in range(12)))
    if command == "save":
        got = _through_a_pipe(fifo, lambda: credscore.default_model().save(fifo))
    else:
        args = ["train", str(rows), "--folds", "1"] if command == "train" else ["recalibrate", str(rows)]
        got = _through_a_pipe(fifo, lambda: cli.main([*args, "--out", str(fifo)]))
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not a file renamed over it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.fifo", "rows.jsonl"]
    assert len(loads_model(got).feature_names) > 0  # the whole model came down the pipe


def test_a_model_whose_columns_are_not_the_catalogues_is_refused_when_it_scores() -> None:
    # An audit (session 41): from_dict and the constructor accept any names, and the features are read by
    # position, so the same weights with the columns reordered scored the well-sourced fixture 0.904 against
    # 0.938, and an unknown column name scored without a word.
    base = credscore.default_model()
    d = base.to_dict()
    order = list(range(len(d["feature_names"])))[::-1]
    reordered = dict(d, **{k: [d[k][i] for i in order] for k in ("feature_names", "mean", "scale", "coef")})
    renamed = dict(d, feature_names=["signal:nonexistent", *d["feature_names"][1:]])
    first = d["feature_names"][0]
    dropped = dict(d, **{k: d[k][1:] for k in ("feature_names", "mean", "scale", "coef")})
    with pytest.raises(ValueError, match=re.escape(f"missing [{first!r}], unexpected []")):
        credscore.CredibilityModel.from_dict(dropped).score("Sources said so.")
    text = (Path(__file__).parent / "fixtures" / "well_sourced.txt").read_text(encoding="utf-8")
    for data, why in ((reordered, "another order"), (renamed, "signal:nonexistent")):
        model = credscore.CredibilityModel.from_dict(data)  # a dict in code is not checked against the catalogue
        with pytest.raises(ValueError, match=why):
            model.score(text)
        with pytest.raises(ValueError, match=why):
            credscore.explain(text, model=model)
        with pytest.raises(ValueError, match=why):
            credscore.score_many([text], model=model)
    assert credscore.CredibilityModel.from_dict(d).score(text) == base.score(text)  # the catalogue's own order scores


def test_a_broken_installation_is_named(tmp_path: Path) -> None:
    # An audit (session 41): an empty checksum file next to the shipped model was an IndexError, a missing one
    # "the model is missing from the installed package" though the model was there.
    from credscore._api import shipped_model_in

    raw, digest = shipped_model_bytes()
    assert shipped_model_in(tmp_path) is None  # no model here: the next place is looked at
    (tmp_path / "credscore-model.json").write_bytes(raw)
    assert shipped_model_in(tmp_path) is None  # no checksum: looked on (tests/test_unit_edges.py)
    sha = tmp_path / "credscore-model.json.sha256"
    for bad in ("", "zz  credscore-model.json\n", "\n"):
        sha.write_text(bad, encoding="ascii")
        with pytest.raises(ModelFormatError, match="holds no SHA-256"):
            shipped_model_in(tmp_path)
    sha.write_text(f"{digest}  credscore-model.json\n", encoding="ascii")
    assert shipped_model_in(tmp_path) == (raw, digest)
