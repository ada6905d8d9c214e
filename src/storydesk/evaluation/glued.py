"""Evaluation of the glued-article cut: synthetic glued pairs and untouched singles from real text.

A *pair* joins article A and article B of another story with a paragraph break; B goes after A
(tail-glued) or, less often, before it (head-glued), with or without a headline line of its own. A
pair scores when the cut removes B's side and lands within one paragraph of the true boundary. A
*single* is an article alone; it scores when it loses no paragraph.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from storydesk.errors import EvalError
from storydesk.stages.clean.edits import Block, Edit, blocks
from storydesk.stages.clean.glued import GluedSettings, find_glued

logger = logging.getLogger(__name__)

Side = Literal["tail", "head", "none"]

_DATE_PREFIX = re.compile(r"^\s*date \d{4}-\d{2}(?:-\d{2})?\s+")
_SLUG_WORD = re.compile(r"[a-z]+")
_LONG_WORD = re.compile(r"\w{6,}")
_NAME = re.compile(r"\b[A-Z]\w{2,}")


@dataclass(frozen=True, kw_only=True, slots=True)
class EvalSettings:
    """How the evaluation set is drawn."""

    seed: int = 20240710
    # Enough pairs that one case moves a metric by well under a percentage point.
    pairs: int = 400
    # Both parts of a pair need this many paragraphs: a one-line tail is a caption, not an article.
    min_part_blocks: int = 3
    # Share of pairs glued before the article instead of after it (the rarer case on real pages).
    head_share: float = 0.25
    # Share of pairs whose foreign part opens with its own headline line.
    headline_share: float = 0.5
    # Share of tail-glued pairs that are given the article's title (head-glued always are).
    title_share: float = 0.5
    # Benchmark bodies carry no story label, and the benchmark holds several reports of one event:
    # two bodies sharing this much of their long words or of their capitalised words (Jaccard) may
    # be the same story and are never paired.
    same_story_jaccard: float = 0.1
    # A slug headline needs this many words to read as a headline.
    min_slug_words: int = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    """One real article: its story label (gold when ``labelled``), body text and a headline ('' if none)."""

    key: str
    story: str
    text: str
    headline: str
    labelled: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class Case:
    """One evaluation text: the foreign side and the block index where the kept article starts/ends."""

    text: str
    title: str | None
    side: Side
    boundary: int


def strip_date_prefix(text: str) -> str:
    """Drop the leading `` date YYYY-MM-DD`` marker of the dev-stories excerpts."""
    return _DATE_PREFIX.sub("", text, count=1)


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise EvalError(f"evaluation file missing: {path}", source=str(path), stage="eval.glued")
    try:
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise EvalError(f"cannot read evaluation file: {err}", source=str(path),
                        stage="eval.glued") from err


def load_dev_stories(data_dir: Path) -> list[Source]:
    """The dev-stories articles with their gold story labels."""
    rows = _read_json(data_dir / "dev-stories" / "articles.jsonl")
    gold = _read_json(data_dir / "dev-stories" / "gold_clusters.json")
    story = {aid: label for label, ids in gold.items() for aid in ids}
    return [Source(key=row["id"], story=story.get(row["id"], f"dev:{row['id']}"),
                   text=strip_date_prefix(row["text"]), headline=(row.get("title") or "").strip(),
                   labelled=True)
            for row in rows]


def slug_headline(url: str, min_words: int) -> str:
    """A title-cased headline from a URL's last readable path segment ('' when there is none)."""
    for segment in reversed([s for s in url.split("?")[0].split("/") if s]):
        words = _SLUG_WORD.findall(segment.rsplit(".", 1)[0].lower())
        if len(words) >= min_words:
            return " ".join(w.capitalize() for w in words)
    return ""


def load_benchmark(data_dir: Path, min_slug_words: int) -> list[Source]:
    """The extraction-benchmark bodies, each its own story, with slug headlines."""
    truth = _read_json(data_dir / "extraction-benchmark" / "ground-truth.json")
    return [Source(key=key, story=f"bench:{key}", text=item["articleBody"],
                   headline=slug_headline(item.get("url", ""), min_slug_words), labelled=False)
            for key, item in sorted(truth.items())]


