"""The one stage driver: the pipeline named in the config, checked when built, run by every entry point.

The order is data (``[pipeline]`` in ``defaults.toml``), in three phases:

- ``documents`` — document stages, run per article as articles arrive, in batches;
- ``corpus`` — corpus stages whose results are kept with the articles (duplicates, inferred dates,
  stories); ``ingest`` runs them over everything stored, with only the new articles marked new;
- ``report`` — the story report's stages, run on a run's stories or on stories read from a store.

``analyze`` runs all three; ``ingest`` the first two; a story report from the store the third.
Contracts are checked in that order when the pipeline is built, from what a read article has.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from storydesk import registry
from storydesk.config import Config
from storydesk.errors import ErrorPolicy, PipelineError, StorydeskError, check_policy
from storydesk.model import Article, Corpus, Skipped
from storydesk.progress import Advance, Reporter, SilentReporter
from storydesk.registry import CorpusStage, DocumentStage, RunContext

log = logging.getLogger(__name__)

Phase = Literal["documents", "corpus", "report"]
PHASES: tuple[Phase, ...] = ("documents", "corpus", "report")
#: Articles as a reader makes them, before any stage ran.
INGESTED = frozenset({"article.id", "article.ref", "article.source", "article.format", "article.raw",
                      "article.url", "article.outlet", "article.title", "article.language",
                      "article.published"})


@dataclass(frozen=True, kw_only=True, slots=True)
class Pipeline:
    """Built stages of each phase, in a checked order, with one error policy."""

    documents: tuple[DocumentStage, ...] = ()
    corpus: tuple[CorpusStage, ...] = ()
    report: tuple[CorpusStage, ...] = ()
    on_error: ErrorPolicy = "raise"

    @property
    def names(self) -> dict[Phase, list[str]]:
        """Stage names per phase."""
        return {"documents": [s.name for s in self.documents], "corpus": [s.name for s in self.corpus],
                "report": [s.name for s in self.report]}

    def run(self, corpus: Corpus, context: RunContext | None = None, reporter: Reporter | None = None,
            *, phases: Sequence[Phase] = PHASES) -> Corpus:
        """Run the given phases over a corpus, one progress task per stage."""
        reporter = reporter or SilentReporter()
        context = context or RunContext()
        if "documents" in phases and self.documents:
            skipped = list(corpus.skipped)
            articles = tuple(self.run_documents(corpus.articles, skipped, reporter))
            corpus = replace(corpus, articles=articles, skipped=tuple(skipped))
        for phase in ("corpus", "report"):
            if phase in phases:
                corpus = self._run_corpus_stages(getattr(self, phase), corpus, context, reporter)
        return corpus

    def run_documents(self, articles: Iterable[Article], skipped: list[Skipped],
                      reporter: Reporter | None = None, *, batch: int | None = None) -> Iterator[Article]:
        """The document phase over a stream, ``batch`` articles at a time (all at once when None).

        Under ``skip`` an article that fails a stage is left out and recorded in ``skipped``.
        """
        reporter = reporter or SilentReporter()
        tasks: dict[str, Advance] = {}  # opened when a stage first runs, so each task's start is its own
        for part in _chunks(articles, batch):
            for stage in self.documents:
                if stage.name not in tasks:
                    tasks[stage.name] = reporter.task(stage.name, total=None)
                part = self._document_stage(stage, part, skipped, tasks[stage.name])
            yield from part

    def _run_corpus_stages(self, stages: Sequence[CorpusStage], corpus: Corpus, context: RunContext,
                           reporter: Reporter) -> Corpus:
        for stage in stages:
            advance = reporter.task(stage.name, total=len(corpus.articles))
            corpus = stage.run(corpus, context)
            _check_shared(stage.name, context)
            advance(len(corpus.articles))
        return corpus

    def _document_stage(self, stage: DocumentStage, articles: list[Article], skipped: list[Skipped],
                        advance: Advance) -> list[Article]:
        """Batched through ``pipe``; on an error under ``skip``, article by article instead."""
        try:
            kept = list(stage.pipe(articles))
        except StorydeskError:
            if self.on_error == "raise":
                raise
            kept = self._one_by_one(stage, articles, skipped)
        advance(len(articles))
        return kept

    def _one_by_one(self, stage: DocumentStage, articles: list[Article],
                    skipped: list[Skipped]) -> list[Article]:
        kept: list[Article] = []
        for article in articles:
            try:
                kept.append(stage(article))
            except StorydeskError as err:
                log.warning("skipping %s in %s: %s", article.source, stage.name, err)
                skipped.append(Skipped(source=article.source, stage=stage.name, reason=err.message))
        return kept


def _check_shared(stage: str, context: RunContext) -> None:
    """A stage that declares a shared result must have handed it over."""
    for name in registry.spec(stage).produces:
        namespace, _, shared = name.partition(".")
        if namespace == "shared" and shared not in context.shared:
            raise PipelineError(f"stage {stage!r} declares {name!r} but did not produce it")


def _chunks(items: Iterable[Article], size: int | None) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if size is not None and len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True, kw_only=True, slots=True)
class PipelineSettings:
    """The stage order of each phase (``[pipeline]``)."""

    SECTION: ClassVar[str] = "pipeline"

    documents: tuple[str, ...] = ("clean.v1", "enrich.v1")
    corpus: tuple[str, ...] = ("dedup.v1", "pubdate.v1", "cluster.v1")
    report: tuple[str, ...] = ("resolve.v1", "units.v1", "compare.v1", "summarize.v1")


def pipeline_names(config: Config) -> dict[Phase, list[str]]:
    """The stage names per phase that the config's ``[pipeline]`` section lists."""
    settings = config.settings_or_default(PipelineSettings)
    return {phase: list(getattr(settings, phase)) for phase in PHASES}


