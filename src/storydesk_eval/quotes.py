"""Quote attribution quality: predicted quotes against a hand-annotated gold set.

Gold (``eval/gold/quotes.jsonl``): one quote per line — ``source`` (dev-stories article id or an
example file name), ``quote`` (an exact substring of the quote content), ``speaker`` (the fullest
name of the speaker used in the article) and ``kind``. ``quotes_articles.json`` lists the articles
whose quotes are all annotated; only those are scored. Annotation guideline: a quote is content
attributed to a *named* speaker (person, organisation, country, outlet — possibly via "he" or "the
spokesman") by a speech cue, "according to X" or "X quoted Y as saying"; anonymous speakers
("a source", "analysts"), scare quotes, titles, naming ("called it a 'historic day'"), block quotes
without quotation marks, headlines and quotations cut off by the end of the excerpt are out. When a
medium relays an attributed statement ("X said ..., Reuters reported"), only the inner speaker counts.

A prediction is right when it overlaps a gold quote of its article with the same speaker: same last
name token, or the gold name contains the predicted one as a token sequence (case-insensitive).
Precision is over predictions in scored articles, recall over gold quotes.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from storydesk.errors import EvalError
from storydesk.model.spans import Span
from storydesk_eval.span_attrs import attr

log = logging.getLogger(__name__)

GOLD_FILE = "quotes.jsonl"
ARTICLES_FILE = "quotes_articles.json"
#: The gold file of a dev-stories-2-format corpus, and its speaker for quotes without one.
STORY_GOLD_FILE = "gold_quotes.jsonl"
UNATTRIBUTED = "unattributed"
EXAMPLES = Path("examples") / "assad-moscow-2023"
_DATE_PREFIX = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*")
_NAME_TOKEN = re.compile(r"[\w.-]+")


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldQuote:
    """One annotated quote, located in its article text."""

    source: str
    start: int
    end: int
    speaker: str
    kind: str


def name_tokens(name: str) -> list[str]:
    """Lower-cased tokens of a name without "the" and possessive endings."""
    name = name.lower().replace("’s", "").replace("'s", "").replace("-", " ")
    return [t for t in _NAME_TOKEN.findall(name) if t != "the"]


def same_speaker(gold: str, predicted: str) -> bool:
    """Same last name token, or the gold name contains the predicted one as a token sequence."""
    g, p = name_tokens(gold), name_tokens(predicted)
    if not g or not p:
        return False
    return g[-1] == p[-1] or any(g[i:i + len(p)] == p for i in range(len(g) - len(p) + 1))


def load_texts(data_dir: Path, examples_dir: Path | None = None) -> dict[str, str]:
    """Article texts by source: the records of every ``articles.jsonl`` under ``data_dir``
    (recursively, by record id) and the example file names (date prefix stripped).

    Raises:
        EvalError: no ``articles.jsonl`` under ``data_dir``.
    """
    files = sorted(data_dir.rglob("articles.jsonl")) if data_dir.is_dir() else []
    if not files:
        raise EvalError(f"no articles.jsonl under {data_dir} (dev-stories missing)", stage="quotes")
    examples = examples_dir or data_dir.parent / EXAMPLES
    texts: dict[str, str] = {}
    for jsonl in files:
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.setdefault(str(record["id"]), str(record["text"]))
    if examples.is_dir():
        for path in sorted(examples.glob("*.txt")):
            texts[path.name] = _DATE_PREFIX.sub("", path.read_text(encoding="utf-8"))
    return texts


def annotated_sources(gold_dir: Path) -> list[str]:
    """The sources ``quotes_articles.json`` marks as exhaustively annotated (empty when absent)."""
    path = gold_dir / ARTICLES_FILE
    try:
        return [s for s, full in json.loads(path.read_text(encoding="utf-8")).items() if full]
    except (OSError, json.JSONDecodeError, AttributeError):
        return []


def load_gold(gold_dir: Path, texts: Mapping[str, str]) -> tuple[list[GoldQuote], list[str]]:
    """Gold quotes located in their texts, and the exhaustively annotated sources."""
    gold_path, articles_path = gold_dir / GOLD_FILE, gold_dir / ARTICLES_FILE
    for path in (gold_path, articles_path):
        if not path.is_file():
            raise EvalError(f"quote gold file missing: {path}", stage="quotes")
    scored = [s for s, full in json.loads(articles_path.read_text(encoding="utf-8")).items() if full]
    quotes = []
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            quotes.append(_locate(json.loads(line), texts, f"{gold_path.name}:{number}"))
    missing = sorted({s for s in scored if s not in texts})
    if missing:
        raise EvalError(f"annotated articles not in the data: {', '.join(missing[:5])}", stage="quotes")
    return [q for q in quotes if q.source in scored], scored


def _locate(record: Mapping[str, str], texts: Mapping[str, str], where: str) -> GoldQuote:
    """A gold record with its quote substring found in the article text."""
    text = texts.get(record["source"])
    start = -1 if text is None else text.find(record["quote"])
    if start < 0:
        raise EvalError(f"gold quote not found in {record['source']}: {record['quote']!r}", source=where)
    return GoldQuote(source=record["source"], start=start, end=start + len(record["quote"]),
                     speaker=record["speaker"], kind=record["kind"])


def _hits(span: Span, gold: Iterable[GoldQuote]) -> bool:
    """Whether a prediction overlaps a gold quote with the same speaker."""
    speaker = str(attr(span, "speaker", ""))
    return any(span.start < g.end and g.start < span.end and same_speaker(g.speaker, speaker) for g in gold)


def score(predicted: Mapping[str, tuple[Span, ...]], gold: list[GoldQuote]) -> dict[str, float | int]:
    """Speaker-attribution precision, recall and F1."""
    by_source: dict[str, list[GoldQuote]] = {}
    for g in gold:
        by_source.setdefault(g.source, []).append(g)
    n_pred = sum(len(spans) for spans in predicted.values())
    right = sum(_hits(s, by_source.get(src, [])) for src, spans in predicted.items() for s in spans)
    found = sum(any(_hits(s, [g]) for s in predicted.get(g.source, ())) for g in gold)
    precision = right / n_pred if n_pred else 0.0
    recall = found / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n_gold": len(gold), "n_pred": n_pred, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}


def predict(texts: Mapping[str, str], sources: Iterable[str]) -> dict[str, tuple[Span, ...]]:
    """Our quotes (load_nlp + find_quotes, default settings) in each source's text."""
    from storydesk.backends.nlp import load_nlp
    from storydesk.stages.enrich.quotes import find_quotes
    from storydesk.stages.enrich.settings import QuoteSettings

    nlp, settings = load_nlp(), QuoteSettings()
    sources = list(sources)
    return {source: find_quotes(doc, settings=settings)
            for source, doc in zip(sources, nlp.pipe(texts[s] for s in sources), strict=True)}


