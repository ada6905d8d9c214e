"""Detect and cut a foreign article glued onto a page's tail (or head).

Scrapers often append the next article of a site to the one asked for, sometimes with its headline.
Two articles share little recurring vocabulary: the names, numbers and content words that come back
paragraph after paragraph in one rarely appear in the other. For every candidate boundary the step
measures, on each side, which share of that side's recurring vocabulary also occurs on the other side
(*crossing*); a whole article has a high crossing share at every boundary, a glued page a low one at
the seam. Common words (``rules/stopwords.toml``) do not count, names count double. Where several
boundaries score alike, one opening with a headline-like line wins. The side kept is the one that
holds the title's words when a title is given, else the first: pages far more often append foreign
text than prepend it, and without a title nothing tells which article the page is for. The step is
conservative: text it cannot measure (too little recurring vocabulary, no spaces between words) is
never cut, whatever its language.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from storydesk.errors import ConfigError
from storydesk.stages.clean.edits import Block, Edit, remove_block

logger = logging.getLogger(__name__)

REASON = "glued-foreign-article"
RULE = "glued"

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_SENTENCE_BREAK = re.compile(r"[.!?:;\"“”«»]")
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’»)]$")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, kw_only=True, slots=True)
class GluedSettings:
    """Thresholds of the glued-article cut (section ``[clean.glued]``)."""

    # Off switch: some sources (live blogs, digests) are meant to hold several stories.
    enabled: bool = True
    # The kept article needs this many paragraphs: shorter text cannot show its own cohesion.
    min_article_blocks: int = 3
    # A foreign article is at least a lead and two more paragraphs (or headline, lead, paragraph);
    # shorter tails are left to the boilerplate rules (related links, captions).
    min_foreign_blocks: int = 3
    # Words are cut to this many characters: a crude, language-blind stemmer ("Russia"/"Russian").
    stem_chars: int = 6
    # Shorter words carry no topic (particles, abbreviations) in any of the supported languages.
    min_word_chars: int = 3
    # Shorter numbers (ranks, counts, days of the month) occur in any article.
    min_number_chars: int = 3
    # A capitalised name seen mid-sentence is the strongest cohesion cue between paragraphs.
    name_weight: float = 2.0
    # Scripts written without spaces (Chinese, Japanese) give one "word" per clause: above this
    # many characters per word the text is not measurable and is never cut.
    max_chars_per_word: float = 15.0
    # Each side needs this much recurring vocabulary (weighted) before its cohesion can be judged;
    # lists and very short parts fall below it and are never cut there.
    min_side_weight: float = 6.0
    # Cut when the two sides share at most this much of their recurring vocabulary (the mean of the
    # two sides' crossing shares); whole articles stay well above it at every boundary.
    max_crossing: float = 0.2
    # Boundaries this close to the lowest crossing are equally plausible: paragraphs without
    # recurring words (a credit line, a price list) leave the share flat. 0 keeps exact ties only;
    # wider valleys moved cuts off the true seam in evaluation ...
    valley_tolerance: float = 0.0
    # ... when at most this many paragraphs away from it.
    valley_max_blocks: int = 3
    # A boundary with all of the title's words on one side needs this much less crossing evidence.
    title_weight: float = 0.05
    # A headline line: at most this many words and no closing sentence punctuation.
    headline_max_words: int = 20
    # The title must cover this much more of one side than of the other to decide which side is
    # the article; below it the first side is kept.
    title_margin: float = 0.2


@dataclass(frozen=True, kw_only=True, slots=True)
class Seam:
    """A boundary: blocks before ``index`` form one part, the rest the other."""

    index: int
    crossing: float


@dataclass(frozen=True, kw_only=True, slots=True)
class Lexicon:
    """Words that carry no topic: function words (exact) and common content words (by stem)."""

    function: frozenset[str]
    common_stems: frozenset[str]


@functools.cache
def lexicon(stem_chars: int) -> Lexicon:
    """The word lists of ``rules/stopwords.toml``, all languages merged."""
    try:
        text = resources.files("storydesk.rules").joinpath("stopwords.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot load stopwords: {err}", source="stopwords.toml") from err
    function = {w for key, words in data.items() if not key.startswith("common")
                for w in str(words).lower().split()}
    common = {w[:stem_chars] for key, words in data.items() if key.startswith("common")
              for w in str(words).lower().split()}
    return Lexicon(function=frozenset(function), common_stems=frozenset(common))


def _keep_word(word: str, lower: str, lex: Lexicon, settings: GluedSettings) -> bool:
    """Whether a word can carry topic: not a function, common or short word, not a small number."""
    if word[0].isdigit():
        return len(word) >= settings.min_number_chars and not _YEAR.fullmatch(word)
    return (len(word) >= settings.min_word_chars and lower not in lex.function
            and lower[:settings.stem_chars] not in lex.common_stems)


def _tokens(text: str, settings: GluedSettings) -> list[tuple[str, bool]]:
    """(stemmed term, written capitalised mid-sentence) for every content word of a text."""
    lex = lexicon(settings.stem_chars)
    out: list[tuple[str, bool]] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        initial = prev_end == 0 or bool(_SENTENCE_BREAK.search(text, prev_end, m.start()))
        prev_end = m.end()
        lower = word.lower()
        if _keep_word(word, lower, lex, settings):
            out.append((lower[:settings.stem_chars], word[0].isupper() and not initial))
    return out


@dataclass(frozen=True, kw_only=True, slots=True)
class Page:
    """The blocks of a page as sets of content terms, tokenised once."""

    texts: tuple[str, ...]
    terms: tuple[frozenset[str], ...]
    names: frozenset[str]

    @classmethod
    def of(cls, texts: Sequence[str], settings: GluedSettings) -> Page:
        """Tokenise every block; names come from prose lines only (title case marks every word)."""
        terms: list[frozenset[str]] = []
        names: set[str] = set()
        for text in texts:
            tokens = _tokens(text, settings)
            terms.append(frozenset(t for t, _ in tokens))
            if not is_headline(text, settings):
                names.update(t for t, is_name in tokens if is_name)
        return cls(texts=tuple(texts), terms=tuple(terms), names=frozenset(names))


def _matrix(page: Page, settings: GluedSettings) -> tuple[np.ndarray, np.ndarray]:
    """Block × term presence (0/1) of the recurring terms, and each term's weight."""
    index: dict[str, int] = {}
    rows = [[index.setdefault(t, len(index)) for t in terms] for terms in page.terms]
    presence = np.zeros((len(rows), len(index)), dtype=np.float64)
    for i, row in enumerate(rows):
        presence[i, row] = 1.0
    weights = np.ones(len(index))
    weights[[index[t] for t in page.names if t in index]] = settings.name_weight
    recurring = presence.sum(axis=0) > 1
    return presence[:, recurring], weights[recurring]


