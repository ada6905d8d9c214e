"""The per-document record: one canonical text, what cleaning removed, and span layers."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Literal

from storydesk.model.spans import Span

DateBasis = Literal["header", "metadata", "url", "inferred", "unknown"]
Granularity = Literal["day", "month", "year"]


@dataclass(frozen=True, kw_only=True, slots=True)
class PublicationDate:
    """When an article was published, and how we know it.

    ``basis`` says where the value came from: a ``date`` header line, page/feed metadata, the URL,
    inference from the content, or ``unknown`` (value is ``None``; never silently today).
    """

    value: str | None = None
    granularity: Granularity | None = None
    basis: DateBasis = "unknown"
    confidence: float = 0.0
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Removed:
    """A segment cleaning took out of the raw text, with the reason and the rule that fired.

    ``start``/``end`` index the article's ``raw`` text, so a user can see it in place and overrule it.
    """

    start: int
    end: int
    text: str
    reason: str
    rule: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Article:
    """One news document.

    ``raw`` is the text as ingested (for HTML: the extracted body). ``text`` is the canonical cleaned
    text; it is empty until the clean stage ran and never changes after it. Enrichment layers are
    spans into ``text``.
    """

    id: str
    ref: str
    source: str
    format: str
    raw: str
    text: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = None
    published: PublicationDate = field(default_factory=PublicationDate)
    removed: tuple[Removed, ...] = ()
    layers: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    stages: tuple[str, ...] = ()

    @property
    def cleaned(self) -> bool:
        """Whether the canonical text has been produced."""
        return any(s.startswith("clean.") for s in self.stages)

    def evolve(self, **changes: object) -> Article:
        """A copy with some fields changed (records are frozen)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def with_layer(self, name: str, spans: tuple[Span, ...]) -> Article:
        """A copy with one span layer set, checked against the canonical text."""
        for span in spans:
            if span.end > len(self.text):
                raise ValueError(f"span {span} runs past the text of article {self.id}")
        return replace(self, layers={**self.layers, name: spans})


def normalise_for_id(text: str) -> str:
    """The form of a text that its id is hashed from: NFC, unified newlines, trimmed lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def article_id(raw: str) -> str:
    """A stable id from the content: the same text always gets the same id."""
    return hashlib.sha256(normalise_for_id(raw).encode("utf-8")).hexdigest()[:16]


def outlet_of(article: Article) -> str:
    """The outlet that published an article: its host, else the input file's name without suffix."""
    if article.outlet:
        return article.outlet
    return PurePath(article.source).stem or article.ref
