"""Cross-document objects. They refer to articles by id, never by nested copies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from storydesk.model.article import Article
from storydesk.model.spans import Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class DuplicateMember:
    """One article in a near-duplicate group, with its estimated similarity to the group's first."""

    article: str
    similarity: float


@dataclass(frozen=True, kw_only=True, slots=True)
class DuplicateGroup:
    """Wire copies and syndicated re-posts of one text. Nothing is dropped: all members stay."""

    id: str
    members: tuple[DuplicateMember, ...]
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class Skipped:
    """An input the run could not use, and why (``--on-error skip``)."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Corpus:
    """The articles of a run plus everything computed across them."""

    articles: tuple[Article, ...] = ()
    duplicates: tuple[DuplicateGroup, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def by_id(self) -> dict[str, Article]:
        """Articles keyed by id."""
        return {a.id: a for a in self.articles}


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """What ``analyze`` produces: the corpus, the resolved config, and run statistics."""

    corpus: Corpus
    generated: str
    version: str
    config: Mapping[str, Any] = field(default_factory=dict)
    stats: Mapping[str, Any] = field(default_factory=dict)
