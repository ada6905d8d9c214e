"""Dated event candidates: for each sentence, the one date its event is about.

A sentence can hold several temporal expressions ("Putin will hold talks later Wednesday, the Kremlin
announced Tuesday"). The candidate takes the date inside reported content over one in the reporting
clause, an absolute or well-anchored date over a guessed one, a finer date over a coarser one, then
the first. Durations, references ("recently") and clock times are not event dates.

A date resolved relative to a guessed publication day (``anchor_confidence`` below the trusted level)
counts only where a trusted candidate backs it up. A bare weekday on a guessed anchor (or resolved
far from its anchor) is placed on that weekday within the story's own days; one on a good anchor
keeps the same weekday a week the other way as an alternative, since whether "Wednesday" is the last
or the next one rests on a tense guess. The timeline moves a candidate to an alternative day only
where another outlet's trusted report of the same event stands (:func:`..timeline.settle_weekdays`).
Years inside names ("Euro 2024") and lines that are only a time stamp are no events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from storydesk.model import Article, Span
from storydesk.model.layers import DateAttrs
from storydesk.stages.clean.glued_lexical import lexicon
from storydesk.stages.cluster.signals import entity_key
from storydesk.stages.compare.settings import TimelineSettings
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

#: Finer first: the order granularities are preferred in and sorted by.
GRANULARITY_RANK: Mapping[str, int] = {"day": 0, "month": 1, "year": 2}
#: A clock time or part of the day ("last night") dates its day.
_DAY_LIKE = frozenset({"day", "time"})
_DAYS_PER_WEEK = 7
#: Shorter words ("pm", "GMT" aside) are abbreviations and particles, not what a line reports.
_WORD = re.compile(r"[^\W\d_]+|\d+")



@dataclass(frozen=True, kw_only=True, slots=True)
class EventDate:
    """A calendar value at day, month or year granularity and the days it covers."""

    value: str
    granularity: str
    first: dt.date
    last: dt.date

    def key(self) -> tuple[str, str]:
        """What two dates must share to be the same date."""
        return self.granularity, self.value

    def contains(self, other: EventDate) -> bool:
        """Whether this date is coarser than ``other`` and covers it."""
        coarser = GRANULARITY_RANK[self.granularity] > GRANULARITY_RANK[other.granularity]
        return coarser and self.first <= other.first and other.last <= self.last


@dataclass(frozen=True, kw_only=True, slots=True)
class EventCandidate:
    """One sentence's event date.

    ``row`` is the sentence's position in the story units; ``start``/``end`` the cited range, the
    sentence's line that holds the date (a sentence that runs across a line break is cut back to it).
    """

    row: int
    start: int
    end: int
    date: EventDate
    alternatives: tuple[EventDate, ...] = ()
    trusted: bool = True
    tense: str = "unknown"
    context: frozenset[str] = frozenset()


def day_date(day: dt.date) -> EventDate:
    """The event date of one day."""
    return EventDate(value=day.isoformat(), granularity="day", first=day, last=day)


def iso_day(value: str | None) -> dt.date:
    """The day of an ISO date attribute (``start``/``end`` of a date span).

    Raises:
        ValueError: the span has no such bound (only spans :func:`is_event_date` accepts have both).
    """
    if value is None:
        raise ValueError("the date span has no day bound")
    return dt.date.fromisoformat(value)


def event_date(span: Span[DateAttrs]) -> EventDate:
    """The event date of a usable date span (see :func:`is_event_date`)."""
    value, granularity = str(span.attrs.value), span.attrs.granularity
    first, last = iso_day(span.attrs.start), iso_day(span.attrs.end)
    if granularity in _DAY_LIKE:
        return day_date(first)
    return EventDate(value=value, granularity=granularity, first=first, last=last)


def is_event_date(span: Span[DateAttrs], settings: TimelineSettings) -> bool:
    """Whether a date span names a calendar day, month or year that an event can have."""
    attrs = span.attrs
    granularity = attrs.granularity
    known = granularity in GRANULARITY_RANK or granularity in _DAY_LIKE
    return (span.label in ("DATE", "TIME") and known and attrs.kind not in settings.ignored_kinds
            and isinstance(attrs.value, str) and attrs.start is not None and attrs.end is not None)


def anchor_confidence(span: Span[DateAttrs], article: Article) -> float:
    """How sure the date is: 1 for an absolute date, else the confidence of its anchor."""
    if not span.attrs.anchor_relative:
        return 1.0
    own = span.attrs.anchor_confidence
    return float(own if own is not None else article.published.confidence)


def is_trusted(span: Span[DateAttrs], article: Article, settings: TimelineSettings) -> bool:
    """Whether a date can stand alone: absolute, anchor-insensitive, or well anchored and consistent."""
    if span.attrs.mismatch:
        return False
    if span.attrs.kind not in settings.anchor_sensitive_kinds:
        return True
    return anchor_confidence(span, article) >= settings.trusted_anchor_confidence


def weekday_of(span: Span[DateAttrs]) -> int:
    """The weekday (Monday 0) of a resolved weekday expression."""
    return iso_day(span.attrs.start).weekday()


def weekday_alternative(span: Span[DateAttrs], article: Article) -> tuple[EventDate, ...]:
    """For a well-anchored weekday, the same weekday one week the other side of the anchor."""
    anchor = article.published.value
    day = iso_day(span.attrs.start)
    if not anchor or day == dt.date.fromisoformat(anchor[:10]):
        return ()
    step = dt.timedelta(days=_DAYS_PER_WEEK if day < dt.date.fromisoformat(anchor[:10]) else -_DAYS_PER_WEEK)
    return (day_date(day + step),)


def weekday_in_story(weekday: int, days: tuple[dt.date, dt.date]) -> tuple[list[dt.date], list[dt.date]]:
    """The days of a weekday within the story's days, and those within a week before or after them."""
    first, last = days
    week = dt.timedelta(days=_DAYS_PER_WEEK - 1)
    span = [first - week + dt.timedelta(days=k) for k in range((last - first + 2 * week).days + 1)]
    matching = [d for d in span if d.weekday() == weekday]
    return [d for d in matching if first <= d <= last], [d for d in matching if not first <= d <= last]


