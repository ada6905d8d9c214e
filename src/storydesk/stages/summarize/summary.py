"""An extractive multi-document summary of one story, each sentence cited to every outlet supporting it.

1. Candidates: the statement part of each sentence unit (:func:`~.candidates.sentence_core`) that
   passes :func:`~.candidates.eligible` in the story's main language and is on topic (cosine to the
   story's mean sentence vector at least ``min_topicality``).
2. Score: LexRank-style centrality (PageRank over the cosine graph of the sentence embeddings, links
   within one outlet left out: an article repeating itself does not make a point central), plus the
   share of other outlets that support the sentence (:mod:`.support`), plus a small lead prior (news
   puts the main facts first).
3. Select greedily by maximal marginal relevance: a candidate too close to a chosen sentence is
   dropped, one from an outlet already used pays a penalty, one bringing a new event day a bonus.
4. Order chronologically by event day (a sentence's own day, else the last day named before it in
   its article, else the article's publication day); sentences without any day keep their rank.
5. Cite each sentence's own span first, then the best supporting sentence of every other article.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.model import Article, Citation, Provenance, SummarySentence
from storydesk.stages.compare.units import SentenceUnit, StoryUnits
from storydesk.stages.summarize.candidates import content_words, eligible, sentence_core
from storydesk.stages.summarize.settings import SummarySettings
from storydesk.stages.summarize.support import Supporter, days_of, supporters

log = logging.getLogger(__name__)

#: The summarize stage's registered name (its stage.py imports this module, so not NAME from there).
STAGE = "summarize.v1"


@dataclass(frozen=True, kw_only=True, slots=True)
class Scored:
    """A candidate sentence: its position in the units, score parts and supporting sentences."""

    index: int
    score: float
    support: tuple[Supporter, ...]


def centrality(similarity: np.ndarray, outlets: Sequence[str], settings: SummarySettings) -> np.ndarray:
    """PageRank over the thresholded cosine graph without links inside one outlet, scaled to max 1."""
    n = len(outlets)
    if n == 0:
        return np.zeros(0)
    same = np.array([[a == b for b in outlets] for a in outlets])
    graph = np.where((similarity >= settings.edge_threshold) & ~same, similarity, 0.0).astype(np.float64)
    rows = graph.sum(axis=1, keepdims=True)
    walk = np.where(rows > 0, graph / np.where(rows > 0, rows, 1.0), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(settings.rank_iterations):
        nxt = (1.0 - settings.damping) / n + settings.damping * walk.T @ rank
        if np.abs(nxt - rank).max() < settings.rank_tolerance:
            rank = nxt
            break
        rank = nxt
    return rank / rank.max()


def lead_prior(units: Sequence[SentenceUnit]) -> np.ndarray:
    """1 for an article's first sentence unit, 1/2 for its second, and so on."""
    seen: Counter[str] = Counter()
    prior = np.zeros(len(units))
    for i, unit in enumerate(units):
        seen[unit.article] += 1
        prior[i] = 1.0 / seen[unit.article]
    return prior


def main_language(articles: Sequence[Article]) -> str | None:
    """The most frequent article language (None when no article states one)."""
    counts = Counter(a.language for a in articles if a.language)
    return counts.most_common(1)[0][0] if counts else None


def topicality(vectors: np.ndarray) -> np.ndarray:
    """Cosine of each sentence to the story's mean sentence vector."""
    centre = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centre))
    return np.asarray(vectors @ (centre / norm)) if norm > 0 else np.zeros(len(vectors))


def score_candidates(cores: Sequence[SentenceUnit], vectors: np.ndarray, similarity: np.ndarray,
                     language: str | None, settings: SummarySettings, *,
                     embedded: bool = True) -> list[Scored]:
    """Every eligible sentence with its score, best first.

    Without embeddings (``embedded`` False: a single outlet's story) nothing is off topic and the
    score falls back to the lead prior: a news article puts its main facts first.
    """
    outlets = [u.outlet for u in cores]
    central = centrality(similarity, outlets, settings)
    topical = topicality(vectors) >= settings.min_topicality if embedded else np.ones(len(cores), dtype=bool)
    lead = lead_prior(cores)
    others = max(len(set(outlets)) - 1, 1)
    centre_weight = 1.0 - settings.support_weight - settings.lead_weight
    scored = []
    for i, unit in enumerate(cores):
        if not topical[i] or not eligible(unit, settings, language):
            continue
        support = supporters(i, cores, similarity, settings)
        spread = len({cores[s.unit].outlet for s in support}) / others
        score = centre_weight * central[i] + settings.support_weight * spread + settings.lead_weight * lead[i]
        scored.append(Scored(index=i, score=float(score), support=support))
    return sorted(scored, key=lambda s: (-s.score, s.index))


