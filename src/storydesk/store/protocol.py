"""What every article store offers, and the small records it hands back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import ClassVar, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from storydesk.errors import ConfigError
from storydesk.model.article import Article
from storydesk.model.corpus import DuplicateGroup, Story, StoryChange

#: Seconds a writer waits for another connection's lock before giving up (until [store] names it).
DEFAULT_BUSY_TIMEOUT_S = 5.0

#: Articles written per transaction unless ``[store] batch_size`` says otherwise.
DEFAULT_BATCH_SIZE = 200

#: Called after each committed batch with the number of articles that batch handled.
Progress = Callable[[int], None]

#: One stored article vector: float32, one row of an embedding model's output.
Vector = NDArray[np.float32]


@dataclass(frozen=True, kw_only=True, slots=True)
class StoreSettings:
    """The ``[store]`` section of the config."""

    batch_size: int = DEFAULT_BATCH_SIZE
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S

    SECTION: ClassVar[str] = "store"

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


@dataclass(frozen=True, kw_only=True, slots=True)
class LoggedChange:
    """One entry of the story change log: its place in the log, when it was recorded, what changed.

    ``seq`` grows with every entry (pass the last one seen as ``changes(after=...)`` to follow the
    log); ``at`` is the UTC time of recording in ISO 8601, to the second.
    """

    seq: int
    at: str
    change: StoryChange


@runtime_checkable
class Store(Protocol):
    """A persistent, idempotent collection of articles, the duplicate groups and stories found among
    them, the log of every streaming story change, and article vectors kept between runs."""

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

    def replace_stories(self, stories: Sequence[Story], changes: Sequence[StoryChange] = ()) -> None:
        """Swap in a new grouping of articles into stories and append the changes that led to it,
        all in one step."""
        ...

    def stories(self) -> list[Story]:
        """The current stories, in the order they were written."""
        ...

    def change_count(self) -> int:
        """How many story changes the log holds."""
        ...

    def changes(self, *, after: int = 0, limit: int | None = None) -> list[LoggedChange]:
        """Logged story changes with ``seq`` above ``after``, oldest first, at most ``limit``.

        Raises:
            StoreError: a logged change is damaged.
        """
        ...

    def put_vectors(self, model: str, vectors: Mapping[str, Vector]) -> None:
        """Keep article vectors made by ``model`` (replacing any stored for the same article)."""
        ...

    def vectors(self, model: str) -> dict[str, Vector]:
        """Every stored vector made by ``model``, keyed by article id."""
        ...

    def close(self) -> None:
        """Release the store; calling it twice is harmless."""
        ...

    def __enter__(self) -> Store:
        ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        ...
