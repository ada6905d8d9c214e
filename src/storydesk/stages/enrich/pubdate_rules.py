"""The cues and fitted weights of publication-date inference, read once from ``rules/pubdate.toml``."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from storydesk.stages.enrich.pubdate_calibrate import Calibration
from storydesk.stages.enrich.pubdate_tense import TenseCues


@dataclass(frozen=True, kw_only=True, slots=True)
class PubDateRules:
    """``rules/pubdate.toml``: cue patterns, which expressions count as what, weights, calibration."""

    same_day: re.Pattern[str]
    weekdays: tuple[str, ...]
    explicit_kinds: frozenset[str]
    relative_kinds: frozenset[str]
    explicit_buckets: tuple[int, ...]
    weekday_buckets: tuple[int, ...]
    max_violations: int
    max_agreements: int
    tense: TenseCues
    weights: dict[str, float]
    calibration: Calibration


@functools.cache
def pubdate_rules() -> PubDateRules:
    """The shipped rules (parsed once per process)."""
    data = tomllib.loads(resources.files("storydesk.rules").joinpath("pubdate.toml").read_text("utf-8"))
    tense = data["tense"]
    cues = TenseCues(window=int(tense["window"]), future=frozenset(tense["future"]),
                     future_phrases=tuple(tuple(p) for p in tense["future_phrases"]),
                     past=frozenset(tense["past"]), past_suffix=str(tense["past_suffix"]),
                     not_past=frozenset(tense["not_past"]),
                     participle_after=frozenset(tense["participle_after"]))
    return PubDateRules(
        same_day=re.compile(data["same_day"], re.IGNORECASE), weekdays=tuple(data["weekdays"]),
        explicit_kinds=frozenset(data["explicit_kinds"]), relative_kinds=frozenset(data["relative_kinds"]),
        explicit_buckets=tuple(data["explicit_buckets"]), weekday_buckets=tuple(data["weekday_buckets"]),
        max_violations=int(data["max_violations"]), max_agreements=int(data["max_agreements"]), tense=cues,
        weights={str(k): float(v) for k, v in data["weights"].items()},
        calibration=tuple((float(raw), float(p)) for raw, p in data["calibration"]))
