"""The ``resolve.v1`` corpus stage: entities set on each story's report; the example end to end."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storydesk.config import Config
from storydesk.errors import ConfigError
from storydesk.model import Article, Corpus, Provenance, Story, StoryReport, TimelineItem
from storydesk.registry import RunContext
from storydesk.stages.resolve import ResolveSettings, resolve_entities
from storydesk.stages.resolve.stage import NAME, ResolveStage, make_resolve

Story_ = Callable[..., list[Article]]
PROV = Provenance(stage="cluster", version="v1")


def story(sid: str, arts: list[Article]) -> Story:
    return Story(id=sid, headline=sid, articles=tuple(a.id for a in arts), provenance=PROV)


def test_run_sets_each_storys_entities_and_keeps_the_rest_of_its_report(make_story: Story_) -> None:
    one = make_story(("Putin met Assad.", [("Putin", "PERSON"), ("Assad", "PERSON")]))
    two = make_story(("Milei won in Argentina.", [("Milei", "PERSON"), ("Argentina", "GPE")]),
                     ("Argentina voted.", [("Argentina", "GPE")]))
    item = TimelineItem(id="t", date="2023-03-15", granularity="day", text="x", citations=(), provenance=PROV)
    kept = StoryReport(story="s1", timeline=(item,))
    other = StoryReport(story="gone")
    corpus = Corpus(articles=(*one, *two), stories=(story("s1", one), story("s2", two)),
                    reports=(kept, other))
    out = ResolveStage(settings=ResolveSettings()).run(corpus, RunContext())
    assert out.articles == corpus.articles and out.stories == corpus.stories
    assert out.report_of("s1").timeline == (item,)
    assert [e.name for e in out.report_of("s1").entities] == ["Assad", "Putin"]
    assert out.report_of("s2").entities == resolve_entities(two, ResolveSettings())
    assert out.report_of("s2").entities[0].name == "Argentina"
    assert out.report_of("gone") == other


def test_contract_and_factory(config: Config) -> None:
    stage = make_resolve(config)
    assert stage.name == NAME == "resolve.v1"
    assert stage.requires == frozenset({"corpus.stories", "layer.entities"})
    assert stage.produces == frozenset({"report.entities"})
    assert isinstance(stage.settings, ResolveSettings)
    assert make_resolve(Config({"resolve": {"fuzzy_max_edits": 0}})).settings.fuzzy_max_edits == 0
    assert make_resolve(Config({"resolve": {"labels": ["PERSON"]}})).settings.labels == ("PERSON",)
    with pytest.raises(ConfigError):
        make_resolve(Config({"resolve": {"no_such_knob": 1}}))


@pytest.mark.slow
@pytest.mark.integration
def test_the_example_story_resolves_its_hard_cases(analysed_example: Corpus) -> None:
    out = ResolveStage(settings=ResolveSettings()).run(analysed_example, RunContext())
    assert len(out.stories) == 1
    entities = out.report_of(out.stories[0].id).entities

    def entity(surface: str) -> str:
        found = [e.id for e in entities if surface == e.name or surface in e.aliases]
        assert len(found) == 1, (surface, [(e.name, e.aliases) for e in entities])
        return found[0]

    assert entity("Vedomosti") == entity("Vedomeosti") == entity("Vendamasti")
    vnukovo = [e for e in entities if any("Vnukov" in s for s in (e.name, *e.aliases))]
    assert len(vnukovo) == 1 and any("Vnukova" in s for s in (vnukovo[0].name, *vnukovo[0].aliases))
    assert entity("Turkey") == entity("Türkiye")
    assert entity("Putin") == entity("Vladimir Putin")
    assert entity("Syria") != entity("Syrian")
    syria = next(e for e in entities if e.id == entity("Syria"))
    assert not any("Observer" in s or "Syrian" in s for s in (syria.name, *syria.aliases))
    assert entity("Russia") != entity("Russian Foreign Ministry")
