"""Whether two outlets' values for one slot can both be true, and why.

Numbers are read as intervals: an exact figure covers what rounds to it at its written precision
("$69bn" = 68.5-69.5bn, "6.8" = 6.75-6.85, "2,100" = 2,050-2,150), a cue widens it ("about X" =
X ± 10%, "nearly X" = 90-100% of X, "more than X" = above X, "tens of thousands" = 20,000-99,999),
and a small relative tolerance covers conversions and copy rounding. Two values are compatible when
their intervals overlap. Magnitudes and match minutes are read at face value: a magnitude "7" from
one agency is 7.0, a different estimate from 6.8, and the 90th minute is not the 91st.

Dates are compared by containment at their granularity: "March 2023" contains "2023-03-14".
Speakers are one when they resolve to one entity, share a last name, or are spelled alike.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

from storydesk.stages.compare.settings import CompareSettings
from storydesk.stages.compare.slots import DAYS_PER_UNIT, DateValue, NumberValue, SourceValue, SpeakerValue

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NAME_TOKEN = re.compile(r"[\w.-]+")
# Words that join the parts of a name rather than name anything ("Office for the Coordination of ...").
_JOINERS = frozenset({"the", "of", "for", "and", "de", "du", "des", "la", "le", "del", "di"})
# A date read as the weekday name it is written with ("on Friday"), not as a calendar day.
WEEKDAY = "weekday"
# Bodies that can be rival sources of a figure (a person may speak for either body).
BODY = "ORG"
# Cue → how the stated value bounds the truth (see the module docstring).
_OPEN_ABOVE = ("more than", "at least")
_OPEN_BELOW = ("up to", "less than")
_BANDS = ("vague", "range")
# Only two different *people* are conflicting attributions: a ministry and "the Kremlin", or a body
# and its spokesperson, are often one voice under two names.
PERSON = "PERSON"


@dataclass(frozen=True, kw_only=True, slots=True)
class Interval:
    """A closed range of values in a slot's base unit (``math.inf`` for an open end)."""

    low: float
    high: float

    def show(self) -> str:
        """A short human form: "2,050-2,150", "> 2,100", "6.75-6.85"."""
        if self.high == math.inf:
            return f">= {_fmt(self.low)}"
        if self.low == self.high:
            return _fmt(self.low)
        return f"{_fmt(self.low)}-{_fmt(self.high)}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Judgement:
    """Whether two values can both be true, with the reason a reader is shown."""

    compatible: bool
    reason: str
    same: bool = False
    #: Nothing could be judged (a body against a person): no variant, no conflict.
    undecided: bool = False
    #: Incompatible figures of a changing count, excused as reports of different moments.
    excused: bool = False


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.6g}"


def written_step(value: float, text: str, label: str, settings: CompareSettings) -> float:
    """The rounding step a figure was written at: "68.7bn" → 0.1bn, "2,100" → 100, "862" → 0 (exact)."""
    if label == "MAGNITUDE":
        return settings.magnitude_step
    match = _DIGITS.search(text)
    digits = match.group().replace(",", "") if match else ""
    if "." in digits:
        decimals = len(digits.split(".")[1])
        core = float(digits)
        scale = value / core if core else 1.0
        return 10.0 ** -decimals * scale
    whole = round(abs(value))
    if whole < settings.round_zeros_from:
        return 0.0  # a small whole number is a count: "two days" is not "three days" rounded
    zeros = len(str(whole)) - len(str(whole).rstrip("0"))
    return 10.0 ** zeros if zeros else 0.0


def interval(number: NumberValue, settings: CompareSettings) -> Interval:
    """The values a number as written can stand for, in its slot's base unit."""
    attrs = number.span.attrs
    approx = attrs.approx or "exact"
    factor = DAYS_PER_UNIT.get(str(attrs.unit), 1.0) if number.kind == "duration" else 1.0
    if approx in _BANDS or attrs.value is None:
        low, high = attrs.low, attrs.high
        top = float(high) if high is not None else math.inf
        return Interval(low=float(low or 0.0) * factor, high=top * factor)
    value = float(attrs.value)
    if number.span.label == "MINUTE":
        return Interval(low=value - settings.minute_slack, high=value + settings.minute_slack)
    step = written_step(value, number.text, number.span.label, settings)
    if approx in _OPEN_ABOVE:
        return Interval(low=value * factor, high=math.inf)
    if approx in _OPEN_BELOW:
        return Interval(low=0.0, high=value * factor)
    if approx == "about":
        margin = settings.about_margin * value
        return Interval(low=(value - margin) * factor, high=(value + margin) * factor)
    if approx == "nearly":
        return Interval(low=value * (1 - settings.nearly_margin) * factor, high=value * factor)
    return Interval(low=(value - step / 2) * factor, high=(value + step / 2) * factor)


