"""Quotation-mark regions in a text: paired straight and curly marks, scare quotes and titles left out."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

_OPEN_CURLY = "“«„"
_CLOSE_CURLY = "”»"
_STRAIGHT = '"'
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_PARAGRAPH_BREAK = "\n"
_DOUBLE_MARKS = re.compile("[" + re.escape(_OPEN_CURLY + _CLOSE_CURLY + _STRAIGHT) + "\n]")
_SINGLE_MARKS = re.compile("[" + re.escape(_SINGLE_OPEN + _SINGLE_CLOSE) + "'\n]")


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteRegion:
    """The content of one quotation: ``[start, end)`` without the marks."""

    start: int
    end: int


def _is_open_position(text: str, i: int) -> bool:
    """A straight or single mark at ``i`` opens after space or punctuation and before a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{:;,—–-") and not after.isspace()


def _scan(text: str, openers: str, closers: str, straight: str) -> list[QuoteRegion]:
    """Pair opening and closing marks within a paragraph; an unclosed quotation is dropped."""
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    for match in _DOUBLE_MARKS.finditer(text):
        i, char = match.start(), match.group()
        if char == _PARAGRAPH_BREAK:
            open_at = None
            continue
        opens = char in openers or (char in straight and _is_open_position(text, i))
        closes = char in closers or (char in straight and not _is_open_position(text, i))
        if open_at is None and opens:
            open_at = i + 1
        elif open_at is not None and closes:
            regions.append(QuoteRegion(start=open_at, end=i))
            open_at = None
    return regions


def _is_single_close(text: str, i: int) -> bool:
    """A right single mark closes a quotation unless it is an apostrophe inside a word."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalpha()


def _single_regions(text: str) -> list[QuoteRegion]:
    """Quotations in single marks (‘...’ or '...'), told apart from apostrophes by their position."""
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    for match in _SINGLE_MARKS.finditer(text):
        i, char = match.start(), match.group()
        if char == _PARAGRAPH_BREAK:
            open_at = None
        elif char in _SINGLE_OPEN + "'" and open_at is None and _is_open_position(text, i):
            open_at = i + 1
        elif char in _SINGLE_CLOSE + "'" and open_at is not None and _is_single_close(text, i):
            if text[i - 1] in "sS" and text[i + 1:i + 2] == " ":
                # "Dumfries’ late challenge": a plural possessive, not the end of the quotation.
                continue
            regions.append(QuoteRegion(start=open_at, end=i))
            open_at = None
    return regions


def is_title_like(content: str, *, min_words: int, stopwords: frozenset[str]) -> bool:
    """Scare quotes and titles: too few words, or every word capitalised (a name, a headline)."""
    words = _WORD.findall(content)
    if len(words) < min_words:
        return True
    content_words = [w for w in words if w.lower() not in stopwords]
    return all(w[0].isupper() for w in content_words) and not content.rstrip().endswith((".", "!", "?", ","))


def find_regions(text: str, *, min_words: int, stopwords: frozenset[str]) -> tuple[QuoteRegion, ...]:
    """All quotations in ``text`` that can be speech, in text order and without nesting."""
    double = _scan(text, _OPEN_CURLY + _STRAIGHT, _CLOSE_CURLY + _STRAIGHT, _STRAIGHT)
    singles = [r for r in _single_regions(text) if not any(d.start <= r.start < d.end for d in double)]
    kept = []
    for region in sorted(double + singles, key=lambda r: r.start):
        content = text[region.start:region.end]
        if is_title_like(content, min_words=min_words, stopwords=stopwords):
            log.debug("not speech (scare quote or title): %r", content)
            continue
        kept.append(region)
    return tuple(kept)