def _gain(cand: Scored, chosen: Sequence[Scored], cores: Sequence[SentenceUnit], similarity: np.ndarray,
          settings: SummarySettings) -> float:
    """MMR value of adding ``cand`` to ``chosen``."""
    overlap = max((float(similarity[cand.index, c.index]) for c in chosen), default=0.0)
    outlet = cores[cand.index].outlet
    repeats = sum(cores[c.index].outlet == outlet for c in chosen)
    floor = settings.min_anchor_confidence
    known = set().union(*(days_of(cores[c.index], floor) for c in chosen)) if chosen else set()
    new_day = bool(days_of(cores[cand.index], floor) - known)
    return (settings.mmr_lambda * cand.score - (1.0 - settings.mmr_lambda) * overlap
            - settings.outlet_penalty * repeats + settings.date_bonus * new_day)


def _same_support(a: Scored, b: Scored) -> bool:
    """Whether half the supporting sentences of one of the two (at least one) support the other too."""
    mine, theirs = {s.unit for s in a.support} | {a.index}, {s.unit for s in b.support} | {b.index}
    shared = len(mine & theirs)
    return shared > 0 and 2 * shared >= min(len(mine), len(theirs))


def redundant(a: Scored, b: Scored, cores: Sequence[SentenceUnit], similarity: np.ndarray,
              settings: SummarySettings) -> bool:
    """Whether two sentences say the same: close embeddings, the same supporting sentences, or mostly
    the same content words."""
    if similarity[a.index, b.index] >= settings.redundancy_threshold or _same_support(a, b):
        return True
    words_a, words_b = content_words(cores[a.index].text), content_words(cores[b.index].text)
    shorter = min(len(words_a), len(words_b))
    return shorter > 0 and len(words_a & words_b) / shorter >= settings.overlap_redundancy


def select(ranked: Sequence[Scored], cores: Sequence[SentenceUnit], similarity: np.ndarray,
           settings: SummarySettings) -> list[Scored]:
    """Greedy MMR selection of ``settings.sentences`` non-redundant sentences, in the order chosen."""
    chosen: list[Scored] = []
    pool = list(ranked)
    while pool and len(chosen) < settings.sentences:
        if chosen:
            pool = [c for c in pool if not redundant(c, chosen[-1], cores, similarity, settings)]
        if not pool:
            break
        best = max(pool, key=lambda c: (_gain(c, chosen, cores, similarity, settings), -c.index))
        chosen.append(best)
        pool.remove(best)
    return chosen


def publication_day(article: Article, min_confidence: float) -> str | None:
    """The article's publication day, when stated or inferred with at least ``min_confidence``."""
    published = article.published
    if published.granularity != "day" or not published.value:
        return None
    if published.basis == "inferred" and published.confidence < min_confidence:
        return None
    return published.value


def event_days(cores: Sequence[SentenceUnit], articles: Sequence[Article],
               settings: SummarySettings) -> list[str | None]:
    """Each sentence's event day: its own first day, else the last earlier one in its article, else
    the article's publication day (trusted days only)."""
    floor = settings.min_anchor_confidence
    published = {a.id: publication_day(a, floor) for a in articles}
    last: dict[str, str | None] = {}
    out: list[str | None] = []
    for unit in cores:
        own = sorted(days_of(unit, floor))
        if own:
            last[unit.article] = own[0]
        out.append(last.get(unit.article) or published.get(unit.article))
    return out


def ordered(chosen: Sequence[Scored], days: Sequence[str | None]) -> list[Scored]:
    """Chosen sentences by event day, then by rank; sentences without a day after them, by rank."""
    rank = {c.index: r for r, c in enumerate(chosen)}
    return sorted(chosen, key=lambda c: (days[c.index] is None, days[c.index] or "", rank[c.index]))


def summary_sentence(cand: Scored, cores: Sequence[SentenceUnit]) -> SummarySentence:
    """The record of one chosen sentence: its text, own citation first, then its supporters'."""
    unit = cores[cand.index]
    sources = [unit, *(cores[s.unit] for s in cand.support)]
    citations = tuple(Citation(article=u.article, start=u.start, end=u.end) for u in sources)
    outlets = tuple(dict.fromkeys(u.outlet for u in sources))
    return SummarySentence(text=unit.text, citations=citations, outlets=outlets,
                           provenance=Provenance.of(STAGE, citations))


def summarize(articles: Sequence[Article], units: StoryUnits,
              settings: SummarySettings) -> tuple[SummarySentence, ...]:
    """The story's extractive summary: ``settings.sentences`` central, non-redundant, cited sentences."""
    if not units.units:
        return ()
    cores = [sentence_core(u) for u in units.units]
    similarity = np.asarray(units.vectors @ units.vectors.T, dtype=np.float64)
    ranked = score_candidates(cores, units.vectors, similarity, main_language(articles), settings,
                              embedded=units.embedded)
    chosen = select(ranked, cores, similarity, settings)
    days = event_days(cores, articles, settings)
    log.debug("summary: %d of %d sentences eligible, %d chosen", len(ranked), len(cores), len(chosen))
    return tuple(summary_sentence(c, cores) for c in ordered(chosen, days))
