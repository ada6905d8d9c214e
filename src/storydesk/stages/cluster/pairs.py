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

from storydesk.stages.cluster.signals import ArticleSignal, unit_weights

#: Feature names, in the column order of :func:`feature_matrix` (the model file lists them too).
FEATURES: tuple[str, ...] = (
    "cos_lead", "cos_central", "cos_names",
    "entities", "people", "places", "organisations",
    "event_gap", "event_known", "year_gap", "years_known", "years_overlap",
    "published_gap", "published_confidence",
    "numbers", "same_outlet", "other_language",
)
#: Pairs whose embedding cosines are computed in one block (4096 × 3 × 384 floats ≈ 19 MB a side).
PAIR_CHUNK = 4096
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


class SignalTable(Sequence[ArticleSignal]):
    """Signals with what every pair reads of them prepared once: stacked parts, unit bags, main years.

    Clustering builds one per run (or per local re-clustering) and scores all its pairs against it.
    """

    def __init__(self, signals: Sequence[ArticleSignal]) -> None:
        self.signals = list(signals)
        self.parts = (np.stack([np.broadcast_to(s.part(0), (3, s.vector.shape[0])) if s.parts is None
                                else s.parts for s in self.signals]).astype(np.float32)
                      if self.signals else np.zeros((0, 3, 0), dtype=np.float32))
        self.entities = [unit_weights(s.entities) for s in self.signals]
        self.main_year = [_main_year(s.years) if s.years else None for s in self.signals]

    def __len__(self) -> int:
        return len(self.signals)

    def __getitem__(self, i: int) -> ArticleSignal:  # type: ignore[override]
        return self.signals[i]


def table_of(signals: Sequence[ArticleSignal]) -> SignalTable:
    """The signals as a table (itself when it already is one)."""
    return signals if isinstance(signals, SignalTable) else SignalTable(signals)


def scalar_features(t: SignalTable, i: int, j: int) -> list[float]:
    """Every feature but the three cosines, in :data:`FEATURES` order."""
    a, b = t.signals[i], t.signals[j]
    event_gap, event_known = _gap(a.day, b.day)
    ya, yb = t.main_year[i], t.main_year[j]
    if ya is not None and yb is not None:
        year_gap = float(min(MAX_YEAR_GAP, abs(ya - yb)))
        years_known, years_overlap = 1.0, bag_dot(a.years, b.years)
    else:
        year_gap = years_known = years_overlap = 0.0
    published_gap, both = _gap(a.published, b.published)
    confidence = min(a.published_confidence, b.published_confidence) if both else 0.0
    numbers = (len(a.numbers & b.numbers) / min(len(a.numbers), len(b.numbers))
               if a.numbers and b.numbers else 0.0)
    bags_a, bags_b = a.bags, b.bags
    return [bag_dot(t.entities[i], t.entities[j]),
            bag_dot(bags_a.get("person", {}), bags_b.get("person", {})),
            bag_dot(bags_a.get("place", {}), bags_b.get("place", {})),
            bag_dot(bags_a.get("org", {}), bags_b.get("org", {})),
            event_gap, event_known, year_gap, years_known, years_overlap,
            published_gap, confidence, numbers,
            float(bool(a.outlet) and a.outlet == b.outlet),
            float(bool(a.language and b.language) and a.language != b.language)]


def feature_matrix(signals: Sequence[ArticleSignal], pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """One row of :data:`FEATURES` per pair of signal positions (cosines computed in one batch)."""
    out = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
    if not pairs:
        return out
    t = table_of(signals)
    rows, cols = np.asarray(pairs, dtype=np.int64).T
    for start in range(0, len(pairs), PAIR_CHUNK):  # bounds the gathered (pairs × 3 × dim) blocks
        r, c = rows[start:start + PAIR_CHUNK], cols[start:start + PAIR_CHUNK]
        out[start:start + PAIR_CHUNK, :3] = np.einsum("pkd,pkd->pk", t.parts[r], t.parts[c],
                                                      dtype=np.float64)
    out[:, 3:] = [scalar_features(t, i, j) for i, j in pairs]
    return out
