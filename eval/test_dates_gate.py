"""Quality gate: DATE normalisation must get the pinned share of gold values exactly right, per corpus.

MEANTIME (the corpus the rules were developed on) and TempEval-3 TimeBank (``tempeval3``: 183 TimeML
documents, not tuned on) are each scored on their own: exact TIMEX3 DATE values given each document's
creation time, with plain dateparser on the gold extents in the same run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

CORPORA = ("meantime", "tempeval3")

pytestmark = pytest.mark.slow

Row = dict[str, Any]


@pytest.mark.parametrize("corpus", CORPORA)
def test_dates_accuracy_holds_the_floor(corpus: str, corpus_row: Callable[[str, str], Row],
                                        floors: Callable[[str, str], dict[str, Any]]) -> None:
    result, floor = corpus_row("dates", corpus), float(floors("dates", corpus)["accuracy"])
    baseline = result["baseline"]
    assert result["accuracy"] >= floor, (
        f"{corpus}: DATE accuracy {result['accuracy']:.3f} ({result['right']}/{result['n']}) fell below "
        f"the pinned floor {floor} ({baseline['name']}: {baseline['accuracy']:.3f})")


@pytest.mark.parametrize("corpus", CORPORA)
def test_dates_beat_plain_dateparser(corpus: str, corpus_row: Callable[[str, str], Row]) -> None:
    result = corpus_row("dates", corpus)
    assert result["accuracy"] > result["baseline"]["accuracy"], (
        f"{corpus}: {result['accuracy']:.3f} does not beat dateparser {result['baseline']['accuracy']:.3f}")
