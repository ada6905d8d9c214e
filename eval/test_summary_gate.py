"""Quality gate: the story summary must cover the pinned share of gold events, and beat LexRank.

The real pipeline runs (read → clean → dedup → enrich → pubdate) over dev-stories; articles are grouped
by the gold clusters, and ours, sumy's LexRank and a lead baseline each give six sentences per story,
scored with one matcher (MiniLM cosine ≥ 0.6 between an event description and a summary sentence,
or ≥ 0.4 with two exact figures in common).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storydesk_eval.summary import run_summary_eval

NEEDED = ("dev-stories/articles.jsonl", "dev-stories/gold_clusters.json", "dev-stories/gold_events.json")
# The floor until eval/baseline.json pins one under "summary": one event below the measured 0.543 (25/46).
DEFAULT_FLOOR = 0.52


@pytest.fixture(scope="module")
def result(require_data: Callable[..., Path]) -> dict[str, Any]:
    return run_summary_eval(require_data(*NEEDED) / "dev-stories")


@pytest.mark.slow
@pytest.mark.integration
def test_summary_covers_the_pinned_share_of_gold_events(result: dict[str, Any], pinned) -> None:
    floor = float(pinned("summary").get("coverage", DEFAULT_FLOOR))
    coverage = result["coverage"]
    assert coverage["ours"] >= floor, (
        f"summary event coverage {coverage['ours']:.3f} (LexRank {coverage['lexrank']:.3f}, lead "
        f"{coverage['lead']:.3f}, {result['events']} events) fell below the pinned floor {floor}")


@pytest.mark.slow
@pytest.mark.integration
def test_summary_is_no_worse_than_lexrank(result: dict[str, Any]) -> None:
    coverage = result["coverage"]
    assert coverage["ours"] >= coverage["lexrank"], coverage


@pytest.mark.slow
@pytest.mark.integration
def test_summary_sentences_cite_several_outlets(result: dict[str, Any]) -> None:
    assert result["citations"]["outlets_per_sentence"] >= 1.0
    assert result["citations"]["multi_outlet_share"] > 0.0
