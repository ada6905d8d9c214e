"""An ordered list of stages, checked when it is built, run over articles and the corpus."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from storydesk import registry
from storydesk.config import Config
from storydesk.errors import PipelineError, StorydeskError
from storydesk.model import Article, Corpus, Skipped
from storydesk.progress import Reporter, SilentReporter
from storydesk.registry import CorpusStage, DocumentStage

log = logging.getLogger(__name__)

#: What an ingested article already has before any stage ran.
INGESTED = frozenset({"raw", "metadata"})

Progress = Callable[[int], None]


@dataclass(frozen=True, kw_only=True, slots=True)
class Pipeline:
    """Built stages in a valid order."""

    stages: tuple[DocumentStage | CorpusStage, ...]
    on_error: str = "raise"

    def run(self, corpus: Corpus, reporter: Reporter | None = None) -> Corpus:
        """Run every stage in order, with one progress task per stage (errors per ``on_error``)."""
        reporter = reporter or SilentReporter()
        for stage in self.stages:
            advance = reporter.task(stage.name, total=len(corpus.articles))
            if isinstance(stage, DocumentStage):
                corpus = self._run_document_stage(stage, corpus, advance)
            else:
                corpus = stage.run(corpus)
                advance(len(corpus.articles))
        return corpus

    def _run_document_stage(self, stage: DocumentStage, corpus: Corpus,
                            progress: Progress | None) -> Corpus:
        """Batched through ``pipe``; on an error under ``skip``, article by article instead."""
        try:
            kept = list(stage.pipe(corpus.articles))
        except StorydeskError:
            if self.on_error == "raise":
                raise
            return self._one_by_one(stage, corpus, progress)
        if progress:
            progress(len(kept))
        return replace(corpus, articles=tuple(kept))

    def _one_by_one(self, stage: DocumentStage, corpus: Corpus, progress: Progress | None) -> Corpus:
        kept: list[Article] = []
        skipped = list(corpus.skipped)
        for article in corpus.articles:
            try:
                kept.append(stage(article))
            except StorydeskError as err:
                log.warning("skipping %s in %s: %s", article.source, stage.name, err)
                skipped.append(Skipped(source=article.source, stage=stage.name, reason=str(err)))
            if progress:
                progress(1)
        return replace(corpus, articles=tuple(kept), skipped=tuple(skipped))


def check_order(names: Sequence[str], available: Iterable[str] = INGESTED) -> None:
    """Refuse an order in which a stage runs before what it requires is produced."""
    have = set(available)
    for name in names:
        spec = registry.spec(name)
        missing = spec.requires - have
        if missing:
            raise PipelineError(
                f"stage {name!r} needs {', '.join(sorted(missing))}, which no earlier stage produces")
        have |= spec.produces


def build_pipeline(names: Sequence[str], config: Config, *, on_error: str = "raise",
                   available: Iterable[str] = INGESTED) -> Pipeline:
    """Check the order, then build each stage from its registered factory.

    ``available`` is what the input already has: freshly ingested articles by default; stored,
    enriched and clustered ones for the story-report stages.
    """
    if on_error not in ("raise", "skip"):
        raise PipelineError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    check_order(names, available)
    stages = tuple(registry.spec(name).factory(config) for name in names)
    return Pipeline(stages=stages, on_error=on_error)
