"""CLI: a run that reads no article exits 1 saying why; ``--field OURS=THEIRS`` reads other JSONL names.

In-process through Typer's runner, against real files in tmp_path and a real SQLite store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storydesk.adapters.cli import app

runner = CliRunner()

RECORDS = [
    {"uuid": "quake-1", "title": "Earthquake hits Al Haouz",
     "excerpt": "A strong earthquake hit the Al Haouz province on Friday night, officials said. Rescue "
                "teams searched the rubble of mountain villages for survivors on Saturday.",
     "date": "2023-09-09"},
    {"uuid": "quake-2", "title": "Rescuers race to reach villages",
     "excerpt": "Rescuers raced on Sunday to reach mountain villages cut off by the earthquake, as the "
                "death toll rose above two thousand, the interior ministry said.",
     "date": "2023-09-10"},
]


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def other_tool(tmp_path: Path) -> Path:
    """A JSONL file whose text is under ``excerpt``, its id under ``uuid``, its date under ``date``."""
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["analyze", "ingest", "clean"])
def test_zero_articles_exit_1_naming_the_fields_found_and_needed(command: str, other_tool: Path,
                                                                  tmp_path: Path) -> None:
    where = {"analyze": ["--out", str(tmp_path / "out")], "ingest": ["--db", str(tmp_path / "d.db")],
             "clean": ["--on-error", "skip"]}[command]
    result = _run(command, str(other_tool), *where)
    assert result.exit_code == 1
    summary = f"error: no article read from {other_tool} (1 file, 2 records seen, none readable)"
    assert summary in result.output
    assert f"{other_tool}: 2 records, none readable" in result.output
    assert "fields found in them: date, excerpt, title, uuid" in result.output
    assert "fields needed: 'text' or 'html'" in result.output
    assert "--field text=excerpt" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "d.db").exists()  # nothing written


def test_under_the_raise_policy_the_first_record_says_the_same(other_tool: Path, tmp_path: Path) -> None:
    result = _run("ingest", str(other_tool), "--db", str(tmp_path / "d.db"), "--on-error", "raise")
    assert result.exit_code == 1
    assert (f"error: {other_tool}:1: record has neither 'text' nor 'html' (its fields: date, excerpt, "
            "title, uuid; try --field text=excerpt)") in result.output


def test_a_directory_of_unreadable_files_names_each(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "photo.txt").write_bytes(b"\x00\x01\x02" * 50)
    (inputs / "empty.txt").write_text("")
    result = _run("analyze", str(inputs), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: no article read from {inputs} (2 files seen, none readable)" in result.output
    assert f"{inputs / 'empty.txt'}: empty file" in result.output
    assert f"{inputs / 'photo.txt'}: binary file, not text" in result.output


def test_an_empty_directory_is_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _run("ingest", str(empty), "--db", str(tmp_path / "d.db"))
    assert result.exit_code == 1
    assert f"error: {empty}: empty directory: no file to read" in result.output


def test_field_mapping_reads_a_file_whose_text_is_under_excerpt(other_tool: Path) -> None:
    result = _run("clean", str(other_tool), "--jsonl", "--field", "text=excerpt", "--field", "id=uuid",
                  "--field", "published=date")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["ref"] for r in records] == ["quake-1", "quake-2"]
    assert records[0]["text"].startswith("A strong earthquake hit")
    assert records[1]["published"]["value"] == "2023-09-10"


def test_field_mapping_in_analyze_and_ingest(other_tool: Path, tmp_path: Path) -> None:
    analyzed = _run("analyze", str(other_tool), "--out", str(tmp_path / "out"), "--field", "text=excerpt")
    assert analyzed.exit_code == 0, analyzed.output
    assert "2 articles" in analyzed.output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert len(report["articles"]) == 2
    ingested = _run("ingest", str(other_tool), "--db", str(tmp_path / "d.db"), "--field", "text=excerpt")
    assert ingested.exit_code == 0 and "added 2 · already present 0 · failed 0" in ingested.output


def test_a_mapping_to_an_unknown_field_names_the_valid_ones(other_tool: Path, tmp_path: Path) -> None:
    result = _run("analyze", str(other_tool), "--out", str(tmp_path / "out"), "--field", "body=excerpt")
    assert result.exit_code == 1
    assert "'body' is not a field storydesk reads" in result.output
    assert "one of: id, text, html, url, title, published, outlet, lang, date_source" in result.output


@pytest.mark.parametrize(("value", "message"), [("text", "expects OURS=THEIRS"),
                                                ("=excerpt", "expects OURS=THEIRS")])
def test_a_malformed_mapping_is_a_usage_error(value: str, message: str, other_tool: Path) -> None:
    result = _run("clean", str(other_tool), "--field", value)
    assert result.exit_code == 2 and message in result.output


def test_the_same_field_mapped_twice_is_a_usage_error(other_tool: Path) -> None:
    result = _run("clean", str(other_tool), "--field", "text=excerpt", "--field", "text=title")
    assert result.exit_code == 2 and "mapped twice" in result.output
