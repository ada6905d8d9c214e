"""The story sections of ``report.html``: summary, timeline chart, entities, quotes, comparison.

Every citation is a link ``#cite-<article>-<start>-<end>``; the page's one small script turns it into
a highlighted range of the cited article's text and scrolls to it. Without the script the link
still lands on the article (``#a-<article>``). Offsets are written in UTF-16 code units, the unit
the browser's DOM counts in, so characters outside the Basic Multilingual Plane cannot shift them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from storydesk.model import Article, Citation, Comparison, SlotComparison, Story, StoryReport
from storydesk.render.timeline_svg import timeline_svg
from storydesk.render.view import sources_label, story_span


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def utf16_offset(text: str, index: int) -> int:
    """The DOM (UTF-16) offset of a Python (code point) index into ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


class CiteLinks:
    """Renders citations as links, labelled by outlet, with DOM offsets into each article."""

    def __init__(self, articles: Mapping[str, Article], outlets: Mapping[str, str]) -> None:
        self._articles = articles
        self._outlets = outlets

    def link(self, cit: Citation) -> str:
        """One citation as a link labelled with the outlet."""
        article = self._articles.get(cit.article)
        label = self._outlets.get(cit.article, cit.article[:8])
        if article is None:
            return f"<span class='cite missing'>{_e(label)}</span>"
        start, end = utf16_offset(article.text, cit.start), utf16_offset(article.text, cit.end)
        snippet = article.text[cit.start:cit.end].strip()[:200]
        return (f"<a class='cite' href='#a-{_e(cit.article)}' data-article='{_e(cit.article)}' "
                f"data-start='{start}' data-end='{end}' title='{_e(snippet)}'>{_e(label)}</a>")

    def links(self, citations: Sequence[Citation], limit: int = 12) -> str:
        """Citations as a run of links (one per citation, at most ``limit`` shown)."""
        shown = "".join(self.link(c) for c in citations[:limit])
        more = f"<span class='more'>+{len(citations) - limit}</span>" if len(citations) > limit else ""
        return f"<span class='cites'>{shown}{more}</span>"


def _summary(report: StoryReport, cites: CiteLinks) -> str:
    if not report.summary:
        return ""
    items = "".join(f"<li>{_e(s.text)} {cites.links(s.citations)}</li>" for s in report.summary)
    return f"<h4>Summary</h4><ol class='summary'>{items}</ol>"


def _timeline(report: StoryReport, cites: CiteLinks) -> str:
    if not report.timeline:
        return ""
    rows = "".join(
        f"<tr class='{'background' if t.background else 'event'}'><td class='date'>{_e(t.date)}"
        f"<div class='meta'>{_e(t.granularity)}{' · background' if t.background else ''}</div></td>"
        f"<td>{_e(t.text)}<div class='meta'>{len(t.outlets)} outlets {cites.links(t.citations)}</div>"
        "</td></tr>" for t in report.timeline)
    return (f"<h4>Timeline</h4>{timeline_svg(report.timeline)}"
            f"<table class='timeline'><tr><th>date</th><th>event</th></tr>{rows}</table>")


def _entities(report: StoryReport, cites: CiteLinks, limit: int = 24) -> str:
    if not report.entities:
        return ""
    cards = []
    for ent in report.entities[:limit]:
        votes = ", ".join(f"{k} {v}" for k, v in sorted(ent.type_votes.items(), key=lambda kv: -kv[1]))
        aliases = ", ".join(a for a in ent.aliases if a != ent.name)
        cards.append(
            f"<div class='entity'><b>{_e(ent.name)}</b> <span class='type'>{_e(ent.type)}</span>"
            + (f"<div class='meta'>types voted: {_e(votes)}</div>" if len(ent.type_votes) > 1 else "")
            + (f"<div class='meta'>also: {_e(aliases)}</div>" if aliases else "")
            + f"<div class='meta'>{len(ent.mentions)} mentions · {len(ent.outlets)} outlets "
            f"{cites.links(ent.mentions, limit=4)}</div></div>")
    more = (f"<p class='meta'>{len(report.entities) - limit} more entities in report.json</p>"
            if len(report.entities) > limit else "")
    return f"<h4>Entities</h4><div class='cards'>{''.join(cards)}</div>{more}"


def _credit(credited: str, speaker: str) -> str:
    """A note naming the outlet's own credit when it differs from the group's speaker."""
    return f"<div class='meta'>credited to {_e(credited)}</div>" if credited and credited != speaker else ""


def _quotes(report: StoryReport, cites: CiteLinks) -> str:
    if not report.quotes:
        return ""
    blocks = []
    for group in report.quotes:
        statements = "".join(
            "<div class='statement'>" + "".join(
                f"<blockquote>{_e(v.text)} {cites.links(v.citations)}{_credit(v.speaker, group.speaker)}"
                "</blockquote>" for v in variants)
            + "</div>" for variants in group.statements)
        blocks.append(f"<div class='quotes'><h5>{_e(group.speaker)}</h5>{statements}</div>")
    return "<h4>Who said what</h4>" + "".join(blocks)


