"""Per-article clustering signals: embeddings, entity bags by type, event day, years, numbers, outlet.

The embeddings cover what says which event an article reports: its title and opening prose, its few
most central sentences (those naming the entities the article repeats) and its most repeated names,
never every sentence. The event day comes from the dates layer, not only the publication date: a
report filed on Tuesday about Sunday's vote belongs with Sunday's reports. The years an article's
own dates fall in keep the same actors' meetings a year apart apart even when no day is known.
The same-story model (:mod:`.pairs`, :mod:`.decision`) compares two articles by these signals.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storydesk.backends.embedder import Embedder
from storydesk.model import Article, Span
from storydesk.model.layers import DateAttrs, SentenceAttrs
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.resolve.spelling import fold_accents, to_latin

#: spaCy labels that name actors, places and things (numbers, dates and amounts say nothing of which event).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT",
                         "WORK_OF_ART", "LAW"})
#: Publication-date bases that come from the page itself, not from our own inference.
STATED_BASES = frozenset({"header", "metadata", "url"})
#: Texts embedded per article (see :func:`embedding_texts`).
TEXTS_PER_ARTICLE = 3
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_NOT_WORD = re.compile(r"[^\w\s-]+")
_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_ARTICLE = re.compile(r"^the\s+")
_LETTER = re.compile(r"[^\W\d_]")
# A capitalised word after a word or a comma: a name in any Latin-script language, never a sentence start.
_NAME_WORD = re.compile(r"(?<=[\w,;:] )([A-Z][\w’'-]*\w)")


#: Entity types compared on their own by the same-story model (the rest count only in the whole bag).
TYPE_GROUPS: Mapping[str, str] = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place",
                                  "NORP": "place", "ORG": "org"}
#: Publication-date bases read off the page: as sure as the page is.
_STATED_CONFIDENCE = 1.0
#: Numbers this small ("two leaders", "3 days") are shared by chance; years are dates, not figures.
_MIN_SHARED_NUMBER = 10.0


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleSignal:
    """What clustering knows of one article.

    ``vector`` is the unit mean of the ``parts`` (lead, central sentences, names: one unit row each)
    and is what the vector index searches; ``parts`` is None for a signal built from one vector only.
    ``published`` is the publication day (ordinal) with ``published_confidence`` (1 when stated).
    """

    id: str
    vector: np.ndarray
    parts: np.ndarray | None = None
    entities: Mapping[str, float] = field(default_factory=dict)
    bags: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    names: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    day: int | None = None
    years: Mapping[int, float] = field(default_factory=dict)
    numbers: frozenset[float] = frozenset()
    published: int | None = None
    published_confidence: float = 0.0
    outlet: str | None = None
    language: str | None = None

    def part(self, i: int) -> np.ndarray:
        """Unit vector of embedded text ``i`` (the mean vector when parts are unknown)."""
        return self.vector if self.parts is None else self.parts[i]


def entity_key(text: str, label: str) -> str | None:
    """The canonical key of a named entity mention (a person by surname), or None for a non-name.

    Clustering and timelines match mentions by this key. It differs from the speaker key of
    ``compare.quote_groups.name_key`` on purpose: it must match mentions across articles before any
    entity is resolved, so a person is keyed by surname alone (and only a trailing possessive and a
    leading "the" are dropped, as NER spans have them).
    """
    if label not in NAME_LABELS:
        return None
    key = _ARTICLE.sub("", fold_accents(to_latin(text)).replace("’", "'").strip())
    key = _SPACE.sub(" ", _NOT_WORD.sub(" ", _POSSESSIVE.sub("", key))).strip()
    if not _LETTER.search(key):
        return None
    if label == "PERSON":
        # "Sergio Massa", "Massa" and "Mr Massa" are one actor; the surname is what recurs.
        key = key.split(" ")[-1]
    return key


def entity_mentions(article: Article) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Mention counts per entity key, and the surface forms seen for each key."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for span in article.layers.get("entities", ()):
        surface = span.attrs.text or span.slice(article.text)
        key = entity_key(surface, span.label)
        if key:
            counts[key] += 1
            forms.setdefault(key, Counter())[_SPACE.sub(" ", surface).strip()] += 1
    return counts, forms


def entity_weights(counts: Mapping[str, int]) -> dict[str, float]:
    """Sublinear term weights (1 + ln n): a name said ten times is not ten times as telling."""
    return {key: 1.0 + math.log(n) for key, n in counts.items() if n > 0}


def typed_bags(article: Article) -> dict[str, dict[str, float]]:
    """Unit entity bags per type group (people, places, organisations)."""
    counts: dict[str, Counter[str]] = {}
    for span in article.layers.get("entities", ()):
        group = TYPE_GROUPS.get(span.label)
        key = entity_key(span.attrs.text or span.slice(article.text), span.label) if group else None
        if group and key:
            counts.setdefault(group, Counter())[key] += 1
    return {group: unit_weights(entity_weights(c)) for group, c in counts.items()}


def unit_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """A bag scaled to unit length (an empty bag stays empty)."""
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm else {}


def own_years(article: Article) -> dict[int, float]:
    """Unit bag of the years of the article's own past and present dates (and its publication)."""
    years: Counter[int] = Counter()
    for span in article.layers.get("dates", ()):
        value = span.attrs.value
        if span.attrs.tense == "future" or not isinstance(value, str) or not value[:4].isdigit():
            continue
        if span.attrs.anchor_relative and span.attrs.anchor_basis == "inferred":
            continue
        years[int(value[:4])] += 1
    if article.published.value and article.published.basis != "inferred":
        years[int(article.published.value[:4])] += 1
    norm = math.sqrt(sum(n * n for n in years.values()))
    return {y: n / norm for y, n in years.items()} if norm else {}


