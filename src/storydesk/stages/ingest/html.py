"""HTML pages: main-text extraction (``backends.extract``) plus date, title, outlet and URL."""

from __future__ import annotations

import re
from dataclasses import replace

from storydesk.backends.extract import ExtractSettings, extract_page
from storydesk.model import Article, PublicationDate
from storydesk.stages.ingest.build import Origin, build_article, outlet_from_url
from storydesk.stages.ingest.dates import first_date, metadata_date, url_date
from storydesk.stages.ingest.decode import decode_bytes, html_declared_charset
from storydesk.stages.ingest.readers import Payload, Reader
from storydesk.stages.ingest.result import ReadResult
from storydesk.stages.ingest.sniff import sniff_sample

FORMAT = "html"

# The page's declared language, used when extraction reports none; only the head is searched.
_HTML_LANG = re.compile(r"<html\b[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)
LANG_SAMPLE_CHARS = 4096
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]")


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


def read_html(html: str, *, origin: Origin, settings: ExtractSettings | None = None) -> Article:
    """One article from an HTML page; ``raw`` is the extracted body text.

    The page's canonical URL fills in when the input has none. The outlet is the URL host (as for
    every format, so outlets compare across formats), else the page's site name. A metadata date
    wins over a date in the URL. ``settings`` is the run's ``[html.extract]`` (defaults if None).

    Raises:
        IngestError: when no article body can be found.
    """
    page = extract_page(html, url=origin.url, source=origin.source, settings=settings)
    url = origin.url or page.url
    return build_article(
        raw=page.text, origin=replace(origin, url=url), title=page.title,
        language=page.language or declared_language(html),
        published=page_date(page.date, html, url),
        outlet=outlet_from_url(url) or page.sitename,
    )


def sniff_html(head: bytes) -> int | None:
    """Where the first ``<html>``, ``<head>``, ``<body>`` or HTML doctype tag begins, if any."""
    match = _HTML_ROOT.search(sniff_sample(head))
    return match.start() if match else None


def _read(payload: Payload) -> ReadResult:
    """An HTML page: one article, decoded by the declared (HTTP, else ``<meta>``) charset."""
    data = payload.content()
    html = decode_bytes(data, source=payload.source,
                        declared=payload.declared or html_declared_charset(data))
    article = read_html(html, origin=payload.origin.with_format(FORMAT),
                        settings=payload.settings.extract)
    return ReadResult(articles=(article,))


READER = Reader(format=FORMAT, read=_read, extensions=(".html", ".htm", ".xhtml", ".shtml"),
                sniff=sniff_html, content_types=("html",))
