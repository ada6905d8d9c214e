"""The Store protocol is the whole public face of SqliteStore; the story change log can be listed."""

from __future__ import annotations

import inspect
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from storydesk.errors import StoreError
from storydesk.model import Article, Provenance, Story, StoryChange
from storydesk.store import LoggedChange, SqliteStore, Store, StoreSettings, open_store

#: Attributes of SqliteStore that are about SQLite itself, not about being a store.
SQLITE_ONLY = {"path", "batch_size"}
ISO_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")


def _public(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, callable) if not name.startswith("_")}


def test_the_protocol_names_every_public_method_of_sqlite_store(tmp_path: Path) -> None:
    assert _public(SqliteStore) - SQLITE_ONLY == _public(Store)
    with open_store(tmp_path / "p.db", StoreSettings(batch_size=5)) as opened:
        store: Store = opened
        assert isinstance(store, Store) and isinstance(store, SqliteStore)


def test_protocol_signatures_match_the_implementation() -> None:
    for name in _public(Store):
        wanted = inspect.signature(getattr(Store, name))
        actual = inspect.signature(getattr(SqliteStore, name))
        assert list(wanted.parameters) == list(actual.parameters), name
        assert [p.kind for p in wanted.parameters.values()] == \
            [p.kind for p in actual.parameters.values()], name


def _story_store(path: Path) -> SqliteStore:
    store = SqliteStore(path, batch_size=10)
    store.add([Article(id=c * 16, ref=c, source="s", format="text", raw=c, text=c) for c in "abc"])
    return store


def _story(*ids: str) -> Story:
    return Story(id="s1", headline="H", articles=ids, provenance=Provenance(stage="cluster", version="v1"))


def test_changes_list_the_log_with_when_and_what(tmp_path: Path) -> None:
    first = [StoryChange(kind="open", story="s1", article="a" * 16),
             StoryChange(kind="assign", story="s1", article="b" * 16, similarity=0.81)]
    merge = StoryChange(kind="merge", story="s1", merged=("s2", "s3"), similarity=0.7)
    with _story_store(tmp_path / "c.db") as store:
        assert store.changes() == []
        store.replace_stories([_story("a" * 16, "b" * 16)], first)
        store.replace_stories([_story("a" * 16, "b" * 16, "c" * 16)], [merge])
        logged = store.changes()
        assert [entry.change for entry in logged] == [*first, merge]
        assert all(isinstance(entry, LoggedChange) and ISO_SECOND.match(entry.at) for entry in logged)
        seqs = [entry.seq for entry in logged]
        assert seqs == sorted(seqs) and len(set(seqs)) == 3 and store.change_count() == 3
        assert [e.change for e in store.changes(after=seqs[0])] == [first[1], merge]
        assert [e.change for e in store.changes(after=seqs[0], limit=1)] == [first[1]]
        assert store.changes(after=seqs[-1]) == [] and store.changes(limit=0) == []


def test_a_negative_limit_is_refused(tmp_path: Path) -> None:
    with _story_store(tmp_path / "n.db") as store, pytest.raises(StoreError, match="limit"):
        store.changes(limit=-1)


def test_a_damaged_change_names_the_file_and_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    with _story_store(path) as store:
        store.replace_stories([_story("a" * 16)], [StoryChange(kind="open", story="s1", article="a" * 16)])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE story_changes SET doc = '{\"story\": \"s1\"}'")
    conn.commit()
    conn.close()
    with SqliteStore(path, batch_size=10) as store, pytest.raises(StoreError) as info:
        store.changes()
    assert str(path) in str(info.value) and "#1" in str(info.value) and "kind" in str(info.value)


def test_vectors_come_back_as_float32(tmp_path: Path) -> None:
    with _story_store(tmp_path / "v.db") as store:
        store.put_vectors("m", {"a" * 16: np.array([0.5, 0.25], dtype=np.float64)})
        (vector,) = store.vectors("m").values()
        assert vector.dtype == np.float32 and vector.tolist() == [0.5, 0.25]