def normal_form(number: NumberValue) -> str:
    """A number's normalised form: "2,862", "more than 2,100", "20,000-99,999", "69,000,000,000 USD"."""
    attrs = number.span.attrs
    approx = attrs.approx or "exact"
    if attrs.value is None:
        high = attrs.high
        core = f"{_fmt(float(attrs.low or 0.0))}-{_fmt(float(high)) if high is not None else ''}"
    else:
        core = _fmt(float(attrs.value))
        core = core if approx == "exact" else f"{approx} {core}"
    if number.kind == "percent":
        return f"{core}%"
    return f"{core} {attrs.unit}" if number.kind in ("money", "duration") else core


def compatible_numbers(a: NumberValue, b: NumberValue, settings: CompareSettings) -> Judgement:
    """Whether two numbers of one slot can both be true, given approximation and rounding."""
    a, b = sorted((a, b), key=lambda v: (v.text, v.span.start))
    ia, ib = interval(a, settings), interval(b, settings)
    if _same_number(a, b):
        return Judgement(compatible=True, reason=f"the same figure ({a.text} / {b.text})", same=True)
    shown = f"'{a.text}' ({ia.show()}) and '{b.text}' ({ib.show()})"
    if _overlap(ia, ib, 0.0):
        how = "within the stated approximation" if _approximate(a) or _approximate(b) else "within rounding"
        return Judgement(compatible=True, reason=f"{shown} overlap: {how}")
    tolerance = 0.0 if a.span.label in settings.exact_labels else settings.rounding_tolerance
    if tolerance and _overlap(ia, ib, tolerance):
        return Judgement(compatible=True,
                         reason=f"{shown} differ by less than the {tolerance:.0%} rounding tolerance")
    extra = f" even with a {tolerance:.0%} rounding tolerance" if tolerance else ""
    return Judgement(compatible=False, reason=f"{shown} do not overlap{extra}")


def _same_number(a: NumberValue, b: NumberValue) -> bool:
    x, y = a.span.attrs, b.span.attrs
    return (x.value, x.low, x.high, x.approx) == (y.value, y.low, y.high, y.approx)


def _approximate(number: NumberValue) -> bool:
    return (number.span.attrs.approx or "exact") != "exact"


def _overlap(a: Interval, b: Interval, tolerance: float) -> bool:
    """Whether two intervals overlap once each is widened by ``tolerance`` of its bounds."""
    def widen(iv: Interval) -> tuple[float, float]:
        high = iv.high if iv.high == math.inf else iv.high + tolerance * abs(iv.high)
        return iv.low - tolerance * abs(iv.low), high
    (la, ha), (lb, hb) = widen(a), widen(b)
    if la == ha or lb == hb:  # a point (an open bound's start): touching counts
        return la <= hb and lb <= ha
    return la < hb and lb < ha  # rounding ranges are half-open: 10 and 11 only touch at 10.5


def compatible_dates(a: DateValue, b: DateValue) -> Judgement:
    """Whether two dates can name one day: equal, or one contains the other at its granularity."""
    a, b = sorted((a, b), key=lambda v: (v.value, v.text))
    if a.value == b.value:
        return Judgement(compatible=True, reason=f"the same date ({a.value})", same=True)
    if WEEKDAY in (a.granularity, b.granularity):
        if a.granularity != b.granularity:
            return Judgement(compatible=True, undecided=True, reason="a weekday and a calendar date")
        return Judgement(compatible=False,
                         reason=f"'{a.text}' and '{b.text}' are different weekdays, as written (their "
                                "calendar dates hang on unsure publication dates)")
    shown = f"'{a.text}' ({a.value}) and '{b.text}' ({b.value})"
    if b.value.startswith(a.value) or a.value.startswith(b.value):
        return Judgement(compatible=True, reason=f"{shown}: the coarser date contains the finer one")
    return Judgement(compatible=False, reason=f"{shown} are different dates")


