"""Dependency-parse helpers for quantities: the noun a number counts and the verb that governs it.

The counted noun is looked for in this order: a partitive complement ("tens of thousands *of
people*"), the noun the number modifies ("50,000 *people*"), a casualty word or predicate with a bare
number ("1,037 *dead*", "2,059 were *wounded*" → people), a tally noun the number is the value of
("death *toll* rose to 632" → death). A number left without one borrows the unit of the quantity
before it in the same sentence ("1,293 deaths in Al Haouz, 452 in Taroudant"); that step lives in
``numbers.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from storydesk.stages.enrich.number_words import NumberRules

_NOUNS = ("NOUN", "PROPN")
_VERBS = ("VERB", "AUX")
_PRONOUNS = ("PRON",)
_MODIFIER_DEPS = ("nummod", "amod", "compound", "nmod", "quantmod", "npadvmod", "advmod")
_CLIMB_DEPS = ("nummod", "quantmod", "compound", "amod", "nmod", "prep", "pobj")
_ARG_DEPS = ("nsubj", "nsubjpass", "dobj")
_PREDICATE_DEPS = ("acomp", "oprd", "xcomp", "attr", "amod", "acl", "advcl", "conj")


@dataclass(frozen=True, kw_only=True, slots=True)
class Counted:
    """What a number counts: the unit lemma (None when unknown), the token it rests on, how it was found."""

    unit: str | None
    token: Token | None
    how: str


def _is_numberish(token: Token, rules: NumberRules) -> bool:
    """Whether a token is part of a number phrase ('35.4', 'million', 'thousands')."""
    lower = token.lower_
    return (token.like_num or token.tag_ == "CD" or lower in rules.scales or lower in rules.vague_plurals
            or lower in rules.vague_groups or lower in rules.fractions)


def _unit_of(noun: Token, rules: NumberRules) -> str:
    """The unit lemma of a counted noun, keeping measure prefixes ('cubic meter')."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or (noun.tag_ == "NNS" and lemma == noun.lower_):
        lemma = _singular(noun.lower_)  # proper-noun plurals and words the lemmatizer left plural
    prefixes = [c.lower_ for c in noun.lefts if c.lower_ in rules.measure_prefixes]
    return " ".join([*prefixes, lemma])


