"""The exact and the usearch index answer the same nearest-neighbour questions."""

from __future__ import annotations

import numpy as np
import pytest

from storydesk.backends.index import ExactIndex, UsearchIndex


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("kind", [ExactIndex, UsearchIndex])
def test_search_finds_the_nearest_and_honours_removal(kind) -> None:
    rng = np.random.default_rng(7)
    vectors = _unit(rng.normal(size=(500, 32)))
    index = kind(32)
    assert index.search(vectors[:1], 3) == [[]]
    index.add(list(range(500)), vectors)
    assert len(index) == 500
    hits = index.search(vectors[:20], 5)
    assert all(row[0][0] == i and row[0][1] == pytest.approx(1.0, abs=1e-4) for i, row in enumerate(hits))
    index.remove([0])
    assert all(key != 0 for key, _ in index.search(vectors[:1], 5)[0])


def test_usearch_agrees_with_exact_on_top_neighbours() -> None:
    rng = np.random.default_rng(3)
    vectors = _unit(rng.normal(size=(2000, 24)))
    exact, approx = ExactIndex(24), UsearchIndex(24)
    for index in (exact, approx):
        index.add(list(range(2000)), vectors)
    queries = _unit(rng.normal(size=(50, 24)))
    recall = np.mean([len({k for k, _ in a[:10]} & {k for k, _ in e[:10]}) / 10
                      for a, e in zip(approx.search(queries, 10), exact.search(queries, 10), strict=True)])
    assert recall >= 0.9
