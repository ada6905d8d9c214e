"""The ``[cluster]`` settings: what is embedded, candidate retrieval, and which same-story model decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from storydesk.errors import ConfigError


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterSettings:
    """Section ``[cluster]``; see ``defaults.toml`` for the reason behind each value."""

    SECTION: ClassVar[str] = "cluster"

    # What is embedded: the title plus the opening prose, the most central sentences, and the names.
    text_words: int = 40
    central_sentences: int = 2
    min_sentence_words: int = 6
    name_words: int = 20
    # Event time: days before publication still counted as the event (older dates are background).
    lookback_days: int = 7
    # Inferred publication days less sure than this (calibrated) are no evidence for the model.
    min_published_confidence: float = 0.5
    # The same-story model file ("" = the packaged one, rebuilt by `make train`).
    model: str = ""
    # Two clusters with at most this many article pairs are compared over every pair (exact average).
    exact_pairs: int = 400
    # How many key entities a story lists.
    key_entities: int = 8
    # Candidate retrieval: nearest articles looked at per article.
    neighbours: int = 20
    # Which vector index proposes candidates: "exact", "usearch" (approximate HNSW), or "auto".
    index: str = "auto"
    # With "auto", runs (or stores) of at least this many articles use the approximate index.
    approximate_from: int = 5000

    def __post_init__(self) -> None:
        if self.index not in ("auto", "exact", "usearch"):
            raise ConfigError(f"cluster.index must be auto, exact or usearch, got {self.index!r}")
