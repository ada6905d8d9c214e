"""Turn one grammar match into a TIMEX3-style value, given the anchor date, tense and earlier mentions."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storydesk.stages.enrich import date_calendar as cal
from storydesk.stages.enrich.date_rules import DateRules, fold

_CENTURY = 100
_HOURS_HALF_DAY = 12
_PIVOT_CENTURIES = (2000, 1900)  # two-digit years below the pivot are 20xx, the others 19xx

Groups = Mapping[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class Resolved:
    """What a match means: label, value (None when unresolvable) and what the value alone does not say."""

    value: str | None
    label: str = "DATE"
    anchor_relative: bool = False
    granularity: str | None = None  # overrides the value's own ("range" for "the coming days")
    bounds: tuple[str, str] | None = None  # ISO days of a value that has none of its own
    weekday: int | None = None  # the weekday the text names ...
    mismatch: bool = False  # ... disagrees with the date


@dataclass(kw_only=True, slots=True)
class Context:
    """What resolution needs besides the match: anchor, tense, rules, and the last date mentioned."""

    anchor: dt.date | None
    rules: DateRules
    month_first: bool
    two_digit_pivot: int
    plural_span: int
    tense: str = "unknown"
    mentions: list[str] = field(default_factory=list)

    @property
    def last(self) -> str | None:
        """The calendar value mentioned last."""
        return self.mentions[-1] if self.mentions else None

    def latest(self, unit: str) -> str | None:
        """The calendar value mentioned last that pins down at least ``unit`` ("day": a day)."""
        return next((v for v in reversed(self.mentions) if not _finer(unit, v)), None)


def _unit(word: str) -> str:
    """A unit word in singular form ("weeks" → "week")."""
    return word[:-1] if word.endswith("s") else word


def _relative(value: str | None, *, granularity: str | None = None,
              bounds: tuple[str, str] | None = None) -> Resolved:
    """A value computed from the anchor or an earlier date."""
    return Resolved(value=value, anchor_relative=True, granularity=granularity, bounds=bounds)


def _year_ref(rel: str, ctx: Context) -> int | None:
    """The year named by "last year", "the same year", "the previous year" ... (None if unknown)."""
    key = fold(rel).split()[-2]
    if key in ctx.rules.anaphoric:
        if ctx.last is None or not ctx.last[:4].isdigit():
            return None
        return int(ctx.last[:4]) + ctx.rules.anaphoric[key]
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + ctx.rules.deictic.get(key, 0)


def _full_date(m: Groups, ctx: Context) -> Resolved:
    """"Wednesday, March 15, 2023", "15 March", "April 2nd": day dates, year from text or tense."""
    month, day = ctx.rules.months[fold(m["mon"])], int(m["day"])
    weekday = ctx.rules.weekdays.get(fold(m["wd"])) if m["wd"] else None
    if m["year"]:
        found = cal.safe_date(int(m["year"]), month, day)
        relative = False
    elif ctx.anchor is not None:
        found = _date_without_year(ctx.anchor, month, day, weekday, ctx.tense)
        relative = True
    else:
        return Resolved(value=None, anchor_relative=True)
    if found is None:
        return Resolved(value=None)
    return Resolved(value=cal.day_value(found), anchor_relative=relative, weekday=weekday,
                    mismatch=weekday is not None and found.weekday() != weekday)


def _date_without_year(anchor: dt.date, month: int, day: int, weekday: int | None,
                       tense: str) -> dt.date | None:
    """A day named without a year: the one the weekday fits if given, else nearest by tense."""
    year = cal.pick_year(anchor, month, day, tense)
    if weekday is not None:
        for candidate in (year, year - 1, year + 1):
            found = cal.safe_date(candidate, month, day)
            if found is not None and found.weekday() == weekday:
                return found
    return cal.safe_date(year, month, day)


def _iso_date(m: Groups, ctx: Context) -> Resolved:
    """"2023-03-15"."""
    found = cal.safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    return Resolved(value=None if found is None else cal.day_value(found))


def _numeric_date(m: Groups, ctx: Context) -> Resolved:
    """"7/8/07": month first or day first per settings, two-digit years by the pivot."""
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    month, day = (first, second) if ctx.month_first else (second, first)
    if year < _CENTURY:
        year = _full_year(year, ctx.two_digit_pivot)
    found = cal.safe_date(year, month, day)
    return Resolved(value=None if found is None else cal.day_value(found))


def _month_year(m: Groups, ctx: Context) -> Resolved:
    """"September 2021", "May of the same year", "May of last year"."""
    month = ctx.rules.months[fold(m["mon"])]
    if m["year"]:
        return Resolved(value=cal.month_value(int(m["year"]), month))
    year = _year_ref(m["rel"], ctx)
    return _relative(None if year is None else cal.month_value(year, month))


def _month(m: Groups, ctx: Context) -> Resolved:
    """"December": the nearest plausible year for the tense."""
    if ctx.anchor is None:
        return _relative(None)
    month = ctx.rules.months[fold(m["mon"])]
    return _relative(cal.month_value(cal.pick_year(ctx.anchor, month, None, ctx.tense), month))


def _quarter(m: Groups, ctx: Context) -> Resolved:
    """"the third quarter of 2009", "Q3", "the last quarter", "third-quarter"."""
    year_text = m["year"] or m["year2"]
    if m["det"]:
        delta = ctx.rules.deictic.get(fold(m["det"]), 0)
        return _relative(None if ctx.anchor is None else cal.unit_value(ctx.anchor, "quarter", delta))
    quarter = int(m["q"]) if m["q"] else ctx.rules.ordinals[fold(m["ord"])]
    year = _period_year(year_text, m["rel"], ctx, quarter, cal.quarter_of)
    return _relative(None if year is None else f"{year:04d}-Q{quarter}")


def _period_year(year_text: str | None, rel: str | None, ctx: Context, index: int,
                 index_of: Callable[[int], int]) -> int | None:
    """The year of a quarter/half: written, referred to, or nearest by tense."""
    if year_text:
        return int(year_text)
    if rel:
        return _year_ref(rel, ctx)
    if ctx.anchor is None:
        return None
    current = index_of(ctx.anchor.month)
    if ctx.tense == "past" and index > current:
        return ctx.anchor.year - 1
    if ctx.tense == "future" and index < current:
        return ctx.anchor.year + 1
    return ctx.anchor.year


def _half(m: Groups, ctx: Context) -> Resolved:
    """"the first half of 2009"."""
    half = ctx.rules.ordinals[fold(m["ord"])]
    year = _period_year(m["year"], m["rel"], ctx, half, cal.half_of)
    return _relative(None if year is None else f"{year:04d}-H{half}")


def _season(m: Groups, ctx: Context) -> Resolved:
    """"spring", "last summer", "autumn 2009"."""
    code = ctx.rules.seasons[fold(m["season"])]
    if m["year"]:
        return Resolved(value=f"{m['year']}-{code}")
    if ctx.anchor is None:
        return _relative(None)
    delta = ctx.rules.deictic.get(fold(m["det"]).split()[-1], 0) if m["det"] else 0
    return _relative(f"{ctx.anchor.year + delta:04d}-{code}")


def _decade(m: Groups, ctx: Context) -> Resolved:
    """"the 1990s" → "199", "70s" → "197"."""
    digits = m["dec"]
    if len(digits) == 4:
        return Resolved(value=digits[:3])
    if ctx.anchor is None:
        return Resolved(value=str(_full_year(int(digits), ctx.two_digit_pivot))[:3])
    century = ctx.anchor.year // _CENTURY
    if century * _CENTURY + int(digits) > ctx.anchor.year:
        century -= 1  # "the 70s" in 2007 are the 1970s, not the 2070s
    return Resolved(value=f"{century}{digits[0]}")


def _fiscal_year(m: Groups, ctx: Context) -> Resolved:
    """"FY2007", "fiscal 2009", "the financial year" (the anchor's, or one before/after)."""
    if m["year"] is None:
        delta = ctx.rules.deictic.get(fold(m["det"]), ctx.rules.anaphoric.get(fold(m["det"]), 0))
        return _relative(None if ctx.anchor is None else f"FY{ctx.anchor.year + delta:04d}")
    year = int(m["year"])
    if year < _CENTURY:
        year = _full_year(year, ctx.two_digit_pivot)
    return Resolved(value=f"FY{year:04d}")


def _full_year(year: int, pivot: int) -> int:
    """A two-digit year in full: below the pivot in this century, else in the last."""
    recent, older = _PIVOT_CENTURIES
    return year + (recent if year < pivot else older)


def _year(m: Groups, ctx: Context) -> Resolved:
    """"2011"."""
    return Resolved(value=m["year"])


RESOLVERS_ABSOLUTE: dict[str, Callable[[Groups, Context], Resolved]] = {
    "full_date": _full_date, "iso_date": _iso_date, "numeric_date": _numeric_date,
    "month_year": _month_year, "month": _month, "quarter": _quarter, "half": _half,
    "season": _season, "decade": _decade, "fiscal_year": _fiscal_year, "year": _year,
}


def _count(m: Groups, ctx: Context) -> float | None:
    """The number in "three days", "12-year", "2.5 years"; None for vague counts ("several")."""
    if m["vague"]:
        return None
    word = fold(m["num"])
    return float(word) if word[0].isdigit() else float(ctx.rules.number_words[word])


def _base_day(ctx: Context) -> dt.date | None:
    """The day the last mention named, if it named one."""
    day = ctx.latest("day")
    return None if day is None else dt.date.fromisoformat(day[:10])


def _offset(m: Groups, ctx: Context) -> Resolved:
    """"two years ago", "three days later": N units before/after the anchor (or the last day named)."""
    direction = fold(m["dir"])
    base = _base_day(ctx) if direction in ctx.rules.anaphoric_offsets else None
    base = base or ctx.anchor
    count = _count(m, ctx)
    if base is None or count is None:
        return _relative(None)
    signed = int(count) * ctx.rules.offset_directions[direction]
    return _relative(cal.offset_date(base, _unit(fold(m["unit"])), signed))


def _same_as(m: Groups, ctx: Context) -> Resolved:
    """"the same period last year", "the same month a year ago": the last mention, a year back."""
    if ctx.last is None:
        return _relative(None)
    return _relative(cal.shift_years_in_value(ctx.last, -1))


def _with_part(day: dt.date, pod: str | None, ctx: Context) -> Resolved:
    """A day, or a part of it ("Friday morning" → TIME 2010-07-16TMO)."""
    if not pod:
        return _relative(cal.day_value(day))
    code = ctx.rules.parts_of_day[fold(pod)]
    return Resolved(value=f"{cal.day_value(day)}T{code}", label="TIME", anchor_relative=True)


def _relative_day(m: Groups, ctx: Context) -> Resolved:
    """"today", "yesterday", "tomorrow morning", "tonight"."""
    if ctx.anchor is None:
        return _relative(None)
    word = fold(m["rd"])
    day = ctx.anchor + dt.timedelta(days=ctx.rules.relative_days[word])
    pod = m["pod"] or (word if word in ctx.rules.parts_of_day else None)
    return _with_part(day, pod, ctx)


def _part_of_day(m: Groups, ctx: Context) -> Resolved:
    """"this morning", "last night", "yesterday evening"."""
    if ctx.anchor is None:
        return _relative(None)
    det = fold(m["det"])
    delta = ctx.rules.relative_days.get(det, ctx.rules.deictic.get(det, 0))
    return _with_part(ctx.anchor + dt.timedelta(days=delta), m["pod"], ctx)


def _weekday(m: Groups, ctx: Context) -> Resolved:
    """"on Tuesday", "last Friday", "later Wednesday", "Friday morning": by determiner, else by tense."""
    if ctx.anchor is None:
        return _relative(None)
    weekday, det = ctx.rules.weekdays[fold(m["wd"])], fold(m["det"])
    if det in ctx.rules.same_day_cues and ctx.anchor.weekday() == weekday:
        day = ctx.anchor
    elif det in ("last", "past", "next"):
        tense = "past" if ctx.rules.deictic[det] < 0 else "future"
        day = cal.pick_weekday(ctx.anchor, weekday, tense, same_day=False)
    else:
        tense = "future" if det in ("this", "coming") and ctx.tense == "unknown" else ctx.tense
        day = cal.pick_weekday(ctx.anchor, weekday, tense)
    return _with_part(day, m["pod"], ctx)


def _anaphoric(m: Groups, ctx: Context) -> Resolved:
    """"the same year", "the following month", "the day before": relative to the last mention."""
    unit = _unit(fold(m["unit"]))
    delta = (ctx.rules.anaphoric[fold(m["ana"])] if m["ana"]
             else ctx.rules.offset_directions.get(fold(m["dir"]), -1))
    reference = ctx.latest(unit)
    bounds = cal.value_bounds(reference) if reference else None
    if bounds is None:
        return _relative(None)
    return _relative(cal.unit_value(bounds[0], unit, delta))


def _finer(unit: str, value: str) -> bool:
    """Whether ``unit`` is finer than what ``value`` pins down ("the same day" after "May 2021")."""
    order = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "century")
    gran = cal.granularity_of(value)
    gran = "day" if gran == "time" else gran
    return unit in order and gran in order and order.index(unit) < order.index(gran)


