"""Speaker resolution for quotes: entity mentions, pronouns and nominal back-references.

A speaker is always an entity mention of the article. "Peskov" resolves to the fullest mention
of the same entity ("Dmitry Peskov"), "OCHA" to the name it abbreviates, and "he", "the
spokesman" or "the ministry" to the most recent compatible mention, preferring the speaker of the
previous sentence and a mention named with the same title word.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storydesk.stages.enrich.parsed import sentences_of
from storydesk.stages.enrich.quote_rules import QuoteRules

log = logging.getLogger(__name__)

_HONORIFICS = frozenset({"the", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "'s", "’s"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_DEFINITE = frozenset({"the", "this", "that"})
_NAME_PARTS = frozenset({"compound", "appos", "flat"})
_ANY = "any"
_RELATIVE = frozenset({"who", "which", "that"})
_NON_WORD = re.compile(r"[^\w]")
_ACRONYM = re.compile(r"\(([A-Z][A-Z.]{1,9})\)")
_CONNECTORS = frozenset({"for", "of", "the", "and", "on", "in", "de"})


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """A named-entity mention that can speak: its character range, text, kind and sentence."""

    start: int
    end: int
    text: str
    kind: str
    label: str
    sentence: int
    is_subject: bool
    first_token: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Speaker:
    """A resolved speaker: the mention at the cue (its surface form) and the fullest mention it names."""

    surface: str
    mention: Mention


def _name_tokens(text: str) -> tuple[str, ...]:
    """Lower-cased name tokens without honorifics, articles and possessive endings.

    Not the cross-outlet fold (``resolve.spelling.fold_accents``): it matches mentions within one
    article, where a name is written one way, token by token (hyphens split, honorifics dropped);
    accents are kept, as they always were here, so attributions stay exactly as they are.
    """
    text = text.lower().replace("’s", "").replace("'s", "").replace("-", " ")
    words = [_NON_WORD.sub("", w) for w in text.split()]
    return tuple(w for w in words if w and w not in _HONORIFICS)


def _initials(text: str) -> str:
    """Initials of the capitalised words of a name ("Competition and Markets Authority" → "CMA")."""
    return "".join(w[0] for w in text.split() if w[:1].isupper())


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` (e.g. "U.N.", "OCHA") is an acronym of ``long``."""
    acronym = short.replace(".", "").strip()
    if not acronym.isupper() or len(acronym) < 2 or " " in acronym:
        return False
    initials = _initials(long)
    return initials == acronym or (len(acronym) > 2 and initials.endswith(acronym))


def names_same(short: str, long: str) -> bool:
    """Whether ``short`` names the same entity as ``long``: its last words, a reordering, or its acronym."""
    a, b = _name_tokens(short), _name_tokens(long)
    if a and len(a) <= len(b) and b[-len(a):] == a:
        return True
    if a and b and a[-1] == b[-1] and set(a) <= set(b):
        return True
    return _abbreviates(short, long)


