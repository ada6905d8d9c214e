"""End-to-end speed: the whole ``analyze`` pipeline on N real-text articles, per stage and overall.

Articles are real texts: the dev-stories records (with their outlets and dates) and, to reach N,
extraction-benchmark bodies given a ` date` header and an outlet each. Models are loaded before the
clock starts (a warm process), so the figure is the steady-state throughput; the model load time is
printed apart. Writes nothing but a temporary JSONL file.

    python bench/bench_pipeline.py [--data DIR] [--n 600]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from storydesk import api
from storydesk.config import load_config
from storydesk.pipeline import build_pipeline
from storydesk.progress import SilentReporter


def records(data: Path, n: int) -> list[dict[str, str]]:
    """N JSONL records of real article texts (cycled when fewer are available)."""
    found: list[dict[str, str]] = []
    stories = data / "dev-stories" / "articles.jsonl"
    if stories.exists():
        for line in stories.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            found.append({"text": rec["text"], "outlet": rec["outlet"], "url": rec["url"]})
    bench = data / "extraction-benchmark" / "ground-truth.json"
    if bench.exists():
        for i, item in enumerate(json.loads(bench.read_text(encoding="utf-8")).values()):
            body = item.get("articleBody") or ""
            if len(body.split()) > 80:
                found.append({"text": f" date 2023-0{1 + i % 9}-1{i % 10} {body}",
                              "outlet": f"outlet{i % 40}.example"})
    out = []
    for i in range(n):
        rec = dict(found[i % len(found)])
        rec["text"] += f"\n\n(copy {i // len(found)})" if i >= len(found) else ""
        out.append(rec)
    return out


class StageTimer(SilentReporter):
    """Records when each stage's progress task starts, to time the stages of one run."""

    def __init__(self) -> None:
        self.starts: list[tuple[str, float]] = []

    def task(self, label: str, total: int | None = None):  # type: ignore[no-untyped-def]
        self.starts.append((label, time.perf_counter()))
        return super().task(label, total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("STORYDESK_DATA", "../shared/data")))
    parser.add_argument("--n", type=int, default=600)
    args = parser.parse_args()
    recs = records(args.data, args.n)
    if not recs:
        print(f"no texts under {args.data}", file=sys.stderr)
        return 2
    config = load_config()
    start = time.perf_counter()
    pipeline = build_pipeline(config)
    from storydesk.backends.nlp import load_nlp

    load_nlp(())
    print(f"models loaded in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        timer = StageTimer()
        start = time.perf_counter()
        corpus = api.read([str(path)], config=config, reporter=timer)
        read_end = time.perf_counter()
        corpus = pipeline.run(corpus, timer)
        end = time.perf_counter()
    words = sum(len(a.text.split()) for a in corpus.articles)
    print(f"{len(corpus.articles)} articles ({words / len(corpus.articles):.0f} words avg), "
          f"{len(corpus.stories)} stories")
    marks = [("read", start)] + [(label, t) for label, t in timer.starts if t >= read_end] + [("end", end)]
    for (label, t0), (_, t1) in zip(marks, marks[1:], strict=False):
        print(f"  {label:<14} {t1 - t0:7.1f} s")
    total = end - start
    print(f"end to end: {total:.1f} s = {len(corpus.articles) / total:.1f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
