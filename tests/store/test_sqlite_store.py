"""SqliteStore against real SQLite files: idempotence, lookups, batches, duplicate groups."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import platformdirs
import pytest

from storydesk.config import load_config
from storydesk.errors import ConfigError, NotFoundError, StoreError
from storydesk.model import Article, DuplicateGroup, DuplicateMember, Provenance
from storydesk.model.layers import EntityAttrs, RawAttrs
from storydesk.model.spans import Citation
from storydesk.store import SqliteStore, Store, StoreSettings, default_db_path, open_store

Builder = Callable[..., Article]
#: Batch size for stores a test opens itself.
BATCH = 3


def _articles(make_full_article: Builder, n: int, stem: str = "Story") -> list[Article]:
    return [make_full_article(f"{stem} number {i}. It happened.") for i in range(n)]


def _group(group_id: str, *ids: str) -> DuplicateGroup:
    members = tuple(DuplicateMember(article=a, similarity=1.0 - i / 10) for i, a in enumerate(ids))
    prov = Provenance(stage="dedup", version="v1", citations=(Citation(article=ids[0], start=0, end=5),))
    return DuplicateGroup(id=group_id, members=members, provenance=prov)


def test_store_satisfies_protocol(store: SqliteStore) -> None:
    assert isinstance(store, Store)


def test_add_is_idempotent(store: SqliteStore, make_full_article: Builder) -> None:
    batch = _articles(make_full_article, 7)
    first = store.add(batch)
    second = store.add(batch)
    assert first.added == tuple(a.id for a in batch) and first.present == ()
    assert second.added == () and second.present == tuple(a.id for a in batch)
    assert store.count() == len(batch)


def test_same_id_twice_in_one_call_is_added_once(store: SqliteStore, make_full_article: Builder) -> None:
    article = make_full_article("Once. Only once.")
    result = store.add([article, article])
    assert result.added == (article.id,) and result.present == (article.id,)
    assert store.count() == 1


def test_round_trip_keeps_every_field(store: SqliteStore, make_full_article: Builder) -> None:
    article = make_full_article("Zürich—crème brûlée costs 5 €. Officials said so.")
    store.add([article])
    back = store.get(article.id)
    assert back == article
    assert back.removed[0].reason == "boilerplate"
    assert back.published.evidence[0].label == "date"
    assert back.layers["entities"][0].attrs == EntityAttrs(text="Zür")
    assert back.layers["plugin_kb"][0].attrs == RawAttrs(values={"kb": "Q1", "score": 0.5})


def test_articles_come_back_in_insertion_order(store: SqliteStore, make_full_article: Builder) -> None:
    batch = _articles(make_full_article, 2 * store.batch_size + 1)
    store.add(batch[3:])
    store.add(batch[:3])
    expected = [a.id for a in batch[3:] + batch[:3]]
    assert [a.id for a in store.articles()] == expected
    assert store.contains(expected + ["0000000000000000"]) == set(expected)


def test_writing_while_iterating_is_safe(store: SqliteStore, make_full_article: Builder) -> None:
    batch = _articles(make_full_article, 2 * store.batch_size)
    store.add(batch[:store.batch_size])
    seen = []
    for article in store.articles():
        seen.append(article.id)
        if len(seen) == 1:
            store.add(batch[store.batch_size:])
    assert seen == [a.id for a in batch]


def test_get_by_unique_prefix(store: SqliteStore, make_full_article: Builder) -> None:
    article = make_full_article("Prefix. Lookup.")
    store.add([article])
    assert store.get(article.id[:4]) == article


def test_short_prefix_is_not_found(store: SqliteStore, make_full_article: Builder) -> None:
    article = make_full_article("Short. Prefix.")
    store.add([article])
    with pytest.raises(NotFoundError, match="at least 4"):
        store.get(article.id[:3])


def test_ambiguous_prefix(store: SqliteStore, make_full_article: Builder) -> None:
    one = make_full_article("One.", id="abcd111111111111")
    two = make_full_article("Two.", id="abcd222222222222")
    store.add([one, two])
    with pytest.raises(StoreError, match="ambiguous") as caught:
        store.get("abcd")
    assert not isinstance(caught.value, NotFoundError)
    assert "abcd111111111111" in str(caught.value) and "abcd222222222222" in str(caught.value)
    assert store.get("abcd2") == two


def test_unknown_id_is_not_found(store: SqliteStore) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.get("ffffffffffffffff")
    assert caught.value.article_id == "ffffffffffffffff"


def test_progress_reports_each_batch(store: SqliteStore, make_full_article: Builder) -> None:
    calls: list[int] = []
    store.add(_articles(make_full_article, 2 * store.batch_size + 2), progress=calls.append)
    assert calls == [store.batch_size, store.batch_size, 2]


def test_failing_input_keeps_earlier_batches(store: SqliteStore, make_full_article: Builder) -> None:
    batch = _articles(make_full_article, 2 * store.batch_size + 1)

    def feed() -> Iterator[Article]:
        yield from batch
        raise RuntimeError("source went away")

    with pytest.raises(RuntimeError):
        store.add(feed())
    assert store.count() == 2 * store.batch_size


def test_sqlite_failure_mid_batch_rolls_back_that_batch_only(store: SqliteStore,
                                                              make_full_article: Builder) -> None:
    batch = _articles(make_full_article, 2 * store.batch_size)
    batch[store.batch_size + 1] = batch[store.batch_size + 1].evolve(ref=None)  # NOT NULL violation
    with pytest.raises(StoreError, match="NOT NULL") as caught:
        store.add(batch)
    assert str(store.path) in str(caught.value)
    assert [a.id for a in store.articles()] == [a.id for a in batch[:store.batch_size]]


def test_unserialisable_article_rolls_back_its_batch(store: SqliteStore, make_full_article: Builder) -> None:
    batch = _articles(make_full_article, 2 * store.batch_size)
    bad = batch[-1].evolve(title=object())
    batch[-1] = bad
    with pytest.raises(StoreError, match="serialise") as caught:
        store.add(batch)
    assert caught.value.article_id == bad.id
    assert store.count() == store.batch_size
    assert store.add(batch[:-1]).added == tuple(a.id for a in batch[store.batch_size:-1])


def test_two_stores_on_one_file_share_articles(db_path: Path, make_full_article: Builder) -> None:
    batch = _articles(make_full_article, 5)
    with SqliteStore(db_path, batch_size=BATCH) as first, SqliteStore(db_path, batch_size=BATCH) as second:
        first.add(batch[:3])
        result = second.add(batch)
    assert result.present == tuple(a.id for a in batch[:3])
    with SqliteStore(db_path, batch_size=BATCH) as again:
        assert again.count() == len(batch)


def test_duplicates_replace_and_read(store: SqliteStore, make_full_article: Builder) -> None:
    a, b, c = (x.id for x in _articles(make_full_article, 3))
    store.add(_articles(make_full_article, 3))
    groups = [_group("g2", b, c), _group("g1", a, b)]
    store.replace_duplicates(groups)
    assert store.duplicates() == groups
    store.replace_duplicates([_group("g3", c, a)])
    assert store.duplicates() == [_group("g3", c, a)]
    store.replace_duplicates([])
    assert store.duplicates() == []


def test_duplicates_naming_unknown_articles_change_nothing(store: SqliteStore,
                                                           make_full_article: Builder) -> None:
    a, b = (x.id for x in _articles(make_full_article, 2))
    store.add(_articles(make_full_article, 2))
    store.replace_duplicates([_group("g1", a, b)])
    with pytest.raises(NotFoundError, match="not in the store: 0000000000000000"):
        store.replace_duplicates([_group("g2", a, "0000000000000000")])
    with pytest.raises(StoreError, match="UNIQUE"):
        store.replace_duplicates([_group("g2", a, b), _group("g2", b, a)])
    assert store.duplicates() == [_group("g1", a, b)]


def test_closed_store_raises_store_error(db_path: Path) -> None:
    store = SqliteStore(db_path, batch_size=BATCH)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()


def test_wal_mode_is_on(store: SqliteStore) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_open_store_uses_env_and_creates_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deep" / "er" / "env.db"
    monkeypatch.setenv("STORYDESK_DB", str(target))
    with open_store(None, StoreSettings(batch_size=BATCH)) as store:
        assert store.path == target and store.count() == 0
    explicit = tmp_path / "explicit.db"
    with open_store(explicit, StoreSettings(batch_size=BATCH)) as store:
        assert store.path == explicit
    assert target.exists() and explicit.exists()


def test_default_path_is_in_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STORYDESK_DB", raising=False)
    expected = platformdirs.user_data_path("storydesk", appauthor=False) / "storydesk.db"
    assert default_db_path() == expected


def test_settings_come_from_the_store_section() -> None:
    settings = load_config().settings(StoreSettings, "store")
    assert settings.batch_size == load_config().get("store.batch_size")
    with pytest.raises(ConfigError):
        StoreSettings(batch_size=0)


def test_update_replaces_enriched_version_but_never_the_text(tmp_path) -> None:
    from storydesk.errors import NotFoundError, StoreError
    from storydesk.model import Article, PublicationDate, Span
    from storydesk.store import SqliteStore

    art = Article(id="a" * 16, ref="r", source="s", format="text", raw="Raw text.", text="Raw text.")
    with SqliteStore(tmp_path / "u.db", batch_size=10) as store:
        store.add([art])
        mention = Span(start=0, end=3, label="ORG", attrs=EntityAttrs(text="Raw"))
        enriched = art.with_layer("entities", (mention,)).evolve(
            published=PublicationDate(value="2023-03-14", granularity="day", basis="inferred",
                                      confidence=0.5), stages=("clean.v1", "enrich.v1"))
        assert store.update([enriched]) == 1
        assert store.get(art.id) == enriched
        with pytest.raises(StoreError, match="canonical text"):
            store.update([enriched.evolve(text="Other text.")])
        with pytest.raises(NotFoundError):
            store.update([art.evolve(id="b" * 16)])
        assert store.get(art.id) == enriched


def test_stories_changes_and_vectors_round_trip(tmp_path) -> None:
    import numpy as np

    from storydesk.model import Article, Provenance, Story, StoryChange
    from storydesk.store import SqliteStore

    arts = [Article(id=c * 16, ref=c, source="s", format="text", raw=c, text=c) for c in "ab"]
    story = Story(id="s1", headline="H", articles=("a" * 16, "b" * 16), outlets=("x.com",),
                  provenance=Provenance(stage="cluster", version="v1"))
    with SqliteStore(tmp_path / "s.db", batch_size=10) as store:
        store.add(arts)
        store.replace_stories([story], [StoryChange(kind="open", story="s1", article="a" * 16)])
        store.replace_stories([story], [StoryChange(kind="assign", story="s1", article="b" * 16)])
        assert store.stories() == [story]
        assert store.change_count() == 2
        store.put_vectors("m", {"a" * 16: np.ones(3, dtype=np.float32)})
        got = store.vectors("m")
        assert list(got) == ["a" * 16] and got["a" * 16].tolist() == [1.0, 1.0, 1.0]
        assert store.vectors("other") == {}
