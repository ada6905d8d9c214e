"""Temporal expressions: find them in a text and normalise them against an anchor (publication) date.

:func:`find_dates` returns one :class:`~storydesk.model.Span` per expression, labelled ``DATE``,
``TIME``, ``DURATION`` or ``SET``, with attrs ``value`` (TIMEX3/ISO 8601, ``None`` when it cannot be
resolved), ``granularity``, ``kind``, ``tense``, ``sentence`` (start, end of the sentence it dates),
``anchor_relative``, ``mismatch`` (a weekday that disagrees with its date), and where known ``start``
/ ``end`` (ISO days bounding the value) and ``mod`` (``START``/``MID``/``END`` for early/mid/late).

A regular grammar built from ``rules/dates.toml`` finds and normalises expressions; a spaCy ``Doc``
of the same text, where given, adds its parse (tense), sentences and DATE/TIME entities.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydesk.model import Span
from storydesk.model.layers import DateAttrs
from storydesk.stages.enrich import date_calendar as cal
from storydesk.stages.enrich.date_resolve import Context, Resolved, resolve
from storydesk.stages.enrich.date_rules import Grammar, fold, load_grammar
from storydesk.stages.enrich.date_tense import tense_at
from storydesk.stages.enrich.parsed import sentences_of
from storydesk.stages.enrich.settings import DateSettings

log = logging.getLogger(__name__)

__all__ = ["DateSettings", "find_dates"]

_SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_PREVIOUS_WORD = re.compile(r"([\w’']+)[\s-]*$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_ENTITY_LABELS = frozenset({"DATE", "TIME"})
_CALENDAR = frozenset({"day", "week", "month", "quarter", "half", "season", "year", "decade", "century"})
_UNMODIFIABLE = frozenset({"duration", "time", "set", "reference", "offset"})
_NEEDS_CUE = frozenset({"month", "season", "year", "decade"})
_FULL_YEAR_DIGITS = 4



@dataclass(frozen=True, kw_only=True, slots=True)
class _Candidate:
    """One grammar match (or spaCy entity) before resolution."""

    start: int
    end: int
    kind: str
    priority: int
    match: re.Match[str] | None = None
    mod: str | None = None
    label: str = "DATE"


@dataclass(frozen=True, kw_only=True, slots=True)
class PreparedDates:
    """What date finding learns from a text before any anchor is known: candidates, sentences, tenses.

    Publication-date inference resolves one text against dozens of candidate days; preparing once
    and resolving many times keeps that linear in the text, not in text × days.
    """

    text: str
    candidates: tuple[_Candidate, ...]
    sentences: tuple[tuple[int, int], ...]
    tenses: tuple[str, ...]
    grammar: Grammar


def prepare_dates(text: str, *, sents: Sequence[tuple[int, int]] | None = None, doc: Any = None,
                  settings: DateSettings) -> PreparedDates:
    """The anchor-independent part of :func:`find_dates` (same arguments, no anchor).

    Raises:
        ValueError: ``doc`` is not a parse of ``text``.
        ConfigError: the rules file cannot be read.
    """
    if doc is not None and doc.text != text:
        raise ValueError("the spaCy doc passed to find_dates is not of the same text")
    grammar = load_grammar(Path(settings.rules_path) if settings.rules_path else None)
    sentences = _sentences(text, sents, doc)
    entities = _entities(doc)
    lookback = settings.lookback_chars
    candidates = _select([c for c in _matches(text, grammar)
                          if _plausible(text, c, grammar, doc, entities, lookback)])
    candidates = _with_modifiers(text, candidates, grammar, settings)
    if settings.use_doc_entities:
        candidates = _add_entities(candidates, entities)
    starts = [s for s, _ in sentences]
    tenses = tuple(tense_at(text, c.start, c.end, _sentence_of(c, sentences, starts), rules=grammar.rules,
                            doc=doc, window=settings.tense_window, max_hops=settings.max_parse_hops)
                   for c in candidates)
    return PreparedDates(text=text, candidates=tuple(candidates), sentences=tuple(sentences), tenses=tenses,
                         grammar=grammar)


def find_dates(text: str, anchor: dt.date | None, *, sents: Sequence[tuple[int, int]] | None = None,
               doc: Any = None, settings: DateSettings) -> tuple[Span[DateAttrs], ...]:
    """Every temporal expression in ``text``, normalised against ``anchor``.

    Args:
        text: the canonical article text.
        anchor: the publication date relative expressions are resolved against (None: only absolute
            expressions get a value).
        sents: sentence (start, end) ranges; else taken from ``doc``, else split by punctuation.
        doc: an optional spaCy ``Doc`` of exactly ``text`` (tags, parse, DATE/TIME entities).
        settings: the knobs.

    Raises:
        ValueError: ``doc`` is not a parse of ``text``.
        ConfigError: the rules file cannot be read.
    """
    return resolve_dates(prepare_dates(text, sents=sents, doc=doc, settings=settings), anchor, settings)


def _sentences(text: str, sents: Sequence[tuple[int, int]] | None, doc: Any) -> list[tuple[int, int]]:
    """Sentence ranges: given, from the doc, or split at sentence-final punctuation and newlines."""
    if sents is not None:
        return sorted((int(s), int(e)) for s, e in sents)
    if doc is not None and doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in sentences_of(doc)]
    out, pos = [], 0
    for brk in _SENTENCE_BREAK.finditer(text):
        if text[pos:brk.start()].strip():
            out.append((pos, brk.start()))
        pos = brk.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _entities(doc: Any) -> list[tuple[int, int, str]]:
    """spaCy DATE/TIME entities of the doc as (start, end, label)."""
    if doc is None:
        return []
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in _ENTITY_LABELS]


def _matches(text: str, grammar: Grammar) -> list[_Candidate]:
    """Every match of every pattern, overlapping ones included."""
    return [_Candidate(start=m.start(), end=m.end(), kind=kind, priority=i, match=m)
            for i, (kind, pattern) in enumerate(grammar.patterns) for m in pattern.finditer(text)]


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: longest first, then the earlier pattern."""
    taken: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start)):
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def _previous_word(text: str, start: int, lookback: int) -> str:
    """The word just before ``start`` (lower case), or ""."""
    found = _PREVIOUS_WORD.search(text, max(0, start - lookback), start)
    return found.group(1).lower() if found else ""


