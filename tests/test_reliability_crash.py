"""Crashes (issue 7): `thaireports import` killed with SIGKILL at random points, over and over,
then run to the end: exactly one row per good file, no record half-written, the bad file in
``failures``, and ``PRAGMA integrity_check`` ok. 3 kills here; ``make stress`` runs 20
(``THAIREPORTS_STRESS_KILLS=20``). Also: a reader querying while a real import writes never
sees a half-written record (WAL)."""
from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests._reliability_inputs import rows, stored, variant

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}
KILLS = int(os.environ.get("THAIREPORTS_STRESS_KILLS", "3"))
GOOD_FILES = max(16, 4 * KILLS)  # enough work that later kills still land mid-import


def consistent(conn: sqlite3.Connection) -> list[str]:
    """Documents whose measures or pages are not all there, in one read snapshot."""
    problems = []
    conn.execute("BEGIN")
    try:
        for doc_id, measures, pages in conn.execute(
                "SELECT id, measure_count, page_count FROM documents").fetchall():
            got = conn.execute("SELECT (SELECT count(*) FROM measures WHERE document_id = ?), "
                               "(SELECT count(*) FROM pages WHERE document_id = ?)",
                               (doc_id, doc_id)).fetchone()
            if got != (measures, pages):
                problems.append(f"{doc_id}: {got} != {(measures, pages)}")
    finally:
        conn.execute("COMMIT")
    return problems


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ITA"
    (folder / "2566").mkdir(parents=True)
    for i in range(GOOD_FILES):
        (folder / ("2566" if i % 2 else "") / f"มาตรการ {i:02d}.txt").write_bytes(variant(i))
    (folder / "เสีย.pdf").write_bytes(b"%PDF-1.7\n1 0 obj garbage\n")  # fails, every run
    return folder


def import_command(folder: Path, db: Path) -> list:
    return [BIN / "thaireports", "import", folder, "--db", db, "--workers", "1", "--quiet"]


def test_killed_again_and_again_then_rerun_loses_nothing(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    command = import_command(folder, db)
    # An uninterrupted import sets the kill times: Dask's start, then the files' share of
    # the time, so that each run makes a little progress and kills keep landing mid-import.
    started = time.monotonic()
    proc = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    first = None
    while proc.poll() is None:
        if first is None and db.exists() and stored(db):
            first = time.monotonic() - started
        time.sleep(0.05)
    full = time.monotonic() - started
    first = first or full
    window = first + 2 * (full - first) / KILLS
    for path in tmp_path.glob("corpus.db*"):
        path.unlink()
    chance = random.Random(int(os.environ.get("THAIREPORTS_STRESS_SEED", "7")))
    stored_at_kill = []
    for _ in range(KILLS):
        proc = subprocess.Popen(command, env=ENV, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.2, window))
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the client, its scheduler, workers, sandboxes
        except ProcessLookupError:  # it finished first: nothing left to kill
            pass
        proc.wait()
        if db.exists():  # a kill during Dask's start may come before the corpus is made
            assert rows(db, "PRAGMA integrity_check") == [("ok",)]
            stored_at_kill.append(stored(db))
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 6, done.stderr  # finished; the broken PDF is its one failure
    good = {hashlib.sha256(variant(i)).hexdigest() for i in range(GOOD_FILES)}
    assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents") == \
        [(GOOD_FILES, GOOD_FILES)]
    assert {r[0] for r in rows(db, "SELECT sha256 FROM documents")} == good
    assert [Path(r[0]).name for r in rows(db, "SELECT path FROM failures")] == ["เสีย.pdf"]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    conn = sqlite3.connect(db, isolation_level=None)
    assert consistent(conn) == []
    fts = conn.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH '\"มาตรการ\"'")
    assert fts.fetchone()[0] == GOOD_FILES  # the search index kept step with every page
    conn.close()
    print(f"kills: {KILLS}, documents stored at each kill: {stored_at_kill}, "
          f"full import {full:.1f} s, first record at {first:.1f} s")


def test_reader_during_a_real_import_never_sees_a_half_written_record(folder: Path,
                                                                     tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    proc = subprocess.Popen(import_command(folder, db), env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    problems, snapshots, seen = [], 0, set()
    try:
        while proc.poll() is None:
            if not db.exists():
                time.sleep(0.05)
                continue
            conn = sqlite3.connect(db, isolation_level=None, timeout=30)
            try:
                if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'documents'"
                                ).fetchone()[0]:
                    problems += consistent(conn)
                    seen.add(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
                    snapshots += 1
            finally:
                conn.close()
    finally:
        proc.wait(timeout=300)
    assert proc.returncode == 6
    assert not problems
    assert snapshots > 5 and len(seen) > 2  # the reader really read while records arrived
