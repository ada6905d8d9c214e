"""Quotes grouped by speaker, with the outlets' wordings of one statement side by side.

A quote's speaker span is mapped to the story entity whose mentions overlap it, else to an entity
whose name or alias is the speaker's name, else to the speaker's own normalised name ("Peskov" joins
"Dmitry Peskov" when no other speaker has that surname). An institution and its spokesperson ("the
Kremlin said" / "Peskov said") stay apart unless entity resolution made them one entity.

Within one speaker, quotes that say the same thing — one statement as several outlets relay it, or
in several translations ("... trade and humanitarian fields" / "... commercial and humanitarian
spheres") — are clustered by the embedding of the quote text plus content-word overlap (average
linkage). Identical wordings (wire copies) form one variant with all their citations.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.backends.embedder import Embedder
from storydesk.model import Article, Citation, Entity, Provenance, QuoteGroup, QuoteVariant, Span
from storydesk.model.layers import QuoteAttrs
from storydesk.stages.clean.glued_lexical import lexicon
from storydesk.stages.cluster.signals import entity_key
from storydesk.stages.compare.settings import QuoteGroupSettings
from storydesk.stages.compare.timeline_events import average_linkage
from storydesk.stages.compare.units import StoryUnits, outlet_of
from storydesk.stages.resolve.spelling import fold_accents

__all__ = ["group_quotes"]

log = logging.getLogger(__name__)

#: The compare stage's registered name (its stage.py imports this module, so not NAME from there).
STAGE = "compare.v1"
_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_NAME_NOISE = re.compile(r"['’]s\b|[^\w\s-]")
_LEADING_ARTICLE = re.compile(r"^the\s+")
_QUOTE_MARKS = "\"'“”‘’«»„ \n\t"
#: Entity types that name no speaker unless they are the whole speaker span (demonyms: "Syrian").
ADJECTIVE_TYPES = frozenset({"NORP"})



@dataclass(frozen=True, kw_only=True, slots=True)
class _Quote:
    """One quote span with its article, outlet and speaker as the quotes layer gives them."""

    article: str
    outlet: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str
    speaker_start: int
    speaker_end: int
    credit: str = ""

    def citation(self) -> Citation:
        return Citation(article=self.article, start=self.start, end=self.end)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Speaker:
    """Who a quote is by: a grouping key, the name shown, and the entity id where one matched."""

    key: str
    name: str
    entity: str | None = None
    type: str = ""


def quote_text(text: str) -> str:
    """A quote's content without surrounding quotation marks and with single spaces."""
    return " ".join(text.strip(_QUOTE_MARKS).split())


def story_quotes(articles: Sequence[Article], units: StoryUnits) -> list[_Quote]:
    """Every quote span of the story's sentence units once, in article and text order."""
    by_id = {a.id: a for a in articles}
    seen: dict[tuple[str, int, int], _Quote] = {}
    for unit in units.units:
        article = by_id.get(unit.article)
        if article is None:
            continue
        for span in unit.quotes:
            key = (unit.article, span.start, span.end)
            text = quote_text(span.slice(article.text))
            if key not in seen and text:
                seen[key] = _to_quote(span, article, text)
    return [seen[k] for k in sorted(seen)]


def _to_quote(span: Span[QuoteAttrs], article: Article, text: str) -> _Quote:
    attrs = span.attrs
    return _Quote(article=article.id, outlet=outlet_of(article), start=span.start, end=span.end, text=text,
                  kind=attrs.kind, speaker=attrs.speaker.strip(),
                  speaker_start=attrs.speaker_start, speaker_end=attrs.speaker_end,
                  credit=(attrs.speaker_mention or attrs.speaker).strip())


def name_key(name: str) -> str:
    """A speaker name folded for comparison: lower case, no accents, "the" or possessive.

    Its own fold on top of :func:`fold_accents`, not :func:`entity_key`: a speaker's whole name is
    matched against the story's resolved entity aliases, so possessives go anywhere in it and a
    person keeps the first name.
    """
    key = _NAME_NOISE.sub(" ", fold_accents(name).replace("’", "'"))
    return " ".join(_LEADING_ARTICLE.sub("", " ".join(key.split())).split())


def _unique(keys: Mapping[str, set[str]]) -> dict[str, str]:
    """The keys that name exactly one entity, with its id."""
    return {k: next(iter(ids)) for k, ids in keys.items() if k and len(ids) == 1}