def _in_entity(cand: _Candidate, entities: list[tuple[int, int, str]]) -> bool:
    """Whether spaCy marked this stretch as a DATE/TIME entity."""
    return any(s <= cand.start and cand.end <= e for s, e, _ in entities)


def _plausible(text: str, cand: _Candidate, grammar: Grammar, doc: Any,
               entities: list[tuple[int, int, str]], lookback: int) -> bool:
    """Filter out matches that are words, counts or ages rather than dates."""
    m, rules = cand.match, grammar.rules
    assert m is not None
    groups = m.groupdict()
    if not _names_capitalised(groups):
        return False
    if cand.kind == "weekday" and fold(m["wd"]) in rules.ambiguous_weekdays:
        return False
    if cand.kind == "set" and not m[0][0].islower():
        return False
    if cand.kind == "deictic" and fold(m["unit"]).endswith("s") and not fold(m[0]).startswith("the "):
        return False
    if cand.kind == "modified_unit":
        return _period_is_anchored(text, cand, grammar, lookback)
    if cand.kind not in _NEEDS_CUE or _in_entity(cand, entities):
        return True
    previous = _previous_word(text, cand.start, lookback)
    if cand.kind == "month":
        return fold(m["mon"]) not in rules.ambiguous_months or previous in rules.year_cues \
            or previous in rules.modifiers
    if cand.kind == "season":
        return bool(m["det"] or m["year"]) or previous in rules.season_cues \
            or fold(m["season"]) not in rules.ambiguous_seasons or _is_noun(cand, doc)
    if cand.kind == "decade":
        return len(m["dec"]) == _FULL_YEAR_DIGITS or m[0][0] in "'’tT" or previous in rules.year_cues
    return previous in rules.year_cues or not _is_count(text, cand, doc)


def _period_is_anchored(text: str, cand: _Candidate, grammar: Grammar, lookback: int) -> bool:
    """ "the year" is a date only as "the entire year", "the end of the year", "later in the day"."""
    assert cand.match is not None
    before = text[max(0, cand.start - lookback):cand.start]
    words = fold(before).split()
    cues = grammar.rules.period_cues
    return bool(cand.match["whole"] or grammar.modifier.search(before)
                or " ".join(words[-2:]) in cues or " ".join(words[-1:]) in cues)


def _names_capitalised(groups: dict[str, str | None]) -> bool:
    """Month and weekday names must be capitalised ("May", not the modal "may")."""
    names = (groups.get(key) or "" for key in ("mon", "wd"))
    return all(not name[:1].isalpha() or name[0].isupper() for name in names)


def _is_noun(cand: _Candidate, doc: Any) -> bool:
    """Whether the parse tags the candidate's last word as a noun ("spring shows signs")."""
    span = doc.char_span(cand.start, cand.end) if doc is not None else None
    return span is not None and span[-1].pos_ in ("NOUN", "PROPN")


