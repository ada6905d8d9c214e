"""Quality gate for quantity extraction: value and counted-noun accuracy on eval/gold/numbers.jsonl."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk_eval.numbers import run_numbers_eval

EVAL_DIR = Path(__file__).resolve().parent
GOLD = EVAL_DIR / "gold" / "numbers.jsonl"
CORPUS = "eval-gold"  # no corpus under the data folder annotates quantities (see storydesk_eval.tasks)
MIN_MENTIONS = 60

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def test_numbers_gate(floors) -> None:
    scores = run_numbers_eval(GOLD)
    assert scores["n"] >= MIN_MENTIONS, scores
    pinned = floors("numbers", CORPUS)
    for key, floor in {k: float(pinned[k]) for k in ("value_accuracy", "unit_accuracy")}.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.3f} < floor {floor} ({scores})"
