"""Nearest-neighbour search over unit vectors, behind a small Protocol.

:class:`ExactIndex` (NumPy, brute force) is the reference and the fallback; an approximate index
for large collections implements the same Protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from storydesk.errors import ModelError


class VectorIndex(Protocol):
    """Add unit vectors under integer keys; find the nearest by cosine similarity."""

    def add(self, keys: Sequence[int], vectors: np.ndarray) -> None: ...

    def remove(self, keys: Sequence[int]) -> None: ...

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """For each query row, up to ``k`` (key, cosine similarity) pairs, most similar first."""
        ...

    def __len__(self) -> int: ...


class ExactIndex:
    """Brute-force cosine search; exact, fine up to some tens of thousands of vectors."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._keys: list[int] = []
        self._rows: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None

    def add(self, keys: Sequence[int], vectors: np.ndarray) -> None:
        self._keys.extend(int(k) for k in keys)
        self._rows.extend(np.asarray(vectors, dtype=np.float32).reshape(len(keys), self.dim))
        self._matrix = None

    def remove(self, keys: Sequence[int]) -> None:
        drop = set(int(k) for k in keys)
        kept = [(k, r) for k, r in zip(self._keys, self._rows, strict=True) if k not in drop]
        self._keys = [k for k, _ in kept]
        self._rows = [r for _, r in kept]
        self._matrix = None

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        if not self._keys:
            return [[] for _ in range(len(vectors))]
        if self._matrix is None:
            self._matrix = np.vstack(self._rows)
        sims = np.asarray(vectors, dtype=np.float32) @ self._matrix.T
        out = []
        for row in sims:
            top = np.argsort(-row)[:k]
            out.append([(self._keys[i], float(row[i])) for i in top])
        return out

    def __len__(self) -> int:
        return len(self._keys)


class UsearchIndex:
    """Approximate cosine search over usearch's HNSW graph (``pip install usearch``)."""

    def __init__(self, dim: int) -> None:
        try:
            from usearch.index import Index
        except ImportError as err:
            raise ModelError("usearch is not installed: pip install usearch", stage="index") from err
        self.dim = dim
        self._index = Index(ndim=dim, metric="cos", dtype="f32")

    def add(self, keys: Sequence[int], vectors: np.ndarray) -> None:
        self._index.add(np.asarray(keys, dtype=np.uint64), np.asarray(vectors, dtype=np.float32))

    def remove(self, keys: Sequence[int]) -> None:
        self._index.remove(np.asarray(keys, dtype=np.uint64))

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        if len(self._index) == 0:
            return [[] for _ in range(len(vectors))]
        found = self._index.search(np.asarray(vectors, dtype=np.float32), min(k, len(self._index)))
        keys, dists = np.atleast_2d(found.keys), np.atleast_2d(found.distances)
        # usearch reports cosine distance; the Protocol speaks similarity.
        return [[(int(key), 1.0 - float(d)) for key, d in zip(row_k, row_d, strict=True)]
                for row_k, row_d in zip(keys, dists, strict=True)]

    def __len__(self) -> int:
        return len(self._index)
