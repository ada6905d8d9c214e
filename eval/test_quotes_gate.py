"""Quality gate: quote speaker attribution must hold the pinned precision and recall, per corpus.

``eval-gold``: the hand-annotated quotes of dev-stories articles and the bundled example
(``eval/gold``; the rules were developed on it). ``dev-stories-2``: its ``gold_quotes.jsonl`` (33
exhaustively annotated articles, not tuned on; quotes without a speaker left out of recall).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

CORPORA = ("eval-gold", "dev-stories-2")
METRICS = ("precision", "recall")
MIN_GOLD = 60  # fewer annotated quotes would make the scores too noisy to gate on

pytestmark = pytest.mark.slow

Row = dict[str, Any]


@pytest.mark.parametrize("corpus", CORPORA)
def test_quotes_gold_is_large_enough(corpus: str, corpus_row: Callable[[str, str], Row]) -> None:
    assert corpus_row("quotes", corpus)["n_gold"] >= MIN_GOLD


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("corpus", CORPORA)
def test_quotes_attribution_holds_the_floor(corpus: str, metric: str, corpus_row: Callable[[str, str], Row],
                                            floors: Callable[[str, str], dict[str, Any]]) -> None:
    result, floor = corpus_row("quotes", corpus), float(floors("quotes", corpus)[metric])
    assert result[metric] >= floor, (
        f"{corpus}: quote speaker {metric} {result[metric]:.3f} (n_gold={result['n_gold']}, "
        f"n_pred={result['n_pred']}) fell below the pinned floor {floor}")
