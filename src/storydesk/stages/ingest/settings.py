"""Typed settings of ingestion: the ``[ingest]``, ``[html.extract]`` and ``[http]`` sections of the config."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.backends.extract import ExtractSettings
from storydesk.config import Config
from storydesk.errors import ConfigError


@dataclass(frozen=True, kw_only=True, slots=True)
class IngestSettings:
    """Limits and choices for reading inputs (``[ingest]``), and how HTML bodies are found.

    ``extract`` is the ``[html.extract]`` section, used by every reader that meets HTML (pages, JSONL
    ``html`` records, WARC responses), so a run extracts exactly as ``eval extraction`` measures.
    """

    max_bytes: int = 20_000_000
    text_extensions: Sequence[str] = (".txt", ".text", ".md")
    #: Read from its own section, ``[html.extract]``, by :meth:`from_config`.
    extract: ExtractSettings = ExtractSettings()

    SECTION: ClassVar[str] = "ingest"

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"ingest.max_bytes must be positive, got {self.max_bytes}")
        # TOML gives a list; keep the record hashable and immutable.
        exts = tuple(e.lower() if e.startswith(".") else f".{e.lower()}" for e in self.text_extensions)
        object.__setattr__(self, "text_extensions", exts)

    @classmethod
    def from_config(cls, config: Config) -> IngestSettings:
        """Build from the ``[ingest]`` section, with ``extract`` from ``[html.extract]``."""
        return replace(config.settings(cls, "ingest"),
                       extract=config.settings(ExtractSettings, "html.extract"))


@dataclass(frozen=True, kw_only=True, slots=True)
class HttpSettings:
    """Limits for fetching URLs (``[http]``)."""

    timeout_s: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    user_agent: str = "storydesk/0.1 (+https://github.com/storydesk/storydesk)"

    SECTION: ClassVar[str] = "http"

    def __post_init__(self) -> None:
        if self.timeout_s <= 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise ConfigError("http.timeout_s and http.max_bytes must be positive, "
                              "http.max_redirects not negative")

    @classmethod
    def from_config(cls, config: Config) -> HttpSettings:
        """Build from the ``[http]`` section."""
        return config.settings(cls, "http")
