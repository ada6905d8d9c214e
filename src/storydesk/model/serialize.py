"""The one place that turns model records into JSON-ready dicts and back.

Every top-level JSON document storydesk writes carries ``schema_version``.
"""

from __future__ import annotations

from typing import Any

from storydesk.model import SCHEMA_VERSION
from storydesk.model.article import Article, PublicationDate, Removed
from storydesk.model.corpus import (
    Corpus,
    DuplicateGroup,
    DuplicateMember,
    Report,
    Skipped,
    Story,
    StoryChange,
)
from storydesk.model.spans import Citation, Provenance, Span


def span_to_dict(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label, "attrs": dict(span.attrs)}


def span_from_dict(data: dict[str, Any]) -> Span:
    return Span(start=data["start"], end=data["end"], label=data["label"],
                attrs=dict(data.get("attrs") or {}))


def citation_to_dict(cit: Citation) -> dict[str, Any]:
    return {"article": cit.article, "start": cit.start, "end": cit.end}


def provenance_to_dict(prov: Provenance) -> dict[str, Any]:
    return {"stage": prov.stage, "version": prov.version,
            "citations": [citation_to_dict(c) for c in prov.citations]}


def provenance_from_dict(data: dict[str, Any]) -> Provenance:
    return Provenance(stage=data["stage"], version=data["version"],
                      citations=tuple(Citation(**c) for c in data.get("citations", ())))


def published_to_dict(pub: PublicationDate) -> dict[str, Any]:
    return {"value": pub.value, "granularity": pub.granularity, "basis": pub.basis,
            "confidence": pub.confidence, "evidence": [span_to_dict(s) for s in pub.evidence]}


def published_from_dict(data: dict[str, Any]) -> PublicationDate:
    return PublicationDate(value=data.get("value"), granularity=data.get("granularity"),
                           basis=data.get("basis", "unknown"),
                           confidence=float(data.get("confidence", 0.0)),
                           evidence=tuple(span_from_dict(s) for s in data.get("evidence", ())))


def removed_to_dict(rem: Removed) -> dict[str, Any]:
    return {"start": rem.start, "end": rem.end, "text": rem.text, "reason": rem.reason,
            "rule": rem.rule}


def article_to_dict(article: Article, *, include_raw: bool = True) -> dict[str, Any]:
    """A JSON-ready dict of an article (``raw`` can be left out of reports)."""
    data: dict[str, Any] = {
        "id": article.id, "ref": article.ref, "source": article.source, "format": article.format,
        "url": article.url, "outlet": article.outlet, "title": article.title,
        "language": article.language, "published": published_to_dict(article.published),
        "text": article.text, "removed": [removed_to_dict(r) for r in article.removed],
        "layers": {name: [span_to_dict(s) for s in spans] for name, spans in article.layers.items()},
        "stages": list(article.stages),
    }
    if include_raw:
        data["raw"] = article.raw
    return data


def article_from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an article from :func:`article_to_dict` output (with ``raw``)."""
    return Article(
        id=data["id"], ref=data["ref"], source=data["source"], format=data["format"],
        raw=data.get("raw", data.get("text", "")), text=data.get("text", ""), url=data.get("url"),
        outlet=data.get("outlet"), title=data.get("title"), language=data.get("language"),
        published=published_from_dict(data.get("published") or {}),
        removed=tuple(Removed(**r) for r in data.get("removed", ())),
        layers={k: tuple(span_from_dict(s) for s in v) for k, v in data.get("layers", {}).items()},
        stages=tuple(data.get("stages", ())),
    )


def duplicate_group_to_dict(group: DuplicateGroup) -> dict[str, Any]:
    return {"id": group.id,
            "members": [{"article": m.article, "similarity": m.similarity} for m in group.members],
            "provenance": provenance_to_dict(group.provenance)}


def duplicate_group_from_dict(data: dict[str, Any]) -> DuplicateGroup:
    return DuplicateGroup(id=data["id"],
                          members=tuple(DuplicateMember(**m) for m in data["members"]),
                          provenance=provenance_from_dict(data["provenance"]))


def story_to_dict(story: Story) -> dict[str, Any]:
    return {"id": story.id, "headline": story.headline, "articles": list(story.articles),
            "entities": list(story.entities), "start": story.start, "end": story.end,
            "outlets": list(story.outlets), "provenance": provenance_to_dict(story.provenance)}


def story_from_dict(data: dict[str, Any]) -> Story:
    return Story(id=data["id"], headline=data["headline"], articles=tuple(data["articles"]),
                 entities=tuple(data.get("entities", ())), start=data.get("start"), end=data.get("end"),
                 outlets=tuple(data.get("outlets", ())),
                 provenance=provenance_from_dict(data["provenance"]))


def story_change_to_dict(change: StoryChange) -> dict[str, Any]:
    return {"kind": change.kind, "story": change.story, "article": change.article,
            "merged": list(change.merged), "similarity": change.similarity}


def skipped_to_dict(item: Skipped) -> dict[str, Any]:
    return {"source": item.source, "stage": item.stage, "reason": item.reason}


def corpus_to_dict(corpus: Corpus) -> dict[str, Any]:
    return {"articles": [article_to_dict(a, include_raw=False) for a in corpus.articles],
            "duplicates": [duplicate_group_to_dict(g) for g in corpus.duplicates],
            "skipped": [skipped_to_dict(s) for s in corpus.skipped],
            "stories": [story_to_dict(s) for s in corpus.stories]}


def report_to_dict(report: Report) -> dict[str, Any]:
    """The ``report.json`` document (validated by ``schema/report.schema.json``)."""
    return {"schema_version": SCHEMA_VERSION, "generator": f"storydesk {report.version}",
            "generated": report.generated, "config": dict(report.config),
            "stats": dict(report.stats), **corpus_to_dict(report.corpus)}


def cleaned_record(article: Article) -> dict[str, Any]:
    """The per-article object printed by ``storydesk clean``."""
    return {"schema_version": SCHEMA_VERSION, "id": article.id, "ref": article.ref,
            "source": article.source, "url": article.url, "outlet": article.outlet,
            "title": article.title, "published": published_to_dict(article.published),
            "text": article.text, "removed": [removed_to_dict(r) for r in article.removed]}
