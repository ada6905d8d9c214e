"""Quality gate: temporal normalisation must get the pinned share of MEANTIME DATE values exactly right."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from storydesk.evaluation.dates import run_dates_eval

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "eval" / "baseline.json"
DEFAULT_FLOOR = 0.85  # the target, used until eval/baseline.json pins "dates"


def data_dir() -> Path:
    """``$STORYDESK_DATA`` or the shared data folder next to the repository."""
    return Path(os.environ.get("STORYDESK_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    meantime = data_dir() / "meantime"
    if not meantime.is_dir() or not any(meantime.rglob("*.xml")):
        pytest.skip(f"MEANTIME data absent under {meantime} "
                    "(set STORYDESK_DATA to the folder holding meantime/)")
    return run_dates_eval(meantime)


def floor() -> float:
    """The pinned accuracy floor, or the issue's target where none is pinned yet."""
    pinned = json.loads(BASELINE.read_text(encoding="utf-8")).get("dates", {})
    return float(pinned.get("accuracy", DEFAULT_FLOOR))


@pytest.mark.slow
def test_dates_accuracy_holds_the_floor(result: dict[str, Any]) -> None:
    baseline = result["baseline"]
    assert result["accuracy"] >= floor(), (
        f"MEANTIME DATE accuracy {result['accuracy']:.3f} ({result['right']}/{result['n']}) fell below "
        f"the pinned floor {floor()} ({baseline['name']}: {baseline['accuracy']:.3f})")


@pytest.mark.slow
def test_dates_beat_the_dateparser_baseline(result: dict[str, Any]) -> None:
    assert result["accuracy"] > result["baseline"]["accuracy"]
