"""Benchmark: our HTML main-text extraction against plain trafilatura on the Zyte benchmark.

Usage: python bench/bench_extraction.py [--data DIR]

DIR holds ``extraction-benchmark/`` (default: ``$STORYDESK_DATA`` or ``<repo>/../shared/data``).
Prints precision, recall, F1 and pages per second of both extractors, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError
from storydesk_eval.extraction import run_extraction_eval

REPO = Path(__file__).resolve().parent.parent
BENCH_NAME = "extraction-benchmark"


def default_data_dir() -> Path:
    """``$STORYDESK_DATA`` or the shared data folder next to the repository."""
    return Path(os.environ.get("STORYDESK_DATA", REPO.parent / "shared" / "data"))


def _row(name: str, figures: dict[str, Any]) -> str:
    return (f"{name:<22} P {figures['precision']:.4f}  R {figures['recall']:.4f}  "
            f"F1 {figures['f1']:.4f}  {figures['pages_per_s']:7.1f} pages/s  "
            f"({figures['seconds']:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; 2 when the data is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(),
                        help=f"folder holding {BENCH_NAME}/ (default: $STORYDESK_DATA)")
    args = parser.parse_args(argv)
    try:
        result = run_extraction_eval(args.data / BENCH_NAME)
    except EvalError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    base = result["baseline"]
    print(f"{result['n']} pages")
    print(_row("storydesk", result))
    print(_row(base["name"], base))
    speed = result["pages_per_s"] / base["pages_per_s"] if base["pages_per_s"] else float("nan")
    print(f"F1 gain {result['f1'] - base['f1']:+.4f}; speed ratio ours/baseline {speed:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
