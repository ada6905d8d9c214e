"""Claims: one figure several outlets give, whom they credit it to, and the day they name for it.

A count given alike by two outlets ("11,300 dead") is one claim, however far apart their sentences
sit. Two slots hang on a claim, and one on a match event:

- ``source of <figure>``: the bodies the figure is credited to (the sentence's quote speakers, or the
  next sentence's when it refers back: "X said that figure ..."). Two outlets crediting the figure to
  different bodies, neither named in the other's sentence, is a conflict of attribution. A disputing
  speaker ("denied that ...") gives no source; news agencies relay figures and are left out.
- ``day of <figure>``: the weekday a sentence names for the claim ("OCHA on Friday had said ...").
  A weekday name is read as written, so it can be compared even where the publication date it hangs
  on is unsure; it is compared only between sentences that credit the claim to one body.
- ``minute of the <event>``: the match minute of an event a match has once (the winner), compared
  story-wide between sentences that name one player.

Every pair is judged in :mod:`conflicts` like any other slot; only conflicts are kept from these pairs.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from storydesk.model import Article, Span
from storydesk.model.layers import QuoteAttrs
from storydesk.stages.compare.align import Similarity
from storydesk.stages.compare.compatibility import WEEKDAY, same_body
from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.slots import (
    VALUE_TYPES,
    DateValue,
    NumberValue,
    SourceValue,
    label_at,
    named,
    number_options,
    span_text,
)
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

ClaimItem = NumberValue | DateValue | SourceValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Date kinds that do not name a moment of their own ("two days", "now").
_TIMELESS_KINDS = ("duration", "reference")
#: Words that join the parts of one body's name: "Office" + " for the " + "Coordination ...".
_NAME_JOIN = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?|\s*\(\s*", re.IGNORECASE)
#: Labels of names that are not a person: teams play under their country's or city's name.
_NOT_PEOPLE = ("GPE", "NORP", "LOC") + VALUE_TYPES
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
SOURCE, DAY, MINUTE = "source of", "day of", "minute of the"


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaimPair:
    """Two units of different outlets whose values of one claim slot are to be judged."""

    i: int
    j: int
    kind: str
    slot: str


def claim_values(articles: Sequence[Article], units: StoryUnits,
                 settings: CompareSettings) -> list[dict[str, ClaimItem]]:
    """Claim slot values of every unit, in unit order (slot name → value)."""
    by_id = {a.id: a for a in articles}
    out: list[dict[str, ClaimItem]] = []
    for i, unit in enumerate(units.units):
        values: dict[str, ClaimItem] = {}
        figures = _figures(unit, settings)
        article = by_id.get(unit.article)
        source = _source(units, i, article, settings) if figures and article else None
        weekday = _weekday(unit) if figures else None
        for key in figures:
            if source:
                values[f"{SOURCE} {key}"] = source
            if weekday:
                values[f"{DAY} {key}"] = weekday
        values.update(_event_minutes(unit, settings))
        out.append(values)
    return out


def _figures(unit: SentenceUnit, settings: CompareSettings) -> list[str]:
    """Keys of the unit's claim-sized counts: value and slot ("11,300 people killed")."""
    keys = []
    for slot, values in number_options(unit, settings).items():
        for value in values:
            amount = value.span.attrs.value
            if value.kind == "count" and amount is not None and float(amount) >= settings.claim_min_value:
                keys.append(f"{float(amount):,.0f} {slot}")
    return sorted(set(keys))