def is_weekday(span: Span[DateAttrs]) -> bool:
    """Whether a span is a weekday resolved relative to its anchor ("Friday", "late Monday")."""
    return span.attrs.kind == "weekday" and span.attrs.anchor_relative


def near_anchor(span: Span[DateAttrs], article: Article) -> bool:
    """Whether a resolved weekday lies within a week of its article's publication day.

    A bare weekday names a day of the week around publication; one resolved further away was
    counted from some other date the text mentioned ("Sunday's EURO 2024 final" → 7 January).
    """
    anchor = article.published.value
    if not anchor:
        return False
    day, pub = iso_day(span.attrs.start), dt.date.fromisoformat(anchor[:10])
    return abs((day - pub).days) <= _DAYS_PER_WEEK


def dated_candidate(row: int, unit: SentenceUnit, span: Span[DateAttrs], article: Article,
                    settings: TimelineSettings, days: tuple[dt.date, dt.date] | None) -> EventCandidate:
    """The candidate of a sentence's chosen date; a weekday on a guessed anchor moves to the story's days."""
    start, end = date_line(unit, span)
    base = EventCandidate(row=row, start=start, end=end, date=event_date(span),
                          context=date_context(unit, span, settings),
                          trusted=is_trusted(span, article, settings), tense=span.attrs.tense)
    if not is_weekday(span):
        return base
    if (base.trusted and near_anchor(span, article)) or days is None:
        return replace(base, alternatives=weekday_alternative(span, article))
    inside, around = weekday_in_story(weekday_of(span), days)
    own = iso_day(span.attrs.start)
    if inside:
        options = sorted(inside, key=lambda d: (abs((d - own).days), d)) + around
    else:
        # Nearest to the story's days; at equal distance the side the tense points to.
        later_first = span.attrs.tense == "future"
        options = sorted(around, key=lambda d: (min(abs((d - days[0]).days), abs((d - days[1]).days)),
                                                (d < days[0]) == later_first))
    return replace(base, date=day_date(options[0]), trusted=len(inside) <= 1,
                   alternatives=tuple(day_date(d) for d in options[1:]))


def date_line(unit: SentenceUnit, span: Span) -> tuple[int, int]:
    """The character range of the line of a sentence that holds a date, trimmed of spaces."""
    text, rel_start, rel_end = unit.text, span.start - unit.start, span.end - unit.start
    first = text.rfind("\n", 0, max(rel_start, 0)) + 1
    last = text.find("\n", rel_end)
    last = len(text) if last < 0 else last
    line = text[first:last]
    lead = len(line) - len(line.lstrip())
    return unit.start + first + lead, unit.start + first + len(line.rstrip())


def in_reported_content(span: Span, unit: SentenceUnit) -> bool:
    """Whether a date lies in quoted or reported content, or the sentence reports nobody's words."""
    if not unit.quotes:
        return True
    return any(q.start <= span.start and span.end <= q.end for q in unit.quotes)


def _preference(span: Span[DateAttrs], unit: SentenceUnit, trusted: bool) -> tuple[bool, bool, int, int]:
    """Sort key of a sentence's dates: content over reporting clause, trusted, finer, earlier."""
    rank = GRANULARITY_RANK.get(span.attrs.granularity, 0)
    return not in_reported_content(span, unit), not trusted, rank, span.start


def unit_candidate(row: int, unit: SentenceUnit, article: Article, settings: TimelineSettings,
                   days: tuple[dt.date, dt.date] | None) -> list[EventCandidate]:
    """The event candidate of one sentence (none when it holds no usable date)."""
    usable = [s for s in unit.dates if is_event_date(s, settings) and not is_name_part(s, unit, settings)
              and anchor_confidence(s, article) >= settings.min_anchor_confidence]
    if not usable:
        return []
    best = min(usable, key=lambda s: _preference(s, unit, is_trusted(s, article, settings)))
    if not says_something(unit, date_line(unit, best), settings):
        return []
    return [dated_candidate(row, unit, best, article, settings, days)]


