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
from storydesk.registry import register
from storydesk.stages.cluster.batch import IndexFactory, cluster_batch
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal, article_signals
from storydesk.stages.cluster.stream import StoryStream
from storydesk.stages.cluster.summary import build_story

log = logging.getLogger(__name__)

NAME = "cluster.v1"
SECTION = "cluster"


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterStage:
    """Corpus stage: stories from articles that carry sentences, entities and dates."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"text", "entities", "dates", "sentences"})
    produces: ClassVar[frozenset[str]] = frozenset({"stories"})
    settings: ClusterSettings
    embedder: Embedder
    index_factory: IndexFactory | None = None

    def signals(self, articles: tuple[Article, ...]) -> list[ArticleSignal]:
        """The clustering signals of the articles (one batched embedding call)."""
        return article_signals(articles, self.embedder, self.settings)

    def stories(self, corpus: Corpus, signals: list[ArticleSignal]) -> tuple[Story, ...]:
        """Stories of a corpus whose signals are already computed, largest first."""
        position = {a.id: i for i, a in enumerate(corpus.articles)}
        copies = [[position[m.article] for m in g.members if m.article in position]
                  for g in corpus.duplicates]
        factory = self.index_factory or index_for(self.settings, len(signals))
        clusters = cluster_batch(signals, self.settings, index_factory=factory,
                                 must_link=[c for c in copies if len(c) > 1])
        stories = [build_story([corpus.articles[i] for i in c], [signals[i] for i in c], self.settings)
                   for c in clusters]
        log.info("%d articles → %d stories", len(corpus.articles), len(stories))
        return tuple(sorted(stories, key=lambda s: (-len(s.articles), s.id)))

    def run(self, corpus: Corpus) -> Corpus:
        stories = self.stories(corpus, self.signals(corpus.articles)) if corpus.articles else ()
        return replace(corpus, stories=stories)


def index_for(settings: ClusterSettings, n_articles: int) -> IndexFactory:
    """The vector index for a run of ``n_articles``: exact for small runs, approximate for large."""
    if settings.index == "usearch" or (settings.index == "auto" and n_articles >= settings.approximate_from):
        return UsearchIndex
    return ExactIndex


def vector_key(stage: ClusterStage) -> str:
    """Names stored article vectors by model and by the settings that shape the embedded texts."""
    digest = hashlib.sha256(repr(stage.settings).encode()).hexdigest()[:12]
    return f"{MODEL_NAME}/{NAME}/{digest}"


def stream_update(articles: Sequence[Article], new_ids: set[str], stage: ClusterStage,
                  known: Mapping[str, np.ndarray], previous: Sequence[Story] = (),
                  ) -> tuple[tuple[Story, ...], list[StoryChange], dict[str, np.ndarray]]:
    """Stories after streaming the new articles in, the changes they caused, and every vector.

    The stored stories (``previous``) are restored as they are, without clustering them again;
    stored articles in no previous story are replayed (the stream converges on the same grouping
    whatever the order). Then each new article is assigned, opening or merging stories; only those
    steps are returned as changes.
    """
    signals = article_signals(articles, stage.embedder, stage.settings, known=known)
    factory = stage.index_factory or index_for(stage.settings, len(articles))
    stream = StoryStream(stage.settings, stage.embedder.dim, index=factory(stage.embedder.dim))
    signal_of = {s.id: s for s in signals}
    seeded = [[signal_of[a] for a in story.articles if a in signal_of and a not in new_ids]
              for story in previous]
    stream.seed(seeded)
    placed = {s.id for group in seeded for s in group}
    stream.extend(s for s in signals if s.id not in new_ids and s.id not in placed)
    changes = stream.extend(s for s in signals if s.id in new_ids)
    by_id = {a.id: a for a in articles}
    stories = [build_story([by_id[i] for i in members], [signal_of[i] for i in members], stage.settings)
               for members in stream.stories()]
    ordered = tuple(sorted(stories, key=lambda s: (-len(s.articles), s.id)))
    return ordered, changes, {s.id: s.vector for s in signals}


def cluster_settings(config: Config) -> ClusterSettings:
    """``[cluster]`` from the config; the packaged defaults of :class:`ClusterSettings` without one."""
    return config.settings_or_default(ClusterSettings, SECTION)


@register(NAME, requires=ClusterStage.requires, produces=ClusterStage.produces)
def make_cluster(config: Config) -> ClusterStage:
    """Factory registered as ``cluster.v1``; loads the sentence embedder."""
    from storydesk.backends.embedder import embedder_from_config

    return ClusterStage(settings=cluster_settings(config), embedder=embedder_from_config(config))
