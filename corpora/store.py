"""The corpus: one SQLite file (WAL) that a researcher can open without a manual.

Tables (one row per ...):

| table | row | why it is there |
|---|---|---|
| documents | successfully read file | agency, place, kind, date, fiscal year, ITA score, record |
| measures | measure of a document | category, indicator, title, status, dates, cadence, outputs |
| measure_owners | owner of a measure | unit code and the name as printed |
| indicator_scores | ITA indicator score | number, tool, name, score |
| pages | page of a document | text, text source, quality |
| failures | file that could not be read | path, sha256, reason, time; never also in documents |

Thai is written without spaces between words, so ``unicode61`` cannot index it: ``pages_fts`` and
``measures_fts`` use FTS5's ``trigram`` tokenizer, which finds any substring of 3+ characters
(and shrugs off OCR slips elsewhere in a word). They are external-content tables kept in step by
triggers, the layout Datasette detects to offer its search box.

Every record is written in one transaction, so a crash (even ``kill -9``) leaves either the whole
record or none of it; WAL lets readers query while an import writes.
"""
from __future__ import annotations

import json
import sqlite3
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from corpora import queries
from normalize.errors import ThaiReportsError

if TYPE_CHECKING:  # pandas and the record model load only when used
    import pandas as pd

    from extractors.record import Record

SCHEMA_VERSION = 1
MIN_QUERY_CHARS = 3  # the trigram tokenizer cannot match anything shorter
MAX_QUERY_CHARS = 1000  # a pasted page is not a search; refuse it with a message


class CorpusError(ThaiReportsError):
    """A corpus that is missing, made by a newer release, or asked something it cannot answer."""

    exit_code = 2


class SearchQueryError(CorpusError):
    """A search string the trigram index cannot answer (too short or too long)."""


class CorpusWriteError(CorpusError):
    """The corpus (or a file beside it) cannot be written: read-only, disk full, I/O error.

    What was committed before stays, consistent (one transaction per record), so the same
    command run again after the cause is fixed resumes where this one stopped.
    """

    exit_code = 3


class ExportTargetError(CorpusError):
    """An export output that would overwrite the corpus or files the export did not write."""


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


# Migrations: (version reached, SQL). A corpus made by an older release is brought up to
# SCHEMA_VERSION on open, one version per transaction; never edit a released step, add one.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
CREATE TABLE documents (
    id                TEXT PRIMARY KEY,          -- the record id: first 16 hex of sha256
    sha256            TEXT NOT NULL UNIQUE,      -- of the file's bytes: the import skips known ones
    source_path       TEXT NOT NULL,             -- as imported; zip members as archive.zip!member
    file_name         TEXT,
    media_type        TEXT,
    text_source       TEXT,                      -- pdf-text | ocr | text
    page_count        INTEGER,
    agency            TEXT,
    agency_type       TEXT,
    district          TEXT,
    province          TEXT,
    kind              TEXT,
    ref               TEXT,
    date              TEXT,                      -- ISO, YYYY-MM-DD or YYYY-MM
    subject           TEXT,
    fiscal_year       INTEGER,                   -- Buddhist Era, as users name it (2565)
    ita_year          INTEGER,
    ita_score         REAL,
    ita_grade         TEXT,
    measure_count     INTEGER NOT NULL DEFAULT 0,
    warning_count     INTEGER NOT NULL DEFAULT 0,
    extractor_version TEXT,
    imported_at       TEXT NOT NULL,
    record            TEXT NOT NULL CHECK (json_valid(record))
);
CREATE INDEX documents_province ON documents(province);
CREATE INDEX documents_agency_type ON documents(agency_type);
CREATE INDEX documents_fiscal_year ON documents(fiscal_year);
CREATE INDEX documents_agency ON documents(agency);

CREATE TABLE measures (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,                -- position in the record's measures list
    category    TEXT,
    indicator   INTEGER,
    title       TEXT NOT NULL,
    status      TEXT,
    start_date  TEXT,                            -- 'end' is an SQL keyword: named *_date
    end_date    TEXT,
    timeline    TEXT,
    cadence     TEXT,                            -- months, comma-separated: '6,12'
    monitoring  TEXT,
    outputs     TEXT,
    outcomes    TEXT,
    page        INTEGER,
    actions     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actions)),
    actions_text TEXT NOT NULL DEFAULT ''        -- actions one per line, for full-text search
);
CREATE INDEX measures_document ON measures(document_id);
CREATE INDEX measures_category ON measures(category);
CREATE INDEX measures_indicator ON measures(indicator);

