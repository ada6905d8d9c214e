"""Settings of the ``clean.v1`` stage: line rules ``[clean]``, the glued-article cut ``[clean.glued]``,
HTML post-cleaning ``[html]``, and :class:`CleanSettings` holding all three."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from storydesk.config import Config


@dataclass(frozen=True, kw_only=True, slots=True)
class GluedSettings:
    """Thresholds of the glued-article cut (section ``[clean.glued]``)."""

    SECTION: ClassVar[str] = "clean.glued"

    # Off switch: some sources (live blogs, digests) are meant to hold several stories.
    enabled: bool = True
    # The kept article needs this many paragraphs: shorter text cannot show its own cohesion.
    min_article_blocks: int = 3
    # A foreign article is at least a lead and two more paragraphs (or headline, lead, paragraph);
    # shorter tails are left to the boilerplate rules (related links, captions).
    min_foreign_blocks: int = 3
    # Words are cut to this many characters: a crude, language-blind stemmer ("Russia"/"Russian").
    stem_chars: int = 6
    # Shorter words carry no topic (particles, abbreviations) in any of the supported languages.
    min_word_chars: int = 3
    # Shorter numbers (ranks, counts, days of the month) occur in any article.
    min_number_chars: int = 3
    # A capitalised name seen mid-sentence is the strongest cohesion cue between paragraphs.
    name_weight: float = 2.0
    # Scripts written without spaces (Chinese, Japanese) give one "word" per clause: above this
    # many characters per word the text is not measurable and is never cut.
    max_chars_per_word: float = 15.0
    # Each side needs this much recurring vocabulary (weighted) before its cohesion can be judged;
    # lists and very short parts fall below it and are never cut there.
    min_side_weight: float = 6.0
    # Lexical-only mode (no embedder): cut when the two sides share at most this much of their
    # recurring vocabulary (mean of the two sides' crossing shares); whole articles stay above it.
    max_crossing: float = 0.2
    # Boundaries this close to the lowest crossing are equally plausible: paragraphs without
    # recurring words (a credit line, a price list) leave the share flat. 0 keeps exact ties only;
    # wider valleys moved cuts off the true seam in evaluation ...
    valley_tolerance: float = 0.0
    # ... when at most this many paragraphs away from it.
    valley_max_blocks: int = 3
    # A boundary with all of the title's words on one side needs this much less crossing evidence.
    title_weight: float = 0.05
    # A headline line: at most this many words and no closing sentence punctuation.
    headline_max_words: int = 20
    # A prose paragraph (an article's lead or body): at least this many words, closed by sentence
    # punctuation. Shorter lines are furniture: prices, contacts, links, form labels.
    prose_min_words: int = 8
    # A headline opens an article when prose follows within this many lines (a byline or a photo
    # caption may stand between).
    headline_lookahead: int = 3
    # The title must cover this much more of one side than of the other to decide which side is
    # the article; below it the first side is kept.
    title_margin: float = 0.2
    # --- With an embedder: the lexical share decides alone where it is clear, the paragraphs'
    # meaning (sentence embeddings) is consulted only in between, so a typical page costs no model.
    # Off: lexical only, whatever embedder is given (and the clean stage loads none); for machines
    # without the model, at about 5 points of within-one-paragraph accuracy in evaluation.
    semantic: bool = True
    # Above this lowest crossing the page is left whole without asking the embedder: to pass
    # ``max_combined`` such a seam would need windows of unrelated meaning (cosine under 0.05),
    # which in evaluation was rarer than the model time it costs; most whole articles stop here.
    max_uncertain_crossing: float = 0.35
    # At or below this lowest crossing (the lexical-only ``max_crossing``), with a clear valley
    # (see ``sure_gap``), the seam is cut without the embedder: two articles sharing this little.
    sure_crossing: float = 0.2
    # The valley is clear when every boundary more than one paragraph away crosses at least this
    # much more; flat valleys (several equally low boundaries) need the embedder to place the cut.
    sure_gap: float = 0.05
    # Otherwise the embedder scores this many of the lowest-crossing boundaries, plus every boundary
    # tied with the lowest (a flat valley).
    semantic_candidates: int = 3
    # Paragraphs on each side of a boundary whose mean embeddings are compared: the neighbourhood of
    # a seam carries the change of topic; whole sides blur it with their own digressions.
    semantic_window: int = 2
    # Only a paragraph's first words are embedded: its opening states its topic, and the model's
    # cost grows with the length.
    semantic_max_words: int = 36
    # A boundary's score is its crossing share plus this weight times the cosine similarity of
    # the two windows: unrelated neighbours (cosine near 0) lower it, one topic (0.5+) raises it.
    semantic_weight: float = 0.5
    # Added to the score of a boundary whose next block cannot open an article (furniture): the
    # meaning changes between unrelated footer lines too, but an article starts with a lead.
    furniture_penalty: float = 0.1
    # Cut at the best-scoring boundary when its score is at most this.
    max_combined: float = 0.375


@dataclass(frozen=True, kw_only=True, slots=True)
class BoilerplateSettings:
    """Thresholds of the line rules (section ``[clean]``)."""

    SECTION: ClassVar[str] = "clean"

    stray_max_chars: int = 2
    headline_max_words: int = 20
    repeat_max_words: int = 15


@dataclass(frozen=True, kw_only=True, slots=True)
class HtmlPostSettings:
    """Knobs of the HTML post-cleaning (section ``[html]``)."""

    SECTION: ClassVar[str] = "html"

    drop_title: bool = True
    head_blocks: int = 3
    tail_blocks: int = 8
    max_rule_chars: int = 400
    max_list_item_chars: int = 150
    disabled_rules: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # config files give lists; keep the frozen record hashable
        object.__setattr__(self, "disabled_rules", tuple(self.disabled_rules))


@dataclass(frozen=True, kw_only=True, slots=True)
class CleanSettings:
    """Everything the clean stage is tuned by."""

    boilerplate: BoilerplateSettings = BoilerplateSettings()
    glued: GluedSettings = GluedSettings()
    html: HtmlPostSettings = HtmlPostSettings()

    @classmethod
    def from_config(cls, config: Config) -> CleanSettings:
        """Build from the ``[clean]``, ``[clean.glued]`` and ``[html]`` sections."""
        return cls(boilerplate=config.settings(BoilerplateSettings, "clean"),
                   glued=config.settings(GluedSettings, "clean.glued"),
                   html=config.settings(HtmlPostSettings, "html"))
