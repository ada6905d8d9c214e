"""Quality gate: cross-outlet comparison must hold the pinned conflict and agreement scores, per corpus.

Conflict precision is the gate that matters most (a false conflict shown to a fact-checker is worse
than a missed one); compatible variants must never be shown as conflicts. dev-stories is scored on the
hand-built ``eval/gold/comparison.json`` (tuned on); dev-stories-2 on the gold derived from its
``gold_events.json`` (:mod:`storydesk_eval.comparison_gold`; not tuned on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

CORPORA = ("dev-stories", "dev-stories-2")
METRICS = ("conflict_precision", "conflict_recall", "agreement_precision", "agreement_recall",
           "variant_recall")

pytestmark = pytest.mark.slow

Row = dict[str, Any]


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("corpus", CORPORA)
def test_comparison_holds_the_floor(corpus: str, metric: str, corpus_row: Callable[[str, str], Row],
                                    floors: Callable[[str, str], dict[str, Any]]) -> None:
    pinned = floors("comparison", corpus)
    if metric not in pinned:
        pytest.skip(f"{corpus}: no {metric} floor pinned in eval/baseline.json ({pinned.get('_measured')})")
    result, floor = corpus_row("comparison", corpus), float(pinned[metric])
    assert result[metric] >= floor, (
        f"{corpus}: comparison {metric} {result[metric]:.3f} fell below the pinned floor {floor} "
        f"({result['gold']} gold; conflicts gold {result['n_conflicts_gold']}, predicted "
        f"{result['n_conflicts_pred']}; agreements gold {result['n_agreements_gold']}, predicted "
        f"{result['n_agreements_pred']})")


@pytest.mark.parametrize("corpus", CORPORA)
def test_compatible_variants_are_never_conflicts(corpus: str, corpus_row: Callable[[str, str], Row],
                                                 floors: Callable[[str, str], dict[str, Any]]) -> None:
    allowed = int(floors("comparison", corpus).get("variants_as_conflicts_max", 0))
    assert corpus_row("comparison", corpus)["variants_as_conflicts"] <= allowed


@pytest.mark.parametrize("corpus", CORPORA)
def test_unique_facts_are_cited_nowhere_else(corpus: str, corpus_row: Callable[[str, str], Row]) -> None:
    assert corpus_row("comparison", corpus)["unique_overlaps"] == 0
