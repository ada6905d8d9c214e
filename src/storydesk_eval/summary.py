"""Summary quality: the share of gold events a story summary covers, ours against two baselines.

The real pipeline runs (read → clean → dedup → enrich → pubdate) over ``articles.jsonl``; articles are
grouped by the GOLD clusters (so clustering errors do not blur the figure), and each story gets the
same number of sentences from three systems, all over the same sentence units
(:func:`~storydesk.stages.compare.units.story_units`: the ``sentences`` layer, 25+ characters):

- ``ours``: :func:`~storydesk.stages.summarize.summary.summarize`;
- ``lexrank``: sumy's LexRankSummarizer (English Snowball stemmer and stop words) fed our sentences
  through sumy's document objects and a regex word tokenizer (no NLTK data needed);
- ``lead``: the articles' lead sentences round-robin — the first sentence of every article, then the
  second of every article, ..., articles taken longest text first, exact repeats skipped.

A gold event (``gold_events.json``) is covered when some summary sentence matches its description:
cosine of their MiniLM embeddings ≥ :data:`COVER_THRESHOLD`, the same matcher for all three. Coverage
is reported over all events (``coverage``) and as the mean of per-story shares (``coverage_macro``),
with the figure at a stricter and a looser threshold beside it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storydesk.backends.embedder import Embedder
from storydesk.errors import EvalError
from storydesk.model import Article, SummarySentence
from storydesk.stages.compare.units import StoryUnits
from storydesk_eval.extras import require

log = logging.getLogger(__name__)

SYSTEMS = ("ours", "lexrank", "lead")
# Cosine between an event description and a summary sentence at which the sentence reports the event:
# MiniLM paraphrases of one fact score ~0.6 and above, sentences on the same story but another
# development mostly 0.4-0.6 (inspected on the dev-stories events).
COVER_THRESHOLD = 0.6
# ... or, since MiniLM blurs figures, at this lower cosine when the two share SHARED_FIGURES exact
# figures of two or more digits (not years): "2,012 dead, 2,059 injured" is that toll update.
FIGURE_THRESHOLD = 0.4
SHARED_FIGURES = 2
# The figure is also given at these thresholds, to show the ranking does not hinge on one value.
SENSITIVITY = (0.5, 0.7)
# Digits kept in reported figures.
PRECISION = 4
_TOKEN = re.compile(r"\w+")
_FIGURE = re.compile(r"\d[\d,.]*\d")
_YEAR = re.compile(r"(19|20)\d\d")

Summarizer = Callable[[Sequence[Article], StoryUnits, int], list[str]]


class WordTokenizer:
    """sumy's tokenizer interface over a regex, so sumy runs without NLTK's punkt data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Not used (sentences come from our layer); the whole paragraph as one sentence."""
        return (paragraph,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Word tokens of a sentence."""
        return tuple(_TOKEN.findall(sentence))


def lexrank_texts(articles: Sequence[Article], units: StoryUnits, count: int) -> list[str]:
    """sumy LexRank over the story's sentence units (one paragraph per article), best ``count``."""
    dom = require("sumy.models.dom")
    Paragraph, Sentence = dom.Paragraph, dom.Sentence
    Stemmer = require("sumy.nlp.stemmers").Stemmer
    LexRankSummarizer = require("sumy.summarizers.lex_rank").LexRankSummarizer
    get_stop_words = require("sumy.utils").get_stop_words

    tokenizer = WordTokenizer()
    paragraphs = []
    seen: set[str] = set()
    for positions in units.by_article().values():
        texts = [units.units[i].text for i in positions if units.units[i].text not in seen]
        seen.update(texts)
        paragraphs.append(Paragraph([Sentence(t, tokenizer) for t in texts]))
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(dom.ObjectDocumentModel(paragraphs), count)]


def lead_texts(articles: Sequence[Article], units: StoryUnits, count: int) -> list[str]:
    """Lead sentences round-robin over the articles (longest text first), exact repeats skipped."""
    by_article = units.by_article()
    order = sorted(articles, key=lambda a: (-len(a.text), a.id))
    queues = [[units.units[i].text for i in by_article.get(a.id, [])] for a in order]
    out: list[str] = []
    for depth in range(max((len(q) for q in queues), default=0)):
        for queue in queues:
            if depth < len(queue) and queue[depth] not in out and len(out) < count:
                out.append(queue[depth])
    return out


def ours_texts(articles: Sequence[Article], units: StoryUnits, count: int) -> list[str]:
    """Our summary's sentence texts."""
    return [s.text for s in ours_summary(articles, units, count)]


def ours_summary(articles: Sequence[Article], units: StoryUnits, count: int) -> tuple[SummarySentence, ...]:
    """Our summary with the configured ``[summarize]`` settings and ``count`` sentences."""
    from storydesk.config import load_config
    from storydesk.stages.summarize.stage import summarize_settings
    from storydesk.stages.summarize.summary import summarize

    settings = dataclasses.replace(summarize_settings(load_config()), sentences=count)
    return summarize(articles, units, settings)


def figures(text: str) -> frozenset[str]:
    """The figures of two or more digits in a text, commas dropped, years left out."""
    found = (m.group().rstrip(".") for m in _FIGURE.finditer(text))
    return frozenset(f.replace(",", "") for f in found if not _YEAR.fullmatch(f))


