"""Slot values and their compatibility: every case the issue names, with hand-built spans."""

from __future__ import annotations

from typing import Any

import pytest

from storydesk.model import Citation, Provenance, Span
from storydesk.model.layers import DateAttrs, EntityAttrs, NumberAttrs, QuoteAttrs
from storydesk.model.story_report import Entity
from storydesk.stages.compare.compatibility import (
    compatible_dates,
    compatible_numbers,
    compatible_sources,
    compatible_speakers,
    interval,
    normal_form,
    same_body,
    written_step,
)
from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.slots import (
    DateValue,
    NumberValue,
    SourceValue,
    SpeakerValue,
    date_value,
    number_options,
    number_values,
    speaker_value,
)
from storydesk.stages.compare.units import SentenceUnit

SETTINGS = CompareSettings()


def number(text: str, label: str = "QUANTITY", slot: str = "people killed", kind: str = "count",
           changing: bool = False, **attrs: Any) -> NumberValue:
    """A number value as the numbers layer would give it."""
    defaults = {"value": None, "low": None, "high": None, "approx": "exact", "unit": "people", "verb": "kill"}
    span = Span(start=0, end=len(text), label=label, attrs=NumberAttrs(**{**defaults, **attrs}))
    return NumberValue(slot=slot, kind=kind, text=text, span=span, changing=changing)


def unit(text: str, *, numbers: tuple[tuple[str, str, dict[str, Any]], ...] = (),
         entities: tuple[tuple[str, str], ...] = (), dates: tuple[tuple[str, dict[str, Any]], ...] = (),
         quotes: tuple[dict[str, Any], ...] = (), start: int = 100) -> SentenceUnit:
    """A sentence unit with spans placed on the first occurrence of each surface string."""
    def place(surface: str, label: str, attrs: object) -> Span:
        at = text.index(surface)
        return Span(start=start + at, end=start + at + len(surface), label=label, attrs=attrs)

    return SentenceUnit(article="a1", outlet="one.example", index=0, start=start, end=start + len(text),
                        text=text, numbers=tuple(place(s, lab, NumberAttrs(**a)) for s, lab, a in numbers),
                        entities=tuple(place(s, lab, EntityAttrs(text=s)) for s, lab in entities),
                        dates=tuple(place(s, "DATE", DateAttrs(**a)) for s, a in dates),
                        quotes=tuple(Span(start=start, end=start + len(text), label="QUOTE",
                                          attrs=QuoteAttrs(**q)) for q in quotes))


# --- numbers: the cases


def test_tens_of_thousands_and_50000_are_compatible() -> None:
    vague = number("tens of thousands", low=20000.0, high=99999.0, approx="vague")
    exact = number("50,000", value=50000.0)
    judgement = compatible_numbers(vague, exact, SETTINGS)
    assert judgement.compatible and not judgement.same
    assert "approximation" in judgement.reason


def test_about_half_a_million_and_nearly_500000_are_compatible() -> None:
    about = number("about half a million", value=500000.0, approx="about")
    nearly = number("nearly 500,000", value=500000.0, approx="nearly")
    judgement = compatible_numbers(about, nearly, SETTINGS)
    assert judgement.compatible
    assert "overlap" in judgement.reason


def test_magnitude_68_and_7_conflict_because_magnitudes_have_one_decimal() -> None:
    usgs = number("6.8 magnitude", label="MAGNITUDE", slot="magnitude", kind="magnitude", value=6.8,
                  unit="magnitude")
    cnrst = number("7 degrees on the Richter scale", label="MAGNITUDE", slot="magnitude", kind="magnitude",
                   value=7.0, unit="magnitude")
    judgement = compatible_numbers(usgs, cnrst, SETTINGS)
    assert not judgement.compatible
    assert "6.75-6.85" in judgement.reason and "6.95-7.05" in judgement.reason


def test_687bn_and_69bn_are_compatible_by_rounding() -> None:
    # "$69bn" is written to the billion: 68.5-69.5bn holds the exact $68.7bn.
    exact = number("$68.7 billion", label="MONEY", slot="money USD", kind="money", value=6.87e10, unit="USD")
    rounded = number("$69bn", label="MONEY", slot="money USD", kind="money", value=6.9e10, unit="USD")
    judgement = compatible_numbers(exact, rounded, SETTINGS)
    assert judgement.compatible
    assert "within rounding" in judgement.reason


def test_different_exact_tolls_conflict() -> None:
    low = number("2,012", value=2012.0)
    high = number("More than 2,100", value=2100.0, approx="more than")
    assert not compatible_numbers(low, high, SETTINGS).compatible


