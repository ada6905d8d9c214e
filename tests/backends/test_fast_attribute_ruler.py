"""The fast attribute ruler gives exactly the annotations of the model's own, on real texts."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from storydesk.backends import fast_attribute_ruler
from storydesk.backends.nlp import load_nlp, model_package

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "assad-moscow-2023"
TRICKY = ["I ai n't gon na say it, y'all.", "   ", "",
          "Dr. Smith's U.S.-based co. isn't 'done'.\n\nNew para."]


@pytest.mark.integration
def test_pos_morph_tag_lemma_dep_and_entities_are_identical() -> None:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))] + TRICKY
    original = importlib.import_module(model_package()).load()
    fast = load_nlp(())
    assert "attribute_ruler" in fast.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), fast_attribute_ruler.FastAttributeRuler)
    attrs = [POS, MORPH, TAG, LEMMA, DEP, HEAD, ENT_TYPE, ENT_IOB]
    for want, got in zip(original.pipe(texts), fast.pipe(texts), strict=True):
        assert (want.to_array(attrs) == got.to_array(attrs)).all(), want.text[:60]
        assert [str(t.morph) for t in want] == [str(t.morph) for t in got]


def test_a_model_without_attribute_ruler_is_left_alone() -> None:
    class Bare:
        pipe_names = ["tok2vec", "ner"]

    assert fast_attribute_ruler.install(Bare()) is False
