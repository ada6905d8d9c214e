"""Cross-document entities from hand-written entity layers: the merges that must and must not happen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storydesk.model import Article, Entity
from storydesk.stages.resolve import ResolveSettings, resolve_entities

SETTINGS = ResolveSettings()
Story = Callable[..., list[Article]]


def entity_of(entities: Sequence[Entity], surface: str) -> Entity:
    """The entity whose name or aliases include a surface form."""
    found = [e for e in entities if surface == e.name or surface in e.aliases]
    assert len(found) == 1, (surface, [(e.name, e.aliases) for e in entities])
    return found[0]


def same(entities: Sequence[Entity], *surfaces: str) -> bool:
    return len({entity_of(entities, s).id for s in surfaces}) == 1


def test_short_forms_titles_and_possessives_of_a_person_are_one_entity(make_story: Story) -> None:
    arts = make_story(
        ("President Vladimir Putin met Mr Putin's guest.",
         [("President Vladimir Putin", "PERSON"), ("Mr Putin's", "PERSON")]),
        ("Putin spoke. Vladimir Putin left.", [("Putin", "PERSON"), ("Vladimir Putin", "PERSON")]),
        ("the Syrian President Bashar al Assad came; al-Assad and Assad met Bashar al-Assad.",
         [("the Syrian President Bashar al Assad", "PERSON"), ("al-Assad", "PERSON"), ("Assad", "PERSON"),
          ("Bashar al-Assad", "PERSON")]),
        ("Bashar al-Assad flew in.", [("Bashar al-Assad", "PERSON")]))
    ents = resolve_entities(arts, SETTINGS)
    putin = entity_of(ents, "Putin")
    assert putin.name == "Vladimir Putin"
    assert set(putin.aliases) == {"President Vladimir Putin", "Mr Putin's", "Putin"}
    assert len(putin.mentions) == 4
    assert putin.outlets == ("outlet0.example", "outlet1.example")
    assert same(ents, "al-Assad", "Assad", "Bashar al-Assad", "the Syrian President Bashar al Assad")
    assert entity_of(ents, "Assad").name == "Bashar al-Assad"


def test_misspellings_and_transliterations_across_outlets_are_one_entity(make_story: Story) -> None:
    arts = make_story(
        ("According to the newspaper Vedomeosti, a source said.", [("Vedomeosti", "PERSON")]),
        ("Al-Watan, citing Russia's Vendamasti, reported it.", [("Vendamasti", "GPE")]),
        ("Russian newspaper Vedomosti quoted a source at Vnukovo international airport.",
         [("Vedomosti", "ORG"), ("Vnukovo international airport", "FAC")]),
        ("He was received at Vnukova International Airport.", [("Vnukova International Airport", "FAC")]))
    ents = resolve_entities(arts, SETTINGS)
    paper = entity_of(ents, "Vedomosti")
    assert paper.name == "Vedomosti"  # the medoid spelling
    assert set(paper.aliases) == {"Vedomeosti", "Vendamasti"}
    assert dict(paper.type_votes) == {"PERSON": 1, "GPE": 1, "ORG": 1}
    assert paper.type == "ORG"  # a three-way tie goes to the canonical form's own label
    assert same(ents, "Vnukovo international airport", "Vnukova International Airport")


def test_country_name_variants_and_the_kremlin_are_one_entity_each(make_story: Story) -> None:
    arts = make_story(
        ("Turkey and the Kremlin talked.", [("Turkey", "GPE"), ("the Kremlin", "ORG")]),
        ("Türkiye said the Kremlin agreed. Kremlin aides.",
         [("Türkiye", "GPE"), ("the Kremlin", "ORG"), ("Kremlin", "ORG")]),
        ("Turkey again.", [("Turkey", "GPE")]))
    ents = resolve_entities(arts, SETTINGS)
    turkey = entity_of(ents, "Türkiye")
    assert turkey.name == "Turkey" and len(turkey.mentions) == 3
    assert entity_of(ents, "the Kremlin").name == "Kremlin"
    assert len(entity_of(ents, "Kremlin").mentions) == 3


def test_ner_label_disagreement_does_not_split_an_entity(make_story: Story) -> None:
    arts = make_story(("Ankara said no.", [("Ankara", "GPE")]), ("Ankara agreed.", [("Ankara", "PERSON")]),
                      ("Ankara and Damascus.", [("Ankara", "GPE"), ("Damascus", "GPE")]))
    ankara = entity_of(resolve_entities(arts, SETTINGS), "Ankara")
    assert ankara.type == "GPE" and dict(ankara.type_votes) == {"GPE": 2, "PERSON": 1}


def test_look_alikes_that_are_different_things_stay_apart(make_story: Story) -> None:
    arts = make_story(
        ("Syria and the Syrian Observer and Syrian troops.",
         [("Syria", "GPE"), ("the Syrian Observer", "ORG"), ("Syrian", "NORP")]),
        ("Russia and the Russian Foreign Ministry and Russian forces.",
         [("Russia", "GPE"), ("the Russian Foreign Ministry", "ORG"), ("Russian", "NORP")]),
        ("Moscow and the Moscow City Government.",
         [("Moscow", "GPE"), ("the Moscow City Government", "ORG")]),
        ("Washington named after George Washington.",
         [("Washington", "GPE"), ("George Washington", "PERSON")]),
        ("Austria beat Slovakia.", [("Austria", "GPE"), ("Slovakia", "GPE")]),
        ("Australia beat Slovenia.", [("Australia", "GPE"), ("Slovenia", "GPE")]))
    ents = resolve_entities(arts, SETTINGS)
    for a, b in [("Syria", "Syrian Observer"), ("Syria", "Syrian"), ("Russia", "Russian Foreign Ministry"),
                 ("Russia", "Russian"), ("Moscow", "Moscow City Government"),
                 ("Washington", "George Washington"), ("Austria", "Australia"), ("Slovakia", "Slovenia")]:
        assert not same(ents, a, b), (a, b)
    assert entity_of(ents, "Syrian").type == "NORP"


def test_two_spellings_in_one_article_are_two_people(make_story: Story) -> None:
    arts = make_story(("Ivan Petrov met Ivan Petrova.",
                       [("Ivan Petrov", "PERSON"), ("Ivan Petrova", "PERSON")]))
    assert not same(resolve_entities(arts, SETTINGS), "Ivan Petrov", "Ivan Petrova")


def test_a_misspelling_needs_one_rare_spelling(make_story: Story) -> None:
    names = ["Ivan Petrov", "Ivan Petrova"] * 2
    arts = make_story(*[(f"{name} spoke on day {i}.", [(name, "PERSON")]) for i, name in enumerate(names)])
    assert not same(resolve_entities(arts, SETTINGS), "Ivan Petrov", "Ivan Petrova")


def test_an_ambiguous_surname_follows_the_full_name_of_its_own_article(make_story: Story) -> None:
    arts = make_story(
        ("Sergio Massa conceded. Massa smiled.", [("Sergio Massa", "PERSON"), ("Massa", "PERSON")]),
        ("Javier Massa, a cousin, spoke. Massa left.", [("Javier Massa", "PERSON"), ("Massa", "PERSON")]),
        ("Massa was quiet.", [("Massa", "PERSON")]))
    ents = resolve_entities(arts, SETTINGS)
    sergio, javier = entity_of(ents, "Sergio Massa"), entity_of(ents, "Javier Massa")
    assert sergio.id != javier.id
    assert [c.article for c in sergio.mentions] == [arts[0].id] * 2
    assert [c.article for c in javier.mentions] == [arts[1].id] * 2
    alone = [e for e in ents if e.name == "Massa"]
    assert len(alone) == 1 and alone[0].mentions[0].article == arts[2].id


def test_a_place_is_never_a_persons_surname(make_story: Story) -> None:
    arts = make_story(("George Washington slept in Washington.", [("George Washington", "PERSON"),
                                                                   ("Washington", "GPE")]),
                      ("Washington replied.", [("Washington", "GPE")]))
    assert not same(resolve_entities(arts, SETTINGS), "Washington", "George Washington")


def test_acronyms_and_generic_organisation_tails_join_the_full_name(make_story: Story) -> None:
    arts = make_story(
        ("The Russian International Affairs Council and the Labour Party.",
         [("The Russian International Affairs Council", "ORG"), ("the Labour Party", "ORG")]),
        ("RIAC expert said Labour won.", [("RIAC", "ORG"), ("Labour", "ORG")]))
    ents = resolve_entities(arts, SETTINGS)
    assert entity_of(ents, "RIAC").name == "Russian International Affairs Council"
    assert entity_of(ents, "Labour").name == "Labour Party"


def test_numeric_labels_line_breaks_and_lower_case_spans_are_not_entities(make_story: Story) -> None:
    arts = make_story(("On Monday two envoys met el presidente in Damascus\n\nMoscow.",
                       [("Monday", "DATE"), ("two", "CARDINAL"), ("el presidente", "PERSON"),
                        ("Damascus\n\nMoscow", "GPE")]))
    assert resolve_entities(arts, SETTINGS) == ()


def test_mentions_cite_the_trimmed_span_and_entities_are_sorted_and_stable(make_story: Story) -> None:
    arts = make_story(("Iran and the Kremlin \n and Iran.", [("Iran", "GPE"), ("the Kremlin \n", "ORG"),
                                                             ("Iran", "GPE")]))
    ents = resolve_entities(arts, SETTINGS)
    assert [e.name for e in ents] == ["Iran", "Kremlin"]
    kremlin = ents[1].mentions[0]
    assert arts[0].text[kremlin.start:kremlin.end] == "the Kremlin"
    assert ents == resolve_entities(arts, SETTINGS)
    assert ents[0].id.startswith("ent-") and ents[0].id != ents[1].id
    assert ents[0].provenance.stage == "resolve" and ents[0].provenance.version == "v1"
    assert ents[0].provenance.citations == ents[0].mentions[:SETTINGS.provenance_citations]
    assert resolve_entities([], SETTINGS) == ()
