"""Bulk import of files, folders and zip archives into a corpus, on Dask.

The client (this process) walks the inputs, hashes each file's bytes and skips those already in
the corpus; the rest go to Dask workers as bytes (workers of a remote cluster do not see our
disk), each worker writes a temporary file under the original name, runs
``extractors.convert`` on it in a sandboxed child process with a time and a memory limit
(``corpora.sandbox``) and sends back the record as JSON. Records are committed one per
transaction as they arrive, so a crash, Ctrl-C or ``kill -9`` loses at most the files in flight
and the same command picks up where it stopped. One bad file never stops the batch: its reason
goes to the ``failures`` table.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterator

from corpora.archive import ArchiveLimits, Member, Refusal, is_zip, iter_archive
from corpora.sandbox import DEFAULT_MEMORY
from normalize.errors import ThaiReportsError

# Files a folder walk passes over: operating-system and editor litter, not documents.
IGNORED_NAMES = {
    "thumbs.db",      # Windows thumbnail cache
    "desktop.ini",    # Windows folder settings
    ".ds_store",      # macOS folder settings
}
IGNORED_PREFIXES = (
    ".",              # hidden files (.git, ._AppleDouble)
    "~$",             # Office lock files left by an open document
)
SCATTER_BYTES = 1 << 20  # larger inputs travel by scatter, not inside the task graph
DEFAULT_TIMEOUT = 1800.0  # s per file: a 300-page scan OCRs in ~15 min on one core


class ImportSetupError(ThaiReportsError):
    """The import cannot start: a path that does not exist, an unreachable scheduler."""

    exit_code = 2


@dataclass(frozen=True)
class LocalFile:
    """A file on the client's disk; read only when its turn comes."""

    name: str
    path: Path


@dataclass
class ProgressUpdate:
    """One event of an import, for a progress display.

    ``status`` is ``start`` (``total`` known), ``imported``, ``skipped`` or ``failed``.
    """

    status: str
    name: str = ""
    pages: int = 0
    done: int = 0
    total: int = 0
    reason: str | None = None


@dataclass
class ImportSummary:
    """What an import did: names imported and skipped, (name, reason) of failures."""

    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    workers: int = 0

    def report(self) -> str:
        """A short human summary, one line per failure.

        Example:
            >>> ImportSummary(imported=["a.pdf"], failed=[("b.pdf", "encrypted PDF")]).report()
            'imported 1, skipped 0, failed 1 (0 pages, 0.0 s)\\nfailed: b.pdf: encrypted PDF'
        """
        lines = [f"imported {len(self.imported)}, skipped {len(self.skipped)}, "
                 f"failed {len(self.failed)} ({self.pages} pages, {self.seconds:.1f} s)"]
        lines += [f"failed: {name}: {reason}" for name, reason in self.failed]
        return "\n".join(lines)


def extractor_version() -> str | None:
    """The running extractors' version string, if they declare one."""
    import extractors

    return getattr(extractors, "EXTRACTOR_VERSION", None)


def _ignored(name: str) -> bool:
    return name.lower() in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES)


