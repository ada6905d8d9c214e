from __future__ import annotations

from collections.abc import Callable

import pytest

from storydesk import registry
from storydesk.config import Config
from storydesk.model import Article, Corpus
from storydesk.pipeline import check_order
from storydesk.registry import RunContext
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.stage import NAME, ClusterStage, cluster_settings

from .conftest import MODEL, BagEmbedder


def test_registered_with_its_contract() -> None:
    spec = registry.spec(NAME)
    assert spec.requires == frozenset({"article.text", "layer.entities", "layer.dates", "layer.sentences"})
    assert spec.produces == frozenset({"corpus.stories", "corpus.changes"})
    check_order({"documents": ["clean.v1", "enrich.v1"], "corpus": ["dedup.v1", "pubdate.v1", NAME]})


def test_settings_default_without_a_cluster_section(config: Config) -> None:
    assert cluster_settings(Config({})) == ClusterSettings()
    assert cluster_settings(config) == ClusterSettings()  # the packaged section restates the defaults


def test_run_adds_stories_and_keeps_everything_else(make_enriched: Callable[..., Article]) -> None:
    arts = (make_enriched("Milei won the runoff in Argentina. Massa conceded defeat.", outlet="a.com"),
            make_enriched("Milei won the runoff in Argentina on Sunday. Massa conceded.", outlet="b.com"),
            make_enriched("The lander touched down near the south pole of the moon.", outlet="c.com"))
    stage = ClusterStage(settings=ClusterSettings(), embedder=BagEmbedder(), model=MODEL)
    out = stage.run(Corpus(articles=arts), RunContext())
    assert out.articles == arts
    assert [len(s.articles) for s in out.stories] == [2, 1]
    assert set(out.stories[0].articles) == {arts[0].id, arts[1].id}
    assert stage.run(Corpus(), RunContext()).stories == ()


@pytest.mark.slow
@pytest.mark.integration
def test_the_five_example_reports_are_one_story(analysed_example: Corpus) -> None:
    corpus = analysed_example
    assert len(corpus.articles) == 5
    assert len(corpus.stories) == 1, [s.headline for s in corpus.stories]
    story = corpus.stories[0]
    assert len(story.articles) == 5
    assert story.headline
    assert any("Assad" in name for name in story.entities)


def test_the_index_is_exact_for_small_runs_and_approximate_for_large_ones() -> None:
    from storydesk.backends.index import ExactIndex, UsearchIndex
    from storydesk.errors import ConfigError
    from storydesk.stages.cluster.stage import index_for

    auto = ClusterSettings(approximate_from=100)
    assert index_for(auto, 99) is ExactIndex and index_for(auto, 100) is UsearchIndex
    assert index_for(ClusterSettings(index="usearch"), 3) is UsearchIndex
    assert index_for(ClusterSettings(index="exact"), 10**6) is ExactIndex
    with pytest.raises(ConfigError):
        ClusterSettings(index="faiss")
