"""Detect and cut a foreign article glued onto a page's tail (or head).

Scrapers often append the next article of a site to the one asked for, sometimes with its headline.
Two articles share little recurring vocabulary: the names, numbers and content words that come back
paragraph after paragraph in one rarely appear in the other. For every candidate boundary the step
measures, on each side, which share of that side's recurring vocabulary also occurs on the other side
(*crossing*); a whole article has a high crossing share at every boundary, a glued page a low one at
the seam. A headline-like line right at the seam lowers the evidence needed. The side kept is the
one cohesive with the title when a title is given, else the first: pages far more often append
foreign text than prepend it, and without a title nothing tells which article the page is for.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from storydesk.errors import ConfigError
from storydesk.stages.clean.edits import Block, Edit, remove_block

logger = logging.getLogger(__name__)

REASON = "glued-foreign-article"
RULE = "glued"

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_SENTENCE_BREAK = re.compile(r"[.!?:;\"“”«»]")
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’»)]$")


@dataclass(frozen=True, kw_only=True, slots=True)
class GluedSettings:
    """Thresholds of the glued-article cut (section ``[clean.glued]``)."""

    # Off switch: some sources (live blogs, digests) are meant to hold several stories.
    enabled: bool = True
    # The kept article needs this many paragraphs: a one-line "article" cannot be told from a teaser.
    min_article_blocks: int = 2
    # A foreign article is at least a lead and one more paragraph; shorter tails are left to the
    # boilerplate rules (related links, captions).
    min_foreign_blocks: int = 2
    # Words are cut to this many characters: a crude, language-blind stemmer ("Russia"/"Russian").
    stem_chars: int = 6
    # Shorter words carry no topic (particles, abbreviations) in any of the supported languages.
    min_word_chars: int = 3
    # A capitalised name seen mid-sentence is the strongest cohesion cue between paragraphs.
    name_weight: float = 2.0
    # Each side needs this much recurring vocabulary (weighted) before its cohesion can be judged;
    # lists, scripts without spaces and very short parts fall below it and are never cut.
    min_side_weight: float = 6.0
    # Cut when at most this share of each side's recurring vocabulary crosses the seam.
    max_crossing: float = 0.25
    # With a headline-like line at the seam, a cut is allowed up to this crossing share.
    max_crossing_headline: float = 0.4
    # A headline line: at most this many words and no closing sentence punctuation.
    headline_max_words: int = 20
    # The title must cover this much more of one side than of the other to decide which side is
    # the article; below it the first side is kept.
    title_margin: float = 0.2


@dataclass(frozen=True, kw_only=True, slots=True)
class Seam:
    """The best boundary found: blocks before ``index`` form one part, the rest the other."""

    index: int
    crossing: float
    headline: bool


@functools.cache
def stopwords() -> frozenset[str]:
    """Function words of all languages in ``rules/stopwords.toml``, merged."""
    try:
        text = resources.files("storydesk.rules").joinpath("stopwords.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot load stopwords: {err}", source="stopwords.toml") from err
    return frozenset(w for words in data.values() for w in str(words).lower().split())


def _tokens(text: str, settings: GluedSettings) -> list[tuple[str, bool]]:
    """(stemmed term, written capitalised mid-sentence) for every content word of a text."""
    stop = stopwords()
    out: list[tuple[str, bool]] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        initial = prev_end == 0 or bool(_SENTENCE_BREAK.search(text, prev_end, m.start()))
        prev_end = m.end()
        lower = word.lower()
        if lower in stop or (len(word) < settings.min_word_chars and not word[0].isdigit()):
            continue
        out.append((lower[:settings.stem_chars], word[0].isupper() and not initial))
    return out


def _block_terms(texts: Sequence[str], settings: GluedSettings) -> tuple[list[set[str]], dict[str, float]]:
    """The set of terms of every block, and each term's weight (names weigh more)."""
    term_sets: list[set[str]] = []
    names: set[str] = set()
    for text in texts:
        tokens = _tokens(text, settings)
        term_sets.append({t for t, _ in tokens})
        names.update(t for t, is_name in tokens if is_name)
    weights = {t: settings.name_weight if t in names else 1.0 for s in term_sets for t in s}
    return term_sets, weights


