"""A hostile machine and a careless hand (issue 15), through the real `thaireports` command on
real SQLite files: exports that would overwrite the corpus or someone's files, a corpus that is
read-only, truncated, corrupted or not a database, a full disk, numbers out of range, arguments
that are not UTF-8, three imports started together on a new database. Each case ends with one
line on stderr and a documented exit code, never a traceback, and leaves the corpus sound.

Exit codes: 2 refused (bad argument, unusable corpus or output), 3 cannot write (read-only,
disk full: what was committed stays and a rerun resumes), 0 done.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from thaireports.corpora.store import Corpus
from thaireports.extractors.convert import convert
from tests._reliability_inputs import SAMPLES

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}
ROOT = os.geteuid() == 0


def run(*args, timeout: float = 120, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "thaireports", *map(_arg, args)], env=env or ENV,
                          capture_output=True, timeout=timeout, **kw)


def _arg(value) -> str | bytes:
    return value if isinstance(value, bytes) else str(value)


def one_line_error(done: subprocess.CompletedProcess) -> str:
    """The error line of a refused command: no traceback, one line naming the problem."""
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith(("usage:", " "))]
    assert len(lines) == 1, err
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def variant(i: int) -> bytes:
    """A distinct, real document: a sample with one more line (another sha256)."""
    return SAMPLES[i % len(SAMPLES)].read_bytes() + f"\nสำเนาที่ {i}\n".encode()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "c.db"
    with Corpus(db, create=True) as corpus:
        for sample in SAMPLES:
            corpus.add_record(convert(sample), sample.name)
    return db


# --- nothing destroyed: exports -------------------------------------------------------------
@pytest.mark.parametrize("fmt, target", [
    ("jsonl", "c.db"),          # the corpus itself: was truncated to 0 bytes
    ("datasette", "c.db"),      # was overwritten with JSON
    ("jsonl", "c.db-wal"),
    ("csv", "."),               # the folder that holds the corpus
    ("parquet", "."),
])
def test_export_never_writes_over_the_corpus(corpus_db: Path, tmp_path: Path, fmt: str,
                                             target: str) -> None:
    db = tmp_path / "c.db"
    shutil.copy(corpus_db, db)
    (tmp_path / "c.db-wal").write_bytes(b"")
    before = digest(db)
    for force in ([], ["--force"]):
        done = run("export", "--db", db, "--format", fmt, "-o", tmp_path / target, *force)
        assert done.returncode == 2, done.stderr
        assert "corpus" in one_line_error(done)
    assert digest(db) == before and integrity(db) == "ok"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_folder_export_refuses_a_folder_with_other_files(corpus_db: Path, tmp_path: Path,
                                                         fmt: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "รายงานของฉัน.docx").write_bytes(b"mine")
    (out / "documents.csv").write_text("my own table, same name as ours")
    for force in ([], ["--force"]):
        done = run("export", "--db", corpus_db, "--format", fmt, "-o", out, *force)
        assert done.returncode == 2
        assert "other files" in one_line_error(done)
    assert (out / "รายงานของฉัน.docx").read_bytes() == b"mine"
    assert (out / "documents.csv").read_text() == "my own table, same name as ours"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_force_replaces_only_what_the_export_wrote(corpus_db: Path, tmp_path: Path,
                                                   fmt: str) -> None:
    out = tmp_path / "out"
    assert run("export", "--db", corpus_db, "--format", fmt, "-o", out).returncode == 0
    again = run("export", "--db", corpus_db, "--format", fmt, "-o", out)
    assert again.returncode == 2 and "--force" in one_line_error(again)
    assert run("export", "--db", corpus_db, "--format", fmt, "-o", out,
               "--force").returncode == 0
    (out / "notes.txt").write_text("บันทึกของฉัน")  # a stranger appears: never deleted
    done = run("export", "--db", corpus_db, "--format", fmt, "-o", out, "--force")
    assert done.returncode == 2 and "notes.txt" in one_line_error(done)
    assert (out / "notes.txt").read_text() == "บันทึกของฉัน"


@pytest.mark.parametrize("fmt", ["jsonl", "datasette"])
def test_file_export_replaces_only_its_own_earlier_file(corpus_db: Path, tmp_path: Path,
                                                        fmt: str) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text('{"my": "notes"}')
    for force in ([], ["--force"]):
        done = run("export", "--db", corpus_db, "--format", fmt, "-o", mine, *force)
        assert done.returncode == 2, done.stderr
        one_line_error(done)
    assert mine.read_text() == '{"my": "notes"}'
    out = tmp_path / "export.out"
    assert run("export", "--db", corpus_db, "--format", fmt, "-o", out).returncode == 0
    assert run("export", "--db", corpus_db, "--format", fmt, "-o", out).returncode == 2
    assert run("export", "--db", corpus_db, "--format", fmt, "-o", out,
               "--force").returncode == 0
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left beside it


# --- no traceback: corpus files that are not sound ------------------------------------------
def _bad_db(kind: str, corpus_db: Path, folder: Path) -> Path:
    path = folder / f"{kind}.db"
    data = corpus_db.read_bytes()
    if kind == "truncated":
        path.write_bytes(data[:len(data) // 3])
    elif kind == "corrupted":  # every page after the schema overwritten with noise
        path.write_bytes(data[:4096] + bytes(range(256)) * ((len(data) - 4096) // 256))
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "other-sqlite":
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE contacts (name TEXT)")
            conn.commit()
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize("kind, words", [
    ("truncated", "corrupt"),
    ("corrupted", "corrupt"),
    ("pdf", "not a thaireports corpus"),
    ("empty", "not a thaireports corpus"),
    ("other-sqlite", "not a thaireports corpus"),
    ("folder", "is a folder"),
])
@pytest.mark.parametrize("command", [
    ["search", "ดุลพินิจ"], ["query"], ["compare"], ["export", "--format", "jsonl", "-o", "x.jsonl"],
])
def test_unsound_corpus_is_one_line(corpus_db: Path, tmp_path: Path, kind: str, words: str,
                                    command: list[str]) -> None:
    db = _bad_db(kind, corpus_db, tmp_path)
    before = digest(db) if db.is_file() else None
    done = run(*command, "--db", db, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert words in one_line_error(done)
    assert (digest(db) if db.is_file() else None) == before
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize("kind", ["pdf", "other-sqlite", "truncated"])
def test_import_never_writes_into_a_file_that_is_not_a_corpus(corpus_db: Path, tmp_path: Path,
                                                              kind: str) -> None:
    db = _bad_db(kind, corpus_db, tmp_path)
    before = digest(db)
    done = run("import", SAMPLES[0], "--db", db, "--workers", "1", "--quiet")
    assert done.returncode == 3, done.stderr
    one_line_error(done)
    assert digest(db) == before


# --- read-only corpus -----------------------------------------------------------------------
@contextlib.contextmanager
def read_only_corpus(corpus_db: Path):
    """The corpus where it cannot be written: a read-only tmpfs when we are root (root ignores
    file modes), else a folder and file without write permission. Yields (db, env)."""
    place = Path(tempfile.mkdtemp(prefix="thaireports-ro-"))
    home = Path(tempfile.mkdtemp(prefix="thaireports-home-"))
    os.chmod(home, 0o777)
    env = ENV | {"HOME": str(home)}
    mounted = False
    try:
        if ROOT:
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", place], check=True)
            mounted = True
            shutil.copy(corpus_db, place / "c.db")
            subprocess.run(["mount", "-o", "remount,ro", place], check=True)
        else:
            shutil.copy(corpus_db, place / "c.db")
            os.chmod(place / "c.db", 0o444)
            os.chmod(place, 0o555)
        yield place / "c.db", env
    finally:
        if mounted:
            subprocess.run(["umount", place], check=False)
        else:
            os.chmod(place, 0o755)
        shutil.rmtree(place, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.parametrize("command", [
    ["search", "ดุลพินิจ", "--format", "csv"],
    ["query", "--format", "csv"],
    ["compare", "--format", "csv"],
    ["export", "--format", "jsonl", "-o", "{out}/r.jsonl"],
])
def test_read_only_corpus_can_be_read(corpus_db: Path, tmp_path: Path, command: list[str]) -> None:
    with read_only_corpus(corpus_db) as (db, env):
        done = run(*[c.format(out=tmp_path) for c in command], "--db", db, env=env)
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr
        if command[0] == "export":
            assert len((tmp_path / "r.jsonl").read_text().splitlines()) == len(SAMPLES)
        else:
            assert len(done.stdout.decode().splitlines()) >= 2


def test_import_into_a_read_only_corpus_says_it_cannot_write(corpus_db: Path,
                                                             tmp_path: Path) -> None:
    (tmp_path / "new.txt").write_bytes(variant(99))
    with read_only_corpus(corpus_db) as (db, env):
        done = run("import", tmp_path / "new.txt", "--db", db, "--workers", "1", "--quiet",
                   env=env)
        assert done.returncode == 4, done.stderr
        assert "read-only" in one_line_error(done)


# --- numbers and text out of range: refused at once -----------------------------------------
@pytest.mark.parametrize("args", [
    ["search", "ดุลพินิจ", "--limit", "99999999999999999999"],
    ["search", "ดุลพินิจ", "--limit", "0"],
    ["query", "--fiscal-year", str(10**30)],
    ["compare", "--fiscal-year", "-5"],
    ["import", "{sample}", "--workers", "-3"],   # hung forever with no output
    ["import", "{sample}", "--workers", "0"],
    ["import", "{sample}", "--timeout", "nan"],
    ["import", "{sample}", "--memory", "-1"],
    ["search", b"\xff\xfe\xbb\xd2\xa1\xd2\xc8"],  # bytes that are not UTF-8 (a TIS-620 word)
    ["query", "--province", b"\xc3\x28"],
])
def test_bad_arguments_are_refused_at_once(corpus_db: Path, tmp_path: Path, args: list) -> None:
    started = time.monotonic()
    args = [a.format(sample=SAMPLES[0]) if isinstance(a, str) else a for a in args]
    done = run(*args, "--db", tmp_path / "new.db" if args[0] == "import" else corpus_db,
               timeout=30)
    assert done.returncode == 2, done.stderr
    assert any(w in one_line_error(done) for w in ("out of range", "not valid UTF-8"))
    assert time.monotonic() - started < 20
    assert not (tmp_path / "new.db").exists()


# --- three imports started together on a new corpus -----------------------------------------
def test_imports_started_together_on_a_new_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    db = tmp_path / "c.db"
    procs = [subprocess.Popen([BIN / "thaireports", "import", folder, "--db", db, "--workers",
                               "1", "--quiet"], env=ENV, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(3)]
    outcomes = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes  # 'table already exists' before
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(SAMPLES)
    assert integrity(db) == "ok"


_OPEN_NEW = """
import sys
from thaireports.corpora.store import Corpus
with Corpus(sys.argv[1], create=True) as corpus:
    print(corpus.schema_version)
