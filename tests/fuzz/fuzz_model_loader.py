"""Atheris harness for the model loader: credscore.load_model and credscore._model.loads_model.

Input layout: byte 0 is a flag byte, the rest drives the case.

* bits 0-1 choose the case:
  0 the rest is a model file's bytes, given to ``loads_model``;
  1 structured mutation: the shipped ``models/credscore-model.json`` is
  parsed, a ``FuzzedDataProvider`` over the rest picks 1-4 edits (a field's
  value, type or shape; list elements; added/removed keys; deep nesting;
  huge integers; NaN/Infinity tokens; the whole document), and the result is
  re-serialised and loaded;
  2 like 0, through ``load_model(path)`` on a temporary file, with
  ``sha256=`` set to the right digest (bit 2 clear) or a wrong one (bit 2 set);
  3 like 1, then the serialised bytes are cut at a fuzzer-chosen offset.

The only documented failure is :class:`credscore.ModelFormatError` (see the
docstrings of credscore._model.load_model and CredibilityModel). Findings:

* any other exception from loading;
* a model that loads but whose ``score``/``explain``/``score_many`` raise,
  or give a score that is not a finite float in [0, 1], or disagree with each
  other (documented: explain(...).score == score(...), score_many == score);
* a model that loads but does not survive ``to_dict`` -> JSON (as
  :meth:`CredibilityModel.save` writes it) -> ``loads_model`` with the same
  score.

Run: ``tests/fuzz/run.sh model_loader`` or ``python tests/fuzz/fuzz_model_loader.py [libFuzzer flags] [corpus dirs | files]``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import sys
import tempfile

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _fuzzutil as fu

with atheris.instrument_imports(include=fu.INSTRUMENT, exclude=fu.NO_INSTRUMENT):
    import credscore
    from credscore._model import loads_model


HARNESS = "model_loader"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "models", "credscore-model.json"), "rb") as _fh:
    SHIPPED_BYTES = _fh.read()
SHIPPED = json.loads(SHIPPED_BYTES)
KEYS = sorted(SHIPPED)
LIST_KEYS = ("feature_names", "mean", "scale", "coef")
SAMPLE = (
    "Sources said the mayor allegedly took bribes, according to unverified reports. "
    "He denied it. \u201cWe won,\u201d said Maria Lopez, a professor at Yale. "
    "Prices rose 4.5 percent on March 3, 2020. WAKE UP NOW!!!"
)
SPECIAL_FLOATS = (
    0.0,
    -0.0,
    1.0,
    -1.0,
    1e-308,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1e308,
    -1e308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    1e300,
    1e-300,
    1e154,
    3.0,
    500.0,
    1e16,
    math.nan,
    math.inf,
    -math.inf,
)
RAW = "\x00raw\x00"
TMPDIR = tempfile.mkdtemp(prefix="credscore-fuzz-")
TMPFILE = os.path.join(TMPDIR, "model.json")


class Raw:
    """JSON text spliced in after json.dumps, for what json.dumps cannot write itself:
    values nested thousands of lists deep (it would recurse) and integers beyond
    Python's int-to-str digit limit (it would raise)."""

    def __init__(self, text: str) -> None:
        self.text = text


