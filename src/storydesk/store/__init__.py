"""The article store: SQLite by default, behind the :class:`Store` protocol."""

from storydesk.store.protocol import AddResult, Store, StoreSettings
from storydesk.store.sqlite import SqliteStore, default_db_path, open_store

__all__ = ["AddResult", "SqliteStore", "Store", "StoreSettings", "default_db_path", "open_store"]