def test_open_bound_holds_a_larger_exact_figure() -> None:
    assert compatible_numbers(number("more than 2,800", value=2800.0, approx="more than"),
                              number("2,862", value=2862.0), SETTINGS).compatible


def test_small_counts_are_exact_not_rounded() -> None:
    two = number("two days", label="DURATION", slot="duration", kind="duration", value=2.0, unit="day")
    three = number("three-day", label="DURATION", slot="duration", kind="duration", value=3.0, unit="day")
    assert not compatible_numbers(two, three, SETTINGS).compatible


def test_rounding_tolerance_covers_a_rounded_share() -> None:
    share = {"label": "PERCENT", "slot": "percent milei", "kind": "percent", "unit": "percent"}
    rounded = number("56%", value=56.0, **share)
    precise = number("55.69%", value=55.69, **share)
    judgement = compatible_numbers(rounded, precise, SETTINGS)
    assert judgement.compatible and "tolerance" in judgement.reason


def test_the_same_figure_is_marked_same() -> None:
    assert compatible_numbers(number("2,862", value=2862.0), number("2,862", value=2862.0), SETTINGS).same


def test_durations_compare_across_units() -> None:
    years = number("47 years", label="DURATION", slot="duration", kind="duration", value=47.0, unit="year")
    nearly = number("almost 50 years", label="DURATION", slot="duration", kind="duration", value=50.0,
                    unit="year", approx="nearly")
    assert compatible_numbers(years, nearly, SETTINGS).compatible


@pytest.mark.parametrize(("value", "text", "step"), [
    (6.87e10, "$68.7 billion", 1e8), (6.9e10, "$69bn", 1e9), (2100.0, "2,100", 100.0),
    (2862.0, "2,862", 0.0), (12.0, "12", 0.0), (500000.0, "half a million", 1e5), (55.69, "55.69%", 0.01)])
def test_written_step(value: float, text: str, step: float) -> None:
    assert written_step(value, text, "QUANTITY", SETTINGS) == pytest.approx(step)


def test_interval_and_normal_form_of_cues() -> None:
    nearly = number("nearly 500,000", value=500000.0, approx="nearly")
    assert (interval(nearly, SETTINGS).low, interval(nearly, SETTINGS).high) == (450000.0, 500000.0)
    assert normal_form(nearly) == "nearly 500,000"
    vague = number("tens of thousands", low=20000.0, high=99999.0, approx="vague")
    assert normal_form(vague) == "20,000-99,999"


def test_match_minutes_differ_by_one_minute_at_most() -> None:
    clock = {"label": "MINUTE", "slot": "minute of the winner", "kind": "minute", "unit": "minute"}
    ninetieth, ninety_first = number("90th minute", value=90.0, **clock), number("90+1", value=91.0, **clock)
    judgement = compatible_numbers(ninetieth, ninety_first, SETTINGS)
    assert judgement.compatible and not judgement.same
    assert not compatible_numbers(number("82nd minute", value=82.0, **clock),
                                  number("86th minute", value=86.0, **clock), SETTINGS).compatible


# --- number slots from a unit


def test_death_and_people_killed_share_one_slot() -> None:
    toll = unit("The death toll rose to 2,862.",
                numbers=(("2,862", "QUANTITY", {"value": 2862.0, "unit": "death", "verb": "rise"}),))
    killed = unit("The quake killed 2,900 people.",
                  numbers=(("2,900", "QUANTITY", {"value": 2900.0, "unit": "people", "verb": "kill"}),))
    assert set(number_values(number_options(toll, SETTINGS))) == {"people killed"}
    assert set(number_values(number_options(killed, SETTINGS))) == {"people killed"}
    assert number_values(number_options(toll, SETTINGS))["people killed"].changing


def test_two_values_for_one_slot_make_it_ambiguous() -> None:
    both = unit("The toll rose from 632 to 1,037 deaths.", numbers=(
        ("632", "QUANTITY", {"value": 632.0, "unit": "death", "verb": "rise"}),
        ("1,037", "QUANTITY", {"value": 1037.0, "unit": "death", "verb": "rise"})))
    options = number_options(both, SETTINGS)
    assert len(options["people killed"]) == 2
    assert number_values(options) == {}


def test_counts_without_a_counted_noun_are_not_compared() -> None:
    bare = unit("The figure was 25 on Monday.", numbers=(("25", "QUANTITY", {"value": 25.0, "unit": None}),))
    assert number_options(bare, SETTINGS) == {}


