"""Settings of the ``enrich.v1`` stage: processes and batching, and each layer extractor's knobs.

Kept apart from :mod:`storydesk.stages.enrich.stage` so the worker processes
(:mod:`storydesk.stages.enrich.workers`) can use them without importing the stage that starts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from storydesk.config import Config
from storydesk.stages.enrich.dates import DateSettings
from storydesk.stages.enrich.numbers import NumberSettings
from storydesk.stages.enrich.quotes import QuoteSettings


@dataclass(frozen=True, kw_only=True, slots=True)
class EnrichSettings:
    """Section ``[enrich]``, with ``[enrich.dates]``, ``[enrich.numbers]`` and ``[enrich.quotes]``."""

    SECTION: ClassVar[str] = "enrich"

    batch_size: int = 32
    n_process: int = 2
    min_docs_per_process: int = 50
    batches_per_chunk: int = 4
    disable: tuple[str, ...] = ()
    dates: DateSettings = field(default_factory=DateSettings)
    numbers: NumberSettings = field(default_factory=NumberSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)

    @classmethod
    def from_config(cls, config: Config) -> EnrichSettings:
        """Build from ``[enrich]`` (processes, batching) and its layer subsections."""
        values = config.section("enrich")
        return cls(batch_size=values["batch_size"], n_process=values["n_process"],
                   min_docs_per_process=values["min_docs_per_process"],
                   batches_per_chunk=values["batches_per_chunk"],
                   disable=tuple(values["disable"]),
                   dates=config.settings(DateSettings, "enrich.dates"),
                   numbers=config.settings(NumberSettings, "enrich.numbers"),
                   quotes=config.settings(QuoteSettings, "enrich.quotes"))
