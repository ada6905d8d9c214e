"""Standoff spans, citations and provenance: the atoms every derived object is built from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from storydesk.model.layers import NoAttrs

#: The attribute record a span carries (its layer's record from :mod:`storydesk.model.layers`).
A = TypeVar("A", covariant=True)


@dataclass(frozen=True, kw_only=True, slots=True)
class Span(Generic[A]):
    """A labelled character range ``[start, end)`` into an article's canonical text.

    ``attrs`` is the typed record of the span's layer (``Span[DateAttrs]`` in ``dates``); a span
    that carries nothing has :class:`~storydesk.model.layers.NoAttrs`.
    """

    start: int
    end: int
    label: str
    attrs: A = field(default_factory=NoAttrs)  # type: ignore[assignment]  # A has no default in 3.11

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

    @classmethod
    def of(cls, registered: str, citations: tuple[Citation, ...] = ()) -> Provenance:
        """Provenance from a stage's registered name (``"dedup.v1"``: stage ``dedup``, version ``v1``).

        Raises:
            ValueError: the name has no ``.version`` suffix.
        """
        stage, dot, version = registered.rpartition(".")
        if not dot or not stage or not version:
            raise ValueError(f"stage name {registered!r} is not of the form 'stage.version'")
        return cls(stage=stage, version=version, citations=citations)
