"""Story-clustering cost at scale: time and peak memory at 10k, 30k and 100k synthetic articles.

Articles are composed from real sentences (dev-stories and extraction-benchmark bodies). A pool of
sentences is embedded once with the real embedder; a synthetic story draws a handful of pool
sentences as its event, and each of its articles averages the vectors of a few of those plus one
unrelated sentence. Entities are real capitalised names from the same texts, event days are real
publication days, outlets are drawn from a few hundred. Each size runs in a fresh process, so peak
memory (``ru_maxrss``) is that size's own; the resident size before clustering is printed beside
it. Only clustering is timed (signals are given).

    python bench/bench_clustering_scale.py [--index exact|usearch] [--sizes 10000,30000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from storydesk.backends.index import ExactIndex, UsearchIndex
from storydesk.stages.cluster.batch import IndexFactory, cluster_batch
from storydesk.stages.cluster.decision import load_model
from storydesk.stages.cluster.settings import ClusterSettings
from storydesk.stages.cluster.signals import ArticleSignal

SEED = 20240710
POOL_SENTENCES = 3000
STORY_SENTENCES = 6  # a story's event: this many pool sentences
ARTICLE_SENTENCES = 3  # an article averages this many of its story's sentences...
NOISE_SENTENCES = 1  # ...and this many unrelated ones
MEAN_STORY_SIZE = 6
OUTLETS = 300
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NAME = re.compile(r"(?<=[\w,] )([A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?)")


def real_texts(data: Path) -> list[str]:
    """Article bodies from dev-stories and the extraction benchmark."""
    texts = [json.loads(line)["text"] for line in
             (data / "dev-stories" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    bench = data / "extraction-benchmark" / "ground-truth.json"
    if bench.exists():
        texts += [v["articleBody"] for v in json.loads(bench.read_text(encoding="utf-8")).values()]
    return [t for t in texts if t.strip()]


def real_days(data: Path) -> list[int]:
    """Publication days (ordinals) of dev-stories records."""
    import datetime as dt

    days = []
    for line in (data / "dev-stories" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        value = json.loads(line).get("published") or ""
        if len(value) == len("2023-01-01"):
            days.append(dt.date.fromisoformat(value).toordinal())
    return days


def build_pool(data: Path, out: Path) -> None:
    """Embed the sentence pool once and save it with names and days for the child runs."""
    from storydesk.backends.embedder import load_embedder

    texts = real_texts(data)
    sentences = [s.strip() for t in texts for line in t.split("\n") for s in _SENT.split(line)
                 if 8 <= len(s.split()) <= 60]
    random.Random(SEED).shuffle(sentences)
    sentences = sentences[:POOL_SENTENCES]
    names = sorted({m.group(1).lower() for t in texts for m in _NAME.finditer(t)})
    start = time.perf_counter()
    vectors = load_embedder().encode(sentences)
    print(f"pool: {len(sentences)} real sentences embedded in {time.perf_counter() - start:.1f} s, "
          f"{len(names)} names, {len(real_days(data))} days", flush=True)
    np.savez(out, vectors=vectors, names=np.array(names), days=np.array(real_days(data)))


def synthetic(n: int, pool: np.lib.npyio.NpzFile) -> tuple[list[ArticleSignal], list[int]]:
    """N article signals in synthetic stories, and each one's story number."""
    rng = np.random.default_rng(SEED)
    vectors, names, days = pool["vectors"], list(pool["names"]), pool["days"]
    signals: list[ArticleSignal] = []
    labels: list[int] = []
    story = 0
    while len(signals) < n:
        event = rng.choice(len(vectors), STORY_SENTENCES, replace=False)
        cast = rng.choice(len(names), 4, replace=False)
        day = int(rng.choice(days)) + int(rng.integers(-180, 180))
        for _ in range(min(n - len(signals), 1 + int(rng.poisson(MEAN_STORY_SIZE - 1)))):
            rows = [*rng.choice(event, ARTICLE_SENTENCES, replace=False),
                    *rng.choice(len(vectors), NOISE_SENTENCES)]
            v = vectors[rows].mean(axis=0)
            ents = {str(names[i]): 1.0 for i in [*cast[:3], int(rng.integers(len(names)))]}
            unit = (v / np.linalg.norm(v)).astype(np.float32)
            signals.append(ArticleSignal(id=f"a{len(signals)}", vector=unit,
                                         entities=ents, day=day + int(rng.integers(0, 2)),
                                         outlet=f"outlet{int(rng.integers(OUTLETS))}.example"))
            labels.append(story)
        story += 1
    return signals, labels


def index_factory(name: str) -> IndexFactory:
    """The index named on the command line."""
    return ExactIndex if name == "exact" else UsearchIndex


def _rss_mib() -> float:
    """Resident memory now (Linux ``/proc``), to tell the inputs from what clustering adds."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_one(n: int, index: str, pool_file: Path) -> dict[str, float]:
    """Cluster N synthetic articles; seconds, peak memory and B³-F1 against the synthetic stories."""
    from storydesk_eval.clustering import bcubed

    signals, labels = synthetic(n, np.load(pool_file))
    before_mib = _rss_mib()
    start = time.perf_counter()
    clusters = cluster_batch(signals, ClusterSettings(), load_model(), index_factory=index_factory(index))
    seconds = time.perf_counter() - start
    pred = {f"a{i}": str(c) for c, members in enumerate(clusters) for i in members}
    gold = {f"a{i}": str(label) for i, label in enumerate(labels)}
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "seconds": round(seconds, 2), "per_1k_s": round(1000 * seconds / n, 3),
            "peak_rss_mib": round(peak_mib), "input_rss_mib": round(before_mib), "stories": len(clusters),
            "b3_f1": round(bcubed(gold, pred)[2], 4)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=Path(os.environ.get("STORYDESK_DATA", "../shared/data")))
    parser.add_argument("--index", choices=("exact", "usearch"), default="exact")
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pool", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.index, args.pool)))
        return 0
    if not (args.data / "dev-stories" / "articles.jsonl").exists():
        print(f"no dev-stories under {args.data}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pool = Path(tmp) / "pool.npz"
        build_pool(args.data, pool)
        print(f"index: {args.index}")
        for n in (int(s) for s in args.sizes.split(",")):
            out = subprocess.run([sys.executable, __file__, "--index", args.index, "--child", str(n),
                                  "--pool", str(pool)], capture_output=True, text=True, check=True)
            fig = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{fig['n']:>7} articles  {fig['seconds']:>8.2f} s  ({fig['per_1k_s']:.3f} s per 1k)  "
                  f"peak RSS {fig['peak_rss_mib']} MiB (inputs {fig['input_rss_mib']})  "
                  f"{fig['stories']} stories  B³-F1 {fig['b3_f1']}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
