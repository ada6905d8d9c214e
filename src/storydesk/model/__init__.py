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
from storydesk.model.story_report import (
    Comparison,
    Coverage,
    Entity,
    Fact,
    QuoteGroup,
    QuoteVariant,
    SlotComparison,
    SlotValue,
    StoryReport,
    SummarySentence,
    TimelineItem,
    UniqueFact,
)

SCHEMA_VERSION = "2.0"

__all__ = [
    "SCHEMA_VERSION", "Article", "Citation", "Comparison", "Corpus", "Coverage", "DuplicateGroup",
    "DuplicateMember", "Entity", "Fact", "Provenance", "PublicationDate", "QuoteGroup", "QuoteVariant",
    "Removed", "Report", "Skipped", "SlotComparison", "SlotValue", "Span", "Story", "StoryChange",
    "StoryReport", "SummarySentence", "TimelineItem", "UniqueFact", "article_id",
]
