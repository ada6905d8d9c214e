"""Publication dates at ingest: parsing stated values and reading a date out of a URL path."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from storydesk.model import PublicationDate
from storydesk.model.article import DateBasis, Granularity

# How far each basis is trusted: a date line written by the collector beats page metadata, which
# beats a date guessed from the URL path (URLs often carry the date of the first version).
# A byline or dateline read off the text ("inferred") sits between metadata and URL.
BASIS_CONFIDENCE: dict[str, float] = {"header": 0.95, "metadata": 0.8, "inferred": 0.7, "url": 0.6}

_YEAR = r"(?P<y>(?:19|20)\d\d)"
_MONTH = r"(?P<m>0?[1-9]|1[0-2])"
_DAY = r"(?P<d>0?[1-9]|[12]\d|3[01])"
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Most specific first: /2023/10/13/, 2023-10-13, /2023/oct/14/, /2023/1118/ (year, then month and
# day), a compact stamp 20240712 or 202409181847 (with the time), then month only /2023/11/.
_URL_PATTERNS: tuple[tuple[re.Pattern[str], Granularity], ...] = (
    (re.compile(rf"/{_YEAR}/{_MONTH}/{_DAY}(?=[/_.-]|$)"), "day"),
    (re.compile(rf"(?<!\d){_YEAR}-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"), "day"),
    (re.compile(rf"/{_YEAR}/(?P<mon>{'|'.join(_MONTH_NAMES)})[a-z]*/{_DAY}(?=[/_.-]|$)", re.I), "day"),
    (re.compile(rf"/{_YEAR}/(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])/"), "day"),
    (re.compile(rf"(?<![\d]){_YEAR}(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])?(?:[0-5]\d)?(?!\d)"),
     "day"),
    (re.compile(rf"/{_YEAR}/(?P<m>0[1-9]|1[0-2])/"), "month"),
)
_VALUE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def _iso(year: int, month: int | None, day: int | None) -> tuple[str, Granularity]:
    """The ISO form and granularity of a (possibly partial) date; ValueError if impossible."""
    dt.date(year, month or 1, day or 1)  # validates month and day
    if day is not None and month is not None:
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    if month is not None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}", "year"


def stated_date(value: str, *, basis: DateBasis) -> PublicationDate:
    """A date given as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Raises:
        ValueError: when the value is not such a date.
    """
    match = _VALUE.match(value.strip())
    if not match:
        raise ValueError(f"not a YYYY-MM-DD, YYYY-MM or YYYY date: {value!r}")
    month, day = match["m"], match["d"]
    iso, granularity = _iso(int(match["y"]), int(month) if month else None, int(day) if day else None)
    return PublicationDate(value=iso, granularity=granularity, basis=basis,
                           confidence=BASIS_CONFIDENCE.get(basis, 0.0))


def metadata_date(value: str | None) -> PublicationDate | None:
    """A date from page or feed metadata (the leading ``YYYY-MM-DD`` part), or None if unusable."""
    if not value:
        return None
    try:
        return stated_date(value.strip()[:len("YYYY-MM-DD")], basis="metadata")
    except ValueError:
        return None


def _url_match(match: re.Match[str], granularity: Granularity) -> PublicationDate | None:
    """Turn one URL pattern match into a date, or None when the numbers are no real date."""
    groups = match.groupdict()
    month = _MONTH_NAMES.index(groups["mon"][:3].lower()) + 1 if groups.get("mon") else int(groups["m"])
    day = int(groups["d"]) if granularity == "day" else None
    try:
        iso, gran = _iso(int(groups["y"]), month, day)
    except ValueError:
        return None
    return PublicationDate(value=iso, granularity=gran, basis="url", confidence=BASIS_CONFIDENCE["url"])


def url_date(url: str | None) -> PublicationDate | None:
    """A date written in the URL path (``/2023/10/13/``, ``2023-10-13``, ``/2023/11/``), if any."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern, granularity in _URL_PATTERNS:
        for match in pattern.finditer(path):
            found = _url_match(match, granularity)
            if found is not None:
                return found
    return None


_MONTH_WORD = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A full date with its year as bylines and datelines write it: "July 11, 2023", "Jul. 27, 2024",
# "22 Jun 2023", "2023 July 11", "2024-06-19 03:14", "09/19/2024" (month first, as US bylines write it).
_OPENING_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_MONTH_WORD}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?\s+{_MONTH_WORD},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_YEAR}\s+{_MONTH_WORD}\s+{_DAY}\b", re.I),
    re.compile(rf"(?<!\d){_YEAR}-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(rf"(?<![\d/]){_MONTH}/{_DAY}/{_YEAR}(?![\d/])"),
)


def opening_date(text: str, *, chars: int) -> dt.date | None:
    """The earliest-placed full date (with its year) in the first ``chars`` characters of a text.

    A byline, dateline or "Published on ..." line states the day near the top; further down a full
    date is as likely a reported event or a background date, so only the opening is read.
    """
    head = text[:chars]
    found: list[tuple[int, dt.date]] = []
    for pattern in _OPENING_PATTERNS:
        for match in pattern.finditer(head):
            groups = match.groupdict()
            mon = groups.get("mon")
            month = _MONTH_NAMES.index(mon[:3].lower()) + 1 if mon else int(groups["m"])
            try:
                found.append((match.start(), dt.date(int(groups["y"]), month, int(groups["d"]))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def first_date(*candidates: PublicationDate | None) -> PublicationDate:
    """The first known date in priority order; ``unknown`` (never today) when there is none."""
    for candidate in candidates:
        if candidate is not None and candidate.value is not None:
            return candidate
    return PublicationDate()