def _deictic(m: Groups, ctx: Context) -> Resolved:
    """"last week", "next month", "this year", "the coming days" (a range)."""
    if ctx.anchor is None:
        return _relative(None)
    unit_word, delta = fold(m["unit"]), ctx.rules.deictic[fold(m["det"])]
    if unit_word.endswith("s"):
        return _span_range(_unit(unit_word), delta, ctx.anchor, ctx)
    return _relative(cal.unit_value(ctx.anchor, unit_word, delta))


def _span_range(unit: str, direction: int, anchor: dt.date, ctx: Context) -> Resolved:
    """"the coming days", "the past weeks": a vague range next to the anchor, with start/end."""
    far = cal.value_bounds(cal.offset_date(anchor, unit, direction * ctx.plural_span) or "")
    if far is None or direction == 0:
        return _relative(None)
    near = anchor + dt.timedelta(days=direction)
    start, end = (near, far[1]) if direction > 0 else (far[0], near)
    value = "FUTURE_REF" if direction > 0 else "PAST_REF"
    return _relative(value, granularity="range", bounds=(start.isoformat(), end.isoformat()))


def _modified_unit(m: Groups, ctx: Context) -> Resolved:
    """"(the end of) the year", "later in the day": the unit holding the last mention, else the anchor."""
    unit = fold(m["unit"])
    reference = ctx.latest(unit)
    bounds = cal.value_bounds(reference) if reference else None
    base = bounds[0] if bounds else ctx.anchor
    return _relative(None if base is None else cal.unit_value(base, unit, 0))


