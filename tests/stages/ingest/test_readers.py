"""The reader registry: a new format is one registered Reader, read through the normal entry points."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storydesk.errors import IngestError, PipelineError
from storydesk.stages.ingest import (
    HttpSettings,
    IngestSettings,
    Payload,
    Reader,
    ReadResult,
    expand_inputs,
    iter_articles,
    read_bytes,
    read_input,
    register_reader,
    registered_readers,
    unregister_reader,
)
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.sniff import by_content, by_extension
from storydesk.stages.ingest.text import read_text

TOY_MAGIC = b"TOY1\n"


def _sniff_toy(head: bytes) -> int | None:
    return 0 if head.startswith(TOY_MAGIC) else None


def _read_toy(payload: Payload) -> ReadResult:
    """A toy format: a magic line, then one article per ``---``-separated section."""
    body = payload.content().removeprefix(TOY_MAGIC).decode("utf-8")
    articles = []
    for index, section in enumerate(body.split("\n---\n"), start=1):
        origin = Origin(ref=f"{payload.origin.ref}#{index}", source=f"{payload.source}#{index}",
                        format="toy")
        articles.append(read_text(section, origin=origin))
    return ReadResult(articles=tuple(articles))


TOY = Reader(format="toy", read=_read_toy, extensions=(".toy",), sniff=_sniff_toy)
TOY_FILE = TOY_MAGIC + b"Putin meets Assad in Moscow for talks\nThe two leaders met.\n---\nA second one.\n"


@pytest.fixture
def toy_reader() -> Iterator[Reader]:
    """The toy reader, registered for one test only."""
    register_reader(TOY)
    yield TOY
    unregister_reader(TOY.format)


def test_a_registered_reader_reads_its_extension_through_iter_articles(
        toy_reader: Reader, tmp_path: Path, ingest_settings: IngestSettings,
        http_settings: HttpSettings) -> None:
    path = tmp_path / "desk.toy"
    path.write_bytes(TOY_FILE)
    articles = list(iter_articles([str(path)], ingest=ingest_settings, http=http_settings))
    assert [a.format for a in articles] == ["toy", "toy"]
    assert articles[0].title == "Putin meets Assad in Moscow for talks"
    assert articles[1].raw == "A second one.\n" and articles[1].ref == "desk.toy#2"


def test_a_registered_reader_is_chosen_by_content_and_for_bytes(
        toy_reader: Reader, tmp_path: Path, ingest_settings: IngestSettings,
        http_settings: HttpSettings) -> None:
    path = tmp_path / "no-extension"
    path.write_bytes(TOY_FILE)
    (ref,) = expand_inputs([str(path)])
    assert [a.format for a in read_input(ref, ingest=ingest_settings, http=http_settings)] == ["toy"] * 2
    assert len(list(read_bytes("upload", TOY_FILE, ingest=ingest_settings))) == 2


def test_without_registration_the_toy_file_is_plain_text(tmp_path: Path, ingest_settings: IngestSettings,
                                                         http_settings: HttpSettings) -> None:
    path = tmp_path / "desk.toy"
    path.write_bytes(TOY_FILE)
    (article,) = iter_articles([str(path)], ingest=ingest_settings, http=http_settings)
    assert article.format == "text"
    assert "toy" not in {r.format for r in registered_readers()}


def test_builtin_readers_in_registry_order() -> None:
    assert [r.format for r in registered_readers()][:5] == ["html", "feed", "jsonl", "warc", "text"]


def test_a_claimed_extension_or_format_is_refused() -> None:
    with pytest.raises(PipelineError, match=r"claims \.html, which reader 'html'"):
        register_reader(Reader(format="pages", read=_read_toy, extensions=(".html",)))
    with pytest.raises(PipelineError, match="registered already"):
        register_reader(Reader(format="html", read=_read_toy))
    with pytest.raises(PipelineError, match="no reader registered"):
        unregister_reader("nope")


def test_extensions_must_be_dotted_lower_case() -> None:
    with pytest.raises(PipelineError, match="lower-case"):
        Reader(format="toy", read=_read_toy, extensions=("TOY",))


def test_earliest_signature_wins_and_ties_go_to_the_first_registered(toy_reader: Reader) -> None:
    assert by_content(b"<?xml version='1.0'?><rss><channel><html>") == "feed"
    assert by_content(b"<html><body><rss>") == "html"
    assert by_content(TOY_MAGIC + b"<html>") == "toy"
    assert by_extension("a.toy.gz", (".txt",)) == "toy"


def test_a_reader_error_names_the_input(toy_reader: Reader, tmp_path: Path,
                                        ingest_settings: IngestSettings) -> None:
    with pytest.raises(IngestError, match="empty file") as info:
        list(read_bytes("blank.toy", b"   \n", ingest=ingest_settings, source="upload:blank.toy"))
    assert info.value.source == "upload:blank.toy"


def test_installed_packages_add_readers_through_entry_points(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path,
        ingest_settings: IngestSettings, http_settings: HttpSettings) -> None:
    from importlib import metadata

    from storydesk.stages.ingest import readers

    entries = [metadata.EntryPoint(name="toy", value=f"{__name__}:TOY", group=readers.ENTRY_POINT_GROUP),
               metadata.EntryPoint(name="broken", value="no_such_plugin_xyz:READER",
                                   group=readers.ENTRY_POINT_GROUP),
               metadata.EntryPoint(name="wrong", value=f"{__name__}:TOY_MAGIC",
                                   group=readers.ENTRY_POINT_GROUP)]
    monkeypatch.setattr(readers.metadata, "entry_points", lambda group: entries)
    monkeypatch.setattr(readers, "_BY_FORMAT", {})
    monkeypatch.setattr(readers, "_loaded", False)
    with caplog.at_level("WARNING", logger=readers.__name__):
        assert [r.format for r in registered_readers()] == ["html", "feed", "jsonl", "warc", "text", "toy"]
    assert "broken" in caplog.text and "no_such_plugin_xyz" in caplog.text
    assert "wrong" in caplog.text and "not a Reader" in caplog.text
    path = tmp_path / "desk.toy"
    path.write_bytes(TOY_FILE)
    read = iter_articles([str(path)], ingest=ingest_settings, http=http_settings)
    assert {a.format for a in read} == {"toy"}
