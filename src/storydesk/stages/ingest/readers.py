"""The reader registry: each input format registers one :class:`Reader`, and choice is made here.

A reader names its format, the file extensions it claims, how to spot its content (``sniff``) and
how to read a :class:`Payload` into articles. Each reader module declares its reader as ``READER``
and the registry registers the modules of :data:`READER_MODULES` in that order when first used, so
adding a format is one module, its test and one line there. An installed package adds a reader
through a ``storydesk.readers`` entry point naming its :class:`Reader`; other code (a test) calls
:func:`register_reader`.

Choice (see :mod:`storydesk.stages.ingest.sniff`): the configured plain-text extensions first, then
the one reader claiming the file's extension, then sniffing: every reader's ``sniff`` looks at the
first bytes and says where its signature begins, the earliest wins (ties go to the reader registered
first), and content that no reader claims is read as plain text.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import BinaryIO

from storydesk.errors import IngestError, PipelineError
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.decode import decode_bytes
from storydesk.stages.ingest.result import ReadResult
from storydesk.stages.ingest.settings import IngestSettings

log = logging.getLogger(__name__)

#: The format read when an extension in ``ingest.text_extensions`` matches, or nothing else sniffs.
PLAIN_FORMAT = "text"
# The modules whose ``READER`` is registered, in this order, when the registry is first used.
READER_MODULES: tuple[str, ...] = (
    "storydesk.stages.ingest.html",
    "storydesk.stages.ingest.feed",
    "storydesk.stages.ingest.jsonl",
    "storydesk.stages.ingest.warc",
    "storydesk.stages.ingest.text",
)
#: Entry-point group through which an installed package adds a reader (the entry names a Reader).
ENTRY_POINT_GROUP = "storydesk.readers"

#: Where a reader's signature begins in an input's first (decompressed) bytes, or None if absent.
Sniff = Callable[[bytes], "int | None"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Payload:
    """One input as a reader receives it: where it came from, its bytes and the settings of the run.

    ``load`` gives the whole content (gunzipped, within ``ingest.max_bytes`` for files and bytes);
    ``stream`` opens the bytes as stored, for readers that go record by record (WARC). ``declared``
    is a charset the transport named (HTTP ``Content-Type``), if any.
    """

    origin: Origin
    settings: IngestSettings
    load: Callable[[], bytes]
    stream: Callable[[], BinaryIO]
    declared: str | None = None

    @property
    def source(self) -> str:
        """The input's location, for error messages."""
        return self.origin.source

    def content(self) -> bytes:
        """The whole content.

        Raises:
            IngestError: "empty file" when it holds nothing but white space.
        """
        data = self.load()
        if not data.strip():
            raise IngestError("empty file", source=self.source, stage="ingest")
        return data

    def text(self) -> str:
        """The content decoded to text (see :func:`~storydesk.stages.ingest.decode.decode_bytes`).

        Raises:
            IngestError: for an empty, binary or undecodable input.
        """
        text = decode_bytes(self.content(), source=self.source, declared=self.declared)
        if not text.strip():
            raise IngestError("empty file", source=self.source, stage="ingest")
        return text


@dataclass(frozen=True, kw_only=True, slots=True)
class Reader:
    """One input format: its name, what claims an input for it, and how it is read.

    ``extensions`` are lower-case and dotted (``.html``; a trailing ``.gz`` is looked past).
    ``content_types`` are fragments of a fetched page's ``Content-Type`` that select this reader;
    ``over_http`` says whether a fetched URL may be read with it at all.
    """

    format: str
    read: Callable[[Payload], ReadResult]
    extensions: tuple[str, ...] = ()
    sniff: Sniff | None = None
    content_types: tuple[str, ...] = ()
    over_http: bool = True

    def __post_init__(self) -> None:
        if not self.format.strip():
            raise PipelineError("a reader needs a format name")
        bad = [e for e in self.extensions if not e.startswith(".") or e != e.lower()]
        if bad:
            raise PipelineError(f"reader {self.format!r}: extensions must be lower-case and start "
                                f"with '.', got {', '.join(bad)}")


_BY_FORMAT: dict[str, Reader] = {}
_loaded = False


def register_reader(reader: Reader) -> Reader:
    """Add a reader after the built-in ones and return it.

    Raises:
        PipelineError: when its format is registered already, or another reader claims one of its
            extensions (extension choice must stay unambiguous).
    """
    _load()
    if reader.format in _BY_FORMAT:
        raise PipelineError(f"a reader for format {reader.format!r} is registered already")
    for other in _BY_FORMAT.values():
        shared = sorted(set(reader.extensions) & set(other.extensions))
        if shared:
            raise PipelineError(f"reader {reader.format!r} claims {', '.join(shared)}, which reader "
                                f"{other.format!r} claims already")
    _BY_FORMAT[reader.format] = reader
    return reader


def unregister_reader(fmt: str) -> Reader:
    """Remove a reader from the registry and return it.

    Raises:
        PipelineError: when no reader has that format.
    """
    _load()
    if fmt not in _BY_FORMAT:
        raise PipelineError(f"no reader registered for format {fmt!r}")
    return _BY_FORMAT.pop(fmt)


def registered_readers() -> tuple[Reader, ...]:
    """Every registered reader, in registration order."""
    _load()
    return tuple(_BY_FORMAT.values())


def reader_for(fmt: str) -> Reader:
    """The reader registered for a format.

    Raises:
        PipelineError: when none is.
    """
    _load()
    if fmt not in _BY_FORMAT:
        raise PipelineError(f"no reader registered for format {fmt!r}; known: "
                            f"{', '.join(_BY_FORMAT)}")
    return _BY_FORMAT[fmt]


def _load() -> None:
    """Register the built-in readers in :data:`READER_MODULES` order, then the plugins' (once)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in READER_MODULES:
        register_reader(importlib.import_module(module).READER)
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        _register_plugin(entry)


def _register_plugin(entry: metadata.EntryPoint) -> None:
    """Register the reader an entry point names; a broken plugin is logged, never fatal."""
    try:
        reader = entry.load()
        if not isinstance(reader, Reader):
            raise PipelineError(f"names a {type(reader).__name__}, not a Reader")
        register_reader(reader)
    except Exception as err:  # a broken plugin must not take the built-in readers down
        log.warning("reader plugin %s could not be loaded: %s", entry.name, err)
