"""Cross-outlet comparison quality: conflicts, variants and agreements against dev-stories gold.

Gold (``eval/gold/comparison.json``, built from ``dev-stories/gold_events.json``):

- ``discrepancies``: each labelled ``conflict`` (a factual disagreement between outlets),
  ``variant`` (compatible values: rounding, approximation, date granularity), ``timeline`` (a
  changing count reported at different moments), ``naming`` (spelling only) or ``unscored`` (soft,
  qualitative). Each side lists its articles (dev-stories ids = our ``Article.ref``) and, where the
  value is comparable, strings one of which the predicted value must show (numbers compared as
  numbers).
- ``agreements``: gold events reported by two or more articles, with regex ``terms`` one of which
  the agreement's representative sentence must contain.

The real pipeline runs on dev-stories (read → analyze stages); articles are grouped by the *gold*
clusters, so clustering errors do not leak in; each story's units are embedded with the real
embedder and compared. A predicted conflict or variant matches a gold discrepancy of its story when
two of its values fall on two different gold sides (articles overlap, value shown) and its slot kind
fits (numbers, dates or attributions). Conflict precision counts predicted conflicts matching a gold
``conflict``; predictions matching only ``unscored`` items are left out. ``variants_as_conflicts``
counts predicted conflicts matching a gold variant, timeline or naming item (should be 0).
A predicted agreement matches a gold agreement when two or more of its articles are the event's
and its sentence contains one of the event's terms. Agreement precision is a lower bound: gold
events are the dated timeline only, so true agreements on background facts count against it.
``unique_overlaps`` counts unique facts whose sentence an agreement, conflict or variant also cites
(should be 0: such a fact is not unique).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError
from storydesk.model import Article
from storydesk.model.story_report import Comparison, Fact, SlotComparison, SlotValue
from storydesk.stages.compare.settings import CompareSettings

log = logging.getLogger(__name__)

CONFLICT, UNSCORED, VARIANT = "conflict", "unscored", "variant"
NOT_CONFLICTS = ("variant", "timeline", "naming")
#: Predicted slot kinds each gold kind can match.
KIND_MATCH = {"number": ("count", "money", "magnitude", "percent", "duration", "minute", "population"),
              "date": ("date",), "attribution": ("attribution",)}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryResult:
    """One gold story's articles (refs by article id) and the comparison predicted for it."""

    refs: Mapping[str, str]
    comparison: Comparison


def load_gold(path: Path) -> dict[str, Any]:
    """The gold file's discrepancies and agreements.

    Raises:
        EvalError: when the file is missing or malformed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise EvalError(f"cannot read comparison gold: {err}", source=str(path)) from err
    if not isinstance(data.get("discrepancies"), list) or not isinstance(data.get("agreements"), list):
        raise EvalError("comparison gold needs 'discrepancies' and 'agreements' lists", source=str(path))
    return data


def _numbers(text: str) -> set[float]:
    return {float(m.replace(",", "")) for m in _NUMBER.findall(text)}


def value_on_side(value: SlotValue, refs: set[str], side: Mapping[str, Any]) -> bool:
    """Whether a predicted value comes from a gold side's articles and shows one of its values."""
    if not refs & set(side["article_ids"]):
        return False
    wanted = side.get("values") or []
    shown = f"{value.text} {value.value}".lower()
    return not wanted or any((_numbers(w) & _numbers(shown)) if _NUMBER.search(w) else w.lower() in shown
                             for w in wanted)


def matches_discrepancy(record: SlotComparison, refs: Mapping[str, str], gold: Mapping[str, Any]) -> bool:
    """Whether two of a record's values fall on two different sides of a gold discrepancy."""
    if record.kind not in KIND_MATCH.get(gold["kind"], ()):
        return False
    value_refs = [{refs.get(c.article, "") for c in v.citations} for v in record.values]
    hits = [{s for s, side in enumerate(gold["sides"]) if value_on_side(v, r, side)}
            for v, r in zip(record.values, value_refs, strict=True)]
    return any(a != b for i, x in enumerate(hits) for y in hits[i + 1:] for a in x for b in y)


