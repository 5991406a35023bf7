"""Hand corrections that stay (issue 12): `thaireports correct` and an edited ita-record/1 JSON
imported beside the documents store corrections over the extracted record; corrected fields
are marked, survive `import --reprocess` (a real re-extraction on real Dask workers) and are
exported as the value. Bad corrections give one line and exit code 2."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from thaireports.corpora.importer import import_paths
from thaireports.corpora.store import Corpus
from tests.test_corpora_duplicates import KOMBANG, corpus_of, file_of
from tests.test_corpora_store import RECORDS, SAMPLES

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}


def cli(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "thaireports", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=ENV)


def stored(db: Path, doc_id: str) -> dict:
    """The record as the corpus gives it back (its page texts live in the pages table)."""
    with Corpus(db, read_only=True) as corpus:
        return corpus.record(doc_id)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    corpus_of(tmp_path, RECORDS).close()
    return tmp_path / "corpus.db"


# field=value as typed, and what the record then holds.
@pytest.mark.parametrize("change, path, expected", [
    ("document.ref=พง 75501/123", ("document", "ref"), "พง 75501/123"),
    ("document.fiscal_year=2563", ("document", "fiscal_year"), 2563),     # JSON: an integer
    ("agency.province=สุราษฎร์ธานี", ("agency", "province"), "สุราษฎร์ธานี"),
    ("measures.0.category=public-disclosure", ("measures", 0, "category"), "public-disclosure"),
    ("measures.1.title=มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", ("measures", 1, "title"),
     "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"),
    ("ita.score=87.5", ("ita", "score"), 87.5),                            # a block not read
    ("document.subject=", ("document", "subject"), None),                  # empty: null
])
def test_correct_stores_marks_and_exports_the_value(db: Path, tmp_path: Path, change: str,
                                                   path: tuple, expected: object) -> None:
    done = cli("correct", "--db", db, KOMBANG.id, change)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"corrected {KOMBANG.id}: {change.split('=')[0]}")
    record = stored(db, KOMBANG.id)
    value = record
    for part in path:
        value = value[part]
    assert value == expected
    field = change.split("=")[0]
    assert any(w["code"] == "hand-corrected" and w["message"].startswith(field)
               for w in record["warnings"])
    with Corpus(db) as corpus:
        row = corpus.documents().set_index("id").loc[KOMBANG.id]
        assert json.loads(row["corrected"]) == [field]
        out = corpus.export("jsonl", tmp_path / "r.jsonl")
        exported = {json.loads(line)["id"]: json.loads(line)
                    for line in out.read_text("utf-8").splitlines()}[KOMBANG.id]
        assert exported == record
        if path[0] == "document" and path[1] == "fiscal_year":
            assert set(corpus.measures(agency="คมบาง")["fiscal_year"]) == {2563}


# One line, exit code 2, and the corpus unchanged.
@pytest.mark.parametrize("args, message", [
    ((KOMBANG.id, "document.fiscal_year=สองพัน"), "document.fiscal_year"),
    ((KOMBANG.id, "document.date=22 เม.ย. 62"), "document.date"),
    ((KOMBANG.id, "document.reff=x"), "document.reff"),
    ((KOMBANG.id, "measures.40.title=x"), "no such field"),
    ((KOMBANG.id, "source.sha256=00"), "not corrected"),
    ((KOMBANG.id, "measures.0.category=bribes"), "measures.0.category"),
    (("0000000000000000", "document.ref=x"), "no document"),
    ((KOMBANG.id, "document.ref"), "FIELD=VALUE"),
])
def test_bad_corrections_are_refused_in_one_line(db: Path, args: tuple, message: str) -> None:
    before = stored(db, KOMBANG.id)
    done = cli("correct", "--db", db, *args)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    # One error line (argparse puts its usage line before it for a malformed FIELD=VALUE).
    assert message in lines[-1] and len(lines) <= 2 and "Traceback" not in done.stderr, lines
    assert stored(db, KOMBANG.id) == before


def test_a_correction_of_any_file_applies_to_the_document(tmp_path: Path) -> None:
    scan = file_of(KOMBANG, "คมบาง.scan.pdf", media_type="application/pdf", text_source="ocr")
    with corpus_of(tmp_path, [KOMBANG, scan]) as corpus:
        corpus.correct(scan.id, {"document.ref": "ชพ 0023.5/ว 123"})
        docs = corpus.documents()
        assert docs["ref"].tolist() == ["ชพ 0023.5/ว 123"] and docs["id"].tolist() == [KOMBANG.id]
        # A better file arrives later: it becomes the record, the correction follows it.
        pdf = file_of(KOMBANG, "คมบาง.pdf", media_type="application/pdf",
                      text_source="pdf-text")
        corpus.add_record(pdf, "archive/คมบาง.pdf", "test-1")
        docs = corpus.documents()
        assert docs["id"].tolist() == [pdf.id] and docs["ref"].tolist() == ["ชพ 0023.5/ว 123"]
        old = json.loads(corpus.conn.execute("SELECT record FROM documents WHERE id = ?",
                                             (KOMBANG.id,)).fetchone()[0])
        assert old["document"]["ref"] is None  # no longer the record: as extracted again


def test_an_edited_record_imported_is_a_correction_that_survives_reprocess(
        tmp_path: Path) -> None:
    """The real path: import a sample on Dask, edit its record as JSON, import the JSON, then
    re-extract everything with --reprocess: the corrections stay and are exported."""
    folder = tmp_path / "ITA"
    folder.mkdir()
    sample = folder / SAMPLES[0].name
    sample.write_bytes(SAMPLES[0].read_bytes())
    db = tmp_path / "corpus.db"
    first = import_paths([folder], db, workers=1)
    assert len(first.imported) == 1
    with Corpus(db) as corpus:
        (record,) = list(corpus.records())
    record["document"]["ref"] = "พง 75501/123"
    record["measures"][0]["title"] = "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม"
    (folder / "คมบาง.แก้ไข.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    (folder / "meta.json").write_text('{"title": "ITA 2562"}', "utf-8")  # a sidecar: skipped
    bad = record | {"document": record["document"] | {"fiscal_year": 62}}
    (folder / "เสีย.json").write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    second = import_paths([folder], db, workers=1)
    assert [c[:2] for c in second.corrected] == [(str(folder / "คมบาง.แก้ไข.json"),
                                                    record["id"])]
    assert second.corrected[0][2] == ["document.ref", "measures.0.title"]
    assert [n for n, _ in second.not_documents] == [str(folder / "meta.json")]
    (failed, reason), = second.failed
    assert failed.endswith("เสีย.json") and "document.fiscal_year" in reason
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET extractor_version = 'older'")
    third = import_paths([folder], db, workers=1, reprocess=True)
    assert len(third.imported) == 1  # re-extracted ...
    with Corpus(db) as corpus:
        (kept,) = list(corpus.records())  # ... and the corrections are still there
        assert kept["document"]["ref"] == "พง 75501/123"
        assert kept["measures"][0]["title"] == "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม"
        assert corpus.measures()["title"].iloc[0] == kept["measures"][0]["title"]
        assert set(corpus.table("corrections")["field"]) == {"document.ref", "measures.0.title"}
        assert corpus.documents()["extractor_version"].tolist() != ["older"]
