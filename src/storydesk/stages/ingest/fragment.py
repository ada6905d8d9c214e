"""Text of an HTML fragment (a feed item's content or summary), paragraphs kept apart."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from storydesk.errors import IngestError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements that start a new paragraph in the text; <br> starts a new line.
BLOCK_TAGS = ("p", "div", "section", "article", "blockquote", "li", "ul", "ol", "table", "tr",
              "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure", "figcaption", "header", "footer")
_DROP_TAGS = ("script", "style", "noscript", "template")
_PARAGRAPH = "\n\n"
_MANY_BREAKS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\u00a0]+")
_LOOKS_LIKE_MARKUP = re.compile(r"<[a-zA-Z/!]")


def _mark_breaks(root: HtmlElement) -> None:
    """Put paragraph and line breaks into the tree's text so ``text_content`` keeps them."""
    for el in root.iter(*BLOCK_TAGS):
        el.text = _PARAGRAPH + (el.text or "")
        el.tail = _PARAGRAPH + (el.tail or "")
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")


def _tidy(text: str) -> str:
    """Collapse runs of spaces, trim lines, and keep at most one blank line between paragraphs."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _MANY_BREAKS.sub(_PARAGRAPH, "\n".join(lines)).strip()


def fragment_text(fragment: str, *, source: str) -> str:
    """Plain text of an HTML fragment; plain text (no markup) is only unescaped and tidied.

    Raises:
        IngestError: when lxml cannot parse the fragment.
    """
    if not _LOOKS_LIKE_MARKUP.search(fragment):
        return _tidy(html.unescape(fragment))
    import lxml.etree
    import lxml.html  # deferred: only feeds need it

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError) as err:
        raise IngestError(f"cannot parse HTML content: {err}", source=source, stage="ingest") from err
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    _mark_breaks(root)
    return _tidy(root.text_content())
