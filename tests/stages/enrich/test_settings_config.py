"""Enrich's layer settings come from their config sections, so ``--set enrich.X.key=...`` changes a run."""

from __future__ import annotations

from storydesk.config import load_config
from storydesk.stages.enrich.dates import find_dates
from storydesk.stages.enrich.pubdate_stage import make_pubdate
from storydesk.stages.enrich.settings import DateSettings, EnrichSettings, NumberSettings, QuoteSettings
from storydesk.stages.enrich.stage import make_enrich


def test_packaged_sections_equal_the_class_defaults() -> None:
    settings = EnrichSettings.from_config(load_config())
    assert (settings.dates, settings.numbers, settings.quotes) == (DateSettings(), NumberSettings(),
                                                                   QuoteSettings())


def test_a_date_override_reaches_enrich_and_pubdate() -> None:
    config = load_config(None, ["enrich.dates.month_first=false", "enrich.dates.lookback_chars=12"])
    enrich, pubdate = make_enrich(config), make_pubdate(config)
    assert enrich.settings.dates == pubdate.dates == DateSettings(month_first=False, lookback_chars=12)
    text = "The deal was signed on 7/8/07."
    (span,) = find_dates(text, None, settings=pubdate.dates)
    assert span.attrs.value == "2007-08-07"  # day first, as the override says


def test_a_number_override_reaches_enrich() -> None:
    config = load_config(None, ["enrich.numbers.ages=false", "enrich.numbers.context_chars=10"])
    assert make_enrich(config).settings.numbers == NumberSettings(ages=False, context_chars=10)


def test_a_quote_override_reaches_enrich() -> None:
    config = load_config(None, ["enrich.quotes.min_quote_words=5", "enrich.quotes.direct_share=0.5"])
    assert make_enrich(config).settings.quotes == QuoteSettings(min_quote_words=5, direct_share=0.5)