def gen_value(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> object:
    kind = fdp.ConsumeIntInRange(0, 13)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return fdp.ConsumeIntInRange(-3, 400)
    if kind == 3:  # huge integers: beyond float64, beyond int<->str digit limit
        digits = fdp.PickValueInList([1, 17, 309, 310, 400, 4300, 4301, 5000])
        return Raw(fdp.PickValueInList(["", "-"]) + "1" + "0" * (digits - 1))
    if kind == 4:
        return fdp.ConsumeFloat()
    if kind == 5:
        return fdp.PickValueInList(list(SPECIAL_FLOATS))
    if kind == 6:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 24))
    if kind == 7 and depth < 3:
        return [gen_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))]
    if kind == 8 and depth < 3:
        return {fdp.ConsumeUnicode(8): gen_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))}
    if kind == 9:  # another field's value (right shape, wrong place)
        return copy.deepcopy(SHIPPED[fdp.PickValueInList(KEYS)])
    if kind == 10:
        depth = fdp.PickValueInList([10, 500, 990, 1000, 5000, 100000])
        return Raw("[" * depth + "0" + "]" * depth)
    if kind == 11:  # a list of numbers of a chosen length
        n = fdp.PickValueInList([0, 1, 301, 302, 303, 1000])
        x = fdp.ConsumeRegularFloat()
        return [x] * n
    if kind == 12:
        return fdp.PickValueInList(["credscore-linear", "", "1", "0.1.0", "NaN"])
    return fdp.ConsumeRegularFloat()


def mutate(fdp: atheris.FuzzedDataProvider) -> object:
    data: object = copy.deepcopy(SHIPPED)
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        if not isinstance(data, dict):
            break
        op = fdp.ConsumeIntInRange(0, 9)
        key = fdp.PickValueInList(KEYS)
        if op == 0:  # set a field to any value
            data[key] = gen_value(fdp)
        elif op == 1:
            data.pop(key, None)
        elif op == 2:  # add a key
            data[fdp.ConsumeUnicode(12)] = gen_value(fdp)
        elif op in (3, 4, 5, 6):  # edit inside one of the arrays
            lk = fdp.PickValueInList(list(LIST_KEYS))
            arr = data.get(lk)
            if not isinstance(arr, list):
                continue
            i = fdp.ConsumeIntInRange(0, max(len(arr) - 1, 0))
            if op == 3 and arr:
                arr[i] = gen_value(fdp)
            elif op == 4 and arr:
                del arr[i]
            elif op == 5:
                arr.insert(i, gen_value(fdp) if fdp.ConsumeBool() else copy.deepcopy(arr[i] if arr else 0.0))
            elif op == 6:
                del arr[i:]
        elif op == 7:  # swap two list fields / a field with another
            other = fdp.PickValueInList(KEYS)
            if key in data and other in data:
                data[key], data[other] = data[other], data[key]
        elif op == 8:
            data = gen_value(fdp)
        else:  # every number of an array set to one value
            lk = fdp.PickValueInList(["mean", "scale", "coef"])
            if isinstance(data.get(lk), list):
                v = fdp.PickValueInList(list(SPECIAL_FLOATS))
                data[lk] = [v] * len(data[lk])
    return data


def serialise(data: object, fdp: atheris.FuzzedDataProvider) -> bytes:
    raws: list[str] = []

    def default(o: object) -> object:
        if isinstance(o, Raw):
            raws.append(o.text)
            return f"{RAW}{len(raws) - 1}"
        raise TypeError(type(o).__name__)

    ascii_only = fdp.ConsumeBool()
    text = json.dumps(
        data, default=default, allow_nan=True, ensure_ascii=ascii_only, indent=fdp.PickValueInList([None, 1])
    )
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(f"{RAW}{i}"), raw, 1)
    return text.encode("utf-8", "surrogatepass")


def exercise(model: credscore.CredibilityModel) -> None:
    """A loaded model must score like any model: finite, in [0, 1], consistent."""
    s = model.score(SAMPLE)
    fu.check(
        isinstance(s, float) and math.isfinite(s) and 0.0 <= s <= 1.0, "loaded-model-score-in-unit-interval", repr(s)
    )
    st = model.score(SAMPLE, title="You won\u2019t believe this!!")
    fu.check(
        isinstance(st, float) and math.isfinite(st) and 0.0 <= st <= 1.0,
        "loaded-model-score-in-unit-interval",
        repr(st),
    )
    fu.check(model.score("text") == model.score("text"), "loaded-model-deterministic")
    fu.check(model.score("") == 0.5, "loaded-model-empty-is-half", repr(model.score("")))
    ex = model.explain(SAMPLE)
    fu.check(ex.score == s, "loaded-model-explain-equals-score", f"{ex.score!r} vs {s!r}")
    many = model.score_many([SAMPLE, "text"])
    fu.check(many[0] == s, "loaded-model-score-many-equals-score", f"{many!r} vs {s!r}")
    again = loads_model(json.dumps(model.to_dict(), indent=1, sort_keys=True, allow_nan=False).encode("utf-8"))
    fu.check(again.score(SAMPLE) == s, "save-load-roundtrip-same-score", f"{again.score(SAMPLE)!r} vs {s!r}")


