"""Cross-document entity coreference scored on MEANTIME: B³ over the gold named mentions.

MEANTIME (NewsReader, CC BY 4.0) annotates ``ENTITY_MENTION`` markables and links them
(``REFERS_TO``) to ``ENTITY`` records; an entity with an ``instance_id`` is shared by every document
of its corpus that mentions it — the cross-document gold.

What is scored, and why: the gold mention spans themselves, so the figure measures our name
matching, not spaCy's NER. Kept are mentions written as names (``syntactic_type`` NAM or PRE.NAM)
of cross-document instances; each gets the NER label its gold type maps to (PER → PERSON, LOC →
GPE, ...). Each corpus (topic) is one story: all its documents' mentions go through
:func:`~storydesk.stages.resolve.resolve_entities` together. A mention our rules reject (no
capital letter, such as "federal") counts as a singleton. B³ precision and recall are mention
weighted over all corpora; an exact-string baseline (mentions with identical text are one entity)
is scored on the same mentions in the same run.
"""

from __future__ import annotations

import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydesk.errors import EvalError
from storydesk.model import Article, Span
from storydesk.model.layers import EntityAttrs
from storydesk.stages.resolve import ResolveSettings, resolve_entities
from storydesk_eval.clustering import bcubed
from storydesk_eval.dates import _join_tokens  # the same detokeniser as the dates scorer

log = logging.getLogger(__name__)

NAMED = frozenset({"NAM", "PRE.NAM"})
# MEANTIME's entity types as the NER labels our resolver sees (FIN: financial bodies, MIX: mixed).
GOLD_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "PRO": "PRODUCT", "FIN": "ORG", "MIX": "ORG"}
BASELINE_NAME = "exact string"


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldMention:
    """One gold named mention: where it is, its text, its cross-document instance and label."""

    id: str
    article: str
    start: int
    end: int
    text: str
    instance: str
    label: str


@dataclass(frozen=True, kw_only=True, slots=True)
class EntityDoc:
    """One MEANTIME document as an article with the gold mentions as its ``entities`` layer."""

    corpus: str
    article: Article
    mentions: tuple[GoldMention, ...]


def _span(anchors: Sequence[str], offsets: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
    spans = [offsets[t] for t in anchors if t in offsets]
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)


def _named_links(root: ET.Element) -> Iterator[tuple[ET.Element, ET.Element]]:
    """(mention markable, entity) for every named mention of a cross-document instance."""
    markables = {m.get("m_id"): m for m in root.iter("ENTITY_MENTION")}
    entities = {e.get("m_id"): e for e in root.iter("ENTITY") if e.get("instance_id")}
    for link in root.iter("REFERS_TO"):
        target = link.find("target")
        entity = entities.get(target.get("m_id") if target is not None else None)
        if entity is None:
            continue
        for source in link.iter("source"):
            markable = markables.get(source.get("m_id"))
            if markable is not None and markable.get("syntactic_type") in NAMED:
                yield markable, entity


def gold_mentions(root: ET.Element, name: str, text: str,
                  offsets: Mapping[str, tuple[int, int]]) -> list[GoldMention]:
    """The named mentions of cross-document instances in one document (one per character span)."""
    found: dict[tuple[int, int], GoldMention] = {}
    for markable, entity in _named_links(root):
        start, end = _span([a.get("t_id", "") for a in markable.iter("token_anchor")], offsets)
        if end > start and (start, end) not in found:
            label = GOLD_LABELS.get(entity.get("ent_type", ""), "ORG")
            found[(start, end)] = GoldMention(id=f"{name}:{start}:{end}", article=name, start=start,
                                              end=end, text=text[start:end],
                                              instance=entity.get("instance_id", ""), label=label)
    return sorted(found.values(), key=lambda m: m.start)


