"""Cross-document entities of a story: its articles' entity mentions merged into real-world things.

:func:`resolve_entities` reads every article's ``entities`` layer, keeps the labels that name things,
groups mentions by name key (so NER's label disagreements never split a name), joins groups that
are one entity (:mod:`~storydesk.stages.resolve.linking`) and builds one
:class:`~storydesk.model.Entity` per cluster: the fullest common form as its name, the majority
label as its type with every vote kept, each surface form as an alias, each mention cited.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from storydesk.model import Article, Citation, Entity, Provenance
from storydesk.stages.resolve.linking import resolve_clusters
from storydesk.stages.resolve.mentions import Mention, name_groups, story_mentions
from storydesk.stages.resolve.namebook import name_rules
from storydesk.stages.resolve.names import strip_possessive
from storydesk.stages.resolve.settings import ResolveSettings
from storydesk.stages.resolve.spelling import edit_distance, fold

#: The resolve stage's registered name (its stage.py imports this module, so not NAME from there).
STAGE = "resolve.v1"
ID_CHARS = 16
_LETTERS = re.compile(r"[\W\d_]+")


def resolve_entities(articles: Sequence[Article], settings: ResolveSettings) -> tuple[Entity, ...]:
    """The entities of a story's articles, most mentioned first (ties by name, then id)."""
    rules = name_rules()
    mentions = story_mentions(articles, settings, rules)
    groups = name_groups(mentions)
    partition = resolve_clusters(groups, settings, rules)
    clusters: dict[str, list[Mention]] = {}
    for mention in mentions:
        clusters.setdefault(partition.cluster_of(mention), []).append(mention)
    entities = [build_entity(members, settings) for members in clusters.values()]
    return tuple(sorted(entities, key=lambda e: (-len(e.mentions), e.name, e.id)))


def _spread(form: str, forms: Sequence[str]) -> int:
    """How far a spelling is from all the others (the medoid spelling has the least)."""
    return sum(edit_distance(fold(form), fold(other)) for other in forms)


def capitalised_words(form: str) -> int:
    """Words written all in capitals ("UN", "U.S.", "JOHANNESBURG"): abbreviations or shouting."""
    words = [strip_possessive(w) for w in form.split()]
    return sum(1 for word in words if len(_LETTERS.sub("", word)) > 1 and word.isupper())


def canonical_name(mentions: Sequence[Mention], settings: ResolveSettings) -> str:
    """The fullest common form: "Vladimir Putin" over "Putin", "United Nations" over "UN".

    Preferred in turn: a form of several words (a full name over a bare surname), fewer words in
    capitals (abbreviations such as "UN", or shouting such as "JOHANNESBURG"), one
    used at least ``canonical_min_mentions`` times (so a one-off "Libertarian Javier Milei" does not
    win), more key words, more uses, the medoid spelling (closest to all others: misspellings
    scatter around it), the shorter, the alphabetically first.
    """
    counts = Counter(m.name.display for m in mentions)
    floor = min(settings.canonical_min_mentions, max(counts.values()))
    names = {m.name.display: m.name for m in mentions}
    forms = sorted(counts)

    def rank(form: str) -> tuple[bool, int, bool, int, int, int, int, str]:
        name = names[form]
        return (len(name.tokens) < 2, capitalised_words(form), counts[form] < floor, -len(name.tokens),
                -counts[form], _spread(form, forms), len(form), form)

    return min(forms, key=rank)


def entity_type(mentions: Sequence[Mention], name: str, settings: ResolveSettings) -> str:
    """The majority label; a tie goes to the label of the canonical form's mentions, then label order."""
    votes = Counter(m.label for m in mentions)
    top = max(votes.values())
    tied = [label for label in votes if votes[label] == top]
    if len(tied) == 1:
        return tied[0]
    own = Counter(m.label for m in mentions if m.name.display == name and m.label in tied)
    order = {label: i for i, label in enumerate(settings.labels)}
    return min(tied, key=lambda label: (-own[label], order.get(label, len(order)), label))


def aliases(mentions: Sequence[Mention], name: str) -> tuple[str, ...]:
    """Every distinct surface form but the name itself, most used first."""
    counts = Counter(" ".join(m.surface.split()) for m in mentions)
    return tuple(f for f in sorted(counts, key=lambda f: (-counts[f], f)) if f != name)


def entity_id(name: str, citations: Sequence[Citation]) -> str:
    """A stable id from the name and the cited mentions."""
    parts = [name, *sorted(f"{c.article}:{c.start}:{c.end}" for c in citations)]
    return "ent-" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:ID_CHARS]


def build_entity(mentions: Sequence[Mention], settings: ResolveSettings) -> Entity:
    """The entity record of one cluster of mentions (given in article then text order)."""
    name = canonical_name(mentions, settings)
    citations = tuple(m.citation() for m in mentions)
    return Entity(
        id=entity_id(name, citations), name=name, type=entity_type(mentions, name, settings),
        aliases=aliases(mentions, name), type_votes=dict(Counter(m.label for m in mentions)),
        mentions=citations, outlets=tuple(sorted({m.outlet for m in mentions})),
        provenance=Provenance.of(STAGE, citations[:settings.provenance_citations]))
