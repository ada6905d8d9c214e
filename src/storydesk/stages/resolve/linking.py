"""Which name groups are one entity: misspellings, surnames, short organisation names, acronyms.

Groups of one key are joined in a :class:`Partition` (union-find). Two passes:

1. Misspellings and transliterations ("Vedomosti" / "Vendamasti", "Vnukovo" / "Vnukova"): one word
   differs, its consonant skeleton differs by at most one added letter, the two spellings never
   share an article (a writer who uses both means two things) and one of them is rare.
2. Short forms, longest first: a surname or a first-and-last name of a longer person name ("Putin",
   "Bashar Assad"), an organisation without a generic tail ("Labour" / "Labour Party"), an acronym
   ("RIAC"). A first and last name joins every longer form of it, as does a name whose longer forms
   only add generic words ("Ford Motor", "Ford Motors"). Otherwise a short form that fits several
   entities is decided per article by the one that article names in full, and else left alone. A
   name NER mostly calls a place ("Washington") is never taken for a person's surname.

Demonyms (NORP: "Syrian") never join another name by these rules, so Syria and Syrian stay apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from storydesk.stages.resolve.index import NameIndex, misspelling_candidates
from storydesk.stages.resolve.mentions import Mention, NameGroup, mostly, top_label
from storydesk.stages.resolve.namebook import NameRules
from storydesk.stages.resolve.names import key_token
from storydesk.stages.resolve.settings import ResolveSettings
from storydesk.stages.resolve.spelling import consonants, indel_distance, skeleton


class Link(Enum):
    """How a short form relates to a longer name."""

    SURNAME = "surname"
    TAIL = "tail"
    ACRONYM = "acronym"


@dataclass(frozen=True, kw_only=True, slots=True)
class LinkWords:
    """Rule words in key form: generic organisation tails, and connectors no person's name has."""

    tails: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()


class Partition:
    """Union-find over name keys, with per-article exceptions for short forms decided per article."""

    def __init__(self, groups: Mapping[str, NameGroup]) -> None:
        self._parent = {key: key for key in groups}
        self._votes = {key: Counter(g.labels) for key, g in groups.items()}
        self._articles = {key: set(g.articles) for key, g in groups.items()}
        self.redirect: dict[tuple[str, str], str] = {}

    def find(self, key: str) -> str:
        """The root key of a key's cluster."""
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        """Join two clusters; the smaller root key stays root, so the outcome is order-free."""
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra != rb:
            self._parent[rb] = ra
            self._votes[ra].update(self._votes.pop(rb))
            self._articles[ra] |= self._articles.pop(rb)

    def votes(self, key: str) -> Counter[str]:
        """The label votes of a key's cluster."""
        return self._votes[self.find(key)]

    def label(self, key: str) -> str:
        """The majority label of a key's cluster."""
        return top_label(self.votes(key))

    def articles(self, key: str) -> set[str]:
        """The articles that mention a key's cluster."""
        return self._articles[self.find(key)]

    def cluster_of(self, mention: Mention) -> str:
        """The root key a mention ends up in."""
        return self.find(self.redirect.get((mention.name.key, mention.article), mention.name.key))


def compatible_types(a: NameGroup, b: NameGroup, settings: ResolveSettings) -> bool:
    """Same majority label, or one side too rare for its label to count; demonyms only with demonyms."""
    if mostly(a.labels, settings.demonym_labels) != mostly(b.labels, settings.demonym_labels):
        return False
    return a.label == b.label or min(len(a.mentions), len(b.mentions)) <= settings.weak_type_mentions


def similar_tokens(x: tuple[str, ...], y: tuple[str, ...], settings: ResolveSettings) -> bool:
    """Same words but one, and that one a likely misspelling of the other (see module docstring)."""
    if len(x) != len(y):
        return False
    differing = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    if len(differing) != 1:
        return False
    p, q = differing[0]
    if min(len(p), len(q)) < settings.fuzzy_min_chars:
        return False
    if min(consonants(p), consonants(q)) < settings.fuzzy_min_skeleton:
        return False
    return indel_distance(skeleton(p), skeleton(q)) <= settings.fuzzy_max_edits


def misspelt(a: NameGroup, b: NameGroup, settings: ResolveSettings) -> bool:
    """Whether two name groups are spellings of one name by different writers."""
    if a.articles & b.articles:
        return False
    if min(len(a.articles), len(b.articles)) > settings.fuzzy_max_articles:
        return False
    return compatible_types(a, b, settings) and similar_tokens(a.tokens, b.tokens, settings)


