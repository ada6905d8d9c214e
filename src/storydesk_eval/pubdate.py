"""Publication-date inference, scored by hiding every known day of a story corpus at once.

For each record whose ``published`` is a full day, the eval hides it: ``published`` and
``date_source`` are dropped and the collector's leading `` date ...`` line is cut from the text
(bylines and datelines stay: they are the page's own words, which a reader of the page sees). Every
known day of the corpus is hidden *at the same time* — the hard, realistic case of a run where no
article carries metadata, so the run's other articles only help through the days they mention (one
hidden at a time would let each article lean on its 80–190 dated neighbours). The real pipeline's
document and corpus phases then run over the whole corpus; the day each hidden article comes out
with is scored against the hidden one:

- ``coverage``: share of the n hidden articles given a day;
- ``exact`` / ``within_one_day``: share of all n right to the day / within one day (unknown is wrong);
- ``confident`` / ``confident_right``: dates given with confidence ≥ 0.8, and the share of them right.

Two settings are scored: with the URL kept (a URL often carries the date; the headline figure) and
with the URL hidden too (``no_url_*``). Beside them, in the same run, a baseline: the latest full day
the article itself mentions, else the run's most-mentioned day (``baseline_*``).

The confidence is calibrated (``rules/pubdate.toml`` ``calibration``) on one corpus; :func:`cross_rows`
fits it on each corpus from the raw scores and scores the other, which is the cross-corpus figure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError
from storydesk.model import Article, Corpus
from storydesk.stages.enrich.pubdate import day_mentions
from storydesk.stages.enrich.pubdate_calibrate import Calibration, calibrate, fit_calibration
from storydesk.stages.ingest.text import split_date_header

_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
#: What runs: the configured documents phase, then the corpus phase up to publication dates.
PIPELINE = ('pipeline.corpus=["dedup.v1", "pubdate.v1"]', "pipeline.report=[]")
#: Raw scores instead of calibrated confidences, and no abstention (for fitting the calibration).
RAW = ("enrich.pubdate.calibrated=false", "enrich.pubdate.min_confidence=0.0")
CONFIDENT = 0.8


def hide_record(record: Mapping[str, Any], *, hide_url: bool) -> dict[str, Any]:
    """The record without its stated day: no ``published``/``date_source``, no leading date line."""
    hidden = {k: v for k, v in record.items() if k not in ("published", "date_source")}
    if isinstance(record.get("text"), str):
        _, hidden["text"] = split_date_header(record["text"])
    if hide_url:
        hidden.pop("url", None)
    return hidden


def hidden_days(records: Sequence[Mapping[str, Any]]) -> dict[str, dt.date]:
    """The known full publication day of each record (by ``id``) that the eval hides."""
    return {str(r["id"]): dt.date.fromisoformat(r["published"]) for r in records
            if isinstance(r.get("published"), str) and _FULL_DAY.match(r["published"])}


def read_records(jsonl: Path) -> list[dict[str, Any]]:
    """The corpus's records.

    Raises:
        EvalError: when the file is missing or not JSON lines.
    """
    try:
        return [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        raise EvalError(f"cannot read records: {err}", source=str(jsonl)) from err


@functools.lru_cache(maxsize=8)
def documents_run(jsonl: Path, hide_url: bool) -> Corpus:
    """The corpus with every known day hidden, through the document phase (cached per process).

    With ``hide_url`` the URL-kept run is reused: the document stages never read the URL, so only
    the day read off it (and the URL itself) is taken away again; the pubdate stage then re-resolves
    those articles' dates from their text, as it does for any undated article.
    """
    from storydesk import api
    from storydesk.config import load_config
    from storydesk.model import PublicationDate
    from storydesk.pipeline import build_pipeline

    hidden = hidden_days(records := read_records(jsonl))
    if hide_url:
        kept = documents_run(jsonl, False)
        return dataclasses.replace(kept, articles=tuple(
            a.evolve(url=None, published=PublicationDate() if a.published.basis == "url" else a.published)
            if a.ref in hidden else a for a in kept.articles))
    lines = [json.dumps(hide_record(r, hide_url=hide_url) if str(r.get("id")) in hidden else r)
             for r in records]
    config = load_config(overrides=PIPELINE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return build_pipeline(config).run(api.read([str(path)], config=config), phases=("documents",))


@functools.lru_cache(maxsize=8)
def hidden_run(jsonl: Path, hide_url: bool, raw: bool) -> tuple[Article, ...]:
    """:func:`documents_run` through the corpus phase (raw: uncalibrated scores, nothing abstained)."""
    from storydesk.config import load_config
    from storydesk.pipeline import build_pipeline

    config = load_config(overrides=(*PIPELINE, *(RAW if raw else ())))
    return build_pipeline(config).run(documents_run(jsonl, hide_url), phases=("corpus",)).articles


def predicted(article: Article) -> tuple[dt.date | None, float]:
    """The day an article came out with (None unless known to the day) and its confidence."""
    pub = article.published
    if pub.value and pub.granularity == "day":
        return dt.date.fromisoformat(pub.value), pub.confidence
    return None, 0.0


def shares(pairs: Sequence[tuple[dt.date | None, float, dt.date]]) -> dict[str, Any]:
    """Coverage, exact, within a day, and the confident dates' count and share right."""
    n = len(pairs)
    given = [(p, c, g) for p, c, g in pairs if p is not None]
    confident = [(p, g) for p, c, g in given if c >= CONFIDENT]
    return {"n": n, "coverage": round(len(given) / n, 3) if n else 0.0,
            "exact": round(sum(p == g for p, _, g in given) / n, 3) if n else 0.0,
            "within_one_day": round(sum(abs((p - g).days) <= 1 for p, _, g in given) / n, 3) if n else 0.0,
            "confident": len(confident),
            "confident_right": round(sum(p == g for p, g in confident) / len(confident), 3)
            if confident else None}


