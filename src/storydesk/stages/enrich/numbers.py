"""Quantities as standoff spans: counts with what they count, percentages, money, magnitudes, durations.

A number *core* is found on the text with the grammar of :mod:`number_words` (digits with a scale,
spelled-out numbers, vague amounts such as "tens of thousands", fractions); the words just before
and after it decide its label (PERCENT, MONEY, MAGNITUDE, AGE, DURATION, MINUTE, FRACTION or
QUANTITY) and its approximation; the dependency parse then gives the noun it counts and the verb
that governs it (:mod:`number_syntax`).

Conventions (attrs of each span):
- ``value``: the number (scale applied: "$68.7bn" → 6.87e10; "half a million" → 5e5; a fraction
  "half" → 0.5). None for ranges and vague amounts, which carry ``low``/``high`` instead
  ("tens of thousands" → 20,000-99,999; "between 2,000 and 3,000" → 2,000-3,000); ``low`` and
  ``high`` are None on single values.
- ``approx``: "exact", a canonical cue ("about", "nearly", "more than", "at least", "up to",
  "less than"), "vague" (vague amounts) or "range".
- ``unit``: the counted noun's lemma for QUANTITY/FRACTION ("people"; None when unknown), the ISO
  currency code for MONEY, "percent", "magnitude", the time unit for DURATION and AGE, "minute"
  for MINUTE. ``unit_from`` says how a counted noun was found.
- ``verb``: lemma of the governing verb or None; ``sentence``: (start, end) of its sentence.

Not quantities: years ("in 2011"), days of the month, clock times, ids and long digit strings,
numbers that are part of names ("Diablo 4"), sports scores ("2-1"), ordinals other than match
minutes. Durations written with a number ("12-year uprising", "20 months") are kept as DURATION;
durations with only an article ("a week") are left to the dates layer.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, LOWER, PREFIX
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from storydesk.model.layers import NumberAttrs
from storydesk.model.spans import Span
from storydesk.stages.enrich.number_syntax import counted, governing_verb
from storydesk.stages.enrich.number_words import (
    Amount,
    NumberRules,
    digits_value,
    fraction_value,
    load_number_rules,
    lookup,
    scale_of,
    vague_amount,
    words_value,
)
from storydesk.stages.enrich.settings import NumberSettings

log = logging.getLogger(__name__)

QUANTITY, PERCENT, MONEY, MAGNITUDE = "QUANTITY", "PERCENT", "MONEY", "MAGNITUDE"
DURATION, AGE, MINUTE, FRACTION = "DURATION", "AGE", "MINUTE", "FRACTION"
SCORE = "SCORE"  # read only to be skipped whole: '2-1' is not a range
EXACT, VAGUE, RANGE = "exact", "vague", "range"
_COUNT_LABELS = (QUANTITY, FRACTION)
_NAME_DEPS = ("nummod", "appos", "compound", "npadvmod", "nmod", "dobj")
_PLAIN_INT = re.compile(r"\d+")



@dataclass(frozen=True, kw_only=True, slots=True)
class _Reading:
    """A number read from the text before the parse is consulted."""

    start: int
    end: int
    core_start: int
    core_end: int
    label: str
    amount: Amount
    approx: str
    unit: str | None
    kind: str
    consumed: int


def find_quantities(doc: Doc, *, settings: NumberSettings) -> tuple[Span[NumberAttrs], ...]:
    """Every quantity in a parsed document, as spans into ``doc.text`` in text order."""
    rules = load_number_rules(Path(settings.rules_path) if settings.rules_path else None)
    text = doc.text
    spans: list[Span[NumberAttrs]] = []
    pos = 0
    for start in _candidate_starts(doc, rules):
        match = rules.core.match(text, start) if start >= pos else None
        if match is None:
            continue
        reading = _read(match, text, rules, settings)
        pos = max(match.end(), reading.consumed if reading else match.end())
        if reading is None or not _wanted(reading, settings):
            continue
        span = _to_span(doc, reading, rules, settings, spans)
        if span is not None:
            spans.append(span)
    log.debug("found %d quantities", len(spans))
    return tuple(spans)


@lru_cache(maxsize=4)
def _start_hashes(words: frozenset[str]) -> np.ndarray:
    """spaCy string hashes of candidate first words and of the ten digits (as token prefixes)."""
    return np.array([get_string_id(w) for w in (*words, *"0123456789")], dtype=np.uint64)


def _candidate_starts(doc: Doc, rules: NumberRules) -> list[int]:
    """Character offsets of tokens a number may start at: a digit first, or a number word.

    Running the number grammar only there (not at every character) keeps the stage cheap.
    """
    table = doc.to_array([LOWER, PREFIX, IDX])
    hashes = _start_hashes(rules.start_words)
    mask = np.isin(table[:, 0], hashes) | np.isin(table[:, 1], hashes)
    return [int(i) for i in table[mask, 2]]


def _wanted(reading: _Reading, settings: NumberSettings) -> bool:
    """Whether the settings keep a reading of this label."""
    return reading.label != SCORE and not ((reading.label == DURATION and not settings.durations)
                or (reading.label == AGE and not settings.ages)
                or (reading.label == MINUTE and not settings.match_minutes))


def _embedded(text: str, start: int, end: int) -> bool:
    """Whether a core is glued into a longer token: an id, a time, a name like 'Luna-25', '86th'."""
    before = text[start - 1] if start else " "
    before2 = text[start - 2] if start > 1 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before.isalnum() or before in "_#" or (before in "-–/" and before2.isalnum()):
        return True  # 'Luna-25', 'India#39;s', the '11' of '2023-11-19'
    if before in ".,:/" and before2.isdigit():
        return True
    return after.isalpha() or (after in ":/" and after2.isdigit())


def _core_amount(match: re.Match[str], rules: NumberRules) -> Amount:
    """The amount a core match stands for."""
    core = match.group(0)
    if match.group("vague"):
        return vague_amount(core, rules)
    if match.group("ord"):
        digits = re.match(r"\d+", core)
        return Amount(value=float(digits.group(0)) if digits else float(rules.minute_ordinals[core.lower()]))
    if match.group("num"):
        return Amount(value=digits_value(match.group("num")) * scale_of(match, rules))
    if match.group("frac"):
        return Amount(value=fraction_value(core, rules))
    return Amount(value=words_value(core, rules))


def _read(match: re.Match[str], text: str, rules: NumberRules, settings: NumberSettings) -> _Reading | None:
    """Read a core with its context into a labelled amount, or None when it is not a quantity."""
    start, end = match.span()
    kind = match.lastgroup or "words"
    if kind != "ord" and _embedded(text, start, end):
        return None
    if kind == "frac" and (text[start - 1:start] == "-" or text[end:end + 1] == "-"):
        return None  # 'half-time', 'second-half', 'half-chances'
    before = rules.before.search(text[max(0, start - settings.context_chars):start])
    assert before is not None  # the pattern is all optional, so it always matches
    mention_start = start - len(before.group(0))
    if before.group("on"):
        mention_start += len(before.group("on")) + 1
    amount = _core_amount(match, rules)
    approx = rules.approx[" ".join(before.group("cue").lower().split())] if before.group("cue") else (
        VAGUE if kind == "vague" else EXACT)
    if kind == "ord":
        tail = re.match(r"\s+minute\b", text[end:])
        stop = end + (tail.end() if tail else 0)
        return _Reading(start=mention_start, end=stop, core_start=start, core_end=end, label=MINUTE,
                        amount=amount, approx=approx, unit="minute", kind=kind, consumed=stop)
    base = _Reading(start=mention_start, end=end, core_start=start, core_end=end, label=QUANTITY,
                    amount=amount, approx=approx, unit=None, kind=kind, consumed=end)
    if kind == "num":
        base = _with_range(base, match, text, rules, between=bool(before.group("between")))
        if base.label == SCORE:
            return base
        if rules.clock.match(text, base.end) or _is_id(match, base, rules):
            return None
    return _label(base, match, before, text, rules)


def _with_range(reading: _Reading, match: re.Match[str], text: str, rules: NumberRules, *,
                between: bool) -> _Reading:
    """The reading extended by a range tail ('2,000-3,000'), or marked as a sports score ('2-1')."""
    tail = rules.range_tail.match(text, reading.end)
    if tail is None or (tail.group("dash").lower() == "and" and not between):
        return reading
    if tail.group("dash").lower() == "to" and re.search(r"\bfrom\s+\S*$", text[:reading.start]):
        return reading  # 'rose from 632 to 1,037' is a change, not a range
    scale = scale_of(match, rules)
    high_scale = rules.scales[tail.group("scale").lower()] if tail.group("scale") else 1.0
    low_value = digits_value(match.group("num")) * (scale if scale != 1.0 else high_scale)
    high_value = digits_value(tail.group("num")) * high_scale
    if _is_score(match.group("num"), tail.group("num"), rules):
        return replace(reading, label=SCORE, consumed=tail.end())
    if high_value <= low_value:
        return reading
    return replace(reading, end=tail.end(), consumed=tail.end(), approx=RANGE, core_start=tail.start("num"),
                   core_end=tail.end(), amount=Amount(value=None, low=low_value, high=high_value))


def _is_score(first: str, second: str, rules: NumberRules) -> bool:
    """Whether two small integers joined by a dash read as a sports score."""
    if not (_PLAIN_INT.fullmatch(first) and _PLAIN_INT.fullmatch(second)):
        return False
    return int(first) <= rules.max_goals and int(second) <= rules.max_goals


def _is_id(match: re.Match[str], reading: _Reading, rules: NumberRules) -> bool:
    """Whether a digit core is an id or a year rather than an amount."""
    digits = match.group("num")
    if not _PLAIN_INT.fullmatch(digits) or reading.approx == RANGE or scale_of(match, rules) != 1.0:
        return False
    if len(digits) > rules.max_plain_digits or (len(digits) > 1 and digits.startswith("0")):
        return True
    low, high = rules.year_range
    return len(digits) == len(str(high)) and low <= int(digits) <= high and reading.approx == EXACT


def _label(reading: _Reading, match: re.Match[str], before: re.Match[str], text: str,
           rules: NumberRules) -> _Reading | None:
    """Label a reading from the words right after it and the sign or cue right before it."""
    after = rules.after.match(text, reading.end)
    group = after.lastgroup if after else None
    stop = after.end() if after else reading.end
    sign = before.group("sign")
    if group == "prime" and reading.kind == "num" and reading.amount.value is not None:
        added = float(after.group("added") or 0) if after else 0.0
        return replace(reading, end=stop, consumed=stop, label=MINUTE, unit="minute",
                       amount=Amount(value=reading.amount.value + added))
    if group == "pct":
        return replace(reading, end=stop, consumed=stop, label=PERCENT, unit="percent")
    if sign or (group == "cur" and after is not None):
        code = (lookup(rules.currency_symbols, sign) if sign
                else lookup(rules.currency_words, after.group("cur") if after else ""))
        end = stop if group == "cur" else reading.end
        return replace(reading, end=end, consumed=end, label=MONEY, unit=code)
    if match.group("mscale"):
        return None  # '10m' without a currency is a distance or a model name
    if group == "mag" or before.group("mag"):
        end = stop if group == "mag" else reading.end
        return replace(reading, end=end, consumed=end, label=MAGNITUDE, unit="magnitude")
    if group == "age":
        return replace(reading, end=stop, consumed=stop, label=AGE, unit="year")
    if group == "unit" and after is not None:
        unit = lookup(rules.time_units, after.group("unit"))
        label = MINUTE if before.group("on") and unit == "minute" else DURATION
        return replace(reading, end=stop, consumed=stop, label=label, unit=unit)
    return replace(reading, label=FRACTION) if reading.kind == "frac" else reading


def _to_span(doc: Doc, reading: _Reading, rules: NumberRules, settings: NumberSettings,
             previous: list[Span[NumberAttrs]]) -> Span[NumberAttrs] | None:
    """The span of a reading, with counted noun and verb from the parse; None when the parse vetoes it."""
    core = doc.char_span(reading.core_start, reading.core_end, alignment_mode="expand")
    if core is None or len(core) == 0:
        return None
    sentence = core.root.sent
    bounds = (sentence.start_char, sentence.end_char)
    unit, unit_from, noun = reading.unit, "label", None
    if reading.label in _COUNT_LABELS:
        if _vetoed(core, reading, rules):
            return None
        found = counted(core, rules, settings.max_climb)
        unit, unit_from, noun = found.unit, found.how, found.token
        if unit is None:
            unit, unit_from = _antecedent(previous, bounds), "antecedent"
        if not _keep_count(reading, unit, unit_from, settings):
            return None
    attrs = NumberAttrs(value=reading.amount.value, low=reading.amount.low, high=reading.amount.high,
                        approx=reading.approx, unit=unit, unit_from=unit_from,
                        verb=governing_verb(core.root, noun), sentence=bounds)
    return Span(start=reading.start, end=reading.end, label=reading.label, attrs=attrs)


def _vetoed(core: SpacySpan, reading: _Reading, rules: NumberRules) -> bool:
    """Whether the parse shows a count is a day of the month or part of a name."""
    root = core.root
    value = reading.amount.value
    value = reading.amount.high if value is None else value
    if any(t.ent_type_ in rules.date_labels for t in core) and reading.kind == "num" and (
            value is not None and value <= rules.max_day and value.is_integer()):
        return True  # a day of the month ('Sept. 8', 'August 22-24')
    if reading.kind == "vague":
        return False
    if reading.kind == "frac":
        return any(c.i < core.start and (c.dep_ in ("det", "poss") or c.lower_ in rules.minute_ordinals)
                   for c in root.children)  # 'the half', 'their half', 'the first half'
    if _next_to_month(core, rules):
        return True
    if _in_name(core, rules):
        return True
    head = root.head
    return head.pos_ == "PROPN" and head.i < root.i and root.dep_ in _NAME_DEPS and head.tag_ != "NNPS"


def _in_name(core: SpacySpan, rules: NumberRules) -> bool:
    """Whether the core lies in a name entity that also holds words ('Diablo 4'; not a lone 'Sixty')."""
    doc = core.doc
    for token in core:
        if token.ent_type_ not in rules.name_labels:
            continue
        left, right = token.i, token.i
        while doc[left].ent_iob_ == "I":
            left -= 1
        while right + 1 < len(doc) and doc[right + 1].ent_iob_ == "I":
            right += 1
        if any(t.is_alpha and t.lower_ not in rules.number_words for t in doc[left:right + 1]):
            return True
    return False


def _next_to_month(core: SpacySpan, rules: NumberRules) -> bool:
    """Whether a number stands right before or after a month name ('10 September', 'Nov. 19')."""
    doc = core.doc
    neighbours = [doc[i] for i in (core.start - 1, core.start - 2, core.end) if 0 <= i < len(doc)]
    return any(t.lower_.rstrip(".") in rules.months and t.is_title for t in neighbours)


def _antecedent(previous: list[Span[NumberAttrs]], bounds: tuple[int, int]) -> str | None:
    """The unit of the last count in the same sentence, for elliptic numbers ('452 in Taroudant')."""
    for span in reversed(previous):
        if span.attrs.sentence != bounds:
            return None
        if span.label == QUANTITY and span.attrs.unit:
            return span.attrs.unit
    return None


def _keep_count(reading: _Reading, unit: str | None, unit_from: str, settings: NumberSettings) -> bool:
    """Whether a count is kept: spelled-out numbers need a noun; digits need one unless settings allow."""
    if reading.kind == "words":
        return unit is not None and unit_from != "antecedent"
    if reading.kind == "frac":
        return unit is not None and unit_from == "partitive"  # 'half of', 'half the'; not 'third match'
    return unit is not None or settings.unitless_counts
