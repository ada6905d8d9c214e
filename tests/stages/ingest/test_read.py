"""Input expansion, reader dispatch, whole-file errors and the raise/skip policies."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storydesk.errors import IngestError
from storydesk.model import Skipped
from storydesk.stages.ingest import (
    HttpSettings,
    IngestSettings,
    InputRef,
    expand_inputs,
    iter_articles,
    read_input,
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A directory with nested, hidden and dot-directory files."""
    for rel in ("b.txt", "a/z.html", "a/c.txt", ".hidden.txt", ".cache/x.txt", "a/.git-like/y.txt"):
        path = tmp_path / "in" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Some article text.\n", encoding="utf-8")
    return tmp_path / "in"


def test_directories_are_walked_sorted_without_hidden_entries(tree: Path) -> None:
    refs = expand_inputs([str(tree)])
    assert [Path(r.location).relative_to(tree).as_posix() for r in refs] == ["a/c.txt", "a/z.html", "b.txt"]
    assert all(r.kind == "file" for r in refs)


def test_globs_urls_and_duplicates(tree: Path) -> None:
    refs = expand_inputs([f"{tree}/**/*.txt", str(tree / "b.txt"), "https://example.org/news/1"])
    assert [r.name for r in refs] == ["c.txt", "b.txt", "1"]
    assert refs[-1] == InputRef(kind="url", location="https://example.org/news/1")


@pytest.mark.parametrize("arg", ["no/such/file.txt", "no/such/*.txt", "ftp://example.org/x"])
def test_a_path_that_matches_nothing_is_named(arg: str) -> None:
    with pytest.raises(IngestError) as info:
        expand_inputs([arg])
    assert str(info.value).startswith(f"{arg}: ")


def test_empty_directory_matches_nothing(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="empty directory"):
        expand_inputs([str(tmp_path)])


@pytest.mark.parametrize(("name", "reason"), [
    ("empty.txt", "empty file"), ("photo.txt", "binary file"), ("snapshot.bin", "binary file"),
])
def test_whole_file_errors_name_the_file(name: str, reason: str, data_dir: Path,
                                         ingest_settings: IngestSettings,
                                         http_settings: HttpSettings) -> None:
    path = data_dir / name
    with pytest.raises(IngestError) as info:
        read_input(expand_inputs([str(path)])[0], ingest=ingest_settings, http=http_settings)
    assert str(info.value) == f"{path}: {reason}" + (", not text" if reason == "binary file" else "") \
        + " [ingest]"


def test_whitespace_only_file_is_empty(tmp_path: Path, ingest_settings: IngestSettings,
                                       http_settings: HttpSettings) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\t\n", encoding="utf-8")
    with pytest.raises(IngestError, match="empty file"):
        read_input(expand_inputs([str(blank)])[0], ingest=ingest_settings, http=http_settings)


def test_size_cap_also_after_decompression(tmp_path: Path, http_settings: HttpSettings) -> None:
    bomb = tmp_path / "page.html.gz"
    bomb.write_bytes(gzip.compress(b"<html><body>" + b"a " * 50_000 + b"</body></html>"))
    assert bomb.stat().st_size < 1000
    with pytest.raises(IngestError, match="larger than 1000 bytes once decompressed"):
        read_input(expand_inputs([str(bomb)])[0], ingest=IngestSettings(max_bytes=1000), http=http_settings)


def test_corrupt_gzip(tmp_path: Path, ingest_settings: IngestSettings, http_settings: HttpSettings) -> None:
    broken = tmp_path / "page.html.gz"
    broken.write_bytes(gzip.compress(b"<html>" * 100)[:30])
    with pytest.raises(IngestError, match="page.html.gz: "):
        read_input(expand_inputs([str(broken)])[0], ingest=ingest_settings, http=http_settings)


def test_unreadable_file(tmp_path: Path, ingest_settings: IngestSettings,
                         http_settings: HttpSettings) -> None:
    ref = InputRef(kind="file", location=str(tmp_path / "gone.txt"))
    with pytest.raises(IngestError, match="gone.txt: cannot read file"):
        read_input(ref, ingest=ingest_settings, http=http_settings)


def test_content_sniffing_without_extension(tmp_path: Path, data_dir: Path,
                                            ingest_settings: IngestSettings,
                                            http_settings: HttpSettings) -> None:
    for src, fmt in (("kremlin-talks.html", "html"), ("atom-space.xml", "atom"),
                     ("records.jsonl", "jsonl"), ("latin1.txt", "text")):
        target = tmp_path / src.split(".")[0]
        target.write_bytes((data_dir / src).read_bytes())
        result = iter_articles([str(target)], ingest=ingest_settings, http=http_settings, skipped=[])
        assert {a.format for a in result} == {fmt}


def test_raise_policy_stops_at_the_first_failure(data_dir: Path, ingest_settings: IngestSettings,
                                                 http_settings: HttpSettings) -> None:
    with pytest.raises(IngestError, match="atom-space|cp1252|empty"):
        list(iter_articles([str(data_dir)], ingest=ingest_settings, http=http_settings))


def test_skip_policy_reads_everything_it_can(data_dir: Path, ingest_settings: IngestSettings,
                                             http_settings: HttpSettings) -> None:
    skipped: list[Skipped] = []
    articles = list(iter_articles([str(data_dir)], ingest=ingest_settings, http=http_settings,
                                  skipped=skipped))
    assert {a.format for a in articles} == {"atom", "html", "jsonl", "rss", "text"}
    assert len(articles) == 14
    reasons = {Path(s.source.split("#")[0].rsplit(":", 1)[0]).name: s.reason for s in skipped}
    assert reasons == {"empty.txt": "empty file", "photo.txt": "binary file, not text",
                       "records.jsonl": reasons["records.jsonl"], "rss-world.xml": reasons["rss-world.xml"],
                       "snapshot.bin": "binary file, not text"}
    assert all(s.stage == "ingest" for s in skipped)