def _source(units: StoryUnits, i: int, article: Article, settings: CompareSettings) -> SourceValue | None:
    """Whom the unit credits its figures to: its own speakers, or the next sentence's if it refers back.

    A source is matched against the names of the sentence, and of the next one when it refers back
    to the figure ("The figures came from ..."), so a body credited down the chain is no rival.
    """
    unit = units.units[i]
    speakers = _speakers(unit, settings)
    if speakers is None:
        return None
    after = _next_sentence(units, i)
    linked = after is not None and _refers_back(after, settings)
    if not speakers and after is not None and linked:
        speakers = _speakers(after, settings) or []
    entities: Sequence[Span] = article.layers.get("entities", ())
    credited = [(full_name(article.text, q, entities), label_at(*_speaker_range(q), entities))
                for q in speakers if not _relayed(article.text, q, settings)]
    if not credited:
        return None
    sources = tuple(dict.fromkeys(name for name, _ in credited))
    near = _names(unit) + (_names(after) if after is not None and linked else [])
    return SourceValue(text="; ".join(sources), sources=sources, types=tuple(label for _, label in credited),
                       names=tuple(dict.fromkeys(sources + tuple(near))))


def _next_sentence(units: StoryUnits, i: int) -> SentenceUnit | None:
    """The sentence right after unit ``i`` in its article, if it is a unit."""
    if i + 1 >= len(units.units):
        return None
    unit, after = units.units[i], units.units[i + 1]
    return after if after.article == unit.article and after.index == unit.index + 1 else None


def _speakers(unit: SentenceUnit, settings: CompareSettings) -> list[Span[QuoteAttrs]] | None:
    """The unit's quotes with a named speaker inside it; None when a speaker disputes what is said."""
    inside = range(unit.start, unit.end)
    own = [q for q in unit.quotes if q.start in inside or _speaker_range(q)[0] in inside]
    if any((q.attrs.cue or "") in settings.denial_cues for q in own):
        return None
    return [q for q in own if named(q.attrs.speaker or "")]


def _refers_back(unit: SentenceUnit, settings: CompareSettings) -> bool:
    text = unit.text.lower()
    return any(re.search(rf"\b{re.escape(phrase)}\b", text) for phrase in settings.figure_anaphora)


def _names(unit: SentenceUnit) -> list[str]:
    return [span_text(unit, s) for s in unit.entities if s.label not in VALUE_TYPES]


def _speaker_range(quote: Span[QuoteAttrs]) -> tuple[int, int]:
    return quote.attrs.speaker_start, quote.attrs.speaker_end


def full_name(text: str, quote: Span[QuoteAttrs], entities: Sequence[Span]) -> str:
    """A quote speaker's full name: its entity and those joined to it by "of", "for" or a bracket.

    "UN Office" + " for the " + "Coordination of Humanitarian Affairs" + " (" + "OCHA" + ")".
    """
    start, end = _speaker_range(quote)
    names = sorted((s for s in entities if s.label not in VALUE_TYPES), key=lambda s: s.start)
    for span in names:
        if span.start < end and start < span.end:
            start, end = min(start, span.start), max(end, span.end)
    for span in (s for s in names if s.start >= end):
        gap = text[end:span.start]
        if not _NAME_JOIN.fullmatch(gap):
            break
        end = span.end + ("(" in gap and text[span.end:span.end + 1] == ")")
    name = re.sub(r"^the\s+", "", text[start:end], flags=re.IGNORECASE)
    return name or quote.attrs.speaker or ""


def _relayed(text: str, quote: Span[QuoteAttrs], settings: CompareSettings) -> bool:
    """Whether a speaker relays others' figures: a news agency or outlet ("state news agency MAP said")."""
    if (quote.attrs.cue or "") in settings.relay_cues:
        return True
    start, end = _speaker_range(quote)
    name = text[start:end]
    before = " ".join(re.findall(r"\w+", text[max(0, start - settings.relay_window):start].lower()))
    if any(re.search(rf"\b{re.escape(word)}\b", f"{before} {name.lower()}") for word in settings.relay_words):
        return True
    return any(same_body(name, relay, settings) and len(name.split()) <= len(relay.split()) + 1
               for relay in settings.relay_sources)


