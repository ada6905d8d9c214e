"""The default store: one SQLite file in WAL mode, written in all-or-nothing batches."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType

import platformdirs

from storydesk.errors import NotFoundError, StoreError
from storydesk.model.article import Article
from storydesk.model.corpus import DuplicateGroup, Story, StoryChange
from storydesk.store import story_tables
from storydesk.store.documents import (
    ARTICLE_COLUMNS,
    article_from_doc,
    article_row,
    group_doc,
    group_from_doc,
)
from storydesk.store.migrations import migrate
from storydesk.store.protocol import (
    DEFAULT_BUSY_TIMEOUT_S,
    AddResult,
    LoggedChange,
    Progress,
    Store,
    StoreSettings,
    Vector,
)

log = logging.getLogger(__name__)

#: Environment variable naming the database when no path is given.
DB_ENV = "STORYDESK_DB"
DB_FILENAME = "storydesk.db"
APP_NAME = "storydesk"
#: Shortest id prefix ``get`` resolves: shorter ones match too much to be meant.
MIN_PREFIX_CHARS = 4
#: How many candidates an ambiguous-prefix error lists.
AMBIGUOUS_SHOWN = 5
#: Every SQLite file starts with these bytes; anything else is not ours to open (or overwrite).
SQLITE_MAGIC = b"SQLite format 3\x00"
# The highest code point: ``prefix + _TOP`` sorts after every id that starts with ``prefix``.
_TOP = "\U0010ffff"

_INSERT_ARTICLE = (f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
                   f"VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS)}) ON CONFLICT (id) DO NOTHING")


def default_db_path() -> Path:
    """``$STORYDESK_DB`` if set, else ``storydesk.db`` in the user's data directory."""
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def open_store(path: Path | None, settings: StoreSettings) -> Store:
    """Open (creating if needed) the SQLite store at ``path``, or at :func:`default_db_path`."""
    return SqliteStore(path if path is not None else default_db_path(), batch_size=settings.batch_size,
                       busy_timeout_s=settings.busy_timeout_s)


