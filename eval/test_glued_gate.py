"""Quality gate: the glued-foreign-article cut must hold its pinned floors on glued pairs and singles.

The detector runs as the clean stage runs it, with the sentence embedder, over several seeded draws:
thresholds tuned on one draw overfit it, so the mean and the worst draw are both pinned. The
lexical-only fallback (no embedder) is gated too, at its own floor.
"""

from __future__ import annotations

from typing import Any

import pytest

from storydesk.backends.embedder import load_embedder
from storydesk_eval.glued import EVAL_SEEDS as SEEDS
from storydesk_eval.glued import run_glued_eval

NEEDED = ("dev-stories/articles.jsonl", "dev-stories/gold_clusters.json",
          "extraction-benchmark/ground-truth.json")


@pytest.fixture(scope="module")
def result(require_data) -> dict[str, Any]:
    return run_glued_eval(require_data(*NEEDED), seeds=SEEDS, embedder=load_embedder())


@pytest.fixture(scope="module")
def lexical(require_data) -> dict[str, Any]:
    return run_glued_eval(require_data(*NEEDED), seeds=SEEDS)


@pytest.fixture(scope="module")
def floors(pinned) -> dict[str, float]:
    glued: dict[str, float] = pinned("glued")
    # Floors added with the multi-seed gate fall back to the older single-draw floor until pinned.
    glued.setdefault("min_within_one_paragraph", glued["within_one_paragraph"])
    return glued


@pytest.mark.slow
@pytest.mark.integration
def test_enough_cases(result: dict[str, Any], floors: dict[str, float]) -> None:
    assert result["pairs"] >= floors["min_pairs"], f"only {result['pairs']} glued pairs built"
    assert result["singles"] >= floors["min_singles"], f"only {result['singles']} singles built"


@pytest.mark.slow
@pytest.mark.integration
def test_cut_lands_near_the_boundary(result: dict[str, Any], floors: dict[str, float]) -> None:
    assert result["within_one_paragraph"] >= floors["within_one_paragraph"], (
        f"within_one_paragraph {result['within_one_paragraph']:.3f} (mean of {len(SEEDS)} draws) fell "
        f"below the pinned floor {floors['within_one_paragraph']}; failures: {result['breakdown']}")


@pytest.mark.slow
@pytest.mark.integration
def test_no_draw_falls_far_behind(result: dict[str, Any], floors: dict[str, float]) -> None:
    worst = min(result["per_seed"], key=lambda f: f["within_one_paragraph"])
    assert worst["within_one_paragraph"] >= floors["min_within_one_paragraph"], (
        f"seed {worst['seed']}: within_one_paragraph {worst['within_one_paragraph']:.3f} fell below "
        f"the pinned floor {floors['min_within_one_paragraph']}")


@pytest.mark.slow
@pytest.mark.integration
def test_whole_articles_stay_whole(result: dict[str, Any], floors: dict[str, float]) -> None:
    worst = min(result["per_seed"], key=lambda f: f["singles_intact"])
    assert worst["singles_intact"] >= floors["singles_intact"], (
        f"seed {worst['seed']}: singles_intact {worst['singles_intact']:.3f} fell below the pinned "
        f"floor {floors['singles_intact']}")


@pytest.mark.slow
def test_lexical_fallback_still_cuts(lexical: dict[str, Any], floors: dict[str, float]) -> None:
    if "lexical_within_one_paragraph" not in floors:
        pytest.skip("no lexical_within_one_paragraph floor pinned in eval/baseline.json")
    assert lexical["within_one_paragraph"] >= floors["lexical_within_one_paragraph"], (
        f"lexical-only within_one_paragraph {lexical['within_one_paragraph']:.3f} fell below the "
        f"pinned floor {floors['lexical_within_one_paragraph']}")
    assert lexical["min_singles_intact"] >= floors["singles_intact"]
