"""Inputs given as bytes (web uploads) are read exactly like files; [html.extract] reaches the readers."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storydesk.config import load_config
from storydesk.errors import IngestError
from storydesk.model import Skipped
from storydesk.stages.ingest import (
    HttpSettings,
    IngestSettings,
    expand_inputs,
    iter_refs,
    read_bytes,
    read_bytes_partial,
    read_input,
)

HTML_SAMPLES = Path(__file__).resolve().parents[2] / "data" / "html"


@pytest.mark.parametrize("name", ["kremlin-talks.html", "kremlin-talks.html.gz", "records.jsonl",
                                  "rss-world.xml", "atom-space.xml", "latin1.txt"])
def test_bytes_read_as_the_file_of_that_name(name: str, data_dir: Path, ingest_settings: IngestSettings,
                                             http_settings: HttpSettings) -> None:
    path = data_dir / name
    skipped: list[Skipped] = []
    from_file = list(iter_refs(expand_inputs([str(path)]), ingest=ingest_settings, http=http_settings,
                               skipped=skipped))
    from_bytes = list(read_bytes(name, path.read_bytes(), ingest=ingest_settings, skipped=[],
                                 source=str(path)))
    assert from_bytes == from_file and from_bytes


def test_bytes_without_extension_are_sniffed(data_dir: Path, ingest_settings: IngestSettings) -> None:
    data = (data_dir / "kremlin-talks.html").read_bytes()
    (article,) = read_bytes("upload", data, ingest=ingest_settings)
    assert article.format == "html" and article.ref == "upload" and article.source == "upload"


def test_a_warc_upload_is_read_record_by_record(warc_file: Path, ingest_settings: IngestSettings) -> None:
    result = read_bytes_partial("crawl.warc.gz", warc_file.read_bytes(), ingest=ingest_settings)
    assert len(result.articles) == 2 and {a.format for a in result.articles} == {"warc"}


def test_the_size_cap_holds_for_bytes_also_once_decompressed() -> None:
    small = IngestSettings(max_bytes=1000)
    with pytest.raises(IngestError, match="up.txt: file larger than 1000 bytes"):
        list(read_bytes("up.txt", b"words " * 500, ingest=small))
    bomb = gzip.compress(b"<html><body>" + b"a " * 50_000 + b"</body></html>")
    with pytest.raises(IngestError, match="larger than 1000 bytes once decompressed"):
        list(read_bytes("page.html.gz", bomb, ingest=small))


def test_skip_policy_for_bytes_records_the_failure(ingest_settings: IngestSettings) -> None:
    skipped: list[Skipped] = []
    assert list(read_bytes("blob.txt", b"\x00\x01" * 50, ingest=ingest_settings, skipped=skipped)) == []
    assert skipped == [Skipped(source="blob.txt", stage="ingest", reason="binary file, not text")]


def test_bad_records_of_an_upload_fail_strictly_or_are_skipped(data_dir: Path,
                                                               ingest_settings: IngestSettings) -> None:
    data = (data_dir / "records.jsonl").read_bytes()
    with pytest.raises(IngestError, match=r"records.jsonl:\d+: "):
        list(read_bytes("records.jsonl", data, ingest=ingest_settings))
    skipped: list[Skipped] = []
    good = list(read_bytes("records.jsonl", data, ingest=ingest_settings, skipped=skipped))
    assert good and skipped and all(s.source.startswith("records.jsonl:") for s in skipped)


def test_configured_extraction_changes_what_a_page_yields(http_settings: HttpSettings) -> None:
    """``--set html.extract.join_split_bodies=false`` must change ``analyze``'s input, not only the eval."""
    ref = expand_inputs([str(HTML_SAMPLES / "news_article.html")])
    default = IngestSettings.from_config(load_config())
    unjoined = IngestSettings.from_config(load_config(overrides=["html.extract.join_split_bodies=false"]))
    assert not unjoined.extract.join_split_bodies
    (joined_article,) = iter_refs(ref, ingest=default, http=http_settings)
    (split_article,) = iter_refs(ref, ingest=unjoined, http=http_settings)
    assert "Opponents argued" in joined_article.raw
    assert "Opponents argued" not in split_article.raw
    (from_bytes,) = read_bytes("news_article.html", (HTML_SAMPLES / "news_article.html").read_bytes(),
                               ingest=unjoined)
    assert "Opponents argued" not in from_bytes.raw
    assert read_input(ref[0], ingest=default, http=http_settings)[0].raw == joined_article.raw
