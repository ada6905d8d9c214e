"""One harness over several corpora: every corpus that can score a task, each scored on its own.

:func:`run_task` finds the task's corpora under a data folder (:mod:`storydesk_eval.registry`,
formats in :data:`storydesk_eval.tasks.TASKS`) and returns one row per corpus, never pooled. For
clustering, whose same-story model is trained, it adds the cross-corpus rows: the model trained on
one corpus scored on another, beside baselines (:mod:`storydesk_eval.train_clustering`). The
``eval_*`` functions are the entry points of the ``storydesk eval`` commands.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError
from storydesk_eval.extras import require
from storydesk_eval.registry import EvalCorpus, EvalOptions, find_corpora
from storydesk_eval.tasks import TASKS

Row = dict[str, Any]


def corpora_for(task: str, data_dir: Path, options: EvalOptions | None = None) -> list[EvalCorpus]:
    """Every corpus under ``data_dir`` (recursively) that can score ``task``.

    Raises:
        EvalError: the task is unknown.
    """
    if task not in TASKS:
        raise EvalError(f"unknown eval task {task!r}; known: {', '.join(sorted(TASKS))}")
    options = dataclasses.replace(options or EvalOptions(), data_dir=data_dir)
    return find_corpora(task, TASKS[task], data_dir, options)


def _looked_for(task: str) -> str:
    return "; ".join(f.describe() for f in TASKS[task])


def run_task(task: str, data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """One row of figures per corpus of ``task`` under ``data_dir`` (and cross-corpus rows where tuned).

    Raises:
        EvalError: unknown task, or no corpus for it under ``data_dir``.
        MissingExtraError: a baseline of the ``eval`` extra is not installed (checked first).
    """
    options = dataclasses.replace(options or EvalOptions(), data_dir=data_dir)
    corpora = corpora_for(task, data_dir, options)
    if not corpora:
        raise EvalError(f"no {task} corpus under {data_dir}; looked for {_looked_for(task)}")
    for module in sorted({m for corpus in corpora for m in corpus.format.extras}):
        require(module)
    rows = [corpus.score(options) for corpus in corpora]
    if task == "clustering" and len(corpora) >= 2:
        rows += clustering_cross_rows(corpora)
    return rows


def clustering_cross_rows(corpora: list[EvalCorpus]) -> list[Row]:
    """The cross-corpus rows of the same-story model: trained on one corpus, scored on the other,
    with the plain MiniLM and TF-IDF baselines of the same run (each corpus's signals computed once)."""
    from storydesk_eval.clustering import cluster_inputs
    from storydesk_eval.train_clustering import cross_corpus

    named = [(c.name, cluster_inputs(c.path.resolve())) for c in corpora]
    path_of = {c.name: str(c.path) for c in corpora}
    return [{"task": "clustering", "format": "cross-corpus", "path": path_of[row["corpus"]], **row}
            for row in cross_corpus(named, baselines=True)]


def eval_extraction(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Body extraction on the Zyte benchmark, plain trafilatura beside it."""
    return run_task("extraction", data_dir, options)


def eval_glued(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Glued-article cutting on pairs and singles built from dev-stories and the benchmark."""
    return run_task("glued", data_dir, options)


def eval_dates(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """DATE normalisation on MEANTIME and TimeML (TempEval-3) corpora, dateparser beside it."""
    return run_task("dates", data_dir, options)


def eval_numbers(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Quantity value and counted-noun accuracy on the annotated gold set."""
    return run_task("numbers", data_dir, options)


def eval_quotes(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Speaker attribution on the hand-annotated gold set and on ``gold_quotes.jsonl`` corpora."""
    return run_task("quotes", data_dir, options)


def eval_clustering(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Story clustering per dev-stories-format corpus, TF-IDF baseline, stream, cross-corpus rows."""
    return run_task("clustering", data_dir, options)


def eval_entities(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Cross-document entity coreference on MEANTIME, exact-string matching beside it."""
    return run_task("entities", data_dir, options)


def eval_timeline(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Timelines per corpus with gold events: event recall, item precision, support recall."""
    return run_task("timeline", data_dir, options)


def eval_comparison(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Source comparison per corpus: conflicts, variants and agreements against its gold."""
    return run_task("comparison", data_dir, options)


def eval_summary(data_dir: Path, options: EvalOptions | None = None) -> list[Row]:
    """Gold-event coverage of our summaries per corpus, LexRank and lead beside them."""
    return run_task("summary", data_dir, options)
