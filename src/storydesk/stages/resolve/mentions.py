"""Entity mentions of a story's articles, and the groups of mentions that share one name key."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from storydesk.model import Article, Citation, Span
from storydesk.model.article import outlet_of
from storydesk.stages.resolve.namebook import NameRules
from storydesk.stages.resolve.names import Name, parse_name
from storydesk.stages.resolve.settings import ResolveSettings


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """One entity span of one article, trimmed, with the name it holds."""

    article: str
    outlet: str
    start: int
    end: int
    label: str
    surface: str
    name: Name

    def citation(self) -> Citation:
        """Where the mention is: article id and character range."""
        return Citation(article=self.article, start=self.start, end=self.end)


@dataclass(frozen=True, kw_only=True, slots=True)
class NameGroup:
    """All mentions whose names share one key, whatever label NER gave each of them."""

    key: str
    tokens: tuple[str, ...]
    initials: str
    acronym: bool
    mentions: tuple[Mention, ...]
    labels: Mapping[str, int] = field(default_factory=dict)
    articles: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """The label most of the mentions got (ties: alphabetical, so the choice is stable)."""
        return top_label(self.labels)


def top_label(votes: Mapping[str, int]) -> str:
    """The most voted label; ties go to the alphabetically first so the choice is stable."""
    return min(votes, key=lambda label: (-votes[label], label)) if votes else ""


def mostly(votes: Mapping[str, int], labels: Iterable[str]) -> bool:
    """Whether more than half of the label votes went to the given labels."""
    wanted = set(labels)
    return 2 * sum(n for label, n in votes.items() if label in wanted) > sum(votes.values())


def _trimmed(span: Span, text: str) -> tuple[int, int]:
    raw = text[span.start:span.end]
    lead = len(raw) - len(raw.lstrip())
    return span.start + lead, span.start + len(raw.rstrip())


def article_mentions(article: Article, settings: ResolveSettings, rules: NameRules) -> list[Mention]:
    """The mentions of one article's ``entities`` layer that hold a name of an entity label.

    Spans across a line break are NER errors that glue two paragraphs' names together; they are left out.
    """
    outlet = outlet_of(article)
    out: list[Mention] = []
    for span in article.layers.get("entities", ()):
        if span.label not in settings.labels:
            continue
        start, end = _trimmed(span, article.text)
        surface = article.text[start:end]
        if "\n" in surface:
            continue
        name = parse_name(surface, span.label, settings, rules)
        if name.valid:
            out.append(Mention(article=article.id, outlet=outlet, start=start, end=end,
                               label=span.label, surface=surface, name=name))
    return out


def story_mentions(articles: Sequence[Article], settings: ResolveSettings,
                   rules: NameRules) -> list[Mention]:
    """The mentions of all the articles, in article then text order."""
    return [m for a in articles for m in article_mentions(a, settings, rules)]


def name_groups(mentions: Iterable[Mention]) -> dict[str, NameGroup]:
    """Mentions grouped by name key; an acronym group is one whose mentions are mostly written so."""
    by_key: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_key.setdefault(mention.name.key, []).append(mention)
    return {key: _group(key, members) for key, members in sorted(by_key.items())}


def _group(key: str, members: list[Mention]) -> NameGroup:
    first = members[0].name
    acronyms = sum(m.name.acronym for m in members)
    return NameGroup(key=key, tokens=first.tokens, initials=first.initials,
                     acronym=2 * acronyms > len(members), mentions=tuple(members),
                     labels=dict(Counter(m.label for m in members)),
                     articles=frozenset(m.article for m in members))