def _duration(m: Groups, ctx: Context) -> Resolved:
    """"12-year", "two days", "several years": an ISO 8601 duration (X for a vague count)."""
    designator, size, clock = ctx.rules.units[fold(m["unit"])]
    count = _count(m, ctx)
    amount = "X" if count is None else f"{count * size:g}"
    return Resolved(value=f"P{'T' if clock else ''}{amount}{designator}", label="DURATION")


def _time(m: Groups, ctx: Context) -> Resolved:
    """"18:00 UTC", "6:40 p.m.": a clock time on the anchor day."""
    hour, minute = int(m["h"]), int(m["m"] or 0)
    ampm = fold(m["ampm"]).replace(".", "")
    if ampm == "pm" and hour < _HOURS_HALF_DAY:
        hour += _HOURS_HALF_DAY
    if ampm == "am" and hour == _HOURS_HALF_DAY:
        hour = 0
    zone = "Z" if m["tz"] else ""
    day = _base_day(ctx) or ctx.anchor
    value = None if day is None else f"{cal.day_value(day)}T{hour:02d}:{minute:02d}{zone}"
    return Resolved(value=value, label="TIME", anchor_relative=True)


def _set(m: Groups, ctx: Context) -> Resolved:
    """"annual", "every week"."""
    return Resolved(value=ctx.rules.sets[fold(m["text"])], label="SET")


def _reference(m: Groups, ctx: Context) -> Resolved:
    """"recently", "now", "the future": PAST_REF / PRESENT_REF / FUTURE_REF."""
    return Resolved(value=ctx.rules.references[fold(m["text"])], anchor_relative=True)


RESOLVERS: dict[str, Callable[[Groups, Context], Resolved]] = {
    **RESOLVERS_ABSOLUTE, "offset": _offset, "same_as": _same_as, "relative_day": _relative_day,
    "part_of_day": _part_of_day, "weekday": _weekday, "anaphoric": _anaphoric, "deictic": _deictic,
    "modified_unit": _modified_unit, "duration": _duration, "time": _time, "set": _set,
    "reference": _reference,
}


def resolve(kind: str, match: re.Match[str], ctx: Context) -> Resolved:
    """The value of one match of the grammar pattern ``kind``."""
    groups: defaultdict[str, str | None] = defaultdict(lambda: None, match.groupdict())
    groups["text"] = match.group(0)
    return RESOLVERS[kind](groups, ctx)
