"""The MEANTIME entity reader and the B³ coreference scorer, on two tiny hand-written documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.errors import EvalError
from storydesk_eval.entities import read_entity_doc, read_entity_docs, run_entities_eval

DOC = """<?xml version="1.0" ?><Document doc_id="{id}" doc_name="{id}_doc" lang="en">
{tokens}
<Markables>
{mentions}
<ENTITY ent_type="PER" instance_id="PER1" m_id="100" TAG_DESCRIPTOR="Vladimir Putin"/>
<ENTITY ent_type="LOC" instance_id="LOC1" m_id="101" TAG_DESCRIPTOR="Turkey"/>
<ENTITY ent_type="ORG" m_id="102" TAG_DESCRIPTOR="local only"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><target m_id="100"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="3"/><target m_id="101"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="4"/><target m_id="102"/></REFERS_TO>
</Relations>
</Document>
"""


def write_doc(folder: Path, doc_id: str, words: list[str], spans: list[tuple[str, list[int]]]) -> Path:
    """A MEANTIME-like file: tokens, ENTITY_MENTIONs (syntactic type, token numbers) and fixed links."""
    tokens = "\n".join(f'<token number="{i}" sentence="0" t_id="{i + 1}">{w}</token>'
                       for i, w in enumerate(words))
    mentions = "\n".join(
        f'<ENTITY_MENTION m_id="{m}" syntactic_type="{kind}">'
        + "".join(f'<token_anchor t_id="{t}"/>' for t in ids) + "</ENTITY_MENTION>"
        for m, (kind, ids) in enumerate(spans, 1))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}_doc.xml"
    path.write_text(DOC.format(id=doc_id, tokens=tokens, mentions=mentions), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    topic = tmp_path / "meantime" / "corpus_test"
    write_doc(topic, "1", ["President", "Vladimir", "Putin", "met", "he", "in", "Turkey", "and", "Acme"],
              [("NAM", [1, 2, 3]), ("PRO", [5]), ("NAM", [7]), ("NAM", [9])])
    write_doc(topic, "2", ["Putin", "visited", "Türkiye", "."], [("NAM", [1]), ("NAM", [1]), ("NAM", [3])])
    return tmp_path


def test_reader_keeps_named_mentions_of_cross_document_instances(corpus: Path) -> None:
    doc = read_entity_doc(corpus / "meantime" / "corpus_test" / "1_doc.xml")
    assert doc.corpus == "corpus_test"
    assert [(m.text, m.instance, m.label) for m in doc.mentions] == [
        ("President Vladimir Putin", "PER1", "PERSON"), ("Turkey", "LOC1", "GPE")]
    assert [doc.article.text[s.start:s.end] for s in doc.article.layers["entities"]] == [
        "President Vladimir Putin", "Turkey"]
    twin = read_entity_doc(corpus / "meantime" / "corpus_test" / "2_doc.xml")
    assert [m.text for m in twin.mentions] == ["Putin", "Türkiye"]  # one mention per span


def test_ours_links_what_exact_strings_cannot(corpus: Path) -> None:
    result = run_entities_eval(corpus)
    assert result["n"] == 4 and result["instances"] == 2 and result["docs"] == 2 and result["corpora"] == 1
    assert result["b3_f1"] == 1.0 and result["clusters"] == 2
    assert result["baseline"]["name"] == "exact string" and result["baseline"]["b3_recall"] == 0.5
    assert result["by_corpus"]["corpus_test"]["baseline_b3_f1"] < result["by_corpus"]["corpus_test"]["b3_f1"]
    assert run_entities_eval(corpus / "meantime")["b3_f1"] == 1.0  # the folder itself works too


def test_missing_or_empty_data_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        run_entities_eval(tmp_path / "absent")
    with pytest.raises(EvalError, match="no MEANTIME"):
        read_entity_docs(tmp_path)
    write_doc(tmp_path / "corpus_x", "3", ["nothing", "here"], [])
    with pytest.raises(EvalError, match="no gold named"):
        run_entities_eval(tmp_path)
