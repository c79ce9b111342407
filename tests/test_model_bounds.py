"""Every documented bound of a model file is checked exactly where it is documented.

A model file is untrusted input (``load_model``): each numeric field has a
range, inclusive where the error message says "within" or "[a, b]", exclusive
where it says "(a, b]". At the bound a field is accepted; one float step past
it, it is rejected with a ModelFormatError naming the field.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import credscore
from credscore._model import (
    _MAX_ABS_COEF,
    _MAX_ABS_MEAN,
    _MAX_IDF,
    _MAX_Z_CLIP,
    _MIN_SCALE,
    MAX_SHRINK_WORDS,
    MIN_PRIOR,
    CredibilityModel,
    ModelFormatError,
)

UP, DOWN = math.inf, -math.inf


def _past(x: float, direction: float) -> float:
    return float(np.nextafter(x, direction))


def base() -> dict[str, Any]:
    shipped = credscore.default_model()
    assert shipped.ngrams is not None
    m = CredibilityModel(
        ("signal:a", "signal:b"), np.array([0.0, 1.0]), np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.1,
        {"note": "bounds test"}, z_clip=3.0, shrink_words=10.0, prior=0.5, tone_cap=0.5,
    )
    d = m.to_dict()
    d["ngrams"] = {"terms": list(shipped.ngrams.terms[:2]), "idf": [1.0, 2.0], "coef": [0.1, -0.1]}
    d["content"] = {"terms": ["vaccine", "white house"], "idf": [1.0, 2.0], "coef": [0.2, -0.2]}
    return d


def _set(d: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``d`` with ``value`` at ``path`` ("coef.0", "ngrams.idf.1", "prior")."""
    parts = path.split(".")
    node: Any = d
    for p in parts[:-1]:
        node = node[int(p)] if p.isdigit() else node[p]
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return d


# (field path, bound, direction in which the bound is left)
BOUNDS = [
    ("coef.0", _MAX_ABS_COEF, UP),
    ("coef.1", -_MAX_ABS_COEF, DOWN),
    ("intercept", _MAX_ABS_COEF, UP),
    ("intercept", -_MAX_ABS_COEF, DOWN),
    ("mean.0", _MAX_ABS_MEAN, UP),
    ("mean.1", -_MAX_ABS_MEAN, DOWN),
    ("scale.0", _MIN_SCALE, DOWN),
    ("z_clip", _MAX_Z_CLIP, UP),
    ("ngrams.coef.0", _MAX_ABS_COEF, UP),
    ("ngrams.coef.1", -_MAX_ABS_COEF, DOWN),
    ("ngrams.idf.0", _MAX_IDF, UP),
    ("content.coef.0", -_MAX_ABS_COEF, DOWN),
    ("content.idf.1", _MAX_IDF, UP),
    ("tone_cap", 0.0, DOWN),
    ("tone_cap", _MAX_ABS_COEF, UP),
    ("shrink_words", 0.0, DOWN),
    ("shrink_words", MAX_SHRINK_WORDS, UP),
    ("prior", MIN_PRIOR, DOWN),
    ("prior", 1 - MIN_PRIOR, UP),
]


def test_the_base_model_is_valid() -> None:
    m = CredibilityModel.from_dict(base())
    assert m.ngrams is not None and m.content is not None and m.tone_cap == 0.5


@pytest.mark.parametrize(("path", "bound", "direction"), BOUNDS, ids=[f"{p}={b:g}" for p, b, _ in BOUNDS])
def test_a_field_at_its_bound_is_accepted_and_past_it_rejected(path: str, bound: float, direction: float) -> None:
    m = CredibilityModel.from_dict(_set(base(), path, bound))
    assert m.to_dict() == CredibilityModel.from_dict(m.to_dict()).to_dict()
    field = [p for p in path.split(".") if not p.isdigit()][-1]  # the message names the field
    with pytest.raises(ModelFormatError, match=f"'{field}'"):
        CredibilityModel.from_dict(_set(base(), path, _past(bound, direction)))


@pytest.mark.parametrize(
    ("path", "value"),
    [("z_clip", 0.0), ("ngrams.idf.0", 0.0), ("content.idf.0", 0.0), ("scale.1", 0.0), ("prior", 0.0), ("prior", 1.0)],
)
def test_exclusive_bounds_reject_the_bound_itself(path: str, value: float) -> None:
    with pytest.raises(ModelFormatError):
        CredibilityModel.from_dict(_set(base(), path, value))
    # ... and accept the first float inside.
    inside = _past(value, UP) if value == 0.0 else _past(value, DOWN)
    if path == "prior":
        inside = MIN_PRIOR if value == 0.0 else 1 - MIN_PRIOR
    elif path == "scale.1":
        inside = _MIN_SCALE
    CredibilityModel.from_dict(_set(base(), path, inside))


