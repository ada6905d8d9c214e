"""The issue's done-means on the bundled example: one analyze run, the whole story report checked.

Real models, real pipeline, the report validated against the published schema and opened in a
real headless browser.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storydesk import api
from tests.render.test_html_browser import check_page

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "assad-moscow-2023"
OUTLETS = {p.stem[:3]: p.stem for p in EXAMPLE.glob("*.txt")}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("example-report")
    api.analyze([str(EXAMPLE)], out_dir=out)
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def story(run) -> dict[str, Any]:
    stories = run[1]["stories"]
    assert len(stories) == 1
    return stories[0]


def _outlets(*prefixes: str) -> set[str]:
    return {OUTLETS[p] for p in prefixes}


def _entity_with(story: dict[str, Any], alias: str) -> dict[str, Any]:
    found = [e for e in story["entities"] if alias in e["aliases"] or e["name"] == alias]
    assert len(found) == 1, f"{alias}: {[e['name'] for e in found]}"
    return found[0]


@pytest.mark.integration
def test_report_validates_against_the_schema(run) -> None:
    schema = json.loads((REPO / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(run[1], schema)


@pytest.mark.integration
def test_entities_merge_spellings_and_country_names_but_not_look_alikes(story) -> None:
    vedomosti = _entity_with(story, "Vedomosti")
    assert {"Vedomeosti", "Vendamasti"} <= set(vedomosti["aliases"]) | {vedomosti["name"]}
    vnukovo = _entity_with(story, "Vnukovo international airport")
    assert any("Vnukova" in a for a in vnukovo["aliases"]) or "Vnukova" in vnukovo["name"]
    turkey = _entity_with(story, "Turkey")
    assert "Türkiye" in turkey["aliases"]
    syria = _entity_with(story, "Syria")
    assert not any("Observer" in a for a in syria["aliases"]) and syria["type"] == "GPE"
    assert _entity_with(story, "Syrian")["id"] != syria["id"]


@pytest.mark.integration
@pytest.mark.parametrize(("date", "reporters"), [
    ("2021-09", ("000", "001", "002", "004")),   # the previous visit
    ("2022-12", ("001", "002", "004")),          # the defence ministers' meeting in Moscow
    ("2023-02-06", ("001", "002", "004")),       # the earthquake
    ("2023-03-14", ("001", "002", "004")),       # the arrival
    ("2023-03-15", ("001", "002", "004")),       # the talks
])
def test_timeline_has_each_event_once_with_every_outlet_that_dates_it(story, run, date, reporters) -> None:
    items = [t for t in story["timeline"] if t["date"] == date and _outlets(*reporters) <= set(t["outlets"])]
    assert len(items) == 1, [(t["date"], t["outlets"], t["text"][:60]) for t in story["timeline"]]
    assert items[0]["background"] == (date < "2023-03")
    outlet_of = {a["id"]: a["outlet"] or Path(a["source"]).stem for a in run[1]["articles"]}
    assert {outlet_of[c["article"]] for c in items[0]["citations"]} == set(items[0]["outlets"])


@pytest.mark.integration
def test_peskov_remarks_are_one_speaker_group_across_reports(story, run) -> None:
    groups = [g for g in story["quotes"] if "Peskov" in g["speaker"]]
    assert len(groups) == 1
    texts = {a["id"]: a["outlet"] or a["source"] for a in run[1]["articles"]}
    assert len({texts[c["article"]] for c in groups[0]["citations"]}) >= 3


@pytest.mark.integration
def test_one_statement_in_two_translations_is_one_statement_with_both_wordings(story, run) -> None:
    """001 ("... commercial and humanitarian spheres", the Russian presidency), 002 ("... trade and
    humanitarian fields", the Kremlin) and 004 (Russia's state news agency) relay one statement."""
    outlet_of = {a["id"]: a["outlet"] or Path(a["source"]).stem for a in run[1]["articles"]}
    found = []
    for group in story["quotes"]:
        for number in range(group["statements"]):
            variants = [v for v in group["variants"] if v["statement"] == number]
            texts = " | ".join(v["text"] for v in variants)
            if "spheres" in texts and "fields" in texts:
                found.append({outlet_of[c["article"]] for v in variants for c in v["citations"]})
    assert found == [_outlets("001", "002", "004")]


@pytest.mark.integration
def test_death_tolls_are_compatible_variants_not_conflicts(story) -> None:
    comparison = story["comparison"]
    variants = [{v["text"] for v in item["values"]} for item in comparison["variants"]]
    assert {"tens of thousands", "50,000"} in variants
    assert {"about half a million", "nearly 500,000"} in variants
    conflicting = {v["text"] for item in comparison["conflicts"] for v in item["values"]}
    assert not conflicting & {"tens of thousands", "50,000", "about half a million", "nearly 500,000"}


@pytest.mark.integration
def test_every_outlet_has_its_unique_facts_and_a_coverage_row(story) -> None:
    comparison = story["comparison"]
    assert {u["outlet"] for u in comparison["unique"]} == set(OUTLETS.values())
    assert set(comparison["coverage"]["outlets"]) == set(OUTLETS.values())
    assert all(len(row) == len(comparison["coverage"]["facts"]) for row in comparison["coverage"]["matrix"])


@pytest.mark.integration
def test_every_citation_slices_the_article_text(story, run) -> None:
    texts = {a["id"]: a["text"] for a in run[1]["articles"]}
    for sentence in story["summary"]:
        first = sentence["citations"][0]
        assert texts[first["article"]][first["start"]:first["end"]] == sentence["text"]
    assert any(len(s["outlets"]) >= 2 for s in story["summary"])
    everything = [c for t in story["timeline"] for c in t["citations"]]
    everything += [c for g in story["quotes"] for c in g["citations"]]
    everything += [c for e in story["entities"] for c in e["mentions"]]
    for cit in everything:
        assert 0 <= cit["start"] < cit["end"] <= len(texts[cit["article"]])


@pytest.mark.integration
def test_html_report_renders_in_a_browser_and_citations_highlight(run, tmp_path) -> None:
    out, _ = run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert check_page(html, (out / "report.json").read_text(encoding="utf-8"), tmp_path) > 50
