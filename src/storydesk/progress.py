"""How the library reports progress without printing: the caller passes a :class:`Reporter`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Advance = Callable[[int], None]


class Reporter(Protocol):
    """Opens progress tasks; each task is advanced by calling the returned function."""

    def task(self, description: str, total: int | None = None) -> Advance: ...


def _ignore(_: int) -> None:
    return None


class SilentReporter:
    """A reporter that reports nothing (library default)."""

    def task(self, description: str, total: int | None = None) -> Advance:
        return _ignore
