"""Date normalisation scored on MEANTIME: how many gold TIMEX3 DATE values we get exactly right.

MEANTIME (NewsReader, CC BY 4.0) gives each article as tokens (``t_id``, ``sentence``) plus TIMEX3
markables (``type``, ``value``, ``token_anchor``); the document creation time (DCT) is the TIMEX3
with ``functionInDocument="CREATION_TIME"`` and is our anchor. The tokens are joined back into a
text, :func:`~storydesk.stages.enrich.dates.find_dates` runs on it, and each gold DATE (the DCT
itself excluded) counts right when the span overlapping it most has exactly the gold value. A
``dateparser`` baseline parses each gold extent (it is handed the extent, so it is spared detection)
with the DCT as its relative base.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydesk.backends.nlp import load_nlp
from storydesk.errors import EvalError
from storydesk.model import Span
from storydesk.stages.enrich.dates import find_dates
from storydesk.stages.enrich.settings import DateSettings
from storydesk_eval.extras import require
from storydesk_eval.span_attrs import attr

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

_NO_SPACE_BEFORE = frozenset({",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "n't", "'s", "’s", "'re",
                              "'ve", "'ll", "'d", "'m", "''", "”"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "“"})
_QUOTES = {"``": '"', "''": '"'}
_HEADER_SENTENCES = 2  # MEANTIME's sentence 0 is the title and sentence 1 the dateline
_GRANULARITY_FORMATS = ((r"\d{4}-\d\d-\d\d", "%Y-%m-%d"), (r"\d{4}-\d\d", "%Y-%m"), (r"\d{4}", "%Y"))


@dataclass(frozen=True, kw_only=True, slots=True)
class Timex:
    """One gold TIMEX3: character extent in the joined text, type, value, and whether it is the DCT."""

    start: int
    end: int
    type: str
    value: str
    text: str
    is_dct: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class MeantimeDoc:
    """One gold-annotated article: text, gold sentences (None: none given), anchor date, TIMEX3s.

    MEANTIME's reader fills it; so does the TimeML reader (:mod:`storydesk_eval.timeml`).
    """

    name: str
    text: str
    sentences: tuple[tuple[int, int], ...] | None
    dct: dt.date | None
    timexes: tuple[Timex, ...]


def parse_dct(value: str) -> dt.date | None:
    """A DCT value as a date: ISO, or the day-first ``DD-MM-YYYY`` a few files use."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    return None


Offsets = dict[str, tuple[int, int]]


def _join_tokens(tokens: Sequence[ET.Element]) -> tuple[str, Offsets, list[tuple[int, int]]]:
    """Detokenise: the text, each t_id's character range, and sentence ranges."""
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentences: dict[int, list[int]] = {}
    pos, previous, last_sentence = 0, "", None
    for tok in tokens:
        word, sentence = tok.text or "", int(tok.get("sentence", "0"))
        if last_sentence is not None:
            sep = _separator(previous, word, sentence != last_sentence, sentence)
            parts.append(sep)
            pos += len(sep)
        shown = _QUOTES.get(word, word)
        offsets[tok.get("t_id", "")] = (pos, pos + len(shown))
        sentences.setdefault(sentence, [pos, pos + len(shown)])[1] = pos + len(shown)
        parts.append(shown)
        pos += len(shown)
        previous, last_sentence = word, sentence
    return "".join(parts), offsets, [tuple(v) for _, v in sorted(sentences.items())]  # type: ignore[misc]


def _separator(previous: str, word: str, new_sentence: bool, sentence: int) -> str:
    """What goes between two tokens: a newline after title and dateline, a space, or nothing."""
    if new_sentence:
        return "\n" if sentence <= _HEADER_SENTENCES else " "
    if word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
        return ""
    return " "


def _fallback_dct(markables: list[ET.Element]) -> str | None:
    """Without a CREATION_TIME markable: the TIMEX3 the others are anchored to most often."""
    ids = {m.get("m_id") for m in markables}
    counts = Counter(m.get("anchorTimeID") for m in markables if m.get("anchorTimeID") in ids)
    return counts.most_common(1)[0][0] if counts else None


