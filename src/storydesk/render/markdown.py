"""``report.md``: the report for a person reading plain text."""

from __future__ import annotations

from storydesk.model import Article, Report
from storydesk.render.view import article_heading, published_label, story_span


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _article(article: Article) -> list[str]:
    lines = [f"### {article_heading(article)}", "",
             f"- id: `{article.id}` · ref: `{article.ref}` · source: `{article.source}`",
             f"- outlet: {article.outlet or 'unknown'} · published: {published_label(article)}"]
    if article.url:
        lines.append(f"- url: <{article.url}>")
    lines += ["", _quote(article.text), ""]
    if article.removed:
        lines += [f"<details><summary>Removed by cleaning ({len(article.removed)})</summary>", ""]
        lines += [f"- **{r.reason}**: {r.text.strip()[:300]!r}" for r in article.removed]
        lines += ["", "</details>", ""]
    return lines


def render_markdown(report: Report) -> str:
    """The report as Markdown: articles, cleaned text, removals, near-duplicates, skipped inputs."""
    corpus = report.corpus
    out = ["# storydesk report", "",
           f"{len(corpus.articles)} articles · {len(corpus.duplicates)} near-duplicate groups · "
           f"{len(corpus.skipped)} skipped inputs · generated {report.generated} by storydesk "
           f"{report.version}", ""]
    titles = {a.id: article_heading(a) for a in corpus.articles}
    if corpus.stories:
        out += ["## Stories", ""]
        for story in corpus.stories:
            out += [f"### {story.headline}", "",
                    f"- {len(story.articles)} articles · {story_span(story.start, story.end)} · "
                    f"outlets: {', '.join(story.outlets) or 'unknown'}",
                    f"- key entities: {', '.join(story.entities) or '—'}", ""]
            out += [f"  - `{aid}` {titles.get(aid, '')}" for aid in story.articles]
            out.append("")
    if corpus.duplicates:
        out += ["## Near-duplicates", ""]
        for group in corpus.duplicates:
            members = ", ".join(f"`{m.article}` ({m.similarity:.2f})" for m in group.members)
            out.append(f"- {group.id}: {members}")
        out.append("")
    out += ["## Articles", ""]
    for article in corpus.articles:
        out += _article(article)
    if corpus.skipped:
        out += ["## Skipped inputs", ""]
        out += [f"- `{s.source}` ({s.stage}): {s.reason}" for s in corpus.skipped]
        out.append("")
    return "\n".join(out)
