"""Typed span attributes: one frozen record per layer, and the registry of layer names.

Each layer of :attr:`Article.layers <storydesk.model.Article.layers>` holds spans whose ``attrs`` is
the layer's record (``dates`` spans carry :class:`DateAttrs`, ...). A stage in a plugin may add its
own layer with :func:`register_layer`; stage contracts (``requires``/``produces``) are checked
against :func:`layer_names`. Serialisation goes through the registry in
:mod:`storydesk.model.serialize`: a field marked :func:`optional` is left out of the JSON while it
is ``None``, exactly as the layer's dicts left the key out before the records existed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, is_dataclass
from types import MappingProxyType
from typing import Any

#: ``field`` metadata key: the JSON leaves the field out while its value is ``None``.
OMIT_NONE = "omit_none"


def optional() -> Any:
    """A field that defaults to ``None`` and is absent from the JSON while it is ``None``."""
    return field(default=None, metadata={OMIT_NONE: True})


@dataclass(frozen=True, kw_only=True, slots=True)
class NoAttrs:
    """The attributes of a span that carries nothing beyond its range and label."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceAttrs:
    """``sentences`` layer (label ``SENT``): a sentence carries nothing beyond its range."""


@dataclass(frozen=True, kw_only=True, slots=True)
class EntityAttrs:
    """``entities`` layer (label: the NER type): the mention as written."""

    text: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class DateAttrs:
    """``dates`` layer (``DATE``, ``TIME``, ``DURATION``, ``SET``): a temporal expression, normalised.

    ``value`` is TIMEX3/ISO 8601 (None: unresolvable); ``start``/``end`` are ISO days bounding it;
    ``mod`` is ``START``/``MID``/``END`` for early/mid/late; ``weekday`` the weekday the text names;
    ``anchor_basis``/``anchor_confidence`` are set when the anchor was an inferred publication date.
    """

    value: str | None = None
    granularity: str = "unknown"
    kind: str = ""
    tense: str = "unknown"
    sentence: tuple[int, int] = (0, 0)
    anchor_relative: bool = False
    mismatch: bool = False  # a weekday that disagrees with its date
    start: str | None = optional()
    end: str | None = optional()
    mod: str | None = optional()
    weekday: int | None = optional()
    anchor_basis: str | None = optional()
    anchor_confidence: float | None = optional()


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteAttrs:
    """``quotes`` layer (``QUOTE``): who said it, the cue lemma and the sentence it stands in.

    ``speaker`` is the resolved (canonical) name, ``speaker_start``/``speaker_end`` its mention's
    range (-1: none), ``speaker_mention`` the words the article used at the quote.
    """

    kind: str = "direct"
    speaker: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    speaker_mention: str = ""
    cue: str = ""
    sentence: tuple[int, int] = (0, 0)


@dataclass(frozen=True, kw_only=True, slots=True)
class NumberAttrs:
    """``numbers`` layer (``QUANTITY``, ``MONEY``, ``PERCENT``, ...): value or range, and what it counts."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    approx: str = "exact"
    unit: str | None = None
    unit_from: str = "label"
    verb: str | None = None
    sentence: tuple[int, int] = (0, 0)


@dataclass(frozen=True, kw_only=True, slots=True)
class EvidenceAttrs:
    """A span cited as evidence of an inferred publication date (not a layer): the date it gives."""

    value: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class RawAttrs:
    """Attributes of a span in a layer nobody registered (a stored plugin's layer): kept as read."""

    values: Mapping[str, Any] = field(default_factory=dict)


#: The built-in layers and their attribute records.
LAYER_TYPES: Mapping[str, type] = MappingProxyType({
    "sentences": SentenceAttrs, "entities": EntityAttrs, "dates": DateAttrs, "quotes": QuoteAttrs,
    "numbers": NumberAttrs,
})

_EXTENSIONS: dict[str, type] = {}


def register_layer(name: str, attrs_type: type) -> None:
    """Register an extension layer and its attribute record (a frozen dataclass).

    Registering a name again with the same type does nothing.

    Raises:
        TypeError: ``attrs_type`` is not a dataclass.
        ValueError: ``name`` is already registered with another type.
    """
    if not is_dataclass(attrs_type):
        raise TypeError(f"layer {name!r}: attrs type {attrs_type!r} is not a dataclass")
    if name in layer_names() and layer_type(name) is not attrs_type:
        raise ValueError(f"layer {name!r} is already registered with {layer_type(name).__name__}")
    if name not in LAYER_TYPES:
        _EXTENSIONS[name] = attrs_type


def layer_type(name: str) -> type:
    """The attribute record of a registered layer.

    Raises:
        KeyError: nobody registered a layer of that name.
    """
    if name in LAYER_TYPES:
        return LAYER_TYPES[name]
    return _EXTENSIONS[name]


def layer_names() -> frozenset[str]:
    """Every registered layer: the built-in ones and those extensions added."""
    return frozenset(LAYER_TYPES) | frozenset(_EXTENSIONS)