def link_misspellings(groups: Mapping[str, NameGroup], partition: Partition,
                      settings: ResolveSettings) -> None:
    """Join every pair of groups that :func:`misspelt` accepts."""
    for a, b in misspelling_candidates(groups, settings):
        if misspelt(a, b, settings):
            partition.union(a.key, b.key)


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    words = iter(long)
    return all(token in words for token in short)


def surname_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """"putin" of "vladimir putin"; "bashar assad" of "bashar hafez assad" (first and last kept)."""
    if len(short) >= len(long):
        return False
    if long[-len(short):] == short:
        return True
    return len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1] and _subsequence(short, long)


def tail_of(short: tuple[str, ...], long: tuple[str, ...], tails: frozenset[str]) -> bool:
    """"labour" of "labour party": the long name is the short one plus generic organisation words."""
    extra = long[len(short):]
    return len(short) < len(long) and long[:len(short)] == short and all(t in tails for t in extra)


def _link_kind(short: NameGroup, long: NameGroup, partition: Partition, settings: ResolveSettings,
               words: LinkWords) -> Link | None:
    """How the short form could stand for the longer name's cluster, if at all."""
    s_label, l_label = short.label, partition.label(long.key)
    demonyms = settings.demonym_labels
    if mostly(short.labels, demonyms) or mostly(partition.votes(long.key), demonyms):
        return None
    # a name NER mostly calls a place ("Washington") is not taken for a person's surname
    if l_label in settings.person_labels and not mostly(short.labels, settings.place_labels) \
            and not words.connectors & set(long.tokens) and surname_of(short.tokens, long.tokens):
        return Link.SURNAME
    if s_label in settings.org_labels and l_label in settings.org_labels \
            and tail_of(short.tokens, long.tokens, words.tails):
        return Link.TAIL
    if short.acronym and len(short.tokens) == 1 and len(long.tokens) > 1 \
            and short.initials == long.initials and not {s_label, l_label} & set(settings.person_labels):
        return Link.ACRONYM
    return None


def candidates(short: NameGroup, index: NameIndex, partition: Partition, settings: ResolveSettings,
               words: LinkWords) -> dict[str, Link]:
    """The clusters (by root key) a short form could stand for, with how it would."""
    own = partition.find(short.key)
    found: dict[str, Link] = {}
    for long in index.longer_forms(short):
        root = partition.find(long.key)
        if root == own or root in found:
            continue
        kind = _link_kind(short, long, partition, settings, words)
        if kind is not None:
            found[root] = kind
    return found


def _target(article: str, found: Mapping[str, Link], partition: Partition) -> str:
    """Where the short form's mentions in one article go: a root key, or "" to stay apart."""
    local = [root for root in found if article in partition.articles(root)]
    if len(local) == 1:
        return local[0]
    if local or len(found) != 1:
        return ""
    return next(iter(found))


def _link_by_article(short: NameGroup, found: Mapping[str, Link], partition: Partition) -> None:
    """Each article's mentions of the short form to the one candidate that article names, if any."""
    targets = {a: _target(a, found, partition) for a in sorted(short.articles)}
    chosen = set(targets.values())
    if len(chosen) == 1 and "" not in chosen:
        partition.union(short.key, chosen.pop())
        return
    for article, target in targets.items():
        if target:
            partition.redirect[(short.key, article)] = target


def link_short_forms(groups: Mapping[str, NameGroup], partition: Partition, settings: ResolveSettings,
                     rules: NameRules) -> None:
    """Join short forms to the longer names they stand for (longest short forms first)."""
    words = LinkWords(tails=frozenset(key_token(t, settings) for t in rules.org_tails),
                      connectors=frozenset(key_token(t, settings) for t in rules.connectors))
    index = NameIndex(groups)
    for short in sorted(groups.values(), key=lambda g: (-len(g.tokens), g.key)):
        found = candidates(short, index, partition, settings, words)
        if not found:
            continue
        kinds = set(found.values())
        # A first and a last name pin one person, and a name plus generic words ("Ford Motor",
        # "Ford Motors") is that name: every candidate is then the same entity as the short form.
        if kinds == {Link.TAIL} or (len(short.tokens) > 1 and kinds == {Link.SURNAME}):
            for root in found:
                partition.union(short.key, root)
        else:
            _link_by_article(short, found, partition)


def resolve_clusters(groups: Mapping[str, NameGroup], settings: ResolveSettings,
                     rules: NameRules) -> Partition:
    """The partition of the name groups into entities."""
    partition = Partition(groups)
    link_misspellings(groups, partition, settings)
    link_short_forms(groups, partition, settings, rules)
    return partition