def shared_numbers(article: Article) -> frozenset[float]:
    """The figures an article states (amounts, tolls, counts), as values."""
    out = set()
    for span in article.layers.get("numbers", ()):
        value = span.attrs.value
        if isinstance(value, int | float) and abs(value) >= _MIN_SHARED_NUMBER \
                and not (span.label == "DATE" or float(value).is_integer() and 1900 <= value <= 2100):
            out.add(round(float(value), 3))
    return frozenset(out)


def publication(article: Article, min_confidence: float = 0.0) -> tuple[int | None, float]:
    """Publication day (ordinal) and how sure it is: stated days 1, inferred ones their confidence.

    An inferred day less sure than ``min_confidence`` is no evidence: (None, 0).
    """
    pub = article.published
    if not pub.value or pub.granularity != "day":
        return None, 0.0
    confidence = _STATED_CONFIDENCE if pub.basis in STATED_BASES else float(pub.confidence)
    if confidence < min_confidence:
        return None, 0.0
    return dt.date.fromisoformat(pub.value).toordinal(), confidence


def _span_day(span: Span[DateAttrs]) -> dt.date | None:
    value = span.attrs.value
    match = _ISO_DAY.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def stated_publication_day(article: Article) -> dt.date | None:
    """The publication day when the page states it (never an inferred one)."""
    pub = article.published
    if pub.value and pub.granularity == "day" and pub.basis in STATED_BASES:
        return dt.date.fromisoformat(pub.value)
    return None


def mentioned_days(article: Article, trust_relative: bool,
                   published: dt.date | None = None) -> list[dt.date]:
    """Past or present days the article mentions (relative ones only when their anchor is stated).

    An announced event on the publication day itself ("talks later Wednesday" in Wednesday's report)
    is that day's news and counts; other announced days do not.
    """
    days = []
    for span in article.layers.get("dates", ()):
        if span.attrs.anchor_relative and not trust_relative:
            continue
        day = _span_day(span)
        if day is not None and (span.attrs.tense != "future" or day == published):
            days.append(day)
    return days


