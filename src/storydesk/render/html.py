"""``report.html``: one self-contained page; every piece of article text is escaped."""

from __future__ import annotations

from html import escape

from storydesk.model import Article, Report
from storydesk.render.view import article_heading, duplicate_of, published_label, story_span

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}
article{border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0}
.meta{color:#555;font-size:.9rem}.text p{margin:.5rem 0}
details{margin-top:.5rem}.removed li{color:#8a1c1c}.reason{font-weight:600;color:#555}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _article(article: Article, dup_group: str | None) -> str:
    paras = "".join(f"<p>{_e(p)}</p>" for p in article.text.split("\n\n") if p)
    meta = (f"id <code>{_e(article.id)}</code> · outlet {_e(article.outlet or 'unknown')} · "
            f"published {_e(published_label(article))} · source <code>{_e(article.source)}</code>")
    if dup_group:
        meta += f" · near-duplicate group <code>{_e(dup_group)}</code>"
    removed = ""
    if article.removed:
        items = "".join(f"<li><span class='reason'>{_e(r.reason)}</span>: {_e(r.text.strip())}</li>"
                        for r in article.removed)
        removed = (f"<details><summary>Removed by cleaning ({len(article.removed)})</summary>"
                   f"<ul class='removed'>{items}</ul></details>")
    return (f"<article id='a-{_e(article.id)}'><h3>{_e(article_heading(article))}</h3>"
            f"<div class='meta'>{meta}</div><div class='text'>{paras}</div>{removed}</article>")


def _duplicates(report: Report) -> str:
    if not report.corpus.duplicates:
        return ""
    rows = "".join(
        f"<tr><td><code>{_e(g.id)}</code></td><td>"
        + ", ".join(f"<a href='#a-{_e(m.article)}'>{_e(m.article)}</a> ({m.similarity:.2f})"
                    for m in g.members) + "</td></tr>"
        for g in report.corpus.duplicates)
    return f"<h2>Near-duplicates</h2><table><tr><th>group</th><th>members</th></tr>{rows}</table>"


def _stories(report: Report) -> str:
    if not report.corpus.stories:
        return ""
    titles = {a.id: article_heading(a) for a in report.corpus.articles}
    cards = []
    for story in report.corpus.stories:
        links = "".join(f"<li><a href='#a-{_e(aid)}'>{_e(titles.get(aid, aid))}</a></li>"
                        for aid in story.articles)
        cards.append(
            f"<section class='story' id='s-{_e(story.id)}'><h3>{_e(story.headline)}</h3>"
            f"<div class='meta'>{len(story.articles)} articles · {_e(story_span(story.start, story.end))}"
            f" · outlets: {_e(', '.join(story.outlets) or 'unknown')}</div>"
            f"<div class='meta'>key entities: {_e(', '.join(story.entities) or '—')}</div>"
            f"<ul>{links}</ul></section>")
    return "<h2>Stories</h2>" + "".join(cards)


def _skipped(report: Report) -> str:
    if not report.corpus.skipped:
        return ""
    items = "".join(f"<li><code>{_e(s.source)}</code> ({_e(s.stage)}): {_e(s.reason)}</li>"
                    for s in report.corpus.skipped)
    return f"<h2>Skipped inputs</h2><ul>{items}</ul>"


def render_html(report: Report) -> str:
    """The report as a standalone HTML page (no external resources, no scripts)."""
    corpus = report.corpus
    groups = duplicate_of(report)
    arts = "".join(_article(a, groups.get(a.id)) for a in corpus.articles)
    summary = (f"{len(corpus.articles)} articles · {len(corpus.duplicates)} near-duplicate groups · "
               f"{len(corpus.skipped)} skipped · generated {_e(report.generated)} by storydesk "
               f"{_e(report.version)}")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>storydesk report</title><style>{_CSS}</style></head><body>"
            f"<h1>storydesk report</h1><p class='meta'>{summary}</p>{_stories(report)}{_duplicates(report)}"
            f"<h2>Articles</h2>{arts}{_skipped(report)}</body></html>\n")
