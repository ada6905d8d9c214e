"""Quality gate: story clustering must hold its pinned B³-F1 floor per corpus, batch and stream.

The whole pipeline runs (read → document and corpus stages → ``cluster.v1``) on every
dev-stories-format corpus; each is gated on its own floor. The stream is fed one article at a time in
several shuffled orders; its mean B³-F1 must stay within ``STREAM_TOLERANCE`` of batch. The packaged
same-story model is trained on both corpora, so the per-corpus figures are in-sample; the cross-corpus
gates train on one corpus alone and score the other, beside the TF-IDF and plain MiniLM baselines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

CORPORA = ("dev-stories", "dev-stories-2")
PAIRS = (("dev-stories", "dev-stories-2"), ("dev-stories-2", "dev-stories"))
# How far the stream's mean B³-F1 may fall below batch.
STREAM_TOLERANCE = 0.02
SHUFFLES = 5

pytestmark = [pytest.mark.slow, pytest.mark.integration]

Row = dict[str, Any]


@pytest.mark.parametrize("corpus", CORPORA)
def test_batch_clustering_holds_the_floor(corpus: str, corpus_row: Callable[[str, str], Row],
                                          floors: Callable[[str, str], dict[str, Any]]) -> None:
    result, floor = corpus_row("clustering", corpus), float(floors("clustering", corpus)["b3_f1"])
    assert result["b3_f1"] >= floor, (
        f"{corpus}: B³-F1 {result['b3_f1']:.3f} (P {result['b3_precision']:.3f} R {result['b3_recall']:.3f}, "
        f"pairwise F1 {result['pairwise_f1']:.3f}, n={result['n']}) fell below the pinned floor {floor}")


@pytest.mark.parametrize("corpus", CORPORA)
def test_articles_in_other_languages_join_their_story(corpus: str, corpus_row: Callable[[str, str], Row],
                                                       floors: Callable[[str, str], dict[str, Any]]) -> None:
    result = corpus_row("clustering", corpus)
    floor = float(floors("clustering", corpus)["other_languages_joined"])
    assert result["other_languages_joined"] >= floor, (
        f"{corpus}: {result['other_languages_joined']:.3f} of {result['other_languages']} non-English "
        f"articles joined their story, below the pinned floor {floor}")


@pytest.mark.parametrize("corpus", CORPORA)
def test_stream_stays_close_to_batch(corpus: str, corpus_row: Callable[[str, str], Row]) -> None:
    result = corpus_row("clustering", corpus)
    stream = result["stream"]
    assert stream["shuffles"] == SHUFFLES
    assert stream["b3_f1_mean"] >= result["b3_f1"] - STREAM_TOLERANCE, (
        f"{corpus}: stream B³-F1 mean {stream['b3_f1_mean']:.3f} over {stream['shuffles']} shuffles "
        f"(min {stream['b3_f1_min']:.3f}) is more than {STREAM_TOLERANCE} below batch {result['b3_f1']:.3f}")


@pytest.mark.parametrize("corpus", CORPORA)
def test_beats_the_tfidf_baseline(corpus: str, corpus_row: Callable[[str, str], Row]) -> None:
    result = corpus_row("clustering", corpus)
    assert result["b3_f1"] > result["baseline"]["b3_f1"], (
        f"{corpus}: B³-F1 {result['b3_f1']:.3f} does not beat {result['baseline']['name']} "
        f"{result['baseline']['b3_f1']:.3f} in the same run")


@pytest.mark.parametrize(("trained_on", "scored_on"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_model_trained_on_one_corpus_holds_on_the_other(
        trained_on: str, scored_on: str, cross_rows: Callable[[str, str], list[Row]],
        floors: Callable[[str, str], dict[str, Any]]) -> None:
    label = f"trained on {trained_on}, scored on {scored_on}"
    row = next(r for r in cross_rows(*CORPORA) if r["label"] == label)
    floor = float(floors("clustering", "cross-corpus")[label])
    assert row["b3_f1"] >= floor, (
        f"{label}: threshold {row['threshold']} (in-sample B³-F1 {row['in_sample_b3_f1']:.3f} on "
        f"{trained_on}) scores B³-F1 {row['b3_f1']:.3f} on {scored_on}, below the pinned floor {floor}")


@pytest.mark.parametrize(("trained_on", "scored_on"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_cross_corpus_model_beats_the_baselines_of_the_same_run(
        trained_on: str, scored_on: str, cross_rows: Callable[[str, str], list[Row]]) -> None:
    label = f"trained on {trained_on}, scored on {scored_on}"
    row = next(r for r in cross_rows(*CORPORA) if r["label"] == label)
    assert row["b3_f1"] > row["tfidf"]["b3_f1"], (row["b3_f1"], row["tfidf"])
    assert row["b3_f1"] > row["minilm"]["b3_f1"], (row["b3_f1"], row["minilm"])
