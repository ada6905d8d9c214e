"""Calendar arithmetic for date normalisation: TIMEX3 values, their bounds, nearest-in-time picks."""

from __future__ import annotations

import calendar
import datetime as dt
import re

Tense = str  # "past" | "future" | "present" | "unknown"

_MONTHS_PER_YEAR = 12
_MONTHS_PER_QUARTER = 3
_MONTHS_PER_HALF = 6
_QUARTERS_PER_YEAR = 4
_DAYS_PER_WEEK = 7
_YEARS_PER_DECADE = 10
_YEARS_PER_CENTURY = 100
_WEEKEND_START = 5  # Saturday, in Python's weekday() numbering


def day_value(day: dt.date) -> str:
    """TIMEX3 value of a day."""
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    """TIMEX3 value of a month."""
    return f"{year:04d}-{month:02d}"


def week_value(day: dt.date, *, weekend: bool = False) -> str:
    """TIMEX3 value of the ISO week (or its weekend) holding ``day``."""
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}" + ("-WE" if weekend else "")


def quarter_of(month: int) -> int:
    """The quarter (1-4) a month falls in."""
    return (month - 1) // _MONTHS_PER_QUARTER + 1


def half_of(month: int) -> int:
    """The half-year (1-2) a month falls in."""
    return (month - 1) // _MONTHS_PER_HALF + 1


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * _MONTHS_PER_YEAR + (month - 1) + delta
    return index // _MONTHS_PER_YEAR, index % _MONTHS_PER_YEAR + 1


def shift_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    """(year, quarter) moved by ``delta`` quarters."""
    index = year * _QUARTERS_PER_YEAR + (quarter - 1) + delta
    return index // _QUARTERS_PER_YEAR, index % _QUARTERS_PER_YEAR + 1


