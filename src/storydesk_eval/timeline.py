"""Timeline quality on the dev-stories gold events: event recall, item precision, support recall.

The real pipeline runs (read → clean → dedup → enrich → pubdate), then each GOLD story's articles get
a timeline, so the score does not depend on clustering. A timeline item matches a gold event when
its date agrees at the gold granularity (the item at least as fine: 2023-06-20 matches a "2023-06"
event, a "2023-07" item does not match 2023-07-11) and one of its cited sentences describes the
event (embedding cosine with the gold description, or a share of its content words). Matching is
one-to-one, best score first, so one item cannot stand for three goals of one match.

- ``event_recall``: gold events matched by an item.
- ``item_precision``: items whose date is the date of some gold event of the story (the gold
  timelines list the story's own events, not all background, so this is a date-level precision).
- ``support_recall``: over matched events, the share of the event's gold articles the item cites.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storydesk.backends.embedder import Embedder
from storydesk.errors import EvalError
from storydesk.model import Article, Provenance, Story, TimelineItem
from storydesk.stages.compare.settings import TimelineSettings
from storydesk.stages.compare.timeline import build_timeline
from storydesk_eval.devstories import units_of

log = logging.getLogger(__name__)

#: The stages that turn records into articles with date layers (clustering is not needed here).
SECTION = "compare.timeline"
# Cosine between a gold description and a cited sentence from which they describe one event: gold
# descriptions pack several facts, so a sentence reporting one of them lands around 0.45-0.7.
DESCRIPTION_COSINE = 0.45
# Or this share of the description's content words found in the cited sentences.
DESCRIPTION_WORDS = 0.3
_WORD = re.compile(r"[^\W\d_]{3,}|\d+(?:[.,]\d+)*")
_GRANULARITY = {7: "month", 10: "day", 4: "year"}
_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldEvent:
    """One gold timeline event: date (as written), its granularity, description and article refs."""

    story: str
    date: str
    granularity: str
    description: str
    refs: tuple[str, ...]


def load_gold_events(path: Path) -> dict[str, list[GoldEvent]]:
    """Gold events per story label from ``gold_events.json``.

    Raises:
        EvalError: when the file is missing or malformed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {label: [GoldEvent(story=label, date=e["date"], granularity=_GRANULARITY[len(e["date"])],
                                  description=e["description"], refs=tuple(e["article_ids"]))
                        for e in story["events"]] for label, story in data.items()}
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise EvalError(f"cannot read gold events: {err}", source=str(path)) from err


def dates_match(gold: GoldEvent, item: TimelineItem) -> bool:
    """Whether an item's date is the gold date at the gold granularity (the item at least as fine)."""
    if _RANK[item.granularity] > _RANK[gold.granularity]:
        return False
    return item.date[:len(gold.date)] == gold.date


def _terms(text: str) -> set[str]:
    return {w.lower()[:5] for w in _WORD.findall(text)}


def word_share(description: str, texts: Sequence[str]) -> float:
    """Share of the description's content-word stems that occur in the texts."""
    wanted = _terms(description)
    found = set().union(*(_terms(t) for t in texts)) if texts else set()
    return len(wanted & found) / len(wanted) if wanted else 0.0


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryTimeline:
    """One gold story's articles and the timeline built for them."""

    label: str
    articles: Mapping[str, Article]
    items: tuple[TimelineItem, ...]


def cited_texts(item: TimelineItem, articles: Mapping[str, Article]) -> list[str]:
    """The sentences an item cites."""
    return [articles[c.article].text[c.start:c.end] for c in item.citations if c.article in articles]


def description_scores(events: Sequence[GoldEvent], timeline: StoryTimeline,
                       embedder: Embedder) -> np.ndarray:
    """Score of each (event, item) pair: the better of best-sentence cosine and word share."""
    texts = [cited_texts(item, timeline.articles) for item in timeline.items]
    flat = [t for ts in texts for t in ts]
    if not events or not flat:
        return np.zeros((len(events), len(timeline.items)))
    gold_vecs, sent_vecs = embedder.encode([e.description for e in events]), embedder.encode(flat)
    cos, out, at = gold_vecs @ sent_vecs.T, np.zeros((len(events), len(texts))), 0
    for j, ts in enumerate(texts):
        for i, event in enumerate(events):
            best_cos = float(cos[i, at:at + len(ts)].max()) if ts else 0.0
            share = word_share(event.description, ts)
            out[i, j] = max(best_cos / DESCRIPTION_COSINE, share / DESCRIPTION_WORDS)
        at += len(ts)
    return out


