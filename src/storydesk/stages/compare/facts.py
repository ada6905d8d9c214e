"""Compare a story's outlets: agreements, conflicts, compatible variants, unique facts, coverage.

- Agreements are aligned groups (:mod:`align`) spanning two or more outlets, cited to every aligned
  sentence. A sentence whose figure or date differs from the group's central sentence is left out
  of the agreement: the outlets agree on the frame but not on the value, and the conflict (or the
  variant "at different moments") says so.
- Conflicts and variants come from :mod:`conflicts`.
- Unique facts are sentences no other outlet matched and no agreement, conflict or variant cites,
  kept when they carry something checkable (a name, a number or a date), are long enough to be a
  statement, and are not close to any other outlet's sentence; the most informative ones per outlet
  are listed.
- Coverage crosses every outlet of the story with the agreements and unique facts.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from storydesk.model import Article, Citation, Provenance
from storydesk.model.story_report import Comparison, Coverage, Entity, Fact, UniqueFact
from storydesk.stages.compare.align import Similarity, group_units, similarity
from storydesk.stages.compare.compatibility import compatible_dates, compatible_numbers
from storydesk.stages.compare.conflicts import (
    STAGE,
    UnitSlots,
    claim_links,
    find_links,
    slot_comparisons,
    stable_id,
    story_links,
    unit_slots,
)
from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.slots import VALUE_TYPES, NumberValue
from storydesk.stages.compare.units import SentenceUnit, StoryUnits, outlet_of

log = logging.getLogger(__name__)


def compare_story(articles: Sequence[Article], units: StoryUnits, entities: Sequence[Entity],
                  settings: CompareSettings) -> Comparison:
    """Agreements, conflicts, variants, unique facts and coverage of one story's articles."""
    if not units.units:
        return Comparison(coverage=Coverage(outlets=_outlets(articles)))
    sim = similarity(units, settings)
    groups = group_units(units, sim, settings)
    slots = unit_slots(articles, units, entities, settings)
    links = find_links(units, slots, sim, settings) + story_links(units, slots, sim, settings) \
        + claim_links(units, slots, sim, settings)
    conflicts, variants = slot_comparisons(units, slots, links, sim, settings)
    agreements = [fact for group in groups
                  if (fact := _agreement(units, sim, group, slots, settings)) is not None]
    cited = {c for fact in agreements for c in fact.citations} | \
        {c for record in (*conflicts, *variants) for c in record.citations}
    unique = unique_facts(units, sim, groups, settings, taken=frozenset(cited))
    log.info("compared %d units of %d articles: %d agreements, %d conflicts, %d variants, %d unique",
             len(units.units), len(articles), len(agreements), len(conflicts), len(variants), len(unique))
    return Comparison(agreements=tuple(agreements), conflicts=tuple(conflicts), variants=tuple(variants),
                      unique=tuple(unique), coverage=coverage(_outlets(articles), agreements, unique))


def _outlets(articles: Sequence[Article]) -> tuple[str, ...]:
    return tuple(sorted({outlet_of(a) for a in articles}))


def _central(sim: Similarity, group: Sequence[int]) -> int:
    """The group's sentence closest on average to the others (first one on ties)."""
    block = sim.score[np.ix_(group, group)]
    means = [float(np.mean([block[r, c] for c in range(len(group)) if c != r])) for r in range(len(group))]
    return group[int(np.argmax(means))]


def _agreement(units: StoryUnits, sim: Similarity, group: Sequence[int], slots: Sequence[UnitSlots],
               settings: CompareSettings) -> Fact | None:
    """The group as an agreement, without sentences whose figures or dates differ from its central one."""
    if len(group) < 2:
        return None
    centre = _central(sim, group)
    if len(units.units[centre].text.split()) < settings.fact_min_words:
        return None
    members = [i for i in group if i == centre or _agrees(slots[centre], slots[i], settings)]
    outlets = tuple(sorted({units.units[i].outlet for i in members}))
    if len(outlets) < 2:
        return None
    cites = tuple(units.units[i].citation() for i in members)
    return Fact(id=stable_id("fact", *(f"{c.article}:{c.start}:{c.end}" for c in cites)),
                text=units.units[centre].text, citations=cites, outlets=outlets,
                provenance=Provenance.of(STAGE, cites))


def _agrees(a: UnitSlots, b: UnitSlots, settings: CompareSettings) -> bool:
    """Whether two aligned sentences' shared figures and dates are compatible as they stand.

    A toll of 632 and one of 2,012 may both be right at their moments, but they are not one fact.
    """
    if a.date and b.date and not compatible_dates(a.date, b.date).compatible:
        return False
    return all(_some_value_fits(a.options[slot], b.options[slot], settings)
               for slot in set(a.options) & set(b.options))


def _some_value_fits(left: Sequence[NumberValue], right: Sequence[NumberValue],
                     settings: CompareSettings) -> bool:
    """Whether some value of one sentence's slot is compatible with some value of the other's."""
    return any(compatible_numbers(x, y, settings).compatible for x in left for y in right)


def unique_facts(units: StoryUnits, sim: Similarity, groups: Sequence[Sequence[int]],
                 settings: CompareSettings, taken: frozenset[Citation] = frozenset()) -> list[UniqueFact]:
    """Sentences only one outlet reports, the most informative ``max_unique_per_outlet`` per outlet.

    A sentence cited by an agreement, a conflict or a variant (``taken``) is not unique: another
    outlet reports its fact or its value.
    """
    per_outlet: dict[str, list[int]] = {}
    for group in groups:
        if len(group) == 1 and units.units[group[0]].citation() not in taken and \
                _substantive(units.units[group[0]], settings) and _alone(sim, group[0], settings):
            per_outlet.setdefault(units.units[group[0]].outlet, []).append(group[0])
    out = []
    for outlet in sorted(per_outlet):
        ranked = sorted(per_outlet[outlet], key=lambda i: (-_substance(units.units[i]), i))
        for i in sorted(ranked[:settings.max_unique_per_outlet]):
            unit = units.units[i]
            cite = unit.citation()
            out.append(UniqueFact(id=stable_id("unique", f"{cite.article}:{cite.start}:{cite.end}"),
                                  outlet=outlet, text=unit.text, citations=(cite,),
                                  provenance=Provenance.of(STAGE, (cite,))))
    return out


def _substance(unit: SentenceUnit) -> int:
    """How much a sentence gives to check: its names, numbers, dates and quotes."""
    names = sum(1 for s in unit.entities if s.label not in VALUE_TYPES)
    return names + len(unit.numbers) + len(unit.dates) + len(unit.quotes)


def _substantive(unit: SentenceUnit, settings: CompareSettings) -> bool:
    """A statement worth listing: long enough and naming something checkable."""
    return len(unit.text.split()) >= settings.unique_min_words and _substance(unit) > 0


def _alone(sim: Similarity, i: int, settings: CompareSettings) -> bool:
    """Whether no other outlet has a sentence close to this one."""
    others = sim.cosine[i][np.isfinite(sim.score[i])]
    return bool(others.size == 0 or others.max() < settings.unique_max_cosine)


def coverage(outlets: Sequence[str], agreements: Sequence[Fact], unique: Sequence[UniqueFact]) -> Coverage:
    """Outlets × facts (agreements, then unique facts): whether each outlet reports each fact."""
    facts = [(f.id, set(f.outlets)) for f in agreements] + [(u.id, {u.outlet}) for u in unique]
    matrix = tuple(tuple(outlet in reported for _, reported in facts) for outlet in outlets)
    return Coverage(outlets=tuple(outlets), facts=tuple(fid for fid, _ in facts), matrix=matrix)
