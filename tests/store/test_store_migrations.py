"""Schema migrations and refusing files that are not ours: empty, existing, newer, foreign, corrupt."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storydesk.errors import StoreError
from storydesk.store import SqliteStore
from storydesk.store.migrations import (
    MIGRATIONS,
    Migration,
    applied_versions,
    latest_version,
    migrate,
    split_statements,
)

#: Batch size for the stores these tests open (irrelevant to migrations).
BATCH = 3


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _versions(path: Path) -> set[int]:
    conn = _connect(path)
    try:
        return applied_versions(conn)
    finally:
        conn.close()


def test_empty_database_gets_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with SqliteStore(path, batch_size=BATCH) as store:
        assert store.count() == 0
    assert _versions(path) == {m.version for m in MIGRATIONS}


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    SqliteStore(path, batch_size=BATCH).close()
    conn = _connect(path)
    try:
        assert migrate(conn, str(path)) == []
        rows = conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    finally:
        conn.close()
    assert rows == len(MIGRATIONS)


def test_pending_migration_is_applied_on_an_existing_db(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    SqliteStore(path, batch_size=BATCH).close()
    later = (*MIGRATIONS, Migration(latest_version() + 1, "ALTER TABLE articles ADD COLUMN note TEXT;"))
    conn = _connect(path)
    try:
        assert migrate(conn, str(path), later) == [latest_version() + 1]
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    finally:
        conn.close()
    assert "note" in columns


def test_failing_migration_leaves_schema_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    broken = (*MIGRATIONS, Migration(latest_version() + 1, "CREATE TABLE extra (x); SELECT * FROM nowhere;"))
    conn = _connect(path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, str(path), broken)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert tables == set()  # not even v1: all pending migrations share one transaction


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    SqliteStore(path, batch_size=BATCH).close()
    conn = _connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'later')", (latest_version() + 1,))
    conn.close()
    with pytest.raises(StoreError, match="newer storydesk") as caught:
        SqliteStore(path, batch_size=BATCH)
    assert str(path) in str(caught.value)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = _connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a storydesk store"):
        SqliteStore(path, batch_size=BATCH)
    conn = _connect(path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert tables == {"contacts"}


@pytest.mark.parametrize("content", [
    b"this is a text file, not a database\n" * 200,
    b"SQLite format 3\x00" + bytes(range(256)) * 16,
], ids=["text", "damaged-sqlite"])
def test_corrupt_file_is_refused_and_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        SqliteStore(path, batch_size=BATCH)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.db"]


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a file"):
        SqliteStore(tmp_path, batch_size=BATCH)


def test_split_statements_respects_comments_and_triggers() -> None:
    sql = """
    CREATE TABLE t (x); -- a comment; with a semicolon
    CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;
    """
    statements = split_statements(sql)
    assert len(statements) == 2
    assert statements[1].endswith("END;")
    assert all(sqlite3.complete_statement(s) for s in statements)
