"""Every span layer of one parsed text: what the enrich stage and its worker processes both run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from storydesk.model import Article, Span
from storydesk.model.layers import EntityAttrs, SentenceAttrs
from storydesk.stages.enrich.dates import find_dates
from storydesk.stages.enrich.numbers import find_quantities
from storydesk.stages.enrich.parsed import sentences_of
from storydesk.stages.enrich.quotes import find_quotes
from storydesk.stages.enrich.settings import EnrichSettings

Layers = dict[str, tuple[Span[Any], ...]]


def publication_anchor(article: Article) -> dt.date | None:
    """The publication day, when known to the day."""
    pub = article.published
    if pub.value and pub.granularity == "day":
        return dt.date.fromisoformat(pub.value)
    return None


def doc_layers(text: str, anchor: dt.date | None, doc: Any, settings: EnrichSettings) -> Layers:
    """Every layer of one text from its parsed document (``anchor``: the publication day)."""
    sents = tuple(Span(start=s.start_char, end=s.end_char, label="SENT", attrs=SentenceAttrs())
                  for s in sentences_of(doc))
    ents = tuple(Span(start=e.start_char, end=e.end_char, label=e.label_, attrs=EntityAttrs(text=e.text))
                 for e in doc.ents)
    bounds = [(s.start, s.end) for s in sents]
    return {
        "sentences": sents,
        "entities": ents,
        "dates": find_dates(text, anchor, sents=bounds, doc=doc, settings=settings.dates),
        "quotes": find_quotes(doc, settings=settings.quotes),
        "numbers": find_quantities(doc, settings=settings.numbers),
    }
