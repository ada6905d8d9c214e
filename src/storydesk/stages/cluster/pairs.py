"""The features the same-story model reads off two articles' signals.

Each feature names a phenomenon that says whether two reports are of one event: how alike their
leads, central sentences and names read (embedding cosines); which people, places and organisations
both name; how far apart their event days, own years and publication days lie; whether they share
figures; whether one outlet filed both; whether they are in different languages (a translation reads
less alike to an English embedder than a second English report does). Unknown values read 0 and
carry a companion "known" feature, so the model learns what a missing date is worth.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np

from storydesk.stages.cluster.signals import ArticleSignal

#: Feature names, in the column order of :func:`feature_matrix` (the model file lists them too).
FEATURES: tuple[str, ...] = (
    "cos_lead", "cos_central", "cos_names",
    "entities", "people", "places", "organisations",
    "event_gap", "event_known", "year_gap", "years_known", "years_overlap",
    "published_gap", "published_confidence",
    "numbers", "same_outlet", "other_language",
)
#: Year gaps beyond this read the same: three years apart is as different as ten.
MAX_YEAR_GAP = 3


K = TypeVar("K", bound=Hashable)


def bag_dot(a: Mapping[K, float], b: Mapping[K, float]) -> float:
    """Dot product of two sparse bags."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(k, 0.0) for k, w in small.items())


def _main_year(years: Mapping[int, float]) -> int:
    return max(years, key=lambda y: (years[y], y))


def _gap(a: int | None, b: int | None) -> tuple[float, float]:
    """log(1 + |days apart|) and whether both days are known."""
    if a is None or b is None:
        return 0.0, 0.0
    return math.log1p(abs(a - b)), 1.0


def scalar_features(a: ArticleSignal, b: ArticleSignal) -> list[float]:
    """Every feature but the three cosines, in :data:`FEATURES` order."""
    event_gap, event_known = _gap(a.day, b.day)
    if a.years and b.years:
        year_gap = float(min(MAX_YEAR_GAP, abs(_main_year(a.years) - _main_year(b.years))))
        years_known, years_overlap = 1.0, bag_dot(a.years, b.years)
    else:
        year_gap = years_known = years_overlap = 0.0
    published_gap, both = _gap(a.published, b.published)
    confidence = min(a.published_confidence, b.published_confidence) if both else 0.0
    numbers = (len(a.numbers & b.numbers) / min(len(a.numbers), len(b.numbers))
               if a.numbers and b.numbers else 0.0)
    return [_entity_cos(a, b),
            bag_dot(a.bags.get("person", {}), b.bags.get("person", {})),
            bag_dot(a.bags.get("place", {}), b.bags.get("place", {})),
            bag_dot(a.bags.get("org", {}), b.bags.get("org", {})),
            event_gap, event_known, year_gap, years_known, years_overlap,
            published_gap, confidence, numbers,
            float(bool(a.outlet) and a.outlet == b.outlet),
            float(bool(a.language and b.language) and a.language != b.language)]


def _entity_cos(a: ArticleSignal, b: ArticleSignal) -> float:
    norm = math.sqrt(sum(w * w for w in a.entities.values()) * sum(w * w for w in b.entities.values()))
    return bag_dot(a.entities, b.entities) / norm if norm else 0.0


def feature_matrix(signals: Sequence[ArticleSignal], pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """One row of :data:`FEATURES` per pair of signal positions (cosines computed in one batch)."""
    out = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
    if not pairs:
        return out
    left = [signals[i] for i, _ in pairs]
    right = [signals[j] for _, j in pairs]
    for k in range(3):
        a = np.stack([s.part(k) for s in left]).astype(np.float64)
        b = np.stack([s.part(k) for s in right]).astype(np.float64)
        out[:, k] = np.einsum("ij,ij->i", a, b)
    out[:, 3:] = [scalar_features(x, y) for x, y in zip(left, right, strict=True)]
    return out
