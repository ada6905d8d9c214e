"""The run's other articles as evidence for one article's publication day: related ones, by shared names.

In a mixed run the days that matter are those of the article's own story. Without the clustering
(which runs later and reads our dates), relatedness is the overlap of the names two articles mention
(people, organisations, places, events): cosine over the sets of entity texts, each name weighted by
its rarity in the run (inverse document frequency). The same actors recur in confusable events a year
apart (two NATO summits, two Fed decisions, COP28 and COP29); the names that tell them apart — the
host city, the product, the one official — are the rare ones. Each related article
lends its days — the days it dates explicitly and its publication day — weighted by that similarity,
an inferred publication day also by its confidence.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from storydesk.model import Article
from storydesk.stages.enrich.pubdate_features import span_day
from storydesk.stages.enrich.settings import PubDateSettings

STATED = frozenset({"header", "metadata", "url"})


def names_of(article: Article, labels: frozenset[str]) -> frozenset[str]:
    """The lower-cased texts of the article's named entities of ``labels``."""
    return frozenset(article.text[s.start:s.end].strip().lower()
                     for s in article.layers.get("entities", ()) if s.label in labels)


def own_days(article: Article) -> dict[dt.date, float]:
    """Days an article vouches for, each with its weight: the publication day (an inferred one by its
    confidence) and the days it dates explicitly (relative ones too when its anchor is stated)."""
    pub = article.published
    stated = pub.basis in STATED
    days: dict[dt.date, float] = {}
    for span in article.layers.get("dates", ()):
        if span.attrs.anchor_relative and not stated:
            continue
        if (day := span_day(span)) is not None:
            days[day] = 1.0
    if pub.value and pub.granularity == "day":
        day = dt.date.fromisoformat(pub.value)
        days[day] = max(days.get(day, 0.0), 1.0 if stated else pub.confidence)
    return days


def _index(names: dict[str, frozenset[str]], max_articles: int) -> dict[str, list[str]]:
    """Article ids per name, leaving out names so common that they relate nothing ("US", "Monday")."""
    index: dict[str, list[str]] = {}
    for aid, keys in names.items():
        for key in keys:
            index.setdefault(key, []).append(aid)
    return {k: ids for k, ids in index.items() if len(ids) <= max_articles}


def _idf(names: dict[str, frozenset[str]]) -> dict[str, float]:
    """Each name's squared inverse document frequency over the run (a rare name weighs more)."""
    df: dict[str, int] = {}
    for keys in names.values():
        for key in keys:
            df[key] = df.get(key, 0) + 1
    n = len(names)
    return {k: math.log(1 + n / d) ** 2 for k, d in df.items()}  # smoothed: a name all share still counts


def related_days(targets: Sequence[Article], articles: Sequence[Article], settings: PubDateSettings,
                 labels: frozenset[str]) -> dict[str, dict[dt.date, float]]:
    """Per target article id, the days its related articles vouch for, summed by similarity."""
    names = {a.id: names_of(a, labels) for a in articles}
    index = _index(names, settings.max_name_articles)
    idf = _idf(names)
    norm = {aid: math.sqrt(sum(idf[k] for k in keys)) for aid, keys in names.items()}
    by_id = {a.id: a for a in articles}
    vouched: dict[str, dict[dt.date, float]] = {}
    out: dict[str, dict[dt.date, float]] = {}
    for article in targets:
        shared: dict[str, float] = {}
        for key in names[article.id]:
            for other in index.get(key, ()):
                shared[other] = shared.get(other, 0.0) + idf[key]
        shared.pop(article.id, None)
        sims = sorted(((n / (norm[article.id] * norm[o]), o) for o, n in shared.items() if n > 0),
                      reverse=True)[:settings.max_related]
        days: dict[dt.date, float] = {}
        for sim, other in sims:
            if sim < settings.min_similarity:
                break
            if other not in vouched:
                vouched[other] = own_days(by_id[other])
            for day, weight in vouched[other].items():
                days[day] = days.get(day, 0.0) + sim * weight
        out[article.id] = days
    return out
