"""Quantity spans on real spaCy parses: values, approximations, counted nouns, verbs and non-quantities."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storydesk.errors import ConfigError
from storydesk.model.spans import Span
from storydesk.stages.enrich.number_words import load_number_rules
from storydesk.stages.enrich.numbers import find_quantities
from storydesk.stages.enrich.settings import NumberSettings

pytestmark = pytest.mark.integration

Finder = Callable[[str], list[tuple[str, Span]]]


@pytest.fixture(scope="module")
def quantities() -> Finder:
    """Parse a text and return (covered text, span) pairs."""
    from storydesk.backends.nlp import load_nlp

    nlp = load_nlp()

    def run(text: str, **settings: Any) -> list[tuple[str, Span]]:
        doc = nlp(text)
        return [(s.slice(text), s) for s in find_quantities(doc, settings=NumberSettings(**settings))]

    return run


def only(found: list[tuple[str, Span]], mention: str) -> Span:
    """The one span whose text contains ``mention``."""
    spans = [s for text, s in found if mention in text]
    assert len(spans) == 1, found
    return spans[0]


def test_death_toll_with_counted_noun_and_verb(quantities: Finder) -> None:
    span = only(quantities("It was the earthquake that killed 50,000 people in Turkey and Syria."), "50,000")
    assert span.label == "QUANTITY"
    assert span.attrs.value == 50000
    assert (span.attrs.unit, span.attrs.verb, span.attrs.approx) == ("people", "kill", "exact")


def test_vague_amount_has_bounds(quantities: Finder) -> None:
    span = only(quantities("The quake killed tens of thousands of people."), "tens of thousands")
    assert span.attrs.value is None
    assert (span.attrs.low, span.attrs.high) == (20000, 99999)
    assert (span.attrs.unit, span.attrs.approx) == ("people", "vague")


def test_half_a_million_and_nearly_500000_agree(quantities: Finder) -> None:
    text = "The war killed about half a million people. Another count says nearly 500,000 people died."
    found = quantities(text)
    about, nearly = only(found, "half a million"), only(found, "500,000")
    assert about.attrs.value == pytest.approx(500000) == nearly.attrs.value
    assert (about.attrs.approx, nearly.attrs.approx) == ("about", "nearly")
    assert about.attrs.unit == nearly.attrs.unit == "people"


@pytest.mark.parametrize(("text", "mention", "value", "code"), [
    ("Microsoft has completed its $68.7bn takeover of Activision.", "$68.7bn", 68.7e9, "USD"),
    ("It paid £56bn for the company.", "£56bn", 56e9, "GBP"),
    ("The deal was worth 69 billion dollars in the end.", "69 billion dollars", 69e9, "USD"),
    ("The club spent €10m on the striker.", "€10m", 10e6, "EUR"),
    ("The bank lent US$1.2 billion to the state.", "US$1.2 billion", 1.2e9, "USD"),
])
def test_money_with_currency(quantities: Finder, text: str, mention: str, value: float, code: str) -> None:
    span = only(quantities(text), mention)
    assert span.label == "MONEY"
    assert span.slice(text) == mention
    assert span.attrs.value == pytest.approx(value)
    assert span.attrs.unit == code


@pytest.mark.parametrize(("text", "value"), [
    ("Javier Milei received 55.69% of the votes.", 55.69),
    ("Massa won 36 percent of the vote.", 36),
    ("Turnout was 77 per cent this year.", 77),
])
def test_percentages(quantities: Finder, text: str, value: float) -> None:
    [(_, span)] = quantities(text)
    assert span.label == "PERCENT"
    assert (span.attrs.value, span.attrs.unit) == (pytest.approx(value), "percent")


def test_year_is_not_a_quantity(quantities: Finder) -> None:
    assert quantities("Relations have been severed since the outbreak of war in 2011.") == []


@pytest.mark.parametrize("text", [
    "England beat Netherlands 2-1 in Dortmund.",
    "The filing was published on 2023-11-19 by the court.",
    "The craft lost contact at 11:57 GMT on Saturday.",
    "Call 555-0199 or see docket 3:23-cv-02880 for details.",
    "Russia's Luna-25 probe crashed, unlike Chandrayaan-3.",
    "Fans queued for Diablo 4 on September 8.",
])
def test_scores_dates_times_ids_and_names_are_not_quantities(quantities: Finder, text: str) -> None:
    assert quantities(text) == []


@pytest.mark.parametrize(("text", "mention", "value", "unit"), [
    ("A magnitude 6.8 quake hit late on Friday.", "magnitude 6.8", 6.8, "magnitude"),
    ("Survivors of the 6.8-magnitude quake were found.", "6.8-magnitude", 6.8, "magnitude"),
    ("The earthquake measured 7 on the Richter scale.", "7 on the Richter scale", 7, "magnitude"),
])
def test_magnitudes(quantities: Finder, text: str, mention: str, value: float, unit: str) -> None:
    span = only(quantities(text), mention)
    assert span.label == "MAGNITUDE"
    assert (span.slice(text), span.attrs.value, span.attrs.unit) == (mention, value, unit)


@pytest.mark.parametrize(("text", "mention", "value"), [
    ("Oyarzabal scored the winner in the 86th minute.", "86th minute", 86),
    ("Williams opened the scoring in the seventh minute.", "seventh minute", 7),
    ("90+1′ Sub Watkins fires in dramatic winner", "90+1′", 91),
    ("Kane levelled on 18 minutes from the spot.", "18 minutes", 18),
])
def test_match_minutes(quantities: Finder, text: str, mention: str, value: float) -> None:
    span = only(quantities(text), mention)
    assert (span.label, span.attrs.value, span.attrs.unit) == ("MINUTE", value, "minute")


@pytest.mark.parametrize(("text", "mention", "value", "unit"), [
    ("Algeria allocated three planes to carry rescuers.", "three", 3, "plane"),
    ("Twenty-five bodies had been brought to the clinic.", "Twenty-five", 25, "body"),
    ("A dozen people were rescued from the rubble.", "dozen", 12, "people"),
    ("The dead toll had risen to two thousand by Tuesday.", "two thousand", 2000, "death"),
    ("Some 35.4 million Argentinians were called to vote.", "35.4 million", 35.4e6, "argentinian"),
    ("Experts say more than 30 million cubic meters of water flowed.", "30 million", 30e6, "cubic meter"),
])
def test_number_words_scales_and_units(quantities: Finder, text: str, mention: str, value: float,
                                       unit: str) -> None:
    span = only(quantities(text), mention)
    assert span.attrs.value == pytest.approx(value)
    assert span.attrs.unit == unit


@pytest.mark.parametrize(("text", "low", "high"), [
    ("Between 2,000 and 3,000 people fled the city.", 2000, 3000),
    ("Officials said 2,000-3,000 people fled the city.", 2000, 3000),
])
def test_ranges(quantities: Finder, text: str, low: float, high: float) -> None:
    [(_, span)] = quantities(text)
    assert (span.attrs.value, span.attrs.low, span.attrs.high) == (None, low, high)
    assert (span.attrs.approx, span.attrs.unit) == ("range", "people")


@pytest.mark.parametrize(("text", "approx"), [
    ("At least 2,059 people were injured.", "at least"),
    ("More than 2,100 people have been confirmed dead.", "more than"),
    ("The number of victims could be up to 20,000.", "up to"),
    ("As many as 2,000 people may have been killed.", "up to"),
    ("Around 10,000 people are still missing.", "about"),
])
def test_approximation_cues(quantities: Finder, text: str, approx: str) -> None:
    [(_, span)] = quantities(text)
    assert span.attrs.approx == approx


def test_elliptic_counts_take_people_or_the_previous_unit(quantities: Finder) -> None:
    found = quantities("This earthquake caused 1,293 deaths in Al Haouz, 452 in Taroudant. "
                       "Officials said 2,059 were wounded.")
    assert only(found, "452").attrs.unit == "death"
    assert only(found, "2,059").attrs.unit == "people"


def test_durations_ages_and_fractions(quantities: Finder) -> None:
    text = ("The 12-year uprising has displaced half of the country's population, "
            "said 66-year-old Mohamed, after a second-half goal.")
    found = quantities(text)
    duration, age, half = only(found, "12-year"), only(found, "66-year-old"), only(found, "half")
    assert (duration.label, duration.attrs.value, duration.attrs.unit) == ("DURATION", 12, "year")
    assert (age.label, age.attrs.value) == ("AGE", 66)
    assert (half.label, half.attrs.value, half.attrs.unit) == ("FRACTION", 0.5, "population")
    assert len(found) == 3  # 'second-half' is not a fraction
    assert quantities(text, durations=False, ages=False) == [(half.slice(text), half)]


def test_span_offsets_and_sentence(quantities: Finder) -> None:
    text = "Rescuers arrived. The toll rose to 632 on Saturday."
    [(covered, span)] = quantities(text)
    assert covered == "632"
    start, end = span.attrs.sentence
    assert text[start:end] == "The toll rose to 632 on Saturday."


def test_bad_rules_file_raises_config_error(tmp_path: Path) -> None:
    path = tmp_path / "numbers.toml"
    path.write_text("[number_words]\nreason = 'incomplete'\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_number_rules(path)
