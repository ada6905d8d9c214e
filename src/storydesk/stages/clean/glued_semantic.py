"""Semantic cohesion across a paragraph boundary: do the paragraphs on each side talk about one thing?

Lexical crossing misses two cases: articles on neighbouring topics that share names and vocabulary
(a semi-final and the final of one tournament), and articles written with few recurring words. A
sentence embedding of each paragraph sees the topic beyond the exact words: the mean embedding of
the paragraphs just before a boundary is compared with the mean of those just after it. Only the
paragraphs around the boundaries asked about are embedded, and only their opening words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storydesk.backends.embedder import Embedder
from storydesk.stages.clean.settings import GluedSettings


def _window(index: int, count: int, settings: GluedSettings) -> tuple[range, range]:
    """The paragraph indices just before and just after boundary ``index``."""
    width = settings.semantic_window
    return range(max(0, index - width), index), range(index, min(count, index + width))


def _opening(text: str, settings: GluedSettings) -> str:
    """A paragraph's first words: enough to state its topic, cheap to embed."""
    return " ".join(text.split()[:settings.semantic_max_words])


def _unit_mean(rows: np.ndarray) -> np.ndarray:
    """The mean of some unit vectors, scaled back to unit length (a zero vector stays zero)."""
    mean = rows.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def window_similarity(texts: Sequence[str], indices: Sequence[int], embedder: Embedder,
                      settings: GluedSettings) -> dict[int, float]:
    """Cosine similarity of the paragraphs before and after each boundary in ``indices``.

    Every paragraph needed is embedded once, in one batch.
    """
    windows = {k: _window(k, len(texts), settings) for k in indices}
    needed = sorted({i for before, after in windows.values() for i in (*before, *after)})
    vectors = embedder.encode([_opening(texts[i], settings) for i in needed])
    row = {i: r for r, i in enumerate(needed)}
    similarity: dict[int, float] = {}
    for k, (before, after) in windows.items():
        left = _unit_mean(vectors[[row[i] for i in before]])
        right = _unit_mean(vectors[[row[i] for i in after]])
        similarity[k] = float(left @ right)
    return similarity
