"""Publication dates: stated values, URL paths, and the priority between them."""

from __future__ import annotations

import pytest

from storydesk.stages.ingest.dates import first_date, metadata_date, stated_date, url_date


@pytest.mark.parametrize(("value", "iso", "granularity"), [
    ("2023-10-13", "2023-10-13", "day"), ("2023-11", "2023-11", "month"), ("2024", "2024", "year"),
])
def test_stated_date_granularity(value: str, iso: str, granularity: str) -> None:
    date = stated_date(value, basis="metadata")
    assert (date.value, date.granularity, date.basis) == (iso, granularity, "metadata")


@pytest.mark.parametrize("value", ["2023-13-01", "2023-02-30", "13/10/2023", "yesterday"])
def test_stated_date_refuses_impossible_values(value: str) -> None:
    with pytest.raises(ValueError):
        stated_date(value, basis="metadata")


@pytest.mark.parametrize(("url", "iso", "granularity"), [
    ("https://tradelawdaily.com/article/2023/07/11/judge-denies-ftc", "2023-07-11", "day"),
    ("https://www.itv.com/news/2023-09-10/morocco-rescuers", "2023-09-10", "day"),
    ("https://www.arkansasonline.com/news/2023/oct/14/microsoft-closes", "2023-10-14", "day"),
    ("https://ronaldoleitenews.com.br/2023/11/javier-milei-e-eleito.html", "2023-11", "month"),
    ("https://example.com/2023/10/13", "2023-10-13", "day"),
])
def test_url_date(url: str, iso: str, granularity: str) -> None:
    date = url_date(url)
    assert date is not None
    assert (date.value, date.granularity, date.basis) == (iso, granularity, "url")


@pytest.mark.parametrize("url", [
    "https://www.elprogreso.es/articulo/mundo/milei/202311200018311709611.html",  # an id, not a date
    "https://example.com/2023/13/45/slug",
    "https://example.com/news?date=2023-10-13",  # the query is not the path
    "https://en.mehrnews.com/amp/205958",
    None,
])
def test_no_url_date(url: str | None) -> None:
    assert url_date(url) is None


def test_first_date_prefers_earlier_candidates_and_never_invents_one() -> None:
    meta, url = metadata_date("2023-03-15T09:42:00+03:00"), url_date("https://x.org/2023/03/14/a")
    assert first_date(None, meta, url) == meta
    assert first_date(None, url) == url
    unknown = first_date(None, None)
    assert unknown.value is None and unknown.basis == "unknown"
    assert metadata_date("not a date") is None
