"""Cross-document objects. They refer to articles by id, never by nested copies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from storydesk.model.article import Article
from storydesk.model.spans import Provenance
from storydesk.model.story_report import StoryReport


@dataclass(frozen=True, kw_only=True, slots=True)
class DuplicateMember:
    """One article in a near-duplicate group, with its estimated similarity to the group's first."""

    article: str
    similarity: float


@dataclass(frozen=True, kw_only=True, slots=True)
class DuplicateGroup:
    """Wire copies and syndicated re-posts of one text. Nothing is dropped: all members stay."""

    id: str
    members: tuple[DuplicateMember, ...]
    provenance: Provenance


@dataclass(frozen=True, kw_only=True, slots=True)
class Skipped:
    """An input the run could not use, and why (``--on-error skip``)."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Story:
    """One real-world event as covered by several articles (referred to by id)."""

    id: str
    headline: str
    articles: tuple[str, ...]
    provenance: Provenance
    entities: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    outlets: tuple[str, ...] = ()


StoryChangeKind = Literal["open", "assign", "merge"]


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryChange:
    """One recorded step of streaming story assignment: a story opened, an article added, a merge."""

    kind: StoryChangeKind
    story: str
    article: str | None = None
    merged: tuple[str, ...] = ()
    similarity: float | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Corpus:
    """The articles of a run plus everything computed across them."""

    articles: tuple[Article, ...] = ()
    duplicates: tuple[DuplicateGroup, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    stories: tuple[Story, ...] = ()
    reports: tuple[StoryReport, ...] = ()
    #: What streaming new articles into earlier stories changed (empty for a batch run).
    changes: tuple[StoryChange, ...] = ()

    def by_id(self) -> dict[str, Article]:
        """Articles keyed by id."""
        return {a.id: a for a in self.articles}

    def with_reports(self, update: Callable[[Story, list[Article], StoryReport], StoryReport]) -> Corpus:
        """A copy whose story reports are ``update(story, its articles, its report so far)``, in story order.

        Each report stage fills its own part of every story's report this way; a story without a report
        yet starts from an empty one, and articles missing from the corpus are left out.
        """
        by_id = self.by_id()
        known = {r.story: r for r in self.reports}
        reports = tuple(update(story, [by_id[a] for a in story.articles if a in by_id],
                               known.get(story.id, StoryReport(story=story.id)))
                        for story in self.stories)
        return replace(self, reports=reports)

    def report_of(self, story_id: str) -> StoryReport:
        """The story report of a story (an empty one when no report stage ran)."""
        for report in self.reports:
            if report.story == story_id:
                return report
        return StoryReport(story=story_id)


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """What ``analyze`` produces: the corpus, the resolved config, and run statistics."""

    corpus: Corpus
    generated: str
    version: str
    config: Mapping[str, Any] = field(default_factory=dict)
    stats: Mapping[str, Any] = field(default_factory=dict)
