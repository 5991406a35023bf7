"""One file at a time in a child process with its own time and memory limits.

A Dask worker is a threaded process (event loop, heartbeats, the task thread): a conversion
stuck in its task thread can only be abandoned, and one that eats memory takes the whole worker
down with it. So each worker hands its files to a sandbox: a small single-threaded server
process (``python -m corpora.sandbox``) that imports the extractors once, then forks a fresh
child per file. Forking is safe there because the server runs no other thread, and cheap because
the child inherits the loaded modules (a text file converts in ~0.1 s instead of ~1 s cold).

The child puts itself in its own process group, caps its address space with ``RLIMIT_AS`` (which
the Tesseract processes it starts inherit) and its CPU time, asks the kernel to kill it if the
server dies, converts, and writes its answer to a file. The server kills the whole group when
the time limit passes. So a pathological file fails with reason ``timeout`` or ``memory`` and
the worker, its Dask connection and the rest of the batch never notice.

Protocol: the server reads one JSON request per line on stdin (``path``, ``out``, ``ocr``,
``lang``, ``timeout`` in seconds or null, ``memory`` in bytes or null) and answers one JSON line
on stdout: ``{"status": "ok" | "failed" | "timeout", "payload": record JSON or reason,
"version": extractor version}``. It exits when stdin closes, or when the worker that started
it dies (it checks its parent while a child converts).

Temporary copies: every file an import writes for itself (documents sent to workers, zip members,
the sandbox's and Tesseract's scratch files, Dask's worker folders) lives in one *run folder*
under the system temp dir, ``thaireports-run-<PID>-<random>``, named for the process that owns
it (``run_folder``). The owner removes it when it ends; after a ``kill -9`` the next import
removes every run folder whose owner is no longer alive (``sweep_run_folders``), and never one
of a live process.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from thaireports.normalize.errors import ThaiReportsError

DEFAULT_MEMORY = int(os.environ.get("THAIREPORTS_MAX_MEMORY_MB", 4096)) * 2**20  # per file
# Signals a process dies of when an allocation fails under RLIMIT_AS in C code (abort on a
# failed new/malloc, a NULL written through) or when the kernel's OOM killer picks it.
_OUT_OF_MEMORY_SIGNALS = (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL)
_PR_SET_PDEATHSIG = 1
RUN_PREFIX = "thaireports-run-"  # + owner's PID + "-" + random: one folder per import or worker
RUN_DIR_ENV = "THAIREPORTS_RUN_DIR"  # set for local workers: the importer's run folder
PAGES_FILE = ".thaireports-pages"  # pages OCR'd so far, written beside the file being read


def failure_reason(exc: BaseException, memory: int | None = None) -> str:
    """A failure's reason: our errors already say what and why; others get their type.

    Example:
        >>> failure_reason(MemoryError(), 2**30)
        'memory: the file needs more than the 1,024 MB a file may use'
    """
    if isinstance(exc, MemoryError):
        limit = f"the {memory // 2**20:,} MB a file may use" if memory else "the worker has"
        return f"memory: the file needs more than {limit}"
    if isinstance(exc, ThaiReportsError):
        return str(exc)
    name = type(exc).__name__
    if name == "KilledWorker":
        return "the worker died while reading it (memory? crash?)"
    return f"{name}: {exc}" if str(exc) else name


def death_reason(status: int, memory: int | None) -> str:
    """Why a child that left no answer died, from its ``waitpid`` status.

    Example:
        >>> death_reason(-6, 2**30)
        'memory: the reader died of SIGABRT under the 1,024 MB limit a file may use'
        >>> death_reason(3, None)
        'crashed: the reader exited with code 3'
    """
    if status < 0:
        sig = signal.Signals(-status)
        if memory and sig in _OUT_OF_MEMORY_SIGNALS:
            return (f"memory: the reader died of {sig.name} under the {memory // 2**20:,} MB "
                    "limit a file may use")
        return f"crashed: the reader died of {sig.name}"
    return f"crashed: the reader exited with code {status}"


# -- run folders --------------------------------------------------------------------------------
def pid_alive(pid: int) -> bool:
    """True when a process ``pid`` exists (another user's counts: it is not ours to judge).

    Example:
        >>> pid_alive(os.getpid())
        True
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_folder_owner(path: Path) -> int | None:
    """The PID in a run folder's name, or None when the name is not one of ours.

    Example:
        >>> run_folder_owner(Path("/tmp/thaireports-run-4242-k3x9a1"))
        4242
        >>> run_folder_owner(Path("/tmp/thaireports-stdin-abc")) is None
        True
    """
    if not path.name.startswith(RUN_PREFIX):
        return None
    pid, _, rest = path.name[len(RUN_PREFIX):].partition("-")
    return int(pid) if pid.isdigit() and rest else None


def sweep_run_folders(root: Path | str | None = None) -> list[Path]:
    """Remove the run folders under ``root`` (the system temp dir) whose owner is dead: what
    an import or a worker killed with ``kill -9`` left. Only our own user's folders, never one
    whose process is alive. Returns the folders removed."""
    import shutil
    import tempfile

    root = Path(root or tempfile.gettempdir())
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        pid = run_folder_owner(Path(entry.path))
        if pid is None or pid == os.getpid() or pid_alive(pid):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(
                    follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def make_run_folder(root: Path | str | None = None) -> Path:
    """A new run folder for this process (``thaireports-run-<PID>-<random>`` under the system
    temp dir), after sweeping the ones dead processes left."""
    import tempfile

    sweep_run_folders(root)
    return Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-",
                                 dir=str(root) if root else None))


