from __future__ import annotations

import numpy as np
import pytest

from storydesk.stages.summarize.settings import SummarySettings
from storydesk.stages.summarize.support import agrees, days_of, shares_words, supporters

from .conftest import day, number, unit

SETTINGS = SummarySettings()


def _with_number(text: str, surface: str, value: float | None, **kw) -> object:
    return unit("x", "x.com", text, numbers=(number(text, surface, value, **kw),))


@pytest.mark.parametrize(("claim", "other", "expected"), [
    (("2,012 people died in the quake.", "2,012", 2012.0, {}),
     ("More than 2,000 people died in the quake.", "2,000", 2000.0, {"approx": "more than"}), True),
    (("2,012 people died in the quake.", "2,012", 2012.0, {}),
     ("About 2,000 people died in the quake.", "2,000", 2000.0, {}), True),  # a round figure
    (("11,300 people died in the floods.", "11,300", 11300.0, {}),
     ("3,958 people died in the floods.", "3,958", 3958.0, {}), False),
    (("11,300 people died in the floods.", "11,300", 11300.0, {}),
     ("More than 5,300 people died in the floods.", "5,300", 5300.0, {"approx": "more than"}), False),
    (("10,100 people are missing.", "10,100", 10100.0, {}),
     ("About 10,000 people are missing.", "10,000", 10000.0, {"approx": "about"}), True),
    (("Thousands of people are missing.", "Thousands", None, {"approx": "vague", "low": 2000.0,
                                                              "high": 9999.0}),
     ("About 6,000 people are missing.", "6,000", 6000.0, {"approx": "about"}), True),
    (("Milei won 55.69% of the vote.", "55.69%", 55.69, {"label": "PERCENT"}),
     ("Milei won 55.8% of the vote.", "55.8%", 55.8, {"label": "PERCENT"}), False),
])
def test_numbers_must_fit(claim: tuple, other: tuple, expected: bool) -> None:
    a = _with_number(claim[0], claim[1], claim[2], **claim[3])
    b = _with_number(other[0], other[1], other[2], **other[3])
    assert agrees(a, b, SETTINGS) is expected


def test_numbers_of_another_kind_are_not_compared() -> None:
    a = _with_number("Milei won 56% of the vote.", "56%", 56.0, label="PERCENT")
    b = _with_number("Milei won by 3 million votes.", "3 million", 3e6)
    assert agrees(a, b, SETTINGS)


def test_a_supporter_may_say_less_but_not_more() -> None:
    both = "2,000 people died and 6,000 are missing."
    claim = unit("x", "x.com", both, numbers=(number(both, "2,000", 2000.0), number(both, "6,000", 6000.0)))
    fewer = _with_number("2,000 people died in Derna.", "2,000", 2000.0)
    other = _with_number("10,000 people are missing in Derna.", "10,000", 10000.0)
    assert agrees(claim, fewer, SETTINGS)
    assert not agrees(claim, other, SETTINGS)


def test_another_day_contradicts_but_an_untrusted_relative_day_is_ignored() -> None:
    text = "The dams broke on 11 September."
    claim = unit("x", "x.com", text, dates=(day(text, "11 September", "2023-09-11"),))
    other_text = "The dams broke on 12 September."
    other = unit("y", "y.com", other_text, dates=(day(other_text, "12 September", "2023-09-12"),))
    guessed_text = "The dams broke on Sunday."
    guessed = unit("y", "y.com", guessed_text, dates=(day(
        guessed_text, "Sunday", "2023-08-20", kind="weekday", anchor_relative=True,
        anchor_basis="inferred", anchor_confidence=0.4),))
    assert not agrees(claim, other, SETTINGS)
    assert days_of(guessed, SETTINGS.min_anchor_confidence) == frozenset()
    assert agrees(claim, guessed, SETTINGS)


def test_a_supporter_must_repeat_content_words_of_the_claim() -> None:
    claim = unit("x", "x.com", "In eastern Libya two dams collapsed after days of heavy rainfall.")
    assert shares_words(claim, unit("y", "y.com", "Two dams collapsed in the port city of Derna."), SETTINGS)
    assert not shares_words(claim, unit("y", "y.com", "Rescuers race against time in the city."), SETTINGS)


def test_supporters_are_one_per_other_article_best_first() -> None:
    line = "Storm Daniel broke two dams above the city and flooded its centre on Sunday night."
    units = [unit("a", "a.com", line), unit("b", "b.com", line), unit("b", "b.com", line, start=90),
             unit("c", "c.com", line), unit("a2", "a.com", line), unit("d", "d.com", line),
             unit("e", "e.com", "In her decision, the judge who heard the case wrote the following:")]
    similarity = np.array([[1.0, 0.8, 0.9, 0.72, 0.95, 0.1, 0.9]] * 7)
    found = supporters(0, units, similarity, SETTINGS)
    assert [(s.unit, s.similarity) for s in found] == [(2, 0.9), (3, 0.72)]
