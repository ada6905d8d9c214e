"""Gold of the dev-stories-2 format: quotes (gold_quotes.jsonl) and the derived comparison gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydesk.errors import EvalError
from storydesk_eval.comparison_gold import derive_gold, has_kinds, slot_kind
from storydesk_eval.quotes import load_story_quotes

TEXT = 'The minister said "we will win" and called it a \'historic\' day.'


def _quotes_corpus(folder: Path, quotes: list[dict[str, str]]) -> Path:
    folder.mkdir()
    (folder / "articles.jsonl").write_text(json.dumps({"id": "a1", "text": TEXT}) + "\n")
    (folder / "gold_quotes.jsonl").write_text("".join(json.dumps(q) + "\n" for q in quotes))
    return folder


def test_story_quotes_locate_and_leave_unattributed_out_of_recall(tmp_path: Path) -> None:
    folder = _quotes_corpus(tmp_path / "c", [
        {"article": "a1", "quote": "we will win", "speaker": "the minister", "kind": "direct"},
        {"article": "a1", "quote": "historic", "speaker": "unattributed", "kind": "direct"}])
    texts, gold, scored = load_story_quotes(folder)
    assert scored == ["a1"] and set(texts) == {"a1"}
    assert [(TEXT[g.start:g.end], g.speaker) for g in gold] == [("we will win", "the minister")]


def test_a_quote_not_in_its_article_is_an_error(tmp_path: Path) -> None:
    folder = _quotes_corpus(tmp_path / "c", [{"article": "a1", "quote": "absent", "speaker": "x",
                                               "kind": "direct"}])
    with pytest.raises(EvalError, match="not found"):
        load_story_quotes(folder)


@pytest.mark.parametrize(("values", "kind"), [
    (["about 500 metres", "1,600 feet"], "number"),
    (["2:40 a.m. local time Sunday", "03:00 local time"], "date"),
    (["Saturday", "Sunday 24 November"], "date"),
    (["Jamie Rasking", "Jamie Raskin"], "attribution"),
])
def test_slot_kind(values: list[str], kind: str) -> None:
    assert slot_kind(values) == kind


def test_derived_gold(tmp_path: Path) -> None:
    events = {"s": {"events": [
        {"date": "2024-01-01", "description": "Summit opens", "article_ids": ["a", "b"],
         "status": "happened"},
        {"date": "2024-02-01", "description": "Next meeting", "article_ids": ["a", "b"],
         "status": "planned"},
        {"date": "2024-01-01", "description": "Only one", "article_ids": ["a"], "status": "happened"}],
        "discrepancies": [
            {"topic": "toll", "kind": "conflict", "values": [{"value": "12 dead", "article_ids": ["a"]},
                                                             {"value": "15 dead", "article_ids": ["b"]}]},
            {"topic": "name", "kind": "naming", "values": [{"value": "Kyiv", "article_ids": ["a"]},
                                                           {"value": "Kiev", "article_ids": ["b"]}]}]}}
    path = tmp_path / "gold_events.json"
    path.write_text(json.dumps(events))
    assert has_kinds(path)
    gold = derive_gold(path)
    toll, name = gold["discrepancies"]
    assert (toll["label"], toll["kind"], [s["values"] for s in toll["sides"]]) == (
        "conflict", "number", [["12"], ["15"]])
    assert (name["label"], name["kind"], [s["values"] for s in name["sides"]]) == (
        "naming", "attribution", [[], []])
    assert [a["description"] for a in gold["agreements"]] == ["Summit opens"]
    assert gold["covered"] == ["s"]


def test_a_gold_without_kinds_is_not_derived(tmp_path: Path) -> None:
    path = tmp_path / "gold_events.json"
    path.write_text(json.dumps({"s": {"events": [], "discrepancies": [{"topic": "t", "values": []}]}}))
    assert not has_kinds(path)
    with pytest.raises(EvalError):
        derive_gold(path)
