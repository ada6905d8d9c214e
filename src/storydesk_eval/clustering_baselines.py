"""What a user would reach for instead of our grouping: plain MiniLM embeddings, average linkage.

Each article's title and text are embedded whole by the same MiniLM model the pipeline loads (it
reads the first 256 word pieces), and scikit-learn's average-linkage agglomerative clustering cuts at
one cosine threshold. The threshold is chosen on one corpus (best B³-F1 over :data:`THRESHOLDS`) and
scored on the other, as our model's cross-corpus figure is, so the two are printed side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from storydesk_eval.clustering import ClusterInputs, labels_by_ref, scores

NAME = "minilm+average-link"
#: Cosine similarities tried as the cut (merge while the average similarity is at least this).
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.81, 0.05))


#: Whole-text vectors per corpus (keyed by its ClusterInputs, which live for the process).
_VECTORS: dict[int, np.ndarray] = {}


def _vectors(inputs: ClusterInputs) -> np.ndarray:
    if id(inputs) in _VECTORS:
        return _VECTORS[id(inputs)]
    articles = inputs.corpus.articles
    texts = [" ".join(filter(None, [a.title, a.text])) for a in articles]
    rows = np.asarray(inputs.stage.embedder.encode(texts), dtype=np.float64)
    _VECTORS[id(inputs)] = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    return _VECTORS[id(inputs)]


def minilm_scores(inputs: ClusterInputs, threshold: float) -> dict[str, Any]:
    """Scores of the plain MiniLM average-link clustering cut at ``threshold``."""
    from sklearn.cluster import AgglomerativeClustering

    articles = inputs.corpus.articles
    if len(articles) < 2:
        return scores(inputs.gold, labels_by_ref(articles, [[a.id] for a in articles]))
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=1.0 - threshold,
                                     metric="cosine", linkage="average").fit_predict(_vectors(inputs))
    groups: dict[int, list[str]] = {}
    for article, label in zip(articles, labels, strict=True):
        groups.setdefault(int(label), []).append(article.id)
    return scores(inputs.gold, labels_by_ref(articles, list(groups.values())))


def chosen_threshold(inputs: ClusterInputs, thresholds: Sequence[float] = THRESHOLDS) -> float:
    """The cut with the best B³-F1 on ``inputs`` (ties: the higher cut)."""
    f1 = {t: minilm_scores(inputs, t)["b3_f1"] for t in thresholds}
    return max(f1, key=lambda t: (f1[t], t))


def minilm_cross(chosen_on: ClusterInputs, scored_on: ClusterInputs) -> dict[str, Any]:
    """The baseline with its threshold chosen on one corpus, scored on another."""
    threshold = chosen_threshold(chosen_on)
    return {"name": NAME, "threshold": threshold, **minilm_scores(scored_on, threshold)}