def match(events: Sequence[GoldEvent], timeline: StoryTimeline, embedder: Embedder) -> dict[int, int]:
    """One-to-one event → item matches, best description score first (score ≥ 1 means it passes)."""
    scores = description_scores(events, timeline, embedder)
    pairs = sorted(((scores[i, j], i, j) for i, e in enumerate(events)
                    for j, item in enumerate(timeline.items) if dates_match(e, item) and scores[i, j] >= 1.0),
                   reverse=True)
    matched: dict[int, int] = {}
    for _, i, j in pairs:
        if i not in matched and j not in matched.values():
            matched[i] = j
    return matched


def score_story(events: Sequence[GoldEvent], timeline: StoryTimeline, embedder: Embedder) -> dict[str, Any]:
    """Counts of one story: events, matched events, items, items on a gold date, support shares."""
    matched = match(events, timeline, embedder)
    ref_of = {aid: a.ref for aid, a in timeline.articles.items()}
    support = []
    for i, j in matched.items():
        cited = {ref_of.get(c.article) for c in timeline.items[j].citations}
        support.append(len(cited & set(events[i].refs)) / len(events[i].refs))
    on_gold = sum(any(dates_match(e, item) for e in events) for item in timeline.items)
    return {"n_events": len(events), "found": len(matched), "n_items": len(timeline.items),
            "on_gold_date": on_gold, "support": support}


def story_record(label: str, articles: Sequence[Article]) -> Story:
    """A story record for one gold cluster, its own days taken as the cluster stage takes them."""
    from storydesk.stages.cluster.settings import ClusterSettings
    from storydesk.stages.cluster.signals import event_day

    days = sorted(d for d in (event_day(a, ClusterSettings()) for a in articles) if d is not None)
    start, end = ((dt.date.fromordinal(days[0]).isoformat(), dt.date.fromordinal(days[-1]).isoformat())
                  if days else (None, None))
    return Story(id=label, headline=label, articles=tuple(sorted(a.id for a in articles)),
                 provenance=Provenance(stage="eval", version="v1"), start=start, end=end)


def story_timelines(articles: Sequence[Article], gold_clusters: Mapping[str, Sequence[str]],
                    embedder: Embedder, settings: TimelineSettings) -> list[StoryTimeline]:
    """The timeline of every gold story, built from the articles whose ref is in it."""
    by_ref = {a.ref: a for a in articles}
    out = []
    for label, refs in sorted(gold_clusters.items()):
        members = [by_ref[r] for r in refs if r in by_ref]
        units = units_of(members, embedder)
        items = build_timeline(story_record(label, members), members, units, settings)
        out.append(StoryTimeline(label=label, articles={a.id: a for a in members}, items=items))
    return out


def score_timelines(timelines: Sequence[StoryTimeline], gold: Mapping[str, Sequence[GoldEvent]],
                    embedder: Embedder) -> dict[str, Any]:
    """The reported figures over all stories, with per-story counts under ``stories``."""
    per_story = {t.label: score_story(gold.get(t.label, []), t, embedder) for t in timelines}
    n_events = sum(s["n_events"] for s in per_story.values())
    n_items = sum(s["n_items"] for s in per_story.values())
    support = [x for s in per_story.values() for x in s["support"]]
    return {
        "event_recall": round(sum(s["found"] for s in per_story.values()) / n_events, 4) if n_events else 0.0,
        "item_precision": round(sum(s["on_gold_date"] for s in per_story.values()) / n_items, 4)
        if n_items else 0.0,
        "support_recall": round(sum(support) / len(support), 4) if support else 0.0,
        "n_events": n_events, "n_items": n_items,
        "stories": {k: {key: v for key, v in s.items() if key != "support"} for k, s in per_story.items()},
    }


def run_timeline_eval(data_dir: Path) -> dict[str, Any]:
    """Event recall, item precision and support recall on ``data_dir`` (dev-stories layout).

    Raises:
        EvalError: when a file is missing or unreadable.
    """
    from storydesk.backends.embedder import embedder_from_config
    from storydesk.config import load_config
    from storydesk_eval.devstories import load_gold_clusters as load_gold
    from storydesk_eval.devstories import processed_articles

    jsonl = data_dir / "articles.jsonl"
    if not jsonl.is_file():
        raise EvalError("articles.jsonl missing", source=str(data_dir))
    clusters: dict[str, list[str]] = {}
    for ref, label in load_gold(data_dir / "gold_clusters.json").items():
        clusters.setdefault(label, []).append(ref)
    gold = load_gold_events(data_dir / "gold_events.json")
    # Stories without gold events (dev-stories-2 describes 18 of its 31) cannot be scored.
    clusters = {label: refs for label, refs in clusters.items() if label in gold}
    config = load_config()
    embedder = embedder_from_config(config)
    settings = config.settings_or_default(TimelineSettings, SECTION)
    timelines = story_timelines(processed_articles(jsonl), clusters, embedder, settings)
    result = score_timelines(timelines, gold, embedder)
    log.info("timeline eval: %s", {k: v for k, v in result.items() if k != "stories"})
    return result
