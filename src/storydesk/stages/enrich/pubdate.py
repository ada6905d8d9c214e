"""Infer an undated article's publication day from its own cues, weighed against its run's articles.

Candidate days are the days the article dates explicitly (with or without a year), the days its
relative expressions land on when resolved against those, the full date of its opening lines, and
the days related articles of the run mention or were published on, each with the days just after
(news follows its event). Every candidate is described by named features
(:mod:`storydesk.stages.enrich.pubdate_features`: tense violations, days since the latest dated
event, weekday + tense, agreement of "yesterday"/"on Tuesday" with dated mentions, same-day cues,
support from related articles) and scored with the weights fitted in ``rules/pubdate.toml``; a
softmax over the candidates gives the winner's raw score, which the shipped calibration maps to the
probability that the day is exact. Below ``min_confidence`` the answer is ``unknown``: no value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from storydesk.model import PublicationDate, Span
from storydesk.model.layers import DateAttrs, EvidenceAttrs
from storydesk.stages.enrich.pubdate_calibrate import calibrate
from storydesk.stages.enrich.pubdate_features import Evidence, Features, features, linear_score, span_day
from storydesk.stages.enrich.settings import PubDateSettings
from storydesk.stages.ingest.dates import BASIS_CONFIDENCE

#: An inferred day is never surer than a day the page states in its date line.
MAX_INFERRED = round(BASIS_CONFIDENCE["header"] - 0.01, 3)

#: Resolves an article's temporal expressions against an anchor day.
Resolver = Callable[[dt.date | None], tuple[Span[DateAttrs], ...]]


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """One candidate day with its features, its weighted score and the spans that support it."""

    day: dt.date
    features: Features
    score: float
    support: tuple[Span[DateAttrs], ...]


def day_mentions(spans: Iterable[Span[DateAttrs]]) -> list[dt.date]:
    """Absolute day-granularity dates among resolved spans (not resolved relative to an anchor)."""
    days = []
    for span in spans:
        value = span.attrs.value
        if span.label == "DATE" and not span.attrs.anchor_relative and isinstance(value, str) \
                and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            days.append(dt.date.fromisoformat(value))
    return days


def seed_days(own: Sequence[dt.date], evidence: Evidence, settings: PubDateSettings) -> list[dt.date]:
    """Days to resolve the article against first: its own full dates, its opening date, related days."""
    related = sorted(evidence.related, key=lambda d: (-evidence.related[d], d))[:settings.related_seeds]
    return sorted({*own, *([evidence.head] if evidence.head else []), *related})


def pins_year(span: Span[DateAttrs], explicit_kinds: frozenset[str]) -> bool:
    """A date named with its weekday ("Wednesday, December 13"): the weekday fits one year in seven, so
    the day it resolves to is the article's own even when the seed it was resolved against is a year off."""
    return span.attrs.kind in explicit_kinds and span.attrs.weekday is not None and not span.attrs.mismatch


def candidate_days(resolve: Resolver, seeds: Sequence[dt.date], settings: PubDateSettings,
                   explicit_kinds: frozenset[str] = frozenset()) -> list[dt.date]:
    """The seeds and every day the article's expressions name when resolved against a seed (within
    ``evidence_days`` of it, or anywhere for a date its weekday pins), plus the ``candidate_days_after``
    days after each."""
    pool = set(seeds)
    for seed in seeds:
        window = dt.timedelta(days=settings.evidence_days)
        pool |= {d for s in resolve(seed) if (d := span_day(s)) is not None
                 and (abs(d - seed) <= window or pins_year(s, explicit_kinds))}
    return sorted({d + dt.timedelta(days=k) for d in pool for k in range(settings.candidate_days_after + 1)})


def _support(spans: Sequence[Span[DateAttrs]], day: dt.date, days: int) -> tuple[Span[DateAttrs], ...]:
    return tuple(s for s in spans if (d := span_day(s)) is not None and 0 <= (day - d).days <= days)


def score_candidates(resolve: Resolver, evidence: Evidence, settings: PubDateSettings,
                     weights: Mapping[str, float]) -> list[Candidate]:
    """Every candidate day, scored, best first (ties: the earlier day)."""
    seeds = seed_days(day_mentions(resolve(None)), evidence, settings)
    out = []
    for day in candidate_days(resolve, seeds, settings, evidence.rules.explicit_kinds):
        spans = resolve(day)
        values = features(spans, day, evidence)
        out.append(Candidate(day=day, features=values, score=linear_score(values, weights),
                             support=_support(spans, day, settings.evidence_days)))
    return sorted(out, key=lambda c: (-c.score, c.day))


def top_share(candidates: Sequence[Candidate]) -> float:
    """The softmax probability of the best candidate among all of them (the raw score)."""
    best = candidates[0].score
    return 1.0 / sum(math.exp(c.score - best) for c in candidates)


def infer_publication_date(resolve: Resolver, evidence: Evidence,
                           settings: PubDateSettings) -> PublicationDate:
    """The best-supported publication day, or ``unknown`` when no day is likely enough."""
    rules = evidence.rules
    candidates = score_candidates(resolve, evidence, settings, rules.weights)
    if not candidates:
        return PublicationDate()
    raw = round(top_share(candidates), 3)
    confidence = min(calibrate(raw, rules.calibration), MAX_INFERRED) if settings.calibrated else raw
    if confidence < settings.min_confidence:
        return PublicationDate()
    best = candidates[0]
    spans = tuple(Span(start=s.start, end=s.end, label="EVIDENCE", attrs=EvidenceAttrs(value=s.attrs.value))
                  for s in best.support)
    return PublicationDate(value=best.day.isoformat(), granularity="day", basis="inferred",
                           confidence=round(confidence, 3), evidence=spans)