def _slot_rows(items: Sequence[SlotComparison], cites: CiteLinks) -> str:
    return "".join(
        f"<tr><td>{_e(item.slot)}<div class='meta'>{_e(item.kind)}</div></td><td><ul>"
        + "".join(f"<li><b>{_e(v.text)}</b> {cites.links(v.citations)}</li>" for v in item.values)
        + f"</ul></td><td class='meta'>{_e(item.reason)}</td></tr>" for item in items)


def _coverage(comp: Comparison) -> str:
    cov = comp.coverage
    if not cov.outlets or not cov.facts:
        return ""
    numbers = {fid: i + 1 for i, fid in enumerate(cov.facts)}
    head = "".join(f"<th title='{_e(fid)}'>{numbers[fid]}</th>" for fid in cov.facts)
    rows = "".join(f"<tr><th>{_e(outlet)}</th>"
                   + "".join("<td class='yes'>●</td>" if hit else "<td></td>" for hit in row) + "</tr>"
                   for outlet, row in zip(cov.outlets, cov.matrix, strict=True))
    return (f"<h5>Coverage (outlets × facts)</h5><div class='scroll'><table class='coverage'>"
            f"<tr><th></th>{head}</tr>{rows}</table></div>")


def _comparison(report: StoryReport, cites: CiteLinks) -> str:
    comp = report.comparison
    parts = []
    if comp.agreements:
        items = "".join(f"<li>{_e(f.text)} <span class='meta'>({len(f.outlets)} outlets)</span> "
                        f"{cites.links(f.citations)}</li>" for f in comp.agreements)
        parts.append(f"<h5>Agreements</h5><ol class='facts'>{items}</ol>")
    head = "<tr><th>slot</th><th>values</th><th>why</th></tr>"
    parts.append("<h5>Conflicts</h5>" + (f"<table class='conflicts'>{head}{_slot_rows(comp.conflicts, cites)}"
                                          "</table>" if comp.conflicts else "<p class='meta'>none found</p>"))
    if comp.variants:
        parts.append(f"<h5>Compatible variants</h5><table class='variants'>{head}"
                     f"{_slot_rows(comp.variants, cites)}</table>")
    if comp.unique:
        by_outlet: dict[str, list[str]] = {}
        for u in comp.unique:
            by_outlet.setdefault(u.outlet, []).append(f"<li>{_e(u.text)} {cites.links(u.citations)}</li>")
        parts.append("<h5>Only one outlet reports</h5>" + "".join(
            f"<div class='unique'><b>{_e(o)}</b><ul>{''.join(items)}</ul></div>"
            for o, items in sorted(by_outlet.items())))
    parts.append(_coverage(comp))
    return "<h4>Sources compared</h4>" + "".join(parts)


def story_section(story: Story, report: StoryReport, cites: CiteLinks,
                  titles: Mapping[str, str]) -> str:
    """One story: header, summary, timeline, entities, quotes, comparison, member articles."""
    links = "".join(f"<li><a href='#a-{_e(aid)}'>{_e(titles.get(aid, aid))}</a></li>"
                    for aid in story.articles)
    return (f"<section class='story' id='s-{_e(story.id)}'><h3>{_e(story.headline)}</h3>"
            f"<div class='meta'>{len(story.articles)} articles · {_e(story_span(story.start, story.end))}"
            f" · {_e(sources_label(story.outlets, report.comparison.coverage.outlets))}</div>"
            f"{_summary(report, cites)}{_timeline(report, cites)}{_entities(report, cites)}"
            f"{_quotes(report, cites)}{_comparison(report, cites)}"
            f"<h4>Articles</h4><ul>{links}</ul></section>")


#: Turns a citation link into a highlighted range of the cited article's text.
CITE_SCRIPT = """
(function(){
  var current=null;
  function clear(){
    if(!current){return;}
    var parent=current.parentNode;
    while(current.firstChild){parent.insertBefore(current.firstChild,current);}
    parent.removeChild(current);parent.normalize();current=null;
  }
  function show(link){
    var box=document.querySelector('#a-'+link.dataset.article+' .text');
    if(!box||!box.firstChild){return false;}
    clear();
    var node=box.firstChild,start=+link.dataset.start,end=+link.dataset.end;
    if(end>node.length){return false;}
    var range=document.createRange();range.setStart(node,start);range.setEnd(node,end);
    current=document.createElement('mark');current.className='hl';range.surroundContents(current);
    current.scrollIntoView({block:'center'});return true;
  }
  document.addEventListener('click',function(ev){
    var link=ev.target.closest?ev.target.closest('a.cite'):null;
    if(link&&show(link)){ev.preventDefault();}
  });
})();
"""
