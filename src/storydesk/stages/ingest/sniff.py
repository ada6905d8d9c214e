"""Choose a reader for an input: by file extension first, then by the first bytes of its content.

The readers and what each claims live in the registry (:mod:`storydesk.stages.ingest.readers`);
these functions return the chosen reader's format name.
"""

from __future__ import annotations

from collections.abc import Sequence

from storydesk.stages.ingest.readers import PLAIN_FORMAT, registered_readers

GZIP_MAGIC = b"\x1f\x8b"
GZIP_SUFFIX = ".gz"
# Bytes of (decompressed) content that sniffing looks at: past an XML prolog and a few comments.
SNIFF_BYTES = 4096
_BOM_UTF8 = b"\xef\xbb\xbf"


def sniff_sample(head: bytes) -> bytes:
    """The part of an input's head that markup sniffing reads: BOM and leading space gone, lower-cased."""
    return head[:SNIFF_BYTES].removeprefix(_BOM_UTF8).lstrip().lower()


def inner_name(name: str) -> str:
    """The file name without a trailing ``.gz`` (``page.html.gz`` → ``page.html``), lower-cased."""
    lower = name.lower()
    return lower.removesuffix(GZIP_SUFFIX)


def by_extension(name: str, text_extensions: Sequence[str]) -> str | None:
    """The format a file name asks for, or None when the extension says nothing.

    The configured plain-text extensions win over every reader's own; among readers, the longest
    matching extension does (no two readers claim the same one).
    """
    lower = inner_name(name)
    if any(lower.endswith(ext) for ext in text_extensions):
        return PLAIN_FORMAT
    claims = [(len(ext), reader.format) for reader in registered_readers()
              for ext in reader.extensions if lower.endswith(ext)]
    return max(claims)[1] if claims else None


def by_content(head: bytes) -> str:
    """The format whose signature starts earliest in the first (decompressed) bytes; plain text if none."""
    found: list[tuple[int, int, str]] = []
    for order, reader in enumerate(registered_readers()):
        where = reader.sniff(head) if reader.sniff is not None else None
        if where is not None:
            found.append((where, order, reader.format))
    return min(found)[2] if found else PLAIN_FORMAT


def by_content_type(content_type: str | None) -> str | None:
    """The format a fetched page's ``Content-Type`` names, or None when it names none we know."""
    lower = (content_type or "").lower()
    for reader in registered_readers():
        if any(fragment in lower for fragment in reader.content_types):
            return reader.format
    return None


def choose_reader(name: str, head: bytes, text_extensions: Sequence[str]) -> str:
    """Pick the format of an input from its name, else from its decompressed head bytes."""
    return by_extension(name, text_extensions) or by_content(head)
