"""The corpus: one SQLite file (WAL) that a researcher can open without a manual.

Tables (one row per ...):

| table | row | why it is there |
|---|---|---|
| documents | successfully read file | agency, place, kind, date, fiscal year, ITA score, record |
| measures | measure of a document | category, indicator, title, status, dates, cadence, outputs |
| measure_owners | owner of a measure | unit code and the name as printed |
| indicator_scores | ITA indicator score | number, tool, name, score |
| pages | page of a document | text, text source, quality (the only copy of the text) |
| failures | file that could not be read | path, sha256, reason, time; never also in documents |

Thai is written without spaces between words, so ``unicode61`` cannot index it: ``pages_fts`` and
``measures_fts`` use FTS5's ``trigram`` tokenizer, which finds any substring of 3+ characters
(and shrugs off OCR slips elsewhere in a word). They are external-content tables kept in step by
triggers, the layout Datasette detects to offer its search box.

Page text is stored once, in ``pages``: the record JSON in ``documents.record`` keeps each
page's number, source and confidence, and ``Corpus.record``, ``records`` and the jsonl export
give the whole record back, texts in place (identical to the record stored).

Records are written in batches, one transaction each (``add_records``), so a crash (even
``kill -9``) leaves either the whole batch or none of it; WAL lets readers query while an import
writes.

One document, many files (``corpora.duplicates``): ``documents`` keeps one row per file, and
``group_id`` names the canonical file of each document (the best source); every view, query,
comparison and export counts documents by their canonical file and lists the others as its
files (``Corpus.duplicates``, the ``files`` export table). Hand corrections (``corrections``)
are kept apart from the extracted record and applied over it, so re-extraction keeps them.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from thaireports.corpora import queries
from thaireports.corpora.errors import (  # noqa: F401 - re-exported: store.CorpusError
    CorpusError, CorpusWriteError, ExportTargetError, SearchQueryError, corpus_error)

if TYPE_CHECKING:  # pandas and the record model load only when used
    import pandas as pd

    from thaireports.extractors.record import Record

SCHEMA_VERSION = 3
MIN_QUERY_CHARS = 3  # the trigram tokenizer cannot match anything shorter
MAX_QUERY_CHARS = 1000  # a pasted page is not a search; refuse it with a message


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
    # 2 (issue 12): one document, many files (group_id: the canonical file of the group;
    # header_key and the MinHash bands link them); hand corrections that survive --reprocess;
    # measures carry their agency, so the common questions need no join; Thai labels.
    (2, """
ALTER TABLE documents ADD COLUMN group_id TEXT;   -- id of the group's canonical file (own id: alone)
ALTER TABLE documents ADD COLUMN linked_by TEXT;  -- why this file joined its group
ALTER TABLE documents ADD COLUMN header_key TEXT; -- agency|ref|date|subject without spaces
ALTER TABLE documents ADD COLUMN minhash BLOB;    -- MinHash of the text (corpora.duplicates)
ALTER TABLE documents ADD COLUMN corrected TEXT;  -- JSON list of fields corrected by hand
ALTER TABLE documents ADD COLUMN extracted TEXT;  -- the record as extracted, when corrected
UPDATE documents SET group_id = id;
CREATE INDEX documents_group ON documents(group_id);
CREATE INDEX documents_header_key ON documents(header_key);

CREATE TABLE document_bands (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    band        INTEGER NOT NULL,
    hash        INTEGER NOT NULL
);
CREATE INDEX document_bands_hash ON document_bands(band, hash);
CREATE INDEX document_bands_document ON document_bands(document_id);

ALTER TABLE measures ADD COLUMN agency TEXT;
ALTER TABLE measures ADD COLUMN agency_type TEXT;
ALTER TABLE measures ADD COLUMN province TEXT;
ALTER TABLE measures ADD COLUMN fiscal_year INTEGER;
UPDATE measures SET (agency, agency_type, province, fiscal_year) =
    (SELECT d.agency, d.agency_type, d.province, d.fiscal_year FROM documents d
     WHERE d.id = measures.document_id);
-- The search index may be built after the rows (an import commits its batches first and
-- indexes them when its writer is idle, and at the end): 'indexed' says which rows the FTS
-- tables hold, and the triggers add and remove exactly those.
ALTER TABLE pages ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE measures ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
CREATE INDEX pages_unindexed ON pages(id) WHERE indexed = 0;
CREATE INDEX measures_unindexed ON measures(id) WHERE indexed = 0;
DROP TRIGGER pages_ai;
DROP TRIGGER pages_ad;
DROP TRIGGER measures_ai;
DROP TRIGGER measures_ad;
CREATE TRIGGER pages_ai AFTER INSERT ON pages WHEN new.indexed = 1 BEGIN
    INSERT INTO pages_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER pages_ad AFTER DELETE ON pages WHEN old.indexed = 1 BEGIN
    INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER pages_au AFTER UPDATE OF indexed ON pages
WHEN old.indexed = 0 AND new.indexed = 1 BEGIN
    INSERT INTO pages_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER measures_ai AFTER INSERT ON measures WHEN new.indexed = 1 BEGIN
    INSERT INTO measures_fts(rowid, title, actions_text)
    VALUES (new.id, new.title, new.actions_text);
END;
CREATE TRIGGER measures_ad AFTER DELETE ON measures WHEN old.indexed = 1 BEGIN
    INSERT INTO measures_fts(measures_fts, rowid, title, actions_text)
    VALUES ('delete', old.id, old.title, old.actions_text);
END;
CREATE TRIGGER measures_au AFTER UPDATE OF indexed ON measures
WHEN old.indexed = 0 AND new.indexed = 1 BEGIN
    INSERT INTO measures_fts(rowid, title, actions_text)
    VALUES (new.id, new.title, new.actions_text);
END;

-- FTS5 keeps pending index data in memory up to 'hashsize' (1 MB by default) before writing
-- a segment: 64 MB halves the indexing time of a batch of records (bench: 2.4 -> 1.2 ms per
-- 11,000-character page).
INSERT INTO pages_fts(pages_fts, rank) VALUES ('hashsize', 67108864);
INSERT INTO measures_fts(measures_fts, rank) VALUES ('hashsize', 67108864);
CREATE INDEX measures_province ON measures(province);
CREATE INDEX measures_fiscal_year ON measures(fiscal_year);

