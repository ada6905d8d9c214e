"""The ``compare.v1`` corpus stage: timeline, quote groups and the cross-outlet comparison per story.

Each story's sentence units come from the ``units.v1`` stage that ran before (the run's shared
result ``units``, also read by the summarize stage), then
:func:`~.timeline.build_timeline`, :func:`~.quote_groups.group_quotes` and
:func:`~.facts.compare_story` fill the story's :class:`~storydesk.model.StoryReport`. Entities come
from the resolve stage that ran before (quote speakers and attributions are matched to them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.backends.embedder import Embedder
from storydesk.config import Config
from storydesk.model import Article, Corpus, Story, StoryReport
from storydesk.registry import RunContext, register
from storydesk.stages.compare.facts import compare_story
from storydesk.stages.compare.quote_groups import group_quotes
from storydesk.stages.compare.settings import CompareSettings, QuoteGroupSettings, TimelineSettings
from storydesk.stages.compare.timeline import build_timeline
from storydesk.stages.compare.units import StoryUnits
from storydesk.stages.compare.units_stage import shared_units

log = logging.getLogger(__name__)

NAME = "compare.v1"


@dataclass(frozen=True, kw_only=True, slots=True)
class CompareStage:
    """Corpus stage: what each story's outlets report, when, who said what, and where they differ."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset(
        {"corpus.stories", "report.entities", "shared.units", "layer.sentences", "layer.entities",
         "layer.dates", "layer.quotes", "layer.numbers"})
    produces: ClassVar[frozenset[str]] = frozenset({"report.timeline", "report.quotes", "report.comparison"})
    compare: CompareSettings
    timeline: TimelineSettings
    quotes: QuoteGroupSettings
    embedder: Embedder

    def story_report(self, story: Story, articles: list[Article], report: StoryReport,
                     units: StoryUnits) -> StoryReport:
        """The report of one story with its timeline, quote groups and comparison filled in."""
        return replace(
            report,
            timeline=build_timeline(story, articles, units, self.timeline),
            quotes=group_quotes(articles, units, report.entities, self.quotes, embedder=self.embedder),
            comparison=compare_story(articles, units, report.entities, self.compare))

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        units = shared_units(context)
        corpus = corpus.with_reports(lambda story, articles, report: self.story_report(
            story, articles, report, units[story.id]))
        log.info("compared the outlets of %d stories", len(corpus.stories))
        return corpus


@register(NAME, requires=CompareStage.requires, produces=CompareStage.produces)
def make_compare(config: Config) -> CompareStage:
    """Factory registered as ``compare.v1``; loads the sentence embedder."""
    from storydesk.backends.embedder import embedder_from_config

    return CompareStage(compare=config.settings_or_default(CompareSettings, "compare"),
                        timeline=config.settings_or_default(TimelineSettings, "compare.timeline"),
                        quotes=config.settings_or_default(QuoteGroupSettings, "compare.quotes"),
                        embedder=embedder_from_config(config))
