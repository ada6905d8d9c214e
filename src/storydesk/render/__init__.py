"""Report → JSON / Markdown / HTML. Pure functions: a report in, a string out."""

from storydesk.render.html import render_html
from storydesk.render.json import render_json
from storydesk.render.markdown import render_markdown

__all__ = ["render_html", "render_json", "render_markdown"]