def test_a_share_belongs_to_the_nearest_name() -> None:
    share = unit("Milei won 55.7% of the vote.",
                 numbers=(("55.7%", "PERCENT", {"value": 55.7, "unit": "percent", "verb": "win"}),),
                 entities=(("Milei", "PERSON"),))
    assert set(number_values(number_options(share, SETTINGS))) == {"percent milei"}


def test_two_shares_in_one_sentence_are_not_compared() -> None:
    shares = unit("Milei won 55.7% and Massa 44.3%.", numbers=(
        ("55.7%", "PERCENT", {"value": 55.7, "unit": "percent", "verb": "win"}),
        ("44.3%", "PERCENT", {"value": 44.3, "unit": "percent", "verb": "win"})),
        entities=(("Milei", "PERSON"), ("Massa", "PERSON")))
    assert number_options(shares, SETTINGS) == {}


def _population(text: str, surface: str, value: float, noun: str = "people") -> dict[str, NumberValue]:
    attrs = {"value": value, "unit": noun, "verb": "be"}
    return number_values(number_options(
        unit(text, numbers=((surface, "QUANTITY", attrs),), entities=(("Derna", "GPE"),)), SETTINGS))


@pytest.mark.parametrize("text", [
    "Derna, a community of around 125,000 people, was left with damaged neighbourhoods.",
    "The worst devastation was in Derna, which is home to 125,000 people.",
    "In Derna, which has an estimated population of 125,000, districts were swept away."])
def test_a_population_is_a_static_attribute_of_its_place(text: str) -> None:
    surface = "around 125,000" if "around" in text else "125,000"
    values = _population(text, surface, 125000.0)
    assert list(values) == ["population derna"]
    assert values["population derna"].kind == "population" and not values["population derna"].changing


def test_residents_counted_in_an_event_or_a_wider_scope_are_no_population() -> None:
    evacuated = _population("In Derna, 125,000 residents were evacuated from the coast.", "125,000", 125000.0,
                            "resident")
    assert "population derna" not in evacuated
    wider = _population("Derna lies in the greater region, home to 125,000 people.", "125,000", 125000.0)
    assert "population derna" not in wider
    homes = _population("Derna, a city of 9,000 homes, was flooded.", "9,000", 9000.0, "home")
    assert "population derna" not in homes


# --- dates


def _date(text: str, value: str, granularity: str) -> DateValue:
    return DateValue(text=text, value=value, granularity=granularity,
                     span=Span(start=0, end=len(text), label="DATE", attrs=DateAttrs(value=value)))


def test_a_month_contains_its_days() -> None:
    judgement = compatible_dates(_date("March 2023", "2023-03", "month"),
                                 _date("March 14", "2023-03-14", "day"))
    assert judgement.compatible and "contains" in judgement.reason


def test_two_days_are_different_dates() -> None:
    friday, saturday = _date("Friday", "2023-09-15", "day"), _date("Saturday", "2023-09-16", "day")
    assert not compatible_dates(friday, saturday).compatible


def test_weekdays_as_written_compare_by_name() -> None:
    friday, saturday = _date("Friday", "Friday", "weekday"), _date("Saturday's", "Saturday", "weekday")
    judgement = compatible_dates(friday, saturday)
    assert not judgement.compatible and "different weekdays" in judgement.reason
    assert compatible_dates(saturday, _date("Saturday", "Saturday", "weekday")).same
    mixed = compatible_dates(friday, _date("March 14", "2023-03-14", "day"))
    assert mixed.compatible and mixed.undecided


def test_relative_dates_need_a_sure_anchor() -> None:
    sure = {"value": "2023-09-16", "granularity": "day", "anchor_relative": True, "anchor_confidence": 0.95}
    unsure = {**sure, "anchor_confidence": 0.4}
    assert date_value(unit("The report came on Saturday.", dates=(("Saturday", sure),)), SETTINGS) is not None
    assert date_value(unit("The report came on Saturday.", dates=(("Saturday", unsure),)), SETTINGS) is None


def test_a_sentence_with_two_dates_has_no_event_date() -> None:
    day = {"granularity": "day", "anchor_relative": False}
    two = unit("It was announced on 1 May and done on 3 May.", dates=(
        ("1 May", {**day, "value": "2023-05-01"}), ("3 May", {**day, "value": "2023-05-03"})))
    assert date_value(two, SETTINGS) is None


# --- attributions


def _speaker(name: str, kind: str = "PERSON", entity: str = "") -> SpeakerValue:
    return SpeakerValue(text=name, name=name, entity=entity, type=kind, start=0, end=len(name))


