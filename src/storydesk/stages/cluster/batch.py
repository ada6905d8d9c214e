"""Batch clustering: best-first average-linkage merging over the same-story model's probabilities.

Only pairs the vector index proposes (each article's ``neighbours`` nearest) are scored up front, so
the cost grows with n·k rather than n². Two clusters' score is the mean probability over all their
article pairs: once the proposed pairs between them reach the threshold, the others are scored too,
as long as the two clusters hold at most ``exact_pairs`` pairs; beyond that the mean of the scored
pairs stands for it. Merging stops
when the best remaining score is below the model's threshold. Ties break on cluster keys, so a run
never depends on the input order beyond them.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import numpy as np

from storydesk.backends.index import ExactIndex, VectorIndex
from storydesk.stages.cluster.decision import PairModel
from storydesk.stages.cluster.pairs import SignalTable
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal

#: Builds an empty index of the given dimension; an approximate one can be plugged in here.
IndexFactory = Callable[[int], VectorIndex]
# Query rows per search call: bounds the (rows × n) similarity block an exact index builds at once.
QUERY_CHUNK = 1024
# Article pairs scored per model call: bounds the feature rows built at once.
SCORE_CHUNK = 16384


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
    """One agglomeration: members, per-neighbour probability sums and counts, and a lazy heap."""

    def __init__(self, signals: Sequence[ArticleSignal], model: PairModel, settings: ClusterSettings,
                 ) -> None:
        self.signals, self.model, self.settings = SignalTable(signals), model, settings
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(signals))}
        # links[a][b] is links[b][a]: [sum of scored pair probabilities, number of scored pairs]
        self.links: dict[int, dict[int, list[float]]] = {i: {} for i in range(len(signals))}
        self.scored: set[tuple[int, int]] = set()
        self.version: dict[int, int] = dict.fromkeys(range(len(signals)), 0)
        self.heap: list[tuple[float, int, int, int, int]] = []

    def add_pairs(self, pairs: Sequence[tuple[int, int]], owner: dict[int, int]) -> None:
        """Score article pairs and add them to their clusters' links."""
        todo = [p for p in pairs if p not in self.scored]
        for start in range(0, len(todo), SCORE_CHUNK):  # bounds the feature rows held at once
            self._add_scored(todo[start:start + SCORE_CHUNK], owner)

    def _add_scored(self, todo: Sequence[tuple[int, int]], owner: dict[int, int]) -> None:
        for (i, j), p in zip(todo, self.model.probabilities(self.signals, todo), strict=True):
            self.scored.add((i, j))
            a, b = owner[i], owner[j]
            if a != b:
                link = self.links[a].get(b)
                if link is None:
                    link = self.links[a][b] = self.links[b][a] = [0.0, 0.0]
                link[0] += float(p)
                link[1] += 1.0

    def value(self, a: int, b: int) -> float:
        """Average probability over the two clusters' article pairs.

        The unscored pairs are filled in only when the scored ones (the nearest, proposed by the
        index) already reach the threshold: a pair of clusters whose nearest members fall short
        cannot be one story, and need not be scored further.
        """
        total = len(self.members[a]) * len(self.members[b])
        link = self.links[a][b]
        if link[1] < total and total <= self.settings.exact_pairs \
                and link[0] / link[1] >= self.model.threshold:
            owner = {p: a for p in self.members[a]} | {p: b for p in self.members[b]}
            missing = [(min(i, j), max(i, j)) for i in self.members[a] for j in self.members[b]]
            self.add_pairs(missing, owner)
            link = self.links[a][b]
        return link[0] / (total if link[1] >= total else link[1])

    def push(self, a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        value = self.value(a, b)
        if value >= self.model.threshold:
            heapq.heappush(self.heap, (-value, a, b, self.version[a], self.version[b]))

    def merge(self, a: int, b: int) -> None:
        """Fold cluster ``b`` into ``a`` and re-score ``a`` against its neighbours."""
        self.members[a].extend(self.members.pop(b))
        gone = self.links.pop(b)
        gone.pop(a, None)
        self.links[a].pop(b, None)
        for other, moved in gone.items():
            self.links[other].pop(b)
            kept = self.links[a].get(other)
            if kept is None:  # one list per cluster pair, shared by both sides
                self.links[a][other] = self.links[other][a] = moved
            else:
                kept[0] += moved[0]
                kept[1] += moved[1]
        self.version[a] += 1
        for other in sorted(self.links[a]):
            self.push(a, other)

    def run(self) -> None:
        """Merge the best pair until none scores at or above the threshold."""
        for a in sorted(self.links):
            for b in sorted(self.links[a]):
                if a < b:
                    self.push(a, b)
        while self.heap:
            _, a, b, va, vb = heapq.heappop(self.heap)
            if a in self.members and b in self.members and (va, vb) == (self.version[a], self.version[b]):
                self.merge(a, b)


def cluster_batch(signals: Sequence[ArticleSignal], settings: ClusterSettings, model: PairModel, *,
                  index_factory: IndexFactory = ExactIndex,
                  must_link: Sequence[Sequence[int]] = ()) -> list[list[int]]:
    """Clusters of article positions, each sorted, largest first.

    Args:
        signals: one per article.
        settings: candidate retrieval and the exact-average bound.
        model: the same-story decision (its threshold ends the merging).
        index_factory: builds the vector index used to find candidate pairs.
        must_link: groups of positions that start out together (near-duplicate copies).
    """
    if not signals:
        return []
    merger = _Merger(signals, model, settings)
    for group in must_link:
        for other in group[1:]:
            if other in merger.members and group[0] in merger.members:
                merger.members[group[0]].extend(merger.members.pop(other))
                merger.links.pop(other)
    owner = {p: key for key, members in merger.members.items() for p in members}
    vectors = np.stack([s.vector for s in signals]).astype(np.float32)
    pairs = sorted(candidate_pairs(vectors, index_factory(vectors.shape[1]), settings.neighbours))
    merger.add_pairs([p for p in pairs if owner[p[0]] != owner[p[1]]], owner)
    merger.run()
    return sorted((sorted(m) for m in merger.members.values()), key=lambda m: (-len(m), m[0]))
