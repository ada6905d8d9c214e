"""The ``enrich.v1`` document stage: one spaCy parse per article, then every span layer from it.

Layers: ``sentences``, ``entities``, ``dates`` (normalised against the publication date when it is
known to the day), ``quotes`` and ``numbers``; and ``article.language`` (stated, else detected:
:mod:`storydesk.stages.enrich.language`). Each layer's extractor has its own version; an article
that already carries this stage's name is passed through untouched, so re-running enrichment on
stored articles does nothing until a version changes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from storydesk.config import Config
from storydesk.model import Article
from storydesk.registry import register
from storydesk.stages.enrich.extract import Layers, doc_layers, publication_anchor
from storydesk.stages.enrich.language import with_language
from storydesk.stages.enrich.settings import EnrichSettings
from storydesk.stages.enrich.workers import enrich_in_workers

log = logging.getLogger(__name__)

NAME = "enrich.v1"
#: Version of each layer's extractor; bump one to have stored articles re-enriched.
LAYER_VERSIONS = {"sentences": "sentences.v1", "entities": "entities.v1", "dates": "dates.v1",
                  "quotes": "quotes.v1", "numbers": "numbers.v1"}


def with_layers(article: Article, layers: Layers) -> Article:
    """The article with its layers set and this stage recorded."""
    enriched = article
    for name, spans in layers.items():
        enriched = enriched.with_layer(name, spans)
    return enriched.evolve(stages=(*article.stages, NAME))


def enrich_doc(article: Article, doc: Any, settings: EnrichSettings) -> Article:
    """All layers of one article from its parsed document."""
    return with_layers(article, doc_layers(article.text, publication_anchor(article), doc, settings))


def _processes(settings: EnrichSettings, n_docs: int) -> int:
    """Worker processes worth starting: each loads the model, which only pays off on big batches."""
    return max(1, min(settings.n_process, n_docs // max(1, settings.min_docs_per_process)))


@dataclass(frozen=True, kw_only=True, slots=True)
class EnrichStage:
    """Batched document stage over spaCy's ``nlp.pipe``."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"article.text"})
    produces: ClassVar[frozenset[str]] = frozenset({*(f"layer.{name}" for name in LAYER_VERSIONS),
                                                    "article.language"})
    settings: EnrichSettings

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        from storydesk.backends.nlp import load_nlp

        items = list(articles)
        todo = [with_language(a) for a in items if NAME not in a.stages]
        if not todo:
            yield from items
            return
        processes = _processes(self.settings, len(todo))
        if processes > 1:
            layers = enrich_in_workers([(a.text, publication_anchor(a)) for a in todo], self.settings,
                                       processes)
            done = {a.id: with_layers(a, lay) for a, lay in zip(todo, layers, strict=True)}
        else:
            nlp = load_nlp(self.settings.disable)
            docs = nlp.pipe((a.text for a in todo), batch_size=self.settings.batch_size)
            done = {a.id: enrich_doc(a, doc, self.settings) for a, doc in zip(todo, docs, strict=True)}
        for article in items:
            yield done.get(article.id, article)


@register(NAME, requires=EnrichStage.requires, produces=EnrichStage.produces)
def make_enrich(config: Config) -> EnrichStage:
    """Factory registered as ``enrich.v1``."""
    return EnrichStage(settings=EnrichSettings.from_config(config))
