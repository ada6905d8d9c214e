"""Quality gate: our HTML main-text extraction on the Zyte benchmark must not fall below its floor.

The benchmark is the only corpus with gold article bodies for raw HTML (see storydesk_eval.tasks).
"""

from __future__ import annotations

import pytest

CORPUS = "extraction-benchmark"


@pytest.mark.slow
def test_extraction_f1_holds_its_floor(corpus_row, floors) -> None:
    # The product path: extraction, then the whole clean stage (boilerplate, glued cut, ...).
    result = corpus_row("extraction", CORPUS)
    floor = float(floors("extraction", CORPUS)["f1"])
    assert result["f1"] >= floor, (
        f"extraction F1 {result['f1']:.4f} fell below the pinned floor {floor} "
        f"(P {result['precision']:.4f}, R {result['recall']:.4f}; "
        f"baseline trafilatura F1 {result['baseline']['f1']:.4f})")
    assert result["f1"] > result["baseline"]["f1"]
