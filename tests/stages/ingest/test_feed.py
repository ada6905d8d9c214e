"""RSS 2.0, Atom and RSS 1.0 (RDF) feeds: one article per item."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.errors import IngestError
from storydesk.stages.ingest import HttpSettings, IngestSettings, expand_inputs, read_input_partial
from storydesk.stages.ingest.feed import read_feed
from storydesk.stages.ingest.fragment import fragment_text


def _feed(path: Path, ingest: IngestSettings, http: HttpSettings):
    return read_input_partial(expand_inputs([str(path)])[0], ingest=ingest, http=http)


def test_rss_items(data_dir: Path, ingest_settings: IngestSettings, http_settings: HttpSettings) -> None:
    result = _feed(data_dir / "rss-world.xml", ingest_settings, http_settings)
    first, second = result.articles
    assert first.format == "rss" and first.ref == "levantwire-88121"
    assert first.source == f"{data_dir / 'rss-world.xml'}#item-1"
    assert first.title == "Assad arrives in Moscow ahead of talks with Putin"
    assert first.raw == ("Syrian President Bashar al-Assad arrived in Moscow on Tuesday for an official "
                         "visit, the Syrian presidency said.\n\nHe was received at Vnukovo airport by "
                         "Mikhail Bogdanov, Russia’s special envoy for the Middle East.")
    # 01:30 +03:00 is still 14 March in UTC: the publisher's own calendar day counts.
    assert (first.published.value, first.published.basis) == ("2023-03-15", "metadata")
    assert (first.outlet, first.language) == ("levantwire.example", "en")
    assert second.raw == ("The Kremlin said on Wednesday that the two leaders would discuss trade and "
                          "the rebuilding of Syria.")
    [error] = result.errors
    assert error.source.endswith("rss-world.xml#item-3") and "no content" in error.message


def test_atom_entries(data_dir: Path, ingest_settings: IngestSettings, http_settings: HttpSettings) -> None:
    landing, luna = _feed(data_dir / "atom-space.xml", ingest_settings, http_settings).articles
    assert landing.format == "atom" and landing.url == "https://orbitdesk.example/news/chandrayaan-3-lands"
    assert landing.raw.startswith("India became the first country") and "\n\n" in landing.raw
    assert landing.published.value == "2023-08-23"
    assert luna.published.value == "2023-08-20"  # only <updated>
    assert luna.raw.startswith("Roscosmos said on Sunday")


def test_rdf_feed_is_sniffed(data_dir: Path, ingest_settings: IngestSettings,
                             http_settings: HttpSettings) -> None:
    [item] = _feed(data_dir / "rdf-markets.rdf", ingest_settings, http_settings).articles
    assert item.format == "rss" and item.title == "Microsoft closes $69bn Activision Blizzard deal"
    assert (item.published.value, item.published.basis) == ("2023-10-13", "metadata")


def test_broken_feed_is_an_error() -> None:
    with pytest.raises(IngestError, match="malformed feed"):
        read_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x', path="bad.xml")


def test_fragment_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<div><h2>Head</h2><p>One &amp; two.</p><script>x()</script><p>Three<br>four</p></div>"
    assert fragment_text(html, source="x") == "Head\n\nOne & two.\n\nThree\nfour"
    assert fragment_text("Plain &amp; simple", source="x") == "Plain & simple"
