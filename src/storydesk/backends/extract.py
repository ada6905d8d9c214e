"""Main-content extraction from HTML pages, behind a small function boundary (trafilatura)."""

from __future__ import annotations

from dataclasses import dataclass

from storydesk.errors import IngestError


@dataclass(frozen=True, kw_only=True, slots=True)
class ExtractedPage:
    """The article body and metadata found in one HTML page."""

    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


def extract_page(html: str, *, url: str | None = None, source: str = "<html>") -> ExtractedPage:
    """Extract the main text and metadata of a page.

    Raises:
        IngestError: when no article body can be found.
    """
    import trafilatura  # heavy import, deferred

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, output_format="python")
    if doc is None or not (doc.text or "").strip():
        raise IngestError("no article text found in the HTML page", source=source, stage="ingest")
    return ExtractedPage(text=doc.text, title=doc.title, date=doc.date, sitename=doc.sitename,
                         url=doc.url or url, language=doc.language)
