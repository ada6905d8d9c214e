"""Embedding speed: all-MiniLM-L6-v2 on onnxruntime vs sentence-transformers, same sentences, same run.

Splits real article texts (dev-stories, then extraction-benchmark bodies; the bundled example when
neither is there) into sentences and takes N (repeating them only when there are fewer). Times each
backend's ``encode`` over all N in alternating rounds: the machine may be shared, so every round is
printed and the best one (the least disturbed) is compared. Prints sentences/s, the ONNX/PyTorch
ratio, and the cosine between the two backends' vectors.

    python bench/bench_embedding.py [--data DIR] [--n 2000] [--rounds 2] [--batch 32] [--threads 2]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

from storydesk.backends.embedder import Embedder, EmbedSettings, load_embedder
from storydesk.backends.onnx_embedder import OnnxEmbedder

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "assad-moscow-2023"
BACKENDS = ("onnx", "sentence-transformers")
# A sentence ends at . ! ? (or a closing quote after one) followed by space.
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+")
# Fewer words are datelines, bylines and captions, not sentences.
MIN_WORDS = 4


def article_texts(data: Path) -> list[str]:
    """Real article texts: dev-stories, then extraction-benchmark bodies, else the bundled example."""
    texts = []
    stories = data / "dev-stories" / "articles.jsonl"
    if stories.exists():
        texts += [json.loads(line)["text"] for line in stories.read_text(encoding="utf-8").splitlines()]
    bench = data / "extraction-benchmark" / "ground-truth.json"
    if bench.exists():
        texts += [v["articleBody"] for v in json.loads(bench.read_text(encoding="utf-8")).values()]
    if not texts:
        texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    return texts


def sentences(texts: list[str], n: int) -> tuple[list[str], int]:
    """N sentences from the texts (cycled when there are fewer), and how many distinct ones."""
    found = [s for t in texts for para in t.split("\n") for s in SENTENCE_END.split(para.strip())
             if len(s.split()) >= MIN_WORDS]
    return list(itertools.islice(itertools.cycle(found), n)), min(len(found), n)


def timed_encode(embedder: Embedder, batch: list[str]) -> tuple[float, np.ndarray]:
    """Seconds to encode ``batch`` and the vectors."""
    start = time.perf_counter()
    vectors = embedder.encode(batch)
    return time.perf_counter() - start, vectors


def load_all(settings: EmbedSettings) -> dict[str, Embedder]:
    """Both backends, loaded and warmed up, with their load times printed."""
    loaded = {}
    for backend in BACKENDS:
        start = time.perf_counter()
        loaded[backend] = load_embedder(backend, settings)
        loaded[backend].encode(["The first call of a model pays its set-up cost."])
        print(f"load {backend:<21} {time.perf_counter() - start:6.1f} s (incl. ONNX export when not cached)")
    return loaded


def mean_word_pieces(embedder: Embedder, batch: list[str]) -> float:
    """Mean word pieces per sentence after truncation (0 when the tokenizer is not reachable)."""
    if not isinstance(embedder, OnnxEmbedder):
        return 0.0
    return float(np.mean([len(e.ids) for e in embedder.tokenizer.encode_batch(batch)]))


def run_rounds(embedders: dict[str, Embedder], batch: list[str],
               rounds: int) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Best sentences/s per backend over alternating rounds (each printed), and the last vectors."""
    best = {backend: 0.0 for backend in BACKENDS}
    vectors: dict[str, np.ndarray] = {}
    for round_no in range(1, rounds + 1):
        for backend in BACKENDS:
            secs, vectors[backend] = timed_encode(embedders[backend], batch)
            best[backend] = max(best[backend], len(batch) / secs)
            print(f"round {round_no}  {backend:<21} {len(batch) / secs:7.1f} sentences/s  ({secs:.2f} s)")
    return best, vectors


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("STORYDESK_DATA", "../shared/data")))
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=EmbedSettings().batch_size)
    parser.add_argument("--threads", type=int, default=EmbedSettings().threads)
    args = parser.parse_args()
    batch, distinct = sentences(article_texts(args.data), args.n)
    if not batch:
        print(f"no sentences under {args.data} or {EXAMPLE}", file=sys.stderr)
        return 2
    settings = EmbedSettings(batch_size=args.batch, threads=args.threads)
    embedders = load_all(settings)
    print(f"{len(batch)} sentences ({distinct} distinct), {mean_word_pieces(embedders['onnx'], batch):.1f} "
          f"word pieces each on average; batch {args.batch}, onnxruntime threads {args.threads}, "
          f"torch threads {_torch_threads()}, {os.cpu_count()} CPUs")
    best, vectors = run_rounds(embedders, batch, args.rounds)
    onnx, torch = best["onnx"], best["sentence-transformers"]
    cosines = np.sum(vectors["onnx"] * vectors["sentence-transformers"], axis=1)
    print(f"best: onnx {onnx:.1f} sentences/s, sentence-transformers {torch:.1f} sentences/s, "
          f"ratio {onnx / torch:.2f}x")
    print(f"cosine onnx vs sentence-transformers: mean {cosines.mean():.6f}, min {cosines.min():.6f}")
    return 0


def _torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


if __name__ == "__main__":
    raise SystemExit(main())