CREATE TABLE measure_owners (
    measure_id  INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit        TEXT,
    name        TEXT
);
CREATE INDEX measure_owners_measure ON measure_owners(measure_id);
CREATE INDEX measure_owners_unit ON measure_owners(unit);

CREATE TABLE indicator_scores (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    tool        TEXT,
    name        TEXT,
    score       REAL
);
CREATE INDEX indicator_scores_document ON indicator_scores(document_id);

CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    text_source TEXT,
    quality     REAL,                            -- the page's confidence, 0..1, when known
    text        TEXT NOT NULL
);
CREATE INDEX pages_document ON pages(document_id);

CREATE TABLE failures (
    id     INTEGER PRIMARY KEY,
    path   TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    reason TEXT NOT NULL,
    time   TEXT NOT NULL
);
CREATE INDEX failures_sha256 ON failures(sha256);

CREATE VIRTUAL TABLE pages_fts USING fts5(
    text, content="pages", content_rowid="id", tokenize="trigram");
CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN
    INSERT INTO pages_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN
    INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE VIRTUAL TABLE measures_fts USING fts5(
    title, actions_text, content="measures", content_rowid="id", tokenize="trigram");
CREATE TRIGGER measures_ai AFTER INSERT ON measures BEGIN
    INSERT INTO measures_fts(rowid, title, actions_text)
    VALUES (new.id, new.title, new.actions_text);
END;
CREATE TRIGGER measures_ad AFTER DELETE ON measures BEGIN
    INSERT INTO measures_fts(measures_fts, rowid, title, actions_text)
    VALUES ('delete', old.id, old.title, old.actions_text);
END;
"""),
)

# Column types of the DataFrames handed out: pandas' nullable dtypes, so that a missing
# fiscal year stays <NA> instead of turning the column into floats.
_INT = "Int64"
_FLOAT = "Float64"
_STR = "string"
DTYPES: dict[str, str] = {
    "fiscal_year": _INT, "ita_year": _INT, "page_count": _INT, "measure_count": _INT,
    "warning_count": _INT, "indicator": _INT, "idx": _INT, "page": _INT, "number": _INT,
    "measure_id": _INT, "ita_score": _FLOAT, "score": _FLOAT, "quality": _FLOAT,
    "rank": _FLOAT,
}
_DATETIMES = ("imported_at", "time")
TABLES = ("documents", "measures", "measure_owners", "indicator_scores", "pages", "failures")


def fts_phrase(query: str) -> str:
    """User text as one quoted FTS5 phrase: operators, quotes and SQL are searched as text.

    Whitespace is folded and Thai digits become Arabic ones, as in the stored texts
    (ita-record/1 text is normalized), so 'พ.ศ. ๒๕๖๕' finds 'พ.ศ. 2565'.

    Example:
        >>> fts_phrase('มาตรการ "ดุลพินิจ" OR 1=1')
        '"มาตรการ ""ดุลพินิจ"" OR 1=1"'
        >>> fts_phrase('ปีงบประมาณ ๒๕๖๕')
        '"ปีงบประมาณ 2565"'
        >>> fts_phrase('ดุลพินิจ' + chr(0) + 'มาตรการ')
        '"ดุลพินิจ มาตรการ"'

    Raises:
        SearchQueryError: fewer than 3 or more than 1,000 characters after trimming.
    """
    from normalize.digits import thai_digits_to_arabic

    # Control characters are spaces: a NUL byte would end the FTS5 string early.
    query = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query)
    text = thai_digits_to_arabic(" ".join(query.split()))
    if len(text) < MIN_QUERY_CHARS:
        raise SearchQueryError(
            f"search needs at least {MIN_QUERY_CHARS} characters (got {text!r}): Thai full-text "
            "search matches substrings of 3 or more characters, e.g. 'ดุลพินิจ'")
    if len(text) > MAX_QUERY_CHARS:
        raise SearchQueryError(
            f"search text is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    return '"' + text.replace('"', '""') + '"'


def _statements(script: str) -> Iterable[str]:
    """The SQL statements of a migration script, trigger bodies kept whole."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            if statement.strip():
                yield statement
            statement = ""
    if statement.strip():
        yield statement


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _typed_frame(rows: list[sqlite3.Row], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)
    for column in frame.columns:
        if column in DTYPES:
            frame[column] = frame[column].astype(DTYPES[column])
        elif column in _DATETIMES:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        elif frame[column].dtype == object:
            frame[column] = frame[column].astype(_STR)
    return frame