_WORKER_FOLDER: list[Path] = []


def worker_folder() -> Path:
    """Where this process (a Dask worker) keeps its temporary copies: the importer's run
    folder when the importer started it (``THAIREPORTS_RUN_DIR``), else a run folder of its
    own (a worker of a remote cluster), made once and swept like any other."""
    given = os.environ.get(RUN_DIR_ENV)
    if given and Path(given).is_dir():
        return Path(given)
    if not _WORKER_FOLDER or not _WORKER_FOLDER[0].is_dir():
        import atexit
        import shutil

        _WORKER_FOLDER[:] = [make_run_folder()]
        atexit.register(shutil.rmtree, _WORKER_FOLDER[0], True)
    return _WORKER_FOLDER[0]


def dask_setup(worker=None) -> None:
    """Dask preload for the importer's local workers: Ctrl-C is the importer's to handle (it
    stops the workers itself), so a terminal's SIGINT to the whole process group must not
    kill a worker mid-file with a traceback."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: the worker was started with SIGINT ignored
        pass


# -- the child: one file ------------------------------------------------------------------------
def _limit_self(timeout: float | None, memory: int | None) -> None:
    import ctypes
    import resource

    os.setpgid(0, 0)  # its own group: a timeout kills Tesseract with it
    try:  # Linux: die with the server, so that no orphan converts on after a kill -9
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if timeout:  # a backstop should the server be gone: CPU seconds, not wall time
        cpu = int(timeout) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _count_pages(pages_file: str) -> None:
    """Write the number of pages OCR'd so far to ``pages_file`` (the importer's progress reads
    it while the file is still being read: a long scan visibly moves)."""
    import logging

    from thaireports.ingest.ocr import PROGRESS_LOGGER

    class PageCounter(logging.Handler):
        pages = 0

        def emit(self, record: logging.LogRecord) -> None:
            with self.lock:  # OCR threads report pages concurrently
                PageCounter.pages += 1
                try:
                    temporary = pages_file + ".new"
                    Path(temporary).write_text(str(PageCounter.pages))
                    os.replace(temporary, pages_file)
                except OSError:
                    pass

    logger = logging.getLogger(PROGRESS_LOGGER)
    logger.addHandler(PageCounter())
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _convert_in_child(request: dict) -> dict:
    from thaireports import extractors
    from thaireports.extractors.convert import convert

    version = getattr(extractors, "EXTRACTOR_VERSION", None)
    memory = request.get("memory")
    try:
        record = convert(Path(request["path"]), ocr=request["ocr"], lang=request["lang"])
        return {"status": "ok", "payload": record.to_json(), "version": version}
    except MemoryError as exc:
        return {"status": "failed", "payload": failure_reason(exc, memory), "version": version}
    except Exception as exc:  # any failure is data: the batch goes on
        return {"status": "failed", "payload": failure_reason(exc, memory), "version": version}


def _child(request: dict) -> None:
    """Runs in the forked child; never returns."""
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1):  # the server's protocol pipes: nothing the child prints goes there
            os.dup2(devnull, fd)
        _limit_self(request.get("timeout"), request.get("memory"))
        if request.get("ocr_jobs"):  # read by ingest.pdf when the file's OCR starts
            os.environ["THAIREPORTS_OCR_JOBS"] = str(request["ocr_jobs"])
        if os.getppid() == 1:  # the server died between fork and prctl
            os._exit(1)
        if request.get("pages_file"):
            _count_pages(request["pages_file"])
        answer = _convert_in_child(request)
        Path(request["out"]).write_text(json.dumps(answer, ensure_ascii=False),
                                        encoding="utf-8")
        code = 0
    except BaseException:  # noqa: BLE001 - the server reports the exit code
        code = 1
    finally:
        os._exit(code)


def run_one(request: dict) -> dict:
    """Fork a child for one request and wait for it, at most ``timeout`` seconds."""
    out = Path(request["out"])
    out.unlink(missing_ok=True)
    timeout, memory = request.get("timeout"), request.get("memory")
    pid = os.fork()
    if pid == 0:
        _child(request)
    try:
        os.setpgid(pid, pid)  # also here: whichever of the two runs first
    except OSError:
        pass
    deadline = time.monotonic() + timeout if timeout else None
    pause = 0.005
    parent = os.getppid()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if os.getppid() != parent:  # the worker died (kill -9, out of memory): stop with it
            _kill_group(pid)
            os._exit(1)
        if deadline is not None and time.monotonic() >= deadline:
            _kill_group(pid)
            os.waitpid(pid, 0)
            return {"status": "timeout", "payload": f"timeout: still reading after {timeout:g} s",
                    "version": None}
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    _kill_group(pid)  # a Tesseract left behind by a child that died
    try:
        return json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"status": "failed", "payload": death_reason(os.waitstatus_to_exitcode(status),
                                                            memory), "version": None}


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _warm_up() -> None:
    """Load the extractors and their Thai dictionaries once, so every child starts warm."""
    import tempfile

    try:
        from thaireports.extractors.convert import convert

        with tempfile.TemporaryDirectory(prefix="thaireports-warm-") as folder:
            path = Path(folder) / "warm.txt"
            path.write_text("บันทึกข้อความ\nเรื่อง มาตรการป้องกันการรับสินบน ปีงบประมาณ 2565\n",
                            encoding="utf-8")
            convert(path)
    except Exception:  # noqa: BLE001 - a child will report the same problem with its file
        pass


def serve(stdin=None, stdout=None) -> None:
    """The server loop: one JSON request per line in, one JSON answer per line out."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:  # Ctrl-C is the importer's: it stops the worker, whose death stops this server
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (a test calling serve)
        pass
    _warm_up()
    for line in stdin:
        if not line.strip():
            continue
        answer = run_one(json.loads(line))
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        stdout.flush()


