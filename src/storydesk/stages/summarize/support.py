"""Which sentences of other outlets support a summary sentence, judged conservatively.

A sentence of another outlet supports a summary sentence when it says nearly the same (cosine of the
two embeddings at or above ``support_threshold``) and nothing it states contradicts it: every number
it gives must fit a number of the same kind in the summary sentence, and every day it names must be
a day the summary sentence names (when that one names any). "About", "more than" and ranges are
read as intervals, and an integer written with trailing zeros ("2,000") as rounded, so "more than
2,000" supports "2,012 dead" but "3,958 dead" does not support "11,300 dead".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.model import Span
from storydesk.stages.compare.units import SentenceUnit
from storydesk.stages.summarize.settings import SummarySettings

# Number labels whose unit is implied by the label itself, whatever noun the parser attached.
_LABEL_IS_UNIT = frozenset({"PERCENT", "MAGNITUDE", "MINUTE", "FRACTION"})
# Approximation cues (``approx`` attr of a number span) read as open or widened intervals.
_AT_LEAST = frozenset({"more than", "at least"})
_AT_MOST = frozenset({"up to", "less than"})
_NEAR = frozenset({"about", "nearly"})
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True, kw_only=True, slots=True)
class Interval:
    """The values a written number allows."""

    low: float
    high: float

    def meets(self, other: Interval) -> bool:
        """Whether the two intervals share a value."""
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True, kw_only=True, slots=True)
class Supporter:
    """A sentence unit of another article that supports a summary sentence, with its similarity."""

    unit: int
    similarity: float


def number_key(span: Span) -> str | None:
    """What a number counts ("PERCENT", "QUANTITY:people"); None when that is unknown."""
    if span.label in _LABEL_IS_UNIT:
        return span.label
    unit = span.attrs.get("unit")
    return f"{span.label}:{unit}" if unit else None


def _round_step(written: str, settings: SummarySettings) -> float:
    """Half the rounding step of an integer written with trailing zeros ("2,000" → 500); else 0."""
    match = _DIGITS.search(written)
    digits = match.group().replace(",", "") if match else ""
    if not digits or "." in digits:
        return 0.0
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0 ** zeros / 2 if zeros >= settings.round_zeros and zeros < len(digits) else 0.0


def interval(span: Span, written: str, settings: SummarySettings) -> Interval | None:
    """The interval a number span allows; None for spans without a usable value."""
    attrs = span.attrs
    value, approx = attrs.get("value"), str(attrs.get("approx") or "exact")
    if value is None:
        low, high = attrs.get("low"), attrs.get("high")
        return Interval(low=float(low), high=float(high)) if low is not None and high is not None else None
    value = float(value)
    if approx in _AT_LEAST:
        return Interval(low=value, high=math.inf)
    if approx in _AT_MOST:
        return Interval(low=-math.inf, high=value)
    slack = abs(value) * settings.approx_tolerance if approx in _NEAR else 0.0
    if approx == "exact":
        slack = max(slack, _round_step(written, settings) * (value / max(_first_number(written), 1.0)))
    return Interval(low=value - slack, high=value + slack)


def _first_number(written: str) -> float:
    """The first number as written, before any scale word ("68.7" of "$68.7bn")."""
    match = _DIGITS.search(written)
    return float(match.group().replace(",", "")) if match else 1.0


def numbers_of(unit: SentenceUnit, settings: SummarySettings) -> dict[str, list[Interval]]:
    """The unit's numbers grouped by what they count."""
    out: dict[str, list[Interval]] = {}
    for span in unit.numbers:
        key = number_key(span)
        written = unit.text[span.start - unit.start:span.end - unit.start]
        found = interval(span, written, settings)
        if key and found:
            out.setdefault(key, []).append(found)
    return out


def days_of(unit: SentenceUnit) -> frozenset[str]:
    """The calendar days the unit names (day-granularity date values)."""
    return frozenset(str(d.attrs["value"])[:10] for d in unit.dates
                     if d.attrs.get("granularity") == "day" and _DAY.match(str(d.attrs.get("value") or "")))


def agrees(claim: SentenceUnit, other: SentenceUnit, settings: SummarySettings) -> bool:
    """Whether nothing ``other`` states contradicts ``claim`` (numbers of the same kind, days)."""
    mine, theirs = numbers_of(claim, settings), numbers_of(other, settings)
    for key, values in theirs.items():
        if key in mine and not all(any(v.meets(m) for m in mine[key]) for v in values):
            return False
    my_days, their_days = days_of(claim), days_of(other)
    return not my_days or their_days <= my_days


def supporters(index: int, units: Sequence[SentenceUnit], similarity: np.ndarray,
               settings: SummarySettings) -> tuple[Supporter, ...]:
    """The best supporting sentence of every article from another outlet, most similar first."""
    claim = units[index]
    best: dict[str, Supporter] = {}
    for j in np.flatnonzero(similarity[index] >= settings.support_threshold):
        other = units[int(j)]
        if other.outlet == claim.outlet or not agrees(claim, other, settings):
            continue
        found = Supporter(unit=int(j), similarity=float(similarity[index, j]))
        if other.article not in best or found.similarity > best[other.article].similarity:
            best[other.article] = found
    return tuple(sorted(best.values(), key=lambda s: (-s.similarity, s.unit)))
