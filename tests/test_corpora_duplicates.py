"""One document, many files (issue 12): the same memo as a text file, a text-layer PDF, a Word
file and a scan is one document. Real SQLite, the gold records of the samples, and files of
them as OCR would read them (spaces added and dropped, a few letters slipped): linked by
header or by near-identical text, the best source elected, each document counted once by
query, compare and export while every file stays listed. One real import at the end OCRs a
real degraded scan of sample 000 and links it to the text file."""
from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from thaireports.corpora import duplicates
from thaireports.corpora.store import Corpus
from thaireports.extractors.record import Record, validate_record
from tests.test_corpora_store import RECORDS, SAMPLES

BIN = Path(sys.executable).parent
KOMBANG = RECORDS[0]    # 000: องค์การบริหารส่วนตำบลคมบาง, 6 measures, FY 2562
LAE = RECORDS[1]        # 002: องค์การบริหารส่วนตำบลเหล
BUENGNAKHON = RECORDS[2]


def ocr_like(text: str, seed: int, slips: int = 6) -> str:
    """``text`` as a scan's OCR gives it back: spaces added inside lines and dropped between
    words, and a few Thai letters slipped (ด -> ค, บ -> ป, ...)."""
    chance = random.Random(seed)
    confusions = {"ด": "ค", "บ": "ป", "ข": "ช", "ภ": "ถ", "ว": "ร"}
    chars = list(text)
    for _ in range(slips):
        i = chance.randrange(len(chars))
        chars[i] = confusions.get(chars[i], chars[i])
    out = "".join(chars)
    out = out.replace("ประจำปี", "ประจำ ปี").replace(" พ.ศ.", "พ.ศ.")
    return out


def file_of(record: Record, name: str, *, media_type: str, text_source: str,
            text: str | None = None, warnings: int = 0, **document: object) -> Record:
    """Another file of the same document: new bytes (sha256, id), its own reading."""
    sha = hashlib.sha256(f"{record.source.sha256}:{name}".encode()).hexdigest()
    data = record.to_dict()
    data["id"] = sha[:16]
    data["source"] |= {"file": name, "sha256": sha, "media_type": media_type,
                       "text_source": text_source}
    if text is not None:
        data["pages"] = [p | {"text": text if i == 0 else p["text"], "text_source": text_source}
                         for i, p in enumerate(data["pages"])]
    data["document"] |= document
    data["warnings"] = data["warnings"] + [
        {"code": "ocr-low-confidence", "message": f"page {n}", "page": 1}
        for n in range(warnings)]
    return validate_record(data)


def corpus_of(tmp_path: Path, records: list[Record]) -> Corpus:
    corpus = Corpus(tmp_path / "corpus.db", create=True)
    for record in records:
        corpus.add_record(record, f"archive/{record.source.file}", "test-1")
    return corpus


# How a second file of คมบาง's memo is linked, and which file is the document's record.
@pytest.mark.parametrize("other, reason, canonical", [
    # The same header (ref missing on both), a scan: linked by header, the text file wins.
    (file_of(KOMBANG, "คมบาง.scan.pdf", media_type="application/pdf", text_source="ocr",
             warnings=3), "same agency, ref, date and subject", "original"),
    # A scan whose subject OCR'd with a slip: the header differs, the text is near-identical.
    (file_of(KOMBANG, "คมบาง.jpg", media_type="image/jpeg", text_source="ocr",
             text=ocr_like(KOMBANG.pages[0].text, 1),
             subject="มาตรการภายในเพื่อส่งเสริมความโปร่งไสและป้องกันการทุจริต"),
     "near-identical text", "original"),
    # A Word file of the memo: Office text over a text file.
    (file_of(KOMBANG, "คมบาง.docx", media_type="application/vnd.openxmlformats-officedocument."
             "wordprocessingml.document", text_source="text"),
     "same agency, ref, date and subject", "other"),
    # A PDF with a text layer: the author's characters, over an OCR service's text file.
    (file_of(KOMBANG, "คมบาง.pdf", media_type="application/pdf", text_source="pdf-text"),
     "same agency, ref, date and subject", "other"),
])
def test_files_of_one_document_are_linked_and_the_best_source_wins(
        tmp_path: Path, other: Record, reason: str, canonical: str) -> None:
    with corpus_of(tmp_path, [KOMBANG, LAE, other]) as corpus:
        groups = corpus.duplicates()
        assert len(groups) == 2 and groups["document_id"].nunique() == 1
        winner = KOMBANG.id if canonical == "original" else other.id
        assert groups["document_id"].iloc[0] == winner
        assert groups.iloc[0]["canonical"] == 1 and groups.iloc[1]["canonical"] == 0
        assert reason in groups.iloc[1]["linked_by"]
        # Counted once, files still shown.
        docs = corpus.documents()
        assert len(docs) == 2
        kombang = docs[docs["agency"] == "องค์การบริหารส่วนตำบลคมบาง"].iloc[0]
        assert kombang["files"] == 2 and other.source.file in kombang["sources"]
        assert len(corpus.measures(agency="คมบาง")) == len(KOMBANG.measures) == 6
        wide = corpus.compare("category")
        assert len(wide) == 2
        row = wide[wide["agency"] == "องค์การบริหารส่วนตำบลคมบาง"].iloc[0]
        assert row["public-disclosure"] == 1 and row["discretion-review"] == 1
        hits = corpus.search("ดุลพินิจ", limit=100)
        assert set(hits["document_id"]) <= {winner, LAE.id}


