"""The evaluation tasks: every corpus that can score each one, and one row of figures per corpus.

``TASKS`` maps a task to its corpus formats (:mod:`storydesk_eval.registry`); :func:`run_task` finds
every matching corpus under a data folder and scores each on its own. ``eval_*`` are the entry
points the ``storydesk eval`` commands call. Single-corpus tasks, and why:

- extraction: the Zyte benchmark is the only corpus with gold article bodies for raw HTML;
- glued is scored per dev-stories-format corpus: pairs and singles drawn from its articles, with the
  extraction benchmark's bodies as further foreign parts;
- numbers: the annotated sentences in ``eval/gold/numbers.jsonl``; no corpus under the data folder
  annotates quantities;
- entities: MEANTIME is the only corpus with cross-document entity gold (TimeBank annotates time,
  dev-stories-2 events and quotes, not entities).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError
from storydesk_eval.registry import CorpusFormat, EvalCorpus, EvalOptions

DATEPARSER = "dateparser"
SUMY = "sumy.summarizers.lex_rank"
STORY_FILES = ("articles.jsonl", "gold_clusters.json")
EVENT_FILES = (*STORY_FILES, "gold_events.json")


def _meantime_file(path: Path, options: EvalOptions) -> bool:
    """A MEANTIME XML document: a ``Document`` of ``token`` elements (sniffed from its start)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return "<Document" in head and "<token" in head


