"""``storydesk eval ...``: score storydesk against gold data; each command is one api call."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storydesk import api
from storydesk.adapters.cli_common import (
    DEFAULT_DATA,
    DataOpt,
    GoldOpt,
    JsonOpt,
    fail,
    out,
    print_eval,
    write_json,
)
from storydesk.adapters.progress_bar import RichReporter
from storydesk.errors import StorydeskError

eval_app = typer.Typer(help="Score storydesk against gold data (quality gates).", no_args_is_help=True)


@eval_app.command("extraction")
def eval_extraction(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Article-body extraction on the Zyte benchmark, with plain trafilatura in the same run."""
    try:
        with RichReporter(enabled=not as_json) as reporter:
            result = api.eval_extraction(data, reporter=reporter)
    except StorydeskError as error:
        fail(error)
    if as_json:
        write_json(result)
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
        fail(error)
    if as_json:
        write_json(result)
        return
    out.print(f"pairs {result['pairs']}: cut within one paragraph {result['within_one_paragraph']:.3f}, "
              f"exact {result['exact_boundary']:.3f}; singles {result['singles']}: intact "
              f"{result['singles_intact']:.3f}; {result['ms_per_article']:.1f} ms/article")


@eval_app.command("dates")
def eval_dates(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """DATE normalisation on MEANTIME (exact ISO values), with plain dateparser in the same run."""
    try:
        with RichReporter(enabled=not as_json) as reporter:
            result = api.eval_dates(data, reporter=reporter)
    except StorydeskError as error:
        fail(error)
    if not as_json:
        base = result["baseline"]
        result = {**result, "dateparser": base["accuracy"]}  # type: ignore[index]
    print_eval(result, as_json, ("accuracy", "n", "dateparser"))


@eval_app.command("numbers")
def eval_numbers(gold: GoldOpt = Path("eval/gold"), as_json: JsonOpt = False) -> None:
    """Quantities: value and counted-noun accuracy on the annotated gold set."""
    try:
        result = api.eval_numbers(gold / "numbers.jsonl")
    except StorydeskError as error:
        fail(error)
    print_eval(result, as_json, ("n", "value_accuracy", "unit_accuracy", "both_accuracy"))


@eval_app.command("quotes")
def eval_quotes(data: DataOpt = DEFAULT_DATA, gold: GoldOpt = Path("eval/gold"),
                examples: Annotated[Path, typer.Option("--examples", help="The bundled example dir.")]
                = Path("examples/assad-moscow-2023"), as_json: JsonOpt = False) -> None:
    """Quotes: speaker-attribution precision and recall on the annotated gold set."""
    try:
        result = api.eval_quotes(gold, data, examples)
    except StorydeskError as error:
        fail(error)
    print_eval(result, as_json, ("n_gold", "n_pred", "precision", "recall", "f1"))


@eval_app.command("clustering")
def eval_clustering(data: Annotated[Path, typer.Option("--data", help="A directory with articles.jsonl and "
                                                       "gold_clusters.json (dev-stories format).")]
                    = DEFAULT_DATA / "dev-stories", as_json: JsonOpt = False) -> None:
    """Story clustering: B-cubed and pairwise scores, a TF-IDF baseline and the stream's spread."""
    try:
        result = api.eval_clustering(data)
    except StorydeskError as error:
        fail(error)
    if not as_json:
        base, stream = result["baseline"], result["stream"]
        result = {**result, "baseline_b3_f1": base["b3_f1"], "stream_b3_f1_min": stream["b3_f1_min"],
                  "stream_b3_f1_max": stream["b3_f1_max"]}
    print_eval(result, as_json, ("n", "b3_precision", "b3_recall", "b3_f1", "pairwise_f1",
                                  "baseline_b3_f1", "stream_b3_f1_min", "stream_b3_f1_max"))


@eval_app.command("entities")
def eval_entities(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Cross-document entities on MEANTIME: B-cubed of gold name mentions; exact-string matching beside."""
    try:
        result = api.eval_entities(data)
    except StorydeskError as error:
        fail(error)
    if not as_json:
        base = result["baseline"]
        result = {**result, "exact_b3_precision": base["b3_precision"],
                  "exact_b3_recall": base["b3_recall"], "exact_b3_f1": base["b3_f1"]}
    print_eval(result, as_json, ("n", "corpora", "b3_precision", "b3_recall", "b3_f1", "exact_b3_precision",
                                 "exact_b3_recall", "exact_b3_f1"))


DevStoriesOpt = Annotated[Path, typer.Option("--data", help="A directory with articles.jsonl, "
                                             "gold_clusters.json and gold_events.json (dev-stories format).")]


def flat(result: dict[str, object], prefix: str = "") -> dict[str, object]:
    """Nested figures as one level: ``{"coverage": {"ours": 0.5}}`` → ``{"coverage_ours": 0.5}``."""
    out: dict[str, object] = {}
    for key, value in result.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}_"))
        else:
            out[f"{prefix}{key}"] = value
    return out


def print_figures(result: dict[str, object], as_json: bool) -> None:
    """Every scalar figure of an eval (nested ones flattened), or the whole result as JSON."""
    if as_json:
        write_json(result)
        return
    figures: dict[str, object] = {k: v for k, v in flat(result).items() if isinstance(v, int | float | str)}
    print_eval(figures, False, tuple(figures))


@eval_app.command("timeline")
def eval_timeline(data: DevStoriesOpt = DEFAULT_DATA / "dev-stories", as_json: JsonOpt = False) -> None:
    """Timelines: gold events found with their date, dated-item precision, reporting articles cited."""
    try:
        result = api.eval_timeline(data)
    except StorydeskError as error:
        fail(error)
    print_figures(result, as_json)


@eval_app.command("comparison")
def eval_comparison(data: DevStoriesOpt = DEFAULT_DATA / "dev-stories",
                    gold: GoldOpt = Path("eval/gold"), as_json: JsonOpt = False) -> None:
    """Source comparison: precision and recall of conflicts and agreements against the gold set."""
    try:
        result = api.eval_comparison(data, gold / "comparison.json")
    except StorydeskError as error:
        fail(error)
    print_figures(result, as_json)


@eval_app.command("summary")
def eval_summary(data: DevStoriesOpt = DEFAULT_DATA / "dev-stories",
                 sentences: Annotated[int, typer.Option("--sentences", help="Summary length.")] = 6,
                 as_json: JsonOpt = False) -> None:
    """Summaries: share of gold events covered, with LexRank and lead baselines in the same run."""
    try:
        result = api.eval_summary(data, sentences=sentences)
    except StorydeskError as error:
        fail(error)
    print_figures({k: v for k, v in result.items() if k not in ("stories", "events")}, as_json)