class SpeakerIndex:
    """Finds the entity a quote's speaker is: by mention overlap, else by name or alias."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._mentions: dict[str, list[tuple[int, int, Entity]]] = {}
        for entity in entities:
            for c in entity.mentions:
                self._mentions.setdefault(c.article, []).append((c.start, c.end, entity))
        names: dict[str, set[str]] = {}
        surnames: dict[str, set[str]] = {}
        for entity in entities:
            for alias in {entity.name, *entity.aliases}:
                names.setdefault(name_key(alias), set()).add(entity.id)
                if entity.type == "PERSON":
                    surnames.setdefault(entity_key(alias, "PERSON") or "", set()).add(entity.id)
        self._by_name = _unique(names)
        self._by_surname = _unique(surnames)
        self._by_id = {e.id: e for e in entities}

    def by_span(self, quote: _Quote) -> Entity | None:
        """The entity with the largest mention overlap with the speaker span.

        A demonym inside a longer speaker ("Syrian" in "the Syrian presidency") is an adjective of
        the speaker, not the speaker.
        """
        whole = (quote.speaker_start, quote.speaker_end)
        overlaps = [(min(e, quote.speaker_end) - max(s, quote.speaker_start), entity.id, entity)
                    for s, e, entity in self._mentions.get(quote.article, ())
                    if s < quote.speaker_end and quote.speaker_start < e
                    and (entity.type not in ADJECTIVE_TYPES or (s, e) == whole)]
        return max(overlaps, key=lambda o: (o[0], o[1]))[2] if overlaps else None

    def by_name(self, name: str) -> Entity | None:
        """The one entity whose name or alias is this name, else the one person of this surname."""
        found = self._by_name.get(name_key(name)) or self._by_surname.get(entity_key(name, "PERSON") or "")
        return self._by_id[found] if found else None

    def speaker(self, quote: _Quote) -> _Speaker:
        """Who said a quote: an entity where one matches, else the speaker's normalised name."""
        entity = self.by_span(quote) or self.by_name(quote.speaker)
        if entity is not None:
            return _Speaker(key=f"entity:{entity.id}", name=entity.name, entity=entity.id, type=entity.type)
        return _Speaker(key=f"name:{name_key(quote.speaker)}", name=quote.speaker)


def join_short_names(speakers: Sequence[_Speaker]) -> list[_Speaker]:
    """Map a name that is part of exactly one longer name ("Peskov" of "Dmitry Peskov") onto it."""
    names = {s.key for s in speakers if s.entity is None}
    tokens = {k: k.removeprefix("name:").split() for k in names}
    target: dict[str, str] = {}
    for key, words in tokens.items():
        longer = [k for k, w in tokens.items() if len(w) > len(words) and _contains(w, words)]
        if len(longer) == 1:
            target[key] = longer[0]
    return [_Speaker(key=target[s.key], name=s.name) if s.key in target else s for s in speakers]


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    """Whether ``part`` occurs in ``words`` as a contiguous run."""
    return any(list(words[i:i + len(part)]) == list(part) for i in range(len(words) - len(part) + 1))


def word_sets(texts: Iterable[str], settings: QuoteGroupSettings) -> list[frozenset[str]]:
    """Content-word stems of each text."""
    function_words = lexicon(settings.stem_chars).function
    return [frozenset(w.lower()[:settings.stem_chars] for w in _WORD.findall(t)
                      if w.lower() not in function_words) for t in texts]


def statement_similarity(vectors: np.ndarray, words: Sequence[frozenset[str]],
                         settings: QuoteGroupSettings) -> np.ndarray:
    """Pairwise same-statement score: cosine of the quote embeddings plus word Jaccard."""
    score = vectors.astype(np.float64) @ vectors.T.astype(np.float64)
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            union = len(words[i] | words[j])
            bonus = settings.word_weight * len(words[i] & words[j]) / union if union else 0.0
            score[i, j] += bonus
            score[j, i] += bonus
    return score


def variants_of(quotes: Sequence[_Quote]) -> tuple[QuoteVariant, ...]:
    """One variant per distinct wording, the most widely reported first."""
    by_wording: dict[str, list[_Quote]] = {}
    for q in quotes:
        by_wording.setdefault(" ".join(_WORD.findall(fold_accents(q.text))), []).append(q)
    variants = [QuoteVariant(text=qs[0].text, citations=tuple(q.citation() for q in qs),
                             outlets=tuple(sorted({q.outlet for q in qs})), kind=qs[0].kind,
                             speaker=qs[0].credit or qs[0].speaker)
                for qs in by_wording.values()]
    return tuple(sorted(variants, key=lambda v: (-len(v.outlets), v.citations[0].article,
                                                 v.citations[0].start)))


def display_name(speaker: _Speaker, members: Sequence[tuple[_Quote, _Speaker]]) -> str:
    """An entity's name, else the form the quotes give most often (the longest among equals)."""
    if speaker.entity is not None:
        return speaker.name
    forms = Counter(q.speaker for q, _ in members)
    return max(forms, key=lambda f: (forms[f], len(f), f))


