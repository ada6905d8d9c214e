"""The ``cluster.v1`` corpus stage: group the run's articles into stories, one per real event.

Signals are computed once per run (one batched embedding call), candidate pairs come from a vector
index (:class:`~storydesk.backends.index.ExactIndex` unless another is given), near-duplicate groups
start out together, and each cluster becomes a :class:`~storydesk.model.Story` with provenance.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from storydesk.backends.embedder import MODEL_NAME, Embedder
from storydesk.backends.index import ExactIndex, UsearchIndex
from storydesk.config import Config
from storydesk.model import Article, Corpus, Story, StoryChange
from storydesk.registry import RunContext, register
from storydesk.stages.cluster.batch import IndexFactory, cluster_batch
from storydesk.stages.cluster.decision import PairModel, load_model
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal, article_signals, stored_parts
from storydesk.stages.cluster.stream import StoryStream
from storydesk.stages.cluster.summary import build_story

log = logging.getLogger(__name__)

NAME = "cluster.v1"
SECTION = "cluster"


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterStage:
    """Corpus stage: stories from articles that carry sentences, entities and dates.

    In a batch run (every article new) the articles are clustered at once. When the run marks only
    some articles new (``ingest`` into a store) and the corpus carries the earlier stories, those
    stories are kept and the new articles are streamed into them; each step is a recorded change.
    Article vectors are read from and written to the run's vector cache (the store, for ingest).
    """

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset(
        {"article.text", "layer.entities", "layer.dates", "layer.sentences"})
    produces: ClassVar[frozenset[str]] = frozenset({"corpus.stories", "corpus.changes"})
    settings: ClusterSettings
    embedder: Embedder
    model: PairModel
    index_factory: IndexFactory | None = None

    @property
    def vector_key(self) -> str:
        """Names stored article vectors by model and by the settings that shape the embedded texts."""
        digest = hashlib.sha256(repr(self.settings).encode()).hexdigest()[:12]
        return f"{MODEL_NAME}/{NAME}/parts/{digest}"

    def signals(self, articles: Sequence[Article],
                known: Mapping[str, np.ndarray] | None = None) -> list[ArticleSignal]:
        """The clustering signals of the articles (one batched embedding call for those not known)."""
        return article_signals(articles, self.embedder, self.settings, known=known)

    def stories(self, corpus: Corpus, signals: list[ArticleSignal]) -> tuple[Story, ...]:
        """Stories of a corpus whose signals are already computed, largest first."""
        position = {a.id: i for i, a in enumerate(corpus.articles)}
        copies = [[position[m.article] for m in g.members if m.article in position]
                  for g in corpus.duplicates]
        factory = self.index_factory or index_for(self.settings, len(signals))
        clusters = cluster_batch(signals, self.settings, self.model, index_factory=factory,
                                 must_link=[c for c in copies if len(c) > 1])
        stories = [build_story([corpus.articles[i] for i in c], [signals[i] for i in c], self.settings)
                   for c in clusters]
        log.info("%d articles → %d stories", len(corpus.articles), len(stories))
        return _largest_first(stories)

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        if not corpus.articles:
            return replace(corpus, stories=(), changes=())
        known = context.vectors.vectors(self.vector_key)
        signals = self.signals(corpus.articles, known)
        context.vectors.put_vectors(self.vector_key,
                                    {s.id: stored_parts(s) for s in signals if s.id not in known})
        if context.new is None:
            return replace(corpus, stories=self.stories(corpus, signals), changes=())
        if not corpus.stories:
            # Nothing grouped before (a new store): batch clustering, the same stories as analyze.
            stories = self.stories(corpus, signals)
            return replace(corpus, stories=stories, changes=opened(stories))
        stories, changes = self.stream(corpus, signals, context.new)
        return replace(corpus, stories=stories, changes=tuple(changes))

    def stream(self, corpus: Corpus, signals: list[ArticleSignal], new_ids: frozenset[str],
               ) -> tuple[tuple[Story, ...], list[StoryChange]]:
        """Stories after streaming the new articles into the corpus's earlier stories, and the changes.

        The earlier stories are restored as they are, without clustering them again; earlier articles
        in no story are replayed (the stream converges on the same grouping whatever the order). Then
        each new article is assigned, opening or merging stories; only those steps are changes.
        """
        factory = self.index_factory or index_for(self.settings, len(signals))
        stream = StoryStream(self.settings, self.model, self.embedder.dim, index=factory(self.embedder.dim))
        signal_of = {s.id: s for s in signals}
        seeded = [[signal_of[a] for a in story.articles if a in signal_of and a not in new_ids]
                  for story in corpus.stories]
        stream.seed(seeded)
        placed = {s.id for group in seeded for s in group}
        stream.extend(s for s in signals if s.id not in new_ids and s.id not in placed)
        changes = stream.extend(s for s in signals if s.id in new_ids)
        by_id = corpus.by_id()
        stories = [build_story([by_id[i] for i in members], [signal_of[i] for i in members], self.settings)
                   for members in stream.stories()]
        return _largest_first(stories), changes


def opened(stories: Sequence[Story]) -> tuple[StoryChange, ...]:
    """The changes that build ``stories`` from nothing: each opened by its first article, then the rest."""
    changes: list[StoryChange] = []
    for story in stories:
        first, *rest = story.articles
        changes.append(StoryChange(kind="open", story=story.id, article=first))
        changes += [StoryChange(kind="assign", story=story.id, article=a) for a in rest]
    return tuple(changes)


def _largest_first(stories: Sequence[Story]) -> tuple[Story, ...]:
    return tuple(sorted(stories, key=lambda s: (-len(s.articles), s.id)))


def index_for(settings: ClusterSettings, n_articles: int) -> IndexFactory:
    """The vector index for a run of ``n_articles``: exact for small runs, approximate for large."""
    if settings.index == "usearch" or (settings.index == "auto" and n_articles >= settings.approximate_from):
        return UsearchIndex
    return ExactIndex


def cluster_settings(config: Config) -> ClusterSettings:
    """``[cluster]`` from the config; the packaged defaults of :class:`ClusterSettings` without one."""
    return config.settings_or_default(ClusterSettings, SECTION)


@register(NAME, requires=ClusterStage.requires, produces=ClusterStage.produces)
def make_cluster(config: Config) -> ClusterStage:
    """Factory registered as ``cluster.v1``; loads the sentence embedder and the same-story model."""
    from storydesk.backends.embedder import embedder_from_config

    settings = cluster_settings(config)
    return ClusterStage(settings=settings, embedder=embedder_from_config(config),
                        model=load_model(settings.model))
