"""The one place that turns model records into JSON-ready dicts and back.

Every top-level JSON document storydesk writes carries ``schema_version``.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
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
from storydesk.model.layers import OMIT_NONE, EvidenceAttrs, RawAttrs, layer_names, layer_type
from storydesk.model.spans import Citation, Provenance, Span
from storydesk.model.story_report import (
    Comparison,
    Entity,
    QuoteGroup,
    QuoteVariant,
    SlotComparison,
    SlotValue,
    StoryReport,
    TimelineItem,
)


def attrs_to_dict(attrs: object) -> dict[str, Any]:
    """A span's attribute record as the JSON object: every field, less optional ones that are None.

    Raises:
        TypeError: ``attrs`` is not a record (a frozen dataclass, see :mod:`storydesk.model.layers`).
    """
    if isinstance(attrs, RawAttrs):
        return dict(attrs.values)
    if not is_dataclass(attrs) or isinstance(attrs, type):
        raise TypeError(f"span attrs must be a layer record, not {type(attrs).__name__}")
    out: dict[str, Any] = {}
    for spec in fields(attrs):
        value = getattr(attrs, spec.name)
        if value is not None or not spec.metadata.get(OMIT_NONE):
            out[spec.name] = value
    return out


def attrs_from_dict(attrs_type: type, data: dict[str, Any]) -> Any:
    """The record of ``attrs_type`` from its JSON object (lists back to tuples; unknown keys ignored).

    Keys the record lacks (written by another version) are dropped; missing ones take the defaults.
    """
    names = {spec.name for spec in fields(attrs_type)}
    return attrs_type(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names})


def layer_attrs_from_dict(layer: str, data: dict[str, Any]) -> Any:
    """The attribute record of a span in ``layer`` (a :class:`RawAttrs` for an unregistered layer)."""
    if layer not in layer_names():
        return RawAttrs(values=dict(data))
    return attrs_from_dict(layer_type(layer), data)


def span_to_dict(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label, "attrs": attrs_to_dict(span.attrs)}


def span_from_dict(data: dict[str, Any], layer: str) -> Span:
    """A span of ``layer`` from :func:`span_to_dict` output."""
    return Span(start=data["start"], end=data["end"], label=data["label"],
                attrs=layer_attrs_from_dict(layer, data.get("attrs") or {}))


def evidence_from_dict(data: dict[str, Any]) -> Span[EvidenceAttrs]:
    """An evidence span of an inferred publication date."""
    return Span(start=data["start"], end=data["end"], label=data["label"],
                attrs=attrs_from_dict(EvidenceAttrs, data.get("attrs") or {}))


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
                           evidence=tuple(evidence_from_dict(s) for s in data.get("evidence", ())))


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
        layers={k: tuple(span_from_dict(s, k) for s in v) for k, v in data.get("layers", {}).items()},
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


def story_change_from_dict(data: dict[str, Any]) -> StoryChange:
    """The inverse of :func:`story_change_to_dict`."""
    return StoryChange(kind=data["kind"], story=data["story"], article=data.get("article"),
                       merged=tuple(data.get("merged") or ()), similarity=data.get("similarity"))


def skipped_to_dict(item: Skipped) -> dict[str, Any]:
    return {"source": item.source, "stage": item.stage, "reason": item.reason}


def _cites(citations: tuple[Citation, ...]) -> list[dict[str, Any]]:
    return [citation_to_dict(c) for c in citations]


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "type": entity.type, "aliases": list(entity.aliases),
            "type_votes": dict(entity.type_votes), "outlets": list(entity.outlets),
            "mentions": _cites(entity.mentions), "provenance": provenance_to_dict(entity.provenance)}


def timeline_item_to_dict(item: TimelineItem) -> dict[str, Any]:
    return {"id": item.id, "date": item.date, "granularity": item.granularity, "text": item.text,
            "background": item.background, "outlets": list(item.outlets),
            "citations": _cites(item.citations), "provenance": provenance_to_dict(item.provenance)}


def _variant(variant: QuoteVariant, statement: int) -> dict[str, Any]:
    return {"text": variant.text, "kind": variant.kind, "statement": statement, "speaker": variant.speaker,
            "outlets": list(variant.outlets), "citations": _cites(variant.citations)}


def quote_group_to_dict(group: QuoteGroup) -> dict[str, Any]:
    """A speaker's group: every variant flat (``statement`` numbers the statement it renders)."""
    return {"id": group.id, "speaker": group.speaker, "speaker_entity": group.speaker_entity,
            "statements": len(group.statements),
            "variants": [_variant(v, i) for i, variants in enumerate(group.statements) for v in variants],
            "citations": _cites(group.citations), "provenance": provenance_to_dict(group.provenance)}


def _slot_value(value: SlotValue) -> dict[str, Any]:
    return {"text": value.text, "value": value.value, "outlets": list(value.outlets),
            "citations": _cites(value.citations)}


def slot_comparison_to_dict(item: SlotComparison) -> dict[str, Any]:
    return {"id": item.id, "slot": item.slot, "kind": item.kind, "reason": item.reason,
            "values": [_slot_value(v) for v in item.values], "citations": _cites(item.citations),
            "provenance": provenance_to_dict(item.provenance)}


def comparison_to_dict(comp: Comparison) -> dict[str, Any]:
    return {
        "agreements": [{"id": f.id, "text": f.text, "outlets": list(f.outlets),
                        "citations": _cites(f.citations), "provenance": provenance_to_dict(f.provenance)}
                       for f in comp.agreements],
        "conflicts": [slot_comparison_to_dict(c) for c in comp.conflicts],
        "variants": [slot_comparison_to_dict(v) for v in comp.variants],
        "unique": [{"id": u.id, "outlet": u.outlet, "text": u.text, "citations": _cites(u.citations),
                    "provenance": provenance_to_dict(u.provenance)} for u in comp.unique],
        "coverage": {"outlets": list(comp.coverage.outlets), "facts": list(comp.coverage.facts),
                     "matrix": [list(row) for row in comp.coverage.matrix]}}


def story_report_to_dict(story: Story, report: StoryReport) -> dict[str, Any]:
    """A story as ``report.json`` shows it: its articles plus everything the story report found."""
    return {"id": story.id, "headline": story.headline, "articles": list(story.articles),
            "key_entities": list(story.entities), "start": story.start, "end": story.end,
            "outlets": list(story.outlets), "provenance": provenance_to_dict(story.provenance),
            "entities": [entity_to_dict(e) for e in report.entities],
            "timeline": [timeline_item_to_dict(t) for t in report.timeline],
            "quotes": [quote_group_to_dict(q) for q in report.quotes],
            "comparison": comparison_to_dict(report.comparison),
            "summary": [{"text": s.text, "outlets": list(s.outlets), "citations": _cites(s.citations),
                         "provenance": provenance_to_dict(s.provenance)} for s in report.summary]}


def corpus_to_dict(corpus: Corpus) -> dict[str, Any]:
    return {"articles": [article_to_dict(a, include_raw=False) for a in corpus.articles],
            "duplicates": [duplicate_group_to_dict(g) for g in corpus.duplicates],
            "skipped": [skipped_to_dict(s) for s in corpus.skipped],
            "stories": [story_report_to_dict(s, corpus.report_of(s.id)) for s in corpus.stories]}


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
