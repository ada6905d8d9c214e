"""The word lists of ``rules/quote_cues.toml``: cue verbs, document nouns and back-reference heads."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storydesk.errors import ConfigError

RULES_FILE = "quote_cues.toml"


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteRules:
    """The declarative data behind quote attribution."""

    speech_verbs: frozenset[str]
    relay_verbs: frozenset[str]
    citing_verbs: frozenset[str]
    document_nouns: frozenset[str]
    person_nouns: frozenset[str]
    institution_nouns: frozenset[str]
    pronouns: Mapping[str, str]
    speaker_labels: Mapping[str, str]


def _names(data: Mapping[str, Any], table: str) -> Any:
    """The ``names`` entry of one table."""
    try:
        return data[table]["names"]
    except KeyError as err:
        raise ConfigError(f"rules/{RULES_FILE}: table [{table}] lacks 'names'") from err


def parse_rules(data: Mapping[str, Any]) -> QuoteRules:
    """Build :class:`QuoteRules` from the parsed TOML tables."""
    def words(table: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in _names(data, table))

    return QuoteRules(
        speech_verbs=words("speech_verbs"), relay_verbs=words("relay_verbs"),
        citing_verbs=words("citing_verbs"), document_nouns=words("document_nouns"),
        person_nouns=words("person_nouns"), institution_nouns=words("institution_nouns"),
        pronouns=dict(_names(data, "pronouns")), speaker_labels=dict(_names(data, "speaker_labels")),
    )


@lru_cache(maxsize=8)
def load_quote_rules(path: Path | None = None) -> QuoteRules:
    """The quote rules from ``path`` or from the packaged ``rules/quote_cues.toml``."""
    try:
        if path is None:
            text = resources.files("storydesk.rules").joinpath(RULES_FILE).read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return parse_rules(tomllib.loads(text))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read quote rules: {err}", source=str(path or RULES_FILE)) from err
