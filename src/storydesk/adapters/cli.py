"""The ``storydesk`` command line: argument parsing and error mapping over :mod:`storydesk.api`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from storydesk import __version__, api
from storydesk.adapters.cli_common import (
    ConfigOpt,
    DbOpt,
    FieldOpt,
    OnErrorOpt,
    PathsArg,
    SetOpt,
    config_from,
    err,
    fail,
    field_map,
    out,
)
from storydesk.adapters.cli_eval import eval_app
from storydesk.adapters.listing import article_listing, story_listing
from storydesk.adapters.progress_bar import RichReporter
from storydesk.errors import ERROR_POLICIES, ErrorPolicy, StorydeskError
from storydesk.model.serialize import cleaned_record
from storydesk.render.view import story_span

app = typer.Typer(help="storydesk: one trustworthy, fully cited picture per news story.",
                  no_args_is_help=True, add_completion=False)
app.add_typer(eval_app, name="eval")

ListJsonOpt = Annotated[bool, typer.Option("--json", help="Print the stored records as one JSON array "
                                           "on stdout, for scripts.")]


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


def say(text: str) -> None:
    """Print text as it is (no markup, no highlighting): it may hold anything an article says."""
    out.print(text, highlight=False, markup=False)


def _policy(on_error: str) -> ErrorPolicy:
    if on_error not in ERROR_POLICIES:
        raise typer.BadParameter(f"must be {' or '.join(map(repr, ERROR_POLICIES))}", param_hint="--on-error")
    return on_error  # type: ignore[return-value]


def _report_skipped(skipped: tuple[object, ...]) -> None:
    for item in skipped:
        # soft_wrap: a path is never split across lines (a user copies it; a terminal wraps it).
        err.print(f"[yellow]skipped[/yellow] {escape(f'{item.source}: {item.reason}')}",  # type: ignore[attr-defined]
                  highlight=False, soft_wrap=True)


@app.command()
def clean(paths: PathsArg, jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per "
                                                                "line instead of an indented list.")] = False,
          on_error: OnErrorOpt = "raise", field: FieldOpt = None, config: ConfigOpt = None,
          set_: SetOpt = None) -> None:
    """Print cleaned articles (ref, source, title, published, text, removed) as JSON."""
    fields = field_map(field)
    try:
        with RichReporter(enabled=sys.stderr.isatty()) as reporter:
            corpus = api.clean(paths, config=config_from(config, set_), on_error=_policy(on_error),
                               reporter=reporter, fields=fields)
    except StorydeskError as error:
        fail(error)
    records = [cleaned_record(a) for a in corpus.articles]
    if jsonl:
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    _report_skipped(corpus.skipped)


@app.command()
def ingest(paths: PathsArg, db: DbOpt = None, on_error: OnErrorOpt = "skip", field: FieldOpt = None,
           config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Read, clean and store articles; prints added / already present / failed.

    Exits 1, storing nothing, when the inputs give no article at all.
    """
    fields = field_map(field)
    try:
        with RichReporter() as reporter:
            summary = api.ingest(paths, db=db, config=config_from(config, set_),
                                 on_error=_policy(on_error), reporter=reporter, fields=fields)
    except StorydeskError as error:
        fail(error)
    _report_skipped(summary.skipped)
    out.print(f"added {summary.added} · already present {summary.present} · failed {summary.failed}")


@app.command()
def analyze(paths: PathsArg, out_dir: Annotated[Path, typer.Option("--out", help="Directory for "
                                                                   "report.json/.md/.html.")] = Path("out"),
            on_error: OnErrorOpt = "skip", field: FieldOpt = None, config: ConfigOpt = None,
            set_: SetOpt = None) -> None:
    """The main job: analyse inputs and write report.json, report.md and report.html.

    Exits 1, writing no report, when the inputs give no article at all.
    """
    fields = field_map(field)
    try:
        with RichReporter() as reporter:
            result = api.analyze(paths, out_dir=out_dir, config=config_from(config, set_),
                                 on_error=_policy(on_error), reporter=reporter, fields=fields)
    except StorydeskError as error:
        fail(error)
    _report_skipped(result.report.corpus.skipped)
    corpus = result.report.corpus
    out.print(f"{len(corpus.articles)} articles, {len(corpus.duplicates)} near-duplicate groups, "
              f"{len(corpus.skipped)} skipped. Reports:")
    for name in api.REPORT_FILES:
        out.print(f"  {result.files[name]}")


