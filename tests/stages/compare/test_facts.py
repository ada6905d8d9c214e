"""compare_story: agreements, conflicts, variants, unique facts and coverage (builder data + the example)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from storydesk.model import Article, PublicationDate, Span
from storydesk.model.story_report import Comparison
from storydesk.stages.compare.comparison_settings import CompareSettings
from storydesk.stages.compare.facts import compare_story
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
        units = []
        for outlet, text, _, spans in self.rows:
            start = offsets[outlet]
            offsets[outlet] += len(text) + 1
            units.append(self._unit(articles[outlet].id, outlet, start, text, spans))
        vectors = np.array([v for _, _, v, _ in self.rows], dtype=np.float32)
        return list(articles.values()), StoryUnits(units=tuple(units), vectors=vectors)

    def _article(self, outlet: str, text: str) -> Article:
        day = self.published.get(outlet)
        published = PublicationDate(value=day, granularity="day", basis="header", confidence=0.95) if day \
            else PublicationDate()
        return Article(id=f"id-{outlet}", ref=f"{outlet}.txt", source=f"{outlet}.txt", format="text",
                       raw=text, text=text, outlet=outlet, published=published)

    @staticmethod
    def _unit(article: str, outlet: str, start: int, text: str, spans: dict[str, Any]) -> SentenceUnit:
        def place(surface: str, label: str, attrs: dict[str, Any]) -> Span:
            at = start + text.index(surface)
            return Span(start=at, end=at + len(surface), label=label, attrs=attrs)

        return SentenceUnit(
            article=article, outlet=outlet, index=0, start=start, end=start + len(text), text=text,
            numbers=tuple(place(s, lab, a) for s, lab, a in spans.get("numbers", ())),
            entities=tuple(place(s, lab, {"text": s}) for s, lab in spans.get("entities", ())),
            dates=tuple(place(s, "DATE", a) for s, a in spans.get("dates", ())))


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
