"""Cues of reported speech in a parsed sentence: the cue token, its subject and its content."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storydesk.stages.enrich.parsed import sentences_of
from storydesk.stages.enrich.quote_rules import QuoteRules

_CLAUSE_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "relcl", "acl", "prep", "ccomp"})
_LEADING = frozenset({"that", "if", "whether", ",", ":", "-", "—", "–"})
_PUNCT_EDGE = ",;:-—–(\"“”'‘’ "


@dataclass(frozen=True, kw_only=True, slots=True)
class Cue:
    """A speech cue: the cue token, who speaks (and a fallback), and the reported content if any."""

    token: Token
    lemma: str
    subject: Token | None
    fallback: Token | None
    content: tuple[int, int] | None
    relay: bool
    inverted: bool


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """For every token, the token range of its sentence (``Token.sent`` rescans the document)."""
    bounds: list[tuple[int, int]] = []
    for sent in sentences_of(doc):
        bounds.extend([(sent.start, sent.end)] * (sent.end - sent.start))
    return bounds


def cue_lemma(token: Token, rules: QuoteRules) -> str | None:
    """The cue lemma of ``token`` ("according", "say", ...) or None when it is no speech cue."""
    lower = token.lower_
    if lower == "according" and any(c.lower_ == "to" for c in token.children):
        return "according"
    if lower == "per" and token.head.lower_ == "as" or lower == "per" and token.i > 0 and \
            token.doc[token.i - 1].lower_ == "as":
        return "per"
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and lemma in rules.speech_verbs:
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return None  # "to describe what he saw": an infinitive reports nothing
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) or token.head.lower_ == "worth":
            return None  # "Russia is said to have sent ...": nobody is quoted
        return lemma
    return None


def _pobj(token: Token) -> Token | None:
    """The object of the preposition under ``token`` (according *to X*, as *per X*)."""
    for child in token.children:
        if child.dep_ == "pobj":
            return child
        if child.dep_ == "prep":
            found = _pobj(child)
            if found is not None:
                return found
    return None


def _subject(token: Token, max_climb: int) -> Token | None:
    """The grammatical speaker of a verb cue: nsubj, the agent of a passive, or a governing verb's."""
    current = token
    for _ in range(max_climb):
        for child in current.children:
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "agent":
                return _pobj(child)
        if current.dep_ not in _CLAUSE_DEPS or current.head is current:
            return None
        current = current.head
    return None


def _citing(token: Token, rules: QuoteRules) -> tuple[Token | None, Token | None] | None:
    """For "X quoted/cited Y as saying": (Y, X); None when the cue is not under such a verb."""
    head = token.head
    if head.lower_ == "as":
        head = head.head
    if head.lemma_.lower() not in rules.citing_verbs or head is token:
        return None
    quoted = next((c for c in head.children if c.dep_ in ("dobj", "nsubjpass")), None)
    citer = next((c for c in head.children if c.dep_ == "nsubj"), None)
    return quoted, citer


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The character range of tokens ``[start, end)`` without leading "that" and edge punctuation."""
    while start < end and (doc[start].lower_ in _LEADING or doc[start].is_space):
        start += 1
    if start >= end:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def paragraph_of(text: str, char: int) -> tuple[int, int]:
    """The character range of the paragraph (line) holding ``char``: parses may run across lines."""
    return text.rfind("\n", 0, char) + 1, (text.find("\n", char) + 1 or len(text) + 1) - 1


def _clipped(token: Token, span: tuple[int, int] | None, text: str) -> tuple[int, int] | None:
    """``span`` cut to the paragraph of ``token``; None when nothing is left."""
    if span is None:
        return None
    low, high = paragraph_of(text, token.idx)
    start, end = max(span[0], low), min(span[1], high)
    while start < end and (text[start].isspace() or text[start] in _PUNCT_EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _PUNCT_EDGE + "."):
        end -= 1
    return (start, end) if start < end else None


def _rest_of_sentence(token: Token, cue_tokens: Sequence[Token],
                      sent: tuple[int, int]) -> tuple[int, int] | None:
    """The longest run of the sentence outside the cue's own phrase (for "..., according to X")."""
    inside = {t.i for t in cue_tokens}
    best: tuple[int, int] = (sent[0], sent[0])
    run_start = sent[0]
    for i in range(sent[0], sent[1] + 1):
        if i == sent[1] or i in inside or "\n" in token.doc[i].text and token.doc[i].is_space:
            if i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = i + 1
    return _trimmed(token.doc, *best)


def _content(token: Token, lemma: str, rules: QuoteRules, sent: tuple[int, int],
             that_window: int) -> tuple[int, int] | None:
    """The reported content of a cue: its clausal complement, else the rest of its sentence."""
    doc = token.doc
    citing = token.head.head if token.head.lower_ == "as" else token.head
    owners = (token, citing) if citing.lemma_.lower() in rules.citing_verbs else (token,)
    for owner in owners:  # "X cited Y as saying": the complement hangs on "cited"
        for child in owner.children:
            clausal = child.dep_ == "xcomp" and any(g.dep_ == "nsubj" for g in child.subtree)
            if child.dep_ == "ccomp" or clausal:
                return _trimmed(doc, child.left_edge.i, child.right_edge.i + 1)
    after_that = _after_that(token, sent, that_window)
    if after_that is not None:
        return after_that
    is_as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)
    if lemma in ("according", "per"):
        phrase = token.head if lemma == "per" and token.head.lower_ == "as" else token
        return _rest_of_sentence(token, list(phrase.subtree), sent)
    if is_as_clause or token.dep_ == "parataxis" or _is_trailing(token, sent):
        return _rest_of_sentence(token, list(token.subtree), sent)
    return None


def _after_that(token: Token, sent: tuple[int, int], that_window: int) -> tuple[int, int] | None:
    """"said earlier that ..." where the parse lost the complement: the rest of the sentence after "that"."""
    doc = token.doc
    for i in range(token.i + 1, min(token.i + 1 + that_window, len(doc))):
        if doc[i].lower_ == "that" and doc[i].dep_ == "mark":
            end = sent[1]
            return _trimmed(doc, i + 1, end) if i + 1 < end else None
        if doc[i].is_punct or doc[i].pos_ in ("VERB", "NOUN") and doc[i].dep_ == "dobj":
            return None
    return None


def _is_trailing(token: Token, sent: tuple[int, int]) -> bool:
    """A cue after its content ("..., said his rival", "..., Ramaphosa announced") without an object."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in token.children) or token.dep_ in ("advcl", "relcl"):
        return False
    first = min([token.i] + [c.i for c in token.children if c.dep_ == "nsubj"])
    return first > sent[0] and token.doc[first - 1].text == ","


def read_cue(token: Token, lemma: str, rules: QuoteRules, *, sent: tuple[int, int], text: str,
             max_climb: int, that_window: int) -> Cue:
    """Subject, fallback speaker and content of the cue at ``token``.

    ``max_climb``: verbs climbed looking for the subject; ``that_window``: tokens after the cue searched
    for a "that" the parse lost (both from :class:`~storydesk.stages.enrich.quotes.QuoteSettings`).
    """
    if lemma in ("according", "per"):
        subject, fallback = _pobj(token), None
    else:
        citing = _citing(token, rules)
        subject, fallback = citing if citing is not None else (_subject(token, max_climb), None)
    content = _clipped(token, _content(token, lemma, rules, sent, that_window), text)
    return Cue(token=token, lemma=lemma, subject=subject, fallback=fallback,
               content=content, relay=lemma in rules.relay_verbs,
               inverted=lemma not in ("according", "per") and (subject is None or subject.i > token.i))
