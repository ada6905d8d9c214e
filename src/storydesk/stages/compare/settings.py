"""Settings of the compare package: ``[compare]`` (every threshold of cross-outlet comparison),
``[compare.quotes]``, ``[compare.timeline]`` and ``[compare.units]``.

Precision matters more than recall here: a false conflict shown to a fact-checker costs more than
a missed one, so every knob that lets a conflict through is set on the strict side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from storydesk.errors import ConfigError

_SHARES = ("about_margin", "nearly_margin", "rounding_tolerance", "min_date_confidence", "same_speaker_ratio")
_COUNTS = ("fact_min_words", "unique_min_words", "max_unique_per_outlet", "population_scope_words",
           "relay_window")


@dataclass(frozen=True, kw_only=True, slots=True)
class CompareSettings:
    """Section ``[compare]``; see ``defaults.toml`` for the reason behind each value."""

    SECTION: ClassVar[str] = "compare"

    # --- alignment: which sentences of different outlets state the same fact
    # Pair score = embedding cosine + overlap_weight × Jaccard overlap of names, numbers and dates.
    overlap_weight: float = 0.2
    # A pair (and a group, on average) at or above this score states the same fact.
    min_score: float = 0.72
    # No pair in a group may fall below this cosine: shared names alone do not make one fact.
    min_cosine: float = 0.62

    # --- slot comparison: pairs of sentences whose numbers, dates or speakers are compared
    # Compatible values are shown as variants when their sentences are at least this close.
    variant_min_score: float = 0.6
    # Incompatible values are a conflict only when their sentences are this close (strict).
    conflict_min_score: float = 0.75
    # Dates only conflict in near-paraphrases: one sentence often names several events' days.
    date_conflict_min_cosine: float = 0.8
    # Dates further apart than this name different events (a past meeting, last year's decision),
    # not two reports disagreeing on one event's day, which differ by a day or a few.
    date_conflict_max_days: int = 7
    # Different speakers of one claim only conflict in near-copies: two people often say alike things.
    attribution_conflict_min_cosine: float = 0.85

    # --- number semantics
    # "about X" spans X ± this share.
    about_margin: float = 0.1
    # "nearly X" spans [X × (1 - this share), X].
    nearly_margin: float = 0.1
    # Relative slack on top of the stated approximation: unit conversions and roundings in copy.
    rounding_tolerance: float = 0.02
    # Integers from this size read trailing zeros as rounding ("2,100" = 2,050-2,150).
    round_zeros_from: float = 1000.0
    # Earthquake magnitudes are published to one decimal: a whole "7" is 7.0, not 6.5-7.5.
    magnitude_step: float = 0.1
    # Labels read at face value, without the relative tolerance (log scales, match clocks).
    exact_labels: tuple[str, ...] = ("MAGNITUDE", "MINUTE")
    # Number labels compared across outlets; ages, fractions and scores are not.
    compared_labels: tuple[str, ...] = ("QUANTITY", "MONEY", "MAGNITUDE", "PERCENT", "DURATION", "MINUTE")
    # Labels whose value belongs to a named holder (a candidate's share, a scorer's minute).
    holder_labels: tuple[str, ...] = ("PERCENT", "MINUTE")
    # Event classes of counted things: "class=verb lemma ...". Verbs outside stay their own class.
    count_events: tuple[str, ...] = (
        "killed=kill die dead death perish drown claim",
        "injured=injure injured wound wounded hurt",
        "missing=miss missing",
        "displaced=displace displaced evacuate homeless",
        "counted=count tally process scrutinize",
    )
    # Kinds a story has one value of (a quake's magnitude, a town's population): an article's only
    # value is compared with other articles' wherever it stands, not only between aligned sentences.
    story_conflict_kinds: tuple[str, ...] = ("magnitude", "population")
    # Kinds compared that way only to show agreeing variants ("$68.7bn" / "$69bn"): an article's
    # only sum may be another sum (a fee, an aid package), so it never makes a conflict.
    story_variant_kinds: tuple[str, ...] = ("money",)
    # Classes whose counts change over time: they conflict only when measured at the same moment.
    changing_events: tuple[str, ...] = ("killed", "injured", "missing", "displaced", "counted")
    # Words just before a count that make it a place's population ("home to 90,000 people"): a
    # static attribute of the nearest named place, not an event count that rises over days.
    population_cues: tuple[str, ...] = ("population of", "population is", "population at", "home to",
                                        "inhabitants of", "city of", "town of", "village of",
                                        "community of", "country of", "nation of")
    # A wider scope named just before the cue ("the greater area, home to ...") is not the town's own
    # population: such counts are not compared.
    population_scopes: tuple[str, ...] = ("metropolitan", "metro", "greater", "wider", "surrounding",
                                          "region", "regional", "province", "district", "area", "county",
                                          "governorate")
    # How many words before a population count are searched for those scope words.
    population_scope_words: int = 8
    # Match clocks differ by a minute between reporters (46:30 is the 46th or the 47th minute).
    minute_slack: float = 1.0
    # Events a match has once ("class=cue phrase|cue phrase"): the minute of one is compared story-wide
    # between sentences naming one player, even where the sentences are not aligned.
    once_events: tuple[str, ...] = ("winner=winner|winning goal|match-winner|decisive goal",)

    # --- claims: one figure given by several outlets, with its source and its day
    # A count from this size, given alike by two outlets, is one claim (small counts recur by chance).
    claim_min_value: float = 100.0
    # Words by which the next sentence credits the figure before it ("X said that figure ...").
    figure_anaphora: tuple[str, ...] = ("that figure", "this figure", "the figure", "those figures",
                                        "these figures", "the figures", "that number", "this number",
                                        "those numbers", "these numbers", "the numbers", "that toll",
                                        "this toll", "that tally")
    # Quote cues (lemmas) of a speaker disputing a figure rather than giving it.
    denial_cues: tuple[str, ...] = ("deny", "reject", "dispute", "refute", "contest", "dismiss", "question")
    # News agencies and broadcasters relay others' figures: crediting one is not a rival source.
    relay_sources: tuple[str, ...] = ("Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse",
                                      "CNN", "BBC", "Al Jazeera", "Xinhua", "TASS", "Interfax",
                                      "RIA Novosti", "Anadolu", "Bloomberg", "dpa", "EFE", "ANSA",
                                      "Kyodo", "Yonhap", "PTI", "ANI", "IANS")
    # Words in or just before a speaker's name that make it a relaying outlet ("state news agency").
    relay_words: tuple[str, ...] = ("news", "agency", "media", "television", "tv", "radio", "broadcaster",
                                    "newspaper", "daily", "channel", "outlet", "wire")
    # How many characters before a speaker's name are searched for those words.
    relay_window: int = 30
    # Quote cues (lemmas) of a speaker relaying a figure ("CNN reported").
    relay_cues: tuple[str, ...] = ("report",)

    # --- dates
    # A relative date, or a publication date, is trusted as a moment only from this confidence.
    min_date_confidence: float = 0.6

    # --- attribution
    # Two speaker names this similar (difflib ratio) are one speaker spelled two ways.
    same_speaker_ratio: float = 0.8

    # --- facts
    # A shared sentence this short is a fragment ("Learn more", a caption), not an agreement.
    fact_min_words: int = 6

    # --- unique facts
    # Fewer words than this is a fragment, caption or dateline rather than a reportable fact.
    unique_min_words: int = 10
    # A sentence this close (cosine) to another outlet's sentence is not only one outlet's.
    unique_max_cosine: float = 0.62
    # Most unique facts listed per outlet, the most informative first (names, numbers, dates).
    max_unique_per_outlet: int = 8

    def __post_init__(self) -> None:
        for name in _SHARES:
            if not 0.0 <= getattr(self, name) < 1.0 + (name == "same_speaker_ratio"):
                raise ConfigError(f"compare.{name} must be a share in [0, 1], got {getattr(self, name)}")
        for name in _COUNTS:
            if getattr(self, name) < 1:
                raise ConfigError(f"compare.{name} must be at least 1, got {getattr(self, name)}")
        for name in ("minute_slack", "claim_min_value"):
            if getattr(self, name) < 0:
                raise ConfigError(f"compare.{name} must not be negative, got {getattr(self, name)}")
        if self.conflict_min_score < self.variant_min_score:
            raise ConfigError("compare.conflict_min_score must not be below compare.variant_min_score")


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteGroupSettings:
    """Section ``[compare.quotes]``."""

    SECTION: ClassVar[str] = "compare.quotes"

    # One speaker's quotes at or above this score are one statement: translations of one remark
    # score about 0.9, relays in other words about 0.75-0.8, different remarks on one topic 0.4-0.72.
    same_statement: float = 0.75
    # Weight of the content-word Jaccard added to the cosine: wire copies and close renderings
    # share words, so shared wording confirms what the embedding suggests.
    word_weight: float = 0.3
    # Words are compared by their first letters, so "announce" and "announced" agree.
    stem_chars: int = 5
    # Quotes credited to different speakers (the Kremlin / the Russian presidency / a spokesman) are
    # one statement only at this stricter score: translations of one release score about 0.9 and up.
    same_statement_across_speakers: float = 0.9

    def __post_init__(self) -> None:
        if self.stem_chars < 1 or self.word_weight < 0:
            raise ConfigError("compare.quotes: stem_chars must be at least 1 and word_weight not negative")


@dataclass(frozen=True, kw_only=True, slots=True)
class TimelineSettings:
    """Section ``[compare.timeline]``."""

    SECTION: ClassVar[str] = "compare.timeline"

    # Below this an anchor is a guess: an inferred day's confidence is the calibrated probability that
    # it is exact, and pubdate gives none under its min_confidence (0.15), so this follows it.
    min_anchor_confidence: float = 0.15
    # From here a relative date stands alone: a URL date (0.6) or an inference likely to be exact.
    trusted_anchor_confidence: float = 0.6
    # Kinds that a few days' error in the anchor shifts ("Wednesday", "today"); "February 6" is safe.
    anchor_sensitive_kinds: tuple[str, ...] = ("weekday", "relative_day", "deictic", "part_of_day",
                                               "modified_unit")
    # Clock times date the publication day, not the event; an offset ("three years after") counts
    # from an event we do not know; the rest carry no calendar date.
    ignored_kinds: tuple[str, ...] = ("time", "duration", "reference", "set", "entity", "offset")
    # Same-date sentences at or above this combined score report one event (cosine + overlaps).
    same_event: float = 0.62
    # Weight of the Jaccard overlap of named entities: the same actors point to the same event.
    entity_weight: float = 0.25
    # Weight of the overlap of numbers (tolls, counts): a shared figure is strong evidence.
    number_weight: float = 0.15
    # Weight of the words next to the date ("arrived in Moscow on Tuesday"): they say what it dates.
    context_weight: float = 0.4
    # Words either side of a date that count as its context (an event noun or verb sits close by).
    context_words: int = 6
    # Words are compared by their first letters, so "arrived" and "arrival" agree.
    stem_chars: int = 5
    # A coarser item (a month) joins a finer one inside it (a day of it) at this higher score.
    coarse_joins_fine: float = 0.72
    # A dated line needs this many content words besides its dates ("the quake struck"), so time
    # stamps ("Published 5:05 pm Thursday, July 11") make no events.
    min_event_words: int = 2
    # A content word has at least this many letters ("am", "pm" and "on" are not what a line says).
    min_word_chars: int = 3
    # Events this many days before the story's first or after its last day are background.
    background_days: int = 14
    # An undated sentence of another report supports an item at this cosine to one of its dated
    # sentences: near-paraphrases only (on dev-stories 18 right to 1 wrong; 0.65 lets in 3 wrong).
    support_cosine: float = 0.7

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_anchor_confidence <= self.trusted_anchor_confidence <= 1.0:
            raise ConfigError("compare.timeline: need 0 <= min_anchor_confidence <= "
                              "trusted_anchor_confidence <= 1")
        for name in ("context_words", "min_event_words", "background_days"):
            if getattr(self, name) < 0:
                raise ConfigError(f"compare.timeline.{name} must not be negative, got {getattr(self, name)}")
        if not 0.0 <= self.support_cosine <= 1.0:
            raise ConfigError(f"compare.timeline.support_cosine must be in [0, 1], got {self.support_cosine}")
        if self.stem_chars < 1:
            raise ConfigError(f"compare.timeline.stem_chars must be at least 1, got {self.stem_chars}")


@dataclass(frozen=True, kw_only=True, slots=True)
class UnitSettings:
    """Section ``[compare.units]``: which sentences become units, and when they are embedded."""

    SECTION: ClassVar[str] = "compare.units"

    min_sentence_chars: int = 25  # shorter: datelines, bylines or fragments, not statements
    # Embeddings align outlets' sentences; embedding every sentence of every single-outlet story would
    # cost more than parsing it (the pipeline has to keep pace with ingestion).
    min_outlets_to_embed: int = 2
