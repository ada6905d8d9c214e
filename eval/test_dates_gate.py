"""Quality gate: temporal normalisation must get the pinned share of MEANTIME DATE values exactly right."""

from __future__ import annotations

from typing import Any

import pytest

from storydesk_eval.dates import run_dates_eval

DEFAULT_FLOOR = 0.85  # the target, used until eval/baseline.json pins "dates"


@pytest.fixture(scope="module")
def result(require_data) -> dict[str, Any]:
    return run_dates_eval(require_data("meantime") / "meantime")


@pytest.mark.slow
def test_dates_accuracy_holds_the_floor(result: dict[str, Any], pinned) -> None:
    floor = float(pinned("dates").get("accuracy", DEFAULT_FLOOR))
    baseline = result["baseline"]
    assert result["accuracy"] >= floor, (
        f"MEANTIME DATE accuracy {result['accuracy']:.3f} ({result['right']}/{result['n']}) fell below "
        f"the pinned floor {floor} ({baseline['name']}: {baseline['accuracy']:.3f})")


@pytest.mark.slow
def test_dates_beat_plain_dateparser(result: dict[str, Any]) -> None:
    assert result["accuracy"] > result["baseline"]["accuracy"]
