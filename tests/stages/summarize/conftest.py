"""Builders for summary tests: sentence units with hand-made vectors, spans and articles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from tests.conftest import BAG_DIM, build_article
from tests.conftest import BagEmbedder as BagEmbedder  # re-exported for the summarize tests

from storydesk.model import Article, PublicationDate, Span
from storydesk.model.layers import DateAttrs, EntityAttrs, NumberAttrs
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

DIM = BAG_DIM



def number(text: str, surface: str, value: float | None, *, approx: str = "exact",
           label: str = "QUANTITY", low: float | None = None, high: float | None = None,
           offset: int = 0) -> Span:
    """A number span over ``surface`` in ``text`` (``offset`` = where the text starts in its article)."""
    at = text.index(surface) + offset
    return Span(start=at, end=at + len(surface), label=label,
                attrs=NumberAttrs(value=value, approx=approx, low=low, high=high, unit="people"))


def day(text: str, surface: str, value: str, *, offset: int = 0, **attrs: Any) -> Span:
    """A day-granularity date span over ``surface`` (absolute unless ``attrs`` say otherwise)."""
    at = text.index(surface) + offset
    values = {"value": value, "granularity": "day", "kind": "full_date", "anchor_relative": False, **attrs}
    return Span(start=at, end=at + len(surface), label="DATE", attrs=DateAttrs(**values))


def name(text: str, surface: str, label: str = "GPE", *, offset: int = 0) -> Span:
    """An entity span over ``surface``."""
    at = text.index(surface) + offset
    return Span(start=at, end=at + len(surface), label=label, attrs=EntityAttrs(text=surface))


def unit(article: str, outlet: str, text: str, *, index: int = 0, start: int = 0,
         **layers: tuple[Span, ...]) -> SentenceUnit:
    """A sentence unit at ``start`` in its article's text; span layers passed as keyword tuples."""
    return SentenceUnit(article=article, outlet=outlet, index=index, start=start, end=start + len(text),
                        text=text, **layers)


def units_of(units: Sequence[SentenceUnit], vectors: Sequence[Sequence[float]]) -> StoryUnits:
    """Story units with the given vectors, L2-normalised."""
    matrix = np.asarray(vectors, dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return StoryUnits(units=tuple(units), vectors=matrix)


def articles_for(units: Sequence[SentenceUnit], *, language: str = "en",
                 published: dict[str, str] | None = None) -> list[Article]:
    """One article per distinct article id of the units (text = the units' texts joined)."""
    out = []
    for aid in dict.fromkeys(u.article for u in units):
        text = " ".join(u.text for u in units if u.article == aid)
        day_value = (published or {}).get(aid)
        pub = PublicationDate(value=day_value, granularity="day", basis="header", confidence=0.95) \
            if day_value else PublicationDate()
        out.append(build_article(text, id=aid, text=text, language=language, published=pub,
                                 outlet=next(u.outlet for u in units if u.article == aid)))
    return out
