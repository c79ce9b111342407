"""Rebuilding the model that ships with credscore (``credscore build-model``).

Trains on the shared corpora in :data:`credscore._corpora.TRAIN`, each corpus
weighted equally with balanced classes, and writes
``models/credscore-model.json`` with its SHA-256 beside it. The same data give
the same file, byte for byte.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from ._corpora import TRAIN, load_corpora
from ._model import CredibilityModel
from ._train import DEFAULT_C, train

__all__ = ["build_shipped_model"]

logger = logging.getLogger(__name__)

MODEL_NAME = "credscore-model.json"


def build_shipped_model(data_dir: Path, out_dir: Path, *, C: float = DEFAULT_C) -> CredibilityModel:
    """Train on the shared corpora and write the model and its checksum into ``out_dir``."""
    corpus, manifest = load_corpora(data_dir, TRAIN)
    logger.info("training on %d articles from %s", len(corpus), ", ".join(TRAIN))
    model = train(
        corpus.texts,
        corpus.labels,
        titles=corpus.titles,
        groups=corpus.groups,
        C=C,
        metadata={"training_data": manifest, "corpora": list(TRAIN)},
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MODEL_NAME
    model.save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    (out_dir / (MODEL_NAME + ".sha256")).write_text(f"{digest}  {MODEL_NAME}\n", encoding="ascii")
    return model