def event_day(article: Article, settings: ClusterSettings) -> int | None:
    """The article's event day (proleptic ordinal), or None when nothing trustworthy dates it.

    The median of the days it mentions within ``lookback_days`` before its stated publication day,
    that day included; older days are background (the first round recalled in a runoff report).
    Without a stated publication day only absolute dates count, and then the latest stands for it.
    """
    published = stated_publication_day(article)
    days = mentioned_days(article, trust_relative=published is not None, published=published)
    if published is None:
        return max(days).toordinal() if days else None
    earliest = published - dt.timedelta(days=settings.lookback_days)
    recent = sorted([d for d in days if earliest <= d <= published] + [published])
    return recent[len(recent) // 2].toordinal()


def _prose(article: Article, settings: ClusterSettings) -> list[Span]:
    """Sentences long enough to be prose (bylines, "Learn more" and captions are shorter)."""
    sents = article.layers.get("sentences", ())
    return [s for s in sents if len(s.slice(article.text).split()) >= settings.min_sentence_words]


def lead_text(article: Article, settings: ClusterSettings) -> str:
    """The title (when known) and the opening prose up to ``text_words`` words."""
    parts = [article.title] if article.title else []
    words = 0
    whole = Span(start=0, end=len(article.text), label="SENT", attrs=SentenceAttrs())
    for sent in _prose(article, settings) or [whole]:
        text = _SPACE.sub(" ", sent.slice(article.text)).strip()
        parts.append(text)
        words += len(text.split())
        if words >= settings.text_words:
            break
    return " ".join(" ".join(parts).split()[:settings.text_words])


def central_text(article: Article, counts: Mapping[str, int], settings: ClusterSettings) -> str:
    """The sentences that name most of what the article keeps naming (its own centre), capped in words."""
    scored = []
    for sent in _prose(article, settings):
        inside = [e for e in article.layers.get("entities", ()) if sent.start <= e.start < sent.end]
        keys = {entity_key(e.attrs.text, e.label) for e in inside} - {None}
        scored.append((-sum(counts[k] - 1 for k in keys if k), sent.start, sent))
    best = sorted(scored)[:settings.central_sentences]
    chosen = sorted((s for _, _, s in best), key=lambda s: s.start)
    text = " ".join(_SPACE.sub(" ", s.slice(article.text)).strip() for s in chosen)
    return " ".join(text.split()[:settings.text_words])


def names_text(article: Article, settings: ClusterSettings) -> str:
    """The article's most repeated capitalised words: a language-blind bag of its names.

    The embedder reads English; a German or Albanian report of the same event still names the
    same probe, agency and people, and a list of those names embeds close to the English one's.
    Other scripts are transliterated first, so a Russian report's names are spelled as in English.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for match in _NAME_WORD.finditer(to_latin(article.text)):
        word = _POSSESSIVE.sub("", match.group(1))
        counts[word] += 1
        first.setdefault(word, match.start())
    ranked = sorted(counts, key=lambda w: (-counts[w], first[w]))
    return " ".join(ranked[:settings.name_words])


def embedding_texts(article: Article, counts: Mapping[str, int], settings: ClusterSettings) -> list[str]:
    """The texts embedded for one article: lead, central sentences and names (a stand-in when empty)."""
    lead = lead_text(article, settings)
    central = central_text(article, counts, settings) if settings.central_sentences else ""
    return [lead, central or lead, names_text(article, settings) or lead]


def _unit(rows: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(rows, axis=-1, keepdims=True)
    return np.asarray(rows / np.maximum(norm, np.finfo(np.float32).tiny), dtype=np.float32)


def article_signals(articles: Sequence[Article], embedder: Embedder, settings: ClusterSettings,
                    known: Mapping[str, np.ndarray] | None = None) -> list[ArticleSignal]:
    """Signals of every article, with all their texts embedded in one batched call.

    ``known`` holds the article parts computed before (e.g. kept in the store: the three unit rows
    flattened into one vector); those articles are not embedded again.
    """
    known = known or {}
    mentions = [entity_mentions(a) for a in articles]
    todo = [i for i, a in enumerate(articles) if a.id not in known]
    texts: list[str] = []
    for i in todo:
        texts += embedding_texts(articles[i], mentions[i][0], settings)
    parts = {a.id: np.asarray(known[a.id], dtype=np.float32).reshape(TEXTS_PER_ARTICLE, -1)
             for a in articles if a.id in known}
    if todo:
        fresh = _unit(embedder.encode(texts)).reshape(len(todo), TEXTS_PER_ARTICLE, embedder.dim)
        parts.update({articles[i].id: rows for i, rows in zip(todo, fresh, strict=True)})
    out = []
    for article, (counts, forms) in zip(articles, mentions, strict=True):
        rows = parts[article.id]
        published, confidence = publication(article, settings.min_published_confidence)
        # Each text counts the same: the mean of the three unit vectors, renormalised.
        out.append(ArticleSignal(
            id=article.id, vector=_unit(rows.mean(axis=0)), parts=rows, entities=entity_weights(counts),
            bags=typed_bags(article), names=forms, day=event_day(article, settings),
            years=own_years(article), numbers=shared_numbers(article), published=published,
            published_confidence=confidence, outlet=article.outlet, language=article.language))
    return out


def stored_parts(signal: ArticleSignal) -> np.ndarray:
    """The flat vector kept in a vector cache for a signal (its parts, row after row)."""
    return np.asarray(signal.part(0) if signal.parts is None else signal.parts, dtype=np.float32).ravel()
