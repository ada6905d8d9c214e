from __future__ import annotations

import datetime as dt

from storydesk.backends.index import ExactIndex
from storydesk.stages.cluster.batch import candidate_pairs, cluster_batch
from storydesk.stages.cluster.settings import ClusterSettings

from .conftest import MODEL, signal

SETTINGS = ClusterSettings()
DAY = dt.date(2023, 10, 22).toordinal()


def test_similar_articles_form_one_story_and_unrelated_ones_stay_apart() -> None:
    sigs = [signal("a1", [1, 0.1, 0]), signal("a2", [1, 0, 0.1]), signal("a3", [0.9, 0.1, 0.1]),
            signal("b1", [0, 1, 0]), signal("b2", [0.1, 1, 0])]
    assert cluster_batch(sigs, SETTINGS, MODEL) == [[0, 1, 2], [3, 4]]


def test_the_models_date_sense_keeps_the_same_actors_weeks_apart_apart() -> None:
    sigs = [signal("r1", [1, 0, 0], day=DAY), signal("r2", [1, 0.05, 0], day=DAY),
            signal("f1", [1, 0.3, 0], day=DAY + 28), signal("f2", [1, 0.35, 0], day=DAY + 28)]
    assert cluster_batch(sigs, SETTINGS, MODEL) == [[0, 1], [2, 3]]
    undated = [s.__class__(id=s.id, vector=s.vector) for s in sigs]
    assert cluster_batch(undated, SETTINGS, MODEL) == [[0, 1, 2, 3]]


def test_two_stories_merge_on_the_average_over_all_their_pairs() -> None:
    # a1-b1 are close (0.8), but a2 and b2 are far from the other side: the average stays below 0.5.
    sigs = [signal("a1", [1, 0.5, 0]), signal("a2", [1, 0, 0]), signal("b1", [0.5, 1, 0]),
            signal("b2", [0, 1, 0])]
    assert cluster_batch(sigs, SETTINGS, MODEL) == [[0, 1], [2, 3]]


class _Counting:
    """Counts the pairs the model is asked about."""

    threshold = 0.5

    def __init__(self) -> None:
        self.asked: list[tuple[int, int]] = []

    def probabilities(self, signals, pairs):  # type: ignore[no-untyped-def]
        self.asked += list(pairs)
        return MODEL.probabilities(signals, pairs)


def test_pairs_the_index_did_not_propose_are_scored_when_two_stories_meet() -> None:
    sigs = [signal(f"a{i}", [1, 0.1 * i, 0]) for i in range(6)]  # a chain: each nearest its neighbours
    model = _Counting()
    assert cluster_batch(sigs, ClusterSettings(neighbours=1), model) == [[0, 1, 2, 3, 4, 5]]
    assert len(set(model.asked)) == 15 and len(model.asked) == 15  # every pair once, none twice


def test_must_link_groups_start_together() -> None:
    sigs = [signal("a", [1, 0, 0]), signal("b", [0, 1, 0]), signal("c", [0, 0, 1])]
    assert cluster_batch(sigs, SETTINGS, MODEL, must_link=[[0, 2]]) == [[0, 2], [1]]


def test_candidates_come_from_the_index() -> None:
    import numpy as np

    vectors = np.eye(4, dtype=np.float32)
    pairs = candidate_pairs(vectors, ExactIndex(4), k=1)
    assert all(i < j for i, j in pairs) and len(pairs) <= 4


def test_result_does_not_depend_on_input_order() -> None:
    sigs = [signal("a1", [1, 0.1, 0]), signal("b1", [0, 1, 0]), signal("a2", [1, 0, 0.1]),
            signal("b2", [0.1, 1, 0])]
    ids = lambda order: sorted(sorted(order[i].id for i in c) for c in cluster_batch(order, SETTINGS, MODEL))  # noqa: E731
    assert ids(sigs) == ids(list(reversed(sigs))) == [["a1", "a2"], ["b1", "b2"]]


def test_an_empty_run_has_no_clusters() -> None:
    assert cluster_batch([], SETTINGS, MODEL) == []
