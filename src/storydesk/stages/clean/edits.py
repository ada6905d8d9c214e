"""Edits over an article's raw text, and how they become the canonical text plus ``removed``.

Every cleaning step proposes :class:`Edit` objects (character ranges of ``raw`` to drop or replace,
with a reason); :func:`apply_edits` turns them into the cleaned text and the ``Removed`` records, so
what was taken out is always kept and can be shown in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storydesk.model import Removed

_MULTI_SPACE = re.compile(r"[ \t\u00a0]{2,}")


@dataclass(frozen=True, kw_only=True, slots=True)
class Edit:
    """Replace ``raw[start:end]`` with ``replacement`` (empty: remove), for ``reason``."""

    start: int
    end: int
    reason: str
    rule: str = ""
    replacement: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Block:
    """A non-empty line (paragraph) of the raw text: ``raw[start:end]``, stripped."""

    start: int
    end: int
    text: str


def blocks(raw: str) -> list[Block]:
    """The non-empty lines of ``raw`` with their stripped character ranges."""
    out: list[Block] = []
    pos = 0
    for line in raw.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            out.append(Block(start=start, end=start + len(stripped), text=stripped))
        pos += len(line) + 1
    return out


def remove_block(block: Block, reason: str, rule: str) -> Edit:
    """An edit dropping one whole block."""
    return Edit(start=block.start, end=block.end, reason=reason, rule=rule)


def _non_overlapping(edits: Iterable[Edit]) -> list[Edit]:
    """Sort edits; where two overlap, the earlier-starting, longer one wins."""
    ordered = sorted(edits, key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Edit] = []
    for edit in ordered:
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


def _tidy(text: str) -> str:
    """Collapse the whitespace left behind by removals; paragraphs stay one blank line apart."""
    lines = [_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def apply_edits(raw: str, edits: Iterable[Edit]) -> tuple[str, tuple[Removed, ...]]:
    """Apply edits to ``raw``: the canonical text (paragraphs separated by a blank line) and removals."""
    parts: list[str] = []
    removed: list[Removed] = []
    pos = 0
    for edit in _non_overlapping(edits):
        parts.append(raw[pos:edit.start])
        parts.append(edit.replacement)
        removed.append(Removed(start=edit.start, end=edit.end, text=raw[edit.start:edit.end],
                               reason=edit.reason, rule=edit.rule))
        pos = edit.end
    parts.append(raw[pos:])
    return _tidy("".join(parts)), tuple(removed)
