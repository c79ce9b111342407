"""What ``import credscore`` shows a user: the public names, not its own imports."""

from __future__ import annotations

import credscore


def test_dir_lists_the_public_api_not_helper_imports() -> None:
    names = dir(credscore)
    assert {"Any", "TYPE_CHECKING", "annotations", "importlib", "typing", "_typing"}.isdisjoint(names)
    public = [n for n in names if not n.startswith("_")]
    assert public == sorted(n for n in credscore.__all__ if not n.startswith("_"))
    assert "__version__" in names and "__all__" in names


def test_lazy_names_are_exported() -> None:
    for name in ("CredscoreClassifier", "FeatureExtractor", "evaluate", "BenchmarkReport"):
        assert name in credscore.__all__
        assert getattr(credscore, name).__name__ == name
