"""Sentence units: every sentence of a story's articles with its layers and one embedding.

The comparison, timeline and summary code all work on the same units, built once per story with one
batched embedding call. A unit knows its article, its outlet, its character range (for citations)
and the entity, date, number and quote spans that fall inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from storydesk.backends.embedder import Embedder
from storydesk.model import Article, Citation, Span
from storydesk.model.article import outlet_of
from storydesk.model.layers import DateAttrs, EntityAttrs, NumberAttrs, QuoteAttrs
from storydesk.stages.compare.settings import UnitSettings

__all__ = ["SentenceUnit", "StoryUnits", "article_units", "outlet_of", "story_units"]



@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceUnit:
    """One sentence of one article, with the enrichment spans inside it."""

    article: str
    outlet: str
    index: int
    start: int
    end: int
    text: str
    entities: tuple[Span[EntityAttrs], ...] = ()
    dates: tuple[Span[DateAttrs], ...] = ()
    numbers: tuple[Span[NumberAttrs], ...] = ()
    quotes: tuple[Span[QuoteAttrs], ...] = ()

    def citation(self) -> Citation:
        """Where this sentence is: article id and character range."""
        return Citation(article=self.article, start=self.start, end=self.end)


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryUnits:
    """The sentence units of a story and their embeddings (row ``i`` belongs to ``units[i]``).

    ``embedded`` is False for a story from one outlet: there is nothing to align across outlets, so
    its sentences are not embedded and ``vectors`` are zeros (see :func:`story_units`).
    """

    units: tuple[SentenceUnit, ...] = ()
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    embedded: bool = True

    def by_article(self) -> dict[str, list[int]]:
        """Unit positions per article id, in text order."""
        out: dict[str, list[int]] = {}
        for i, unit in enumerate(self.units):
            out.setdefault(unit.article, []).append(i)
        return out


def _inside(spans: Sequence[Span], start: int, end: int) -> tuple[Span, ...]:
    return tuple(s for s in spans if s.start >= start and s.end <= end)


def article_units(article: Article, settings: UnitSettings | None = None) -> list[SentenceUnit]:
    """The sentence units of one article (sentences shorter than ``min_sentence_chars`` left out)."""
    min_chars = (settings or UnitSettings()).min_sentence_chars
    layers = article.layers
    outlet = outlet_of(article)
    units: list[SentenceUnit] = []
    for index, sent in enumerate(layers.get("sentences", ())):
        text = sent.slice(article.text)
        stripped = text.strip()
        if len(stripped) < min_chars:
            continue
        lead = len(text) - len(text.lstrip())
        start, end = sent.start + lead, sent.start + lead + len(stripped)
        units.append(SentenceUnit(
            article=article.id, outlet=outlet, index=index, start=start, end=end, text=stripped,
            entities=_inside(layers.get("entities", ()), start, end),
            dates=_inside(layers.get("dates", ()), start, end),
            numbers=_inside(layers.get("numbers", ()), start, end),
            quotes=tuple(q for q in layers.get("quotes", ()) if q.start < end and q.end > start)))
    return units


def story_units(articles: Sequence[Article], embedder: Embedder,
                settings: UnitSettings | None = None) -> StoryUnits:
    """Units of all the articles, embedded in one batch (not embedded when from a single outlet).

    The ``units.v1`` stage calls this once per story and shares the result with the compare and
    summarize stages, so a story's sentences are embedded once per run.
    """
    settings = settings or UnitSettings()
    units = [u for a in articles for u in article_units(a, settings)]
    result = StoryUnits()
    if units and len({u.outlet for u in units}) < settings.min_outlets_to_embed:
        zeros = np.zeros((len(units), embedder.dim), dtype=np.float32)
        result = StoryUnits(units=tuple(units), vectors=zeros, embedded=False)
    elif units:
        # Wire copies repeat sentences word for word: each distinct sentence is embedded once.
        distinct = list(dict.fromkeys(u.text for u in units))
        row = {text: i for i, text in enumerate(distinct)}
        vectors = np.asarray(embedder.encode(distinct), dtype=np.float32)
        result = StoryUnits(units=tuple(units), vectors=vectors[[row[u.text] for u in units]])
    return result
