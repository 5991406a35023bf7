"""Bulk import on real Dask: a folder plus a zip, re-import as a no-op, --reprocess, an import
killed with SIGKILL and rerun, and a scheduler with two workers started here on 127.0.0.1.
Inputs are the real samples and copies of them made distinct by one extra line."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from thaireports.corpora.importer import ConsoleProgress, ImportSetupError, ProgressUpdate, import_paths
from thaireports.corpora.store import Corpus

BIN = Path(sys.executable).parent
SAMPLES = sorted((Path(__file__).parent.parent / "corpora" / "samples").glob("*.txt"))
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}


def variant(i: int) -> bytes:
    """A distinct, real document: a sample with one more line (another sha256)."""
    return SAMPLES[i % len(SAMPLES)].read_bytes() + f"\nสำเนาที่ {i}\n".encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, set[str], set[str]]:
    """An office folder: samples, a subfolder, a zip with a hostile and a duplicate member,
    an empty file and system litter. Returns (folder, sha256 of good files, failed names)."""
    root = tmp_path_factory.mktemp("office") / "ITA"
    (root / "2565").mkdir(parents=True)
    good = {}
    for sample in SAMPLES:
        (root / sample.name).write_bytes(sample.read_bytes())
        good[sample.name] = sample.read_bytes()
    for i in (1, 2):
        (root / "2565" / f"มาตรการ {i}.txt").write_bytes(variant(i))
        good[f"v{i}"] = variant(i)
    with zipfile.ZipFile(root / "2566.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ประกาศ/a.txt", variant(3))
        z.writestr("ประกาศ/b.txt", variant(4))
        z.writestr("../../escape.txt", variant(5))              # refused, never read
        z.writestr("copy.txt", SAMPLES[0].read_bytes())          # same bytes: skipped
    good |= {"z3": variant(3), "z4": variant(4)}
    (root / "2565" / "empty.pdf").write_bytes(b"")               # fails in ingest
    (root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")            # litter: not looked at
    failed = {str(root / "2566.zip") + "!../../escape.txt", str(root / "2565" / "empty.pdf")}
    return root, {sha(d) for d in good.values()}, failed


@pytest.fixture(scope="module")
def imported(archive, tmp_path_factory):
    root, _, _ = archive
    db = tmp_path_factory.mktemp("db") / "corpus.db"
    updates: list[ProgressUpdate] = []
    summary = import_paths([root], db, workers=2, progress=updates.append)
    return db, summary, updates


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_folder_and_zip_import_one_row_per_good_file(archive, imported) -> None:
    root, good, failed = archive
    db, summary, _ = imported
    assert {r[0] for r in rows(db, "SELECT sha256 FROM documents")} == good
    assert len(rows(db, "SELECT id FROM documents")) == len(good)
    assert {r[0] for r in rows(db, "SELECT path FROM failures")} == failed
    reasons = dict(rows(db, "SELECT path, reason FROM failures"))
    assert "path escapes" in reasons[str(root / "2566.zip") + "!../../escape.txt"]
    assert "empty" in reasons[str(root / "2565" / "empty.pdf")]
    assert len(summary.imported) == len(good) and len(summary.skipped) == 1
    assert {name for name, _ in summary.failed} == failed
    paths = {r[0] for r in rows(db, "SELECT source_path FROM documents")}
    assert str(root / "2566.zip") + "!ประกาศ/a.txt" in paths
    assert not any(".DS_Store" in p for p in paths | failed)
    # Every record is complete: measures and pages of each document made it in.
    for doc_id, measure_count in rows(db, "SELECT id, measure_count FROM documents"):
        assert rows(db, f"SELECT count(*) FROM measures WHERE document_id = '{doc_id}'") == \
            [(measure_count,)]
        assert rows(db, f"SELECT count(*) FROM pages WHERE document_id = '{doc_id}'")[0][0] >= 1
    with Corpus(db) as corpus:
        assert corpus.integrity_check() == "ok"
        assert set(corpus.search("ดุลพินิจ")["document_id"]) <= \
            {r[0] for r in rows(db, "SELECT id FROM documents")}


def test_progress_reports_every_file(imported) -> None:
    _, summary, updates = imported
    # 10 files and members, and .DS_Store: every input is accounted for, skips included
    assert updates[0].status == "start" and updates[0].total == 11
    assert [u.done for u in updates[1:]] == list(range(1, len(updates)))
    assert updates[-1].done == updates[-1].total == 11
    assert sum(u.pages for u in updates) == summary.pages > 0


def test_plain_progress_lines_without_a_terminal(tmp_path: Path) -> None:
    import io

    stream = io.StringIO()
    show = ConsoleProgress(stream)
    show(ProgressUpdate("start", total=2, pages_total=5))
    show(ProgressUpdate("waiting", name="ประกาศ.pdf", done=0, total=2, pages_total=5))
    show(ProgressUpdate("imported", name="ประกาศ.pdf", pages=4, done=1, total=2,
                        pages_total=5))
    show(ProgressUpdate("failed", name="x.pdf", reason="encrypted PDF", done=2, total=2,
                        pages_total=5))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "import: 2 files (5 pages) to look at"
    assert lines[1].startswith("import: still reading ประกาศ.pdf") and "0/5 pages" in lines[1]
    assert "1/2 imported ประกาศ.pdf (4 pages)" in lines[2] and "4/5 pages" in lines[2]
    assert "2/2 failed x.pdf (encrypted PDF)" in lines[3]


def test_reimport_is_a_no_op(archive, imported) -> None:
    root, good, failed = archive
    db, _, _ = imported
    before = rows(db, "SELECT id, imported_at FROM documents ORDER BY id")
    started = time.monotonic()
    summary = import_paths([root], db, workers=2)
    assert not summary.imported and len(summary.skipped) == len(good) + 1
    assert {name for name, _ in summary.failed} == failed  # still refused, still reported
    assert rows(db, "SELECT id, imported_at FROM documents ORDER BY id") == before
    assert time.monotonic() - started < 5  # nothing to do starts no cluster


def test_reprocess_reextracts_older_versions_only(archive, imported, tmp_path: Path) -> None:
    root, good, _ = archive
    db = tmp_path / "copy.db"
    with sqlite3.connect(imported[0]) as source, sqlite3.connect(db) as target:
        source.backup(target)
    old = rows(db, "SELECT sha256 FROM documents ORDER BY id LIMIT 1")[0][0]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET extractor_version = '0.0-old' WHERE sha256 = ?",
                     (old,))
    assert len(import_paths([root], db, workers=1).imported) == 0  # without --reprocess
    summary = import_paths([root], db, workers=1, reprocess=True)
    assert len(summary.imported) == 1
    assert rows(db, "SELECT count(*) FROM documents") == [(len(good),)]
    versions = {r[0] for r in rows(db, "SELECT extractor_version FROM documents")}
    assert "0.0-old" not in versions


def test_missing_input_is_an_error_before_anything_is_made(tmp_path: Path) -> None:
    with pytest.raises(ImportSetupError, match="no-such-folder"):
        import_paths([tmp_path / "no-such-folder"], tmp_path / "c.db")
    assert not (tmp_path / "c.db").exists()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A real Dask scheduler and two single-thread workers, as separate processes."""
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    procs = [subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--dashboard-address", "127.0.0.1:0", "--scheduler-file", file],
                              env=ENV, cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    deadline = time.monotonic() + 30
    while not file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    address = json.loads(file.read_text())["address"]
    for _ in range(2):
        procs.append(subprocess.Popen(
            [BIN / "dask", "worker", address, "--nthreads", "1", "--no-dashboard",
             "--host", "127.0.0.1"], env=ENV, cwd=folder,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(2, timeout=60)
    yield address
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_import_through_a_running_scheduler(archive, imported, scheduler, tmp_path) -> None:
    root, good, failed = archive
    db = tmp_path / "remote.db"
    done = subprocess.run([BIN / "thaireports", "import", root, "--db", db, "--scheduler",
                           scheduler], env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 6, done.stderr  # 6: the batch finished with failures
    # skipped: the duplicate zip member, and .DS_Store (not a document)
    assert done.stdout.startswith(f"imported {len(good)}, skipped 2, failed {len(failed)}")
    same = "SELECT id, agency, fiscal_year, measure_count FROM documents ORDER BY id"
    assert rows(db, same) == rows(imported[0], same)
    # The workers never saw our disk: zip members and files both travelled as bytes.
    assert {r[0] for r in rows(db, "SELECT sha256 FROM documents")} == good


def test_killed_import_resumes_with_one_row_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    count = 14
    for i in range(count):
        (folder / f"{i:02d}.txt").write_bytes(variant(i))
    db = tmp_path / "corpus.db"
    command = [BIN / "thaireports", "import", folder, "--db", db, "--workers", "1", "--quiet"]
    proc = subprocess.Popen(command, env=ENV, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored = rows(db, "SELECT count(*) FROM documents")[0][0]
            except sqlite3.OperationalError:  # schema not made yet
                stored = 0
        if stored >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the client, its scheduler and worker processes
    proc.wait()
    assert 3 <= stored < count, "the kill came mid-import"
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents") == [(count, count)]
    assert {r[0] for r in rows(db, "SELECT sha256 FROM documents")} == \
        {sha(variant(i)) for i in range(count)}
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]
    measures = rows(db, "SELECT sum(measure_count) FROM documents")[0][0]
    assert rows(db, "SELECT count(*) FROM measures") == [(measures,)]


def test_convert_bytes_reports_a_timeout_without_waiting() -> None:
    import thaireports.corpora.importer as importer
    from tests._reliability_inputs import text_image

    # A real scan to OCR (~1 s): the sandboxed child is killed at 0.2 s.
    scan = text_image("ประกาศองค์การบริหารส่วนตำบล\nเรื่อง มาตรการป้องกันการรับสินบน")
    importer.convert_bytes("อุ่นเครื่อง.txt", SAMPLES[0].read_bytes())  # sandbox started
    started = time.monotonic()
    result = importer.convert_bytes("ช้ามาก.pdf", scan, timeout=0.2)
    assert result["status"] == "timeout" and "0.2 s" in result["payload"]
    assert time.monotonic() - started < 2


def test_file_over_the_time_limit_fails_as_timeout_and_the_batch_goes_on(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in (20, 21):
        (folder / f"{i}.txt").write_bytes(variant(i))
    db = tmp_path / "c.db"
    # No conversion finishes in a millisecond: every file times out, its worker restarts.
    summary = import_paths([folder], db, workers=1, timeout=0.001)
    assert len(summary.failed) == 2 and not summary.imported
    assert all(reason.startswith("timeout") for _, reason in summary.failed)
    assert rows(db, "SELECT count(*) FROM failures WHERE reason LIKE 'timeout%'") == [(2,)]
    summary = import_paths([folder], db, workers=1)  # the same command, no limit: all in
    assert len(summary.imported) == 2
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]
