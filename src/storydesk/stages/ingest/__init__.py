"""Ingestion: files, directories, globs and http(s) URLs → raw (uncleaned) :class:`Article` records.

Usage::

    ingest, http = IngestSettings.from_config(config), HttpSettings.from_config(config)
    for ref in expand_inputs(["examples/", "feeds/*.xml", "https://example.org/news/1"]):
        articles = read_input(ref, ingest=ingest, http=http)           # strict
        result = read_input_partial(ref, ingest=ingest, http=http)     # good records + errors

    skipped: list[Skipped] = []
    articles = list(iter_articles(paths, ingest=ingest, http=http, skipped=skipped))
    uploaded = list(read_bytes("page.html", data, ingest=ingest, skipped=skipped))  # bytes in memory

The reader is chosen by extension, then by content (:mod:`.sniff`) from the reader registry
(:mod:`.readers`): plain text, HTML (also ``.html.gz``), JSON Lines, RSS/Atom feeds and WARC
archives; :func:`register_reader` adds a format.
"""

from __future__ import annotations

from storydesk.stages.ingest.build import STAGE as STAGE_NAME
from storydesk.stages.ingest.inputs import InputRef, expand_inputs
from storydesk.stages.ingest.read import (
    iter_articles,
    iter_refs,
    read_bytes,
    read_bytes_partial,
    read_input,
    read_input_partial,
)
from storydesk.stages.ingest.readers import (
    Payload,
    Reader,
    register_reader,
    registered_readers,
    unregister_reader,
)
from storydesk.stages.ingest.result import ReadResult
from storydesk.stages.ingest.settings import HttpSettings, IngestSettings

__all__ = [
    "STAGE_NAME", "HttpSettings", "IngestSettings", "InputRef", "Payload", "ReadResult", "Reader",
    "expand_inputs", "iter_articles", "iter_refs", "read_bytes", "read_bytes_partial", "read_input",
    "read_input_partial", "register_reader", "registered_readers", "unregister_reader",
]
