"""Edge cases of the writing-pattern vocabulary that mutation testing found untested."""

from __future__ import annotations

import numpy as np

from credscore._ngrams import NgramVocabulary


def test_a_vocabulary_fitted_on_no_documents_is_empty() -> None:
    vocab = NgramVocabulary.fit([], min_df=1)
    assert len(vocab.keys) == 0 and len(vocab.idf) == 0


def test_the_matrix_of_no_documents_has_no_rows() -> None:
    counts = [(np.array([3, 5], dtype=np.int64), np.array([1, 2], dtype=np.int64))]
    vocab = NgramVocabulary.fit(counts, min_df=1)
    assert vocab.keys.tolist() == [3, 5]
    assert vocab.matrix([]).shape == (0, 2)
    m = vocab.matrix(counts).toarray()
    # TF-IDF rows of unit length: weights (1 + log count) * idf, idf = 1 for n-grams in every document.
    w = np.array([1.0, 1.0 + np.log(2.0)])
    assert np.allclose(m, [w / np.linalg.norm(w)], rtol=1e-12)
