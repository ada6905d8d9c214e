"""all-MiniLM-L6-v2 on onnxruntime: exported once from the bundled model, cached, verified on load.

The export (``torch.onnx.export`` of the transformer plus mean pooling and L2 normalisation, so the
graph's output is sentence-transformers' ``encode(normalize_embeddings=True)``) needs torch and
transformers, and runs once per model: the file is cached under the user's cache directory
(``$STORYDESK_CACHE`` or the platform's, then ``models/``), named by a hash of the model's files, so a
changed model gets a new export. It is written to a temporary file and renamed into place, and a
``.sha256`` file beside it records its digest: a file that a killed export, a full disk or a stray
edit left behind fails the check and is exported again. Encoding needs onnxruntime and tokenizers only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storydesk.backends.embedding_model import (
    MODEL_NAME,
    STAGE,
    EmbedSettings,
    model_dir,
    quiet_model_loading,
)
from storydesk.errors import ModelError

log = logging.getLogger(__name__)

APP_NAME = "storydesk"
#: Environment variable that replaces the platform's cache directory for storydesk.
CACHE_ENV = "STORYDESK_CACHE"
MODELS_DIR = "models"
# Bump when the exported graph changes (inputs, pooling, opset): old cache files are then ignored.
EXPORT_FORMAT = "minilm-mean-l2-v1"
# Opset 17 has LayerNormalization and is read by every onnxruntime of the last years.
ONNX_OPSET = 17
INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
OUTPUT = "sentence_embedding"
PAD_TOKEN = "[PAD]"
DIGEST_SUFFIX = ".sha256"
TEMP_SUFFIX = ".tmp"
# Read model files in chunks of this many bytes while hashing: bounded memory, few system calls.
HASH_CHUNK_BYTES = 1 << 20
# The tracing input: two rows, the second half padding, so the graph is traced with a real mask.
TRACE_SHAPE = (2, 8)
# sentence-transformers' Pooling divides by the token count clamped to this, never by zero.
MIN_TOKEN_WEIGHT = 1e-9
# A temporary export file older than this was left by a killed process, not one still writing.
STALE_TEMP_S = 3600.0
# The graph is one chain of operators: nothing to run in parallel between them.
INTER_OP_THREADS = 1
# onnxruntime's log level "error": its warnings about unused initialisers are noise here.
ORT_LOG_ERROR = 3


def cache_root() -> Path:
    """Where exported models are kept: ``$STORYDESK_CACHE/models`` or the platform's user cache."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser() / MODELS_DIR
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / MODELS_DIR


