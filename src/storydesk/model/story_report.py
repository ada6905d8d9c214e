"""The story report: what a story's articles say together, every item cited back to its sources.

One :class:`StoryReport` per :class:`~storydesk.model.Story`, keyed by the story's id. Its parts are
filled by separate corpus stages (``resolve``, ``compare``, ``summarize``); each part starts empty.
Every item carries :class:`~storydesk.model.Citation` s — article id plus character range into that
article's canonical ``text`` — so a reader can jump to the exact source sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from storydesk.model.spans import Citation, Provenance

Granularity = Literal["day", "month", "year"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Entity:
    """One real-world thing across a story's articles.

    ``type`` is the majority NER label; ``type_votes`` keeps every label outlets' mentions got, so a
    disagreement (ORG in one outlet, PERSON in another) stays visible. ``mentions`` cite each mention.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    type_votes: Mapping[str, int] = field(default_factory=dict)
    mentions: tuple[Citation, ...] = ()
    outlets: tuple[str, ...] = ()
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class TimelineItem:
    """One dated event of the story, reported by one or more outlets.

    ``text`` is the most representative event sentence; ``citations`` point at the sentence (or
    date expression's sentence) in every article that reports the event. ``background`` marks events
    outside the story's own time (a previous visit, the war's start) so they can be shown apart.
    """

    id: str
    date: str
    granularity: Granularity
    text: str
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...] = ()
    background: bool = False
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteVariant:
    """One wording of a statement (an outlet's rendering or translation), with where it appears.

    ``speaker`` is who the outlet credits it to, which may differ from the group's speaker when
    outlets relay one statement under different credits ("the Kremlin" / "the Russian presidency").
    """

    text: str
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...] = ()
    kind: str = ""
    speaker: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteGroup:
    """Statements of one speaker entity; variants of the same statement side by side.

    ``statements`` holds one tuple of variants per distinct statement; ``citations`` is every
    quote span of the group.
    """

    id: str
    speaker: str
    speaker_entity: str | None
    statements: tuple[tuple[QuoteVariant, ...], ...]
    citations: tuple[Citation, ...]
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class SlotValue:
    """What some outlets say about one slot: the value as written, its normalised form, its sources."""

    text: str
    value: str
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Fact:
    """A statement reported by two or more outlets (an agreement), with its aligned sentences."""

    id: str
    text: str
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class SlotComparison:
    """One slot (a count, a date, an attribution) across outlets.

    Used for both conflicts (values incompatible beyond their stated approximation) and compatible
    variants ("tens of thousands" vs "50,000"); ``kind`` says which slot type it is, ``reason`` why
    the values were judged (in)compatible.
    """

    id: str
    slot: str
    kind: str
    values: tuple[SlotValue, ...]
    reason: str
    citations: tuple[Citation, ...]
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class UniqueFact:
    """A statement only one outlet reports."""

    id: str
    outlet: str
    text: str
    citations: tuple[Citation, ...]
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class Coverage:
    """Outlets × facts: ``matrix[i][j]`` is whether outlet ``i`` reports fact ``facts[j]`` (an id)."""

    outlets: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    matrix: tuple[tuple[bool, ...], ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Comparison:
    """What the outlets agree on, where they conflict, compatible variants, and unique reports."""

    agreements: tuple[Fact, ...] = ()
    conflicts: tuple[SlotComparison, ...] = ()
    variants: tuple[SlotComparison, ...] = ()
    unique: tuple[UniqueFact, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)


@dataclass(frozen=True, kw_only=True, slots=True)
class SummarySentence:
    """One extracted summary sentence, cited to every outlet's sentence that supports it."""

    text: str
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...] = ()
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryReport:
    """Everything the report says about one story."""

    story: str
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    comparison: Comparison = field(default_factory=Comparison)
    summary: tuple[SummarySentence, ...] = ()