def _sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token."""
    index = [0] * len(doc)
    for number, sent in enumerate(sentences_of(doc)):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


class SpeakerIndex:
    """The speaking mentions of one document and the rules that resolve a cue's subject to one."""

    def __init__(self, doc: Doc, rules: QuoteRules, *, masked: Sequence[bool], memory: int,
                 person_name_words: int) -> None:
        self.doc = doc
        self.memory = memory
        self.person_name_words = person_name_words
        self.rules = rules
        self.sentence_of = _sentence_index(doc)
        self.mentions = self._collect(masked)
        self.expansions = tuple(self._expansions())
        self._token_mention: dict[int, Mention] = {}
        for ent_mention, ent in zip(self.mentions, self._ents(masked), strict=True):
            for i in range(ent.start, ent.end):
                self._token_mention[i] = ent_mention

    def _ents(self, masked: Sequence[bool]) -> list:
        """The entities that can speak and lie outside quotations."""
        labels = self.rules.speaker_labels
        return [e for e in self.doc.ents if e.label_ in labels and not masked[e.start]]

    def _collect(self, masked: Sequence[bool]) -> tuple[Mention, ...]:
        """Speaking mentions in text order."""
        mentions = []
        for ent in self._ents(masked):
            is_subject = any(t.dep_ in _SUBJECT_DEPS or t.head.dep_ in _SUBJECT_DEPS for t in ent)
            text = ent.text.split(" (")[0].strip()
            text = text[4:] if text.lower().startswith("the ") else text
            start = ent.start_char + ent.text.find(text)
            mentions.append(Mention(start=start, end=start + len(text), text=text,
                                    kind=self.rules.speaker_labels[ent.label_], label=ent.label_,
                                    sentence=self.sentence_of[ent.start], is_subject=is_subject,
                                    first_token=ent.start))
        return tuple(mentions)

    def _expansions(self) -> Iterable[Mention]:
        """Long names an acronym in parentheses abbreviates ("Competition and Markets Authority (CMA)")."""
        text = self.doc.text
        for match in _ACRONYM.finditer(text):
            acronym = match.group(1).replace(".", "")
            words = text[max(0, match.start() - 200):match.start()].split()
            for size in range(len(acronym), len(words) + 1):
                name = " ".join(words[-size:])
                if not words[-size][:1].isupper() and words[-size].lower() not in _CONNECTORS:
                    break
                if _initials(name).endswith(acronym) and words[-size][:1].isupper():
                    start = text.rfind(name, 0, match.start())
                    yield Mention(start=start, end=start + len(name), text=name, kind="group", label="ORG",
                                  sentence=-1, is_subject=False, first_token=-1)
                    break

    def mention_of(self, token: Token) -> Mention | None:
        """The speaking mention that ``token`` is part of."""
        return self._token_mention.get(token.i)

    def canonical(self, mention: Mention) -> Mention:
        """The fullest mention in the document that names the same entity."""
        pool = (*self.mentions, *self.expansions)
        same = [m for m in pool if m.kind == mention.kind and names_same(mention.text, m.text)]
        return max(same, key=lambda m: (len(_name_tokens(m.text)), -m.start), default=mention)

    def _named(self, token: Token) -> Mention | None:
        """A mention on the token's name parts (appositive, compound) or on the token itself."""
        is_name = token.pos_ == "PROPN" and token.lemma_.lower() not in self.rules.person_nouns
        parts = [c for c in token.children if c.dep_ == "appos" or is_name and c.dep_ in _NAME_PARTS]
        found = [m for m in (self.mention_of(t) for t in (*parts, token)) if m is not None]
        people = [m for m in found if m.kind == "person"]
        if token.lemma_.lower() in self.rules.person_nouns:
            found = people
        return _first(people or found)

    def near(self, cue: Token, *, window: int) -> Mention | None:
        """The first mention right after an inverted cue ("said survivor Salah Ancheu"), people first."""
        found: list[Mention] = []
        for token in cue.doc[cue.i + 1:cue.i + 1 + window]:
            if token.text in (".", "\n") or "\n" in token.text or token.lower_ in ("who", "which"):
                break
            mention = self.mention_of(token)
            if mention is not None and mention not in found:
                found.append(mention)
        people = [m for m in found if m.kind == "person"]
        return _first(people or found)

    def _owner(self, token: Token) -> Iterable[Token]:
        """Who a document noun speaks for: possessor, compound, or the object of of/from/by."""
        for child in token.children:
            if child.dep_ in ("poss", "compound"):
                yield child
            elif child.dep_ == "prep" and child.lower_ in ("of", "from", "by") or child.dep_ == "agent":
                # "a statement from X"; "a statement carried by X" parses "by" as the passive's agent
                yield from (g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ == "acl":  # "the report updated on Sunday from the OCHA"
                yield from self._owner(child)

    def resolve(self, token: Token, *, last: Speaker | None, last_sentence: int,
                here: int | None = None) -> Speaker | None:
        """The speaker that the subject ``token`` of a cue refers to, or None when anonymous."""
        here = self.sentence_of[token.i] if here is None else here
        if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
            token = token.head.head  # "the WHO, which added that ...": the relative clause's noun
        named = (self._named(token) or self._titled_name(token) or self._same_name(token)
                 or self._proper(token))
        if named is not None:
            return Speaker(surface=named.text, mention=self.canonical(named))
        lemma = token.lemma_.lower()
        if lemma in self.rules.document_nouns:
            for owner in self._owner(token):
                found = self.resolve(owner, last=last, last_sentence=last_sentence, here=here)
                if found is not None:
                    return found
            definite = any(c.lower_ in _DEFINITE for c in token.children) and token.tag_ == "NN"
            near = definite and last is not None and here - last_sentence <= self.memory
            return Speaker(surface=self._phrase(token), mention=last.mention) if near and last else None
        described = self._described(token)
        if described is not None:
            return Speaker(surface=described.text, mention=described)
        kind = self._reference_kind(token)
        if kind is None:
            return None
        antecedent = self._antecedent(token, kind, last=last, last_sentence=last_sentence, here=here)
        if antecedent is None:
            return None
        surface = token.text if token.pos_ == "PRON" else self._phrase(token)
        return Speaker(surface=surface, mention=self.canonical(antecedent))

    def _titled_name(self, token: Token) -> Mention | None:
        """A person named inside or right after a title noun ("Head of the WMO Petteri Taalas")."""
        if token.lemma_.lower() not in self.rules.person_nouns:
            return None
        inside = [t for t in token.subtree if t.dep_ != "relcl" and t.i != token.i]
        nxt = [token.doc[token.i + 1]] if token.i + 1 < len(token.doc) else []
        for candidate in (*nxt, *inside):
            mention = self.mention_of(candidate)
            if mention is not None and mention.kind == "person":
                return mention
        return None

    def _same_name(self, token: Token) -> Mention | None:
        """A proper noun that NER missed but that ends an earlier name ("Spenser" for "Phil Spenser")."""
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return None
        earlier = [m for m in self.mentions if m.start < token.idx and names_same(token.text, m.text)]
        return earlier[-1] if earlier else None

    def _proper(self, token: Token) -> Mention | None:
        """A capitalised proper-noun phrase that NER missed ("The Verge", "al-Souria Net")."""
        title = token.lemma_.lower() in self.rules.person_nouns
        if token.pos_ != "PROPN" or not token.text[:1].isupper() or title:
            return None
        parts = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        first = min([token.i] + [t.left_edge.i for t in parts])
        span = self.doc[first:token.i + 1]
        return Mention(start=span.start_char, end=span.end_char, text=span.text, kind="group", label="PROPN",
                       sentence=self.sentence_of[token.i], is_subject=True, first_token=first)

    def before(self, cue: Token, start: int) -> Mention | None:
        """The mention leading up to a cue whose parse lost its subject: a subject first, else the nearest."""
        found = [m for m in self.mentions if start <= m.start and m.end <= cue.idx and m.label != "NORP"]
        subjects = [m for m in found if m.is_subject]
        chosen = subjects or found
        return chosen[-1] if chosen else None

    def _described(self, token: Token) -> Mention | None:
        """An institution named by its modifiers ("the Syrian presidency", "Syria's Al-Watan newspaper")."""
        if token.lemma_.lower() not in self.rules.institution_nouns:
            return None
        names = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            first, last = names[0].left_edge.i, names[-1].i + 1
        else:
            modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound") and self.mention_of(c)]
            if not modifiers:
                return None
            first, last = modifiers[0].i, token.i + 1
        span = self.doc[first:last]
        return Mention(start=span.start_char, end=span.end_char, text=span.text, kind="group", label="ORG",
                       sentence=self.sentence_of[token.i], is_subject=True, first_token=first)

    def _phrase(self, token: Token) -> str:
        """The noun phrase of a back-reference ("the spokesman"), without clauses."""
        left = min((t.i for t in token.lefts), default=token.i)
        return self.doc[left:token.i + 1].text

    def _reference_kind(self, token: Token) -> str | None:
        """The mention kind a pronoun or definite nominal can refer to; None for anything else."""
        lower, lemma = token.lower_, token.lemma_.lower()
        if token.pos_ == "PRON":
            return self.rules.pronouns.get(lower)
        definite = any(c.lower_ in _DEFINITE for c in token.children)
        bare_name = not any(c.dep_ == "det" for c in token.children) and token.tag_ in ("NN", "NNP")
        if lemma in self.rules.person_nouns and (definite or bare_name and token.text[:1].isupper()):
            return "person"
        if lemma in self.rules.institution_nouns and (definite or bare_name) and token.tag_ in ("NN", "NNP"):
            return "group"
        return None

    def _antecedent(self, token: Token, kind: str, *, last: Speaker | None,
                    last_sentence: int, here: int) -> Mention | None:
        """The mention a back-reference points to."""
        recent = last is not None and here - last_sentence <= self.memory
        if recent and last is not None and _may_be(last.mention, kind, self.person_name_words) \
                and not self._intervening(last_sentence, token, kind):
            return last.mention
        if token.pos_ != "PRON":
            titled = self._titled(token, kind)
            if titled is not None:
                return titled
        return self._recent(token.idx, kind)

    def _intervening(self, since: int, token: Token, kind: str) -> bool:
        """Whether a compatible sentence subject was named after the last speaker's quote."""
        return any(since < m.sentence and m.start < token.idx and m.is_subject and _fits(m.kind, kind)
                   for m in self.mentions)

    def _titled(self, token: Token, kind: str) -> Mention | None:
        """The mention named next to an earlier use of the same title word ("spokesman Dmitry Peskov")."""
        lemma = token.lemma_.lower()
        for earlier in reversed(self.doc[:token.i]):
            if earlier.lemma_.lower() != lemma:
                continue
            near = [m for m in self.mentions if m.sentence == self.sentence_of[earlier.i]
                    and _fits(m.kind, kind) and m.start < token.idx]
            if near:
                return min(near, key=lambda m: abs(m.start - earlier.idx))
        return None

    def _recent(self, before: int, kind: str) -> Mention | None:
        """The most recent compatible mention before ``before``, a sentence subject preferred."""
        earlier = [m for m in self.mentions if m.end <= before and _fits(m.kind, kind)]
        if not earlier:
            return None
        sentence = earlier[-1].sentence
        same = [m for m in earlier if m.sentence == sentence]
        subjects = [m for m in same if m.is_subject]
        return (subjects or same)[-1]


def _first(mentions: Sequence[Mention]) -> Mention | None:
    """The first of ``mentions``, or None."""
    return mentions[0] if mentions else None


def _may_be(mention: Mention, wanted: str, person_name_words: int) -> bool:
    """Like :func:`_fits`, but a person's name that NER took for an organisation may still be "he".

    Only names of at most ``person_name_words`` words: longer ones are organisations.
    """
    if _fits(mention.kind, wanted):
        return True
    words = mention.text.split()
    capitalised = all(w[:1].isupper() and not w.isupper() for w in words)
    looks_personal = 1 < len(words) <= person_name_words and capitalised
    return wanted == "person" and looks_personal


def _fits(mention_kind: str, wanted: str) -> bool:
    """Whether a mention of ``mention_kind`` can be what a reference of kind ``wanted`` means."""
    return wanted == _ANY or mention_kind == wanted