def says_something(unit: SentenceUnit, line: tuple[int, int], settings: TimelineSettings) -> bool:
    """Whether a line says more than its dates (a time stamp has fewer than ``min_event_words`` words)."""
    text = list(unit.text[line[0] - unit.start:line[1] - unit.start])
    for span in unit.dates:
        for k in range(max(span.start, line[0]), min(span.end, line[1])):
            text[k - line[0]] = " "
    function_words = lexicon(settings.stem_chars).function
    words = [w for w in _WORD.findall("".join(text)) if w.isalpha() and len(w) >= settings.min_word_chars
             and w.lower() not in function_words]
    return len(words) >= settings.min_event_words


def is_name_part(span: Span[DateAttrs], unit: SentenceUnit, settings: TimelineSettings) -> bool:
    """Whether a bare year belongs to a name ("Euro 2024", "the 2023 BRICS summit"), not to an event."""
    if span.attrs.kind != "year":
        return False
    function_words = lexicon(settings.stem_chars).function
    before = _WORD.findall(unit.text[:max(0, span.start - unit.start)])[-1:]
    after = _WORD.findall(unit.text[span.end - unit.start:])[:1]
    spaced = (unit.text[max(0, span.start - unit.start - 1):span.start - unit.start].isspace(),
              unit.text[span.end - unit.start:span.end - unit.start + 1].isspace())
    return any(gap and word[0].isupper() and word.lower() not in function_words
               for gap, words in zip(spaced, (before, after), strict=True) for word in words)


def date_context(unit: SentenceUnit, span: Span, settings: TimelineSettings) -> frozenset[str]:
    """Stems of the content words just before and after a date in its sentence."""
    function_words = lexicon(settings.stem_chars).function
    before = _WORD.findall(unit.text[:max(0, span.start - unit.start)])[-settings.context_words:]
    after = _WORD.findall(unit.text[span.end - unit.start:])[:settings.context_words]
    return frozenset(w.lower()[:settings.stem_chars] for w in (*before, *after)
                     if w.lower() not in function_words)


def event_candidates(units: StoryUnits, articles: Sequence[Article], settings: TimelineSettings,
                     days: tuple[dt.date, dt.date] | None = None) -> list[EventCandidate]:
    """The event candidates of every sentence unit, in unit order (``days``: the story's own days)."""
    by_id = {a.id: a for a in articles}
    return [c for row, unit in enumerate(units.units) if unit.article in by_id
            for c in unit_candidate(row, unit, by_id[unit.article], settings, days)]


def _jaccard_matrix(sets: Sequence[frozenset[str]]) -> np.ndarray:
    """Pairwise Jaccard overlaps (0 where both sets are empty)."""
    n = len(sets)
    out = np.zeros((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(i + 1, n):
            union = len(sets[i] | sets[j])
            out[i, j] = out[j, i] = len(sets[i] & sets[j]) / union if union else 0.0
    return out


def entity_keys(unit: SentenceUnit) -> frozenset[str]:
    """Canonical keys of the names a sentence mentions."""
    keys = (entity_key(s.attrs.text, s.label) for s in unit.entities)
    return frozenset(k for k in keys if k)


def number_values(unit: SentenceUnit) -> frozenset[str]:
    """The values of the numbers a sentence states."""
    return frozenset(str(s.attrs.value) for s in unit.numbers if s.attrs.value is not None)


def event_similarity(units: StoryUnits, candidates: Sequence[EventCandidate],
                     settings: TimelineSettings) -> np.ndarray:
    """Pairwise same-event score: sentence cosine plus overlap of names, numbers and date context."""
    picked = [units.units[c.row] for c in candidates]
    vectors = units.vectors[[c.row for c in candidates]].astype(np.float64)
    score = vectors @ vectors.T
    score += settings.entity_weight * _jaccard_matrix([entity_keys(u) for u in picked])
    score += settings.number_weight * _jaccard_matrix([number_values(u) for u in picked])
    score += settings.context_weight * _jaccard_matrix([c.context for c in candidates])
    return score


def average_linkage(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of rows: average-linkage agglomeration that stops below ``threshold``.

    Cluster similarities are updated in place (Lance-Williams), so a block of n rows costs O(n²) per
    merge. Groups come back sorted by their first row, each in row order.
    """
    n = len(similarity)
    sim = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(sim, -np.inf)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while len(members) > 1:
        a, b = divmod(int(np.argmax(sim)), n)
        if sim[a, b] < threshold:
            break
        na, nb = len(members[a]), len(members[b])
        sim[a, :] = (na * sim[a, :] + nb * sim[b, :]) / (na + nb)
        sim[:, a] = sim[a, :]
        sim[b, :] = sim[:, b] = sim[a, a] = -np.inf
        members[a] = sorted(members[a] + members.pop(b))
    return sorted(members.values(), key=lambda group: group[0])
