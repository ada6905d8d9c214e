"""Builders for store tests: articles with every field filled, and a store in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storydesk.model import Article, PublicationDate, Removed, Span, article_id
from storydesk.model.layers import EntityAttrs, EvidenceAttrs, RawAttrs
from storydesk.store import SqliteStore

#: Small on purpose, so a handful of articles spans several batches (tests use the same number).
TEST_BATCH_SIZE = 3


def build_full_article(text: str, **fields: object) -> Article:
    """A cleaned article with an id hashed from ``text`` and every optional field filled.

    Span attributes are typed records: a registered layer's own (``entities``), the evidence of a
    date, and an unregistered (plugin) layer's attributes kept as read (``RawAttrs``).
    """
    raw = f"BREAKING\n{text}\nShare this story"
    values: dict[str, object] = {
        "id": article_id(raw), "ref": f"ref/{article_id(raw)}.txt", "source": "file", "format": "text",
        "raw": raw, "text": text, "url": "https://example.org/story", "outlet": "Example Times",
        "title": text.split(".")[0], "language": "en",
        "published": PublicationDate(value="2024-05-01", granularity="day", basis="header",
                                     confidence=0.9, evidence=(Span(start=0, end=4, label="date",
                                                                    attrs=EvidenceAttrs(value="2024-05-01")),)),
        "removed": (Removed(start=0, end=8, text="BREAKING", reason="boilerplate", rule="kicker"),),
        "layers": {"entities": (Span(start=0, end=3, label="ORG", attrs=EntityAttrs(text=text[:3])),),
                   "dates": (),
                   "plugin_kb": (Span(start=0, end=3, label="KB",
                                      attrs=RawAttrs(values={"kb": "Q1", "score": 0.5})),)},
        "stages": ("ingest.v1", "clean.v1"),
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


@pytest.fixture
def make_full_article() -> Callable[..., Article]:
    """The :func:`build_full_article` builder."""
    return build_full_article


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives (not created yet)."""
    return tmp_path / "data" / "store.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteStore]:
    """A fresh store with a tiny batch size."""
    with SqliteStore(db_path, batch_size=TEST_BATCH_SIZE) as opened:
        yield opened
