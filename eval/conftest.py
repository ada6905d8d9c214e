"""Shared plumbing of the quality gates: where the gold data is, and the pinned floors.

Gold data is read from ``$STORYDESK_DATA`` (default: ``../shared/data`` beside the repository); a gate
whose data is absent skips with a message naming what is missing, so a fresh machine still passes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "eval" / "baseline.json"
GOLD = REPO / "eval" / "gold"


@pytest.fixture(scope="session")
def data_root() -> Path:
    """``$STORYDESK_DATA`` or the shared data folder next to the repository."""
    return Path(os.environ.get("STORYDESK_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def require_data(data_root: Path) -> Callable[..., Path]:
    """``require_data("dev-stories/articles.jsonl", ...)``: the data root, or skip naming what is absent."""

    def require(*needed: str) -> Path:
        missing = [name for name in needed if not (data_root / name).exists()]
        if missing:
            pytest.skip(f"gold data absent under {data_root}: {', '.join(missing)} "
                        "(set STORYDESK_DATA to the folder holding it)")
        return data_root

    return require


@pytest.fixture(scope="session")
def pinned() -> Callable[[str], dict[str, Any]]:
    """``pinned("dates")``: the floors pinned in eval/baseline.json for one gate (empty if none)."""
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return lambda gate: dict(data.get(gate, {}))