def is_headline(text: str, settings: GluedSettings) -> bool:
    """A short line without closing sentence punctuation."""
    words = text.split()
    return 0 < len(words) <= settings.headline_max_words and not _SENTENCE_END.search(text)


def _title_terms(title: str | None, settings: GluedSettings) -> list[str]:
    return sorted({t for t, _ in _tokens(title or "", settings)})


def _title_contrast(page: Page, title: str | None, settings: GluedSettings) -> np.ndarray:
    """Per boundary ``k`` (row ``k-1``): how unevenly the title's words fall on the two sides."""
    wanted = _title_terms(title, settings)
    if not wanted:
        return np.zeros(max(0, len(page.terms) - 1))
    hits = np.array([[t in terms for t in wanted] for terms in page.terms], dtype=np.float64)
    before = np.cumsum(hits, axis=0)[:-1]
    after = hits.sum(axis=0) - before
    return np.abs((before > 0).mean(axis=1) - (after > 0).mean(axis=1))


def _measurable(texts: Sequence[str], settings: GluedSettings) -> bool:
    """Whether the text is written with spaces between words (cohesion can be measured)."""
    chars = sum(len(t) for t in texts)
    words = sum(len(t.split()) for t in texts)
    return words > 0 and chars / words <= settings.max_chars_per_word


