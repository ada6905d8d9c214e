"""The ``[resolve]`` settings: which spans are entities and how far name matching may reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, kw_only=True, slots=True)
class ResolveSettings:
    """Section ``[resolve]``; see ``defaults.toml`` for the reason behind each value."""

    SECTION: ClassVar[str] = "resolve"

    # NER labels that name things; numeric and temporal labels (DATE, CARDINAL, MONEY, ...) are not entities.
    labels: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT",
                               "WORK_OF_ART", "LAW", "LANGUAGE")
    # Nationalities and groups: "Syrian" is not "Syria", so these join other names only by identical spelling.
    demonym_labels: tuple[str, ...] = ("NORP",)
    # Places: a bare "Washington" is not "George Washington" unless the full name is in the same article.
    place_labels: tuple[str, ...] = ("GPE", "LOC", "FAC")
    # Labels whose short forms are surnames ("Putin" for "Vladimir Putin").
    person_labels: tuple[str, ...] = ("PERSON",)
    # Labels whose short forms drop a generic tail ("Labour" for "Labour Party").
    org_labels: tuple[str, ...] = ("ORG",)
    # A span without any capital letter is an NER misfire on common (often foreign) words, not a name.
    require_capital: bool = True
    # Spelling folds (c/k, doubled letters, y/i) only on tokens this long: short names have look-alikes.
    spelling_min_chars: int = 5
    # Misspellings: both tokens this long and with this many consonants, at most this many added letters.
    fuzzy_min_chars: int = 6
    fuzzy_min_skeleton: int = 4
    fuzzy_max_edits: int = 1
    # A misspelling is rare: one of the two spellings is confined to this many articles.
    fuzzy_max_articles: int = 1
    # Names with this few mentions carry no reliable NER type, so a type clash does not veto a match.
    weak_type_mentions: int = 2
    # Acronyms ("RIAC", "WHO") are all capitals within these lengths.
    acronym_min_chars: int = 2
    acronym_max_chars: int = 6
    # The canonical name is the fullest form used at least this often (fewer when no form is).
    canonical_min_mentions: int = 2
    # Mentions cited in an entity's provenance.
    provenance_citations: int = 3
