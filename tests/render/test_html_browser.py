"""report.html in a real headless browser (Debian's chromium): no console errors, citations highlight.

A harness script appended to a copy of the page clicks every citation link and logs the text the
page highlighted; the test compares it with the cited slice of the article text. Skips with a
message when no chromium is installed (``.ci/run`` installs it where it can).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.render.story_builders import story_report

from storydesk.render import render_html, render_json

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
HARNESS = """<script>
document.querySelectorAll('a.cite').forEach(function(link, i){
  link.click();
  var hl = document.querySelector('mark.hl');
  console.log('HL ' + i + ' ' + JSON.stringify(hl ? hl.textContent : null));
});
console.log('HARNESS DONE');
</script>"""
CONSOLE = re.compile(r':CONSOLE[^\]]*\] "(.*)", source: ')


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no headless chromium on this machine (apt-get install chromium)")


def console_messages(page: Path) -> list[str]:
    """What the page wrote to the console (errors included) while loading in headless chromium."""
    run = subprocess.run(
        [browser(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return [m.group(1) for m in CONSOLE.finditer(run.stderr)]


def check_page(html: str, report_json: str, tmp_path: Path) -> int:
    """Load the page with the harness; assert no errors and that every citation highlights its slice."""
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", HARNESS + "</body>"), encoding="utf-8")
    messages = console_messages(page)
    assert "HARNESS DONE" in messages, messages
    logged = [m for m in messages if not m.startswith("HL ") and m != "HARNESS DONE"]
    assert logged == [], f"console errors: {logged}"
    data = json.loads(report_json)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    links = re.findall(r"data-article='([^']+)' data-start='\d+' data-end='\d+' title='[^']*'>", html)
    highlighted = [json.loads(m.split(" ", 2)[2]) for m in messages if m.startswith("HL ")]
    assert len(highlighted) == len(links) > 0
    starts = re.findall(r"<a class='cite' href='#a-[^']+' data-article='[^']+' data-start='(\d+)' "
                        r"data-end='(\d+)'", html)
    for article, (start, end), text in zip(links, starts, highlighted, strict=True):
        cited = texts[article].encode("utf-16-le")[2 * int(start):2 * int(end)].decode("utf-16-le")
        assert text == cited
    return len(links)


@pytest.mark.integration
def test_story_html_renders_without_console_errors_and_citations_highlight(config, tmp_path) -> None:
    report = story_report(config)
    assert check_page(render_html(report), render_json(report), tmp_path) >= 10
