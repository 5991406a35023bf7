"""The corpus's errors, in their own module so that store.py and queries.py, which both raise
them, need not import each other: each one line for a person, with its CLI exit code."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from thaireports.normalize.errors import ThaiReportsError


class CorpusError(ThaiReportsError):
    """A corpus that is missing, made by a newer release, or asked something it cannot answer."""

    exit_code = 3


class SearchQueryError(CorpusError):
    """A search string the trigram index cannot answer (too short or too long)."""

    exit_code = 2


class CorpusWriteError(CorpusError):
    """The corpus (or a file beside it) cannot be written: read-only, disk full, I/O error.

    What was committed before stays, consistent (one transaction per record), so the same
    command run again after the cause is fixed resumes where this one stopped.
    """

    exit_code = 4


class ExportTargetError(CorpusError):
    """An export output that would overwrite the corpus or files the export did not write."""

    exit_code = 2


# SQLite result codes (``sqlite3.Error.sqlite_errorname``) -> what a person should be told.
_READ_ONLY_CODES = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")
_FULL_CODES = ("SQLITE_FULL",)
_IOERR_CODES = ("SQLITE_IOERR",)
_NOT_A_DATABASE_CODES = ("SQLITE_NOTADB",)
_CORRUPT_CODES = ("SQLITE_CORRUPT",)


def corpus_error(path: str | Path, exc: sqlite3.Error) -> CorpusError:
    """A one-line CorpusError for an SQLite error met while using the corpus at ``path``.

    Example:
        >>> str(corpus_error("c.db", sqlite3.DatabaseError("file is not a database")))
        'c.db: not a thaireports corpus: file is not a database (is --db the right file?)'
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc)
    lowered = message.lower()
    if name.startswith(_FULL_CODES) or "disk is full" in lowered:
        return CorpusWriteError(
            f"{path}: disk full while writing the corpus ({message}); what was imported is "
            "kept: free space and run the same command again to resume")
    if name.startswith(_READ_ONLY_CODES) or "readonly" in lowered or "read-only" in lowered:
        return CorpusWriteError(
            f"{path}: cannot write to the corpus ({message}): it is read-only; import needs "
            "write access to the file and its folder (search, query, compare and export "
            "work on a read-only corpus)")
    if name.startswith(_IOERR_CODES) or "disk i/o error" in lowered:
        return CorpusWriteError(
            f"{path}: I/O error on the corpus ({message}), e.g. a full disk or a file size "
            "limit; what was committed is kept: fix the cause and run the command again")
    if name.startswith(_NOT_A_DATABASE_CODES) or "not a database" in lowered:
        return CorpusError(f"{path}: not a thaireports corpus: {message} (is --db the right "
                           "file?)")
    if name.startswith(_CORRUPT_CODES) or "malformed" in lowered:
        return CorpusError(
            f"{path}: the corpus file is corrupt or truncated ({message}); restore a copy, or "
            "import the documents again into a new --db")
    if "locked" in lowered or "busy" in lowered:
        return CorpusError(f"{path}: the corpus is locked by another process ({message}); "
                           "try again when it has finished")
    return CorpusError(f"{path}: SQLite error: {message}")
