"""The sentence-unit thresholds are settings of ``[compare.units]`` that reach the ``units.v1`` stage."""

from __future__ import annotations

import pytest
from tests.conftest import BagEmbedder, build_article

from storydesk.config import load_config
from storydesk.model import Article, Span
from storydesk.model.layers import SentenceAttrs
from storydesk.stages.compare.settings import UnitSettings
from storydesk.stages.compare.units import article_units, story_units


def _article(text: str, outlet: str = "a.example") -> Article:
    sents = (Span(start=0, end=len(text), label="SENT", attrs=SentenceAttrs()),)
    return build_article(text, text=text, outlet=outlet, stages=("clean.v1", "enrich.v1")).with_layer(
        "sentences", sents)


def test_packaged_section_equals_the_class_defaults() -> None:
    assert load_config().settings(UnitSettings, "compare.units") == UnitSettings()


def test_min_sentence_chars_decides_what_is_a_unit() -> None:
    article = _article("Short line here.")
    assert article_units(article) == []
    assert len(article_units(article, UnitSettings(min_sentence_chars=5))) == 1


def test_min_outlets_to_embed_decides_whether_a_story_is_embedded() -> None:
    articles = [_article("Assad arrived in Moscow on Tuesday for talks.")]
    assert not story_units(articles, BagEmbedder()).embedded
    assert story_units(articles, BagEmbedder(), UnitSettings(min_outlets_to_embed=1)).embedded


def test_a_config_override_reaches_the_units_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    units_stage = pytest.importorskip("storydesk.stages.compare.units_stage")
    monkeypatch.setattr("storydesk.backends.embedder.embedder_from_config", lambda config: BagEmbedder())
    stage = units_stage.make_units(load_config(None, ["compare.units.min_sentence_chars=10"]))
    assert stage.settings == UnitSettings(min_sentence_chars=10)
