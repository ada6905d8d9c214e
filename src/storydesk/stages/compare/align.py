"""Align sentences across outlets: which sentences of different outlets state the same fact.

Two sentences are scored by the cosine of their embeddings plus a bonus for the names, numbers and
dates they share (Jaccard overlap of their keys), so "2,862 dead" and "2,862 killed" come closer
than two sentences that merely sound alike. Groups grow greedily from the best pair down, average
link: two groups merge only when their mean pair score reaches ``min_score``, no pair between them
falls below ``min_cosine``, and they share no outlet — a group holds at most one sentence per
outlet. Groups of one outlet are the candidate unique facts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.slots import VALUE_TYPES, span_text
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, kw_only=True, slots=True)
class Similarity:
    """Pairwise similarity of a story's units; pairs within one outlet are ``-inf`` in ``score``."""

    cosine: np.ndarray
    score: np.ndarray


def unit_keys(unit: SentenceUnit) -> frozenset[str]:
    """What a sentence names: entity names, number values with their unit, date values."""
    keys = {"e:" + " ".join(_WORD.findall(span_text(unit, s).lower())) for s in unit.entities
            if s.label not in VALUE_TYPES}
    for span in unit.numbers:
        value = span.attrs.value
        amount = value if value is not None else (span.attrs.low, span.attrs.high)
        keys.add(f"n:{span.label}:{amount}")
    keys.update(f"d:{span.attrs.value}" for span in unit.dates if span.attrs.value)
    return frozenset(k for k in keys if k not in ("e:", "d:"))


def overlap(units: Sequence[SentenceUnit]) -> np.ndarray:
    """Jaccard overlap of the units' keys, as an n × n matrix."""
    keys = [unit_keys(u) for u in units]
    vocabulary = {k: i for i, k in enumerate(sorted(set().union(*keys)))} if keys else {}
    incidence = np.zeros((len(units), len(vocabulary)), dtype=np.float32)
    for row, unit_set in enumerate(keys):
        incidence[row, [vocabulary[k] for k in unit_set]] = 1.0
    shared = incidence @ incidence.T
    sizes = incidence.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def similarity(units: StoryUnits, settings: CompareSettings) -> Similarity:
    """Cosine and combined score of every pair of units (same-outlet pairs excluded from the score)."""
    vectors = np.asarray(units.vectors, dtype=np.float32)
    n = len(units.units)
    if n == 0:
        empty = np.zeros((0, 0), dtype=np.float32)
        return Similarity(cosine=empty, score=empty)
    cosine = vectors @ vectors.T
    score = cosine + settings.overlap_weight * overlap(units.units)
    outlets = np.array([u.outlet for u in units.units])
    score[outlets[:, None] == outlets[None, :]] = -np.inf
    return Similarity(cosine=cosine, score=score)


def group_units(units: StoryUnits, sim: Similarity, settings: CompareSettings) -> list[list[int]]:
    """Average-link groups of units, at most one per outlet; every unit in exactly one group."""
    n = len(units.units)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for i, j in _candidate_pairs(sim, settings):
        gi, gj = group_of[i], group_of[j]
        if gi == gj or not _can_merge(units, sim, members[gi], members[gj], settings):
            continue
        members[gi] = sorted(members[gi] + members.pop(gj))
        for k in members[gi]:
            group_of[k] = gi
    groups = sorted(members.values(), key=lambda g: g[0])
    log.debug("aligned %d units into %d groups", n, len(groups))
    return groups


def _candidate_pairs(sim: Similarity, settings: CompareSettings) -> list[tuple[int, int]]:
    """Pairs above both thresholds, best score first (ties by position, so runs are repeatable)."""
    upper = np.triu(np.ones_like(sim.score, dtype=bool), k=1)
    ok = upper & (sim.score >= settings.min_score) & (sim.cosine >= settings.min_cosine)
    rows, cols = np.nonzero(ok)
    order = sorted(zip(rows.tolist(), cols.tolist(), strict=True), key=lambda p: (-sim.score[p], p))
    return order


def _can_merge(units: StoryUnits, sim: Similarity, a: list[int], b: list[int],
               settings: CompareSettings) -> bool:
    """Whether two groups share no outlet and are close on average and in every pair."""
    if {units.units[i].outlet for i in a} & {units.units[j].outlet for j in b}:
        return False
    block = np.ix_(a, b)
    close = sim.score[block].mean() >= settings.min_score
    return bool(close and sim.cosine[block].min() >= settings.min_cosine)


def align_units(units: StoryUnits, settings: CompareSettings) -> list[list[int]]:
    """Groups of unit positions that state one fact, at most one unit per outlet per group.

    Every unit is in exactly one group; a group of one is a sentence no other outlet matched.
    """
    return group_units(units, similarity(units, settings), settings)
