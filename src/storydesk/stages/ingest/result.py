"""What reading one input gives: the good articles and the records that could not be read."""

from __future__ import annotations

from dataclasses import dataclass

from storydesk.errors import IngestError
from storydesk.model import Article


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
