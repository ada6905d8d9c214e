"""Plain text: the date header, headline titles, and the bundled example files."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.errors import IngestError
from storydesk.model import article_id
from storydesk.stages.ingest import HttpSettings, IngestSettings, expand_inputs, read_input
from storydesk.stages.ingest.build import Origin
from storydesk.stages.ingest.text import detect_title, read_text, split_date_header

from .conftest import EXAMPLES

ORIGIN = Origin(ref="a.txt", source="dir/a.txt", format="text")


def test_date_header_on_the_same_line_is_removed() -> None:
    date, body = split_date_header(" date 2023-03-06 Assad's last visit was in 2021.\n\nMore.")
    assert date is not None and (date.value, date.basis, date.granularity) == ("2023-03-06", "header", "day")
    assert body == "Assad's last visit was in 2021.\n\nMore."


def test_date_header_on_its_own_line_and_month_only() -> None:
    date, body = split_date_header(" date 2023-11\nIl candidato ha vinto.")
    assert date is not None and (date.value, date.granularity) == ("2023-11", "month")
    assert body == "Il candidato ha vinto."


def test_impossible_header_date_is_left_in_the_text() -> None:
    text = " date 2023-13-40 Something happened."
    assert split_date_header(text) == (None, text)


@pytest.mark.parametrize(("text", "title"), [
    ("Assad to Visit Moscow in Mid-March for Talks with the Kremlin\n\nBody.",
     "Assad to Visit Moscow in Mid-March for Talks with the Kremlin"),
    ("Morocco Earthquake Death Toll Reaches 2,012 (Updated)\n\n10 September 2023\nBody.",
     "Morocco Earthquake Death Toll Reaches 2,012 (Updated)"),
    ("\n  Rescuers race to find survivors after Morocco quake\nDeath toll rises.",
     "Rescuers race to find survivors after Morocco quake"),
    ("Russian President Vladimir Putin will hold talks later Wednesday with Assad.\n\nMore.", None),
    ("Insider\n\n\n\nMicrosoft has cleared a key hurdle.", None),
    ("We're Back. We hope you'll join us. Learn more\n\nHeadline", None),
    ("A headline with nothing after it", None),
])
def test_detect_title(text: str, title: str | None) -> None:
    assert detect_title(text) == title


def test_read_text_builds_a_raw_article() -> None:
    article = read_text(" date 2023-10-13 Microsoft Closes Activision Blizzard Acquisition\n\nBody text.",
                        origin=ORIGIN)
    assert article.raw == "Microsoft Closes Activision Blizzard Acquisition\n\nBody text."
    assert article.id == article_id(article.raw)
    assert article.title == "Microsoft Closes Activision Blizzard Acquisition"
    assert article.published.basis == "header" and article.stages == ("ingest.v1",)
    assert (article.ref, article.source, article.format, article.text) == ("a.txt", "dir/a.txt", "text", "")


def test_header_only_text_is_an_error() -> None:
    with pytest.raises(IngestError, match="no text"):
        read_text(" date 2023-10-13 \n\n", origin=ORIGIN)


def test_bundled_examples_ingest(ingest_settings: IngestSettings, http_settings: HttpSettings) -> None:
    refs = expand_inputs([str(EXAMPLES)])
    articles = {ref.name[:3]: read_input(ref, ingest=ingest_settings, http=http_settings)[0]
                for ref in refs}
    assert sorted(articles) == ["000", "001", "002", "003", "004"]
    first = articles["000"]
    assert (first.published.value, first.published.basis) == ("2023-03-06", "header")
    assert not first.raw.startswith(" date") and first.raw.startswith("Assad's last visit")
    assert articles["002"].title == "The Syrian president arrived in Moscow on Tuesday"
    assert articles["003"].title == "Assad to Visit Moscow in Mid-March for Talks with the Kremlin"
    assert articles["003"].raw.startswith(articles["003"].title)  # kept: cleaning decides
    assert articles["001"].title is None and articles["001"].published.basis == "unknown"
    assert all(a.format == "text" and a.ref.endswith(".txt") for a in articles.values())


def test_eight_bit_text_files(data_dir: Path, ingest_settings: IngestSettings,
                              http_settings: HttpSettings) -> None:
    [latin] = read_input(expand_inputs([str(data_dir / "latin1.txt")])[0],
                         ingest=ingest_settings, http=http_settings)
    assert latin.title == "Argentina vai ao segundo turno entre Massa e Milei"
    assert "Sérgio Massa" in latin.raw
    [cp] = read_input(expand_inputs([str(data_dir / "cp1252.txt")])[0],
                      ingest=ingest_settings, http=http_settings)
    assert "l’économie" in cp.raw and "€" in cp.raw and cp.title is None
