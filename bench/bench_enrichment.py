"""Enrichment speed: our whole enrichment vs a bare spaCy ``nlp.pipe`` of the same model, same run.

Builds N articles of about W words from real texts (dev-stories and extraction-benchmark bodies),
then times (1) bare ``nlp.pipe`` and (2) storydesk's ``enrich.v1`` stage (the same parse plus the
sentence, entity, date, quote and number layers). Prints articles/s, words/s and the overhead.

    python bench/bench_enrichment.py [--data DIR] [--n 2000] [--words 600] [--processes 2]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from pathlib import Path

from storydesk.backends.nlp import model_package
from storydesk.model import Article, article_id
from storydesk.stages.enrich.stage import EnrichSettings, EnrichStage


def real_texts(data: Path) -> list[str]:
    """English real article texts to compose benchmark articles from."""
    texts = []
    stories = data / "dev-stories" / "articles.jsonl"
    if stories.exists():
        for line in stories.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec.get("lang") == "en":
                texts.append(rec["text"])
    bench = data / "extraction-benchmark" / "ground-truth.json"
    if bench.exists():
        texts += [v["articleBody"] for v in json.loads(bench.read_text(encoding="utf-8")).values()]
    return [t for t in texts if t.strip()]


def compose(texts: list[str], n: int, words: int) -> list[str]:
    """N articles of about ``words`` words, cut at paragraph ends from the texts in turn."""
    paragraphs = [p.strip() for t in texts for p in t.split("\n") if len(p.split()) > 5]
    out, current, count, i = [], [], 0, 0
    while len(out) < n:
        para = paragraphs[i % len(paragraphs)]
        i += 1
        current.append(para)
        count += len(para.split())
        if count >= words:
            out.append("\n\n".join(current))
            current, count = [], 0
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("STORYDESK_DATA", "../shared/data")))
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    texts = real_texts(args.data)
    if not texts:
        print(f"no texts under {args.data}: need dev-stories/ or extraction-benchmark/", file=sys.stderr)
        return 2
    docs = compose(texts, args.n, args.words)
    total_words = sum(len(d.split()) for d in docs)
    articles = [Article(id=article_id(t), ref=str(i), source="bench", format="text", raw=t, text=t,
                        stages=("clean.v1",)) for i, t in enumerate(docs)]
    # The baseline is the model exactly as spaCy ships it (our loader swaps in a faster, identical
    # attribute ruler; that gain belongs to our side of the comparison).
    nlp = importlib.import_module(model_package()).load()
    nlp("warm up")
    start = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=args.batch, n_process=args.processes):
        pass
    bare = time.perf_counter() - start
    stage = EnrichStage(settings=EnrichSettings(batch_size=args.batch, n_process=args.processes,
                                                min_docs_per_process=1))
    start = time.perf_counter()
    enriched = list(stage.pipe(articles))
    ours = time.perf_counter() - start
    layers = sum(len(s) for a in enriched for s in a.layers.values())
    print(f"{len(docs)} articles, {total_words / len(docs):.0f} words each on average, "
          f"{args.processes} process(es), batch {args.batch}")
    for label, secs in (("bare spaCy nlp.pipe", bare), ("storydesk enrich.v1", ours)):
        print(f"{label:<21} {len(docs) / secs:7.1f} articles/s  {total_words / secs:9.0f} words/s  "
              f"({secs:.1f} s)")
    print(f"overhead of our layers over bare spaCy: {100 * (ours / bare - 1):+.1f} %  ({layers} spans)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
