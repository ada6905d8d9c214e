"""The ``units.v1`` report stage: every story's sentence units, embedded once, shared with later stages.

The compare and summarize stages both work on a story's sentence units; this stage builds them (one
batched embedding call per story, see :func:`~storydesk.stages.compare.units.story_units`) and hands
them over as the run's declared shared result ``units``: a mapping of story id to
:class:`~storydesk.stages.compare.units.StoryUnits`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from storydesk.backends.embedder import Embedder
from storydesk.config import Config
from storydesk.model import Corpus
from storydesk.registry import RunContext, declare_shared, register
from storydesk.stages.compare.settings import UnitSettings
from storydesk.stages.compare.units import StoryUnits, story_units

log = logging.getLogger(__name__)

NAME = "units.v1"
SHARED = "units"
declare_shared(SHARED, "story id -> StoryUnits: each story's sentence units and their embeddings")


@dataclass(frozen=True, kw_only=True, slots=True)
class UnitsStage:
    """Report stage: the sentence units of every story of the corpus."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset(
        {"corpus.stories", "layer.sentences", "layer.entities", "layer.dates", "layer.numbers",
         "layer.quotes"})
    produces: ClassVar[frozenset[str]] = frozenset({f"shared.{SHARED}"})
    embedder: Embedder
    settings: UnitSettings = field(default_factory=UnitSettings)

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        by_id = corpus.by_id()
        units = {story.id: story_units([by_id[a] for a in story.articles if a in by_id], self.embedder,
                                       self.settings)
                 for story in corpus.stories}
        context.share(SHARED, units)
        log.info("sentence units of %d stories", len(units))
        return corpus


def shared_units(context: RunContext) -> Mapping[str, StoryUnits]:
    """The ``units`` shared result of the run (story id -> units)."""
    units: Mapping[str, StoryUnits] = context.result(SHARED)
    return units


@register(NAME, requires=UnitsStage.requires, produces=UnitsStage.produces)
def make_units(config: Config) -> UnitsStage:
    """Factory registered as ``units.v1``; loads the sentence embedder."""
    from storydesk.backends.embedder import embedder_from_config

    return UnitsStage(embedder=embedder_from_config(config),
                      settings=config.settings(UnitSettings, "compare.units"))
