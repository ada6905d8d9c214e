"""What a story says about itself: stable id, headline, key entities, event span and outlets.

The headline is the title of the story's most central titled article (the member closest to all the
others), or, when no member has a title, the lead sentence of its most central article; its
provenance cites that article and the span the headline came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from storydesk.model import Article, Citation, Provenance, Span, Story
from storydesk.model.layers import SentenceAttrs
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal

#: The cluster stage's registered name (its stage.py imports this module, so not NAME from there).
STAGE = "cluster.v1"
# Characters of the story-id hash kept: 64 bits, collision-free for any realistic corpus.
ID_CHARS = 16


def story_id(article_ids: Sequence[str]) -> str:
    """A stable id from the sorted member ids: the same members always give the same id."""
    digest = hashlib.sha256("\n".join(sorted(article_ids)).encode("utf-8")).hexdigest()
    return f"story-{digest[:ID_CHARS]}"


def centrality_order(signals: Sequence[ArticleSignal]) -> list[int]:
    """Member positions, most central first (highest mean similarity to the others; ties by id)."""
    vectors = np.stack([s.vector for s in signals]).astype(np.float64)
    closeness = vectors @ vectors.sum(axis=0) - 1.0
    return sorted(range(len(signals)), key=lambda i: (-round(float(closeness[i]), 9), signals[i].id))


def lead_sentence(article: Article, settings: ClusterSettings) -> Span:
    """The article's first prose sentence (its whole text when it has no sentence layer)."""
    sents = article.layers.get("sentences", ())
    for sent in sents:
        if len(sent.slice(article.text).split()) >= settings.min_sentence_words:
            return sent
    return sents[0] if sents else Span(start=0, end=len(article.text), label="SENT", attrs=SentenceAttrs())


def headline_of(articles: Sequence[Article], order: Sequence[int],
                settings: ClusterSettings) -> tuple[str, Citation]:
    """The headline and the citation of its source."""
    titled = [i for i in order if articles[i].title]
    if titled:
        article = articles[titled[0]]
        title = str(article.title)
        at = article.text.find(title)
        lead = lead_sentence(article, settings)
        start, end = (at, at + len(title)) if at >= 0 else (lead.start, lead.end)
        return " ".join(title.split()), Citation(article=article.id, start=start, end=end)
    article = articles[order[0]]
    lead = lead_sentence(article, settings)
    return " ".join(lead.slice(article.text).split()), Citation(article=article.id, start=lead.start,
                                                                  end=lead.end)


def key_entities(signals: Sequence[ArticleSignal], limit: int) -> tuple[str, ...]:
    """Canonical names of the entities most articles mention (then most mentions), best first."""
    articles_naming: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for signal in signals:
        articles_naming.update(signal.names.keys())
        for key, seen in signal.names.items():
            forms.setdefault(key, Counter()).update(seen)
    ranked = sorted(articles_naming, key=lambda k: (-articles_naming[k], -sum(forms[k].values()), k))
    return tuple(_canonical(forms[k]) for k in ranked[:limit])


def _canonical(forms: Counter[str]) -> str:
    """The form written most often; ties go to the fuller (longer) one."""
    return max(forms, key=lambda f: (forms[f], len(f), f))


def event_span(signals: Sequence[ArticleSignal]) -> tuple[str | None, str | None]:
    """First and last event day of the members (ISO), None when no member is dated."""
    days = [s.day for s in signals if s.day is not None]
    if not days:
        return None, None
    return dt.date.fromordinal(min(days)).isoformat(), dt.date.fromordinal(max(days)).isoformat()


def build_story(articles: Sequence[Article], signals: Sequence[ArticleSignal],
                settings: ClusterSettings) -> Story:
    """The story record of one cluster (articles and their signals in the same order)."""
    order = centrality_order(signals)
    headline, citation = headline_of(articles, order, settings)
    start, end = event_span(signals)
    return Story(id=story_id([a.id for a in articles]), headline=headline,
                 articles=tuple(sorted(a.id for a in articles)),
                 provenance=Provenance.of(STAGE, (citation,)),
                 entities=key_entities(signals, settings.key_entities), start=start, end=end,
                 outlets=tuple(sorted({a.outlet for a in articles if a.outlet})))
