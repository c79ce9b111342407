"""Rebuilding the model that ships with credscore (``credscore build-model``).

Trains on the shared corpora in :data:`credscore._corpora.TRAIN` with balanced
classes, calibrates on leave-one-corpus-out logits (each corpus weighted
equally), records the risk thresholds the study chose, and writes
``models/credscore-model.json`` with its SHA-256 beside it. The same data give
the same file, byte for byte.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

from ._api import RISK_THRESHOLDS
from ._atomic import atomic_write
from ._corpora import TRAIN, load_corpora
from ._model import CredibilityModel
from ._train import DEFAULT_C, train

__all__ = ["build_shipped_model"]

logger = logging.getLogger(__name__)

MODEL_NAME = "credscore-model.json"


def build_shipped_model(
    data_dir: Path, out_dir: Path, *, C: float = DEFAULT_C, corpora: Sequence[str] = TRAIN
) -> CredibilityModel:
    """Train on the shared corpora and write the model and its checksum into ``out_dir``.

    ``corpora`` names the corpora to train on (default: :data:`credscore._corpora.TRAIN`),
    e.g. only those whose terms allow your use. Calibration leaves one corpus
    out at a time when two or more are given (see :func:`credscore.train`).
    """
    corpora = tuple(corpora)
    corpus, manifest = load_corpora(data_dir, corpora)
    logger.info("training on %d articles from %s", len(corpus), ", ".join(corpora))
    model = train(
        corpus.texts,
        corpus.labels,
        titles=corpus.titles,
        groups=corpus.groups,
        C=C,
        metadata={
            "training_data": manifest,
            "corpora": list(corpora),
            "risk_thresholds": dict(RISK_THRESHOLDS),
        },
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MODEL_NAME
    model.save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with atomic_write(out_dir / (MODEL_NAME + ".sha256")) as fh:  # as the model: never half a checksum file
        fh.write(f"{digest}  {MODEL_NAME}\n")
    return model
