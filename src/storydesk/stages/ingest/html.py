"""HTML pages: main-text extraction (``backends.extract``) plus date, title, outlet and URL."""

from __future__ import annotations

from dataclasses import replace

from storydesk.backends.extract import extract_page
from storydesk.model import Article
from storydesk.stages.ingest.build import Origin, build_article, outlet_from_url
from storydesk.stages.ingest.dates import first_date, metadata_date, url_date


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
        raw=page.text, origin=replace(origin, url=url), title=page.title, language=page.language,
        published=first_date(metadata_date(page.date), url_date(url)),
        outlet=outlet_from_url(url) or page.sitename,
    )