def _vocabularies(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Long words and capitalised words of a text: two rough fingerprints of its story."""
    return frozenset(_LONG_WORD.findall(text.lower())), frozenset(_NAME.findall(text))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def _same_story(a: Source, b: Source, vocab: dict[str, tuple[frozenset[str], frozenset[str]]],
                limit: float) -> bool:
    if a.story == b.story:
        return True
    if a.labelled and b.labelled:
        return False
    return any(_jaccard(x, y) >= limit for x, y in zip(vocab[a.key], vocab[b.key], strict=True))


def _paragraphs(source: Source, *, headline: bool) -> list[str]:
    """The paragraphs of a source, opening with its headline line or without one."""
    lines = [line.strip() for line in source.text.split("\n") if line.strip()]
    starts_with_headline = bool(lines) and lines[0] == source.headline
    if headline and source.headline and not starts_with_headline:
        return [source.headline, *lines]
    if not headline and starts_with_headline:
        return lines[1:]
    return lines


def _glue(article: list[str], foreign: list[str], side: Side) -> tuple[str, int]:
    """The glued text and the index of the first block after the boundary."""
    first, second = (article, foreign) if side == "tail" else (foreign, article)
    return "\n\n".join(["\n".join(first), "\n".join(second)]), len(first)


def _pair(rng: random.Random, a: Source, b: Source, settings: EvalSettings) -> Case:
    side: Side = "head" if a.headline and rng.random() < settings.head_share else "tail"
    with_title = side == "head" or (bool(a.headline) and rng.random() < settings.title_share)
    foreign = _paragraphs(b, headline=rng.random() < settings.headline_share)
    text, boundary = _glue(_paragraphs(a, headline=False), foreign, side)
    return Case(text=text, title=a.headline if with_title else None, side=side, boundary=boundary)


def _long_enough(source: Source, settings: EvalSettings) -> bool:
    return len(_paragraphs(source, headline=False)) >= settings.min_part_blocks


def build_pairs(sources: Sequence[Source], settings: EvalSettings) -> list[Case]:
    """Seeded glued pairs of articles from different stories."""
    rng = random.Random(settings.seed)
    pool = [s for s in sources if _long_enough(s, settings)]
    vocab = {s.key: _vocabularies(s.text) for s in pool}
    cases: list[Case] = []
    while len(cases) < settings.pairs and len(pool) > 1:
        a, b = rng.sample(pool, 2)
        if not _same_story(a, b, vocab, settings.same_story_jaccard):
            cases.append(_pair(rng, a, b, settings))
    return cases


def build_singles(sources: Sequence[Source], settings: EvalSettings) -> list[Case]:
    """Every source long enough to be cut, alone, with its headline as title for half of them."""
    rng = random.Random(settings.seed + 1)
    cases = []
    for source in sources:
        if not _long_enough(source, settings):
            continue
        title = source.headline if source.headline and rng.random() < settings.title_share else None
        cases.append(Case(text="\n".join(_paragraphs(source, headline=False)), title=title,
                          side="none", boundary=0))
    return cases


def removed_blocks(case_blocks: Sequence[Block], edits: Sequence[Edit]) -> list[int]:
    """Indices of the blocks that the edits remove entirely."""
    spans = [(e.start, e.end) for e in edits]
    return [i for i, b in enumerate(case_blocks)
            if any(s <= b.start and b.end <= e for s, e in spans)]


def cut_of(removed: Sequence[int], n_blocks: int) -> tuple[Side, int]:
    """Which side a contiguous removal cuts and where the kept part starts (head) or ends (tail)."""
    if not removed:
        return "none", 0
    if removed[-1] == n_blocks - 1 and len(removed) == removed[-1] - removed[0] + 1:
        return "tail", removed[0]
    if removed[0] == 0 and len(removed) == removed[-1] + 1:
        return "head", removed[-1] + 1
    return "none", -1


def score_pair(case: Case, removed: Sequence[int], n_blocks: int) -> tuple[bool, bool]:
    """(within one paragraph, exact) for one glued pair."""
    side, at = cut_of(removed, n_blocks)
    if side != case.side:
        return False, False
    return abs(at - case.boundary) <= 1, at == case.boundary


def _run(cases: Sequence[Case], settings: GluedSettings) -> tuple[list[list[int]], list[int], float]:
    """Removed block indices and block counts per case, and the seconds spent in the detector."""
    removed: list[list[int]] = []
    sizes: list[int] = []
    spent = 0.0
    for case in cases:
        case_blocks = blocks(case.text)
        start = time.perf_counter()
        edits = find_glued(case.text, case_blocks, title=case.title, settings=settings)
        spent += time.perf_counter() - start
        removed.append(removed_blocks(case_blocks, edits))
        sizes.append(len(case_blocks))
    return removed, sizes, spent


def run_glued_eval(data_dir: Path, settings: GluedSettings | None = None,
                   eval_settings: EvalSettings | None = None) -> dict[str, float | int]:
    """Score :func:`find_glued` on glued pairs and singles built from ``data_dir``.

    Raises:
        EvalError: when ``dev-stories/`` or ``extraction-benchmark/`` files are missing or unreadable.
    """
    settings = settings or GluedSettings()
    eval_settings = eval_settings or EvalSettings()
    sources = load_dev_stories(data_dir) + load_benchmark(data_dir, eval_settings.min_slug_words)
    pairs, singles = build_pairs(sources, eval_settings), build_singles(sources, eval_settings)
    if not pairs or not singles:
        raise EvalError("no usable articles to build the glued evaluation", source=str(data_dir),
                        stage="eval.glued")
    pair_removed, pair_sizes, pair_time = _run(pairs, settings)
    single_removed, _, single_time = _run(singles, settings)
    scores = [score_pair(c, r, n) for c, r, n in zip(pairs, pair_removed, pair_sizes, strict=True)]
    return {
        "pairs": len(pairs), "singles": len(singles),
        "within_one_paragraph": sum(w for w, _ in scores) / len(pairs),
        "singles_intact": sum(not r for r in single_removed) / len(singles),
        "exact_boundary": sum(e for _, e in scores) / len(pairs),
        "ms_per_article": 1000 * (pair_time + single_time) / (len(pairs) + len(singles)),
    }
