"""Builders for clustering tests: enriched-looking articles and a deterministic fake embedder."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from tests.conftest import BAG_DIM, BagEmbedder, build_article

from storydesk.model import Article, PublicationDate, Span
from storydesk.model.layers import DateAttrs, EntityAttrs, SentenceAttrs
from storydesk.stages.cluster.signals import ArticleSignal

DIM = BAG_DIM



def enriched(text: str, *, entities: Sequence[tuple[str, str]] = (), day: str | None = None,
             outlet: str | None = None, title: str | None = None,
             dates: Sequence[dict[str, Any]] = ()) -> Article:
    """An article as the analyze stages leave it: sentences, entities and dates layers set."""
    sents = tuple(Span(start=m.start(), end=m.end(), label="SENT", attrs=SentenceAttrs())
                  for m in re.finditer(r"[^.]+\.", text))
    ents = []
    for surface, label in entities:
        at = text.find(surface)
        assert at >= 0, surface
        ents.append(Span(start=at, end=at + len(surface), label=label, attrs=EntityAttrs(text=surface)))
    date_spans = tuple(Span(start=0, end=0, label="DATE", attrs=DateAttrs(**d)) for d in dates)
    published = PublicationDate(value=day, granularity="day", basis="header") if day else PublicationDate()
    base = build_article(text, text=text, outlet=outlet, title=title, published=published,
                         stages=("clean.v1", "enrich.v1"))
    return (base.with_layer("sentences", sents).with_layer("entities", tuple(ents))
            .with_layer("dates", date_spans))


def signal(aid: str, vector: Sequence[float], *, entities: dict[str, float] | None = None,
           day: int | None = None, outlet: str | None = None) -> ArticleSignal:
    """A hand-made signal with a unit vector."""
    v = np.asarray(vector, dtype=np.float32)
    return ArticleSignal(id=aid, vector=v / np.linalg.norm(v), entities=entities or {}, day=day,
                         outlet=outlet)


class CosineModel:
    """Test double of the same-story model: cosine of the vectors, damped by a week's event gap.

    Unit tests of the merging and streaming mechanics use it; the learned model is tested on its own.
    """

    threshold = 0.5

    def probabilities(self, signals: Sequence[ArticleSignal], pairs: Sequence[tuple[int, int]],
                      ) -> np.ndarray:
        out = []
        for i, j in pairs:
            a, b = signals[i], signals[j]
            p = float(a.vector @ b.vector)
            if a.day is not None and b.day is not None and abs(a.day - b.day) > 7:
                p *= 0.3
            out.append(max(0.0, p))
        return np.asarray(out)


MODEL = CosineModel()


@pytest.fixture
def embedder() -> BagEmbedder:
    return BagEmbedder()


@pytest.fixture
def make_enriched() -> Callable[..., Article]:
    return enriched
