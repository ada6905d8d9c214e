"""Tests of the glued-foreign-article cut on small hand-written pages and the bundled example."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from storydesk.stages.clean.edits import Block, Edit, apply_edits, blocks
from storydesk.stages.clean.glued import REASON, find_glued
from storydesk.stages.clean.glued_lexical import opens_article
from storydesk.stages.clean.settings import GluedSettings

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "assad-moscow-2023"

BRIDGE = [
    "Engineers in Halvorsund finished the new Kestrel Bridge on Tuesday, two years after the old "
    "crossing over the Mirren river was closed.",
    "The Kestrel Bridge carries four lanes and a cycle path, and Halvorsund's mayor, Ingrid Valde, "
    "called it the largest project the town has paid for.",
    "Valde said the bridge had cost 48 million crowns, about 6 million more than planned, because "
    "steel prices rose while the Mirren crossing was being built.",
    "Traffic on the Kestrel Bridge will open on Friday. Until then, ferries on the Mirren keep "
    "running from the old Halvorsund pier.",
    "Valde thanked the engineers and said Halvorsund would hold a festival on the bridge in spring.",
]

FOOTBALL = [
    "Dortwyn Rovers sack manager Pellegrini after heavy defeat",
    "Dortwyn Rovers dismissed their manager, Carlo Pellegrini, on Sunday after a 5-0 defeat at "
    "Ashby Athletic left the club bottom of the league.",
    "Pellegrini had been in charge of Rovers for eighteen months. The Dortwyn board thanked him "
    "and named the youth coach, Mo Adeyemi, as caretaker.",
    "Adeyemi takes charge of Rovers for the first time against Ashby in the cup on Wednesday, and "
    "Dortwyn supporters have planned a protest outside the stadium.",
]

GERMAN = [
    "Die Stadt Kesselbrunn hat am Montag das neue Hallenbad am Lindenweg eröffnet.",
    "Das Hallenbad in Kesselbrunn hat ein Becken mit acht Bahnen und eine Sauna, sagte "
    "Bürgermeisterin Anke Roth bei der Eröffnung am Lindenweg.",
    "Roth zufolge kostete das Hallenbad 14 Millionen Euro; das Land zahlte davon die Hälfte, "
    "Kesselbrunn den Rest.",
    "Schulen aus Kesselbrunn dürfen das Hallenbad vormittags kostenlos nutzen, kündigte Roth an.",
    "Die Öffnungszeiten des Hallenbads am Lindenweg stehen auf der Seite der Stadt Kesselbrunn.",
]


class TopicEmbedder:
    """A fake embedder: one axis per topic word list, so meaning is known; counts its calls."""

    def __init__(self, *topics: Sequence[str]) -> None:
        self.topics = topics
        self.dim = len(topics) + 1
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            hits = [sum(w in text for w in words) for words in self.topics]
            rows[i, :-1] = hits
            rows[i, -1] = 0.0 if any(hits) else 1.0
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _bridge_football_embedder() -> TopicEmbedder:
    return TopicEmbedder(("Kestrel", "Mirren", "Halvorsund", "Valde", "bridge"),
                         ("Rovers", "Pellegrini", "Adeyemi", "Ashby", "Dortwyn"))


def _page(*parts: list[str]) -> tuple[str, list[Block]]:
    raw = "\n\n".join("\n".join(part) for part in parts)
    return raw, blocks(raw)


def _removed(page_blocks: list[Block], edits: list[Edit]) -> list[int]:
    spans = {(e.start, e.end) for e in edits}
    return [i for i, b in enumerate(page_blocks) if (b.start, b.end) in spans]


@pytest.fixture
def settings() -> GluedSettings:
    return GluedSettings()


def test_whole_article_is_not_cut(settings: GluedSettings) -> None:
    raw, page_blocks = _page(BRIDGE)
    assert find_glued(raw, page_blocks, title=None, settings=settings) == []


def test_tail_glued_article_is_cut_at_its_headline(settings: GluedSettings) -> None:
    raw, page_blocks = _page(BRIDGE, FOOTBALL)
    edits = find_glued(raw, page_blocks, title=None, settings=settings)
    assert _removed(page_blocks, edits) == list(range(len(BRIDGE), len(BRIDGE) + len(FOOTBALL)))
    assert {e.reason for e in edits} == {REASON}
    text, removed = apply_edits(raw, edits)
    assert "Pellegrini" not in text and "Kestrel Bridge" in text
    assert removed[0].text == FOOTBALL[0]


def test_head_glued_article_is_cut_when_the_title_names_the_second_part(
        settings: GluedSettings) -> None:
    raw, page_blocks = _page(FOOTBALL, BRIDGE)
    title = "Halvorsund opens the Kestrel Bridge over the Mirren"
    edits = find_glued(raw, page_blocks, title=title, settings=settings)
    assert _removed(page_blocks, edits) == list(range(len(FOOTBALL)))


def test_without_a_title_the_first_part_is_kept(settings: GluedSettings) -> None:
    raw, page_blocks = _page(FOOTBALL, BRIDGE)
    edits = find_glued(raw, page_blocks, title=None, settings=settings)
    assert _removed(page_blocks, edits) == list(range(len(FOOTBALL), len(page_blocks)))


def test_non_english_whole_article_is_untouched(settings: GluedSettings) -> None:
    raw, page_blocks = _page(GERMAN)
    assert find_glued(raw, page_blocks, title=None, settings=settings) == []


def test_disabled_step_cuts_nothing() -> None:
    raw, page_blocks = _page(BRIDGE, FOOTBALL)
    assert find_glued(raw, page_blocks, title=None, settings=GluedSettings(enabled=False)) == []


def test_text_without_spaces_is_never_cut(settings: GluedSettings) -> None:
    lines = ["今回の事件のように不正に改造した商品を販売することは商標権侵害であると判断されました"] * 8
    raw, page_blocks = _page(lines)
    assert find_glued(raw, page_blocks, title=None, settings=settings) == []


@pytest.mark.parametrize("title", [None, "Assad to Visit Moscow in Mid-March for Talks with the Kremlin"])
def test_example_glued_page_is_cut_at_the_baghdad_headline(settings: GluedSettings,
                                                           title: str | None) -> None:
    raw = next(EXAMPLES.glob("003_*.txt")).read_text(encoding="utf-8")
    page_blocks = blocks(raw)
    removed = _removed(page_blocks, find_glued(raw, page_blocks, title=title, settings=settings))
    first = next(i for i, b in enumerate(page_blocks) if b.text.startswith("Baghdad Urges Washington"))
    assert removed == list(range(first, len(page_blocks)))
    assert any("Astana group" in b.text for b in page_blocks[:first])


@pytest.mark.parametrize("prefix", ["000_", "001_", "002_", "004_"])
def test_other_example_pages_lose_nothing(settings: GluedSettings, prefix: str) -> None:
    raw = next(EXAMPLES.glob(f"{prefix}*.txt")).read_text(encoding="utf-8")
    assert find_glued(raw, blocks(raw), title=None, settings=settings) == []


def test_clear_seam_is_cut_without_asking_the_embedder(settings: GluedSettings) -> None:
    raw, page_blocks = _page(BRIDGE, FOOTBALL)
    embedder = _bridge_football_embedder()
    edits = find_glued(raw, page_blocks, title=None, settings=settings, embedder=embedder)
    assert _removed(page_blocks, edits) == list(range(len(BRIDGE), len(BRIDGE) + len(FOOTBALL)))
    assert embedder.calls == []


def test_whole_article_is_not_sent_to_the_embedder(settings: GluedSettings) -> None:
    raw, page_blocks = _page(BRIDGE)
    embedder = _bridge_football_embedder()
    assert find_glued(raw, page_blocks, title=None, settings=settings, embedder=embedder) == []
    assert embedder.calls == []


def test_uncertain_seam_is_settled_by_meaning(settings: GluedSettings) -> None:
    always_ask = dataclasses.replace(settings, sure_crossing=-1.0, max_uncertain_crossing=1.0)
    raw, page_blocks = _page(BRIDGE, FOOTBALL)
    embedder = _bridge_football_embedder()
    edits = find_glued(raw, page_blocks, title=None, settings=always_ask, embedder=embedder)
    assert _removed(page_blocks, edits) == list(range(len(BRIDGE), len(BRIDGE) + len(FOOTBALL)))
    assert len(embedder.calls) == 1
    assert all(len(t.split()) <= settings.semantic_max_words for t in embedder.calls[0])


def test_one_meaning_throughout_vetoes_a_low_crossing(settings: GluedSettings) -> None:
    always_ask = dataclasses.replace(settings, sure_crossing=-1.0, max_uncertain_crossing=1.0)
    raw, page_blocks = _page(BRIDGE, FOOTBALL)
    same_topic = TopicEmbedder(())  # every paragraph gets the same vector: one story
    assert find_glued(raw, page_blocks, title=None, settings=always_ask, embedder=same_topic) == []


def test_semantic_off_ignores_the_embedder(settings: GluedSettings) -> None:
    lexical_only = dataclasses.replace(settings, semantic=False, sure_crossing=-1.0)
    raw, page_blocks = _page(BRIDGE, FOOTBALL)
    embedder = TopicEmbedder(())
    edits = find_glued(raw, page_blocks, title=None, settings=lexical_only, embedder=embedder)
    assert _removed(page_blocks, edits) == list(range(len(BRIDGE), len(BRIDGE) + len(FOOTBALL)))
    assert embedder.calls == []


def test_an_article_opens_with_prose_or_a_headline_over_prose(settings: GluedSettings) -> None:
    footer = ["Inquiry", "02-751-1500", "VIP : 60,000", "R : 50,000"]
    texts = [*BRIDGE, *footer, *FOOTBALL]
    start = len(BRIDGE) + len(footer)
    assert opens_article(texts, start, settings)                    # headline, then the lead
    assert opens_article(texts, start + 1, settings)                # the lead itself
    assert not opens_article(texts, len(BRIDGE), settings)          # contact and price lines
    assert not opens_article(texts, len(BRIDGE) + 1, settings)


@pytest.mark.integration
@pytest.mark.parametrize("prefix", ["000_", "001_", "002_", "003_", "004_"])
def test_example_pages_with_the_real_embedder(settings: GluedSettings, prefix: str) -> None:
    from storydesk.backends.embedder import load_embedder

    raw = next(EXAMPLES.glob(f"{prefix}*.txt")).read_text(encoding="utf-8")
    page_blocks = blocks(raw)
    removed = _removed(page_blocks, find_glued(raw, page_blocks, title=None, settings=settings,
                                               embedder=load_embedder()))
    if prefix != "003_":
        assert removed == []
        return
    first = next(i for i, b in enumerate(page_blocks) if b.text.startswith("Baghdad Urges Washington"))
    assert removed == list(range(first, len(page_blocks)))
