"""credscore: explainable credibility scores for news articles.

Text becomes **signals** (:mod:`credscore._signals`, the catalogue), the signals
become **columns** (:mod:`credscore._features`), and the columns become a
**score** (:mod:`credscore._model`).

Examples
--------
>>> import credscore
>>> rumour = ("Sources say the mayor allegedly took bribes from a secret cartel. Insiders claim the shocking "
...           "truth is being hidden from you by the mainstream media. Wake up! Share this before it is deleted!")
>>> report = ("WASHINGTON (Reuters) - The city water utility will replace 4,200 lead pipes by December 2025, "
...           "according to a report released on Tuesday by the Environmental Protection Agency. "
...           '"The data are clear," said Maria Lopez, a professor at Stanford University.')
>>> credscore.score(rumour) < 0.5 < credscore.score(report)
True
>>> credscore.explain(rumour).risk, credscore.explain(report).risk
('high', 'low')

Importing credscore compiles nothing and does not import scikit-learn:
:class:`FeatureExtractor` (a scikit-learn transformer) and
:class:`CredscoreClassifier` (a scikit-learn classifier) are built on first
access (PEP 562), :func:`train` imports scikit-learn when called, and the
matcher is compiled on first use (see :func:`credscore._api.default_matcher`).
"""

import typing as _typing

from ._api import RISK_THRESHOLDS, default_model, explain, risk_level, risk_levels, score, score_many
from ._engine import Evidence, Matcher
from ._explain import Explanation, SignalReport
from ._model import CredibilityModel, ModelFormatError, load_model
from ._signals import CATALOGUE, Pattern, Signal
from ._train import recalibrate, train
from ._version import __version__

if _typing.TYPE_CHECKING:  # pragma: no cover
    from ._estimator import CredscoreClassifier
    from ._evaluate import BenchmarkReport, evaluate
    from ._features import FeatureExtractor
    from ._html import Article, explain_html, extract_article, score_html

# Public names that import scikit-learn when accessed: name -> defining module.
_LAZY = {
    "CredscoreClassifier": "._estimator",
    "FeatureExtractor": "._features",
    # Evaluation imports scikit-learn only inside its functions; kept lazy all the same.
    "BenchmarkReport": "._evaluate",
    "evaluate": "._evaluate",
}
# Web-page scoring: the html extra (trafilatura) is imported only when a page is extracted.
_LAZY.update(dict.fromkeys(("Article", "explain_html", "extract_article", "score_html"), "._html"))

__all__ = [  # noqa: RUF022 - plain sorted(), which tests/test_api.py checks
    "Article",
    "BenchmarkReport",
    "CATALOGUE",
    "CredibilityModel",
    "CredscoreClassifier",
    "Evidence",
    "Explanation",
    "FeatureExtractor",
    "Matcher",
    "ModelFormatError",
    "Pattern",
    "RISK_THRESHOLDS",
    "Signal",
    "SignalReport",
    "__version__",
    "default_model",
    "evaluate",
    "explain",
    "explain_html",
    "extract_article",
    "load_model",
    "recalibrate",
    "risk_level",
    "risk_levels",
    "score",
    "score_html",
    "score_many",
    "train",
]


def __getattr__(name: str) -> object:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)


def __dir__() -> list[str]:
    # The public names (and dunders), not the helpers this module imports for itself.
    return sorted(set(__all__) | {n for n in globals() if n.startswith("__")})
