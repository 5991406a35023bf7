"""Stopping an import (issue 15), through the real CLI on a real local cluster:

- Ctrl-C (SIGINT to the whole process group, as a terminal sends it): exit 130, one line
  saying how far it got, no traceback or Dask log line from the client or its workers, the
  corpus consistent, and the same command resumes with nothing lost or twice.
- ``kill -9``: the import's temporary copies are in one run folder named for its PID, which the
  next import removes (and never the run folder of a process still alive).
"""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from thaireports.corpora.cli import EXIT_INTERRUPTED, EXIT_OK
from tests._reliability_inputs import rows, stored, two_page_scan, variant, wait_for
from tests.test_reliability_crash import consistent

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1", "THAIREPORTS_OCR_JOBS": "1"}
TEXTS = 12
SCAN = "สแกน ประกาศมาตรการ 2565.pdf"


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> bytes:
    """Sample 000 printed and scanned: two pages to OCR, a file still in flight."""
    return two_page_scan(tmp_path_factory.mktemp("scan"))


@pytest.fixture()
def folder(tmp_path: Path, scan: bytes) -> Path:
    folder = tmp_path / "ITA"
    (folder / "2566").mkdir(parents=True)
    (folder / SCAN).write_bytes(scan)
    for i in range(TEXTS):
        (folder / ("2566" if i % 2 else "") / f"มาตรการ {i:02d}.txt").write_bytes(variant(i))
    return folder


def command(folder: Path, db: Path) -> list:
    return [BIN / "thaireports", "import", folder, "--db", db, "--workers", "2"]


def test_ctrl_c_stops_in_one_line_and_the_rerun_resumes(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    # As at a terminal, Ctrl-C is live in the import even when this test runs where SIGINT is
    # ignored (a background job, nohup), which the import honours and the child would inherit.
    proc = subprocess.Popen(command(folder, db), env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_for(lambda: stored(db) >= 4 or proc.poll() is not None, what="a few records")
        assert proc.poll() is None, "the import finished before Ctrl-C"
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole group
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == EXIT_INTERRUPTED, (out, err)
    assert "Traceback" not in err and "distributed." not in err and "tornado" not in err, err
    # Progress lines (not a terminal: one per file), then the one line that says it stopped.
    *progress, last = err.strip().splitlines()
    assert all(line.startswith("import: ") for line in progress), err
    found = re.search(r"^thaireports: interrupted: (\d+) of (\d+) files imported; run the same command "
                      r"again to resume$", last)
    assert found, last
    done, total = int(found.group(1)), int(found.group(2))
    assert total == TEXTS + 1
    assert done == stored(db) and 4 <= done < total  # every file it counts is committed
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    conn = sqlite3.connect(db, isolation_level=None)
    assert consistent(conn) == []
    conn.close()
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]  # files in flight did not fail

    again = subprocess.run(command(folder, db) + ["--quiet"], env=ENV, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == EXIT_OK, again.stderr
    assert again.stdout.startswith(f"imported {total - done}, skipped {done}, failed 0"), \
        again.stdout
    assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents") == \
        [(total, total)]
    fts = rows(db, "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH '\"มาตรการ\"'")
    assert fts[0][0] >= TEXTS  # the search index caught up with what the stop left


def run_folders(tmp: Path) -> set[str]:
    return {p.name for p in tmp.glob("thaireports-run-*")}


def test_temporary_copies_left_by_kill_9_go_at_the_next_start(folder: Path,
                                                              tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"  # the system temp dir, as the imports see it
    tmp.mkdir()
    env = ENV | {"TMPDIR": str(tmp)}
    finished = subprocess.Popen(["true"])
    finished.wait()  # a PID that was, and is no more (reaped: not even a zombie)
    gone = tmp / f"thaireports-run-{finished.pid}-x1"
    alive = tmp / f"thaireports-run-{os.getpid()}-x2"  # this test's own: a live owner
    for stale in (gone, alive):
        (stale / "work").mkdir(parents=True)
        (stale / "work" / "copy.pdf").write_bytes(b"%PDF-1.7\n")
    db = tmp_path / "corpus.db"
    proc = subprocess.Popen(command(folder, db) + ["--quiet"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        mine = f"thaireports-run-{proc.pid}-"
        # The scan's copy, in a worker's private folder of this import's run folder.
        copy = wait_for(lambda: next((p for p in tmp.glob(f"{mine}*/work/*/{SCAN}")), None)
                        or proc.poll() is not None, what="the scan's temporary copy")
        assert proc.poll() is None, "the import finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    left = [name for name in run_folders(tmp) if name.startswith(mine)]
    assert len(left) == 1 and copy.exists()  # kill -9: nothing could clean up

    again = subprocess.run(command(folder, db) + ["--quiet"], env=env, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == EXIT_OK, again.stderr
    # Its own run folder went at its end, the dead import's at its start; the folder of a
    # process still alive stays, whatever its age.
    assert run_folders(tmp) == {alive.name}, run_folders(tmp)
    assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents") == \
        [(TEXTS + 1, TEXTS + 1)]
