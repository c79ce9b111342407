"""Documents given as a pandas DataFrame: read by column name, or refused with a clear message."""

from __future__ import annotations

import numpy as np
import pytest

import credscore
from credscore import FeatureExtractor

pd = pytest.importorskip("pandas")

TEXTS = [
    "Sources say the mayor secretly hid the report, and insiders claim the deal was covered up. Share this now!",
    "The council voted 7-2 on Monday to approve the budget, according to minutes published by the clerk.",
]


def test_feature_extractor_reads_the_text_and_title_columns() -> None:
    df = pd.DataFrame({"id": [1, 2], "title": ["SHOCKING truth", None], "text": TEXTS})
    fx = FeatureExtractor()
    want = fx.transform([{"text": TEXTS[0], "title": "SHOCKING truth"}, {"text": TEXTS[1]}])
    assert np.array_equal(fx.fit_transform(df), want)
    assert np.array_equal(fx.transform(df[["text"]]), fx.transform(TEXTS))


def test_a_dataframe_without_a_text_column_is_named() -> None:
    df = pd.DataFrame({"body": TEXTS})
    with pytest.raises(ValueError, match=r"X is a DataFrame without a 'text' column \(columns: \['body'\]\).*X=df\['body'\]"):
        FeatureExtractor().transform(df)
    with pytest.raises(TypeError, match=r"X\['text'\]\[1\] must be str, got float nan"):
        FeatureExtractor().transform(pd.DataFrame({"text": [TEXTS[0], float("nan")]}))


def test_score_many_refuses_a_dataframe_instead_of_scoring_its_column_names() -> None:
    df = pd.DataFrame({"text": TEXTS})
    with pytest.raises(TypeError, match=r"texts is a DataFrame: iterating it gives its column names.*df\['text'\]"):
        credscore.score_many(df)
    assert np.array_equal(credscore.score_many(df["text"]), credscore.score_many(TEXTS))
