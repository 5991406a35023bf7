"""A real cluster that fails loudly (issue 12): a real Dask scheduler and real workers started
here on 127.0.0.1. Before any work is sent the import checks every worker (thaireports
importable, the same extractor version, Tesseract with Thai) and stops with one line naming
the worker and what it lacks; a scheduler without workers is reported within seconds. The
worker without the package runs in a bare virtualenv made here (only dask[distributed]); the
one with another extractor version runs a copy of our packages with another release number."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "corpora" / "samples" / "000_4904129c074ec5d2.txt"
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)} | {
    "PYTHAINLP_OFFLINE": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """Processes this test started, each in its own group, stopped by their own ids."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, command: list, cwd: Path, env: dict | None = None) -> subprocess.Popen:
        proc = subprocess.Popen([str(c) for c in command], cwd=cwd, env=env or ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        self.started.append(proc)
        return proc

    def stop(self) -> None:
        for proc in reversed(self.started):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A virtualenv with only dask[distributed] (the version ours has): no thaireports."""
    folder = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", folder], check=True, timeout=120)
    python = folder / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q",
                    f"dask[distributed]=={version('distributed')}"], check=True, timeout=300,
                   capture_output=True)
    return python


@pytest.fixture(scope="module")
def other_release(tmp_path_factory) -> Path:
    """A copy of our packages, laid out as installed (thaireports/extractors/...), whose
    extractors declare another release."""
    folder = tmp_path_factory.mktemp("other-release")
    for package in ("thaireports", "normalize", "ingest", "extractors", "corpora"):
        target = folder / "thaireports" / package if package != "thaireports" else folder / package
        shutil.copytree(ROOT / package, target, ignore=shutil.ignore_patterns("__pycache__"),
                        dirs_exist_ok=True)
    init = folder / "thaireports" / "extractors" / "__init__.py"
    init.write_text(init.read_text("utf-8").replace('RULES_RELEASE = "', 'RULES_RELEASE = "9.',
                                                    1), "utf-8")
    return folder


@pytest.fixture()
def cluster(tmp_path: Path):
    """Start a scheduler; ``add_worker(python, env)`` starts a worker for it."""
    procs = Processes()
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs.start([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", port,
                 "--no-dashboard"], cwd=tmp_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)

    def add_worker(python: Path, env: dict | None = None) -> None:
        # cwd outside the repository: our packages must not be importable from the folder.
        procs.start([python, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                     "--no-dashboard", "--no-nanny"], cwd=tmp_path, env=env)
        time.sleep(0)

    try:
        yield address, add_worker
    finally:
        procs.stop()


def wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    with Client(address, timeout="20s") as client:
        client.wait_for_workers(n, timeout=60)


def run_import(address: str, db: Path, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([BIN / "thaireports", "import", SAMPLE, "--db", db, "--scheduler",
                           address, "--quiet", *extra], capture_output=True, text=True,
                          timeout=60, env=ENV)
    return done, time.monotonic() - started


# A worker that cannot run the import, and the words that must name what it lacks.
@pytest.mark.parametrize("worker, expected", [
    ("bare", "the thaireports package is not importable there"),
    ("other-release", "another extractor version (9.2"),
    ("no-tesseract", "Tesseract is not installed"),
])
def test_workers_that_cannot_run_the_import_stop_it_before_any_work(
        cluster, bare_python, other_release, tmp_path: Path, worker: str, expected: str) -> None:
    address, add_worker = cluster
    if worker == "bare":
        add_worker(bare_python)
    elif worker == "other-release":
        add_worker(Path(sys.executable), ENV | {"PYTHONPATH": str(other_release)})
    else:  # our Python, with a PATH where no Tesseract is found
        empty = tmp_path / "empty-path"
        empty.mkdir()
        add_worker(Path(sys.executable), ENV | {"PATH": str(empty)})
    wait_for_workers(address, 1)
    db = tmp_path / "corpus.db"
    done, seconds = run_import(address, db)
    assert done.returncode == 5, done.stderr
    assert seconds < 30
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("thaireports: error: 1 of 1 Dask worker"), lines
    assert expected in lines[0] and "nothing was sent" in lines[0]
    # Nothing was imported, nothing counted as a failure of the file.
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM failures").fetchone() == (0,)


def test_a_scheduler_without_workers_is_reported_within_seconds(cluster, tmp_path: Path) -> None:
    address, _ = cluster
    done, seconds = run_import(address, tmp_path / "corpus.db")
    assert done.returncode == 5 and seconds < 30, (done.stderr, seconds)
    assert f"the Dask scheduler at {address} has no workers" in done.stderr
    assert f"dask worker {address}" in done.stderr  # says how to start one


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    done, seconds = run_import(f"tcp://127.0.0.1:{free_port()}", tmp_path / "corpus.db")
    assert done.returncode == 5 and seconds < 40
    assert "cannot reach the Dask scheduler" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_good_worker_imports(cluster, tmp_path: Path) -> None:
    address, add_worker = cluster
    add_worker(Path(sys.executable))
    wait_for_workers(address, 1)
    done, _ = run_import(address, tmp_path / "corpus.db")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 1, skipped 0, failed 0")
