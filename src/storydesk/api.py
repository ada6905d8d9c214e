"""The one facade that the CLI, the web app and the workers call.

Every operation takes explicit settings (a :class:`~storydesk.config.Config`), never globals, reports
progress through an optional :class:`~storydesk.progress.Reporter`, and runs stages only through the
one driver (:func:`storydesk.pipeline.build_pipeline`, whose order is the config's ``[pipeline]``).

Grouped by job:

- **read** — :func:`read`, :func:`read_bytes`, :func:`clean`: inputs to articles, nothing stored;
- **analyse** — :func:`analyze`: the whole pipeline over inputs, reports written to a directory;
- **store** — :func:`ingest`, :func:`ingest_bytes` (stream inputs into a store and its stories),
  :func:`list_articles`, :func:`show_article`, :func:`list_stories`, :func:`show_story`,
  :func:`story_report`;
- **reports** — :func:`build_report`, :func:`write_report`;
- **settings** — :func:`load_config`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storydesk import __version__
from storydesk.config import Config, load_config
from storydesk.errors import ErrorPolicy, NotFoundError, StorydeskError, check_policy
from storydesk.model import SCHEMA_VERSION, Article, Corpus, Report, Skipped, Story
from storydesk.pipeline import Pipeline, build_pipeline
from storydesk.progress import Reporter, SilentReporter
from storydesk.registry import RunContext
from storydesk.render import render_html, render_json, render_markdown
from storydesk.store import Store, StoreSettings, open_store

if TYPE_CHECKING:
    from storydesk.stages.ingest import IngestSettings
    from storydesk.stages.ingest.result import InputOutcome

log = logging.getLogger(__name__)

REPORT_FILES = ("report.json", "report.md", "report.html")

__all__ = [
    # results
    "AnalyzeResult", "IngestSummary", "REPORT_FILES", "ErrorPolicy",
    # settings
    "load_config",
    # read
    "read", "read_bytes", "clean", "product_html_extractor",
    # analyse
    "analyze",
    # store
    "ingest", "ingest_bytes", "list_articles", "show_article", "list_stories", "show_story", "story_report",
    # reports
    "build_report", "write_report",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class IngestSummary:
    """What ``ingest`` did: counts, and every input that failed with its reason."""

    added: int
    present: int
    skipped: tuple[Skipped, ...] = ()

    @property
    def failed(self) -> int:
        """How many inputs or records could not be ingested."""
        return len(self.skipped)


@dataclass(frozen=True, kw_only=True, slots=True)
class AnalyzeResult:
    """The report object and the files written for it."""

    report: Report
    files: dict[str, Path] = field(default_factory=dict)


# -- read ---------------------------------------------------------------------------------------


def _ingest_settings(config: Config, fields: Mapping[str, str] | None) -> IngestSettings:
    """The run's ``[ingest]`` settings with the caller's JSONL field mappings (checked now)."""
    from storydesk.stages.ingest import IngestSettings

    return IngestSettings.from_config(config).with_fields(fields)


def _iter_raw(paths: Sequence[str], config: Config, on_error: ErrorPolicy, skipped: list[Skipped],
              reporter: Reporter, fields: Mapping[str, str] | None = None) -> Iterator[Article]:
    """Raw articles from every input; failures go to ``skipped`` or raise, per ``on_error``.

    Settings and inputs are checked before it returns; the stream raises
    :class:`~storydesk.errors.NothingReadError` at its end when it gave no article at all.
    """
    from storydesk.stages.ingest import HttpSettings, expand_inputs, iter_refs
    from storydesk.stages.ingest.result import checked_nonempty

    check_policy(on_error)
    ingest = _ingest_settings(config, fields)
    refs = expand_inputs(paths)
    outcomes: list[InputOutcome] = []
    articles = iter_refs(refs, ingest=ingest, http=HttpSettings.from_config(config),
                         skipped=skipped if on_error == "skip" else None,
                         progress=reporter.task("Reading", total=len(refs)), outcomes=outcomes)
    return checked_nonempty(articles, list(paths), outcomes)


def _iter_bytes(uploads: Sequence[tuple[str, bytes]], config: Config, on_error: ErrorPolicy,
                skipped: list[Skipped], reporter: Reporter,
                fields: Mapping[str, str] | None = None) -> Iterator[Article]:
    """Raw articles from inputs given in memory as ``(file name, bytes)``, as :func:`_iter_raw` does."""
    from storydesk.stages.ingest.result import checked_nonempty

    check_policy(on_error)
    settings = _ingest_settings(config, fields)
    outcomes: list[InputOutcome] = []

    def each() -> Iterator[Article]:
        from storydesk.stages.ingest import read_bytes

        advance = reporter.task("Reading", total=len(uploads))
        for name, data in uploads:
            yield from read_bytes(name, data, ingest=settings,
                                  skipped=skipped if on_error == "skip" else None, outcomes=outcomes)
            advance(1)

    return checked_nonempty(each(), [name for name, _ in uploads], outcomes)


def read(paths: Sequence[str], *, config: Config | None = None, on_error: ErrorPolicy = "raise",
         reporter: Reporter | None = None, fields: Mapping[str, str] | None = None) -> Corpus:
    """Read inputs into raw (uncleaned) articles.

    ``fields`` maps JSONL field names, ours to theirs (``{"text": "excerpt"}`` reads each record's
    ``excerpt`` as its text), on top of the config's ``[ingest.jsonl] fields``.

    Raises:
        NothingReadError: when the inputs give no article at all (under either error policy),
            saying per input why.
        ConfigError: for a mapping of a field storydesk does not read.
    """
    skipped: list[Skipped] = []
    arts = list(_iter_raw(paths, config or load_config(), on_error, skipped, reporter or SilentReporter(),
                          fields))
    return Corpus(articles=tuple(arts), skipped=tuple(skipped))


def read_bytes(uploads: Sequence[tuple[str, bytes]], *, config: Config | None = None,
               on_error: ErrorPolicy = "raise", reporter: Reporter | None = None,
               fields: Mapping[str, str] | None = None) -> Corpus:
    """Read inputs given in memory (web uploads) as ``(file name, bytes)`` pairs, as files are read.

    The name picks the reader like a file's name does (else the content does); the size cap, the
    error policy, ``fields`` and the :class:`~storydesk.errors.NothingReadError` are those of
    :func:`read`.
    """
    skipped: list[Skipped] = []
    arts = list(_iter_bytes(uploads, config or load_config(), on_error, skipped,
                            reporter or SilentReporter(), fields))
    return Corpus(articles=tuple(arts), skipped=tuple(skipped))


def clean(paths: Sequence[str], *, config: Config | None = None, on_error: ErrorPolicy = "raise",
          reporter: Reporter | None = None, fields: Mapping[str, str] | None = None) -> Corpus:
    """Read and clean inputs: canonical text plus what was removed, per article.

    Runs the pipeline's document stages up to and including ``clean.v1``; reads as :func:`read` does.
    """
    config = config or load_config()
    reporter = reporter or SilentReporter()
    skipped: list[Skipped] = []
    pipeline = _cleaning_pipeline(config, on_error)
    raw = _iter_raw(paths, config, on_error, skipped, reporter, fields)
    arts = list(pipeline.run_documents(raw, skipped, reporter))
    return Corpus(articles=tuple(arts), skipped=tuple(skipped))


def product_html_extractor(config: Config) -> Callable[[str, str | None], str]:
    """HTML → canonical text exactly as a run makes it: page extraction, then the cleaning stages.

    A page that yields no text gives ``""`` (what an evaluation of extraction scores as a miss).
    """
    from storydesk.backends.extract import ExtractSettings, extract_page
    from storydesk.model import article_id

    extract = config.settings(ExtractSettings, "html.extract")
    pipeline = _cleaning_pipeline(config, "raise")

    def run(html: str, url: str | None) -> str:
        try:
            page = extract_page(html, url=url, settings=extract)
            raw = Article(id=article_id(page.text), ref="page", source=url or "page", format="html",
                          raw=page.text, title=page.title, url=url)
            return next(pipeline.run_documents([raw], [])).text
        except StorydeskError:
            return ""

    return run


def _cleaning_pipeline(config: Config, on_error: ErrorPolicy) -> Pipeline:
    """The configured document stages up to and including the first cleaning stage."""
    from storydesk.pipeline import pipeline_names

    names = pipeline_names(config)["documents"]
    upto = next((i for i, n in enumerate(names) if n.startswith("clean.")), len(names) - 1)
    return build_pipeline(config, on_error=on_error, phases={"documents": names[:upto + 1]})


# -- analyse ------------------------------------------------------------------------------------


def analyze(paths: Sequence[str], *, out_dir: Path, config: Config | None = None,
            on_error: ErrorPolicy = "raise", reporter: Reporter | None = None,
            fields: Mapping[str, str] | None = None) -> AnalyzeResult:
    """The main job: read the inputs, run every phase of the pipeline, write the three reports.

    Reads as :func:`read` does (``fields``; no report is written when nothing is read).

    Raises:
        NothingReadError: when the inputs give no article at all.
    """
    config = config or load_config()
    reporter = reporter or SilentReporter()
    pipeline = build_pipeline(config, on_error=on_error)
    raw = read(paths, config=config, on_error=on_error, reporter=reporter, fields=fields)
    corpus = pipeline.run(raw, RunContext(), reporter)
    stats = {"articles": len(corpus.articles), "skipped": len(corpus.skipped),
             "duplicate_groups": len(corpus.duplicates), "stories": len(corpus.stories),
             "stages": [n for names in pipeline.names.values() for n in names]}
    report = build_report(corpus, config, stats)
    return AnalyzeResult(report=report, files=write_report(report, out_dir))


# -- store --------------------------------------------------------------------------------------


def ingest(paths: Sequence[str], *, db: Path | None = None, config: Config | None = None,
           on_error: ErrorPolicy = "raise", reporter: Reporter | None = None,
           fields: Mapping[str, str] | None = None) -> IngestSummary:
    """Read inputs and stream them into a store: idempotent, one transaction per batch.

    New articles run through the pipeline's document phase in batches and are stored; then its
    corpus phase runs over everything stored, the new articles marked new: duplicate groups are
    recomputed, undated articles get inferred dates, and the new articles stream into the stored
    stories (every change logged). Reads as :func:`read` does (``fields``).

    Raises:
        NothingReadError: when the inputs give no article at all; the store is then not touched.
    """
    config = config or load_config()
    reporter = reporter or SilentReporter()
    skipped: list[Skipped] = []
    pipeline = build_pipeline(config, on_error=on_error, build=("documents", "corpus"))
    raw = _iter_raw(paths, config, on_error, skipped, reporter, fields)
    return _ingest_articles(raw, pipeline, db, config, skipped, reporter)


def ingest_bytes(uploads: Sequence[tuple[str, bytes]], *, db: Path | None = None,
                 config: Config | None = None, on_error: ErrorPolicy = "raise",
                 reporter: Reporter | None = None, fields: Mapping[str, str] | None = None) -> IngestSummary:
    """:func:`ingest` for inputs given in memory as ``(file name, bytes)`` pairs (web uploads)."""
    config = config or load_config()
    reporter = reporter or SilentReporter()
    skipped: list[Skipped] = []
    pipeline = build_pipeline(config, on_error=on_error, build=("documents", "corpus"))
    raw = _iter_bytes(uploads, config, on_error, skipped, reporter, fields)
    return _ingest_articles(raw, pipeline, db, config, skipped, reporter)


def _ingest_articles(raw: Iterator[Article], pipeline: Pipeline, db: Path | None, config: Config,
                     skipped: list[Skipped], reporter: Reporter) -> IngestSummary:
    settings = config.settings(StoreSettings, "store")
    raw = _peeked(raw)  # a run that reads nothing fails here, before the store is opened (or created)
    with open_store(db, settings) as store:
        known: list[str] = []
        fresh = _not_stored(raw, store, known)
        result = store.add(pipeline.run_documents(fresh, skipped, reporter, batch=settings.batch_size))
        if result.added:
            _run_corpus_phase(store, pipeline, frozenset(result.added), reporter)
    return IngestSummary(added=len(result.added), present=len(result.present) + len(known),
                         skipped=tuple(skipped))


def _peeked(articles: Iterator[Article]) -> Iterator[Article]:
    """The same stream, its first article read now (so that reading nothing raises now)."""
    first = next(articles, None)
    return iter(()) if first is None else itertools.chain((first,), articles)


def _not_stored(articles: Iterator[Article], store: Store, known: list[str]) -> Iterator[Article]:
    """Articles not in the store yet (so nothing is processed twice); ids already there go to ``known``."""
    for article in articles:
        if store.contains([article.id]):
            known.append(article.id)
        else:
            yield article


def _run_corpus_phase(store: Store, pipeline: Pipeline, new_ids: frozenset[str],
                      reporter: Reporter) -> None:
    """The corpus phase over everything stored, and its results written back."""
    stored = tuple(store.articles())
    corpus = Corpus(articles=stored, duplicates=tuple(store.duplicates()), stories=tuple(store.stories()))
    out = pipeline.run(corpus, RunContext(new=new_ids, vectors=store), reporter, phases=("corpus",))
    store.replace_duplicates(out.duplicates)
    store.update([a for a, before in zip(out.articles, stored, strict=True) if a != before])
    store.replace_stories(out.stories, out.changes)


def list_articles(*, db: Path | None = None, config: Config | None = None) -> list[Article]:
    """Every stored article, in insertion order."""
    with _open(db, config) as store:
        return list(store.articles())


def show_article(article_id: str, *, db: Path | None = None, config: Config | None = None) -> Article:
    """One stored article by id or unique prefix."""
    with _open(db, config) as store:
        return store.get(article_id)


def list_stories(*, db: Path | None = None, config: Config | None = None) -> list[Story]:
    """The stored stories, largest first."""
    with _open(db, config) as store:
        return sorted(store.stories(), key=lambda s: (-len(s.articles), s.id))


def show_story(story_id: str, *, db: Path | None = None,
               config: Config | None = None) -> tuple[Story, list[Article]]:
    """One stored story (id or unique prefix) and its articles.

    Raises:
        NotFoundError: no story matches, or the prefix matches several.
    """
    with _open(db, config) as store:
        matches = [s for s in store.stories() if s.id.startswith(story_id)]
        if len(matches) != 1:
            what = "no story" if not matches else f"{len(matches)} stories"
            raise NotFoundError(f"{what} with id {story_id!r}", source=str(db or "store"))
        return matches[0], [store.get(aid) for aid in matches[0].articles]


def story_report(story_id: str, *, db: Path | None = None, config: Config | None = None,
                 reporter: Reporter | None = None) -> Report:
    """The full story report (entities, timeline, quotes, comparison, summary) of one stored story.

    Runs the pipeline's report phase on the stored story; its contracts are checked against what the
    documents and corpus phases store.

    Raises:
        NotFoundError: no story matches, or the prefix matches several.
    """
    config = config or load_config()
    pipeline = build_pipeline(config, build=("report",))
    story, articles = show_story(story_id, db=db, config=config)
    corpus = Corpus(articles=tuple(articles), stories=(story,))
    corpus = pipeline.run(corpus, RunContext(), reporter, phases=("report",))
    stats = {"articles": len(corpus.articles), "stories": 1, "stages": pipeline.names["report"]}
    return build_report(corpus, config, stats)


def _open(db: Path | None, config: Config | None) -> Store:
    return open_store(db, (config or load_config()).settings(StoreSettings, "store"))


# -- reports ------------------------------------------------------------------------------------


def build_report(corpus: Corpus, config: Config, stats: dict[str, Any]) -> Report:
    """Wrap a processed corpus into a report stamped with time, version and config."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return Report(corpus=corpus, generated=now, version=__version__, config=config.to_dict(), stats=stats)


def write_report(report: Report, out_dir: Path) -> dict[str, Path]:
    """Write report.json/.md/.html and the resolved config next to them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {"report.json": render_json(report), "report.md": render_markdown(report),
             "report.html": render_html(report),
             "config.json": json.dumps({"schema_version": SCHEMA_VERSION, **report.config}, indent=2,
                                       ensure_ascii=False) + "\n"}
    written: dict[str, Path] = {}
    for name, body in files.items():
        path = out_dir / name
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)  # atomic: a crash never leaves a half-written report
        written[name] = path
    return written