def _singular(word: str) -> str:
    """A light singular of a proper-noun plural ('Argentinians' → 'argentinian')."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def partitive(core: SpacySpan) -> Token | None:
    """The noun of an 'of' right after the core ('thousands of people', '130 of the 257 seats')."""
    doc = core.doc
    if core.end >= len(doc):
        return None
    nxt = doc[core.end]
    if nxt.lower_ == "of":
        return next((c for c in nxt.children if c.dep_ == "pobj"), None)
    if nxt.pos_ == "DET" and nxt.head.pos_ in _NOUNS and nxt.head.i > nxt.i:
        return nxt.head  # 'half the 160 residents'
    return None


def modified_noun(anchor: Token, rules: NumberRules, max_climb: int) -> Token | None:
    """The noun a number modifies, climbing through the rest of its number phrase (``max_climb`` steps)."""
    token = anchor
    for _ in range(max_climb):
        head = token.head
        if token.dep_ in _MODIFIER_DEPS and head.i > token.i and _is_numberish(head, rules):
            token = head
            continue
        break
    head = token.head
    if token.dep_ in _MODIFIER_DEPS and head.pos_ in _NOUNS and head.i > token.i:
        return head if head.tag_ != "NNP" else None  # no one counts a singular name ('Germany - 3')
    return _next_noun(token)


def _next_noun(token: Token) -> Token | None:
    """A plural noun right after the number (or after one adjective), for parses that miss the link."""
    doc = token.doc
    for offset in (1, 2):
        if token.i + offset >= len(doc):
            return None
        nxt = doc[token.i + offset]
        if nxt.tag_ in ("NNS", "NNPS"):
            return nxt
        if nxt.pos_ != "ADJ":
            return None
    return None


def _governor(anchor: Token, max_climb: int) -> Token:
    """The word a number phrase hangs from, skipping prepositions ('risen *to* 632' → risen)."""
    token = anchor
    for _ in range(max_climb):
        if token.dep_ in _CLIMB_DEPS and token.head.i != token.i:
            token = token.head
            if token.pos_ in _VERBS or token.pos_ in _NOUNS:
                return token
        else:
            break
    return token.head


def tally_unit(anchor: Token, rules: NumberRules, max_climb: int) -> str | None:
    """The unit of a tally the number is the value of ('toll of 2,012', 'number of victims was 20,000')."""
    governor = _governor(anchor, max_climb)
    candidates = [governor]
    if governor.pos_ in _VERBS:
        candidates += _arguments(governor, anchor)
    for noun in candidates:
        lemma = noun.lemma_.lower()
        if lemma in rules.tally_nouns:
            return rules.tally_nouns[lemma]
        if lemma in rules.counter_nouns:
            of = next((c for c in noun.children if c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if pobj is not None and pobj.pos_ in _NOUNS:
                return _unit_of(pobj, rules)
    return None


def _arguments(verb: Token, anchor: Token) -> list[Token]:
    """Subject and object of a verb before the number, shared from a first conjunct if it has none."""
    args = [c for c in verb.children if c.dep_ in _ARG_DEPS and c.i < anchor.i]
    if not args and verb.dep_ == "conj" and verb.head.pos_ in _VERBS:
        args = [c for c in verb.head.children if c.dep_ in _ARG_DEPS and c.i < anchor.i]
    return args


def local_casualty(anchor: Token, rules: NumberRules) -> str | None:
    """'people' when the number modifies a casualty word ('1,037 dead', '2,000 killed')."""
    head = anchor.head
    if anchor.dep_ in _MODIFIER_DEPS and head.i > anchor.i and (
            head.lemma_.lower() in rules.casualty or head.lower_ in rules.casualty):
        return rules.person_unit
    return None


def casualty_unit(anchor: Token, rules: NumberRules) -> str | None:
    """'people' when a bare number is the argument of a casualty predicate ('2,059 were wounded')."""
    head = anchor.head
    words = [head, *(c for c in head.children if c.dep_ in _PREDICATE_DEPS)]
    words += [c for c in anchor.children if c.dep_ in _PREDICATE_DEPS]
    if any(w.lemma_.lower() in rules.casualty or w.lower_ in rules.casualty for w in words):
        return rules.person_unit
    return None


def counted(core: SpacySpan, rules: NumberRules, max_climb: int) -> Counted:
    """What the number phrase ``core`` counts, from the parse (``max_climb``: dependency steps climbed)."""
    anchor = core.root
    noun = partitive(core)
    if noun is not None and noun.pos_ in _NOUNS:
        return Counted(unit=_unit_of(noun, rules), token=noun, how="partitive")
    if noun is not None and noun.pos_ in _PRONOUNS:
        return Counted(unit=None, token=None, how="antecedent")
    noun = modified_noun(anchor, rules, max_climb)
    if noun is not None:
        lemma = _unit_of(noun, rules)  # '632 toll' in a headline parse counts deaths
        return Counted(unit=rules.tally_nouns.get(lemma, lemma), token=noun, how="modifier")
    unit = local_casualty(anchor, rules) or casualty_unit(anchor, rules)
    if unit is not None:
        return Counted(unit=unit, token=None, how="casualty")
    unit = tally_unit(anchor, rules, max_climb)
    return Counted(unit=unit, token=None, how="tally" if unit else "none")


def governing_verb(anchor: Token, noun: Token | None) -> str | None:
    """Lemma of the verb governing a quantity: a participle on its noun, else the nearest verb above it."""
    if noun is not None:
        participle = next((c for c in noun.rights if c.dep_ == "acl" and c.pos_ == "VERB"), None)
        if participle is not None:
            return participle.lemma_.lower()
    token = noun if noun is not None else anchor
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in _VERBS:
            return token.lemma_.lower()
    return token.lemma_.lower() if token.pos_ in _VERBS else None
