"""Bulk import of files, folders and zip archives into a corpus, on Dask.

The client (this process) walks the inputs, hashes each file's bytes and skips those already in
the corpus; the rest go to Dask workers as bytes (workers of a remote cluster do not see our
disk), each worker writes a temporary file under the original name, runs
``extractors.convert`` on it in a sandboxed child process with a time and a memory limit
(``corpora.sandbox``) and sends back the record as JSON with its text's MinHash signature
(``corpora.duplicates``). Records are committed in batches (up to ``BATCH_RECORDS``, or what
arrived within ``BATCH_SECONDS``), one transaction per batch, so a crash, Ctrl-C or ``kill -9``
loses at most the files in flight and the uncommitted batch, and the same command picks up where
it stopped (nothing of a batch is half-written; its files are simply read again). One bad file
never stops the batch: its reason goes to the ``failures`` table. An ita-record/1 JSON among the
inputs is an edited record: it is stored as hand corrections once every file is in.

Against an existing cluster (``scheduler``), every worker is checked before any work is sent
(``check_workers``: thaireports importable, the same extractor version, Tesseract with the
languages asked for), and a scheduler without workers is reported after ``WORKER_WAIT`` s.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import shutil
import signal
import sqlite3
import stat
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterator

from thaireports.corpora.archive import (ArchiveLimits, ExtractedMember, Member, Refusal,
                                        is_office_package, is_zip, iter_archive)
from thaireports.corpora.sandbox import DEFAULT_MEMORY, PAGES_FILE, RUN_DIR_ENV
from thaireports.normalize.errors import ThaiReportsError

# Files a folder walk does not read: operating-system and editor litter, not documents. Each
# is counted as skipped with its reason. Rows are (lower-case name, why).
IGNORED_NAMES = {
    "thumbs.db": "Windows thumbnail cache",
    "desktop.ini": "Windows folder settings",
    ".ds_store": "macOS folder settings",
}
IGNORED_PREFIXES = (
    (".", "hidden file"),                    # .git, ._AppleDouble
    ("~$", "Office lock file"),              # left by a document open in Word or Excel
)
THUMBNAIL_PX = 256  # an image no side of which is longer is a thumbnail, not a page scan
SCATTER_BYTES = 1 << 20  # larger inputs travel by scatter, not inside the task graph
DEFAULT_TIMEOUT = 1800.0  # s per file: a 300-page scan OCRs in ~15 min on one core


class ImportSetupError(ThaiReportsError):
    """The import cannot start: a path that does not exist, an unreachable scheduler."""

    exit_code = 3


@dataclass(frozen=True)
class LocalFile:
    """A file on the client's disk; read only when its turn comes. ``temporary``: a zip
    member streamed into the run folder, removed once read."""

    name: str
    path: Path
    size: int = 0
    temporary: bool = False


@dataclass(frozen=True)
class Skip:
    """An input not read because it is not a document (or not ours to read), with why."""

    name: str
    reason: str


@dataclass(frozen=True)
class RecordFile:
    """An ita-record/1 JSON (an edited record): a correction of the document it was read from,
    applied once every file of the import is in."""

    name: str
    data: dict


class SchedulerUnreachableError(ImportSetupError):
    """The Dask scheduler named by ``--scheduler`` does not answer: the environment, not the
    input, is wrong."""

    exit_code = 5


class WorkerSetupError(ImportSetupError):
    """The cluster's workers cannot run the import: no workers, no thaireports, another
    extractor version, no Tesseract with Thai. Nothing was sent."""

    exit_code = 5


@dataclass
class ProgressUpdate:
    """One event of an import, for a progress display.

    ``status`` is ``start`` (``total`` files and ``pages_total`` known), ``imported``,
    ``skipped``, ``failed``, ``corrected``, ``pages`` (``pages`` OCR'd so far by the files
    still being read, on local workers: a long scan visibly moves), ``waiting`` (files still
    being read: ``name`` lists them, ``pages`` as for ``pages``) or ``interrupted`` (Ctrl-C:
    the import stops).
    """

    status: str
    name: str = ""
    pages: int = 0
    done: int = 0
    total: int = 0
    reason: str | None = None
    pages_total: int = 0


@dataclass
class ImportSummary:
    """What an import did: names imported and skipped, (name, reason) of failures."""

    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the corpus, or a duplicate
    not_documents: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    corrected: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, id, fields
    pages: int = 0
    seconds: float = 0.0
    workers: int = 0

    def report(self) -> str:
        """A short human summary, one line per file not read and per failure. Skipped counts
        the files already in the corpus and those that are not documents.

        Example:
            >>> ImportSummary(imported=["a.pdf"], failed=[("b.pdf", "encrypted PDF")]).report()
            'imported 1, skipped 0, failed 1 (0 pages, 0.0 s)\\nfailed: b.pdf: encrypted PDF'
            >>> ImportSummary(not_documents=[("Thumbs.db", "not a document: Windows thumbnail "
            ...                               "cache")]).report().splitlines()[1]
            'skipped: Thumbs.db: not a document: Windows thumbnail cache'
        """
        skipped = len(self.skipped) + len(self.not_documents)
        lines = [f"imported {len(self.imported)}, skipped {skipped}, "
                 f"failed {len(self.failed)} ({self.pages} pages, {self.seconds:.1f} s)"]
        if self.corrected:
            lines[0] += f"; corrected {len(self.corrected)}"
        lines += [f"corrected: {printable(name)}: {doc_id} {', '.join(fields) or '(no change)'}"
                  for name, doc_id, fields in self.corrected]
        lines += [f"skipped: {printable(name)}: {printable(reason)}"
                  for name, reason in self.not_documents]
        lines += [f"failed: {printable(name)}: {printable(reason)}" for name, reason in self.failed]
        return "\n".join(lines)


def extractor_version() -> str | None:
    """The running extractors' version string, if they declare one."""
    from thaireports import extractors

    return getattr(extractors, "EXTRACTOR_VERSION", None)


