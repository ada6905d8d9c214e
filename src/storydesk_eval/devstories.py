"""dev-stories as the story-level evals read it: processed once per process, grouped by gold story.

The timeline, comparison, summary and clustering evals all need the same articles cleaned,
enriched and dated; running those stages once per process (not once per eval) keeps the gate fast.
Grouping by the *gold* clusters keeps each story-level score independent of clustering mistakes.
"""

from __future__ import annotations

import functools
from pathlib import Path

from storydesk.errors import EvalError
from storydesk.model import Article, Corpus

#: The stages every story-level eval needs before its own: what ``analyze`` runs before clustering.
BEFORE_STORIES = ("clean.v1", "dedup.v1", "enrich.v1", "pubdate.v1")


@functools.lru_cache(maxsize=4)
def processed_corpus(jsonl: Path) -> Corpus:
    """The records of ``jsonl`` read and run through :data:`BEFORE_STORIES` (cached per process).

    Raises:
        EvalError: when the file is missing.
    """
    from storydesk import api
    from storydesk.config import load_config
    from storydesk.pipeline import build_pipeline

    if not jsonl.is_file():
        raise EvalError("articles.jsonl missing", source=str(jsonl.parent))
    config = load_config()
    raw = api.read([str(jsonl)], config=config)
    return build_pipeline(list(BEFORE_STORIES), config).run(raw)


def processed_articles(jsonl: Path) -> tuple[Article, ...]:
    """The articles of :func:`processed_corpus`."""
    return processed_corpus(jsonl).articles


def gold_story_articles(data_dir: Path) -> dict[str, list[Article]]:
    """The processed articles of ``data_dir`` grouped by gold story label (matched through ``ref``)."""
    from storydesk.evaluation.clustering import load_gold

    label_of = load_gold(data_dir / "gold_clusters.json")
    stories: dict[str, list[Article]] = {}
    for article in processed_articles(data_dir / "articles.jsonl"):
        if article.ref in label_of:
            stories.setdefault(label_of[article.ref], []).append(article)
    return stories
