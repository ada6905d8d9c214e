"""Bytes → text: BOM, a declared charset, UTF-8, else detection; binary input is refused."""

from __future__ import annotations

import codecs
import logging
import re

from storydesk.errors import IngestError

log = logging.getLogger(__name__)

# Longest BOM first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes looked at to decide "binary": enough for any header, cheap on a 20 MB file.
BINARY_SAMPLE_BYTES = 65_536
# Share of C0 control bytes (other than tab, newlines, form feed) above which input is not text;
# real text in any 8-bit or UTF-8 encoding has practically none.
BINARY_CONTROL_RATIO = 0.02
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x0b\x1b")
_CONTROL_LIMIT = 0x20
# Where an HTML page declares its encoding; only the head of the page is searched.
HTML_CHARSET_SAMPLE_BYTES = 4096
# Browsers read these declarations as windows-1252, and so do pages that use its curly quotes.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252"}
_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*([^;\s]+)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def _bom_codec(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def looks_binary(data: bytes) -> bool:
    """Whether the sample has NUL bytes or too many control characters to be text."""
    sample = data[:BINARY_SAMPLE_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < _CONTROL_LIMIT and b not in _TEXT_CONTROLS)
    return controls / len(sample) > BINARY_CONTROL_RATIO


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if any."""
    match = _META_CHARSET.search(data[:HTML_CHARSET_SAMPLE_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def content_type_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value, if any."""
    match = _CONTENT_TYPE_CHARSET.search(content_type or "")
    return match.group(1).strip("\"'") if match else None


def _try_codec(data: bytes, codec: str | None) -> str | None:
    """``data`` decoded strictly with ``codec``, or None if the codec is unknown or does not fit."""
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        log.debug("declared charset %s does not decode the input", codec)
        return None


def _detect(data: bytes, source: str) -> str:
    """Decode with charset-normalizer's best guess."""
    from charset_normalizer import from_bytes  # deferred: only needed for non-UTF-8 input

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("cannot detect the text encoding (binary file?)", source=source,
                          stage="ingest")
    log.debug("%s: detected encoding %s", source, best.encoding)
    return str(best)


def normalise_newlines(text: str) -> str:
    """Unify ``\\r\\n`` and ``\\r`` line ends to ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, *, source: str, declared: str | None = None) -> str:
    """Decode input bytes to text with unified newlines; never fails on a mere non-UTF-8 encoding.

    Order: byte-order mark, then UTF-8 (valid multi-byte UTF-8 is practically never an accident,
    while pages often mis-declare it), then ``declared`` (an HTTP or ``<meta>`` charset; latin-1
    read as cp1252 like browsers do), then detection.

    Raises:
        IngestError: "binary file" for NUL bytes or control characters, or an undecodable input.
    """
    bom = _bom_codec(data)
    if bom is not None:
        text = _try_codec(data, bom)
        if text is None:
            raise IngestError(f"invalid {bom} text after its byte-order mark", source=source,
                              stage="ingest")
        return normalise_newlines(text)
    if looks_binary(data):
        raise IngestError("binary file, not text", source=source, stage="ingest")
    text = _try_codec(data, "utf-8")
    if text is None:
        text = _try_codec(data, _WHATWG_ALIASES.get((declared or "").lower(), declared))
    return normalise_newlines(text if text is not None else _detect(data, source))
