"""What an article's own words and its run's other articles say for one candidate publication day.

:func:`features` resolves the article's temporal expressions against a candidate day and describes
how well the day fits, one named number per phenomenon (the weights in ``rules/pubdate.toml``):

- ``violations``: a past event after the day, or an announced one before it;
- ``explicit_gap_*``: days since the latest explicitly dated event (a report follows its event);
  events more than ``evidence_days`` before the day are background (an earlier visit, a war's
  start) and support nothing;
- ``explicit_after``: explicitly dated events after the day outside a future clause ("resigned on
  Tuesday, 23 July" is not written on July 14): a report names no later day than its own;
- ``weekday_gap_*``: "arrived on Tuesday" (a past clause) is the latest Tuesday on or before the day,
  and a report names the weekday of an event of the last day or two;
- ``announced_today`` / ``announced_next_day`` / ``announced_passed``: an announced event ("will be
  welcomed on Wednesday", "is set to host ... on Wednesday, March 15": a future clause) lies after the
  day it is written on — on the day itself is rarer than the eve, before it a contradiction;
- ``relative_agrees``: "on Tuesday", "yesterday", "last night" land on a day that a dated mention
  (the article's own or a related article's) names — the week is right;
- ``same_day``: "later Wednesday" is written on a Wednesday (+1) or not (-1);
- ``mismatch``: "Friday, September 8" names a weekday its date does not have in the day's year;
- ``related_day`` / ``related_day_before``: related articles mention or were published on the day
  (or the day before);
- ``head_date``: a full date in the opening lines (byline, dateline) is the day, unless the opening
  announces an event on it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storydesk.model import Span
from storydesk.model.layers import DateAttrs
from storydesk.stages.enrich.date_calendar import pick_weekday, value_bounds
from storydesk.stages.enrich.pubdate_rules import PubDateRules
from storydesk.stages.enrich.pubdate_tense import clause_tense

Features = dict[str, float]


@dataclass(frozen=True, kw_only=True, slots=True)
class Evidence:
    """What is known about an article before its candidates are scored."""

    text: str
    #: Related articles' days, weighted by similarity (mentions and publication days).
    related: Mapping[dt.date, float]
    #: The full date in the opening lines, if any.
    head: dt.date | None
    evidence_days: int
    rules: PubDateRules


def span_day(span: Span[DateAttrs]) -> dt.date | None:
    """The one day a span names (a DATE or a TIME within a day), else None."""
    value = span.attrs.value
    if span.label not in ("DATE", "TIME") or not isinstance(value, str):
        return None
    bounds = value_bounds(value)
    if bounds is None or bounds[0] != bounds[1]:
        return None
    return bounds[0]


def _violations(spans: Sequence[Span[DateAttrs]], day: dt.date) -> int:
    count = 0
    for span in spans:
        bounds = value_bounds(span.attrs.value) if isinstance(span.attrs.value, str) else None
        if bounds is None or span.label == "DURATION":
            continue
        tense = span.attrs.tense
        if (tense == "past" and bounds[0] > day) or (tense == "future" and bounds[1] < day):
            count += 1
    return count


def _gap_features(prefix: str, gap: int | None, buckets: Sequence[int]) -> Features:
    """One-hot of a gap in days over ``buckets`` (upper bounds); none or beyond the last: all zero."""
    out, low = {}, 0
    for high in buckets:
        out[f"{prefix}_{low}" if low == high else f"{prefix}_{low}_{high}"] = \
            1.0 if gap is not None and low <= gap <= high else 0.0
        low = high + 1
    return out


def _latest_gap(days: Sequence[dt.date], day: dt.date, window: int) -> int | None:
    gaps = [(day - d).days for d in days if 0 <= (day - d).days <= window]
    return min(gaps) if gaps else None


def _same_day(spans: Sequence[Span[DateAttrs]], text: str, day: dt.date, rules: PubDateRules) -> float:
    score = 0.0
    for span in spans:
        cue = rules.same_day.match(text[span.start:span.end])
        if cue:
            score += 1.0 if rules.weekdays.index(cue.group("weekday").lower()) == day.weekday() else -1.0
    return score


def _weekday_named(text: str, rules: PubDateRules) -> int | None:
    """The weekday (0 = Monday) a weekday expression names ("on Tuesday", "Friday night")."""
    lowered = text.lower()
    return next((i for i, name in enumerate(rules.weekdays) if name in lowered), None)


@dataclass(kw_only=True, slots=True)
class _Events:
    """One candidate day's dated events: reported explicit dates and weekdays, announced ones."""

    explicit: list[dt.date] = field(default_factory=list)
    weekdays: list[dt.date] = field(default_factory=list)
    announced_dates: list[dt.date] = field(default_factory=list)
    announced_weekdays: list[dt.date] = field(default_factory=list)


