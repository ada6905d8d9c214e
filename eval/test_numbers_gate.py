"""Quality gate for quantity extraction: value and counted-noun accuracy on eval/gold/numbers.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydesk.evaluation.numbers import run_numbers_eval

EVAL_DIR = Path(__file__).resolve().parent
GOLD = EVAL_DIR / "gold" / "numbers.jsonl"
BASELINE = EVAL_DIR / "baseline.json"
DEFAULT_FLOOR = 0.9
MIN_MENTIONS = 60

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def floors() -> dict[str, float]:
    """Pinned floors from baseline.json key 'numbers', else the default floor."""
    pinned = json.loads(BASELINE.read_text(encoding="utf-8")).get("numbers", {}) if BASELINE.is_file() else {}
    return {key: float(pinned.get(key, DEFAULT_FLOOR)) for key in ("value_accuracy", "unit_accuracy")}


def test_numbers_gate() -> None:
    scores = run_numbers_eval(GOLD)
    assert scores["n"] >= MIN_MENTIONS, scores
    for key, floor in floors().items():
        assert scores[key] >= floor, f"{key} {scores[key]:.3f} < floor {floor} ({scores})"
