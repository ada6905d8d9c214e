"""Main-content extraction from HTML pages, behind a small function boundary (trafilatura).

The page is parsed once and prepared at tree level (article bodies split across sibling containers
are joined; boilerplate nodes named in ``rules/html_boilerplate.toml`` are pruned). trafilatura then
runs in precision mode (comments left out). When that text is short, a fast default-mode pass
guards against the precision pass having dropped most of the article: if the precise text is a
small share of what the default pass finds, the default text is used instead.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

from storydesk.errors import IngestError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

RULES_FILE = "html_boilerplate.toml"
# prune xpaths may use EXSLT regular expressions: re:test(@class, 'pattern', 'i')
XPATH_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}


@dataclass(frozen=True, kw_only=True, slots=True)
class ExtractedPage:
    """The article body and metadata found in one HTML page."""

    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ExtractSettings:
    """How the main text is found (section ``[html.extract]``)."""

    favor_precision: bool = True
    include_comments: bool = False
    include_tables: bool = True
    recall_guard: bool = True
    guard_below_chars: int = 1500
    min_precision_share: float = 0.2
    join_split_bodies: bool = True
    split_body_levels: int = 2
    prune_tree: bool = True

    SECTION: ClassVar[str] = "html.extract"


@dataclass(frozen=True, kw_only=True, slots=True)
class TreeRules:
    """Tree-level rules: what marks an article-body container, and nodes to prune."""

    body_class: re.Pattern[str]
    prune_xpaths: tuple[str, ...]


@lru_cache(maxsize=1)
def load_rules_file() -> dict[str, Any]:
    """The parsed ``rules/html_boilerplate.toml`` (read once)."""
    text = resources.files("storydesk.rules").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def tree_rules() -> TreeRules:
    """The ``[tree]`` rules, compiled."""
    tree = load_rules_file()["tree"]
    tokens = [entry["pattern"] for entry in tree["body_class"]]
    return TreeRules(body_class=re.compile("|".join(tokens), re.IGNORECASE),
                     prune_xpaths=tuple(entry["xpath"] for entry in tree.get("prune", ())))


def extract_page(html: str, *, url: str | None = None, source: str = "<html>",
                 settings: ExtractSettings | None = None) -> ExtractedPage:
    """Extract the main text and metadata of a page.

    Raises:
        IngestError: when the page cannot be parsed or no article body can be found.
    """
    settings = settings or ExtractSettings()
    try:
        doc = _precise_document(html, url, settings)
        text = (doc.text or "").strip() if doc is not None else ""
        if settings.recall_guard and len(text) < settings.guard_below_chars:
            text = _guarded(text, _recall_text(html, url, settings), settings)
    except (ValueError, TypeError) as err:  # lxml and trafilatura raise these on broken input
        raise IngestError(f"the HTML page could not be processed: {err}", source=source,
                          stage="ingest") from err
    if not text:
        raise IngestError("no article text found in the HTML page", source=source, stage="ingest")
    if doc is None:
        return ExtractedPage(text=text, url=url)
    return ExtractedPage(text=text, title=doc.title, date=doc.date, sitename=doc.sitename,
                         url=doc.url or url, language=doc.language)


def _precise_document(html: str, url: str | None, settings: ExtractSettings) -> Any:
    """trafilatura's document (text and metadata) from the prepared tree, in precision mode."""
    import trafilatura  # heavy import, deferred

    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    prepare_tree(tree, settings)
    return trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, output_format="python",
        favor_precision=settings.favor_precision, include_comments=settings.include_comments,
        include_tables=settings.include_tables)


def _recall_text(html: str, url: str | None, settings: ExtractSettings) -> str:
    """The body found by trafilatura's fast default-mode pass (no metadata) on a fresh tree."""
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        return ""
    prepare_tree(tree, settings)
    return (trafilatura.extract(tree, url=url, fast=True, include_comments=settings.include_comments,
                                include_tables=settings.include_tables) or "").strip()


def _guarded(precise: str, recall: str, settings: ExtractSettings) -> str:
    """The precise text, unless it is a small share of what the recall pass found."""
    if len(precise) < settings.min_precision_share * len(recall):
        logger.debug("precision pass kept %d of %d chars: using the recall pass",
                     len(precise), len(recall))
        return recall
    return precise


def prepare_tree(tree: HtmlElement, settings: ExtractSettings) -> None:
    """Tree-level preparation before extraction (in place)."""
    rules = tree_rules()
    if settings.join_split_bodies:
        join_split_bodies(tree, rules.body_class, settings.split_body_levels)
    if settings.prune_tree:
        prune_nodes(tree, rules.prune_xpaths)


def join_split_bodies(tree: HtmlElement, body_class: re.Pattern[str], levels: int) -> int:
    """Move the children of sibling article-body containers into the first one.

    Some sites cut the article body into several sibling containers of the same class (around
    ads or embeds); extractors take the first container only and lose the rest. Returns how many
    containers were joined. Containers count as one body when they share the ancestor ``levels``
    steps up (siblings, or cousins each wrapped in a layout cell).
    """
    joined = 0
    for first, rest in _split_groups(tree, body_class, levels):
        for other in rest:
            first.extend(list(other))
            other.getparent().remove(other)
            joined += 1
    return joined


def _ancestor(elem: Any, levels: int) -> Any:
    """The ancestor ``levels`` steps up, or None near the root."""
    for _ in range(levels):
        elem = elem.getparent()
        if elem is None:
            return None
    return elem


def _split_groups(tree: HtmlElement, body_class: re.Pattern[str],
                  levels: int) -> list[tuple[Any, list[Any]]]:
    """Same-tag, same-class article-body containers sharing the ancestor ``levels`` up."""
    root = tree.getroottree()
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for elem in tree.iter("div", "section", "article"):
        cls = elem.get("class") or ""
        anchor = _ancestor(elem, levels) if body_class.search(cls) else None
        if anchor is not None:
            # lxml proxies are not stable identities: key the anchor by its path
            groups.setdefault((root.getpath(anchor), elem.tag, cls), []).append(elem)
    return [(members[0], members[1:]) for members in groups.values() if len(members) > 1]


def prune_nodes(tree: HtmlElement, xpaths: tuple[str, ...]) -> int:
    """Remove the nodes the boilerplate xpaths select, keeping their tails; returns the count."""
    removed = 0
    for expr in xpaths:
        for node in tree.xpath(expr, namespaces=XPATH_NAMESPACES):
            if node.getparent() is not None:
                node.drop_tree()
                removed += 1
    return removed