def file_sha256(path: Path) -> str:
    """Hex sha256 of one file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def model_fingerprint(model_path: Path) -> str:
    """Hex sha256 over the export format and every file (name and bytes) of the model directory."""
    digest = hashlib.sha256(f"{EXPORT_FORMAT} opset{ONNX_OPSET}".encode())
    for path in sorted(p for p in model_path.rglob("*") if p.is_file()):
        digest.update(path.relative_to(model_path).as_posix().encode())
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def cached_onnx_path(model_path: Path) -> Path:
    """The cache file for the model in ``model_path`` (the name carries the model's fingerprint)."""
    return cache_root() / f"{MODEL_NAME}-{model_fingerprint(model_path)[:16]}.onnx"


def _digest_path(onnx_path: Path) -> Path:
    """The ``.sha256`` file beside an exported model."""
    return onnx_path.with_name(onnx_path.name + DIGEST_SUFFIX)


def is_intact(onnx_path: Path) -> bool:
    """Whether ``onnx_path`` and its ``.sha256`` exist and agree."""
    try:
        recorded = _digest_path(onnx_path).read_text(encoding="ascii").strip()
        return recorded == file_sha256(onnx_path)
    except (OSError, UnicodeDecodeError):  # missing, unreadable or garbled: export again
        return False


def _mean_pooled(encoder: Any) -> Any:
    """``encoder`` wrapped to return mean-pooled, L2-normalised sentence vectors."""
    import torch

    class MeanPooled(torch.nn.Module):
        """Transformer, then sentence-transformers' Pooling (mean) and Normalize modules."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=MIN_TOKEN_WEIGHT)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    return MeanPooled().eval()


def _trace_to_file(model_path: Path, target: Path) -> None:
    """Export the model in ``model_path`` with pooling and normalisation to the ONNX file ``target``."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    quiet_model_loading()
    transformers_logging.disable_progress_bar()  # a one-off local read; the bar is only noise
    # Eager attention traces to plain MatMul/Softmax, which onnxruntime fuses itself.
    encoder = AutoModel.from_pretrained(str(model_path), local_files_only=True, attn_implementation="eager")
    ids = torch.ones(TRACE_SHAPE, dtype=torch.int64)
    mask = torch.ones_like(ids)
    mask[-1, TRACE_SHAPE[1] // 2:] = 0
    token_axes = {0: "batch", 1: "tokens"}
    axes = {INPUT_IDS: token_axes, ATTENTION_MASK: token_axes, OUTPUT: {0: "batch"}}
    with torch.no_grad(), warnings.catch_warnings():
        # The legacy exporter's deprecation notice and the tracer's notes on Python-side shape
        # checks are noise: the equivalence test against sentence-transformers is the real check.
        warnings.simplefilter("ignore")
        torch.onnx.export(_mean_pooled(encoder), (ids, mask), str(target),
                          input_names=[INPUT_IDS, ATTENTION_MASK], output_names=[OUTPUT],
                          dynamic_axes=axes, opset_version=ONNX_OPSET, dynamo=False)


def _write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    temp.write_text(text, encoding="ascii")
    os.replace(temp, path)


def _remove_stale_temps(target: Path) -> None:
    """Delete temporary export files of ``target`` that killed exports left behind."""
    cutoff = time.time() - STALE_TEMP_S
    for temp in target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"):
        if temp.stat().st_mtime < cutoff:
            temp.unlink(missing_ok=True)


def export_onnx(model_path: Path, target: Path) -> None:
    """Export the model to ``target`` atomically, with its ``.sha256`` beside it.

    Raises:
        ModelError: when torch or transformers is missing or the export fails.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    started = time.perf_counter()
    try:
        _trace_to_file(model_path, temp)
        digest = file_sha256(temp)
        _digest_path(target).unlink(missing_ok=True)
        os.replace(temp, target)
        _write_text_atomically(_digest_path(target), digest)
    except Exception as err:  # torch, transformers and the file system raise many kinds
        raise ModelError(f"cannot export {MODEL_NAME} to ONNX (needs torch and transformers): {err}",
                         source=str(target), stage=STAGE) from err
    finally:
        temp.unlink(missing_ok=True)
    log.info("exported %s to %s in %.1f s", MODEL_NAME, target, time.perf_counter() - started)


def ensure_onnx(model_path: Path) -> Path:
    """The intact cached ONNX file of the model, exported first when missing or damaged.

    Raises:
        ModelError: when an export is needed and fails.
    """
    target = cached_onnx_path(model_path)
    if is_intact(target):
        log.debug("reusing the cached ONNX model %s", target)
        return target
    if target.exists():
        log.warning("cached ONNX model %s fails its checksum; exporting it again", target)
    export_onnx(model_path, target)
    return target


def padded(rows: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Token id rows padded on the right to the longest, and their attention mask (int64)."""
    width = max(len(row) for row in rows)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        ids[i, :len(row)] = row
        mask[i, :len(row)] = 1
    return ids, mask


@dataclass(frozen=True, slots=True)
class OnnxEmbedder:
    """:class:`~storydesk.backends.embedder.Embedder` on an onnxruntime session and a fast tokenizer."""

    session: Any
    tokenizer: Any
    pad_id: int
    dim: int
    batch_size: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text, in input order (empty input: ``(0, dim)``).

        Texts are sorted by length and batched in that order, so each batch pads to a near-equal
        length; the rows are put back in input order.
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            out[rows] = self._run(*padded([encodings[i].ids for i in rows], self.pad_id))
        return out

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        try:
            (vectors,) = self.session.run([OUTPUT], {INPUT_IDS: ids, ATTENTION_MASK: mask})
        except Exception as err:  # onnxruntime raises its own Fail/InvalidArgument kinds
            raise ModelError(f"onnxruntime failed to encode a batch: {err}", stage=STAGE) from err
        return np.asarray(vectors, dtype=np.float32)


def _onnxruntime() -> Any:
    """The onnxruntime module.

    Raises:
        ModelError: when it is not installed.
    """
    try:
        import onnxruntime
    except ImportError as err:
        raise ModelError(f"the onnx embedding backend needs onnxruntime: pip install onnxruntime ({err})",
                         stage=STAGE) from err
    return onnxruntime


def _session(ort: Any, onnx_path: Path, threads: int) -> Any:
    """An onnxruntime CPU session for the file, with ``threads`` intra-op threads (0: its choice)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = INTER_OP_THREADS
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = ORT_LOG_ERROR
    try:
        return ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    except Exception as err:  # a file that passed its checksum but this onnxruntime cannot run
        raise ModelError(f"onnxruntime cannot load the exported model: {err}", source=str(onnx_path),
                         stage=STAGE) from err


def _tokenizer(model_path: Path, max_tokens: int) -> tuple[Any, int]:
    """The model's fast tokenizer truncating at ``max_tokens`` (unpadded), and its pad id."""
    try:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    except Exception as err:  # ImportError, or the tokenizers library's own Exception on a bad file
        raise ModelError(f"cannot load the model's tokenizer: {err}", source=str(model_path),
                         stage=STAGE) from err
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.no_padding()  # padded per sorted batch in OnnxEmbedder.encode
    pad_id = tokenizer.token_to_id(PAD_TOKEN)
    if pad_id is None:
        raise ModelError(f"the tokenizer has no {PAD_TOKEN} token", source=str(model_path), stage=STAGE)
    return tokenizer, int(pad_id)


def load_onnx_embedder(settings: EmbedSettings) -> OnnxEmbedder:
    """A new ONNX embedder for the bundled model, exporting it on first use; not cached.

    Raises:
        ModelError: when onnxruntime or tokenizers is missing, or the export or load fails.
    """
    ort = _onnxruntime()  # before a costly export that could not be used
    path = model_dir()
    tokenizer, pad_id = _tokenizer(path, settings.max_tokens)
    session = _session(ort, ensure_onnx(path), settings.threads)
    probe = OnnxEmbedder(session=session, tokenizer=tokenizer, pad_id=pad_id, dim=0, batch_size=1)
    ids, mask = padded([tokenizer.encode(MODEL_NAME).ids], pad_id)
    dim = int(probe._run(ids, mask).shape[1])  # also warms the session up
    log.info("loaded sentence embedder %s on onnxruntime (dim %d, %d threads)", MODEL_NAME, dim,
             settings.threads)
    return OnnxEmbedder(session=session, tokenizer=tokenizer, pad_id=pad_id, dim=dim,
                        batch_size=settings.batch_size)
