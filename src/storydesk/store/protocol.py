"""What every article store offers, and the small records it hands back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, runtime_checkable

from storydesk.errors import ConfigError
from storydesk.model.article import Article
from storydesk.model.corpus import DuplicateGroup

#: Seconds a writer waits for another connection's lock before giving up (until [store] names it).
DEFAULT_BUSY_TIMEOUT_S = 5.0

#: Called after each committed batch with the number of articles that batch handled.
Progress = Callable[[int], None]


@dataclass(frozen=True, kw_only=True, slots=True)
class StoreSettings:
    """The ``[store]`` section of the config."""

    batch_size: int
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"store.batch_size must be at least 1, got {self.batch_size}")
        if self.busy_timeout_s < 0:
            raise ConfigError(f"store.busy_timeout_s must not be negative, got {self.busy_timeout_s}")


@dataclass(frozen=True, kw_only=True, slots=True)
class AddResult:
    """What an ``add`` did: ids newly stored and ids that were already there, in input order."""

    added: tuple[str, ...] = ()
    present: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """How many articles the call handled."""
        return len(self.added) + len(self.present)


@runtime_checkable
class Store(Protocol):
    """A persistent, idempotent collection of articles and the duplicate groups found among them."""

    def add(self, articles: Iterable[Article], *, progress: Progress | None = None) -> AddResult:
        """Store articles not yet present; each batch is all-or-nothing."""
        ...

    def update(self, articles: Iterable[Article]) -> int:
        """Replace stored articles by enriched versions of themselves (same id, same text)."""
        ...

    def get(self, article_id: str) -> Article:
        """One article by id or unique id prefix.

        Raises:
            NotFoundError: no article has that id (or prefix).
            StoreError: the prefix matches more than one article.
        """
        ...

    def articles(self) -> Iterator[Article]:
        """Every stored article, in insertion order."""
        ...

    def count(self) -> int:
        """How many articles are stored."""
        ...

    def contains(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` that is stored (exact ids only)."""
        ...

    def replace_duplicates(self, groups: Sequence[DuplicateGroup]) -> None:
        """Swap the stored duplicate groups for ``groups`` in one step."""
        ...

    def duplicates(self) -> list[DuplicateGroup]:
        """The stored duplicate groups, in the order they were given."""
        ...

    def close(self) -> None:
        """Release the store; calling it twice is harmless."""
        ...

    def __enter__(self) -> Store:
        ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        ...
