"""Batch clustering: best-first average-linkage merging over nearest-neighbour candidate pairs.

Only pairs the vector index proposes (each article's ``neighbours`` nearest) are ever scored, so the
cost grows with n·k rather than n²; merging stops when the best remaining pair scores below the
threshold. Ties break on cluster keys, so a run never depends on the input order beyond them.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import numpy as np

from storydesk.backends.index import ExactIndex, VectorIndex
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal
from storydesk.stages.cluster.similarity import Profile, profile_of, score

#: Builds an empty index of the given dimension; an approximate one can be plugged in here.
IndexFactory = Callable[[int], VectorIndex]
# Query rows per search call: bounds the (rows × n) similarity block an exact index builds at once.
QUERY_CHUNK = 1024


def candidate_pairs(vectors: np.ndarray, index: VectorIndex, k: int) -> set[tuple[int, int]]:
    """Pairs (i < j) where one is among the other's ``k`` nearest vectors."""
    index.add(list(range(len(vectors))), vectors)
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(vectors), QUERY_CHUNK):
        found = index.search(vectors[start:start + QUERY_CHUNK], k + 1)  # +1: the row itself
        for offset, hits in enumerate(found):
            i = start + offset
            pairs.update((min(i, j), max(i, j)) for j, _ in hits if j != i)
    return pairs


class _Merger:
    """The mutable state of one agglomeration: profiles, members, neighbours and a lazy heap."""

    def __init__(self, signals: Sequence[ArticleSignal], settings: ClusterSettings) -> None:
        self.settings = settings
        self.profiles: dict[int, Profile] = {i: profile_of(s) for i, s in enumerate(signals)}
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(signals))}
        self.neighbours: dict[int, set[int]] = {i: set() for i in range(len(signals))}
        self.version: dict[int, int] = dict.fromkeys(range(len(signals)), 0)
        self.heap: list[tuple[float, int, int, int, int]] = []

    def link(self, a: int, b: int) -> None:
        """Make two clusters neighbours and queue their score."""
        self.neighbours[a].add(b)
        self.neighbours[b].add(a)
        self.push(a, b)

    def push(self, a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        value = score(self.profiles[a], self.profiles[b], self.settings)
        if value >= self.settings.threshold:
            heapq.heappush(self.heap, (-value, a, b, self.version[a], self.version[b]))

    def merge(self, a: int, b: int) -> None:
        """Fold cluster ``b`` into ``a`` and re-score ``a`` against its neighbours."""
        self.profiles[a].absorb(self.profiles.pop(b))
        self.members[a].extend(self.members.pop(b))
        near = (self.neighbours.pop(b) | self.neighbours[a]) - {a, b}
        self.neighbours[a] = near
        self.version[a] += 1
        for other in near:
            self.neighbours[other].discard(b)
            self.neighbours[other].add(a)
            self.push(a, other)

    def run(self) -> None:
        """Merge the best pair until none scores at or above the threshold."""
        while self.heap:
            _, a, b, va, vb = heapq.heappop(self.heap)
            if a in self.profiles and b in self.profiles and (va, vb) == (self.version[a], self.version[b]):
                self.merge(a, b)


def cluster_batch(signals: Sequence[ArticleSignal], settings: ClusterSettings, *,
                  index_factory: IndexFactory = ExactIndex,
                  must_link: Sequence[Sequence[int]] = ()) -> list[list[int]]:
    """Clusters of article positions, each sorted, largest first.

    Args:
        signals: one per article.
        settings: thresholds and weights.
        index_factory: builds the vector index used to find candidate pairs.
        must_link: groups of positions that start out together (near-duplicate copies).
    """
    if not signals:
        return []
    merger = _Merger(signals, settings)
    for group in must_link:
        for other in group[1:]:
            if other in merger.profiles and group[0] in merger.profiles:
                merger.merge(group[0], other)
    owner = {p: key for key, members in merger.members.items() for p in members}
    vectors = np.stack([s.vector for s in signals]).astype(np.float32)
    for i, j in sorted(candidate_pairs(vectors, index_factory(vectors.shape[1]), settings.neighbours)):
        ci, cj = owner[i], owner[j]
        if ci != cj and cj not in merger.neighbours[ci]:
            merger.link(ci, cj)
    merger.run()
    return sorted((sorted(m) for m in merger.members.values()), key=lambda m: (-len(m), m[0]))

