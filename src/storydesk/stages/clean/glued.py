"""Detect and cut a foreign article glued onto a page's tail (or head).

Scrapers often append the next article of a site to the one asked for, sometimes with its headline.
Every paragraph boundary is scored by its lexical *crossing* share (``glued_lexical``): how much of
each side's recurring vocabulary also occurs on the other side. Where that share is clearly low (or
clearly high) it decides alone. In between, when an embedder is given, the few lowest boundaries are
also scored by how alike the paragraphs just before and just after them are in meaning
(``glued_semantic``), which separates articles on neighbouring topics that share names, and finds
seams that the vocabulary leaves flat. Without an embedder the lexical share decides everything.

The side kept is the one that holds the title's words when a title is given, else the first: pages
far more often append foreign text than prepend it, and without a title nothing tells which article
the page is for. The step is conservative: text it cannot measure (too little recurring vocabulary,
no spaces between words) is never cut, whatever its language.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from storydesk.backends.embedder import Embedder
from storydesk.stages.clean.edits import Block, Edit, remove_block
from storydesk.stages.clean.glued_lexical import (
    Page,
    Seam,
    is_headline,
    measurable,
    opens_article,
    seam_scores,
    title_terms,
)
from storydesk.stages.clean.glued_semantic import window_similarity
from storydesk.stages.clean.settings import GluedSettings

__all__ = ["REASON", "RULE", "Cut", "find_cut", "find_glued", "is_headline"]

logger = logging.getLogger(__name__)

REASON = "glued-foreign-article"
RULE = "glued"


@dataclass(frozen=True, kw_only=True, slots=True)
class Cut:
    """Where a page splits: blocks before ``index`` and the rest; ``head``: the first part is foreign."""

    index: int
    head: bool
    score: float
    semantic: bool


def _placed(seam: Seam, seams: Sequence[Seam], texts: Sequence[str], head: bool,
            settings: GluedSettings) -> int:
    """Where to cut inside the flat valley around the lowest seam.

    Paragraphs without recurring words (a credit line, a price list) leave the crossing share flat,
    so several boundaries score alike: prefer one opening with a headline line, else the one that
    removes the least text.
    """
    valley = [s.index for s in _valley(seam, seams, settings)]
    opening = [k for k in valley if is_headline(texts[k], settings)]
    candidates = opening or valley
    return min(candidates) if head else max(candidates)


def _valley(seam: Seam, seams: Sequence[Seam], settings: GluedSettings) -> list[Seam]:
    """The boundaries near ``seam`` that score as low as it (within the valley tolerance)."""
    return [s for s in seams if s.crossing <= seam.crossing + settings.valley_tolerance
            and abs(s.index - seam.index) <= settings.valley_max_blocks]


def _title_share(wanted: set[str], terms: Sequence[frozenset[str]]) -> float:
    """Share of the title's content terms found in a run of blocks."""
    return len(wanted & set().union(*terms)) / len(wanted)


def _article_is_second(title: str | None, page: Page, index: int, settings: GluedSettings) -> bool:
    """Whether the part after the seam is the page's article (only a title can say so)."""
    wanted = set(title_terms(title, settings))
    if not wanted:
        return False
    first = _title_share(wanted, page.terms[:index])
    second = _title_share(wanted, page.terms[index:])
    return second - first >= settings.title_margin


def _lexical_cut(page: Page, best: Seam, seams: Sequence[Seam], title: str | None,
                 settings: GluedSettings) -> Cut:
    """The cut at the lowest seam, placed inside its flat valley by structure."""
    head = _article_is_second(title, page, best.index, settings)
    index = _placed(best, seams, page.texts, head, settings)
    return Cut(index=index, head=head, score=best.crossing, semantic=False)


def _is_clear(best: Seam, seams: Sequence[Seam], settings: GluedSettings) -> bool:
    """Whether the lowest seam is low enough, and alone in its valley, for the lexical share alone."""
    if best.crossing > settings.sure_crossing:
        return False
    rivals = [s.crossing for s in seams if abs(s.index - best.index) > 1]
    return not rivals or min(rivals) - best.crossing >= settings.sure_gap


def _candidates(best: Seam, seams: Sequence[Seam], settings: GluedSettings) -> list[Seam]:
    """The lowest-crossing boundaries and every boundary tied with the lowest one."""
    ranked = sorted(seams, key=lambda s: (s.crossing, s.index))[:settings.semantic_candidates]
    tied = [s for s in seams if s.crossing <= best.crossing + settings.valley_tolerance]
    chosen = {s.index: s for s in (*ranked, *tied)}
    return [chosen[k] for k in sorted(chosen)]


def _semantic_cut(page: Page, best: Seam, seams: Sequence[Seam], title: str | None,
                  embedder: Embedder, settings: GluedSettings) -> Cut | None:
    """The candidate boundary with the lowest crossing plus weighted window similarity, if low enough."""
    candidates = _candidates(best, seams, settings)
    similarity = window_similarity(page.texts, [s.index for s in candidates], embedder, settings)
    scores = {s.index: s.crossing + settings.semantic_weight * similarity[s.index]
              + (0.0 if opens_article(page.texts, s.index, settings) else settings.furniture_penalty)
              for s in candidates}
    index = min(scores, key=lambda k: (scores[k], k))
    if scores[index] > settings.max_combined:
        return None
    head = _article_is_second(title, page, index, settings)
    return Cut(index=index, head=head, score=scores[index], semantic=True)


def find_cut(page: Page, title: str | None, settings: GluedSettings,
             embedder: Embedder | None = None) -> Cut | None:
    """Where the page splits into two articles, or None when it reads as one."""
    if not measurable(page.texts, settings):
        return None
    seams = seam_scores(page, title, settings)
    if not seams:
        return None
    best = min(seams, key=lambda s: (s.crossing, s.index))
    if embedder is None or not settings.semantic:
        return _lexical_cut(page, best, seams, title, settings) if best.crossing <= settings.max_crossing \
            else None
    if best.crossing > settings.max_uncertain_crossing:
        return None
    if _is_clear(best, seams, settings):
        return _lexical_cut(page, best, seams, title, settings)
    return _semantic_cut(page, best, seams, title, embedder, settings)


def find_glued(raw: str, blocks: Sequence[Block], *, title: str | None, settings: GluedSettings,
               embedder: Embedder | None = None) -> list[Edit]:
    """Edits removing every block of a glued-on foreign article; empty when the page is whole.

    ``raw`` is the page text the blocks index into; ``title`` (if known) decides which side is the
    article, else the first side is kept. ``embedder`` (optional) settles the boundaries that the
    vocabulary leaves uncertain; without it the step is lexical only.
    """
    if not settings.enabled or len(blocks) < settings.min_article_blocks + settings.min_foreign_blocks:
        return []
    page = Page.of([b.text for b in blocks], settings)
    cut = find_cut(page, title, settings, embedder)
    if cut is None:
        return []
    foreign = blocks[:cut.index] if cut.head else blocks[cut.index:]
    if len(blocks) - len(foreign) < settings.min_article_blocks:
        return []
    logger.debug("glued article cut at block %d (%s), score %.2f%s", cut.index,
                 "head" if cut.head else "tail", cut.score, " (semantic)" if cut.semantic else "")
    return [remove_block(b, REASON, RULE) for b in foreign]
