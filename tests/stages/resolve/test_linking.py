"""The rules that join name groups: misspellings, surnames, generic tails, acronyms."""

from __future__ import annotations

from collections.abc import Sequence

from tests.stages.resolve.conftest import with_entities

from storydesk.stages.resolve.linking import compatible_types, misspelt, similar_tokens, surname_of, tail_of
from storydesk.stages.resolve.mentions import NameGroup, name_groups, story_mentions
from storydesk.stages.resolve.namebook import name_rules
from storydesk.stages.resolve.settings import ResolveSettings

SETTINGS = ResolveSettings()


def groups(*docs: tuple[str, Sequence[tuple[str, str]]]) -> dict[str, NameGroup]:
    arts = [with_entities(text, ents, outlet=f"o{i}") for i, (text, ents) in enumerate(docs)]
    return name_groups(story_mentions(arts, SETTINGS, name_rules()))


def toks(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def test_similar_tokens_allow_one_word_with_one_added_consonant() -> None:
    assert similar_tokens(toks("vedomosti"), toks("vendamasti"), SETTINGS)
    assert similar_tokens(toks("vnukova international airport"), toks("vnukovo international airport"),
                          SETTINGS)
    assert not similar_tokens(toks("slovakia"), toks("slovenia"), SETTINGS)  # a substitution
    assert not similar_tokens(toks("austria"), toks("australia"), SETTINGS)  # too few consonants
    assert not similar_tokens(toks("iran"), toks("iraq"), SETTINGS)  # too short
    assert not similar_tokens(toks("alexander petrov"), toks("alexandra petrova"), SETTINGS)  # two words
    assert not similar_tokens(toks("vedomosti"), toks("vedomosti times"), SETTINGS)


def test_misspelt_needs_separate_articles_a_rare_spelling_and_compatible_types() -> None:
    found = groups(("Vedomosti said.", [("Vedomosti", "ORG")]), ("Vendamasti said.", [("Vendamasti", "GPE")]),
                   ("Vnukovo and Vnukova.", [("Vnukovo", "GPE"), ("Vnukova", "GPE")]))
    assert misspelt(found["vedomosti"], found["vendamasti"], SETTINGS)
    assert not misspelt(found["vnukovo"], found["vnukova"], SETTINGS)  # one article uses both


def test_compatible_types_keep_demonyms_apart_and_trust_only_frequent_labels() -> None:
    docs = [(f"Kovalenko{i} met Kovalenka{i}.", [(f"Kovalenko{i}", "PERSON"), (f"Kovalenka{i}", "ORG")])
            for i in range(3)]
    found = groups(*docs, ("Syrian Syria.", [("Syrian", "NORP"), ("Syria", "GPE")]))
    assert not compatible_types(found["sirian"], found["siria"], SETTINGS)
    assert compatible_types(found["kovalenko0"], found["kovalenka0"], SETTINGS)  # one mention each


def test_surname_and_tail_shapes() -> None:
    assert surname_of(toks("putin"), toks("vladimir putin"))
    assert surname_of(toks("javier milei"), toks("javier gerardo milei"))
    assert not surname_of(toks("vladimir"), toks("vladimir putin"))
    assert not surname_of(toks("putin"), toks("putin"))
    assert tail_of(toks("labour"), toks("labour party"), frozenset({"party"}))
    assert not tail_of(toks("ford"), toks("ford australia"), frozenset({"party"}))
