"""Typed settings of ingestion: the ``[ingest]``, ``[ingest.jsonl]``, ``[html.extract]`` and ``[http]``
sections of the config."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.backends.extract import ExtractSettings
from storydesk.config import Config
from storydesk.errors import ConfigError

#: The fields of a JSON Lines record that storydesk reads (``text`` or ``html`` is required): the names
#: a ``--field OURS=THEIRS`` mapping may give on its left.
JSONL_FIELDS: tuple[str, ...] = ("id", "text", "html", "url", "title", "published", "outlet", "lang",
                                 "date_source")
_MAP_SIGN = "="


def _mapping_entry(entry: str) -> tuple[str, str]:
    """``OURS=THEIRS`` split and checked: ``OURS`` one of :data:`JSONL_FIELDS`, ``THEIRS`` not blank."""
    ours, sign, theirs = (part.strip() for part in entry.partition(_MAP_SIGN))
    if not sign or not ours or not theirs:
        raise ConfigError(f"JSONL field mapping {entry!r} must be OURS=THEIRS, e.g. text=excerpt")
    if ours not in JSONL_FIELDS:
        raise ConfigError(f"JSONL field mapping {entry!r}: {ours!r} is not a field storydesk reads; "
                          f"the left side must be one of: {', '.join(JSONL_FIELDS)}")
    return ours, theirs


def field_map(entries: Sequence[str]) -> dict[str, str]:
    """The mapping ``ours → theirs`` that ``OURS=THEIRS`` entries give.

    Raises:
        ConfigError: for a malformed entry, an unknown field of ours, or one field mapped twice.
    """
    mapping: dict[str, str] = {}
    for entry in entries:
        ours, theirs = _mapping_entry(entry)
        if mapping.get(ours, theirs) != theirs:
            raise ConfigError(f"JSONL field {ours!r} is mapped twice: to {mapping[ours]!r} and {theirs!r}")
        mapping[ours] = theirs
    return mapping


@dataclass(frozen=True, kw_only=True, slots=True)
class JsonlSettings:
    """How JSON Lines records are read (``[ingest.jsonl]``).

    ``fields`` maps record fields with other names onto ours, as ``OURS=THEIRS`` entries
    (``text=excerpt`` reads a record's ``excerpt`` as its text; its own ``text`` is then ignored).
    """

    fields: Sequence[str] = ()

    SECTION: ClassVar[str] = "ingest.jsonl"

    def __post_init__(self) -> None:
        entries = (self.fields,) if isinstance(self.fields, str) else self.fields
        # Normalised (``text = excerpt`` → ``text=excerpt``) and checked once, when configured.
        object.__setattr__(self, "fields", tuple(f"{k}{_MAP_SIGN}{v}" for k, v in field_map(entries).items()))

    @property
    def mapping(self) -> dict[str, str]:
        """Our field name → the record's field name read for it."""
        return field_map(self.fields)

    def source_of(self, ours: str) -> str:
        """The record field read as our field ``ours``."""
        return self.mapping.get(ours, ours)

    def with_fields(self, fields: Mapping[str, str]) -> JsonlSettings:
        """These settings with more mappings; ``fields`` wins over a configured mapping of a field."""
        merged = {**self.mapping, **{str(k): str(v) for k, v in fields.items()}}
        return JsonlSettings(fields=tuple(f"{k}{_MAP_SIGN}{v}" for k, v in merged.items()))


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
    #: Read from its own section, ``[ingest.jsonl]``, by :meth:`from_config`.
    jsonl: JsonlSettings = JsonlSettings()

    SECTION: ClassVar[str] = "ingest"

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"ingest.max_bytes must be positive, got {self.max_bytes}")
        # TOML gives a list; keep the record hashable and immutable.
        exts = tuple(e.lower() if e.startswith(".") else f".{e.lower()}" for e in self.text_extensions)
        object.__setattr__(self, "text_extensions", exts)

    @classmethod
    def from_config(cls, config: Config) -> IngestSettings:
        """Build from the ``[ingest]`` section, ``extract`` from ``[html.extract]``, ``jsonl`` from
        ``[ingest.jsonl]``."""
        return replace(config.settings(cls, "ingest"),
                       extract=config.settings(ExtractSettings, "html.extract"),
                       jsonl=config.settings_or_default(JsonlSettings, "ingest.jsonl"))

    def with_fields(self, fields: Mapping[str, str] | None) -> IngestSettings:
        """These settings with JSONL field mappings added (see :meth:`JsonlSettings.with_fields`).

        Raises:
            ConfigError: for an unknown field of ours or a blank record field name.
        """
        return replace(self, jsonl=self.jsonl.with_fields(fields)) if fields else self


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
