"""The packaged same-story model: its file, its provenance, and that it reads dates and texts sensibly."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import numpy as np
import pytest

from storydesk.errors import ConfigError
from storydesk.stages.cluster.decision import FORMAT, PACKAGED, load_model, model_from_dict
from storydesk.stages.cluster.pairs import FEATURES, feature_matrix

from .conftest import signal

DAY = 739_000


def _packaged() -> dict:
    return json.loads(resources.files("storydesk.stages.cluster").joinpath(PACKAGED).read_text("utf-8"))


def test_the_packaged_model_names_its_training_data_and_how_to_rebuild_it() -> None:
    data = _packaged()
    assert data["format"] == FORMAT and data["features"] == list(FEATURES)
    assert set(data["trained_on"]) >= {"dev-stories", "dev-stories-2"}
    assert all(len(v["sha256"]) == 64 for v in data["trained_on"].values())
    assert "make train" in data["trainer"]["command"]
    assert 0.0 < data["threshold"] < 1.0


def test_the_model_round_trips_through_its_file_format() -> None:
    model = load_model()
    again = model_from_dict(model.to_dict(), "test")
    x = np.random.default_rng(0).normal(size=(5, len(FEATURES)))
    assert np.allclose(model.logits(x), again.logits(x))


def test_a_file_of_another_format_or_other_features_is_refused() -> None:
    data = _packaged()
    with pytest.raises(ConfigError, match="not a same-story model"):
        model_from_dict({**data, "format": "x"}, "m.json")
    with pytest.raises(ConfigError, match="make train"):
        model_from_dict({**data, "features": data["features"][:-1]}, "m.json")
    with pytest.raises(ConfigError, match="cannot read"):
        load_model("/nonexistent/model.json")


def test_alike_reports_of_one_day_are_one_story_and_the_same_a_year_later_is_not() -> None:
    model = load_model()
    stated = {"published": DAY, "published_confidence": 1.0, "years": {2023: 1.0}}
    base = dataclasses.replace(signal("a", [1, 0, 0], day=DAY), **stated)
    same_day = dataclasses.replace(signal("b", [1, 0.1, 0], day=DAY), **stated)
    year_on = dataclasses.replace(same_day, id="c", day=DAY + 365, published=DAY + 365, years={2024: 1.0})
    unrelated = dataclasses.replace(signal("d", [0, 0, 1], day=DAY), **stated)
    p = model.probabilities([base, same_day, year_on, unrelated], [(0, 1), (0, 2), (0, 3)])
    assert p[0] >= model.threshold > max(p[1], p[2])


def test_features_of_a_pair_are_symmetric() -> None:
    a = signal("a", [1, 0.2, 0], day=DAY, outlet="x.com", entities={"putin": 1.0})
    b = signal("b", [0.5, 1, 0], day=DAY + 2, outlet="y.com", entities={"putin": 1.0, "xi": 1.0})
    rows = feature_matrix([a, b], [(0, 1), (1, 0)])
    assert np.allclose(rows[0], rows[1])
