"""Slot values of a sentence unit, read from its enrichment layers.

A *slot* is what a value is about, so that two outlets' values can be set side by side:

- a number slot names the counted thing and its event ("people killed", "USD", "magnitude",
  "percent Milei"), with the value's interval from the numbers layer (see :mod:`compatibility`);
  a count introduced as a place's population ("home to 90,000 people") is a static attribute of the
  nearest named place ("population derna"), not an event count;
- a date slot is the one date a sentence gives for its event (dates layer, day/month/year);
- an attribution slot is who the sentence's claim is attributed to (quotes layer speaker),
  mapped to a story entity where one of its mentions covers the speaker's name;
- a source value is whom a figure is credited to (built in :mod:`claims`).

A sentence with two values for one slot ("rose from 632 to 1,037") is ambiguous and gives none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storydesk.model import Span
from storydesk.model.layers import DateAttrs, NumberAttrs
from storydesk.model.story_report import Entity
from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.units import SentenceUnit

#: Entity labels that can hold a share or a match minute (a candidate, a player, a team, a party).
HOLDER_TYPES = ("PERSON", "ORG", "GPE", "NORP")
#: Entity labels that are values themselves, not names (left out of holders and speakers' types).
VALUE_TYPES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
#: Counted nouns a population is given in ("home to 90,000 people", "a city of 90,000"; '' = none).
RESIDENT_NOUNS = frozenset({"people", "person", "inhabitant", "resident", "soul", ""})
#: Counted nouns that are one thing: a "death" is a person killed; a "person" is of "people".
NOUN_ALIASES = {"death": ("people", "killed"), "person": ("people", ""), "fatality": ("people", "killed"),
                "casualty": ("people", "killed")}
#: Speakers that are not names: an unresolved pronoun, or a description opened by a determiner.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"})
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_DATE_GRANULARITIES = ("day", "month", "year")
# Days per time unit, so "20 months" and "nearly 2 years" can be compared.
DAYS_PER_UNIT = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
                 "month": 30.44, "year": 365.25, "decade": 3652.5, "century": 36525.0}


@dataclass(frozen=True, kw_only=True, slots=True)
class NumberValue:
    """One number of a sentence, keyed by its slot; ``span`` is its numbers-layer span."""

    slot: str
    kind: str
    text: str
    span: Span[NumberAttrs]
    changing: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class DateValue:
    """The date a sentence gives for its event."""

    text: str
    value: str
    granularity: str
    span: Span[DateAttrs]


@dataclass(frozen=True, kw_only=True, slots=True)
class SourceValue:
    """Who a sentence credits a figure to, and every name it gives (to match sources leniently)."""

    text: str
    sources: tuple[str, ...]
    types: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class SpeakerValue:
    """Who a sentence's claim is attributed to: the name as written, an entity id if resolved."""

    text: str
    name: str
    entity: str
    type: str
    start: int
    end: int


def span_text(unit: SentenceUnit, span: Span) -> str:
    """The text of a span inside a unit."""
    return unit.text[span.start - unit.start:span.end - unit.start]


def event_classes(settings: CompareSettings) -> dict[str, str]:
    """Verb lemma → event class, from ``count_events`` ("killed=kill die ...")."""
    out: dict[str, str] = {}
    for line in settings.count_events:
        name, _, verbs = line.partition("=")
        out.update({verb: name.strip() for verb in verbs.split()})
    return out


def number_options(unit: SentenceUnit, settings: CompareSettings) -> dict[str, list[NumberValue]]:
    """Every comparable number of the unit, by slot (a slot may hold several values)."""
    classes = event_classes(settings)
    found: dict[str, list[NumberValue]] = {}
    for span in unit.numbers:
        value = _number_value(unit, span, classes, settings)
        if value is not None:
            found.setdefault(value.slot, []).append(value)
    return found


def number_values(options: Mapping[str, Sequence[NumberValue]]) -> dict[str, NumberValue]:
    """The slots holding one value (repeats of one figure count once); ambiguous slots are dropped."""
    return {slot: values[0] for slot, values in options.items() if _one_value(values)}


def _one_value(values: Sequence[NumberValue]) -> bool:
    """Whether a sentence's values for one slot are really one (repeats of one figure count once)."""
    return len({(v.span.attrs.value, v.span.attrs.low, v.span.attrs.approx) for v in values}) == 1


def _number_value(unit: SentenceUnit, span: Span[NumberAttrs], classes: Mapping[str, str],
                  settings: CompareSettings) -> NumberValue | None:
    """A number's slot, or None when the number is not compared (label, unknown unit, no holder)."""
    if span.label not in settings.compared_labels:
        return None
    key = _slot_key(unit, span, classes, settings)
    if not key:
        return None
    kind, slot, event = key
    return NumberValue(slot=slot, kind=kind, text=span_text(unit, span), span=span,
                       changing=event in settings.changing_events)


