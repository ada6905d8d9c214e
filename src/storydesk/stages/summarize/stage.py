"""The ``summarize.v1`` corpus stage: an extractive, fully cited summary for every story.

For each story the sentence units of its articles are built and embedded once
(:func:`~storydesk.stages.compare.units.story_units`), :func:`~.summary.summarize` picks the
sentences, and the story's :class:`~storydesk.model.StoryReport` gets them as its ``summary`` (a
report is created when the story has none yet; its other parts are left as they are).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.backends.embedder import Embedder
from storydesk.config import Config
from storydesk.model import Article, Corpus, SummarySentence
from storydesk.registry import register
from storydesk.stages.compare.units import story_units
from storydesk.stages.summarize.settings import SummarySettings
from storydesk.stages.summarize.summary import summarize

log = logging.getLogger(__name__)

NAME = "summarize.v1"
SECTION = "summarize"


@dataclass(frozen=True, kw_only=True, slots=True)
class SummarizeStage:
    """Corpus stage: the summary of every story, from its articles' sentences."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"stories", "sentences"})
    produces: ClassVar[frozenset[str]] = frozenset({"summary"})
    settings: SummarySettings
    embedder: Embedder

    def story_summary(self, articles: list[Article]) -> tuple[SummarySentence, ...]:
        """The summary of one story's articles."""
        return summarize(articles, story_units(articles, self.embedder), self.settings)

    def run(self, corpus: Corpus) -> Corpus:
        corpus = corpus.with_reports(lambda story, articles, report: replace(
            report, summary=self.story_summary(articles)))
        log.info("summarized %d stories", len(corpus.stories))
        return corpus


def summarize_settings(config: Config) -> SummarySettings:
    """``[summarize]`` from the config; the packaged defaults of :class:`SummarySettings` without one."""
    return config.settings_or_default(SummarySettings, SECTION)


@register(NAME, requires=SummarizeStage.requires, produces=SummarizeStage.produces)
def make_summarize(config: Config) -> SummarizeStage:
    """Factory registered as ``summarize.v1``; loads the sentence embedder."""
    from storydesk.backends.embedder import embedder_from_config

    return SummarizeStage(settings=summarize_settings(config), embedder=embedder_from_config(config))
