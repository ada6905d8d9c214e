"""The article store: SQLite by default, behind the :class:`Store` protocol."""

from storydesk.store.protocol import AddResult, LoggedChange, Store, StoreSettings, Vector
from storydesk.store.sqlite import SqliteStore, default_db_path, open_store

__all__ = ["AddResult", "LoggedChange", "SqliteStore", "Store", "StoreSettings", "Vector",
           "default_db_path", "open_store"]
