"""How records become stored rows and back: JSON documents built by ``model.serialize``."""

from __future__ import annotations

import json
from typing import Any

from storydesk.errors import StoreError
from storydesk.model import SCHEMA_VERSION
from storydesk.model.article import Article
from storydesk.model.corpus import DuplicateGroup
from storydesk.model.serialize import (
    article_from_dict,
    article_to_dict,
    duplicate_group_from_dict,
    duplicate_group_to_dict,
)

#: Column order of an ``articles`` row as written by :func:`article_row`.
ARTICLE_COLUMNS = ("id", "ref", "source", "outlet", "published", "title", "added_at", "doc")


def dump_json(data: dict[str, Any]) -> str:
    """Compact JSON that keeps non-ASCII text readable in the database."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def article_row(article: Article, added_at: str) -> tuple[str | None, ...]:
    """The ``articles`` row for an article.

    Raises:
        StoreError: the article holds something JSON cannot carry (e.g. an object in span attrs).
    """
    try:
        doc = dump_json({"schema_version": SCHEMA_VERSION, **article_to_dict(article)})
    except (TypeError, ValueError) as err:
        raise StoreError(f"cannot serialise article: {err}", article_id=article.id) from err
    return (article.id, article.ref, article.source, article.outlet, article.published.value,
            article.title, added_at, doc)


def article_from_doc(article_id: str, doc: str) -> Article:
    """Rebuild an article from its stored JSON document.

    Raises:
        StoreError: the document is not valid JSON or misses required fields.
    """
    try:
        return article_from_dict(json.loads(doc))
    except (ValueError, KeyError, TypeError) as err:
        raise StoreError(f"stored article document is damaged: {err!r}",
                         article_id=article_id) from err


def group_doc(group: DuplicateGroup) -> str:
    """The stored JSON document of a duplicate group."""
    return dump_json({"schema_version": SCHEMA_VERSION, **duplicate_group_to_dict(group)})


def group_from_doc(group_id: str, doc: str) -> DuplicateGroup:
    """Rebuild a duplicate group from its stored JSON document.

    Raises:
        StoreError: the document is damaged.
    """
    try:
        return duplicate_group_from_dict(json.loads(doc))
    except (ValueError, KeyError, TypeError) as err:
        raise StoreError(f"stored duplicate group {group_id} is damaged: {err!r}") from err
