"""What a story says about itself: stable id, headline, key entities, event span and outlets.

The headline is a real title of one of the story's articles, or, when no member has one, a real lead
line (:mod:`~storydesk.stages.cluster.headline` names what is neither: datelines, bylines, captions,
stamps, page furniture). It is chosen in the story's majority language, from its most central
members (those closest to all the others); for a developing story, whose reports span more than a
day, the most recent of those. Its provenance cites the article and the exact span shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.model import Article, Citation, Provenance, Span, Story
from storydesk.model.layers import SentenceAttrs
from storydesk.stages.cluster.headline import HeadlineRules, headline_rules, lead_span, title_span
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


def closeness(signals: Sequence[ArticleSignal]) -> np.ndarray:
    """Each member's mean cosine to the other members (0 for a story of one)."""
    vectors = np.stack([s.vector for s in signals]).astype(np.float64)
    return np.asarray((vectors @ vectors.sum(axis=0) - 1.0) / max(len(signals) - 1, 1))


def centrality_order(signals: Sequence[ArticleSignal]) -> list[int]:
    """Member positions, most central first (highest mean similarity to the others; ties by id)."""
    close = closeness(signals)
    return sorted(range(len(signals)), key=lambda i: (-round(float(close[i]), 9), signals[i].id))


def lead_sentence(article: Article, settings: ClusterSettings) -> Span:
    """The article's first prose sentence (its whole text when it has no sentence layer)."""
    sents = article.layers.get("sentences", ())
    for sent in sents:
        if len(sent.slice(article.text).split()) >= settings.min_sentence_words:
            return sent
    return sents[0] if sents else Span(start=0, end=len(article.text), label="SENT", attrs=SentenceAttrs())


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """A line that may stand as the headline: what is shown, and the ``article.text`` span cited."""

    position: int
    shown: str
    start: int
    end: int


def _in_text(text: str, shown: str) -> tuple[int, int] | None:
    """Where ``shown`` stands in ``text``, whatever whitespace separates its words there."""
    pattern = r"\s+".join(re.escape(word) for word in shown.split())
    match = re.search(pattern, text) if pattern else None
    return (match.start(), match.end()) if match else None


def title_candidate(article: Article, position: int, settings: ClusterSettings,
                    rules: HeadlineRules) -> Candidate | None:
    """The article's title as a headline, or None when it has none that reads as one.

    The citation is the title's place in the text; a title the text does not repeat cites the
    article's lead line (else its first sentence), which is what the title announces.
    """
    span = title_span(article.title, rules) if article.title else None
    if span is None or not article.title:
        return None
    shown = " ".join(article.title[span[0]:span[1]].split())
    cited = _in_text(article.text, shown) or lead_span(article, settings.min_sentence_words, rules)
    if cited is None:
        lead = lead_sentence(article, settings)
        cited = (lead.start, lead.end)
    return Candidate(position=position, shown=shown, start=cited[0], end=cited[1])


def lead_candidate(article: Article, position: int, settings: ClusterSettings,
                   rules: HeadlineRules) -> Candidate | None:
    """The article's first real lead line as a headline, or None when its opening has none."""
    span = lead_span(article, settings.min_sentence_words, rules)
    if span is None:
        return None
    return Candidate(position=position, shown=" ".join(article.text[span[0]:span[1]].split()),
                     start=span[0], end=span[1])


def majority_language(articles: Sequence[Article], order: Sequence[int]) -> str | None:
    """The most frequent member language (ties: the most central member's); None when none is known."""
    counts = Counter(a.language for a in articles if a.language)
    if not counts:
        return None
    most = max(counts.values())
    return next(language for i in order
                if (language := articles[i].language) and counts[language] == most)


def report_day(article: Article, signal: ArticleSignal) -> int | None:
    """The day a member reports from: its publication day when known, else its event day (ordinal)."""
    value = article.published.value
    if value and article.published.granularity == "day":
        try:
            return dt.date.fromisoformat(value[:10]).toordinal()
        except ValueError:
            pass
    return signal.day


def choose(candidates: Sequence[Candidate], close: np.ndarray, days: Sequence[int | None],
           rules: HeadlineRules) -> Candidate:
    """Among the most central candidates, the most central, or for a developing story the most recent."""
    best = max(float(close[c.position]) for c in candidates)
    central = [c for c in candidates if float(close[c.position]) >= best - rules.central_margin]
    known = [d for d in days if d is not None]
    if not known or max(known) - min(known) <= rules.developing_days:
        return central[0]
    return max(central, key=lambda c: (days[c.position] or -1, float(close[c.position])))


def headline_of(articles: Sequence[Article], signals: Sequence[ArticleSignal],
                settings: ClusterSettings) -> tuple[str, Citation]:
    """The headline and the citation of its source (articles and signals in the same order)."""
    rules = headline_rules()
    order = centrality_order(signals)
    close = closeness(signals)
    days = [report_day(a, s) for a, s in zip(articles, signals, strict=True)]
    language = majority_language(articles, order)
    pools = {make: [c for i in order if (c := make(articles[i], i, settings, rules)) is not None]
             for make in (title_candidate, lead_candidate)}
    # The majority language first (a lead line in it beats a title in another), then titles first.
    for wanted in (language, None):
        for found in pools.values():
            fit = [c for c in found if wanted is None or articles[c.position].language == wanted]
            if fit:
                chosen = choose(fit, close, days, rules)
                return chosen.shown, Citation(article=articles[chosen.position].id, start=chosen.start,
                                              end=chosen.end)
    # No member has a title or a lead line that reads as one: the most central one's first sentence.
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
    headline, citation = headline_of(articles, signals, settings)
    start, end = event_span(signals)
    return Story(id=story_id([a.id for a in articles]), headline=headline,
                 articles=tuple(sorted(a.id for a in articles)),
                 provenance=Provenance.of(STAGE, (citation,)),
                 entities=key_entities(signals, settings.key_entities), start=start, end=end,
                 outlets=tuple(sorted({a.outlet for a in articles if a.outlet})))
