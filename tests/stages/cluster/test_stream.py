from __future__ import annotations

import random

from storydesk.stages.cluster.batch import cluster_batch
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.stream import StoryStream

from .conftest import MODEL, signal

SETTINGS = ClusterSettings()


def _two_stories() -> list:
    return [signal("a1", [1, 0.1, 0, 0]), signal("a2", [1, 0, 0.1, 0]), signal("a3", [0.9, 0.1, 0.1, 0]),
            signal("b1", [0, 1, 0, 0.1]), signal("b2", [0.1, 1, 0, 0]), signal("b3", [0, 0.9, 0.1, 0.1])]


def test_articles_join_or_open_stories_and_every_step_is_recorded() -> None:
    stream = StoryStream(SETTINGS, MODEL, 4)
    sigs = _two_stories()
    changes = stream.extend(sigs)
    assert sorted(map(sorted, stream.stories())) == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert [c.kind for c in changes].count("open") == 2
    placed = {c.article for c in changes if c.kind in ("open", "assign")}
    assert placed == {s.id for s in sigs}
    assert stream.changes == changes


def test_a_bridging_article_merges_two_stories() -> None:
    stream = StoryStream(SETTINGS, MODEL, 3)
    stream.extend([signal("left", [1, 0.15, 0]), signal("far", [0, 0, 1]), signal("right", [0.15, 1, 0])])
    assert len(stream.stories()) == 3
    steps = stream.add(signal("bridge", [1, 1, 0]))
    assert [c.kind for c in steps].count("merge") == 1
    assert sorted(map(sorted, stream.stories())) == [["bridge", "left", "right"], ["far"]]


def test_stream_matches_batch_whatever_the_order() -> None:
    sigs = _two_stories()
    batch = sorted(sorted(sigs[i].id for i in c) for c in cluster_batch(sigs, SETTINGS, MODEL))
    for seed in range(5):
        order = list(sigs)
        random.Random(seed).shuffle(order)
        stream = StoryStream(SETTINGS, MODEL, 4)
        stream.extend(order)
        assert sorted(map(sorted, stream.stories())) == batch


def test_an_article_that_joined_too_early_moves_when_its_story_arrives() -> None:
    stream = StoryStream(SETTINGS, MODEL, 3)
    stream.add(signal("semi1", [1, 0, 0]))
    stream.add(signal("semi2", [1, 0.05, 0]))
    stream.add(signal("final1", [1, 0.8, 0]))  # close enough to join the only story there is
    assert len(stream.stories()) == 1
    for i in range(2, 5):
        stream.add(signal(f"final{i}", [1, 3, 0.02 * i]))
    stories = sorted(map(sorted, stream.stories()))
    assert ["semi1", "semi2"] in stories
    # The split is on record: a second story opened, and the articles that moved were assigned to it.
    assert [c.kind for c in stream.changes].count("open") == 2


def test_seeded_stories_behave_as_if_their_articles_had_been_replayed() -> None:
    sigs = _two_stories()
    replayed = StoryStream(SETTINGS, MODEL, 4)
    replayed.extend(sigs[:2] + sigs[3:5])
    seeded = StoryStream(SETTINGS, MODEL, 4)
    seeded.seed([sigs[:2], sigs[3:5]])
    assert sorted(map(sorted, seeded.stories())) == sorted(map(sorted, replayed.stories()))
    new = [sigs[2], sigs[5]]
    assert [c.kind for c in seeded.extend(new)] == [c.kind for c in replayed.extend(new)]
    assert sorted(map(sorted, seeded.stories())) == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert all(c.kind == "assign" for c in seeded.changes)  # seeding itself records nothing
