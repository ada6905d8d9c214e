"""Bytes → text: BOMs, UTF-8, 8-bit encodings by detection, binary refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from storydesk.errors import IngestError
from storydesk.stages.ingest.decode import (
    content_type_charset,
    decode_bytes,
    html_declared_charset,
    looks_binary,
)


def test_latin1_file_decodes(data_dir: Path) -> None:
    text = decode_bytes((data_dir / "latin1.txt").read_bytes(), source="latin1.txt")
    assert "Sérgio Massa" in text and "Córdoba" in text and "Câmara" in text


def test_cp1252_file_decodes_curly_quotes_and_euro(data_dir: Path) -> None:
    text = decode_bytes((data_dir / "cp1252.txt").read_bytes(), source="cp1252.txt")
    assert text.startswith("“Le Président a déclaré que l’économie")
    assert "€" in text and "—" in text


def test_declared_latin1_is_read_as_cp1252() -> None:
    data = "“quoted” café".encode("cp1252")
    assert decode_bytes(data, source="x", declared="ISO-8859-1") == "“quoted” café"


def test_utf8_wins_over_a_wrong_declaration() -> None:
    assert decode_bytes("Zürich".encode(), source="x", declared="iso-8859-1") == "Zürich"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_bom_selects_the_codec(codec: str) -> None:
    data = "Ünïcödé text\r\nsecond line".encode(codec)
    assert decode_bytes(data, source="x") == "Ünïcödé text\nsecond line"


def test_bad_bytes_after_bom_are_an_error() -> None:
    with pytest.raises(IngestError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfa", source="bad.txt")


def test_binary_is_refused(data_dir: Path) -> None:
    with pytest.raises(IngestError, match="binary file") as info:
        decode_bytes((data_dir / "snapshot.bin").read_bytes(), source="snapshot.bin")
    assert str(info.value).startswith("snapshot.bin: binary file")


def test_control_characters_without_nul_count_as_binary() -> None:
    assert looks_binary(b"\x01\x02\x03\x04 some text" * 10)
    assert not looks_binary(b"plain text\twith tabs\r\nand lines\x0c")


def test_charsets_are_found_in_headers_and_meta() -> None:
    assert content_type_charset('text/html; charset="windows-1252"') == "windows-1252"
    assert content_type_charset("text/html") is None
    assert html_declared_charset(b'<head><meta charset="iso-8859-1"></head>') == "iso-8859-1"
    assert html_declared_charset(
        b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">') == "Shift_JIS"
