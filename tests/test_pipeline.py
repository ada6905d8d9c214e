from __future__ import annotations

import pytest

from storydesk import registry
from storydesk.errors import PipelineError
from storydesk.pipeline import build_pipeline, check_order


def test_registered_stages_are_versioned() -> None:
    names = registry.names()
    assert "clean.v1" in names and "dedup.v1" in names
    assert all(name.rsplit(".", 1)[-1].startswith("v") for name in names)


def test_valid_order_builds(config) -> None:
    pipeline = build_pipeline(["clean.v1", "dedup.v1"], config)
    assert [s.name for s in pipeline.stages] == ["clean.v1", "dedup.v1"]


def test_wrong_order_is_refused_at_build_time(config) -> None:
    with pytest.raises(PipelineError, match="dedup.v1.*text"):
        build_pipeline(["dedup.v1", "clean.v1"], config)


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match="unknown stage"):
        check_order(["nosuch.v9"])


def test_bad_error_policy(config) -> None:
    with pytest.raises(PipelineError):
        build_pipeline(["clean.v1"], config, on_error="ignore")
