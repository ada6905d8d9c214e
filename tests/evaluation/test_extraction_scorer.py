"""Tests of the extraction scorer on tiny hand-made inputs, and of the benchmark loader."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from storydesk.errors import EvalError
from storydesk_eval.extraction import (
    PageScore,
    aggregate,
    harmonic_mean,
    load_benchmark,
    run_extraction_eval,
    score_page,
    shingles,
    tokens,
)


def test_tokens_lower_case_words() -> None:
    assert tokens("The Cat's hat, 2024!") == ["the", "cat", "s", "hat", "2024"]


def test_shingles_are_a_multiset_of_four_grams() -> None:
    assert shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    assert shingles("a b c d a b c d") == Counter({
        ("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1, ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1})
    assert shingles("a b c") == Counter()


def test_perfect_prediction() -> None:
    assert score_page("One two three four five.", "one TWO three, four five") == PageScore(
        precision=1.0, recall=1.0)


def test_prediction_with_extra_text() -> None:
    # gold: 2 shingles; prediction "a b c d e f g": 4 shingles, 2 of them gold
    score = score_page("a b c d e", "a b c d e f g")
    assert score == PageScore(precision=0.5, recall=1.0)


def test_prediction_missing_text() -> None:
    # gold "a b c d e f": 3 shingles; prediction "a b c d": 1 shingle, matched
    assert score_page("a b c d e f", "a b c d") == PageScore(precision=1.0, recall=1 / 3)


def test_repeated_shingles_match_at_most_as_often_as_in_gold() -> None:
    # gold has (a b c d) once; prediction has it twice plus 3 others: 1 of 5 predicted matched
    score = score_page("a b c d", "a b c d a b c d")
    assert score == PageScore(precision=1 / 5, recall=1.0)


def test_empty_prediction_scores_zero_precision() -> None:
    assert score_page("a b c d e", "") == PageScore(precision=0.0, recall=0.0)


def test_aggregate_averages_then_takes_the_harmonic_mean() -> None:
    result = aggregate([PageScore(precision=1.0, recall=0.5), PageScore(precision=0.5, recall=0.5)])
    assert result.precision == 0.75
    assert result.recall == 0.5
    assert result.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert result.n == 2


def test_aggregate_of_nothing_is_an_error() -> None:
    with pytest.raises(EvalError):
        aggregate([])


def test_harmonic_mean_of_zeros() -> None:
    assert harmonic_mean(0.0, 0.0) == 0.0


def write_bench(root: Path) -> Path:
    bench = root / "extraction-benchmark"
    (bench / "html").mkdir(parents=True)
    page = ("<html><body><article><p>" + "The river park opens in spring with new trails. " * 8
            + "</p></article></body></html>")
    (bench / "html" / "k1.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    gold = {"k1": {"articleBody": "The river park opens in spring with new trails. " * 8,
                   "url": "https://x.example/a"}}
    (bench / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    return bench


def test_load_benchmark(tmp_path: Path) -> None:
    pages = load_benchmark(write_bench(tmp_path))
    assert [p.key for p in pages] == ["k1"]
    assert pages[0].url == "https://x.example/a"
    assert "river park" in pages[0].html


def test_missing_benchmark_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="extraction benchmark not found"):
        load_benchmark(tmp_path / "nowhere")


def test_missing_page_raises(tmp_path: Path) -> None:
    bench = write_bench(tmp_path)
    (bench / "html" / "k1.html.gz").unlink()
    with pytest.raises(EvalError, match="unreadable benchmark page"):
        load_benchmark(bench)


def test_run_extraction_eval_reports_ours_and_the_baseline(tmp_path: Path) -> None:
    seen: list[int] = []
    result = run_extraction_eval(write_bench(tmp_path), extractor=lambda html, url: "",
                                 progress=seen.append)
    assert result["n"] == 1
    assert result["precision"] == 0.0 and result["f1"] == 0.0
    assert result["baseline"]["name"] == "trafilatura.extract"
    assert result["baseline"]["recall"] == 1.0
    assert {"seconds", "pages_per_s"} <= set(result["baseline"])
    assert seen == [1]
