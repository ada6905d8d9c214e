"""Shared read-only views of a report for the human-readable renderers."""

from __future__ import annotations

from collections.abc import Sequence

from storydesk.model import Article, Report
from storydesk.model.article import outlet_of


def published_label(article: Article) -> str:
    """'2023-03-06 (header)' or 'unknown'."""
    pub = article.published
    if not pub.value:
        return "unknown"
    return f"{pub.value} ({pub.basis})"


def article_heading(article: Article) -> str:
    """The article's title, else its ref."""
    return article.title or article.ref


def duplicate_of(report: Report) -> dict[str, str]:
    """For every article in a near-duplicate group, the group id."""
    return {m.article: g.id for g in report.corpus.duplicates for m in g.members}


def story_span(start: str | None, end: str | None) -> str:
    """'2023-03-06 – 2023-03-15', one date, or 'undated'."""
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end or "undated"


def outlet_labels(articles: Sequence[Article]) -> dict[str, str]:
    """Per article id, the outlet name its citations are labelled with."""
    return {a.id: outlet_of(a) for a in articles}


def sources_label(story_outlets: Sequence[str], source_names: Sequence[str]) -> str:
    """'outlets: a.com, b.com', or, for inputs without outlets, 'sources: file1, file2'."""
    if story_outlets:
        return "outlets: " + ", ".join(story_outlets)
    return "sources: " + (", ".join(sorted(set(source_names))) or "unknown")
