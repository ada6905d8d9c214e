"""The URL reader against a real HTTP server on 127.0.0.1: pages, limits and refusals."""

from __future__ import annotations

import time

import pytest

from storydesk.errors import IngestError
from storydesk.stages.ingest import HttpSettings, IngestSettings, InputRef, read_input, read_input_partial
from storydesk.stages.ingest.url import fetch, is_url

pytestmark = pytest.mark.integration


def _url(server: str, path: str) -> InputRef:
    return InputRef(kind="url", location=f"{server}{path}")


def test_page_is_fetched_and_extracted(server: str, ingest_settings: IngestSettings,
                                       http_settings: HttpSettings) -> None:
    [article] = read_input(_url(server, "/world/putin-hosts-assad"), ingest=ingest_settings,
                           http=http_settings)
    assert article.format == "html" and article.ref == article.source == f"{server}/world/putin-hosts-assad"
    assert article.title == "Putin hosts Assad for Kremlin talks on Syria reconstruction"
    assert article.url == f"{server}/world/putin-hosts-assad"
    assert article.outlet == "127.0.0.1" and "Vnukovo" in article.raw


def test_url_date_and_final_url_after_redirects(server: str, ingest_settings: IngestSettings,
                                                http_settings: HttpSettings) -> None:
    [derna] = read_input(_url(server, "/2023/09/13/derna-counts-its-dead"), ingest=ingest_settings,
                         http=http_settings)
    assert (derna.published.value, derna.published.basis) == ("2023-09-13", "url")
    [hopped] = read_input(_url(server, "/hop/2"), ingest=ingest_settings, http=http_settings)
    assert hopped.url == f"{server}/world/putin-hosts-assad" and hopped.ref == f"{server}/hop/2"


def test_redirect_chain_over_the_limit(server: str, ingest_settings: IngestSettings) -> None:
    http = HttpSettings(max_redirects=3, timeout_s=5.0)
    with pytest.raises(IngestError, match="more than 3 redirects") as info:
        read_input(_url(server, "/hop/5"), ingest=ingest_settings, http=http)
    assert str(info.value).startswith(f"{server}/hop/5: ")


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-streamed"])
def test_page_over_the_size_cap(path: str, server: str, ingest_settings: IngestSettings) -> None:
    http = HttpSettings(max_bytes=50_000, timeout_s=5.0)
    with pytest.raises(IngestError, match="page larger than 50000 bytes"):
        read_input(_url(server, path), ingest=ingest_settings, http=http)


def test_redirect_to_ftp_is_refused(server: str, ingest_settings: IngestSettings,
                                    http_settings: HttpSettings) -> None:
    with pytest.raises(IngestError, match="refusing URL scheme 'ftp'"):
        read_input(_url(server, "/to-ftp"), ingest=ingest_settings, http=http_settings)


def test_slow_response_times_out(server: str, ingest_settings: IngestSettings) -> None:
    http = HttpSettings(timeout_s=0.2)
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"timed out after 0\.2s"):
        read_input(_url(server, "/slow"), ingest=ingest_settings, http=http)
    assert time.monotonic() - started < 1.0


def test_http_error_status(server: str, ingest_settings: IngestSettings,
                           http_settings: HttpSettings) -> None:
    with pytest.raises(IngestError, match="HTTP 404"):
        read_input(_url(server, "/no-such-page"), ingest=ingest_settings, http=http_settings)


def test_feed_and_text_by_content_type(server: str, ingest_settings: IngestSettings,
                                       http_settings: HttpSettings) -> None:
    feed = read_input_partial(_url(server, "/feed"), ingest=ingest_settings, http=http_settings)
    assert [a.format for a in feed.articles] == ["rss", "rss"]
    [text] = read_input(_url(server, "/latin"), ingest=ingest_settings, http=http_settings)
    assert text.format == "text" and "l’économie" in text.raw and "€" in text.raw


def test_binary_response_is_refused(server: str, ingest_settings: IngestSettings,
                                    http_settings: HttpSettings) -> None:
    with pytest.raises(IngestError, match="binary file"):
        read_input(_url(server, "/logo.png"), ingest=ingest_settings, http=http_settings)


def test_connection_refused_is_wrapped(http_settings: HttpSettings) -> None:
    with pytest.raises(IngestError, match="fetch failed"):
        fetch("http://127.0.0.1:9/closed", http=http_settings)


def test_only_http_schemes_are_urls() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not is_url("ftp://example.org/a") and not is_url("news/2023/a.txt")
    with pytest.raises(IngestError, match="refusing URL scheme 'file'"):
        fetch("file:///etc/passwd", http=HttpSettings())