def printable(text: str) -> str:
    """``text`` safe to print: control characters (a newline or a terminal escape code in a
    file name) and lone surrogates shown as escapes.

    Example:
        >>> printable("ประกาศ\\x1b[31m.pdf")
        'ประกาศ\\\\x1b[31m.pdf'
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else
                   (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") for c in text)


def display_name(path: str | Path) -> str:
    """A path as valid text, to store and show. A name that is not UTF-8 (TIS-620 from an old
    Windows share) is decoded as Windows-874 when that gives Thai, else its odd bytes are
    written as escapes; either way the file itself is still read through its real name.

    Example:
        >>> display_name(os.fsdecode("/data/" .encode() + "ประกาศ.pdf".encode("cp874")))
        '/data/ประกาศ.pdf'
    """
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    parts = []
    for raw in os.fsencode(text).split(b"/"):
        try:
            parts.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            thai = raw.decode("cp874")
            if any("\u0e01" <= c <= "\u0e5b" for c in thai):
                parts.append(thai)
                continue
        except UnicodeDecodeError:
            pass
        parts.append(raw.decode("utf-8", "backslashreplace"))
    return "/".join(parts)


def _litter_reason(name: str) -> str | None:
    lowered = name.lower()
    if lowered in IGNORED_NAMES:
        return IGNORED_NAMES[lowered]
    for prefix, why in IGNORED_PREFIXES:
        if name.startswith(prefix):
            return why
    return None


_SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _special_file_reason(mode: int) -> str:
    for test, what in _SPECIAL_FILES:
        if test(mode):
            return f"not a document: {what}, not a regular file"
    return "not a document: not a regular file"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@dataclass
class WalkOptions:
    """How an import walks its inputs."""

    follow_symlinks: bool = False       # follow links that point outside the folder walked
    max_bytes: int = 512 * 2**20        # larger files are refused before they are read
    skip: frozenset[Path] | set[Path] = frozenset()  # the corpus's own files


def _local_file(path: Path, st: os.stat_result, options: WalkOptions
                ) -> LocalFile | Refusal | Skip:
    name = display_name(path)
    if not stat.S_ISREG(st.st_mode):
        return Skip(name, _special_file_reason(st.st_mode))
    if st.st_size > options.max_bytes:  # decided from the size: a sparse 1.5 GB file is not read
        return Refusal(name, f"too large ({st.st_size:,} bytes, limit {options.max_bytes:,}); "
                             "split it, or raise THAIREPORTS_MAX_BYTES")
    return LocalFile(name, path, st.st_size)


def walk(path: Path, options: WalkOptions) -> Iterator[LocalFile | Refusal | Skip]:
    """The files under ``path`` (a folder, or one file) in a stable order, never read.

    A folder that cannot be listed is a Refusal (reported, not silently passed over); a
    symbolic link that points outside ``path`` is a Skip unless ``follow_symlinks``, one that
    loops or dangles a Refusal; FIFOs, sockets and devices are Skips (opening a FIFO would
    wait forever); litter (Thumbs.db, hidden files) is a Skip; a file over
    ``options.max_bytes`` is a Refusal decided from its size.
    """
    try:
        st = path.stat()
    except OSError as exc:
        yield Refusal(display_name(path), f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISDIR(st.st_mode):  # named on the command line: followed wherever it points
        if path.resolve() not in options.skip:
            yield _local_file(path, st, options)
        return
    root = os.path.realpath(path)
    yield from _walk_folder(path, root, options, {(st.st_dev, st.st_ino)})


def _walk_folder(folder: Path, root: str, options: WalkOptions,
                 seen: set[tuple[int, int]]) -> Iterator[LocalFile | Refusal | Skip]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: os.fsencode(e.name))
    except OSError as exc:
        yield Refusal(display_name(folder), f"cannot read folder: {exc.strerror or exc}; "
                                            "its files were not imported")
        return
    for entry in entries:
        path = Path(entry.path)
        name = display_name(path)
        litter = _litter_reason(entry.name)
        if litter:
            yield Skip(name, f"not a document: {litter}")
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                try:
                    target = os.path.realpath(path, strict=True)
                except OSError as exc:
                    what = ("symbolic link loop" if exc.errno == errno.ELOOP else
                            f"broken symbolic link (to {display_name(os.readlink(path))})")
                    yield Refusal(name, f"cannot read: {what}")
                    continue
                if not _inside(target, root) and not options.follow_symlinks:
                    yield Skip(name, f"symbolic link to {display_name(target)}, outside the "
                                     "folder imported: not followed (--follow-symlinks to "
                                     "follow it)")
                    continue
                st = os.stat(path)
        except OSError as exc:
            yield Refusal(name, f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                yield Skip(name, "symbolic link loop: a folder already walked (not followed)")
                continue
            seen.add(key)
            yield from _walk_folder(path, root, options, seen)
        elif Path(os.path.realpath(path)) not in options.skip:
            yield _local_file(path, st, options)


def _head(path: Path, size: int = 8192) -> bytes:
    with path.open("rb") as stream:
        return stream.read(size)


def not_a_document(name: str, head: bytes, image: Callable[[], object] | None = None
                   ) -> str | None:
    """Why a file is not a document to read (issue 12), or None when a reader should try it
    (a broken document still fails with its reason: an empty or truncated PDF is reported).

    Args:
        name: the file name (only ``Thumbs.db`` is told by its name).
        head: the first bytes (8 KB).
        image: opens the file as a PIL image (header only), to tell a thumbnail by its size.

    Example:
        >>> not_a_document("meta.json", b'{"title": "ITA 2565"}')
        'not a document: JSON data (a sidecar file)'
        >>> not_a_document("x.bin", bytes(range(256)))
        'not a document: unknown binary data (application/octet-stream)'
        >>> not_a_document("memo.txt", "บันทึกข้อความ".encode()) is None
        True
    """
    from thaireports.ingest.reader import READERS
    from thaireports.ingest.sniff import sniff_bytes

    media_type = sniff_bytes(head)
    if media_type == "application/x-empty":
        return None  # fails as "empty file (0 bytes)": a document that lost its bytes
    if media_type == "application/x-ole-storage":  # old .doc/.xls, or Windows litter
        return ("not a document: Windows thumbnail cache"
                if Path(name).name.lower() == "thumbs.db" else None)
    if media_type in ("application/gzip", "application/x-7z-compressed", "application/vnd.rar"):
        return None  # archives we cannot open: the reader says to unpack them
    if media_type not in READERS:
        if media_type == "application/octet-stream":
            from thaireports.ingest.text import decode_with_replacement

            if decode_with_replacement(head[: len(head) - 3] if len(head) > 3 else head):
                return None  # UTF-8 text with a bad byte early: the reader reports it
            return "not a document: unknown binary data (application/octet-stream)"
        return f"not a document: {media_type}"
    if media_type == "text/plain":
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if text[:1] in (b"{", b"[") and (name.lower().endswith(".json") or
                                         text[1:].lstrip()[:1] in (b'"', b"{", b"[", b"]", b"}")):
            return "not a document: JSON data (a sidecar file)"
        if text[:5].lower() == b"<?xml" and b"<html" not in text[:1024].lower():
            return "not a document: XML data"
    if media_type.startswith("image/") and image is not None:
        try:
            with image() as picture:
                width, height = picture.size
        except Exception:  # noqa: BLE001 - unreadable header: the image reader reports it
            return None
        if 0 < width <= THUMBNAIL_PX and 0 < height <= THUMBNAIL_PX:
            return f"not a document: a thumbnail ({width} x {height} px)"
    return None


def _open_image(source: Path | bytes):
    def open_it():
        import io

        from PIL import Image

        return Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    return open_it


def iter_inputs(paths: list[Path], limits: ArchiveLimits, skip: set[Path] = frozenset(),
                options: WalkOptions | None = None, extract_to: Path | None = None
                ) -> Iterator[LocalFile | Member | Refusal | Skip]:
    """Every input file: local files, archive members, refusals and skips, in a stable order,
    one at a time (nothing is listed ahead but the names of one folder).

    With ``extract_to`` (a private folder), archive members are streamed to files there and
    come as temporary LocalFiles (the consumer removes them); else as in-memory Members."""
    options = options or WalkOptions(skip=skip)
    for path in paths:
        for file in walk(path, options):
            if not isinstance(file, LocalFile):
                yield file
                continue
            try:
                head = _head(file.path)
            except OSError as exc:
                yield Refusal(file.name, f"cannot read: {exc.strerror or exc}")
                continue
            if is_zip(head) and not is_office_package(file.path):
                for member in iter_archive(str(file.path), file.name, limits,
                                           extract_to=extract_to):
                    yield _classified(member, options)
                continue
            reason = not_a_document(file.name, head, _open_image(file.path))
            if reason and reason.startswith(_JSON_REASON):
                try:
                    yield _record_file(file.name, _read_capped(file, options.max_bytes), reason)
                except (OSError, FileTooLarge) as exc:
                    yield Refusal(file.name, f"cannot read: {getattr(exc, 'strerror', 0) or exc}")
                continue
            yield Skip(file.name, reason) if reason else file


_JSON_REASON = "not a document: JSON data"


def _record_file(name: str, data: bytes, reason: str) -> RecordFile | Refusal | Skip:
    """A JSON file: an ita-record/1 (a correction), one that says it is but is invalid (a
    failure naming the field), or any other JSON (a sidecar, skipped)."""
    import json

    from pydantic import ValidationError

    from thaireports.extractors.record import SCHEMA_ID, validate_record

    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return Skip(name, reason)
    if not (isinstance(payload, dict) and payload.get("schema") == SCHEMA_ID):
        return Skip(name, reason)
    try:
        validate_record(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return Refusal(name, f"invalid {SCHEMA_ID} record: {where}: {first.get('msg')} "
                             f"({exc.error_count()} problem(s); see 'thaireports schema')")
    return RecordFile(name, payload)


def _classified(member: Member | ExtractedMember | Refusal, options: WalkOptions | None = None
                ) -> LocalFile | Member | Refusal | Skip | RecordFile:
    if isinstance(member, ExtractedMember):
        file = LocalFile(member.name, member.path, member.size, temporary=True)
        try:
            reason = not_a_document(member.name, _head(member.path), _open_image(member.path))
            if reason and reason.startswith(_JSON_REASON):
                result = _record_file(member.name, _read_capped(file, member.size), reason)
            else:
                result = Skip(member.name, reason) if reason else file
        except (OSError, FileTooLarge) as exc:
            result = Refusal(member.name, f"cannot read: {getattr(exc, 'strerror', 0) or exc}")
        if result is not file:  # only a document still to read keeps its copy
            member.path.unlink(missing_ok=True)
        return result
    if isinstance(member, Member):
        reason = not_a_document(member.name, member.data[:8192], _open_image(member.data))
        if reason and reason.startswith(_JSON_REASON):
            return _record_file(member.name, member.data, reason)
        if reason:
            return Skip(member.name, reason)
    return member


def count_inputs(paths: list[Path], skip: set[Path] = frozenset(),
                 options: WalkOptions | None = None, pages: bool = False,
                 check: Callable[[], None] | None = None):
    """How many files an import will look at (archive members counted from the central
    directory, without inflating anything); nested archives count as one. With ``pages``,
    ``(files, pages)``: a PDF's pages from its page tree (nothing rendered), any other file
    one page, so that progress can count pages too. ``check`` is called per file (it raises
    to stop a long count: Ctrl-C)."""
    import zipfile

    options = options or WalkOptions(skip=skip)
    total = page_total = 0
    for path in paths:
        for file in walk(path, options):
            if check is not None:
                check()
            if isinstance(file, LocalFile):
                try:
                    head = _head(file.path, 8)
                    if is_zip(head) and not is_office_package(file.path):
                        with zipfile.ZipFile(file.path) as archive:
                            members = sum(not i.is_dir() for i in archive.infolist())
                        total += members
                        page_total += members
                        continue
                    if pages and head.startswith(b"%PDF"):
                        page_total += _pdf_pages(file.path) - 1
                except (OSError, zipfile.BadZipFile, ValueError):
                    pass
            total += 1
            page_total += 1
    return (total, page_total) if pages else total


def _pdf_pages(path: Path) -> int:
    try:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return max(1, len(pdf))
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - a broken PDF fails later with its reason
        return 1


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
    from thaireports.corpora.sandbox import failure_reason

    return failure_reason(exc)


def _worker_address() -> str | None:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):  # called outside a Dask worker (tests, a plain loop)
        return None


def convert_bytes(name: str, data: bytes, ocr: str = "auto", lang: str = "tha+eng",
                  timeout: float | None = None, memory: int | None = DEFAULT_MEMORY,
                  ocr_jobs: str | None = None) -> dict:
    """Runs on a Dask worker: bytes of one file -> its record as JSON.

    The bytes are written to a private temporary folder (in the worker's run folder,
    ``corpora.sandbox.worker_folder``) under the file's own name, so the record's
    ``source.file`` and the type sniffing see what ``thaireports convert`` would. The
    conversion runs in a sandboxed child process (``corpora.sandbox``) that is killed when
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
    return _convert_copy(name, lambda path: path.write_bytes(data), ocr, lang, timeout, memory,
                         ocr_jobs)


