"""The ``pubdate.v1`` corpus stage: infer missing publication dates, then re-anchor the dates layer.

An article without a header or metadata date gets one inferred from its own temporal expressions and
from the days the other articles of the run mention (see :mod:`storydesk.stages.enrich.pubdate`).
Its relative expressions are then resolved against that inferred day and carry its lower confidence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.config import Config
from storydesk.model import Article, Corpus, Span
from storydesk.model.layers import DateAttrs
from storydesk.registry import RunContext, register
from storydesk.stages.enrich.dates import prepare_dates, resolve_dates
from storydesk.stages.enrich.extract import publication_anchor
from storydesk.stages.enrich.pubdate import day_mentions, infer_publication_date
from storydesk.stages.enrich.settings import DateSettings, PubDateSettings

NAME = "pubdate.v1"


def known_days(article: Article) -> list[dt.date]:
    """Days an article vouches for: its stated publication day and the full dates it mentions."""
    days = day_mentions(article.layers.get("dates", ()))
    anchor = publication_anchor(article)
    if anchor and article.published.basis != "inferred":
        days.append(anchor)
    return days


@dataclass(frozen=True, kw_only=True, slots=True)
class PubDateStage:
    """Corpus stage: publication dates for undated articles, with evidence and confidence."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"layer.dates", "layer.sentences"})
    produces: ClassVar[frozenset[str]] = frozenset({"article.published", "layer.dates"})
    settings: PubDateSettings
    dates: DateSettings

    def infer(self, article: Article, corpus_days: Counter[dt.date]) -> Article:
        """One undated article with an inferred date and re-anchored date spans."""
        bounds = [(s.start, s.end) for s in article.layers.get("sentences", ())]
        prepared = prepare_dates(article.text, sents=bounds or None, settings=self.dates)

        def resolve(anchor: dt.date | None) -> tuple[Span[DateAttrs], ...]:
            return resolve_dates(prepared, anchor, self.dates)

        published = infer_publication_date(article.text, resolve, corpus_days, self.settings)
        if published.value is None:
            return article
        anchor = dt.date.fromisoformat(published.value)
        spans = tuple(replace(s, attrs=replace(s.attrs, anchor_basis="inferred",
                                               anchor_confidence=published.confidence))
                      for s in resolve(anchor))
        return article.with_layer("dates", spans).evolve(published=published)

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        days = {a.id: known_days(a) for a in corpus.articles}
        everyone = Counter(d for ds in days.values() for d in ds)
        out = []
        for article in corpus.articles:
            if article.published.basis == "unknown" and NAME not in article.stages:
                others = everyone - Counter(days[article.id])
                article = self.infer(article, others)
            if NAME not in article.stages:
                article = article.evolve(stages=(*article.stages, NAME))
            out.append(article)
        return replace(corpus, articles=tuple(out))


@register(NAME, requires=PubDateStage.requires, produces=PubDateStage.produces)
def make_pubdate(config: Config) -> PubDateStage:
    """Factory registered as ``pubdate.v1``."""
    return PubDateStage(settings=config.settings(PubDateSettings, "enrich.pubdate"),
                        dates=config.settings(DateSettings, "enrich.dates"))
