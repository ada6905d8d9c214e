"""Main-text extraction quality: the Zyte article-extraction benchmark and its shingle scorer.

Scoring follows the benchmark's authors: lower-cased word tokens (``\\w+``), the multiset of
4-token shingles of the gold body and of the prediction; per page precision = matched / predicted
and recall = matched / gold (no predicted shingle: precision 0); precision and recall are averaged
over pages and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError, IngestError

logger = logging.getLogger(__name__)

Extractor = Callable[[str, "str | None"], str]

SHINGLE_SIZE = 4
GOLD_FILE = "ground-truth.json"
HTML_DIR = "html"
BASELINE_NAME = "trafilatura.extract"
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, kw_only=True, slots=True)
class BenchPage:
    """One benchmark page: its key, HTML, URL and gold article body."""

    key: str
    html: str
    url: str | None
    gold: str


@dataclass(frozen=True, kw_only=True, slots=True)
class PageScore:
    """Shingle precision and recall of one prediction against its gold body."""

    precision: float
    recall: float


@dataclass(frozen=True, kw_only=True, slots=True)
class Scores:
    """Precision and recall averaged over pages, and their harmonic mean."""

    precision: float
    recall: float
    f1: float
    n: int


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of a text."""
    return _TOKEN.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of a text."""
    words = tokens(text)
    return Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))


def score_page(gold: str, predicted: str, *, size: int = SHINGLE_SIZE) -> PageScore:
    """Precision and recall of one prediction (precision 0 when nothing was predicted)."""
    gold_sh, pred_sh = shingles(gold, size), shingles(predicted, size)
    matched = sum((gold_sh & pred_sh).values())
    n_pred, n_gold = sum(pred_sh.values()), sum(gold_sh.values())
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 1.0
    return PageScore(precision=precision, recall=recall)


def harmonic_mean(a: float, b: float) -> float:
    """The harmonic mean of two non-negative numbers (0 when both are 0)."""
    return 2 * a * b / (a + b) if a + b else 0.0


def aggregate(scores: Sequence[PageScore]) -> Scores:
    """Average precision and recall over pages; F1 is the harmonic mean of the averages."""
    if not scores:
        raise EvalError("no pages were scored")
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    return Scores(precision=precision, recall=recall, f1=harmonic_mean(precision, recall),
                  n=len(scores))


def load_benchmark(bench_dir: Path) -> list[BenchPage]:
    """Read the benchmark pages and gold bodies from ``bench_dir``.

    Raises:
        EvalError: when the directory, the gold file or a page is missing or malformed.
    """
    gold_path = bench_dir / GOLD_FILE
    if not gold_path.is_file():
        raise EvalError(f"extraction benchmark not found: no {GOLD_FILE} in {bench_dir} "
                        "(set the data directory to where extraction-benchmark/ lives)",
                        source=str(bench_dir), stage="eval")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise EvalError(f"unreadable gold file: {err}", source=str(gold_path), stage="eval") from err
    return [_load_page(bench_dir, key, entry) for key, entry in sorted(gold.items())]


def _load_page(bench_dir: Path, key: str, entry: dict[str, Any]) -> BenchPage:
    """One page: the gzipped HTML (decoded leniently) and its gold entry."""
    path = bench_dir / HTML_DIR / f"{key}.html.gz"
    try:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise EvalError(f"unreadable benchmark page: {err}", source=str(path), stage="eval") from err
    if "articleBody" not in entry:
        raise EvalError(f"gold entry {key!r} has no articleBody", source=str(bench_dir), stage="eval")
    return BenchPage(key=key, html=html, url=entry.get("url"), gold=entry["articleBody"])


def trafilatura_extractor(html: str, url: str | None) -> str:
    """The baseline: plain ``trafilatura.extract`` with its default settings."""
    import trafilatura  # heavy import, deferred

    return trafilatura.extract(html, url=url) or ""


def storydesk_extractor(html: str, url: str | None) -> str:
    """Ours: :func:`extract_page`, then the HTML post-cleaning edits applied to the body."""
    from storydesk.backends.extract import extract_page
    from storydesk.stages.clean.edits import apply_edits
    from storydesk.stages.clean.html_post import html_post_edits
    from storydesk.stages.clean.settings import HtmlPostSettings

    try:
        page = extract_page(html, url=url)
    except IngestError:
        return ""
    edits = html_post_edits(page.text, title=page.title, settings=HtmlPostSettings())
    return apply_edits(page.text, edits)[0]


@dataclass(frozen=True, kw_only=True, slots=True)
class Timed:
    """Scores of one extractor over the benchmark and how long it took."""

    scores: Scores
    seconds: float
    per_page: tuple[PageScore, ...]

    @property
    def pages_per_s(self) -> float:
        """Throughput in pages per second."""
        return self.scores.n / self.seconds if self.seconds else 0.0


def _timed_run(extractor: Extractor, page: BenchPage) -> tuple[PageScore, float]:
    """Score one page with one extractor; the time covers extraction only."""
    started = time.perf_counter()
    predicted = extractor(page.html, page.url)
    spent = time.perf_counter() - started
    return score_page(page.gold, predicted), spent


def evaluate(pages: Sequence[BenchPage], extractors: Sequence[Extractor],
             progress: Callable[[int], None] | None = None) -> list[Timed]:
    """Run several extractors over the pages, interleaved page by page, and score each.

    Interleaving makes the timings comparable on a machine whose load changes during the run.
    """
    scores: list[list[PageScore]] = [[] for _ in extractors]
    seconds = [0.0 for _ in extractors]
    for page in pages:
        for i, extractor in enumerate(extractors):
            score, spent = _timed_run(extractor, page)
            scores[i].append(score)
            seconds[i] += spent
        if progress is not None:
            progress(1)
    return [Timed(scores=aggregate(s), seconds=t, per_page=tuple(s))
            for s, t in zip(scores, seconds, strict=True)]


def _summary(timed: Timed) -> dict[str, Any]:
    s = timed.scores
    return {"precision": s.precision, "recall": s.recall, "f1": s.f1, "n": s.n,
            "seconds": timed.seconds, "pages_per_s": timed.pages_per_s}


def run_extraction_eval(bench_dir: Path, *, extractor: Extractor | None = None,
                        progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Score an extractor (default: ours) and plain trafilatura on the benchmark in one run.

    ``progress`` is called with 1 after each page. The result holds precision, recall,
    F1, page count, seconds and pages/s of ours, the same under ``baseline``, and per-page scores.

    Raises:
        EvalError: when the benchmark data is absent or malformed.
    """
    pages = load_benchmark(bench_dir)
    ours, base = evaluate(pages, [extractor or storydesk_extractor, trafilatura_extractor], progress)
    logger.info("extraction eval: ours F1 %.4f, %s F1 %.4f over %d pages",
                ours.scores.f1, BASELINE_NAME, base.scores.f1, len(pages))
    return {**_summary(ours), "baseline": {"name": BASELINE_NAME, **_summary(base)},
            "pages": {p.key: {"precision": o.precision, "recall": o.recall,
                              "baseline_precision": b.precision, "baseline_recall": b.recall}
                      for p, o, b in zip(pages, ours.per_page, base.per_page, strict=True)}}
