"""The one driver: phases from the config, contracts checked at build time, one error policy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from storydesk import registry
from storydesk.config import Config, load_config
from storydesk.errors import ConfigError, PipelineError
from storydesk.model import Article, Corpus, Span
from storydesk.model.layers import register_layer
from storydesk.pipeline import build_pipeline, check_order, pipeline_names
from storydesk.registry import RunContext, check_contract, declare_shared, register


def test_registered_stages_are_versioned() -> None:
    names = registry.names()
    assert "clean.v1" in names and "dedup.v1" in names
    assert all(name.rsplit(".", 1)[-1].startswith("v") for name in names)


def test_the_configured_order_is_valid_and_every_phase_is_listed(config: Config) -> None:
    names = pipeline_names(config)
    assert names["documents"][0] == "clean.v1" and "cluster.v1" in names["corpus"]
    check_order(names)


def test_valid_order_builds(config: Config) -> None:
    pipeline = build_pipeline(config, phases={"documents": ["clean.v1"], "corpus": ["dedup.v1"]})
    assert pipeline.names == {"documents": ["clean.v1"], "corpus": ["dedup.v1"], "report": []}


def test_wrong_order_is_refused_at_build_time(config: Config) -> None:
    with pytest.raises(PipelineError, match="dedup.v1.*article.text"):
        build_pipeline(config, phases={"corpus": ["dedup.v1"], "report": []})
    bad = load_config(overrides=['pipeline.documents=["enrich.v1", "clean.v1"]'])
    with pytest.raises(PipelineError, match="enrich.v1"):
        build_pipeline(bad)


def test_a_stage_in_the_wrong_phase_is_refused(config: Config) -> None:
    with pytest.raises(PipelineError, match="corpus stage.*documents"):
        build_pipeline(config, phases={"documents": ["clean.v1", "dedup.v1"]})


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match="unknown stage"):
        check_order({"documents": ["nosuch.v9"]})


def test_bad_error_policy(config: Config) -> None:
    with pytest.raises(ConfigError, match="raise.*skip"):
        build_pipeline(config, on_error="ignore")  # type: ignore[arg-type]


def test_contract_names_are_checked_against_the_model() -> None:
    assert check_contract("t", ["article.text", "layer.dates", "corpus.stories", "report.summary"])
    for bad, why in (("text", "namespace"), ("article.txt", "unknown article"),
                     ("layer.datez", "unknown layer"), ("corpus.story", "unknown corpus"),
                     ("shared.nothing", "unknown shared")):
        with pytest.raises(PipelineError, match=why):
            check_contract("t", [bad])
    with pytest.raises(PipelineError, match="unknown layer"):
        register("bad.v1", requires=["layer.nope"], produces=[])(lambda config: None)  # type: ignore[arg-type]


# -- a toy stage added through config runs in analyze, ingest and a story report -----------------

SEEN: list[str] = []
TOY_SHARED = "toy_tally"


@dataclass(frozen=True, kw_only=True, slots=True)
class ShoutAttrs:
    """A toy layer: the first word of each text, upper-cased."""

    word: str


register_layer("shout", ShoutAttrs)
declare_shared(TOY_SHARED, "test only: articles per story seen by the toy report stage")


@dataclass(frozen=True, kw_only=True, slots=True)
class ShoutStage:
    name: ClassVar[str] = "shout.v1"

    def __call__(self, article: Article) -> Article:
        first = article.text.split(maxsplit=1)[0]
        span = Span(start=0, end=len(first), label="SHOUT", attrs=ShoutAttrs(word=first.upper()))
        return article.with_layer("shout", (span,)).evolve(stages=(*article.stages, self.name))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            SEEN.append(f"{self.name}:{article.id}")
            yield self(article)


@dataclass(frozen=True, kw_only=True, slots=True)
class TallyStage:
    name: ClassVar[str] = "tally.v1"

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        by_id = corpus.by_id()
        tally = {s.id: sum(1 for a in s.articles if "shout" in by_id[a].layers) for s in corpus.stories}
        SEEN.append(f"{self.name}:{sum(tally.values())}")
        context.share(TOY_SHARED, tally)
        return corpus


register("shout.v1", requires=["article.text"], produces=["layer.shout"])(lambda config: ShoutStage())
register("tally.v1", requires=["corpus.stories", "layer.shout"],
         produces=[f"shared.{TOY_SHARED}"])(lambda config: TallyStage())


def _toy_config() -> Config:
    base = load_config()
    names = pipeline_names(base)
    return load_config(overrides=[
        f"pipeline.documents={[*names['documents'], 'shout.v1']}".replace("'", '"'),
        f"pipeline.report={[*names['report'], 'tally.v1']}".replace("'", '"')])


def test_a_report_stage_needing_the_toy_layer_is_refused_without_it(config: Config) -> None:
    names = pipeline_names(config)
    with pytest.raises(PipelineError, match="tally.v1.*layer.shout"):
        check_order({**names, "report": [*names["report"], "tally.v1"]})


def test_a_stage_that_does_not_hand_over_its_shared_result_fails(config: Config) -> None:
    register("silent.v1", requires=[], produces=[f"shared.{TOY_SHARED}"])(
        lambda config: _Silent())
    pipeline = build_pipeline(config, phases={"corpus": ["silent.v1"]})
    with pytest.raises(PipelineError, match="silent.v1.*did not produce"):
        pipeline.run(Corpus())


@dataclass(frozen=True, kw_only=True, slots=True)
class _Silent:
    name: ClassVar[str] = "silent.v1"

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        return corpus


@pytest.mark.slow
@pytest.mark.integration
def test_a_toy_stage_from_config_runs_in_analyze_ingest_and_story(tmp_path: Path, example_dir: Path) -> None:
    from storydesk import api

    config = _toy_config()
    SEEN.clear()
    result = api.analyze([str(example_dir)], out_dir=tmp_path / "out", config=config)
    articles = result.report.corpus.articles
    assert all(a.layers["shout"][0].attrs.word.isupper() for a in articles)
    assert "tally.v1:5" in SEEN and sum(s.startswith("shout.v1:") for s in SEEN) == 5
    assert result.report.stats["stages"][-1] == "tally.v1"

    SEEN.clear()
    db = tmp_path / "desk.db"
    summary = api.ingest([str(example_dir)], db=db, config=config)
    assert summary.added == 5 and sum(s.startswith("shout.v1:") for s in SEEN) == 5
    stored = api.list_articles(db=db, config=config)
    assert {a.id: a.layers["shout"] for a in stored} == {a.id: a.layers["shout"] for a in articles}

    SEEN.clear()
    (story,) = api.list_stories(db=db, config=config)
    report = api.story_report(story.id[:8], db=db, config=config)
    assert SEEN == ["tally.v1:5"]
    assert report.stats["stages"][-1] == "tally.v1"
