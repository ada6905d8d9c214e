"""Near-duplicate groups (``dedup.v1``): wire copies and syndicated re-posts, never dropped."""

from storydesk.stages.dedup.settings import DedupSettings
from storydesk.stages.dedup.stage import DedupStage, near_duplicate_groups

__all__ = ["DedupSettings", "DedupStage", "near_duplicate_groups"]
