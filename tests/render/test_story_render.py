"""The story sections in all three renderings, on a hand-built report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from tests.render.story_builders import story_report

from storydesk.render import render_html, render_json, render_markdown
from storydesk.render.story_html import utf16_offset

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schema" / "report.schema.json").read_text())


def test_json_story_report_validates_and_keeps_every_part(config) -> None:
    data = json.loads(render_json(story_report(config)))
    jsonschema.validate(data, SCHEMA)
    story = data["stories"][0]
    assert story["entities"][0]["name"] == "Bashar al-Assad" and story["entities"][0]["mentions"]
    assert [t["date"] for t in story["timeline"]] == ["2011", "2023-03-15"]
    assert story["quotes"][0]["variants"][1]["text"] == "political and economic fields"
    assert story["comparison"]["variants"][0]["values"][0]["text"] == "About 50,000"
    assert story["comparison"]["coverage"]["matrix"] == [[True, False], [True, True]]
    assert len(story["summary"][0]["citations"]) == 2


def test_json_citations_slice_the_cited_text(config) -> None:
    report = story_report(config)
    data = json.loads(render_json(report))
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for sentence in data["stories"][0]["summary"]:
        cited = [texts[c["article"]][c["start"]:c["end"]] for c in sentence["citations"]]
        assert cited[0] == sentence["text"]


def test_markdown_has_every_section_and_numbered_sources(config) -> None:
    md = render_markdown(story_report(config))
    for heading in ("#### Summary", "#### Timeline", "#### Entities", "#### Who said what",
                    "#### Sources compared", "**Compatible variants**", "**Only one outlet reports**",
                    "**Coverage**", "#### Sources", "## Appendix: what cleaning removed"):
        assert heading in md, heading
    assert "2011 (background)" in md and "[1]" in md and "“Putin met Assad in Moscow on 15 March 2023.”" in md


def test_html_has_every_section_escaped(config) -> None:
    page = render_html(story_report(config))
    for heading in ("Summary", "Timeline", "Entities", "Who said what", "Agreements",
                    "Compatible variants", "Only one outlet reports", "Coverage (outlets × facts)",
                    "Appendix: what cleaning removed"):
        assert f">{heading}<" in page, heading
    assert "Assad visits &lt;Moscow&gt;" in page and "<svg class='timeline-chart'" in page
    assert "Share this &lt;b&gt;" in page


def test_utf16_offsets_count_astral_characters_twice() -> None:
    text = "a😀b"
    assert utf16_offset(text, 2) == 3 and utf16_offset(text, 1) == 1
