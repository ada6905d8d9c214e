"""The story sections of ``report.md``.

Citations become numbered references ``[n]``; each story ends with its source list, where every
reference shows the outlet, the cited sentence itself and a link to the article, so a reader can
check a statement without leaving the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storydesk.model import Article, Citation, Comparison, SlotComparison, Story, StoryReport
from storydesk.render.view import sources_label, story_span

SNIPPET_CHARS = 240


class References:
    """Numbers citations in order of first use and renders the source list."""

    def __init__(self, articles: Mapping[str, Article], outlets: Mapping[str, str]) -> None:
        self._articles = articles
        self._outlets = outlets
        self._numbers: dict[Citation, int] = {}

    def cite(self, citations: Sequence[Citation], limit: int = 10) -> str:
        """``[1][2]`` for the citations (at most ``limit``, then ``+n``)."""
        refs = []
        for cit in citations[:limit]:
            number = self._numbers.setdefault(cit, len(self._numbers) + 1)
            refs.append(f"[{number}]")
        more = f" +{len(citations) - limit}" if len(citations) > limit else ""
        return "".join(refs) + more

    def sources(self) -> list[str]:
        """The numbered source list."""
        lines = []
        for cit, number in sorted(self._numbers.items(), key=lambda kv: kv[1]):
            article = self._articles.get(cit.article)
            snippet = article.text[cit.start:cit.end].strip().replace("\n", " ") if article else ""
            if len(snippet) > SNIPPET_CHARS:
                snippet = snippet[:SNIPPET_CHARS - 1] + "…"
            outlet = self._outlets.get(cit.article, cit.article)
            lines.append(f"{number}. **{outlet}** “{snippet}” — [`{cit.article}` "
                         f"{cit.start}–{cit.end}](#a-{cit.article})")
        return lines


def _slot_lines(items: Sequence[SlotComparison], refs: References) -> list[str]:
    lines = []
    for item in items:
        values = "; ".join(f"**{v.text}** {refs.cite(v.citations, limit=4)}" for v in item.values)
        lines.append(f"- *{item.slot}* ({item.kind}): {values} — {item.reason}")
    return lines


def _comparison(comp: Comparison, refs: References) -> list[str]:
    out = ["#### Sources compared", "", "**Agreements**", ""]
    out += [f"- {f.text} ({len(f.outlets)} outlets) {refs.cite(f.citations)}" for f in comp.agreements]
    out += ["", "**Conflicts**", ""]
    out += _slot_lines(comp.conflicts, refs) or ["- none found"]
    if comp.variants:
        out += ["", "**Compatible variants**", ""] + _slot_lines(comp.variants, refs)
    if comp.unique:
        out += ["", "**Only one outlet reports**", ""]
        for outlet in sorted({u.outlet for u in comp.unique}):
            out.append(f"- *{outlet}*")
            out += [f"  - {u.text} {refs.cite(u.citations)}" for u in comp.unique if u.outlet == outlet]
    cov = comp.coverage
    if cov.outlets and cov.facts:
        out += ["", "**Coverage** (outlets × facts; fact numbers follow the agreements, then unique facts)",
                "", "| outlet | " + " | ".join(str(i + 1) for i in range(len(cov.facts))) + " |",
                "|---|" + "---|" * len(cov.facts)]
        out += [f"| {outlet} | " + " | ".join("●" if hit else "" for hit in row) + " |"
                for outlet, row in zip(cov.outlets, cov.matrix, strict=True)]
    return out + [""]


def _entities(report: StoryReport, refs: References, limit: int = 24) -> list[str]:
    out = ["#### Entities", ""]
    for ent in report.entities[:limit]:
        aliases = ", ".join(a for a in ent.aliases if a != ent.name)
        votes = (" (types: " + ", ".join(f"{k} {v}" for k, v in ent.type_votes.items()) + ")"
                 if len(ent.type_votes) > 1 else "")
        out.append(f"- **{ent.name}** {ent.type}{votes} — {len(ent.mentions)} mentions, "
                   f"{len(ent.outlets)} outlets{'; also: ' + aliases if aliases else ''} "
                   f"{refs.cite(ent.mentions, limit=3)}")
    return out + [""]


def _credit(credited: str, speaker: str) -> str:
    return f" (credited to {credited})" if credited and credited != speaker else ""


def _quotes(report: StoryReport, refs: References) -> list[str]:
    out = ["#### Who said what", ""]
    for group in report.quotes:
        out.append(f"- **{group.speaker}**")
        for variants in group.statements:
            shown = " ⟷ ".join(
                f"“{v.text}” {refs.cite(v.citations, limit=4)}{_credit(v.speaker, group.speaker)}"
                for v in variants)
            out.append(f"  - {shown}")
    return out + [""]


def story_markdown(story: Story, report: StoryReport, articles: Mapping[str, Article],
                   outlets: Mapping[str, str], titles: Mapping[str, str]) -> list[str]:
    """One story's section as Markdown lines."""
    refs = References(articles, outlets)
    out = [f"### {story.headline}", "",
           f"{len(story.articles)} articles · {story_span(story.start, story.end)} · "
           f"{sources_label(story.outlets, report.comparison.coverage.outlets)}", ""]
    if report.summary:
        out += ["#### Summary", ""]
        out += [f"{i}. {s.text} {refs.cite(s.citations)}" for i, s in enumerate(report.summary, 1)]
        out.append("")
    if report.timeline:
        out += ["#### Timeline", "", "| date | event | outlets |", "|---|---|---|"]
        out += [f"| {t.date}{' (background)' if t.background else ''} | {t.text.replace('|', '/')} "
                f"{refs.cite(t.citations, limit=6)} | {len(t.outlets)} |" for t in report.timeline]
        out.append("")
    if report.entities:
        out += _entities(report, refs)
    if report.quotes:
        out += _quotes(report, refs)
    comp = report.comparison
    if comp.agreements or comp.conflicts or comp.variants or comp.unique:
        out += _comparison(report.comparison, refs)
    out += ["#### Articles", ""] + [f"- [`{aid}`](#a-{aid}) {titles.get(aid, '')}" for aid in story.articles]
    sources = refs.sources()
    if sources:
        out += ["", "#### Sources", ""] + sources
    return out + [""]
