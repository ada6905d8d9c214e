"""Reader choice: extension first, then content."""

from __future__ import annotations

import pytest

from storydesk.stages.ingest.sniff import by_content, by_extension, choose_reader

TEXT_EXTS = (".txt", ".text", ".md")


@pytest.mark.parametrize(("name", "reader"), [
    ("a.txt", "text"), ("notes.MD", "text"), ("page.html", "html"), ("page.htm", "html"),
    ("page.html.gz", "html"), ("dump.jsonl", "jsonl"), ("crawl.warc.gz", "warc"),
    ("crawl.warc", "warc"), ("news.rss", "feed"), ("news.atom", "feed"), ("feed.xml", None),
    ("README", None),
])
def test_by_extension(name: str, reader: str | None) -> None:
    assert by_extension(name, TEXT_EXTS) == reader


@pytest.mark.parametrize(("head", "reader"), [
    (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
    (b'<?xml version="1.0"?><!-- generator --><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
    (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', "feed"),
    (b"\xef\xbb\xbf  <!DOCTYPE html><html><head>", "html"),
    (b"<html lang='en'><body>", "html"),
    (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
    (b'{"id": "x", "text": "hello"}\n{"id": "y"}', "jsonl"),
    (b"Putin will hold talks with Assad.", "text"),
])
def test_by_content(head: bytes, reader: str) -> None:
    assert by_content(head) == reader


def test_text_extension_wins_over_html_content() -> None:
    assert choose_reader("story.txt", b"<html><body>", TEXT_EXTS) == "text"
    assert choose_reader("story", b"<html><body>", TEXT_EXTS) == "html"