# -- the worker's side --------------------------------------------------------------------------
class Sandbox:
    """A handle on one sandbox server, started on first use and again if it died."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        # TMPDIR: Tesseract's and pytesseract's scratch files go to the run folder too, so a
        # kill -9 leaves nothing the next import cannot find. Its own process group: a
        # terminal's Ctrl-C goes to the importer, which stops the workers in order.
        env = os.environ | {"PYTHAINLP_OFFLINE": os.environ.get("PYTHAINLP_OFFLINE", "1"),
                            "TMPDIR": str(worker_folder())}
        return subprocess.Popen([sys.executable, "-m", "thaireports.corpora.sandbox"], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
                                process_group=0)

    def run(self, request: dict) -> dict:
        """Send one request and wait for its answer (the server enforces the time limit)."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.process = self._start()  # first use, or the last one died
            try:
                self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
                self.process.stdin.flush()
                line = self.process.stdout.readline()
            except OSError:  # BrokenPipeError: it died before reading the request
                line = ""
            if line:
                return json.loads(line)
            self.close()
            return {"status": "failed", "payload": "crashed: the sandbox process died",
                    "version": None}

    def close(self) -> None:
        if self.process is not None:
            try:
                self.process.kill()
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.process = None


_SANDBOXES: dict[int, Sandbox] = {}
_SANDBOXES_LOCK = threading.Lock()


def sandbox_for_this_thread() -> Sandbox:
    """The calling thread's sandbox (a Dask worker with several threads gets one each)."""
    with _SANDBOXES_LOCK:
        return _SANDBOXES.setdefault(threading.get_ident(), Sandbox())


def convert_limited(path: Path, ocr: str = "auto", lang: str = "tha+eng",
                    timeout: float | None = None, memory: int | None = DEFAULT_MEMORY,
                    ocr_jobs: str | None = None) -> dict:
    """Convert one file in a sandboxed child: ``{"status", "payload", "version"}``.

    Args:
        path: the file (the answer is written beside it, so its folder must be private).
        ocr, lang: passed to ``extractors.convert``.
        timeout: wall-clock seconds before the child is killed (status ``timeout``).
        memory: address-space bytes the child may use; beyond, reason ``memory: ...``.
        ocr_jobs: ``THAIREPORTS_OCR_JOBS`` for the child (pages of the file OCR'd at once);
            the importer sends "1" when several files share a worker's cores.
    """
    request = {"path": str(path), "out": str(Path(path).parent / ".thaireports-answer.json"),
               "ocr": ocr, "lang": lang, "timeout": timeout, "memory": memory,
               "ocr_jobs": ocr_jobs, "pages_file": str(Path(path).parent / PAGES_FILE)}
    return sandbox_for_this_thread().run(request)


if __name__ == "__main__":
    serve()
