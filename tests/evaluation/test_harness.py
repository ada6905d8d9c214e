"""The evaluation harness: corpora found recursively, one row per corpus, JSON lines, cross-corpus choice."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from storydesk.adapters.cli import app
from storydesk.errors import EvalError
from storydesk_eval import extras, train_clustering
from storydesk_eval.harness import corpora_for, run_task
from storydesk_eval.registry import CorpusFormat, EvalCorpus, EvalOptions
from storydesk_eval.tasks import TASKS

runner = CliRunner()


def _story_corpus(folder: Path, *, events: bool = True) -> Path:
    """A tiny dev-stories-format corpus: two articles in one gold story (and one gold event)."""
    folder.mkdir(parents=True)
    records = [{"id": f"a{i}", "text": f"Story text {i}.", "outlet": f"o{i}.com"} for i in range(2)]
    (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "gold_clusters.json").write_text(json.dumps({"s": ["a0", "a1"]}))
    story = {"events": [{"date": "2024-01-02", "description": "x", "article_ids": ["a0"]}] if events else []}
    (folder / "gold_events.json").write_text(json.dumps({"s": story}))
    return folder


def _fake_format(seen: list[str]) -> CorpusFormat:
    """A dev-stories-format scorer that records the corpora it scores and returns fixed figures."""

    def score(corpus: EvalCorpus, options: EvalOptions) -> dict[str, Any]:
        seen.append(corpus.name)
        return {"n": 2, "event_recall": 0.5, "item_precision": 1.0, "support_recall": 0.25, "n_items": 4}

    return CorpusFormat(name="fake", layout="dir", needs=("articles.jsonl", "gold_clusters.json",
                                                         "gold_events.json"), score=score)


def test_story_corpora_are_found_recursively_and_named_by_their_folder(tmp_path: Path) -> None:
    _story_corpus(tmp_path / "dev-a")
    _story_corpus(tmp_path / "deeper" / "more" / "dev-b")
    (tmp_path / "noise").mkdir()
    (tmp_path / "noise" / "articles.jsonl").write_text("{}\n")  # no gold: not a corpus
    names = [c.name for c in corpora_for("clustering", tmp_path)]
    assert names == ["deeper/more/dev-b", "dev-a"]


def test_a_corpus_folder_given_directly_is_named_by_itself(tmp_path: Path) -> None:
    folder = _story_corpus(tmp_path / "dev-stories-2")
    assert [c.name for c in corpora_for("clustering", folder)] == ["dev-stories-2"]


def test_event_tasks_skip_corpora_without_gold_events(tmp_path: Path) -> None:
    _story_corpus(tmp_path / "with")
    _story_corpus(tmp_path / "without", events=False)
    assert [c.name for c in corpora_for("timeline", tmp_path)] == ["with"]
    assert [c.name for c in corpora_for("clustering", tmp_path)] == ["with", "without"]


def test_timeml_files_are_grouped_by_their_top_folder(tmp_path: Path) -> None:
    for path in (tmp_path / "tempeval3" / "TimeBank" / "a.tml", tmp_path / "tempeval3" / "b.tml",
                 tmp_path / "other" / "c.tml"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<TimeML><TEXT>x</TEXT></TimeML>")
    found = [(c.name, c.format.name) for c in corpora_for("dates", tmp_path)]
    assert found == [("other", "timeml"), ("tempeval3", "timeml")]


def test_meantime_files_are_recognised_by_their_content(tmp_path: Path) -> None:
    doc = tmp_path / "meantime" / "corpus_x" / "d.xml"
    doc.parent.mkdir(parents=True)
    doc.write_text('<Document doc_name="d"><token t_id="1" sentence="0">Hi</token></Document>')
    (tmp_path / "unrelated.xml").write_text("<html/>")
    assert [(c.name, c.format.name) for c in corpora_for("dates", tmp_path)] == [("meantime", "meantime")]
    assert [c.name for c in corpora_for("entities", tmp_path)] == ["meantime"]


def test_run_task_scores_each_corpus_on_its_own_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    monkeypatch.setitem(TASKS, "timeline", (_fake_format(seen),))
    _story_corpus(tmp_path / "one")
    _story_corpus(tmp_path / "two")
    rows = run_task("timeline", tmp_path)
    assert seen == ["one", "two"]
    assert [(r["task"], r["corpus"], r["n"]) for r in rows] == [("timeline", "one", 2),
                                                                ("timeline", "two", 2)]


def test_no_corpus_is_an_error_naming_what_was_looked_for(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no timeline corpus under .*articles.jsonl"):
        run_task("timeline", tmp_path)


def test_cli_prints_one_line_per_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(TASKS, "timeline", (_fake_format([]),))
    _story_corpus(tmp_path / "one")
    _story_corpus(tmp_path / "nested" / "two")
    result = runner.invoke(app, ["eval", "timeline", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("nested/two  n=2  event_recall 0.500")
    assert lines[1].startswith("one  n=2  ")


def test_cli_json_prints_one_object_per_corpus_per_line(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(TASKS, "timeline", (_fake_format([]),))
    _story_corpus(tmp_path / "one")
    _story_corpus(tmp_path / "two")
    result = runner.invoke(app, ["eval", "timeline", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [o["corpus"] for o in objects] == ["one", "two"]
    assert all({"schema_version", "task", "corpus", "format", "path", "n", "event_recall"} <= set(o)
               for o in objects)


def test_cli_without_a_corpus_exits_non_zero(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "summary", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "no summary corpus" in result.output


def _without(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import module`` (and its submodules) fail, as when the eval extra is not installed."""
    real = extras.importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name == module or name.startswith(module + "."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(extras.importlib, "import_module", fake)


def test_a_missing_baseline_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _without("sumy", monkeypatch)
    with pytest.raises(extras.MissingExtraError, match=r"pip install 'storydesk\[eval\]'"):
        extras.require("sumy.summarizers.lex_rank")


def test_cli_says_how_to_install_the_eval_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _without("dateparser", monkeypatch)
    tml = tmp_path / "tb" / "a.tml"
    tml.parent.mkdir()
    tml.write_text("<TimeML><TEXT>x</TEXT></TimeML>")
    result = runner.invoke(app, ["eval", "dates", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "pip install 'storydesk[eval]'" in result.output.replace("\n", "")


def test_cross_corpus_trains_on_one_corpus_and_scores_on_the_other(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = SimpleNamespace(name="A"), SimpleNamespace(name="B")
    monkeypatch.setattr(train_clustering, "fit", lambda named: SimpleNamespace(
        threshold=0.5, trained=[n for n, _ in named]))
    monkeypatch.setattr(train_clustering, "b3", lambda inputs, model: 0.9)
    monkeypatch.setattr(train_clustering, "scored", lambda inputs, model: {
        "b3_f1": 0.7, "n": 1, "scored": inputs.name, "trained": model.trained})
    rows = train_clustering.cross_corpus([("A", a), ("B", b)])  # type: ignore[list-item]
    by_label = {r["label"]: r for r in rows}
    assert set(by_label) == {"trained on A, scored on B", "trained on B, scored on A"}
    a_to_b = by_label["trained on A, scored on B"]
    assert (a_to_b["corpus"], a_to_b["scored"], a_to_b["trained"]) == ("B", "B", ["A"])
    assert a_to_b["in_sample_b3_f1"] == 0.9


def test_the_library_and_cli_do_not_import_the_evaluation_until_a_command_runs() -> None:
    import subprocess
    import sys

    code = ("import sys, storydesk.api, storydesk.adapters.cli; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('storydesk_eval', 'sumy', 'dateparser')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