@pytest.mark.parametrize("version", [1, 2])
def test_readable_versions(version: int) -> None:
    d = base()
    d["format_version"] = version
    if version == 1:  # version 1 files have no shrinkage, prior or n-gram blocks: their defaults apply
        with pytest.raises(ModelFormatError, match="format_version 1 holds no"):
            CredibilityModel.from_dict(d)  # a file that holds them is not version 1 (they were dropped)
        for key in ("shrink_words", "prior", "ngrams", "content", "tone_cap"):
            d.pop(key, None)
    m = CredibilityModel.from_dict(d)
    if version == 1:
        assert (m.shrink_words, m.prior, m.ngrams, m.content, m.tone_cap) == (0.0, 0.5, None, None, None)
    else:
        assert (m.shrink_words, m.prior, m.tone_cap) == (10.0, 0.5, 0.5)


@pytest.mark.parametrize("version", [0, 3, True, 1.0, 2.0, "2", None])
def test_other_versions_are_refused(version: Any) -> None:
    d = base()
    d["format_version"] = version
    with pytest.raises(ModelFormatError, match="format_version"):
        CredibilityModel.from_dict(d)


def test_extreme_logits_give_exact_probabilities_without_overflow() -> None:
    for intercept, expected in ((_MAX_ABS_COEF, 1.0), (-_MAX_ABS_COEF, 0.0)):
        d = _set(base(), "intercept", intercept)
        d["ngrams"] = d["content"] = None
        d["shrink_words"] = 0.0
        m = CredibilityModel.from_dict(d)
        with np.errstate(over="raise"):
            p = m.predict_proba(np.zeros((1, 2)))
        assert p[0] == pytest.approx(expected, abs=1e-200)
        assert 0.0 <= p[0] <= 1.0


def test_with_prior_takes_open_unit_interval_only() -> None:
    m = CredibilityModel.from_dict(base())
    for bad in (0.0, 1.0, -0.1, 1.1):
        with pytest.raises(ValueError, match="prior"):
            m.with_prior(bad)
    with pytest.raises(TypeError, match="prior"):  # not a number: the wrong type
        m.with_prior(True)
    assert m.with_prior(0.25).prior == 0.25
    assert m.with_prior(0.25).prior_logit == pytest.approx(math.log(0.25 / 0.75), rel=1e-15)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("z_clip", "3", "'z_clip' must be a number, got str"),
        ("z_clip", True, "'z_clip' must be a number, got bool"),
        ("intercept", "0.1", "'intercept' must be a number, got str"),
        ("intercept", False, "'intercept' must be a number, got bool"),
        ("shrink_words", "10", "'shrink_words' must be a number, got str"),
        ("shrink_words", True, "'shrink_words' must be a number, got bool"),
        ("prior", "0.5", "'prior' must be a number, got str"),
        ("tone_cap", "0.5", "'tone_cap' must be a number, got str"),
        ("tone_cap", True, "'tone_cap' must be a number, got bool"),
        ("mean.0", True, "'mean' must be a list of numbers"),
        ("coef.1", "0.5", "'coef' must be a list of numbers"),
        ("scale", 2.0, "'scale' must be a list of numbers"),
        ("ngrams.idf.0", True, "'ngrams.idf' must be a list of 2 numbers"),
        ("content.coef", [0.1], "'content.coef' must be a list of 2 numbers"),
        ("ngrams.terms.0", 7, "'ngrams.terms' must be a list of strings"),
        ("feature_names.0", 7, "'feature_names' must be a list of strings"),
        ("metadata", [], "'metadata' must be a JSON object"),
    ],
)
def test_fields_of_the_wrong_type_are_refused_by_name(path: str, value: Any, message: str) -> None:
    with pytest.raises(ModelFormatError) as info:
        CredibilityModel.from_dict(_set(base(), path, value))
    assert str(info.value) == message


def test_an_ngram_block_has_exactly_its_three_fields() -> None:
    d = base()
    d["ngrams"]["extra"] = []
    with pytest.raises(ModelFormatError, match="exactly 'terms', 'idf' and 'coef'"):
        CredibilityModel.from_dict(d)
    d = base()
    del d["content"]["idf"]
    with pytest.raises(ModelFormatError, match="'content' must be null or an object"):
        CredibilityModel.from_dict(d)


def test_the_model_keeps_a_private_copy_of_its_arrays() -> None:
    """An audit (session 35): the constructor made the caller's own arrays read-only, and lists got the
    contradictory "must have shape (2,), got (2,)"."""
    mean = np.array([0.0, 1.0])
    m = CredibilityModel(("signal:a", "signal:b"), mean, [1.0, 2.0], (0.5, -0.5), 0.1, {})
    mean[0] = 7.0  # the caller's array is still theirs to change, and changing it moves no model
    assert m.mean.tolist() == [0.0, 1.0] and m.scale.tolist() == [1.0, 2.0] and m.coef.tolist() == [0.5, -0.5]
    assert not m.mean.flags.writeable and not m.scale.flags.writeable and m.coef.dtype == np.float64
    for bad, pattern in (("12", r"'scale' must be an array of 2 numbers, got str"),
                         ({"a": 1}, r"'scale' must be an array of 2 numbers, got dict"),
                         (["x", "y"], r"'scale' must hold numbers only"),
                         ([1.0], r"'scale' must have shape \(2,\), got \(1,\)")):
        with pytest.raises(ModelFormatError, match=pattern):
            CredibilityModel(("signal:a", "signal:b"), mean, bad, (0.5, -0.5), 0.1, {})  # type: ignore[arg-type]