def _walk(folder: Path, skip: set[Path]) -> Iterator[Path]:
    """Files under ``folder`` in a stable order; symlinked folders are not followed (loops)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _ignored(d))
        for name in sorted(files):
            path = Path(root) / name
            if not _ignored(name) and path.resolve() not in skip and path.is_file():
                yield path


def _head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(4)


def iter_inputs(paths: list[Path], limits: ArchiveLimits,
                skip: set[Path] = frozenset()) -> Iterator[LocalFile | Member | Refusal]:
    """Every input file: local files, archive members, and refusals, in a stable order."""
    for path in paths:
        files = _walk(path, skip) if path.is_dir() else iter([path])
        for file in files:
            try:
                zipped = is_zip(_head(file))
            except OSError as exc:
                yield Refusal(str(file), f"cannot read: {exc.strerror or exc}")
                continue
            if zipped:
                yield from iter_archive(str(file), str(file), limits)
            else:
                yield LocalFile(str(file), file)


def count_inputs(paths: list[Path], skip: set[Path] = frozenset()) -> int:
    """How many files an import will look at (archive members counted from the central
    directory, without inflating anything); nested archives count as one."""
    import zipfile

    total = 0
    for path in paths:
        for file in (_walk(path, skip) if path.is_dir() else [path]):
            try:
                if is_zip(_head(file)):
                    with zipfile.ZipFile(file) as archive:
                        total += sum(not i.is_dir() for i in archive.infolist())
                    continue
            except (OSError, zipfile.BadZipFile, ValueError):
                pass
            total += 1
    return total


def _safe_file_name(name: str) -> str:
    """The last component of a display name, usable as a temporary file name.

    Example:
        >>> _safe_file_name("รายงาน.zip!2565/ประกาศ มาตรการ.pdf (2)")
        'ประกาศ มาตรการ.pdf'
    """
    base = name.rsplit("!", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]
    if base.endswith(")") and " (" in base:  # archive.py's duplicate-name counter
        head, _, counter = base.rpartition(" (")
        if counter[:-1].isdigit():
            base = head
    base = base.replace("\x00", "").strip() or "input"
    stem, dot, suffix = base.rpartition(".")
    if len(base.encode("utf-8")) > 200:  # file systems cap names at 255 bytes
        base = (stem.encode("utf-8")[:180].decode("utf-8", "ignore") + dot + suffix[:15]
                if dot else base.encode("utf-8")[:200].decode("utf-8", "ignore"))
    return base


def _reason(exc: BaseException) -> str:
    """A failure's reason (see ``corpora.sandbox.failure_reason``)."""
    from corpora.sandbox import failure_reason

    return failure_reason(exc)


def _worker_address() -> str | None:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):  # called outside a Dask worker (tests, a plain loop)
        return None


def convert_bytes(name: str, data: bytes, ocr: str = "auto", lang: str = "tha+eng",
                  timeout: float | None = None, memory: int | None = DEFAULT_MEMORY) -> dict:
    """Runs on a Dask worker: bytes of one file -> its record as JSON.

    The bytes are written to a private temporary folder under the file's own name, so the
    record's ``source.file`` and the type sniffing see what ``thaireports convert`` would.
    The conversion runs in a sandboxed child process (``corpora.sandbox``) that is killed when
    ``timeout`` seconds pass and may not use more than ``memory`` bytes, so one pathological
    file fails alone while the worker goes on with the next.

    Returns:
        ``{"status": "ok" | "failed" | "timeout", "payload": record JSON or reason,
        "version": extractor version, "worker": worker address}``; a reason names the file
        by ``name``, never by the temporary path.

    Example:
        >>> convert_bytes("ว่าง.pdf", b"")["payload"]
        'ว่าง.pdf: empty file (0 bytes)'
    """
    import tempfile

    from corpora.sandbox import convert_limited

    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # never download on a worker either
    with tempfile.TemporaryDirectory(prefix="thaireports-") as folder:
        path = Path(folder) / _safe_file_name(name)
        path.write_bytes(data)
        result = convert_limited(path, ocr=ocr, lang=lang, timeout=timeout, memory=memory)
    if result["status"] != "ok":
        result["payload"] = result["payload"].replace(str(path), name)
    return result | {"worker": _worker_address()}