CREATE TABLE corrections (
    document_id TEXT NOT NULL,                   -- the file named; applies to its group
    field       TEXT NOT NULL,                   -- dotted path in the record: document.ref
    value       TEXT NOT NULL CHECK (json_valid(value)),
    extracted   TEXT,                            -- the value as extracted, JSON
    source      TEXT NOT NULL,                   -- 'thaireports correct' or the JSON file
    time        TEXT NOT NULL,
    PRIMARY KEY (document_id, field)
);

CREATE TABLE labels (
    vocabulary TEXT NOT NULL,                    -- agency_type | category | unit | ...
    code       TEXT NOT NULL,
    th         TEXT NOT NULL,
    PRIMARY KEY (vocabulary, code)
);
""" + "".join(f"CREATE VIEW {name} AS {sql};\n" for name, sql in queries.VIEWS.items())
     + "".join(f"INSERT INTO labels (vocabulary, code, th) VALUES ('{v}', '{c}', '{t}');\n"
               for v, codes in queries.LABELS_TH.items() for c, t in codes.items())),
    # 3 (issue 12): page text is stored once, in pages. The record JSON (documents.record and
    # documents.extracted) keeps each page's number, text_source and confidence but not its
    # text, which Corpus.record / records / the jsonl export put back from pages in order.
    # The texts of a corpus made before are removed by Corpus._strip_page_texts (only where
    # the pages rows hold exactly the same texts, in the same order).
    # (pages_document already reads a document's pages in id order: no new index.)
    (3, """
-- Corpus._strip_page_texts does the work of this step.
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
TABLES = ("documents", "measures", "measure_owners", "indicator_scores", "pages", "failures",
          "corrections", "labels")
# What exports write: one row per document (its canonical file), and the files beside.
EXPORT_TABLES = ("documents", "files", "measures", "measure_owners", "indicator_scores",
                 "pages", "failures", "corrections", "labels")
# Columns that are the store's machinery, not data: never exported, hidden in Datasette.
INTERNAL_COLUMNS = ("header_key", "minhash", "extracted")
# Fields of a record a person may correct: not its identity, source, text or warnings.
UNCORRECTABLE = ("schema", "id", "source", "pages", "tables", "warnings")


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
    from thaireports.normalize.digits import thai_digits_to_arabic

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
        elif frame[column].dtype == object and not any(
                isinstance(v, bytes) for v in frame[column]):  # BLOBs (minhash) stay bytes
            frame[column] = frame[column].astype(_STR)
    return frame


def _document_row(record: Record, source_path: str, extractor_version: str | None,
                  payload: str | None = None) -> dict:
    """The documents row of a record; ``payload`` is its record JSON (the writer passes
    ``record_payload``; by default the whole record, as schemas 1 and 2 stored it)."""
    return {
        "id": record.id, "sha256": record.source.sha256, "source_path": source_path,
        "file_name": record.source.file, "media_type": record.source.media_type,
        "text_source": record.source.text_source, "page_count": record.source.pages,
        **_correctable_row(record, payload),
        "extractor_version": extractor_version, "imported_at": _now(), "group_id": record.id,
    }


def _correctable_row(record: Record, payload: str | None = None) -> dict:
    """The documents columns a correction can change (all but the file's own); ``payload``
    as in ``_document_row``."""
    ita = record.ita
    return {
        "agency": record.agency.name, "agency_type": record.agency.type,
        "district": record.agency.district, "province": record.agency.province,
        "kind": record.document.kind, "ref": record.document.ref, "date": record.document.date,
        "subject": record.document.subject, "fiscal_year": record.document.fiscal_year,
        "ita_year": ita.assessed_year if ita else None, "ita_score": ita.score if ita else None,
        "ita_grade": ita.grade if ita else None, "measure_count": len(record.measures),
        "warning_count": len(record.warnings),
        "record": record.to_json() if payload is None else payload,
    }


# The record as documents.record stores it: every page without its text (in pages, once).
_NO_PAGE_TEXT = {"pages": {"__all__": {"text"}}}


def record_payload(record: Record) -> str:
    """The record's JSON without its page texts, serialized once (pydantic, no dict between).

    Example:
        >>> from thaireports.extractors.record import validate_record
        >>> r = validate_record({"id": "0" * 16, "source": {"file": "a.txt", "sha256": "0",
        ...     "media_type": "text/plain", "pages": 1, "text_source": "text"},
        ...     "pages": [{"number": 1, "text_source": "text", "text": "มาตรการ"}]})
        >>> '"pages":[{"number":1,"text_source":"text","confidence":null}]' in record_payload(r)
        True
    """
    return record.model_dump_json(by_alias=True, exclude=_NO_PAGE_TEXT)


def _without_page_texts(data: dict) -> dict:
    """A record dict as stored: its pages without their texts (a shallow copy)."""
    pages = data.get("pages")
    if not isinstance(pages, list):
        return data
    return data | {"pages": [{k: v for k, v in page.items() if k != "text"}
                             if isinstance(page, dict) else page for page in pages]}


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    columns = ", ".join(row)
    marks = ", ".join(f":{k}" for k in row)
    return conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row).lastrowid


# json.dumps(value, ensure_ascii=False) without making a new encoder per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode

_MEASURE_COLUMNS = ("id", "document_id", "idx", "agency", "agency_type", "province",
                    "fiscal_year", "category", "indicator", "title", "status", "start_date",
                    "end_date", "timeline", "cadence", "monitoring", "outputs", "outcomes",
                    "page", "actions", "actions_text", "indexed")
_INSERT_MEASURE = (f"INSERT INTO measures ({', '.join(_MEASURE_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(_MEASURE_COLUMNS))})")


def _measure_row(measure_id: int, document_id: str, idx: int, measure: Any, record: Record,
                 indexed: int) -> tuple:
    """A measures row, in the order of _MEASURE_COLUMNS."""
    timeline, monitoring = measure.timeline, measure.monitoring
    return (
        measure_id, document_id, idx, record.agency.name, record.agency.type,
        record.agency.province, record.document.fiscal_year, measure.category,
        measure.indicator, measure.title, measure.status,
        timeline.start if timeline else None, timeline.end if timeline else None,
        timeline.text if timeline else None,
        ",".join(str(m) for m in monitoring.cadence_months) if monitoring else None,
        monitoring.text if monitoring else None,
        measure.outputs, measure.outcomes, measure.page,
        _to_json(measure.actions), "\n".join(measure.actions), indexed,
    )


_MISSING = object()


def _path_parts(field: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in field.split(".")]