def test_spellings_of_one_name_are_one_speaker() -> None:
    judgement = compatible_speakers(_speaker("Tawfiq Shukri"), _speaker("Tawfik Shoukri"), SETTINGS)
    assert judgement.compatible and "spellings" in judgement.reason


def test_one_entity_is_one_speaker() -> None:
    assert compatible_speakers(_speaker("the Kremlin spokesman", entity="e1"),
                               _speaker("Dmitry Peskov", entity="e1"), SETTINGS).compatible


def test_two_people_are_different_attributions() -> None:
    judgement = compatible_speakers(_speaker("Dmitry Peskov"), _speaker("Sergei Lavrov"), SETTINGS)
    assert not judgement.compatible and "two different people" in judgement.reason


def test_a_body_and_a_person_are_not_judged() -> None:
    judgement = compatible_speakers(_speaker("Kremlin", "ORG"), _speaker("Dmitry Peskov"), SETTINGS)
    assert judgement.compatible and judgement.undecided


def test_speaker_maps_to_a_story_entity_through_its_mention() -> None:
    text = "Peskov said the visit was planned."
    quote = {"speaker": "Dmitry Peskov", "speaker_mention": "Peskov", "speaker_start": 100,
             "speaker_end": 106}
    entity = Entity(id="ent-peskov", name="Dmitry Peskov", type="PERSON",
                    mentions=(Citation(article="a1", start=100, end=106),),
                    provenance=Provenance(stage="resolve", version="v1"))
    value = speaker_value(unit(text, quotes=(quote,)), (), (entity,))
    assert value is not None
    assert (value.entity, value.type, value.name) == ("ent-peskov", "PERSON", "Dmitry Peskov")


def test_pronoun_and_description_speakers_are_not_names() -> None:
    for name in ("He", "the prime minister"):
        quote = {"speaker": name, "speaker_mention": name, "speaker_start": 100, "speaker_end": 102}
        assert speaker_value(unit("He said the visit was planned.", quotes=(quote,)), (), ()) is None


@pytest.mark.parametrize(("a", "b"), [
    ("OCHA", "Office for the Coordination of Humanitarian Affairs"),  # an acronym
    ("U.N.", "United Nations"),
    ("UN Office for the Coordination of Humanitarian Affairs (OCHA)", "the United Nations"),
    ("Libyan Red Crescent", "the Red Crescent"),  # a short name
    ("Roskosmos", "Roscosmos"),  # a spelling
])
def test_one_body_under_several_names(a: str, b: str) -> None:
    assert same_body(a, b, SETTINGS) or same_body(b, a, SETTINGS)


@pytest.mark.parametrize(("a", "b"), [
    ("International Federation of Red Cross", "UN Office for the Coordination of Humanitarian Affairs"),
    ("World Health Organization", "Civil Defence"),
])
def test_different_bodies(a: str, b: str) -> None:
    assert not same_body(a, b, SETTINGS) and not same_body(b, a, SETTINGS)


def _source(name: str, kind: str = "ORG", *others: str) -> SourceValue:
    return SourceValue(text=name, sources=(name,), types=(kind,), names=(name, *others))


def test_a_figure_credited_to_two_bodies_is_a_conflict_of_attribution() -> None:
    judgement = compatible_sources(_source("World Health Organization"), _source("Civil Defence"), SETTINGS)
    assert not judgement.compatible and "different bodies" in judgement.reason


def test_a_source_named_in_the_other_sentence_is_one_chain() -> None:
    citing = _source("United Nations", "ORG", "the Red Crescent")
    assert compatible_sources(citing, _source("Libyan Red Crescent"), SETTINGS).compatible


def test_a_person_is_never_a_rival_source() -> None:
    judgement = compatible_sources(_source("Farhan Haq", "PERSON"), _source("World Health Organization"),
                                   SETTINGS)
    assert judgement.compatible and judgement.undecided


def test_settings_take_toml_lists_and_reject_bad_values() -> None:
    from storydesk.config import Config
    from storydesk.errors import ConfigError

    loaded = Config({"compare": {"exact_labels": ["MAGNITUDE"]}}).settings(CompareSettings, "compare")
    assert loaded.exact_labels == ("MAGNITUDE",)
    with pytest.raises(ConfigError):
        CompareSettings(about_margin=1.5)
    with pytest.raises(ConfigError):
        CompareSettings(conflict_min_score=0.5, variant_min_score=0.6)
    with pytest.raises(ConfigError):
        CompareSettings(minute_slack=-1.0)
