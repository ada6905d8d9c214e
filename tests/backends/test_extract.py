"""Tests of HTML main-text extraction on small, realistic pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from storydesk.backends.extract import (
    ExtractSettings,
    extract_page,
    join_split_bodies,
    prune_nodes,
    tree_rules,
)
from storydesk.errors import IngestError

HTML_DIR = Path(__file__).resolve().parent.parent / "data" / "html"


def read_page(name: str) -> str:
    return (HTML_DIR / name).read_text(encoding="utf-8")


def test_news_article_keeps_the_body_and_drops_the_chrome() -> None:
    page = extract_page(read_page("news_article.html"), url="https://courier.example/news/park")
    assert page.text.startswith("The city council voted seven to two")
    assert "Construction is expected to begin next spring." in page.text
    for chrome in ("Privacy policy", "Related stories", "Water main breaks", "Advertisement", "Sports"):
        assert chrome not in page.text


def test_news_article_metadata() -> None:
    page = extract_page(read_page("news_article.html"))
    assert page.title == "City council approves new riverside park plan"
    assert page.date == "2024-03-14"
    assert page.sitename == "The Valley Courier"


def test_body_split_across_containers_is_joined() -> None:
    page = extract_page(read_page("news_article.html"))
    assert "Opponents argued that the eighteen million dollar budget" in page.text
    assert page.text.index("Construction is expected") < page.text.index("Opponents argued")


def test_without_joining_the_second_half_is_lost() -> None:
    page = extract_page(read_page("news_article.html"),
                        settings=ExtractSettings(join_split_bodies=False))
    assert "Opponents argued" not in page.text


def test_blog_post_leaves_comments_sidebar_and_share_out() -> None:
    page = extract_page(read_page("blog_post_comments.html"))
    assert "For two decades the overnight sleeper" in page.text
    assert "track access charges" in page.text
    for chrome in ("Great post", "Leave a comment", "Popular posts", "Tweet", "Powered by"):
        assert chrome not in page.text


def test_page_without_article_text_raises() -> None:
    with pytest.raises(IngestError, match="no article text"):
        extract_page("<html><head><title>x</title></head><body><script>var a = 1;</script>"
                     "<div></div></body></html>", source="empty.html")


def test_join_split_bodies_moves_children_in_order() -> None:
    tree = lxml_html.fromstring(
        "<html><body><main><div class='article-body'><p>one</p></div><div class='ad'>ad</div>"
        "<div class='article-body'><p>two</p></div></main></body></html>")
    assert join_split_bodies(tree, tree_rules().body_class, levels=2) == 1
    bodies = tree.xpath("//div[@class='article-body']")
    assert len(bodies) == 1
    assert [p.text for p in bodies[0].iter("p")] == ["one", "two"]


def test_join_split_bodies_leaves_distant_containers_alone() -> None:
    tree = lxml_html.fromstring(
        "<html><body><div><div><div class='article-body'><p>one</p></div></div></div>"
        "<section><div><div><div class='article-body'><p>teaser</p></div></div></div></section>"
        "</body></html>")
    assert join_split_bodies(tree, tree_rules().body_class, levels=2) == 0


def test_prune_nodes_keeps_tails() -> None:
    tree = lxml_html.fromstring("<div><p>keep <span class='x'>drop</span> tail</p></div>")
    assert prune_nodes(tree, ("//span[@class='x']",)) == 1
    assert tree.text_content() == "keep  tail"
