"""What every ``storydesk`` command shares: consoles, option types, error mapping and JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from storydesk.config import Config, load_config
from storydesk.errors import StorydeskError
from storydesk.model import SCHEMA_VERSION

out = Console()
err = Console(stderr=True)

DEFAULT_DATA = Path("../shared/data")

PathsArg = Annotated[list[str], typer.Argument(help="Files, directories, globs or http(s) URLs.")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="SQLite store (default: user data dir, "
                                            "or $STORYDESK_DB).", envvar="STORYDESK_DB")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML file overriding defaults.")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="Override one setting: key=value.")]
OnErrorOpt = Annotated[str, typer.Option("--on-error", help="raise: stop at the first bad input; "
                                         "skip: report it and go on.")]
FieldOpt = Annotated[list[str] | None, typer.Option(
    "--field", metavar="OURS=THEIRS", help="Read a JSONL field under another name, e.g. text=excerpt "
    "(repeatable; OURS is one of id, text, html, url, title, published, outlet, lang, date_source).")]
DataOpt = Annotated[Path, typer.Option("--data", help="Directory holding the gold data sets.",
                                       envvar="STORYDESK_DATA")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
GoldOpt = Annotated[Path, typer.Option("--gold", help="Directory of the annotated gold files.")]


def fail(error: StorydeskError) -> NoReturn:
    """Print the error (one line, or a summary line and one line per reason) and exit with status 1.

    Not wrapped: a message holds paths and options (``--field text=excerpt``) to copy whole.
    """
    err.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def field_map(entries: list[str] | None) -> dict[str, str] | None:
    """``--field OURS=THEIRS`` options as a mapping (the library checks the names)."""
    if not entries:
        return None
    mapping: dict[str, str] = {}
    for entry in entries:
        ours, sign, theirs = (part.strip() for part in entry.partition("="))
        if not sign or not ours or not theirs:
            raise typer.BadParameter(f"expects OURS=THEIRS, e.g. text=excerpt; got {entry!r}",
                                     param_hint="--field")
        if mapping.get(ours, theirs) != theirs:
            raise typer.BadParameter(f"{ours!r} is mapped twice: to {mapping[ours]!r} and {theirs!r}",
                                     param_hint="--field")
        mapping[ours] = theirs
    return mapping


def config_from(config_file: Path | None, overrides: list[str] | None) -> Config:
    """The resolved config: defaults, the user's file, then ``--set`` overrides."""
    return load_config(config_file, overrides or ())


def write_json(result: dict[str, object]) -> None:
    """One JSON object on stdout, stamped with ``schema_version``."""
    sys.stdout.write(json.dumps({"schema_version": SCHEMA_VERSION, **result}) + "\n")


def print_eval(result: dict[str, object], as_json: bool, keys: tuple[str, ...]) -> None:
    """An eval's figures: the chosen keys one per line, or the whole result as JSON."""
    if as_json:
        write_json(result)
        return
    for key in keys:
        value = result.get(key)
        out.print(f"{key:<16} {value:.3f}" if isinstance(value, float) else f"{key:<16} {value}")
