"""The word lists of ``rules/numbers.toml`` and the surface grammar of numbers built from them.

:func:`load_number_rules` turns the TOML into a :class:`NumberRules` with one compiled pattern for
number *cores* (digits with an optional scale, spelled-out numbers, vague amounts, fractions, match
minutes) and anchored patterns for what may stand just before or after a core. :func:`core_amount`
reads a core into an :class:`Amount`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storydesk.errors import ConfigError

RULES_FILE = "numbers.toml"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True, kw_only=True, slots=True)
class Amount:
    """A number read from text: an exact value, or bounds for a vague amount."""

    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class NumberRules:
    """The declarative data behind quantity detection, with the patterns compiled from it."""

    number_words: Mapping[str, float]
    scales: Mapping[str, float]
    money_scales: Mapping[str, float]
    vague_plurals: Mapping[str, float]
    vague_factors: tuple[float, float]
    vague_groups: Mapping[str, tuple[float, float]]
    vague_counts: Mapping[str, tuple[float, float]]
    fractions: Mapping[str, float]
    approx: Mapping[str, str]
    currency_symbols: Mapping[str, str]
    currency_words: Mapping[str, str]
    time_units: Mapping[str, str]
    minute_ordinals: Mapping[str, int]
    measure_prefixes: frozenset[str]
    tally_nouns: Mapping[str, str]
    counter_nouns: frozenset[str]
    casualty: frozenset[str]
    person_unit: str
    max_goals: int
    year_range: tuple[int, int]
    max_plain_digits: int
    max_day: int
    months: frozenset[str]
    date_labels: frozenset[str]
    name_labels: frozenset[str]
    start_words: frozenset[str]
    core: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    range_tail: re.Pattern[str]
    clock: re.Pattern[str]


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


def _core_pattern(data: Mapping[str, Any]) -> re.Pattern[str]:
    """Number cores: vague amounts, match-minute ordinals, digits (+ scale), words, fractions."""
    scales = _alt(data["scale_words"]["values"])
    plurals = _alt(data["vague_plurals"]["values"])
    groups = _alt(data["vague_groups"]["values"])
    counts = _alt(data["vague_counts"]["values"])
    words = _alt([*data["number_words"]["values"], *data["scale_words"]["values"]])
    ordinals = _alt(data["match_minute"]["ordinal_words"])
    money = _alt(data["money_only_scales"]["values"])
    fractions = _alt(data["fractions"]["values"])
    return re.compile(
        rf"\b(?P<vague>(?:(?:{groups}|{plurals})\s+of\s+)?{plurals}|dozens|scores(?=\s+of\b)|{counts}\s+{scales})\b"
        rf"|(?P<ord>\d{{1,3}}(?:st|nd|rd|th)|{ordinals})(?=\s+minute\b)"
        rf"|(?P<num>{DIGITS})(?:(?:\s|\u00a0)?(?P<scale>{scales})\b|(?P<mscale>{money})\b)?"
        rf"|\b(?P<frac>(?:(?:an?|one|two|three)[\s-]+)?{fractions})\b(?!\s+an?\s+{scales}\b)"
        rf"|\b(?P<words>(?:(?:half\s+an?|an?)\s+(?={scales}))?{words}(?:(?:\s+|-){words})*)\b",
        re.IGNORECASE)


def _before_pattern(data: Mapping[str, Any]) -> re.Pattern[str]:
    """What may stand just before a core: approximation cue, 'between', 'magnitude', currency sign."""
    cues = _alt(data["approx_cues"]["values"])
    signs = _alt(data["currency_symbols"]["values"])
    magnitude = _alt(data["magnitude"]["before"])
    return re.compile(
        rf"(?:\b(?P<cue>{cues})\s+|\b(?P<between>between)\s+|\b(?P<on>on)\s+)?"
        rf"(?:\b(?P<mag>{magnitude})\s+)?(?:(?<![A-Za-z])(?P<sign>{signs})\s?)?$", re.IGNORECASE)


def _after_pattern(data: Mapping[str, Any]) -> re.Pattern[str]:
    """What may stand just after a core: percent, currency word, magnitude, age, time unit, prime."""
    percent = _alt(data["percent_words"]["values"])
    currency = _alt(data["currency_words"]["values"])
    magnitude = _alt(data["magnitude"]["after"])
    age = _alt(data["age"]["after"])
    units = _alt(data["time_units"]["values"])
    primes = _alt(data["match_minute"]["primes"])
    return re.compile(
        rf"(?P<age>{age})\b|\s?(?P<pct>{percent})(?!\w)|[\s-](?P<cur>{currency})\b"
        rf"|[\s-]?(?P<mag>{magnitude})\b|(?:\s+an?)?(?:\s+|-)(?P<unit>{units})\b(?!-old)"
        rf"|(?:\+(?P<added>\d{{1,2}}))?(?P<prime>{primes})(?![A-Za-z])",
        re.IGNORECASE)


def _range_pattern(data: Mapping[str, Any]) -> re.Pattern[str]:
    """The second half of a range: '-3,000', ' to 3 million', ' and 3,000' (after 'between')."""
    signs = _alt(data["currency_symbols"]["values"])
    scales = _alt(data["scale_words"]["values"])
    return re.compile(
        rf"\s*(?P<dash>[-–—]|to\b|and\b)\s*(?:{signs})?\s?(?P<num>{DIGITS})(?![\w,.]\d)"
        rf"(?:\s?(?P<scale>{scales})\b)?", re.IGNORECASE)


def _start_words(data: Mapping[str, Any]) -> frozenset[str]:
    """Lower-cased first words a core may begin with (digits aside), to find candidates fast."""
    tables = ("number_words", "scale_words", "vague_plurals", "vague_groups", "vague_counts", "fractions")
    phrases = [p for table in tables for p in data[table]["values"]]
    phrases += [*data["match_minute"]["ordinal_words"], "a", "an", "half", "one", "two", "three"]
    return frozenset(phrase.split()[0].split("-")[0] for phrase in phrases)


def _pairs(table: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """A TOML table of [low, high] lists as tuples."""
    return {k: (float(v[0]), float(v[1])) for k, v in table.items()}


@lru_cache(maxsize=4)
def load_number_rules(path: Path | None = None) -> NumberRules:
    """Read and compile the number rules (the packaged ``numbers.toml`` unless ``path`` is given).

    Raises:
        ConfigError: when the file cannot be read or lacks a table.
    """
    try:
        text = (path.read_text(encoding="utf-8") if path else
                resources.files("storydesk.rules").joinpath(RULES_FILE).read_text(encoding="utf-8"))
        data = tomllib.loads(text)
        return _build(data)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, re.error) as err:
        raise ConfigError(f"bad number rules: {err}", source=str(path or RULES_FILE),
                          stage="numbers") from err


def _build(data: Mapping[str, Any]) -> NumberRules:
    """The rules object from parsed TOML."""
    vague = data["vague_plurals"]
    vague, minute, casualty = data["vague_plurals"], data["match_minute"], data["casualty_predicates"]
    return NumberRules(
        number_words=dict(data["number_words"]["values"]), scales=dict(data["scale_words"]["values"]),
        money_scales=dict(data["money_only_scales"]["values"]), vague_plurals=dict(vague["values"]),
        vague_factors=(float(vague["low_factor"]), float(vague["high_factor"])),
        vague_groups=_pairs(data["vague_groups"]["values"]),
        vague_counts=_pairs(data["vague_counts"]["values"]),
        fractions=dict(data["fractions"]["values"]), approx=dict(data["approx_cues"]["values"]),
        currency_symbols=dict(data["currency_symbols"]["values"]),
        currency_words=dict(data["currency_words"]["values"]), time_units=dict(data["time_units"]["values"]),
        minute_ordinals=dict(minute["ordinal_words"]),
        measure_prefixes=frozenset(data["measure_prefixes"]["values"]),
        tally_nouns=dict(data["tally_nouns"]["values"]),
        counter_nouns=frozenset(data["counter_nouns"]["values"]),
        casualty=frozenset(casualty["values"]), person_unit=casualty["person_unit"],
        max_goals=int(data["score"]["max_goals"]),
        year_range=(int(data["years"]["min"]), int(data["years"]["max"])),
        max_plain_digits=int(data["ids"]["max_plain_digits"]), max_day=int(data["date_entities"]["max_day"]),
        months=frozenset(data["months"]["names"]),
        date_labels=frozenset(data["date_entities"]["labels"]),
        name_labels=frozenset(data["name_entities"]["labels"]),
        start_words=_start_words(data), core=_core_pattern(data), before=_before_pattern(data),
        after=_after_pattern(data), range_tail=_range_pattern(data),
        clock=re.compile(rf"\s?{_alt(data['clock']['suffixes'])}(?!\w)|:\d", re.IGNORECASE))


def _norm(text: str) -> str:
    """Lower-cased text with runs of whitespace as one space."""
    return " ".join(text.lower().split())


def digits_value(text: str) -> float:
    """The value of a digit string with thousands separators ('2,862' → 2862.0)."""
    return float(text.replace(",", ""))


def words_value(text: str, rules: NumberRules) -> float:
    """The value of spelled-out numbers ('twenty-five', 'two thousand', 'half a million')."""
    total, current, factor = 0.0, 0.0, 1.0
    for word in re.split(r"[\s-]+", _norm(text)):
        if word == "half":
            factor = rules.fractions["half"]
        elif word in ("a", "an"):
            current = current or 1.0
        elif word in rules.number_words:
            current += rules.number_words[word]
        elif word in rules.scales and rules.scales[word] < rules.scales["thousand"]:
            current = (current or 1.0) * rules.scales[word]
        elif word in rules.scales:
            total += (current or 1.0) * rules.scales[word]
            current = 0.0
    return (total + current) * factor


def vague_amount(text: str, rules: NumberRules) -> Amount:
    """Bounds of a vague amount ('tens of thousands' → 20,000-99,999; 'several thousand' → 3,000-9,000)."""
    words = _norm(text).split(" ")
    last = words[-1]
    if last in rules.vague_plurals:
        scale = rules.vague_plurals[last]
        low_f, high_f = rules.vague_factors
        if len(words) == 1:
            return Amount(value=None, low=low_f * scale, high=high_f * scale - 1)
        group_low, group_high = _group_bounds(words[0], rules)
        return Amount(value=None, low=group_low * scale, high=(group_high + 1) * scale - 1)
    if last in rules.scales:
        low_f, high_f = rules.vague_counts[" ".join(words[:-1])]
        return Amount(value=None, low=low_f * rules.scales[last], high=high_f * rules.scales[last])
    low, high = rules.vague_groups[last]
    return Amount(value=None, low=low, high=high)


def _group_bounds(word: str, rules: NumberRules) -> tuple[float, float]:
    """The [low, high] multiplier of a group word before 'of' ('tens', 'hundreds', 'dozens')."""
    if word in rules.vague_groups:
        return rules.vague_groups[word]
    scale = rules.vague_plurals[word]
    return rules.vague_factors[0] * scale, rules.vague_factors[1] * scale - 1


def fraction_value(text: str, rules: NumberRules) -> float:
    """The value of a fraction phrase ('half' → 0.5, 'a fifth' → 0.2, 'two-thirds' → 0.667)."""
    words = re.split(r"[\s-]+", _norm(text))
    count = rules.number_words.get(words[0], 1.0) if len(words) > 1 else 1.0
    return count * rules.fractions[words[-1]]


def scale_of(match: re.Match[str], rules: NumberRules) -> float:
    """The multiplier written after a digit core (1 when none)."""
    if match.group("scale"):
        return rules.scales[match.group("scale").lower()]
    if match.group("mscale"):
        return rules.money_scales[match.group("mscale").lower()]
    return 1.0


def lookup(table: Mapping[str, str], text: str) -> str:
    """A table entry by normalised key."""
    return table[_norm(text)]
