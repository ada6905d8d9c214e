from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from storydesk.model import Article
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.summary import build_story, story_id

from .conftest import signal

SETTINGS = ClusterSettings()


def test_story_id_is_a_content_hash_of_sorted_members() -> None:
    assert story_id(["b", "a"]) == story_id(["a", "b"])
    assert story_id(["a"]) != story_id(["a", "b"])


def test_headline_entities_span_and_outlets(make_enriched: Callable[..., Article]) -> None:
    arts = [make_enriched("Milei wins the runoff in Argentina. Massa conceded.", title="Milei wins",
                          entities=[("Milei", "PERSON"), ("Argentina", "GPE")], outlet="x.com"),
            make_enriched("Javier Milei beat Sergio Massa in Argentina. Milei thanked voters.",
                          entities=[("Javier Milei", "PERSON"), ("Sergio Massa", "PERSON"),
                                    ("Argentina", "GPE"), ("Milei", "PERSON")], outlet="y.com")]
    day = dt.date(2023, 11, 19).toordinal()
    sigs = [signal(arts[0].id, [1, 0.1], day=day), signal(arts[1].id, [1, 0], day=day + 1)]
    sigs = [s.__class__(id=s.id, vector=s.vector, day=s.day, outlet=a.outlet,
                        names=_names(a), entities={}) for s, a in zip(sigs, arts, strict=True)]
    story = build_story(arts, sigs, SETTINGS)
    assert story.headline == "Milei wins"
    assert story.id == story_id([a.id for a in arts])
    assert story.entities[:2] == ("Milei", "Argentina")
    assert (story.start, story.end) == ("2023-11-19", "2023-11-20")
    assert story.outlets == ("x.com", "y.com")
    cite = story.provenance.citations[0]
    assert (story.provenance.stage, story.provenance.version) == ("cluster", "v1")
    assert cite.article == arts[0].id and cite.end > cite.start


def test_without_titles_the_lead_sentence_of_the_most_central_article(
        make_enriched: Callable[..., Article]) -> None:
    arts = [make_enriched("An outlier sentence about something else entirely here."),
            make_enriched("The lander touched down near the south pole of the moon.")]
    sigs = [signal(arts[0].id, [0.6, 0.8]), signal(arts[1].id, [1, 0])]
    story = build_story(arts + [arts[1]], sigs + [signal("z", [1, 0.05])], SETTINGS)
    assert story.headline == "The lander touched down near the south pole of the moon."
    cite = story.provenance.citations[0]
    assert arts[1].text[cite.start:cite.end] == story.headline


def _names(article: Article) -> dict[str, dict[str, int]]:
    from storydesk.stages.cluster.signals import entity_mentions

    return {k: dict(v) for k, v in entity_mentions(article)[1].items()}
