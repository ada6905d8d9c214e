"""The learned same-story decision: how likely two articles report one event.

A logistic regression over the pair features of :mod:`.pairs` and their pairwise products (so a
small date gap can matter more when the texts read alike), fitted with scikit-learn on the gold
clusters of the labelled corpora by ``make train`` (``python -m storydesk_eval.train_clustering``).
The fitted numbers live in ``same_story.json`` beside this module, with the hash of the data it was
trained on, the trainer's settings and its figures; applying it needs only numpy. Clustering merges
two stories when the *average* probability over their article pairs reaches the model's threshold
(chosen by the trainer on its training corpora).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from storydesk.errors import ConfigError
from storydesk.stages.cluster.pairs import FEATURES, feature_matrix
from storydesk.stages.cluster.signals import ArticleSignal

#: The model-file format this module reads.
FORMAT = "storydesk.same-story/1"
PACKAGED = "same_story.json"


class PairModel(Protocol):
    """Anything that scores article pairs: the learned model, or a test double."""

    @property
    def threshold(self) -> float:
        """Average pair probability from which two clusters are one story."""
        ...

    def probabilities(self, signals: Sequence[ArticleSignal], pairs: Sequence[tuple[int, int]],
                      ) -> np.ndarray:
        """Probability that each pair of signal positions reports one event."""
        ...


@dataclass(frozen=True, kw_only=True, slots=True)
class SameStoryModel:
    """Standardise features, form the terms (features and products of two), standardise, weigh."""

    features: tuple[str, ...]
    center: np.ndarray
    scale: np.ndarray
    terms: tuple[tuple[int, ...], ...]
    term_center: np.ndarray
    term_scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    meta: Mapping[str, Any] = field(default_factory=dict)

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of one event per feature row."""
        z = (np.asarray(x, dtype=np.float64) - self.center) / self.scale
        z = np.hstack([z, np.ones((len(z), 1))])  # a single-feature term pairs with this column of ones
        first, second = _term_columns(self.terms, len(self.features))
        t = z[:, first] * z[:, second]
        return np.asarray(((t - self.term_center) / self.term_scale) @ self.coef + self.intercept)

    def probabilities(self, signals: Sequence[ArticleSignal], pairs: Sequence[tuple[int, int]],
                      ) -> np.ndarray:
        if not pairs:
            return np.zeros(0)
        return np.asarray(1.0 / (1.0 + np.exp(-self.logits(feature_matrix(signals, pairs)))))

    def to_dict(self) -> dict[str, Any]:
        """The model file's content."""
        return {"format": FORMAT, "features": list(self.features), "center": self.center.tolist(),
                "scale": self.scale.tolist(), "terms": [list(t) for t in self.terms],
                "term_center": self.term_center.tolist(), "term_scale": self.term_scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold,
                **dict(self.meta)}


@functools.cache
def _term_columns(terms: tuple[tuple[int, ...], ...], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Column pairs whose product is each term (a single feature pairs with the ones column ``n``)."""
    return (np.array([t[0] for t in terms]), np.array([t[1] if len(t) == 2 else n for t in terms]))


class RememberingModel:
    """A model that remembers each article pair's probability by article ids.

    The stream re-clusters an arriving article's neighbourhood with the batch algorithm, so the same
    pairs come back article after article; each is scored once.
    """

    def __init__(self, model: PairModel) -> None:
        self.model = model
        self.threshold = model.threshold
        self._known: dict[tuple[str, str], float] = {}

    def probabilities(self, signals: Sequence[ArticleSignal], pairs: Sequence[tuple[int, int]],
                      ) -> np.ndarray:
        keys = [(signals[i].id, signals[j].id) for i, j in pairs]
        todo = [k for k, key in enumerate(keys) if key not in self._known]
        if todo:
            fresh = self.model.probabilities(signals, [pairs[k] for k in todo])
            self._known.update({keys[k]: float(p) for k, p in zip(todo, fresh, strict=True)})
        return np.asarray([self._known[key] for key in keys])


def model_from_dict(data: Mapping[str, Any], source: str) -> SameStoryModel:
    """A model from a model file's content.

    Raises:
        ConfigError: on another format or features this version does not compute.
    """
    if data.get("format") != FORMAT:
        raise ConfigError(f"{source}: not a same-story model (format {data.get('format')!r}, "
                          f"expected {FORMAT!r})")
    if tuple(data["features"]) != FEATURES:
        raise ConfigError(f"{source}: the model reads features {data['features']}, this version "
                          f"computes {list(FEATURES)}; retrain it with `make train`")
    if any(not 1 <= len(t) <= 2 for t in data["terms"]):
        raise ConfigError(f"{source}: terms must be single features or products of two")
    known = {"format", "features", "center", "scale", "terms", "term_center", "term_scale", "coef",
             "intercept", "threshold"}
    return SameStoryModel(
        features=FEATURES, center=np.asarray(data["center"]), scale=np.asarray(data["scale"]),
        terms=tuple(tuple(int(i) for i in t) for t in data["terms"]),
        term_center=np.asarray(data["term_center"]), term_scale=np.asarray(data["term_scale"]),
        coef=np.asarray(data["coef"]), intercept=float(data["intercept"]),
        threshold=float(data["threshold"]), meta={k: v for k, v in data.items() if k not in known})


@functools.cache
def load_model(path: str = "") -> SameStoryModel:
    """The model in ``path``, or the packaged one when ``path`` is empty (cached per path).

    Raises:
        ConfigError: when the file is missing, unreadable or of another format.
    """
    source = path or f"storydesk/stages/cluster/{PACKAGED}"
    try:
        text = (Path(path).read_text(encoding="utf-8") if path else
                resources.files("storydesk.stages.cluster").joinpath(PACKAGED).read_text("utf-8"))
        return model_from_dict(json.loads(text), source)
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        raise ConfigError(f"cannot read the same-story model {source}: {err}") from err
