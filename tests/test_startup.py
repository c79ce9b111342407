"""Start-up cost: importing credscore imports no scikit-learn and compiles nothing.

Each check runs in a fresh interpreter, since this process has long imported
everything. Wall-clock time is printed, not asserted (the machines are shared
and noisy); ``benchmarks/bench_startup.py`` measures it properly.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import numpy as np
import pytest

import credscore

HEAVY = ("sklearn", "scipy", "joblib")


def _run(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_import_imports_no_sklearn_and_compiles_nothing() -> None:
    got = _run(
        "import json, sys, time\n"
        "t = time.perf_counter()\n"
        "import credscore\n"
        "t = time.perf_counter() - t\n"
        f"print(json.dumps({{'seconds': t, 'loaded': [m for m in {HEAVY!r} + ('hyperscan',) if m in sys.modules]}}))\n"
    )
    print(f"import credscore: {got['seconds']:.3f} s")
    assert got["loaded"] == []


def test_score_explain_and_score_many_need_no_sklearn() -> None:
    got = _run(
        "import json, sys, credscore\n"
        "s = credscore.score('Sources said the mayor allegedly took bribes.')\n"
        "e = credscore.explain('Sources said the mayor allegedly took bribes. He denied it.')\n"
        "m = credscore.score_many(['Sources said x.', 'The council voted 7-2 on Monday.'], titles=['A', None])\n"
        f"print(json.dumps({{'score': s, 'explained': e.score, 'many': m.tolist(),"
        f" 'loaded': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    assert got["loaded"] == []
    assert got["score"] == credscore.score("Sources said the mayor allegedly took bribes.")
    assert got["many"] == credscore.score_many(["Sources said x.", "The council voted 7-2 on Monday."], titles=["A", None]).tolist()


def test_lazy_names_import_sklearn_on_first_access() -> None:
    got = _run(
        "import json, sys, credscore\n"
        "before = 'sklearn' in sys.modules\n"
        "fx = credscore.FeatureExtractor\n"
        "print(json.dumps({'before': before, 'after': 'sklearn' in sys.modules, 'name': fx.__name__}))\n"
    )
    assert got == {"before": False, "after": True, "name": "FeatureExtractor"}


def test_lazy_public_names_resolve_and_are_listed() -> None:
    from sklearn.base import BaseEstimator, TransformerMixin

    from credscore import FeatureExtractor, train
    from credscore._features import FeatureExtractor as FromModule
    from credscore._train import train as train_from_module

    assert FeatureExtractor is credscore.FeatureExtractor is FromModule
    assert train is credscore.train is train_from_module
    assert issubclass(FeatureExtractor, (BaseEstimator, TransformerMixin))
    assert FeatureExtractor.__module__ == "credscore._features" and FeatureExtractor.__qualname__ == "FeatureExtractor"
    assert (FeatureExtractor.__doc__ or "").strip()
    assert set(credscore.__all__) <= set(dir(credscore))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        credscore.nope  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        credscore._features.nope  # noqa: B018


def test_feature_extractor_pickles_by_reference() -> None:
    fx = credscore.FeatureExtractor()
    again = pickle.loads(pickle.dumps(fx))
    assert type(again) is credscore.FeatureExtractor
    assert repr(again) == "FeatureExtractor()"


def test_one_code_path_builds_the_columns() -> None:
    from credscore._api import default_matcher
    from credscore._features import feature_matrix, feature_names

    texts = ["Sources said the vote was rigged!", "The council met on Monday.", ""]
    titles = ["You won't believe this", None, None]
    docs = [{"text": t, "title": h} for t, h in zip(texts, titles)]
    fx = credscore.FeatureExtractor()
    assert np.array_equal(fx.transform(docs), feature_matrix(texts, titles, default_matcher()))
    assert np.array_equal(feature_matrix(texts, titles), feature_matrix(texts, titles, default_matcher()))
    assert fx.get_feature_names_out().tolist() == feature_names() == list(credscore.default_model().feature_names)
