"""Whether a temporal expression points before or after the anchor: the tense of the verb it modifies.

With a spaCy ``Doc`` the governing verb and its auxiliaries decide ("will hold" → future, "arrived" →
past); without one, or where the parse is undecided, the nearest cue word in the sentence does.
"""

from __future__ import annotations

import re
from typing import Any

from storydesk.stages.enrich.date_rules import DateRules

PAST, FUTURE, PRESENT, UNKNOWN = "past", "future", "present", "unknown"
_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo"})
_PAST_AUX = frozenset({"was", "were", "had", "did", "has", "have"})
_MAX_CUE_WORDS = 3  # longest cue phrase ("to be held")
_NON_FINITE = frozenset({"be", "to", "being"})  # "be completed", "to be finalized": not past tense
_WORD = re.compile(r"[\w’']+")


def tense_at(text: str, start: int, end: int, sentence: tuple[int, int], *, rules: DateRules,
             doc: Any = None, window: int, max_hops: int) -> str:
    """The tense governing ``text[start:end]``: "past", "future", "present" or "unknown"."""
    parsed = _tense_from_doc(doc, start, end, rules, max_hops) if doc is not None else UNKNOWN
    if parsed in (PAST, FUTURE):
        return parsed
    cued = _tense_from_cues(text, start, end, sentence, rules, window)
    return cued if cued != UNKNOWN else parsed


def _tense_from_doc(doc: Any, start: int, end: int, rules: DateRules, max_hops: int) -> str:
    """Tense of the verb the expression hangs from in the dependency parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return UNKNOWN
    token = span.root
    for _ in range(max_hops):
        if token.pos_ in ("VERB", "AUX") and token.i not in range(span.start, span.end):
            return _verb_tense(token, rules, max_hops)
        if token.head is token:
            break
        token = token.head
    return UNKNOWN


def _verb_tense(verb: Any, rules: DateRules, hops_left: int) -> str:
    """Tense of one verb from its auxiliaries, its tag, and (for an infinitive) its governor."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or verb.lemma_.lower() in rules.future_governors:
        return FUTURE
    if any(a.tag_ == "MD" for a in auxes):
        return PAST if "have" in words else FUTURE
    if any(a.tag_ == "TO" for a in auxes):
        return _infinitive_tense(verb, rules, hops_left)
    if verb.tag_ == "VBD" or words & _PAST_AUX:
        return PAST
    if verb.tag_ == "VBN":
        return PAST
    if verb.tag_ in ("VBZ", "VBP", "VBG"):
        return PRESENT
    return UNKNOWN


def _infinitive_tense(verb: Any, rules: DateRules, hops_left: int) -> str:
    """An infinitive looks ahead of a noun ("an event to be held") or a verb of intent ("plans to");
    otherwise it shares its governing verb's tense ("went to meet")."""
    governor = verb.head
    if governor is verb or hops_left <= 0:
        return UNKNOWN
    if governor.pos_ not in ("VERB", "AUX") or governor.lemma_.lower() in rules.future_governors:
        return FUTURE
    return _verb_tense(governor, rules, hops_left - 1)


def _tense_from_cues(text: str, start: int, end: int, sentence: tuple[int, int], rules: DateRules,
                     window: int) -> str:
    """Tense of the cue word nearest to the expression within ``window`` words in its sentence."""
    before = [w.group(0) for w in _WORD.finditer(text, sentence[0], start)][-window:]
    after = [w.group(0) for w in _WORD.finditer(text, end, sentence[1])][:window]
    best: tuple[int, str] = (window + 1, UNKNOWN)
    for distance, tense in (*_cues(list(reversed(before)), rules, reverse=True), *_cues(after, rules)):
        best = min(best, (distance, tense))
    return best[1]


def _cues(words: list[str], rules: DateRules, *, reverse: bool = False) -> list[tuple[int, str]]:
    """(distance, tense) of every cue in ``words`` (ordered outward from the expression)."""
    found: list[tuple[int, str]] = []
    lowered = [w.lower() for w in words]
    for i in range(len(lowered)):
        phrases = [_phrase(lowered, i, size, reverse) for size in range(1, _MAX_CUE_WORDS + 1)]
        if any(p in rules.future_cues for p in phrases):
            found.append((i, FUTURE))
        elif any(p in rules.past_cues for p in phrases) or (
                _looks_past(words[i], rules) and _before(lowered, i, reverse) not in _NON_FINITE):
            found.append((i, PAST))
    return found


def _phrase(words: list[str], i: int, size: int, reverse: bool) -> str:
    """The ``size`` words starting at ``i`` read in sentence order."""
    chunk = words[i:i + size]
    return " ".join(reversed(chunk) if reverse else chunk)


def _before(words: list[str], i: int, reverse: bool) -> str:
    """The word before ``words[i]`` in sentence order ("" at the edge)."""
    j = i + 1 if reverse else i - 1
    return words[j] if 0 <= j < len(words) else ""


def _looks_past(word: str, rules: DateRules) -> bool:
    """A lower-case word with the regular past-tense ending that is not a known non-verb."""
    return (word.islower() and word.endswith(rules.past_suffix) and len(word) > len(rules.past_suffix) + 2
            and word not in rules.not_past)
