"""The ``summarize.v1`` corpus stage: an extractive, fully cited summary for every story.

Each story's sentence units come from the ``units.v1`` stage (the run's shared result ``units``),
:func:`~.summary.summarize` picks the
sentences, and the story's :class:`~storydesk.model.StoryReport` gets them as its ``summary`` (a
report is created when the story has none yet; its other parts are left as they are).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.config import Config
from storydesk.model import Article, Corpus, SummarySentence
from storydesk.registry import RunContext, register
from storydesk.stages.compare.units import StoryUnits
from storydesk.stages.compare.units_stage import shared_units
from storydesk.stages.summarize.settings import SummarySettings
from storydesk.stages.summarize.summary import summarize

log = logging.getLogger(__name__)

NAME = "summarize.v1"
SECTION = "summarize"


@dataclass(frozen=True, kw_only=True, slots=True)
class SummarizeStage:
    """Corpus stage: the summary of every story, from its articles' sentences."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"corpus.stories", "layer.sentences", "shared.units"})
    produces: ClassVar[frozenset[str]] = frozenset({"report.summary"})
    settings: SummarySettings

    def story_summary(self, articles: list[Article], units: StoryUnits) -> tuple[SummarySentence, ...]:
        """The summary of one story's articles."""
        return summarize(articles, units, self.settings)

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        units = shared_units(context)
        corpus = corpus.with_reports(lambda story, articles, report: replace(
            report, summary=self.story_summary(articles, units[story.id])))
        log.info("summarized %d stories", len(corpus.stories))
        return corpus


def summarize_settings(config: Config) -> SummarySettings:
    """``[summarize]`` from the config; the packaged defaults of :class:`SummarySettings` without one."""
    return config.settings_or_default(SummarySettings, SECTION)


@register(NAME, requires=SummarizeStage.requires, produces=SummarizeStage.produces)
def make_summarize(config: Config) -> SummarizeStage:
    """Factory registered as ``summarize.v1`` (the sentence vectors come from ``units.v1``)."""
    return SummarizeStage(settings=summarize_settings(config))
