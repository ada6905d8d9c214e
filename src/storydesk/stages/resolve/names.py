"""From an entity span's text to a name: the form to show and the key that names are matched on.

The display form drops what is not the name: a leading article, a possessive, forms of address,
offices in front of a person ("the Syrian President Bashar al Assad" → "Bashar al Assad"), a
parenthesis and a lower-case descriptor ("United States airframer Boeing" → "Boeing"). The key then
folds case, accents and punctuation, maps aliases (Türkiye → Turkey), reduces long state names
("the Islamic Republic of Iran" → Iran), drops legal suffixes (Inc., LLC), name particles ("al",
"de") and initials, and unifies spelling variants of one sound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storydesk.stages.resolve.namebook import NameRules
from storydesk.stages.resolve.settings import ResolveSettings
from storydesk.stages.resolve.spelling import fold, spelling_token

_OPEN_BRACKET = re.compile(r"[(\[]")
_EDGE = "\"'“”‘’«»„:;,!?*–—-/|• \t"
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=[sS])['’])$")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, kw_only=True, slots=True)
class Name:
    """A span's name: what to show, the matching key and its tokens, its initials, acronym or not.

    ``key`` is empty when the span holds no name (only punctuation, or no capital letter).
    """

    display: str
    key: str
    tokens: tuple[str, ...] = ()
    initials: str = ""
    acronym: bool = False

    @property
    def valid(self) -> bool:
        """Whether the span held a name at all."""
        return bool(self.key)


def name_like(token: str) -> bool:
    """A token written as part of a name: it has a capital letter or starts with a digit."""
    return any(c.isupper() for c in token) or token[:1].isdigit()


def strip_possessive(token: str) -> str:
    """A word without its possessive ending ("Russia’s" → "Russia", "Jones'" → "Jones")."""
    return _POSSESSIVE.sub("", token) or token


def _head_of_list(text: str, person: bool, rules: NameRules) -> str:
    """Text before a bracket or comma ("Activision Blizzard, Inc."); after it when an office precedes
    a person's name ("Ryanair CEO, Michael O'Leary")."""
    head = _OPEN_BRACKET.split(text, maxsplit=1)[0].strip(_EDGE) or text.strip("()[] " + _EDGE)
    first, comma, rest = head.partition(",")
    if not comma or not rest.strip(_EDGE):
        return head
    office = person and fold(first).rsplit(" ", 1)[-1] in rules.titles | rules.honorifics
    return rest.strip(_EDGE) if office else first.strip(_EDGE)


def _drop_leading(tokens: list[str], words: frozenset[str]) -> list[str]:
    while len(tokens) > 1 and fold(tokens[0]) in words:
        tokens = tokens[1:]
    return tokens


def _drop_titles(tokens: list[str], rules: NameRules) -> list[str]:
    """Everything up to the last office that a name follows ("Kremlin Spokesman Dmitry Peskov")."""
    last = -1
    for i, token in enumerate(tokens[:-1]):
        if fold(token) in rules.titles and name_like(tokens[i + 1]):
            last = i
    return tokens[last + 1:]


def _drop_descriptor(tokens: list[str], rules: NameRules) -> list[str]:
    """The closing run of name words when only a descriptor stands before it ("airframer Boeing").

    A connector before the run ("the factory near Seattle", "presidente de Argentina") means the run
    is a second name, not the one the span names, so nothing is dropped then.
    """
    glue = rules.particles | rules.connectors
    start = len(tokens)
    while start > 0 and (name_like(tokens[start - 1]) or fold(tokens[start - 1]) in glue):
        start -= 1
    while start < len(tokens) and not name_like(tokens[start]):
        start += 1
    if start in (0, len(tokens)) or name_like(tokens[start - 1]):
        return tokens
    return tokens if any(fold(t) in glue for t in tokens[:start]) else tokens[start:]


def display_form(surface: str, label: str, settings: ResolveSettings, rules: NameRules) -> str:
    """The name in a span as it should be shown (empty when nothing of a name is left)."""
    person = label in settings.person_labels
    tokens = _head_of_list(" ".join(surface.split()), person, rules).split()
    if not tokens:
        return ""
    tokens[-1] = strip_possessive(tokens[-1])
    tokens = _drop_leading(_drop_leading(tokens, rules.determiners), rules.honorifics)
    if person:
        tokens = _drop_titles(tokens, rules)
    tokens = _drop_descriptor(tokens, rules)
    return " ".join(tokens).strip(_EDGE)


def _short_state_name(folded: str, rules: NameRules) -> str:
    """"islamic republic of iran" → "iran": the part after a state form and "of"."""
    words = folded.split()
    for i in range(1, len(words) - 1):
        if words[i] == "of" and words[i - 1] in rules.state_forms and words[i + 1] not in rules.determiners:
            return " ".join(words[i + 1:])
    return folded


def _without(tokens: list[str], drop: frozenset[str], *, at_end: bool = False) -> list[str]:
    """Tokens without the dropped words (trailing ones only with ``at_end``); never all of them."""
    if at_end:
        kept = list(tokens)
        while len(kept) > 1 and kept[-1] in drop:
            kept.pop()
        return kept
    return [t for t in tokens if t not in drop] or tokens


def _alias(folded: str, rules: NameRules) -> str:
    return rules.aliases.get(folded, folded)


def folded_name(display: str, rules: NameRules) -> list[str]:
    """The folded words of a display name: aliases and state names mapped, legal suffixes dropped."""
    folded = _alias(fold(" ".join(strip_possessive(t) for t in display.split())), rules)
    folded = _alias(_short_state_name(folded, rules), rules)
    words = _without(folded.split(), rules.company_suffixes, at_end=True)
    joined = " ".join(words)
    if joined in rules.aliases:
        return rules.aliases[joined].split()
    # abbreviations inside longer names: "US Air Force" is "United States Air Force" (but "Bank of
    # America" keeps its "America")
    short = {fold(strip_possessive(w)) for w in display.split() if strip_possessive(w).isupper()}
    return [part for word in words for part in (_alias(word, rules) if word in short else word).split()]


def key_token(token: str, settings: ResolveSettings) -> str:
    """A key word: spelling variants unified on words long enough not to collide."""
    return spelling_token(token) if len(token) >= settings.spelling_min_chars else token


def _is_acronym(display: str, settings: ResolveSettings) -> bool:
    letters = "".join(_LETTERS.findall(display))
    return (" " not in display and letters.isupper()
            and settings.acronym_min_chars <= len(letters) <= settings.acronym_max_chars)


def parse_name(surface: str, label: str, settings: ResolveSettings, rules: NameRules) -> Name:
    """The name an entity span holds (``valid`` is false when it holds none)."""
    display = display_form(surface, label, settings, rules)
    if not display or (settings.require_capital and not any(c.isupper() for c in display)):
        return Name(display=display, key="")
    words = folded_name(display, rules)
    core = [w for w in _without(words, rules.particles) if len(w) > 1 or not w.isalpha()] or words
    tokens = tuple(key_token(w, settings) for w in core)
    acronym = _is_acronym(display, settings)
    # An acronym is its own initials; a long name's initials skip connectors ("Bank of America": ba).
    initials = fold(display) if acronym else "".join(w[0] for w in words if w not in rules.connectors)
    return Name(display=display, key=" ".join(tokens), tokens=tokens, initials=initials, acronym=acronym)
