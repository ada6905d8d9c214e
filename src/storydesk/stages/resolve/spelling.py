"""String folds and distances for comparing names written by different outlets.

Under all of them, :func:`fold_accents` (case and accents) is the one fold every stage that compares
names across outlets starts from. Three levels, from strict to loose: :func:`fold` (case, accents,
dots and apostrophes), the spelling
fold of :func:`spelling_token` (c/k, doubled letters, y/i: "Roscosmos" = "Roskosmos") and the
consonant :func:`skeleton` that misspellings and transliterations mostly keep ("Vedomosti" /
"Vendamasti": ``vdmst`` / ``vndmst``).
"""

from __future__ import annotations

import re
import unicodedata

_DROPPED = re.compile(r"['’‘`´.]")
_SEPARATOR = re.compile(r"[^\w&]+")
# Writing variants of one sound, applied in order: ph/f, soft c/s, hard c and q/k, x/ks, z/s, w/v, y/i,
# ou/u (French transliteration), then doubled letters.
_SPELLING = (
    (re.compile("ph"), "f"), (re.compile("c(?=[eiy])"), "s"), (re.compile("[cq]"), "k"),
    (re.compile("x"), "ks"), (re.compile("z"), "s"), (re.compile("w"), "v"), (re.compile("y"), "i"),
    (re.compile("ou"), "u"), (re.compile(r"(.)\1+"), r"\1"),
)
_SILENT = re.compile(r"[aeiouh]")
_REPEAT = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiouy")


def fold_accents(text: str) -> str:
    """Lower case without accents ("Méndez" → "mendez"): compatibility-decomposed, marks dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def to_latin(text: str) -> str:
    """The text in Latin letters: other scripts transliterated ("Пригожин" → "Prigozhin"), accents kept.

    Names are how reports of one event in different scripts meet; anyascii (ISC) maps every script.
    """
    from anyascii import anyascii

    return text if text.isascii() else anyascii(text)


def fold(text: str) -> str:
    """Lower case without accents, dots or apostrophes, other punctuation as spaces, spaces collapsed."""
    bare = fold_accents(text)
    return " ".join(_SEPARATOR.sub(" ", _DROPPED.sub("", bare)).replace("_", " ").split())


def spelling_token(token: str) -> str:
    """A folded token with spelling variants of one sound unified ("spenser" = "spencer")."""
    for pattern, replacement in _SPELLING:
        token = pattern.sub(replacement, token)
    return token


def skeleton(token: str) -> str:
    """The first letter and the consonants after it (h silent), repeats collapsed: "vedomosti" → "vdmst"."""
    if not token:
        return ""
    return _REPEAT.sub(r"\1", token[0] + _SILENT.sub("", token[1:]))


def consonants(token: str) -> int:
    """How many consonants (h not counted) a token has: the evidence a skeleton carries."""
    return sum(1 for c in token if c.isalpha() and c not in _VOWELS and c != "h")


def indel_distance(a: str, b: str) -> int:
    """Letters inserted or deleted to turn ``a`` into ``b`` (a substitution counts two)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return len(a) + len(b) - 2 * previous[-1]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions and substitutions each count one)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
