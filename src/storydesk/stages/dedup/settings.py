"""Settings of the ``dedup.v1`` stage (section ``[dedup]``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, kw_only=True, slots=True)
class DedupSettings:
    """Section ``[dedup]``."""

    SECTION: ClassVar[str] = "dedup"

    threshold: float = 0.5
    candidate_jaccard: float = 0.2
    num_perm: int = 128
    shingle_words: int = 5
