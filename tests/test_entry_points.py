"""Every entry point runs the one pipeline: ingesting a corpus gives the stories analyze gives.

Real data (dev-stories, 84 articles of 11 events) through the real CLI, in process: `analyze` writes
report.json; `ingest` fills a store, whose `stories --json` must list the same stories, each with the
same articles, headline, span and outlets. Skips when the data is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storydesk.adapters.cli import app

DATA = Path(os.environ.get("STORYDESK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
DEV_STORIES = DATA / "dev-stories" / "articles.jsonl"
FIELDS = ("id", "headline", "articles", "start", "end", "outlets")

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _stories(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: {k: (sorted(r[k]) if k == "articles" else r[k]) for k in FIELDS} for r in records}


@pytest.mark.slow
@pytest.mark.integration
def test_ingest_and_analyze_give_the_same_stories(tmp_path: Path) -> None:
    if not DEV_STORIES.is_file():
        pytest.skip(f"dev-stories not found at {DEV_STORIES} (set STORYDESK_DATA)")
    # The report phase does not touch the stories; leaving it out halves the test's time.
    _run("analyze", str(DEV_STORIES), "--out", str(tmp_path / "out"), "--set", "pipeline.report=[]")
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    db = str(tmp_path / "desk.db")
    _run("ingest", str(DEV_STORIES), "--db", db)
    stored = json.loads(_run("stories", "--db", db, "--json"))
    assert len(report["stories"]) >= 11
    assert _stories(stored) == _stories(report["stories"])
    again = _run("ingest", str(DEV_STORIES), "--db", db)
    assert "added 0" in again
    assert _stories(json.loads(_run("stories", "--db", db, "--json"))) == _stories(stored)


def test_bytes_in_memory_read_as_the_same_files_do(example_dir: Path) -> None:
    from storydesk import api

    files = sorted(example_dir.glob("*.txt"))
    from_files = api.read([str(p) for p in files])
    uploads = [(p.name, p.read_bytes()) for p in files]
    from_bytes = api.read_bytes(uploads)
    assert [(a.id, a.raw, a.title) for a in from_bytes.articles] == [
        (a.id, a.raw, a.title) for a in from_files.articles]
    bad = api.read_bytes([("blob.txt", b"\x00\x01\x02" * 100), *uploads[:1]], on_error="skip")
    assert len(bad.articles) == 1 and [s.source for s in bad.skipped] == ["blob.txt"]


@pytest.mark.slow
@pytest.mark.integration
def test_ingest_bytes_stores_what_ingest_of_the_files_stores(tmp_path: Path, example_dir: Path) -> None:
    from storydesk import api

    files = sorted(example_dir.glob("*.txt"))
    summary = api.ingest_bytes([(p.name, p.read_bytes()) for p in files], db=tmp_path / "a.db")
    assert summary.added == 5 and summary.failed == 0
    (story,) = api.list_stories(db=tmp_path / "a.db")
    assert len(story.articles) == 5
    again = api.ingest([str(p) for p in files], db=tmp_path / "a.db")
    assert (again.added, again.present) == (0, 5)