class _Cluster:
    """The Dask side of an import, started only when a file needs work (a re-run over a
    finished import starts nothing): a client of the given scheduler, or of a new local
    cluster of worker processes with one thread each (extraction is CPU-bound Python)."""

    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        self.n = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self._client = None
        self._local = None
        self.workers = 0
        self.window = 4

    def client(self):
        if self._client is None:
            self._client = self._connect() if self.scheduler else self._start_local()
            self.workers = len(self._client.scheduler_info().get("workers", {}))
            self.window = max(4, 2 * self.workers + 2)  # enough queued to keep workers busy
        return self._client

    def _connect(self):
        from distributed import Client

        try:
            return Client(self.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ImportSetupError(f"cannot reach the Dask scheduler at {self.scheduler}: "
                                   f"{exc}") from exc

    def _start_local(self):
        import logging

        import dask
        from distributed import Client, LocalCluster

        os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # inherited by the worker processes
        # One retry: a worker that dies twice on one file has found a bad file, not bad luck.
        with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
            # The scheduler's HTTP server starts even without a dashboard and would claim
            # :8787; a free port on localhost keeps two imports from colliding.
            self._local = LocalCluster(n_workers=self.n, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0",
                                       silence_logs=logging.ERROR)
        return Client(self._local)

    def __enter__(self) -> _Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._local is not None:
            self._local.close()


def import_paths(paths: list[Path | str], db: Path | str, workers: int | None = None,
                 scheduler: str | None = None, reprocess: bool = False,
                 progress: Callable[[ProgressUpdate], None] | None = None,
                 ocr: str = "auto", lang: str = "tha+eng",
                 limits: ArchiveLimits | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT,
                 memory: int | None = DEFAULT_MEMORY) -> ImportSummary:
    """Import files, folders (recursively) and zip archives into the corpus ``db``.

    Args:
        paths: files, folders and zip archives (a zip is known by its bytes, not its name).
        db: the corpus file; made if missing.
        workers: local worker processes (default one per core); ignored with ``scheduler``.
        scheduler: address of a running Dask scheduler, ``tcp://HOST:PORT``; its workers need
            thaireports installed.
        reprocess: also re-extract files whose record an older extractor version made.
        progress: called with a ProgressUpdate per file (see ``ConsoleProgress``).
        ocr, lang: passed to ``extractors.convert``.
        limits: caps for zip archives.
        timeout: seconds one file may take on a worker before its conversion is killed and it
            fails with reason 'timeout'; None for no limit.
        memory: bytes of address space one file's conversion may use (Tesseract included)
            before it fails with reason 'memory'; None for no limit.

    Returns:
        ImportSummary; failures are also in the corpus's ``failures`` table.

    Example:
        >>> import_paths(["รายงาน ITA 2565.zip"], "corpus.db").report()    # doctest: +SKIP
        'imported 41, skipped 0, failed 1 (310 pages, 95.2 s)\\nfailed: ...'
    """
    from distributed import as_completed

    from corpora.store import Corpus
    from extractors.record import validate_record

    started = time.monotonic()
    paths = [Path(p) for p in paths]
    db = Path(db)
    limits = limits or ArchiveLimits()
    notify = progress or (lambda update: None)
    # The corpus's own files must never be imported into itself.
    skip = {Path(str(db.resolve()) + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    missing = [str(p) for p in paths if not p.exists()]
    if missing:  # before the corpus is made: a typo must not leave an empty corpus behind
        raise ImportSetupError(f"{', '.join(missing)}: no such file or folder")
    inputs = iter_inputs(paths, limits, skip)
    summary = ImportSummary()
    total = count_inputs(paths, skip)
    current = extractor_version()

    with Corpus(db, create=True) as corpus, _Cluster(workers, scheduler) as cluster:
        known = corpus.known_versions()
        notify(ProgressUpdate("start", total=total, done=0))
        queue = None  # as_completed, made with the client
        in_flight: dict[str, tuple[str, str]] = {}  # future key -> (name, sha256)
        claimed: set[str] = set()  # sha256 of this batch, so duplicates go once

        def finish(name: str, status: str, pages: int = 0, reason: str | None = None) -> None:
            if status == "imported":
                summary.imported.append(name)
                summary.pages += pages
            elif status == "skipped":
                summary.skipped.append(name)
            else:
                summary.failed.append((name, reason or "unknown"))
            done = len(summary.imported) + len(summary.skipped) + len(summary.failed)
            notify(ProgressUpdate(status, name=name, pages=pages, reason=reason,
                                  done=done, total=max(total, done)))

        def fail(name: str, sha: str | None, reason: str) -> None:
            if sha in known:  # --reprocess of a file read before: keep the earlier record
                reason = f"re-extraction failed, earlier record kept: {reason}"
            else:  # a file in failures is never in documents
                corpus.add_failure(name, sha, reason)
            finish(name, "failed", reason=reason)

        def collect(future) -> None:
            name, sha = in_flight.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # KilledWorker, lost connection to a worker
                result = {"status": "failed", "payload": _reason(exc), "version": None}
            future.release()
            status, payload, version = result["status"], result["payload"], result["version"]
            if status != "ok":
                return fail(name, sha, payload)
            try:
                record = validate_record(payload)
                corpus.add_record(record, name, version)
            except (ValueError, sqlite3.IntegrityError) as exc:  # invalid record, id clash
                return fail(name, sha, f"invalid record: {exc}")
            finish(name, "imported", pages=len(record.pages))

        for item in inputs:
            if isinstance(item, Refusal):
                fail(item.name, None, item.reason)
                continue
            try:
                data = item.data if isinstance(item, Member) else item.path.read_bytes()
            except OSError as exc:
                fail(item.name, None, f"cannot read: {exc.strerror or exc}")
                continue
            sha = hashlib.sha256(data).hexdigest()
            stale = reprocess and sha in known and known[sha] != current
            if (sha in known and not stale) or sha in claimed:
                finish(item.name, "skipped")
                continue
            claimed.add(sha)
            client = cluster.client()  # started on the first file that needs work
            if queue is None:
                queue = as_completed()
            payload = client.scatter(data) if len(data) > SCATTER_BYTES else data
            future = client.submit(convert_bytes, item.name, payload, ocr, lang, timeout,
                                   memory, pure=False)
            in_flight[future.key] = (item.name, sha)
            queue.add(future)
            while queue.count() >= cluster.window:
                collect(next(queue))
        for future in queue if queue is not None else ():
            collect(future)
        summary.workers = cluster.workers
    summary.seconds = time.monotonic() - started
    return summary


class ConsoleProgress:
    """Shows an import: a tqdm bar (files, pages, rate, ETA) on a terminal, one plain line per
    file otherwise (logs, CI). Writes to ``stream`` (stderr by default), never to stdout."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.bar = None
        self.pages = 0
        self.failed = 0
        self.started = time.monotonic()

    def __call__(self, update: ProgressUpdate) -> None:
        if update.status == "start":
            self.started = time.monotonic()
            if self.stream.isatty():
                from tqdm import tqdm

                self.bar = tqdm(total=update.total, unit="file", file=self.stream,
                                dynamic_ncols=True)
            else:
                print(f"import: {update.total} files to look at", file=self.stream, flush=True)
            return
        self.pages += update.pages
        self.failed += update.status == "failed"
        if self.bar is not None:
            if update.total > self.bar.total:
                self.bar.total = update.total
            self.bar.set_postfix(pages=self.pages, failed=self.failed, refresh=False)
            self.bar.update(1)
            if update.done >= update.total:
                self.bar.close()
            return
        if update.status == "skipped":
            return  # a re-run over thousands of known files would drown the log
        elapsed = time.monotonic() - self.started
        rate = update.done / elapsed if elapsed > 0 else 0.0
        eta = (update.total - update.done) / rate if rate > 0 else 0.0
        detail = f"{update.pages} pages" if update.status == "imported" else update.reason
        print(f"import: {update.done}/{update.total} {update.status} {update.name} ({detail}); "
              f"{self.pages} pages, {rate:.2f} files/s, ETA {eta:.0f} s",
              file=self.stream, flush=True)
