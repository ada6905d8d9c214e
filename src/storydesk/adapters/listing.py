"""What a listing of stored articles or stories shows, as JSON-ready records (``--json``, web lists).

Short records, not whole documents: an article without its text and layers, a story without its
report. Field values come from :mod:`storydesk.model.serialize` where it has them.
"""

from __future__ import annotations

from typing import Any

from storydesk.model import SCHEMA_VERSION, Article, Story
from storydesk.model.serialize import published_to_dict


def article_listing(article: Article) -> dict[str, Any]:
    """One stored article as ``storydesk articles --json`` prints it."""
    return {"schema_version": SCHEMA_VERSION, "id": article.id, "ref": article.ref,
            "source": article.source, "format": article.format, "url": article.url,
            "outlet": article.outlet, "title": article.title, "language": article.language,
            "published": published_to_dict(article.published), "text_length": len(article.text),
            "stages": list(article.stages)}


def story_listing(story: Story) -> dict[str, Any]:
    """One stored story as ``storydesk stories --json`` prints it; ``start``/``end`` are its span."""
    return {"schema_version": SCHEMA_VERSION, "id": story.id, "headline": story.headline,
            "articles": list(story.articles), "start": story.start, "end": story.end,
            "outlets": list(story.outlets), "entities": list(story.entities)}
