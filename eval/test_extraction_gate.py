"""Quality gate: our HTML main-text extraction on the Zyte benchmark must not fall below its floor."""

from __future__ import annotations

import pytest

from storydesk.api import product_html_extractor
from storydesk.config import load_config
from storydesk_eval.extraction import GOLD_FILE, run_extraction_eval


@pytest.mark.slow
def test_extraction_f1_holds_its_floor(require_data, pinned) -> None:
    bench = require_data(f"extraction-benchmark/{GOLD_FILE}") / "extraction-benchmark"
    floor = pinned("extraction")["f1"]
    # The product path: extraction, then the whole clean stage (boilerplate, glued cut, ...).
    result = run_extraction_eval(bench, extractor=product_html_extractor(load_config()))
    assert result["f1"] >= floor, (
        f"extraction F1 {result['f1']:.4f} fell below the pinned floor {floor} "
        f"(P {result['precision']:.4f}, R {result['recall']:.4f}; "
        f"baseline trafilatura F1 {result['baseline']['f1']:.4f})")
    assert result["f1"] > result["baseline"]["f1"]
