"""The comparison scorer on hand-made predictions, and the shape of the shipped gold file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storydesk.errors import EvalError
from storydesk.model import Citation, Provenance
from storydesk.model.story_report import Comparison, Fact, SlotComparison, SlotValue, UniqueFact
from storydesk_eval.comparison import (
    StoryResult,
    load_gold,
    matches_agreement,
    matches_discrepancy,
    score_agreements,
    score_slots,
    unique_overlaps,
)

GOLD_FILE = Path(__file__).resolve().parents[2] / "eval" / "gold" / "comparison.json"
PROV = Provenance(stage="compare", version="v1")
REFS = {"id-1": "r1", "id-2": "r2", "id-3": "r3"}


def value(text: str, article: str, normal: str | None = None) -> SlotValue:
    return SlotValue(text=text, value=normal or text, citations=(Citation(article=article, start=0, end=9),))


def record(kind: str, *values: SlotValue) -> SlotComparison:
    return SlotComparison(id="s", slot=kind, kind=kind, values=values, reason="", citations=(),
                          provenance=PROV)


def gold_item(label: str, kind: str = "number") -> dict[str, object]:
    return {"story": "s", "topic": "t", "label": label, "kind": kind, "note": "",
            "sides": [{"article_ids": ["r1"], "values": ["6.8"]}, {"article_ids": ["r2"], "values": ["7"]}]}


def test_a_conflict_matches_when_its_values_fall_on_two_sides() -> None:
    pred = record("magnitude", value("6.8 magnitude", "id-1"),
                  value("7 degrees on the Richter scale", "id-2"))
    assert matches_discrepancy(pred, REFS, gold_item("conflict"))


def test_values_must_show_the_side_values_and_kinds_must_fit() -> None:
    wrong_value = record("magnitude", value("6.8", "id-1"), value("5.1", "id-2"))
    wrong_kind = record("date", value("6.8", "id-1"), value("7", "id-2"))
    one_side = record("magnitude", value("6.8", "id-1"), value("6.8", "id-3"))
    for pred in (wrong_value, wrong_kind, one_side):
        assert not matches_discrepancy(pred, REFS, gold_item("conflict"))


def test_scores_count_variants_shown_as_conflicts() -> None:
    conflict = record("magnitude", value("6.8", "id-1"), value("7", "id-2"))
    results = {"s": StoryResult(refs=REFS, comparison=Comparison(conflicts=(conflict,)))}
    right = score_slots(results, [gold_item("conflict")])
    assert (right["conflict_precision"], right["conflict_recall"]) == (1.0, 1.0)
    assert right["variants_as_conflicts"] == 0
    wrong = score_slots(results, [gold_item("variant")])
    assert (wrong["conflict_precision"], wrong["variants_as_conflicts"]) == (0.0, 1)


def test_predictions_matching_only_unscored_items_are_left_out() -> None:
    conflict = record("magnitude", value("6.8", "id-1"), value("7", "id-2"))
    results = {"s": StoryResult(refs=REFS, comparison=Comparison(conflicts=(conflict,)))}
    assert score_slots(results, [gold_item("unscored")])["n_conflicts_pred"] == 0


def test_variant_recall() -> None:
    variant = record("money", value("$68.7 billion", "id-1", "68,700,000,000 USD"), value("$69bn", "id-2"))
    item = gold_item("variant")
    item["sides"] = [{"article_ids": ["r1"], "values": ["68.7"]}, {"article_ids": ["r2"], "values": ["69"]}]
    results = {"s": StoryResult(refs=REFS, comparison=Comparison(variants=(variant,)))}
    assert score_slots(results, [item])["variant_recall"] == 1.0


def _fact(text: str, *articles: str) -> Fact:
    return Fact(id=text, text=text, outlets=articles,
                citations=tuple(Citation(article=a, start=0, end=5) for a in articles), provenance=PROV)


def test_agreements_need_two_event_articles_and_a_term() -> None:
    event = {"story": "s", "article_ids": ["r1", "r2"], "terms": [r"\bdams?\b"], "description": "",
             "date": ""}
    assert matches_agreement(_fact("Two dams collapsed.", "id-1", "id-2"), REFS, event)
    assert not matches_agreement(_fact("Two dams collapsed.", "id-1", "id-3"), REFS, event)
    assert not matches_agreement(_fact("The storm hit.", "id-1", "id-2"), REFS, event)
    results = {"s": StoryResult(refs=REFS, comparison=Comparison(agreements=(
        _fact("Two dams collapsed.", "id-1", "id-2"), _fact("The storm hit.", "id-1", "id-2"))))}
    scores = score_agreements(results, [event])
    assert (scores["agreement_precision"], scores["agreement_recall"]) == (0.5, 1.0)


def test_unique_facts_cited_by_a_conflict_are_counted() -> None:
    cite, elsewhere = Citation(article="id-1", start=0, end=9), Citation(article="id-1", start=20, end=30)
    unique = UniqueFact(id="u", outlet="one", text="A 7 magnitude quake.", citations=(cite,), provenance=PROV)
    other = UniqueFact(id="v", outlet="one", text="Other.", citations=(elsewhere,), provenance=PROV)
    conflict = SlotComparison(id="s", slot="magnitude", kind="magnitude", values=(), reason="",
                              citations=(cite,), provenance=PROV)
    comparison = Comparison(conflicts=(conflict,), unique=(unique, other))
    assert unique_overlaps({"s": StoryResult(refs=REFS, comparison=comparison)}) == 1


def test_missing_gold_file_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError):
        load_gold(tmp_path / "absent.json")


def test_shipped_gold_is_well_formed() -> None:
    gold = load_gold(GOLD_FILE)
    labels = {"conflict", "variant", "timeline", "naming", "unscored"}
    for item in gold["discrepancies"]:
        assert item["label"] in labels and len(item["sides"]) >= 2 and item["note"], item["topic"]
        assert all(side["article_ids"] for side in item["sides"])
    for event in gold["agreements"]:
        assert len(event["article_ids"]) >= 2 and event["terms"]
        for term in event["terms"]:
            re.compile(term)
    assert sum(item["label"] == "conflict" for item in gold["discrepancies"]) >= 5
    json.dumps(gold)
