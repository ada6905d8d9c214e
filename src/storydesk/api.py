"""The one facade that the CLI, the web app and the workers call.

Every operation takes explicit settings (a :class:`~storydesk.config.Config`), never globals, and
reports progress through an optional :class:`~storydesk.progress.Reporter`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from storydesk import __version__
from storydesk.config import Config, load_config
from storydesk.errors import StorydeskError
from storydesk.model import SCHEMA_VERSION, Article, Corpus, Report, Skipped, Story
from storydesk.pipeline import build_pipeline
from storydesk.progress import Reporter, SilentReporter
from storydesk.render import render_html, render_json, render_markdown
from storydesk.stages.clean.stage import make_clean

log = logging.getLogger(__name__)

OnError = Literal["fail", "skip"]
#: The story report's stages, run on the stories of a run or of the store.
REPORT_STAGES = ("resolve.v1", "compare.v1", "summarize.v1")
ANALYZE_STAGES = ("clean.v1", "dedup.v1", "enrich.v1", "pubdate.v1", "cluster.v1", *REPORT_STAGES)
REPORT_FILES = ("report.json", "report.md", "report.html")

__all__ = [
    "IngestSummary", "AnalyzeResult", "load_config", "read", "clean", "ingest", "analyze",
    "list_articles", "show_article", "list_stories", "show_story", "eval_extraction", "eval_glued",
    "eval_dates", "eval_numbers", "eval_clustering",
    "eval_quotes", "eval_entities", "eval_timeline", "eval_comparison", "eval_summary", "story_report",
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


def _check_policy(on_error: str) -> None:
    if on_error not in ("fail", "skip"):
        raise StorydeskError(f"--on-error must be 'fail' or 'skip', got {on_error!r}")


def _skip(err: StorydeskError, skipped: list[Skipped], on_error: str) -> None:
    if on_error == "fail":
        raise err
    log.warning("skipped: %s", err)
    skipped.append(Skipped(source=err.source or "?", stage=err.stage or "ingest", reason=err.message))


def iter_raw(paths: Sequence[str], config: Config, on_error: OnError, skipped: list[Skipped],
             reporter: Reporter) -> Iterator[Article]:
    """Raw articles from every input; failures go to ``skipped`` or raise, per ``on_error``."""
    from storydesk.stages.ingest import HttpSettings, IngestSettings, expand_inputs, iter_refs

    _check_policy(on_error)
    refs = expand_inputs(paths)
    yield from iter_refs(refs, ingest=IngestSettings.from_config(config),
                         http=HttpSettings.from_config(config),
                         skipped=skipped if on_error == "skip" else None,
                         progress=reporter.task("Reading", total=len(refs)))


def iter_clean(raw: Iterator[Article], config: Config, on_error: OnError,
               skipped: list[Skipped]) -> Iterator[Article]:
    """Clean articles one by one; an article that cannot be cleaned is skipped or raised."""
    stage = make_clean(config)
    for article in raw:
        try:
            yield stage(article)
        except StorydeskError as err:
            _skip(err, skipped, on_error)


def read(paths: Sequence[str], *, config: Config | None = None, on_error: OnError = "fail",
         reporter: Reporter | None = None) -> Corpus:
    """Read inputs into raw (uncleaned) articles."""
    skipped: list[Skipped] = []
    arts = list(iter_raw(paths, config or load_config(), on_error, skipped, reporter or SilentReporter()))
    return Corpus(articles=tuple(arts), skipped=tuple(skipped))


def clean(paths: Sequence[str], *, config: Config | None = None, on_error: OnError = "fail",
          reporter: Reporter | None = None) -> Corpus:
    """Read and clean inputs: canonical text plus what was removed, per article."""
    config = config or load_config()
    skipped: list[Skipped] = []
    raw = iter_raw(paths, config, on_error, skipped, reporter or SilentReporter())
    arts = list(iter_clean(raw, config, on_error, skipped))
    return Corpus(articles=tuple(arts), skipped=tuple(skipped))


def _chunks(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def iter_enriched(articles: Iterator[Article], config: Config, chunk: int) -> Iterator[Article]:
    """Enrich a stream of cleaned articles in chunks (one spaCy batch run per chunk)."""
    from storydesk.stages.enrich.stage import EnrichSettings, EnrichStage

    stage = EnrichStage(settings=EnrichSettings.from_config(config))
    for part in _chunks(articles, chunk):
        yield from stage.pipe(part)


def ingest(paths: Sequence[str], *, db: Path | None = None, config: Config | None = None,
           on_error: OnError = "fail", reporter: Reporter | None = None) -> IngestSummary:
    """Read, clean, enrich and store inputs; idempotent, one transaction per batch.

    After the new articles are stored, near-duplicate groups are recomputed and undated articles get
    publication dates inferred against everything stored.
    """
    from storydesk.store import StoreSettings, open_store

    config = config or load_config()
    reporter = reporter or SilentReporter()
    skipped: list[Skipped] = []
    store_settings = config.settings(StoreSettings, "store")
    with open_store(db, store_settings) as store:
        raw = iter_raw(paths, config, on_error, skipped, reporter)
        known: list[str] = []
        fresh = _not_stored(iter_clean(raw, config, on_error, skipped), store, known)
        result = store.add(iter_enriched(fresh, config, store_settings.batch_size))
        if result.added:
            _refresh_corpus(store, set(result.added), config, reporter)
    return IngestSummary(added=len(result.added), present=len(result.present) + len(known),
                         skipped=tuple(skipped))


def _not_stored(articles: Iterator[Article], store: Any, known: list[str]) -> Iterator[Article]:
    """Articles not in the store yet (so nothing is enriched twice); ids already there go to ``known``."""
    for article in articles:
        if store.contains([article.id]):
            known.append(article.id)
        else:
            yield article


def _refresh_corpus(store: Any, new_ids: set[str], config: Config, reporter: Reporter) -> None:
    """Corpus-level work after new articles arrive: duplicates, inferred dates, streamed stories."""
    from storydesk.stages.clean.dedup import DedupSettings, near_duplicate_groups
    from storydesk.stages.cluster.stage import make_cluster, stream_update, vector_key
    from storydesk.stages.enrich.pubdate_stage import make_pubdate

    advance = reporter.task("Stories", total=2)
    stored = list(store.articles())
    store.replace_duplicates(near_duplicate_groups(stored, config.settings(DedupSettings, "dedup")))
    corpus = make_pubdate(config).run(Corpus(articles=tuple(stored)))
    store.update([a for a, before in zip(corpus.articles, stored, strict=True) if a != before])
    advance(1)
    stage = make_cluster(config)
    key = vector_key(stage)
    known = store.vectors(key)
    stories, changes, vectors = stream_update(corpus.articles, new_ids, stage, known, store.stories())
    store.put_vectors(key, {aid: v for aid, v in vectors.items() if aid not in known})
    store.replace_stories(stories, changes)
    advance(1)


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


def analyze(paths: Sequence[str], *, out_dir: Path, config: Config | None = None,
            on_error: OnError = "fail", reporter: Reporter | None = None) -> AnalyzeResult:
    """The main job: read, clean and compare the inputs, then write the three reports."""
    config = config or load_config()
    reporter = reporter or SilentReporter()
    raw = read(paths, config=config, on_error=on_error, reporter=reporter)
    pipeline = build_pipeline(ANALYZE_STAGES, config, on_error="raise" if on_error == "fail" else "skip")
    corpus = pipeline.run(raw, reporter)
    stats = {"articles": len(corpus.articles), "skipped": len(corpus.skipped),
             "duplicate_groups": len(corpus.duplicates), "stories": len(corpus.stories),
             "stages": list(ANALYZE_STAGES)}
    report = build_report(corpus, config, stats)
    return AnalyzeResult(report=report, files=write_report(report, out_dir))


def list_articles(*, db: Path | None = None, config: Config | None = None) -> list[Article]:
    """Every stored article, in insertion order."""
    from storydesk.store import StoreSettings, open_store

    config = config or load_config()
    with open_store(db, config.settings(StoreSettings, "store")) as store:
        return list(store.articles())


def show_article(article_id: str, *, db: Path | None = None, config: Config | None = None) -> Article:
    """One stored article by id or unique prefix."""
    from storydesk.store import StoreSettings, open_store

    config = config or load_config()
    with open_store(db, config.settings(StoreSettings, "store")) as store:
        return store.get(article_id)


def product_html_extractor(config: Config) -> Callable[[str, str | None], str]:
    """HTML → canonical text exactly as a run does it: extraction, then the whole clean stage."""
    from storydesk.backends.extract import ExtractSettings, extract_page
    from storydesk.model import article_id

    extract = config.settings(ExtractSettings, "html.extract")
    stage = make_clean(config)

    def run(html: str, url: str | None) -> str:
        try:
            page = extract_page(html, url=url, settings=extract)
            raw = Article(id=article_id(page.text), ref="page", source=url or "page", format="html",
                          raw=page.text, title=page.title, url=url)
            return stage(raw).text
        except StorydeskError:
            return ""

    return run


def list_stories(*, db: Path | None = None, config: Config | None = None) -> list[Story]:
    """The stored stories, largest first."""
    from storydesk.store import StoreSettings, open_store

    config = config or load_config()
    with open_store(db, config.settings(StoreSettings, "store")) as store:
        return sorted(store.stories(), key=lambda s: (-len(s.articles), s.id))


def show_story(story_id: str, *, db: Path | None = None,
               config: Config | None = None) -> tuple[Story, list[Article]]:
    """One stored story (id or unique prefix) and its articles.

    Raises:
        NotFoundError: no story matches, or the prefix matches several.
    """
    from storydesk.errors import NotFoundError
    from storydesk.store import StoreSettings, open_store

    config = config or load_config()
    with open_store(db, config.settings(StoreSettings, "store")) as store:
        matches = [s for s in store.stories() if s.id.startswith(story_id)]
        if len(matches) != 1:
            what = "no story" if not matches else f"{len(matches)} stories"
            raise NotFoundError(f"{what} with id {story_id!r}", source=str(db or "store"))
        return matches[0], [store.get(aid) for aid in matches[0].articles]


#: What stored articles and stories already carry: the story-report stages may run on them directly.
STORED = frozenset({"raw", "metadata", "text", "removed", "sentences", "entities", "dates", "quotes",
                    "numbers", "published", "stories"})


def story_report(story_id: str, *, db: Path | None = None, config: Config | None = None,
                 reporter: Reporter | None = None) -> Report:
    """The full story report (entities, timeline, quotes, comparison, summary) of one stored story.

    Raises:
        NotFoundError: no story matches, or the prefix matches several.
    """
    config = config or load_config()
    story, articles = show_story(story_id, db=db, config=config)
    corpus = Corpus(articles=tuple(articles), stories=(story,))
    pipeline = build_pipeline(REPORT_STAGES, config, available=STORED)
    corpus = pipeline.run(corpus, reporter or SilentReporter())
    stats = {"articles": len(corpus.articles), "stories": 1, "stages": list(REPORT_STAGES)}
    return build_report(corpus, config, stats)


def eval_extraction(data_dir: Path, *, config: Config | None = None,
                    reporter: Reporter | None = None) -> dict[str, Any]:
    """Extraction quality on the Zyte benchmark under ``data_dir``, with plain trafilatura beside it."""
    from storydesk.evaluation.extraction import run_extraction_eval

    reporter = reporter or SilentReporter()
    bench = data_dir / "extraction-benchmark"
    return run_extraction_eval(bench, extractor=product_html_extractor(config or load_config()),
                               progress=reporter.task("Extracting", total=None))


def eval_glued(data_dir: Path) -> dict[str, Any]:
    """Glued-article cutting on pairs and singles built from ``data_dir`` (dev-stories + benchmark)."""
    from storydesk.backends.embedder import load_embedder
    from storydesk.evaluation.glued import EVAL_SEEDS, run_glued_eval

    return dict(run_glued_eval(data_dir, seeds=EVAL_SEEDS, embedder=load_embedder()))


def eval_dates(data_dir: Path, *, reporter: Reporter | None = None) -> dict[str, Any]:
    """DATE normalisation on MEANTIME under ``data_dir``, with dateparser beside it."""
    from storydesk.evaluation.dates import run_dates_eval

    advance = (reporter or SilentReporter()).task("MEANTIME", total=None)
    return dict(run_dates_eval(data_dir / "meantime", progress=lambda done, total: advance(1)))


def eval_numbers(gold_file: Path) -> dict[str, Any]:
    """Quantity value and counted-noun accuracy on an annotated gold file."""
    from storydesk.evaluation.numbers import run_numbers_eval

    return dict(run_numbers_eval(gold_file))


def eval_quotes(gold_dir: Path, data_dir: Path, examples_dir: Path) -> dict[str, Any]:
    """Speaker-attribution precision and recall on the annotated quotes (``data_dir``: the data root)."""
    from storydesk.evaluation.quotes import run_quotes_eval

    return dict(run_quotes_eval(gold_dir, data_dir, examples_dir=examples_dir))


def eval_clustering(data_dir: Path, *, shuffles: int = 5) -> dict[str, Any]:
    """Story clustering on a dev-stories-format directory, with a TF-IDF baseline and stream spread."""
    from storydesk.evaluation.clustering import run_clustering_eval

    return dict(run_clustering_eval(data_dir, shuffles=shuffles))


def eval_entities(data_dir: Path) -> dict[str, Any]:
    """Cross-document entity coreference on MEANTIME under ``data_dir``, exact-string matching beside it."""
    from storydesk.evaluation.entities import run_entities_eval

    return dict(run_entities_eval(data_dir / "meantime"))


def eval_timeline(data_dir: Path) -> dict[str, Any]:
    """Timelines on a dev-stories-format directory: gold events found, item precision, support recall."""
    from storydesk.evaluation.timeline import run_timeline_eval

    return dict(run_timeline_eval(data_dir))


def eval_comparison(data_dir: Path, gold_file: Path) -> dict[str, Any]:
    """Conflict and agreement precision/recall on a dev-stories-format directory against the gold file."""
    from storydesk.evaluation.comparison import run_comparison_eval

    return dict(run_comparison_eval(data_dir, gold_file))


def eval_summary(data_dir: Path, *, sentences: int = 6) -> dict[str, Any]:
    """Gold-event coverage of our summaries, with LexRank and lead baselines in the same run."""
    from storydesk.evaluation.summary import run_summary_eval

    return dict(run_summary_eval(data_dir, sentences=sentences))
