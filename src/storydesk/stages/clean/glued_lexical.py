"""Lexical cohesion across a page's paragraph boundaries: the crossing share of recurring vocabulary.

Two articles share little recurring vocabulary: the names, numbers and content words that come back
paragraph after paragraph in one rarely appear in the other. For every candidate boundary this
module measures, on each side, which share of that side's recurring vocabulary also occurs on the
other side (*crossing*); a whole article has a high crossing share at every boundary, a glued page a
low one at the seam. Common words (``rules/stopwords.toml``) do not count, names count double.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from storydesk.errors import ConfigError
from storydesk.stages.clean.settings import GluedSettings

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_SENTENCE_BREAK = re.compile(r"[.!?:;\"“”«»]")
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’»)]$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_PROSE_END = re.compile(r"[.!?…\"”’»)]$")


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


def is_headline(text: str, settings: GluedSettings) -> bool:
    """A short line without closing sentence punctuation."""
    words = text.split()
    return 0 < len(words) <= settings.headline_max_words and not _SENTENCE_END.search(text)


def is_prose(text: str, settings: GluedSettings) -> bool:
    """A paragraph of running text: enough words, closed by sentence punctuation."""
    return len(text.split()) >= settings.prose_min_words and bool(_PROSE_END.search(text))


def opens_article(texts: Sequence[str], index: int, settings: GluedSettings) -> bool:
    """Whether block ``index`` can open an article: prose, or a headline line soon followed by prose.

    Page furniture (price lists, contact lines, "Next article" links, comment forms) is neither, and
    a seam placed inside a run of it cuts an article's own footer off instead of the foreign text.
    """
    if not is_headline(texts[index], settings):
        return is_prose(texts[index], settings)
    ahead = texts[index + 1:index + 1 + settings.headline_lookahead]
    return any(is_prose(text, settings) for text in ahead)


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


def title_terms(title: str | None, settings: GluedSettings) -> list[str]:
    """The title's content terms, sorted."""
    return sorted({t for t, _ in _tokens(title or "", settings)})


def _title_contrast(page: Page, title: str | None, settings: GluedSettings) -> np.ndarray:
    """Per boundary ``k`` (row ``k-1``): how unevenly the title's words fall on the two sides."""
    wanted = title_terms(title, settings)
    if not wanted:
        return np.zeros(max(0, len(page.terms) - 1))
    hits = np.array([[t in terms for t in wanted] for terms in page.terms], dtype=np.float64)
    before = np.cumsum(hits, axis=0)[:-1]
    after = hits.sum(axis=0) - before
    return np.abs((before > 0).mean(axis=1) - (after > 0).mean(axis=1))


def measurable(texts: Sequence[str], settings: GluedSettings) -> bool:
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
