"""The tense of the clause a dated event stands in: announced (future) or reported (past).

A publication day is constrained by the tense of what an article dates: "Putin will welcome him on
Wednesday" / "is set to host ... on Wednesday, March 15" is written *before* that day, "arrived on
Tuesday" on or after it. The dates layer's tense is the sentence's, decided for resolving relative
expressions; here the clause governing one span decides, read backwards from the span: the nearest
cue wins ("the Kremlin announced Tuesday" after "will hold talks" is past), and a participle after
"be"/"to" ("will be welcomed", "to be held") defers to the auxiliary before it. The cue words are in
``rules/pubdate.toml`` ``[tense]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[a-z’'-]+")


@dataclass(frozen=True, kw_only=True, slots=True)
class TenseCues:
    """``[tense]`` of ``rules/pubdate.toml``."""

    window: int
    future: frozenset[str]
    future_phrases: tuple[tuple[str, ...], ...]
    past: frozenset[str]
    past_suffix: str
    not_past: frozenset[str]
    participle_after: frozenset[str]


def _ends_with(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    start = i - len(phrase) + 1
    return start >= 0 and tuple(words[start:i + 1]) == phrase


def clause_tense(text: str, sentence_start: int, start: int, cues: TenseCues) -> str:
    """``future``, ``past`` or ``unknown``: the nearest tense cue among the ``window`` words before
    ``start`` in its sentence."""
    words = _WORD.findall(text[max(sentence_start, 0):start].lower())[-cues.window:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in cues.future or any(_ends_with(words, i, p) for p in cues.future_phrases):
            return "future"
        is_past = word in cues.past or (word.endswith(cues.past_suffix) and word not in cues.not_past)
        if is_past and not (i and words[i - 1] in cues.participle_after):
            return "past"
    return "unknown"
