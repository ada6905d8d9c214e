"""Line-level cleaning of scraped text: artefacts, boilerplate lines, captions, repeats, headlines."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence

from storydesk.stages.clean.edits import Block, Edit, remove_block
from storydesk.stages.clean.rulebook import inline_rules, line_rules
from storydesk.stages.clean.settings import BoilerplateSettings

_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]$")
_WORD = re.compile(r"\w+")



def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def artifact_edits(raw: str) -> list[Edit]:
    """Inline edits for scraping artefacts (entity residues, template tokens, U+FFFD)."""
    edits: list[Edit] = []
    for rule in inline_rules():
        for m in rule.regex.finditer(raw):
            token = m.group(0)
            if rule.decode:
                body = token if token.startswith("&") else "&" + token
                replacement = html.unescape(body).replace("\u00a0", " ")
            else:
                replacement = rule.replacement
            edits.append(Edit(start=m.start(), end=m.end(), reason=rule.reason, rule=rule.name,
                              replacement=replacement))
    return edits


def is_headline_like(text: str, max_words: int) -> bool:
    """A short line without closing sentence punctuation."""
    words = text.split()
    return 0 < len(words) <= max_words and not _SENTENCE_END.search(text)


def _stray(block: Block, settings: BoilerplateSettings) -> bool:
    text = block.text
    return len(text) <= settings.stray_max_chars or not _LETTER.search(text)


def line_edits(blocks: Sequence[Block], settings: BoilerplateSettings) -> list[Edit]:
    """Edits for stray tokens and lines matching a boilerplate rule."""
    edits: list[Edit] = []
    rules = line_rules()
    for block in blocks:
        if _stray(block, settings):
            edits.append(remove_block(block, "stray-token", "stray"))
            continue
        for rule in rules:
            if rule.matches(block.text):
                edits.append(remove_block(block, rule.reason, rule.name))
                break
    return edits


def headline_edits(blocks: Sequence[Block], title: str | None) -> list[Edit]:
    """Drop copies of the article's title, keeping it where it opens the text.

    A headline that opens the scraped text is part of what the outlet printed (and often dates the
    news: "... arrived in Moscow on Tuesday"), so it stays as the first paragraph; the same line
    rendered again further down (by a second page template) is furniture.
    """
    if not title:
        return []
    key = _key(title)
    edits: list[Edit] = []
    for index, block in enumerate(blocks):
        if _key(block.text) == key and index > 0:
            edits.append(remove_block(block, "repeated-headline", "title"))
    return edits


def repeat_edits(blocks: Sequence[Block], settings: BoilerplateSettings) -> list[Edit]:
    """Lines repeated verbatim (captions, re-rendered headlines): keep the first copy of a headline.

    A repeated short line is page furniture (a caption shown twice, a headline rendered in two
    templates). A headline-like one keeps its first copy, because it may head a second article that
    the glued-article step has to see; any other repeated short line goes entirely.
    """
    counts = Counter(_key(b.text) for b in blocks if len(b.text.split()) <= settings.repeat_max_words)
    seen: set[str] = set()
    edits: list[Edit] = []
    for block in blocks:
        key = _key(block.text)
        if counts.get(key, 0) < 2 or not key:
            continue
        first = key not in seen
        seen.add(key)
        if first and is_headline_like(block.text, settings.headline_max_words):
            continue
        reason = "repeated-line" if first else "repeated-copy"
        edits.append(remove_block(block, reason, "repeat"))
    return edits
