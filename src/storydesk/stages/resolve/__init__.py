"""Cross-document entity resolution: the ``resolve.v1`` stage and the name matching behind it."""

from __future__ import annotations

from storydesk.stages.resolve.entities import resolve_entities
from storydesk.stages.resolve.settings import ResolveSettings

__all__ = ["ResolveSettings", "resolve_entities"]
