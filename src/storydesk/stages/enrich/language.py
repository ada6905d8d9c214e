"""Each article's language: the one its source states, normalised to ISO 639-1, else detected.

Detection is py3langid's naive-Bayes byte n-gram model (the model ships inside the wheel, so it
works offline). Its label set is restricted to the ISO 639-1 languages: ``Article.language`` is a
two-letter code, and the model's extra labels (Nigerian Pidgin ``pcm``, Central Bikol ``bcl``,
Extremaduran ``ext``, ``zxx``) are near relatives of big languages that swallow short English or
Spanish texts. Thresholds and code tables are data, in ``rules/languages.toml``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from storydesk.errors import ConfigError, ModelError
from storydesk.model import Article

RULES_FILE = "languages.toml"
_LETTER = re.compile(r"[^\W\d_]")
_TWO_LETTERS = re.compile(r"[a-z]{2}")


@dataclass(frozen=True, kw_only=True, slots=True)
class LanguageRules:
    """What ``rules/languages.toml`` says: detection limits and stated-code aliases."""

    min_letters: int
    max_chars: int
    codes: dict[str, str]


@functools.cache
def language_rules() -> LanguageRules:
    """The rules of ``rules/languages.toml``, loaded once."""
    try:
        text = resources.files("storydesk.rules").joinpath(RULES_FILE).read_text(encoding="utf-8")
        data = tomllib.loads(text)
        return LanguageRules(min_letters=int(data["detect"]["min_letters"]),
                             max_chars=int(data["detect"]["max_chars"]),
                             codes={str(k): str(v) for k, v in data["codes"].items()})
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as err:
        raise ConfigError(f"cannot load language rules: {err}", source=RULES_FILE) from err


@functools.cache
def identifier() -> Any:
    """py3langid's identifier with normalised probabilities, over its ISO 639-1 labels only.

    Raises:
        ModelError: the package or its model file is missing or unreadable.
    """
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages([label for label in ident.labels if _TWO_LETTERS.fullmatch(label)])
    except (ImportError, OSError, ValueError) as err:
        raise ModelError(f"cannot load the language identifier (py3langid): {err}",
                         stage="enrich.v1") from err
    return ident


def stated_code(value: str | None) -> str | None:
    """A stated language as ISO 639-1 (``en-US``, ``EN``, ``eng`` → ``en``); None when it names none."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    primary = language_rules().codes.get(primary, primary)
    return primary if _TWO_LETTERS.fullmatch(primary) else None


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language; None when it has too few letters to tell."""
    rules = language_rules()
    sample = text[:rules.max_chars]
    if len(_LETTER.findall(sample)) < rules.min_letters:
        return None
    label, _confidence = identifier().classify(sample)
    return str(label)


def with_language(article: Article) -> Article:
    """The article with its language set: the stated one normalised, else detected from its text."""
    language = stated_code(article.language) or detect_language(article.text or article.raw)
    return article if language == article.language else article.evolve(language=language)
