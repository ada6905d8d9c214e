"""Quality gate: story clustering on dev-stories must hold its pinned B³-F1 floor, batch and stream.

The whole pipeline runs (read → analyze stages → ``cluster.v1``). The stream is fed one article at a
time in several shuffled orders; its mean B³-F1 must stay within ``STREAM_TOLERANCE`` of batch.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storydesk_eval.clustering import run_clustering_eval

NEEDED = ("dev-stories/articles.jsonl", "dev-stories/gold_clusters.json")
# The floor until eval/baseline.json pins one under "clustering".
DEFAULT_FLOOR = 0.95
# How far the stream's mean B³-F1 may fall below batch.
STREAM_TOLERANCE = 0.02
SHUFFLES = 5


@pytest.fixture(scope="module")
def result(require_data: Callable[..., Path]) -> dict[str, Any]:
    return run_clustering_eval(require_data(*NEEDED) / "dev-stories", shuffles=SHUFFLES)


@pytest.fixture(scope="module")
def floor(pinned: Callable[[str], dict[str, Any]]) -> float:
    return float(pinned("clustering").get("b3_f1", DEFAULT_FLOOR))


@pytest.mark.slow
@pytest.mark.integration
def test_batch_clustering_holds_the_floor(result: dict[str, Any], floor: float) -> None:
    assert result["b3_f1"] >= floor, (
        f"B³-F1 {result['b3_f1']:.3f} (P {result['b3_precision']:.3f} R {result['b3_recall']:.3f}, "
        f"pairwise F1 {result['pairwise_f1']:.3f}) fell below the pinned floor {floor}")


@pytest.mark.slow
@pytest.mark.integration
def test_stream_stays_close_to_batch(result: dict[str, Any]) -> None:
    stream = result["stream"]
    assert stream["shuffles"] == SHUFFLES
    assert stream["b3_f1_mean"] >= result["b3_f1"] - STREAM_TOLERANCE, (
        f"stream B³-F1 mean {stream['b3_f1_mean']:.3f} over {stream['shuffles']} shuffles "
        f"(min {stream['b3_f1_min']:.3f}) is more than {STREAM_TOLERANCE} below batch {result['b3_f1']:.3f}")


@pytest.mark.slow
@pytest.mark.integration
def test_beats_the_tfidf_baseline(result: dict[str, Any]) -> None:
    assert result["b3_f1"] > result["baseline"]["b3_f1"], (
        f"B³-F1 {result['b3_f1']:.3f} does not beat {result['baseline']['name']} "
        f"{result['baseline']['b3_f1']:.3f} in the same run")
