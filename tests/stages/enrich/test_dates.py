"""Temporal expressions: detection and normalisation against an anchor date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from storydesk.errors import ConfigError
from storydesk.model import Span
from storydesk.stages.enrich.date_rules import load_rules
from storydesk.stages.enrich.dates import find_dates
from storydesk.stages.enrich.settings import DateSettings

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "assad-moscow-2023"
SETTINGS = DateSettings()
TUE = dt.date(2023, 3, 14)
WED = dt.date(2023, 3, 15)
SUN = dt.date(2023, 3, 19)


def spans(text: str, anchor: dt.date | None = WED, **kw: Any) -> list[Span]:
    """find_dates with the default settings unless given."""
    settings = kw.pop("settings", SETTINGS)
    return list(find_dates(text, anchor, settings=settings, **kw))


def expr(text: str, phrase: str, anchor: dt.date | None = WED, **kw: Any) -> Span:
    """The span whose text is ``phrase`` (fails when there is none)."""
    found = [s for s in spans(text, anchor, **kw) if s.slice(text) == phrase]
    assert found, f"{phrase!r} not found in {[s.slice(text) for s in spans(text, anchor, **kw)]}"
    return found[0]


def value(text: str, phrase: str, anchor: dt.date | None = WED, **kw: Any) -> Any:
    """The normalised value of ``phrase`` in ``text``."""
    return expr(text, phrase, anchor, **kw).attrs.value


class TestAbsolute:
    def test_full_date(self) -> None:
        span = expr("Talks were held on March 15, 2023 in Moscow.", "March 15, 2023")
        assert span.label == "DATE"
        assert span.attrs.value == "2023-03-15"
        assert span.attrs.granularity == "day"
        assert span.attrs.anchor_relative is False

    def test_day_month_without_year_takes_the_anchor_year(self) -> None:
        assert value("He arrived on 15 March.", "15 March", SUN) == "2023-03-15"

    def test_month_and_year(self) -> None:
        span = expr("His last visit was in September 2021.", "September 2021")
        assert (span.attrs.value, span.attrs.granularity) == ("2021-09", "month")
        assert (span.attrs.start, span.attrs.end) == ("2021-09-01", "2021-09-30")

    def test_bare_year(self) -> None:
        span = expr("The war began in 2011.", "2011")
        assert (span.attrs.value, span.attrs.granularity) == ("2011", "year")

    def test_month_alone_in_the_past_is_the_last_one(self) -> None:
        assert value("In December, prices rose sharply.", "December", TUE) == "2022-12"

    def test_month_alone_in_the_future_is_the_next_one(self) -> None:
        assert value("Prices will rise in December.", "December", TUE) == "2023-12"

    def test_iso_and_numeric_dates(self) -> None:
        assert value("Filed 2023-03-15.", "2023-03-15") == "2023-03-15"
        assert value("Sunday, 7/8/07, was chosen.", "7/8/07") == "2007-07-08"
        day_first = DateSettings(month_first=False)
        assert value("It was on 7/8/07.", "7/8/07", settings=day_first) == "2007-08-07"

    def test_quarters_decades_and_seasons(self) -> None:
        text = "Profit fell in the fourth quarter of 2005, as in the 1990s, and will recover next spring."
        assert value(text, "the fourth quarter of 2005") == "2005-Q4"
        assert value(text, "the 1990s") == "199"
        assert value(text, "next spring") == "2024-SP"
        nov_2009 = dt.date(2009, 11, 3)
        assert value("Sales rose in the third quarter.", "the third quarter", nov_2009) == "2009-Q3"
        assert value("Cars of the 70s sold well.", "the 70s", dt.date(2007, 2, 9)) == "197"

    def test_counts_and_modals_are_not_dates(self) -> None:
        found = [s.slice(t) for t in ("The firm may hire 2000 workers.", "Prices fall.")
                 for s in spans(t)]
        assert found == []


class TestWeekdays:
    def test_past_weekday_is_the_one_before_the_anchor(self) -> None:
        assert value("Assad arrived in Moscow on Tuesday.", "Tuesday", WED) == "2023-03-14"

    def test_past_weekday_on_the_anchor_day_is_the_anchor(self) -> None:
        assert value("The Syrian president arrived in Moscow on Tuesday", "Tuesday", TUE) == "2023-03-14"

    def test_future_weekday_is_the_next_one(self) -> None:
        span = expr("Putin will hold talks on Wednesday with Assad.", "Wednesday", TUE)
        assert span.attrs.value == "2023-03-15"
        assert span.attrs.tense == "future"

    def test_later_weekday_is_the_anchor_day(self) -> None:
        text = "Putin will hold talks later Wednesday with Assad, the Kremlin announced Tuesday."
        assert value(text, "later Wednesday", WED) == "2023-03-15"
        assert value(text, "Tuesday", WED) == "2023-03-14"

    def test_last_weekday_is_strictly_before(self) -> None:
        assert value("They met last Friday.", "last Friday", dt.date(2023, 3, 17)) == "2023-03-10"

    def test_weekday_in_a_report_dated_a_week_later(self) -> None:
        assert value("The ministers met on Monday.", "Monday", SUN) == "2023-03-13"
        assert value("The ministers will meet on Monday.", "Monday", SUN) == "2023-03-20"

    def test_part_of_day_makes_a_time(self) -> None:
        span = expr("Shares fell on Friday morning.", "Friday morning", dt.date(2010, 7, 17))
        assert (span.label, span.attrs.value) == ("TIME", "2010-07-16TMO")


class TestWeekdayDatePairs:
    def test_matching_pair(self) -> None:
        span = expr("Talks are set for Wednesday, March 15, 2023.", "Wednesday, March 15, 2023")
        assert span.attrs.value == "2023-03-15"
        assert span.attrs.mismatch is False

    def test_mismatch_is_flagged(self) -> None:
        span = expr("Talks are set for Thursday, March 15, 2023.", "Thursday, March 15, 2023")
        assert span.attrs.value == "2023-03-15"
        assert span.attrs.mismatch is True

    def test_weekday_picks_the_year_of_a_yearless_date(self) -> None:
        text = "The summit is on Friday, December 29."
        assert value(text, "Friday, December 29", dt.date(2023, 1, 5)) == "2023-12-29"


class TestRelative:
    def test_relative_days(self) -> None:
        text = "Yesterday he left; today he speaks; tomorrow he flies."
        assert [s.attrs.value for s in spans(text)] == ["2023-03-14", "2023-03-15", "2023-03-16"]

    def test_weeks_and_months(self) -> None:
        span = expr("Talks resume next week.", "next week")
        assert (span.attrs.value, span.attrs.start, span.attrs.end) == (
            "2023-W12", "2023-03-20", "2023-03-26")
        assert value("Prices rose last month.", "last month") == "2023-02"
        assert value("Sales fell last year.", "last year") == "2022"

    def test_the_coming_days_is_a_future_range(self) -> None:
        span = expr("A visit may come in the coming days.", "the coming days")
        assert span.attrs.value == "FUTURE_REF"
        assert span.attrs.granularity == "range"
        assert span.attrs.start == "2023-03-16"
        assert span.attrs.end > span.attrs.start

    def test_early_mid_late(self) -> None:
        span = expr("Assad will visit Moscow in mid-March.", "mid-March", dt.date(2023, 3, 6))
        assert (span.attrs.value, span.attrs.mod) == ("2023-03", "MID")
        span = expr("It struck in early February.", "early February")
        assert (span.attrs.value, span.attrs.mod) == ("2023-02", "START")
        assert expr("Losses grew at the end of last year.", "the end of last year").attrs.value == "2022"

    def test_the_same_year_is_the_last_year_mentioned(self) -> None:
        text = ("His last visit was in September 2021, after the elections that took place in "
                "May of the same year.")
        assert value(text, "May of the same year", dt.date(2023, 3, 6)) == "2021-05"
        assert value("It happened in 2019. The same year, he resigned.", "The same year") == "2019"

    def test_offsets(self) -> None:
        assert value("The plant closed two years ago.", "two years ago") == "2021"
        text = "Delivery starts on June 1, 2011 and ends three days later."
        assert value(text, "three days later") == "2011-06-04"

    def test_vague_references(self) -> None:
        text = "Sales recently rose; they are currently strong and will grow in the future."
        assert [s.attrs.value for s in spans(text)] == ["PAST_REF", "PRESENT_REF", "FUTURE_REF"]

    def test_without_anchor_relative_values_are_none(self) -> None:
        text = "He arrived on Tuesday, March 14, 2023 and leaves on Friday."
        assert value(text, "Tuesday, March 14, 2023", None) == "2023-03-14"
        span = expr(text, "Friday", None)
        assert span.attrs.value is None
        assert span.attrs.granularity == "unknown"


class TestDurationsAndSets:
    def test_n_year_adjective_is_a_duration(self) -> None:
        text = "Wednesday's meeting marks the anniversary of Syria's 12-year uprising."
        span = expr(text, "12-year")
        assert (span.label, span.attrs.value) == ("DURATION", "P12Y")
        assert value(text, "Wednesday") == "2023-03-15"  # the possessive stays outside the span

    def test_durations(self) -> None:
        assert value("It took two days.", "two days") == "P2D"
        assert value("It lasted several years.", "several years") == "PXY"
        assert expr("The annual report is out.", "annual").label == "SET"

    def test_age_is_not_a_duration(self) -> None:
        assert [s.slice(t) for t in ["A 12-year-old boy was hurt."] for s in spans(t)] == []


class TestSentences:
    def test_sentence_attr_is_the_sentence_holding_the_expression(self) -> None:
        text = "First sentence here. Talks were held on Tuesday. Last one."
        span = expr(text, "Tuesday")
        start, end = span.attrs.sentence
        assert text[start:end].startswith("Talks were held")

    def test_given_sentences_are_used(self) -> None:
        text = "Talks were held on Tuesday"
        assert expr(text, "Tuesday", sents=[(0, len(text))]).attrs.sentence == (0, len(text))


class TestExampleCluster:
    @pytest.fixture
    def read(self) -> Any:
        if not EXAMPLE.is_dir():
            pytest.skip(f"example cluster not found at {EXAMPLE}")
        return lambda prefix: next(EXAMPLE.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")

    def test_002_arrived_on_tuesday(self, read: Any) -> None:
        text = read("002")
        assert value(text.split("\n")[0], "Tuesday", TUE) == "2023-03-14"

    def test_001_later_wednesday_and_announced_tuesday(self, read: Any) -> None:
        text = read("001")
        assert value(text, "later Wednesday", WED) == "2023-03-15"
        assert value(text, "Tuesday", WED) == "2023-03-14"

    def test_000_may_of_the_same_year(self, read: Any) -> None:
        assert value(read("000"), "May of the same year", dt.date(2023, 3, 6)) == "2021-05"

    def test_004_twelve_year_uprising(self, read: Any) -> None:
        assert expr(read("004"), "12-year", WED).label == "DURATION"


def test_doc_of_another_text_is_refused() -> None:
    class FakeDoc:
        text = "something else"

    with pytest.raises(ValueError, match="same text"):
        spans("Talks on Tuesday.", doc=FakeDoc())


def test_missing_rules_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_rules(tmp_path / "missing.toml")


@pytest.fixture(scope="module")
def nlp() -> Any:
    """The small English spaCy pipeline (skips where none is installed)."""
    from storydesk.backends.nlp import load_nlp
    from storydesk.errors import ModelError

    try:
        return load_nlp()
    except ModelError as err:
        pytest.skip(str(err))


@pytest.mark.integration
class TestWithSpacyDoc:
    def test_parse_decides_the_tense(self, nlp: Any) -> None:
        text = "Putin will hold talks later Wednesday with Assad, the Kremlin announced Tuesday."
        found = {s.slice(text): s.attrs for s in spans(text, WED, doc=nlp(text))}
        assert found["later Wednesday"].value == "2023-03-15"
        assert found["Tuesday"].value == "2023-03-14"
        assert found["Tuesday"].tense == "past"

    def test_modal_passive_is_future(self, nlp: Any) -> None:
        text = "Vladescu added that the contract may be signed on September 12."
        assert value(text, "September 12", dt.date(2007, 9, 8), doc=nlp(text)) == "2007-09-12"

    def test_entities_the_grammar_missed_are_kept_without_value(self, nlp: Any) -> None:
        text = "The plan runs over the 2010-11 season."
        doc = nlp(text)
        entity_spans = [s for s in spans(text, WED, doc=doc) if s.attrs.kind == "entity"]
        assert all(s.attrs.value is None for s in entity_spans)
