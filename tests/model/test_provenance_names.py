"""Provenance names the stage as registered: each module that builds one uses its stage's NAME."""

from __future__ import annotations

import pytest

from storydesk import registry
from storydesk.stages.cluster import stage as cluster_stage
from storydesk.stages.cluster import summary as cluster_summary
from storydesk.stages.compare import conflicts, quote_groups, timeline
from storydesk.stages.compare import stage as compare_stage
from storydesk.stages.resolve import entities
from storydesk.stages.resolve import stage as resolve_stage
from storydesk.stages.summarize import stage as summarize_stage
from storydesk.stages.summarize import summary


@pytest.mark.parametrize(("builder", "stage"), [
    (conflicts, compare_stage), (quote_groups, compare_stage), (timeline, compare_stage),
    (cluster_summary, cluster_stage), (entities, resolve_stage), (summary, summarize_stage)])
def test_provenance_builders_use_their_stages_registered_name(builder: object, stage: object) -> None:
    name = builder.STAGE  # type: ignore[attr-defined]
    assert name == stage.NAME  # type: ignore[attr-defined]
    assert name in registry.names()
