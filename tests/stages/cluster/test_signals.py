from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from storydesk.model import Article
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import (
    article_signals,
    entity_key,
    event_day,
    lead_text,
    names_text,
)

from .conftest import BagEmbedder

SETTINGS = ClusterSettings()


def test_entity_keys_fold_case_accents_articles_and_first_names() -> None:
    assert entity_key("Sergio Massa", "PERSON") == "massa"
    assert entity_key("Massa’s", "PERSON") == "massa"
    assert entity_key("the Federal Trade Commission's", "ORG") == "federal trade commission"
    assert entity_key("Roskosmos", "ORG") == entity_key("ROSKOSMOS", "ORG")
    assert entity_key("Méndez", "PERSON") == "mendez"
    assert entity_key("Sunday", "DATE") is None
    assert entity_key("2-1", "PRODUCT") is None


def test_event_day_prefers_the_reported_day_to_the_publication_day(
        make_enriched: Callable[..., Article]) -> None:
    art = make_enriched("Voters went to the polls on Sunday. Results came overnight.", day="2023-10-23",
                        dates=[{"value": "2023-10-22", "tense": "past", "anchor_relative": True},
                               {"value": "2023-10-22", "tense": "past", "anchor_relative": True},
                               {"value": "2023-11-19", "tense": "future", "anchor_relative": False},
                               {"value": "2015-10-25", "tense": "past", "anchor_relative": False}])
    assert event_day(art, SETTINGS) == dt.date(2023, 10, 22).toordinal()


def test_event_day_ignores_relative_dates_resolved_against_an_inferred_anchor(
        make_enriched: Callable[..., Article]) -> None:
    art = make_enriched("It happened on Sunday. It was reported on July 11, 2024.",
                        dates=[{"value": "2023-08-20", "tense": "past", "anchor_relative": True},
                               {"value": "2024-07-11", "tense": "past", "anchor_relative": False}])
    assert event_day(art, SETTINGS) == dt.date(2024, 7, 11).toordinal()
    undated = make_enriched("Nothing here says when this happened at all.")
    assert event_day(undated, SETTINGS) is None


def test_lead_skips_short_furniture_and_keeps_the_title(make_enriched: Callable[..., Article]) -> None:
    art = make_enriched("Learn more. The probe crashed into the surface of the moon on Saturday.",
                        title="Probe crashes")
    lead = lead_text(art, SETTINGS)
    assert lead.startswith("Probe crashes The probe crashed")
    assert "Learn more" not in lead


def test_names_text_ranks_repeated_capitalised_words(make_enriched: Callable[..., Article]) -> None:
    art = make_enriched("Die Sonde Luna-25 ist abgestürzt, sagte Roskosmos. Laut Roskosmos war Luna-25 "
                        "verloren, meldete Roskosmos.")
    assert names_text(art, SETTINGS).split()[:2] == ["Roskosmos", "Luna-25"]


def test_signals_embed_three_texts_per_article_in_one_call(make_enriched: Callable[..., Article]) -> None:
    calls: list[int] = []

    class Counting(BagEmbedder):
        def encode(self, texts):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            return super().encode(texts)

    arts = [make_enriched("Milei won the vote in Argentina. Massa conceded.", entities=[("Milei", "PERSON")],
                          outlet="a.com"),
            make_enriched("The rover landed on the moon. India cheered.", outlet="b.com")]
    sigs = article_signals(arts, Counting(), SETTINGS)
    assert calls == [6]
    assert [s.outlet for s in sigs] == ["a.com", "b.com"]
    assert abs(float(sigs[0].vector @ sigs[0].vector) - 1.0) < 1e-5
    assert set(sigs[0].entities) == {"milei"}
