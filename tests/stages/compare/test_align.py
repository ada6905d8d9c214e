"""Sentence alignment across outlets, on hand-made units and small unit vectors."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from storydesk.model import Span
from storydesk.model.layers import DateAttrs, EntityAttrs, NumberAttrs
from storydesk.stages.compare.align import align_units, similarity, unit_keys
from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

SETTINGS = CompareSettings()


def vector(angle_degrees: float) -> list[float]:
    """A unit vector in the plane; the cosine of two is the cosine of their angle difference."""
    rad = math.radians(angle_degrees)
    return [math.cos(rad), math.sin(rad), 0.0]


def units(rows: Sequence[tuple[str, str, list[float]]],
          entities: Sequence[tuple[str, ...]] = ()) -> StoryUnits:
    """StoryUnits from (outlet, text, vector) rows; row i may name entities found in its text."""
    out = []
    for i, (outlet, text, _) in enumerate(rows):
        names = entities[i] if i < len(entities) else ()
        spans = tuple(Span(start=text.index(n), end=text.index(n) + len(n), label="GPE",
                           attrs=EntityAttrs(text=n)) for n in names)
        out.append(SentenceUnit(article=f"art-{outlet}", outlet=outlet, index=i, start=0, end=len(text),
                                text=text, entities=spans))
    return StoryUnits(units=tuple(out), vectors=np.array([v for _, _, v in rows], dtype=np.float32))


def test_paraphrases_from_two_outlets_are_one_group() -> None:
    story = units([("a", "Assad arrived in Moscow on Tuesday.", vector(0)),
                   ("b", "The Syrian president landed in Moscow on Tuesday.", vector(20)),
                   ("b", "Turkey backs armed groups in the north.", vector(80))])
    assert align_units(story, SETTINGS) == [[0, 1], [2]]


def test_one_outlet_is_never_aligned_with_itself() -> None:
    same = "Assad arrived in Moscow."
    story = units([("a", same, vector(0)), ("a", same, vector(0))])
    assert align_units(story, SETTINGS) == [[0], [1]]


def test_a_group_takes_one_sentence_per_outlet_the_closest() -> None:
    story = units([("a", "Assad arrived in Moscow on Tuesday.", vector(0)),
                   ("b", "Assad arrived in Moscow on Tuesday night.", vector(10)),
                   ("b", "Assad was in Moscow on Tuesday.", vector(25))])
    groups = align_units(story, SETTINGS)
    assert [0, 1] in groups and [2] in groups


def test_groups_grow_across_outlets_by_average_link() -> None:
    story = units([("a", "s1", vector(0)), ("b", "s2", vector(15)), ("c", "s3", vector(30)),
                   ("d", "unrelated", vector(90))])
    assert align_units(story, SETTINGS) == [[0, 1, 2], [3]]


def test_a_chain_of_loose_neighbours_does_not_merge() -> None:
    # Each neighbour is close (cos 0.82) but the ends are far (cos 0.34): no pair may fall below min_cosine.
    story = units([("a", "s1", vector(0)), ("b", "s2", vector(35)), ("c", "s3", vector(70))])
    groups = align_units(story, SETTINGS)
    assert all(len(g) <= 2 for g in groups)


def test_shared_names_lift_a_borderline_pair() -> None:
    rows = [("a", "Quake hit Marrakech and Al Haouz.", vector(0)),
            ("b", "Marrakech and Al Haouz shook.", vector(45))]  # cosine 0.71: just under min_score
    plain = units(rows)
    named = units(rows, entities=[("Marrakech", "Al Haouz"), ("Marrakech", "Al Haouz")])
    assert align_units(plain, SETTINGS) == [[0], [1]]
    assert align_units(named, SETTINGS) == [[0, 1]]


def test_similarity_blocks_same_outlet_pairs() -> None:
    story = units([("a", "s1", vector(0)), ("a", "s2", vector(5)), ("b", "s3", vector(5))])
    sim = similarity(story, SETTINGS)
    assert sim.score[0, 1] == -np.inf and np.isfinite(sim.score[0, 2])
    assert sim.cosine[0, 1] > 0.99


def test_unit_keys_are_names_numbers_and_dates() -> None:
    text = "Russia said 2,862 died on 11 September."
    unit = SentenceUnit(article="a", outlet="a", index=0, start=0, end=len(text), text=text,
                        entities=(Span(start=0, end=6, label="GPE", attrs=EntityAttrs()),
                                  Span(start=26, end=38, label="DATE", attrs=EntityAttrs())),
                        numbers=(Span(start=12, end=17, label="QUANTITY", attrs=NumberAttrs(value=2862.0)),),
                        dates=(Span(start=26, end=38, label="DATE", attrs=DateAttrs(value="2023-09-11")),))
    assert unit_keys(unit) == {"e:russia", "n:QUANTITY:2862.0", "d:2023-09-11"}


def test_thresholds_are_settings() -> None:
    story = units([("a", "s1", vector(0)), ("b", "s2", vector(40))])  # cosine 0.77
    assert align_units(story, SETTINGS) == [[0, 1]]
    assert align_units(story, replace(SETTINGS, min_score=0.9)) == [[0], [1]]


def test_empty_story() -> None:
    assert align_units(StoryUnits(), SETTINGS) == []
