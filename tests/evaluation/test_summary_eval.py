"""The summary evaluation's parts: baselines, matcher, citation figures and scoring, on builder data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.stages.summarize.conftest import BagEmbedder, articles_for, unit, units_of

from storydesk.errors import EvalError
from storydesk.model import Citation, Provenance, SummarySentence
from storydesk_eval.summary import (
    WordTokenizer,
    citation_stats,
    covered,
    figures,
    lead_texts,
    lexrank_texts,
    load_events,
    score_stories,
)

PROV = Provenance(stage="summarize", version="v1")

TEXTS = {
    "a1": ["Storm Daniel broke two dams above the city of Derna on Sunday night, officials said.",
           "Rescue teams from Turkey reached the eastern port on Tuesday with boats and divers."],
    "b1": ["Two dams above the city of Derna broke on Sunday night as Storm Daniel hit Libya.",
           "The United Nations appealed for seventy million dollars for the relief work in Libya.",
           "Doctors warned that contaminated water could spread disease among the survivors."],
}


def _story() -> tuple[list, object]:
    units = [unit(aid, f"{aid}.com", text, index=i, start=100 * i)
             for aid, texts in TEXTS.items() for i, text in enumerate(texts)]
    return articles_for(units), units_of(units, BagEmbedder().encode([u.text for u in units]))


def test_lead_is_round_robin_longest_article_first() -> None:
    articles, units = _story()
    assert lead_texts(articles, units, 3) == [TEXTS["b1"][0], TEXTS["a1"][0], TEXTS["b1"][1]]


def test_lexrank_runs_offline_on_our_sentences() -> None:
    articles, units = _story()
    chosen = lexrank_texts(articles, units, 2)
    assert len(chosen) == 2
    assert set(chosen) <= {t for texts in TEXTS.values() for t in texts}


def test_the_word_tokenizer_needs_no_nltk_data() -> None:
    assert WordTokenizer().to_words("Storm Daniel hit Derna.") == ("Storm", "Daniel", "hit", "Derna")


def test_an_event_is_covered_when_a_sentence_is_close_enough() -> None:
    events = ["Storm hits the coast", "Dams break"]
    similarity = np.array([[0.8], [0.5]])
    assert covered(events, ["The storm hit the coast."], similarity, 0.7).tolist() == [True, False]
    assert covered(events, [], np.zeros((2, 0)), 0.7).tolist() == [False, False]


def test_shared_figures_lower_the_bar_for_a_toll_update() -> None:
    event = ["Ministry update: 2,012 dead, 2,059 injured"]
    sentence = ["At least 2,012 people were killed and 2,059 wounded."]
    assert covered(event, sentence, np.array([[0.45]]), 0.6).tolist() == [True]
    assert covered(event, ["In 2023, 2,012 people died."], np.array([[0.45]]), 0.6).tolist() == [False]
    assert covered(event, sentence, np.array([[0.3]]), 0.6).tolist() == [False]


def test_figures_drop_commas_and_years() -> None:
    assert figures("2,012 dead in 2023, 55.7% and 7 hurt.") == frozenset({"2012", "55.7"})


def test_citation_stats() -> None:
    cite = Citation(article="a", start=0, end=1)
    summary = [SummarySentence(text="x", citations=(cite, cite), outlets=("a.com", "b.com"), provenance=PROV),
               SummarySentence(text="y", citations=(cite,), outlets=("a.com",), provenance=PROV)]
    assert citation_stats([summary]) == {"outlets_per_sentence": 1.5, "multi_outlet_share": 0.5,
                                         "citations_per_sentence": 1.5}


def test_all_three_systems_are_scored_with_the_same_matcher() -> None:
    articles, units = _story()
    events = {"derna": ["Storm Daniel broke two dams above the city of Derna on Sunday night."]}
    result = score_stories({"derna": (articles, units)}, events, BagEmbedder(), 2)
    assert set(result["coverage"]) == {"ours", "lexrank", "lead"}
    assert result["coverage"]["lead"] == 1.0  # the lead sentence is the event, nearly word for word
    assert result["events"] == 1
    assert 0.0 <= result["citations"]["multi_outlet_share"] <= 1.0


def test_gold_events_are_read_per_story(tmp_path: Path) -> None:
    path = tmp_path / "gold_events.json"
    path.write_text(json.dumps({"s": {"events": [{"date": "2023-09-10", "description": "Dams break"}]}}))
    assert load_events(path) == {"s": ["Dams break"]}
    with pytest.raises(EvalError):
        load_events(tmp_path / "missing.json")
