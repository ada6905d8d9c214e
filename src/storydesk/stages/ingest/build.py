"""Assemble a raw Article from what a reader found: ids, outlet and the ingest stage mark."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from storydesk.model import Article, PublicationDate, article_id

STAGE = "ingest.v1"
_WWW = "www."


@dataclass(frozen=True, kw_only=True, slots=True)
class Origin:
    """Where one record came from: its ref, source location, format and URL."""

    ref: str
    source: str
    format: str
    url: str | None = None

    def with_format(self, fmt: str) -> Origin:
        """The same origin with another format name."""
        return replace(self, format=fmt)


def outlet_from_url(url: str | None) -> str | None:
    """The URL host without a leading ``www.`` (other subdomains kept), or None."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    host = host.removeprefix(_WWW)
    return host or None


def language_code(value: str | None) -> str | None:
    """The primary language subtag, lower-cased (``en-US`` → ``en``), or None."""
    if not value or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower() or None


def build_article(*, raw: str, origin: Origin, title: str | None = None, language: str | None = None,
                  published: PublicationDate | None = None, outlet: str | None = None) -> Article:
    """A raw (uncleaned) article; ``outlet`` defaults to the URL host."""
    clean_title = " ".join(title.split()) if title else None
    return Article(
        id=article_id(raw), ref=origin.ref, source=origin.source, format=origin.format, raw=raw,
        url=origin.url, outlet=(outlet.strip() if outlet else None) or outlet_from_url(origin.url),
        title=clean_title or None, language=language_code(language),
        published=published or PublicationDate(), stages=(STAGE,),
    )
