"""Typed layer records: the registry, and JSON that keeps the shape the layers' dicts had."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from storydesk.model import Article, Citation, Provenance, Span
from storydesk.model.layers import (
    LAYER_TYPES,
    DateAttrs,
    NoAttrs,
    NumberAttrs,
    QuoteAttrs,
    RawAttrs,
    layer_names,
    layer_type,
    register_layer,
)
from storydesk.model.serialize import article_from_dict, article_to_dict, attrs_to_dict


@dataclass(frozen=True, kw_only=True, slots=True)
class ToneAttrs:
    """An extension layer's record (test only)."""

    tone: str
    score: float = 0.0


def _article(layers: dict[str, tuple[Span, ...]]) -> Article:
    return Article(id="a1", ref="r", source="s.txt", format="text", raw="Hello world.", text="Hello world.",
                   layers=layers)


def test_built_in_layers_are_registered() -> None:
    assert {"sentences", "entities", "dates", "quotes", "numbers"} <= layer_names()
    assert layer_type("dates") is DateAttrs and LAYER_TYPES["quotes"] is QuoteAttrs


def test_an_extension_layer_registers_once_per_type() -> None:
    register_layer("test.tone", ToneAttrs)
    register_layer("test.tone", ToneAttrs)  # the same type again is fine
    assert "test.tone" in layer_names()
    with pytest.raises(ValueError, match="already registered"):
        register_layer("test.tone", NoAttrs)
    with pytest.raises(ValueError, match="already registered"):
        register_layer("dates", ToneAttrs)
    with pytest.raises(TypeError):
        register_layer("test.plain", dict)


def test_optional_date_fields_are_left_out_while_none() -> None:
    plain = DateAttrs(value="2021-09", granularity="month", kind="month_year", tense="past", sentence=(0, 9))
    assert attrs_to_dict(plain) == {"value": "2021-09", "granularity": "month", "kind": "month_year",
                                    "tense": "past", "sentence": (0, 9), "anchor_relative": False,
                                    "mismatch": False}
    inferred = DateAttrs(value=None, anchor_basis="inferred", anchor_confidence=0.6)
    assert attrs_to_dict(inferred)["value"] is None
    assert (attrs_to_dict(inferred)["anchor_basis"], attrs_to_dict(inferred)["anchor_confidence"]) == (
        "inferred", 0.6)


def test_layers_round_trip_through_json_shapes() -> None:
    tone = Span(start=0, end=5, label="TONE", attrs=ToneAttrs(tone="warm", score=0.5))
    register_layer("test.tone", ToneAttrs)
    said = QuoteAttrs(kind="direct", speaker="X", sentence=(0, 12))
    quote = Span(start=0, end=5, label="QUOTE", attrs=said)
    art = _article({"quotes": (quote,), "test.tone": (tone,)})
    data = article_to_dict(art)
    assert data["layers"]["test.tone"][0]["attrs"] == {"tone": "warm", "score": 0.5}
    assert article_from_dict(data) == art


def test_a_stored_article_from_before_typed_layers_still_loads() -> None:
    """JSON as the dict-attrs code wrote it (lists for tuples, an unknown plugin layer)."""
    stored = {"id": "a1", "ref": "r", "source": "s.txt", "format": "text", "text": "Hello world.",
              "layers": {"numbers": [{"start": 0, "end": 5, "label": "QUANTITY", "attrs": {
                  "value": 5.0, "low": None, "high": None, "approx": "exact", "unit": "issue",
                  "unit_from": "modifier", "verb": "discuss", "sentence": [0, 12]}}],
                  "plugin": [{"start": 0, "end": 5, "label": "P", "attrs": {"k": [1, 2]}}]}}
    art = article_from_dict(stored)
    number = art.layers["numbers"][0].attrs
    assert number == NumberAttrs(value=5.0, approx="exact", unit="issue", unit_from="modifier",
                                 verb="discuss", sentence=(0, 12))
    assert art.layers["plugin"][0].attrs == RawAttrs(values={"k": [1, 2]})
    assert article_to_dict(art)["layers"]["plugin"][0]["attrs"] == {"k": [1, 2]}


def test_provenance_from_a_registered_name() -> None:
    cite = Citation(article="a1", start=0, end=5)
    assert Provenance.of("dedup.v1", (cite,)) == Provenance(stage="dedup", version="v1", citations=(cite,))
    with pytest.raises(ValueError):
        Provenance.of("dedup")


def test_a_span_with_dict_attrs_is_refused_when_written() -> None:
    art = _article({"entities": (Span(start=0, end=5, label="GPE", attrs={"text": "Hello"}),)})
    with pytest.raises(TypeError, match="layer record"):
        article_to_dict(art)
