"""One exception hierarchy for storydesk.

Every error carries enough context (file, article id, stage) for a one-line message that a user
can act on. Third-party exceptions are wrapped where they enter (``raise IngestError(...) from err``).
"""

from __future__ import annotations

from typing import Literal


class StorydeskError(Exception):
    """Base class of every error storydesk raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None, stage: str | None = None,
                 article_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.stage = stage
        self.article_id = article_id

    def __str__(self) -> str:
        where = self.source or self.article_id
        prefix = f"{where}: " if where else ""
        stage = f" [{self.stage}]" if self.stage else ""
        return f"{prefix}{self.message}{stage}"


class ConfigError(StorydeskError):
    """A setting is unknown, malformed or out of range."""


class IngestError(StorydeskError):
    """An input could not be read, decoded or parsed."""


class RecordFieldsError(IngestError):
    """A record (a JSONL line) lacks every field an article can be read from.

    ``found`` names the fields the record has, ``needed`` those one of which it must have, and
    ``suggested`` an ``OURS=THEIRS`` field mapping that would likely read it (its longest string
    field read as the text), if the record has such a field.
    """

    def __init__(self, message: str, *, found: tuple[str, ...], needed: tuple[str, ...],
                 suggested: str | None = None, source: str | None = None,
                 stage: str | None = None) -> None:
        super().__init__(message, source=source, stage=stage)
        self.found = found
        self.needed = needed
        self.suggested = suggested


class NothingReadError(IngestError):
    """A run read no article at all: every input was empty, unusable or skipped.

    ``details`` holds one line per input (or per reason within one) saying why it gave nothing;
    they follow the one-line summary in ``str(error)``.
    """

    def __init__(self, message: str, *, details: tuple[str, ...] = (), stage: str | None = None) -> None:
        super().__init__(message, stage=stage)
        self.details = details

    def __str__(self) -> str:
        return "\n".join((super().__str__(), *(f"  {line}" for line in self.details)))


class CleanError(StorydeskError):
    """Cleaning failed on an article."""


class PipelineError(StorydeskError):
    """A pipeline was built in an impossible order or a stage is unknown."""


class ModelError(StorydeskError):
    """A model (spaCy, embedder) is missing or failed to load."""


class StoreError(StorydeskError):
    """The article store could not be opened, migrated, read or written."""


class NotFoundError(StoreError):
    """An id asked for is not in the store."""


class EvalError(StorydeskError):
    """Evaluation data is missing or malformed."""


class RenderError(StorydeskError):
    """A report could not be rendered."""


#: What a run does with an input or article that fails: stop there (``raise``) or record it and go
#: on (``skip``). The one vocabulary of the library, the CLI and the config.
ErrorPolicy = Literal["raise", "skip"]
ERROR_POLICIES: tuple[ErrorPolicy, ...] = ("raise", "skip")


def check_policy(policy: str) -> ErrorPolicy:
    """The policy, checked.

    Raises:
        ConfigError: anything but ``raise`` or ``skip``.
    """
    if policy not in ERROR_POLICIES:
        raise ConfigError(f"on_error must be 'raise' or 'skip', got {policy!r}")
    return policy  # type: ignore[return-value]
