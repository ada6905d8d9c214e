"""Quotes — who said what — as standoff spans over an article's canonical text.

Direct quotes are quotation-mark regions (scare quotes and titles left out) attributed to the
nearest speech cue in their sentence frame ("“...,” Peskov told reporters"); a quotation standing
alone right after another quote continues its speaker. Indirect quotes are the clausal complement
of a speech verb ("X said (that) ...", "X told reporters ...") or the rest of the sentence for
"according to X" and "as X noted". Speakers are resolved by :mod:`speakers` to entity mentions.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from storydesk.model.layers import QuoteAttrs
from storydesk.model.spans import Span
from storydesk.stages.enrich.quote_cues import Cue, cue_lemma, paragraph_of, read_cue, sentence_bounds
from storydesk.stages.enrich.quote_marks import QuoteRegion, find_regions
from storydesk.stages.enrich.quote_rules import QuoteRules, load_quote_rules
from storydesk.stages.enrich.settings import QuoteSettings
from storydesk.stages.enrich.speakers import Mention, Speaker, SpeakerIndex

log = logging.getLogger(__name__)

LABEL = "QUOTE"
DIRECT = "direct"
INDIRECT = "indirect"
_SENTENCE_END = frozenset({".", "!", "?"})
_STOPWORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "by", "at", "with"})



@dataclass(frozen=True, kw_only=True, slots=True)
class _Candidate:
    """A quote before its speaker is resolved: the span, the kind and the cue (None: continuation)."""

    start: int
    end: int
    kind: str
    cue: Cue | None


class _Finder:
    """The per-document state of quote finding: regions, cues and the speaker index."""

    def __init__(self, doc: Doc, settings: QuoteSettings, rules: QuoteRules) -> None:
        self.doc, self.settings, self.rules = doc, settings, rules
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.regions = find_regions(self.text, min_words=settings.min_quote_words, stopwords=_STOPWORDS)
        self.ends = [t.idx + len(t) for t in doc]
        self.sentences = sentence_bounds(doc)
        self.region_of = self._token_regions()
        self.index = SpeakerIndex(doc, rules, masked=[r >= 0 for r in self.region_of],
                                  memory=settings.speaker_memory_sentences,
                                  person_name_words=settings.person_name_words)
        self.cues = self._read_cues()

    def _at(self, char: int) -> int:
        """Index of the first token ending after character ``char``."""
        return min(bisect.bisect_right(self.ends, char), max(len(self.doc) - 1, 0))

    def _token_regions(self) -> list[int]:
        """For every token, the number of the quotation region it lies in, or -1."""
        marks = [-1] * len(self.doc)
        for number, region in enumerate(self.regions):
            for i in range(self._at(region.start), len(self.doc)):
                if self.doc[i].idx >= region.end:
                    break
                marks[i] = number
        return marks

    def _read_cues(self) -> dict[int, Cue]:
        """Every speech cue outside quotation marks, by token index."""
        cues = {}
        for token in self.doc:
            lemma = cue_lemma(token, self.rules) if self.region_of[token.i] < 0 else None
            if lemma is not None:
                sent = self.sentences[token.i]
                cues[token.i] = read_cue(token, lemma, self.rules, sent=sent, text=self.text,
                                         max_climb=self.settings.max_verb_climb,
                                         that_window=self.settings.that_window)
        return cues

    def _frame(self, region: QuoteRegion) -> tuple[int, int]:
        """Token range around a quotation up to the sentence ends, other quotations and line breaks."""
        doc, first = self.doc, self._at(region.start)
        last = self._at(region.end)
        start = first
        while start > 0 and not self._stops(start - 1, own=self.region_of[first]):
            start -= 1
        end = last
        while end < len(doc) and not self._stops(end, own=self.region_of[first]):
            end += 1
        return start, min(end + 1, len(doc))

    def _stops(self, i: int, *, own: int) -> bool:
        """Whether token ``i`` ends a quotation's frame."""
        token, region = self.doc[i], self.region_of[i]
        if region >= 0:
            return region != own
        return "\n" in token.text or token.text in _SENTENCE_END

    def _frame_cue(self, region: QuoteRegion) -> Cue | None:
        """The cue of a quotation: in its frame, a first-hand cue before a relay, then the nearest."""
        start, end = self._frame(region)
        found = [c for i, c in self.cues.items() if start <= i < end]
        if not found:
            return None
        centre = (region.start + region.end) / 2
        return min(found, key=lambda c: (c.relay, _distance(c.token.idx, region, centre)))

    def _is_alone(self, region: QuoteRegion) -> bool:
        """Whether nothing but punctuation surrounds a quotation in its frame."""
        start, end = self._frame(region)
        return all(self.region_of[i] >= 0 or not self.doc[i].is_alpha for i in range(start, end))

    def candidates(self) -> list[_Candidate]:
        """Direct and indirect candidates, merged where a that-clause is itself a quotation."""
        direct = []
        for region in self.regions:
            cue = self._frame_cue(region)
            if cue is not None or self._is_alone(region):
                direct.append(_Candidate(start=region.start, end=region.end, kind=DIRECT, cue=cue))
        indirect = [_Candidate(start=c.content[0], end=c.content[1], kind=INDIRECT, cue=c)
                    for c in self.cues.values() if c.content is not None]
        return _merge(direct, indirect, share=self.settings.direct_share)

    def spans(self) -> tuple[Span[QuoteAttrs], ...]:
        """Resolve speakers in text order and build the spans."""
        spans: list[Span[QuoteAttrs]] = []
        last: Speaker | None = None
        last_sentence = -10
        candidates = self.candidates()
        quoted = {c.cue.token.i for c in candidates if c.cue is not None}
        for cand in sorted(candidates, key=lambda c: c.start):
            if cand.cue is not None and cand.cue.relay and self._holds_cue(cand, quoted):
                continue
            speaker, cue_lemma_ = self._speaker(cand, last, last_sentence)
            if speaker is None:
                log.debug("no speaker for %r", self.text[cand.start:cand.end][:60])
                continue
            spans.append(self._span(cand, speaker, cue_lemma_))
            last = speaker
            last_sentence = self.index.sentence_of[self._at(max(cand.end - 1, 0))]
        return tuple(spans)

    def _holds_cue(self, cand: _Candidate, quoted: set[int]) -> bool:
        """Whether a relay's content holds another attributed cue (the inner speaker wins)."""
        own = cand.cue.token.i if cand.cue else -1
        return any(cand.start <= self.doc[i].idx < cand.end for i in quoted if i != own)

    def _speaker(self, cand: _Candidate, last: Speaker | None,
                 last_sentence: int) -> tuple[Speaker | None, str]:
        """The resolved speaker of a candidate and its cue lemma."""
        if cand.cue is None:
            here = self.index.sentence_of[self._at(cand.start)]
            near = here - last_sentence <= self.settings.continuation_sentences
            return (last if near else None), "continuation"
        cue = cand.cue
        here = self.index.sentence_of[min(cue.token.i, self._at(cand.start))]
        usable = [t for t in (cue.subject, cue.fallback) if t is not None and self._usable(t, cue.token)]
        resolved = (self.index.resolve(t, last=last, last_sentence=last_sentence, here=here) for t in usable)
        speaker = next((found for found in resolved if found is not None), None)
        if speaker is None and not usable:
            speaker = self._lost_subject(cue, here, last, last_sentence)
        if speaker is None and cue.inverted and cand.end <= cue.token.idx:
            speaker = self._as_speaker(self.index.near(cue.token, window=self.settings.name_window_tokens))
        return speaker, cue.lemma

    def _lost_subject(self, cue: Cue, here: int, last: Speaker | None, last_sentence: int) -> Speaker | None:
        """Speaker of a cue whose parse lost its subject: the mention before it, or the last speaker."""
        if cue.lemma not in ("according", "per"):
            sent_start = self.doc[self.sentences[cue.token.i][0]].idx
            start = max(sent_start, paragraph_of(self.text, cue.token.idx)[0])
            found = self._as_speaker(self.index.before(cue.token, start))
            if found is not None:
                return found
        near = here - last_sentence <= self.settings.continuation_sentences
        return last if near and cue.token.tag_ == "VBG" else None

    def _as_speaker(self, mention: Mention | None) -> Speaker | None:
        """A speaker named by ``mention`` as it stands."""
        if mention is None:
            return None
        return Speaker(surface=mention.text, mention=self.index.canonical(mention))

    def _usable(self, subject: Token, cue: Token) -> bool:
        """A parsed subject in the cue's paragraph and outside quotation marks (else the parse is wrong)."""
        same = paragraph_of(self.text, subject.idx) == paragraph_of(self.text, cue.idx)
        return same and self.region_of[subject.i] < 0

    def _span(self, cand: _Candidate, speaker: Speaker, cue: str) -> Span[QuoteAttrs]:
        """The QUOTE span of a candidate with its speaker."""
        anchor = cand.cue.token if cand.cue is not None else self.doc[self._at(cand.start)]
        first, last = self.sentences[anchor.i]
        attrs = QuoteAttrs(kind=cand.kind, speaker=speaker.mention.text, speaker_start=speaker.mention.start,
                           speaker_end=speaker.mention.end, speaker_mention=speaker.surface, cue=cue,
                           sentence=(self.doc[first].idx, self.ends[last - 1]))
        return Span(start=cand.start, end=cand.end, label=LABEL, attrs=attrs)


