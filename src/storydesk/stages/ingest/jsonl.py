"""JSON Lines: one article record per line (``text`` or ``html`` plus optional metadata).

Records with other field names are read through ``[ingest.jsonl] fields`` (``--field text=excerpt``):
each record is first seen under our names, so everything below reads ``text``, ``html``, ...
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from storydesk.backends.extract import ExtractSettings
from storydesk.errors import IngestError, RecordFieldsError
from storydesk.model import Article, PublicationDate
from storydesk.model.article import DateBasis
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.dates import first_date, stated_date
from storydesk.stages.ingest.html import read_html
from storydesk.stages.ingest.readers import Payload, Reader
from storydesk.stages.ingest.result import ReadResult, listed_names
from storydesk.stages.ingest.settings import JSONL_FIELDS, JsonlSettings
from storydesk.stages.ingest.sniff import sniff_sample
from storydesk.stages.ingest.text import read_text

log = logging.getLogger(__name__)

FORMAT = "jsonl"
# Optional fields that must be strings when present (null is allowed).
_STRING_FIELDS = ("text", "html", "url", "title", "published", "outlet", "lang", "date_source")
# The fields an article's text comes from; a record needs one of them, not blank.
_BODY_FIELDS = ("text", "html")
# How many of a record's field names an error lists: enough to spot the text field, still one line.
_NAMES_SHOWN = 12
# How a record says it knows ``published`` (dev-stories' ``date_source``) → our date basis;
# absent or unknown means the record's own metadata.
_DATE_SOURCE_BASIS: dict[str, DateBasis] = {
    "excerpt_date_line": "header", "url": "url",
    "excerpt_byline": "inferred", "excerpt_dateline": "inferred",
}


def _fail(message: str, where: str) -> IngestError:
    """A record error naming ``file:line``."""
    return IngestError(message, source=where, stage="ingest")


def _parse_line(line: str, where: str) -> Mapping[str, Any]:
    """One JSON object from a line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise _fail(f"malformed JSON: {err.msg} (column {err.colno})", where) from err
    if not isinstance(record, dict):
        raise _fail(f"a record must be a JSON object, got {type(record).__name__}", where)
    return record


#: Our field name → the record field read for it (``{"text": "excerpt", "html": "html", ...}``).
Sources = Mapping[str, str]


def _sources(jsonl: JsonlSettings) -> Sources:
    """Where each of our fields is read from under the configured mapping."""
    return {ours: jsonl.source_of(ours) for ours in JSONL_FIELDS}


def _as_ours(record: Mapping[str, Any], sources: Sources) -> dict[str, Any]:
    """The record under our field names (a mapped field read from the record's own name)."""
    return {ours: record[theirs] for ours, theirs in sources.items() if theirs in record}


def _named(ours: str, sources: Sources) -> str:
    """How a message names our field: its record name, and ours when a mapping renamed it."""
    theirs = sources[ours]
    return repr(ours) if theirs == ours else f"{theirs!r} (read as {ours!r})"


def _check_fields(record: Mapping[str, Any], raw: Mapping[str, Any], where: str,
                  sources: Sources) -> None:
    """Refuse wrongly typed fields and records with neither ``text`` nor ``html``."""
    for key in _STRING_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise _fail(f"field {_named(key, sources)} must be a string, got {type(record[key]).__name__}",
                        where)
    rid = record.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, str | int)):
        raise _fail(f"field {_named('id', sources)} must be a string or integer, got {type(rid).__name__}",
                    where)
    if not any((record.get(key) or "").strip() for key in _BODY_FIELDS):
        raise _no_body(raw, where, sources)


def _suggestion(raw: Mapping[str, Any], sources: Sources) -> str | None:
    """``text=NAME`` (``html=NAME`` for markup) for the record's longest string field not read yet."""
    read = set(sources.values())
    texts = {k: v for k, v in raw.items() if k not in read and isinstance(v, str) and v.strip()}
    if not texts:
        return None
    name = max(texts, key=lambda k: len(texts[k]))
    return f"{'html' if texts[name].lstrip().startswith('<') else 'text'}={name}"


