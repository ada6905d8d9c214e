"""HTML pages: main-text extraction (``backends.extract``) plus date, title, outlet and URL."""

from __future__ import annotations

import re
from dataclasses import replace

from storydesk.backends.extract import extract_page
from storydesk.model import Article, PublicationDate
from storydesk.stages.ingest.build import Origin, build_article, outlet_from_url
from storydesk.stages.ingest.dates import first_date, metadata_date, url_date

# The page's declared language, used when extraction reports none; only the head is searched.
_HTML_LANG = re.compile(r"<html\b[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)
LANG_SAMPLE_CHARS = 4096


def declared_language(html: str) -> str | None:
    """The ``lang`` attribute of the ``<html>`` element, if any."""
    match = _HTML_LANG.search(html[:LANG_SAMPLE_CHARS])
    return match.group(1) if match else None


def page_date(extracted: str | None, html: str, url: str | None) -> PublicationDate:
    """The page's date: metadata first, the URL second.

    Extraction also reads dates off the URL; a date that matches the URL but appears nowhere in
    the page itself is reported with basis ``url``.
    """
    meta, from_url = metadata_date(extracted), url_date(url)
    if meta is None or from_url is None or meta.value is None or from_url.value is None:
        return first_date(meta, from_url)
    if meta.value.startswith(from_url.value) and meta.value not in html:
        return from_url
    return meta


def read_html(html: str, *, origin: Origin) -> Article:
    """One article from an HTML page; ``raw`` is the extracted body text.

    The page's canonical URL fills in when the input has none. The outlet is the URL host (as for
    every format, so outlets compare across formats), else the page's site name. A metadata date
    wins over a date in the URL.

    Raises:
        IngestError: when no article body can be found.
    """
    page = extract_page(html, url=origin.url, source=origin.source)
    url = origin.url or page.url
    return build_article(
        raw=page.text, origin=replace(origin, url=url), title=page.title,
        language=page.language or declared_language(html),
        published=page_date(page.date, html, url),
        outlet=outlet_from_url(url) or page.sitename,
    )