def _distance(idx: int, region: QuoteRegion, centre: float) -> float:
    """Character distance from a cue to a quotation (0 inside it)."""
    if region.start <= idx < region.end:
        return 0.0
    return min(abs(idx - region.start), abs(idx - region.end)) + abs(idx - centre) * 1e-6


def _overlap(a: _Candidate, start: int, end: int) -> int:
    """Characters shared by a candidate and ``[start, end)``."""
    return max(0, min(a.end, end) - max(a.start, start))


def _merge(direct: list[_Candidate], indirect: list[_Candidate], *, share: float) -> list[_Candidate]:
    """Keep a that-clause or the quotation inside it, never both."""
    kept_indirect, dropped_direct = [], set()
    for ind in indirect:
        inside = [i for i, d in enumerate(direct) if _overlap(d, ind.start, ind.end) > 0]
        quoted = sum(_overlap(direct[i], ind.start, ind.end) for i in inside)
        if inside and quoted >= share * (ind.end - ind.start):
            continue
        kept_indirect.append(ind)
        dropped_direct.update(inside)
    return [d for i, d in enumerate(direct) if i not in dropped_direct] + kept_indirect


def find_quotes(doc: Doc, *, settings: QuoteSettings) -> tuple[Span[QuoteAttrs], ...]:
    """The quotes of a parsed article, each a QUOTE span with its resolved speaker."""
    rules = load_quote_rules(Path(settings.rules_path) if settings.rules_path else None)
    return _Finder(doc, settings, rules).spans()