def _no_body(raw: Mapping[str, Any], where: str, sources: Sources) -> RecordFieldsError:
    """The error of a record without text: the fields it has, those it needs, a mapping to try."""
    needed = tuple(sources[key] for key in _BODY_FIELDS)
    blank = [repr(name) for name in needed if name in raw]
    suggested = _suggestion(raw, sources)
    notes = [f"{' and '.join(blank)} {'is' if len(blank) == 1 else 'are'} empty"] if blank else []
    notes.append(f"its fields: {listed_names(sorted(raw), _NAMES_SHOWN)}")
    if suggested:
        notes.append(f"try --field {suggested}")
    message = (f"record has neither {_named('text', sources)} nor {_named('html', sources)} "
               f"({'; '.join(notes)})")
    return RecordFieldsError(message, found=tuple(sorted(raw)), needed=needed, suggested=suggested,
                             source=where, stage="ingest")


def _published(record: Mapping[str, Any], where: str, sources: Sources) -> PublicationDate | None:
    """The record's own ``published`` date (basis from ``date_source``, else ``metadata``), or None."""
    value = record.get("published")
    if not value:
        return None
    basis = _DATE_SOURCE_BASIS.get(record.get("date_source") or "", "metadata")
    try:
        return stated_date(value, basis=basis)
    except ValueError as err:
        raise _fail(f"field {_named('published', sources)}: {err}", where) from err


def _record_article(record: Mapping[str, Any], *, origin: Origin, where: str,
                    extract: ExtractSettings | None, sources: Sources) -> Article:
    """The article of one checked record; the record's metadata wins over what extraction finds."""
    published = _published(record, where, sources)
    if (record.get("text") or "").strip():
        return read_text(record["text"], origin=origin, title=record.get("title"),
                         published=published, language=record.get("lang"),
                         outlet=record.get("outlet"))
    page = read_html(record["html"], origin=origin, settings=extract)
    return page.evolve(title=record.get("title") or page.title,
                       language=record.get("lang") or page.language,
                       outlet=record.get("outlet") or page.outlet,
                       published=first_date(published, page.published))


def _line_article(line: str, *, path: str, name: str, lineno: int, extract: ExtractSettings | None,
                  sources: Sources) -> Article:
    """Parse and read one line."""
    where = f"{path}:{lineno}"
    raw = _parse_line(line, where)
    record = _as_ours(raw, sources)
    _check_fields(record, raw, where, sources)
    rid = record.get("id")
    origin = Origin(ref=str(rid) if rid is not None else f"{name}#{lineno}",
                    source=f"{path}#{lineno}", format=FORMAT, url=record.get("url"))
    return _record_article(record, origin=origin, where=where, extract=extract, sources=sources)


def read_jsonl(text: str, *, path: str, name: str, extract: ExtractSettings | None = None,
               jsonl: JsonlSettings | None = None) -> ReadResult:
    """All records of a JSONL file: good articles, plus one error (``file:line``) per bad line.

    ``extract`` is the run's ``[html.extract]`` for records that carry ``html`` and ``jsonl`` its
    ``[ingest.jsonl]`` (the field mapping); defaults if None. A record without text fails with a
    :class:`~storydesk.errors.RecordFieldsError` naming the fields it has.

    Raises:
        IngestError: when the file has no records at all.
    """
    sources = _sources(jsonl or JsonlSettings())
    articles: list[Article] = []
    errors: list[IngestError] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            articles.append(_line_article(line, path=path, name=name, lineno=lineno,
                                          extract=extract, sources=sources))
        except IngestError as err:
            log.debug("bad record: %s", err)
            errors.append(err)
    if not articles and not errors:
        raise IngestError("empty file: no JSON records", source=path, stage="ingest")
    return ReadResult(articles=tuple(articles), errors=tuple(errors))


def sniff_jsonl(head: bytes) -> int | None:
    """0 when the content opens with a JSON object (before any markup a record's ``html`` holds)."""
    return 0 if sniff_sample(head).startswith(b"{") else None


def _read(payload: Payload) -> ReadResult:
    """A JSON Lines file: one article per good record."""
    return read_jsonl(payload.text(), path=payload.source, name=payload.origin.ref,
                      extract=payload.settings.extract, jsonl=payload.settings.jsonl)


READER = Reader(format=FORMAT, read=_read, extensions=(".jsonl", ".ndjson", ".json"),
                sniff=sniff_jsonl, over_http=False)
