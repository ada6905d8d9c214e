"""Stories, the streaming change log and article vectors in the SQLite store (schema v2).

Functions over an open connection; :class:`~storydesk.store.sqlite.SqliteStore` calls them inside its
own transactions and error guard.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import numpy as np

from storydesk.errors import StoreError
from storydesk.model import Story, StoryChange
from storydesk.model.serialize import (
    story_change_from_dict,
    story_change_to_dict,
    story_from_dict,
    story_to_dict,
)
from storydesk.store.documents import dump_json
from storydesk.store.protocol import LoggedChange, Vector

VECTOR_DTYPE = np.float32
# SQLite reads a negative LIMIT as "no limit".
_NO_LIMIT = -1


def replace_stories(conn: sqlite3.Connection, stories: Sequence[Story]) -> None:
    """Swap the whole current grouping for ``stories``."""
    conn.execute("DELETE FROM story_members")
    conn.execute("DELETE FROM stories")
    for story in stories:
        conn.execute("INSERT INTO stories (id, doc) VALUES (?, ?)",
                     (story.id, dump_json(story_to_dict(story))))
        conn.executemany("INSERT INTO story_members (story, article) VALUES (?, ?)",
                         [(story.id, article) for article in story.articles])


def read_stories(conn: sqlite3.Connection) -> list[Story]:
    """The current stories, in the order they were written."""
    rows = conn.execute("SELECT doc FROM stories ORDER BY seq").fetchall()
    return [story_from_dict(json.loads(doc)) for (doc,) in rows]


def append_changes(conn: sqlite3.Connection, changes: Sequence[StoryChange]) -> None:
    """Append streaming changes to the log (never rewritten)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.executemany("INSERT INTO story_changes (at, doc) VALUES (?, ?)",
                     [(now, dump_json(story_change_to_dict(c))) for c in changes])


def count_changes(conn: sqlite3.Connection) -> int:
    """How many changes the log holds."""
    return int(conn.execute("SELECT count(*) FROM story_changes").fetchone()[0])


def read_changes(conn: sqlite3.Connection, *, after: int, limit: int | None,
                 where: str) -> list[LoggedChange]:
    """Logged changes with ``seq`` above ``after``, oldest first, at most ``limit`` of them.

    Raises:
        StoreError: a logged change's document is damaged.
    """
    rows = conn.execute("SELECT seq, at, doc FROM story_changes WHERE seq > ? ORDER BY seq LIMIT ?",
                        (after, _NO_LIMIT if limit is None else limit)).fetchall()
    return [LoggedChange(seq=seq, at=at, change=_change_from_doc(seq, doc, where))
            for seq, at, doc in rows]


def _change_from_doc(seq: int, doc: str, where: str) -> StoryChange:
    """The change a log document records; a damaged one is a :class:`StoreError` naming it."""
    try:
        return story_change_from_dict(json.loads(doc))
    except (ValueError, KeyError, TypeError) as err:
        raise StoreError(f"logged story change #{seq} is damaged: {err!r}", source=where) from err


def put_vectors(conn: sqlite3.Connection, model: str, vectors: Mapping[str, Vector]) -> None:
    """Store (or replace) article vectors made by ``model``."""
    rows = [(aid, model, np.asarray(v, dtype=VECTOR_DTYPE).tobytes()) for aid, v in vectors.items()]
    conn.executemany("INSERT OR REPLACE INTO article_vectors (article, model, vector) VALUES (?, ?, ?)",
                     rows)


def read_vectors(conn: sqlite3.Connection, model: str) -> dict[str, Vector]:
    """Every stored vector made by ``model``, keyed by article id."""
    rows = conn.execute("SELECT article, vector FROM article_vectors WHERE model = ?", (model,)).fetchall()
    return {aid: np.frombuffer(blob, dtype=VECTOR_DTYPE) for aid, blob in rows}
