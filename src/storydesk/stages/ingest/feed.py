"""RSS and Atom feeds (feedparser): one article per item, from its content or summary."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from collections.abc import Mapping
from typing import Any

from storydesk.errors import IngestError
from storydesk.model import Article, PublicationDate
from storydesk.stages.ingest.build import Origin, outlet_from_url
from storydesk.stages.ingest.dates import metadata_date
from storydesk.stages.ingest.fragment import fragment_text
from storydesk.stages.ingest.readers import Payload, Reader
from storydesk.stages.ingest.result import ReadResult
from storydesk.stages.ingest.sniff import sniff_sample
from storydesk.stages.ingest.text import read_text

log = logging.getLogger(__name__)

FORMAT = "feed"
_ISO_DAY = "%Y-%m-%d"
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")


def _stated_day(value: str | None) -> str | None:
    """The calendar day of an RFC 822 or ISO 8601 timestamp in its own time zone (not UTC)."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).strftime(_ISO_DAY)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(value.strip()).strftime(_ISO_DAY)
    except ValueError:
        return None


def _item_date(entry: Mapping[str, Any]) -> PublicationDate | None:
    """An item's publication date (``published``, else ``updated``), basis ``metadata``."""
    for key in ("published", "updated"):
        day = _stated_day(entry.get(key))
        parsed = entry.get(f"{key}_parsed")
        if day is None and parsed is not None:
            day = dt.date(*parsed[:3]).isoformat()
        if day is not None:
            return metadata_date(day)
    return None


def _item_body(entry: Mapping[str, Any], where: str) -> str:
    """The item's text: its longest ``content`` block, else its summary, converted from HTML."""
    blocks = [c.get("value") or "" for c in entry.get("content") or ()]
    body = max(blocks, key=len) if any(blocks) else entry.get("summary") or ""
    text = fragment_text(body, source=where) if body.strip() else ""
    if not text:
        raise IngestError("feed item has no content or summary", source=where, stage="ingest")
    return text


def _item_article(entry: Mapping[str, Any], *, feed: Mapping[str, Any], fmt: str, path: str,
                  index: int) -> Article:
    """The article of one feed item."""
    where = f"{path}#item-{index}"
    link = entry.get("link") or None
    origin = Origin(ref=entry.get("id") or link or f"{path}#item-{index}", source=where, format=fmt,
                    url=link)
    return read_text(_item_body(entry, where), origin=origin, title=entry.get("title"),
                     published=_item_date(entry), language=feed.get("language"),
                     outlet=outlet_from_url(link) or outlet_from_url(feed.get("link")))


def _parse(data: bytes, path: str) -> Any:
    """Parse the feed; refuse it when feedparser found neither a feed nor items."""
    import feedparser  # deferred: only feeds need it

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f"malformed feed: {parsed.bozo_exception}" if parsed.bozo else "feed has no items"
        raise IngestError(reason, source=path, stage="ingest")
    return parsed


def read_feed(data: bytes, *, path: str) -> ReadResult:
    """All items of an RSS (0.9x/1.0/2.0) or Atom feed; ``format`` is ``rss`` or ``atom``.

    Raises:
        IngestError: when the feed cannot be parsed or has no items.
    """
    parsed = _parse(data, path)
    fmt = "atom" if str(parsed.version).startswith("atom") else "rss"
    articles: list[Article] = []
    errors: list[IngestError] = []
    for index, entry in enumerate(parsed.entries, start=1):
        try:
            articles.append(_item_article(entry, feed=parsed.feed, fmt=fmt, path=path, index=index))
        except IngestError as err:
            log.debug("bad feed item: %s", err)
            errors.append(err)
    return ReadResult(articles=tuple(articles), errors=tuple(errors))


def sniff_feed(head: bytes) -> int | None:
    """Where the first ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root tag begins, if any."""
    match = _FEED_ROOT.search(sniff_sample(head))
    return match.start() if match else None


def _read(payload: Payload) -> ReadResult:
    """A feed: one article per item."""
    return read_feed(payload.content(), path=payload.source)


READER = Reader(format=FORMAT, read=_read, extensions=(".rss", ".atom"), sniff=sniff_feed,
                content_types=("rss", "atom", "rdf"))
