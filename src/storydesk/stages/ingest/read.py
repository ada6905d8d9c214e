"""Read one input with the reader its extension or content asks for; iterate over many inputs."""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Callable, Iterator, Sequence
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
from storydesk.stages.ingest.sniff import GZIP_MAGIC, SNIFF_BYTES, Reader, by_content, choose_reader
from storydesk.stages.ingest.text import read_text
from storydesk.stages.ingest.url import Fetched, fetch
from storydesk.stages.ingest.warc import read_warc

log = logging.getLogger(__name__)

STAGE = "ingest"
# Content-Type fragments that mark a fetched resource as a feed or an HTML page.
_FEED_TYPES = ("rss", "atom", "rdf")
_HTML_TYPES = ("html",)


def _fail(message: str, source: str) -> IngestError:
    """An ingest error about a whole input."""
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
    """The whole file, gunzipped when compressed, refused past ``max_bytes``."""
    try:
        if path.stat().st_size > max_bytes:
            raise _fail(f"file larger than {max_bytes} bytes", source)
        data = path.read_bytes()
        if data.startswith(GZIP_MAGIC):
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise _fail(f"cannot read file: {getattr(err, 'strerror', None) or err}", source) from err
    if len(data) > max_bytes:
        raise _fail(f"file larger than {max_bytes} bytes once decompressed", source)
    return data


def _read_bytes(reader: Reader, data: bytes, *, origin: Origin, declared: str | None) -> ReadResult:
    """Decode and read in-memory input with one reader (every reader but WARC)."""
    source = origin.source
    if not data.strip():
        raise _fail("empty file", source)
    if reader == "feed":
        return read_feed(data, path=source)
    if reader == "html":
        html = decode_bytes(data, source=source, declared=declared or html_declared_charset(data))
        return ReadResult(articles=(read_html(html, origin=origin.with_format("html")),))
    text = decode_bytes(data, source=source, declared=declared)
    if not text.strip():
        raise _fail("empty file", source)
    if reader == "jsonl":
        return read_jsonl(text, path=source, name=origin.ref)
    return ReadResult(articles=(read_text(text, origin=origin.with_format("text")),))


def _read_file(ref: InputRef, *, ingest: IngestSettings) -> ReadResult:
    """Read a local file; a WARC is streamed record by record, everything else loaded whole."""
    path, source = Path(ref.location), ref.location
    reader = choose_reader(ref.name, _head(path, source), ingest.text_extensions)
    log.debug("%s: reading as %s", source, reader)
    if reader == "warc":
        return read_warc(path, source=source, max_bytes=ingest.max_bytes)
    data = _load(path, max_bytes=ingest.max_bytes, source=source)
    return _read_bytes(reader, data, origin=Origin(ref=ref.name, source=source, format=reader),
                       declared=None)


def _url_reader(fetched: Fetched) -> Reader:
    """The reader for a fetched resource: by Content-Type, else by content."""
    content_type = (fetched.content_type or "").lower()
    if any(t in content_type for t in _HTML_TYPES):
        return "html"
    if any(t in content_type for t in _FEED_TYPES):
        return "feed"
    return by_content(fetched.content)


def _read_url(ref: InputRef, *, http: HttpSettings) -> ReadResult:
    """Fetch a URL and read it as a page (or a feed / plain text when that is what came back)."""
    fetched = fetch(ref.location, http=http)
    reader = _url_reader(fetched)
    if reader in ("warc", "jsonl"):
        raise _fail(f"{reader} over HTTP is not supported; download the file first", ref.location)
    origin = Origin(ref=ref.location, source=ref.location, format=reader, url=fetched.url)
    return _read_bytes(reader, fetched.content, origin=origin,
                       declared=content_type_charset(fetched.content_type))


def read_input_partial(ref: InputRef, *, ingest: IngestSettings, http: HttpSettings) -> ReadResult:
    """Read one input, keeping the good records of a partly bad multi-record file.

    Raises:
        IngestError: when the input as a whole is unusable (binary, empty, unreadable, malformed).
    """
    if ref.kind == "url":
        return _read_url(ref, http=http)
    return _read_file(ref, ingest=ingest)


def read_input(ref: InputRef, *, ingest: IngestSettings, http: HttpSettings) -> list[Article]:
    """Read one input strictly: every record must be good.

    Raises:
        IngestError: for an unusable input, or the first bad record (``file.jsonl:7: ...``).
    """
    return read_input_partial(ref, ingest=ingest, http=http).strict()


def _skip(err: IngestError, ref: InputRef, skipped: list[Skipped]) -> None:
    """Record one failure under the ``skip`` error policy."""
    log.warning("skipping %s", err)
    skipped.append(Skipped(source=err.source or ref.location, stage=STAGE, reason=err.message))


def iter_articles(paths: Sequence[str], *, ingest: IngestSettings, http: HttpSettings,
                  skipped: list[Skipped] | None = None) -> Iterator[Article]:
    """Raw articles from every input the arguments name, in order.

    With ``skipped=None`` the first failure is raised (error policy ``raise``); given a list, each
    unusable input or bad record is appended to it as a :class:`Skipped` and reading goes on.

    Raises:
        IngestError: for an argument that matches nothing, or any failure when not skipping.
    """
    yield from iter_refs(expand_inputs(paths), ingest=ingest, http=http, skipped=skipped)


def iter_refs(refs: Sequence[InputRef], *, ingest: IngestSettings, http: HttpSettings,
              skipped: list[Skipped] | None = None,
              progress: Callable[[int], None] | None = None) -> Iterator[Article]:
    """Raw articles from already expanded inputs (see :func:`iter_articles`); ``progress(1)`` per input."""
    for ref in refs:
        yield from _read_one(ref, ingest=ingest, http=http, skipped=skipped)
        if progress is not None:
            progress(1)


def _read_one(ref: InputRef, *, ingest: IngestSettings, http: HttpSettings,
              skipped: list[Skipped] | None) -> list[Article]:
    """The articles of one input under the error policy that ``skipped`` stands for."""
    try:
        result = read_input_partial(ref, ingest=ingest, http=http)
    except IngestError as err:
        if skipped is None:
            raise
        _skip(err, ref, skipped)
        return []
    if skipped is None:
        return result.strict()
    for record_error in result.errors:
        _skip(record_error, ref, skipped)
    return list(result.articles)