def _is_count(text: str, cand: _Candidate, doc: Any) -> bool:
    """Whether a bare four-digit number counts something ("2000 people") rather than naming a year."""
    if doc is not None:
        span = doc.char_span(cand.start, cand.end)
        if span is not None:
            token = span[0]
            return token.dep_ == "nummod" and token.head.tag_ == "NNS"
    nxt = _NEXT_WORD.match(text, cand.end)
    return bool(nxt and nxt.group(1).islower() and nxt.group(1).endswith("s")
                and nxt.group(1) not in ("was", "is", "has", "as", "this", "its", "his", "does"))


def _with_modifiers(text: str, candidates: list[_Candidate], grammar: Grammar,
                    settings: DateSettings) -> list[_Candidate]:
    """Extend candidates over a preceding "early", "mid-", "the end of" and record the modifier."""
    out: list[_Candidate] = []
    for cand in candidates:
        floor = out[-1].end if out else 0
        found = None
        if cand.kind not in _UNMODIFIABLE:
            reach = max(floor, cand.start - settings.modifier_reach)
            found = grammar.modifier.search(text, reach, cand.start)
        if found:
            mod = grammar.rules.modifiers[fold(found["mod"])]
            cand = _Candidate(start=found.start(), end=cand.end, kind=cand.kind, priority=cand.priority,
                              match=cand.match, mod=mod)
        out.append(cand)
    return out


def _add_entities(candidates: list[_Candidate], entities: list[tuple[int, int, str]]) -> list[_Candidate]:
    """Add spaCy DATE/TIME entities that no grammar match overlaps (they get no value)."""
    extra = [_Candidate(start=s, end=e, kind="entity", priority=len(candidates), label=label)
             for s, e, label in entities
             if all(e <= c.start or s >= c.end for c in candidates)]
    return sorted([*candidates, *extra], key=lambda c: c.start)


def resolve_dates(prepared: PreparedDates, anchor: dt.date | None,
                  settings: DateSettings) -> tuple[Span[DateAttrs], ...]:
    """Resolve prepared candidates in text order, each against the anchor and the last date mentioned."""
    ctx = Context(anchor=anchor, rules=prepared.grammar.rules, month_first=settings.month_first,
                  two_digit_pivot=settings.two_digit_year_pivot, plural_span=settings.plural_span)
    sentences = list(prepared.sentences)
    starts = [s for s, _ in sentences]
    spans: list[Span[DateAttrs]] = []
    for cand, tense in zip(prepared.candidates, prepared.tenses, strict=True):
        sentence = _sentence_of(cand, sentences, starts)
        ctx.tense = tense
        result = (resolve(cand.kind, cand.match, ctx) if cand.match is not None
                  else Resolved(value=None, label=cand.label))
        spans.append(_to_span(cand, result, ctx.tense, sentence))
        if result.label == "DATE" and result.value and cal.granularity_of(result.value) in _CALENDAR:
            ctx.mentions.append(result.value)
    log.debug("found %d temporal expressions", len(spans))
    return tuple(spans)


def _sentence_of(cand: _Candidate, sentences: list[tuple[int, int]], starts: list[int]) -> tuple[int, int]:
    """The sentence holding the candidate's start (its own range where none does)."""
    i = bisect.bisect_right(starts, cand.start) - 1
    if i >= 0 and sentences[i][0] <= cand.start < max(sentences[i][1], cand.start + 1):
        return sentences[i]
    return cand.start, cand.end


def _to_span(cand: _Candidate, result: Resolved, tense: str, sentence: tuple[int, int]) -> Span[DateAttrs]:
    """The output span of one resolved candidate."""
    bounds = cal.value_bounds(result.value) if result.value and result.label != "DURATION" else None
    start, end = result.bounds or ((bounds[0].isoformat(), bounds[1].isoformat()) if bounds else (None, None))
    attrs = DateAttrs(value=result.value, granularity=_granularity(result), kind=cand.kind, tense=tense,
                      sentence=sentence, anchor_relative=result.anchor_relative, mismatch=result.mismatch,
                      start=start, end=end, mod=cand.mod, weekday=result.weekday)
    return Span(start=cand.start, end=cand.end, label=result.label, attrs=attrs)


def _granularity(result: Resolved) -> str:
    """The granularity attr: that of the value, "duration"/"set" for those, "unknown" without a value."""
    if result.label in ("DURATION", "SET"):
        return result.label.lower()
    if result.value is None:
        return "unknown"
    return result.granularity or cal.granularity_of(result.value)
