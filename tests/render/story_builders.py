"""A hand-built story report over two small articles, for renderer tests (no models, no pipeline)."""

from __future__ import annotations

from tests.conftest import build_article

from storydesk.api import build_report
from storydesk.config import Config
from storydesk.model import (
    Article,
    Citation,
    Comparison,
    Corpus,
    Coverage,
    Entity,
    Fact,
    Provenance,
    QuoteGroup,
    QuoteVariant,
    Removed,
    Report,
    SlotComparison,
    SlotValue,
    Story,
    StoryReport,
    SummarySentence,
    TimelineItem,
    UniqueFact,
)

PROV = Provenance(stage="test", version="v1")
TEXT_A = ("Putin met Assad in Moscow on 15 March 2023. About 50,000 people died in the earthquake. "
          "“We will deepen cooperation in the political and economic spheres,” Peskov said. 😀 Emoji.")
TEXT_B = ("Assad arrived at Vnukova airport on Tuesday. Tens of thousands died in the quake. "
          "Peskov said talks would cover “political and economic fields”.")


def _cite(article: Article, needle: str) -> Citation:
    start = article.text.index(needle)
    return Citation(article=article.id, start=start, end=start + len(needle))


def _articles() -> tuple[Article, Article]:
    a = build_article(TEXT_A, source="in/alpha.txt", outlet="alpha.example").evolve(
        text=TEXT_A, removed=(Removed(start=0, end=4, text="Share this <b>", reason="share-buttons"),))
    b = build_article(TEXT_B, source="in/beta.txt").evolve(text=TEXT_B)
    return a, b


def story_report_fixture(a: Article, b: Article) -> StoryReport:
    """A report touching every part of the model, with real offsets into the two texts."""
    died_a, died_b = _cite(a, "About 50,000 people died"), _cite(b, "Tens of thousands died")
    tolls = (SlotValue(text="About 50,000", value="[45000, 55000]", citations=(died_a,),
                       outlets=("alpha",)),
             SlotValue(text="Tens of thousands", value="[20000, 99999]", citations=(died_b,),
                       outlets=("beta",)))
    quote_a = _cite(a, "We will deepen cooperation in the political and economic spheres")
    quote_b = _cite(b, "political and economic fields")
    fact = Fact(id="f1", text="Tens of thousands died in the quake.", citations=(died_a, died_b),
                outlets=("alpha.example", "beta"), provenance=PROV)
    arrived = _cite(b, "Assad arrived at Vnukova airport on Tuesday.")
    unique = UniqueFact(id="u1", outlet="beta", text="Assad arrived at Vnukova airport on Tuesday.",
                        citations=(arrived,), provenance=PROV)
    return StoryReport(
        story="story-1",
        entities=(Entity(id="e1", name="Bashar al-Assad", type="PERSON", aliases=("Assad",),
                         type_votes={"PERSON": 2, "ORG": 1}, mentions=(_cite(a, "Assad"), _cite(b, "Assad")),
                         outlets=("alpha.example", "beta"), provenance=PROV),),
        timeline=(TimelineItem(id="t0", date="2011", granularity="year", text="The war began.",
                               citations=(died_a,), outlets=("alpha.example",), background=True,
                               provenance=PROV),
                  TimelineItem(id="t1", date="2023-03-15", granularity="day", text="Putin met Assad.",
                               citations=(_cite(a, "Putin met Assad in Moscow on 15 March 2023."),),
                               outlets=("alpha.example",), provenance=PROV)),
        quotes=(QuoteGroup(id="q1", speaker="Dmitry Peskov", speaker_entity=None,
                           statements=((QuoteVariant(text=TEXT_A[quote_a.start:quote_a.end],
                                                     citations=(quote_a,), outlets=("alpha.example",)),
                                        QuoteVariant(text="political and economic fields",
                                                     citations=(quote_b,), outlets=("beta",))),),
                           citations=(quote_a, quote_b), provenance=PROV),),
        comparison=Comparison(agreements=(fact,), variants=(SlotComparison(
            id="v1", slot="people died", kind="number", values=tolls, reason="ranges overlap",
            citations=(died_a, died_b), provenance=PROV),), unique=(unique,),
            coverage=Coverage(outlets=("alpha.example", "beta"), facts=("f1", "u1"),
                              matrix=((True, False), (True, True)))),
        summary=(SummarySentence(text="Putin met Assad in Moscow on 15 March 2023.",
                                 citations=(_cite(a, "Putin met Assad in Moscow on 15 March 2023."),
                                            _cite(b, "Assad arrived at Vnukova airport on Tuesday.")),
                                 outlets=("alpha.example", "beta"), provenance=PROV),))


def story_report(config: Config) -> Report:
    """A report with one story, its full story report, and a cleaning removal."""
    a, b = _articles()
    story = Story(id="story-1", headline="Assad visits <Moscow>", articles=(a.id, b.id), provenance=PROV,
                  entities=("Assad",), start="2023-03-14", end="2023-03-15", outlets=("alpha.example",))
    corpus = Corpus(articles=(a, b), stories=(story,), reports=(story_report_fixture(a, b),))
    return build_report(corpus, config, {"articles": 2})
