"""The ``pubdate.v1`` corpus stage: infer missing publication dates, then re-anchor the dates layer.

An article without a stated date gets one inferred from its own temporal expressions, its opening
lines' date and the days its related articles of the run vouch for (see
:mod:`storydesk.stages.enrich.pubdate`). Inference runs ``passes`` times: a later pass lets related
articles lend the days inferred for them in the pass before (by their confidence), which matters
when no article of a story states its date. Relative expressions are then resolved against the
inferred day and carry its confidence; an article left ``unknown`` keeps its layers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.config import Config
from storydesk.model import Article, Corpus, Span
from storydesk.model.layers import DateAttrs
from storydesk.registry import RunContext, register
from storydesk.stages.enrich.dates import prepare_dates, resolve_dates
from storydesk.stages.enrich.pubdate import infer_publication_date
from storydesk.stages.enrich.pubdate_features import Evidence
from storydesk.stages.enrich.pubdate_related import related_days
from storydesk.stages.enrich.pubdate_rules import pubdate_rules
from storydesk.stages.enrich.settings import DateSettings, PubDateSettings
from storydesk.stages.ingest.dates import opening_date

NAME = "pubdate.v1"


@dataclass(frozen=True, kw_only=True, slots=True)
class PubDateStage:
    """Corpus stage: publication dates for undated articles, with evidence and confidence."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"layer.dates", "layer.sentences"})
    produces: ClassVar[frozenset[str]] = frozenset({"article.published", "layer.dates"})
    settings: PubDateSettings
    dates: DateSettings

    def infer(self, article: Article, related: dict[dt.date, float]) -> Article:
        """One undated article with an inferred date and re-anchored date spans (or unchanged)."""
        bounds = [(s.start, s.end) for s in article.layers.get("sentences", ())]
        prepared = prepare_dates(article.text, sents=bounds or None, settings=self.dates)
        cache: dict[dt.date | None, tuple[Span[DateAttrs], ...]] = {}

        def resolve(anchor: dt.date | None) -> tuple[Span[DateAttrs], ...]:
            if anchor not in cache:
                cache[anchor] = resolve_dates(prepared, anchor, self.dates)
            return cache[anchor]

        head = opening_date(article.text, chars=self.settings.opening_chars)
        evidence = Evidence(text=article.text, related=related, head=head,
                            evidence_days=self.settings.evidence_days, rules=pubdate_rules())
        published = infer_publication_date(resolve, evidence, self.settings)
        if published.value is None:
            return article.evolve(published=published)
        anchor = dt.date.fromisoformat(published.value)
        spans = tuple(replace(s, attrs=replace(s.attrs, anchor_basis="inferred",
                                               anchor_confidence=published.confidence))
                      for s in resolve(anchor))
        return article.with_layer("dates", spans).evolve(published=published)

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        articles = list(corpus.articles)
        todo = [i for i, a in enumerate(articles) if a.published.basis == "unknown" and NAME not in a.stages]
        originals = {i: articles[i] for i in todo}
        labels = frozenset(self.settings.related_labels)
        for _ in range(self.settings.passes):
            related = related_days([articles[i] for i in todo], articles, self.settings, labels)
            for i in todo:
                articles[i] = self.infer(originals[i], related[originals[i].id])
        out = [a if NAME in a.stages else a.evolve(stages=(*a.stages, NAME)) for a in articles]
        return replace(corpus, articles=tuple(out))


@register(NAME, requires=PubDateStage.requires, produces=PubDateStage.produces)
def make_pubdate(config: Config) -> PubDateStage:
    """Factory registered as ``pubdate.v1``."""
    return PubDateStage(settings=config.settings(PubDateSettings, "enrich.pubdate"),
                        dates=config.settings(DateSettings, "enrich.dates"))
