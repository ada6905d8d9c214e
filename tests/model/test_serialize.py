from __future__ import annotations

import pytest

from storydesk.model import Article, PublicationDate, Removed, Span, article_id
from storydesk.model.layers import EntityAttrs, EvidenceAttrs
from storydesk.model.serialize import article_from_dict, article_to_dict


def test_article_round_trip(make_article) -> None:
    art = make_article("Hello world.\n\nShare it...", title="T").evolve(
        text="Hello world.", removed=(Removed(start=14, end=25, text="Share it...", reason="share-buttons"),),
        published=PublicationDate(value="2023-03-06", granularity="day", basis="header", confidence=1.0,
                                  evidence=(Span(start=0, end=5, label="EVIDENCE",
                                                  attrs=EvidenceAttrs(value="2023-03-06")),)),
        layers={"entities": (Span(start=0, end=5, label="GPE", attrs=EntityAttrs(text="Hello")),)},
        stages=("ingest.v1", "clean.v1"))
    assert article_from_dict(article_to_dict(art)) == art


def test_ids_are_stable_content_hashes() -> None:
    assert article_id("A  text\r\n") == article_id("A  text\n")
    assert article_id("one") != article_id("two")
    assert len(article_id("x")) == 16


def test_span_checks() -> None:
    with pytest.raises(ValueError):
        Span(start=5, end=2, label="X")
    art = Article(id="x", ref="r", source="s", format="text", raw="abc", text="abc")
    with pytest.raises(ValueError):
        art.with_layer("entities", (Span(start=0, end=10, label="X"),))
    layer = art.with_layer("entities", (Span(start=0, end=3, label="X"),)).layers["entities"]
    assert layer[0].slice("abc") == "abc"
