"""Quote groups: speakers from entities or names, statements clustered, variants side by side."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from storydesk.model import Article, Citation, Entity, Provenance, PublicationDate, Span
from storydesk.model.layers import QuoteAttrs
from storydesk.stages.compare.quote_groups import group_quotes
from storydesk.stages.compare.settings import QuoteGroupSettings
from storydesk.stages.compare.units import SentenceUnit, StoryUnits

SETTINGS = QuoteGroupSettings()
RESOLVE = Provenance(stage="resolve", version="v1")


class FakeEmbedder:
    """Vectors by quote text (unknown texts get their own direction), L2-normalised."""

    dim = 4

    def __init__(self, vectors: Mapping[str, Sequence[float]]) -> None:
        self.vectors = dict(vectors)
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = np.array([self.vectors.get(t, [0.0, 0.0, 0.0, 1.0]) for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@dataclasses.dataclass
class Said:
    """One quoted sentence: ``speaker said, "quote"`` in an article."""

    article: str
    speaker: str
    quote: str
    kind: str = "direct"


def story(said: Sequence[Said]) -> tuple[list[Article], StoryUnits, dict[str, list[tuple[int, int]]]]:
    """Articles (one sentence per Said), their units, and each article's speaker spans."""
    texts: dict[str, str] = {}
    units, speakers = [], {}
    for index, s in enumerate(said):
        sentence = f'{s.speaker} said: "{s.quote}"'
        base = len(texts[s.article]) + 1 if s.article in texts else 0
        texts[s.article] = f"{texts[s.article]} {sentence}" if s.article in texts else sentence
        q_start = base + sentence.index(s.quote)
        span = Span(start=q_start, end=q_start + len(s.quote), label="QUOTE",
                    attrs=QuoteAttrs(kind=s.kind, speaker=s.speaker, speaker_start=base,
                                     speaker_end=base + len(s.speaker), cue="say"))
        speakers.setdefault(s.article, []).append((base, base + len(s.speaker)))
        units.append(SentenceUnit(article=s.article, outlet=f"{s.article}.example", index=index, start=base,
                                  end=base + len(sentence), text=sentence, quotes=(span,)))
    articles = [Article(id=a, ref=f"{a}.txt", source=f"{a}.txt", format="text", raw=t, text=t,
                        outlet=f"{a}.example", published=PublicationDate()) for a, t in texts.items()]
    return articles, StoryUnits(units=tuple(units), vectors=np.zeros((len(units), 4), np.float32)), speakers


