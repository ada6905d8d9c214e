"""Read one input (a file, a URL or bytes in memory) with the reader the registry chooses for it."""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from storydesk.errors import IngestError
from storydesk.model import Article, Skipped
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.decode import content_type_charset
from storydesk.stages.ingest.inputs import InputRef, expand_inputs
from storydesk.stages.ingest.readers import Payload, reader_for
from storydesk.stages.ingest.result import InputOutcome, ReadResult
from storydesk.stages.ingest.settings import HttpSettings, IngestSettings
from storydesk.stages.ingest.sniff import (
    GZIP_MAGIC,
    SNIFF_BYTES,
    by_content,
    by_content_type,
    choose_reader,
)
from storydesk.stages.ingest.url import fetch

log = logging.getLogger(__name__)

STAGE = "ingest"


def _fail(message: str, source: str) -> IngestError:
    """An ingest error about a whole input."""
    return IngestError(message, source=source, stage=STAGE)


def _sniffed_head(head: bytes, source: str) -> bytes:
    """The first bytes of an input as sniffing sees them: decompressed when they are gzip."""
    head = head[:SNIFF_BYTES]
    if not head.startswith(GZIP_MAGIC):
        return head
    try:
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(head, SNIFF_BYTES)
    except zlib.error as err:
        raise _fail(f"corrupt gzip file: {err}", source) from err


