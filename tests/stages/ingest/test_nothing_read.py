"""A run that reads no article is an error saying, input by input, why (library side: api.read)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydesk import api
from storydesk.errors import IngestError, NothingReadError

BODY = "A strong earthquake hit the city on Monday, officials said. Rescue teams searched the rubble."


def _jsonl(path: Path, *records: dict[str, object], extra: str = "") -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + extra, encoding="utf-8")
    return path


def _other_tool(path: Path) -> Path:
    return _jsonl(path, {"uuid": "u1", "title": "Quake", "excerpt": BODY, "date": "2023-09-10"},
                  {"uuid": "u2", "title": "Aftershock", "excerpt": BODY + " Again.", "date": "2023-09-11"})


@pytest.mark.parametrize("on_error", ["skip", "raise"])
def test_a_jsonl_without_text_fields_names_the_fields_found_and_needed(tmp_path: Path,
                                                                        on_error: str) -> None:
    path = _other_tool(tmp_path / "news.jsonl")
    with pytest.raises(IngestError) as info:
        api.read([str(path)], on_error=on_error)  # type: ignore[arg-type]
    text = str(info.value)
    assert "date, excerpt, title, uuid" in text and "'text'" in text and "'html'" in text
    assert "--field text=excerpt" in text
    if on_error == "skip":  # every record skipped: nothing read, said per input
        assert isinstance(info.value, NothingReadError)
        assert text.splitlines()[0].startswith(f"no article read from {path} (1 file, 2 records seen")
        assert info.value.details[0] == f"{path}: 2 records, none readable"


def test_the_mapping_reads_what_was_not_read(tmp_path: Path) -> None:
    path = _other_tool(tmp_path / "news.jsonl")
    corpus = api.read([str(path)], fields={"text": "excerpt", "published": "date", "id": "uuid"})
    assert [a.ref for a in corpus.articles] == ["u1", "u2"]
    assert [a.published.value for a in corpus.articles] == ["2023-09-10", "2023-09-11"]


def test_a_bad_mapping_is_refused_before_reading(tmp_path: Path) -> None:
    from storydesk.errors import ConfigError

    with pytest.raises(ConfigError, match="one of: id, text, html"):
        api.read([str(tmp_path / "not-even-there.jsonl")], fields={"body": "excerpt"})


def test_only_bad_records_lists_a_few_and_counts_the_rest(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "broken.jsonl", extra="".join(f"not json {i}\n" for i in range(6)))
    with pytest.raises(NothingReadError) as info:
        api.read([str(path)], on_error="skip")
    details = info.value.details
    assert details[0] == f"{path}: 6 records, none readable"
    assert details[1].startswith("  line 1: malformed JSON")
    assert details[-1] == "  … and 3 other bad records"


def test_a_directory_with_no_readable_file_names_each_file(tmp_path: Path) -> None:
    (tmp_path / "photo.bin").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "blank.txt").write_text("   \n")
    with pytest.raises(NothingReadError) as info:
        api.read([str(tmp_path)], on_error="skip")
    assert str(info.value).splitlines()[0] == (f"no article read from {tmp_path} (2 files seen, none "
                                               "readable) [ingest]")
    assert info.value.details == (f"{tmp_path / 'blank.txt'}: empty file",
                                  f"{tmp_path / 'photo.bin'}: binary file, not text")


def test_an_empty_or_hidden_only_directory_is_named(tmp_path: Path) -> None:
    empty, hidden = tmp_path / "empty", tmp_path / "hidden"
    empty.mkdir()
    (hidden / ".git").mkdir(parents=True)
    (hidden / ".DS_Store").write_text("x")
    with pytest.raises(IngestError, match=r"empty: empty directory: no file to read"):
        api.read([str(empty)], on_error="skip")
    with pytest.raises(IngestError, match=r"only hidden entries, which are skipped \(\.DS_Store, \.git\)"):
        api.read([str(hidden)], on_error="skip")
    with pytest.raises(IngestError, match="glob matches nothing"):
        api.read([str(tmp_path / "*.jsonl")], on_error="skip")


def test_no_inputs_at_all_is_an_error() -> None:
    with pytest.raises(NothingReadError, match="no inputs given"):
        api.read([])


def test_uploads_that_give_nothing_are_an_error_too() -> None:
    with pytest.raises(NothingReadError) as info:
        api.read_bytes([("blank.txt", b"  "), ("photo.png", b"\x89PNG\x00\x00")], on_error="skip")
    assert info.value.message.startswith("no article read from blank.txt, photo.png (2 files seen")


def test_one_good_input_among_bad_ones_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("")
    (tmp_path / "story.txt").write_text(BODY)
    corpus = api.read([str(tmp_path)], on_error="skip")
    assert len(corpus.articles) == 1 and [s.reason for s in corpus.skipped] == ["empty file"]
