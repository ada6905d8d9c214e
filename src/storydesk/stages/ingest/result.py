"""What reading gives: per input the good articles and the records that could not be read, and
for a run that read nothing at all, the error that says why, input by input."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from storydesk.errors import IngestError, NothingReadError, RecordFieldsError
from storydesk.model import Article
from storydesk.stages.ingest.url import is_url

STAGE = "ingest"
# How many inputs, and bad records per input, a nothing-read error lists one by one: enough to see
# the pattern, short enough to read in a terminal; the rest are counted.
_INPUTS_LISTED = 20
_RECORDS_LISTED = 3
# How many given arguments the summary line names before it just counts them.
_GIVEN_NAMED = 3
# How many field names found in a file's records the error lists.
_FIELDS_LISTED = 20


@dataclass(frozen=True, kw_only=True, slots=True)
class ReadResult:
    """Articles read from one input, plus one error per record that failed.

    Whole-input failures (binary, empty, unreadable) are raised, never stored here; ``errors`` holds
    per-record failures of multi-record inputs (a bad JSONL line, a feed item without text, a WARC
    record with no article body), each naming its record (``file.jsonl:7``).
    """

    articles: tuple[Article, ...] = ()
    errors: tuple[IngestError, ...] = ()

    def strict(self) -> list[Article]:
        """The articles, or the first record error raised (the ``raise`` error policy)."""
        if self.errors:
            raise self.errors[0]
        return list(self.articles)


@dataclass(frozen=True, kw_only=True, slots=True)
class InputOutcome:
    """What one input of a run gave: how many articles, the records that failed, or why it failed whole."""

    location: str
    articles: int = 0
    errors: tuple[IngestError, ...] = ()
    failure: IngestError | None = None

    @property
    def records(self) -> int:
        """Records seen in the input: those read and those that failed."""
        return self.articles + len(self.errors)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def listed_names(names: Sequence[str], limit: int) -> str:
    """``a, b, c`` for a message, the first ``limit`` names and a count of the rest."""
    shown = ", ".join(names[:limit])
    return f"{shown}, … ({len(names) - limit} more)" if len(names) > limit else shown or "none"


def _record_label(error: IngestError, location: str) -> str:
    """``line 7`` for a JSONL record, ``#item-3`` for a feed item: the record within its input."""
    source = error.source or ""
    if not source.startswith(location) or source == location:
        return source or "record"
    suffix = source[len(location):]
    return f"line {suffix[1:]}" if suffix.startswith(":") else suffix


def _fields_lines(missing: Sequence[RecordFieldsError]) -> list[str]:
    """What records without text had, and what they need: field names found, needed, a mapping to try."""
    found = sorted({name for err in missing for name in err.found})
    needed = missing[0].needed
    suggestions = Counter(err.suggested for err in missing if err.suggested)
    hint = suggestions.most_common(1)[0][0] if suggestions else "text=<name>"
    return [f"{_plural(len(missing), 'record')} without text; fields found in them: "
            f"{listed_names(found, _FIELDS_LISTED)}",
            f"fields needed: {' or '.join(map(repr, needed))}; to read another field as the text, "
            f"map it: --field {hint}"]


def _record_lines(outcome: InputOutcome) -> list[str]:
    """Why the records of one input gave nothing: the missing-field pattern, then a few other errors."""
    missing = [e for e in outcome.errors if isinstance(e, RecordFieldsError)]
    others = [e for e in outcome.errors if not isinstance(e, RecordFieldsError)]
    lines = _fields_lines(missing) if missing else []
    lines += [f"{_record_label(e, outcome.location)}: {e.message}" for e in others[:_RECORDS_LISTED]]
    if len(others) > _RECORDS_LISTED:
        lines.append(f"… and {_plural(len(others) - _RECORDS_LISTED, 'other bad record')}")
    return lines


def _outcome_lines(outcome: InputOutcome) -> list[str]:
    """One input's part of the explanation: a line naming it and why, plus indented reasons."""
    if outcome.failure is not None:
        return [f"{outcome.location}: {outcome.failure.message}"]
    if not outcome.errors:
        return [f"{outcome.location}: read, but it holds no article"]
    head = f"{outcome.location}: {_plural(outcome.records, 'record')}, none readable"
    return [head, *(f"  {line}" for line in _record_lines(outcome))]


def _given(given: Sequence[str]) -> str:
    if len(given) <= _GIVEN_NAMED:
        return ", ".join(given)
    return f"{', '.join(given[:_GIVEN_NAMED])} and {_plural(len(given) - _GIVEN_NAMED, 'more input')}"


def nothing_read(given: Sequence[str], outcomes: Sequence[InputOutcome]) -> NothingReadError:
    """The error of a run that read no article: what was given, what was seen, why each gave nothing.

    ``given`` are the inputs as named (arguments, upload names), ``outcomes`` what each input they
    expanded to gave.
    """
    if not given:
        return NothingReadError("no inputs given: name files, directories, globs or URLs to read",
                                stage=STAGE)
    urls = sum(1 for o in outcomes if is_url(o.location))
    seen = [_plural(count, noun) for count, noun in ((len(outcomes) - urls, "file"), (urls, "URL"))
            if count] or ["no input"]
    records = sum(o.records for o in outcomes)
    if records:
        seen.append(_plural(records, "record"))
    details: list[str] = []
    for outcome in outcomes[:_INPUTS_LISTED]:
        details += _outcome_lines(outcome)
    if len(outcomes) > _INPUTS_LISTED:
        details.append(f"… and {_plural(len(outcomes) - _INPUTS_LISTED, 'more input')} that gave nothing")
    return NothingReadError(f"no article read from {_given(given)} ({', '.join(seen)} seen, "
                            f"none readable)", details=tuple(details), stage=STAGE)


def checked_nonempty(articles: Iterable[Article], given: Sequence[str],
                     outcomes: Sequence[InputOutcome]) -> Iterator[Article]:
    """The articles as they come; at their end, if there was none, :func:`nothing_read` raised.

    ``outcomes`` is filled by the reading that ``articles`` does (``iter_refs(..., outcomes=...)``).

    Raises:
        NothingReadError: when ``articles`` gave nothing.
    """
    read_any = False
    for article in articles:
        read_any = True
        yield article
    if not read_any:
        raise nothing_read(given, outcomes)
