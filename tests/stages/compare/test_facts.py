"""compare_story: agreements, conflicts, variants, unique facts and coverage (builder data + the example)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from storydesk.model import Article, PublicationDate, Span
from storydesk.model.layers import DateAttrs, EntityAttrs, NumberAttrs, QuoteAttrs
from storydesk.model.story_report import Comparison
from storydesk.stages.compare.facts import compare_story
from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

SETTINGS = CompareSettings()
DIM = 16
NOISE_AXIS = DIM - 1


def direction(axis: int, tilt: float) -> list[float]:
    """A unit vector on ``axis`` tilted by ``tilt`` degrees towards a shared axis (paraphrase noise)."""
    out = [0.0] * DIM
    out[axis], out[NOISE_AXIS] = math.cos(math.radians(tilt)), math.sin(math.radians(tilt))
    return out


@dataclass
class StoryBuilder:
    """Sentences per outlet, each with a vector and spans; builds articles and their units."""

    published: dict[str, str] = field(default_factory=dict)
    rows: list[tuple[str, str, list[float], dict[str, Any]]] = field(default_factory=list)

    def add(self, outlet: str, text: str, axis: int, tilt: float = 0.0, **spans: Any) -> StoryBuilder:
        self.rows.append((outlet, text, direction(axis, tilt), spans))
        return self

    def build(self) -> tuple[list[Article], StoryUnits]:
        texts: dict[str, list[str]] = {}
        for outlet, text, _, _ in self.rows:
            texts.setdefault(outlet, []).append(text)
        articles = {o: self._article(o, " ".join(t)) for o, t in texts.items()}
        offsets = dict.fromkeys(texts, 0)
        counts = dict.fromkeys(texts, 0)
        units = []
        for outlet, text, _, spans in self.rows:
            start = offsets[outlet]
            offsets[outlet] += len(text) + 1
            units.append(self._unit(articles[outlet].id, outlet, counts[outlet], start, text, spans))
            counts[outlet] += 1
        for outlet, article in articles.items():  # the article's entities layer, as enrich leaves it
            names = tuple(e for u in units if u.article == article.id for e in u.entities)
            articles[outlet] = article.with_layer("entities", names)
        vectors = np.array([v for _, _, v, _ in self.rows], dtype=np.float32)
        return list(articles.values()), StoryUnits(units=tuple(units), vectors=vectors)

    def _article(self, outlet: str, text: str) -> Article:
        day = self.published.get(outlet)
        published = PublicationDate(value=day, granularity="day", basis="header", confidence=0.95) if day \
            else PublicationDate()
        return Article(id=f"id-{outlet}", ref=f"{outlet}.txt", source=f"{outlet}.txt", format="text",
                       raw=text, text=text, outlet=outlet, published=published)

    @staticmethod
    def _unit(article: str, outlet: str, index: int, start: int, text: str,
              spans: dict[str, Any]) -> SentenceUnit:
        def place(surface: str, label: str, attrs: object) -> Span:
            at = start + text.index(surface)
            return Span(start=at, end=at + len(surface), label=label, attrs=attrs)

        def quote(speaker: str, cue: str) -> Span:
            at = start + text.index(speaker)
            attrs = QuoteAttrs(kind="indirect", speaker=speaker, speaker_mention=speaker, cue=cue,
                               speaker_start=at, speaker_end=at + len(speaker))
            return Span(start=start, end=start + len(text), label="QUOTE", attrs=attrs)

        return SentenceUnit(
            article=article, outlet=outlet, index=index, start=start, end=start + len(text), text=text,
            numbers=tuple(place(s, lab, NumberAttrs(**a)) for s, lab, a in spans.get("numbers", ())),
            entities=tuple(place(s, lab, EntityAttrs(text=s)) for s, lab in spans.get("entities", ())),
            dates=tuple(place(s, "DATE", DateAttrs(**a)) for s, a in spans.get("dates", ())),
            quotes=tuple(quote(speaker, cue) for speaker, cue in spans.get("quotes", ())))


def count(value: float | None = None, **attrs: Any) -> dict[str, Any]:
    """Numbers-layer attrs of a count of people killed."""
    base = {"value": value, "low": None, "high": None, "approx": "exact", "unit": "people", "verb": "kill"}
    return {**base, **attrs}


def example_story() -> StoryBuilder:
    """Three outlets: a shared arrival, a magnitude conflict, a toll variant, unique sentences."""
    story = StoryBuilder()
    for outlet, tilt in (("a", 0.0), ("b", 10.0), ("c", 15.0)):
        story.add(outlet, "Assad arrived in Moscow on Tuesday for talks with Putin at the Kremlin.", 0, tilt,
                  entities=(("Assad", "PERSON"), ("Moscow", "GPE")))
    magnitude = {"unit": "magnitude", "approx": "exact", "verb": "strike"}
    story.add("a", "A 6.8 magnitude earthquake struck the Atlas mountains late on Friday night.", 1, 0,
              numbers=(("6.8 magnitude", "MAGNITUDE", {**magnitude, "value": 6.8}),))
    story.add("b", "A 7 magnitude earthquake struck the Atlas mountains late on Friday night.", 1, 8,
              numbers=(("7 magnitude", "MAGNITUDE", {**magnitude, "value": 7.0}),))
    story.add("a", "The February 6 earthquake killed tens of thousands of people in Turkey and Syria.", 2, 0,
              numbers=(("tens of thousands", "QUANTITY",
                        count(None, low=20000.0, high=99999.0, approx="vague")),))
    story.add("c", "The earthquake on February 6 killed 50,000 people in Turkey and Syria.", 2, 25,
              numbers=(("50,000", "QUANTITY", count(50000.0)),))
    story.add("b", "Thousands of Russian soldiers were deployed all over Syria in support of the army.", 3,
              entities=(("Syria", "GPE"),))
    story.add("c", "Saudi Arabia and Iran restored diplomatic ties in a deal brokered by China on Friday.", 4,
              entities=(("Saudi Arabia", "GPE"), ("Iran", "GPE")))
    story.add("a", "The discussions were long and the talks were described as very warm and open.", 5)
    return story


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    articles, units = example_story().build()
    return compare_story(articles, units, (), SETTINGS)


def test_agreement_cites_every_aligned_sentence(comparison: Comparison) -> None:
    arrival = [f for f in comparison.agreements if "arrived in Moscow" in f.text]
    assert len(arrival) == 1
    assert arrival[0].outlets == ("a", "b", "c")
    assert {c.article for c in arrival[0].citations} == {"id-a", "id-b", "id-c"}
    assert arrival[0].provenance.stage == "compare"
    assert arrival[0].provenance.citations == arrival[0].citations


def test_magnitude_conflict_with_both_sides(comparison: Comparison) -> None:
    assert len(comparison.conflicts) == 1
    conflict = comparison.conflicts[0]
    assert (conflict.kind, conflict.slot) == ("magnitude", "magnitude")
    assert {v.value: v.outlets for v in conflict.values} == {"6.8": ("a",), "7": ("b",)}
    assert "do not overlap" in conflict.reason


def test_conflicting_sentences_are_not_an_agreement(comparison: Comparison) -> None:
    assert not any("magnitude" in f.text for f in comparison.agreements)


def test_compatible_toll_is_a_variant_not_a_conflict(comparison: Comparison) -> None:
    tolls = [v for v in comparison.variants if v.slot == "people killed"]
    assert len(tolls) == 1
    assert {v.text for v in tolls[0].values} == {"tens of thousands", "50,000"}
    assert not any(c.slot == "people killed" for c in comparison.conflicts)


def test_unique_facts_per_outlet_skip_fluff(comparison: Comparison) -> None:
    unique = {(u.outlet, u.text[:20]) for u in comparison.unique}
    assert ("b", "Thousands of Russian") in unique
    assert ("c", "Saudi Arabia and Ira") in unique
    assert not any("discussions were long" in u.text for u in comparison.unique)  # names nothing checkable


def test_coverage_crosses_outlets_and_facts(comparison: Comparison) -> None:
    coverage = comparison.coverage
    assert coverage.outlets == ("a", "b", "c")
    assert len(coverage.facts) == len(comparison.agreements) + len(comparison.unique)
    arrival = next(f.id for f in comparison.agreements if "arrived" in f.text)
    column = coverage.facts.index(arrival)
    assert [row[column] for row in coverage.matrix] == [True, True, True]
    soldiers = next(u.id for u in comparison.unique if u.outlet == "b")
    assert [row[coverage.facts.index(soldiers)] for row in coverage.matrix] == [False, True, False]


def test_ids_are_stable_across_runs(comparison: Comparison) -> None:
    articles, units = example_story().build()
    again = compare_story(articles, units, (), SETTINGS)
    assert again == comparison


def _tolls(published: dict[str, str]) -> Comparison:
    story = StoryBuilder(published=published)
    toll = {"unit": "death", "verb": "rise", "approx": "exact", "low": None, "high": None}
    story.add("a", "The death toll from the earthquake in Morocco rose to 632 on the official count.", 0, 0,
              numbers=(("632", "QUANTITY", {**toll, "value": 632.0}),))
    story.add("b", "The death toll from the earthquake in Morocco rose to 2,862 on the official count.", 0, 8,
              numbers=(("2,862", "QUANTITY", {**toll, "value": 2862.0}),))
    articles, units = story.build()
    return compare_story(articles, units, (), SETTINGS)


def test_a_rising_toll_on_different_days_is_a_variant() -> None:
    result = _tolls({"a": "2023-09-09", "b": "2023-09-11"})
    assert result.conflicts == ()
    assert len(result.variants) == 1 and "different or unsure moments" in result.variants[0].reason
    assert result.agreements == ()  # 632 and 2,862 are not one fact


def test_a_toll_with_an_unknown_moment_is_not_a_conflict() -> None:
    assert _tolls({"a": "2023-09-10"}).conflicts == ()


def test_different_tolls_on_the_same_day_conflict() -> None:
    result = _tolls({"a": "2023-09-10", "b": "2023-09-10"})
    assert len(result.conflicts) == 1 and result.conflicts[0].slot == "people killed"


# --- claims and static attributes: values compared beyond aligned sentences


def _population_story(holder_words: str = "a community of") -> Comparison:
    story = StoryBuilder()
    people = {"unit": "people", "verb": "leave", "low": None, "high": None}
    story.add("a", f"Derna, {holder_words} around 125,000 people, was left with damaged neighbourhoods.", 0,
              entities=(("Derna", "GPE"),),
              numbers=(("around 125,000", "QUANTITY", {**people, "value": 125000.0, "approx": "about"}),))
    story.add("b", "The worst devastation was seen in the port of Derna, which is home to 90,000 people.",
              1, entities=(("Derna", "GPE"),),
              numbers=(("90,000", "QUANTITY", {**people, "value": 90000.0, "approx": "exact"}),))
    at_least = {**people, "value": 120000.0, "approx": "at least"}
    story.add("c", "In Derna, which has an estimated population of at least 120,000, homes were swept away.",
              2, entities=(("Derna", "GPE"),), numbers=(("at least 120,000", "QUANTITY", at_least),))
    articles, units = story.build()
    return compare_story(articles, units, (), SETTINGS)


def test_a_towns_population_conflicts_story_wide() -> None:
    result = _population_story()
    assert [(c.kind, c.slot) for c in result.conflicts] == [("population", "population derna")]
    assert {v.text: v.outlets for v in result.conflicts[0].values} == {
        "around 125,000": ("a",), "90,000": ("b",), "at least 120,000": ("c",)}


def test_unique_facts_never_repeat_a_sentence_cited_elsewhere() -> None:
    result = _population_story()
    cited = {c for record in result.conflicts for c in record.citations}
    assert cited and not cited & {c for u in result.unique for c in u.citations}


def _figure_story(b_text: str, b_spans: dict[str, Any], a_cue: str = "say") -> Comparison:
    """Outlet a credits 11,300 dead to the Red Cross federation in the next sentence; b as given."""
    story = StoryBuilder()
    toll = {"unit": "death", "verb": "rise", "approx": "exact", "low": None, "high": None, "value": 11300.0}
    story.add("a", "The death toll in the coastal city of Derna has risen to 11,300, with many missing.", 0,
              entities=(("Derna", "GPE"),), numbers=(("11,300", "QUANTITY", toll),))
    story.add("a", "The International Federation of Red Cross said that that figure is expected to grow.", 5,
              entities=(("International Federation of Red Cross", "ORG"),),
              quotes=(("International Federation of Red Cross", a_cue),))
    story.add("b", b_text, 0, 10, numbers=(("11,300", "QUANTITY", toll),), **b_spans)
    articles, units = story.build()
    return compare_story(articles, units, (), SETTINGS)


OCHA_TEXT = ("The death toll in the city of Derna has risen to 11,300, the UN Office for the Coordination of "
             "Humanitarian Affairs (OCHA) has announced.")
OCHA_SPANS = {"entities": (("Derna", "GPE"), ("UN Office", "ORG"),
                           ("Coordination of Humanitarian Affairs", "ORG"), ("OCHA", "ORG")),
              "quotes": (("UN Office", "announce"),)}
OCHA = "UN Office for the Coordination of Humanitarian Affairs (OCHA)"


def test_one_figure_credited_to_two_bodies_is_a_conflict_of_attribution() -> None:
    result = _figure_story(OCHA_TEXT, OCHA_SPANS)
    assert [(c.kind, c.slot) for c in result.conflicts] == [("attribution", "source of 11,300 people killed")]
    assert {v.text for v in result.conflicts[0].values} == {"International Federation of Red Cross", OCHA}


@pytest.mark.parametrize(("text", "spans", "a_cue"), [
    # b names the federation too ("citing ..."): one chain of sources, not two.
    ("The toll in Derna has risen to 11,300, the UN office said, citing the Red Cross federation.",
     {"entities": (("Derna", "GPE"), ("UN office", "ORG"), ("Red Cross federation", "ORG")),
      "quotes": (("UN office", "say"),)}, "say"),
    # A news agency relays a figure; it is no rival source.
    ("The death toll in the city of Derna has risen to 11,300, Reuters reported on its live page.",
     {"entities": (("Derna", "GPE"), ("Reuters", "ORG")), "quotes": (("Reuters", "report"),)}, "say"),
    # A person may speak for either body.
    ("The death toll in the city of Derna has risen to 11,300, spokesman Farhan Haq said on the day.",
     {"entities": (("Derna", "GPE"), ("Farhan Haq", "PERSON")), "quotes": (("Farhan Haq", "say"),)}, "say"),
    # A body that denies the figure does not give it.
    (OCHA_TEXT, OCHA_SPANS, "deny"),
])
def test_a_figure_credited_down_one_chain_is_no_conflict(text: str, spans: dict[str, Any],
                                                         a_cue: str) -> None:
    assert _figure_story(text, spans, a_cue).conflicts == ()


def _weekday_story(a_day: str, b_body: str = "OCHA") -> Comparison:
    story = StoryBuilder(published={"a": "2023-09-17", "b": "2023-09-17"})
    toll = {"unit": "people", "verb": "die", "approx": "at least", "low": None, "high": None,
            "value": 11300.0}
    unsure = {"granularity": "day", "kind": "weekday", "anchor_relative": True, "anchor_confidence": 0.4}
    story.add("a", f"The OCHA on {a_day} had said, citing the Libyan Red Crescent, that at least 11,300 "
              "people had died.", 0, entities=(("OCHA", "ORG"), ("Libyan Red Crescent", "ORG")),
              numbers=(("at least 11,300", "QUANTITY", toll),),
              dates=((a_day, {**unsure, "value": "2023-07-07"}),))
    story.add("b", f"The {b_body} said at least 11,300 people died in Derna, in figures for Saturday's "
              "report.", 0, 12, entities=((b_body, "ORG"), ("Derna", "GPE")),
              numbers=(("at least 11,300", "QUANTITY", toll),),
              dates=(("Saturday", {**unsure, "value": "2023-08-19"}),))
    articles, units = story.build()
    return compare_story(articles, units, (), SETTINGS)


def test_one_bodys_claim_dated_two_weekdays_conflicts_even_on_unsure_anchors() -> None:
    result = _weekday_story("Friday")
    assert [(c.kind, c.slot) for c in result.conflicts] == [("date", "day of 11,300 people killed")]
    assert {v.value for v in result.conflicts[0].values} == {"Friday", "Saturday"}
    assert "different weekdays" in result.conflicts[0].reason


@pytest.mark.parametrize(("a_day", "b_body"), [("Saturday", "OCHA"), ("Friday", "World Bank")])
def test_a_claims_weekday_conflicts_only_when_it_differs_for_one_body(a_day: str, b_body: str) -> None:
    assert _weekday_story(a_day, b_body).conflicts == ()


def _winner_story(b_text: str, b_minute: str, value: float) -> Comparison:
    story = StoryBuilder()
    minute = {"unit": "minute", "approx": "exact", "low": None, "high": None, "verb": "score"}
    story.add("a", "Mikel Oyarzabal scored the winning goal in the 86th minute to help Spain lift the cup.",
              0, entities=(("Spain", "GPE"),),
              numbers=(("86th minute", "MINUTE", {**minute, "value": 86.0}),))
    story.add("b", b_text, 1, numbers=((b_minute, "MINUTE", {**minute, "value": value}),))
    articles, units = story.build()
    return compare_story(articles, units, (), SETTINGS)


def test_the_winners_minute_conflicts_story_wide_between_sentences_naming_one_player() -> None:
    result = _winner_story("In the 82nd minute, Marc Cucurella's low ball allowed Oyarzabal to tap home the "
                           "2-1 winner.", "82nd minute", 82.0)
    assert [(c.kind, c.slot) for c in result.conflicts] == [("minute", "minute of the winner")]
    assert {v.value for v in result.conflicts[0].values} == {"82", "86"}


@pytest.mark.parametrize(("text", "minute", "value"), [
    ("In the 82nd minute, a low ball from the left allowed the substitute to tap home the 2-1 winner.",
     "82nd minute", 82.0),  # no player named in both: maybe another match's winner
    ("Oyarzabal struck the late winner in the 87th minute after a fine run down the left.",
     "87th minute", 87.0),  # match clocks differ by a minute between reporters
])
def test_the_winners_minute_needs_one_player_and_more_than_a_minute(text: str, minute: str,
                                                                    value: float) -> None:
    assert _winner_story(text, minute, value).conflicts == ()


def test_empty_story_lists_its_outlets() -> None:
    article = Article(id="x", ref="x", source="x.txt", format="text", raw="", outlet="x.example")
    result = compare_story([article], StoryUnits(), (), SETTINGS)
    assert result.agreements == () and result.coverage.outlets == ("x.example",)


@pytest.mark.integration
@pytest.mark.slow
def test_bundled_example_tolls_are_variants_and_every_outlet_has_unique_facts(tmp_path) -> None:
    from tests.conftest import EXAMPLE

    from storydesk import api
    from storydesk.backends.embedder import load_embedder
    from storydesk.stages.compare.units import outlet_of, story_units

    articles = api.analyze([str(EXAMPLE)], out_dir=tmp_path).report.corpus.articles
    result = compare_story(articles, story_units(articles, load_embedder()), (), SETTINGS)
    killed = [v for v in result.variants if v.slot == "people killed"]
    texts = {v.text for record in killed for v in record.values}
    assert {"tens of thousands", "50,000"} <= texts
    assert {"about half a million", "nearly 500,000"} <= texts
    assert not any(c.slot == "people killed" for c in result.conflicts)
    assert {u.outlet for u in result.unique} == {outlet_of(a) for a in articles}
