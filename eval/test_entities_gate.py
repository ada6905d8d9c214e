"""Quality gate: cross-document entity resolution must hold its pinned B³-F1 on MEANTIME's named mentions.

The gold mention spans are clustered per corpus by our name matching (no NER involved); the
exact-string baseline is scored on the same mentions in the same run and must stay behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

CORPUS = "meantime"  # the only corpus with cross-document entity gold (see storydesk_eval.tasks)
MIN_MENTIONS = 500  # fewer gold mentions would make the score too noisy to gate on


@pytest.fixture(scope="module")
def result(corpus_row: Callable[[str, str], dict[str, Any]]) -> dict[str, Any]:
    return corpus_row("entities", CORPUS)


def test_entities_gold_is_large_enough(result: dict[str, Any]) -> None:
    assert result["n"] >= MIN_MENTIONS


def test_entities_b3_f1_holds_the_floor(result: dict[str, Any], floors) -> None:
    floor = float(floors("entities", CORPUS)["b3_f1"])
    assert result["b3_f1"] >= floor, (
        f"MEANTIME entity B³-F1 {result['b3_f1']:.3f} (P {result['b3_precision']:.3f} "
        f"R {result['b3_recall']:.3f}, n={result['n']}) fell below the pinned floor {floor}")


def test_entities_precision_holds_the_floor(result: dict[str, Any], floors) -> None:
    # merging different things is the costly error, so precision has its own floor
    floor = float(floors("entities", CORPUS)["b3_precision"])
    assert result["b3_precision"] >= floor, (
        f"MEANTIME entity B³ precision {result['b3_precision']:.3f} fell below the pinned floor {floor}")


def test_entities_beat_exact_string_matching(result: dict[str, Any]) -> None:
    baseline = result["baseline"]
    assert result["b3_f1"] >= baseline["b3_f1"], (
        f"B³-F1 {result['b3_f1']:.3f} is behind {baseline['name']} {baseline['b3_f1']:.3f}")
