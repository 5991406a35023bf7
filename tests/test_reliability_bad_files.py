"""Bad files in an office folder (issue 7): `thaireports import` on a folder holding every kind
of bad file next to good ones imports the good ones and puts each bad one in ``failures`` with
its path and reason, the batch going on. Mislabelled files are read by their bytes with a
warning; legacy Thai encodings are decoded; a picture with no text and a PDF of 2,000 blank
pages become records with empty text and a ``no-text`` warning (the file is accounted for, and
a person can see why it holds nothing); a decompression bomb is refused before decoding."""
from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thaireports import ingest
from thaireports.ingest.errors import CorruptFileError, FileTooLargeError
from tests._reliability_inputs import (CP874_TEXT, GOOD, SKIPPED, TIS620_TEXT, blank_pdf,
                                       office_folder, png_bytes)

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> tuple[Path, dict[str, str], Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("office") / "ITA 2565"
    expected = office_folder(root)
    db = root.parent / "corpus.db"
    done = subprocess.run([BIN / "thaireports", "import", root, "--db", db, "--workers", "2",
                           "--quiet"], env=ENV, capture_output=True, text=True, timeout=300)
    return root, expected, db, done


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def record(db: Path, name: str) -> dict:
    """The record of file ``name`` as the corpus gives it back (page texts from the pages table)."""
    from thaireports.corpora.store import Corpus

    (doc_id,), = rows(db, "SELECT id FROM documents WHERE file_name = ?", name)
    with Corpus(db, read_only=True) as corpus:
        return corpus.record(doc_id)


def codes(db: Path, name: str) -> list[str]:
    return [w["code"] for w in record(db, name)["warnings"]]


def test_good_files_imported_and_each_bad_file_failed_with_its_reason(office) -> None:
    root, expected, db, done = office
    assert done.returncode == 6, done.stderr  # 6: finished, with failures
    good = {name for name, outcome in expected.items() if outcome == GOOD}
    skipped = {name for name, outcome in expected.items() if outcome == SKIPPED}
    bad = {name: outcome for name, outcome in expected.items()
           if outcome not in (GOOD, SKIPPED)}
    assert {r[0] for r in rows(db, "SELECT file_name FROM documents")} == good
    failures = dict(rows(db, "SELECT path, reason FROM failures"))
    assert set(failures) == {str(root / name) for name in bad}
    for name, word in bad.items():
        reason = failures[str(root / name)]
        assert word in reason.lower(), (name, reason)
        assert name in reason  # the reason names the file, never a worker's temporary copy
    assert done.stdout.startswith(f"imported {len(good)}, skipped {len(skipped)}, "
                                  f"failed {len(bad)}")
    for name in skipped:  # listed in the summary with the reason, stored nowhere
        assert f"skipped: {root / name}: not a document" in done.stdout
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("name, media_type", [
    ("ประกาศ สแกน.pdf", "image/jpeg"),   # a scan saved as JPEG, named .pdf
    ("มาตรการ PDF.txt", "application/pdf"),
])
def test_mislabelled_file_read_by_its_bytes_with_a_warning(office, name: str,
                                                           media_type: str) -> None:
    db = office[2]
    got = record(db, name)
    assert got["source"]["media_type"] == media_type
    assert codes(db, name)[0] == "mislabelled-file"
    assert "มาตรการป้องกันการรับสินบน" in "".join(p["text"] for p in got["pages"])


@pytest.mark.parametrize("name, text", [
    ("บันทึก tis620.txt", TIS620_TEXT),
    ("ประกาศ cp874.txt", CP874_TEXT),
])
def test_legacy_thai_encodings_are_decoded_not_garbled(office, name: str, text: str) -> None:
    got = "".join(p["text"] for p in record(office[2], name)["pages"])
    assert text.split()[0] in got  # the first word as written
    for phrase in ("มาตรการ", "ปีงบประมาณ"):
        assert phrase in got
    assert "\ufffd" not in got and "à¸" not in got  # no replacement marks, no mojibake


@pytest.mark.parametrize("name, pages, code", [
    ("หน้าว่าง.png", 1, "no-text"),              # a white page scanned: empty text
    ("blank 2000 pages.pdf", 2000, "no-text"),
    ("cover note.txt", 1, "not-thai"),
])
def test_empty_and_foreign_files_are_records_with_a_warning(office, name: str, pages: int,
                                                            code: str) -> None:
    got = record(office[2], name)
    assert got["source"]["pages"] == pages and len(got["pages"]) == pages
    assert code in codes(office[2], name)


def test_html_table_with_broken_tags_keeps_its_rows_and_paragraphs(office) -> None:
    text = record(office[2], "ตาราง เสีย.html")["pages"][0]["text"]
    lines = text.splitlines()
    assert "มาตรการป้องกันการรับสินบน" in lines  # an unclosed <p> still ends its paragraph
    assert "2\tตรวจสอบการใช้ดุลพินิจ\tกองคลัง" in lines
    assert any(line.startswith("1\tเผยแพร่ประกาศเจตนารมณ์") for line in lines)


# --- the same files one at a time, for what the import cannot show -----------------------------
def test_2000_blank_pages_are_read_in_bounded_time_without_ocr(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank_pdf(2000))
    started = time.monotonic()
    doc = ingest.read(path)  # OCR on "auto": a page with no text and no image is not OCR'd
    assert time.monotonic() - started < 30
    assert doc.source.pages == 2000 and doc.source.text_source == "pdf-text"
    assert doc.source.ocr is None
    assert [w.code for w in doc.warnings] == ["no-text"]


def test_decompression_bomb_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_bytes(50_000, 50_000))  # 300 KB on disk, 312 MB as one-bit pixels
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(FileTooLargeError, match="bomb.png"):
        ingest.read(path)
    assert time.monotonic() - started < 5
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100  # the pixels were never decoded


def test_zero_by_zero_image_is_a_corrupt_file(tmp_path: Path) -> None:
    import zlib

    path = tmp_path / "zero.png"
    path.write_bytes(png_bytes(0, 0, 8, idat=zlib.compress(b"")))
    with pytest.raises(CorruptFileError, match="zero.png"):
        ingest.read(path)