def shift_years_in_value(value: str, delta: int) -> str | None:
    """A calendar value with its year moved by ``delta`` ("2010-02" → "2009-02"); None if it has none."""
    match = re.match(r"(\d{4})(.*)$", value)
    if not match:
        return None
    rest = match.group(2)
    if re.fullmatch(r"-(\d\d)-(\d\d)", rest):
        month, day = int(rest[1:3]), int(rest[4:6])
        day = min(day, calendar.monthrange(int(match.group(1)) + delta, month)[1])
        return f"{int(match.group(1)) + delta:04d}-{month:02d}-{day:02d}"
    return f"{int(match.group(1)) + delta:04d}{rest}"


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None where it does not exist (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def pick_year(anchor: dt.date, month: int, day: int | None, tense: Tense) -> int:
    """The year of a month (and day) written without one, given the anchor and the tense.

    Past: the latest such date on or before the anchor; future: the earliest on or after it;
    otherwise the one nearest to the anchor.
    """
    key = (month, day or 1)
    here = (anchor.month, anchor.day if day else 1)
    if tense == "past":
        return anchor.year if key <= here else anchor.year - 1
    if tense == "future":
        return anchor.year if key >= here else anchor.year + 1
    return min((anchor.year - 1, anchor.year, anchor.year + 1),
               key=lambda y: (abs(_ordinal(y, month, day) - anchor.toordinal()), y != anchor.year))


def _ordinal(year: int, month: int, day: int | None) -> int:
    """Day number of a (possibly day-less) date, clamped to the month's length."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day or 1, last)).toordinal()


def pick_weekday(anchor: dt.date, weekday: int, tense: Tense, *, same_day: bool = True) -> dt.date:
    """A weekday named without a date: on/before the anchor in the past, on/after it in the future."""
    back = (anchor.weekday() - weekday) % _DAYS_PER_WEEK
    ahead = (weekday - anchor.weekday()) % _DAYS_PER_WEEK
    if not same_day:
        back, ahead = back or _DAYS_PER_WEEK, ahead or _DAYS_PER_WEEK
    if tense == "past":
        return anchor - dt.timedelta(days=back)
    if tense == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back) if back <= ahead else anchor + dt.timedelta(days=ahead)


def unit_value(anchor: dt.date, unit: str, delta: int) -> str | None:
    """TIMEX3 value of the calendar unit ``delta`` steps from the one holding ``anchor``."""
    if unit == "day":
        return day_value(anchor + dt.timedelta(days=delta))
    if unit in ("week", "weekend"):
        return week_value(anchor + dt.timedelta(weeks=delta), weekend=unit == "weekend")
    if unit == "month":
        return month_value(*shift_months(anchor.year, anchor.month, delta))
    if unit == "quarter":
        year, quarter = shift_quarters(anchor.year, quarter_of(anchor.month), delta)
        return f"{year:04d}-Q{quarter}"
    if unit == "year":
        return f"{anchor.year + delta:04d}"
    if unit == "decade":
        return str(anchor.year // _YEARS_PER_DECADE + delta)
    if unit == "century":
        return str(anchor.year // _YEARS_PER_CENTURY + delta)
    return None


def offset_date(anchor: dt.date, unit: str, count: int) -> str | None:
    """TIMEX3 value of the date ``count`` units (signed) from ``anchor``, at that unit's granularity."""
    if unit in ("day", "week"):
        day = anchor + dt.timedelta(days=count * (_DAYS_PER_WEEK if unit == "week" else 1))
        return day_value(day) if unit == "day" else week_value(day)
    if unit == "month":
        return month_value(*shift_months(anchor.year, anchor.month, count))
    if unit in ("year", "decade", "century"):
        years = count * {"year": 1, "decade": _YEARS_PER_DECADE, "century": _YEARS_PER_CENTURY}[unit]
        return f"{anchor.year + years:04d}"
    return None


def granularity_of(value: str) -> str:
    """The granularity a TIMEX3 value is written at."""
    patterns = (("day", r"\d{4}-\d\d-\d\d"), ("month", r"\d{4}-\d\d"), ("year", r"\d{4}"),
                ("week", r"\d{4}-W\d\d(-WE)?"), ("quarter", r"\d{4}-Q\d"), ("half", r"\d{4}-H\d"),
                ("season", r"\d{4}-(SP|SU|FA|WI)"), ("decade", r"\d{3}"), ("century", r"\d{2}"),
                ("time", r"\d{4}-\d\d-\d\dT.+"), ("ref", r"(PAST|PRESENT|FUTURE)_REF"))
    for name, pattern in patterns:
        if re.fullmatch(pattern, value):
            return name
    return "other"


def value_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a calendar value covers, or None for references and durations."""
    gran, year = granularity_of(value), int(value[:4]) if value[:4].isdigit() else 0
    if gran in ("day", "time"):
        day = dt.date.fromisoformat(value[:10])
        return day, day
    if gran == "month":
        return _month_span(year, int(value[5:7]), 1)
    if gran == "quarter":
        return _month_span(year, (int(value[6]) - 1) * _MONTHS_PER_QUARTER + 1, _MONTHS_PER_QUARTER)
    if gran == "half":
        return _month_span(year, (int(value[6]) - 1) * _MONTHS_PER_HALF + 1, _MONTHS_PER_HALF)
    if gran == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if gran == "week":
        monday = dt.date.fromisocalendar(year, int(value[6:8]), 1)
        first = monday + dt.timedelta(days=_WEEKEND_START if value.endswith("WE") else 0)
        return first, monday + dt.timedelta(days=_DAYS_PER_WEEK - 1)
    if gran in ("decade", "century"):
        size = _YEARS_PER_DECADE if gran == "decade" else _YEARS_PER_CENTURY
        return dt.date(int(value) * size, 1, 1), dt.date(int(value) * size + size - 1, 12, 31)
    return None


def _month_span(year: int, month: int, months: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``months`` months starting at ``month``."""
    end_year, end_month = shift_months(year, month, months - 1)
    return dt.date(year, month, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