def read_entity_doc(path: Path) -> EntityDoc:
    """One MEANTIME XML file as an :class:`EntityDoc` (its corpus is its folder's name)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise EvalError(f"cannot parse MEANTIME file: {err}", source=str(path)) from err
    text, offsets, _ = _join_tokens(list(root.iter("token")))
    mentions = gold_mentions(root, path.stem, text, offsets)
    spans = tuple(Span(start=m.start, end=m.end, label=m.label, attrs=EntityAttrs(text=m.text))
                  for m in mentions)
    article = Article(id=path.stem, ref=path.name, source=str(path), format="naf", raw=text, text=text,
                      outlet=path.stem, layers={"entities": spans})
    return EntityDoc(corpus=path.parent.name, article=article, mentions=tuple(mentions))


def meantime_folder(data_dir: Path) -> Path:
    """The MEANTIME folder: ``data_dir`` itself or its ``meantime/`` (a data root)."""
    nested = data_dir / "meantime"
    folder = nested if nested.is_dir() else data_dir
    if not folder.is_dir():
        raise EvalError(f"MEANTIME data not found: {folder} is not a directory", stage="resolve")
    return folder


def read_entity_docs(data_dir: Path) -> list[EntityDoc]:
    """Every MEANTIME document under the folder (recursively), sorted by path."""
    paths = sorted(p for p in meantime_folder(data_dir).rglob("*.xml") if p.is_file())
    if not paths:
        raise EvalError(f"no MEANTIME .xml documents under {data_dir}", stage="resolve")
    return [read_entity_doc(p) for p in paths]


def predict(docs: Sequence[EntityDoc], settings: ResolveSettings) -> dict[str, str]:
    """Our entity per gold mention id (one corpus's documents resolved together)."""
    by_corpus: dict[str, list[Article]] = {}
    for doc in docs:
        by_corpus.setdefault(doc.corpus, []).append(doc.article)
    out: dict[str, str] = {}
    for corpus, articles in sorted(by_corpus.items()):
        for entity in resolve_entities(articles, settings):
            for c in entity.mentions:
                out[f"{c.article}:{c.start}:{c.end}"] = f"{corpus}/{entity.id}"
    return out


def _figures(gold: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, float]:
    p, r, f1 = bcubed(gold, pred)
    return {"b3_precision": round(p, 4), "b3_recall": round(r, 4), "b3_f1": round(f1, 4),
            "clusters": len({pred.get(i, i) for i in gold})}


def run_entities_eval(data_dir: Path, *, settings: ResolveSettings | None = None) -> dict[str, Any]:
    """Score our entity resolution and the exact-string baseline on MEANTIME's named mentions.

    Returns ``{"b3_precision", "b3_recall", "b3_f1", "clusters", "n" (mentions), "instances",
    "docs", "corpora", "seconds", "by_corpus": {corpus: {"n", "b3_f1", "baseline_b3_f1"}},
    "baseline": {"name", "b3_precision", "b3_recall", "b3_f1", "clusters"}}``.

    Raises:
        EvalError: the data is absent or unreadable, or holds no gold named mention.
    """
    docs = read_entity_docs(Path(data_dir))
    mentions = [(d.corpus, m) for d in docs for m in d.mentions]
    if not mentions:
        raise EvalError(f"no gold named entity mentions under {data_dir}", stage="resolve")
    gold = {m.id: f"{corpus}/{m.instance}" for corpus, m in mentions}
    began = time.perf_counter()
    ours = predict(docs, settings or ResolveSettings())
    seconds = time.perf_counter() - began
    exact = {m.id: f"{corpus}/{m.text}" for corpus, m in mentions}
    result: dict[str, Any] = {**_figures(gold, ours), "n": len(gold), "instances": len(set(gold.values())),
                              "docs": len(docs), "corpora": len({d.corpus for d in docs}),
                              "seconds": round(seconds, 3),
                              "by_corpus": _by_corpus(mentions, gold, ours, exact),
                              "baseline": {"name": BASELINE_NAME, **_figures(gold, exact)}}
    log.info("entities: B3 F1 %.3f (exact string %.3f) on %d mentions", result["b3_f1"],
             result["baseline"]["b3_f1"], len(gold))
    return result


def _by_corpus(mentions: Sequence[tuple[str, GoldMention]], gold: Mapping[str, str],
               ours: Mapping[str, str], exact: Mapping[str, str]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for corpus in sorted({c for c, _ in mentions}):
        ids = [m.id for c, m in mentions if c == corpus]
        part = {i: gold[i] for i in ids}
        out[corpus] = {"n": len(ids), "b3_f1": round(bcubed(part, ours)[2], 4),
                       "baseline_b3_f1": round(bcubed(part, exact)[2], 4)}
    return out