def _print_records(records: list[dict[str, object]]) -> None:
    """One JSON array on stdout, non-ASCII text kept readable."""
    sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")


@app.command()
def articles(db: DbOpt = None, as_json: ListJsonOpt = False, config: ConfigOpt = None,
             set_: SetOpt = None) -> None:
    """List stored articles: id, published date, outlet, title (--json: the stored records)."""
    try:
        rows = api.list_articles(db=db, config=config_from(config, set_))
    except StorydeskError as error:
        fail(error)
    if as_json:
        _print_records([article_listing(a) for a in rows])
        return
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
        art = api.show_article(article_id, db=db, config=config_from(config, set_))
    except StorydeskError as error:
        fail(error)
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
def stories(db: DbOpt = None, as_json: ListJsonOpt = False, config: ConfigOpt = None,
            set_: SetOpt = None) -> None:
    """List stored stories: size, time span, outlets, headline (--json: the stored records)."""
    try:
        rows = api.list_stories(db=db, config=config_from(config, set_))
    except StorydeskError as error:
        fail(error)
    if as_json:
        _print_records([story_listing(s) for s in rows])
        return
    table = Table("id", "articles", "span", "outlets", "headline")
    for s in rows:
        table.add_row(s.id, str(len(s.articles)), story_span(s.start, s.end),
                      ", ".join(s.outlets[:4]) + (" …" if len(s.outlets) > 4 else ""), s.headline)
    out.print(table)
    out.print(f"{len(rows)} stories")


@app.command()
def story(story_id: Annotated[str, typer.Argument(help="Story id or unique prefix.")],
          out_dir: Annotated[Path | None, typer.Option("--out", help="Also write the story's full report "
                                                       "(report.json/.md/.html) to this directory.")] = None,
          db: DbOpt = None, config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Show one stored story: headline, span, outlets, articles, its cited summary and timeline."""
    try:
        with RichReporter(enabled=sys.stderr.isatty()) as reporter:
            report = api.story_report(story_id, db=db, config=config_from(config, set_), reporter=reporter)
        files = api.write_report(report, out_dir) if out_dir else {}
    except StorydeskError as error:
        fail(error)
    found, corpus = report.corpus.stories[0], report.corpus
    found_report = corpus.report_of(found.id)
    out.print(f"[bold]{escape(found.headline)}[/bold]")
    say(f"id {found.id} · {len(corpus.articles)} articles · {story_span(found.start, found.end)}")
    say(f"outlets: {', '.join(found.outlets)}")
    for a in corpus.articles:
        say(f"- {a.id} {a.published.value or '?'} {a.outlet or ''} {a.title or a.ref}")
    out.print("[bold]summary[/bold]")
    for sentence in found_report.summary:
        say(f"  {sentence.text}  [{', '.join(sentence.outlets)}]")
    out.print("[bold]timeline[/bold]")
    for item in found_report.timeline:
        say(f"  {item.date}{' (background)' if item.background else ''}  {item.text[:120]}  "
            f"[{len(item.outlets)} outlets]")
    comp = found_report.comparison
    say(f"{len(comp.agreements)} agreements · {len(comp.conflicts)} conflicts · "
        f"{len(comp.variants)} compatible variants · {len(comp.unique)} single-outlet facts")
    for path in files.values():
        say(f"wrote {path}")


def main() -> None:
    """Console-script entry point."""
    app()
