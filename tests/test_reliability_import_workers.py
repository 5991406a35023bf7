"""A Dask worker killed mid-import (issue 15): the file it was reading is sent once more, to
another worker, before it counts as failed; a file whose reading kills two workers fails with a
reason that says so. A real local cluster of two workers under the real CLI; the worker is
found from the outside (the Dask worker process above the sandboxed child that reads the file)
and killed with SIGKILL, as the kernel's OOM killer would."""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from thaireports.corpora.cli import EXIT_OK, EXIT_SOME_FAILED
from tests._reliability_inputs import rows, stored, two_page_scan, variant, wait_for

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1", "THAIREPORTS_OCR_JOBS": "1"}
SANDBOX = b"thaireports.corpora.sandbox"
SCAN = "สแกน ประกาศมาตรการ 2565.pdf"


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> bytes:
    """Sample 000 printed and scanned: two pages to OCR, a file still in flight."""
    return two_page_scan(tmp_path_factory.mktemp("scan"))


def processes() -> dict[int, tuple[int, bytes]]:
    """pid -> (parent pid, command line) of every process we can see."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as stream:
                command = stream.read()
            with open(f"/proc/{entry}/stat") as stream:
                parent = int(stream.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found[int(entry)] = (parent, command)
    return found


def readers(importer: int) -> dict[int, int]:
    """Sandboxed children reading a file for ``importer``'s workers: child pid -> worker pid
    (child -> sandbox server -> Dask worker -> the import)."""
    seen = processes()
    found = {}
    for pid, (parent, command) in seen.items():
        if SANDBOX not in command or parent not in seen or SANDBOX not in seen[parent][1]:
            continue
        worker = seen[parent][0]
        if worker in seen and seen[worker][0] == importer:
            found[pid] = worker
    return found


def start_import(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([BIN / "thaireports", "import", folder, "--db", db, "--workers", "2",
                             "--quiet"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def kill_worker_reading_the_scan(proc: subprocess.Popen, db: Path, texts: int,
                                 before: set[int]) -> int:
    """Once the text files are in, the one file still read is the scan: kill the worker
    whose sandboxed child reads it. Returns the child's pid."""
    wait_for(lambda: stored(db) >= texts or proc.poll() is not None, what="the text files")
    found = wait_for(lambda: {c: w for c, w in readers(proc.pid).items() if c not in before}
                     or proc.poll() is not None, what="a worker reading the scan")
    assert proc.poll() is None, "the import ended before its worker could be killed"
    child, worker = next(iter(found.items()))
    os.kill(worker, signal.SIGKILL)
    return child


@pytest.fixture()
def folder(tmp_path: Path, scan: bytes) -> Path:
    folder = tmp_path / "ITA"
    folder.mkdir()
    (folder / SCAN).write_bytes(scan)
    for i in range(2):
        (folder / f"มาตรการ {i}.txt").write_bytes(variant(i))
    return folder


def test_a_file_whose_worker_is_killed_is_read_again_by_another(folder: Path,
                                                                 tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    proc = start_import(folder, db)
    try:
        kill_worker_reading_the_scan(proc, db, texts=2, before=set())
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == EXIT_OK, err
    assert out.splitlines()[0].startswith("imported 3, skipped 0, failed 0"), out
    assert "Traceback" not in err and "distributed." not in err, err
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]
    # Nothing twice: one row per file, the scan among them.
    assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents") == [(3, 3)]
    scan_sha = hashlib.sha256((folder / SCAN).read_bytes()).hexdigest()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents WHERE sha256 = ?",
                        (scan_sha,)).fetchone() == (1,)
    conn.close()


def test_a_file_that_kills_two_workers_fails_with_that_reason(folder: Path,
                                                              tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    proc = start_import(folder, db)
    try:
        first = kill_worker_reading_the_scan(proc, db, texts=2, before=set())
        kill_worker_reading_the_scan(proc, db, texts=2, before={first})
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == EXIT_SOME_FAILED, (out, err)  # finished, with one failure
    assert "Traceback" not in err and "distributed." not in err, err
    assert f"failed: {folder / SCAN}: the worker died twice while reading it (memory? crash?)" \
        in out.splitlines(), out
    assert rows(db, "SELECT reason FROM failures") == [
        ("the worker died twice while reading it (memory? crash?)",)]
    assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents") == [(2, 2)]