def read_document(path: Path) -> MeantimeDoc:
    """Read one MEANTIME XML file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise EvalError(f"cannot parse MEANTIME file: {err}", source=str(path)) from err
    text, offsets, sentences = _join_tokens(list(root.iter("token")))
    markables = list(root.iter("TIMEX3"))
    dct_ids = [m.get("m_id") for m in markables if m.get("functionInDocument") == "CREATION_TIME"]
    dct_id = dct_ids[0] if dct_ids else _fallback_dct(markables)
    timexes, dct = [], None
    for m in markables:
        ids = [a.get("t_id", "") for a in m.iter("token_anchor")]
        spans = [offsets[i] for i in ids if i in offsets]
        is_dct = bool(dct_ids) and m.get("m_id") in dct_ids
        if m.get("m_id") == dct_id:
            dct = parse_dct(m.get("value", ""))
        if spans:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            timexes.append(Timex(start=start, end=end, type=m.get("type", ""), value=m.get("value", ""),
                                 text=text[start:end], is_dct=is_dct))
    return MeantimeDoc(name=path.stem, text=text, sentences=tuple(sentences), dct=dct,
                       timexes=tuple(timexes))


def read_meantime(meantime_dir: Path) -> list[MeantimeDoc]:
    """Every MEANTIME XML document under ``meantime_dir`` (recursively), sorted by path."""
    if not meantime_dir.is_dir():
        raise EvalError(f"MEANTIME data not found: {meantime_dir} is not a directory")
    paths = sorted(p for p in meantime_dir.rglob("*.xml") if p.is_file())
    if not paths:
        raise EvalError(f"no MEANTIME .xml documents under {meantime_dir}")
    return [read_document(p) for p in paths]


def gold_dates(doc: MeantimeDoc) -> list[Timex]:
    """The scored gold expressions: TIMEX3 type DATE, the DCT excluded."""
    return [t for t in doc.timexes if t.type == "DATE" and not t.is_dct]


def best_overlap(gold: Timex, spans: Iterable[Span]) -> Span | None:
    """Our span overlapping the gold extent most (None where none overlaps)."""
    best, best_len = None, 0
    for span in spans:
        overlap = min(span.end, gold.end) - max(span.start, gold.start)
        if overlap > best_len:
            best, best_len = span, overlap
    return best


def score_document(doc: MeantimeDoc, spans: Sequence[Span]) -> tuple[int, int]:
    """(right, scored) for one document: gold DATEs whose best-overlapping span has the gold value."""
    golds = gold_dates(doc)
    right = 0
    for gold in golds:
        span = best_overlap(gold, spans)
        right += span is not None and attr(span, "value") == gold.value
    return right, len(golds)


def baseline_value(text: str, gold_value: str, dct: dt.date | None) -> str | None:
    """dateparser's reading of a gold extent, formatted at the gold value's granularity."""
    dateparser = require("dateparser")
    # dateparser's default preference (current period) scores best of past/current/future here.
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "current_period", "RETURN_AS_TIMEZONE_AWARE": False}
    if dct is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(dct, dt.time(12))
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    for pattern, fmt in _GRANULARITY_FORMATS:
        if re.fullmatch(pattern, gold_value):
            return parsed.strftime(fmt)
    return None


def run_dates_eval(meantime_dir: Path, *, progress: Progress | None = None, use_doc: bool = True,
                   settings: DateSettings | None = None) -> dict[str, Any]:
    """Score :func:`find_dates` and the dateparser baseline on every MEANTIME document under a dir.

    Returns what :func:`score_documents` returns.

    Raises:
        EvalError: the data is absent or unreadable, or holds no gold DATE expression.
        ModelError: ``use_doc`` and no English spaCy model can be loaded.
    """
    return score_documents(read_meantime(Path(meantime_dir)), str(meantime_dir), progress=progress,
                           use_doc=use_doc, settings=settings)


def score_documents(docs: Sequence[MeantimeDoc], where: str, *, progress: Progress | None = None,
                    use_doc: bool = True, settings: DateSettings | None = None) -> dict[str, Any]:
    """Score :func:`find_dates` and the dateparser baseline on gold-annotated documents.

    Returns ``{"accuracy", "n", "right", "docs", "expressions", "seconds" (find_dates only),
    "parse_seconds" (spaCy), "docs_per_second", "baseline": {"name", "accuracy", "right"}}``.

    Raises:
        EvalError: no gold DATE expression in the documents (``where`` names them).
        MissingExtraError: dateparser (the ``eval`` extra) is not installed.
        ModelError: ``use_doc`` and no English spaCy model can be loaded.
    """
    require("dateparser")
    settings = settings or DateSettings()
    nlp = load_nlp() if use_doc else None
    right = base_right = n = found = 0
    seconds = parse_seconds = 0.0
    for i, doc in enumerate(docs, 1):
        began = time.perf_counter()
        parsed = nlp(doc.text) if nlp is not None else None
        parsed_at = time.perf_counter()
        spans = find_dates(doc.text, doc.dct, sents=doc.sentences, doc=parsed, settings=settings)
        seconds += time.perf_counter() - parsed_at
        parse_seconds += parsed_at - began
        got, scored = score_document(doc, spans)
        right, n, found = right + got, n + scored, found + len(spans)
        base_right += sum(baseline_value(g.text, g.value, doc.dct) == g.value for g in gold_dates(doc))
        if progress is not None:
            progress(i, len(docs))
    if n == 0:
        raise EvalError(f"no gold TIMEX3 DATE expressions under {where}")
    log.info("dates: %d/%d right on %d documents in %.1fs", right, n, len(docs), seconds)
    return {"accuracy": right / n, "n": n, "right": right, "docs": len(docs), "expressions": found,
            "seconds": seconds, "parse_seconds": parse_seconds,
            "docs_per_second": len(docs) / seconds if seconds else 0.0,
            "baseline": {"name": "dateparser", "accuracy": base_right / n, "right": base_right}}
