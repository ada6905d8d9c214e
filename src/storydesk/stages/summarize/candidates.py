"""Which sentence units can stand in a summary: whole, declarative, narrative sentences.

Scraped sentences often carry a headline, a picture credit or a dateline glued on by a paragraph break
("Credit: AP\\n\\nFlags were lowered ..."); :func:`sentence_core` keeps the part that is a sentence, so
the summary quotes (and cites) only that. :func:`eligible` then leaves out questions, fragments of
multi-sentence quotes, mostly-quoted sentences, cut-off endings and page furniture.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import replace
from importlib import resources

from storydesk.errors import ConfigError
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
# A label before a colon opens captions and credits that survived cleaning ("Caption: ...").
_LABEL = re.compile(r"^(caption|credit|photo|image|picture|video|watch|listen|file|editor'?s note)s?\s*:",
                    re.IGNORECASE)
# A sentence opening with a pronoun leans on the one before it: alone it does not say who.
_DANGLING_START = re.compile(r"^(he|she|it|they|his|her|its|their|him|them)\b", re.IGNORECASE)
# First-person words outside quotation marks: a statement by someone (an unmarked quote, a press
# release, a column), not a report of events.
_FIRST_PERSON = re.compile(r"\b(I|[Ww]e|[Oo]ur|us|[Mm]y|me)\b")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_WORD = re.compile(r"\w+")
# Keys of rules/stopwords.toml that are word lists of one language (the others are content words).
_COMMON_PREFIX = "common"


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
    covered: set[int] = set()
    for quote in unit.quotes:
        if quote.attrs.kind == "direct":
            covered.update(range(max(quote.start, unit.start), min(quote.end, unit.end)))
    return len(covered) / max(len(unit.text), 1)


def balanced_quotes(text: str) -> bool:
    """Whether the quotation marks open and close inside the sentence (not a piece of a longer quote)."""
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def is_furniture(text: str) -> bool:
    """Page furniture: a boilerplate line rule or a caption label matches, or links, handles, pipes."""
    return (bool(_FURNITURE.search(text) or _LABEL.match(text))
            or any(rule.matches(text) for rule in line_rules()))


@functools.cache
def function_words() -> dict[str, frozenset[str]]:
    """Function words per language code, from ``rules/stopwords.toml``."""
    try:
        text = resources.files("storydesk.rules").joinpath("stopwords.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot load stopwords: {err}", source="stopwords.toml") from err
    return {lang: frozenset(str(words).lower().split()) for lang, words in data.items()
            if not lang.startswith(_COMMON_PREFIX)}


def language_of(text: str, prefer: str | None = None) -> str | None:
    """The language whose function words the sentence uses most (``prefer`` wins ties); None if none."""
    words = [w.lower() for w in _WORD.findall(text)]
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in function_words().items()}
    best = max(counts.values(), default=0)
    if best == 0:
        return None
    if prefer is not None and counts.get(prefer) == best:
        return prefer
    return min(lang for lang, n in counts.items() if n == best)


@functools.cache
def any_function_words() -> frozenset[str]:
    """The function words of all languages together."""
    return frozenset().union(*function_words().values())


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of the sentence that are no language's function words."""
    stop = any_function_words()
    return frozenset(w for w in (m.lower() for m in _WORD.findall(text)) if w not in stop)


def is_statement(text: str) -> bool:
    """A whole declarative sentence that stands alone: capital start, full stop, balanced quotes, no
    leading pronoun, no first person outside quotes."""
    return (bool(_STATEMENT_END.search(text)) and bool(_SENTENCE_START.match(text))
            and balanced_quotes(text) and not _DANGLING_START.match(text)
            and not _FIRST_PERSON.search(_QUOTED.sub(" ", text)))


def can_support(unit: SentenceUnit, settings: SummarySettings) -> bool:
    """Whether a sentence says enough to back another: a statement of ``min_words`` or more ending
    in a full stop (not a question, a headline, nor a lead-in such as "In her decision, she states:")."""
    text = unit.text.rstrip()
    return len(_WORD.findall(text)) >= settings.min_words and bool(_STATEMENT_END.search(text))


def eligible(unit: SentenceUnit, settings: SummarySettings, language: str | None = None) -> bool:
    """Whether a (core) sentence may be chosen for a summary in ``language`` (any when None)."""
    text = unit.text
    if not settings.min_chars <= len(text) <= settings.max_chars:
        return False
    if len(_WORD.findall(text)) < settings.min_words or quote_share(unit) > settings.max_quote_share:
        return False
    if language is not None and language_of(text, language) not in (language, None):
        return False
    return is_statement(text) and not is_furniture(text)
