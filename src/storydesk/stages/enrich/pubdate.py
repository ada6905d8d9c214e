"""Infer an undated article's publication date from the dates it mentions (and its corpus).

Every candidate day is scored by how consistent the article's temporal expressions are when
resolved against it: a past-tense event cannot lie after the publication day, an announced one
cannot lie before it, "later Wednesday" is written on a Wednesday. Among consistent candidates, the
one closest after the latest reported past event wins (news is published soon after it happens),
and days that other articles of the run mention or were published on are preferred. The result
carries basis ``inferred``, a confidence from the margin over the runner-up, and evidence spans.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources

from storydesk.model import PublicationDate, Span
from storydesk.model.layers import DateAttrs, EvidenceAttrs
from storydesk.stages.enrich.date_calendar import value_bounds
from storydesk.stages.enrich.settings import PubDateSettings

#: Resolves an article's temporal expressions against an anchor day.
Resolver = Callable[[dt.date | None], tuple[Span[DateAttrs], ...]]



@functools.cache
def _same_day_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    data = tomllib.loads(resources.files("storydesk.rules").joinpath("pubdate.toml").read_text("utf-8"))
    return re.compile(data["same_day"], re.IGNORECASE), tuple(data["weekdays"])


def day_mentions(spans: Iterable[Span[DateAttrs]]) -> list[dt.date]:
    """Absolute day-granularity dates among resolved spans (not resolved relative to an anchor)."""
    days = []
    for span in spans:
        value = span.attrs.value
        if span.label == "DATE" and not span.attrs.anchor_relative and isinstance(value, str) \
                and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            days.append(dt.date.fromisoformat(value))
    return days


def candidate_days(own: Sequence[dt.date], corpus: Mapping[dt.date, int],
                   settings: PubDateSettings) -> list[dt.date]:
    """Each day the article mentions, the run's most mentioned days, and the days just after them."""
    cited = sorted(corpus, key=lambda d: (-corpus[d], d))[:settings.corpus_candidates]
    out = {d + dt.timedelta(days=k) for d in (*own, *cited)
           for k in range(settings.candidate_days_after + 1)}
    return sorted(out)


def _cost(spans: Sequence[Span[DateAttrs]], text: str, anchor: dt.date,
          settings: PubDateSettings) -> tuple[float, list[Span[DateAttrs]]]:
    """Inconsistency cost of an anchor, and the spans that support it."""
    pattern, weekdays = _same_day_pattern()
    cost, support, latest_past = 0.0, [], None
    for span in spans:
        same_day = pattern.match(text[span.start:span.end])
        if same_day:
            ok = weekdays.index(same_day.group("weekday").lower()) == anchor.weekday()
            cost += 0.0 if ok else settings.same_day_cost
            support += [span] if ok else []
            continue
        bounds = value_bounds(span.attrs.value) if isinstance(span.attrs.value, str) else None
        tense = span.attrs.tense
        if bounds is None or tense not in ("past", "future"):
            continue
        start, end = bounds
        if (tense == "past" and start > anchor) or (tense == "future" and end < anchor):
            cost += settings.violation_cost
        elif start >= anchor - dt.timedelta(days=settings.evidence_days):
            support.append(span)
        if tense == "past" and end <= anchor:
            latest_past = max(latest_past or end, end)
    if latest_past is not None:
        cost += settings.recency_cost_per_day * (anchor - latest_past).days
    return cost, support


def infer_publication_date(text: str, resolve: Resolver, corpus_days: Mapping[dt.date, int],
                           settings: PubDateSettings) -> PublicationDate:
    """The most consistent publication day, or ``unknown`` when the text offers no candidate."""
    own = day_mentions(resolve(None))
    candidates = candidate_days(own, corpus_days, settings)
    if not candidates:
        return PublicationDate()
    scored = []
    for day in candidates:
        spans = resolve(day)
        cost, support = _cost(spans, text, day, settings)
        bonus = min(settings.max_corpus_support, settings.corpus_support * corpus_days.get(day, 0))
        scored.append((cost - bonus, day, support))
    scored.sort(key=lambda item: (item[0], item[1]))
    best_cost, best_day, support = scored[0]
    margin = scored[1][0] - best_cost if len(scored) > 1 else 1.0
    confidence = round(min(settings.max_confidence,
                           settings.base_confidence + settings.margin_confidence * min(1.0, margin)), 2)
    evidence = tuple(Span(start=s.start, end=s.end, label="EVIDENCE",
                          attrs=EvidenceAttrs(value=s.attrs.value)) for s in support)
    return PublicationDate(value=best_day.isoformat(), granularity="day", basis="inferred",
                           confidence=confidence, evidence=evidence)
