"""Versioned schema migrations for the SQLite store.

Each migration is ``(version, SQL)``; versions only ever grow, and a released migration is never
edited — a change to the schema is a new entry. All pending migrations run in one transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import NamedTuple

from storydesk.errors import StoreError


class Migration(NamedTuple):
    """One schema step: its version and the SQL statements that take the schema there."""

    version: int
    sql: str


_V1 = """
CREATE TABLE articles (
    seq       INTEGER PRIMARY KEY,      -- insertion order; unlike a bare rowid it survives VACUUM
    id        TEXT NOT NULL UNIQUE,     -- content hash: the article's real key
    ref       TEXT NOT NULL,
    source    TEXT NOT NULL,
    outlet    TEXT,
    published TEXT,
    title     TEXT,
    added_at  TEXT NOT NULL,
    doc       TEXT NOT NULL             -- the whole article as serialised JSON
);
CREATE INDEX articles_ref ON articles (ref);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_added_at ON articles (added_at);

CREATE TABLE duplicate_groups (
    seq INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL
);
CREATE TABLE duplicate_members (
    group_id   TEXT NOT NULL REFERENCES duplicate_groups (id) ON DELETE CASCADE,
    article    TEXT NOT NULL REFERENCES articles (id),
    similarity REAL NOT NULL,
    PRIMARY KEY (group_id, article)
);
CREATE INDEX duplicate_members_article ON duplicate_members (article);
"""

# v2: stories (current grouping), the log of every streaming change, and article vectors so a
# stream can resume without re-embedding what is stored.
_V2 = """
CREATE TABLE stories (
    seq INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL
);
CREATE TABLE story_members (
    story   TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    article TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (story, article)
);
CREATE INDEX story_members_article ON story_members (article);
CREATE TABLE story_changes (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    doc        TEXT NOT NULL
);
CREATE TABLE article_vectors (
    article TEXT PRIMARY KEY REFERENCES articles (id),
    model   TEXT NOT NULL,
    vector  BLOB NOT NULL
);
"""

#: Every migration, oldest first.
MIGRATIONS: tuple[Migration, ...] = (Migration(1, _V1), Migration(2, _V2))

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""


def latest_version(migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """The schema version this storydesk writes."""
    return max(m.version for m in migrations)


def split_statements(sql: str) -> list[str]:
    """Cut a script into single statements (``executescript`` would commit our transaction)."""
    statements: list[str] = []
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip(" \n\t;"):
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]!r}")
    return statements


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """Versions recorded in ``schema_migrations`` (empty for a fresh database)."""
    if not _has_table(conn, "schema_migrations"):
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def migrate(conn: sqlite3.Connection, where: str,
            migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Bring the schema up to date in one transaction; returns the versions applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``). ``where`` names the database in
    errors.

    Raises:
        StoreError: the database belongs to something else or to a newer storydesk.
    """
    conn.execute("BEGIN IMMEDIATE")  # take the write lock first: two openers must not both migrate
    try:
        pending = _pending(conn, where, migrations)
        for migration in pending:
            _apply(conn, migration)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return [m.version for m in pending]


def _pending(conn: sqlite3.Connection, where: str,
             migrations: tuple[Migration, ...]) -> list[Migration]:
    if not _has_table(conn, "schema_migrations") and _user_tables(conn):
        raise StoreError("is an SQLite database but not a storydesk store; refusing to touch it",
                         source=where)
    done = applied_versions(conn)
    known = latest_version(migrations)
    if done and max(done) > known:
        raise StoreError(f"was written by a newer storydesk (schema v{max(done)}; this version "
                         f"knows up to v{known}); upgrade storydesk to open it", source=where)
    conn.execute(_LEDGER)
    return [m for m in migrations if m.version not in done]


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    for statement in split_statements(migration.sql):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                 (migration.version, datetime.now(UTC).isoformat(timespec="seconds")))


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row.fetchone() is not None


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in rows]
