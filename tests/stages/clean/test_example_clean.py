"""The bundled example, cleaned end to end: boilerplate and the glued article go, the articles stay."""

from __future__ import annotations

import pytest
from tests.conftest import EXAMPLE

from storydesk import api

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cleaned():
    return {a.ref[:3]: a for a in api.clean([str(EXAMPLE)]).articles}


def _raw_lines(key: str) -> list[str]:
    path = next(EXAMPLE.glob(f"{key}_*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_glued_foreign_article_is_cut_from_003_and_listed(cleaned) -> None:
    art = cleaned["003"]
    lines = _raw_lines("003")
    seam = lines.index("Baghdad Urges Washington to Prevent ‘Imminent’ Israeli Strikes")
    foreign = [line for line in lines[seam:] if len(line.split()) > 12]
    own = [line for line in lines[:seam] if len(line.split()) > 12]
    assert foreign and own
    assert all(line not in art.text for line in foreign)
    assert all(line in art.text for line in own)
    glued = {r.text for r in art.removed if r.reason == "glued-foreign-article"}
    assert all(line in glued for line in foreign)


@pytest.mark.parametrize("key,line,reason", [
    ("000", "This article was translated and edited by The Syrian Observer.", "publisher-disclaimer"),
    ("002", "Share it...", "share-buttons"),
    ("002", "Leave a Reply", "comments-widget"),
    ("002", "0", "stray-token"),
    ("003", "Russian soldiers near the Red Square in Moscow (AFP)", "photo-caption"),
    ("003", "TT", "stray-token"),
    ("004", "READ ALSO: Sack Buaben Asamoa", "related-link"),
])
def test_boilerplate_is_gone_and_listed(cleaned, key: str, line: str, reason: str) -> None:
    art = cleaned[key]
    assert not any(p.startswith(line) for p in art.text.split("\n\n"))
    assert any(r.text.startswith(line) and r.reason == reason for r in art.removed)


def test_every_real_paragraph_stays(cleaned) -> None:
    boiler = ("This article was translated", "Share it", "Leave a Reply", "READ ALSO")
    for key in ("000", "001", "002", "004"):
        for line in _raw_lines(key):
            line = line.removeprefix("date 2023-03-06 ")
            if len(line.split()) > 3 and not line.startswith(boiler):
                assert line in cleaned[key].text, (key, line[:60])


def test_html_body_loses_a_tacked_on_story_but_keeps_a_seam_without_headline(make_article, config) -> None:
    from storydesk.backends.embedder import load_embedder
    from storydesk.stages.clean.settings import CleanSettings
    from storydesk.stages.clean.stage import cleaning_edits

    settings, embedder = CleanSettings.from_config(config), load_embedder()
    raw = next(EXAMPLE.glob("003_*.txt")).read_text(encoding="utf-8")
    head, _, tail = raw.partition("\n\n\n\nBaghdad Urges")
    foreign = [line for line in tail.split("\n") if len(line.split()) > 12][:5]
    title = "Assad to Visit Moscow in Mid-March for Talks with the Kremlin"

    def cut(text: str) -> int:
        art = make_article(text, format="html", title=title)
        return sum(e.reason == "glued-foreign-article" for e in cleaning_edits(art, settings, embedder))

    headline = "Baghdad Urges Washington to Prevent ‘Imminent’ Israeli Strikes"
    assert cut("\n".join([head, headline, *foreign])) == 6
    assert cut("\n".join([head, *foreign])) == 0  # no headline at the seam: kept in an HTML body
