"""String folds and distances behind name matching."""

from __future__ import annotations

import pytest

from storydesk.stages.resolve.spelling import (
    consonants,
    edit_distance,
    fold,
    fold_accents,
    indel_distance,
    skeleton,
    spelling_token,
)


@pytest.mark.parametrize(("text", "folded"), [
    ("Türkiye", "turkiye"), ("U.S.", "us"), ("al-Assad", "al assad"), ("Russia’s", "russias"),
    ("AT&T", "at&t"), ("  Bashar   al Assad ", "bashar al assad"), ("Unai Simón", "unai simon"),
])
def test_fold_drops_case_accents_dots_and_apostrophes(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_the_one_name_fold_is_case_and_accents_only_and_every_name_key_uses_it() -> None:
    from storydesk.stages.cluster.signals import entity_key
    from storydesk.stages.compare.quote_groups import name_key

    assert fold_accents("Méndez’s U.S.") == "mendez’s u.s."
    assert fold_accents("ℂafé") == "cafe"  # compatibility forms are lower-cased too
    assert fold("Méndez") == entity_key("Méndez", "PERSON") == name_key("Méndez") == "mendez"


@pytest.mark.parametrize(("a", "b"), [
    ("roscosmos", "roskosmos"), ("spencer", "spenser"), ("tawfiq", "tawfik"), ("shoukri", "shukri"),
    ("kicillof", "kiciloff"), ("myriam", "miriam"), ("organization", "organisation"),
])
def test_spelling_variants_of_one_sound_fold_alike(a: str, b: str) -> None:
    assert spelling_token(a) == spelling_token(b)


def test_spelling_fold_keeps_different_names_apart() -> None:
    assert spelling_token("slovakia") != spelling_token("slovenia")
    assert spelling_token("vnukovo") != spelling_token("vnukova")


def test_skeleton_keeps_the_first_letter_and_the_consonants() -> None:
    assert skeleton("vedomosti") == skeleton("vedomeosti") == "vdmst"
    assert skeleton("vendamasti") == "vndmst"
    assert skeleton("assad") == "asd"
    assert skeleton("") == ""
    assert consonants("vnukovo") == 4
    assert consonants("austria") == 3


def test_indel_distance_counts_a_substitution_twice() -> None:
    assert indel_distance("vdmst", "vndmst") == 1
    assert indel_distance("slvk", "slvn") == 2
    assert indel_distance("", "abc") == 3
    assert edit_distance("vedomosti", "vendamasti") == 3
    assert edit_distance("kitten", "sitting") == 3
