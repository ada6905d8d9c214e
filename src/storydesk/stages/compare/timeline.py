"""The story timeline: dated events, each one item citing every outlet that reports it.

Every sentence with a usable date gives an event candidate (:mod:`.timeline_events`). Candidates
with the same date that describe the same event (sentence embeddings plus shared names and numbers)
merge into one item, across outlets and within one; a month-level mention joins a day inside it
only when it clearly describes the same event. An item needs at least one trusted date among its
members, so a weekday resolved against a guessed publication day shows only where another report
backs it up. Events well outside the story's own days are flagged as background. Other reports'
undated sentences that state the same news join its item as support (:mod:`.timeline_support`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from storydesk.model import Article, Citation, Provenance, Story
from storydesk.model.story_report import TimelineItem
from storydesk.stages.compare.settings import TimelineSettings
from storydesk.stages.compare.timeline_events import (
    GRANULARITY_RANK,
    EventCandidate,
    EventDate,
    average_linkage,
    event_candidates,
    event_similarity,
)
from storydesk.stages.compare.timeline_support import ItemDraft, undated_support
from storydesk.stages.compare.units import StoryUnits

__all__ = ["build_timeline"]

log = logging.getLogger(__name__)

#: The compare stage's registered name (its stage.py imports this module, so not NAME from there).
STAGE = "compare.v1"


@dataclass(frozen=True, kw_only=True, slots=True)
class _Group:
    """Candidates (positions into the candidate list) that report one event, and its date."""

    members: tuple[int, ...]
    date: EventDate


def settle_weekdays(candidates: Sequence[EventCandidate], units: StoryUnits, sim: np.ndarray,
                    settings: TimelineSettings) -> list[EventCandidate]:
    """Move a weekday to another of its possible days where only there another outlet reports it."""
    out = list(candidates)
    for i, cand in enumerate(candidates):
        if not cand.alternatives or _support(i, cand.date, candidates, units, sim) >= settings.same_event:
            continue
        support, best = max((_support(i, alt, candidates, units, sim), k)
                            for k, alt in enumerate(cand.alternatives))
        if support >= settings.same_event:
            rest = tuple(a for k, a in enumerate(cand.alternatives) if k != best)
            out[i] = replace(cand, date=cand.alternatives[best], alternatives=(cand.date, *rest))
    return out


def _support(i: int, date: EventDate, candidates: Sequence[EventCandidate], units: StoryUnits,
             sim: np.ndarray) -> float:
    """The best score of candidate ``i`` with another article's trusted candidate on ``date``."""
    article = units.units[candidates[i].row].article
    scores = [float(sim[i, j]) for j, other in enumerate(candidates)
              if other.trusted and other.date.key() == date.key()
              and units.units[other.row].article != article]
    return max(scores, default=float("-inf"))


def same_date_groups(candidates: Sequence[EventCandidate], sim: np.ndarray,
                     settings: TimelineSettings) -> list[_Group]:
    """Candidates of one date clustered into events (average linkage on the same-event score)."""
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, cand in enumerate(candidates):
        blocks.setdefault(cand.date.key(), []).append(i)
    groups = []
    for block in blocks.values():
        for part in average_linkage(sim[np.ix_(block, block)], settings.same_event):
            groups.append(_Group(members=tuple(block[p] for p in part), date=candidates[block[0]].date))
    return [g for g in groups if any(candidates[m].trusted for m in g.members)]


def join_coarse(groups: Sequence[_Group], candidates: Sequence[EventCandidate], sim: np.ndarray,
                settings: TimelineSettings) -> list[_Group]:
    """Fold a month- or year-level group into the finer group inside it that it clearly matches.

    Not across tenses: "will visit in mid-March" is an announcement, not the arrival on the 14th.
    """
    out = {i: g for i, g in enumerate(groups)}
    by_coarseness = sorted(range(len(groups)), key=lambda i: -_rank(groups[i]))
    for i in by_coarseness:
        coarse = out[i]
        inside = [j for j, g in out.items() if j != i and coarse.date.contains(g.date)
                  and tenses_agree(coarse, g, candidates)]
        scored = [(_linkage(coarse, out[j], sim), j) for j in inside]
        score, best = max(scored, default=(float("-inf"), -1))
        if score >= settings.coarse_joins_fine:
            fine = out[best]
            out[best] = _Group(members=tuple(sorted(fine.members + coarse.members)), date=fine.date)
            del out[i]
    return list(out.values())


