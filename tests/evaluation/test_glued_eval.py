"""Tests of the glued-article evaluation: pair building, scoring and missing data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydesk.errors import EvalError
from storydesk.stages.clean.edits import blocks
from storydesk_eval.glued import (
    Case,
    EvalSettings,
    Source,
    build_pairs,
    build_singles,
    cut_of,
    failure_breakdown,
    run_glued_eval,
    score_pair,
    slug_headline,
    strip_date_prefix,
)


def _source(key: str, story: str, n: int, headline: str = "") -> Source:
    text = "\n".join(f"{story} paragraph {i} about {key}." for i in range(n))
    return Source(key=key, story=story, text=text, headline=headline, labelled=True)


def test_strip_date_prefix() -> None:
    assert strip_date_prefix(" date 2023-10-13 Microsoft closed the deal.") == "Microsoft closed the deal."
    assert strip_date_prefix(" date 2023-11 Milei won.") == "Milei won."
    assert strip_date_prefix("No date here.") == "No date here."


def test_slug_headline() -> None:
    url = "https://example.com/2019/11/18/nasa-adds-five-companies.html"
    assert slug_headline(url, 3) == "Nasa Adds Five Companies"
    assert slug_headline("http://example.com/eng/news/275221/", 3) == ""


def test_pairs_join_different_stories_and_mark_the_boundary() -> None:
    sources = [_source(f"a{i}", "alpha", 4, "Alpha headline") for i in range(3)]
    sources += [_source(f"b{i}", "beta", 5, "Beta headline") for i in range(3)]
    settings = EvalSettings(pairs=30)
    pairs = build_pairs(sources, settings)
    assert len(pairs) == 30
    assert pairs == build_pairs(sources, settings)  # seeded
    for case in pairs:
        texts = [b.text for b in blocks(case.text)]
        first, second = texts[:case.boundary], texts[case.boundary:]
        stories = {t.split()[0] for t in first if " paragraph " in t}
        assert len(stories) == 1
        assert stories.isdisjoint({t.split()[0] for t in second if " paragraph " in t})
    assert {c.side for c in pairs} == {"tail", "head"}
    assert all(c.title for c in pairs if c.side == "head")


def test_singles_skip_short_articles() -> None:
    sources = [_source("a", "alpha", 2), _source("b", "beta", 6)]
    singles = build_singles(sources, EvalSettings())
    assert [c.side for c in singles] == ["none"]


def test_cut_of_and_score_pair() -> None:
    assert cut_of([], 10) == ("none", 0)
    assert cut_of([6, 7, 8, 9], 10) == ("tail", 6)
    assert cut_of([0, 1, 2], 10) == ("head", 3)
    assert cut_of([2, 3], 10) == ("none", -1)
    tail = Case(text="", title=None, side="tail", boundary=6)
    assert score_pair(tail, [6, 7, 8, 9], 10) == (True, True)
    assert score_pair(tail, [7, 8, 9], 10) == (True, False)
    assert score_pair(tail, [8, 9], 10) == (False, False)
    assert score_pair(tail, [0, 1, 2, 3, 4, 5], 10) == (False, False)


def test_missing_data_raises_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="missing"):
        run_glued_eval(tmp_path)


def _tiny_data_dir(tmp_path: Path) -> Path:
    dev = tmp_path / "dev-stories"
    bench = tmp_path / "extraction-benchmark"
    dev.mkdir()
    bench.mkdir()
    rows = [{"id": f"a{i}", "title": None,
             "text": "\n".join(f"Alpha story line {j} of article {i}." for j in range(4))}
            for i in range(3)]
    (dev / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (dev / "gold_clusters.json").write_text(json.dumps({"alpha": ["a0", "a1", "a2"]}), "utf-8")
    body = "\n".join(f"Beta report paragraph {j}." for j in range(4))
    truth = {"k1": {"articleBody": body, "url": "https://x.org/beta-report-on-things"}}
    (bench / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


FIGURES = {"pairs", "singles", "within_one_paragraph", "singles_intact", "exact_boundary",
           "ms_per_article", "ms_p95", "min_within_one_paragraph", "min_singles_intact", "breakdown",
           "per_seed"}


def test_run_on_a_tiny_data_dir(tmp_path: Path) -> None:
    result = run_glued_eval(_tiny_data_dir(tmp_path), eval_settings=EvalSettings(pairs=5))
    assert result["pairs"] == 5 and result["singles"] == 4
    assert set(result) == FIGURES
    assert [f["seed"] for f in result["per_seed"]] == [EvalSettings().seed]


def test_several_seeds_give_means_and_the_worst_draw(tmp_path: Path) -> None:
    result = run_glued_eval(_tiny_data_dir(tmp_path), eval_settings=EvalSettings(pairs=5), seeds=(1, 2))
    rates = [f["within_one_paragraph"] for f in result["per_seed"]]
    assert [f["seed"] for f in result["per_seed"]] == [1, 2]
    assert result["within_one_paragraph"] == pytest.approx(sum(rates) / 2)
    assert result["min_within_one_paragraph"] == min(rates)
    assert result["ms_p95"] >= 0


def test_failure_breakdown_counts_failed_and_total_per_trait() -> None:
    traits = (("side", "tail"), ("foreign", "short"))
    pairs = [Case(text="", title=None, side="tail", boundary=1, traits=traits)] * 3
    breakdown = failure_breakdown(pairs, [True, False, False])
    assert breakdown == {"foreign=short": [2, 3], "side=tail": [2, 3]}


def test_pairs_carry_their_traits() -> None:
    sources = [_source(f"a{i}", "alpha", 4, "Alpha headline") for i in range(3)]
    sources += [_source(f"b{i}", "beta", 5, "Beta headline") for i in range(3)]
    for case in build_pairs(sources, EvalSettings(pairs=10)):
        traits = dict(case.traits)
        assert traits["side"] == case.side and traits["corpus"] == "dev+dev"
        assert traits["title"] == str(case.title is not None)
