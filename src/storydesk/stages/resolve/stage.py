"""The ``resolve.v1`` corpus stage: each story's cross-document entities, set on its story report."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.config import Config
from storydesk.model import Corpus
from storydesk.registry import RunContext, register
from storydesk.stages.resolve.entities import resolve_entities
from storydesk.stages.resolve.settings import ResolveSettings

log = logging.getLogger(__name__)

NAME = "resolve.v1"
SECTION = "resolve"


@dataclass(frozen=True, kw_only=True, slots=True)
class ResolveStage:
    """Corpus stage: merges the entity mentions of each story's articles into entities."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"corpus.stories", "layer.entities"})
    produces: ClassVar[frozenset[str]] = frozenset({"report.entities"})
    settings: ResolveSettings

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        corpus = corpus.with_reports(lambda story, articles, report: replace(
            report, entities=resolve_entities(articles, self.settings)))
        log.info("%d stories → %d entities", len(corpus.stories),
                 sum(len(r.entities) for r in corpus.reports))
        return corpus


def resolve_settings(config: Config) -> ResolveSettings:
    """``[resolve]`` from the config; the packaged defaults of :class:`ResolveSettings` without one."""
    return config.settings_or_default(ResolveSettings, SECTION)


@register(NAME, requires=ResolveStage.requires, produces=ResolveStage.produces)
def make_resolve(config: Config) -> ResolveStage:
    """Factory registered as ``resolve.v1``."""
    return ResolveStage(settings=resolve_settings(config))
