"""JSON Lines records: ids as refs, dates, html records, and a bad line reported as file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.errors import IngestError
from storydesk.stages.ingest import (
    HttpSettings,
    IngestSettings,
    expand_inputs,
    read_input,
    read_input_partial,
)
from storydesk.stages.ingest.jsonl import read_jsonl

DEV_STORIES = Path("/work/shared/data/dev-stories/articles.jsonl")


@pytest.fixture
def records(data_dir: Path, ingest_settings: IngestSettings, http_settings: HttpSettings):
    ref = expand_inputs([str(data_dir / "records.jsonl")])[0]
    return read_input_partial(ref, ingest=ingest_settings, http=http_settings)


def test_good_records_are_kept_and_the_bad_line_is_named(records, data_dir: Path) -> None:
    assert [a.ref for a in records.articles] == ["a1b2c3d4e5f6", "0f7856bba4df", "records.jsonl#4", "42"]
    [error] = records.errors
    assert str(error).startswith(f"{data_dir / 'records.jsonl'}:5: malformed JSON")


def test_strict_read_raises_the_bad_line(data_dir: Path, ingest_settings: IngestSettings,
                                         http_settings: HttpSettings) -> None:
    ref = expand_inputs([str(data_dir / "records.jsonl")])[0]
    with pytest.raises(IngestError, match=r"records\.jsonl:5: malformed JSON"):
        read_input(ref, ingest=ingest_settings, http=http_settings)


def test_record_fields(records, data_dir: Path) -> None:
    itv, tgcom, leite, html = records.articles
    assert itv.source == f"{data_dir / 'records.jsonl'}#1" and itv.format == "jsonl"
    assert (itv.published.value, itv.published.basis) == ("2023-09-10", "url")  # from date_source
    assert itv.title == "Morocco: UK deploys search teams to find survivors buried in rubble"
    assert (itv.outlet, itv.language) == ("itv.com", "en")
    assert (tgcom.published.value, tgcom.published.granularity, tgcom.published.basis) == (
        "2023-11", "month", "header")
    assert tgcom.raw.startswith("Il candidato") and tgcom.language == "it"
    assert (leite.published.value, leite.published.basis) == ("2023-11", "url")
    assert leite.outlet == "ronaldoleitenews.com.br"


def test_html_record_is_extracted(records) -> None:
    html = records.articles[3]
    assert html.title == "Spain win Euro 2024" and "Oyarzabal" in html.raw and "<p>" not in html.raw
    assert (html.published.value, html.published.basis) == ("2024-07-14", "metadata")
    assert html.outlet == "sportdesk.example" and html.format == "jsonl"


@pytest.mark.parametrize(("line", "message"), [
    ('["a list"]', "must be a JSON object"),
    ('{"id": "x"}', "neither 'text' nor 'html'"),
    ('{"text": "Body.", "published": "13 Oct 2023"}', "field 'published'"),
    ('{"text": "Body.", "url": 7}', "field 'url' must be a string"),
    ('{"text": "Body.", "id": [1]}', "field 'id'"),
])
def test_malformed_records(line: str, message: str) -> None:
    result = read_jsonl(f'{{"text": "Fine."}}\n{line}\n', path="in.jsonl", name="in.jsonl")
    assert len(result.articles) == 1
    [error] = result.errors
    assert error.source == "in.jsonl:2" and message in error.message


def test_blank_file_is_an_error() -> None:
    with pytest.raises(IngestError, match="no JSON records"):
        read_jsonl("\n\n", path="in.jsonl", name="in.jsonl")


@pytest.mark.skipif(not DEV_STORIES.exists(), reason="shared dev corpus not present")
def test_dev_stories_corpus_ingests(ingest_settings: IngestSettings, http_settings: HttpSettings) -> None:
    articles = read_input(expand_inputs([str(DEV_STORIES)])[0], ingest=ingest_settings, http=http_settings)
    assert len(articles) == 84 and len({a.ref for a in articles}) == 84
    assert not any(a.raw.startswith(" date") for a in articles)
    dated = [a for a in articles if a.published.basis == "header"]
    assert len(dated) > 30 and all(a.published.value for a in dated)
