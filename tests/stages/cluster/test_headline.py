"""Story headlines: a real title or lead line, never a dateline, byline, caption, stamp or furniture."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest

from storydesk.model import Article, Story
from storydesk.stages.cluster.headline import rejection, title_span
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.summary import build_story

from .conftest import signal

SETTINGS = ClusterSettings()
DAY = dt.date(2024, 2, 23).toordinal()


def _story(articles: Sequence[Article], vectors: Sequence[Sequence[float]],
           days: Sequence[int | None] | None = None) -> Story:
    days = days or [None] * len(articles)
    sigs = [signal(a.id, v, day=d) for a, v, d in zip(articles, vectors, days, strict=True)]
    return build_story(articles, sigs, SETTINGS)


def _cited(story: Story, articles: Sequence[Article]) -> str:
    cite = story.provenance.citations[0]
    text = next(a.text for a in articles if a.id == cite.article)
    return " ".join(text[cite.start:cite.end].split())


@pytest.mark.parametrize(("line", "rule"), [
    ("MOSCOW, February 23 – RIA Novosti.", "dateline-only"),
    ("WASHINGTON (Reuters) -", "dateline-only"),
    ("SAN FRANCISCO, Nov. 17 (Xinhua) --", "dateline-only"),
    ("By Jane Doe, Reuters", "byline"),
    ("By Nick Perry, Laurent Thomet, and Shaun Tandon", "byline"),
    ("By and The Associated Press", "byline"),
    ("Por María López", "byline"),
    ("(Photo: AFP)", "caption-credit"),
    ("Image: Getty Images", "caption-credit"),
    ("Rescuers search the rubble in Amizmiz. ( AFP / FADEL SENNA )", "caption-credit"),
    ("Members of the crew wave from the deck. Photo: John Smith/Reuters", "caption-credit"),
    ("date 2024-06-19", "date-line"),
    ("Published: September 18, 2024", "date-line"),
    ("Updated 2:49 PM ET, Sat November 18, 2023", "date-line"),
    ("Mis à jour le 10 juillet 2024 à 18h05", "date-line"),
    ("Jun 24, 2023 | International", "date-line"),
    ("12 minutes ago", "relative-time"),
    ("Skip to content", "boilerplate:ads"),
    ("Advertisement", "boilerplate:ads"),
    ("Expand / Collapse search", "page-controls"),
    ("Home > World > Europe", "page-controls"),
    ('<img src="a.jpg" alt="Summit">', "markup"),
    ("Source: Jordan News Agency", "source-credit"),
])
def test_each_kind_of_non_headline_is_named(line: str, rule: str) -> None:
    assert rejection(line) == rule


@pytest.mark.parametrize("line", [
    "Euro 2024: Spain beats England 2-1 to become champions",
    "By the numbers: how the Fed cut rates for the first time since 2020",
    "Von der Leyen wins a second term at the head of the Commission",
    "NATO SUMMIT ENDS WITHOUT A DEAL ON UKRAINE",
    "UK, France agree deal on migrant boats",
    "Putin arrives in Vietnam after visit to North Korea",
    "Morocco: death toll rises to 2,012 after the quake",
    "SpaceX Starship lost 8 minutes after launch",
    "Le sommet de l'Otan s'ouvre mardi à Vilnius",
])
def test_real_headlines_pass(line: str) -> None:
    assert rejection(line) is None
    assert title_span(line) == (0, len(line))


@pytest.mark.parametrize(("title", "shown"), [
    ("BREAKING: Russia's Luna-25 crashes onto the Moon", "Russia's Luna-25 crashes onto the Moon"),
    ("Live updates: First Fed rate cut since Covid | CNN Business", "First Fed rate cut since Covid"),
    ("✕ Close Biden calls Zelensky 'Putin' at NATO summit", "Biden calls Zelensky 'Putin' at NATO summit"),
])
def test_flash_labels_controls_and_site_names_are_cut_off_titles(title: str, shown: str) -> None:
    span = title_span(title)
    assert span is not None and title[span[0]:span[1]] == shown


def test_a_dateline_sentence_is_passed_over_for_the_lead(make_enriched: Callable[..., Article]) -> None:
    arts = [make_enriched("MOSCOW, February 23 – RIA Novosti. Vladimir Putin said the talks with Kyiv "
                          "would resume next week.")]
    story = _story(arts, [[1, 0]])
    assert story.headline == "Vladimir Putin said the talks with Kyiv would resume next week."
    assert _cited(story, arts) == story.headline


@pytest.mark.parametrize("dateline", ["MOSCOW, Feb 23 (Reuters) - ", "MOSCOW (Reuters) -",
                                      "LIMA, Peru — (AP) — ", "Buenos Aires, Oct 22 (EFE).- ", "(CNN) — ",
                                      "New Delhi: "])
def test_a_leading_dateline_is_cut_and_the_citation_shows_the_rest(
        make_enriched: Callable[..., Article], dateline: str) -> None:
    arts = [make_enriched(f"{dateline}Putin said the talks with Kyiv would resume next week. More later.")]
    story = _story(arts, [[1, 0]])
    assert story.headline == "Putin said the talks with Kyiv would resume next week."
    cite = story.provenance.citations[0]
    assert arts[0].text[cite.start:cite.end] == story.headline


def test_furniture_bylines_and_stamps_before_the_lead_are_skipped(
        make_enriched: Callable[..., Article]) -> None:
    text = ("Skip to content\n\nBy Jane Doe, Reuters\n\n date 2024-06-19\n\n"
            "The quake killed more than two thousand people in the High Atlas mountains.")
    arts = [make_enriched(text)]
    story = _story(arts, [[1, 0]])
    assert story.headline == "The quake killed more than two thousand people in the High Atlas mountains."
    assert _cited(story, arts) == story.headline


def test_a_line_above_a_picture_credit_is_its_caption(make_enriched: Callable[..., Article]) -> None:
    text = ("Rescuers search the rubble of a house in the village of Amizmiz\n(Photo: AFP)\n\n"
            "The death toll from the earthquake rose to 2,012 on Sunday, the interior ministry said.")
    story = _story([make_enriched(text)], [[1, 0]])
    assert story.headline.startswith("The death toll from the earthquake rose")


def test_a_byline_or_caption_title_gives_way_to_a_real_title(make_enriched: Callable[..., Article]) -> None:
    body = "The quake killed more than two thousand people in Morocco, officials said."
    arts = [make_enriched(body, title="By Jane Doe, Reuters"),
            make_enriched(body + " Aid arrived.", title="Rescuers dig through rubble. (Photo: AFP)"),
            make_enriched(body + " Rescue goes on.", title="Morocco quake kills more than 2,000")]
    story = _story(arts, [[1, 0], [1, 0.05], [0.7, 0.7]])
    assert story.headline == "Morocco quake kills more than 2,000"
    assert story.provenance.citations[0].article == arts[2].id


def test_the_headline_is_in_the_majority_language(make_enriched: Callable[..., Article]) -> None:
    arts = [make_enriched("The summit opened in Vilnius on Tuesday with a pledge to Ukraine.",
                          title="NATO summit opens in Vilnius").evolve(language="en"),
            make_enriched("Le sommet s'est ouvert mardi à Vilnius avec un engagement envers l'Ukraine.",
                          title="Le sommet de l'Otan s'ouvre à Vilnius").evolve(language="fr"),
            make_enriched("Les dirigeants de l'Otan se sont réunis mardi à Vilnius pour deux jours.",
                          title="Les alliés réunis à Vilnius").evolve(language="fr")]
    # The English report is the most central, but two of three members are French.
    story = _story(arts, [[1, 0], [0.9, 0.45], [0.9, -0.45]])
    assert story.headline == "Le sommet de l'Otan s'ouvre à Vilnius"


def test_a_developing_story_takes_the_most_recent_of_its_most_central_titles(
        make_enriched: Callable[..., Article]) -> None:
    arts = [make_enriched("The death toll from the quake rose to 632 on Saturday.", title="Quake kills 632"),
            make_enriched("The death toll from the quake rose to 2,012 on Sunday.",
                          title="Quake toll passes 2,000"),
            make_enriched("Rescuers reached remote villages on Monday.", title="Aid reaches remote villages")]
    vectors = [[1, 0.02], [1, 0.0], [0.6, 0.8]]
    developing = _story(arts, vectors, [DAY, DAY + 2, DAY + 3])
    assert developing.headline == "Quake toll passes 2,000"  # the peripheral latest one is not chosen
    same_day = _story(arts, vectors, [DAY, DAY, DAY])
    assert same_day.headline == "Quake kills 632"  # the most central when nothing develops


def test_a_title_missing_from_the_text_still_stands(make_enriched: Callable[..., Article]) -> None:
    arts = [make_enriched("MOSCOW (Reuters) - The talks will resume next week, the Kremlin said.",
                          title="Kremlin says talks will resume")]
    story = _story(arts, [[1, 0]])
    assert story.headline == "Kremlin says talks will resume"
    assert _cited(story, arts) == "The talks will resume next week, the Kremlin said."


def test_a_lead_in_the_majority_language_beats_a_title_in_another(
        make_enriched: Callable[..., Article]) -> None:
    arts = [make_enriched("Putin arrived in Hanoi on Wednesday for a two-day state visit.",
                          title="Putin arrives in Vietnam").evolve(language="en"),
            make_enriched("Putin ist am Mittwoch zu einem zweitägigen Staatsbesuch in Hanoi eingetroffen.")
            .evolve(language="de"),
            make_enriched("Der russische Präsident Putin wurde in Hanoi mit militärischen Ehren empfangen.")
            .evolve(language="de")]
    story = _story(arts, [[1, 0], [0.9, 0.45], [0.9, -0.45]])
    assert story.headline == "Putin ist am Mittwoch zu einem zweitägigen Staatsbesuch in Hanoi eingetroffen."
