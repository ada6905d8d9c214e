"""Shared builder fixtures: build model records directly, so a stage test never runs the pipeline."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storydesk.config import Config, load_config
from storydesk.model import Article, Corpus, PublicationDate, article_id

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "assad-moscow-2023"


def build_article(raw: str = "A first paragraph of news.\n\nA second paragraph.", **fields: Any) -> Article:
    """An uncleaned article with sensible defaults; any field can be overridden."""
    values: dict[str, Any] = {"id": article_id(raw), "ref": "test.txt", "source": "tests/test.txt",
                              "format": "text", "raw": raw, "published": PublicationDate(),
                              "stages": ("ingest.v1",)}
    values.update(fields)
    return Article(**values)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Factory fixture: ``make_article(raw, title=..., format=...)``."""
    return build_article


@pytest.fixture
def config() -> Config:
    """The packaged defaults."""
    return load_config()


@pytest.fixture
def example_dir() -> Path:
    """The bundled five-report example."""
    return EXAMPLE


BAG_DIM = 64
_BAG_WORD = re.compile(r"[A-Za-z][\w-]*")


class BagEmbedder:
    """A fake embedder for unit tests: hashed bag of words, so shared words mean similar vectors."""

    dim = BAG_DIM

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.zeros((len(texts), BAG_DIM), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            for word in _BAG_WORD.findall(text.lower()):
                row[int(hashlib.md5(word.encode()).hexdigest(), 16) % BAG_DIM] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


@pytest.fixture(scope="session")
def analysed_example() -> Corpus:
    """The bundled example through every phase of the configured pipeline (once per test session).

    Several integration tests read the same processed example; running the real pipeline once keeps
    the suite fast without any test seeing a hand-built corpus.
    """
    from storydesk import api
    from storydesk.config import load_config
    from storydesk.pipeline import build_pipeline

    config = load_config()
    raw = api.read([str(Path(__file__).resolve().parent.parent / "examples" / "assad-moscow-2023")],
                   config=config)
    return build_pipeline(config).run(raw)
