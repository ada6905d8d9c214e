"""``storydesk eval TASK``: score storydesk against every gold corpus of a task, one row per corpus.

The evaluation lives in the separate ``storydesk_eval`` package (it depends on the library, never the
reverse); it is imported here only inside the commands. Each command finds every corpus that can
score its task under ``--data`` (recursively) and prints one line per corpus; ``--json`` prints JSON
lines instead: one object per corpus (and per cross-corpus row), each on its own line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from storydesk.adapters.cli_common import DEFAULT_DATA, GoldOpt, fail, out
from storydesk.errors import StorydeskError
from storydesk.model import SCHEMA_VERSION

eval_app = typer.Typer(help="Score storydesk against gold data: one row per corpus (quality gates).",
                       no_args_is_help=True)

DataOpt = Annotated[Path, typer.Option("--data", envvar="STORYDESK_DATA", help=(
    "Folder searched recursively for the task's corpora (each recognised by its files, named by "
    "its folder)."))]
JsonOpt = Annotated[bool, typer.Option("--json", help=(
    "Print JSON lines: one JSON object per corpus (cross-corpus rows too), one per line, each with "
    "task, corpus, format, path, n and every figure."))]
ExamplesOpt = Annotated[Path, typer.Option("--examples", help="The bundled example dir (quote gold).")]
GOLD_DEFAULT = Path("eval/gold")
EXAMPLES_DEFAULT = Path("examples/assad-moscow-2023")

#: Figures shown on a corpus's line, per task (nested figures flattened with ``_``).
SHOWN: dict[str, tuple[str, ...]] = {
    "extraction": ("precision", "recall", "f1", "pages_per_s", "baseline_f1"),
    "glued": ("within_one_paragraph", "exact_boundary", "singles", "singles_intact", "ms_per_article"),
    "dates": ("accuracy", "right", "docs", "baseline_accuracy"),
    "numbers": ("value_accuracy", "unit_accuracy", "both_accuracy"),
    "quotes": ("n_pred", "precision", "recall", "f1"),
    "clustering": ("b3_precision", "b3_recall", "b3_f1", "pairwise_f1", "stories", "baseline_b3_f1",
                   "stream_b3_f1_min", "stream_b3_f1_max", "other_languages", "other_languages_joined"),
    "entities": ("b3_precision", "b3_recall", "b3_f1", "baseline_b3_f1"),
    "timeline": ("event_recall", "item_precision", "support_recall", "n_items"),
    "comparison": ("conflict_precision", "conflict_recall", "n_conflicts_pred", "agreement_precision",
                   "agreement_recall", "variant_recall", "variants_as_conflicts", "unique_overlaps", "gold"),
    "pubdate": ("coverage", "exact", "within_one_day", "confident", "confident_right", "no_url_exact",
                "no_url_within_one_day", "baseline_exact", "baseline_within_one_day", "cross_exact",
                "cross_confident_right"),
    "summary": ("coverage_ours", "baseline_coverage", "baseline_lead_coverage", "coverage_macro_ours",
                "citations_outlets_per_sentence"),
}
CROSS_SHOWN = ("threshold", "in_sample_b3_f1", "b3_precision", "b3_recall", "b3_f1", "pairwise_f1",
               "minilm_threshold", "minilm_b3_f1", "tfidf_b3_f1", "other_languages_joined")


def flat(result: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested figures as one level: ``{"baseline": {"f1": 0.9}}`` → ``{"baseline_f1": 0.9}``."""
    flattened: dict[str, Any] = {}
    for key, value in result.items():
        if isinstance(value, Mapping):
            flattened.update(flat(value, f"{prefix}{key}_"))
        else:
            flattened[f"{prefix}{key}"] = value
    return flattened


