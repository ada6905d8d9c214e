"""WARC archives written with warcio: HTML responses become articles, the rest is passed over."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storydesk.errors import IngestError
from storydesk.stages.ingest import HttpSettings, IngestSettings, expand_inputs, read_input_partial


def _read(path: Path, ingest: IngestSettings, http: HttpSettings):
    return read_input_partial(expand_inputs([str(path)])[0], ingest=ingest, http=http)


def test_html_responses_become_articles(warc_file: Path, ingest_settings: IngestSettings,
                                        http_settings: HttpSettings) -> None:
    result = _read(warc_file, ingest_settings, http_settings)
    kremlin, derna = result.articles
    assert kremlin.format == "warc"
    assert kremlin.url == kremlin.ref == "https://www.levantwire.example/world/putin-hosts-assad-kremlin-talks"
    assert kremlin.title == "Putin hosts Assad for Kremlin talks on Syria reconstruction"
    assert (kremlin.published.value, kremlin.published.basis) == ("2023-03-15", "metadata")
    assert kremlin.outlet == "levantwire.example"
    assert (derna.published.value, derna.published.basis) == ("2023-09-13", "url")
    assert derna.outlet == "monitor.example"
    # source is path#offset of the record: the offset points at a gzip member that is that record
    path, _, offset = derna.source.rpartition("#")
    assert path == str(warc_file)
    with warc_file.open("rb") as stream:
        stream.seek(int(offset))
        head = gzip.GzipFile(fileobj=stream).read(200)
    assert b"WARC-Target-URI: https://monitor.example/2023/09/13/derna-counts-its-dead" in head
    [empty] = result.errors  # the blank page; redirect, PNG and request records are not pages
    assert "empty response body" in empty.message and empty.source.startswith(f"{warc_file}#")


def test_uncompressed_warc_without_extension_is_sniffed(warc_file: Path, tmp_path: Path,
                                                        ingest_settings: IngestSettings,
                                                        http_settings: HttpSettings) -> None:
    plain = tmp_path / "crawl-dump"
    with gzip.open(warc_file, "rb") as stream:
        plain.write_bytes(stream.read())
    assert len(_read(plain, ingest_settings, http_settings).articles) == 2


def test_record_size_cap(warc_file: Path, http_settings: HttpSettings) -> None:
    result = _read(warc_file, IngestSettings(max_bytes=1000), http_settings)
    assert not result.articles
    assert any("record larger than 1000 bytes" in e.message for e in result.errors)


def test_truncated_warc_is_an_error(warc_file: Path, tmp_path: Path, ingest_settings: IngestSettings,
                                    http_settings: HttpSettings) -> None:
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    with pytest.raises(IngestError, match="broken.warc: "):
        _read(broken, ingest_settings, http_settings).strict()