"""


@pytest.mark.parametrize("trial", range(3))
def test_many_writers_opening_a_new_corpus_migrate_it_once(tmp_path: Path, trial: int) -> None:
    db = tmp_path / "c.db"
    procs = [subprocess.Popen([sys.executable, "-c", _OPEN_NEW, db], env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
    results = [(p.wait(timeout=60), p.stdout.read().strip(), p.stderr.read()) for p in procs]
    from thaireports.corpora.store import SCHEMA_VERSION

    assert all(code == 0 and out == str(SCHEMA_VERSION).encode() for code, out, _ in results), \
        results
    assert integrity(db) == "ok"


# --- a full disk ----------------------------------------------------------------------------
@contextlib.contextmanager
def small_disk(size_kb: int):
    """A folder with room for ``size_kb`` KB: a tmpfs of that size when we may mount (root),
    else a file-size limit (RLIMIT_FSIZE) for the processes started there. Yields (folder,
    preexec_fn, grow) where grow() gives the folder room again."""
    place = Path(tempfile.mkdtemp(prefix="thaireports-full-"))
    limit = {"bytes": size_kb * 1024}
    mounted = False
    if ROOT:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", place],
                       check=True)
        mounted = True

    def preexec() -> None:
        if not mounted and limit["bytes"]:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit["bytes"], limit["bytes"]))

    def grow() -> None:
        if mounted:
            subprocess.run(["mount", "-o", "remount,size=64m", place], check=True)
        limit["bytes"] = 0

    try:
        yield place, preexec, grow
    finally:
        if mounted:
            subprocess.run(["umount", place], check=False)
        shutil.rmtree(place, ignore_errors=True)


def test_disk_full_stops_cleanly_and_the_rerun_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02d}.txt").write_bytes(variant(i))
    with small_disk(1024) as (place, preexec, grow):
        db = place / "c.db"
        done = run("import", folder, "--db", db, "--workers", "1", "--quiet",
                   preexec_fn=preexec, timeout=300)
        assert done.returncode == 4, done.stderr
        line = one_line_error(done)
        assert "disk full" in line or "I/O error" in line, line
        grow()
        assert integrity(db) == "ok"
        with contextlib.closing(sqlite3.connect(db)) as conn:
            kept = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert 0 < kept < 30
        again = run("import", folder, "--db", db, "--workers", "1", "--quiet", timeout=300)
        assert again.returncode == 0, again.stderr
        assert again.stdout.decode().startswith(f"imported {30 - kept}, skipped {kept}, failed 0")
        assert integrity(db) == "ok"
