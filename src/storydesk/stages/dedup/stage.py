"""The ``dedup.v1`` corpus stage: group wire copies and syndicated re-posts (MinHash LSH).

Nothing is dropped. Every group lists its members with their similarity to the group's first member:
the containment of word shingles (the share of the shorter text found in the other), because
syndicators often run a cut or extended version of the same wire copy, which Jaccard undervalues.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from storydesk.config import Config
from storydesk.model import Article, Corpus, DuplicateGroup, DuplicateMember, Provenance
from storydesk.model.spans import Citation
from storydesk.registry import RunContext, register
from storydesk.stages.dedup.settings import DedupSettings

NAME = "dedup.v1"
_WORD = re.compile(r"\w+")



def shingles(text: str, size: int) -> set[str]:
    """Lower-cased word n-grams of a text (the whole text when shorter than ``size``)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller shingle set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _candidate_pairs(sets: Sequence[set[str]], settings: DedupSettings) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH  # heavy import, deferred

    lsh = MinHashLSH(threshold=settings.candidate_jaccard, num_perm=settings.num_perm)
    pairs: set[tuple[int, int]] = set()
    for i, sh in enumerate(sets):
        mh = MinHash(num_perm=settings.num_perm)
        mh.update_batch([s.encode("utf-8") for s in sh])
        for other in lsh.query(mh):
            pairs.add((int(other), i))
        lsh.insert(str(i), mh)
    return pairs


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def near_duplicate_groups(articles: Sequence[Article], settings: DedupSettings) -> list[DuplicateGroup]:
    """Groups of two or more articles whose texts are near-copies (verified by exact Jaccard)."""
    sets = [shingles(a.text, settings.shingle_words) for a in articles]
    parent = list(range(len(articles)))
    for i, j in _candidate_pairs(sets, settings):
        if containment(sets[i], sets[j]) >= settings.threshold:
            parent[_find(parent, j)] = _find(parent, i)
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(_find(parent, i), []).append(i)
    groups = [_group(articles, sets, idx) for idx in members.values() if len(idx) > 1]
    return sorted(groups, key=lambda g: g.id)


def _group(articles: Sequence[Article], sets: Sequence[set[str]], idx: list[int]) -> DuplicateGroup:
    idx = sorted(idx, key=lambda i: articles[i].id)
    head = idx[0]
    ids = [articles[i].id for i in idx]
    gid = "dup-" + hashlib.sha256(" ".join(ids).encode()).hexdigest()[:12]
    found = tuple(DuplicateMember(article=articles[i].id,
                                  similarity=round(1.0 if i == head else containment(sets[head], sets[i]), 3))
                  for i in idx)
    cites = tuple(Citation(article=articles[i].id, start=0, end=len(articles[i].text)) for i in idx)
    return DuplicateGroup(id=gid, members=found,
                          provenance=Provenance.of(NAME, cites))


@dataclass(frozen=True, kw_only=True, slots=True)
class DedupStage:
    """Corpus stage wrapper around :func:`near_duplicate_groups`."""

    name: ClassVar[str] = NAME
    requires: ClassVar[frozenset[str]] = frozenset({"article.text"})
    produces: ClassVar[frozenset[str]] = frozenset({"corpus.duplicates"})
    settings: DedupSettings

    def run(self, corpus: Corpus, context: RunContext) -> Corpus:
        groups = tuple(near_duplicate_groups(corpus.articles, self.settings))
        return replace(corpus, duplicates=groups)


@register(NAME, requires=DedupStage.requires, produces=DedupStage.produces)
def make_dedup(config: Config) -> DedupStage:
    """Factory registered as ``dedup.v1``."""
    return DedupStage(settings=config.settings(DedupSettings, "dedup"))
