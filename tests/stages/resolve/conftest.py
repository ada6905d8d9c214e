"""Builders for entity resolution tests: articles whose ``entities`` layer is written by hand."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from tests.conftest import build_article

from storydesk.model import Article, Span
from storydesk.model.layers import EntityAttrs

Entities = Sequence[tuple[str, str]]


def with_entities(text: str, entities: Entities = (), *, outlet: str = "a.example") -> Article:
    """An enriched-looking article: each (surface, label) is found in the text after the previous one."""
    spans, at = [], 0
    for surface, label in entities:
        start = text.index(surface, at)
        attrs = EntityAttrs(text=surface)
        spans.append(Span(start=start, end=start + len(surface), label=label, attrs=attrs))
        at = start + len(surface)
    article = build_article(text, text=text, outlet=outlet, stages=("clean.v1", "enrich.v1"))
    return article.with_layer("entities", tuple(spans))


@pytest.fixture
def make_story() -> Callable[..., list[Article]]:
    """``make_story((text, entities), ...)``: one article per pair, each from its own outlet."""

    def make(*docs: tuple[str, Entities]) -> list[Article]:
        return [with_entities(text, ents, outlet=f"outlet{i}.example") for i, (text, ents) in enumerate(docs)]

    return make