def _get_path(data: Any, field: str, default: Any) -> Any:
    for part in _path_parts(field):
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return default
    return data


def corrected_record(extracted: dict, fields: dict[str, Any]) -> dict:
    """``extracted`` with each dotted field set to its corrected value and a
    ``hand-corrected`` warning per field.

    Example:
        >>> corrected_record({"document": {"ref": None}, "warnings": []},
        ...                  {"document.ref": "พง 75501/123"})["document"]
        {'ref': 'พง 75501/123'}
    """
    import copy

    data = copy.deepcopy(extracted)
    for field, value in fields.items():
        parts = _path_parts(field)
        target = data
        for part in parts[:-1]:
            if isinstance(target, dict) and target.get(part) is None and isinstance(part, str):
                target[part] = {}  # e.g. ita.score on a record without an ita block
            target = target[part]
        target[parts[-1]] = value
    data.setdefault("warnings", [])
    data["warnings"] = [w for w in data["warnings"] if w.get("code") != "hand-corrected"] + [
        {"code": "hand-corrected", "page": None,
         "message": f"{field} corrected by hand (extracted: "
                    f"{json.dumps(_get_path(extracted, field, None), ensure_ascii=False)})"}
        for field in sorted(fields)]
    return data


def record_differences(extracted: Any, edited: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    """(dotted field, edited value) where an edited record differs from the extracted one;
    lists of another length differ as a whole. Identity, source, text and warnings are left
    out (they are not corrections)."""
    if isinstance(extracted, dict) and isinstance(edited, dict):
        for key in edited:
            if not prefix and key in UNCORRECTABLE:
                continue
            if key not in extracted:
                yield prefix + key, edited[key]
            else:
                yield from record_differences(extracted[key], edited[key], f"{prefix}{key}.")
    elif (isinstance(extracted, list) and isinstance(edited, list)
          and len(extracted) == len(edited)):
        for i, (a, b) in enumerate(zip(extracted, edited)):
            yield from record_differences(a, b, f"{prefix}{i}.")
    elif extracted != edited:
        yield prefix.rstrip("."), edited


def _candidates(raw: str) -> list[Any]:
    """How a ``field=value`` text may be meant: JSON first (numbers, null, lists), then text;
    an empty value is null."""
    if raw == "":
        return [None]
    try:
        value = json.loads(raw)
    except ValueError:
        return [raw]
    return [value, raw] if not isinstance(value, str) else [value]


def _first_error(exc: BaseException | None) -> str:
    if isinstance(exc, (LookupError, TypeError)):
        return "no such field in the record (fields are dotted paths such as document.ref, " \
               "agency.name, measures.0.category)"
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
    return str(exc)


_DOCUMENT_COLUMNS = (
    "id", "sha256", "source_path", "file_name", "media_type", "text_source", "page_count",
    "agency", "agency_type", "district", "province", "kind", "ref", "date", "subject",
    "fiscal_year", "ita_year", "ita_score", "ita_grade", "measure_count", "warning_count",
    "record", "extractor_version", "imported_at", "group_id", "header_key", "minhash")
_INSERT_DOCUMENT = (f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) "
                    f"VALUES ({', '.join(':' + c for c in _DOCUMENT_COLUMNS)})")


class _Rows:
    """Child rows of records gathered for one ``executemany`` per table."""

    def __init__(self) -> None:
        self.measures: list[tuple] = []
        self.owners: list[tuple] = []
        self.indicators: list[tuple] = []
        self.pages: list[tuple] = []
        self.next_measure: int | None = None

    def empty(self) -> bool:
        return not (self.measures or self.owners or self.indicators or self.pages)

    def clear(self) -> None:
        self.measures.clear(), self.owners.clear(), self.indicators.clear(), self.pages.clear()


OPEN_ATTEMPTS = 6  # 0.05 s .. 1.6 s apart