def _document_row(record: Record, source_path: str, extractor_version: str | None) -> dict:
    ita = record.ita
    return {
        "id": record.id, "sha256": record.source.sha256, "source_path": source_path,
        "file_name": record.source.file, "media_type": record.source.media_type,
        "text_source": record.source.text_source, "page_count": record.source.pages,
        "agency": record.agency.name, "agency_type": record.agency.type,
        "district": record.agency.district, "province": record.agency.province,
        "kind": record.document.kind, "ref": record.document.ref, "date": record.document.date,
        "subject": record.document.subject, "fiscal_year": record.document.fiscal_year,
        "ita_year": ita.assessed_year if ita else None, "ita_score": ita.score if ita else None,
        "ita_grade": ita.grade if ita else None, "measure_count": len(record.measures),
        "warning_count": len(record.warnings), "extractor_version": extractor_version,
        "imported_at": _now(), "record": record.to_json(),
    }


def _measure_row(document_id: str, idx: int, measure: Any) -> dict:
    timeline, monitoring = measure.timeline, measure.monitoring
    return {
        "document_id": document_id, "idx": idx, "category": measure.category,
        "indicator": measure.indicator, "title": measure.title, "status": measure.status,
        "start_date": timeline.start if timeline else None,
        "end_date": timeline.end if timeline else None,
        "timeline": timeline.text if timeline else None,
        "cadence": ",".join(str(m) for m in monitoring.cadence_months) if monitoring else None,
        "monitoring": monitoring.text if monitoring else None,
        "outputs": measure.outputs, "outcomes": measure.outcomes, "page": measure.page,
        "actions": json.dumps(measure.actions, ensure_ascii=False),
        "actions_text": "\n".join(measure.actions),
    }


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    columns = ", ".join(row)
    marks = ", ".join(f":{k}" for k in row)
    return conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row).lastrowid


