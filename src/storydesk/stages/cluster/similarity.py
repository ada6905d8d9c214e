"""Story profiles and the one score that decides both an article's story and a merge of two stories.

A profile sums its members' unit vectors and unit entity bags, so the score between two profiles is
the *average* pairwise similarity of their members (average linkage) at the cost of one dot product.
Event time and outlets act as penalties: a gap of more than a few days between two event spans, and
an outlet already present, make the same event less likely; neither can make two articles alike.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal


@dataclass(kw_only=True, slots=True)
class Profile:
    """What a story (or a single article) is compared by; merged in place as members join."""

    vector_sum: np.ndarray
    entity_sum: dict[str, float] = field(default_factory=dict)
    size: int = 1
    first_day: int | None = None
    last_day: int | None = None
    outlets: Counter[str] = field(default_factory=Counter)

    def absorb(self, other: Profile) -> None:
        """Add another profile's members to this one."""
        self.vector_sum = self.vector_sum + other.vector_sum
        for key, weight in other.entity_sum.items():
            self.entity_sum[key] = self.entity_sum.get(key, 0.0) + weight
        self.size += other.size
        self.first_day = _earliest(self.first_day, other.first_day)
        self.last_day = _latest(self.last_day, other.last_day)
        self.outlets.update(other.outlets)


def _earliest(a: int | None, b: int | None) -> int | None:
    known = [d for d in (a, b) if d is not None]
    return min(known) if known else None


def _latest(a: int | None, b: int | None) -> int | None:
    known = [d for d in (a, b) if d is not None]
    return max(known) if known else None


def unit_bag(weights: Mapping[str, float]) -> dict[str, float]:
    """An entity bag scaled to unit length (an empty bag stays empty)."""
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm else {}


def profile_of(signal: ArticleSignal) -> Profile:
    """The one-article profile of a signal."""
    outlets: Counter[str] = Counter([signal.outlet] if signal.outlet else [])
    return Profile(vector_sum=np.asarray(signal.vector, dtype=np.float64),
                   entity_sum=unit_bag(signal.entities), first_day=signal.day, last_day=signal.day,
                   outlets=outlets)


def merged(profiles: Iterable[Profile]) -> Profile:
    """A new profile holding all the given ones."""
    items = list(profiles)
    out = Profile(vector_sum=np.zeros_like(items[0].vector_sum))
    out.size = 0
    for item in items:
        out.absorb(item)
    return out


def day_gap(a: Profile, b: Profile) -> int:
    """Days between two event spans (0 when they overlap or either is undated)."""
    if a.first_day is None or b.first_day is None or a.last_day is None or b.last_day is None:
        return 0
    return max(0, b.first_day - a.last_day, a.first_day - b.last_day)


def time_penalty(gap: int, settings: ClusterSettings) -> float:
    """Nothing within the tolerance, then a per-day cost up to a cap (the decay of a story)."""
    late = max(0, gap - settings.time_tolerance_days)
    return min(settings.max_time_penalty, late * settings.time_penalty_per_day)


def _bag_dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(k, 0.0) for k, w in small.items())


def content_similarity(a: Profile, b: Profile, settings: ClusterSettings) -> float:
    """Average pairwise embedding and entity similarity of the members, weighted."""
    pairs = a.size * b.size
    embedding = float(a.vector_sum @ b.vector_sum) / pairs
    entities = _bag_dot(a.entity_sum, b.entity_sum) / pairs
    return (1.0 - settings.entity_weight) * embedding + settings.entity_weight * entities


def score(a: Profile, b: Profile, settings: ClusterSettings) -> float:
    """How likely two profiles report one event: content similarity less time and outlet penalties."""
    shared_outlet = bool(a.outlets.keys() & b.outlets.keys())
    return (content_similarity(a, b, settings) - time_penalty(day_gap(a, b), settings)
            - (settings.outlet_penalty if shared_outlet else 0.0))
