"""Quality gate for quantity extraction: value and counted-noun accuracy on eval/gold/numbers.jsonl."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk_eval.numbers import run_numbers_eval

EVAL_DIR = Path(__file__).resolve().parent
GOLD = EVAL_DIR / "gold" / "numbers.jsonl"
DEFAULT_FLOOR = 0.9
MIN_MENTIONS = 60

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def test_numbers_gate(pinned) -> None:
    scores = run_numbers_eval(GOLD)
    assert scores["n"] >= MIN_MENTIONS, scores
    floors = {k: float(pinned("numbers").get(k, DEFAULT_FLOOR)) for k in ("value_accuracy", "unit_accuracy")}
    for key, floor in floors.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.3f} < floor {floor} ({scores})"
