"""Cross-corpus figure of the clustering threshold: chosen on one corpus, scored on another.

``cluster.threshold`` (the content score from which two articles are one story) is the knob the
clustering eval can vary without touching library code: each value is a ``--set cluster.threshold=X``
override read through :func:`~storydesk.stages.cluster.stage.cluster_settings`. The value with the
best batch B³-F1 on corpus A (over :data:`GRID`; ties go to the value nearer the configured one) is
scored on corpus B, and the reverse. Each corpus's signals (its one embedding call) are computed
once and reused for every grid value, so the whole grid costs a few batch clusterings per corpus.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from storydesk_eval.clustering import ClusterInputs, batch_scores

PARAMETER = "cluster.threshold"
#: The values tried on each corpus: the configured 0.4 and a small range around it.
GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55)


def stage_at(inputs: ClusterInputs, value: float) -> Any:
    """The corpus's cluster stage with ``cluster.threshold`` overridden as ``--set`` would."""
    from storydesk.config import load_config
    from storydesk.stages.cluster.stage import cluster_settings

    settings = cluster_settings(load_config(overrides=[f"{PARAMETER}={value}"]))
    return dataclasses.replace(inputs.stage, settings=settings)


def grid_f1(inputs: ClusterInputs, grid: Sequence[float] = GRID) -> dict[float, float]:
    """Batch B³-F1 of the corpus at every grid value."""
    return {value: float(batch_scores(inputs, stage_at(inputs, value))["b3_f1"]) for value in grid}


def choose(f1_by_value: dict[float, float], default: float) -> float:
    """The value with the best F1; on a tie, the one nearer ``default`` (then the smaller)."""
    return min(f1_by_value, key=lambda v: (-f1_by_value[v], abs(v - default), v))


def cross_corpus(named: Sequence[tuple[str, ClusterInputs]],
                 grid: Sequence[float] = GRID) -> list[dict[str, Any]]:
    """For every ordered pair (A, B) of corpora: the value chosen on A and B's scores at it.

    Each row: ``{"corpus": B, "chosen_on": A, "label": "chosen on A, scored on B", "parameter",
    "value", "in_sample_b3_f1" (A's F1 at the value), "grid": {value: A's F1}, **B's scores}``.
    """
    grids = {name: grid_f1(inputs, grid) for name, inputs in named}
    rows = []
    for a_name, a_inputs in named:
        value = choose(grids[a_name], float(a_inputs.stage.settings.threshold))
        for b_name, b_inputs in named:
            if b_name == a_name:
                continue
            rows.append({"corpus": b_name, "chosen_on": a_name,
                         "label": f"chosen on {a_name}, scored on {b_name}", "parameter": PARAMETER,
                         "value": value, "in_sample_b3_f1": round(grids[a_name][value], 4),
                         "grid": {str(v): round(f, 4) for v, f in grids[a_name].items()},
                         **batch_scores(b_inputs, stage_at(b_inputs, value))})
    return rows