def score_slots(results: Mapping[str, StoryResult], gold: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Conflict precision and recall, variant recall, and variants wrongly shown as conflicts."""
    by_story: dict[str, list[Mapping[str, Any]]] = {}
    for item in gold:
        by_story.setdefault(item["story"], []).append(item)
    right = wrong = as_conflict = 0
    found: set[int] = set()
    variants_found: set[int] = set()
    for story, result in results.items():
        items = by_story.get(story, [])
        for record in result.comparison.conflicts:
            matched = [g for g in items if matches_discrepancy(record, result.refs, g)]
            hit = [id(g) for g in matched if g["label"] == CONFLICT]
            labels = {g["label"] for g in matched}
            found.update(hit)
            right += bool(hit)
            wrong += not hit and labels != {UNSCORED}
            as_conflict += bool(labels & set(NOT_CONFLICTS))
        variants_found.update(id(g) for g in items for record in result.comparison.variants
                              if g["label"] == VARIANT and matches_discrepancy(record, result.refs, g))
    n_gold = sum(g["label"] == CONFLICT for g in gold)
    n_variants = sum(g["label"] == VARIANT for g in gold)
    return {"n_conflicts_gold": n_gold, "n_conflicts_pred": right + wrong,
            "conflict_precision": round(right / (right + wrong), 4) if right + wrong else 1.0,
            "conflict_recall": round(len(found) / n_gold, 4) if n_gold else 0.0,
            "variants_as_conflicts": as_conflict, "n_variants_gold": n_variants,
            "variant_recall": round(len(variants_found) / n_variants, 4) if n_variants else 0.0,
            "n_variants_pred": sum(len(r.comparison.variants) for r in results.values())}


def matches_agreement(fact: Fact, refs: Mapping[str, str], gold: Mapping[str, Any]) -> bool:
    """Two or more of the fact's articles are the event's, and its sentence names the event.

    Names it: contains one of the event's regex ``terms``; for a derived gold without terms
    (:mod:`storydesk_eval.comparison_gold`), holds enough of its description's content words.
    """
    shared = {refs.get(c.article, "") for c in fact.citations} & set(gold["article_ids"])
    if len(shared) < 2:
        return False
    if "terms" not in gold:
        from storydesk_eval.comparison_gold import AGREEMENT_WORDS
        from storydesk_eval.timeline import word_share

        return word_share(str(gold["description"]), [fact.text]) >= AGREEMENT_WORDS
    return any(re.search(term, fact.text, re.IGNORECASE) for term in gold["terms"])


def score_agreements(results: Mapping[str, StoryResult], gold: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Agreement precision (a lower bound, see the module docstring) and recall of gold events."""
    right = total = 0
    found: set[int] = set()
    for story, result in results.items():
        events = [g for g in gold if g["story"] == story]
        for fact in result.comparison.agreements:
            hit = [id(g) for g in events if matches_agreement(fact, result.refs, g)]
            found.update(hit)
            right += bool(hit)
            total += 1
    return {"n_agreements_gold": len(gold), "n_agreements_pred": total,
            "agreement_precision": round(right / total, 4) if total else 0.0,
            "agreement_recall": round(len(found) / len(gold), 4) if gold else 0.0}


def unique_overlaps(results: Mapping[str, StoryResult]) -> int:
    """Unique facts whose sentence an agreement, a conflict or a variant also cites (should be 0)."""
    count = 0
    for result in results.values():
        comparison = result.comparison
        cited = {c for fact in comparison.agreements for c in fact.citations} | \
            {c for record in (*comparison.conflicts, *comparison.variants) for c in record.citations}
        count += sum(bool(set(unique.citations) & cited) for unique in comparison.unique)
    return count


def gold_stories(articles: Sequence[Article], clusters_file: Path) -> dict[str, list[Article]]:
    """Given processed articles grouped by their gold story (via ``ref``)."""
    from storydesk_eval.devstories import load_gold_clusters as load_clusters

    label_of = load_clusters(clusters_file)
    stories: dict[str, list[Article]] = {}
    for article in articles:
        if article.ref in label_of:
            stories.setdefault(label_of[article.ref], []).append(article)
    return stories


def compare_stories(stories: Mapping[str, Sequence[Article]],
                    settings: CompareSettings) -> dict[str, StoryResult]:
    """Units (real embedder) and comparison of every story."""
    from storydesk.backends.embedder import load_embedder
    from storydesk.stages.compare.facts import compare_story
    from storydesk_eval.devstories import units_of

    embedder = load_embedder()
    results = {}
    for label, articles in sorted(stories.items()):
        units = units_of(articles, embedder)
        results[label] = StoryResult(refs={a.id: a.ref for a in articles},
                                     comparison=compare_story(articles, units, (), settings))
    return results


def run_comparison_eval(data_dir: Path, gold_file: Path | None, *, articles: Sequence[Article] | None = None,
                        settings: CompareSettings | None = None) -> dict[str, Any]:
    """Run the pipeline on a dev-stories-format corpus and score conflicts, variants and agreements.

    ``gold_file``: a hand-built gold (``eval/gold/comparison.json``); None derives it from the
    corpus's ``gold_events.json`` (:func:`~storydesk_eval.comparison_gold.derive_gold`).
    ``articles`` may pass already processed articles (skipping read + analyze), e.g. from a report.

    Raises:
        EvalError: when the data or the gold file is missing or malformed.
    """
    from storydesk_eval.comparison_gold import derive_gold
    from storydesk_eval.devstories import gold_story_articles

    gold = load_gold(gold_file) if gold_file is not None else derive_gold(data_dir / "gold_events.json")
    stories = (gold_stories(articles, data_dir / "gold_clusters.json") if articles is not None
               else gold_story_articles(data_dir))
    if gold_file is None:  # a derived gold covers only the stories gold_events.json describes
        covered = set(gold["covered"])
        stories = {label: members for label, members in stories.items() if label in covered}
    results = compare_stories(stories, settings or CompareSettings())
    result = {**score_slots(results, gold["discrepancies"]), **score_agreements(results, gold["agreements"])}
    result["n_unique"] = sum(len(r.comparison.unique) for r in results.values())
    result["unique_overlaps"] = unique_overlaps(results)
    result["stories"] = len(results)
    result["gold"] = "hand-built" if gold_file is not None else "derived"
    log.info("comparison eval: %s", result)
    return result
