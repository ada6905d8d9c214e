"""Conflicts and compatible variants: one slot's values across outlets, judged pair by pair.

Every pair of sentences from different outlets that is close enough (``variant_min_score``) has its
shared slots compared. A compatible pair links the two values as variants; an incompatible pair is
a conflict only when the sentences are near-paraphrases (``conflict_min_score``, and stricter
cosines for dates and speakers) and, for counts that change over time (death tolls, ballots
counted), only when both were measured at the same moment: the same sure publication day and the
same dates in the sentence. Otherwise an incompatible pair is shown as a variant "reported at
different moments", or dropped when the sentences are not close enough to be one fact.

Claim slots (:mod:`claims`: a figure's source and day, a once-a-match event's minute) link units
that give one figure or name one event, wherever they stand; only their disagreements are kept.

Linked values of one slot form a set (see :func:`_value_sets`); a set with a conflict link is a
conflict, else a variant. Sets whose values are all the same are agreements, not variants, and are
dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storydesk.model import Article, Citation, Provenance, Span
from storydesk.model.story_report import Entity, SlotComparison, SlotValue
from storydesk.stages.compare.align import Similarity
from storydesk.stages.compare.claims import claim_pairs, claim_values
from storydesk.stages.compare.compatibility import (
    Judgement,
    compatible_dates,
    compatible_numbers,
    compatible_sources,
    compatible_speakers,
    normal_form,
)
from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.slots import (
    DateValue,
    NumberValue,
    SourceValue,
    SpeakerValue,
    date_value,
    number_options,
    number_values,
    speaker_value,
    trusted_dates,
)
from storydesk.stages.compare.units import StoryUnits
from storydesk.stages.enrich.date_calendar import value_bounds

#: The compare stage's registered name (its stage.py imports this module, so not NAME from there).
STAGE = "compare.v1"
DATE_SLOT, SPEAKER_SLOT = "event date", "attribution"

SlotItem = NumberValue | DateValue | SpeakerValue | SourceValue


@dataclass(frozen=True, kw_only=True, slots=True)
class UnitSlots:
    """The comparable values of one unit and the moment it was measured ('' when unsure)."""

    numbers: Mapping[str, NumberValue]
    options: Mapping[str, Sequence[NumberValue]]
    date: DateValue | None
    speaker: SpeakerValue | None
    moment: str
    dates: frozenset[str]
    #: Claim slots (:mod:`claims`): a figure's source and day, a once-a-match event's minute.
    extra: Mapping[str, SlotItem] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class Link:
    """Two units' values of one slot and the judgement on them."""

    i: int
    j: int
    kind: str
    slot: str
    judgement: Judgement
    conflict: bool
    score: float


def unit_slots(articles: Sequence[Article], units: StoryUnits, entities: Sequence[Entity],
               settings: CompareSettings) -> list[UnitSlots]:
    """Slot values of every unit, in unit order."""
    by_id = {a.id: a for a in articles}
    claims = claim_values(articles, units, settings)
    out = []
    for unit, extra in zip(units.units, claims, strict=True):
        article = by_id.get(unit.article)
        spans: Sequence[Span] = article.layers.get("entities", ()) if article else ()
        options = number_options(unit, settings)
        out.append(UnitSlots(numbers=number_values(options), options=options, date=date_value(unit, settings),
                             speaker=speaker_value(unit, spans, entities),
                             moment=_moment(article, settings), extra=extra,
                             dates=frozenset(d.value for d in trusted_dates(unit, settings))))
    return out


def _moment(article: Article | None, settings: CompareSettings) -> str:
    """The article's publication day when it is known surely enough, else ''."""
    if article is None:
        return ""
    published = article.published
    sure = published.confidence >= settings.min_date_confidence
    return published.value if published.value and published.granularity == "day" and sure else ""


