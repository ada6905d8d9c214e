from __future__ import annotations

import pytest
from tests.conftest import build_article

from storydesk import registry
from storydesk.config import Config
from storydesk.errors import ConfigError, PipelineError
from storydesk.model import Article, Corpus, Provenance, Span, Story, StoryReport, TimelineItem
from storydesk.pipeline import check_order
from storydesk.registry import RunContext
from storydesk.stages.compare.units_stage import UnitsStage
from storydesk.stages.summarize.settings import SummarySettings
from storydesk.stages.summarize.stage import NAME, SummarizeStage, summarize_settings

from .conftest import BagEmbedder

REPORTS = (
    "Storm Daniel broke two dams above the city of Derna on Sunday night and flooded the centre. "
    "Rescue teams from Turkey and Egypt reached the eastern port on Tuesday with boats and divers.",
    "Two dams above the city of Derna broke on Sunday night as Storm Daniel flooded the centre. "
    "The United Nations appealed for seventy million dollars to fund the emergency relief work.",
)


def _article(text: str, outlet: str) -> Article:
    sents = []
    at = 0
    for part in text.split(". "):
        end = at + len(part) + (1 if not part.endswith(".") else 0)
        sents.append(Span(start=at, end=min(end, len(text)), label="SENT"))
        at = end + 1
    base = build_article(text, text=text, outlet=outlet, language="en", stages=("clean.v1", "enrich.v1"))
    return base.with_layer("sentences", tuple(sents))


def _story(articles: tuple[Article, ...]) -> Story:
    return Story(id="story-1", headline="Derna", articles=tuple(a.id for a in articles),
                 provenance=Provenance(stage="cluster", version="v1"))


def test_registered_with_its_contract() -> None:
    spec = registry.spec(NAME)
    assert spec.requires == frozenset({"corpus.stories", "layer.sentences", "shared.units"})
    assert spec.produces == frozenset({"report.summary"})
    check_order({"documents": ["clean.v1", "enrich.v1"], "corpus": ["dedup.v1", "pubdate.v1", "cluster.v1"],
                 "report": ["units.v1", NAME]})
    with pytest.raises(PipelineError, match="shared.units"):
        check_order({"documents": ["clean.v1", "enrich.v1"], "corpus": ["cluster.v1"], "report": [NAME]})


def test_settings_default_without_a_summarize_section(config: Config) -> None:
    assert summarize_settings(Config({})) == SummarySettings()
    assert summarize_settings(config) == SummarySettings()  # the packaged section restates the defaults


def test_a_bad_summarize_key_is_an_error() -> None:
    with pytest.raises(ConfigError):
        summarize_settings(Config({"summarize": {"sentence": 3}}))


def _units(corpus: Corpus) -> RunContext:
    """A run context holding the corpus's sentence units, as the ``units.v1`` stage shares them."""
    context = RunContext()
    UnitsStage(embedder=BagEmbedder()).run(corpus, context)
    return context


def test_run_sets_the_summary_and_keeps_the_rest_of_the_report() -> None:
    arts = (_article(REPORTS[0], "a.com"), _article(REPORTS[1], "b.com"))
    timeline = (TimelineItem(id="t1", date="2023-09-10", granularity="day", text="x", citations=(),
                             provenance=Provenance(stage="compare", version="v1")),)
    corpus = Corpus(articles=arts, stories=(_story(arts),),
                    reports=(StoryReport(story="story-1", timeline=timeline),))
    out = SummarizeStage(settings=SummarySettings(sentences=2)).run(corpus, _units(corpus))
    report = out.report_of("story-1")
    assert report.timeline == timeline
    assert 1 <= len(report.summary) <= 2
    texts = {a.id: a.text for a in arts}
    for sentence in report.summary:
        cite = sentence.citations[0]
        assert texts[cite.article][cite.start:cite.end] == sentence.text
    assert out.articles == arts and out.stories == corpus.stories


def test_a_story_without_a_report_gets_one() -> None:
    arts = (_article(REPORTS[0], "a.com"),)
    corpus = Corpus(articles=arts, stories=(_story(arts),))
    out = SummarizeStage(settings=SummarySettings()).run(corpus, _units(corpus))
    assert [r.story for r in out.reports] == ["story-1"]
    assert out.reports[0].summary


@pytest.mark.slow
@pytest.mark.integration
def test_the_example_story_summary_is_cited_to_several_outlets(analysed_example: Corpus) -> None:
    corpus = analysed_example
    texts = {a.id: a.text for a in corpus.articles}
    summary = corpus.report_of(corpus.stories[0].id).summary
    assert len(summary) == SummarySettings().sentences
    for sentence in summary:
        assert sentence.citations, sentence.text
        own = sentence.citations[0]
        assert texts[own.article][own.start:own.end] == sentence.text
        assert len(set(sentence.outlets)) == len(sentence.outlets)
    assert any(len(s.outlets) >= 2 for s in summary)
