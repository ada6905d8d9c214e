"""``report.html``: one self-contained page; every piece of article text is escaped."""

from __future__ import annotations

from html import escape

from storydesk.model import Article, Report
from storydesk.render.story_html import CITE_SCRIPT, CiteLinks, story_section
from storydesk.render.view import article_heading, duplicate_of, outlet_labels, published_label

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}
article{border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0}
.meta{color:#555;font-size:.9rem}.text p{margin:.5rem 0}
details{margin-top:.5rem}.removed li{color:#8a1c1c}.reason{font-weight:600;color:#555}
table{border-collapse:collapse}table.timeline,table.conflicts,table.variants{width:100%}
td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}
.text{white-space:pre-wrap}mark.hl{background:#ffe066;outline:2px solid #f0b400}
section.story{border-top:3px solid #346;margin-top:2rem}h4{margin:1.5rem 0 .5rem}h5{margin:1rem 0 .25rem}
a.cite{font-size:.75rem;background:#eef;border-radius:3px;padding:0 .3rem;margin-left:.2rem;
text-decoration:none;color:#224}a.cite:hover{background:#ccf}.more{font-size:.75rem;color:#666}
.cards{display:flex;flex-wrap:wrap;gap:.5rem}.entity{border:1px solid #ddd;border-radius:6px;
padding:.4rem .6rem;flex:1 1 16rem}.type{font-size:.75rem;color:#fff;background:#678;border-radius:3px;
padding:0 .3rem}.statement{display:flex;gap:.5rem;flex-wrap:wrap}.statement blockquote{flex:1 1 18rem;
margin:.25rem 0;padding:.3rem .6rem;border-left:3px solid #99a;background:#f7f7fb}
.timeline-chart{width:100%;height:auto}.timeline-chart .axis{stroke:#555}.timeline-chart .stem{stroke:#bbb}
.timeline-chart .ev circle{fill:#346}.timeline-chart .bg circle{fill:#aaa}
.timeline-chart .coarse circle{fill:#fff;stroke-width:2}.timeline-chart .ev.coarse circle{stroke:#346}
.timeline-chart .bg.coarse circle{stroke:#aaa}.timeline-chart text{font-size:9px;fill:#333}
.timeline-chart .d{font-weight:600}tr.background{color:#777}.scroll{overflow-x:auto}
.coverage td.yes{color:#2a6;text-align:center}.coverage td,.coverage th{font-size:.8rem}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _article(article: Article, dup_group: str | None) -> str:
    # One text node, so a citation's offsets address the text directly (see story_html.CITE_SCRIPT).
    meta = (f"id <code>{_e(article.id)}</code> · outlet {_e(article.outlet or 'unknown')} · "
            f"published {_e(published_label(article))} · source <code>{_e(article.source)}</code>")
    if dup_group:
        meta += f" · near-duplicate group <code>{_e(dup_group)}</code>"
    removed = (f" · <a href='#removed-{_e(article.id)}'>{len(article.removed)} removed by cleaning</a>"
               if article.removed else "")
    return (f"<article id='a-{_e(article.id)}'><h3>{_e(article_heading(article))}</h3>"
            f"<div class='meta'>{meta}{removed}</div><div class='text'>{_e(article.text)}</div></article>")


def _removed_appendix(report: Report) -> str:
    """Appendix: every segment cleaning removed, per article, with its reason."""
    blocks = []
    for article in report.corpus.articles:
        if not article.removed:
            continue
        rows = "".join(f"<tr><td class='reason'>{_e(r.reason)}</td><td>{_e(r.text.strip())}</td></tr>"
                       for r in article.removed)
        blocks.append(f"<h3 id='removed-{_e(article.id)}'><a href='#a-{_e(article.id)}'>"
                      f"{_e(article_heading(article))}</a></h3>"
                      f"<table class='removed'><tr><th>reason</th><th>removed text</th></tr>{rows}</table>")
    return "<h2>Appendix: what cleaning removed</h2>" + "".join(blocks) if blocks else ""


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
    corpus = report.corpus
    if not corpus.stories:
        return ""
    articles = corpus.by_id()
    cites = CiteLinks(articles, outlet_labels(corpus.articles))
    titles = {a.id: article_heading(a) for a in corpus.articles}
    return "<h2>Stories</h2>" + "".join(story_section(s, corpus.report_of(s.id), cites, titles)
                                        for s in corpus.stories)


def _skipped(report: Report) -> str:
    if not report.corpus.skipped:
        return ""
    items = "".join(f"<li><code>{_e(s.source)}</code> ({_e(s.stage)}): {_e(s.reason)}</li>"
                    for s in report.corpus.skipped)
    return f"<h2>Skipped inputs</h2><ul>{items}</ul>"


def render_html(report: Report) -> str:
    """The report as a standalone HTML page (no external resources; one inline script for citations)."""
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
            f"<h2>Articles</h2>{arts}{_skipped(report)}{_removed_appendix(report)}"
            f"<script>{CITE_SCRIPT}</script></body></html>\n")
