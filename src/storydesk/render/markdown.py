"""``report.md``: the report for a person reading plain text."""

from __future__ import annotations

from storydesk.model import Article, Report
from storydesk.render.story_markdown import story_markdown
from storydesk.render.view import article_heading, outlet_labels, published_label


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _article(article: Article) -> list[str]:
    lines = [f"<a id=\"a-{article.id}\"></a>", "", f"### {article_heading(article)}", "",
             f"- id: `{article.id}` · ref: `{article.ref}` · source: `{article.source}`",
             f"- outlet: {article.outlet or 'unknown'} · published: {published_label(article)}"]
    if article.url:
        lines.append(f"- url: <{article.url}>")
    if article.removed:
        lines.append(f"- {len(article.removed)} segments removed by cleaning (see the appendix)")
    lines += ["", _quote(article.text), ""]
    return lines


def _removed_appendix(report: Report) -> list[str]:
    out = ["## Appendix: what cleaning removed", ""]
    for article in report.corpus.articles:
        if article.removed:
            out += [f"### [{article_heading(article)}](#a-{article.id})", ""]
            out += [f"- **{r.reason}**: {r.text.strip()[:300]!r}" for r in article.removed]
            out.append("")
    return out if len(out) > 2 else []


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
        articles, outlets = corpus.by_id(), outlet_labels(corpus.articles)
        for story in corpus.stories:
            out += story_markdown(story, corpus.report_of(story.id), articles, outlets, titles)
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
    out += _removed_appendix(report)
    return "\n".join(out)
