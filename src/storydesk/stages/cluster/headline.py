"""What may stand as a story's headline: a real title, or a real lead line of an article.

Scraped titles and opening sentences carry bylines ("By Jane Doe, Reuters"), datelines ("MOSCOW,
Feb 23 (Reuters) - "), picture captions, publication stamps and page controls. The rules that name
those are data (``rules/headlines.toml``, with the clean stage's boilerplate line rules); this module
judges one line and finds, in an article, the span of text a headline may show. Every span it returns
indexes ``article.text`` exactly, so a headline's citation points at the characters shown.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from storydesk.errors import ConfigError
from storydesk.model import Article
from storydesk.stages.clean.rulebook import line_rules

RULES_FILE = "headlines.toml"
_LINE = re.compile(r"[^\n]+")
# Words (with dotted abbreviations: "a.m.") and runs of digits; "18h05" is 18, h, 05.
_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?|\d+")
_STAMP_SEPARATOR = re.compile(r"\s[-–—|]\s")
#: The rule naming a picture credit; the line before a credit line is that picture's caption.
CAPTION_RULE = "caption-credit"


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One named pattern of ``rules/headlines.toml``."""

    name: str
    regex: re.Pattern[str]
    search: bool = False
    leads_only: bool = False

    def matches(self, line: str) -> bool:
        return bool(self.regex.search(line) if self.search else self.regex.fullmatch(line))


@dataclass(frozen=True, kw_only=True, slots=True)
class HeadlineRules:
    """The headline rules: what is never a headline, what is cut off a line, and the choice limits."""

    not_headline: tuple[Rule, ...]
    strip_start: tuple[Rule, ...]
    strip_end: tuple[Rule, ...]
    date_words: frozenset[str]
    section_words: int
    central_margin: float
    developing_days: int
    min_title_words: int
    lead_sentences: int


def _rule(entry: dict[str, Any]) -> Rule:
    flags = re.IGNORECASE if entry.get("ignore_case", False) else 0
    name = str(entry["name"])
    try:
        regex = re.compile(str(entry["pattern"]), flags)
    except re.error as err:
        raise ConfigError(f"bad pattern in headline rule {name!r}: {err}", source=RULES_FILE) from err
    return Rule(name=name, regex=regex, search=bool(entry.get("search", False)),
                leads_only=bool(entry.get("leads_only", False)))


@functools.cache
def headline_rules() -> HeadlineRules:
    """The rules of ``rules/headlines.toml``, compiled once."""
    try:
        text = resources.files("storydesk.rules").joinpath(RULES_FILE).read_text(encoding="utf-8")
        data = tomllib.loads(text)
        choice, stamp = data["choice"], data["date_line"]
        return HeadlineRules(
            not_headline=tuple(_rule(r) for r in data["not_headline"]),
            strip_start=tuple(_rule(r) for r in data["strip_start"]),
            strip_end=tuple(_rule(r) for r in data["strip_end"]),
            date_words=frozenset(str(stamp["words"]).split()), section_words=int(stamp["section_words"]),
            central_margin=float(choice["central_margin"]), developing_days=int(choice["developing_days"]),
            min_title_words=int(choice["min_title_words"]), lead_sentences=int(choice["lead_sentences"]))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as err:
        raise ConfigError(f"cannot load headline rules: {err}", source=RULES_FILE) from err


def is_date_line(line: str, rules: HeadlineRules) -> bool:
    """A publication stamp: date and time words and numbers, perhaps a short section name after a dash."""
    stamp, *section = _STAMP_SEPARATOR.split(line, maxsplit=1)
    tokens = _TOKEN.findall(stamp.lower())
    if not any(t.isdigit() for t in tokens):
        return False
    if section and len(section[0].split()) > rules.section_words:
        return False
    return all(t.isdigit() or t.rstrip(".") in rules.date_words or t in rules.date_words for t in tokens)


def rejection(line: str, rules: HeadlineRules | None = None) -> str | None:
    """The name of the rule saying this stripped line is no headline, or None when none does."""
    rules = rules or headline_rules()
    for rule in rules.not_headline:
        if rule.matches(line):
            return rule.name
    if is_date_line(line, rules):
        return "date-line"
    for boiler in line_rules():
        if boiler.matches(line):
            return f"boilerplate:{boiler.name}"
    return None


def trimmed(text: str, start: int, end: int, *, lead: bool,
            rules: HeadlineRules | None = None) -> tuple[int, int]:
    """``(start, end)`` narrowed past datelines, flash labels and site suffixes, and past whitespace."""
    rules = rules or headline_rules()
    changed = True
    while changed and start < end:
        changed = False
        start, end = _strip_space(text, start, end)
        for rule in rules.strip_start:
            if rule.leads_only and not lead:
                continue
            match = rule.regex.match(text, start, end)
            if match and match.end() > start and match.end() < end:
                start, changed = match.end(), True
        for rule in rules.strip_end:
            match = rule.regex.search(text[start:end])
            if match and match.start() > 0:
                end, changed = start + match.start(), True
    return _strip_space(text, start, end)


def _strip_space(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def title_span(title: str, rules: HeadlineRules | None = None) -> tuple[int, int] | None:
    """The part of a title that reads as a headline (offsets into ``title``), or None when none does."""
    rules = rules or headline_rules()
    line = " ".join(title.split())
    start, end = trimmed(line, 0, len(line), lead=False, rules=rules)
    shown = line[start:end]
    if len(shown.split()) < rules.min_title_words or rejection(shown, rules) or rejection(line, rules):
        return None
    # Offsets into the title as given, whose whitespace may differ from the normalised line.
    at = title.find(shown)
    return (at, at + len(shown)) if at >= 0 else None


def lead_span(article: Article, min_words: int, rules: HeadlineRules | None = None) -> tuple[int, int] | None:
    """The article's first real lead line, as ``article.text`` offsets; None when its opening has none.

    Lines are read within the first sentences. A line is passed over when any rule rejects it (judged
    whole, even where the sentence splitter cut it), when the line after it is a picture credit (then
    it is the caption), or when it is shorter than ``min_words`` (a section label, a slogan); a
    leading dateline is cut off the line that stands.
    """
    rules = rules or headline_rules()
    text = article.text
    for sent in article.layers.get("sentences", ())[:rules.lead_sentences]:
        for piece in _LINE.finditer(text, sent.start, sent.end):
            start, end = _strip_space(text, piece.start(), piece.end())
            if start >= end or rejection(_whole_line(text, start), rules) or _captioned(text, start, rules):
                continue
            start, end = trimmed(text, start, end, lead=True, rules=rules)
            shown = text[start:end]
            if len(shown.split()) >= min_words and not rejection(shown, rules):
                return start, end
    return None


def _whole_line(text: str, at: int) -> str:
    """The stripped text line that contains offset ``at``."""
    begin = text.rfind("\n", 0, at) + 1
    stop = text.find("\n", at)
    return text[begin:stop if stop >= 0 else len(text)].strip()


def _captioned(text: str, at: int, rules: HeadlineRules) -> bool:
    """Whether the next non-empty line after the one at ``at`` is a picture credit (this one its caption)."""
    stop = text.find("\n", at)
    following = text[stop:].lstrip().split("\n", 1)[0].strip() if stop >= 0 else ""
    credit = [r for r in rules.not_headline if r.name == CAPTION_RULE]
    return bool(following) and any(r.matches(following) for r in credit)