def _dated_events(spans: Sequence[Span[DateAttrs]], day: dt.date, evidence: Evidence) -> _Events:
    """The day's dated events by the tense of their clause (:mod:`.pubdate_tense`; the sentence's
    tense where the clause has no cue). A weekday is placed by that tense: a reported "on Tuesday" is
    the latest Tuesday on or before the day, an announced one the next on or after it."""
    rules = evidence.rules
    events = _Events()
    for span in spans:
        kind = span.attrs.kind
        weekday = kind == "weekday"
        if (kind not in rules.explicit_kinds and not weekday) or rules.same_day.match(
                evidence.text[span.start:span.end]):
            continue  # "later Wednesday" is the same-day cue's
        tense = clause_tense(evidence.text, span.attrs.sentence[0], span.start, rules.tense)
        tense = span.attrs.tense if tense == "unknown" else tense
        named = _weekday_named(evidence.text[span.start:span.end], rules) if weekday else None
        if named is not None and tense in ("past", "future"):
            found: dt.date | None = pick_weekday(day, named, tense)
        else:
            found = span_day(span)
        if found is None:
            continue
        if tense == "future":
            (events.announced_weekdays if weekday else events.announced_dates).append(found)
        elif weekday:
            if tense == "past":
                events.weekdays.append(found)
        else:
            events.explicit.append(found)
    return events


def _announced(events: _Events, day: dt.date, cap: int) -> Features:
    """Announced events on the day (written before it), the day after (written the eve) and before it
    (a contradiction)."""
    days = events.announced_dates + events.announced_weekdays
    after = day + dt.timedelta(days=1)
    return {"announced_today": float(min(sum(d == day for d in days), cap)),
            "announced_next_day": float(min(sum(d == after for d in days), cap)),
            "announced_passed": float(min(sum(d < day for d in days), cap))}


def features(spans: Sequence[Span[DateAttrs]], day: dt.date, evidence: Evidence) -> Features:
    """The named features of ``day`` for an article whose expressions resolved against it are ``spans``."""
    rules = evidence.rules
    events = _dated_events(spans, day, evidence)
    relative = {d for s in spans if s.attrs.kind in rules.relative_kinds and (d := span_day(s)) is not None
                and 0 <= (day - d).days <= evidence.evidence_days}
    dated = set(events.explicit) | {d for d, w in evidence.related.items() if w > 0}
    before = day - dt.timedelta(days=1)
    window = evidence.evidence_days
    return {
        "violations": float(min(_violations(spans, day), rules.max_violations)),
        **_gap_features("explicit_gap", _latest_gap(events.explicit, day, window), rules.explicit_buckets),
        "explicit_after": float(min(sum(d > day for d in events.explicit), rules.max_violations)),
        **_gap_features("weekday_gap", _latest_gap(events.weekdays, day, window), rules.weekday_buckets),
        **_announced(events, day, rules.max_violations),
        "relative_agrees": float(min(len(relative & dated), rules.max_agreements)),
        "same_day": _same_day(spans, evidence.text, day, rules),
        "mismatch": float(sum(1 for s in spans if s.attrs.mismatch)),
        "related_day": math.log1p(evidence.related.get(day, 0.0)),
        "related_day_before": math.log1p(evidence.related.get(before, 0.0)),
        # a byline's date, not the date of an event the opening announces ("is set to host ... on March 15")
        "head_date": 1.0 if evidence.head == day and day not in events.announced_dates else 0.0,
    }


def linear_score(values: Features, weights: Mapping[str, float]) -> float:
    """The weighted sum of a candidate's features (a feature without a weight counts nothing)."""
    return sum(weights.get(name, 0.0) * value for name, value in values.items())
