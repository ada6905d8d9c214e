"""Story corpora as the story-level evals read them: processed once per process, grouped by gold story.

The clustering, timeline, comparison, summary and quote evals all need the same articles cleaned,
enriched and dated; running those stages once per process (not once per eval, nor once per gate)
keeps the gates fast. Grouping by the *gold* clusters keeps each story-level score independent of
clustering mistakes. :func:`processed_corpus` is the one place that knows how the pipeline driver
is called.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path

from storydesk.backends.embedder import Embedder
from storydesk.errors import EvalError
from storydesk.model import Article, Corpus
from storydesk.stages.compare.units import StoryUnits, story_units

#: Sentence units of the stories scored in this process, by embedder and article ids (see
#: :func:`units_of`).
_UNITS: dict[tuple[int, tuple[str, ...]], StoryUnits] = {}

#: What runs before the story-level scorers: the configured pipeline without clustering and report.
BEFORE_STORIES = ('pipeline.corpus=["dedup.v1", "pubdate.v1"]', "pipeline.report=[]")


@functools.lru_cache(maxsize=8)
def processed_corpus(jsonl: Path) -> Corpus:
    """The records of ``jsonl`` read and run through the document and corpus phases (cached per process).

    Raises:
        EvalError: when the file is missing.
    """
    from storydesk import api
    from storydesk.config import load_config
    from storydesk.pipeline import build_pipeline

    jsonl = jsonl.resolve()
    if not jsonl.is_file():
        raise EvalError("articles.jsonl missing", source=str(jsonl.parent))
    config = load_config(overrides=BEFORE_STORIES)
    raw = api.read([str(jsonl)], config=config)
    return build_pipeline(config).run(raw, phases=("documents", "corpus"))


def processed_articles(jsonl: Path) -> tuple[Article, ...]:
    """The articles of :func:`processed_corpus`."""
    return processed_corpus(jsonl.resolve()).articles


def load_gold_clusters(path: Path) -> dict[str, str]:
    """Gold story label per record id from ``gold_clusters.json``.

    Raises:
        EvalError: when the file is missing or malformed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(ref): str(label) for label, refs in data.items() for ref in refs}
    except (OSError, json.JSONDecodeError, AttributeError, TypeError) as err:
        raise EvalError(f"cannot read gold clusters: {err}", source=str(path)) from err


def gold_story_articles(data_dir: Path) -> dict[str, list[Article]]:
    """The processed articles of ``data_dir`` grouped by gold story label (matched through ``ref``)."""
    label_of = load_gold_clusters(data_dir / "gold_clusters.json")
    stories: dict[str, list[Article]] = {}
    for article in processed_articles(data_dir / "articles.jsonl"):
        if article.ref in label_of:
            stories.setdefault(label_of[article.ref], []).append(article)
    return stories


def units_of(articles: Sequence[Article], embedder: Embedder) -> StoryUnits:
    """The sentence units of one gold story, embedded once per process.

    The timeline, comparison and summary evals score the same gold stories with the same embedder;
    in a run the ``units.v1`` stage shares them the same way. Keyed by the embedder object and the
    articles in order, so a different embedder or order gets its own units.
    """
    key = (id(embedder), tuple(a.id for a in articles))
    if key not in _UNITS:
        _UNITS[key] = story_units(articles, embedder)
    return _UNITS[key]
