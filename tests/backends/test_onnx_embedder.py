"""The ONNX embedder: cache keying, atomic export, corruption checks, batching, and equivalence."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storydesk.backends import onnx_embedder
from storydesk.backends.embedder import EmbedSettings, load_embedder, model_dir
from storydesk.backends.onnx_embedder import (
    OnnxEmbedder,
    cache_root,
    cached_onnx_path,
    ensure_onnx,
    is_intact,
    load_onnx_embedder,
    model_fingerprint,
    padded,
)
from storydesk.errors import ModelError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "assad-moscow-2023"
MIN_SENTENCES = 50
MIN_COSINE = 0.999


@pytest.fixture
def fake_model(tmp_path: Path) -> Path:
    """A model directory of two small files."""
    path = tmp_path / "model"
    path.mkdir()
    (path / "config.json").write_text('{"hidden_size": 3}', encoding="utf-8")
    (path / "model.safetensors").write_bytes(b"weights")
    return path


@pytest.fixture
def exports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Cache under tmp_path; the torch export replaced by a writer that records each call."""
    monkeypatch.setenv(onnx_embedder.CACHE_ENV, str(tmp_path / "cache"))
    calls: list[Path] = []

    def fake_trace(model_path: Path, target: Path) -> None:
        calls.append(target)
        target.write_bytes(b"graph of " + (model_path / "model.safetensors").read_bytes())

    monkeypatch.setattr(onnx_embedder, "_trace_to_file", fake_trace)
    return calls


def test_cache_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(onnx_embedder.CACHE_ENV, str(tmp_path))
    assert cache_root() == tmp_path / "models"
    monkeypatch.delenv(onnx_embedder.CACHE_ENV)
    import platformdirs

    assert cache_root() == platformdirs.user_cache_path("storydesk", appauthor=False) / "models"


def test_a_changed_model_file_changes_the_cache_key(fake_model: Path) -> None:
    before = model_fingerprint(fake_model)
    assert model_fingerprint(fake_model) == before
    (fake_model / "model.safetensors").write_bytes(b"retrained weights")
    assert model_fingerprint(fake_model) != before


def test_second_use_reuses_the_cached_export(fake_model: Path, exports: list[Path]) -> None:
    first = ensure_onnx(fake_model)
    assert is_intact(first) and len(exports) == 1
    assert ensure_onnx(fake_model) == first
    assert len(exports) == 1


def test_a_corrupt_cached_file_is_exported_again(fake_model: Path, exports: list[Path]) -> None:
    path = ensure_onnx(fake_model)
    good = path.read_bytes()
    path.write_bytes(good[:3])  # as a full disk or a half-copied file would leave it
    assert not is_intact(path)
    assert ensure_onnx(fake_model) == path
    assert len(exports) == 2 and path.read_bytes() == good and is_intact(path)


def test_a_file_without_its_checksum_is_exported_again(fake_model: Path, exports: list[Path]) -> None:
    path = ensure_onnx(fake_model)
    path.with_name(path.name + ".sha256").unlink()  # killed between the two renames
    ensure_onnx(fake_model)
    assert len(exports) == 2 and is_intact(path)


def test_a_changed_model_is_exported_to_a_new_file(fake_model: Path, exports: list[Path]) -> None:
    first = ensure_onnx(fake_model)
    (fake_model / "model.safetensors").write_bytes(b"retrained weights")
    second = ensure_onnx(fake_model)
    assert second != first and len(exports) == 2 and is_intact(second)


