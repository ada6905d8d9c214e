"""The MEANTIME reader and the date scorer, on two tiny hand-written documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storydesk.errors import EvalError
from storydesk.model import Span
from storydesk_eval.dates import (
    baseline_value,
    best_overlap,
    gold_dates,
    parse_dct,
    read_document,
    read_meantime,
    run_dates_eval,
    score_document,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "meantime"
CHRYSLER = DATA / "corpus_test" / "1_chrysler_dealers.xml"


def test_reader_detokenises_and_places_the_timexes() -> None:
    doc = read_document(CHRYSLER)
    assert doc.text.split("\n")[:2] == ["Chrysler cuts dealers", "May 14, 2009"]
    assert 'close "789" dealers by early June.' in doc.text
    assert doc.dct == dt.date(2009, 5, 14)
    by_value = {t.value: t.text for t in doc.timexes}
    assert by_value["2009-06"] == "early June"
    assert by_value["P2Y"] == "two years"
    assert len(doc.sentences) == 4
    start, end = doc.sentences[2]
    assert doc.text[start:end].startswith("Chrysler said on Thursday")


def test_gold_dates_exclude_the_dct_and_other_types() -> None:
    golds = gold_dates(read_document(CHRYSLER))
    assert [g.text for g in golds] == ["Thursday", "early June", "a committee"]


def test_reader_recurses_and_falls_back_to_the_most_referenced_timex_as_dct() -> None:
    docs = read_meantime(DATA)
    assert [d.name for d in docs] == ["2_no_creation_time", "1_chrysler_dealers"]
    assert docs[0].dct == dt.date(2007, 9, 1)
    assert len(gold_dates(docs[0])) == 2  # nothing is marked as creation time, so nothing is excluded


def test_score_counts_exact_values_on_the_most_overlapping_span() -> None:
    doc = read_document(CHRYSLER)
    thursday = doc.text.index("Thursday")
    june = doc.text.index("early June")
    spans = [Span(start=thursday, end=thursday + 8, label="DATE", attrs={"value": "2009-05-14"}),
             Span(start=june, end=june + 10, label="DATE", attrs={"value": "2009-06"}),
             Span(start=june + 6, end=june + 10, label="DATE", attrs={"value": "wrong"})]
    assert best_overlap(gold_dates(doc)[1], spans) is spans[1]
    assert score_document(doc, spans) == (2, 3)


def test_run_dates_eval_scores_ours_and_the_baseline() -> None:
    result = run_dates_eval(DATA, use_doc=False)
    assert result["n"] == 4 + 1
    assert result["accuracy"] == pytest.approx(4 / 5)
    assert result["baseline"]["name"] == "dateparser"
    assert 0.0 <= result["baseline"]["accuracy"] <= result["accuracy"]


def test_progress_is_reported_per_document() -> None:
    seen: list[tuple[int, int]] = []
    run_dates_eval(DATA, use_doc=False, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_baseline_formats_at_the_gold_granularity() -> None:
    assert baseline_value("June 2009", "2009-06", dt.date(2009, 5, 14)) == "2009-06"
    assert baseline_value("yesterday", "2009-05-13", dt.date(2009, 5, 14)) == "2009-05-13"
    assert baseline_value("this week", "2009-W20", dt.date(2009, 5, 14)) is None


def test_dct_formats() -> None:
    assert parse_dct("2009-05-14") == dt.date(2009, 5, 14)
    assert parse_dct("03-02-2009") == dt.date(2009, 2, 3)
    assert parse_dct("sometime") is None


def test_missing_or_empty_data_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        run_dates_eval(tmp_path / "absent")
    with pytest.raises(EvalError, match="no MEANTIME"):
        read_meantime(tmp_path)


def test_malformed_xml_is_an_eval_error(tmp_path: Path) -> None:
    (tmp_path / "bad.xml").write_text("<Document><token", encoding="utf-8")
    with pytest.raises(EvalError, match="cannot parse"):
        read_meantime(tmp_path)