def tenses_agree(a: _Group, b: _Group, candidates: Sequence[EventCandidate]) -> bool:
    """Whether two groups are not one only past and the other only future."""
    tenses = [{candidates[m].tense for m in g.members} & {"past", "future"} for g in (a, b)]
    return not (tenses[0] and tenses[1] and tenses[0].isdisjoint(tenses[1]))


def _rank(group: _Group) -> int:
    return GRANULARITY_RANK[group.date.granularity]


def _linkage(a: _Group, b: _Group, sim: np.ndarray) -> float:
    """Average score between the members of two groups."""
    return float(sim[np.ix_(a.members, b.members)].mean())


def representative(members: Sequence[int], candidates: Sequence[EventCandidate], sim: np.ndarray) -> int:
    """The most central member (highest mean score to the others) among those with a trusted date."""
    if len(members) == 1:
        return members[0]
    block = sim[np.ix_(members, members)]
    centrality = (block.sum(axis=1) - np.diag(block)) / (len(members) - 1)
    return max(members, key=lambda m: (candidates[m].trusted, round(float(centrality[members.index(m)]), 6),
                                       -m))


def story_days(story: Story, articles: Sequence[Article]) -> tuple[dt.date, dt.date] | None:
    """The story's own first and last day: its event span, else its articles' publication days."""
    if story.start and story.end:
        return dt.date.fromisoformat(story.start[:10]), dt.date.fromisoformat(story.end[:10])
    days = sorted(dt.date.fromisoformat(a.published.value[:10]) for a in articles
                  if a.published.value and a.published.granularity == "day")
    return (days[0], days[-1]) if days else None


def is_background(date: EventDate, span: tuple[dt.date, dt.date] | None, settings: TimelineSettings) -> bool:
    """Whether an event lies well outside the story's own days."""
    if span is None:
        return False
    margin = dt.timedelta(days=settings.background_days)
    return date.last < span[0] - margin or date.first > span[1] + margin


def item_id(date: EventDate, citations: Sequence[Citation]) -> str:
    """A stable id from the date and the cited spans."""
    key = "|".join([date.granularity, date.value, *(f"{c.article}:{c.start}:{c.end}" for c in citations)])
    return "tl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def make_item(group: _Group, candidates: Sequence[EventCandidate], units: StoryUnits, sim: np.ndarray,
              days: tuple[dt.date, dt.date] | None, settings: TimelineSettings,
              support: Sequence[int] = ()) -> TimelineItem:
    """The timeline item of one group of candidates, also citing the ``support`` unit rows."""
    picked = [candidates[m] for m in group.members]
    dated = {Citation(article=units.units[c.row].article, start=c.start, end=c.end) for c in picked}
    citations = tuple(sorted(dated | {units.units[r].citation() for r in support},
                             key=lambda c: (c.article, c.start)))
    central = candidates[representative(group.members, candidates, sim)]
    unit = units.units[central.row]
    outlets = {units.units[c.row].outlet for c in picked} | {units.units[r].outlet for r in support}
    return TimelineItem(
        id=item_id(group.date, citations), date=group.date.value,
        granularity=group.date.granularity,  # type: ignore[arg-type]
        text=unit.text[central.start - unit.start:central.end - unit.start], citations=citations,
        outlets=tuple(sorted(outlets)), background=is_background(group.date, days, settings),
        provenance=Provenance.of(STAGE, citations))


def build_timeline(story: Story, articles: Sequence[Article], units: StoryUnits,
                   settings: TimelineSettings) -> tuple[TimelineItem, ...]:
    """The story's dated events, oldest first, each citing every sentence that reports it."""
    days = story_days(story, articles)
    candidates = event_candidates(units, articles, settings, days)
    if not candidates:
        return ()
    sim = event_similarity(units, candidates, settings)
    candidates = settle_weekdays(candidates, units, sim, settings)
    groups = join_coarse(same_date_groups(candidates, sim, settings), candidates, sim, settings)
    drafts = [ItemDraft(date=g.date, rows=tuple(candidates[m].row for m in g.members),
                        background=is_background(g.date, days, settings)) for g in groups]
    support = undated_support(drafts, candidates, units, settings)
    dated = [(g.date, make_item(g, candidates, units, sim, days, settings, support.get(k, ())))
             for k, g in enumerate(groups)]
    log.debug("story %s: %d event candidates, %d timeline items", story.id, len(candidates), len(dated))
    # Oldest first; at one first day finer before coarser, then the more widely reported.
    dated.sort(key=lambda d: (d[0].first, GRANULARITY_RANK[d[0].granularity], -len(d[1].outlets), d[1].id))
    return tuple(item for _, item in dated)
