"""Quality gate: quote speaker attribution must hold the pinned precision and recall on the gold quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storydesk_eval.quotes import run_quotes_eval

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "eval" / "gold"
BUNDLED_EXAMPLES = REPO / "examples" / "assad-moscow-2023"
DEFAULT_FLOOR = 0.85  # the target, used until eval/baseline.json pins "quotes"
MIN_GOLD = 60  # fewer annotated quotes would make the scores too noisy to gate on


@pytest.fixture(scope="module")
def result(require_data) -> dict[str, Any]:
    root = require_data("dev-stories/articles.jsonl")
    shared_examples = root.parent / "examples" / "assad-moscow-2023"
    examples = shared_examples if shared_examples.is_dir() else BUNDLED_EXAMPLES
    return run_quotes_eval(GOLD, root, examples_dir=examples)


@pytest.mark.slow
def test_quotes_gold_is_large_enough(result: dict[str, Any]) -> None:
    assert result["n_gold"] >= MIN_GOLD


@pytest.mark.slow
@pytest.mark.parametrize("metric", ["precision", "recall"])
def test_quotes_attribution_holds_the_floor(result: dict[str, Any], metric: str, pinned) -> None:
    floor = float(pinned("quotes").get(metric, DEFAULT_FLOOR))
    assert result[metric] >= floor, (
        f"quote speaker {metric} {result[metric]:.3f} (n_gold={result['n_gold']}, n_pred={result['n_pred']}) "
        f"fell below the pinned floor {floor}")