def find_links(units: StoryUnits, slots: Sequence[UnitSlots], sim: Similarity,
               settings: CompareSettings) -> list[Link]:
    """Judged links between close sentences of different outlets, for every slot they share."""
    links: list[Link] = []
    rows, cols = np.nonzero(np.triu(sim.score >= settings.variant_min_score, k=1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        links.extend(_pair_links(i, j, slots[i], slots[j], sim, settings))
    return links


def story_links(units: StoryUnits, slots: Sequence[UnitSlots], sim: Similarity,
                settings: CompareSettings) -> list[Link]:
    """Links between whole articles for slots a story has one value of (a quake's magnitude).

    An article that gives exactly one value for such a slot is taken to give the story's own value,
    wherever it says it; articles with two values (the quake and an aftershock) are left out. Kinds
    in ``story_conflict_kinds`` may conflict this way; ``story_variant_kinds`` only link as variants.
    """
    strict = {**dict.fromkeys(settings.story_variant_kinds, False),
              **dict.fromkeys(settings.story_conflict_kinds, True)}
    names = sorted({slot for s in slots for slot, v in s.numbers.items() if v.kind in strict})
    links: list[Link] = []
    for slot in names:
        held = _article_values(units, slots, slot)
        for n, i in enumerate(held):
            for j in (j for j in held[n + 1:] if units.units[i].outlet != units.units[j].outlet):
                kind = slots[i].numbers[slot].kind
                judgement = _whole_article(judge(slots[i], slots[j], kind, slot, settings))
                if judgement.compatible or strict[kind]:
                    links.append(_link(i, j, kind, slot, judgement, strict[kind], float(sim.score[i, j])))
    return links


def claim_links(units: StoryUnits, slots: Sequence[UnitSlots], sim: Similarity,
                settings: CompareSettings) -> list[Link]:
    """Conflicts on claim slots (:mod:`claims`): a figure's source or day, an event's minute.

    Only disagreements are kept: agreeing sources or days are already the agreement itself.
    """
    links = []
    for pair in claim_pairs(units, [s.extra.keys() for s in slots], sim, settings):
        judgement = judge(slots[pair.i], slots[pair.j], pair.kind, pair.slot, settings)
        if not judgement.compatible:
            links.append(_link(pair.i, pair.j, pair.kind, pair.slot, judgement, True,
                               float(sim.score[pair.i, pair.j])))
    return links


def _article_values(units: StoryUnits, slots: Sequence[UnitSlots], slot: str) -> list[int]:
    """For each article whose sentences give one distinct value of ``slot``: its first such unit."""
    held: dict[str, list[int]] = {}
    forms: dict[str, set[str]] = {}
    for i, unit_slots_ in enumerate(slots):
        article = units.units[i].article
        forms.setdefault(article, set()).update(normal_form(v) for v in unit_slots_.options.get(slot, ()))
        if slot in unit_slots_.numbers:
            held.setdefault(article, []).append(i)
    return [first[0] for article, first in held.items() if len(forms[article]) == 1]


def _whole_article(judgement: Judgement) -> Judgement:
    note = "the only value each article gives"
    return Judgement(compatible=judgement.compatible, same=judgement.same, excused=judgement.excused,
                     undecided=judgement.undecided, reason=f"{judgement.reason} ({note})")


def _pair_links(i: int, j: int, a: UnitSlots, b: UnitSlots, sim: Similarity,
                settings: CompareSettings) -> list[Link]:
    """Links for the slots two units share; incompatible values link only as strict conflicts."""
    score, cosine = float(sim.score[i, j]), float(sim.cosine[i, j])
    strict = score >= settings.conflict_min_score
    out = []
    for slot in sorted(set(a.numbers) & set(b.numbers)):
        kind = a.numbers[slot].kind
        out.append(_link(i, j, kind, slot, judge(a, b, kind, slot, settings), strict, score))
    if a.date and b.date:
        out.append(_link(i, j, "date", DATE_SLOT, judge(a, b, "date", DATE_SLOT, settings),
                         strict and cosine >= settings.date_conflict_min_cosine, score))
    if a.speaker and b.speaker and score >= settings.min_score:
        judgement = judge(a, b, "attribution", SPEAKER_SLOT, settings)
        if not judgement.undecided:
            out.append(_link(i, j, "attribution", SPEAKER_SLOT, judgement,
                             strict and cosine >= settings.attribution_conflict_min_cosine, score))
    # An excused disagreement (a changing count at different moments) needs near-paraphrases too.
    return [link for link in out
            if link.conflict or (link.judgement.compatible and (strict or not link.judgement.excused))]


def judge(a: UnitSlots, b: UnitSlots, kind: str, slot: str, settings: CompareSettings) -> Judgement:
    """Whether two units' values of one slot can both be true (changing counts: at their moments)."""
    if slot in a.extra and slot in b.extra:
        return judge_items(a.extra[slot], b.extra[slot], settings)
    if kind == "date" and a.date and b.date:
        return _different_events(a.date, b.date, settings) or compatible_dates(a.date, b.date)
    if kind == "attribution" and a.speaker and b.speaker:
        return compatible_speakers(a.speaker, b.speaker, settings)
    va, vb = a.numbers[slot], b.numbers[slot]
    judgement = compatible_numbers(va, vb, settings)
    if not judgement.compatible and va.changing and not _same_moment(a, b):
        return _moments_differ(judgement, a, b)
    return judgement


def _different_events(a: DateValue, b: DateValue, settings: CompareSettings) -> Judgement | None:
    """Undecided when two dates lie too far apart to be one event's day told two ways, else None."""
    ba, bb = value_bounds(a.value), value_bounds(b.value)
    if ba is None or bb is None:
        return None
    gap = max(0, (bb[0] - ba[1]).days, (ba[0] - bb[1]).days)
    if gap <= settings.date_conflict_max_days:
        return None
    return Judgement(compatible=True, undecided=True,
                     reason=f"'{a.text}' and '{b.text}' lie {gap} days apart: days of different events")


def judge_items(a: SlotItem, b: SlotItem, settings: CompareSettings) -> Judgement:
    """Whether two values of one claim slot can both be true."""
    if isinstance(a, SourceValue) and isinstance(b, SourceValue):
        return compatible_sources(a, b, settings)
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        return compatible_dates(a, b)
    if isinstance(a, NumberValue) and isinstance(b, NumberValue):
        return compatible_numbers(a, b, settings)
    return Judgement(compatible=True, undecided=True, reason="values of different types")


def _link(i: int, j: int, kind: str, slot: str, judgement: Judgement, strict: bool, score: float) -> Link:
    return Link(i=i, j=j, kind=kind, slot=slot, judgement=judgement, score=score,
                conflict=not judgement.compatible and strict)


def _same_moment(a: UnitSlots, b: UnitSlots) -> bool:
    """Whether two figures were surely measured at one moment (same sure day, same dates named)."""
    return bool(a.moment) and a.moment == b.moment and a.dates == b.dates


def _moments_differ(judgement: Judgement, a: UnitSlots, b: UnitSlots) -> Judgement:
    """A changing count's disagreement, excused because the reports may be of different moments."""
    when = f"{a.moment or 'unknown'} vs {b.moment or 'unknown'}"
    return Judgement(compatible=True, excused=True,
                     reason=f"{judgement.reason}; a count that changes over time, reported at different or "
                            f"unsure moments ({when})")


def slot_comparisons(units: StoryUnits, slots: Sequence[UnitSlots], links: Sequence[Link], sim: Similarity,
                     settings: CompareSettings) -> tuple[list[SlotComparison], list[SlotComparison]]:
    """Conflicts and variants: one record per set of linked values of one slot."""
    conflicts: list[SlotComparison] = []
    variants: list[SlotComparison] = []
    for (kind, slot), members, inner in _value_sets(slots, links, sim, settings):
        values = _slot_values(units, slots, kind, slot, members)
        if len(values) < 2:
            continue
        record = _record(units, kind, slot, values, inner, members)
        (conflicts if any(link.conflict for link in inner) else variants).append(record)
    return conflicts, variants


def _value_sets(slots: Sequence[UnitSlots], links: Sequence[Link], sim: Similarity,
                settings: CompareSettings) -> list[tuple[tuple[str, str], list[int], list[Link]]]:
    """Units linked per slot. A compatible link joins two sets only when every value of one is
    compatible with every value of the other, so a chain never makes "50,000" a variant of "half a
    million"; a conflict link always joins them (the record then shows both sides)."""
    sets: dict[tuple[str, str], list[list[int]]] = {}
    ordered = sorted(links, key=lambda link: (link.conflict, -link.score, link.i, link.j))
    for link in ordered:
        groups = sets.setdefault((link.kind, link.slot), [])
        ga = next((g for g in groups if link.i in g), None)
        gb = next((g for g in groups if link.j in g), None)
        if ga is not None and ga is gb:
            continue
        left, right = ga or [link.i], gb or [link.j]
        if not link.conflict and not _coherent(slots, (link.kind, link.slot), (left, right), sim, settings):
            continue
        groups[:] = [g for g in groups if g is not ga and g is not gb] + [sorted(left + right)]
    out = []
    for (kind, slot), groups in sorted(sets.items()):
        for members in sorted(groups):
            inner = [k for k in links
                     if (k.kind, k.slot) == (kind, slot) and k.i in members and k.j in members]
            out.append(((kind, slot), members, inner))
    return out


def _coherent(slots: Sequence[UnitSlots], key: tuple[str, str], sides: tuple[Sequence[int], Sequence[int]],
              sim: Similarity, settings: CompareSettings) -> bool:
    """Whether every value of one set is compatible with every value of the other (a disagreement
    excused by different moments only between near-paraphrases of different outlets)."""
    def fits(a: int, b: int) -> bool:
        judgement = judge(slots[a], slots[b], key[0], key[1], settings)
        if judgement.excused:
            return bool(sim.score[a, b] >= settings.conflict_min_score)
        return judgement.compatible and not judgement.undecided
    return all(fits(a, b) for a in sides[0] for b in sides[1])


def _slot_values(units: StoryUnits, slots: Sequence[UnitSlots], kind: str, slot: str,
                 members: Sequence[int]) -> list[SlotValue]:
    """One SlotValue per distinct normalised value, with the outlets and sentences that give it."""
    by_value: dict[str, tuple[str, list[int]]] = {}
    for i in members:
        item = _item(slots[i], kind, slot)
        text, value = _show(item)
        by_value.setdefault(value, (text, []))[1].append(i)
    out = []
    for value, (text, members) in by_value.items():
        cites = tuple(units.units[i].citation() for i in members)
        outlets = tuple(sorted({units.units[i].outlet for i in members}))
        out.append(SlotValue(text=text, value=value, citations=cites, outlets=outlets))
    return sorted(out, key=lambda v: (v.outlets, v.value))


def _item(slots: UnitSlots, kind: str, slot: str) -> SlotItem:
    if slot in slots.extra:
        return slots.extra[slot]
    if kind == "date" and slots.date:
        return slots.date
    if kind == "attribution" and slots.speaker:
        return slots.speaker
    return slots.numbers[slot]


def _show(item: SlotItem) -> tuple[str, str]:
    """(as written, normalised form) of a slot value."""
    if isinstance(item, NumberValue):
        return item.text, normal_form(item)
    if isinstance(item, DateValue):
        return item.text, item.value
    if isinstance(item, SourceValue):
        return item.text, item.text
    return item.text, item.entity or item.name


def _record(units: StoryUnits, kind: str, slot: str, values: Sequence[SlotValue], links: Sequence[Link],
            members: Sequence[int]) -> SlotComparison:
    """The SlotComparison of one set of values, its reason built from its links' judgements."""
    conflicting = [link for link in links if link.conflict]
    shown = conflicting or [link for link in links if not link.judgement.same]
    reason = "; ".join(dict.fromkeys(link.judgement.reason for link in shown))
    cites = tuple(units.units[i].citation() for i in members)
    return SlotComparison(id=comparison_id(kind, slot, cites), slot=slot, kind=kind, values=tuple(values),
                          reason=reason, citations=cites,
                          provenance=Provenance.of(STAGE, cites))


def comparison_id(kind: str, slot: str, cites: Sequence[Citation]) -> str:
    """A stable id from the slot and the cited sentences."""
    return stable_id("slot", kind, slot, *(f"{c.article}:{c.start}:{c.end}" for c in cites))


def stable_id(*parts: str) -> str:
    """A 16-hex content hash of the parts, so reruns give identical ids."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
