"""Calibrating an inferred publication day's raw score into the probability that it is the exact day.

The inference scores its chosen day (:func:`storydesk.stages.enrich.pubdate_score.raw_score`); that
score orders days by how sure we are but is no probability. A calibration is a monotone table of
``(raw score, share right)`` knots, fitted by isotonic regression (pool-adjacent-violators) on a
corpus whose days are known, and read by linear interpolation between knots. The shipped table is in
``rules/pubdate.toml``; ``storydesk_eval.pubdate`` fits one per corpus to report cross-corpus figures.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

#: ``(raw score, probability of the exact day)`` knots, raw scores ascending.
Calibration = tuple[tuple[float, float], ...]


def calibrate(raw: float, table: Calibration) -> float:
    """The probability at ``raw``: interpolated between knots, flat beyond the first and last."""
    if not table:
        return raw
    xs = [x for x, _ in table]
    i = bisect.bisect_left(xs, raw)
    if i == 0:
        return table[0][1]
    if i == len(table):
        return table[-1][1]
    (x0, y0), (x1, y1) = table[i - 1], table[i]
    share = (raw - x0) / (x1 - x0) if x1 > x0 else 1.0
    return round(y0 + share * (y1 - y0), 3)


def _pooled(points: Sequence[tuple[float, bool]]) -> list[list[float]]:
    """Pool-adjacent-violators blocks ``[sum right, count, lowest raw, highest raw]``, ascending."""
    blocks: list[list[float]] = []
    for raw, right in sorted(points):
        blocks.append([float(right), 1.0, raw, raw])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            top = blocks.pop()
            blocks[-1] = [blocks[-1][0] + top[0], blocks[-1][1] + top[1], blocks[-1][2], top[3]]
    return blocks


def fit_calibration(points: Sequence[tuple[float, bool]], *, prior: float = 1.0) -> Calibration:
    """An isotonic table from ``(raw score, was right)`` pairs.

    Each block's share is shrunk towards one half by ``prior`` pseudo-counts (a block of three right
    answers is not a certainty), then a knot is put at both ends of every block.
    """
    knots: list[tuple[float, float]] = []
    for right, count, low, high in _pooled(points):
        share = round((right + prior / 2) / (count + prior), 3)
        share = max(share, knots[-1][1]) if knots else share  # shrinking must not undo the ordering
        for raw in (low, high):
            if not knots or raw > knots[-1][0]:
                knots.append((round(raw, 3), share))
    return tuple(knots)
