"""Candidate lookup for name linking, so a story's names are never compared all against all.

Longer forms are found by their word suffixes ("putin" → "vladimir putin"), prefixes ("labour" →
"labour party"), first and last words ("bashar assad" → "bashar hafez assad") and initials
("riac"). Possible misspellings are blocked on the other words plus the consonant skeleton of the
differing word with at most one letter deleted: two skeletons one added letter apart always share
such a key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import combinations

from storydesk.stages.resolve.mentions import NameGroup
from storydesk.stages.resolve.settings import ResolveSettings
from storydesk.stages.resolve.spelling import consonants, skeleton

Block = tuple[int, int, tuple[str, ...], str]


class NameIndex:
    """Name groups by the shapes a short form can take of them."""

    def __init__(self, groups: Mapping[str, NameGroup]) -> None:
        self._suffix: dict[tuple[str, ...], list[NameGroup]] = {}
        self._prefix: dict[tuple[str, ...], list[NameGroup]] = {}
        self._ends: dict[tuple[str, str], list[NameGroup]] = {}
        self._initials: dict[str, list[NameGroup]] = {}
        for group in groups.values():
            self._add(group)

    def _add(self, group: NameGroup) -> None:
        tokens = group.tokens
        for i in range(1, len(tokens)):
            self._suffix.setdefault(tokens[i:], []).append(group)
            self._prefix.setdefault(tokens[:i], []).append(group)
        if len(tokens) > 2:
            self._ends.setdefault((tokens[0], tokens[-1]), []).append(group)
        if len(tokens) > 1:
            self._initials.setdefault(group.initials, []).append(group)

    def longer_forms(self, short: NameGroup) -> list[NameGroup]:
        """Groups that end or start with the short form's words, keep its first and last word, or
        whose initials it spells (when it is an acronym); each once, in a stable order."""
        tokens = short.tokens
        found = [*self._suffix.get(tokens, ()), *self._prefix.get(tokens, ())]
        if len(tokens) > 1:
            found += self._ends.get((tokens[0], tokens[-1]), ())
        if short.acronym and len(tokens) == 1:
            found += self._initials.get(short.initials, ())
        unique = {g.key: g for g in found if g.key != short.key}
        return [unique[key] for key in sorted(unique)]


def _blocks(group: NameGroup, settings: ResolveSettings) -> set[Block]:
    keys: set[Block] = set()
    for i, token in enumerate(group.tokens):
        if len(token) < settings.fuzzy_min_chars or consonants(token) < settings.fuzzy_min_skeleton:
            continue
        rest = group.tokens[:i] + group.tokens[i + 1:]
        bones = skeleton(token)
        for variant in {bones, *(bones[:j] + bones[j + 1:] for j in range(len(bones)))}:
            keys.add((len(group.tokens), i, rest, variant))
    return keys


def misspelling_candidates(groups: Mapping[str, NameGroup],
                           settings: ResolveSettings) -> Iterator[tuple[NameGroup, NameGroup]]:
    """Pairs of groups that may be spellings of one name (each pair once, in a stable order)."""
    blocks: dict[Block, list[NameGroup]] = {}
    for group in groups.values():
        for block in _blocks(group, settings):
            blocks.setdefault(block, []).append(group)
    pairs = {(a.key, b.key) if a.key < b.key else (b.key, a.key)
             for members in blocks.values() for a, b in combinations(members, 2)}
    for a, b in sorted(pairs):
        yield groups[a], groups[b]
