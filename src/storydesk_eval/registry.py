"""The corpus registry: which corpora can score each task, and how they are found under a data folder.

Each task lists its :class:`CorpusFormat` entries. A format recognises corpora by their files,
wherever they sit under the data folder (recursively):

- ``dir``: a directory holding every path in ``needs`` (e.g. ``articles.jsonl`` +
  ``gold_clusters.json``) is one corpus, named by its path under the data folder (``dev-stories-2``);
- ``files``: files matching ``needs[0]`` (e.g. ``*.tml``) that the format accepts are grouped by the
  top-level folder under the data folder that holds them (``tempeval3``; the data folder itself when
  they sit directly in it), one corpus per group;
- ``gold``: the annotated gold folder of the repository (``eval/gold``) holding ``needs``, named by
  the format (``eval-gold``).

A format may also refuse a candidate (``accept``), e.g. a quote gold set whose articles are absent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Layout = Literal["dir", "files", "gold"]


@dataclass(frozen=True, kw_only=True, slots=True)
class EvalOptions:
    """What a scorer may need besides its corpus: the gold folder, the bundled example, knobs."""

    gold_dir: Path = Path("eval/gold")
    examples_dir: Path = Path("examples/assad-moscow-2023")
    data_dir: Path = Path("../shared/data")
    sentences: int = 6
    shuffles: int = 5


def _always(path: Path, options: EvalOptions) -> bool:
    return True


@dataclass(frozen=True, kw_only=True, slots=True)
class CorpusFormat:
    """One kind of corpus that scores a task: how it is recognised, and its scorer.

    ``score(corpus, options)`` returns the corpus's figures (with ``n``, the count of scored gold
    items, and ``baseline`` where the task has one). ``extras`` are modules of the ``eval`` extra
    the scorer imports (checked before anything runs).
    """

    name: str
    layout: Layout
    needs: tuple[str, ...]
    score: Callable[[EvalCorpus, EvalOptions], dict[str, Any]]
    accept: Callable[[Path, EvalOptions], bool] = _always
    extras: tuple[str, ...] = field(default=())
    #: ``path``: a corpus is named by its folder; ``format``: by :attr:`name` (a corpus assembled
    #: from several folders, such as glued pairs built from dev-stories and the benchmark).
    named_by: Literal["path", "format"] = "path"
    #: What ``accept`` checks beyond ``needs``, in words (shown when no corpus is found).
    also_needs: str = ""

    def describe(self) -> str:
        """What a corpus of this format needs, for messages: ``"dev-stories: a + b (and ...)"``."""
        extra = f" (and {self.also_needs})" if self.also_needs else ""
        return f"{self.name}: {' + '.join(self.needs)}{extra}"


@dataclass(frozen=True, kw_only=True, slots=True)
class EvalCorpus:
    """One corpus found for a task: its name, where it is, what it needs, and its format."""

    task: str
    name: str
    path: Path
    format: CorpusFormat

    @property
    def needs(self) -> tuple[str, ...]:
        """The paths (relative to :attr:`path`) or file pattern the corpus was recognised by."""
        return self.format.needs

    def score(self, options: EvalOptions) -> dict[str, Any]:
        """The corpus's row: ``{"task", "corpus", "format", "path", **figures}``."""
        figures = self.format.score(self, options)
        return {"task": self.task, "corpus": self.name, "format": self.format.name, "path": str(self.path),
                **figures}


def _name(path: Path, root: Path) -> str:
    """A corpus's name: its path under the data folder, or the folder's own name when it is the root."""
    relative = path.relative_to(root).as_posix()
    return relative if relative != "." else root.resolve().name


def _directories(root: Path) -> list[Path]:
    """The root and every directory under it, sorted."""
    return [root, *sorted(p for p in root.rglob("*") if p.is_dir())] if root.is_dir() else []


def _dir_corpora(task: str, fmt: CorpusFormat, root: Path, options: EvalOptions) -> list[EvalCorpus]:
    return [EvalCorpus(task=task, name=_name(d, root) if fmt.named_by == "path" else fmt.name, path=d,
                       format=fmt)
            for d in _directories(root)
            if all((d / need).exists() for need in fmt.needs) and fmt.accept(d, options)]


def _top_folder(path: Path, root: Path) -> Path:
    """The folder directly under ``root`` that holds ``path`` (``root`` for a file directly in it)."""
    parts = path.relative_to(root).parts
    return root / parts[0] if len(parts) > 1 else root


def _file_corpora(task: str, fmt: CorpusFormat, root: Path, options: EvalOptions) -> list[EvalCorpus]:
    if not root.is_dir():
        return []
    groups = sorted({_top_folder(p, root) for p in root.rglob(fmt.needs[0])
                     if p.is_file() and fmt.accept(p, options)})
    return [EvalCorpus(task=task, name=_name(g, root), path=g, format=fmt) for g in groups]


def _gold_corpora(task: str, fmt: CorpusFormat, options: EvalOptions) -> list[EvalCorpus]:
    gold = options.gold_dir
    present = all((gold / need).exists() for need in fmt.needs) and fmt.accept(gold, options)
    return [EvalCorpus(task=task, name=fmt.name, path=gold, format=fmt)] if present else []


def find_corpora(task: str, formats: Sequence[CorpusFormat], data_dir: Path,
                 options: EvalOptions) -> list[EvalCorpus]:
    """Every corpus under ``data_dir`` (and the gold folder) that one of ``formats`` recognises."""
    found: list[EvalCorpus] = []
    for fmt in formats:
        if fmt.layout == "dir":
            found += _dir_corpora(task, fmt, data_dir, options)
        elif fmt.layout == "files":
            found += _file_corpora(task, fmt, data_dir, options)
        else:
            found += _gold_corpora(task, fmt, options)
    return found
