"""Which sentence units can stand in a summary: whole, declarative, narrative sentences.

Scraped sentences often carry a headline, a picture credit or a dateline glued on by a paragraph break
("Credit: AP\\n\\nFlags were lowered ..."); :func:`sentence_core` keeps the part that is a sentence, so
the summary quotes (and cites) only that. :func:`eligible` then leaves out questions, fragments of
multi-sentence quotes, mostly-quoted sentences, cut-off endings and page furniture.
"""

from __future__ import annotations

import re
from dataclasses import replace

from storydesk.model import Span
from storydesk.stages.clean.rulebook import line_rules
from storydesk.stages.compare.units import SentenceUnit
from storydesk.stages.summarize.settings import SummarySettings

# Paragraph breaks inside one sentence unit: the sentence splitter glued a headline or caption on.
_PIECE = re.compile(r"[^\n]+")
# A statement ends with a full stop or exclamation mark, possibly inside closing quotes or brackets.
_STATEMENT_END = re.compile(r"[.!][\"'”’)\]]*$")
# A sentence starts like one: a capital, a digit, or an opening quote or bracket before them.
_SENTENCE_START = re.compile(r"^[\"'“‘(\[]?[A-Z0-9À-Þ]")
# Links, handles and pipes belong to page furniture and social embeds, not to reported prose.
_FURNITURE = re.compile(r"https?://|www\.|(?<!\w)@\w|\|")
_WORD = re.compile(r"\w+")


def _within(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    return tuple(s for s in spans if s.start >= start and s.end <= end)


def _restrict(unit: SentenceUnit, offset: int, text: str) -> SentenceUnit:
    """The unit cut down to ``text``, which starts ``offset`` characters into it."""
    start = unit.start + offset
    end = start + len(text)
    return replace(unit, start=start, end=end, text=text,
                   entities=_within(unit.entities, start, end), dates=_within(unit.dates, start, end),
                   numbers=_within(unit.numbers, start, end),
                   quotes=tuple(q for q in unit.quotes if q.start < end and q.end > start))


def sentence_core(unit: SentenceUnit) -> SentenceUnit:
    """The longest line of the unit that ends like a statement (the unit itself when none does)."""
    if "\n" not in unit.text:
        return unit
    pieces = [(m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
              for m in _PIECE.finditer(unit.text)]
    statements = [(at, text) for at, text in pieces if _STATEMENT_END.search(text)]
    if not statements:
        return unit
    at, text = max(statements, key=lambda p: (len(p[1]), -p[0]))
    return _restrict(unit, at, text)


def quote_share(unit: SentenceUnit) -> float:
    """Share of the sentence's characters inside direct quotes."""
    covered = set()
    for quote in unit.quotes:
        if quote.attrs.get("kind", "direct") == "direct":
            covered.update(range(max(quote.start, unit.start), min(quote.end, unit.end)))
    return len(covered) / max(len(unit.text), 1)


def balanced_quotes(text: str) -> bool:
    """Whether the quotation marks open and close inside the sentence (not a piece of a longer quote)."""
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def is_furniture(text: str) -> bool:
    """Page furniture: a boilerplate line rule matches, or it carries links, handles or pipes."""
    return bool(_FURNITURE.search(text)) or any(rule.matches(text) for rule in line_rules())


def eligible(unit: SentenceUnit, settings: SummarySettings) -> bool:
    """Whether a (core) sentence may be chosen for the summary."""
    text = unit.text
    return (settings.min_chars <= len(text) <= settings.max_chars
            and len(_WORD.findall(text)) >= settings.min_words
            and bool(_STATEMENT_END.search(text)) and bool(_SENTENCE_START.match(text))
            and balanced_quotes(text) and quote_share(unit) <= settings.max_quote_share
            and not is_furniture(text))
