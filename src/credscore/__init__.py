"""credscore: explainable credibility scores for news articles.

Text becomes **signals** (:mod:`credscore._signals`, the catalogue), the signals
become **columns** (:mod:`credscore._features`), and the columns become a
**score** (:mod:`credscore._model`).

Examples
--------
>>> import credscore
>>> s = credscore.score("Sources said the mayor allegedly took bribes.")
>>> 0.0 <= s <= 1.0
True
"""

from ._api import RISK_THRESHOLDS, default_model, explain, risk_level, score, score_many
from ._engine import Evidence, Matcher
from ._explain import Explanation, SignalReport
from ._features import FeatureExtractor
from ._model import CredibilityModel, ModelFormatError, load_model
from ._signals import CATALOGUE, Pattern, Signal
from ._train import train
from ._version import __version__

__all__ = [
    "CATALOGUE",
    "CredibilityModel",
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
    "explain",
    "load_model",
    "risk_level",
    "score",
    "score_many",
    "train",
]