def _file_head(path: Path, source: str) -> bytes:
    """The first bytes of a file, decompressed when it is gzip (for sniffing)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as err:
        raise _fail(f"cannot read file: {err.strerror or err}", source) from err
    return _sniffed_head(head, source)


def _unpack(data: bytes, *, max_bytes: int, source: str) -> bytes:
    """Input bytes gunzipped when compressed, refused past ``max_bytes`` (before and after)."""
    if len(data) > max_bytes:
        raise _fail(f"file larger than {max_bytes} bytes", source)
    try:
        if data.startswith(GZIP_MAGIC):
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise _fail(f"cannot read file: {getattr(err, 'strerror', None) or err}", source) from err
    if len(data) > max_bytes:
        raise _fail(f"file larger than {max_bytes} bytes once decompressed", source)
    return data


def _load(path: Path, *, max_bytes: int, source: str) -> bytes:
    """The whole file, gunzipped when compressed, refused past ``max_bytes``."""
    try:
        if path.stat().st_size > max_bytes:
            raise _fail(f"file larger than {max_bytes} bytes", source)
        data = path.read_bytes()
    except OSError as err:
        raise _fail(f"cannot read file: {err.strerror or err}", source) from err
    return _unpack(data, max_bytes=max_bytes, source=source)


def _open(path: Path, source: str) -> BinaryIO:
    """The file opened for reading its bytes as stored."""
    try:
        return path.open("rb")
    except OSError as err:
        raise _fail(f"cannot read file: {err.strerror or err}", source) from err


def _read_with(fmt: str, payload: Payload) -> ReadResult:
    """Read a payload with the reader registered for ``fmt``."""
    log.debug("%s: reading as %s", payload.source, fmt)
    return reader_for(fmt).read(payload)


def _read_file(ref: InputRef, *, ingest: IngestSettings) -> ReadResult:
    """Read a local file; streaming readers (WARC) get it opened, the others loaded whole."""
    path, source = Path(ref.location), ref.location
    fmt = choose_reader(ref.name, _file_head(path, source), ingest.text_extensions)
    return _read_with(fmt, Payload(
        origin=Origin(ref=ref.name, source=source, format=fmt), settings=ingest,
        load=partial(_load, path, max_bytes=ingest.max_bytes, source=source),
        stream=partial(_open, path, source)))


def _read_url(ref: InputRef, *, ingest: IngestSettings, http: HttpSettings) -> ReadResult:
    """Fetch a URL and read it as its Content-Type, else its content, says (a page, a feed, text)."""
    fetched = fetch(ref.location, http=http)
    fmt = by_content_type(fetched.content_type) or by_content(fetched.content[:SNIFF_BYTES])
    if not reader_for(fmt).over_http:
        raise _fail(f"{fmt} over HTTP is not supported; download the file first", ref.location)
    content = fetched.content
    return _read_with(fmt, Payload(
        origin=Origin(ref=ref.location, source=ref.location, format=fmt, url=fetched.url),
        settings=ingest, load=lambda: content, stream=partial(io.BytesIO, content),
        declared=content_type_charset(fetched.content_type)))


def read_bytes_partial(name: str, data: bytes, *, ingest: IngestSettings,
                       source: str | None = None) -> ReadResult:
    """Read one input given as bytes (an upload) exactly as a file of that name would be read.

    ``name`` is the file name (its extension picks the reader, else the content does) and the
    articles' ``ref``; ``source`` names the input in articles and errors (default: ``name``). The
    size cap, gzip handling and per-record errors are those of files.

    Raises:
        IngestError: when the input as a whole is unusable (binary, empty, too large, malformed).
    """
    where = source or name
    fmt = choose_reader(name, _sniffed_head(data, where), ingest.text_extensions)
    return _read_with(fmt, Payload(
        origin=Origin(ref=name, source=where, format=fmt), settings=ingest,
        load=partial(_unpack, data, max_bytes=ingest.max_bytes, source=where),
        stream=partial(io.BytesIO, data)))


def read_input_partial(ref: InputRef, *, ingest: IngestSettings, http: HttpSettings) -> ReadResult:
    """Read one input, keeping the good records of a partly bad multi-record file.

    Raises:
        IngestError: when the input as a whole is unusable (binary, empty, unreadable, malformed).
    """
    if ref.kind == "url":
        return _read_url(ref, ingest=ingest, http=http)
    return _read_file(ref, ingest=ingest)


def read_input(ref: InputRef, *, ingest: IngestSettings, http: HttpSettings) -> list[Article]:
    """Read one input strictly: every record must be good.

    Raises:
        IngestError: for an unusable input, or the first bad record (``file.jsonl:7: ...``).
    """
    return read_input_partial(ref, ingest=ingest, http=http).strict()


def _skip(err: IngestError, location: str, skipped: list[Skipped]) -> None:
    """Record one failure under the ``skip`` error policy."""
    log.warning("skipping %s", err)
    skipped.append(Skipped(source=err.source or location, stage=STAGE, reason=err.message))


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
              skipped: list[Skipped] | None = None, progress: Callable[[int], None] | None = None,
              outcomes: list[InputOutcome] | None = None) -> Iterator[Article]:
    """Raw articles from already expanded inputs (see :func:`iter_articles`); ``progress(1)`` per input.

    Given ``outcomes``, what each input gave is appended to it (for explaining a run that read nothing).
    """
    for ref in refs:
        read = partial(read_input_partial, ref, ingest=ingest, http=http)
        yield from _under_policy(read, ref.location, skipped, outcomes)
        if progress is not None:
            progress(1)


def read_bytes(name: str, data: bytes, *, ingest: IngestSettings, skipped: list[Skipped] | None = None,
               source: str | None = None, outcomes: list[InputOutcome] | None = None) -> Iterator[Article]:
    """Raw articles from one input given as bytes, under the error policy of :func:`iter_articles`.

    ``name`` is the input's file name (it chooses the reader like a file's name does) and ``source``
    where it came from (default: ``name``); see :func:`read_bytes_partial`. ``outcomes`` collects what
    the input gave, as in :func:`iter_refs`.

    Raises:
        IngestError: for an unusable input or a bad record, when ``skipped`` is None.
    """
    read = partial(read_bytes_partial, name, data, ingest=ingest, source=source)
    yield from _under_policy(read, source or name, skipped, outcomes)


def _under_policy(read: Callable[[], ReadResult], location: str, skipped: list[Skipped] | None,
                  outcomes: list[InputOutcome] | None) -> list[Article]:
    """The articles of one input under the error policy that ``skipped`` stands for."""
    noted = outcomes if outcomes is not None else []
    try:
        result = read()
    except IngestError as err:
        noted.append(InputOutcome(location=location, failure=err))
        if skipped is None:
            raise
        _skip(err, location, skipped)
        return []
    noted.append(InputOutcome(location=location, articles=len(result.articles), errors=result.errors))
    if skipped is None:
        return result.strict()
    for record_error in result.errors:
        _skip(record_error, location, skipped)
    return list(result.articles)
