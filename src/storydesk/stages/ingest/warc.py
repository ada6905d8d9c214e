"""WARC archives (warcio): one article per HTML response record, url = WARC-Target-URI."""

from __future__ import annotations

import logging
import zlib
from typing import Any, BinaryIO

from storydesk.backends.extract import ExtractSettings
from storydesk.errors import IngestError
from storydesk.model import Article
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.decode import content_type_charset, decode_bytes, html_declared_charset
from storydesk.stages.ingest.html import read_html
from storydesk.stages.ingest.readers import Payload, Reader
from storydesk.stages.ingest.result import ReadResult

log = logging.getLogger(__name__)

FORMAT = "warc"
WARC_MAGIC = b"WARC/"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_OK_STATUS = range(200, 300)


def _is_html_response(record: Any) -> bool:
    """Whether a record is a successful HTTP response carrying an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    try:
        status = int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return status in _OK_STATUS and any(t in content_type for t in _HTML_TYPES)


def _record_article(record: Any, body: bytes, *, where: str, max_bytes: int,
                    extract: ExtractSettings | None) -> Article:
    """The article of one HTML response record, its body read (at most ``max_bytes`` + 1)."""
    if len(body) > max_bytes:
        raise IngestError(f"record larger than {max_bytes} bytes", source=where, stage="ingest")
    if not body.strip():
        raise IngestError("empty response body", source=where, stage="ingest")
    declared = content_type_charset(record.http_headers.get_header("Content-Type"))
    html = decode_bytes(body, source=where, declared=declared or html_declared_charset(body))
    url = record.rec_headers.get_header("WARC-Target-URI")
    origin = Origin(ref=url or where, source=where, format=FORMAT, url=url)
    return read_html(html, origin=origin, settings=extract)


def _collect(iterator: Any, *, path: str, max_bytes: int,
             extract: ExtractSettings | None) -> ReadResult:
    """Read every HTML response record of an open archive."""
    articles: list[Article] = []
    errors: list[IngestError] = []
    for record in iterator:
        if not _is_html_response(record):
            continue
        body = record.content_stream().read(max_bytes + 1)
        # Only after the body: warcio finds the offset by reading the record to its end.
        where = f"{path}#{iterator.get_record_offset()}"
        try:
            articles.append(_record_article(record, body, where=where, max_bytes=max_bytes,
                                            extract=extract))
        except IngestError as err:
            log.debug("bad WARC record: %s", err)
            errors.append(err)
    return ReadResult(articles=tuple(articles), errors=tuple(errors))


def read_warc(stream: BinaryIO, *, source: str, max_bytes: int,
              extract: ExtractSettings | None = None) -> ReadResult:
    """All HTML pages of an open WARC or WARC.gz stream; ``max_bytes`` caps each record, not the file.

    The WARC-Date is the crawl time, not the publication date, so it is never used as one.
    ``extract`` is the run's ``[html.extract]`` (defaults if None).

    Raises:
        IngestError: when the file is not a readable WARC or has no HTML response records.
    """
    from warcio.archiveiterator import ArchiveIterator  # deferred: only WARC input needs it
    from warcio.exceptions import ArchiveLoadFailed

    try:
        result = _collect(ArchiveIterator(stream), path=source, max_bytes=max_bytes, extract=extract)
    # warcio meets some malformed headers with AttributeError/KeyError rather than its own error.
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error, AttributeError,
            KeyError) as err:
        raise IngestError(f"malformed WARC file: {err}", source=source, stage="ingest") from err
    if not result.articles and not result.errors:
        raise IngestError("no HTML response records in the WARC file", source=source, stage="ingest")
    return result


def sniff_warc(head: bytes) -> int | None:
    """0 when the (decompressed) content opens with a WARC version line."""
    return 0 if head.startswith(WARC_MAGIC) else None


def _read(payload: Payload) -> ReadResult:
    """A WARC archive, streamed record by record from the bytes as stored (gzip members included)."""
    with payload.stream() as stream:
        return read_warc(stream, source=payload.source, max_bytes=payload.settings.max_bytes,
                         extract=payload.settings.extract)


READER = Reader(format=FORMAT, read=_read, extensions=(".warc", ".arc"), sniff=sniff_warc,
                over_http=False)
