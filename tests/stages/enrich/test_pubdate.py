"""Publication-date inference: the phenomena each feature stands for, on small texts."""

from __future__ import annotations

import datetime as dt
import re

from storydesk.stages.enrich.dates import prepare_dates, resolve_dates
from storydesk.stages.enrich.pubdate import Resolver, infer_publication_date, score_candidates
from storydesk.stages.enrich.pubdate_calibrate import calibrate, fit_calibration
from storydesk.stages.enrich.pubdate_features import Evidence, features
from storydesk.stages.enrich.pubdate_rules import pubdate_rules
from storydesk.stages.enrich.pubdate_tense import clause_tense
from storydesk.stages.enrich.settings import DateSettings, PubDateSettings
from storydesk.stages.ingest.dates import opening_date

SETTINGS = PubDateSettings()


def _resolver(text: str) -> Resolver:
    prepared = prepare_dates(text, settings=DateSettings())
    return lambda anchor: resolve_dates(prepared, anchor, DateSettings())


def _evidence(text: str, related: dict[dt.date, float] | None = None) -> Evidence:
    return Evidence(text=text, related=related or {}, head=opening_date(text, chars=400), evidence_days=7,
                    rules=pubdate_rules())


def _best(text: str, related: dict[dt.date, float] | None = None) -> dt.date:
    best = score_candidates(_resolver(text), _evidence(text, related), SETTINGS, pubdate_rules().weights)[0]
    return best.day


def test_a_past_weekday_is_the_latest_such_day_on_or_before_the_day() -> None:
    text = "The quake struck on September 8, 2023. Rescuers said on Saturday that the toll had risen."
    spans = _resolver(text)(dt.date(2023, 9, 10))
    values = features(spans, dt.date(2023, 9, 10), _evidence(text))
    assert values["weekday_gap_1"] == 1.0  # Saturday 9 September, one day before Sunday the 10th


def test_a_report_follows_its_dated_event() -> None:
    assert _best("The court ruled on July 11, 2023 that the merger may go ahead.") in (
        dt.date(2023, 7, 11), dt.date(2023, 7, 12))


def test_a_background_date_is_not_the_publication_day() -> None:
    text = ("The war began on February 24, 2022. On Tuesday the leaders met in Vilnius, "
            "a summit that opened on July 11, 2023.")
    assert _best(text) >= dt.date(2023, 7, 11)


def test_yesterday_agreeing_with_a_related_articles_day_picks_the_week() -> None:
    text = "The rocket exploded yesterday over the Gulf, the company said."
    related = {dt.date(2023, 4, 20): 2.0}
    assert _best(text, related) == dt.date(2023, 4, 21)


def test_the_opening_byline_date_wins() -> None:
    assert _best("By A. Writer (July 11, 2023, 4:20 PM BST) -- A judge refused on Tuesday to block it.") \
        == dt.date(2023, 7, 11)


def test_no_cue_at_all_is_unknown() -> None:
    text = "A lovely day for a walk."
    published = infer_publication_date(_resolver(text), _evidence(text), SETTINGS)
    assert published.basis == "unknown" and published.value is None


def test_the_calibration_is_monotone_and_shrunk() -> None:
    table = fit_calibration([(0.1, False), (0.2, False), (0.5, True), (0.6, False), (0.9, True),
                             (0.95, True)])
    probabilities = [calibrate(x, table) for x in (0.0, 0.3, 0.55, 0.9, 1.0)]
    assert probabilities == sorted(probabilities)
    assert calibrate(1.0, table) < 1.0  # two right answers are no certainty


def test_opening_dates_in_byline_forms() -> None:
    assert opening_date("Jul. 27, 2024 | PARIS", chars=400) == dt.date(2024, 7, 27)
    assert opening_date("22 Jun 2023\n\nTitanic sub", chars=400) == dt.date(2023, 6, 22)
    assert opening_date("09/19/2024 01:14", chars=400) == dt.date(2024, 9, 19)
    assert opening_date("x" * 500 + "July 11, 2023", chars=400) is None


def test_the_clause_decides_an_events_tense() -> None:
    cues = pubdate_rules().tense
    text = ("He will be welcomed by Putin on Wednesday. Putin is set to host him on Wednesday, March 15, "
            "2023. He arrived in Moscow on Tuesday. Putin will hold talks, the Kremlin announced Tuesday.")
    starts = [m.start() for m in re.finditer(r"\b(Wednesday|Tuesday)\b", text)]
    tenses = [clause_tense(text, text.rfind(".", 0, at) + 1, at, cues) for at in starts]
    assert tenses == ["future", "future", "past", "past"]


def test_an_announced_event_lies_after_the_day_it_is_written_on() -> None:
    text = ("Assad arrived in Moscow on Tuesday, March 14, 2023. Putin is set to host him for talks on "
            "Wednesday, March 15, 2023, and will welcome him on Wednesday.")
    evidence = _evidence(text)
    eve = features(_resolver(text)(dt.date(2023, 3, 14)), dt.date(2023, 3, 14), evidence)
    day = features(_resolver(text)(dt.date(2023, 3, 15)), dt.date(2023, 3, 15), evidence)
    assert eve["announced_next_day"] == 2.0 and eve["announced_today"] == 0.0
    assert day["announced_today"] == 2.0 and day["head_date"] == 0.0  # the opening's date is the talks'
    assert _best(text) == dt.date(2023, 3, 14)
