"""Streaming clustering: each arriving article re-clusters only the stories it could belong to.

An arriving article's nearest earlier articles (from the vector index) name its candidate stories.
Those stories' members and the new article are clustered again with the batch algorithm, so the
stream converges on what batch clustering would say whatever the arrival order: an article that
joined the wrong story before its own story's other reports arrived moves once they do. Cost per
article depends on the size of its neighbourhood, not on how many articles came before.

Time decay is the same-story model's: a story whose event days lie far from the article's fades
out of reach. Every step is a :class:`~storydesk.model.StoryChange`: ``open`` (a new
story, named by the id of its first article), ``assign`` (an article placed in a story; when it was
already in another one, it moved) and ``merge`` (whole stories folded into one that an article
bridged). Final :class:`~storydesk.model.Story` ids are content hashes of their members.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from storydesk.backends.index import ExactIndex, VectorIndex
from storydesk.model import StoryChange
from storydesk.stages.cluster.batch import IndexFactory, cluster_batch
from storydesk.stages.cluster.decision import PairModel, RememberingModel
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal


class StoryStream:
    """Assigns articles to stories one at a time, merging stories that an article bridges."""

    def __init__(self, settings: ClusterSettings, model: PairModel, dim: int, *,
                 index: VectorIndex | None = None, local_index: IndexFactory = ExactIndex) -> None:
        self.settings = settings
        self.model = RememberingModel(model)
        self.index: VectorIndex = index if index is not None else ExactIndex(dim)
        self.local_index = local_index
        self.changes: list[StoryChange] = []
        self._signals: list[ArticleSignal] = []
        self._story_of: list[str] = []  # article position → story key
        self._members: dict[str, list[int]] = {}

    def add(self, signal: ArticleSignal) -> list[StoryChange]:
        """Place one article; returns the changes it caused (also appended to :attr:`changes`)."""
        position = len(self._signals)
        local = sorted({p for key in self._candidates(signal) for p in self._members[key]})
        self._signals.append(signal)
        self._story_of.append("")
        self.index.add([position], signal.vector.reshape(1, -1))
        local.append(position)
        found = cluster_batch([self._signals[p] for p in local], self.settings, self.model,
                              index_factory=self.local_index)
        steps = self._apply([[local[i] for i in cluster] for cluster in found])
        self.changes.extend(steps)
        return steps

    def seed(self, stories: Iterable[Sequence[ArticleSignal]]) -> None:
        """Restore stories computed before (e.g. stored ones) without clustering them again.

        Each group becomes one story keyed by its first article's id, and its vectors go into the
        index, so later arrivals see exactly the state a replay of those articles would have built —
        at the cost of an index insert per article instead of a local re-clustering.
        """
        for group in stories:
            if not group:
                continue
            key = group[0].id
            self._members[key] = []
            for signal in group:
                position = len(self._signals)
                self._signals.append(signal)
                self._story_of.append(key)
                self._members[key].append(position)
                self.index.add([position], signal.vector.reshape(1, -1))

    def extend(self, signals: Iterable[ArticleSignal]) -> list[StoryChange]:
        """Place several articles in order."""
        return [change for signal in signals for change in self.add(signal)]

    def stories(self) -> list[list[str]]:
        """Article ids per story, in arrival order within each, largest story first."""
        groups = [[self._signals[p].id for p in sorted(m)] for m in self._members.values()]
        return sorted(groups, key=lambda g: (-len(g), g[0]))

    def _candidates(self, signal: ArticleSignal) -> set[str]:
        """Stories of the article's nearest earlier articles."""
        if not len(self.index):
            return set()
        hits = self.index.search(signal.vector.reshape(1, -1), self.settings.neighbours)[0]
        return {self._story_of[p] for p, _ in hits}

    def _keys_for(self, clusters: Sequence[Sequence[int]]) -> list[str]:
        """A story key per new cluster: the old story it keeps most of, else its first article's id."""
        taken: set[str] = set()
        keys = []
        for cluster in clusters:
            overlap: dict[str, int] = {}
            for p in cluster:
                if self._story_of[p]:
                    overlap[self._story_of[p]] = overlap.get(self._story_of[p], 0) + 1
            free = sorted((-n, k) for k, n in overlap.items() if k not in taken)
            key = free[0][1] if free else self._fresh_key(cluster, taken)
            taken.add(key)
            keys.append(key)
        return keys

    def _fresh_key(self, cluster: Sequence[int], taken: set[str]) -> str:
        """A key for a story split off or new: the id of its first article not already naming one."""
        ids = [self._signals[p].id for p in sorted(cluster)]
        unused = [i for i in ids if i not in taken and i not in self._members]
        return unused[0] if unused else f"{ids[0]}+{len(self.changes)}"

    def _apply(self, clusters: Sequence[Sequence[int]]) -> list[StoryChange]:
        """Make the local clustering current and describe the difference as changes."""
        steps: list[StoryChange] = []
        for key, cluster in zip(self._keys_for(clusters), clusters, strict=True):
            steps += self._place(key, sorted(cluster))
        return steps

    def _place(self, key: str, cluster: Sequence[int]) -> list[StoryChange]:
        """Move every position of ``cluster`` into story ``key``, whole old stories as merges."""
        steps: list[StoryChange] = []
        if key not in self._members:
            self._members[key] = []
            steps.append(StoryChange(kind="open", story=key, article=self._signals[cluster[0]].id))
        inside = set(cluster)
        whole = {old for p in cluster if (old := self._story_of[p]) and old != key
                 and set(self._members.get(old, ())) <= inside}
        for old in sorted(whole):
            self._move(self._members[old], key)
            steps.append(StoryChange(kind="merge", story=key, merged=(old,)))
        for p in cluster:
            if self._story_of[p] != key:
                self._move([p], key)
                if not (steps and steps[0].kind == "open" and steps[0].article == self._signals[p].id):
                    steps.append(StoryChange(kind="assign", story=key, article=self._signals[p].id))
        return steps

    def _move(self, positions: Sequence[int], key: str) -> None:
        """Re-home positions into story ``key``, dropping stories left empty."""
        for p in list(positions):
            old = self._story_of[p]
            if old:
                self._members[old].remove(p)
                if not self._members[old]:
                    del self._members[old]
            self._members[key].append(p)
            self._story_of[p] = key