class SqliteStore:
    """Articles and duplicate groups in one SQLite file; see :class:`storydesk.store.Store`."""

    def __init__(self, path: Path, *, batch_size: int,
                 busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
        StoreSettings(batch_size=batch_size, busy_timeout_s=busy_timeout_s)  # validates both
        self.path = Path(path)
        self.batch_size = batch_size
        self._conn: sqlite3.Connection | None = _connect(self.path, busy_timeout_s)
        try:
            with self._guard("migrate the schema"):
                applied = migrate(self._db, str(self.path))
        except BaseException:
            self.close()
            raise
        if applied:
            log.info("store %s: applied schema migrations %s", self.path, applied)

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r}, batch_size={self.batch_size})"

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; calling it twice is harmless."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- articles ---------------------------------------------------------------------------

    def add(self, articles: Iterable[Article], *, progress: Progress | None = None) -> AddResult:
        """Store articles whose id is not present yet, one transaction per batch.

        A failure rolls back only the batch in flight; earlier batches stay. ``progress`` is called
        after each committed batch with the number of articles that batch handled.

        Raises:
            StoreError: a batch could not be written (nothing of that batch is kept).
        """
        added: list[str] = []
        present: list[str] = []
        for batch in _batches(articles, self.batch_size):
            self._add_batch(batch, added, present)
            if progress is not None:
                progress(len(batch))
        return AddResult(added=tuple(added), present=tuple(present))

    def _add_batch(self, batch: list[Article], added: list[str], present: list[str]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        new: list[str] = []
        old: list[str] = []
        with self._guard("add articles"), self._transaction() as conn:
            known = self.contains(a.id for a in batch)  # re-ingest skips serialising what is stored
            for article in batch:
                inserted = article.id not in known and conn.execute(
                    _INSERT_ARTICLE, article_row(article, now)).rowcount == 1
                (new if inserted else old).append(article.id)
                known.add(article.id)
        added.extend(new)  # only after the commit: a rolled-back batch reports nothing
        present.extend(old)

    def update(self, articles: Iterable[Article]) -> int:
        """Replace stored articles by new versions of themselves (same id), a batch per transaction.

        Used when a later stage (enrichment, date inference) adds to articles already stored; the
        canonical text is checked to be unchanged, so an update can never rewrite what was read.

        Raises:
            NotFoundError: an article is not stored.
            StoreError: an article's text differs from the stored one, or a batch cannot be written.
        """
        count = 0
        for batch in _batches(articles, self.batch_size):
            with self._guard("update articles"), self._transaction() as conn:
                for article in batch:
                    self._update_one(conn, article)
            count += len(batch)
        return count

    def _update_one(self, conn: sqlite3.Connection, article: Article) -> None:
        row = conn.execute("SELECT doc FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no stored article {article.id} to update", article_id=article.id)
        if article_from_doc(article.id, row[0]).text != article.text:
            raise StoreError("refusing to update: the canonical text differs", article_id=article.id)
        values = article_row(article, "")
        conn.execute("UPDATE articles SET ref = ?, source = ?, outlet = ?, published = ?, title = ?, "
                     "doc = ? WHERE id = ?", (*values[1:6], values[7], article.id))

    def get(self, article_id: str) -> Article:
        """One article by exact id, or by a unique prefix of at least 4 characters.

        Raises:
            NotFoundError: nothing matches.
            StoreError: the prefix matches several articles.
        """
        with self._guard("read an article"):
            row = self._db.execute("SELECT id, doc FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                row = self._by_prefix(article_id)
        return article_from_doc(row[0], row[1])

    def _by_prefix(self, prefix: str) -> tuple[str, str]:
        if len(prefix) < MIN_PREFIX_CHARS:
            raise NotFoundError(f"no article with id {prefix!r} (a prefix needs at least "
                                f"{MIN_PREFIX_CHARS} characters)", article_id=prefix)
        ids = [r[0] for r in self._db.execute(
            "SELECT id FROM articles WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?",
            (prefix, prefix + _TOP, AMBIGUOUS_SHOWN + 1))]
        if not ids:
            raise NotFoundError(f"no article with id or id prefix {prefix!r}", article_id=prefix)
        if len(ids) > 1:
            more = ", ..." if len(ids) > AMBIGUOUS_SHOWN else ""
            raise StoreError(f"id prefix {prefix!r} is ambiguous: it matches "
                             f"{', '.join(ids[:AMBIGUOUS_SHOWN])}{more}", article_id=prefix)
        return ids[0], self._db.execute("SELECT doc FROM articles WHERE id = ?", (ids[0],)).fetchone()[0]

    def articles(self) -> Iterator[Article]:
        """Every stored article in insertion order, read a batch at a time.

        No read transaction is held between batches, so writing while iterating is safe; articles
        added meanwhile show up at the end.
        """
        last = 0
        while True:
            with self._guard("read articles"):
                rows = self._db.execute(
                    "SELECT seq, id, doc FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                    (last, self.batch_size)).fetchall()
            if not rows:
                return
            for _, article_id, doc in rows:
                yield article_from_doc(article_id, doc)
            last = rows[-1][0]

    def count(self) -> int:
        """How many articles are stored."""
        with self._guard("count articles"):
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def contains(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` that is stored (exact ids; one query, however many ids)."""
        wanted = json.dumps(list(ids))
        with self._guard("look up article ids"):
            rows = self._db.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))", (wanted,))
            return {row[0] for row in rows}

    # -- duplicate groups -------------------------------------------------------------------

    def replace_duplicates(self, groups: Sequence[DuplicateGroup]) -> None:
        """Swap all stored duplicate groups for ``groups`` in one transaction.

        Raises:
            NotFoundError: a group names an article that is not stored (nothing is changed).
            StoreError: the groups could not be written, e.g. two share an id.
        """
        with self._guard("replace duplicate groups"), self._transaction() as conn:
            self._check_members_stored(groups)
            conn.execute("DELETE FROM duplicate_members")
            conn.execute("DELETE FROM duplicate_groups")
            for group in groups:
                conn.execute("INSERT INTO duplicate_groups (id, doc) VALUES (?, ?)",
                             (group.id, group_doc(group)))
                conn.executemany(
                    "INSERT INTO duplicate_members (group_id, article, similarity) VALUES (?, ?, ?)",
                    [(group.id, m.article, m.similarity) for m in group.members])

    def _check_members_stored(self, groups: Sequence[DuplicateGroup]) -> None:
        named = {m.article for g in groups for m in g.members}
        missing = sorted(named - self.contains(named))
        if missing:
            shown = ", ".join(missing[:AMBIGUOUS_SHOWN]) + (", ..." if len(missing) > AMBIGUOUS_SHOWN else "")
            raise NotFoundError(f"duplicate groups name {len(missing)} article(s) not in the store: "
                                f"{shown}", source=str(self.path))

    def duplicates(self) -> list[DuplicateGroup]:
        """The stored duplicate groups, in the order they were given."""
        with self._guard("read duplicate groups"):
            rows = self._db.execute("SELECT id, doc FROM duplicate_groups ORDER BY seq").fetchall()
        return [group_from_doc(group_id, doc) for group_id, doc in rows]

    # -- stories (schema v2) ------------------------------------------------------------------

    def replace_stories(self, stories: Sequence[Story], changes: Sequence[StoryChange] = ()) -> None:
        """Swap in a new grouping and append the changes that led to it, in one transaction."""
        with self._guard("write stories"), self._transaction() as conn:
            story_tables.replace_stories(conn, stories)
            story_tables.append_changes(conn, changes)

    def stories(self) -> list[Story]:
        """The current stories."""
        with self._guard("read stories"):
            return story_tables.read_stories(self._db)

    def change_count(self) -> int:
        """How many streaming changes have been recorded."""
        with self._guard("read story changes"):
            return story_tables.count_changes(self._db)

    def changes(self, *, after: int = 0, limit: int | None = None) -> list[LoggedChange]:
        """Logged story changes with ``seq`` above ``after``, oldest first, at most ``limit``.

        Raises:
            StoreError: ``limit`` is negative, or a logged change is damaged.
        """
        if limit is not None and limit < 0:
            raise StoreError(f"limit must not be negative, got {limit}", source=str(self.path))
        with self._guard("read story changes"):
            return story_tables.read_changes(self._db, after=after, limit=limit, where=str(self.path))

    def put_vectors(self, model: str, vectors: Mapping[str, Vector]) -> None:
        """Keep article vectors so a later run need not embed stored articles again."""
        with self._guard("write vectors"), self._transaction() as conn:
            story_tables.put_vectors(conn, model, vectors)

    def vectors(self, model: str) -> dict[str, Vector]:
        """Stored article vectors of one model."""
        with self._guard("read vectors"):
            return story_tables.read_vectors(self._db, model)

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store is closed", source=str(self.path))
        return self._conn

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """Turn sqlite3 errors into a StoreError that names the database file."""
        try:
            yield
        except sqlite3.Error as err:
            raise StoreError(f"cannot {doing}: {_explain(err)}", source=str(self.path)) from err

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front; rolled back on any exception."""
        conn = self._db
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with suppress(sqlite3.Error):  # the original error matters more than this one
                    conn.execute("ROLLBACK")
            raise


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of at most ``size`` articles."""
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def _explain(err: sqlite3.Error) -> str:
    """The sqlite3 message, with a hint for the failures a user can act on."""
    text = str(err)
    if "locked" in text or "busy" in text:
        return f"{text} (another process is writing to it; try again when it is done)"
    if isinstance(err, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return f"{text} (the file is damaged or not a storydesk store; it was left untouched)"
    return text


def _refuse_foreign_file(path: Path) -> None:
    """Refuse a path that exists but is not an SQLite database, before SQLite touches it."""
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError("is not a file; expected an SQLite database", source=str(path))
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise StoreError(f"cannot read the database: {err}", source=str(path)) from err
    if head and head != SQLITE_MAGIC:
        raise StoreError("is not an SQLite database (wrong file or damaged); it was left untouched",
                         source=str(path))


def _connect(path: Path, busy_timeout_s: float) -> sqlite3.Connection:
    """An autocommit connection in WAL mode with foreign keys on."""
    _refuse_foreign_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot create the database folder: {err}", source=str(path)) from err
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as err:
        if conn is not None:
            conn.close()
        raise StoreError(f"cannot open the database: {_explain(err)}", source=str(path)) from err
    if mode != "wal":
        log.warning("store %s: WAL mode unavailable (journal mode %s); concurrent readers may block",
                    path, mode)
    return conn