def compatible_speakers(a: SpeakerValue, b: SpeakerValue, settings: CompareSettings) -> Judgement:
    """Whether two attributions name one speaker (same entity, last name, or spelling variant)."""
    a, b = sorted((a, b), key=lambda v: (v.name, v.text))
    shown = f"'{a.text}' and '{b.text}'"
    if a.entity and a.entity == b.entity:
        return Judgement(compatible=True, reason=f"{shown} are one entity",
                         same=_tokens(a.name) == _tokens(b.name))
    ta, tb = _tokens(a.name), _tokens(b.name)
    if ta == tb:
        return Judgement(compatible=True, reason=f"the same speaker ({a.name})", same=True)
    if ta and tb and (ta[-1] == tb[-1] or _contains(ta, tb) or _contains(tb, ta)):
        return Judgement(compatible=True, reason=f"{shown} name the same speaker")
    ratio = difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio()
    if ratio >= settings.same_speaker_ratio:
        return Judgement(compatible=True, reason=f"{shown} are spellings of one name ({ratio:.2f} alike)")
    if a.type != PERSON or b.type != PERSON:
        return Judgement(compatible=True, undecided=True,
                         reason=f"{shown} may be one voice (a body, its spokesperson, or a name not known "
                                "to be a person)")
    return Judgement(compatible=False, reason=f"the claim is attributed to {shown}, two different people")


def compatible_sources(a: SourceValue, b: SourceValue, settings: CompareSettings) -> Judgement:
    """Whether two outlets credit one figure to one source: some credited body of either is named,
    under any form (acronym, short name, spelling), in the other's sentence.

    Only bodies are judged: a person may be a body's spokesperson, so a person is never a rival source.
    """
    a, b = sorted((a, b), key=lambda v: v.text)
    shown = f"'{a.text}' and '{b.text}'"
    if _names_any(a.sources, b.names, settings) or _names_any(b.sources, a.names, settings):
        return Judgement(compatible=True, reason=f"{shown} credit the figure to one source")
    if any(t != BODY for t in a.types + b.types):
        return Judgement(compatible=True, undecided=True,
                         reason=f"{shown} may be one source (a person may speak for a body)")
    return Judgement(compatible=False, reason=f"the same figure is credited to {shown}, different bodies "
                                              "neither outlet names together")


def _names_any(names: tuple[str, ...], others: tuple[str, ...], settings: CompareSettings) -> bool:
    return any(same_body(x, y, settings) for x in names for y in others)


def same_body(a: str, b: str, settings: CompareSettings) -> bool:
    """Whether two names may name one body: a shared word, an acronym of the other, or a spelling."""
    ta, tb = _content(a), _content(b)
    if not ta or not tb:
        return False
    if set(ta) & set(tb) or _has_acronym_of(a, tb) or _has_acronym_of(b, ta):
        return True
    return difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio() >= settings.same_speaker_ratio


def _content(name: str) -> list[str]:
    return [t for t in _tokens(name) if t not in _JOINERS]


def _has_acronym_of(name: str, words: list[str]) -> bool:
    """Whether ``name`` is, or holds a word that is, an acronym of ``words`` ("UN Office", "U.N.")."""
    return _acronym_of(name, words) or any(_acronym_of(w, words) for w in name.split())


def _acronym_of(short: str, words: list[str]) -> bool:
    """Whether ``short`` (e.g. "OCHA", "U.N.") is built from the initials of ``words``, in order."""
    letters = re.sub(r"\W", "", short)
    if not letters.isupper() or not 2 <= len(letters) <= len(words) + 1 or not words:
        return False
    initials = "".join(w[0] for w in words)
    it = iter(initials)
    return letters[0].lower() == initials[0] and all(c in it for c in letters.lower())


def _tokens(name: str) -> list[str]:
    # Word tokens for "may name one body" (shared word, acronym, spelling ratio), not a name key like
    # resolve's fold_accents: the words as written, lower-cased, so judgements stay exactly as they are.
    name = name.lower().replace("’s", "").replace("'s", "")
    return [t for t in _NAME_TOKEN.findall(name) if t != "the"]


def _contains(outer: list[str], inner: list[str]) -> bool:
    return any(outer[i:i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))
