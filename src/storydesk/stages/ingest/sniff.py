"""Choose a reader for an input: by file extension first, then by the first bytes of its content."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

Reader = Literal["text", "html", "jsonl", "feed", "warc"]

GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
GZIP_SUFFIX = ".gz"
# Bytes of (decompressed) content that sniffing looks at: past an XML prolog and a few comments.
SNIFF_BYTES = 4096

_EXTENSIONS: dict[str, Reader] = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".arc": "warc",
}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]")
_BOM_UTF8 = b"\xef\xbb\xbf"


def inner_name(name: str) -> str:
    """The file name without a trailing ``.gz`` (``page.html.gz`` → ``page.html``), lower-cased."""
    lower = name.lower()
    return lower.removesuffix(GZIP_SUFFIX)


def by_extension(name: str, text_extensions: Sequence[str]) -> Reader | None:
    """The reader a file name asks for, or None when the extension says nothing."""
    lower = inner_name(name)
    for ext in text_extensions:
        if lower.endswith(ext):
            return "text"
    for ext, reader in _EXTENSIONS.items():
        if lower.endswith(ext):
            return reader
    return None


def by_content(head: bytes) -> Reader:
    """The reader that the first (decompressed) bytes of an input point to; ``text`` by default."""
    if head.startswith(WARC_MAGIC):
        return "warc"
    sample = head[:SNIFF_BYTES].removeprefix(_BOM_UTF8).lstrip().lower()
    if sample.startswith(b"{"):  # before markup: a record's "html" field holds <html> too
        return "jsonl"
    feed, html = _FEED_ROOT.search(sample), _HTML_ROOT.search(sample)
    if feed and (html is None or feed.start() < html.start()):
        return "feed"
    return "html" if html else "text"


def choose_reader(name: str, head: bytes, text_extensions: Sequence[str]) -> Reader:
    """Pick the reader for an input from its name, else from its decompressed head bytes."""
    return by_extension(name, text_extensions) or by_content(head)
