"""Loads the declarative cleaning rules in ``storydesk/rules/*.toml`` and compiles them once."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from storydesk.errors import ConfigError


@dataclass(frozen=True, kw_only=True, slots=True)
class LineRule:
    """A whole-line boilerplate pattern."""

    name: str
    reason: str
    regex: re.Pattern[str]
    search: bool

    def matches(self, line: str) -> bool:
        """Whether this rule applies to one stripped line."""
        return bool(self.regex.search(line) if self.search else self.regex.fullmatch(line))


@dataclass(frozen=True, kw_only=True, slots=True)
class InlineRule:
    """An inline artefact pattern with its replacement (or HTML-entity decoding)."""

    name: str
    reason: str
    regex: re.Pattern[str]
    decode: bool
    replacement: str


def _load(filename: str) -> dict[str, list[dict[str, object]]]:
    try:
        text = resources.files("storydesk.rules").joinpath(filename).read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot load rule file: {err}", source=filename) from err


def _compile(pattern: object, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern), re.IGNORECASE)
    except re.error as err:
        raise ConfigError(f"bad pattern in rule {where}: {err}", source="rules") from err


@functools.cache
def line_rules() -> tuple[LineRule, ...]:
    """The line rules of ``boilerplate.toml``, in file order."""
    return tuple(
        LineRule(name=str(r["name"]), reason=str(r["reason"]),
                 regex=_compile(r["pattern"], str(r["name"])), search=bool(r.get("search", False)))
        for r in _load("boilerplate.toml").get("line", []))


@functools.cache
def inline_rules() -> tuple[InlineRule, ...]:
    """The inline artefact rules of ``artifacts.toml``, in file order."""
    return tuple(
        InlineRule(name=str(r["name"]), reason=str(r["reason"]),
                   regex=_compile(r["pattern"], str(r["name"])), decode=bool(r.get("decode", False)),
                   replacement=str(r.get("replacement", "")))
        for r in _load("artifacts.toml").get("inline", []))
