"""The ``[summarize]`` settings: length, sentence filters, centrality, redundancy and support thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from storydesk.errors import ConfigError


@dataclass(frozen=True, kw_only=True, slots=True)
class SummarySettings:
    """Section ``[summarize]``; see ``defaults.toml`` for the reason behind each value."""

    SECTION: ClassVar[str] = "summarize"

    # Length: about six sentences read in under a minute and still name the main developments.
    sentences: int = 6
    # Candidate sentences: shorter ones are captions, datelines and fragments; longer ones are run-ons.
    min_chars: int = 60
    max_chars: int = 400
    min_words: int = 8
    # A sentence whose direct quotes cover more than this share is a quote, not a report of events.
    max_quote_share: float = 0.6
    # Cosine to the story's mean sentence below which a sentence is off topic (embeds, ads, asides).
    min_topicality: float = 0.2
    # Centrality graph: cosine below this links sentences only by topic, not by content.
    edge_threshold: float = 0.3
    # PageRank damping: the usual 0.85, so centrality follows the links but converges fast.
    damping: float = 0.85
    # PageRank stops when no score moves more than this, or after so many rounds.
    rank_tolerance: float = 1e-8
    rank_iterations: int = 200
    # Score weights: share of other outlets supporting the sentence, and the lead prior (1/position
    # in its article); the rest of the weight goes to graph centrality.
    support_weight: float = 0.5
    lead_weight: float = 0.15
    # Cosine at which another outlet's sentence states the same thing (below it, mostly same topic).
    support_threshold: float = 0.7
    # ... and repeats at least this many of its content words: embeddings alone also pair sentences
    # that are merely on the same topic ("Rescuers race against time" / "Search teams joined").
    min_shared_words: int = 2
    # Selection: at this cosine a candidate repeats a chosen sentence (as support would) and is left out.
    redundancy_threshold: float = 0.7
    # ... or when this share of its content words (of the shorter of the two) is in a chosen one.
    overlap_redundancy: float = 0.6
    # MMR: weight of the score against the similarity to what is already chosen.
    mmr_lambda: float = 0.7
    # Score lost per chosen sentence from the same outlet, so the summary draws on several outlets.
    outlet_penalty: float = 0.1
    # Score gained by a sentence that brings an event date not yet in the summary.
    date_bonus: float = 0.05
    # Days: a relative day ("Sunday") resolved against a publication date inferred with less
    # confidence than this is not trusted (for ordering or contradiction); a coin-toss inference is 0.4.
    min_anchor_confidence: float = 0.5
    # Numbers: relative slack of "about"/"nearly" values when checking that two sentences agree.
    approx_tolerance: float = 0.1
    # Numbers: "more than X" is read as at most X × this ("up to X" as at least X / this): reports
    # round down to the last milestone passed, not to a fraction of the figure.
    open_bound_ratio: float = 1.5
    # Numbers: an integer written with this many trailing zeros ("2,000") is a rounded figure.
    round_zeros: int = 2

    def __post_init__(self) -> None:
        if self.sentences < 1:
            raise ConfigError(f"summarize.sentences must be at least 1, got {self.sentences}")
        if not 0.0 <= self.support_weight + self.lead_weight <= 1.0:
            raise ConfigError("summarize.support_weight + lead_weight must lie in [0, 1]")
