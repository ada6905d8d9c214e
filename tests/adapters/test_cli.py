"""CLI tests, in-process (Typer's runner) against real files and a real SQLite store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from storydesk import __version__
from storydesk.adapters.cli import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _commands() -> list[list[str]]:
    """Every command the app registers, sub-commands included (so a new one cannot go undocumented)."""
    import typer.main

    group = typer.main.get_command(app)
    found = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        found += [[name, sub] for sub in subs] if subs else [[name]]
    return sorted(found)


COMMANDS = _commands()


def test_all_expected_commands_exist() -> None:
    assert {"analyze", "clean", "ingest", "articles", "show"} <= {c[0] for c in COMMANDS}
    assert ["eval", "extraction"] in COMMANDS


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_a_readme_line(command: list[str]) -> None:
    result = _run(*command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output
    readme = (REPO / "README.md").read_text()
    assert re.search(rf"`storydesk {' '.join(command)}\b", readme), f"README lacks {command}"


def test_version() -> None:
    result = _run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_analyze_example_writes_three_valid_reports(tmp_path: Path, example_dir: Path) -> None:
    result = _run("analyze", str(example_dir), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for name in ("report.json", "report.md", "report.html", "config.json"):
        assert (tmp_path / name).stat().st_size > 0
    report = json.loads((tmp_path / "report.json").read_text())
    schema = json.loads((REPO / "schema" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert len(report["articles"]) == 5


def test_clean_jsonl_prints_one_object_per_input(example_dir: Path) -> None:
    result = _run("clean", str(example_dir / "002_0da9b380cdf7181b.txt"), "--jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 1
    rec = records[0]
    assert {"ref", "source", "title", "published", "text", "removed"} <= set(rec)
    assert "Share it" not in rec["text"] and "Leave a Reply" not in rec["text"]
    assert {r["reason"] for r in rec["removed"]} >= {"share-buttons", "comments-widget", "stray-token"}


def test_ingest_is_idempotent_and_show_works(tmp_path: Path, example_dir: Path) -> None:
    db = tmp_path / "desk.db"
    first = _run("ingest", str(example_dir), "--db", str(db))
    assert first.exit_code == 0 and "added 5 · already present 0 · failed 0" in first.output
    second = _run("ingest", str(example_dir), "--db", str(db))
    assert "added 0 · already present 5 · failed 0" in second.output
    listing = _run("articles", "--db", str(db))
    assert "5 articles" in listing.output
    some_id = re.search(r"\b([0-9a-f]{16})\b", listing.output).group(1)
    shown = _run("show", some_id[:6], "--db", str(db))
    assert shown.exit_code == 0 and some_id in shown.output


def test_bad_input_fails_with_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "blob.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["clean", str(bad), "--on-error", "raise"])
    assert result.exit_code == 1
    assert "blob.txt" in result.output and "Traceback" not in result.output


def test_skip_policy_goes_on_and_reports(tmp_path: Path, example_dir: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    db = tmp_path / "desk.db"
    result = _run("ingest", str(bad), str(example_dir / "000_4324c2cefd261c23.txt"), "--db", str(db),
                  "--on-error", "skip")
    assert result.exit_code == 0
    assert "added 1" in result.output and "failed 1" in result.output and "empty.txt" in result.output


def test_unknown_setting_is_a_clear_error(example_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(example_dir), "--out", str(tmp_path), "--set", "nope.x=1"])
    assert result.exit_code == 1 and "nope" in result.output


@pytest.mark.integration
def test_ingest_streams_articles_into_stories(tmp_path: Path, example_dir: Path) -> None:
    db = tmp_path / "desk.db"
    files = sorted(str(p) for p in example_dir.glob("*.txt"))
    assert "added 2" in _run("ingest", *files[:2], "--db", str(db)).output
    assert "added 3" in _run("ingest", *files, "--db", str(db)).output
    listing = _run("stories", "--db", str(db))
    assert listing.exit_code == 0 and "1 stories" in listing.output
    story_id = re.search(r"(story-[0-9a-f]{6})", listing.output).group(1)
    shown = _run("story", story_id, "--db", str(db), "--out", str(tmp_path / "story"))
    assert shown.exit_code == 0 and "5 articles" in shown.output
    assert "summary" in shown.output and "timeline" in shown.output and "2023-03-15" in shown.output
    report = json.loads((tmp_path / "story" / "report.json").read_text())
    jsonschema.validate(report, json.loads((REPO / "schema" / "report.schema.json").read_text()))
    assert report["stories"][0]["summary"] and report["stories"][0]["timeline"]

    from storydesk.store import SqliteStore

    with SqliteStore(db, batch_size=10) as store:
        assert store.change_count() >= 5  # every arrival recorded (open / assign / merge)


@pytest.fixture(scope="module")
def stored_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store holding the ingested example (ingest is slow: done once for the listing tests)."""
    db = tmp_path_factory.mktemp("listing") / "desk.db"
    example = REPO / "examples" / "assad-moscow-2023"
    result = _run("ingest", str(example), "--db", str(db))
    assert result.exit_code == 0 and "added 5" in result.output, result.output
    return db