def seam_scores(page: Page, title: str | None, settings: GluedSettings) -> list[Seam]:
    """The crossing share at every admissible boundary (mean of the two sides' shares).

    A side's crossing share is the weight of its recurring terms, counted once per paragraph they
    occur in, that also occur on the other side, over the weight of all its recurring terms. A
    boundary that splits the title's words unevenly (all on one side) gets a small discount.
    """
    presence, weights = _matrix(page, settings)
    before = np.cumsum(presence, axis=0)[:-1]          # row k-1: counts in blocks[:k]
    after = presence.sum(axis=0) - before
    left_total, right_total = before @ weights, after @ weights
    left_cross = (before * (after > 0)) @ weights
    right_cross = (after * (before > 0)) @ weights
    contrast = settings.title_weight * _title_contrast(page, title, settings)
    seams: list[Seam] = []
    lo = min(settings.min_article_blocks, settings.min_foreign_blocks)
    for k in range(lo, len(page.texts) - lo + 1):
        lt, rt = left_total[k - 1], right_total[k - 1]
        if min(lt, rt) < settings.min_side_weight:
            continue
        crossing = (left_cross[k - 1] / lt + right_cross[k - 1] / rt) / 2 - contrast[k - 1]
        seams.append(Seam(index=k, crossing=float(crossing)))
    return seams


def lowest_seam(page: Page, title: str | None,
                settings: GluedSettings) -> tuple[Seam | None, list[Seam]]:
    """The boundary with the least crossing vocabulary if it passes the threshold, and all seams."""
    if not _measurable(page.texts, settings):
        return None, []
    seams = seam_scores(page, title, settings)
    if not seams:
        return None, seams
    seam = min(seams, key=lambda s: (s.crossing, s.index))
    return (seam if seam.crossing <= settings.max_crossing else None), seams


def _placed(seam: Seam, seams: Sequence[Seam], texts: Sequence[str], head: bool,
            settings: GluedSettings) -> int:
    """Where to cut inside the flat valley around the lowest seam.

    Paragraphs without recurring words (a credit line, a price list) leave the crossing share flat,
    so several boundaries score alike: prefer one opening with a headline line, else the one that
    removes the least text.
    """
    valley = [s.index for s in seams if s.crossing <= seam.crossing + settings.valley_tolerance
              and abs(s.index - seam.index) <= settings.valley_max_blocks]
    opening = [k for k in valley if is_headline(texts[k], settings)]
    candidates = opening or valley
    return min(candidates) if head else max(candidates)


def _title_share(wanted: set[str], terms: Sequence[frozenset[str]]) -> float:
    """Share of the title's content terms found in a run of blocks."""
    return len(wanted & set().union(*terms)) / len(wanted)


def _article_is_second(title: str | None, page: Page, index: int, settings: GluedSettings) -> bool:
    """Whether the part after the seam is the page's article (only a title can say so)."""
    wanted = set(_title_terms(title, settings))
    if not wanted:
        return False
    first = _title_share(wanted, page.terms[:index])
    second = _title_share(wanted, page.terms[index:])
    return second - first >= settings.title_margin


def find_glued(raw: str, blocks: Sequence[Block], *, title: str | None,
               settings: GluedSettings) -> list[Edit]:
    """Edits removing every block of a glued-on foreign article; empty when the page is whole.

    ``raw`` is the page text the blocks index into; ``title`` (if known) decides which side is the
    article, else the first side is kept.
    """
    if not settings.enabled or len(blocks) < settings.min_article_blocks + settings.min_foreign_blocks:
        return []
    page = Page.of([b.text for b in blocks], settings)
    seam, seams = lowest_seam(page, title, settings)
    if seam is None:
        return []
    head = _article_is_second(title, page, seam.index, settings)
    index = _placed(seam, seams, page.texts, head, settings)
    foreign = blocks[:index] if head else blocks[index:]
    if len(blocks) - len(foreign) < settings.min_article_blocks:
        return []
    logger.debug("glued article cut at block %d (%s), crossing %.2f", index,
                 "head" if head else "tail", seam.crossing)
    return [remove_block(b, REASON, RULE) for b in foreign]
