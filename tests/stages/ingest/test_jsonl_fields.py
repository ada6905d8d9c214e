"""JSONL field mapping (``text=excerpt``): settings checked, records read under our names, and records
without text failing with the fields they have, what they need and a mapping to try."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydesk.config import load_config
from storydesk.errors import ConfigError, RecordFieldsError
from storydesk.stages.ingest import HttpSettings, IngestSettings, expand_inputs, read_input_partial
from storydesk.stages.ingest.jsonl import read_jsonl
from storydesk.stages.ingest.settings import JSONL_FIELDS, JsonlSettings

BODY = "The two leaders met in Moscow on Wednesday to discuss trade and security, their offices said."


def _lines(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _other_tool(uuid: str = "u1", **extra: object) -> dict[str, object]:
    """A record as another tool writes it: its text under ``excerpt``, its date under ``date``."""
    return {"uuid": uuid, "title": "Leaders meet", "excerpt": BODY, "date": "2023-03-15", **extra}


def test_a_mapping_reads_the_records_fields_as_ours() -> None:
    jsonl = JsonlSettings(fields=("text=excerpt", "published=date", "id=uuid"))
    result = read_jsonl(_lines(_other_tool("u1"), _other_tool("u2")), path="in.jsonl", name="in.jsonl",
                        jsonl=jsonl)
    assert not result.errors
    first, second = result.articles
    assert (first.ref, second.ref) == ("u1", "u2")
    assert first.raw.startswith("The two leaders met") and first.title == "Leaders meet"
    assert (first.published.value, first.published.basis) == ("2023-03-15", "metadata")


def test_a_mapped_field_replaces_the_records_own_field_of_that_name() -> None:
    record = _other_tool(text="A teaser line, not the article.")
    (article,) = read_jsonl(_lines(record), path="in.jsonl", name="in.jsonl",
                            jsonl=JsonlSettings(fields=("text=excerpt",))).articles
    assert article.raw.startswith("The two leaders met")


def test_without_a_mapping_the_record_fails_naming_its_fields_and_a_mapping_to_try() -> None:
    result = read_jsonl(_lines(_other_tool()), path="in.jsonl", name="in.jsonl")
    (error,) = result.errors
    assert isinstance(error, RecordFieldsError) and error.source == "in.jsonl:1"
    assert error.found == ("date", "excerpt", "title", "uuid")
    assert error.needed == ("text", "html") and error.suggested == "text=excerpt"
    assert "neither 'text' nor 'html'" in error.message
    assert "its fields: date, excerpt, title, uuid" in error.message
    assert "try --field text=excerpt" in error.message


def test_markup_is_suggested_as_html_and_a_missing_mapped_field_is_named_as_mapped() -> None:
    record = {"id": "p1", "page": "<html><body><p>" + BODY + "</p></body></html>"}
    (error,) = read_jsonl(_lines(record), path="in.jsonl", name="in.jsonl",
                          jsonl=JsonlSettings(fields=("text=excerpt",))).errors
    assert isinstance(error, RecordFieldsError)
    assert error.needed == ("excerpt", "html") and error.suggested == "html=page"
    assert "'excerpt' (read as 'text')" in error.message


def test_an_empty_text_field_is_said_to_be_empty() -> None:
    (error,) = read_jsonl(_lines({"text": "  ", "title": "T"}), path="in.jsonl", name="in.jsonl").errors
    assert "'text' is empty" in error.message


def test_a_mapped_field_of_the_wrong_type_names_both_names() -> None:
    (error,) = read_jsonl(_lines(_other_tool(date=20230315)), path="in.jsonl", name="in.jsonl",
                          jsonl=JsonlSettings(fields=("text=excerpt", "published=date"))).errors
    assert "field 'date' (read as 'published') must be a string" in error.message


def test_one_bad_record_never_stops_the_others() -> None:
    text = _lines(_other_tool("u1")) + "not json\n" + _lines({"uuid": "u3", "title": "no body"})
    result = read_jsonl(text, path="in.jsonl", name="in.jsonl",
                        jsonl=JsonlSettings(fields=("text=excerpt", "id=uuid")))
    assert [a.ref for a in result.articles] == ["u1"]
    assert [e.source for e in result.errors] == ["in.jsonl:2", "in.jsonl:3"]


@pytest.mark.parametrize(("entries", "message"), [
    (("body=excerpt",), "'body' is not a field storydesk reads; the left side must be one of: "
                        + ", ".join(JSONL_FIELDS)),
    (("text",), "must be OURS=THEIRS"),
    (("text=",), "must be OURS=THEIRS"),
    (("text=excerpt", "text=body"), "mapped twice"),
])
def test_bad_mappings_are_refused(entries: tuple[str, ...], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        JsonlSettings(fields=entries)
    assert message in str(info.value)


def test_mappings_are_normalised_and_the_callers_win() -> None:
    configured = JsonlSettings(fields=(" text = excerpt ", "id=uuid"))
    assert configured.fields == ("text=excerpt", "id=uuid")
    merged = configured.with_fields({"text": "body", "published": "date"})
    assert merged.mapping == {"text": "body", "id": "uuid", "published": "date"}
    with pytest.raises(ConfigError, match="'body' is not a field"):
        IngestSettings().with_fields({"body": "excerpt"})


def test_the_mapping_comes_from_the_config(tmp_path: Path, http_settings: HttpSettings) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(_lines(_other_tool("u1")), encoding="utf-8")
    config = load_config(overrides=['ingest.jsonl.fields=["text=excerpt", "id=uuid"]'])
    ingest = IngestSettings.from_config(config)
    assert ingest.jsonl.mapping == {"text": "excerpt", "id": "uuid"}
    result = read_input_partial(expand_inputs([str(path)])[0], ingest=ingest, http=http_settings)
    assert [a.ref for a in result.articles] == ["u1"] and not result.errors
    with pytest.raises(ConfigError, match="not a field storydesk reads"):
        IngestSettings.from_config(load_config(overrides=['ingest.jsonl.fields=["body=x"]']))