def group_id(key: str, citations: Sequence[Citation]) -> str:
    """A stable id from the speaker key and the quote spans."""
    text = "|".join([key, *(f"{c.article}:{c.start}:{c.end}" for c in citations)])
    return "qg-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_group(members: Sequence[tuple[int, _Quote, _Speaker]], similarity: np.ndarray,
                settings: QuoteGroupSettings) -> QuoteGroup:
    """The quote group of one speaker: statements clustered from the members' similarity."""
    rows = [i for i, _, _ in members]
    parts = average_linkage(similarity[np.ix_(rows, rows)], settings.same_statement)
    statements = [variants_of([members[p][1] for p in part]) for part in parts]
    statements.sort(key=lambda vs: (-len({o for v in vs for o in v.outlets}), vs[0].citations[0].article,
                                    vs[0].citations[0].start))
    citations = tuple(sorted((q.citation() for _, q, _ in members), key=lambda c: (c.article, c.start)))
    speaker = members[0][2]
    return QuoteGroup(id=group_id(speaker.key, citations),
                      speaker=display_name(speaker, [(q, s) for _, q, s in members]),
                      speaker_entity=speaker.entity, statements=tuple(statements), citations=citations,
                      provenance=Provenance.of(STAGE, citations))


def quote_vectors(texts: Sequence[str], embedder: Embedder, *, embed: bool) -> np.ndarray:
    """Vectors of the quotes, each distinct wording embedded once.

    A single outlet's story (``embed`` False) has no other outlet's wording to find, so its quotes
    are grouped by word overlap alone and their rows stay zero.
    """
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    rows = list(range(len(texts))) if embed else []
    distinct = list(dict.fromkeys(texts[i] for i in rows))
    if distinct:
        encoded = np.asarray(embedder.encode(distinct), dtype=np.float32)
        where = {text: j for j, text in enumerate(distinct)}
        vectors[rows] = encoded[[where[texts[i]] for i in rows]]
    return vectors


#: How specific a speaker is: a named person over an institution or place, over a bare name.
_SPECIFICITY = {"PERSON": 3}
_ENTITY_SPECIFICITY = 2
_NAME_SPECIFICITY = 1


def _specificity(speaker: _Speaker, counts: Mapping[str, int]) -> tuple[int, int, str]:
    rank = _SPECIFICITY.get(speaker.type, _ENTITY_SPECIFICITY) if speaker.entity else _NAME_SPECIFICITY
    return rank, counts[speaker.key], speaker.key


def _institution(speaker: _Speaker) -> bool:
    """A resolved entity that is no person: an office, a government, an agency, a country."""
    return speaker.entity is not None and speaker.type != "PERSON"


def credit_relayed_statements(quotes: Sequence[_Quote], speakers: Sequence[_Speaker], similarity: np.ndarray,
                              settings: QuoteGroupSettings) -> list[_Speaker]:
    """One statement relayed by several outlets under different credits goes to one speaker.

    Outlets credit one press release to "the Kremlin", "the Russian presidency" or "a statement";
    when two outlets' quotes are the same statement (score at least
    ``same_statement_across_speakers``) and at least one credit is an institution (a resolved entity
    that is no person), the less specific credit's quote joins the more specific speaker (a named
    person, else an entity, else the more often quoted). Two people, or two unresolved names, are never
    merged: that would be a different attribution of one claim, which the comparison reports.
    The outlet's own credit stays on the variant (``QuoteVariant.speaker``).
    """
    out = list(speakers)
    counts = Counter(s.key for s in speakers)
    for i, j in zip(*np.nonzero(np.triu(similarity >= settings.same_statement_across_speakers, k=1)),
                    strict=True):
        a, b = out[i], out[j]
        if a.key == b.key or quotes[i].outlet == quotes[j].outlet or not (_institution(a) or _institution(b)):
            continue
        keep, move = (a, j) if _specificity(a, counts) >= _specificity(b, counts) else (b, i)
        out[move] = keep
    return out


def group_quotes(articles: Sequence[Article], units: StoryUnits, entities: Sequence[Entity],
                 settings: QuoteGroupSettings, *, embedder: Embedder) -> tuple[QuoteGroup, ...]:
    """The story's quotes by speaker, each speaker's statements with their variants side by side.

    Quote texts are embedded in one batch with ``embedder`` (quote spans are rarely whole sentences,
    so the sentence vectors of ``units`` do not fit them). Groups come most widely quoted first.
    """
    quotes = story_quotes(articles, units)
    if not quotes:
        return ()
    index = SpeakerIndex(entities)
    speakers = join_short_names([index.speaker(q) for q in quotes])
    vectors = quote_vectors([q.text for q in quotes], embedder, embed=units.embedded)
    similarity = statement_similarity(vectors, word_sets((q.text for q in quotes), settings), settings)
    speakers = credit_relayed_statements(quotes, speakers, similarity, settings)
    by_speaker: dict[str, list[tuple[int, _Quote, _Speaker]]] = {}
    for i, (quote, speaker) in enumerate(zip(quotes, speakers, strict=True)):
        by_speaker.setdefault(speaker.key, []).append((i, quote, speaker))
    groups = [build_group(members, similarity, settings) for members in by_speaker.values()]
    log.debug("%d quotes in %d speaker groups", len(quotes), len(groups))
    return tuple(sorted(groups, key=_widest_first))


def _widest_first(group: QuoteGroup) -> tuple[int, int, str]:
    outlets = {o for statement in group.statements for v in statement for o in v.outlets}
    return -len(outlets), -len(group.citations), group.speaker
