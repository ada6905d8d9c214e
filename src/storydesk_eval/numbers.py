"""Quantity extraction quality: value and counted-noun accuracy on hand-annotated gold mentions.

Each gold line holds a verbatim sentence, the exact mention text and its reading (value or
low/high, approx, unit, verb). The sentence is parsed with :func:`load_nlp` and run through
:func:`find_quantities`; a predicted span matches a gold mention when their character ranges
overlap (the one overlapping most wins). A value is correct when it equals the gold value within
:data:`VALUE_TOLERANCE` (relative), or for ranges and vague amounts when low and high both do.
A unit is correct when both, lower-cased and singularised, are equal.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydesk.backends.nlp import load_nlp
from storydesk.errors import EvalError
from storydesk.model.spans import Span
from storydesk.stages.enrich.numbers import find_quantities
from storydesk.stages.enrich.settings import NumberSettings
from storydesk_eval.span_attrs import attr

logger = logging.getLogger(__name__)

VALUE_TOLERANCE = 0.005
REQUIRED = ("sentence", "mention", "unit")


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldQuantity:
    """One annotated mention: where it is and what it means."""

    source: str
    sentence: str
    mention: str
    value: float | None
    low: float | None
    high: float | None
    approx: str | None
    unit: str | None
    verb: str | None


def load_gold(gold_path: Path) -> list[GoldQuantity]:
    """Read the gold JSONL file.

    Raises:
        EvalError: when the file is absent, unreadable or a line lacks a field.
    """
    if not gold_path.is_file():
        raise EvalError(f"numbers gold file not found: {gold_path} (expected eval/gold/numbers.jsonl)",
                        source=str(gold_path), stage="eval")
    try:
        lines = gold_path.read_text(encoding="utf-8").splitlines()
        return [_gold_row(json.loads(line)) for line in lines if line.strip()]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise EvalError(f"malformed numbers gold file: {err}", source=str(gold_path), stage="eval") from err


def _gold_row(row: Mapping[str, Any]) -> GoldQuantity:
    """One gold record from a parsed JSON object."""
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        raise KeyError(f"gold line lacks {missing}")
    return GoldQuantity(source=str(row.get("source", "")), sentence=row["sentence"], mention=row["mention"],
                        value=row.get("value"), low=row.get("low"), high=row.get("high"),
                        approx=row.get("approx"), unit=row.get("unit"), verb=row.get("verb"))


def close(a: float | None, b: float | None) -> bool:
    """Whether two optional numbers are equal within the relative tolerance (None only equals None)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b), 1e-9)


def unit_key(unit: str | None) -> str | None:
    """A unit compared after lower-casing and light singularisation ('People' = 'people', 'dams' = 'dam')."""
    if unit is None:
        return None
    word = unit.lower().strip()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def value_correct(gold: GoldQuantity, span: Span[Any]) -> bool:
    """Whether a prediction's value (or bounds, for ranges and vague amounts) matches the gold."""
    if gold.value is not None:
        return close(float(gold.value), attr(span, "value"))
    return close(gold.low, attr(span, "low")) and close(gold.high, attr(span, "high"))


def best_match(gold: GoldQuantity, spans: Iterable[Span], offset: int) -> Span | None:
    """The predicted span overlapping the gold mention most (None when none overlaps)."""
    start = gold.sentence.index(gold.mention) + offset
    end = start + len(gold.mention)
    scored = [(min(end, s.end) - max(start, s.start), s) for s in spans]
    overlapping = [(n, s) for n, s in scored if n > 0]
    return max(overlapping, key=lambda pair: pair[0])[1] if overlapping else None


def score(gold: Sequence[GoldQuantity], predictions: Mapping[str, tuple[Span, ...]]) -> dict[str, Any]:
    """Accuracies of predictions (keyed by sentence) against the gold mentions."""
    if not gold:
        raise EvalError("the numbers gold file has no mentions", stage="eval")
    counts = {"detected": 0, "value": 0, "unit": 0, "both": 0, "approx": 0, "verb": 0}
    for item in gold:
        span = best_match(item, predictions[item.sentence], 0)
        if span is None:
            logger.debug("missed %r in %r", item.mention, item.sentence)
            continue
        value_ok = value_correct(item, span)
        unit_ok = unit_key(item.unit) == unit_key(attr(span, "unit"))
        counts["detected"] += 1
        counts["value"] += value_ok
        counts["unit"] += unit_ok
        counts["both"] += value_ok and unit_ok
        counts["approx"] += item.approx == attr(span, "approx")
        counts["verb"] += item.verb == attr(span, "verb")
    n = len(gold)
    return {"n": n, "value_accuracy": counts["value"] / n, "unit_accuracy": counts["unit"] / n,
            "both_accuracy": counts["both"] / n, "detected": counts["detected"] / n,
            "approx_accuracy": counts["approx"] / n, "verb_accuracy": counts["verb"] / n}


def run_numbers_eval(gold_path: Path, *, settings: NumberSettings | None = None) -> dict[str, Any]:
    """Score :func:`find_quantities` on the gold file: n, value/unit/both accuracy and detection rate.

    Raises:
        EvalError: when the gold file is absent or malformed.
    """
    gold = load_gold(gold_path)
    settings = settings or NumberSettings()
    nlp = load_nlp()
    sentences = list(dict.fromkeys(item.sentence for item in gold))
    predictions = {doc.text: find_quantities(doc, settings=settings) for doc in nlp.pipe(sentences)}
    return score(gold, predictions)
