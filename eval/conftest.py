"""Shared plumbing of the quality gates: where the gold data is, its corpora, and the pinned floors.

Gold data is read from ``$STORYDESK_DATA`` (default: ``../shared/data`` beside the repository). Each
gate is run per corpus; a corpus found by the harness's registry (:mod:`storydesk_eval.registry`) is
scored once per pytest session (and the story corpora are processed once per process, see
:mod:`storydesk_eval.devstories`), and a corpus that is absent skips with a message naming what it
needs, so a fresh machine still passes. Floors are pinned per corpus in ``eval/baseline.json``:
``{"task": {"corpus": {"metric": floor, "_measured": "..."}}}``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storydesk_eval.harness import clustering_cross_rows, corpora_for
from storydesk_eval.registry import EvalCorpus, EvalOptions
from storydesk_eval.tasks import TASKS

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "eval" / "baseline.json"
GOLD = REPO / "eval" / "gold"
EXAMPLES = REPO / "examples" / "assad-moscow-2023"

Row = dict[str, Any]


@pytest.fixture(scope="session")
def data_root() -> Path:
    """``$STORYDESK_DATA`` or the shared data folder next to the repository."""
    return Path(os.environ.get("STORYDESK_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def require_data(data_root: Path) -> Callable[..., Path]:
    """``require_data("dev-stories/articles.jsonl", ...)``: the data root, or skip naming what is absent."""

    def require(*needed: str) -> Path:
        missing = [name for name in needed if not (data_root / name).exists()]
        if missing:
            pytest.skip(f"gold data absent under {data_root}: {', '.join(missing)} "
                        "(set STORYDESK_DATA to the folder holding it)")
        return data_root

    return require


@pytest.fixture(scope="session")
def eval_options(data_root: Path) -> EvalOptions:
    """The harness options of the gates: the repository's gold folder and bundled example."""
    shared_examples = data_root.parent / "examples" / "assad-moscow-2023"
    return EvalOptions(gold_dir=GOLD, examples_dir=shared_examples if shared_examples.is_dir() else EXAMPLES,
                       data_dir=data_root)


@pytest.fixture(scope="session")
def find_corpus(data_root: Path, eval_options: EvalOptions) -> Callable[[str, str], EvalCorpus]:
    """``find_corpus("dates", "tempeval3")``: the corpus as the registry finds it, or skip saying why."""
    found: dict[str, list[EvalCorpus]] = {}

    def find(task: str, name: str) -> EvalCorpus:
        if task not in found:
            found[task] = corpora_for(task, data_root, eval_options)
        for corpus in found[task]:
            if corpus.name == name:
                return corpus
        looked = "; ".join(f.describe() for f in TASKS[task])
        pytest.skip(f"{task} corpus {name!r} absent under {data_root} (looked for {looked}; "
                    "set STORYDESK_DATA to the folder holding it)")

    return find


@pytest.fixture(scope="session")
def corpus_row(find_corpus: Callable[[str, str], EvalCorpus],
               eval_options: EvalOptions) -> Callable[[str, str], Row]:
    """``corpus_row("clustering", "dev-stories-2")``: that corpus's figures, scored once per session."""
    scored: dict[tuple[str, str], Row] = {}

    def row(task: str, name: str) -> Row:
        if (task, name) not in scored:
            scored[(task, name)] = find_corpus(task, name).score(eval_options)
        return scored[(task, name)]

    return row


@pytest.fixture(scope="session")
def cross_rows(find_corpus: Callable[[str, str], EvalCorpus]) -> Callable[[str, str], list[Row]]:
    """``cross_rows("dev-stories", "dev-stories-2")``: the clustering cross-corpus rows of the pair."""
    computed: dict[tuple[str, str], list[Row]] = {}

    def rows(a: str, b: str) -> list[Row]:
        if (a, b) not in computed:
            computed[(a, b)] = clustering_cross_rows([find_corpus("clustering", a),
                                                      find_corpus("clustering", b)])
        return computed[(a, b)]

    return rows


@pytest.fixture(scope="session")
def pinned() -> Callable[[str], dict[str, Any]]:
    """``pinned("dates")``: everything eval/baseline.json pins for one task (empty if none)."""
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return lambda gate: dict(data.get(gate, {}))


@pytest.fixture(scope="session")
def floors(pinned: Callable[[str], dict[str, Any]]) -> Callable[[str, str], dict[str, Any]]:
    """``floors("dates", "tempeval3")``: the floors pinned for one corpus of a task (fails if none)."""

    def of(task: str, corpus: str) -> dict[str, Any]:
        pinned_task = pinned(task)
        assert corpus in pinned_task, f"eval/baseline.json pins no {task} floors for corpus {corpus!r}"
        return dict(pinned_task[corpus])

    return of