def _shown(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def row_line(row: Mapping[str, Any]) -> str:
    """One corpus's figures on one line: its name, n, the task's figures, then its baseline's."""
    figures = flat(row)
    keys: tuple[str, ...]
    if row.get("format") == "cross-corpus":
        head, keys = str(row["label"]), CROSS_SHOWN
    else:
        head, keys = str(row["corpus"]), SHOWN.get(str(row["task"]), ())
    parts = [f"{key} {_shown(figures[key])}" for key in keys if key in figures]
    name = figures.get("baseline_name")
    if name is not None and row.get("format") != "cross-corpus":
        parts.append(f"(baseline: {name})")
    return f"{head}  n={figures.get('n')}  " + "  ".join(parts)


def print_rows(rows: list[dict[str, Any]], as_json: bool) -> None:
    """The rows as text lines, or as JSON lines stamped with ``schema_version``."""
    for row in rows:
        if as_json:
            sys.stdout.write(json.dumps({"schema_version": SCHEMA_VERSION, **row}, default=str) + "\n")
        else:
            out.print(row_line(row), highlight=False, markup=False, soft_wrap=True)


def run_and_print(task: str, data: Path, as_json: bool, *, gold: Path = GOLD_DEFAULT,
                  examples: Path = EXAMPLES_DEFAULT, sentences: int = 6) -> None:
    """Score every corpus of ``task`` under ``data`` and print one row per corpus; errors exit 1."""
    try:
        from storydesk_eval.harness import run_task
        from storydesk_eval.registry import EvalOptions

        options = EvalOptions(gold_dir=gold, examples_dir=examples, data_dir=data, sentences=sentences)
        rows = run_task(task, data, options)
    except StorydeskError as error:
        fail(error)
    print_rows(rows, as_json)


@eval_app.command("extraction")
def eval_extraction(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Article-body extraction on the Zyte benchmark, with plain trafilatura in the same run."""
    run_and_print("extraction", data, as_json)


@eval_app.command("glued")
def eval_glued(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Cutting of glued-on foreign articles: pairs built from dev-stories, singles untouched."""
    run_and_print("glued", data, as_json)


@eval_app.command("dates")
def eval_dates(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """DATE normalisation per corpus (MEANTIME, TempEval-3 TimeML), plain dateparser in the same run."""
    run_and_print("dates", data, as_json)


@eval_app.command("numbers")
def eval_numbers(data: DataOpt = DEFAULT_DATA, gold: GoldOpt = GOLD_DEFAULT,
                 as_json: JsonOpt = False) -> None:
    """Quantities: value and counted-noun accuracy on the annotated gold set."""
    run_and_print("numbers", data, as_json, gold=gold)


@eval_app.command("quotes")
def eval_quotes(data: DataOpt = DEFAULT_DATA, gold: GoldOpt = GOLD_DEFAULT,
                examples: ExamplesOpt = EXAMPLES_DEFAULT, as_json: JsonOpt = False) -> None:
    """Quotes: speaker-attribution precision and recall per annotated corpus."""
    run_and_print("quotes", data, as_json, gold=gold, examples=examples)


@eval_app.command("clustering")
def eval_clustering(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Story clustering per corpus: B-cubed, TF-IDF baseline, stream; trained on one, scored on another."""
    run_and_print("clustering", data, as_json)


@eval_app.command("entities")
def eval_entities(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Cross-document entities on MEANTIME: B-cubed of gold name mentions; exact-string matching beside."""
    run_and_print("entities", data, as_json)


@eval_app.command("timeline")
def eval_timeline(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Timelines per corpus: gold events found with their date, dated-item precision, articles cited."""
    run_and_print("timeline", data, as_json)


@eval_app.command("comparison")
def eval_comparison(data: DataOpt = DEFAULT_DATA, gold: GoldOpt = GOLD_DEFAULT,
                    as_json: JsonOpt = False) -> None:
    """Source comparison per corpus: precision and recall of conflicts and agreements against its gold."""
    run_and_print("comparison", data, as_json, gold=gold)


@eval_app.command("pubdate")
def eval_pubdate(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Publication days inferred with every known day hidden at once, per corpus; baseline; cross-corpus."""
    run_and_print("pubdate", data, as_json)


@eval_app.command("summary")
def eval_summary(data: DataOpt = DEFAULT_DATA,
                 sentences: Annotated[int, typer.Option("--sentences", help="Summary length.")] = 6,
                 as_json: JsonOpt = False) -> None:
    """Summaries per corpus: share of gold events covered, with LexRank and lead baselines in the same run."""
    run_and_print("summary", data, as_json, sentences=sentences)
