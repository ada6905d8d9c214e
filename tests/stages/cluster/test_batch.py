from __future__ import annotations

import datetime as dt

from storydesk.backends.index import ExactIndex
from storydesk.stages.cluster.batch import candidate_pairs, cluster_batch
from storydesk.stages.cluster.settings import ClusterSettings

from .conftest import signal

SETTINGS = ClusterSettings()
DAY = dt.date(2023, 10, 22).toordinal()


def test_similar_articles_form_one_story_and_unrelated_ones_stay_apart() -> None:
    sigs = [signal("a1", [1, 0.1, 0]), signal("a2", [1, 0, 0.1]), signal("a3", [0.9, 0.1, 0.1]),
            signal("b1", [0, 1, 0]), signal("b2", [0.1, 1, 0])]
    assert cluster_batch(sigs, SETTINGS) == [[0, 1, 2], [3, 4]]


def test_same_actors_weeks_apart_are_different_stories() -> None:
    same = {"massa": 1.0, "milei": 1.0}
    # Cosine 0.8 across the two rounds, the same names: alike enough, but four weeks apart.
    sigs = [signal("r1", [1, 0, 0], entities=same, day=DAY),
            signal("r2", [1, 0.05, 0], entities=same, day=DAY),
            signal("f1", [1, 0.75, 0], entities=same, day=DAY + 28),
            signal("f2", [1, 0.8, 0], entities=same, day=DAY + 28)]
    assert cluster_batch(sigs, SETTINGS) == [[0, 1], [2, 3]]
    undated = [s.__class__(id=s.id, vector=s.vector, entities=s.entities) for s in sigs]
    assert cluster_batch(undated, SETTINGS) == [[0, 1, 2, 3]]


def test_undated_articles_carry_no_time_penalty() -> None:
    sigs = [signal("x", [1, 0, 0], day=DAY), signal("y", [1, 0.05, 0], day=None)]
    assert cluster_batch(sigs, SETTINGS) == [[0, 1]]


def test_one_outlet_twice_needs_more_similarity() -> None:
    vectors = [[1, 0, 0], [1, 1.1, 0]]  # cosine ≈ 0.67 × 0.6 weight ≈ 0.40: just above the threshold
    apart = [signal(f"o{i}", v, outlet="same.com") for i, v in enumerate(vectors)]
    together = [signal(f"p{i}", v, outlet=f"{i}.com") for i, v in enumerate(vectors)]
    assert cluster_batch(together, SETTINGS) == [[0, 1]]
    assert cluster_batch(apart, SETTINGS) == [[0], [1]]


def test_must_link_groups_start_together() -> None:
    sigs = [signal("a", [1, 0, 0]), signal("b", [0, 1, 0]), signal("c", [0, 0, 1])]
    assert cluster_batch(sigs, SETTINGS, must_link=[[0, 2]]) == [[0, 2], [1]]


def test_candidates_come_from_the_index() -> None:
    import numpy as np

    vectors = np.eye(4, dtype=np.float32)
    pairs = candidate_pairs(vectors, ExactIndex(4), k=1)
    assert all(i < j for i, j in pairs) and len(pairs) <= 4


def test_result_does_not_depend_on_input_order() -> None:
    sigs = [signal("a1", [1, 0.1, 0]), signal("b1", [0, 1, 0]), signal("a2", [1, 0, 0.1]),
            signal("b2", [0.1, 1, 0])]
    ids = lambda order: sorted(sorted(order[i].id for i in c) for c in cluster_batch(order, SETTINGS))  # noqa: E731
    assert ids(sigs) == ids(list(reversed(sigs))) == [["a1", "a2"], ["b1", "b2"]]


def test_an_empty_run_has_no_clusters() -> None:
    assert cluster_batch([], SETTINGS) == []
