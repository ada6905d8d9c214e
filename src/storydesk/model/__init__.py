"""The storydesk data model: pure frozen dataclasses, no I/O, no heavy imports."""

from storydesk.model.article import Article, PublicationDate, Removed, article_id
from storydesk.model.corpus import (
    Corpus,
    DuplicateGroup,
    DuplicateMember,
    Report,
    Skipped,
    Story,
    StoryChange,
)
from storydesk.model.spans import Citation, Provenance, Span

SCHEMA_VERSION = "1.0"

__all__ = [
    "SCHEMA_VERSION", "Article", "Citation", "Corpus", "DuplicateGroup", "DuplicateMember",
    "Provenance", "PublicationDate", "Removed", "Report", "Skipped", "Span", "Story", "StoryChange",
    "article_id",
]
