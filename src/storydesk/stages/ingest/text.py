"""Plain-text articles: an optional leading ``date YYYY-MM-DD`` header and a headline first line."""

from __future__ import annotations

import logging
import re

from storydesk.errors import IngestError
from storydesk.model import Article, PublicationDate
from storydesk.stages.ingest.build import Origin, build_article
from storydesk.stages.ingest.dates import first_date, stated_date, url_date
from storydesk.stages.ingest.readers import Payload, Reader
from storydesk.stages.ingest.result import ReadResult

log = logging.getLogger(__name__)

FORMAT = "text"

# The collector's date line: " date 2023-03-06 " (or "2023-11"), followed by the text on the same
# line or by a line break. The whole prefix is removed from the raw text.
_DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]*\n|[ \t]+|\Z)")
# A headline is a short first line: fewer words is a label ("Insider", "Wadi Derna"), more is prose.
TITLE_MIN_WORDS = 4
TITLE_MAX_WORDS = 25
TITLE_MAX_CHARS = 200
# A sentence ends in these; a headline does not (closing quotes and brackets are looked past).
_TERMINAL = frozenset(".!?…;,")
_CLOSERS = "\"'”’»)]"
# A sentence break inside the line ("We're Back. We hope ...") marks prose; "U.S. Judge" does not.
_INNER_SENTENCE_END = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")


def split_date_header(text: str) -> tuple[PublicationDate | None, str]:
    """The date of a leading ``date`` header and the text with that header removed.

    A header whose date is impossible (``2023-13-40``) is left in the text and gives no date.
    """
    match = _DATE_HEADER.match(text)
    if not match:
        return None, text
    try:
        published = stated_date(match.group(1), basis="header")
    except ValueError:
        log.debug("ignoring a date header with an impossible date: %r", match.group(0))
        return None, text
    return published, text[match.end():]


def _is_headline(line: str) -> bool:
    """Whether one line reads like a headline: short, several words, no sentence ending."""
    words = line.split()
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS or len(line) > TITLE_MAX_CHARS:
        return False
    tail = line.rstrip(_CLOSERS)
    if not tail or tail[-1] in _TERMINAL:
        return False
    return _INNER_SENTENCE_END.search(line) is None


def detect_title(text: str) -> str | None:
    """The first line when it is a headline followed by more text, else None."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if not rest.strip() or not _is_headline(first):
        return None
    return first


def read_text(text: str, *, origin: Origin, title: str | None = None,
              published: PublicationDate | None = None, language: str | None = None,
              outlet: str | None = None) -> Article:
    """One article from plain text; the ``date`` header is cut from ``raw`` and wins over ``published``.

    Without a given ``title`` a headline-like first line becomes the title (and stays in ``raw``).

    Raises:
        IngestError: when there is no text (after the date header).
    """
    header_date, body = split_date_header(text)
    if not body.strip():
        raise IngestError("no text", source=origin.source, stage="ingest")
    return build_article(raw=body, origin=origin, title=title or detect_title(body),
                         language=language, outlet=outlet,
                         published=first_date(header_date, published, url_date(origin.url)))


def _read(payload: Payload) -> ReadResult:
    """A plain-text input: one article."""
    return ReadResult(articles=(read_text(payload.text(), origin=payload.origin.with_format(FORMAT)),))


#: Plain text claims no extension and sniffs nothing: it reads what no other reader claims, and the
#: extensions in ``ingest.text_extensions``.
READER = Reader(format=FORMAT, read=_read)
