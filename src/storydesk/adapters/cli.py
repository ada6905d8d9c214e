"""The ``storydesk`` command line: argument parsing and error mapping over :mod:`storydesk.api`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storydesk import __version__, api
from storydesk.adapters.progress_bar import RichReporter
from storydesk.config import Config, load_config
from storydesk.errors import StorydeskError
from storydesk.model import SCHEMA_VERSION
from storydesk.model.serialize import cleaned_record
from storydesk.render.view import story_span

app = typer.Typer(help="storydesk: one trustworthy, fully cited picture per news story.",
                  no_args_is_help=True, add_completion=False)
eval_app = typer.Typer(help="Score storydesk against gold data (quality gates).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
out = Console()
err = Console(stderr=True)

DEFAULT_DATA = Path("../shared/data")

PathsArg = Annotated[list[str], typer.Argument(help="Files, directories, globs or http(s) URLs.")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="SQLite store (default: user data dir, "
                                            "or $STORYDESK_DB).", envvar="STORYDESK_DB")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML file overriding defaults.")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="Override one setting: key=value.")]
OnErrorOpt = Annotated[str, typer.Option("--on-error", help="fail: stop at the first bad input; "
                                         "skip: report it and go on.")]
DataOpt = Annotated[Path, typer.Option("--data", help="Directory holding the gold data sets.",
                                       envvar="STORYDESK_DATA")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def _fail(error: StorydeskError) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
    raise typer.Exit(code=1)


def _config(config_file: Path | None, overrides: list[str] | None) -> Config:
    return load_config(config_file, overrides or ())


def _version(value: bool) -> None:
    if value:
        out.print(f"storydesk {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False,
         verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details.")] = False) -> None:
    """storydesk: ingest, clean and analyse news from many outlets."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _policy(on_error: str) -> api.OnError:
    if on_error not in ("fail", "skip"):
        raise typer.BadParameter("must be 'fail' or 'skip'", param_hint="--on-error")
    return on_error  # type: ignore[return-value]


def _report_skipped(skipped: tuple[object, ...]) -> None:
    for item in skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(f'{item.source}: {item.reason}')}",  # type: ignore[attr-defined]
                  highlight=False)


@app.command()
def clean(paths: PathsArg, jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per "
                                                                "line instead of an indented list.")] = False,
          on_error: OnErrorOpt = "fail", config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Print cleaned articles (ref, source, title, published, text, removed) as JSON."""
    try:
        with RichReporter(enabled=sys.stderr.isatty()) as reporter:
            corpus = api.clean(paths, config=_config(config, set_), on_error=_policy(on_error),
                               reporter=reporter)
    except StorydeskError as error:
        _fail(error)
    records = [cleaned_record(a) for a in corpus.articles]
    if jsonl:
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    _report_skipped(corpus.skipped)


@app.command()
def ingest(paths: PathsArg, db: DbOpt = None, on_error: OnErrorOpt = "skip", config: ConfigOpt = None,
           set_: SetOpt = None) -> None:
    """Read, clean and store articles; prints added / already present / failed."""
    try:
        with RichReporter() as reporter:
            summary = api.ingest(paths, db=db, config=_config(config, set_),
                                 on_error=_policy(on_error), reporter=reporter)
    except StorydeskError as error:
        _fail(error)
    _report_skipped(summary.skipped)
    out.print(f"added {summary.added} · already present {summary.present} · failed {summary.failed}")


@app.command()
def analyze(paths: PathsArg, out_dir: Annotated[Path, typer.Option("--out", help="Directory for "
                                                                   "report.json/.md/.html.")] = Path("out"),
            on_error: OnErrorOpt = "skip", config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """The main job: analyse inputs and write report.json, report.md and report.html."""
    try:
        with RichReporter() as reporter:
            result = api.analyze(paths, out_dir=out_dir, config=_config(config, set_),
                                 on_error=_policy(on_error), reporter=reporter)
    except StorydeskError as error:
        _fail(error)
    _report_skipped(result.report.corpus.skipped)
    corpus = result.report.corpus
    out.print(f"{len(corpus.articles)} articles, {len(corpus.duplicates)} near-duplicate groups, "
              f"{len(corpus.skipped)} skipped. Reports:")
    for name in api.REPORT_FILES:
        out.print(f"  {result.files[name]}")


@app.command()
def articles(db: DbOpt = None, config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """List stored articles: id, published date, outlet, title."""
    try:
        rows = api.list_articles(db=db, config=_config(config, set_))
    except StorydeskError as error:
        _fail(error)
    table = Table("id", "published", "outlet", "title / ref")
    for a in rows:
        table.add_row(a.id, a.published.value or "?", a.outlet or "", a.title or a.ref)
    out.print(table)
    out.print(f"{len(rows)} articles")


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="Article id or unique prefix.")],
         db: DbOpt = None, config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Show one stored article: metadata, cleaned text and removed segments."""
    try:
        art = api.show_article(article_id, db=db, config=_config(config, set_))
    except StorydeskError as error:
        _fail(error)
    out.print(f"[bold]{art.title or art.ref}[/bold]", highlight=False)
    out.print(f"id {art.id} · {art.outlet or '?'} · published {art.published.value or '?'} "
              f"({art.published.basis}) · {art.source}", highlight=False, markup=False)
    out.print()
    out.print(art.text, highlight=False, markup=False)
    if art.removed:
        out.print(f"\n[bold]Removed by cleaning ({len(art.removed)})[/bold]")
        for r in art.removed:
            out.print(f"- {r.reason}: {r.text.strip()[:200]!r}", highlight=False, markup=False)