def one_input(data: bytes) -> None:
    fu.run_warning_free(HARNESS, _one_input, data)


def _one_input(data: bytes) -> None:
    flags = data[0] if data else 0
    rest = data[1:]
    case = flags & 3
    try:
        if case in (1, 3):
            fdp = atheris.FuzzedDataProvider(rest)
            raw = serialise(mutate(fdp), fdp)
            if case == 3:
                raw = raw[: fdp.ConsumeIntInRange(0, len(raw))]
        else:
            raw = rest
    except RecursionError:  # the harness's own deepcopy/dumps of a deep value, not credscore
        return
    try:
        try:
            if case == 2:
                with open(TMPFILE, "wb") as fh:
                    fh.write(raw)
                digest = hashlib.sha256(raw).hexdigest()
                wrong = bool(flags & 4)
                if wrong:
                    digest = digest[::-1] if digest != digest[::-1] else "0" * 64
                model = credscore.load_model(TMPFILE, sha256=digest)
                fu.check(not wrong, "wrong-sha256-accepted")
            else:
                model = loads_model(raw)
        except credscore.ModelFormatError:
            return
        exercise(model)
    except Exception as exc:  # noqa: BLE001 - anything but ModelFormatError is a finding
        fu.report(HARNESS, data, exc)


def warm_up() -> None:
    """Compile the matcher and check the shipped model loads, before fuzzing (~10 s)."""
    exercise(loads_model(SHIPPED_BYTES))


def describe(path: str) -> None:
    """Print what a saved input does: the case, and for mutations the fields that differ from the shipped model."""
    with open(path, "rb") as fh:
        data = fh.read()
    flags, rest = (data[0] if data else 0), data[1:]
    case = flags & 3
    print(f"case {case}, {len(data)} bytes")
    if case in (0, 2):
        print(f"model bytes: {rest[:300]!r}")
        return
    fdp = atheris.FuzzedDataProvider(rest)
    raw = serialise(mutate(fdp), fdp)
    if case == 3:
        raw = raw[: fdp.ConsumeIntInRange(0, len(raw))]
    try:
        doc = json.loads(raw)
    except Exception as exc:  # noqa: BLE001
        print(f"not loadable as JSON ({type(exc).__name__}: {str(exc)[:80]}); first bytes: {raw[:200]!r}")
        return
    if not isinstance(doc, dict):
        print(f"document: {raw[:300]!r}")
        return
    for key in sorted(set(doc) | set(SHIPPED)):
        if key not in doc:
            print(f"- {key!r} removed")
        elif key not in SHIPPED:
            print(f"+ {key!r} = {json.dumps(doc[key])[:200]}")
        elif doc[key] != SHIPPED[key] or json.dumps(doc[key]) != json.dumps(SHIPPED[key]):
            old, new = SHIPPED[key], doc[key]
            if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
                diff = [(i, old[i], new[i]) for i in range(len(old)) if json.dumps(old[i]) != json.dumps(new[i])]
                print(f"~ {key!r}: {len(diff)} element(s) changed (index, old, new): {diff[:5]}")
            else:
                print(f"~ {key!r} = {json.dumps(new)[:200]} (len {len(new) if hasattr(new, '__len__') else '-'})")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--describe":
        describe(sys.argv[2])
        return
    warm_up()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
