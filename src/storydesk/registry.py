"""Stages registered by versioned name (``clean.v1``), with their declared, checked contracts.

Adding a stage touches its own module and one line in :data:`STAGE_MODULES` (or, for a plugin
package, one ``storydesk.stages`` entry point naming the module that registers it).

A contract names what a stage reads and writes in one vocabulary, checked against the real data
model when the stage is registered:

- ``article.FIELD`` — a field of :class:`~storydesk.model.Article` (``article.text``);
- ``layer.NAME`` — a span layer registered in :mod:`storydesk.model.layers` (``layer.dates``);
- ``corpus.FIELD`` — a field of :class:`~storydesk.model.Corpus` (``corpus.stories``);
- ``report.FIELD`` — a part of each story's :class:`~storydesk.model.StoryReport` (``report.timeline``);
- ``shared.NAME`` — a result one stage hands to later ones for the run only, declared with
  :func:`declare_shared` (``shared.units``); it lives in the :class:`RunContext`, never in a
  module-level cache.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Protocol, TypeVar, runtime_checkable

from storydesk.config import Config
from storydesk.errors import PipelineError
from storydesk.model import Article, Corpus, StoryReport
from storydesk.model.layers import layer_names

log = logging.getLogger(__name__)

# The modules that register stages; imported lazily when the registry is first used.
STAGE_MODULES: tuple[str, ...] = (
    "storydesk.stages.clean.stage",
    "storydesk.stages.dedup.stage",
    "storydesk.stages.enrich.stage",
    "storydesk.stages.enrich.pubdate_stage",
    "storydesk.stages.cluster.stage",
    "storydesk.stages.resolve.stage",
    "storydesk.stages.compare.units_stage",
    "storydesk.stages.compare.stage",
    "storydesk.stages.summarize.stage",
)
#: Entry-point group through which an installed package adds stage modules.
ENTRY_POINT_GROUP = "storydesk.stages"

NAMESPACES = ("article", "layer", "corpus", "report", "shared")


class VectorCache(Protocol):
    """Article vectors kept between runs (the store), keyed by what produced them."""

    def vectors(self, key: str) -> dict[str, Any]: ...

    def put_vectors(self, key: str, vectors: Mapping[str, Any]) -> None: ...


class MemoryVectors:
    """A :class:`VectorCache` that lives for one run (``analyze``)."""

    def __init__(self) -> None:
        self._by_key: dict[str, dict[str, Any]] = {}

    def vectors(self, key: str) -> dict[str, Any]:
        return dict(self._by_key.get(key, {}))

    def put_vectors(self, key: str, vectors: Mapping[str, Any]) -> None:
        self._by_key.setdefault(key, {}).update(vectors)


@dataclass(kw_only=True, slots=True)
class RunContext:
    """What a run hands its corpus stages besides the corpus.

    ``new`` names the articles that arrived in this run when the rest were processed before (ingest
    into a store: stages may keep their earlier results for the others); ``None`` means every article
    is new (a batch run). ``shared`` holds the run's declared shared results by name.
    """

    new: frozenset[str] | None = None
    vectors: VectorCache = field(default_factory=MemoryVectors)
    shared: dict[str, Any] = field(default_factory=dict)

    def share(self, name: str, value: Any) -> None:
        """Hand a declared shared result to the later stages of this run."""
        if name not in _SHARED:
            raise PipelineError(f"shared result {name!r} was never declared")
        self.shared[name] = value

    def result(self, name: str) -> Any:
        """A shared result an earlier stage of this run produced.

        Raises:
            PipelineError: no stage of this run produced it (a contract the build check let through).
        """
        if name not in self.shared:
            raise PipelineError(f"no earlier stage of this run produced shared result {name!r}")
        return self.shared[name]


@runtime_checkable
class DocumentStage(Protocol):
    """Maps one article to one article; may batch through :meth:`pipe`."""

    @property
    def name(self) -> str: ...

    def __call__(self, article: Article) -> Article: ...

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]: ...


@runtime_checkable
class CorpusStage(Protocol):
    """Maps a whole corpus to cross-document results."""

    @property
    def name(self) -> str: ...

    def run(self, corpus: Corpus, context: RunContext) -> Corpus: ...


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
_SHARED: dict[str, str] = {}
_loaded = False


def declare_shared(name: str, description: str) -> None:
    """Declare a shared result (``shared.NAME`` in contracts) and what it holds."""
    _SHARED.setdefault(name, description)


def _fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def known_names() -> dict[str, frozenset[str]]:
    """Every name a contract may use, per namespace."""
    return {"article": _fields(Article), "layer": layer_names(), "corpus": _fields(Corpus),
            "report": _fields(StoryReport) - {"story"}, "shared": frozenset(_SHARED)}


def check_contract(stage: str, names: Iterable[str]) -> frozenset[str]:
    """The names, each checked to be ``namespace.name`` of something real.

    Raises:
        PipelineError: a name outside the vocabulary (a typo, a field that does not exist).
    """
    known = known_names()
    out = frozenset(names)
    for item in sorted(out):
        namespace, _, name = item.partition(".")
        if namespace not in known:
            raise PipelineError(f"stage {stage!r}: {item!r} is not namespace.name "
                                f"(namespaces: {', '.join(NAMESPACES)})")
        if name not in known[namespace]:
            raise PipelineError(f"stage {stage!r}: unknown {namespace} {name!r} in its contract "
                                f"(known: {', '.join(sorted(known[namespace]))})")
    return out


def register(name: str, *, requires: Iterable[str], produces: Iterable[str]) -> Callable[[F], F]:
    """Decorator registering a stage factory under a versioned name such as ``dates.v1``.

    Contracts are checked here, so a stage naming something that does not exist fails at import.
    """

    def deco(factory: F) -> F:
        if name in _REGISTRY and _REGISTRY[name].factory is not factory:
            raise PipelineError(f"stage {name!r} registered twice")
        _REGISTRY[name] = StageSpec(name=name, requires=check_contract(name, requires),
                                    produces=check_contract(name, produces), factory=factory)
        return factory

    return deco


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in STAGE_MODULES:
        importlib.import_module(module)
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            entry.load()
        except Exception as err:  # a broken plugin must not take the built-in stages down
            log.warning("stage plugin %s could not be loaded: %s", entry.name, err)


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
