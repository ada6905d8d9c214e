"""Settings of the enrich package: ``[enrich]`` (processes, batching), each layer extractor's knobs
(``[enrich.dates]``, ``[enrich.numbers]``, ``[enrich.quotes]``) and ``[enrich.pubdate]``.

Kept apart from :mod:`storydesk.stages.enrich.stage` so the worker processes
(:mod:`storydesk.stages.enrich.workers`) can use them without importing the stage that starts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from storydesk.config import Config


@dataclass(frozen=True, kw_only=True, slots=True)
class DateSettings:
    """Knobs of date detection and normalisation."""

    SECTION: ClassVar[str] = "enrich.dates"

    rules_path: str = ""  # word lists; empty: the packaged rules/dates.toml
    month_first: bool = True  # "7/8/07" is July 8 (US usage, as in English-language wires)
    two_digit_year_pivot: int = 50  # "07" → 2007, "98" → 1998
    tense_window: int = 8  # words either side of an expression searched for a tense cue
    max_parse_hops: int = 4  # dependency steps from an expression up to its governing verb
    plural_span: int = 3  # "the coming days/weeks" reach this many units from the anchor
    modifier_reach: int = 24  # characters before an expression searched for early/mid/late
    use_doc_entities: bool = True  # keep spaCy DATE/TIME entities the grammar missed (value None)
    lookback_chars: int = 40  # characters before an expression enough to see the two words preceding it


@dataclass(frozen=True, kw_only=True, slots=True)
class NumberSettings:
    """Settings of quantity detection; every knob has a default suited to English news."""

    SECTION: ClassVar[str] = "enrich.numbers"

    rules_path: str = ""  # empty: the packaged rules/numbers.toml
    durations: bool = True  # keep "20 months", "12-year" as DURATION spans
    ages: bool = True  # keep "36-year-old" as AGE spans
    match_minutes: bool = True  # keep "86th minute", "90+1′" as MINUTE spans
    unitless_counts: bool = True  # keep digit counts whose counted noun was not found
    context_chars: int = 40  # how far before a number cue words and currency signs are looked for
    max_climb: int = 3  # dependency steps climbed from a number to the noun or word it hangs from


@dataclass(frozen=True, kw_only=True)
class QuoteSettings:
    """Knobs of quote detection."""

    SECTION: ClassVar[str] = "enrich.quotes"

    min_quote_words: int = 3  # fewer words in quotation marks: a scare quote or a name, not speech
    continuation_sentences: int = 1  # a lone quotation continues a speaker quoted this many sentences back
    direct_share: float = 0.8  # a that-clause this much inside quotation marks is reported as direct
    speaker_memory_sentences: int = 3  # "he", "the spokesman": the last speaker this close
    name_window_tokens: int = 8  # how far after an inverted cue ("said survivor Salah Ancheu") a name may be
    max_verb_climb: int = 3  # verb chains longer than this ("said he would like to add") lose their subject
    that_window: int = 4  # tokens between a cue and a lost "that" ("said earlier on Sunday that")
    person_name_words: int = 3  # an ORG-tagged name this short ("Yassin Noumghar") can still be "he"
    rules_path: str = ""  # empty: the packaged rules/quote_cues.toml


@dataclass(frozen=True, kw_only=True, slots=True)
class PubDateSettings:
    """Section ``[enrich.pubdate]`` (cue weights and the calibration are in ``rules/pubdate.toml``)."""

    SECTION: ClassVar[str] = "enrich.pubdate"

    # Reports appear on the day of an event or shortly after: candidate days after each named day.
    candidate_days_after: int = 1
    # Dated events up to this many days before a candidate support it; older ones are background.
    evidence_days: int = 7
    # The related articles' most vouched-for days resolved against as seeds (besides the article's own).
    related_seeds: int = 8
    # An article's related articles: at most this many, sharing at least this cosine of names.
    max_related: int = 15
    min_similarity: float = 0.15
    # A name in more articles than this relates nothing (it is everywhere in a big mixed run).
    max_name_articles: int = 200
    # Entity labels whose names relate two articles (who, which organisation, where, which event).
    related_labels: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT")
    # Characters read for a byline or dateline date (a full date further down is an event's).
    opening_chars: int = 400
    # Inference passes: the second lets related articles lend the days inferred for them in the first.
    passes: int = 2
    # Map the raw score through the fitted calibration (false: report the raw score, for fitting).
    calibrated: bool = True
    # Below this probability of the exact day the answer is "unknown", not a guess.
    min_confidence: float = 0.15


@dataclass(frozen=True, kw_only=True, slots=True)
class EnrichSettings:
    """Section ``[enrich]``, with ``[enrich.dates]``, ``[enrich.numbers]`` and ``[enrich.quotes]``."""

    SECTION: ClassVar[str] = "enrich"

    batch_size: int = 32
    n_process: int = 2
    min_docs_per_process: int = 50
    batches_per_chunk: int = 4
    disable: tuple[str, ...] = ()
    dates: DateSettings = field(default_factory=DateSettings)
    numbers: NumberSettings = field(default_factory=NumberSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)

    @classmethod
    def from_config(cls, config: Config) -> EnrichSettings:
        """Build from ``[enrich]`` (processes, batching) and its layer subsections."""
        values = config.section("enrich")
        return cls(batch_size=values["batch_size"], n_process=values["n_process"],
                   min_docs_per_process=values["min_docs_per_process"],
                   batches_per_chunk=values["batches_per_chunk"],
                   disable=tuple(values["disable"]),
                   dates=config.settings(DateSettings, "enrich.dates"),
                   numbers=config.settings(NumberSettings, "enrich.numbers"),
                   quotes=config.settings(QuoteSettings, "enrich.quotes"))
