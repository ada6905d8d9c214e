"""Which sentences of other outlets support a summary sentence, judged conservatively.

A sentence of another outlet supports a summary sentence when it is a whole statement, says nearly
the same (cosine of the two embeddings at or above ``support_threshold``), repeats some of its content
words (names, nouns, figures: embeddings alone also pair sentences that merely share a topic), and
nothing it states contradicts it: every number it gives must fit a number of the same kind in the
summary sentence (when that one gives any of that kind), and every day it names must be a day the
summary sentence names (when that one names any). "About", "more than", "up to", vague
amounts and ranges are read as intervals, an integer written with trailing zeros ("2,000") as
rounded; so "more than 2,000" supports "2,012 dead", but neither "3,958 dead" nor "more than 5,300"
supports "11,300 dead".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.model import Span
from storydesk.model.layers import DateAttrs, NumberAttrs
from storydesk.stages.compare.units import SentenceUnit
from storydesk.stages.summarize.candidates import can_support, content_words
from storydesk.stages.summarize.settings import SummarySettings

# Numbers are compared within their label; the counted noun varies too much across outlets ("11,300
# deaths", "11,300 people died") to separate them, except money, where the currency must match.
_UNIT_MATTERS = frozenset({"MONEY"})
# Approximation cues (``approx`` attr of a number span) read as open or widened intervals.
_AT_LEAST = frozenset({"more than", "at least"})
_AT_MOST = frozenset({"up to", "less than"})
_NEAR = frozenset({"about", "nearly"})
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DAY_CHARS = len("2023-09-08")
_FULL_DATE = "full_date"  # a date kind that states month and day itself
_INFERRED = "inferred"  # anchor basis of a publication date guessed from the content
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


def number_key(span: Span[NumberAttrs]) -> str:
    """The kind of amount two numbers must share to be compared ("QUANTITY", "MONEY:USD")."""
    if span.label in _UNIT_MATTERS:
        return f"{span.label}:{span.attrs.unit}"
    return span.label


def _round_step(written: str, settings: SummarySettings) -> float:
    """Half the rounding step of an integer written with trailing zeros ("2,000" → 500); else 0."""
    match = _DIGITS.search(written)
    digits = match.group().replace(",", "") if match else ""
    if not digits or "." in digits:
        return 0.0
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0 ** zeros / 2 if zeros >= settings.round_zeros and zeros < len(digits) else 0.0


def interval(span: Span[NumberAttrs], written: str, settings: SummarySettings) -> Interval:
    """The interval a number span allows (unbounded when the span has no usable value)."""
    attrs = span.attrs
    raw, approx = attrs.value, attrs.approx or "exact"
    if raw is None:
        low, high = attrs.low, attrs.high
        return Interval(low=-math.inf if low is None else float(low),
                        high=math.inf if high is None else float(high))
    value = float(raw)
    if approx in _AT_LEAST:
        return Interval(low=value, high=value * settings.open_bound_ratio)
    if approx in _AT_MOST:
        return Interval(low=value / settings.open_bound_ratio, high=value)
    tolerance = abs(value) * settings.approx_tolerance
    slack = tolerance if approx in _NEAR else 0.0
    if approx == "exact":  # a round figure is read as rounded, by no more than the "about" slack
        scale = value / max(_first_number(written), 1.0)
        slack = min(tolerance, _round_step(written, settings) * scale)
    return Interval(low=value - slack, high=value + slack)


def _first_number(written: str) -> float:
    """The first number as written, before any scale word ("68.7" of "$68.7bn")."""
    match = _DIGITS.search(written)
    return float(match.group().replace(",", "")) if match else 1.0


def numbers_of(unit: SentenceUnit, settings: SummarySettings) -> dict[str, list[Interval]]:
    """The unit's numbers grouped by what they count."""
    out: dict[str, list[Interval]] = {}
    for span in unit.numbers:
        written = unit.text[span.start - unit.start:span.end - unit.start]
        found = interval(span, written, settings)
        if math.isfinite(found.low) or math.isfinite(found.high):
            out.setdefault(number_key(span), []).append(found)
    return out


def trusted_day(span: Span[DateAttrs], min_confidence: float) -> str | None:
    """The day a date span names, when its resolution can be trusted; else None.

    Absolute dates are trusted; a relative one ("Sunday") only when its anchor is a stated
    publication date or one inferred with at least ``min_confidence``.
    """
    attrs = span.attrs
    value = attrs.value or ""
    if attrs.granularity != "day" or not _DAY.match(value):
        return None
    relative = attrs.anchor_relative and attrs.kind != _FULL_DATE
    inferred = attrs.anchor_basis == _INFERRED
    if relative and inferred and float(attrs.anchor_confidence or 0.0) < min_confidence:
        return None
    return value[:_DAY_CHARS]


def days_of(unit: SentenceUnit, min_confidence: float) -> frozenset[str]:
    """The calendar days the unit names, trusted ones only (see :func:`trusted_day`)."""
    return frozenset(day for d in unit.dates if (day := trusted_day(d, min_confidence)))


def shares_words(claim: SentenceUnit, other: SentenceUnit, settings: SummarySettings) -> bool:
    """Whether ``other`` repeats at least ``min_shared_words`` content words of ``claim``."""
    return len(content_words(claim.text) & content_words(other.text)) >= settings.min_shared_words


def agrees(claim: SentenceUnit, other: SentenceUnit, settings: SummarySettings) -> bool:
    """Whether nothing ``other`` states contradicts ``claim`` (numbers of the same kind, days)."""
    mine, theirs = numbers_of(claim, settings), numbers_of(other, settings)
    for key, values in theirs.items():
        if key in mine and not all(any(v.meets(m) for m in mine[key]) for v in values):
            return False
    my_days = days_of(claim, settings.min_anchor_confidence)
    their_days = days_of(other, settings.min_anchor_confidence)
    return not my_days or their_days <= my_days


def supporters(index: int, units: Sequence[SentenceUnit], similarity: np.ndarray,
               settings: SummarySettings) -> tuple[Supporter, ...]:
    """The best supporting sentence of every article from another outlet, most similar first."""
    claim = units[index]
    best: dict[str, Supporter] = {}
    for j in np.flatnonzero(similarity[index] >= settings.support_threshold):
        other = units[int(j)]
        if other.outlet == claim.outlet or not can_support(other, settings):
            continue
        if not (shares_words(claim, other, settings) and agrees(claim, other, settings)):
            continue
        found = Supporter(unit=int(j), similarity=float(similarity[index, j]))
        if other.article not in best or found.similarity > best[other.article].similarity:
            best[other.article] = found
    return tuple(sorted(best.values(), key=lambda s: (-s.similarity, s.unit)))
