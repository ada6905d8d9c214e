"""The story timeline: dated candidates, same-event merging across outlets, background, order."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storydesk.errors import ConfigError
from storydesk.model import Article, Provenance, PublicationDate, Span, Story
from storydesk.model.layers import DateAttrs, NumberAttrs, QuoteAttrs
from storydesk.stages.compare.settings import TimelineSettings
from storydesk.stages.compare.timeline import build_timeline
from storydesk.stages.compare.timeline_events import average_linkage, event_candidates
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

SETTINGS = TimelineSettings()
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "assad-moscow-2023"
HEADER = PublicationDate(value="2023-03-15", granularity="day", basis="header", confidence=0.95)
GUESSED = PublicationDate(value="2023-03-14", granularity="day", basis="inferred", confidence=0.4)
STORY = Story(id="s1", headline="visit", articles=("a", "b", "c"), start="2023-03-06", end="2023-03-15",
              provenance=Provenance(stage="cluster", version="v1"))

_DAY_SPANS = {"day": ("{v}", "{v}"), "month": ("{v}-01", "{v}-28"), "year": ("{v}-01-01", "{v}-12-31")}


def date_span(text: str, phrase: str, value: str, *, granularity: str = "day", kind: str = "full_date",
              relative: bool = False, **attrs: Any) -> Span:
    """A dates-layer span over ``phrase`` in ``text``, as the dates stage writes it."""
    at = text.index(phrase)
    first, last = (f.format(v=value) for f in _DAY_SPANS[granularity])
    return Span(start=at, end=at + len(phrase), label="DATE",
                attrs=DateAttrs(**{"value": value, "granularity": granularity, "kind": kind, "tense": "past",
                                   "start": first, "end": last, "anchor_relative": relative, **attrs}))


@dataclasses.dataclass
class Sentence:
    """One test sentence: its article, text, embedding direction and spans."""

    article: str
    text: str
    vector: Sequence[float]
    dates: tuple[Span, ...] = ()
    quotes: tuple[Span, ...] = ()
    entities: tuple[Span, ...] = ()
    numbers: tuple[Span, ...] = ()


def story_data(sentences: Sequence[Sentence], published: dict[str, PublicationDate] | None = None,
               ) -> tuple[list[Article], StoryUnits]:
    """Articles (one per id, sentences joined by a space) and their units with the given vectors."""
    texts: dict[str, str] = {}
    units = []
    for index, s in enumerate(sentences):
        offset = len(texts.get(s.article, "")) + (1 if s.article in texts else 0)
        texts[s.article] = f"{texts[s.article]} {s.text}" if s.article in texts else s.text

        def shift(spans: tuple[Span, ...], by: int = offset) -> tuple[Span, ...]:
            return tuple(dataclasses.replace(sp, start=sp.start + by, end=sp.end + by) for sp in spans)

        units.append(SentenceUnit(article=s.article, outlet=f"{s.article}.example", index=index,
                                  start=offset, end=offset + len(s.text), text=s.text, dates=shift(s.dates),
                                  quotes=shift(s.quotes), entities=shift(s.entities),
                                  numbers=shift(s.numbers)))
    vectors = np.array([s.vector for s in sentences], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    articles = [Article(id=aid, ref=f"{aid}.txt", source=f"{aid}.txt", format="text", raw=t, text=t,
                        outlet=f"{aid}.example", published=(published or {}).get(aid, HEADER))
                for aid, t in texts.items()]
    return articles, StoryUnits(units=tuple(units), vectors=vectors)


def sentence(article: str, text: str, phrase: str, value: str, vector: Sequence[float],
             **kw: Any) -> Sentence:
    return Sentence(article=article, text=text, vector=vector, dates=(date_span(text, phrase, value, **kw),))


def timeline(sentences: Sequence[Sentence], **kw: Any) -> tuple[Any, ...]:
    articles, units = story_data(sentences, kw.pop("published", None))
    return build_timeline(kw.pop("story", STORY), articles, units, dataclasses.replace(SETTINGS, **kw))


ARRIVAL = [1.0, 0.0, 0.0, 0.0]
TALKS = [0.0, 1.0, 0.0, 0.0]
QUAKE = [0.0, 0.0, 1.0, 0.0]
OTHER = [0.0, 0.0, 0.0, 1.0]


def arrival(article: str) -> Sentence:
    return sentence(article, "Assad arrived in Moscow on March 14, 2023.", "March 14, 2023", "2023-03-14",
                    ARRIVAL)


def talks(article: str) -> Sentence:
    return sentence(article, "Putin hosts Assad for talks on March 15, 2023.", "March 15, 2023", "2023-03-15",
                    TALKS)


def test_one_event_reported_by_three_outlets_is_one_item_citing_all() -> None:
    items = timeline([
        arrival("a"),
        sentence("b", "The Syrian president arrived in Moscow on 14 March.", "14 March", "2023-03-14",
                 [0.95, 0.1, 0, 0]),
        sentence("c", "Assad landed at Vnukovo airport on March 14.", "March 14", "2023-03-14",
                 [0.9, 0, 0.2, 0]),
    ])
    assert len(items) == 1
    item = items[0]
    assert (item.date, item.granularity) == ("2023-03-14", "day")
    assert {c.article for c in item.citations} == {"a", "b", "c"}
    assert item.outlets == ("a.example", "b.example", "c.example")
    assert item.provenance.stage == "compare" and item.provenance.version == "v1"
    assert item.provenance.citations == item.citations and item.id.startswith("tl-")


def test_citations_point_at_the_sentence() -> None:
    articles, units = story_data([
        Sentence(article="a", text="Some opening sentence without any date at all.", vector=OTHER),
        sentence("a", "Assad arrived in Moscow on March 14, 2023.", "March 14, 2023", "2023-03-14", ARRIVAL)])
    (item,) = build_timeline(STORY, articles, units, SETTINGS)
    (cite,) = item.citations
    assert articles[0].text[cite.start:cite.end] == "Assad arrived in Moscow on March 14, 2023." == item.text


def test_different_events_on_one_day_stay_apart() -> None:
    items = timeline([
        arrival("a"),
        sentence("b", "Deputy ministers met in Astana on March 14, 2023.", "March 14, 2023", "2023-03-14",
                 OTHER),
    ])
    assert len(items) == 2 and all(len(i.citations) == 1 for i in items)


def test_same_words_on_different_dates_stay_apart() -> None:
    items = timeline([
        arrival("a"),
        sentence("b", "Assad arrived in Moscow on March 17, 2023.", "March 17, 2023", "2023-03-17", ARRIVAL),
    ])
    assert [i.date for i in items] == ["2023-03-14", "2023-03-17"]


def test_durations_references_and_clock_times_make_no_items() -> None:
    text = "The war has lasted 12 years and recently got worse, at 10 pm."
    spans = (Span(start=text.index("12 years"), end=text.index("12 years") + 8, label="DURATION",
                  attrs=DateAttrs(value="P12Y", granularity="duration", kind="duration")),
             Span(start=text.index("recently"), end=text.index("recently") + 8, label="DATE",
                  attrs=DateAttrs(value="PAST_REF", granularity="ref", kind="reference")),
             Span(start=text.index("10 pm"), end=text.index("10 pm") + 5, label="TIME",
                  attrs=DateAttrs(value="2023-03-15T22:00", granularity="time", kind="time",
                                  start="2023-03-15", end="2023-03-15", anchor_relative=True)))
    assert timeline([Sentence(article="a", text=text, vector=OTHER, dates=spans)]) == ()


def test_a_year_inside_a_name_is_not_an_event_date() -> None:
    text = "Spain beat England in the Euro 2024 final in Berlin."
    assert timeline([sentence("a", text, "2024", "2024", OTHER, granularity="year", kind="year")]) == ()


def test_the_date_of_the_reported_content_beats_the_reporting_date() -> None:
    text = "Putin will hold talks later Wednesday with Assad, the Kremlin announced Tuesday."
    content = Span(start=0, end=text.index(", the Kremlin"), label="QUOTE",
                   attrs=QuoteAttrs(speaker="Kremlin"))
    s = Sentence(article="a", text=text, vector=TALKS, quotes=(content,),
                 dates=(date_span(text, "later Wednesday", "2023-03-15", kind="weekday", relative=True),
                        date_span(text, "Tuesday", "2023-03-14", kind="weekday", relative=True)))
    (item,) = timeline([s])
    assert item.date == "2023-03-15"


def test_weekday_on_a_guessed_anchor_needs_a_trusted_report_of_the_event() -> None:
    alone = sentence("b", "The Syrian president arrived in Moscow on Tuesday.", "Tuesday", "2023-03-14",
                     [0.95, 0.1, 0, 0], kind="weekday", relative=True, anchor_confidence=0.4)
    backed = arrival("a")
    published = {"b": GUESSED}
    assert timeline([alone], published=published) == ()
    (item,) = timeline([backed, alone], published=published)
    assert {c.article for c in item.citations} == {"a", "b"}


def test_weekday_moves_to_the_week_another_outlet_reports() -> None:
    # "on Wednesday" read as last week's (tense guessed wrong); the other outlet dates the talks.
    wrong = sentence("b", "Assad will be welcomed by Putin on Wednesday for talks.", "Wednesday",
                     "2023-03-08", [0.1, 0.95, 0, 0], kind="weekday", relative=True)
    right = talks("a")
    (item,) = timeline([right, wrong])
    assert item.date == "2023-03-15" and {c.article for c in item.citations} == {"a", "b"}
    (alone,) = timeline([wrong])
    assert alone.date == "2023-03-08"


def test_weekday_on_a_guessed_anchor_is_placed_within_the_story_days() -> None:
    story = dataclasses.replace(STORY, start="2023-09-09", end="2023-09-10")
    guessed = PublicationDate(value="2023-08-20", granularity="day", basis="inferred", confidence=0.4)
    quake = sentence("a", "The quake hit late on Friday.", "Friday", "2023-08-18", QUAKE, kind="weekday",
                     relative=True, anchor_confidence=0.4)
    (item,) = timeline([quake], published={"a": guessed}, story=story)
    assert item.date == "2023-09-08"


def test_datelines_and_time_stamps_are_no_events() -> None:
    stamp = "Published 5:05 pm Thursday, March 16, 2023"
    assert timeline([sentence("a", stamp, "March 16, 2023", "2023-03-16", OTHER)]) == ()


def test_weekday_counted_from_another_mentioned_date_moves_to_the_story_days() -> None:
    text = "England will face Spain in Sunday's EURO 2024 final."
    sunday = sentence("a", text, "Sunday", "2024-01-07", TALKS, kind="weekday", relative=True, tense="future")
    story = dataclasses.replace(STORY, start="2024-07-10", end="2024-07-11")
    published = {"a": PublicationDate(value="2024-07-11", granularity="day", basis="header", confidence=0.95)}
    (item,) = timeline([sunday], story=story, published=published)
    assert item.date == "2024-07-14"


def test_background_is_well_outside_the_story_days() -> None:
    items = timeline([
        sentence("a", "Assad last visited Moscow in September 2021.", "September 2021", "2021-09", OTHER,
                 granularity="month", kind="month_year"),
        sentence("a", "The earthquake struck on February 6, 2023.", "February 6, 2023", "2023-02-06", QUAKE),
        arrival("a"),
        sentence("a", "Talks between ministers continue on March 20, 2023.", "March 20, 2023",
                 "2023-03-20", TALKS),
    ])
    assert [(i.date, i.background) for i in items] == [
        ("2021-09", True), ("2023-02-06", True), ("2023-03-14", False), ("2023-03-20", False)]


def test_items_sorted_by_date_finer_first_within_one_start() -> None:
    items = timeline([
        sentence("a", "In 2022 the talks began in earnest.", "2022", "2022", OTHER, granularity="year",
                 kind="year"),
        sentence("a", "A meeting was held on March 1, 2023 in Moscow.", "March 1, 2023", "2023-03-01", TALKS),
        sentence("a", "Assad is to visit Moscow in March 2023, sources say.", "March 2023", "2023-03",
                 ARRIVAL, granularity="month", kind="month_year", tense="future"),
        sentence("a", "The quake came in February 2023 and killed thousands.", "February 2023", "2023-02",
                 QUAKE, granularity="month", kind="month_year"),
    ])
    assert [(i.date, i.granularity) for i in items] == [
        ("2022", "year"), ("2023-02", "month"), ("2023-03-01", "day"), ("2023-03", "month")]


def test_a_month_mention_joins_the_day_only_for_the_same_event_and_tense() -> None:
    day = arrival("a")
    month = sentence("b", "Assad arrived in Moscow in March 2023.", "March 2023", "2023-03", ARRIVAL,
                     granularity="month", kind="month_year")
    planned = sentence("b", "Assad will arrive in Moscow in March 2023.", "March 2023", "2023-03", ARRIVAL,
                       granularity="month", kind="month_year", tense="future")
    (joined,) = timeline([day, month])
    assert joined.date == "2023-03-14" and {c.article for c in joined.citations} == {"a", "b"}
    assert [i.date for i in timeline([day, planned])] == ["2023-03", "2023-03-14"]


def test_a_sentence_across_a_line_break_is_cited_by_the_dated_line() -> None:
    text = "Assad arrives in Moscow\n\nHe arrived in Moscow on March 14, 2023 for talks."
    (item,) = timeline([sentence("a", text, "March 14, 2023", "2023-03-14", ARRIVAL)])
    assert item.text == "He arrived in Moscow on March 14, 2023 for talks."
    assert item.citations[0].start == text.index("He arrived")


def test_ids_are_stable_and_differ_per_item() -> None:
    sents = [arrival("a"), talks("b")]
    first, again = timeline(sents), timeline(sents)
    assert [i.id for i in first] == [i.id for i in again]
    assert len({i.id for i in first}) == 2


def test_no_dates_no_items() -> None:
    undated = Sentence(article="a", text="Nothing dated is said in this sentence.", vector=OTHER)
    assert timeline([undated]) == ()
    assert build_timeline(STORY, [], StoryUnits(), SETTINGS) == ()


def test_low_anchor_confidence_is_ignored() -> None:
    s = sentence("a", "Assad arrived in Moscow on Tuesday.", "Tuesday", "2023-03-14", ARRIVAL, kind="weekday",
                 relative=True, anchor_confidence=0.1)
    articles, units = story_data([s])
    assert event_candidates(units, articles, SETTINGS) == []


def test_settings_take_toml_lists_and_refuse_bad_values() -> None:
    from storydesk.config import Config

    loaded = Config({"compare": {"timeline": {"ignored_kinds": ["time"]}}}).settings(TimelineSettings,
                                                                                     "compare.timeline")
    assert loaded.ignored_kinds == ("time",)
    with pytest.raises(ConfigError):
        TimelineSettings(min_anchor_confidence=0.8, trusted_anchor_confidence=0.6)
    with pytest.raises(ConfigError):
        TimelineSettings(stem_chars=0)
    with pytest.raises(ConfigError):
        TimelineSettings(support_cosine=1.5)


@pytest.mark.parametrize(("threshold", "groups"),
                         [(0.9, [[0, 1], [2]]), (0.1, [[0, 1, 2]]), (1.5, [[0], [1], [2]])])
def test_average_linkage(threshold: float, groups: list[list[int]]) -> None:
    sim = np.array([[1.0, 0.95, 0.2], [0.95, 1.0, 0.3], [0.2, 0.3, 1.0]])
    assert average_linkage(sim, threshold) == groups


def undated(article: str, text: str, vector: Sequence[float], **kw: Any) -> Sentence:
    return Sentence(article=article, text=text, vector=vector, **kw)


def toll(text: str, value: int) -> tuple[Span, ...]:
    at = text.index(f"{value:,}")
    return (Span(start=at, end=at + len(f"{value:,}"), label="CARDINAL",
                 attrs=NumberAttrs(value=value, unit="people", approx="exact")),)


def test_an_undated_report_of_the_same_news_supports_the_item() -> None:
    same = undated("b", "The Syrian leader landed in the Russian capital for a visit.", [0.9, 0.1, 0.05, 0])
    (item,) = timeline([arrival("a"), talks("a"), same])[:1]
    assert {c.article for c in item.citations} == {"a", "b"} and item.outlets == ("a.example", "b.example")
    assert item.text == "Assad arrived in Moscow on March 14, 2023."
    cite = next(c for c in item.citations if c.article == "b")
    assert (cite.start, cite.end) == (0, len(same.text))


def test_undated_support_goes_to_the_best_item_only_once_per_article() -> None:
    items = timeline([arrival("a"), talks("a"),
                      undated("b", "Assad flew into Moscow to see the Russian leader.", [0.8, 0.3, 0, 0]),
                      undated("b", "Assad's plane touched down in Moscow with his delegation.",
                              [0.95, 0.1, 0, 0])])
    arrived, talked = items
    assert [c.article for c in arrived.citations].count("b") == 1 and talked.outlets == ("a.example",)
    cite = next(c for c in arrived.citations if c.article == "b")
    assert cite.start > 0  # the closer of the two sentences


def test_undated_support_needs_a_near_paraphrase_and_no_conflicting_date_or_figure() -> None:
    loose = undated("b", "Syria and Russia have had close ties for decades now.", [0.6, 0, 0, 0.8])
    other_day = sentence("c", "Assad flew to Moscow on March 20, 2023 as well.", "March 20, 2023",
                         "2023-03-20", ARRIVAL)
    text_a = "The quake on February 6, 2023 killed 5,000 people in Syria."
    quake_a = Sentence(article="a", text=text_a, vector=QUAKE, numbers=toll(text_a, 5000),
                       dates=(date_span(text_a, "February 6, 2023", "2023-02-06"),))
    text_b = "The earthquake in Syria killed 9,000 people, officials said."
    quake_b = undated("b", text_b, [0, 0, 0.95, 0.1], numbers=toll(text_b, 9000))
    assert all(len(i.outlets) == 1 for i in timeline([arrival("a"), loose, other_day]))
    story = dataclasses.replace(STORY, start="2023-02-06", end="2023-02-08")
    (quake,) = timeline([quake_a, quake_b], story=story)
    assert not quake.background and quake.outlets == ("a.example",)
    agreeing = dataclasses.replace(quake_b, text=text_b.replace("9,000", "5,000"),
                                   numbers=toll(text_b.replace("9,000", "5,000"), 5000))
    (backed,) = timeline([quake_a, agreeing], story=story)
    assert backed.outlets == ("a.example", "b.example")


def test_background_and_single_outlet_stories_get_no_undated_support() -> None:
    prior = sentence("a", "Assad last visited Moscow in September 2021.", "September 2021", "2021-09", OTHER,
                     granularity="month", kind="month_year")
    echo = undated("b", "The Syrian president went to Moscow on an earlier visit.", [0, 0, 0.1, 0.95])
    (item,) = timeline([prior, echo])
    assert item.background and item.outlets == ("a.example",)
    articles, units = story_data([arrival("a"), undated("a", "He landed in Moscow for a visit.", ARRIVAL)])
    flat = dataclasses.replace(units, vectors=np.zeros_like(units.vectors), embedded=False)
    (alone,) = build_timeline(STORY, articles, flat, SETTINGS)
    assert len(alone.citations) == 1


@functools.cache
def analysed_example() -> tuple[Story, tuple[Article, ...]]:
    """The bundled five-report example through the real analyze pipeline: its one story and articles."""
    from storydesk import api
    from storydesk.config import load_config
    from storydesk.pipeline import build_pipeline

    config = load_config()
    raw = api.read([str(p) for p in sorted(EXAMPLE.glob("*.txt"))], config=config)
    corpus = build_pipeline(config).run(raw, phases=("documents", "corpus"))
    (story,) = corpus.stories
    by_id = corpus.by_id()
    return story, tuple(by_id[a] for a in story.articles)


@pytest.fixture(scope="module")
def example_timeline() -> tuple[tuple[Any, ...], dict[str, str]]:
    from storydesk.backends.embedder import load_embedder
    from storydesk.stages.compare.units import story_units

    story, articles = analysed_example()
    units = story_units(articles, load_embedder())
    return build_timeline(story, articles, units, SETTINGS), {a.id: a.ref[:3] for a in articles}


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.parametrize(("date", "refs", "background"), [
    ("2021-09", {"000", "001", "002", "004"}, True),   # Assad's previous visit
    ("2022-12", {"001", "002", "004"}, True),          # the defence ministers' meeting in Moscow
    ("2023-02-06", {"001", "002", "004"}, True),       # the earthquake
    ("2023-03-14", {"001", "002", "004"}, False),      # the arrival in Moscow
    ("2023-03-15", {"001", "002", "004"}, False),      # the talks in the Kremlin
])
def test_example_events_are_one_item_each_citing_every_report(example_timeline, date: str, refs: set[str],
                                                              background: bool) -> None:
    items, ref_of = example_timeline
    (item,) = [i for i in items if i.date == date and len(i.outlets) > 1]  # one item, not one per outlet
    assert {ref_of[c.article] for c in item.citations} == refs
    assert len(item.outlets) == len(refs) and item.background is background


@pytest.mark.slow
@pytest.mark.integration
def test_example_timeline_is_in_date_order(example_timeline) -> None:
    items, _ = example_timeline
    firsts = [i.date if i.granularity == "day" else i.date + "-01" * (1 if i.granularity == "month" else 2)
              for i in items]
    assert firsts == sorted(firsts)