def entity(eid: str, name: str, etype: str, mentions: Sequence[Citation],
           aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(id=eid, name=name, type=etype, aliases=aliases, mentions=tuple(mentions),
                  provenance=RESOLVE)


ON_TIME = "the Kremlin will announce it on time, not at a prior time."
ON_TIME_RELAYED = "the Kremlin would announce the visit at the appropriate time."
AGENDA = "the issue of the Syrian-Turkish relations will undoubtedly be part of the talks' agenda."
SPHERES = "cooperation in the political, economic, commercial and humanitarian spheres will be discussed"
FIELDS = "cooperation in the political, economic, trade and humanitarian fields will be discussed"
VECTORS = {ON_TIME: [1, 0, 0, 0], ON_TIME_RELAYED: [0.9, 0.3, 0, 0], AGENDA: [0, 1, 0, 0],
           SPHERES: [0, 0, 1, 0], FIELDS: [0.05, 0, 1, 0]}


def test_one_speaker_across_outlets_with_one_statement_in_two_wordings() -> None:
    articles, units, _ = story([Said("a", "Dmitry Peskov", ON_TIME), Said("b", "Peskov", ON_TIME_RELAYED),
                                Said("c", "Dmitry Peskov", AGENDA)])
    embedder = FakeEmbedder(VECTORS)
    (group,) = group_quotes(articles, units, (), SETTINGS, embedder=embedder)
    assert group.speaker == "Dmitry Peskov" and group.speaker_entity is None
    assert len(embedder.calls) == 1  # one batch for all quote texts
    first, second = group.statements
    assert [v.text for v in first] == [ON_TIME, ON_TIME_RELAYED]
    assert [v.outlets for v in first] == [("a.example",), ("b.example",)]
    assert [v.text for v in second] == [AGENDA]
    assert len(group.citations) == 3 and group.provenance.citations == group.citations
    assert group.id.startswith("qg-")


def test_quote_citations_are_the_quote_spans() -> None:
    articles, units, _ = story([Said("a", "Dmitry Peskov", ON_TIME)])
    (group,) = group_quotes(articles, units, (), SETTINGS, embedder=FakeEmbedder(VECTORS))
    (cite,) = group.citations
    assert articles[0].text[cite.start:cite.end] == ON_TIME
    assert group.statements[0][0].kind == "direct"


def test_translations_of_one_statement_are_variants_side_by_side() -> None:
    articles, units, _ = story([Said("a", "Kremlin", SPHERES), Said("b", "Kremlin", FIELDS)])
    (group,) = group_quotes(articles, units, (), SETTINGS, embedder=FakeEmbedder(VECTORS))
    (statement,) = group.statements
    assert {v.text for v in statement} == {SPHERES, FIELDS}


def test_identical_wording_from_two_outlets_is_one_variant() -> None:
    articles, units, _ = story([Said("a", "Kremlin", SPHERES), Said("b", "the Kremlin", SPHERES)])
    (group,) = group_quotes(articles, units, (), SETTINGS, embedder=FakeEmbedder(VECTORS))
    ((variant,),) = group.statements
    assert variant.outlets == ("a.example", "b.example") and len(variant.citations) == 2


def test_institution_and_spokesperson_stay_apart_without_an_entity_joining_them() -> None:
    articles, units, _ = story([Said("a", "Kremlin", ON_TIME), Said("b", "Dmitry Peskov", ON_TIME)])
    groups = group_quotes(articles, units, (), SETTINGS, embedder=FakeEmbedder(VECTORS))
    assert sorted(g.speaker for g in groups) == ["Dmitry Peskov", "Kremlin"]


def test_speaker_spans_map_to_the_entity_whose_mentions_they_overlap() -> None:
    said = [Said("a", "Kremlin", ON_TIME), Said("b", "Dmitry Peskov", ON_TIME_RELAYED)]
    articles, units, spans = story(said)
    mentions = [Citation(article=a, start=s, end=e) for a in ("a", "b") for s, e in spans[a]]
    kremlin = entity("e1", "Russian presidency", "ORG", mentions)
    (group,) = group_quotes(articles, units, (kremlin,), SETTINGS, embedder=FakeEmbedder(VECTORS))
    assert (group.speaker, group.speaker_entity) == ("Russian presidency", "e1")
    assert len(group.statements) == 1


def test_a_speaker_without_an_overlapping_mention_matches_an_entity_by_name() -> None:
    articles, units, _ = story([Said("a", "Peskov", AGENDA), Said("b", "Mr Lavrov", ON_TIME)])
    peskov = entity("e2", "Dmitry Peskov", "PERSON", [Citation(article="z", start=0, end=5)])
    lavrov = entity("e3", "Sergey Lavrov", "PERSON", [], aliases=("Lavrov",))
    groups = group_quotes(articles, units, (peskov, lavrov), SETTINGS, embedder=FakeEmbedder(VECTORS))
    assert sorted((g.speaker, g.speaker_entity) for g in groups) == [
        ("Dmitry Peskov", "e2"), ("Sergey Lavrov", "e3")]


def test_a_surname_shared_by_two_names_is_not_joined() -> None:
    articles, units, _ = story([Said("a", "Peskov", AGENDA), Said("b", "Dmitry Peskov", AGENDA),
                                Said("c", "Yelena Peskov", ON_TIME)])
    groups = group_quotes(articles, units, (), SETTINGS, embedder=FakeEmbedder(VECTORS))
    assert sorted(g.speaker for g in groups) == ["Dmitry Peskov", "Peskov", "Yelena Peskov"]


def test_groups_are_ordered_most_widely_quoted_first_and_ids_are_stable() -> None:
    said = [Said("a", "Kremlin", SPHERES), Said("a", "Assad", AGENDA), Said("b", "Kremlin", FIELDS)]
    articles, units, _ = story(said)
    groups = group_quotes(articles, units, (), SETTINGS, embedder=FakeEmbedder(VECTORS))
    again = group_quotes(articles, units, (), SETTINGS, embedder=FakeEmbedder(VECTORS))
    assert [g.speaker for g in groups] == ["Kremlin", "Assad"]
    assert [g.id for g in groups] == [g.id for g in again]


def test_no_quotes_no_groups() -> None:
    embedder = FakeEmbedder({})
    assert group_quotes([], StoryUnits(), (), SETTINGS, embedder=embedder) == ()
    assert embedder.calls == []


@pytest.mark.slow
@pytest.mark.integration
def test_example_peskov_remarks_are_one_group_with_the_relayed_statement_side_by_side() -> None:
    from storydesk.backends.embedder import load_embedder
    from storydesk.stages.compare.units import story_units

    from .test_timeline import analysed_example

    _, articles = analysed_example()
    embedder = load_embedder()
    groups = group_quotes(articles, story_units(articles, embedder), (), SETTINGS, embedder=embedder)
    (peskov,) = [g for g in groups if "Peskov" in g.speaker]
    ref_of = {a.id: a.ref[:3] for a in articles}
    assert {ref_of[c.article] for c in peskov.citations} == {"000", "003", "004"}
    assert len(peskov.citations) == 6
    # "will announce it on time" (000) and "would announce the visit at the appropriate time" (003).
    relayed = [s for s in peskov.statements if len({o for v in s for o in v.outlets}) > 1]
    assert len(relayed) == 1 and all("announce" in v.text for v in relayed[0])
    assert not any("Peskov" in g.speaker for g in groups if g is not peskov)


def test_one_statement_credited_to_two_institutions_becomes_one_statement() -> None:
    from storydesk.stages.compare.quote_groups import _Quote, _Speaker, credit_relayed_statements

    def quote(outlet: str, speaker: str) -> _Quote:
        return _Quote(article=outlet, outlet=outlet, start=0, end=10, text="x", kind="direct",
                      speaker=speaker, speaker_start=0, speaker_end=5)

    quotes = [quote("a.com", "the Kremlin"), quote("b.com", "Russian presidency"), quote("c.com", "Peskov"),
              quote("d.com", "Putin")]
    speakers = [_Speaker(key="entity:k", name="Kremlin", entity="k", type="ORG"),
                _Speaker(key="name:russian presidency", name="Russian presidency"),
                _Speaker(key="entity:p", name="Dmitry Peskov", entity="p", type="PERSON"),
                _Speaker(key="entity:v", name="Vladimir Putin", entity="v", type="PERSON")]
    sim = np.array([[1.0, 0.95, 0.2, 0.2], [0.95, 1.0, 0.2, 0.2], [0.2, 0.2, 1.0, 0.97],
                    [0.2, 0.2, 0.97, 1.0]])
    out = credit_relayed_statements(quotes, speakers, sim, QuoteGroupSettings())
    assert out[1].key == "entity:k"  # the bare credit joins the entity
    assert out[0].key == "entity:k"
    assert (out[2].key, out[3].key) == ("entity:p", "entity:v")  # two named people never merge
