"""The ``clean.v1`` document stage: raw text → canonical text + everything removed, with reasons."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from storydesk.backends.embedder import Embedder, embedder_from_config
from storydesk.config import Config
from storydesk.errors import CleanError
from storydesk.model import Article
from storydesk.registry import register
from storydesk.stages.clean.boilerplate import (
    artifact_edits,
    headline_edits,
    is_headline_like,
    line_edits,
    repeat_edits,
)
from storydesk.stages.clean.edits import Block, Edit, apply_edits, blocks
from storydesk.stages.clean.glued import find_glued
from storydesk.stages.clean.html_post import html_post_edits
from storydesk.stages.clean.settings import CleanSettings

NAME = "clean.v1"
HTML_FORMATS = frozenset({"html", "warc"})



def _surviving(all_blocks: Sequence[Block], edits: Sequence[Edit]) -> list[Block]:
    """Blocks not entirely covered by a removal."""
    removals = [(e.start, e.end) for e in edits if not e.replacement]
    return [b for b in all_blocks
            if not any(s <= b.start and b.end <= e for s, e in removals)]


def cleaning_edits(article: Article, settings: CleanSettings,
                   embedder: Embedder | None = None) -> list[Edit]:
    """All edits for one article, in the order the steps see the text."""
    raw = article.raw
    all_blocks = blocks(raw)
    edits = artifact_edits(raw)
    edits += line_edits(all_blocks, settings.boilerplate)
    edits += headline_edits(all_blocks, article.title)
    if article.format in HTML_FORMATS:
        # The HTML extractor already drops repeated page furniture; lines repeated in an extracted
        # body are content (recipes, tables), so the text-input repeat rule is not applied.
        edits += html_post_edits(raw, title=article.title, settings=settings.html)
    else:
        edits += repeat_edits(_surviving(all_blocks, edits), settings.boilerplate)
    glued = find_glued(raw, _surviving(all_blocks, edits), title=article.title,
                       settings=settings.glued, embedder=embedder)
    if article.format in HTML_FORMATS and not _appendage(raw, glued, settings):
        glued = []
    return edits + glued


def _appendage(raw: str, glued: Sequence[Edit], settings: CleanSettings) -> bool:
    """Whether a cut in an extracted HTML body looks like a second story tacked on.

    The extractor already chose the page's main container, so its bulk is the article: a story
    glued on by the page (an infinite-scroll "next story") is the smaller part and opens with its
    own headline. A seam failing either test is more likely a change of section inside the article
    (a recipe, a Q&A, a table), and is kept.
    """
    if not glued:
        return False
    cut = sum(e.end - e.start for e in glued)
    first = raw[glued[0].start:glued[0].end]
    return 2 * cut < len(raw) and is_headline_like(first, settings.boilerplate.headline_max_words)


def clean_article(article: Article, settings: CleanSettings,
                  embedder: Embedder | None = None) -> Article:
    """The cleaned article: canonical ``text`` and ``removed``; raises when nothing is left.

    ``embedder`` (sentence embeddings) sharpens the glued-article cut where word overlap is unsure.
    """
    text, removed = apply_edits(article.raw, cleaning_edits(article, settings, embedder))
    if not text.strip():
        raise CleanError("no article text left after cleaning", source=article.source,
                         stage=NAME, article_id=article.id)
    return article.evolve(text=text, removed=removed, layers={},
                          stages=(*[s for s in article.stages if not s.startswith("clean.")], NAME))


@dataclass(frozen=True, kw_only=True, slots=True)
class CleanStage:
    """Document stage wrapper around :func:`clean_article`."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"article.raw"})
    produces: ClassVar[frozenset[str]] = frozenset({"article.text", "article.removed"})
    settings: CleanSettings
    embedder: Embedder | None = None

    def __call__(self, article: Article) -> Article:
        return clean_article(article, self.settings, self.embedder)

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self(article)


@register(NAME, requires=CleanStage.requires, produces=CleanStage.produces)
def make_clean(config: Config) -> CleanStage:
    """Factory registered as ``clean.v1``; loads the embedder when the glued cut may use it."""
    settings = CleanSettings.from_config(config)
    semantic = settings.glued.enabled and settings.glued.semantic
    return CleanStage(settings=settings, embedder=embedder_from_config(config) if semantic else None)