def is_headline(text: str, settings: GluedSettings) -> bool:
    """A short line without closing sentence punctuation."""
    words = text.split()
    return 0 < len(words) <= settings.headline_max_words and not _SENTENCE_END.search(text)


def _coverage(side: Sequence[set[str]], other: Sequence[set[str]], weights: dict[str, float],
              recurring: set[str]) -> tuple[float, float]:
    """Weight of one side's recurring terms, and the share of it also found on the other side."""
    own = set().union(*side) & recurring
    total = sum(weights[t] for t in own)
    if not total:
        return 0.0, 0.0
    across = set().union(*other)
    return total, sum(weights[t] for t in own if t in across) / total


def seam_scores(texts: Sequence[str], settings: GluedSettings) -> list[Seam]:
    """The crossing share at every admissible boundary (the larger of the two sides' shares)."""
    term_sets, weights = _block_terms(texts, settings)
    df: dict[str, int] = {}
    for terms in term_sets:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    recurring = {t for t, n in df.items() if n > 1}
    seams: list[Seam] = []
    lo = min(settings.min_article_blocks, settings.min_foreign_blocks)
    for k in range(lo, len(texts) - lo + 1):
        left_w, left_c = _coverage(term_sets[:k], term_sets[k:], weights, recurring)
        right_w, right_c = _coverage(term_sets[k:], term_sets[:k], weights, recurring)
        if min(left_w, right_w) < settings.min_side_weight:
            continue
        seams.append(Seam(index=k, crossing=max(left_c, right_c),
                          headline=is_headline(texts[k], settings)))
    return seams


def _passes(seam: Seam, settings: GluedSettings) -> bool:
    limit = settings.max_crossing_headline if seam.headline else settings.max_crossing
    return seam.crossing <= limit


def best_seam(texts: Sequence[str], settings: GluedSettings) -> Seam | None:
    """The boundary with the least crossing vocabulary among those that pass, if any."""
    passing = [s for s in seam_scores(texts, settings) if _passes(s, settings)]
    if not passing:
        return None
    return min(passing, key=lambda s: (s.crossing - (1 if s.headline else 0) * 0, s.index))


def _title_share(title: str, texts: Sequence[str], settings: GluedSettings) -> float:
    """Share of the title's content terms found in a run of blocks."""
    wanted = {t for t, _ in _tokens(title, settings)}
    if not wanted:
        return 0.0
    found = set().union(*({t for t, _ in _tokens(x, settings)} for x in texts))
    return len(wanted & found) / len(wanted)


def _article_is_second(title: str | None, texts: Sequence[str], index: int,
                       settings: GluedSettings) -> bool:
    """Whether the part after the seam is the page's article (only a title can say so)."""
    if not title:
        return False
    first = _title_share(title, texts[:index], settings)
    second = _title_share(title, texts[index:], settings)
    return second - first >= settings.title_margin


def find_glued(raw: str, blocks: Sequence[Block], *, title: str | None,
               settings: GluedSettings) -> list[Edit]:
    """Edits removing every block of a glued-on foreign article; empty when the page is whole."""
    if not settings.enabled or len(blocks) < settings.min_article_blocks + settings.min_foreign_blocks:
        return []
    texts = [b.text for b in blocks]
    seam = best_seam(texts, settings)
    if seam is None:
        return []
    head = _article_is_second(title, texts, seam.index, settings)
    foreign = blocks[:seam.index] if head else blocks[seam.index:]
    kept = len(blocks) - len(foreign)
    if kept < settings.min_article_blocks or len(foreign) < settings.min_foreign_blocks:
        return []
    logger.debug("glued article cut at block %d (%s), crossing %.2f", seam.index,
                 "head" if head else "tail", seam.crossing)
    return [remove_block(b, REASON, RULE) for b in foreign]
