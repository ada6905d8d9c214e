"""Standoff spans, citations and provenance: the atoms every derived object is built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True, slots=True)
class Span:
    """A labelled character range ``[start, end)`` into an article's canonical text."""

    start: int
    end: int
    label: str
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end}) for {self.label!r}")

    def slice(self, text: str) -> str:
        """The text this span covers."""
        return text[self.start:self.end]


@dataclass(frozen=True, kw_only=True, slots=True)
class Citation:
    """A pointer to the exact source of a statement: article id and character range."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Provenance:
    """Which stage (and version) made a derived object, and the article spans it rests on."""

    stage: str
    version: str
    citations: tuple[Citation, ...] = ()
