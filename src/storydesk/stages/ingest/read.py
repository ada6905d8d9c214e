"""Read one input with the reader its extension or content asks for; iterate over many inputs."""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from storydesk.errors import IngestError
from storydesk.model import Article, Skipped
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.decode import content_type_charset, decode_bytes, html_declared_charset
from storydesk.stages.ingest.feed import read_feed
from storydesk.stages.ingest.html import read_html
from storydesk.stages.ingest.inputs import InputRef, expand_inputs
from storydesk.stages.ingest.jsonl import read_jsonl
from storydesk.stages.ingest.result import ReadResult
from storydesk.stages.ingest.settings import HttpSettings, IngestSettings
from storydesk.stages.ingest.sniff import GZIP_MAGIC, SNIFF_BYTES, Reader, choose_reader
from storydesk.stages.ingest.text import read_text
from storydesk.stages.ingest.url import fetch
from storydesk.stages.ingest.warc import read_warc

log = logging.getLogger(__name__)

STAGE = "ingest"
_FEED_TYPES = ("rss", "atom", "rdf", "/xml")


def _fail(message: str, source: str) -> IngestError:
    return IngestError(message, source=source, stage=STAGE)


def _head(path: Path, source: str) -> bytes:
    """The first bytes of a file, decompressed when it is gzip (for sniffing)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as err:
        raise _fail(f"cannot read file: {err.strerror or err}", source) from err
    if not head.startswith(GZIP_MAGIC):
        return head
    try:
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(head, SNIFF_BYTES)
    except zlib.error as err:
        raise _fail(f"corrupt gzip file: {err}", source) from err


def _load(path: Path, *, max_bytes: int, source: str) -> bytes:
    """The whole (decompressed) file, refused past ``max_bytes``."""
    try:
        if path.stat().st_size > max_bytes:
            raise _fail(f"file larger than {max_bytes} bytes", source)
        with path.open("rb") as stream:
            data = stream.read()
        if data.startswith(GZIP_MAGIC):
            with gzip.GzipFile(fileobj=_bytes_io(data)) as unzipped:
                data = unzipped.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise _fail(f"cannot read file: {getattr(err, 'strerror', None) or err}", source) from err
    if len(data) > max_bytes:
        raise _fail(f"file larger than {max_bytes} bytes once decompressed", source)
    return data


def _bytes_io(data: bytes) -> object:
    import io

    return io.BytesIO(data)
