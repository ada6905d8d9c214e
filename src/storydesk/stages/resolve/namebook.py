"""Loads the declarative name rules of ``rules/entity_aliases.toml`` once."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from storydesk.errors import ConfigError
from storydesk.stages.resolve.spelling import fold

RULES_FILE = "entity_aliases.toml"


@dataclass(frozen=True, kw_only=True, slots=True)
class NameRules:
    """Word lists and aliases for name matching; every word is in :func:`fold` form."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    state_forms: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    company_suffixes: frozenset[str] = frozenset()
    org_tails: frozenset[str] = frozenset()


def _load() -> dict[str, Any]:
    try:
        text = resources.files("storydesk.rules").joinpath(RULES_FILE).read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot load rule file: {err}", source=RULES_FILE) from err


def _words(data: Mapping[str, Any], table: str) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in data.get(table, {}).get("words", ()))


def _aliases(data: Mapping[str, Any]) -> dict[str, str]:
    """Every variant (and the canonical form itself) mapped to the group's first name."""
    out: dict[str, str] = {}
    for group in data.get("aliases", {}).get("groups", ()):
        names = [fold(str(n)) for n in group]
        for name in names:
            if name in out and out[name] != names[0]:
                raise ConfigError(f"alias {name!r} is in two groups", source=RULES_FILE)
            out[name] = names[0]
    return out


@functools.cache
def name_rules() -> NameRules:
    """The name rules of ``rules/entity_aliases.toml``."""
    data = _load()
    return NameRules(
        aliases=_aliases(data), state_forms=_words(data, "state_forms"),
        determiners=_words(data, "determiners"), honorifics=_words(data, "honorifics"),
        titles=_words(data, "titles"), particles=_words(data, "particles"),
        connectors=_words(data, "connectors"), company_suffixes=_words(data, "company_suffixes"),
        org_tails=_words(data, "org_tails"))