def _score_extraction(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk import api
    from storydesk.config import load_config
    from storydesk_eval.extraction import run_extraction_eval

    result = run_extraction_eval(corpus.path, extractor=api.product_html_extractor(load_config()))
    return {k: v for k, v in result.items() if k != "pages"}


def benchmark_dir(root: Path) -> Path | None:
    """The extraction benchmark under a data folder (its bodies are the glued pairs' other half)."""
    found = sorted(p.parent for p in root.rglob("ground-truth.json") if (p.parent / "html").is_dir()) \
        if root.is_dir() else []
    return found[0] if found else None


def _glued_sources(corpus_dir: Path, options: EvalOptions) -> bool:
    return benchmark_dir(options.data_dir) is not None


def _score_glued(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk.backends.embedder import load_embedder
    from storydesk_eval.glued import EVAL_SEEDS, run_glued_eval

    bench = benchmark_dir(options.data_dir)
    result = dict(run_glued_eval(corpus.path, seeds=EVAL_SEEDS, embedder=load_embedder(),
                                 stories_dir=corpus.path, bench_dir=bench))
    return {"n": result["pairs"], "benchmark": str(bench), **result}


def _score_dates_meantime(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.dates import run_dates_eval

    return run_dates_eval(corpus.path)


def _score_dates_timeml(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.dates import score_documents
    from storydesk_eval.timeml import read_timeml

    return score_documents(read_timeml(corpus.path), str(corpus.path))


def _score_numbers(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.numbers import run_numbers_eval

    return run_numbers_eval(corpus.path / "numbers.jsonl")


def _quote_gold_present(gold_dir: Path, options: EvalOptions) -> bool:
    """The hand-annotated quotes apply: every annotated article's text is under the data folder."""
    from storydesk_eval.quotes import annotated_sources, load_texts

    try:
        texts = load_texts(options.data_dir, options.examples_dir)
    except EvalError:
        return False
    return all(source in texts for source in annotated_sources(gold_dir))


def _score_quotes_gold(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.quotes import run_quotes_eval

    result = dict(run_quotes_eval(corpus.path, options.data_dir, examples_dir=options.examples_dir))
    return {"n": result["n_gold"], **result}


def _score_quotes_story(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.quotes import run_story_quotes_eval

    result = dict(run_story_quotes_eval(corpus.path))
    return {"n": result["n_gold"], **result}


def _score_clustering(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.clustering import run_clustering_eval

    return run_clustering_eval(corpus.path, shuffles=options.shuffles)


def _score_entities(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.entities import run_entities_eval

    return dict(run_entities_eval(corpus.path))


def _score_timeline(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.timeline import run_timeline_eval

    result = run_timeline_eval(corpus.path)
    return {"n": result["n_events"], **result}


def _hand_gold_applies(corpus_dir: Path, options: EvalOptions) -> bool:
    """``eval/gold/comparison.json`` was built from this corpus: its stories are the corpus's."""
    from storydesk_eval.comparison import load_gold
    from storydesk_eval.devstories import load_gold_clusters as load_clusters

    gold_file = options.gold_dir / "comparison.json"
    if not gold_file.is_file():
        return False
    try:
        stories = {str(item["story"]) for item in load_gold(gold_file)["discrepancies"]}
        labels = set(load_clusters(corpus_dir / "gold_clusters.json").values())
    except (EvalError, KeyError, TypeError):
        return False
    return bool(stories) and stories <= labels


def _comparable(corpus_dir: Path, options: EvalOptions) -> bool:
    from storydesk_eval.comparison_gold import has_kinds

    return _hand_gold_applies(corpus_dir, options) or has_kinds(corpus_dir / "gold_events.json")


def _score_comparison(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.comparison import run_comparison_eval

    hand = options.gold_dir / "comparison.json" if _hand_gold_applies(corpus.path, options) else None
    result = run_comparison_eval(corpus.path, hand)
    return {"n": result["n_conflicts_gold"] + result["n_agreements_gold"], **result}


def _score_summary(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.summary import run_summary_eval

    result = run_summary_eval(corpus.path, sentences=options.sentences)
    ours = result["coverage"]["ours"]
    baseline = {"name": "lexrank", "coverage": result["coverage"]["lexrank"],
                "lead_coverage": result["coverage"]["lead"]}
    kept = {k: v for k, v in result.items() if k not in ("stories",)}
    return {"n": result["events"], **kept, "coverage_ours": ours, "baseline": baseline}


def _has_known_days(corpus_dir: Path, options: EvalOptions) -> bool:
    from storydesk_eval.pubdate import hidden_days, read_records

    try:
        return bool(hidden_days(read_records(corpus_dir / "articles.jsonl")))
    except (EvalError, ValueError, KeyError):
        return False


def _score_pubdate(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
    from storydesk_eval.pubdate import run_pubdate_eval
    from storydesk_eval.registry import find_corpora

    others = [c.path for c in find_corpora("pubdate", TASKS["pubdate"], options.data_dir, options)
              if c.path.resolve() != corpus.path.resolve()]
    return run_pubdate_eval(corpus.path, calibrate_on=others)


def _has_events(corpus_dir: Path, options: EvalOptions) -> bool:
    try:
        data = json.loads((corpus_dir / "gold_events.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and any(story.get("events") for story in data.values())


TASKS: dict[str, tuple[CorpusFormat, ...]] = {
    "extraction": (CorpusFormat(name="zyte-benchmark", layout="dir", needs=("ground-truth.json", "html"),
                                score=_score_extraction),),
    "glued": (CorpusFormat(name="glued-pairs", layout="dir", needs=STORY_FILES,
                           score=_score_glued, accept=_glued_sources,
                           also_needs="an extraction benchmark under the data folder"),),
    "dates": (CorpusFormat(name="meantime", layout="files", needs=("*.xml",), score=_score_dates_meantime,
                           accept=_meantime_file, extras=(DATEPARSER,), also_needs="MEANTIME token markup"),
              CorpusFormat(name="timeml", layout="files", needs=("*.tml",), score=_score_dates_timeml,
                           extras=(DATEPARSER,))),
    "numbers": (CorpusFormat(name="eval-gold", layout="gold", needs=("numbers.jsonl",),
                             score=_score_numbers),),
    "quotes": (CorpusFormat(name="eval-gold", layout="gold", needs=("quotes.jsonl", "quotes_articles.json"),
                            score=_score_quotes_gold, accept=_quote_gold_present,
                            also_needs="the annotated articles' articles.jsonl under the data folder"),
               CorpusFormat(name="gold_quotes", layout="dir", needs=("articles.jsonl", "gold_quotes.jsonl"),
                            score=_score_quotes_story)),
    "clustering": (CorpusFormat(name="dev-stories", layout="dir", needs=STORY_FILES,
                                score=_score_clustering),),
    "entities": (CorpusFormat(name="meantime", layout="files", needs=("*.xml",), score=_score_entities,
                              accept=_meantime_file, also_needs="MEANTIME token markup"),),
    "timeline": (CorpusFormat(name="dev-stories", layout="dir", needs=EVENT_FILES, score=_score_timeline,
                              accept=_has_events, also_needs="gold events"),),
    "comparison": (CorpusFormat(name="dev-stories", layout="dir", needs=EVENT_FILES,
                                score=_score_comparison, accept=_comparable,
                                also_needs="a comparison gold: eval/gold or kinds"),),
    "pubdate": (CorpusFormat(name="dev-stories", layout="dir", needs=("articles.jsonl",),
                             score=_score_pubdate,
                             accept=_has_known_days, also_needs="records with a full published day"),),
    "summary": (CorpusFormat(name="dev-stories", layout="dir", needs=EVENT_FILES, score=_score_summary,
                             accept=_has_events, extras=(SUMY,), also_needs="gold events"),),
}
