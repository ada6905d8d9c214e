"""Undated support for timeline items: other outlets' sentences that state a dated event without its date.

Many reports tell the news of the day without a date in the sentence ("Spain beat England 2-1 in
Berlin"), so only the outlets that happened to date it would be cited. A sentence joins an item when
it is nearly the same statement as one of the item's dated sentences (sentence cosine at or above
``support_cosine``) and nothing speaks against it:

- its own event date, if it has one, is the item's date or covers it (or the other way round);
- the item is not background: an undated sentence reports the story's own news, while earlier events
  are told with their dates ("completed its acquisition" is not the announcement of January 2022);
- it gives no other figure for a thing the item counts (5,300 dead is not the 11,300 dead update);
- it is closest to this item of all items, and its article is not cited there already.

Each article adds at most its best sentence to an item. Stories from one outlet are not embedded, so
they get no undated support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.stages.compare.settings import TimelineSettings
from storydesk.stages.compare.timeline_events import EventCandidate, EventDate
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

__all__ = ["ItemDraft", "SupportRow", "undated_support"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ItemDraft:
    """What support finding needs of one dated item: its date, member rows and whether it is background."""

    date: EventDate
    rows: tuple[int, ...]
    background: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class SupportRow:
    """One supporting sentence: the unit row, the item (position among the drafts) and its cosine."""

    row: int
    item: int
    score: float


def figures(unit: SentenceUnit) -> dict[str, frozenset[str]]:
    """The values a sentence states per counted thing (the number's unit noun, lower case)."""
    out: dict[str, set[str]] = {}
    for span in unit.numbers:
        noun, value = span.attrs.unit, span.attrs.value
        if noun and value is not None:
            out.setdefault(str(noun).lower(), set()).add(str(value))
    return {noun: frozenset(values) for noun, values in out.items()}


def figures_conflict(mine: Mapping[str, frozenset[str]],
                     theirs: Sequence[Mapping[str, frozenset[str]]]) -> bool:
    """Whether a sentence counts something the item's sentences count, with none of their values."""
    stated: dict[str, set[str]] = {}
    for figs in theirs:
        for noun, values in figs.items():
            stated.setdefault(noun, set()).update(values)
    return any(noun in stated and values.isdisjoint(stated[noun]) for noun, values in mine.items())


def dates_compatible(own: EventDate | None, item: EventDate) -> bool:
    """Whether a sentence's own event date (None: it has none) allows it to report an item's event."""
    return own is None or own.key() == item.key() or own.contains(item) or item.contains(own)


def _best_item(scores: np.ndarray, drafts: Sequence[ItemDraft], columns: Sequence[list[int]],
               own: EventDate | None) -> tuple[int, float]:
    """The item a sentence is closest to (highest cosine to one of its members), and that cosine.

    ``scores`` holds the sentence's cosine to every member row, ``columns[k]`` the positions of item
    ``k``'s members among them.
    """
    scored = [(float(scores[columns[k]].max()), k) for k, d in enumerate(drafts)
              if not d.background and dates_compatible(own, d.date)]
    score, best = max(scored, default=(float("-inf"), -1))
    return best, score


def _candidate_support(drafts: Sequence[ItemDraft], candidates: Sequence[EventCandidate], units: StoryUnits,
                       settings: TimelineSettings) -> list[SupportRow]:
    """Every sentence outside the items that passes the checks, with the item it would support."""
    members = sorted({r for d in drafts for r in d.rows})
    position = {r: k for k, r in enumerate(members)}
    columns = [[position[r] for r in d.rows] for d in drafts]
    own_date = {c.row: c.date for c in candidates}
    vectors = units.vectors.astype(np.float64)
    cosine = vectors @ vectors[members].T
    figs = [figures(u) for u in units.units]
    found = []
    for row, unit in enumerate(units.units):
        if row in position:
            continue
        item, score = _best_item(cosine[row], drafts, columns, own_date.get(row))
        if item < 0 or score < settings.support_cosine:
            continue
        draft = drafts[item]
        cited = {units.units[r].article for r in draft.rows}
        if unit.article in cited or figures_conflict(figs[row], [figs[r] for r in draft.rows]):
            continue
        found.append(SupportRow(row=row, item=item, score=score))
    return found


def undated_support(drafts: Sequence[ItemDraft], candidates: Sequence[EventCandidate], units: StoryUnits,
                    settings: TimelineSettings) -> dict[int, tuple[int, ...]]:
    """Supporting unit rows per item (position among ``drafts``), at most one per article and item."""
    if not units.embedded or not drafts:
        return {}
    best: dict[tuple[int, str], SupportRow] = {}
    for found in _candidate_support(drafts, candidates, units, settings):
        key = (found.item, units.units[found.row].article)
        if key not in best or found.score > best[key].score:
            best[key] = found
    out: dict[int, list[int]] = {}
    for found in best.values():
        out.setdefault(found.item, []).append(found.row)
    return {item: tuple(sorted(rows)) for item, rows in out.items()}
