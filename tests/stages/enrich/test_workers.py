"""Enrichment in worker processes gives exactly the layers of in-process enrichment."""

from __future__ import annotations

import pytest

from storydesk.model import Article, PublicationDate, article_id
from storydesk.stages.enrich.stage import EnrichSettings, EnrichStage

TEXTS = [
    "Russian President Vladimir Putin will hold talks later Wednesday with Syrian leader Bashar al-Assad, "
    "the Kremlin announced Tuesday. “We expect progress,” Dmitry Peskov told reporters.",
    "The earthquake killed more than 50,000 people in Turkey and Syria on 6 February.",
    "Argentina's Javier Milei won about 56% of the vote on Sunday, officials said.",
    "Nothing happened here.",
    "Assad arrived in Moscow on Tuesday, March 14, 2023, and met Putin the next day.",
]


def _articles() -> list[Article]:
    return [Article(id=article_id(t), ref=str(i), source=f"t{i}.txt", format="text", raw=t, text=t,
                    published=PublicationDate(value="2023-03-15", granularity="day", basis="header"),
                    stages=("clean.v1",)) for i, t in enumerate(TEXTS)]


@pytest.mark.integration
def test_worker_processes_give_the_same_layers_in_the_same_order() -> None:
    articles = _articles()
    local = list(EnrichStage(settings=EnrichSettings(n_process=1)).pipe(articles))
    pooled = list(EnrichStage(settings=EnrichSettings(n_process=2, min_docs_per_process=1, batch_size=2,
                                                      batches_per_chunk=1)).pipe(articles))
    assert [a.id for a in pooled] == [a.id for a in articles]
    assert [a.layers for a in pooled] == [a.layers for a in local]
    assert all("enrich.v1" in a.stages for a in pooled)
    assert any(q.attrs.speaker for a in pooled for q in a.layers["quotes"])