def covered(events: Sequence[str], texts: Sequence[str], similarity: np.ndarray,
            threshold: float) -> np.ndarray:
    """Per event, whether some summary sentence matches it (``similarity``: events × sentences).

    A match: cosine ≥ ``threshold``, or cosine ≥ :data:`FIGURE_THRESHOLD` with at least
    :data:`SHARED_FIGURES` figures in common.
    """
    if len(texts) == 0 or len(events) == 0:
        return np.zeros(len(events), dtype=bool)
    shared = np.array([[len(figures(e) & figures(t)) >= SHARED_FIGURES for t in texts] for e in events])
    match = (similarity >= threshold) | (shared & (similarity >= FIGURE_THRESHOLD))
    return np.asarray(match.any(axis=1))


def citation_stats(summaries: Sequence[Sequence[SummarySentence]]) -> dict[str, float]:
    """Mean outlets cited per sentence, share of sentences citing 2+ outlets, mean citations."""
    sentences = [s for summary in summaries for s in summary]
    if not sentences:
        return {"outlets_per_sentence": 0.0, "multi_outlet_share": 0.0, "citations_per_sentence": 0.0}
    return {"outlets_per_sentence": round(float(np.mean([len(s.outlets) for s in sentences])), PRECISION),
            "multi_outlet_share": round(sum(len(s.outlets) >= 2 for s in sentences) / len(sentences),
                                        PRECISION),
            "citations_per_sentence": round(float(np.mean([len(s.citations) for s in sentences])),
                                            PRECISION)}


def story_coverage(texts: Sequence[str], events: Sequence[str], event_vectors: np.ndarray,
                   embedder: Embedder) -> dict[float, np.ndarray]:
    """Which events one summary covers, at the main and the sensitivity thresholds."""
    vectors = np.asarray(embedder.encode(list(texts))) if texts else np.zeros((0, event_vectors.shape[1]))
    similarity = event_vectors @ vectors.T
    return {t: covered(events, texts, similarity, t) for t in (COVER_THRESHOLD, *SENSITIVITY)}


def load_events(path: Path) -> dict[str, list[str]]:
    """Gold event descriptions per story label from ``gold_events.json``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise EvalError(f"cannot read gold events: {err}", source=str(path)) from err
    return {label: [str(e["description"]) for e in story.get("events", [])] for label, story in data.items()}


SYSTEM_TEXTS: dict[str, Summarizer] = {"ours": ours_texts, "lexrank": lexrank_texts, "lead": lead_texts}


Story = tuple[Sequence[Article], StoryUnits]


def score_stories(stories: Mapping[str, Story], events: Mapping[str, list[str]], embedder: Embedder,
                  sentences: int) -> dict[str, Any]:
    """Coverage of every system on prepared stories, plus our citation figures."""
    hits: dict[str, dict[float, list[np.ndarray]]] = {s: {} for s in SYSTEMS}
    ours: list[tuple[SummarySentence, ...]] = []
    per_story: dict[str, dict[str, float]] = {}
    for label, (articles, units) in stories.items():
        descriptions = events.get(label, [])
        if not descriptions:
            continue
        event_vectors = np.asarray(embedder.encode(descriptions))
        ours.append(ours_summary(articles, units, sentences))
        per_story[label] = {}
        for system in SYSTEMS:
            texts = ([s.text for s in ours[-1]] if system == "ours"
                     else SYSTEM_TEXTS[system](articles, units, sentences))
            for threshold, row in story_coverage(texts, descriptions, event_vectors, embedder).items():
                hits[system].setdefault(threshold, []).append(row)
            per_story[label][system] = round(float(hits[system][COVER_THRESHOLD][-1].mean()), PRECISION)
    return {**_figures(hits), "citations": citation_stats(ours), "stories": per_story,
            "events": sum(len(events.get(label, [])) for label in per_story)}


def _share(rows: Sequence[np.ndarray]) -> float:
    """Share of covered events over all rows (stories)."""
    return round(float(np.concatenate(rows).mean()), PRECISION) if rows else 0.0


def _figures(hits: Mapping[str, Mapping[float, list[np.ndarray]]]) -> dict[str, Any]:
    """Micro and macro coverage per system, and the sensitivity figures."""
    out: dict[str, Any] = {"coverage": {}, "coverage_macro": {}, "coverage_at": {}}
    for system, by_threshold in hits.items():
        rows = by_threshold.get(COVER_THRESHOLD, [])
        out["coverage"][system] = _share(rows)
        macro = float(np.mean([r.mean() for r in rows])) if rows else 0.0
        out["coverage_macro"][system] = round(macro, PRECISION)
        out["coverage_at"][system] = {str(t): _share(r) for t, r in sorted(by_threshold.items())}
    return out


def run_summary_eval(data_dir: Path, sentences: int = 6) -> dict[str, Any]:
    """Gold-event coverage of our summary, LexRank and lead on ``data_dir`` (a dev-stories folder).

    Raises:
        EvalError: when a file is missing or unreadable.
    """
    from storydesk.backends.embedder import embedder_from_config
    from storydesk.config import load_config
    from storydesk_eval.devstories import gold_story_articles, units_of

    articles = gold_story_articles(data_dir)
    events = load_events(data_dir / "gold_events.json")
    embedder = embedder_from_config(load_config())
    stories = {label: (arts, units_of(arts, embedder)) for label, arts in articles.items()}
    result = score_stories(stories, events, embedder, sentences)
    result.update({"sentences": sentences, "threshold": COVER_THRESHOLD,
                   "lead": "round-robin over articles, longest first"})
    log.info("summary eval: coverage %s", result["coverage"])
    return result
