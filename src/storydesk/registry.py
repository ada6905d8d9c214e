"""Stages registered by versioned name (``clean.v1``), with their declared contracts.

Adding a stage touches its own module and one line in :data:`STAGE_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from storydesk.config import Config
from storydesk.errors import PipelineError
from storydesk.model import Article, Corpus

# The modules that register stages; imported lazily when the registry is first used.
STAGE_MODULES: tuple[str, ...] = (
    "storydesk.stages.clean.stage",
    "storydesk.stages.clean.dedup",
    "storydesk.stages.enrich.stage",
    "storydesk.stages.enrich.pubdate_stage",
    "storydesk.stages.cluster.stage",
    "storydesk.stages.resolve.stage",
    "storydesk.stages.compare.stage",
    "storydesk.stages.summarize.stage",
)


@runtime_checkable
class DocumentStage(Protocol):
    """Maps one article to one article; may batch through :meth:`pipe`."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> frozenset[str]: ...

    @property
    def produces(self) -> frozenset[str]: ...

    def __call__(self, article: Article) -> Article: ...

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]: ...


@runtime_checkable
class CorpusStage(Protocol):
    """Maps a whole corpus to cross-document results."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> frozenset[str]: ...

    @property
    def produces(self) -> frozenset[str]: ...

    def run(self, corpus: Corpus) -> Corpus: ...


Stage = DocumentStage | CorpusStage
Factory = Callable[[Config], Stage]
F = TypeVar("F", bound=Factory)


@dataclass(frozen=True, kw_only=True, slots=True)
class StageSpec:
    """What the registry knows of a stage before building it."""

    name: str
    requires: frozenset[str]
    produces: frozenset[str]
    factory: Factory


_REGISTRY: dict[str, StageSpec] = {}
_loaded = False


def register(name: str, *, requires: Iterable[str], produces: Iterable[str]) -> Callable[[F], F]:
    """Decorator registering a stage factory under a versioned name such as ``dates.v1``."""

    def deco(factory: F) -> F:
        if name in _REGISTRY and _REGISTRY[name].factory is not factory:
            raise PipelineError(f"stage {name!r} registered twice")
        _REGISTRY[name] = StageSpec(name=name, requires=frozenset(requires),
                                    produces=frozenset(produces), factory=factory)
        return factory

    return deco


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in STAGE_MODULES:
            importlib.import_module(module)
        _loaded = True


def spec(name: str) -> StageSpec:
    """The registered spec of a stage; unknown names are a :class:`PipelineError`."""
    _load()
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise PipelineError(f"unknown stage {name!r} (known: {known})")
    return _REGISTRY[name]


def names() -> list[str]:
    """All registered stage names."""
    _load()
    return sorted(_REGISTRY)
