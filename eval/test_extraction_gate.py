"""Quality gate: our HTML main-text extraction on the Zyte benchmark must not fall below its floor."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storydesk.evaluation.extraction import GOLD_FILE, run_extraction_eval

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "eval" / "baseline.json"


def data_dir() -> Path:
    """``$STORYDESK_DATA`` or the shared data folder next to the repository."""
    return Path(os.environ.get("STORYDESK_DATA", REPO.parent / "shared" / "data"))


@pytest.mark.slow
def test_extraction_f1_holds_its_floor() -> None:
    bench = data_dir() / "extraction-benchmark"
    if not (bench / GOLD_FILE).is_file():
        pytest.skip(f"extraction benchmark absent: no {bench / GOLD_FILE} "
                    "(set STORYDESK_DATA to the folder holding extraction-benchmark/)")
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))["extraction"]["f1"]
    # The product path: extraction, then the whole clean stage (boilerplate, glued cut, ...).
    from storydesk.api import product_html_extractor
    from storydesk.config import load_config

    result = run_extraction_eval(bench, extractor=product_html_extractor(load_config()))
    assert result["f1"] >= floor, (
        f"extraction F1 {result['f1']:.4f} fell below the pinned floor {floor} "
        f"(P {result['precision']:.4f}, R {result['recall']:.4f}; "
        f"baseline trafilatura F1 {result['baseline']['f1']:.4f})")
