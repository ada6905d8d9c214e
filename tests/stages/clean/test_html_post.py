"""Tests of the HTML post-cleaning rules, one at a time, on small bodies."""

from __future__ import annotations

import pytest

from storydesk.stages.clean.edits import apply_edits
from storydesk.stages.clean.html_post import (
    HtmlPostSettings,
    html_post_edits,
    is_list_item,
    line_rules,
)

SETTINGS = HtmlPostSettings()
PROSE = [
    "The council voted seven to two on Wednesday to approve the riverside park plan.",
    "Construction of the trails and the market hall is expected to begin next spring.",
    "Opponents said the money would be better spent on roads and the ageing water mains.",
    "The parks department will hold three public meetings in April to gather comments.",
]


def body(*extra_head: str, tail: tuple[str, ...] = ()) -> str:
    return "\n".join([*extra_head, *PROSE, *tail])


def clean(raw: str, title: str | None = None) -> tuple[str, list[str]]:
    edits = html_post_edits(raw, title=title, settings=SETTINGS)
    text, removed = apply_edits(raw, edits)
    return text, [r.reason for r in removed]


def assert_prose_kept(text: str) -> None:
    for line in PROSE:
        assert line in text


def test_plain_prose_is_untouched() -> None:
    raw = body()
    assert html_post_edits(raw, title="Park plan approved", settings=SETTINGS) == []


def test_repeated_title_is_removed() -> None:
    text, reasons = clean(body("Council Approves Park Plan!"), title="Council approves park plan")
    assert reasons == ["title"]
    assert_prose_kept(text)


def test_title_removal_can_be_switched_off() -> None:
    raw = body("Council approves park plan")
    edits = html_post_edits(raw, title="Council approves park plan",
                            settings=HtmlPostSettings(drop_title=False))
    assert edits == []


@pytest.mark.parametrize(("line", "reason"), [
    ("Related: Ten parks that changed their cities", "related-links"),
    ("READ MORE: Water main breaks rise again", "related-links"),
    ("[Related: Council passes budget after late session]", "related-links"),
    ("Get the day's top headlines delivered to your inbox every morning.", "newsletter"),
    ("If you enjoyed this article, become a member today.", "subscription"),
    ("Like this story? Share it with a friend!", "social"),
    ("Comments", "comments"),
    ("Tell us what you think...", "comments"),
    ("Photo: Jane Doe for The Courier", "caption"),
    ("Updated at 1:23 p.m.", "byline"),
    ("Listen: https://podcasts.example/ep/12", "related-links"),
])
def test_line_rules_anywhere(line: str, reason: str) -> None:
    raw = "\n".join([PROSE[0], PROSE[1], line, PROSE[2], PROSE[3]])
    text, reasons = clean(raw)
    assert reasons == [reason]
    assert line not in text
    assert_prose_kept(text)


@pytest.mark.parametrize(("line", "reason"), [
    ("Follow us on Twitter and Facebook.", "social"),
    ("Email Jane Doe at jdoe@example.com or follow her @janedoe.", "social"),
    ("Have a tip? Jane Doe may be reached at jdoe@example.com.", "author-contact"),
    ("Fox News' Jane Doe contributed to this report.", "credits"),
    ("(Reporting by Jane Doe; Editing by John Roe)", "credits"),
    ("Copyright 2024 The Valley Courier. All rights reserved.", "copyright"),
    ("Source: News agencies", "credits"),
])
def test_tail_rules_fire_at_the_end(line: str, reason: str) -> None:
    text, reasons = clean(body(tail=(line,)))
    assert reasons == [reason]
    assert_prose_kept(text)


def test_tail_rules_do_not_fire_mid_article() -> None:
    long_body = [f"Paragraph {i} of the story, with a full sentence of prose." for i in range(12)]
    raw = "\n".join([*long_body[:2], "Source: the city budget office", *long_body[2:]])
    assert html_post_edits(raw, title=None, settings=SETTINGS) == []


@pytest.mark.parametrize(("line", "reason"), [
    ("By Maria Lopez", "byline"),
    ("November 20, 2019 - 11:28 AMT", "byline"),
    ("5:45 AM PST 11/19/2019 by Patrick Shanley", "byline"),
    ("Reading time: 3 minutes", "byline"),
])
def test_head_rules_fire_at_the_top(line: str, reason: str) -> None:
    text, reasons = clean(body(line))
    assert reasons == [reason]
    assert_prose_kept(text)


def test_sentence_starting_with_by_is_prose() -> None:
    raw = body("By most accounts, the law worked and the water table stopped falling.")
    assert html_post_edits(raw, title=None, settings=SETTINGS) == []


def test_related_header_takes_its_headline_list() -> None:
    tail = ("You may also like:", "Ten parks that changed their cities",
            "Why old rail yards make good parks")
    text, reasons = clean(body(tail=tail))
    assert reasons == ["related-links"] * 3
    assert_prose_kept(text)


def test_related_header_stops_at_prose() -> None:
    raw = "\n".join([PROSE[0], "Don't miss", "A headline about something else", *PROSE[1:]])
    text, reasons = clean(raw)
    assert reasons == ["related-links", "related-links"]
    assert_prose_kept(text)


def test_related_prefix_takes_only_bullets() -> None:
    raw = "\n".join([PROSE[0], "Related: Parks in pictures", "- Ten parks that changed cities",
                     "WHAT YOU NEED TO KNOW", *PROSE[1:]])
    text, reasons = clean(raw)
    assert reasons == ["related-links", "related-links"]
    assert "WHAT YOU NEED TO KNOW" in text


def test_tags_footer_takes_the_rest() -> None:
    text, reasons = clean(body(tail=("Tags:", "parks, council, budget")))
    assert reasons == ["tags", "tags"]
    assert_prose_kept(text)


def test_long_blocks_are_never_removed_by_a_line_rule() -> None:
    long_line = "Related: " + "the council debated the plan at length. " * 20
    raw = "\n".join([PROSE[0], long_line, *PROSE[1:]])
    assert html_post_edits(raw, title=None, settings=SETTINGS) == []


def test_disabled_rule_does_not_fire() -> None:
    raw = body(tail=("Comments",))
    assert html_post_edits(raw, title=None, settings=HtmlPostSettings(disabled_rules=("comments",))) == []


def test_every_rule_has_a_reason_and_a_distinct_name() -> None:
    rules = line_rules()
    assert all(rule.reason for rule in rules)
    assert len({rule.name for rule in rules}) == len(rules)


def test_is_list_item() -> None:
    assert is_list_item("- Ten parks that changed cities", SETTINGS)
    assert is_list_item("Ten parks that changed cities", SETTINGS)
    assert not is_list_item("The council voted on Wednesday.", SETTINGS)