def _json_array(*args: str) -> list[dict]:
    result = _run(*args)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    return records


@pytest.mark.integration
def test_articles_json_prints_the_stored_records(stored_example: Path) -> None:
    records = _json_array("articles", "--db", str(stored_example), "--json")
    assert len(records) == 5 and len({r["id"] for r in records}) == 5
    keys = {"schema_version", "id", "ref", "source", "url", "outlet", "title", "language", "published",
            "text_length", "stages"}
    assert all(keys <= set(r) for r in records)
    by_ref = {r["ref"]: r for r in records}
    assert "003_9f9fd9f83c72fc1f.txt" in by_ref
    shown = _run("show", records[0]["id"], "--db", str(stored_example))
    assert records[0]["title"] is None or records[0]["title"] in shown.output
    for rec in records:
        assert {"value", "basis", "confidence"} <= set(rec["published"])
        assert rec["text_length"] > 200 and "clean.v1" in rec["stages"]
    # "unknown": the inference says so rather than guess (calibrated confidence below its floor).
    assert {r["published"]["basis"] for r in records} <= {"header", "metadata", "url", "inferred", "unknown"}


@pytest.mark.integration
def test_stories_json_prints_the_stored_stories(stored_example: Path) -> None:
    stories = _json_array("stories", "--db", str(stored_example), "--json")
    articles = {r["id"] for r in _json_array("articles", "--db", str(stored_example), "--json")}
    assert len(stories) == 1
    (story,) = stories
    assert story["id"].startswith("story-") and story["headline"]
    assert set(story["articles"]) == articles
    assert story["start"] <= "2023-03-15" <= story["end"]
    assert story["entities"] and "Assad" in " ".join(story["entities"])
    assert isinstance(story["outlets"], list)


def test_json_listing_keeps_non_ascii_text_readable(tmp_path: Path) -> None:
    page = tmp_path / "zurich.txt"
    page.write_text(" date 2023-03-15\nZürich talks on Syria's reconstruction end\n"
                    "Delegates met in Zürich on Wednesday to discuss the reconstruction of Syria. "
                    "The talks ended without a joint statement.\n", encoding="utf-8")
    db = tmp_path / "desk.db"
    assert _run("ingest", str(page), "--db", str(db)).exit_code == 0
    result = _run("articles", "--db", str(db), "--json")
    assert "Zürich" in result.stdout and "\\u00fc" not in result.stdout
    (record,) = json.loads(result.stdout)
    assert record["title"] == "Zürich talks on Syria's reconstruction end"
    assert record["published"]["value"] == "2023-03-15" and record["published"]["basis"] == "header"


def test_json_listing_of_an_empty_store_is_an_empty_array(tmp_path: Path) -> None:
    for command in ("articles", "stories"):
        assert _json_array(command, "--db", str(tmp_path / "empty.db"), "--json") == []
