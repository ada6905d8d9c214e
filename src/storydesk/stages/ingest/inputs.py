"""Expand command-line inputs (files, directories, globs, URLs) into an ordered list of inputs."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from storydesk.errors import IngestError
from storydesk.stages.ingest.url import is_url

InputKind = Literal["file", "url"]
_GLOB_CHARS = frozenset("*?[")
_HIDDEN = "."
# How many hidden entries the error for a directory without visible files names.
_HIDDEN_NAMED = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class InputRef:
    """One input to read: a local file path or an http(s) URL."""

    kind: InputKind
    location: str

    @property
    def name(self) -> str:
        """The file name (for a URL: its last path segment, else its host)."""
        if self.kind == "file":
            return Path(self.location).name
        parts = urlsplit(self.location)
        return parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or self.location


def _is_hidden(name: str) -> bool:
    """Dot-files and dot-directories are skipped when walking a directory."""
    return name.startswith(_HIDDEN)


def _walk(root: Path) -> Iterator[Path]:
    """Every visible file under ``root``, hidden files and directories pruned."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not _is_hidden(d)]
        for name in filenames:
            path = Path(dirpath, name)
            if not _is_hidden(name) and path.is_file():
                yield path


def _files_of(path: Path) -> list[Path]:
    """A file itself, or the sorted visible files under a directory."""
    if path.is_dir():
        return sorted(_walk(path))
    return [path] if path.is_file() else []


def _hidden_entries(root: Path) -> list[str]:
    """The names of the hidden entries directly in ``root`` (what a walk skipped), sorted."""
    try:
        return sorted(entry.name for entry in root.iterdir() if _is_hidden(entry.name))
    except OSError:
        return []


def _why_no_files(path: Path) -> str:
    """Why an existing path gave no file to read: an empty directory, only hidden files, not a file."""
    if not path.is_dir():
        return "not a regular file"
    hidden = _hidden_entries(path)
    if hidden:
        shown = ", ".join(hidden[:_HIDDEN_NAMED]) + (", …" if len(hidden) > _HIDDEN_NAMED else "")
        return f"directory holds no visible file, only hidden entries, which are skipped ({shown})"
    if any(path.iterdir()):
        return "directory holds no file, only empty directories"
    return "empty directory: no file to read"


def _expand_one(item: str) -> list[InputRef]:
    """The inputs one argument names; IngestError when it names nothing."""
    if is_url(item):
        return [InputRef(kind="url", location=item)]
    if "://" in item:
        raise IngestError(f"unsupported URL scheme {urlsplit(item).scheme!r}", source=item,
                          stage="ingest")
    path = Path(item)
    if path.exists():
        paths = _files_of(path)
        if not paths:
            raise IngestError(_why_no_files(path), source=item, stage="ingest")
    elif _GLOB_CHARS & set(item):
        matches = glob.glob(item, recursive=True)
        paths = sorted(p for match in matches for p in _files_of(Path(match)))
        if not paths:
            reason = (f"glob matches {len(matches)} path(s) but no file in them" if matches
                      else "glob matches nothing")
            raise IngestError(reason, source=item, stage="ingest")
    else:
        raise IngestError("no such file, directory or URL", source=item, stage="ingest")
    return [InputRef(kind="file", location=str(p)) for p in paths]


def expand_inputs(paths: Sequence[str]) -> list[InputRef]:
    """Files, directories (recursive, sorted, hidden entries skipped), globs and http(s) URLs.

    Each input appears once, in the order first named.

    Raises:
        IngestError: naming an argument that matches nothing.
    """
    seen: set[InputRef] = set()
    refs: list[InputRef] = []
    for item in paths:
        for ref in _expand_one(item):
            if ref not in seen:
                seen.add(ref)
                refs.append(ref)
    return refs
