"""Quality gate: the glued-foreign-article cut must hold its pinned floors on glued pairs and singles."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storydesk.evaluation.glued import run_glued_eval

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "eval" / "baseline.json"
NEEDED = ("dev-stories/articles.jsonl", "dev-stories/gold_clusters.json",
          "extraction-benchmark/ground-truth.json")


def data_dir() -> Path:
    """``$STORYDESK_DATA`` or the shared data folder next to the repository."""
    return Path(os.environ.get("STORYDESK_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="module")
def result() -> dict[str, float | int]:
    root = data_dir()
    missing = [name for name in NEEDED if not (root / name).is_file()]
    if missing:
        pytest.skip(f"glued-article evaluation data absent under {root}: {', '.join(missing)} "
                    "(set STORYDESK_DATA to the folder holding dev-stories/ and extraction-benchmark/)")
    return run_glued_eval(root)


@pytest.fixture(scope="module")
def floors() -> dict[str, float]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))["glued"]


@pytest.mark.slow
def test_enough_cases(result: dict[str, float | int], floors: dict[str, float]) -> None:
    assert result["pairs"] >= floors["min_pairs"], f"only {result['pairs']} glued pairs built"
    assert result["singles"] >= floors["min_singles"], f"only {result['singles']} singles built"


@pytest.mark.slow
def test_cut_lands_near_the_boundary(result: dict[str, float | int], floors: dict[str, float]) -> None:
    assert result["within_one_paragraph"] >= floors["within_one_paragraph"], (
        f"within_one_paragraph {result['within_one_paragraph']:.3f} fell below the pinned floor "
        f"{floors['within_one_paragraph']} (exact boundary {result['exact_boundary']:.3f})")


@pytest.mark.slow
def test_whole_articles_stay_whole(result: dict[str, float | int], floors: dict[str, float]) -> None:
    assert result["singles_intact"] >= floors["singles_intact"], (
        f"singles_intact {result['singles_intact']:.3f} fell below the pinned floor "
        f"{floors['singles_intact']}")