def _is_lock_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


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
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._open()
                return
            except sqlite3.OperationalError as exc:
                self.close()
                # Processes opening a new file together race for its first write lock: the
                # switch to WAL can answer 'locked' at once, without waiting its turn. Retry.
                if _is_lock_error(exc) and attempt + 1 < OPEN_ATTEMPTS:
                    time.sleep(0.05 * 2 ** attempt)
                    continue
                raise corpus_error(self.path, exc) from exc
            except sqlite3.Error as exc:
                self.close()
                raise corpus_error(self.path, exc) from exc
            except BaseException:
                self.close()
                raise

    def _open(self) -> None:
        self.conn = self._open_read_only() if self.read_only else self._open_writer()
        self.conn.row_factory = sqlite3.Row
        self._check_is_corpus()  # before any write: another program's file stays as it was
        if not self.read_only:
            self._prepare_writer()
            self._migrate()
        elif self.schema_version < SCHEMA_VERSION:
            self._migrate_then_read()

    def _migrate_then_read(self) -> None:
        """A reader of a corpus made by an older release: bring it up to date once (as a
        writer), then read it; a corpus that cannot be written is refused with the reason."""
        version = self.schema_version
        self.conn.close()
        self.conn = None
        try:
            Corpus(self.path).close()
        except CorpusWriteError as exc:
            raise CorpusError(
                f"{self.path}: made by an older thaireports (schema {version}, this one "
                f"reads {SCHEMA_VERSION}) and cannot be brought up to date here: {exc}; copy "
                "it where it can be written, or run 'thaireports import' on it once") from exc
        self.conn = self._open_read_only()
        self.conn.row_factory = sqlite3.Row

    def _open_writer(self) -> sqlite3.Connection:
        # isolation_level=None: we open and commit transactions ourselves, one per record.
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        return self.conn

    def _prepare_writer(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit is appended to the WAL without an fsync (the WAL is synced at
        # each checkpoint). A killed process (kill -9, Ctrl-C, a crash) loses nothing
        # committed: the OS holds the writes. A power cut may lose the last commits since the
        # last checkpoint, never half of one and never the file's consistency; the importer's
        # rerun then reads those files again (it skips only the sha256s in the corpus), so
        # nothing is lost or stored twice either way.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        # A bigger page cache keeps the FTS and index b-trees in memory while batches arrive.
        conn.execute("PRAGMA cache_size=-131072")  # KiB: 128 MB
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
            self.conn = None

    @contextlib.contextmanager
    def _write(self):
        """One write transaction, taken at once (BEGIN IMMEDIATE: the write lock before any
        read, so that what it reads cannot change under it), committed at the end, rolled
        back on any error (SQLite has already rolled back by itself on a full disk)."""
        self.conn.execute("BEGIN IMMEDIATE")
        self._own = None  # child rows gathered and not written belong to no transaction
        try:
            yield self.conn
            self._flush()
            self.conn.execute("COMMIT")
        except BaseException:
            self._own = None
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

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
            with self._write():
                if self.schema_version < version:
                    for statement in _statements(script):
                        self.conn.execute(statement)
                    if version == 2:  # files imported before 2 are linked now
                        self._link_all()
                    if version == 3:  # page texts of records stored before 3: once now
                        self._strip_page_texts()
                    self.conn.execute(f"PRAGMA user_version = {version}")

    # -- writing ---------------------------------------------------------------------------
    def add_record(self, record: Record, source_path: str | Path,
                   extractor_version: str | None = None) -> str:
        """Store one record in one transaction, replacing any earlier record of the same file.

        A failure row for the same file (by sha256 or path) is removed: it is now read.

        Returns:
            The document id.
        """
        return self.add_records([(record, source_path, extractor_version)])[0]

    def add_records(self, items: Iterable[tuple[Record, str | Path, str | None]],
                    failures: Iterable[tuple[str, str | None, str]] = (),
                    index: bool = True) -> list[str]:
        """Store a batch of ``(record, source_path, extractor_version[, minhash bytes])``
        (the MinHash signature as ``duplicates.record_signature`` makes it, computed here
        when not given) and of failures
        ``(path, sha256, reason)`` in one transaction: all of them or, after a crash or an
        error, none (the importer's rerun then reads them again). Each record replaces an
        earlier record of the same file, is linked to the other files of its document
        (``corpora.duplicates``) and gets the hand corrections of its group.

        With ``index=False`` the rows are committed without their full-text index, which
        ``index_pending`` builds later (search finds them from then on): what lets one writer
        keep up with many workers.

        The document rows (and their MinHash bands, which the next record's duplicate check
        reads) are written record by record; measures, owners, indicator scores and pages are
        gathered and written once per batch (``executemany``), before the commit.

        Returns:
            The document ids, in order.
        """
        ids = []
        self._indexed = 1 if index else 0
        with self._write():
            self._batch = _Rows()
            try:
                for record, source_path, extractor_version, *signature in items:
                    ids.append(self._write_record(record, str(source_path), extractor_version,
                                                  *signature))
                for path, sha256, reason in failures:
                    self.add_failure(path, sha256, reason)
                self._flush()
            finally:
                self._batch = None
        return ids

    _batch: _Rows | None = None  # the child rows of the batch being written (add_records)
    _own: _Rows | None = None  # child rows of a write outside a batch (a correction)

    def _write_record(self, record: Record, source_path: str,
                      extractor_version: str | None, signature: Any = _MISSING) -> str:
        from thaireports.corpora import duplicates

        conn = self.conn
        self._delete_document(record.source.sha256)
        document = _document_row(record, source_path, extractor_version,
                                 record_payload(record))
        document["header_key"] = duplicates.header_key(
            record.agency.name, record.document.ref, record.document.date,
            record.document.subject)
        # The importer's workers send the signature with the record (duplicates.of_record),
        # so that the one writer does not spend its time on it.
        if signature is _MISSING:
            sig = duplicates.record_signature(record)
            document["minhash"] = duplicates.signature_bytes(sig)
        else:
            sig = duplicates.from_bytes(signature)
            document["minhash"] = signature
        conn.execute(_INSERT_DOCUMENT, document)
        self._insert_children(record)
        self._batch_or_own().pages.extend(
            (record.id, p.number, p.text_source, p.confidence, p.text, self._indexed)
            for p in record.pages)
        if sig is not None:
            conn.executemany("INSERT INTO document_bands (document_id, band, hash) "
                             "VALUES (?, ?, ?)",
                             [(record.id, b, h) for b, h in duplicates.bands(sig)])
        conn.execute("DELETE FROM failures WHERE sha256 = ? OR path = ?",
                     (record.source.sha256, source_path))
        group = self._link(record.id, document["header_key"], sig,
                           {"date": record.document.date,
                            "fiscal_year": record.document.fiscal_year})
        if self._has_corrections(group):
            self._apply_corrections(group)
        return record.id

    _indexed = 1  # rows written now go into the full-text index at once (add_records)

    def index_pending(self, limit: int | None = None) -> int:
        """Add rows committed without their full-text index (``add_records(index=False)``,
        or an import killed before it caught up) to the index, ``limit`` pages at a time or
        all; one transaction. Returns how many pages were indexed."""
        conn = self.conn
        if not conn.execute("SELECT EXISTS (SELECT 1 FROM pages WHERE indexed = 0) OR "
                            "EXISTS (SELECT 1 FROM measures WHERE indexed = 0)").fetchone()[0]:
            return 0
        bound = -1 if limit is None else int(limit)
        with self._write():
            done = conn.execute(
                "UPDATE pages SET indexed = 1 WHERE id IN (SELECT id FROM pages WHERE "
                "indexed = 0 ORDER BY id LIMIT ?)", (bound,)).rowcount
            conn.execute(
                "UPDATE measures SET indexed = 1 WHERE id IN (SELECT id FROM measures WHERE "
                "indexed = 0 ORDER BY id LIMIT ?)", (-1 if limit is None else 4 * bound,))
        return done

    def _batch_or_own(self) -> _Rows:
        """Where child rows go: the batch's (written at its end), or rows of their own that
        the caller writes at once (``_flush``)."""
        if self._batch is None:
            self._own = self._own or _Rows()
            return self._own
        return self._batch

    def _flush(self) -> None:
        """Write the gathered child rows (before anything reads or deletes children)."""
        for rows in (self._batch, self._own):
            if rows is None or rows.empty():
                continue
            conn = self.conn
            if rows.measures:
                conn.executemany(_INSERT_MEASURE, rows.measures)
            if rows.owners:
                conn.executemany("INSERT INTO measure_owners (measure_id, document_id, unit, "
                                 "name) VALUES (?, ?, ?, ?)", rows.owners)
            if rows.indicators:
                conn.executemany("INSERT INTO indicator_scores (document_id, number, tool, "
                                 "name, score) VALUES (?, ?, ?, ?, ?)", rows.indicators)
            if rows.pages:
                conn.executemany("INSERT INTO pages (document_id, number, text_source, "
                                 "quality, text, indexed) VALUES (?, ?, ?, ?, ?, ?)", rows.pages)
            rows.clear()
        self._own = None

    def _insert_children(self, record: Record) -> None:
        """Measures, their owners and the indicator scores of a record (not its pages), into
        the batch's rows (``_flush`` writes them). Measure ids are given here, counting on
        from the largest in the table (the write lock is ours, so nobody else takes one)."""
        rows = self._batch_or_own()
        if rows.next_measure is None:
            rows.next_measure = self.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM measures").fetchone()[0]
        for idx, measure in enumerate(record.measures):
            measure_id = rows.next_measure
            rows.next_measure += 1
            rows.measures.append(_measure_row(measure_id, record.id, idx, measure, record,
                                              self._indexed))
            rows.owners.extend((measure_id, record.id, o.unit, o.name) for o in measure.owners)
        if record.ita and record.ita.indicators:
            rows.indicators.extend((record.id, i.number, i.tool, i.name, i.score)
                                   for i in record.ita.indicators)

    def _delete_children(self, doc_id: str) -> None:
        self._flush()  # the batch's rows of this document are deleted too
        # Children first, explicitly: the FTS delete triggers must see every measure.
        for table in ("measure_owners", "indicator_scores", "measures"):
            self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))

    def _delete_document(self, sha256: str) -> None:
        row = self.conn.execute("SELECT id, group_id FROM documents WHERE sha256 = ?",
                                (sha256,)).fetchone()
        if row is None:
            return
        doc_id, group = row["id"], row["group_id"]
        self._delete_children(doc_id)
        for table in ("pages", "document_bands"):
            self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        if group == doc_id:  # the canonical file went: the rest of its group elects another
            rest = [r[0] for r in self.conn.execute(
                "SELECT id FROM documents WHERE group_id = ?", (doc_id,))]
            if rest:
                self._elect(rest)

    # -- one document, many files ------------------------------------------------------------
    def _link_all(self) -> None:
        """Compute the header keys and text signatures of every stored file and link them
        (the migration of a corpus made before files were grouped)."""
        from thaireports.corpora import duplicates
        from thaireports.extractors.record import validate_record

        for doc_id, payload in self.conn.execute(
                "SELECT id, record FROM documents ORDER BY id").fetchall():
            record = validate_record(self._with_page_texts(json.loads(payload), doc_id))
            key = duplicates.header_key(record.agency.name, record.document.ref,
                                        record.document.date, record.document.subject)
            sig = duplicates.record_signature(record)
            self.conn.execute("UPDATE documents SET header_key = ?, minhash = ? WHERE id = ?",
                              (key, duplicates.signature_bytes(sig), doc_id))
            if sig is not None:
                self.conn.executemany(
                    "INSERT INTO document_bands (document_id, band, hash) VALUES (?, ?, ?)",
                    [(doc_id, b, h) for b, h in duplicates.bands(sig)])
            self._link(doc_id, key, sig, {"date": record.document.date,
                                          "fiscal_year": record.document.fiscal_year})

    def _link(self, doc_id: str, key: str | None, sig, header: dict) -> str:
        """Join the file ``doc_id`` to the files of the same document; returns its group."""
        from thaireports.corpora import duplicates

        conn = self.conn
        found: dict[str, str] = {}
        if key:
            for (other,) in conn.execute(  # one file per group is enough to join it
                    "SELECT min(id) FROM documents WHERE header_key = ? AND id != ? "
                    "GROUP BY group_id", (key, doc_id)):
                found[other] = "same agency, ref, date and subject"
        if sig is not None and not found:  # the header settles it when it matches
            rows = duplicates.bands(sig)
            values = ", ".join("(?, ?)" for _ in rows)
            groups: set[str] = set()
            # Files sharing at least MIN_SHARED_BANDS bands: at Jaccard 0.8, 99.7% of them;
            # at 0.4 (the same agency's template, another year), 6%.
            for other, group, blob, date, year in conn.execute(
                    f"WITH mine(band, hash) AS (VALUES {values}), "
                    "near AS (SELECT b.document_id AS id FROM mine JOIN document_bands b "
                    "ON b.band = mine.band AND b.hash = mine.hash WHERE b.document_id != ? "
                    "GROUP BY b.document_id HAVING count(*) >= ?) "
                    "SELECT d.id, d.group_id, d.minhash, d.date, d.fiscal_year "
                    "FROM near JOIN documents d ON d.id = near.id",
                    [*(v for row in rows for v in row), doc_id, duplicates.MIN_SHARED_BANDS]):
                if group in groups or blob is None:
                    continue  # one file of a group is enough to join it
                similar = duplicates.similarity(sig, duplicates.from_bytes(blob))
                if similar >= duplicates.TEXT_THRESHOLD and not duplicates.conflicts(
                        header, {"date": date, "fiscal_year": year}):
                    found[other] = f"near-identical text (MinHash Jaccard {similar:.2f})"
                    groups.add(group)
        if not found:
            return doc_id
        first = sorted(found)[0]
        conn.execute("UPDATE documents SET linked_by = ? WHERE id = ?",
                     (f"{found[first]} as {first}", doc_id))
        marks = ", ".join("?" * len(found))
        groups = {r[0] for r in conn.execute(
            f"SELECT DISTINCT group_id FROM documents WHERE id IN ({marks})", list(found))}
        marks = ", ".join("?" * len(groups))
        members = [r[0] for r in conn.execute(
            f"SELECT id FROM documents WHERE group_id IN ({marks})", list(groups))]
        return self._elect([*members, doc_id], found[first], doc_id)

    def _elect(self, members: list[str], reason: str | None = None,
               newcomer: str | None = None) -> str:
        """Make the best file of ``members`` the canonical record of them all."""
        from thaireports.corpora import duplicates

        marks = ", ".join("?" * len(members))
        rows = [dict(r) for r in self.conn.execute(
            "SELECT id, media_type, text_source, warning_count, page_count, measure_count, "
            f"extracted FROM documents WHERE id IN ({marks})", members)]
        best = min(rows, key=duplicates.rank)["id"]
        self.conn.execute(f"UPDATE documents SET group_id = ? WHERE id IN ({marks})",
                          [best, *members])
        if reason and newcomer and newcomer == best:  # the files it outranked: why linked
            self.conn.execute(
                f"UPDATE documents SET linked_by = ? WHERE id IN ({marks}) AND id != ? AND "
                "linked_by IS NULL", [f"{reason} as {best}", *members, best])
        self.conn.execute("UPDATE documents SET linked_by = NULL WHERE id = ?", (best,))
        for row in rows:  # a file that is no longer canonical shows its own reading again
            if row["id"] != best and row["extracted"] is not None:
                self._rewrite(row["id"], self._with_page_texts(
                    json.loads(row["extracted"]), row["id"]), None, [])
        if self._has_corrections(best):
            self._apply_corrections(best)
        return best

    def duplicates(self) -> pd.DataFrame:
        """The documents that have more than one file: one row per file, the canonical file
        of each group first, with why each other file was linked."""
        return self.sql("""
SELECT d.group_id AS document_id, d.id = d.group_id AS canonical, d.id AS file_id,
       d.source_path, d.text_source, d.media_type, d.page_count, d.measure_count,
       d.warning_count, d.linked_by, c.agency, c.date, c.subject
FROM documents d JOIN documents c ON c.id = d.group_id
WHERE d.group_id IN (SELECT group_id FROM documents GROUP BY group_id HAVING count(*) > 1)
ORDER BY c.province, c.agency, d.group_id, d.id != d.group_id, d.id""")

    # -- hand corrections --------------------------------------------------------------------
    def _group_of(self, doc_id: str) -> str:
        row = self.conn.execute("SELECT group_id FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        if row is None:
            raise CorpusError(f"no document {doc_id!r} in {self.path.name}; the ids are in "
                              "'thaireports query' and the documents table")
        return row[0]

    def _has_corrections(self, group: str) -> bool:
        return self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM corrections WHERE document_id IN "
            "(SELECT id FROM documents WHERE group_id = ?)) OR EXISTS (SELECT 1 FROM "
            "documents WHERE id = ? AND extracted IS NOT NULL)", (group, group)).fetchone()[0]

    def _extracted(self, doc_id: str) -> dict:
        extracted, record = self.conn.execute(
            "SELECT extracted, record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self._with_page_texts(json.loads(extracted or record), doc_id)

    # -- page texts, stored once (in pages) ----------------------------------------------------
    def _page_texts(self, doc_id: str) -> list[str]:
        self._flush()  # a batch being written: its pages first
        return [r[0] for r in self.conn.execute(
            "SELECT text FROM pages WHERE document_id = ? ORDER BY id", (doc_id,))]

    def _with_page_texts(self, data: dict, doc_id: str) -> dict:
        """A stored record dict with its page texts put back from pages (in place; texts a
        record made before schema 3 still holds are kept)."""
        pages = data.get("pages")
        if pages and any("text" not in page for page in pages):
            texts = self._page_texts(doc_id)
            if len(texts) != len(pages):
                raise CorpusError(f"{self.path}: document {doc_id} has {len(pages)} pages in "
                                  f"its record but {len(texts)} in the pages table")
            for page, text in zip(pages, texts):
                page.setdefault("text", text)
        return data

    def _strip_page_texts(self) -> None:
        """Migration 3: remove from the record JSON (and the extracted record of a corrected
        document) the page texts that pages holds, where it holds exactly the same texts in
        the same order; a record that differs keeps its texts (and reads back as it is)."""
        conn = self.conn
        for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY id").fetchall():
            record, extracted = conn.execute(
                "SELECT record, extracted FROM documents WHERE id = ?", (doc_id,)).fetchone()
            texts = self._page_texts(doc_id)
            for column, payload in (("record", record), ("extracted", extracted)):
                if payload is None:
                    continue
                data = json.loads(payload)
                pages = data.get("pages")
                if not isinstance(pages, list) or len(pages) != len(texts) or any(
                        page.get("text", text) != text for page, text in zip(pages, texts)):
                    continue
                conn.execute(f"UPDATE documents SET {column} = ? WHERE id = ?",
                             (json.dumps(_without_page_texts(data), ensure_ascii=False,
                                         separators=(",", ":")), doc_id))

    def _apply_corrections(self, group: str) -> None:
        """Write the canonical record of ``group`` as extracted with its group's corrections
        (the latest per field), each corrected field marked in ``corrected`` and by a
        ``hand-corrected`` warning."""
        rows = self.conn.execute(
            "SELECT field, value FROM corrections WHERE document_id IN "
            "(SELECT id FROM documents WHERE group_id = ?) ORDER BY time, rowid",
            (group,)).fetchall()
        extracted = self._extracted(group)
        fields = {field: json.loads(value) for field, value in rows}
        if not fields:
            self._rewrite(group, extracted, None, [])
            return
        self._rewrite(group, corrected_record(extracted, fields), extracted, sorted(fields))

    def _rewrite(self, doc_id: str, data: dict, extracted: dict | None,
                 fields: list[str]) -> None:
        from thaireports.extractors.record import validate_record

        record = validate_record(data)
        row = _correctable_row(record, record_payload(record)) | {
            "extracted": json.dumps(_without_page_texts(extracted), ensure_ascii=False,
                                    separators=(",", ":")) if extracted else None,
            "corrected": json.dumps(fields, ensure_ascii=False) if fields else None}
        sets = ", ".join(f"{k} = :{k}" for k in row)
        self.conn.execute(f"UPDATE documents SET {sets} WHERE id = :id", row | {"id": doc_id})
        self._delete_children(doc_id)
        self._insert_children(record)
        self._flush()

    def correct(self, doc_id: str, changes: dict[str, str], source: str = "thaireports correct"
                ) -> list[str]:
        """Store hand corrections of a document: ``{"document.ref": "พง 75501/123", ...}``.

        Each value is read as JSON when that gives a valid record (``2565``, ``null``,
        ``["..."]``), else as text. Corrections are kept apart from the extracted record, so
        they survive ``import --reprocess``; they apply to the document's canonical record,
        whichever of its files that is, and the record is validated with them.

        Returns:
            The fields corrected.

        Raises:
            CorpusError: no such document, a field that cannot be corrected, or a value the
                record's schema refuses (one line naming the field).
        """
        group = self._group_of(doc_id)
        self._indexed = 1
        with self._write():
            fields = self._store_corrections(doc_id, group, {
                field: _candidates(raw) for field, raw in changes.items()}, source)
            self._apply_corrections(group)
        return fields

    def correct_from_record(self, data: dict, source: str) -> tuple[str, list[str]]:
        """Store an edited ita-record/1 (validated) as corrections of the document it was made
        from: every field where it differs from the extracted record. A field edited back to
        its extracted value drops its correction.

        Returns:
            (document id, fields corrected).
        """
        from thaireports.extractors.record import validate_record

        record = validate_record(data)
        row = self.conn.execute("SELECT id FROM documents WHERE id = ? OR sha256 = ?",
                                (record.id, record.source.sha256)).fetchone()
        if row is None:
            raise CorpusError(f"no document {record.id} ({record.source.file}) in the corpus "
                              "to correct: import the file it was read from first")
        doc_id = row[0]
        group = self._group_of(doc_id)
        edited = record.to_dict()
        extracted = self._extracted(doc_id)
        changed = dict(record_differences(extracted, edited))
        self._indexed = 1
        with self._write():
            known = [r[0] for r in self.conn.execute(
                "SELECT field FROM corrections WHERE document_id = ?", (doc_id,))]
            for field in known:
                if field not in changed and _get_path(edited, field, _MISSING) is not _MISSING:
                    self.conn.execute("DELETE FROM corrections WHERE document_id = ? AND "
                                      "field = ?", (doc_id, field))
            fields = self._store_corrections(doc_id, group, {
                field: [value] for field, value in changed.items()}, source)
            self._apply_corrections(group)
        return doc_id, fields

    def _store_corrections(self, doc_id: str, group: str, changes: dict[str, list],
                           source: str) -> list[str]:
        from pydantic import ValidationError

        from thaireports.extractors.record import validate_record

        extracted = self._extracted(group)
        current = {f: json.loads(v) for f, v in self.conn.execute(
            "SELECT field, value FROM corrections WHERE document_id IN "
            "(SELECT id FROM documents WHERE group_id = ?)", (group,))}
        for field, candidates in changes.items():
            top = field.split(".", 1)[0]
            if top in UNCORRECTABLE or not field or "" in field.split("."):
                raise CorpusError(
                    f"{doc_id}: cannot correct {field!r}: " + (
                        "the file's identity, source, text and warnings are not corrected"
                        if top in UNCORRECTABLE else "fields are dotted paths such as "
                        "document.ref, agency.name, measures.0.category"))
            problem = None
            for value in candidates:
                try:
                    validate_record(corrected_record(extracted, current | {field: value}))
                except (ValidationError, ValueError, LookupError, TypeError) as exc:
                    problem = problem or exc
                    continue
                current[field] = value
                self.conn.execute(
                    "INSERT INTO corrections (document_id, field, value, extracted, source, "
                    "time) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(document_id, field) DO UPDATE "
                    "SET value = excluded.value, source = excluded.source, time = excluded.time",
                    (doc_id, field, json.dumps(value, ensure_ascii=False),
                     json.dumps(_get_path(extracted, field, None), ensure_ascii=False),
                     source, _now()))
                break
            else:
                raise CorpusError(f"{doc_id}: {field}={candidates[-1]!r} is not valid in "
                                  f"ita-record/1: {_first_error(problem)}")
        return list(changes)

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

    def export_table(self, name: str) -> pd.DataFrame:
        """A table as exports write it: each document once (its canonical file's rows), the
        ``files`` table listing every file of every document, no internal columns."""
        if name not in EXPORT_TABLES:
            raise CorpusError(f"no table {name!r}; tables: {', '.join(EXPORT_TABLES)}")
        canonical = "SELECT id FROM documents WHERE id = group_id"
        if name == "documents":
            columns = [r[1] for r in self.conn.execute("PRAGMA table_info(documents)")
                       if r[1] not in INTERNAL_COLUMNS + ("group_id", "linked_by")]
            return self.sql(
                f"SELECT {', '.join('d.' + c for c in columns)}, (SELECT count(*) FROM "
                "documents f WHERE f.group_id = d.id) AS file_count FROM documents d "
                "WHERE d.id = d.group_id ORDER BY d.id")
        if name == "files":
            return self.sql(
                "SELECT group_id AS document_id, id AS file_id, id = group_id AS canonical, "
                "sha256, source_path, file_name, media_type, text_source, page_count, "
                "warning_count, extractor_version, linked_by, imported_at FROM documents "
                "ORDER BY group_id, id != group_id, id")
        if name in ("measures", "measure_owners", "indicator_scores", "pages"):
            order = "id" if name in ("measures", "pages") else "rowid"
            return self.sql(f"SELECT * FROM {name} WHERE document_id IN ({canonical}) "
                            f"ORDER BY {order}")
        return self.table(name)

    def documents(self, **filters: Any) -> pd.DataFrame:
        """Documents (without the record JSON), filtered by province, agency_type, fiscal_year.
        Each document once: its canonical file, with ``files`` (how many) and ``sources``."""
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
        """Every document's record (ita-record/1 dicts, corrections applied; one per document,
        from its canonical file), in document id order, page texts in place."""
        for doc_id, payload in self.conn.execute(
                "SELECT id, record FROM documents WHERE id = group_id ORDER BY id"):
            yield self._with_page_texts(json.loads(payload), doc_id)

    def record(self, doc_id: str) -> dict:
        """The record of one file (a ``documents.id``) as it was stored: the ita-record/1 dict
        (``Record.to_dict()``), page texts in place; the canonical file's with its group's
        corrections applied.

        Raises:
            CorpusError: no such document.
        """
        row = self.conn.execute("SELECT record FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        if row is None:
            raise CorpusError(f"no document {doc_id!r} in {self.path.name}; the ids are in "
                              "'thaireports query' and the documents table")
        return self._with_page_texts(json.loads(row[0]), doc_id)

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
        for data in corpus.records():
            stream.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")

    return _write_file_atomically(out, "jsonl", force, write)


def _export_csv(corpus: Corpus, out: Path, force: bool = False) -> Path:
    _prepare_folder(out, force)
    # The manifest goes first: should the export stop half-way (a full disk), a --force
    # rerun may still replace what it wrote.
    _write_manifest(out, "csv", [f"{name}.csv" for name in EXPORT_TABLES])
    for name in EXPORT_TABLES:
        frame = corpus.export_table(name)
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
    _write_manifest(out, "parquet", list(EXPORT_TABLES))
    years = corpus.sql("SELECT id AS document_id, fiscal_year AS fy FROM documents")
    years["fy"] = [int(v) if pd.notna(v) else 0 for v in years["fy"]]
    for name in EXPORT_TABLES:
        frame = corpus.export_table(name)
        if name in ("failures", "corrections", "labels") or frame.empty:
            (out / name).mkdir()
            frame.to_parquet(out / name / "part-0.parquet", index=False)
            continue
        key = frame["id"].rename("document_id") if name == "documents" else frame["document_id"]
        frame = frame.assign(fy=key.map(years.set_index("document_id")["fy"]))
        frame.to_parquet(out / name, index=False, partition_cols=["fy"])
    return out


# -- the writer's benchmark (issue 12: >= 1,000 records/s) ------------------------------------
# Pages of an OCR'd A4 memo: ../shared/dev's 24 office page truths hold 450-1,850 characters
# (median 1,480); a scanned record has 2-10 of them.
SCAN_PAGES = (2, 10)
SCAN_PAGE_CHARS = (900, 1900)


def distinct_copies(records: list[Record], count: int, seed: int = 12,
                    shape: str = "samples") -> list[Record]:
    """``count`` distinct documents made from ``records``: each copy has a new id, sha256 and
    subject, and page texts made of lines drawn at random from all the originals' lines
    (natural Thai for the index, but no two copies near-identical: they are not duplicates of
    each other). ``shape="samples"``: the pages of its original, each of the same length;
    ``shape="scans"``: the size of an OCR'd scan, 2-10 pages (``SCAN_PAGES``) of 900-1,900
    characters (``SCAN_PAGE_CHARS``), text source ``ocr`` with a page confidence."""
    import hashlib
    import random

    from thaireports.ingest.document import Page

    if shape not in ("samples", "scans"):
        raise ValueError(f"shape {shape!r}: samples or scans")
    pool = [line for r in records for p in r.pages for line in p.text.splitlines() if line]
    copies = []
    for i in range(count):
        record = records[i % len(records)]
        chance = random.Random(seed * 1_000_003 + i)
        sha = hashlib.sha256(f"{record.source.sha256}/{shape}/{i}".encode()).hexdigest()
        if shape == "samples":
            shapes = [(p, len(p.text)) for p in record.pages]
        else:
            shapes = [(Page(number=n, text_source="ocr",
                            confidence=round(chance.uniform(0.7, 0.95), 3), text=""),
                       chance.randint(*SCAN_PAGE_CHARS))
                      for n in range(1, chance.randint(*SCAN_PAGES) + 1)]
        pages = []
        for page, length in shapes:
            lines, size = [], 0
            while size < length:
                lines.append(chance.choice(pool))
                size += len(lines[-1]) + 1
            pages.append(page.model_copy(update={"text": "\n".join(lines)}))
        subject = f"{record.document.subject or 'มาตรการ'} ฉบับที่ {i}"
        source = {"sha256": sha}
        if shape == "scans":
            source |= {"pages": len(pages), "text_source": "ocr",
                       "media_type": "application/pdf"}
        copies.append(record.model_copy(update={
            "id": sha[:16], "source": record.source.model_copy(update=source),
            "document": record.document.model_copy(update={"subject": subject}),
            "pages": pages}))
    return copies


def benchmark_writer(count: int = 2000, batch: int = 64, records: list[Record] | None = None,
                     folder: str | Path | None = None, shape: str = "samples",
                     single: bool = True) -> dict:
    """Records/s the corpus writer commits: ``count`` distinct records (``distinct_copies`` of
    ``records``, by default the bundled samples converted, shaped as ``shape``) written in
    batches of ``batch`` per transaction into a fresh corpus file, with everything a real
    import does per record (header key, LSH bands of the MinHash signature the worker sent,
    the duplicate check), then their FTS5 trigram index built (``index_pending``, as the
    importer does when its writer is idle and at the end). With ``single``, also the same
    with one record per transaction (indexed at once, ``add_record``), on a tenth as many.

    Returns:
        ``{"records", "batch", "records_per_s" (committed, index deferred),
        "index_records_per_s", "with_index_records_per_s" (both: the writer's sustained
        rate), "one_per_transaction_records_per_s" (or None), "pages_per_record",
        "chars_per_record", "measures_per_record", "bytes_per_record", "documents" (groups:
        == records when no copy was taken for a duplicate), "signature_ms_per_record_on_workers"}``.

    Example:
        >>> benchmark_writer(500)["records_per_s"] > 1000               # doctest: +SKIP
        True
    """
    import tempfile
    import time

    if records is None:
        from thaireports import extractors

        samples = sorted((Path(__file__).parent / "samples").glob("*.txt"))
        records = [extractors.convert(p) for p in samples]
    from thaireports.corpora import duplicates

    copies = distinct_copies(records, count, shape=shape)
    started = time.perf_counter()  # on the workers in an import, not on the writer
    signatures = [duplicates.signature_bytes(duplicates.record_signature(r)) for r in copies]
    signing = time.perf_counter() - started
    one = None
    with tempfile.TemporaryDirectory(prefix="thaireports-bench-", dir=folder) as tmp:
        with Corpus(Path(tmp) / "batched.db", create=True) as corpus:
            started = time.perf_counter()
            for k in range(0, count, batch):
                corpus.add_records([(r, f"bench/{k + j}.txt", "bench", signatures[k + j])
                                    for j, r in enumerate(copies[k:k + batch])], index=False)
            batched = time.perf_counter() - started
            started = time.perf_counter()
            corpus.index_pending()
            indexing = time.perf_counter() - started
            size = corpus.path.stat().st_size + Path(str(corpus.path) + "-wal").stat().st_size
            groups = corpus.conn.execute(
                "SELECT count(DISTINCT group_id) FROM documents").fetchone()[0]
        if single:
            few = copies[: max(1, count // 10)]
            with Corpus(Path(tmp) / "single.db", create=True) as corpus:
                started = time.perf_counter()
                for j, r in enumerate(few):
                    corpus.add_records([(r, f"bench/{j}.txt", "bench", signatures[j])])
                one = len(few) / (time.perf_counter() - started)
    return {"records": count, "batch": batch, "shape": shape, "records_per_s": count / batched,
            "one_per_transaction_records_per_s": one,
            "pages_per_record": sum(len(r.pages) for r in copies) / count,
            "chars_per_record": sum(len(p.text) for r in copies for p in r.pages) / count,
            "measures_per_record": sum(len(r.measures) for r in copies) / count,
            "bytes_per_record": size / count, "documents": groups,
            "index_records_per_s": count / indexing,
            "with_index_records_per_s": count / (batched + indexing),
            "signature_ms_per_record_on_workers": 1000 * signing / count}
