from __future__ import annotations

import json

from storydesk.api import build_report
from storydesk.model import Corpus, DuplicateGroup, DuplicateMember, Provenance, Removed, Skipped
from storydesk.render import render_html, render_json, render_markdown


def _report(make_article, config):
    evil = make_article("<script>alert(1)</script> & more", title="<b>Title</b>").evolve(
        text="<script>alert(1)</script> & more",
        removed=(Removed(start=0, end=3, text="<img src=x onerror=alert(2)>", reason="share-buttons"),))
    other = make_article("Plain text.").evolve(text="Plain text.")
    dup = DuplicateGroup(id="dup-1", members=(DuplicateMember(article=evil.id, similarity=1.0),
                                              DuplicateMember(article=other.id, similarity=0.8)),
                         provenance=Provenance(stage="dedup", version="v1"))
    corpus = Corpus(articles=(evil, other), duplicates=(dup,),
                    skipped=(Skipped(source="bad.bin", stage="ingest", reason="binary file"),))
    return build_report(corpus, config, {"articles": 2})


def test_html_escapes_every_piece_of_article_text(make_article, config) -> None:
    page = render_html(_report(make_article, config))
    assert "<script>alert" not in page and "<img" not in page
    assert page.count("<script>") == 1  # only the page's own citation script
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "&lt;b&gt;Title&lt;/b&gt;" in page
    assert "binary file" in page and "dup-1" in page


def test_markdown_lists_articles_removed_and_duplicates(make_article, config) -> None:
    md = render_markdown(_report(make_article, config))
    assert "## Near-duplicates" in md and "share-buttons" in md and "## Skipped inputs" in md


def test_json_carries_schema_version(make_article, config) -> None:
    data = json.loads(render_json(_report(make_article, config)))
    assert data["schema_version"] and len(data["articles"]) == 2 and "raw" not in data["articles"][0]
