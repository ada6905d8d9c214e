"""Enrichment in worker processes: each worker parses AND extracts, and sends back only the layers.

spaCy's own ``nlp.pipe(n_process=N)`` ships every parsed ``Doc`` back to the parent as bytes, and the
parent then rebuilds it and runs our extractors alone — on a 2-core machine that is a third busy
process and a serial tail. Here each worker loads the model once, runs ``nlp.pipe`` plus every
extractor on its chunk of texts, and returns the span layers, which are a small fraction of a Doc.
Workers start the platform's default way (``fork`` on Linux, as spaCy's own ``n_process`` does), so
library users need no ``if __name__ == "__main__"`` guard; the workers touch only spaCy, never the
embedding runtimes a parent may have loaded.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from storydesk.stages.enrich.extract import Layers, doc_layers
from storydesk.stages.enrich.settings import EnrichSettings

Item = tuple[str, dt.date | None]

_NLP: Any = None
_SETTINGS: EnrichSettings = EnrichSettings()


def _start_worker(settings: EnrichSettings) -> None:
    """Worker initialiser: load the model once per process."""
    global _NLP, _SETTINGS
    from storydesk.backends.nlp import load_nlp

    _SETTINGS = settings
    _NLP = load_nlp(settings.disable)


def _enrich_chunk(items: Sequence[Item]) -> list[Layers]:
    """Parse and extract one chunk inside a worker."""
    docs = _NLP.pipe((text for text, _ in items), batch_size=_SETTINGS.batch_size)
    return [doc_layers(text, anchor, doc, _SETTINGS) for (text, anchor), doc in zip(items, docs, strict=True)]


def _chunks(items: Sequence[Item], size: int) -> Iterator[Sequence[Item]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def enrich_in_workers(items: Sequence[Item], settings: EnrichSettings, processes: int) -> list[Layers]:
    """The layers of every ``(text, publication day)`` item, in order, computed by ``processes`` workers.

    Chunks are a few batches long, so the workers stay evenly loaded to the end of the run.
    """
    size = settings.batch_size * settings.batches_per_chunk
    context = multiprocessing.get_context()
    with ProcessPoolExecutor(max_workers=processes, mp_context=context, initializer=_start_worker,
                             initargs=(settings,)) as pool:
        return [layers for chunk in pool.map(_enrich_chunk, _chunks(items, size)) for layers in chunk]