def test_a_failed_export_leaves_nothing_behind(fake_model: Path, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv(onnx_embedder.CACHE_ENV, str(tmp_path / "cache"))

    def dies_halfway(model_path: Path, target: Path) -> None:
        target.write_bytes(b"half a gra")
        raise RuntimeError("killed")

    monkeypatch.setattr(onnx_embedder, "_trace_to_file", dies_halfway)
    with pytest.raises(ModelError, match="cannot export"):
        ensure_onnx(fake_model)
    assert list(cached_onnx_path(fake_model).parent.iterdir()) == []


def test_stale_temporary_files_are_swept(fake_model: Path, exports: list[Path]) -> None:
    target = cached_onnx_path(fake_model)
    target.parent.mkdir(parents=True)
    stale = target.with_name(f".{target.name}.dead{onnx_embedder.TEMP_SUFFIX}")
    stale.write_bytes(b"left by a killed export")
    old = stale.stat().st_mtime - 2 * onnx_embedder.STALE_TEMP_S
    os.utime(stale, (old, old))
    ensure_onnx(fake_model)
    assert not stale.exists()


def test_padding_is_to_the_longest_row_with_a_mask() -> None:
    ids, mask = padded([[5, 6, 7], [8]], pad_id=0)
    assert ids.tolist() == [[5, 6, 7], [8, 0, 0]] and mask.tolist() == [[1, 1, 1], [1, 0, 0]]
    assert ids.dtype == np.int64 and mask.dtype == np.int64


@dataclass
class _Encoding:
    ids: list[int]


class _WordTokenizer:
    """One id per word (the word's length), so longer texts give longer rows."""

    def encode_batch(self, texts: Sequence[str]) -> list[_Encoding]:
        return [_Encoding([len(w) for w in t.split()] or [1]) for t in texts]


class _RecordingSession:
    """Returns each row's token count as a unit-free vector and records the batch widths."""

    def __init__(self) -> None:
        self.widths: list[int] = []

    def run(self, outputs: Sequence[str], feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        mask = feeds[onnx_embedder.ATTENTION_MASK]
        self.widths.append(mask.shape[1])
        return [np.stack([mask.sum(axis=1), np.ones(len(mask))], axis=1).astype(np.float32)]


def test_encode_batches_by_length_and_keeps_input_order() -> None:
    session = _RecordingSession()
    embedder = OnnxEmbedder(session=session, tokenizer=_WordTokenizer(), pad_id=0, dim=2, batch_size=2)
    texts = ["one two three four five", "one", "one two three", "one two", "one two three four"]
    vectors = embedder.encode(texts)
    assert vectors[:, 0].tolist() == [5, 1, 3, 2, 4]
    assert session.widths == [2, 4, 5]  # (1, 2), (3, 4), (5): little padding
    assert embedder.encode([]).shape == (0, 2)


def test_a_failing_session_is_a_model_error() -> None:
    class _Broken:
        def run(self, *args: Any) -> Any:
            raise RuntimeError("InvalidArgument")

    embedder = OnnxEmbedder(session=_Broken(), tokenizer=_WordTokenizer(), pad_id=0, dim=2, batch_size=2)
    with pytest.raises(ModelError, match="onnxruntime failed"):
        embedder.encode(["text"])


def test_missing_onnxruntime_is_a_model_error_before_any_export(monkeypatch: pytest.MonkeyPatch,
                                                                exports: list[Path]) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ModelError, match="pip install onnxruntime"):
        load_onnx_embedder(EmbedSettings())
    assert exports == []


def example_sentences() -> list[str]:
    """Real sentences of the bundled example (headers and fragments of under four words dropped)."""
    sentences = []
    for path in sorted(EXAMPLE.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            sentences += [s for s in re.split(r"(?<=[.!?”\"])\s+", paragraph.strip()) if len(s.split()) >= 4]
    return sentences


@pytest.fixture(scope="module")
def real_export(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real model exported once into a temporary cache for this module's tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(onnx_embedder.CACHE_ENV, str(tmp_path_factory.mktemp("cache")))
        yield ensure_onnx(model_dir())


@pytest.mark.integration
@pytest.mark.slow
def test_onnx_vectors_match_sentence_transformers(real_export: Path) -> None:
    sentences = example_sentences()
    assert len(sentences) >= MIN_SENTENCES
    onnx = load_onnx_embedder(EmbedSettings(batch_size=16))
    reference = load_embedder("sentence-transformers").encode(sentences)
    vectors = onnx.encode(sentences)
    assert vectors.shape == reference.shape == (len(sentences), 384) and vectors.dtype == np.float32
    cosines = np.sum(vectors * reference, axis=1)
    assert cosines.min() >= MIN_COSINE, sentences[int(cosines.argmin())]
    single = onnx.encode([sentences[7]])[0]  # no padding at all: the same vector as in a batch
    assert float(single @ vectors[7]) >= MIN_COSINE


@pytest.mark.integration
@pytest.mark.slow
def test_real_export_is_reused_and_a_damaged_one_replaced(real_export: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_export(model_path: Path, target: Path) -> None:
        raise AssertionError("exported again although the cache is intact")

    monkeypatch.setattr(onnx_embedder, "export_onnx", must_not_export)
    assert ensure_onnx(model_dir()) == real_export
    monkeypatch.undo()
    with real_export.open("r+b") as handle:  # flip bytes in the middle of the weights
        handle.seek(real_export.stat().st_size // 2)
        handle.write(b"\x00" * 64)
    assert not is_intact(real_export)
    embedder = load_onnx_embedder(EmbedSettings())
    assert is_intact(real_export)
    assert embedder.encode(["The Syrian president arrived in Moscow."]).shape == (1, 384)
