"""Comparison gold derived mechanically from a ``gold_events.json`` whose discrepancies carry a ``kind``.

dev-stories-2 labels each discrepancy ``conflict`` / ``compatible`` / ``naming`` / ``timeline`` and
lists, per side, a value as the source wrote it (quoted or closely paraphrased) and its articles. The
comparison scorer (:mod:`storydesk_eval.comparison`) wants the hand-built shape of
``eval/gold/comparison.json``; this module derives it, the same way for every story, without reading
any article:

- label: ``conflict`` → conflict, ``compatible`` → variant, ``naming`` and ``timeline`` as they are;
- slot kind: ``date`` when the values name weekdays, months, clock times or ISO dates; else
  ``number`` when every side holds a figure; else ``attribution`` (who said or did it, named
  differently or credited to someone else);
- side values: for ``number`` the figures each side writes (compared as numbers); for the other
  kinds none, so a side matches on its articles alone (prose values cannot be matched as strings).

Agreements: every event with ``status: happened`` reported by two or more articles; with no
hand-written ``terms``, a predicted agreement matches it when two or more of its articles are the
event's and its sentence holds :data:`AGREEMENT_WORDS` of the description's content-word stems.

Only the stories the file describes are scored (``covered``). Because the derivation is coarser
than the hand-built gold (date and attribution sides match on articles only), figures on a derived
gold are reported as such (``"gold": "derived"``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError

LABELS = {"conflict": "conflict", "compatible": "variant", "naming": "naming", "timeline": "timeline"}
# Share of the description's content-word stems an agreement's sentence must hold (the timeline
# eval's word-share criterion, storydesk_eval.timeline.DESCRIPTION_WORDS).
AGREEMENT_WORDS = 0.3
_DATE = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|"
                   r"sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                   r"|\b\d{1,2}[:.]\d\d\s*(?:a\.?m|p\.?m|local)|\b\d{4}-\d\d-\d\d\b", re.IGNORECASE)
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def slot_kind(values: list[str]) -> str:
    """``date``, ``number`` or ``attribution`` from the values as written (see the module docstring)."""
    if any(_DATE.search(v) for v in values):
        return "date"
    if values and all(_FIGURE.search(v) for v in values):
        return "number"
    return "attribution"


def _discrepancy(story: str, item: Mapping[str, Any]) -> dict[str, Any]:
    values = [str(v["value"]) for v in item["values"]]
    kind = slot_kind(values)
    sides = [{"article_ids": list(v["article_ids"]),
              "values": _FIGURE.findall(str(v["value"])) if kind == "number" else []}
             for v in item["values"]]
    return {"story": story, "topic": item.get("topic", ""), "label": LABELS.get(item["kind"], "unscored"),
            "kind": kind, "sides": sides}


def _agreement(story: str, event: Mapping[str, Any]) -> dict[str, Any]:
    return {"story": story, "date": event.get("date", ""), "description": str(event["description"]),
            "article_ids": list(event["article_ids"])}


def has_kinds(gold_events: Path) -> bool:
    """Whether a ``gold_events.json`` labels its discrepancies with a ``kind`` (dev-stories-2 format)."""
    try:
        data = json.loads(gold_events.read_text(encoding="utf-8"))
        items = [d for story in data.values() for d in story.get("discrepancies", [])]
    except (OSError, json.JSONDecodeError, AttributeError):
        return False
    return bool(items) and all("kind" in d for d in items)


def derive_gold(gold_events: Path) -> dict[str, Any]:
    """The comparison gold (``discrepancies``, ``agreements``) derived from a ``gold_events.json``.

    Raises:
        EvalError: the file is missing or malformed, or a discrepancy has no ``kind``.
    """
    try:
        data = json.loads(gold_events.read_text(encoding="utf-8"))
        discrepancies = [_discrepancy(label, d) for label, story in sorted(data.items())
                         for d in story.get("discrepancies", [])]
        agreements = [_agreement(label, e) for label, story in sorted(data.items())
                      for e in story.get("events", [])
                      if e.get("status", "happened") == "happened" and len(e["article_ids"]) >= 2]
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as err:
        raise EvalError(f"cannot derive comparison gold: {err}", source=str(gold_events)) from err
    return {"discrepancies": discrepancies, "agreements": agreements, "covered": sorted(data),
            "derived_from": gold_events.name}