def _weekday(unit: SentenceUnit) -> DateValue | None:
    """The weekday the unit names, when it is the only moment the sentence names."""
    moments = [d for d in unit.dates if (d.attrs.kind or "") not in _TIMELESS_KINDS]
    if len(moments) != 1:
        return None
    text = span_text(unit, moments[0])
    day = next((d for d in WEEKDAYS if re.search(rf"\b{d}", text.lower())), "")
    return DateValue(text=text, value=day.capitalize(), granularity=WEEKDAY, span=moments[0]) if day else None


def _event_minutes(unit: SentenceUnit, settings: CompareSettings) -> dict[str, NumberValue]:
    """The minute of a once-a-match event, when the sentence gives one minute and names the event."""
    minutes = [n for n in unit.numbers if n.label == "MINUTE" and n.attrs.value is not None]
    if len(minutes) != 1:
        return {}
    text = unit.text.lower()
    out = {}
    for line in settings.once_events:
        event, _, cues = line.partition("=")
        if any(re.search(rf"\b{re.escape(cue.strip())}\b", text) for cue in cues.split("|") if cue.strip()):
            slot, span = f"{MINUTE} {event.strip()}", minutes[0]
            out[slot] = NumberValue(slot=slot, kind="minute", text=span_text(unit, span), span=span)
    return out


def claim_pairs(units: StoryUnits, held: Sequence[Collection[str]], sim: Similarity,
                settings: CompareSettings) -> list[ClaimPair]:
    """Pairs of units of different outlets that share a claim slot and may be judged on it.

    ``held`` lists, per unit, the claim slots it has a value for.
    """
    holders: dict[str, list[int]] = {}
    for i, unit_slots in enumerate(held):
        for slot in unit_slots:
            holders.setdefault(slot, []).append(i)
    pairs = []
    for slot, members in sorted(holders.items()):
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                if units.units[i].outlet != units.units[j].outlet and \
                        _comparable(units, slot, (i, j), sim, settings):
                    pairs.append(ClaimPair(i=i, j=j, kind=_kind(slot), slot=slot))
    return pairs


def _kind(slot: str) -> str:
    if slot.startswith(SOURCE):
        return "attribution"
    return "date" if slot.startswith(DAY) else "minute"


def _comparable(units: StoryUnits, slot: str, pair: tuple[int, int], sim: Similarity,
                settings: CompareSettings) -> bool:
    """Whether a pair states one claim closely enough to be judged on ``slot``.

    An event's minute: the sentences name one player. A figure's source: near-paraphrases. A figure's
    day: near-paraphrases that name one body (the same body's claim, dated two ways).
    """
    i, j = pair
    if slot.startswith(MINUTE):
        return bool(_proper_names(units.units[i]) & _proper_names(units.units[j]))
    if float(sim.score[i, j]) < settings.conflict_min_score:
        return False
    if slot.startswith(DAY):
        return _one_body(units.units[i], units.units[j], settings)
    return True


def _proper_names(unit: SentenceUnit) -> set[str]:
    """Capitalised words of a sentence that may name a person (NER misses many players' names):
    not its first word, and not inside a place, nationality or value span (teams, countries)."""
    covered = [(s.start - unit.start, s.end - unit.start) for s in unit.entities if s.label in _NOT_PEOPLE]
    out = set()
    for match in _CAPITALISED.finditer(unit.text):
        if match.start() == 0 or any(a <= match.start() < b for a, b in covered):
            continue
        out.add(re.sub(r"['’]s$", "", match.group()).lower())
    return out


def _one_body(a: SentenceUnit, b: SentenceUnit, settings: CompareSettings) -> bool:
    """Whether two sentences name a common body (under any of its names)."""
    bodies_a = [span_text(a, s) for s in a.entities if s.label in ("ORG", "NORP")]
    bodies_b = [span_text(b, s) for s in b.entities if s.label in ("ORG", "NORP")]
    return any(same_body(x, y, settings) for x in bodies_a for y in bodies_b)