class _SourceUnreadable(Exception):
    pass


def convert_path(name: str, source: str, ocr: str = "auto", lang: str = "tha+eng",
                 timeout: float | None = None, memory: int | None = DEFAULT_MEMORY,
                 ocr_jobs: str | None = None) -> dict:
    """Runs on a worker that shares the client's disk (a local cluster): like
    ``convert_bytes``, but the file is copied from ``source`` in chunks, so its bytes never
    pass through the client's memory or Dask."""
    def copy(path: Path) -> None:
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise _SourceUnreadable(f"cannot read: {exc.strerror or exc}") from exc
        with stream, open(path, "wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)

    return _convert_copy(name, copy, ocr, lang, timeout, memory, ocr_jobs)


def _convert_copy(name: str, write: Callable[[Path], object], ocr: str, lang: str,
                  timeout: float | None, memory: int | None, ocr_jobs: str | None) -> dict:
    import tempfile

    from thaireports.corpora.sandbox import convert_limited, worker_folder

    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # never download on a worker either
    where = tempfile.gettempdir()
    try:
        root = worker_folder()
        where = str(root.parent)
        with tempfile.TemporaryDirectory(prefix="thaireports-", dir=root) as folder:
            path = Path(folder) / _safe_file_name(name)
            try:
                write(path)
            except _SourceUnreadable as exc:
                return {"status": "failed", "version": None, "worker": _worker_address(),
                        "payload": str(exc)}
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                    raise
                return {"status": "no-space", "version": None, "worker": _worker_address(),
                        "payload": f"no room for a temporary copy in {where} "
                                   f"({exc.strerror})"}
            result = convert_limited(path, ocr=ocr, lang=lang, timeout=timeout, memory=memory,
                                     ocr_jobs=ocr_jobs)
    except OSError as exc:  # the temporary folder itself cannot be made
        return {"status": "no-space" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "failed",
                "version": None, "worker": _worker_address(),
                "payload": f"cannot make a temporary copy in {where} "
                           f"({exc.strerror or exc})"}
    if result["status"] != "ok":
        result["payload"] = result["payload"].replace(str(path), name)
    else:  # the duplicate check's signature, made here: the one writer has enough to do
        result["minhash"] = _minhash_of(result["payload"])
    return result | {"worker": _worker_address()}


def pages_in_flight(folder: Path) -> int:
    """Pages OCR'd so far by the files the local workers are reading (each sandboxed child
    counts its pages in a file beside its copy, ``sandbox.PAGES_FILE``).

    Example:
        >>> pages_in_flight(Path("/nonexistent"))
        0
    """
    total = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        try:
            total += int(Path(entry.path, PAGES_FILE).read_text() or 0)
        except (OSError, ValueError):
            continue
    return total


def _minhash_of(payload: str) -> bytes | None:
    import json

    from thaireports.corpora import duplicates

    try:
        pages = json.loads(payload).get("pages") or []
        return duplicates.signature_bytes(duplicates.signature(
            "\n".join(page.get("text") or "" for page in pages)))
    except (ValueError, AttributeError, TypeError):
        return None


WORKER_WAIT = float(os.environ.get("THAIREPORTS_WORKER_WAIT", "10"))  # s for a first worker


def _worker_probe():
    """The check run on every worker before any work is sent. Made here, inside a function,
    so that Dask ships it by value: it must run on a worker that lacks thaireports, to say so.
    It imports only the standard library until it tries ours."""
    def probe(lang):
        import importlib
        import shutil
        import subprocess
        import sys

        found = {"python": sys.executable, "version": None, "missing": []}
        try:
            extractors = importlib.import_module("thaireports.extractors")
            importlib.import_module("thaireports.corpora.sandbox")
            found["version"] = getattr(extractors, "EXTRACTOR_VERSION", None)
        except Exception as exc:  # noqa: BLE001 - any failure to import is the answer
            found["missing"].append(f"the thaireports package is not importable there "
                                    f"({type(exc).__name__}: {exc})")
        if lang:
            binary = shutil.which("tesseract")
            if not binary:
                found["missing"].append("Tesseract is not installed (apt-get install "
                                        "tesseract-ocr tesseract-ocr-tha)")
            else:
                try:
                    listed = subprocess.run([binary, "--list-langs"], capture_output=True,
                                            text=True, timeout=30)
                    langs = set((listed.stdout + listed.stderr).split())
                except (OSError, subprocess.SubprocessError) as exc:
                    langs = set()
                    found["missing"].append(f"Tesseract does not run ({exc})")
                for code in lang.split("+"):
                    if code and code not in langs:
                        found["missing"].append(f"Tesseract has no '{code}' language "
                                                f"(apt-get install tesseract-ocr-{code})")
        return found
    return probe


def check_workers(client, address: str, lang: str | None = "tha+eng",
                  wait: float | None = None) -> int:
    """Stop before any work is sent unless every worker of the cluster can run it: at least
    one worker within ``wait`` seconds, thaireports importable with this client's extractor
    version, Tesseract with the languages asked for.

    Returns:
        The number of workers.

    Raises:
        WorkerSetupError: one line naming the workers and what each lacks.
    """
    wait = WORKER_WAIT if wait is None else wait
    try:
        client.wait_for_workers(1, timeout=wait)
    except (TimeoutError, OSError) as exc:
        raise WorkerSetupError(
            f"the Dask scheduler at {address} has no workers (none joined in {wait:g} s): "
            f"start them with 'dask worker {address}' on machines where thaireports is "
            "installed (README: Running on a Dask cluster)") from exc
    answers = client.run(_worker_probe(), lang, on_error="return")
    current = extractor_version()
    problems = []
    for worker, found in sorted(answers.items()):
        if isinstance(found, BaseException):
            problems.append(f"{worker}: the check failed ({type(found).__name__}: {found})")
            continue
        missing = list(found["missing"])
        if found["version"] is not None and found["version"] != current:
            missing.append(f"another extractor version ({found['version']}; this client has "
                           f"{current}): install the same thaireports release everywhere")
        if missing:
            problems.append(f"{worker} ({found['python']}): {'; '.join(missing)}")
    if problems:
        raise WorkerSetupError(
            f"{len(problems)} of {len(answers)} Dask worker(s) at {address} cannot run the "
            f"import, nothing was sent: {' | '.join(problems)}")
    return len(answers)


class _Cluster:
    """The Dask side of an import, started only when a file needs work (a re-run over a
    finished import starts nothing): a client of the given scheduler, or of a new local
    cluster of worker processes with one thread each (extraction is CPU-bound Python).

    Local workers share our disk: they get paths, not bytes (``shared_disk``), keep their
    temporary copies and Dask's scratch space in the import's run folder, and ignore Ctrl-C
    (the import stops them itself, quietly)."""

    def __init__(self, workers: int | None, scheduler: str | None, ocr: str = "auto",
                 lang: str = "tha+eng", run_dir: Path | None = None) -> None:
        self.n = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self.ocr, self.lang = ocr, lang
        self.run_dir = run_dir
        self._client = None
        self._local = None
        self.workers = 0
        self.window = 4
        self.shared_disk = False
        self.quiet = False  # stopping after Ctrl-C: nothing of Dask's shutdown is shown

    @property
    def work_dir(self) -> Path | None:
        """Where local workers make their temporary copies (inside the run folder)."""
        return self.run_dir / "work" if self.run_dir else None

    def client(self):
        if self._client is None:
            self._client = self._connect() if self.scheduler else self._start_local()
            if self.scheduler:  # local workers run this very Python: nothing to check
                check_workers(self._client, self.scheduler,
                              lang=None if self.ocr == "never" else self.lang)
            self.workers = len(self._client.scheduler_info().get("workers", {}))
            # Enough queued to keep the workers busy, and never more: however many files a
            # folder holds, at most this many are in flight (futures, copies, bytes).
            self.window = max(4, 2 * self.workers + 2)
            self.shared_disk = self._local is not None
        return self._client

    def _connect(self):
        import warnings

        from distributed import Client

        try:
            with warnings.catch_warnings():
                # Dask's own table of package versions: check_workers says what matters.
                warnings.filterwarnings("ignore", message="Mismatched versions found")
                return Client(self.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnreachableError(
                f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc

    def _start_local(self):
        import dask
        from distributed import Client, LocalCluster

        os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # inherited by the worker processes
        env = {"PYTHAINLP_OFFLINE": os.environ["PYTHAINLP_OFFLINE"]}
        options = {}
        if self.run_dir is not None:
            self.work_dir.mkdir(exist_ok=True)
            env[RUN_DIR_ENV] = str(self.work_dir)
            options["local_directory"] = str(self.run_dir / "dask")
        # No retry by the scheduler: the importer retries a file whose worker died once
        # itself (_import_into), so that a file that kills workers kills two, not four.
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}), _sigint_ignored():
            # The scheduler's HTTP server starts even without a dashboard and would claim
            # :8787; a free port on localhost keeps two imports from colliding. SIGINT is
            # ignored while the workers are spawned (they inherit it), and the preload
            # ignores it in workers the nanny restarts later. Dask's own logs stay silent up
            # to CRITICAL: a worker whose heartbeat meets the scheduler already closed logs a
            # traceback at ERROR at the end of a good import; what goes wrong with a file is
            # reported by the import itself, one line for each.
            self._local = LocalCluster(n_workers=self.n, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0",
                                       silence_logs=logging.CRITICAL, env=env,
                                       preload=["thaireports.corpora.sandbox"], **options)
        scheduler_log = logging.getLogger("distributed.scheduler")
        if not any(isinstance(f, _RetriedDeaths) for f in scheduler_log.filters):
            scheduler_log.addFilter(_RetriedDeaths())
        return Client(self._local)

    def __enter__(self) -> _Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.quiet:
            _silence_dask()
        try:
            if self._client is not None:
                self._client.close(timeout=20)
            if self._local is not None:
                self._local.close(timeout=20)
        except Exception:  # noqa: BLE001 - stopping after Ctrl-C: the workers are going anyway
            if not self.quiet:
                raise


class _RetriedDeaths(logging.Filter):
    """The scheduler's ERROR line for a task whose worker died: the importer sends the file
    again, and reports it in one line if that dies too."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "workers died while trying to run it" not in record.getMessage()


@contextlib.contextmanager
def _sigint_ignored():
    """SIGINT ignored for the block (processes started in it inherit that), when this is the
    main thread; the handler before it afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _silence_dask() -> None:
    """Nothing of Dask's, Tornado's or asyncio's shutdown reaches the user: an interrupted
    import ends with one line."""
    for name in ("distributed", "tornado", "asyncio", "dask", "bokeh"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False
    logging.raiseExceptions = False
    sys.unraisablehook = lambda unraisable: None
    threading.excepthook = lambda args: None


class ImportInterrupted(ThaiReportsError):
    """Ctrl-C during an import: what was committed stays and the same command resumes."""

    exit_code = 130


class _Stopped(Exception):
    """Raised at the next safe point after Ctrl-C (never inside a transaction)."""


class _Interrupt:
    """Ctrl-C during an import: the first SIGINT only sets a flag, which the import checks
    between files (``check``), so that it stops its workers, commits what came and says how far
    it got; a second one stops at once (KeyboardInterrupt). Only in the main thread, and not
    when SIGINT is ignored (``nohup``)."""

    def __init__(self) -> None:
        self.requested = False
        self._previous = None
        self._installed = False

    def __enter__(self) -> _Interrupt:
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def check(self) -> None:
        if self.requested:
            raise _Stopped

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)


def import_paths(paths: list[Path | str], db: Path | str, workers: int | None = None,
                 scheduler: str | None = None, reprocess: bool = False,
                 progress: Callable[[ProgressUpdate], None] | None = None,
                 ocr: str = "auto", lang: str = "tha+eng",
                 limits: ArchiveLimits | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT,
                 memory: int | None = DEFAULT_MEMORY,
                 follow_symlinks: bool = False,
                 max_bytes: int | None = None) -> ImportSummary:
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
        follow_symlinks: follow symbolic links that point outside the folders imported
            (skipped by default, with their reason); loops are never followed.
        max_bytes: larger files are refused from their size, before a byte is read
            (default ``ingest.reader.DEFAULT_MAX_BYTES``, 512 MB).

    Raises:
        ImportSetupError: a path that does not exist, a bad worker count, no scheduler.
        CorpusError: ``db`` is not a corpus; CorpusWriteError: it cannot be written (read-only,
            disk full): what was committed stays and the same call resumes.

    Returns:
        ImportSummary; failures are also in the corpus's ``failures`` table.

    Example:
        >>> import_paths(["รายงาน ITA 2565.zip"], "corpus.db").report()    # doctest: +SKIP
        'imported 41, skipped 0, failed 1 (310 pages, 95.2 s)\\nfailed: ...'
    """
    from thaireports.corpora.store import Corpus, corpus_error
    from thaireports.ingest.reader import DEFAULT_MAX_BYTES

    started = time.monotonic()
    paths = [Path(p) for p in paths]
    db = Path(db)
    limits = limits or ArchiveLimits()
    if workers is not None and not scheduler and workers < 1:
        raise ImportSetupError(f"workers must be 1 or more (got {workers})")
    # The corpus's own files must never be imported into itself.
    skip = {Path(str(db.resolve()) + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    missing = [display_name(p) for p in paths if not (p.exists() or p.is_symlink())]
    if missing:  # before the corpus is made: a typo must not leave an empty corpus behind
        raise ImportSetupError(f"{', '.join(missing)}: no such file or folder")
    options = WalkOptions(follow_symlinks=follow_symlinks, skip=skip,
                          max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes)
    summary = ImportSummary()
    from thaireports.corpora.sandbox import make_run_folder

    # Every temporary copy of this import lives here (and what a killed one left is swept).
    run_dir = make_run_folder()
    try:
        with _Interrupt() as interrupt:
            try:
                with Corpus(db, create=True) as corpus:
                    _import_into(corpus, paths, limits, options, summary, workers, scheduler,
                                 reprocess, progress, ocr, lang, timeout, memory,
                                 run_dir=run_dir, interrupt=interrupt)
            except sqlite3.Error as exc:  # a full disk, an I/O error under the corpus
                raise corpus_error(db, exc) from exc
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary


class TemporarySpaceError(ThaiReportsError):
    """A worker has no room left for the temporary copy of a file (a full TMPDIR)."""

    exit_code = 4


def _read_capped(item: LocalFile, max_bytes: int) -> bytes:
    """The file's bytes, never more than ``max_bytes`` + 1 (a file that grew since the walk)."""
    with item.path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(f"too large (over {max_bytes:,} bytes); split it, or raise "
                           "THAIREPORTS_MAX_BYTES")
    return data


HASH_CHUNK = 1 << 20  # the client hashes a file in pieces of this size, never whole


def sha256_of_file(path: Path, max_bytes: int) -> str:
    """The sha256 of a file, read in chunks (bounded memory for any size), refused as soon as
    it passes ``max_bytes`` (a file that grew since the walk measured it)."""
    digest = hashlib.sha256()
    read = 0
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            read += len(chunk)
            if read > max_bytes:
                raise FileTooLarge(f"too large (over {max_bytes:,} bytes); split it, or raise "
                                   "THAIREPORTS_MAX_BYTES")
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Pending:
    """A file sent to a worker: where its bytes are, so that it can be sent again."""

    name: str
    sha: str
    path: Path | None = None     # on the client's disk (a temporary one for a zip member)
    data: bytes | None = None    # an in-memory archive member
    temporary: bool = False      # remove ``path`` once read
    deaths: int = 0              # workers that died while reading it

    def discard(self) -> None:
        if self.temporary and self.path is not None:
            self.path.unlink(missing_ok=True)


# What a future raises when the worker running it died (SIGKILL, the OOM killer): the file may
# be fine, so it is sent once more before it counts as failed.
_WORKER_DEATHS = ("KilledWorker", "FutureCancelledError", "CancelledError", "CommClosedError")
MAX_WORKER_DEATHS = 2


def _worker_deaths(exc: BaseException) -> int:
    """How many worker deaths an exception of ``future.result()`` stands for (0: not one).
    KilledWorker counts the scheduler's own retries (a remote cluster's allowed-failures)."""
    if type(exc).__name__ not in _WORKER_DEATHS:
        return 0
    allowed = getattr(exc, "allowed_failures", None)
    return allowed + 1 if isinstance(allowed, int) else 1


def _death_reason(deaths: int) -> str:
    """Example:
        >>> _death_reason(2)
        'the worker died twice while reading it (memory? crash?)'
    """
    times = {1: "once", 2: "twice"}.get(deaths, f"{deaths} times")
    return f"the worker died {times} while reading it (memory? crash?)"


class FileTooLarge(Exception):
    pass


BATCH_RECORDS = 64      # records (and failures) committed together in one transaction
BATCH_SECONDS = 1.0     # ... or fewer, once the oldest of them has waited this long
HEARTBEAT_SECONDS = 10.0  # a 'waiting' progress event while files are still being read
IDLE_SECONDS = 0.2      # how long the writer waits for a worker before it does other work
INDEX_CHUNK = 64        # pages added to the search index per idle moment


PAGES_SECONDS = 1.0       # how often the pages OCR'd by files in flight are counted


def _import_into(corpus, paths: list[Path], limits: ArchiveLimits, options: WalkOptions,
                 summary: ImportSummary, workers: int | None, scheduler: str | None,
                 reprocess: bool, progress: Callable[[ProgressUpdate], None] | None,
                 ocr: str, lang: str, timeout: float | None, memory: int | None,
                 run_dir: Path | None = None, interrupt: _Interrupt | None = None) -> None:
    interrupt = interrupt or _Interrupt()
    members = None
    if run_dir is not None:
        members = run_dir / "members"
        members.mkdir(exist_ok=True)
    notify = progress or (lambda update: None)
    cluster = _Cluster(workers, scheduler, ocr=ocr, lang=lang, run_dir=run_dir)
    counted = {"total": 0}
    try:
        with cluster:
            _import_files(corpus, paths, limits, options, summary, reprocess, notify, ocr,
                          lang, timeout, memory, cluster, members, interrupt, counted)
    except _Stopped:
        done = len(summary.imported) + len(summary.skipped)  # skipped: already in the corpus
        raise ImportInterrupted(f"interrupted: {done} of {max(counted['total'], done)} files "
                                "imported; run the same command again to resume") from None


def _import_files(corpus, paths: list[Path], limits: ArchiveLimits, options: WalkOptions,
                  summary: ImportSummary, reprocess: bool,
                  notify: Callable[[ProgressUpdate], None], ocr: str, lang: str,
                  timeout: float | None, memory: int | None, cluster: _Cluster,
                  members: Path | None, interrupt: _Interrupt, counted: dict) -> None:
    from distributed import wait

    from thaireports.extractors.record import validate_record

    total, pages_total = count_inputs(paths, options=options, pages=True,
                                      check=interrupt.check)
    counted["total"] = total
    inputs = iter_inputs(paths, limits, options=options, extract_to=members)
    current = extractor_version()
    # Several files at once on one worker's cores: one OCR thread per file, not one per core
    # per file (ingest.pdf's OcrQueue), unless the user chose otherwise.
    ocr_jobs = os.environ.get("THAIREPORTS_OCR_JOBS") or ("1" if total > 1 else None)

    known = corpus.known_versions()
    notify(ProgressUpdate("start", total=total, done=0, pages_total=pages_total))
    futures: dict[str, object] = {}  # future key -> future
    in_flight: dict[str, _Pending] = {}  # future key -> the file it reads
    claimed: set[str] = set()  # sha256 of this batch, so duplicates go once
    records: list[tuple] = []  # (record, name, version) waiting for their transaction
    failures: list[tuple] = []  # (name, sha256, reason) likewise
    corrections: list[RecordFile] = []
    oldest = [0.0]

    def done_count() -> int:
        return (len(summary.imported) + len(summary.skipped) + len(summary.not_documents)
                + len(summary.failed) + len(summary.corrected))

    def finish(name: str, status: str, pages: int = 0, reason: str | None = None) -> None:
        if status == "imported":
            summary.imported.append(name)
            summary.pages += pages
        elif status == "skipped" and reason:
            summary.not_documents.append((name, reason))
        elif status == "skipped":
            summary.skipped.append(name)
        elif status == "failed":
            summary.failed.append((name, reason or "unknown"))
        done = done_count()
        notify(ProgressUpdate(status, name=name, pages=pages, reason=reason,
                              done=done, total=max(total, done),
                              pages_total=max(pages_total, summary.pages)))

    def flush(force: bool = False) -> None:
        """Commit the waiting records and failures: one transaction for the batch."""
        if not (records or failures):
            return
        if not force and len(records) + len(failures) < BATCH_RECORDS and \
                time.monotonic() - oldest[0] < BATCH_SECONDS:
            return
        batch, lost = list(records), list(failures)
        records.clear()
        failures.clear()
        try:
            corpus.add_records(batch, lost, index=False)  # indexed when idle, and at the end
        except sqlite3.IntegrityError:  # one record clashes: find it, keep the others
            one_by_one(batch, lost)
        except sqlite3.Error:  # a full disk: keep what fits, then stop with the reason
            if len(batch) + len(lost) == 1:
                raise
            one_by_one(batch, lost)

    def one_by_one(batch: list, lost: list) -> None:
        for item in batch:
            try:
                corpus.add_records([item], index=False)
            except sqlite3.IntegrityError as exc:
                corpus.add_records([], [(item[1], item[0].source.sha256,
                                         f"invalid record: {exc}")])
                summary.imported.remove(item[1])
                summary.failed.append((item[1], f"invalid record: {exc}"))
        corpus.add_records([], lost)

    def queue_write(record=None, failure=None) -> None:
        if not (records or failures):
            oldest[0] = time.monotonic()
        if record is not None:
            records.append(record)
        if failure is not None:
            failures.append(failure)
        flush()

    def fail(name: str, sha: str | None, reason: str) -> None:
        if sha in known:  # --reprocess of a file read before: keep the earlier record
            reason = f"re-extraction failed, earlier record kept: {reason}"
        else:  # a file in failures is never in documents
            queue_write(failure=(name, sha, reason))
        finish(name, "failed", reason=reason)

    def submit(pending: _Pending) -> None:
        """Send a file to a worker: its path to a local worker (nothing passes through our
        memory), its bytes to a remote one (read now, capped; scattered when large)."""
        client = cluster.client()  # started (and checked) on the first file that needs work
        if pending.data is None and cluster.shared_disk:
            future = client.submit(convert_path, pending.name, str(pending.path), ocr, lang,
                                   timeout, memory, ocr_jobs, pure=False)
        else:
            data = pending.data
            if data is None:
                data = _read_capped(LocalFile(pending.name, pending.path), options.max_bytes)
            payload = client.scatter(data) if len(data) > SCATTER_BYTES else data
            future = client.submit(convert_bytes, pending.name, payload, ocr, lang, timeout,
                                   memory, ocr_jobs, pure=False)
        in_flight[future.key] = pending
        futures[future.key] = future

    def collect(future) -> None:
        futures.pop(future.key, None)
        pending = in_flight.pop(future.key)
        name, sha = pending.name, pending.sha
        try:
            result = future.result()
        except Exception as exc:  # KilledWorker, lost connection to a worker
            deaths = _worker_deaths(exc)
            pending.deaths += deaths
            if deaths and pending.deaths < MAX_WORKER_DEATHS:
                future.release()
                try:  # once more, on another worker (the nanny restarts the dead one)
                    return submit(pending)
                except (OSError, FileTooLarge) as again:
                    result = {"status": "failed", "version": None,
                              "payload": f"cannot read: {getattr(again, 'strerror', 0) or again}"}
            else:
                result = {"status": "failed", "version": None,
                          "payload": _death_reason(pending.deaths) if deaths else _reason(exc)}
        future.release()
        pending.discard()
        status, payload, version = result["status"], result["payload"], result["version"]
        if status == "no-space":  # not the file's fault: stop, the rerun reads it
            flush(force=True)
            raise TemporarySpaceError(f"{printable(name)}: {payload}; what was imported is "
                                      "kept: free space and run the same command again")
        if status != "ok":
            return fail(name, sha, payload)
        try:
            record = validate_record(payload)
        except ValueError as exc:  # an invalid record
            return fail(name, sha, f"invalid record: {exc}")
        if "minhash" in result:
            queue_write(record=(record, name, version, result["minhash"]))
        else:
            queue_write(record=(record, name, version))
        finish(name, "imported", pages=len(record.pages))

    beat = [time.monotonic()]
    ocr_seen = [time.monotonic(), 0]  # when pages in flight were last counted, and how many

    def pages_now() -> int:
        """Pages OCR'd so far by the files in flight (local workers only; a remote worker's
        pages count when its file is done), at most once per PAGES_SECONDS."""
        if cluster.shared_disk and cluster.work_dir is not None and \
                time.monotonic() - ocr_seen[0] >= PAGES_SECONDS:
            ocr_seen[:] = [time.monotonic(), pages_in_flight(cluster.work_dir)]
        return ocr_seen[1] if in_flight else 0

    def drain(limit: int) -> None:
        """Collect finished files until fewer than ``limit`` are in flight; while the
        workers are busy, commit what waits and build the search index of what came."""
        while futures and len(futures) >= limit:
            interrupt.check()
            try:
                done, _ = wait(list(futures.values()), timeout=IDLE_SECONDS,
                               return_when="FIRST_COMPLETED")
            except TimeoutError:  # distributed raises instead of returning nothing done
                done = ()
            if not done:
                flush(force=True)  # nothing is waiting longer than it must
                corpus.index_pending(limit=INDEX_CHUNK)
                shown = ocr_seen[1]
                ocr_pages = pages_now()
                if ocr_pages != shown:
                    notify(ProgressUpdate("pages", pages=ocr_pages, done=done_count(),
                                          total=total, pages_total=pages_total))
                if time.monotonic() - beat[0] >= HEARTBEAT_SECONDS:
                    beat[0] = time.monotonic()
                    names = ", ".join(printable(p.name) for p in list(in_flight.values())[:3])
                    notify(ProgressUpdate("waiting", name=names, done=len(summary.imported),
                                          total=total, pages_total=pages_total,
                                          pages=ocr_pages))
            for future in done:
                collect(future)

    try:
        for item in inputs:
            interrupt.check()
            if isinstance(item, Refusal):
                fail(item.name, None, item.reason)
                continue
            if isinstance(item, Skip):
                finish(item.name, "skipped", reason=item.reason)
                continue
            if isinstance(item, RecordFile):
                corrections.append(item)
                continue
            if isinstance(item, Member):
                pending = _Pending(item.name, hashlib.sha256(item.data).hexdigest(),
                                   data=item.data)
            else:
                pending = _Pending(item.name, "", path=item.path, temporary=item.temporary)
                try:
                    pending.sha = sha256_of_file(item.path, options.max_bytes)
                except FileTooLarge as exc:
                    pending.discard()
                    fail(item.name, None, str(exc))
                    continue
                except OSError as exc:
                    pending.discard()
                    fail(item.name, None, f"cannot read: {exc.strerror or exc}")
                    continue
            sha = pending.sha
            stale = reprocess and sha in known and known[sha] != current
            if (sha in known and not stale) or sha in claimed:
                pending.discard()
                finish(item.name, "skipped")
                continue
            claimed.add(sha)
            try:
                submit(pending)
            except (OSError, FileTooLarge) as exc:  # a remote cluster: the bytes, read now
                pending.discard()
                fail(item.name, None, f"cannot read: {getattr(exc, 'strerror', 0) or exc}")
                continue
            drain(cluster.window)
            flush()
        drain(1)
    except _Stopped:
        cluster.quiet = True
        _silence_dask()
        notify(ProgressUpdate("interrupted", done=done_count(), total=total,
                              pages_total=pages_total))
        flush(force=True)  # what came complete is committed; the files in flight are not
        for future in list(futures.values()):
            future.release()
        raise
    finally:
        inputs.close()  # an archive left half-read is closed (its members are removed)
    flush(force=True)
    for correction in corrections:  # every file of the import is in: correct them
        try:
            doc_id, fields = corpus.correct_from_record(correction.data,
                                                        source=correction.name)
        except ThaiReportsError as exc:
            fail(correction.name, None, str(exc))
            flush(force=True)
            continue
        summary.corrected.append((correction.name, doc_id, fields))
        finish(correction.name, "corrected", reason=", ".join(fields) or "no change")
    # What this import (or one killed before it) left unindexed, a chunk at a time so that
    # Ctrl-C still stops it between two.
    while corpus.index_pending(limit=INDEX_CHUNK * 64):
        interrupt.check()
    corpus.index_pending()
    interrupt.check()  # a Ctrl-C that came as the last file finished is still an interruption
    summary.workers = cluster.workers


class ConsoleProgress:
    """Shows an import: a tqdm bar (files done/total, pages so far, rate, ETA) on a terminal,
    where the pages count also moves while a long scan is OCR'd; one plain line per file
    otherwise (logs, CI), and a line every ``HEARTBEAT_SECONDS`` while files are still being
    read. Writes to ``stream`` (stderr by default), never to stdout."""

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
                print(f"import: {update.total} files ({update.pages_total} pages) to look at",
                      file=self.stream, flush=True)
            return
        if update.status == "interrupted":
            if self.bar is not None:
                self.bar.close()
                self.bar = None
            return
        if update.status == "pages":  # pages OCR'd by files still being read
            if self.bar is not None:
                self.bar.set_postfix(pages=f"{self.pages + update.pages}/{update.pages_total}",
                                     failed=self.failed, refresh=True)
            return
        if update.status == "waiting":
            if self.bar is None:
                print(f"import: still reading {printable(update.name)} "
                      f"({time.monotonic() - self.started:.0f} s; {self.pages + update.pages}/"
                      f"{update.pages_total} pages)", file=self.stream, flush=True)
            else:
                self.bar.set_postfix(pages=f"{self.pages + update.pages}/{update.pages_total}",
                                     reading=update.name[:40], refresh=True)
            return
        self.pages += update.pages
        self.failed += update.status == "failed"
        if self.bar is not None:
            if update.total > self.bar.total:
                self.bar.total = update.total
            self.bar.set_postfix(pages=f"{self.pages}/{update.pages_total}", failed=self.failed,
                                 refresh=False)
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
        print(f"import: {update.done}/{update.total} {update.status} {printable(update.name)} "
              f"({printable(detail or '')}); "
              f"{self.pages}/{update.pages_total} pages, {rate:.2f} files/s, ETA {eta:.0f} s",
              file=self.stream, flush=True)
