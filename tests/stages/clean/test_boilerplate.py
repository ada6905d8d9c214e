from __future__ import annotations

import pytest

from storydesk.stages.clean.boilerplate import (
    BoilerplateSettings,
    artifact_edits,
    headline_edits,
    line_edits,
    repeat_edits,
)
from storydesk.stages.clean.edits import apply_edits, blocks

S = BoilerplateSettings()


def _clean_lines(raw: str, title: str | None = None) -> tuple[str, list[str]]:
    b = blocks(raw)
    edits = artifact_edits(raw) + line_edits(b, S) + headline_edits(b, title) + repeat_edits(b, S)
    text, removed = apply_edits(raw, edits)
    return text, [r.reason for r in removed]


@pytest.mark.parametrize("line,reason", [
    ("Share it...", "share-buttons"),
    ("Share this article", "share-buttons"),
    ("Leave a Reply", "comments-widget"),
    ("12 Comments", "comments-widget"),
    ("READ ALSO: Minister resigns over budget row", "related-link"),
    ("Also read: Flood death toll rises to 2,800", "related-link"),
    ("Sign up for our daily newsletter to get the news first", "newsletter-prompt"),
    ("ADVERTISEMENT", "advertisement"),
    ("Photo: Jane Doe/Reuters", "photo-credit"),
    ("Soldiers patrol a square in the capital (AFP)", "photo-caption"),
    ("A market in the old city on Thursday (Government media)", "photo-caption"),
    ("© 2023 Example News. All rights reserved.", "publisher-disclaimer"),
    ("This article was translated and edited by Example Observer.", "publisher-disclaimer"),
    ("0", "stray-token"),
    ("TT", "stray-token"),
    ("___", "stray-token"),
])
def test_boilerplate_lines_are_removed_with_reason(line: str, reason: str) -> None:
    text, reasons = _clean_lines(f"The minister spoke in the capital on Monday.\n{line}\nTalks went on.")
    assert reasons == [reason]
    assert line not in text
    assert "The minister spoke" in text and "Talks went on." in text


@pytest.mark.parametrize("line", [
    "Related talks between the two sides will continue next week, officials said.",
    "The share of votes counted rose to 94 percent by midnight.",
    "He said the photo was taken in 2021 (according to the agency).",
    "Comments by the minister drew criticism from the opposition.",
    "GPU",
    "The electronic patient record has been debated for years: the records (ePA)",
])
def test_prose_that_looks_like_boilerplate_stays(line: str) -> None:
    text, reasons = _clean_lines(f"Intro paragraph here.\n{line}\nEnd.")
    assert reasons == []
    assert line in text


def test_artifacts_are_repaired_in_place() -> None:
    text, reasons = _clean_lines("He said quot;noquot; to\u200b them.nbsp;Then {{^adFree}}left\ufffd\ufffd.")
    assert text == 'He said "no" to them. Then left.'
    assert set(reasons) == {"html-entity-residue", "invisible-character", "template-token",
                            "undecodable-bytes"}


def test_opening_headline_stays_but_its_repeats_go() -> None:
    raw = "Big Headline Here\n\nFirst para.\nBig Headline Here\nSecond para."
    text, reasons = _clean_lines(raw, title="Big Headline Here")
    assert text == "Big Headline Here\n\nFirst para.\n\nSecond para."
    assert reasons == ["repeated-headline"]


def test_repeated_caption_goes_entirely_but_a_repeated_headline_keeps_its_first_copy() -> None:
    raw = ("Story one text.\nA crowd gathers outside the court.\nA crowd gathers outside the court.\n"
           "Other Story Headline\nOther Story Headline\nOther story text.")
    text, reasons = _clean_lines(raw)
    assert "A crowd gathers" not in text
    assert text.count("Other Story Headline") == 1
    assert reasons.count("repeated-copy") == 2