def baseline_day(article: Article, corpus_days: Counter[dt.date]) -> dt.date | None:
    """The latest full day the article mentions, else the run's most-mentioned day."""
    own = day_mentions(article.layers.get("dates", ()))
    if own:
        return max(own)
    return corpus_days.most_common(1)[0][0] if corpus_days else None


def _pairs(articles: Sequence[Article],
           gold: Mapping[str, dt.date]) -> list[tuple[dt.date | None, float, dt.date]]:
    return [(*predicted(a), gold[a.ref]) for a in articles if a.ref in gold]


def _baseline(articles: Sequence[Article], gold: Mapping[str, dt.date]) -> dict[str, Any]:
    corpus_days = Counter(d for a in articles for d in day_mentions(a.layers.get("dates", ())))
    pairs = [(baseline_day(a, corpus_days), 0.0, gold[a.ref]) for a in articles if a.ref in gold]
    figures = shares(pairs)
    return {"name": "latest mentioned day, else the run's most mentioned",
            **{k: figures[k] for k in ("coverage", "exact", "within_one_day")}}


def run_pubdate_eval(corpus_dir: Path, calibrate_on: Sequence[Path] = ()) -> dict[str, Any]:
    """The figures of one corpus: URL kept (headline), URL hidden, the baseline, and ``cross``: the
    confidence calibrated on the corpora ``calibrate_on`` instead of the shipped table."""
    jsonl = corpus_dir.resolve() / "articles.jsonl"
    gold = hidden_days(read_records(jsonl))
    if not gold:
        raise EvalError("no record with a full publication day", source=str(jsonl))
    kept = _pairs(hidden_run(jsonl, False, False), gold)
    no_url = shares(_pairs(hidden_run(jsonl, True, False), gold))
    row: dict[str, Any] = {**shares(kept), **{f"no_url_{k}": v for k, v in no_url.items() if k != "n"},
                           "baseline": _baseline(hidden_run(jsonl, False, False), gold)}
    if calibrate_on:
        from storydesk.config import load_config
        from storydesk.stages.enrich.settings import PubDateSettings

        table = fit_on([p for other in calibrate_on for p in raw_pairs(other)])
        floor = load_config().settings(PubDateSettings, "enrich.pubdate").min_confidence
        row["cross"] = {"calibrated_on": ", ".join(p.name for p in calibrate_on),
                        **shares(apply_calibration(raw_pairs(corpus_dir), table, floor))}
    return row


RawPair = tuple[dt.date | None, float, dt.date, bool]


def raw_pairs(corpus_dir: Path) -> list[RawPair]:
    """(day, raw score, gold day, inferred?) of every hidden article, URL kept, nothing abstained."""
    jsonl = corpus_dir.resolve() / "articles.jsonl"
    gold = hidden_days(read_records(jsonl))
    return [(*predicted(a), gold[a.ref], a.published.basis == "inferred")
            for a in hidden_run(jsonl, False, True) if a.ref in gold]


def fit_on(pairs: Sequence[RawPair]) -> Calibration:
    """The calibration of the inferred days' raw scores ("was it the exact day")."""
    return fit_calibration([(raw, day == gold) for day, raw, gold, inferred in pairs if inferred and day])


def apply_calibration(pairs: Sequence[RawPair], table: Calibration,
                      min_confidence: float) -> list[tuple[dt.date | None, float, dt.date]]:
    """Inferred days re-scored through ``table`` (under ``min_confidence``: unknown); stated ones kept."""
    out: list[tuple[dt.date | None, float, dt.date]] = []
    for day, raw, gold, inferred in pairs:
        confidence = calibrate(raw, table) if inferred else raw
        out.append((day, confidence, gold) if day is not None and confidence >= min_confidence
                   else (None, 0.0, gold))
    return out


def cross_rows(named: Sequence[tuple[str, Path]], min_confidence: float) -> list[dict[str, Any]]:
    """The calibration fitted on each corpus's raw scores, scored on every other corpus."""
    raw = {name: raw_pairs(path) for name, path in named}
    rows = []
    for fitted, _ in named:
        table = fit_on(raw[fitted])
        for scored, path in named:
            if scored != fitted:
                rows.append({"task": "pubdate", "format": "cross-corpus", "path": str(path),
                             "corpus": scored, "label": f"calibrated on {fitted}, scored on {scored}",
                             "parameter": "confidence calibration",
                             **shares(apply_calibration(raw[scored], table, min_confidence))})
    return rows