class Corpus:
    """A corpus file. Use as a context manager; DataFrames come back with typed columns.

    Args:
        path: the SQLite file.
        create: make the file if it does not exist (the importer does); readers leave it
            False so that a mistyped ``--db`` is an error, not a new empty corpus.

    Example:
        >>> with Corpus("out/corpus.db") as corpus:                     # doctest: +SKIP
        ...     corpus.search("ดุลพินิจ")[["agency", "page", "snippet"]]
    """

    def __init__(self, path: str | Path, create: bool = False, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only and not create
        if self.path.is_dir():
            raise CorpusError(f"{self.path}: is a folder; --db names the corpus file, e.g. "
                              f"{self.path / 'corpus.db'}")
        if not create and not self.path.is_file():
            raise CorpusError(f"{self.path}: no corpus there; make one with "
                              f"'thaireports import FILES --db {self.path}'")
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CorpusWriteError(f"{self.path}: cannot make its folder: "
                                       f"{exc.strerror or exc}") from exc
        self.conn: sqlite3.Connection | None = None
        try:
            self.conn = self._open_read_only() if self.read_only else self._open_writer()
            self.conn.row_factory = sqlite3.Row
            self._check_is_corpus()  # before any write: another program's file stays as it was
            if not self.read_only:
                self._prepare_writer()
                self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise corpus_error(self.path, exc) from exc
        except BaseException:
            self.close()
            raise

    def _open_writer(self) -> sqlite3.Connection:
        # isolation_level=None: we open and commit transactions ourselves, one per record.
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        return self.conn

    def _prepare_writer(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across crashes
        conn.execute("PRAGMA foreign_keys=ON")
        # Take (and give back) the write lock now: a read-only file or folder is reported
        # before any work starts, not at the first record.
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")

    def _open_read_only(self) -> sqlite3.Connection:
        """Open for reading only. A WAL corpus in a folder we cannot write has no ``-shm`` file
        to share, which SQLite needs even to read; it is then opened as immutable (nobody can
        be writing it where we cannot write either)."""
        from urllib.parse import quote

        uri = "file:" + quote(str(self.path.resolve()))
        last: sqlite3.Error | None = None
        for mode in ("?mode=ro", "?mode=ro&immutable=1"):
            conn = sqlite3.connect(uri + mode, uri=True, isolation_level=None, timeout=30.0)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                conn.execute("PRAGMA query_only=ON")
                return conn
            except sqlite3.OperationalError as exc:  # cannot open -shm: try immutable
                conn.close()
                last = exc
                if not str(exc).startswith(("unable to open", "attempt to write")):
                    raise
        raise last  # type: ignore[misc]

    def _check_is_corpus(self) -> None:
        """Refuse an SQLite file of some other program (never add our tables to it) and, when
        reading, an empty file that no import made."""
        names = {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and names:
            raise CorpusError(f"{self.path}: an SQLite database of something else (tables "
                              f"{', '.join(sorted(names)[:3])}), not a thaireports corpus; "
                              "choose another --db")
        if version == 0 and self.read_only:
            raise CorpusError(f"{self.path}: an empty file, not a thaireports corpus; make one "
                              f"with 'thaireports import FILES --db {self.path}'")
        if version > SCHEMA_VERSION:
            raise CorpusError(f"{self.path}: corpus schema version {version} was made by a newer "
                              f"thaireports (this one reads up to {SCHEMA_VERSION}); upgrade it")

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        for version, script in MIGRATIONS:
            if version <= self.schema_version:
                continue
            # One transaction per step, the version read again under the write lock: of
            # imports started together on a new file, one migrates and the others find it
            # done (executescript would commit first and lose that lock).
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self.schema_version < version:
                    for statement in _statements(script):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {version}")
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    # -- writing ---------------------------------------------------------------------------
    def add_record(self, record: Record, source_path: str | Path,
                   extractor_version: str | None = None) -> str:
        """Store one record in one transaction, replacing any earlier record of the same file.

        A failure row for the same file (by sha256 or path) is removed: it is now read.

        Returns:
            The document id.
        """
        document = _document_row(record, str(source_path), extractor_version)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._delete_document(record.source.sha256)
            _insert(conn, "documents", document)
            for idx, measure in enumerate(record.measures):
                measure_id = _insert(conn, "measures", _measure_row(record.id, idx, measure))
                for owner in measure.owners:
                    _insert(conn, "measure_owners", {"measure_id": measure_id,
                                                     "document_id": record.id,
                                                     "unit": owner.unit, "name": owner.name})
            for indicator in (record.ita.indicators if record.ita else []):
                _insert(conn, "indicator_scores", {
                    "document_id": record.id, "number": indicator.number, "tool": indicator.tool,
                    "name": indicator.name, "score": indicator.score})
            for page in record.pages:
                _insert(conn, "pages", {"document_id": record.id, "number": page.number,
                                        "text_source": page.text_source,
                                        "quality": page.confidence, "text": page.text})
            conn.execute("DELETE FROM failures WHERE sha256 = ? OR path = ?",
                         (record.source.sha256, str(source_path)))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on a full disk
                conn.execute("ROLLBACK")
            raise
        return record.id

    def _delete_document(self, sha256: str) -> None:
        row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return
        # Children first, explicitly: the FTS delete triggers must see every page and measure.
        for table in ("measure_owners", "indicator_scores", "pages", "measures"):
            self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (row["id"],))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (row["id"],))

    def add_failure(self, path: str | Path, sha256: str | None, reason: str) -> None:
        """Record that a file could not be read (it is never also in documents)."""
        self.conn.execute(
            "INSERT INTO failures (path, sha256, reason, time) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, "
            "reason = excluded.reason, time = excluded.time",
            (str(path), sha256, reason, _now()))

    def known_versions(self) -> dict[str, str | None]:
        """sha256 -> extractor version of every document already in the corpus."""
        return {r[0]: r[1] for r in
                self.conn.execute("SELECT sha256, extractor_version FROM documents")}

    # -- reading ---------------------------------------------------------------------------
    def sql(self, sql: str, params: dict | Iterable | None = None) -> pd.DataFrame:
        """Run read-only SQL (for named queries and notebooks) into a typed DataFrame."""
        cursor = self.conn.execute(sql, params or {})
        columns = [d[0] for d in cursor.description]
        return _typed_frame(cursor.fetchall(), columns)

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run one of the named queries of ``corpora.queries`` with its :named parameters."""
        return self.sql(queries.sql_for(name), queries.parameters(name, params))

    def table(self, name: str) -> pd.DataFrame:
        """A whole table as a typed DataFrame (``record`` JSON included for documents)."""
        if name not in TABLES:
            raise CorpusError(f"no table {name!r}; tables: {', '.join(TABLES)}")
        order = "id" if name in ("documents", "measures", "pages", "failures") else "rowid"
        return self.sql(f"SELECT * FROM {name} ORDER BY {order}")

    def documents(self, **filters: Any) -> pd.DataFrame:
        """Documents (without the record JSON), filtered by province, agency_type, fiscal_year."""
        return self.query("documents", **filters)

    def measures(self, **filters: Any) -> pd.DataFrame:
        """Measures with their agency.

        Args:
            **filters: province, agency_type, fiscal_year, category, unit, agency (substring);
                None means no filter.

        Example:
            >>> corpus.measures(category="discretion-review")["title"].tolist()  # doctest: +SKIP
            ['มาตรการตรวจสอบการใช้ดุลพินิจ']
        """
        return self.query("measures", **filters)

    def records(self) -> Iterable[dict]:
        """Every stored record (ita-record/1 dicts), in document id order."""
        for (payload,) in self.conn.execute("SELECT record FROM documents ORDER BY id"):
            yield json.loads(payload)

    def search(self, query: str, limit: int = 20) -> pd.DataFrame:
        """Ranked full-text hits in page texts and measure titles/actions.

        The query is searched as one literal phrase (any Thai substring of 3+ characters);
        FTS operators, quotes and SQL in it are text. Best hits first (bm25).

        Example:
            >>> corpus.search("เผยแพร่ข้อมูล")[["agency", "hit", "page"]]   # doctest: +SKIP

        Raises:
            SearchQueryError: the query is shorter than 3 characters (or absurdly long).
        """
        hits = self.query("search", query=fts_phrase(query), limit=int(limit))
        # Page texts keep their line breaks; a snippet reads better on one line.
        hits["snippet"] = hits["snippet"].str.replace(r"\s+", " ", regex=True)
        return hits

    def compare(self, by: str = "category", fiscal_year: int | None = None) -> pd.DataFrame:
        """The cross-agency view.

        Args:
            by: ``category`` - one row per agency and fiscal year, one column per measure
                category (vocabulary order), cells counting that agency's measures;
                ``unit`` - one row per category, one column per owner unit, cells counting the
                measures that unit owns; ``indicator`` - one row per agency and fiscal year with
                its ITA total, grade and indicator scores side by side.
            fiscal_year: keep one fiscal year (Buddhist Era, e.g. 2565).

        Example:
            >>> corpus.compare("category").columns[:4].tolist()       # doctest: +SKIP
            ['agency', 'province', 'fiscal_year', 'public-disclosure']
        """
        if by not in queries.COMPARE_BY:
            raise CorpusError(f"compare --by {by!r}: choose one of {', '.join(queries.COMPARE_BY)}")
        spec = queries.compare_pivot(by)
        return _pivot(self.query(spec.query, fiscal_year=fiscal_year), spec)

    def failures(self) -> pd.DataFrame:
        return self.table("failures")

    def integrity_check(self) -> str:
        """SQLite's own check of the file: 'ok' when sound."""
        return "; ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check"))

    # -- export ----------------------------------------------------------------------------
    def export(self, fmt: str, out: str | Path, force: bool = False) -> Path:
        """Write the corpus for other tools, never over the corpus or someone else's files.

        Args:
            fmt: ``jsonl`` - one ita-record/1 per line in ``out``; ``csv`` - a folder ``out``
                with one CSV per table (UTF-8 with BOM so that Excel shows Thai); ``parquet`` -
                a folder with one dataset per table, each partitioned by the document's
                fiscal year (``fy=2565/``; ``fy=0/`` when unknown); ``datasette`` - the
                metadata file for ``datasette corpus.db -m OUT`` (facets, FTS tables, the
                named queries as canned queries).
            out: file (jsonl, datasette) or folder (csv, parquet). A file is written beside
                its final name and moved there when complete, so a failed export (a full
                disk) leaves nothing half-written. A folder is made new; one that exists
                must be empty, or hold an earlier export of ours (its manifest
                ``.thaireports-export.json`` lists what it wrote) and nothing else.
            force: replace an earlier export (a file that is one of our exports, or the
                files an earlier export listed in its folder's manifest); nothing else is
                ever replaced.

        Returns:
            What was written.

        Raises:
            ExportTargetError: ``out`` is the corpus itself (or its -wal/-shm), or holds
                files this export did not write, or an earlier export without ``force``.
        """
        writers = {"jsonl": _export_jsonl, "csv": _export_csv, "parquet": _export_parquet,
                   "datasette": _export_datasette_metadata}
        if fmt not in writers:
            raise CorpusError(f"export format {fmt!r}: choose one of {', '.join(writers)}")
        out = Path(out)
        self._refuse_own_files(out)
        return writers[fmt](self, out, force)

    def _refuse_own_files(self, out: Path) -> None:
        own = [Path(str(self.path) + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
        for target in [out, *(out.iterdir() if out.is_dir() else [])]:
            for file in own:
                if _same_file(target, file):
                    raise ExportTargetError(
                        f"{out}: refusing to export over the corpus itself ({file.name}); "
                        "choose another -o")
        # A folder export into a folder above the corpus would have to hold the corpus.
        if out.is_dir() and any(_inside(file, out) for file in own if file.exists()):
            raise ExportTargetError(f"{out}: holds the corpus {self.path.name}; export into a "
                                    "new or empty folder")


EXPORT_MANIFEST = ".thaireports-export.json"  # in a folder export: what the export wrote


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _inside(file: Path, folder: Path) -> bool:
    try:
        return folder.resolve() in file.resolve().parents
    except (OSError, RuntimeError):
        return False


def _looks_like_our_file(out: Path, fmt: str) -> bool:
    """Whether an existing file is one of our exports (so --force may replace it)."""
    try:
        with out.open("rb") as stream:
            head = stream.read(1 << 16)
        if fmt == "jsonl":
            first = head.split(b"\n", 1)[0].strip()
            return not first or b'"schema":"ita-record/1"' in first.replace(b" ", b"")
        data = json.loads(out.read_text(encoding="utf-8"))
        return isinstance(data, dict) and any(
            "documents" in (db or {}).get("tables", {}) for db in data.get("databases", {}).values())
    except (OSError, ValueError, AttributeError):
        return False


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_file_atomically(out: Path, fmt: str, force: bool, write) -> Path:
    """``write(stream)`` into a temporary file beside ``out``, then rename it to ``out``."""
    import os
    import tempfile

    if out.is_dir():
        raise ExportTargetError(f"{out}: is a folder; {fmt} export writes one file")
    if out.exists() or out.is_symlink():
        if not force:
            raise ExportTargetError(f"{out}: exists; add --force to replace an earlier {fmt} "
                                    "export (nothing else is ever replaced)")
        if out.is_symlink() or not out.is_file() or not _looks_like_our_file(out, fmt):
            raise ExportTargetError(f"{out}: exists and is not a {fmt} export of thaireports; "
                                    "not replaced, choose another -o")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            write(stream)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a file is not
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out


def _export_datasette_metadata(corpus: Corpus, out: Path, force: bool = False) -> Path:
    metadata = queries.datasette_metadata(database=corpus.path.stem)
    return _write_file_atomically(
        out, "datasette", force,
        lambda stream: stream.write(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"))


def _pivot(long: pd.DataFrame, spec: queries.Pivot) -> pd.DataFrame:
    """Long rows (key..., column, value) into one row per key and one column per value of
    ``spec.columns``, in vocabulary order. Keys with no value still get their row (an agency
    with no measure of any category is a finding, not noise)."""
    import pandas as pd

    keys: dict[tuple, dict] = {}
    seen: set = set()
    for row in long.to_dict("records"):
        key = tuple(None if pd.isna(row[c]) else row[c] for c in spec.index)
        cells = keys.setdefault(key, {})
        column = row[spec.columns]
        if column is None or pd.isna(column):
            continue
        cells[column] = row[spec.values]
        seen.add(column)
    order = [c for c in spec.order if c in seen] + sorted(seen - set(spec.order), key=str)
    labels = [spec.label(c) for c in order]
    rows = [dict(zip(spec.index, key)) | {spec.label(c): cells.get(c, spec.fill) for c in order}
            for key, cells in keys.items()]
    frame = pd.DataFrame(rows, columns=[*spec.index, *labels])
    for column in spec.index:
        frame[column] = frame[column].astype(DTYPES.get(column, _STR))
    value_type = _INT if spec.fill == 0 else _FLOAT
    for column in labels:
        frame[column] = pd.array(frame[column].tolist(), dtype=value_type)
    return frame


def _prepare_folder(out: Path, force: bool) -> None:
    """Make ``out`` for a folder export. An existing folder must be empty, or hold only what an
    earlier export listed in its manifest (replaced with ``force``), so that a mistyped -o
    never deletes anyone's files."""
    import shutil

    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportTargetError(f"{out}: exists and is not a folder; csv and parquet exports "
                                "write a folder with one file or dataset per table")
    if out.is_dir():
        children = {p.name for p in out.iterdir()}
        manifest = out / EXPORT_MANIFEST
        ours: set[str] = set()
        if manifest.is_file():
            try:
                ours = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
            except (OSError, ValueError, KeyError, TypeError):
                ours = set()
            ours.add(EXPORT_MANIFEST)
        strangers = sorted(children - ours)
        if strangers:
            raise ExportTargetError(
                f"{out}: folder holds other files ({', '.join(strangers[:3])}"
                f"{', ...' if len(strangers) > 3 else ''}); export into a new or empty folder")
        if children and not force:
            raise ExportTargetError(f"{out}: holds an earlier export; add --force to replace it")
        for name in sorted(children):
            child = out / name
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _write_manifest(out: Path, fmt: str, names: list[str]) -> None:
    """List what the export wrote: the only files a later ``--force`` export may replace."""
    (out / EXPORT_MANIFEST).write_text(json.dumps(
        {"exported_by": "thaireports", "format": fmt, "files": sorted(names)},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _export_jsonl(corpus: Corpus, out: Path, force: bool = False) -> Path:
    def write(stream) -> None:
        for (payload,) in corpus.conn.execute("SELECT record FROM documents ORDER BY id"):
            stream.write(payload + "\n")

    return _write_file_atomically(out, "jsonl", force, write)


def _export_csv(corpus: Corpus, out: Path, force: bool = False) -> Path:
    _prepare_folder(out, force)
    # The manifest goes first: should the export stop half-way (a full disk), a --force
    # rerun may still replace what it wrote.
    _write_manifest(out, "csv", [f"{name}.csv" for name in TABLES])
    for name in TABLES:
        frame = corpus.table(name)
        if name == "documents":
            # The record JSON (pages included) overflows spreadsheet cells: it is in jsonl.
            frame = frame.drop(columns=["record"])
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
    return out


def _export_parquet(corpus: Corpus, out: Path, force: bool = False) -> Path:
    """One dataset per table under ``out``; the tables of documents are partitioned by the
    document's fiscal year into ``fy=2565/`` folders (``fy=0/`` when unknown), so that a reader
    of one year touches one folder (``pd.read_parquet(out / "pages", filters=[("fy", "=",
    2565)])``). The key is a separate column because pyarrow cannot read back a partition
    column holding nulls; the typed ``fiscal_year`` (nulls kept) stays in the files. 0, not a
    word, marks the unknown year, so that readers always infer the key as an integer."""
    import pandas as pd

    _prepare_folder(out, force)
    _write_manifest(out, "parquet", list(TABLES))
    years = corpus.sql("SELECT id AS document_id, fiscal_year AS fy FROM documents")
    years["fy"] = [int(v) if pd.notna(v) else 0 for v in years["fy"]]
    for name in TABLES:
        frame = corpus.table(name)
        if name == "failures" or frame.empty:
            (out / name).mkdir()
            frame.to_parquet(out / name / "part-0.parquet", index=False)
            continue
        key = frame["id"].rename("document_id") if name == "documents" else frame["document_id"]
        frame = frame.assign(fy=key.map(years.set_index("document_id")["fy"]))
        frame.to_parquet(out / name, index=False, partition_cols=["fy"])
    return out
