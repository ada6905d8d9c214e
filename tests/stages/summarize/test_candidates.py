from __future__ import annotations

import pytest

from storydesk.model import Span
from storydesk.model.layers import QuoteAttrs
from storydesk.stages.summarize.candidates import eligible, language_of, sentence_core
from storydesk.stages.summarize.settings import SummarySettings

from .conftest import unit

GOOD = "Storm Daniel broke two dams above Derna on Sunday night, flooding the city centre."


def test_a_plain_report_sentence_is_eligible() -> None:
    assert eligible(unit("a", "a.com", GOOD), SummarySettings(), "en")


@pytest.mark.parametrize("text", [
    "Could the disaster in Derna have been avoided if the two dams had been repaired in time?",
    "Derna flood toll rises as rescuers search the rubble of the eastern city for survivors",
    "Caption: Rescuers search the rubble of a building in Derna after the floods on Monday.",
    "He said the dams above Derna had not been maintained for more than twenty years now.",
    "We are doing everything we can to reach the families in Derna, the minister told them.",
    "the dams above Derna had not been maintained for years, according to local engineers.",
    "\u201cThe dams above Derna had not been maintained for years, and everybody knew it.",
    "Floods hit Derna.",
    "Read more about the floods in Derna at https://example.com/derna-floods-live-updates.",
])
def test_questions_fragments_furniture_and_short_sentences_are_not(text: str) -> None:
    assert not eligible(unit("a", "a.com", text), SummarySettings(), "en")


def test_a_mostly_quoted_sentence_is_not_eligible() -> None:
    text = "\u201cThe water came at night and took whole streets of the city into the sea,\u201d he said."
    quote = Span(start=0, end=text.index(" he said"), label="QUOTE", attrs=QuoteAttrs(kind="direct"))
    assert not eligible(unit("a", "a.com", text, quotes=(quote,)), SummarySettings(), "en")


def test_the_core_drops_a_glued_headline_and_keeps_offsets() -> None:
    text = f"Derna floods: the toll rises\n\n{GOOD}"
    glued = unit("a", "a.com", text, start=100)
    core = sentence_core(glued)
    assert core.text == GOOD
    assert (core.start, core.end) == (100 + text.index(GOOD), 100 + len(text))


def test_a_unit_without_a_statement_line_keeps_its_text() -> None:
    glued = unit("a", "a.com", "Derna floods\n\nLive updates")
    assert sentence_core(glued) == glued


def test_language_of_a_sentence() -> None:
    assert language_of(GOOD) == "en"
    assert language_of("Il candidato della destra ha vinto il ballottaggio con il voto.") == "it"
