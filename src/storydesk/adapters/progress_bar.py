"""A Rich progress bar that implements the library's Reporter protocol."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from storydesk.progress import Advance


class RichReporter:
    """Progress bars on stderr; silent when stderr is not a terminal unless forced."""

    def __init__(self, console: Console | None = None, *, enabled: bool = True) -> None:
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                  MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=console or Console(stderr=True), disable=not enabled,
                                  transient=False)

    def task(self, description: str, total: int | None = None) -> Advance:
        task_id = self._progress.add_task(description, total=total)

        def advance(n: int) -> None:
            self._progress.advance(task_id, n)

        return advance

    def __enter__(self) -> RichReporter:
        self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()