@app.command()
def stories(db: DbOpt = None, config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """List stored stories: size, time span, outlets, headline."""
    try:
        rows = api.list_stories(db=db, config=_config(config, set_))
    except StorydeskError as error:
        _fail(error)
    table = Table("id", "articles", "span", "outlets", "headline")
    for s in rows:
        table.add_row(s.id, str(len(s.articles)), story_span(s.start, s.end),
                      ", ".join(s.outlets[:4]) + (" …" if len(s.outlets) > 4 else ""), s.headline)
    out.print(table)
    out.print(f"{len(rows)} stories")


@app.command()
def story(story_id: Annotated[str, typer.Argument(help="Story id or unique prefix.")],
          db: DbOpt = None, config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Show one stored story: headline, span, key entities, outlets and its articles."""
    try:
        found, arts = api.show_story(story_id, db=db, config=_config(config, set_))
    except StorydeskError as error:
        _fail(error)
    out.print(f"[bold]{escape(found.headline)}[/bold]")
    out.print(f"id {found.id} · {len(arts)} articles · {story_span(found.start, found.end)}",
              highlight=False, markup=False)
    out.print(f"outlets: {', '.join(found.outlets)}", highlight=False, markup=False)
    out.print(f"key entities: {', '.join(found.entities)}", highlight=False, markup=False)
    for a in arts:
        out.print(f"- {a.id} {a.published.value or '?'} {a.outlet or ''} {a.title or a.ref}",
                  highlight=False, markup=False)


@eval_app.command("extraction")
def eval_extraction(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Article-body extraction on the Zyte benchmark, with plain trafilatura in the same run."""
    try:
        with RichReporter(enabled=not as_json) as reporter:
            result = api.eval_extraction(data, reporter=reporter)
    except StorydeskError as error:
        _fail(error)
    if as_json:
        _write_json(result)
        return
    base = result["baseline"]
    out.print(f"storydesk    P {result['precision']:.3f}  R {result['recall']:.3f}  "
              f"F1 {result['f1']:.3f}  {result['pages_per_s']:.1f} pages/s  (n={result['n']})")
    out.print(f"{base['name']:<12} P {base['precision']:.3f}  R {base['recall']:.3f}  "
              f"F1 {base['f1']:.3f}  {base['pages_per_s']:.1f} pages/s")


@eval_app.command("glued")
def eval_glued(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Cutting of glued-on foreign articles: pairs built from dev-stories, singles untouched."""
    try:
        result = api.eval_glued(data)
    except StorydeskError as error:
        _fail(error)
    if as_json:
        _write_json(result)
        return
    out.print(f"pairs {result['pairs']}: cut within one paragraph {result['within_one_paragraph']:.3f}, "
              f"exact {result['exact_boundary']:.3f}; singles {result['singles']}: intact "
              f"{result['singles_intact']:.3f}; {result['ms_per_article']:.1f} ms/article")


def _write_json(result: dict[str, object]) -> None:
    sys.stdout.write(json.dumps({"schema_version": SCHEMA_VERSION, **result}) + "\n")


def _print_eval(result: dict[str, object], as_json: bool, keys: tuple[str, ...]) -> None:
    if as_json:
        _write_json(result)
        return
    for key in keys:
        value = result.get(key)
        out.print(f"{key:<16} {value:.3f}" if isinstance(value, float) else f"{key:<16} {value}")


GoldOpt = Annotated[Path, typer.Option("--gold", help="Directory of the annotated gold files.")]


@eval_app.command("dates")
def eval_dates(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """DATE normalisation on MEANTIME (exact ISO values), with plain dateparser in the same run."""
    try:
        with RichReporter(enabled=not as_json) as reporter:
            result = api.eval_dates(data, reporter=reporter)
    except StorydeskError as error:
        _fail(error)
    if not as_json:
        base = result["baseline"]
        result = {**result, "dateparser": base["accuracy"]}  # type: ignore[index]
    _print_eval(result, as_json, ("accuracy", "n", "dateparser"))


@eval_app.command("numbers")
def eval_numbers(gold: GoldOpt = Path("eval/gold"), as_json: JsonOpt = False) -> None:
    """Quantities: value and counted-noun accuracy on the annotated gold set."""
    try:
        result = api.eval_numbers(gold / "numbers.jsonl")
    except StorydeskError as error:
        _fail(error)
    _print_eval(result, as_json, ("n", "value_accuracy", "unit_accuracy", "both_accuracy"))


@eval_app.command("quotes")
def eval_quotes(data: DataOpt = DEFAULT_DATA, gold: GoldOpt = Path("eval/gold"),
                examples: Annotated[Path, typer.Option("--examples", help="The bundled example dir.")]
                = Path("examples/assad-moscow-2023"), as_json: JsonOpt = False) -> None:
    """Quotes: speaker-attribution precision and recall on the annotated gold set."""
    try:
        result = api.eval_quotes(gold, data / "dev-stories", examples)
    except StorydeskError as error:
        _fail(error)
    _print_eval(result, as_json, ("n_gold", "n_pred", "precision", "recall", "f1"))


@eval_app.command("clustering")
def eval_clustering(data: Annotated[Path, typer.Option("--data", help="A directory with articles.jsonl and "
                                                       "gold_clusters.json (dev-stories format).")]
                    = DEFAULT_DATA / "dev-stories", as_json: JsonOpt = False) -> None:
    """Story clustering: B-cubed and pairwise scores, a TF-IDF baseline and the stream's spread."""
    try:
        result = api.eval_clustering(data)
    except StorydeskError as error:
        _fail(error)
    if not as_json:
        base, stream = result["baseline"], result["stream"]
        result = {**result, "baseline_b3_f1": base["b3_f1"], "stream_b3_f1_min": stream["b3_f1_min"],
                  "stream_b3_f1_max": stream["b3_f1_max"]}
    _print_eval(result, as_json, ("n", "b3_precision", "b3_recall", "b3_f1", "pairwise_f1",
                                  "baseline_b3_f1", "stream_b3_f1_min", "stream_b3_f1_max"))


def main() -> None:
    """Console-script entry point."""
    app()