def run_quotes_eval(gold_dir: Path, data_dir: Path, *,
                    examples_dir: Path | None = None) -> dict[str, float | int]:
    """Run load_nlp + find_quotes over every annotated article and score speaker attribution."""
    texts = load_texts(data_dir, examples_dir)
    gold, scored = load_gold(gold_dir, texts)
    result = score(predict(texts, scored), gold)
    log.info("quotes eval: %s", result)
    return result


def load_story_quotes(data_dir: Path) -> tuple[dict[str, str], list[GoldQuote], list[str]]:
    """A ``gold_quotes.jsonl`` corpus (dev-stories-2 format): texts, scored gold quotes, scored articles.

    Every article with a line in the file is exhaustively annotated. Quotes whose speaker is
    :data:`UNATTRIBUTED` (scare quotes, quoted phrases without a speaker) are left out of recall, as
    this gold set's guideline leaves them out altogether; a prediction on one still counts against
    precision, since it names a speaker the text does not give.

    Raises:
        EvalError: a file is missing or malformed, or a quote is not in its article.
    """
    texts: dict[str, str] = {}
    for line in _lines(data_dir / "articles.jsonl"):
        record = json.loads(line)
        texts[str(record["id"])] = str(record["text"])
    gold, scored = [], []
    for number, line in enumerate(_lines(data_dir / STORY_GOLD_FILE), 1):
        record = json.loads(line)
        located = _locate({**record, "source": record["article"]}, texts, f"{STORY_GOLD_FILE}:{number}")
        if located.source not in scored:
            scored.append(located.source)
        if located.speaker != UNATTRIBUTED:
            gold.append(located)
    return texts, gold, scored


def _lines(path: Path) -> list[str]:
    """The non-blank lines of a file, or EvalError naming it."""
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as err:
        raise EvalError(f"cannot read {path.name}: {err}", source=str(path.parent), stage="quotes") from err


def run_story_quotes_eval(data_dir: Path) -> dict[str, float | int]:
    """Speaker-attribution precision and recall on a ``gold_quotes.jsonl`` corpus (dev-stories-2)."""
    texts, gold, scored = load_story_quotes(data_dir)
    result = {**score(predict(texts, scored), gold), "articles": len(scored)}
    log.info("quotes eval on %s: %s", data_dir.name, result)
    return result
