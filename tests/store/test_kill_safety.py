"""SIGKILL a process mid-ingest: the database must open cleanly, hold whole batches, and resume."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storydesk.store import SqliteStore

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")]

N_ARTICLES = 3_000
KILL_BATCH = 25
#: Seconds the child sleeps after each batch, so the kill lands mid-run rather than after it.
BATCH_PAUSE_S = 0.02
#: Give up waiting for the child (start-up plus the first batches) after this long.
DEADLINE_S = 60.0
POLL_S = 0.005
#: Rows to wait for before killing: at least a couple of batches, so "whole batches" means something.
KILL_AFTER_ROWS = 2 * KILL_BATCH

#: Words the CLI variant's texts are drawn from, and how the texts are shaped.
VOCABULARY = (
    "council", "budget", "minister", "river", "harbour", "election", "court", "storm", "school",
    "hospital", "railway", "farmers", "strike", "border", "museum", "festival", "bridge", "senator",
    "police", "drought", "vaccine", "market", "tariff", "airport", "union", "protest", "mayor",
    "treaty", "wildfire", "satellite", "harvest", "coastline", "said", "announced", "denied",
    "warned", "confirmed", "rejected", "approved", "delayed", "opened", "closed"
)
SENTENCE_WORDS = 12
SENTENCES = 4

# The child builds the same N articles (ref ``kill/<i>``) and adds them; it prints the AddResult counts.
CHILD = """
import json, sys, time
from pathlib import Path
from storydesk.model import Article, article_id
from storydesk.store import SqliteStore

db, n, batch, pause = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])

def articles():
    for i in range(n):
        raw = f"Article {i}. Officials said on Monday that item {i} was unique."
        yield Article(id=article_id(raw), ref=f"kill/{i}", source="generated", format="text",
                      raw=raw, text=raw, title=f"Article {i}")

with SqliteStore(db, batch_size=batch) as store:
    started = time.perf_counter()
    result = store.add(articles(), progress=lambda done: time.sleep(pause))
    seconds = time.perf_counter() - started
print(json.dumps({"added": len(result.added), "present": len(result.present), "seconds": seconds}))
"""


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _rows(db: Path) -> int:
    """Committed articles, read without ever creating or writing the file; 0 while it is being made."""
    if not db.exists() or db.stat().st_size == 0:
        return 0
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=DEADLINE_S)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _kill_after(proc: subprocess.Popen[str], db: Path, rows: int) -> None:
    """SIGKILL ``proc`` as soon as ``db`` holds at least ``rows`` articles."""
    deadline = time.monotonic() + DEADLINE_S
    while _rows(db) < rows:
        if proc.poll() is not None:
            pytest.fail(f"child ended before it could be killed: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("child wrote nothing in time")
        time.sleep(POLL_S)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def _run_to_completion(args: list[str], deadline: float = DEADLINE_S) -> str:
    """Run a command to its end and return its stdout; a failure shows its stderr."""
    done = subprocess.run(args, capture_output=True, text=True, timeout=deadline)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _check_consistent(db: Path) -> tuple[int, int, int]:
    """Integrity check, then (rows, distinct ids, distinct refs)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT ref) "
                            "FROM articles").fetchone()
    finally:
        conn.close()


def _refs(db: Path) -> list[str]:
    with SqliteStore(db, batch_size=KILL_BATCH) as store:
        return [a.ref for a in store.articles()]


def test_kill_mid_ingest_loses_at_most_the_batch_in_flight(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    child = [sys.executable, "-c", CHILD, str(db), str(N_ARTICLES), str(KILL_BATCH)]
    proc = _start([*child, str(BATCH_PAUSE_S)])
    _kill_after(proc, db, KILL_AFTER_ROWS)

    rows, ids, refs = _check_consistent(db)
    assert 0 < rows < N_ARTICLES and rows % KILL_BATCH == 0
    assert _refs(db) == [f"kill/{i}" for i in range(rows)]  # a prefix of the input, whole batches

    report = json.loads(_run_to_completion([*child, "0"]))
    assert (report["added"], report["present"]) == (N_ARTICLES - rows, rows)
    assert _check_consistent(db) == (N_ARTICLES, N_ARTICLES, N_ARTICLES)
    print(f"\nadd of {report['added']} articles, batch {KILL_BATCH}: "
          f"{report['added'] / report['seconds']:.0f} articles/s")


def _write_texts(folder: Path, n: int) -> None:
    """``n`` short news texts whose words differ, so near-duplicate grouping finds nothing to merge."""
    folder.mkdir()
    for i in range(n):
        rng = random.Random(i)
        sentences = [" ".join(rng.choices(VOCABULARY, k=SENTENCE_WORDS)).capitalize() + "."
                     for _ in range(SENTENCES)]
        (folder / f"{i:05d}.txt").write_text(f"Report number {i}\n\n" + " ".join(sentences) + "\n",
                                             encoding="utf-8")


#: The CLI ingest also enriches, infers dates and streams stories, so it gets fewer, smaller batches
#: and a longer deadline than the bare store; twelve batches leave room to kill it mid-run.
CLI_ARTICLES = 240
CLI_BATCH = 20
CLI_DEADLINE_S = 600.0


def test_kill_mid_cli_ingest(tmp_path: Path) -> None:
    texts, db = tmp_path / "texts", tmp_path / "cli.db"
    _write_texts(texts, CLI_ARTICLES)
    command = [sys.executable, "-m", "storydesk", "ingest", str(texts), "--db", str(db),
               "--set", f"store.batch_size={CLI_BATCH}"]
    _kill_after(_start(command), db, 1)

    rows, ids, refs = _check_consistent(db)
    assert 0 < rows < CLI_ARTICLES and rows % CLI_BATCH == 0
    assert rows == ids == refs

    _run_to_completion(command, deadline=CLI_DEADLINE_S)
    assert _check_consistent(db) == (CLI_ARTICLES, CLI_ARTICLES, CLI_ARTICLES)
