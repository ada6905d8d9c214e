"""The ``enrich.v1`` document stage: one spaCy parse per article, then every span layer from it.

Layers: ``sentences``, ``entities``, ``dates`` (normalised against the publication date when it is
known to the day), ``quotes`` and ``numbers``. Each layer's extractor has its own version; an article
that already carries this stage's name is passed through untouched, so re-running enrichment on
stored articles does nothing until a version changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from storydesk.config import Config
from storydesk.model import Article, Span
from storydesk.registry import register
from storydesk.stages.enrich.dates import DateSettings, find_dates
from storydesk.stages.enrich.numbers import NumberSettings, find_quantities
from storydesk.stages.enrich.parsed import sentences_of
from storydesk.stages.enrich.quotes import QuoteSettings, find_quotes
from storydesk.stages.enrich.workers import enrich_in_workers

log = logging.getLogger(__name__)

NAME = "enrich.v1"
#: Version of each layer's extractor; bump one to have stored articles re-enriched.
LAYER_VERSIONS = {"sentences": "sentences.v1", "entities": "entities.v1", "dates": "dates.v1",
                  "quotes": "quotes.v1", "numbers": "numbers.v1"}


@dataclass(frozen=True, kw_only=True, slots=True)
class EnrichSettings:
    """Section ``[enrich]``."""

    batch_size: int = 32
    n_process: int = 1
    min_docs_per_process: int = 50
    batches_per_chunk: int = 4
    disable: tuple[str, ...] = ()
    dates: DateSettings = field(default_factory=DateSettings)
    numbers: NumberSettings = field(default_factory=NumberSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)

    @classmethod
    def from_config(cls, config: Config) -> EnrichSettings:
        """Build from ``[enrich]`` (processes, batching)."""
        values = config.section("enrich")
        return cls(batch_size=values["batch_size"], n_process=values["n_process"],
                   min_docs_per_process=values["min_docs_per_process"],
                   batches_per_chunk=values["batches_per_chunk"],
                   disable=tuple(values["disable"]))


def publication_anchor(article: Article) -> dt.date | None:
    """The publication day, when known to the day."""
    pub = article.published
    if pub.value and pub.granularity == "day":
        return dt.date.fromisoformat(pub.value)
    return None


Layers = dict[str, tuple[Span, ...]]


def doc_layers(text: str, anchor: dt.date | None, doc: Any, settings: EnrichSettings) -> Layers:
    """Every layer of one text from its parsed document (``anchor``: the publication day)."""
    sents = tuple(Span(start=s.start_char, end=s.end_char, label="SENT") for s in sentences_of(doc))
    ents = tuple(Span(start=e.start_char, end=e.end_char, label=e.label_, attrs={"text": e.text})
                 for e in doc.ents)
    bounds = [(s.start, s.end) for s in sents]
    return {
        "sentences": sents,
        "entities": ents,
        "dates": find_dates(text, anchor, sents=bounds, doc=doc, settings=settings.dates),
        "quotes": find_quotes(doc, settings=settings.quotes),
        "numbers": find_quantities(doc, settings=settings.numbers),
    }


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
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset(LAYER_VERSIONS)
    settings: EnrichSettings

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        from storydesk.backends.nlp import load_nlp

        items = list(articles)
        todo = [a for a in items if NAME not in a.stages]
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
