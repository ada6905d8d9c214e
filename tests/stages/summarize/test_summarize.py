from __future__ import annotations

import numpy as np
import pytest

from storydesk.errors import ConfigError
from storydesk.stages.summarize.settings import SummarySettings
from storydesk.stages.summarize.summary import Scored, centrality, redundant, summarize
from storydesk.stages.summarize.support import Supporter

from .conftest import articles_for, day, name, number, unit, units_of

CLAIM = "Floodwaters from two burst dams killed 300 people in Derna on Monday, officials said."
ECHO = "Officials in Derna said 300 people died when floodwaters from two dams swept the city."
ALSO = "The collapse of two dams above Derna sent floodwaters through the city, killing 300 people."
OTHER = "Floodwaters from two burst dams killed 500 people in Derna on Monday, a local official said."
ASIDE = "Aid agencies in Benghazi began sending tents, food and medicine to families without homes."


def _named(article: str, outlet: str, text: str, **layers) -> object:
    return unit(article, outlet, text, entities=(name(text, "Derna"),), **layers)


def test_centrality_favours_the_sentence_other_outlets_echo() -> None:
    similarity = np.array([[1.0, 0.8, 0.8, 0.8], [0.8, 1.0, 0.0, 0.0],
                           [0.8, 0.0, 1.0, 0.0], [0.8, 0.0, 0.0, 1.0]])
    scores = centrality(similarity, ["a", "b", "c", "d"], SummarySettings())
    assert scores[0] == pytest.approx(1.0)
    assert all(scores[i] < scores[0] for i in (1, 2, 3))


def test_links_inside_one_outlet_add_no_centrality() -> None:
    similarity = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])
    scores = centrality(similarity, ["a", "a", "b"], SummarySettings())
    assert scores == pytest.approx([1.0, 1.0, 1.0])


def test_the_echoed_sentence_wins_over_an_aside() -> None:
    units = [_named("a1", "a.com", CLAIM), _named("b1", "b.com", ECHO), _named("c1", "c.com", ALSO),
             unit("d1", "d.com", ASIDE)]
    story = units_of(units, [[1, 0.1, 0, 0], [1, 0, 0.1, 0], [1, 0.1, 0.1, 0], [0.3, 0, 0, 1]])
    summary = summarize(articles_for(units), story, SummarySettings(sentences=1))
    assert len(summary) == 1 and summary[0].text != ASIDE


def test_near_duplicates_are_not_both_chosen() -> None:
    twin = "Hundreds perished overnight as water from failed reservoirs tore through the eastern port."
    units = [unit("a1", "a.com", CLAIM), unit("b1", "b.com", twin), unit("c1", "c.com", ASIDE)]
    story = units_of(units, [[1, 0.01, 0], [1, 0, 0.01], [0.1, 0, 1]])
    summary = summarize(articles_for(units), story, SummarySettings(sentences=2))
    assert len(summary) == 2
    assert ASIDE in {s.text for s in summary}


def test_sentences_with_mostly_the_same_words_are_redundant_whatever_their_vectors() -> None:
    twin = "Floodwaters from two burst dams killed 300 people in Derna on Monday, officials said today."
    cores = [unit("a1", "a.com", CLAIM), unit("b1", "b.com", twin), unit("c1", "c.com", ASIDE)]
    similarity = np.eye(3)
    first, second, third = (Scored(index=i, score=1.0, support=()) for i in range(3))
    assert redundant(first, second, cores, similarity, SummarySettings())
    assert not redundant(first, third, cores, similarity, SummarySettings())


def test_sentences_backed_by_the_same_sentences_are_redundant() -> None:
    cores = [unit("a1", "a.com", CLAIM), unit("b1", "b.com", ASIDE), unit("c1", "c.com", ECHO)]
    backed = (Supporter(unit=2, similarity=0.7),)
    a, b = Scored(index=0, score=1.0, support=backed), Scored(index=1, score=1.0, support=backed)
    assert redundant(a, b, cores, np.eye(3), SummarySettings())


def test_every_supporting_outlet_is_cited_and_a_contradicting_number_is_not() -> None:
    units = [_named("a1", "a.com", CLAIM, numbers=(number(CLAIM, "300", 300),)),
             _named("b1", "b.com", ECHO, numbers=(number(ECHO, "300", 300),)),
             _named("c1", "c.com", ALSO, numbers=(number(ALSO, "300", 300),)),
             _named("d1", "d.com", OTHER, numbers=(number(OTHER, "500", 500),)),
             unit("e1", "e.com", ASIDE)]
    story = units_of(units, [[1, 0.05, 0, 0], [1, 0, 0.05, 0], [1, 0.05, 0.05, 0], [1, 0, 0, 0.05],
                             [0.3, 0, 0, 1]])
    summary = summarize(articles_for(units), story, SummarySettings(sentences=1))
    top = summary[0]
    assert set(top.outlets) == {"a.com", "b.com", "c.com"}
    assert len(top.citations) == 3
    own = next(u for u in units if u.text == top.text)
    assert (top.citations[0].article, top.citations[0].start, top.citations[0].end) == (
        own.article, own.start, own.end)
    assert "d1" not in {c.article for c in top.citations}


def _distinct_units() -> list:
    texts = ["Rescue teams from Turkey reached the eastern port on Tuesday with boats and divers.",
             "The United Nations appealed for seventy million dollars to fund emergency relief work.",
             "Meteorologists said the storm had formed over the Ionian Sea a week before landfall.",
             "Local doctors warned that contaminated water could spread cholera among survivors.",
             "Engineers had reported cracks in both dams many years before the disaster struck."]
    return [unit(f"a{i}", f"o{i}.com", t) for i, t in enumerate(texts)]


@pytest.mark.parametrize("count", [1, 2, 4])
def test_the_length_setting_is_the_number_of_sentences(count: int) -> None:
    units = _distinct_units()
    story = units_of(units, np.eye(len(units)) + 0.3)
    assert len(summarize(articles_for(units), story, SummarySettings(sentences=count))) == count


def test_the_length_must_be_positive() -> None:
    with pytest.raises(ConfigError):
        SummarySettings(sentences=0)


def test_sentences_are_ordered_by_event_day() -> None:
    late = "Rescue teams from Turkey reached the eastern port of Derna on 12 September with divers."
    early = "Storm Daniel struck the eastern coast of Libya on 10 September, officials in Derna said."
    units = [unit("a1", "a.com", late, dates=(day(late, "12 September", "2023-09-12"),)),
             unit("b1", "b.com", early, dates=(day(early, "10 September", "2023-09-10"),))]
    story = units_of(units, [[1, 0.2], [0.2, 1]])
    summary = summarize(articles_for(units), story, SummarySettings(sentences=2))
    assert [s.text for s in summary] == [early, late]


def test_an_empty_story_has_an_empty_summary() -> None:
    from storydesk.stages.compare.units import StoryUnits

    assert summarize([], StoryUnits(), SummarySettings()) == ()


def test_sentences_in_another_language_are_left_out() -> None:
    italian = "Il candidato della destra ha vinto il ballottaggio con il voto di tanti elettori del paese."
    units = [unit("a1", "a.com", italian), *_distinct_units()[:2]]
    story = units_of(units, [[1, 0, 0], [0.5, 1, 0], [0.5, 0, 1]])
    summary = summarize(articles_for(units), story, SummarySettings(sentences=3))
    assert italian not in {s.text for s in summary}
