"""The word lists of ``rules/dates.toml`` and the regular grammar of temporal expressions built from them.

Each pattern is named after the *kind* of expression it finds ("full_date", "weekday", "duration",
...); :mod:`storydesk.stages.enrich.date_resolve` turns a match of each kind into a value.
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

_YEAR = r"(?:1[5-9]|20)\d\d"
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"


@dataclass(frozen=True, kw_only=True, slots=True)
class DateRules:
    """The declarative data behind date detection: word → value tables and cue lists."""

    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    ambiguous_weekdays: frozenset[str]
    seasons: Mapping[str, str]
    ambiguous_seasons: frozenset[str]
    parts_of_day: Mapping[str, str]
    number_words: Mapping[str, int]
    vague_counts: frozenset[str]
    ordinals: Mapping[str, int]
    units: Mapping[str, tuple[str, int, bool]]
    deictic: Mapping[str, int]
    anaphoric: Mapping[str, int]
    offset_directions: Mapping[str, int]
    anaphoric_offsets: frozenset[str]
    relative_days: Mapping[str, int]
    modifiers: Mapping[str, str]
    same_day_cues: frozenset[str]
    period_cues: frozenset[str]
    references: Mapping[str, str]
    sets: Mapping[str, str]
    year_cues: frozenset[str]
    season_cues: frozenset[str]
    future_cues: tuple[str, ...]
    past_cues: tuple[str, ...]
    past_suffix: str
    not_past: frozenset[str]
    future_governors: frozenset[str]


def fold(text: str | None) -> str:
    """A phrase in lookup form: lower case, whitespace and hyphens as one space, no trailing period."""
    return re.sub(r"[\s-]+", " ", (text or "").lower()).strip().rstrip(".")


def _names(data: Mapping[str, Any], table: str) -> Any:
    """The ``names`` entry of one table, keys folded for lookup."""
    try:
        names = data[table]["names"]
    except KeyError as err:
        raise ConfigError(f"rules/dates.toml: table [{table}] lacks 'names'") from err
    if isinstance(names, dict):
        return {fold(str(k)): v for k, v in names.items()}
    return frozenset(fold(str(n)) for n in names)


def _units(data: Mapping[str, Any]) -> dict[str, tuple[str, int, bool]]:
    """Unit word → (TIMEX3 designator, count of base units, whether it is a clock unit)."""
    table = {k: v for k, v in data["units"].items() if isinstance(v, dict)}
    return {word: (spec["designator"], int(spec["count"]), bool(spec.get("time", False)))
            for word, spec in table.items()}


def _references(data: Mapping[str, Any]) -> dict[str, str]:
    """Vague reference phrase → TIMEX3 value (PAST_REF, PRESENT_REF, FUTURE_REF)."""
    refs = data["references"]
    return {fold(phrase): f"{when.upper()}_REF"
            for when in ("past", "present", "future") for phrase in refs[when]}


def rules_from_dict(data: Mapping[str, Any]) -> DateRules:
    """Build :class:`DateRules` from the parsed TOML."""
    tense = data["tense"]
    return DateRules(
        months=_names(data, "months"), ambiguous_months=_names(data, "ambiguous_months"),
        weekdays=_names(data, "weekdays"), ambiguous_weekdays=_names(data, "ambiguous_weekdays"),
        seasons=_names(data, "seasons"), ambiguous_seasons=_names(data, "ambiguous_seasons"),
        parts_of_day=_names(data, "parts_of_day"), number_words=_names(data, "number_words"),
        vague_counts=_names(data, "vague_counts"), ordinals=_names(data, "ordinals"),
        units=_units(data), deictic=_names(data, "deictic"), anaphoric=_names(data, "anaphoric"),
        offset_directions=_names(data, "offset_directions"),
        anaphoric_offsets=frozenset(fold(w) for w in data["offset_directions"]["anaphoric"]),
        relative_days=_names(data, "relative_days"), modifiers=_names(data, "modifiers"),
        same_day_cues=_names(data, "same_day_cues"), period_cues=_names(data, "period_cues"),
        references=_references(data),
        sets=_names(data, "sets"), year_cues=_names(data, "year_cues"),
        season_cues=_names(data, "season_cues"),
        future_cues=tuple(c.lower() for c in tense["future"]),
        past_cues=tuple(c.lower() for c in tense["past"]), past_suffix=tense["past_suffix"],
        not_past=frozenset(w.lower() for w in tense["not_past"]),
        future_governors=frozenset(w.lower() for w in tense["future_governors"]),
    )


def load_rules(path: Path | None = None) -> DateRules:
    """Load the date rules: ``path``, or the packaged ``rules/dates.toml``."""
    try:
        if path is None:
            text = resources.files("storydesk.rules").joinpath("dates.toml").read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return rules_from_dict(tomllib.loads(text))
    except (OSError, tomllib.TOMLDecodeError, KeyError) as err:
        raise ConfigError(f"cannot load date rules from {path or 'rules/dates.toml'}: {err}") from err


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace or hyphen."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in ordered) + ")"


@dataclass(frozen=True, kw_only=True, slots=True)
class Grammar:
    """Compiled patterns, one per expression kind, tried in priority order."""

    rules: DateRules
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    modifier: re.Pattern[str]


def _names_alt(table: Mapping[str, int]) -> str:
    """Alternation of calendar names; abbreviations (a shorter key for the same value) may take a period."""
    full = {w for w in table if not any(o != w and table[o] == table[w] and len(o) > len(w) for o in table)}
    return f"(?:{_alt(full)}|{_alt(set(table) - full)}\\.?)"


def _calendar_patterns(r: DateRules) -> list[tuple[str, str]]:
    """Patterns for dates written with month names, numbers and weekdays."""
    mon, wd = _names_alt(r.months), _names_alt(r.weekdays)
    unit_year = r"(?:the\s+same\s+year|that\s+year|(?:last|next|this|the\s+previous|the\s+following)\s+year)"
    return [
        ("full_date", rf"(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?(?P<mon>{mon})\s+(?P<day>{_DAY}){_ORD_SUFFIX}"
                      rf"(?!\d|:|\s*(?:%|[ap]\.?m\b))(?:,?\s+(?P<year>{_YEAR})\b)?"),
        ("full_date", rf"(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?(?P<day>{_DAY}){_ORD_SUFFIX}\s+(?:of\s+)?"
                      rf"(?P<mon>{mon})(?:,?\s+(?P<year>{_YEAR})\b)?"),
        ("iso_date", rf"(?P<year>{_YEAR})-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-3]\d)"),
        ("numeric_date", r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<year>\d{4}|\d{2})"),
        ("month_year", rf"(?P<mon>{mon}),?\s+(?:of\s+)?(?:(?P<year>{_YEAR})\b|(?P<rel>{unit_year}))"),
        ("month", rf"(?P<mon>{mon})"),
    ]


def _period_patterns(r: DateRules) -> list[tuple[str, str]]:
    """Patterns for quarters, halves, seasons, decades and bare years."""
    ordinal, season = _alt(r.ordinals), _alt(r.seasons)
    year_ref = rf"(?:(?P<year>{_YEAR})|(?P<rel>(?:this|last|next|the\s+same|that|the\s+previous)\s+year))"
    rel_q = r"(?P<det>last|past|previous|current|this|next|coming|same)"
    return [
        ("quarter", rf"(?:the\s+)?(?:(?P<ord>{ordinal})|{rel_q})[\s-]+quarter"
                    rf"(?:\s+of\s+(?:the\s+)?{year_ref}|\s+(?P<year2>{_YEAR})\b)?"),
        ("quarter", rf"Q(?P<q>[1-4])(?:\s+(?P<year2>{_YEAR})\b)?"),
        ("half", rf"(?:the\s+)?(?P<ord>first|second)[\s-]+half(?:\s+of\s+(?:the\s+)?{year_ref})?"),
        ("season", rf"(?:(?P<det>this|last|next|the\s+coming|the\s+past)\s+)?(?P<season>{season})"
                   rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR})\b)?"),
        ("decade", r"(?:the\s+)?['’]?(?P<dec>(?:1[5-9]|20)?\d0)['’]?s"),
        ("fiscal_year", rf"(?:FY|fiscal\s+(?:year\s+)?)(?P<year>{_YEAR}|\d\d)"),
        ("fiscal_year", r"(?:the\s+)?(?:(?P<det>this|last|next|current|previous)\s+)?"
                        r"(?:financial|fiscal)\s+year"),
        ("year", rf"(?<![\d,.$£€#])(?P<year>{_YEAR})(?!\d|[,.]\d|\s*%|-\d)"),
    ]


def _relative_patterns(r: DateRules) -> list[tuple[str, str]]:
    """Patterns for expressions resolved against the anchor or an earlier date."""
    wd, pod = _names_alt(r.weekdays), _alt(r.parts_of_day)
    num = rf"(?P<num>\d+|{_alt(r.number_words)})"
    unit = _alt(w for w, spec in r.units.items() if not spec[2])
    deictic, anaphoric = _alt(r.deictic), _alt(r.anaphoric)
    return [
        ("offset", rf"{num}[\s-]+(?P<unit>{unit})\s+(?P<dir>{_alt(r.offset_directions)})"),
        ("same_as", rf"the\s+same\s+(?P<unit>{unit}|period|time)\s+(?:(?P<ago>a\s+year\s+(?:ago|earlier))"
                    r"|(?:of\s+)?(?P<rel>last|the\s+previous|the\s+last)\s+year)"),
        ("relative_day", rf"(?P<rd>{_alt(r.relative_days)})(?:\s+(?P<pod>{pod}))?"),
        ("part_of_day", rf"(?P<det>this|last|yesterday|tomorrow)\s+(?P<pod>{pod})"),
        ("weekday", rf"(?:(?P<det>{_alt([*r.same_day_cues, 'last', 'next', 'this', 'coming', 'past'])})\s+)?"
                    rf"(?P<wd>{wd})(?:\s+(?P<pod>{pod}))?"),
        ("anaphoric", rf"(?:the\s+)?(?P<ana>{anaphoric})\s+(?P<unit>{unit}|weekend)"),
        ("anaphoric", rf"the\s+(?P<unit>{unit})\s+(?P<dir>before|after|earlier|later|previous)"),
        ("deictic", rf"(?:the\s+)?(?P<det>{deictic})\s+(?P<unit>{unit}|weekend)"),
        ("modified_unit", r"the\s+(?P<whole>(?:entire|whole|full)\s+)?"
                          r"(?P<unit>day|week|month|year|decade|century)"),
    ]


def _other_patterns(r: DateRules) -> list[tuple[str, str]]:
    """Patterns for durations, clock times, sets and vague references."""
    num = rf"(?P<num>\d+(?:\.\d+)?|{_alt(r.number_words)}|(?P<vague>{_alt(r.vague_counts)}))"
    return [
        ("duration", rf"{num}[\s-]+(?P<unit>{_alt(r.units)})(?![\s-]+old\b)"),
        ("time", r"(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\s*(?P<ampm>[ap]\.?m\.?)?"
                 r"(?:\s*(?P<tz>UTC|GMT|Z))?"),
        ("time", r"(?P<h>1[0-2]|0?[1-9])\s*(?P<ampm>[ap]\.m\.|[ap]m)"),
        ("set", _alt(r.sets)),
        ("reference", _alt(r.references)),
    ]


def _bounded(pattern: str) -> str:
    """Wrap a pattern so it only matches whole words."""
    return rf"(?<![\w’']){pattern}(?![\w])"


def build_grammar(rules: DateRules) -> Grammar:
    """Compile the patterns of every expression kind."""
    specs = [*_calendar_patterns(rules), *_period_patterns(rules), *_relative_patterns(rules),
             *_other_patterns(rules)]
    compiled = tuple((kind, re.compile(_bounded(p), re.IGNORECASE)) for kind, p in specs)
    mods = _alt(rules.modifiers)
    modifier = re.compile(rf"(?<![\w])(?:the\s+)?(?:very\s+)?(?P<mod>{mods})(?:\s+of)?(?:\s+|-)(?:the\s+)?$",
                          re.IGNORECASE)
    return Grammar(rules=rules, patterns=compiled, modifier=modifier)


@lru_cache(maxsize=4)
def load_grammar(path: Path | None = None) -> Grammar:
    """The compiled grammar for a rules file (the packaged one by default), built once per path."""
    return build_grammar(load_rules(path))
