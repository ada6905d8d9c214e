"""HTML pages: extracted body, metadata date, title, outlet, language; gzip pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.errors import IngestError
from storydesk.stages.ingest import HttpSettings, IngestSettings, expand_inputs, read_input
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.html import declared_language, page_date, read_html


def _read(path: Path, ingest: IngestSettings, http: HttpSettings) -> list:
    return read_input(expand_inputs([str(path)])[0], ingest=ingest, http=http)


@pytest.mark.parametrize("name", ["kremlin-talks.html", "kremlin-talks.html.gz"])
def test_news_page(name: str, data_dir: Path, ingest_settings: IngestSettings,
                   http_settings: HttpSettings) -> None:
    [article] = _read(data_dir / name, ingest_settings, http_settings)
    assert article.format == "html" and article.ref == name
    assert article.title == "Putin hosts Assad for Kremlin talks on Syria reconstruction"
    assert "Vnukovo airport" in article.raw
    assert "Subscribe" not in article.raw and "All rights reserved" not in article.raw
    assert (article.published.value, article.published.basis) == ("2023-03-15", "metadata")
    assert article.url == "https://www.levantwire.example/world/putin-hosts-assad-kremlin-talks"
    assert article.outlet == "levantwire.example"  # the host, comparable across formats
    assert article.language == "en"


def test_page_without_url_or_date(data_dir: Path, ingest_settings: IngestSettings,
                                  http_settings: HttpSettings) -> None:
    [article] = _read(data_dir / "derna-floods-undated.html", ingest_settings, http_settings)
    assert article.published.basis == "unknown" and article.published.value is None
    assert article.url is None and article.outlet is None
    assert article.raw.count("Derna") >= 2


def test_url_date_fills_in_when_the_page_has_none(data_dir: Path) -> None:
    html = (data_dir / "derna-floods-undated.html").read_text(encoding="utf-8")
    origin = Origin(ref="x", source="x", format="html",
                    url="https://www.monitor.example/2023/09/13/derna-counts-its-dead")
    article = read_html(html, origin=origin)
    assert (article.published.value, article.published.basis) == ("2023-09-13", "url")
    assert article.outlet == "monitor.example"


def test_metadata_date_wins_over_url_date(data_dir: Path) -> None:
    html = (data_dir / "kremlin-talks.html").read_text(encoding="utf-8")
    origin = Origin(ref="x", source="x", format="html", url="https://levantwire.example/2020/01/01/x")
    assert read_html(html, origin=origin).published.value == "2023-03-15"


def test_page_without_article_text_is_an_error(tmp_path: Path, ingest_settings: IngestSettings,
                                               http_settings: HttpSettings) -> None:
    page = tmp_path / "nav.html"
    page.write_text("<html><head><title>Home</title></head><body><script>go()</script></body></html>",
                    encoding="utf-8")
    with pytest.raises(IngestError, match="nav.html: .*no article text"):
        _read(page, ingest_settings, http_settings)


def test_declared_language() -> None:
    assert declared_language('<!doctype html><html class="x" lang="pt-BR">') == "pt-BR"
    assert declared_language("<html><body>") is None


def test_page_date_from_the_url_is_labelled_url() -> None:
    # extraction reports "2023-10-01" for a /2023/10/ URL; the page itself never says so
    date = page_date("2023-10-01", "<html><body>No date here</body></html>", "https://x.org/2023/10/story")
    assert (date.value, date.granularity, date.basis) == ("2023-10", "month", "url")
    stated = page_date("2023-10-13", '<meta itemprop="datePublished" content="2023-10-13">',
                       "https://x.org/2023/10/13/story")
    assert (stated.value, stated.basis) == ("2023-10-13", "metadata")