def check_order(phases: dict[Phase, list[str]], available: Iterable[str] = INGESTED) -> frozenset[str]:
    """Refuse an order in which a stage runs before what it requires is produced.

    Returns:
        Everything available after the last stage.
    """
    have = set(available)
    for phase in PHASES:
        for name in phases.get(phase, []):
            spec = registry.spec(name)
            missing = spec.requires - have
            if missing:
                raise PipelineError(f"stage {name!r} ({phase}) needs {', '.join(sorted(missing))}, "
                                    "which no earlier stage produces")
            have |= spec.produces
    return frozenset(have)


def build_pipeline(config: Config, *, on_error: ErrorPolicy = "raise",
                   phases: dict[Phase, list[str]] | None = None,
                   build: Sequence[Phase] = PHASES) -> Pipeline:
    """Check the whole order, then build the stages of the phases in ``build`` from their factories.

    ``phases`` overrides the config's ``[pipeline]`` lists (tests, evaluations of one stage);
    ``build`` leaves out phases an entry point does not run (a story report builds only ``report``),
    so their models are not loaded — their contracts are still checked.

    Raises:
        PipelineError: an unknown stage, a wrong order, or a stage in the wrong phase.
    """
    check_policy(on_error)
    names = {**{p: [] for p in PHASES}, **(phases if phases is not None else pipeline_names(config))}
    check_order(names)
    built = {phase: tuple(registry.spec(name).factory(config) for name in names[phase])
             if phase in build else () for phase in PHASES}
    for stage in built["documents"]:
        if not isinstance(stage, DocumentStage):
            raise PipelineError(f"stage {stage.name!r} is a corpus stage, listed under pipeline.documents")
    for phase in ("corpus", "report"):
        for stage in built[phase]:
            if not isinstance(stage, CorpusStage):
                raise PipelineError(f"stage {stage.name!r} is a document stage, "
                                    f"listed under pipeline.{phase}")
    return Pipeline(documents=built["documents"], corpus=built["corpus"],  # type: ignore[arg-type]
                    report=built["report"], on_error=on_error)  # type: ignore[arg-type]
