"""Post-cleaning of a body extracted from HTML: the boilerplate that extractors let through.

Rules are data (``rules/html_boilerplate.toml``, section ``[text]``): each is a pattern over one
block (line) with a reason, a zone (anywhere, the head or the tail of the body) and what else it
takes with it (the rest of the body, or the short link list that follows a "Related:" header).
Nothing is deleted here: the rules propose :class:`Edit` objects, so what was removed stays visible.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from storydesk.stages.clean.edits import Block, Edit, blocks, remove_block
from storydesk.stages.clean.settings import HtmlPostSettings

logger = logging.getLogger(__name__)

RULES_FILE = "html_boilerplate.toml"

Zone = Literal["any", "head", "tail"]
Takes = Literal["line", "rest", "list", "bullets"]
BULLETS = ("- ", "• ", "* ", "– ")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]$")



@dataclass(frozen=True, kw_only=True, slots=True)
class LineRule:
    """One boilerplate pattern over a block, where it may fire and what it removes."""

    name: str
    reason: str
    pattern: re.Pattern[str]
    zone: Zone = "any"
    takes: Takes = "line"


def _rule(entry: dict[str, Any]) -> LineRule:
    flags = 0 if entry.get("case_sensitive", False) else re.IGNORECASE
    return LineRule(name=entry["name"], reason=entry["reason"],
                    pattern=re.compile(entry["pattern"], flags),
                    zone=entry.get("zone", "any"), takes=entry.get("takes", "line"))


@lru_cache(maxsize=1)
def line_rules() -> tuple[LineRule, ...]:
    """The ``[text]`` rules of ``rules/html_boilerplate.toml``, compiled."""
    text = resources.files("storydesk.rules").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return tuple(_rule(entry) for entry in tomllib.loads(text)["text"]["rules"])


def words(text: str) -> list[str]:
    """Lower-cased word tokens (to compare a block with the page title)."""
    return _WORD.findall(text.lower())


def html_post_edits(raw: str, *, title: str | None, settings: HtmlPostSettings) -> list[Edit]:
    """Edits removing the boilerplate left in an extracted HTML body."""
    found = blocks(raw)
    edits: list[Edit] = []
    if settings.drop_title and found and title and words(found[0].text) == words(title):
        edits.append(remove_block(found[0], "title", "title-repeat"))
    rules = [r for r in line_rules() if r.name not in settings.disabled_rules]
    index = 0
    while index < len(found):
        taken = _apply_rules(found, index, rules, settings)
        edits.extend(taken)
        index += max(1, len(taken))
    if edits:
        logger.debug("html post-cleaning: %d edit(s)", len(edits))
    return edits


def _in_zone(zone: Zone, index: int, total: int, settings: HtmlPostSettings) -> bool:
    if zone == "head":
        return index < settings.head_blocks
    if zone == "tail":
        return index >= total - settings.tail_blocks
    return True


def _apply_rules(found: Sequence[Block], index: int, rules: Sequence[LineRule],
                 settings: HtmlPostSettings) -> list[Edit]:
    """The edits of the first rule matching block ``index`` (and the blocks it takes along)."""
    block = found[index]
    if len(block.text) > settings.max_rule_chars:
        return []
    for rule in rules:
        if _in_zone(rule.zone, index, len(found), settings) and rule.pattern.search(block.text):
            return [remove_block(b, rule.reason, rule.name)
                    for b in _taken(found, index, rule, settings)]
    return []


def _taken(found: Sequence[Block], index: int, rule: LineRule,
           settings: HtmlPostSettings) -> list[Block]:
    """The block a rule matched plus what it takes along."""
    if rule.takes == "rest":
        return list(found[index:])
    if rule.takes in ("list", "bullets"):
        item = is_list_item if rule.takes == "list" else is_bullet
        end = index + 1
        while end < len(found) and item(found[end].text, settings):
            end += 1
        return list(found[index:end])
    return [found[index]]


def is_bullet(text: str, settings: HtmlPostSettings) -> bool:
    """Whether a block is a short bulleted entry."""
    return len(text) <= settings.max_list_item_chars and text.startswith(BULLETS)


def is_list_item(text: str, settings: HtmlPostSettings) -> bool:
    """Whether a block reads as a link-list entry: a bullet, or a short unpunctuated headline."""
    if len(text) > settings.max_list_item_chars:
        return False
    return text.startswith(BULLETS) or not _SENTENCE_END.search(text)
