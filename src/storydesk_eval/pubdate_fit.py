"""Fit the publication-date weights and calibration on one corpus: ``python -m storydesk_eval.pubdate_fit``.

The weights of ``rules/pubdate.toml`` are a conditional logit over each hidden article's candidate
days (the right day's softmax share is maximised, with an L2 penalty); the calibration is an isotonic
fit of "the best day is exact" on the best day's share. Both are fitted on the corpus given first
(``--fit-on``) and printed, with the figures on every corpus given (the others are cross-corpus).
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

from storydesk.config import load_config
from storydesk.stages.enrich.dates import prepare_dates, resolve_dates
from storydesk.stages.enrich.pubdate import score_candidates
from storydesk.stages.enrich.pubdate_features import Evidence
from storydesk.stages.enrich.pubdate_related import related_days
from storydesk.stages.enrich.pubdate_rules import pubdate_rules
from storydesk.stages.enrich.pubdate_stage import make_pubdate
from storydesk.stages.ingest.dates import opening_date
from storydesk_eval.pubdate import PIPELINE, RAW, documents_run, hidden_days, hidden_run, read_records

#: Features that can only count against a day (a contradiction), and those that can only count for it.
PENALTIES = frozenset({"explicit_after", "violations", "mismatch", "announced_today", "announced_passed"})
SUPPORTS: frozenset[str] = frozenset({"announced_next_day", "head_date", "related_day", "related_day_before",
                                      "relative_agrees", "same_day", "weekday_gap_0", "weekday_gap_1"})
#: One article: its candidates' feature dicts and the index of the right day (None: not a candidate).
Group = tuple[list[dict[str, float]], int | None]


def candidate_groups(corpus_dir: Path, weights: Mapping[str, float]) -> list[Group]:
    """Every hidden article's candidates, with the related days its last inference pass saw."""
    jsonl = corpus_dir.resolve() / "articles.jsonl"
    gold = hidden_days(read_records(jsonl))
    stage = make_pubdate(load_config(overrides=(*PIPELINE, *RAW)))
    docs = documents_run(jsonl, False).articles
    after = hidden_run(jsonl, False, True)
    targets = [a for a in docs if a.ref in gold and a.published.basis == "unknown"]
    related = related_days(targets, after, stage.settings, frozenset(stage.settings.related_labels))
    groups = []
    for article in targets:
        prepared = prepare_dates(article.text, sents=[(s.start, s.end) for s in article.layers["sentences"]]
                                 or None, settings=stage.dates)
        evidence = Evidence(text=article.text, related=related[article.id],
                            head=opening_date(article.text, chars=stage.settings.opening_chars),
                            evidence_days=stage.settings.evidence_days, rules=pubdate_rules())
        resolve = functools.partial(resolve_dates, prepared, settings=stage.dates)
        cands = score_candidates(resolve, evidence, stage.settings, weights)
        days = [c.day for c in cands]
        right = days.index(gold[article.ref]) if gold[article.ref] in days else None
        groups.append(([c.features for c in cands], right))
    return groups


def fit_weights(groups: Sequence[Group], l2: float) -> dict[str, float]:
    """The conditional-logit weights maximising the right days' log share (L2-penalised)."""
    import numpy as np
    from scipy.optimize import minimize

    names = sorted({k for feats, _ in groups for f in feats for k in f})
    data = [(np.array([[f.get(k, 0.0) for k in names] for f in feats]), right)
            for feats, right in groups if right is not None and len(feats) > 1]

    def loss(w: np.ndarray) -> float:
        total = l2 * float(w @ w)
        for x, right in data:
            s = x @ w
            total -= s[right] - (s.max() + np.log(np.exp(s - s.max()).sum()))
        return total

    bounds = [(None, 0.0) if k in PENALTIES else (0.0, None) if k in SUPPORTS else (None, None)
              for k in names]
    result = minimize(loss, np.zeros(len(names)), method="L-BFGS-B", bounds=bounds)
    return {k: round(float(v), 3) for k, v in zip(names, result.x, strict=True)}


def main(argv: Sequence[str] | None = None) -> None:
    """Fit on the first corpus, print the weights, and each corpus's share of right best days."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders; the first is fitted on")
    parser.add_argument("--l2", type=float, default=0.05)
    args = parser.parse_args(argv)
    weights = fit_weights(candidate_groups(args.corpora[0], pubdate_rules().weights), args.l2)
    print("[weights]")
    for name, value in weights.items():
        print(f"{name} = {value}")
    for corpus in args.corpora:
        groups = candidate_groups(corpus, weights)
        print(corpus, "articles", len(groups), "right day among candidates",
              sum(r is not None for _, r in groups), flush=True)


if __name__ == "__main__":
    main()