def _slot_key(unit: SentenceUnit, span: Span[NumberAttrs], classes: Mapping[str, str],
              settings: CompareSettings) -> tuple[str, str, str] | None:
    """(kind, slot name, event class) of a number, or None when it cannot be keyed safely."""
    attrs = span.attrs
    unit_word = attrs.unit or ""
    event = classes.get(attrs.verb or "", attrs.verb or "")
    if span.label in settings.holder_labels:
        # Two shares (or minutes) in one sentence cannot be told apart without a parse.
        holder = _holder(unit, span) if sum(n.label == span.label for n in unit.numbers) == 1 else ""
        if not holder:
            return None
        kind = span.label.lower()
        verb_class = classes.get(attrs.verb or "", "")
        return kind, " ".join(w for w in (kind, verb_class, holder) if w), event
    if span.label == "MAGNITUDE":
        return "magnitude", "magnitude", ""
    if span.label == "MONEY":
        return ("money", f"money {unit_word}", "") if unit_word else None
    if span.label == "DURATION":
        return ("duration", "duration", "") if unit_word in DAYS_PER_UNIT else None
    if unit_word in RESIDENT_NOUNS and span.label == "QUANTITY" and _population(unit, span, settings):
        place = _holder(unit, span, types=())
        return ("population", f"population {place}", "") if place else None
    if not unit_word:
        return None
    noun, implied = NOUN_ALIASES.get(unit_word, (unit_word, ""))
    event = implied or event
    return "count", " ".join(w for w in (noun, event) if w), event


def _population(unit: SentenceUnit, span: Span, settings: CompareSettings) -> bool:
    """Whether the words just before a count make it a town's own population ("a city of", "home to").

    A wider scope named just before ("the greater area, home to ...") is another population: none.
    """
    before = unit.text[:span.start - unit.start].rstrip().lower()
    if not any(re.search(rf"\b{re.escape(cue)}$", before) for cue in settings.population_cues):
        return False
    window = re.findall(r"\w+", before)[-settings.population_scope_words:]
    return not set(window) & set(settings.population_scopes)


def _holder(unit: SentenceUnit, span: Span, types: Sequence[str] = HOLDER_TYPES) -> str:
    """The last name token of the named entity nearest to a number in its sentence ('' if none).

    ``types`` limits the entity labels considered; empty means any name (not a value).
    """
    best: tuple[int, str] | None = None
    for ent in unit.entities:
        if ent.label in VALUE_TYPES or (types and ent.label not in types):
            continue
        gap = span.start - ent.end if ent.end <= span.start else ent.start - span.end
        if gap >= 0 and (best is None or gap < best[0]):
            best = (gap, span_text(unit, ent))
    if best is None:
        return ""
    tokens = re.findall(r"\w+", best[1].lower().replace("'s", ""))
    return tokens[-1] if tokens else ""


def date_value(unit: SentenceUnit, settings: CompareSettings) -> DateValue | None:
    """The sentence's one trusted calendar date, or None when it has none or several."""
    dates = trusted_dates(unit, settings)
    values = {d.value for d in dates}
    return dates[0] if len(values) == 1 else None


def trusted_dates(unit: SentenceUnit, settings: CompareSettings) -> list[DateValue]:
    """Calendar dates of the sentence that can be compared: resolved, not flagged, anchored surely."""
    out = []
    for span in unit.dates:
        attrs = span.attrs
        value, granularity = attrs.value or "", attrs.granularity or ""
        if granularity not in _DATE_GRANULARITIES or not _ISO_DATE.fullmatch(value):
            continue
        if attrs.mismatch or (attrs.anchor_relative and float(
                attrs.anchor_confidence or 0.0) < settings.min_date_confidence):
            continue
        out.append(DateValue(text=span_text(unit, span), value=value, granularity=granularity, span=span))
    return out


def speaker_value(unit: SentenceUnit, article_entities: Sequence[Span],
                  story_entities: Sequence[Entity]) -> SpeakerValue | None:
    """Who the sentence's quote(s) are attributed to, or None when no one or several speakers."""
    speakers = {q.attrs.speaker or "" for q in unit.quotes} - {""}
    if len(speakers) != 1 or not named(next(iter(speakers))):
        return None
    quote = next(q for q in unit.quotes if q.attrs.speaker)
    start, end = quote.attrs.speaker_start, quote.attrs.speaker_end
    entity = _entity_at(unit.article, start, end, story_entities)
    label = entity.type if entity else label_at(start, end, article_entities)
    return SpeakerValue(text=quote.attrs.speaker_mention or quote.attrs.speaker,
                        name=quote.attrs.speaker, entity=entity.id if entity else "",
                        type=label, start=start, end=end)


def named(speaker: str) -> bool:
    """Whether a speaker is a name: not a pronoun ("he") nor a description ("the prime minister")."""
    words = speaker.split()
    if not words or speaker.lower() in PRONOUNS or words[0].lower() in DETERMINERS:
        return False
    return any(w[:1].isupper() for w in words)


def _entity_at(article: str, start: int, end: int, entities: Sequence[Entity]) -> Entity | None:
    """The story entity with a mention overlapping ``[start, end)`` of an article."""
    for entity in entities:
        for mention in entity.mentions:
            if mention.article == article and mention.start < end and start < mention.end:
                return entity
    return None


def label_at(start: int, end: int, spans: Sequence[Span]) -> str:
    """The NER label of a name span overlapping ``[start, end)`` ('' if none)."""
    for span in spans:
        if span.start < end and start < span.end and span.label not in VALUE_TYPES:
            return span.label
    return ""
