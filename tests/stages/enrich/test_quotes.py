"""Quote finding with the real spaCy model: direct, interrupted and reported speech, and speakers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storydesk.backends.nlp import load_nlp
from storydesk.model.spans import Span
from storydesk.stages.enrich.quote_marks import find_regions
from storydesk.stages.enrich.quotes import find_quotes
from storydesk.stages.enrich.settings import QuoteSettings
from storydesk.stages.enrich.speakers import names_same

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "assad-moscow-2023"
_DATE_LINE = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*")


def quotes_of(text: str) -> tuple[Span, ...]:
    """The quotes of ``text`` with default settings."""
    return find_quotes(load_nlp()(text), settings=QuoteSettings())


def example(name: str) -> str:
    """An example article without its leading date line."""
    return _DATE_LINE.sub("", (EXAMPLES / name).read_text(encoding="utf-8"))


def quote_with(text: str, spans: tuple[Span, ...], fragment: str) -> Span:
    """The quote span that covers ``fragment``."""
    at = text.index(fragment)
    found = [s for s in spans if s.start <= at < s.end]
    assert found, f"no quote covers {fragment!r}: {[s.slice(text) for s in spans]}"
    return found[0]


def test_curly_direct_quote_after_the_cue() -> None:
    text = "Kremlin spokesman Dmitry Peskov said on Monday: “We will announce the visit in due time.”"
    span = quote_with(text, quotes_of(text), "We will announce")
    assert span.slice(text) == "We will announce the visit in due time."
    assert span.attrs.kind == "direct"
    assert span.attrs.speaker == "Dmitry Peskov"
    assert span.attrs.cue == "say"


def test_straight_multi_sentence_quote_before_an_inverted_cue() -> None:
    text = ('"This moment is unforgettable. It is phenomenal. This is a victory cry of a new India," '
            "said Prime Minister Narendra Modi.")
    span = quote_with(text, quotes_of(text), "It is phenomenal")
    assert span.slice(text).startswith("This moment is unforgettable.")
    assert span.slice(text).rstrip(",").endswith("new India")
    assert span.attrs.speaker == "Narendra Modi"


def test_speaker_span_points_at_the_full_name_mention() -> None:
    text = ("Foreign Minister Sergei Lavrov met his counterpart on Tuesday. "
            "“The talks were constructive and useful,” Lavrov told reporters.")
    span = quote_with(text, quotes_of(text), "The talks were")
    assert span.attrs.speaker_mention == "Lavrov"
    assert text[span.attrs.speaker_start:span.attrs.speaker_end] == "Sergei Lavrov"
    start, end = span.attrs.sentence
    assert text[start:end].endswith("told reporters.")


def test_interrupted_quote_continues_the_same_speaker() -> None:
    text = example("000_4324c2cefd261c23.txt")
    spans = quotes_of(text)
    first = quote_with(text, spans, "As a rule, many official working visits")
    second = quote_with(text, spans, "As you know, we announce international visits")
    assert first.attrs.speaker == second.attrs.speaker == "Dmitry Peskov"
    assert first.attrs.cue == "tell"
    assert second.attrs.kind == "direct"


@pytest.mark.parametrize(("name", "fragment", "kind"), [
    ("000_4324c2cefd261c23.txt", "the Kremlin will announce it on time", "direct"),
    ("003_9f9fd9f83c72fc1f.txt", "the Kremlin would announce the visit at the appropriate time", "indirect"),
    ("004_c6f931e1dd3618cf.txt", "the issue of the Syrian-Turkish relations will undoubtedly", "direct"),
    ("004_c6f931e1dd3618cf.txt", "postwar reconstruction and the continuation", "direct"),
])
def test_peskov_is_the_speaker_in_the_examples(name: str, fragment: str, kind: str) -> None:
    text = example(name)
    span = quote_with(text, quotes_of(text), fragment)
    assert span.attrs.speaker == "Dmitry Peskov"
    assert span.attrs.kind == kind


def test_newspaper_name_and_scare_quotes_are_not_quotes() -> None:
    text = example("000_4324c2cefd261c23.txt")
    spans = quotes_of(text)
    assert not any(s.slice(text) == "Vedomeosti," or s.slice(text) == "Vedomeosti" for s in spans)
    assert not any(s.slice(text) == "visit to Moscow" for s in spans)
    regions = find_regions(text, min_words=QuoteSettings().min_quote_words, stopwords=frozenset({"the"}))
    assert all("Vedomeosti" not in text[r.start:r.end] for r in regions)


def test_unattributed_quotation_is_not_a_quote() -> None:
    text = example("000_4324c2cefd261c23.txt")
    spans = quotes_of(text)
    assert not any("using Moscow’s surplus oil products" in s.slice(text) for s in spans)


def test_the_spokesman_resolves_to_the_named_spokesman() -> None:
    text = ("Kremlin spokesman Dmitry Peskov said on Monday that the talks would continue. "
            "President Vladimir Putin met the delegation later in the day. "
            "The spokesman said the two sides had agreed on a new schedule.")
    span = quote_with(text, quotes_of(text), "the two sides had agreed")
    assert span.attrs.speaker == "Dmitry Peskov"
    assert span.attrs.speaker_mention.lower() == "the spokesman"
    assert span.attrs.kind == "indirect"


def test_pronoun_resolves_to_the_previous_speaker() -> None:
    text = ("Economy Minister Sergio Massa conceded defeat on Sunday night. "
            "“He is the president chosen by the Argentines,” he said.")
    span = quote_with(text, quotes_of(text), "He is the president")
    assert span.attrs.speaker == "Sergio Massa"
    assert span.attrs.speaker_mention == "he"


def test_the_ministry_resolves_to_the_named_ministry() -> None:
    text = ("The Russian Foreign Ministry summoned the ambassador on Friday. "
            "The ministry said that the decision was final.")
    span = quote_with(text, quotes_of(text), "the decision was final")
    assert "Foreign Ministry" in span.attrs.speaker


@pytest.mark.parametrize(("text", "fragment", "speaker", "cue"), [
    ("Dmitry Peskov said that the Kremlin would announce the visit on time.",
     "the Kremlin would announce", "Dmitry Peskov", "say"),
    ("Dmitry Peskov said the Kremlin would announce the visit on time.",
     "the Kremlin would announce", "Dmitry Peskov", "say"),
    ("Dmitry Peskov told reporters the Kremlin would announce the visit on time.",
     "the Kremlin would announce", "Dmitry Peskov", "tell"),
    ("The Kremlin would announce the visit on time, Dmitry Peskov said.",
     "The Kremlin would announce", "Dmitry Peskov", "say"),
    ("The Kremlin would announce the visit on time, according to Dmitry Peskov.",
     "The Kremlin would announce", "Dmitry Peskov", "according"),
    ("Dmitry Peskov stressed that the visit had not been scheduled yet.",
     "the visit had not been scheduled", "Dmitry Peskov", "stress"),
    ("Dmitry Peskov warned that sanctions would hurt the talks.",
     "sanctions would hurt the talks", "Dmitry Peskov", "warn"),
    ("The newspaper Vedomosti quoted Dmitry Peskov as saying that the visit would take place in March.",
     "the visit would take place", "Dmitry Peskov", "say"),
])
def test_reported_speech(text: str, fragment: str, speaker: str, cue: str) -> None:
    span = quote_with(text, quotes_of(text), fragment)
    assert span.attrs.kind == "indirect"
    assert names_same(span.attrs.speaker, speaker) or span.attrs.speaker == speaker
    assert span.attrs.cue == cue


def test_was_quoted_as_saying() -> None:
    text = ("Russian President Vladimir Putin met Syrian leader Bashar al-Assad. "
            "Putin was quoted as saying that the two countries would deepen their ties.")
    span = quote_with(text, quotes_of(text), "the two countries would deepen")
    assert span.attrs.speaker == "Vladimir Putin"


def test_acronym_resolves_to_the_long_name() -> None:
    text = ("The UN Office for the Coordination of Humanitarian Affairs (OCHA) published new figures. "
            "\"These figures are expected to rise in the coming days,\" OCHA said.")
    span = quote_with(text, quotes_of(text), "These figures are expected")
    assert span.attrs.speaker.endswith("Office for the Coordination of Humanitarian Affairs")


def test_anonymous_speakers_give_no_quote() -> None:
    text = "A diplomatic source said that the visit would take place in March. Analysts say it matters."
    assert quotes_of(text) == ()
