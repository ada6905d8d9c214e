"""From an entity span's text to the name shown and the key names are matched on."""

from __future__ import annotations

import pytest

from storydesk.stages.resolve.namebook import name_rules
from storydesk.stages.resolve.names import Name, parse_name
from storydesk.stages.resolve.settings import ResolveSettings

SETTINGS = ResolveSettings()


def name(surface: str, label: str = "PERSON") -> Name:
    return parse_name(surface, label, SETTINGS, name_rules())


@pytest.mark.parametrize(("surface", "label", "display"), [
    ("the Syrian President Bashar al Assad", "PERSON", "Bashar al Assad"),
    ("Russian President Vladimir Putin's", "PERSON", "Vladimir Putin"),
    ("Mr Putin", "PERSON", "Putin"),
    ("Mr. Putin", "ORG", "Putin"),
    ("Counselor Rami Al-Shaer", "PERSON", "Rami Al-Shaer"),
    ("the Kremlin", "ORG", "Kremlin"),
    ("Syria’s", "GPE", "Syria"),
    ("Jones'", "PERSON", "Jones"),
    ("the World Health Organization (WHO", "ORG", "World Health Organization"),
    ("(WHO", "ORG", "WHO"),
    ("Activision Blizzard, Inc.", "ORG", "Activision Blizzard"),
    ("Ryanair CEO, Michael O'Leary", "PERSON", "Michael O'Leary"),
    ("United States airframer Boeing", "ORG", "Boeing"),
    ("Javier Milei:", "PERSON", "Javier Milei"),
])
def test_display_form_drops_what_is_not_the_name(surface: str, label: str, display: str) -> None:
    assert name(surface, label).display == display


@pytest.mark.parametrize(("surface", "label"), [
    ("General Motors", "ORG"), ("Justice Department", "ORG"), ("Vnukovo international airport", "FAC"),
    ("the Royal Courts of Justice, located in central London", "ORG"),
])
def test_offices_and_descriptors_are_only_dropped_before_a_persons_name(surface: str, label: str) -> None:
    shown = name(surface, label).display
    assert shown.split()[0] == surface.removeprefix("the ").split()[0]


def test_a_connector_before_capitalised_words_keeps_the_whole_name() -> None:
    assert name("the Everett factory near Seattle", "FAC").display == "Everett factory near Seattle"
    assert name("presidente de Argentina", "PERSON").display == "presidente de Argentina"


@pytest.mark.parametrize(("a", "b"), [
    ("Türkiye", "Turkey"), ("U.S.", "the United States of America"), ("the UN", "United Nations"),
    ("the Islamic Republic of Iran", "Iran"), ("the Kingdom of Saudi Arabia", "Saudi Arabia"),
    ("Bashar al-Assad", "Bashar Assad"), ("Apple Inc.", "Apple"),
    ("General Motors Corporation", "General Motors"), ("Roscosmos", "Roskosmos"),
    ("Phil Spencer", "Phil Spenser"), ("US Air Force", "United States Air Force"),
    ("S. Somanath", "Somanath"), ("Unai Simón", "Unai Simon"),
    ("the UK’s Competition Authority", "UK Competition Authority"),
])
def test_variants_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name(a, "ORG").key == name(b, "ORG").key


@pytest.mark.parametrize(("a", "b"), [
    ("Syria", "Syrian"), ("Syria", "Syrian Observer"), ("Russia", "Russian Foreign Ministry"),
    ("iPhone 4", "iPhone"), ("Moscow", "Moscow City Government"), ("Vedomosti", "Vendamasti"),
])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name(a, "GPE").key != name(b, "GPE").key


def test_acronyms_carry_their_letters_and_long_names_their_initials() -> None:
    riac = name("RIAC", "ORG")
    assert riac.acronym and riac.initials == "riac"
    assert name("the Russian International Affairs Council", "ORG").initials == "riac"
    assert name("Bank of America", "ORG").initials == "ba"
    assert not name("Putin").acronym


@pytest.mark.parametrize("surface", ["el diálogo", "ciento", "  ", "“”"])
def test_spans_without_a_capital_letter_hold_no_name(surface: str) -> None:
    assert not name(surface, "ORG").valid


def test_lower_case_names_pass_when_capitals_are_not_required() -> None:
    loose = ResolveSettings(require_capital=False)
    assert parse_name("ciento", "ORG", loose, name_rules()).valid