# Alike but different documents: never linked.
@pytest.mark.parametrize("other", [
    # The same agency's memo of another year: the same template, another date and year.
    file_of(KOMBANG, "คมบาง 2563.txt", media_type="text/plain", text_source="text",
            text=KOMBANG.pages[0].text.replace("2562", "2563"), date="2020-04-21",
            fiscal_year=2563),
    # Another agency's memo whose text was copied from บึงนคร's, with its own date.
    file_of(LAE, "เหล.txt", media_type="text/plain", text_source="text",
            text=BUENGNAKHON.pages[0].text),
])
def test_alike_documents_stay_apart(tmp_path: Path, other: Record) -> None:
    with corpus_of(tmp_path, [KOMBANG, BUENGNAKHON, other]) as corpus:
        assert corpus.duplicates().empty
        assert len(corpus.documents()) == 3


def test_text_signatures_tell_a_scan_from_another_memo() -> None:
    text = KOMBANG.pages[0].text
    own = duplicates.signature(text)
    scan = duplicates.signature(ocr_like(text, 7, slips=30))
    other = duplicates.signature(BUENGNAKHON.pages[0].text)
    assert duplicates.similarity(own, scan) >= duplicates.TEXT_THRESHOLD
    assert duplicates.similarity(own, other) < 0.3
    assert duplicates.signature("สั้น") is None  # a blank scan is never linked by its text


def test_exports_count_each_document_once_and_list_its_files(tmp_path: Path) -> None:
    scan = file_of(KOMBANG, "คมบาง.scan.pdf", media_type="application/pdf", text_source="ocr")
    with corpus_of(tmp_path, [*RECORDS, scan]) as corpus:
        out = corpus.export("jsonl", tmp_path / "records.jsonl")
        ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
        assert sorted(ids) == sorted(r.id for r in RECORDS)
        folder = corpus.export("parquet", tmp_path / "pq")
        files = pd.read_parquet(folder / "files")
        assert len(files) == 4 and files["document_id"].nunique() == 3
        assert set(files[files["document_id"] == KOMBANG.id]["file_id"]) == {KOMBANG.id, scan.id}
        measures = pd.read_parquet(folder / "measures")
        assert len(measures) == sum(len(r.measures) for r in RECORDS)
        assert {"agency", "agency_type", "province", "fiscal_year"} <= set(measures.columns)
        csv = corpus.export("csv", tmp_path / "csv")
        documents = pd.read_csv(csv / "documents.csv", encoding="utf-8-sig")
        assert len(documents) == 3 and "sha256" in documents and "minhash" not in documents


def test_the_canonical_file_replaced_hands_over_to_the_next_best(tmp_path: Path) -> None:
    scan = file_of(KOMBANG, "คมบาง.scan.pdf", media_type="application/pdf", text_source="ocr")
    with corpus_of(tmp_path, [KOMBANG, scan]) as corpus:
        assert corpus.duplicates()["document_id"].iloc[0] == KOMBANG.id
        corpus.conn.execute("BEGIN")
        corpus._delete_document(KOMBANG.source.sha256)
        corpus.conn.execute("COMMIT")
        assert [tuple(r) for r in corpus.conn.execute("SELECT group_id FROM documents")] == \
            [(scan.id,)]
        corpus.add_record(KOMBANG, "again.txt", "test-2")  # reprocessed: linked again, wins
        assert corpus.duplicates()["document_id"].tolist() == [KOMBANG.id, KOMBANG.id]
        assert corpus.integrity_check() == "ok"


def test_a_corpus_of_schema_1_is_linked_when_migrated(tmp_path: Path) -> None:
    """A corpus made before files were grouped: migration 2 links its files."""
    import sqlite3

    from thaireports.corpora import store

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in store._statements(store.MIGRATIONS[0][1]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    scan = file_of(KOMBANG, "คมบาง.scan.pdf", media_type="application/pdf", text_source="ocr")
    for record in (KOMBANG, scan, LAE):
        row = store._document_row(record, record.source.file, "old")
        row.pop("group_id")
        store._insert(conn, "documents", row)
    conn.close()
    with Corpus(path) as corpus:
        assert corpus.schema_version == store.SCHEMA_VERSION
        assert corpus.duplicates()["file_id"].tolist() == [KOMBANG.id, scan.id]


def test_duplicates_command_lists_the_groups(tmp_path: Path) -> None:
    scan = file_of(KOMBANG, "คมบาง.scan.pdf", media_type="application/pdf", text_source="ocr")
    corpus_of(tmp_path, [*RECORDS, scan]).close()
    done = subprocess.run([BIN / "thaireports", "duplicates", "--db", tmp_path / "corpus.db",
                           "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("document_id,canonical,file_id,source_path")
    assert len(lines) == 3 and "archive/คมบาง.scan.pdf" in lines[2]
    missing = subprocess.run([BIN / "thaireports", "duplicates", "--db", tmp_path / "typo.db"],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 3 and len(missing.stderr.splitlines()) == 1


def test_a_real_scan_of_a_sample_joins_its_text_file(tmp_path: Path) -> None:
    """Import the sample as text, then its first page as a real degraded JPEG scan (OCR'd by
    Tesseract): one document, its six measures counted once."""
    from thaireports.corpora.importer import import_paths
    from tests.fixtures.make_demo_scans import make_demo_scans

    scans = make_demo_scans(tmp_path / "scans")
    page = [p for p in scans if p.suffix == ".jpg"]
    db = tmp_path / "demo.db"
    import_paths([SAMPLES[0]], db, workers=1)
    summary = import_paths(page, db, workers=1)
    assert len(summary.imported) == 1, summary.report()
    with Corpus(db) as corpus:
        groups = corpus.duplicates()
        assert len(groups) == 2 and groups["canonical"].tolist() == [1, 0]
        assert groups.iloc[0]["text_source"] == "text"  # the text file over the OCR
        wide = corpus.compare("category")
        assert len(wide) == 1 and int(wide.iloc[0, 4:].sum()) == 6
