"""Word and Excel files as inputs (issue 12, item 1): .docx and .xlsx read directly, .doc, .xls,
.rtf, .odt and .ods through the real LibreOffice, pasted scans OCR'd, and broken or locked
Office files refused with a one-line reason.

The fixtures are made here from the three bundled samples (tests/fixtures/office.py): each
sample as a Word file must read like its text twin and score like it against the gold.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from thaireports import ingest
from thaireports.ingest.errors import CorruptFileError, IngestError, UnsupportedFileError
from thaireports.ingest.sniff import DOC, DOCX, ENCRYPTED_OFFICE, ODS, ODT, RTF, XLS, XLSX, sniff_bytes, sniff_file
from tests.fixtures.office import (add_table, new_docx, sample_docx, sample_xlsx, soffice_convert)
from tests.scoring import ROOT, cli, convert_and_score

SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))
SAMPLE_IDS = [p.name[:3] for p in SAMPLES]
GOLD = ROOT / "tests" / "expected"


def _gold_for(tmp: Path, samples: list[Path]) -> Path:
    """A gold folder holding only these samples' records (the scorer counts missing ones)."""
    gold = tmp / "gold"
    gold.mkdir(exist_ok=True)
    for sample in samples:
        shutil.copy(GOLD / f"{sample.stem}.json", gold / f"{sample.stem}.json")
    return gold


def _score(tmp: Path, documents: list[Path], samples: list[Path]) -> float:
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    # convert_and_score names each record after its file's stem, which is the sample's stem.
    report = convert_and_score(documents, _gold_for(tmp, samples), out)
    return report["overall_f1"]


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    return subprocess.run([*cli(), *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=300)


# ---------------------------------------------------------------------------------------------
# Each sample as a Word file reads like its text twin


@pytest.mark.parametrize("blank_paragraphs", [True, False], ids=["blank-paragraphs", "no-blank"])
@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_docx_of_a_sample_reads_like_its_text_twin(tmp_path: Path, sample: Path,
                                                   blank_paragraphs: bool) -> None:
    path = sample_docx(sample, tmp_path / f"{sample.stem}.docx", blank_paragraphs=blank_paragraphs)
    doc = ingest.read(path)
    twin = ingest.read(sample)
    assert doc.source.media_type == DOCX and doc.source.text_source == "text"
    assert len(doc.pages) == 1  # no explicit page breaks: one page
    assert [(t.header, t.rows) for t in doc.tables] == [(t.header, t.rows) for t in twin.tables]
    text = doc.pages[0].text
    for table in doc.tables:  # each table's tab rows start at its offset, as the extractors expect
        first_line = text[table.offset:].split("\n", 1)[0]
        first_cell = (table.header or table.rows[0])[0]
        assert first_line.startswith(first_cell + "\t") and text[table.offset - 1] == "\n"
    if blank_paragraphs:  # the typist's empty paragraphs are the text's blank lines
        assert doc.pages[0].text == twin.pages[0].text
        assert [t.offset for t in doc.tables] == [t.offset for t in twin.tables]
    else:
        assert doc.pages[0].text.split() == twin.pages[0].text.split()


def test_docx_of_every_sample_scores_like_its_text_twin(tmp_path: Path) -> None:
    documents = [sample_docx(s, tmp_path / "docx" / f"{s.stem}.docx") for s in SAMPLES]
    assert _score(tmp_path, documents, SAMPLES) >= 0.97


def test_docx_without_blank_paragraphs_scores_like_its_text_twin(tmp_path: Path) -> None:
    documents = [sample_docx(s, tmp_path / "docx" / f"{s.stem}.docx", blank_paragraphs=False)
                 for s in SAMPLES]
    assert _score(tmp_path, documents, SAMPLES) >= 0.97


def test_xlsx_of_every_sample_scores_like_its_text_twin(tmp_path: Path) -> None:
    documents = [sample_xlsx(s, tmp_path / "xlsx" / f"{s.stem}.xlsx") for s in SAMPLES]
    assert _score(tmp_path, documents, SAMPLES) >= 0.97


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_docx_digits_are_normalized_like_text(tmp_path: Path, sample: Path) -> None:
    doc = ingest.read(sample_docx(sample, tmp_path / "s.docx"))
    assert not any(c in doc.text for c in "๐๑๒๓๔๕๖๗๘๙")
    assert "  " not in doc.text


# ---------------------------------------------------------------------------------------------
# Merged cells, headers and footers, page breaks


def _results_table_docx(path: Path) -> Path:
    """A results table as offices build it: ผลการดำเนินการ merged over ผลผลิต / ผลลัพธ์, and
    one owner merged down over two measures."""
    document = new_docx()
    document.add_paragraph("แบบรายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    table.cell(0, 0).text = "มาตรการ"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "ผลการดำเนินการ"
    table.cell(0, 3).text = "ผู้รับผิดชอบ"
    table.cell(1, 1).text = "ผลผลิต"
    table.cell(1, 2).text = "ผลลัพธ์"
    table.cell(2, 0).text = "๑. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"
    table.cell(2, 1).text = "เผยแพร่ ๑๒ เรื่อง"
    table.cell(2, 2).text = "ร้อยละ ๑๐๐"
    table.cell(3, 0).text = "๒. มาตรการจัดการเรื่องร้องเรียนการทุจริต"
    table.cell(3, 1).text = "รับเรื่อง ๓ เรื่อง"
    table.cell(3, 2).text = "ร้อยละ ๙๐"
    table.cell(2, 3).merge(table.cell(3, 3)).text = "สำนักปลัด"
    document.add_paragraph("ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๖")
    document.save(str(path))
    return path


def test_docx_merged_cells(tmp_path: Path) -> None:
    doc = ingest.read(_results_table_docx(tmp_path / "results.docx"))
    (table,) = doc.tables
    # A horizontal merge is one cell (its label once, the covered column empty), so the two
    # header rows combine per column as in HTML tables with colspan.
    assert table.header == ["มาตรการ", "ผลการดำเนินการ ผลผลิต", "ผลการดำเนินการ ผลลัพธ์",
                            "ผู้รับผิดชอบ"]
    # A vertically merged value belongs to its first row.
    assert table.rows == [
        ["1. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "เผยแพร่ 12 เรื่อง", "ร้อยละ 100", "สำนักปลัด"],
        ["2. มาตรการจัดการเรื่องร้องเรียนการทุจริต", "รับเรื่อง 3 เรื่อง", "ร้อยละ 90", ""],
    ]
    text = doc.pages[0].text
    assert text.count("ผลการดำเนินการ") == 2 and text.count("สำนักปลัด") == 1  # no duplicates
    assert text[table.offset:].startswith("มาตรการ\tผลการดำเนินการ\t\tผู้รับผิดชอบ\n")
    assert text.endswith("ข้อมูล ณ วันที่ 30 กันยายน 2566")


@pytest.mark.parametrize("header,footer", [
    ("องค์การบริหารส่วนตำบลคมบาง อำเภอเมือง จังหวัดร้อยเอ็ด", "โทรศัพท์ ๐๔๓-๕๑๒๓๔๕"),
    ("เทศบาลตำบลบ้านสวน", "สำนักปลัดเทศบาล งานบริหารทั่วไป"),
])
def test_docx_header_and_footer_in_document_order(tmp_path: Path, header: str, footer: str) -> None:
    sample = SAMPLES[0]
    doc = ingest.read(sample_docx(sample, tmp_path / "memo.docx", header=header, footer=footer))
    twin = ingest.read(sample)
    text = doc.pages[0].text
    normalized_footer = footer.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    assert text.startswith(header + "\n\n")
    assert text.endswith("\n\n" + normalized_footer)
    assert twin.pages[0].text in text
    for table, twin_table in zip(doc.tables, twin.tables, strict=True):
        # the header block moves every table along by its length
        assert table.offset == twin_table.offset + len(header) + 2


def test_docx_page_number_footer_is_left_out(tmp_path: Path) -> None:
    document = new_docx()
    document.add_paragraph("ประกาศองค์การบริหารส่วนตำบลบึงนคร")
    document.sections[0].footer.paragraphs[0].text = "- ๑ -"
    document.sections[0].footer.add_paragraph("หน้า ๑/๒")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    assert ingest.read(path).pages[0].text == "ประกาศองค์การบริหารส่วนตำบลบึงนคร"


def test_docx_explicit_page_breaks_make_pages(tmp_path: Path) -> None:
    from docx.enum.text import WD_BREAK

    document = new_docx()
    document.add_paragraph("บันทึกข้อความ")
    document.add_paragraph("เรื่อง รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ พ.ศ. ๒๕๖๖")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_table(document, [[["ลำดับ"], ["มาตรการ"], ["ผู้รับผิดชอบ"]],
                         [["๑"], ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"], ["สำนักปลัด"]]])
    document.add_page_break()
    add_table(document, [[["๒"], ["มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม"], ["กองคลัง"]]])
    path = tmp_path / "breaks.docx"
    document.save(str(path))
    doc = ingest.read(path)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].text == ("บันทึกข้อความ\nเรื่อง รายงานผลการดำเนินการตามมาตรการ "
                                 "ปีงบประมาณ พ.ศ. 2566")
    # The table goes on over the page break (same columns, no header): one table, as in PDFs.
    (table,) = doc.tables
    assert table.page == 2 and table.offset == 0
    assert table.rows == [["1", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "สำนักปลัด"],
                          ["2", "มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม", "กองคลัง"]]
    assert doc.pages[2].text == "2\tมาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม\tกองคลัง"


def test_docx_tracked_deletions_left_out_text_boxes_kept(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    document = new_docx()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.insert(0, parse_xml(
        f'<w:p {w}><w:r><w:t xml:space="preserve">ประจำปีงบประมาณ พ.ศ. </w:t></w:r>'
        f'<w:del w:id="1" w:author="x"><w:r><w:delText>๒๕๖๕</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="x"><w:r><w:t>๒๕๖๖</w:t></w:r></w:ins></w:p>'))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert ingest.read(path).pages[0].text == "ประจำปีงบประมาณ พ.ศ. 2566"


# ---------------------------------------------------------------------------------------------
# Excel


def _two_sheet_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    plan = book.active
    plan.title = "แผน ๒๕๖๖"
    plan["A1"] = "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    plan.merge_cells("A1:D1")  # a title merged across the table
    plan.append(["ลำดับ", "มาตรการ", "ผลการดำเนินการ", None])
    plan.merge_cells("C2:D2")  # a merged header over two columns
    plan.append([None, None, "ผลผลิต", "ผลลัพธ์"])
    plan.append([1, "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "๑๒ เรื่อง", "ร้อยละ ๑๐๐"])
    plan.append([2, "มาตรการจัดการเรื่องร้องเรียนการทุจริต", "๓ เรื่อง", "ร้อยละ ๙๐"])
    scores = book.create_sheet("คะแนน ITA")
    scores.append(["ตัวชี้วัด", "คะแนน"])
    scores.append(["การเปิดเผยข้อมูล", 85.5])
    scores.append(["การป้องกันการทุจริต", 100])
    scores["B2"].number_format = "0.00"
    book.save(str(path))
    return path


def test_xlsx_two_sheets_with_merged_header(tmp_path: Path) -> None:
    doc = ingest.read(_two_sheet_workbook(tmp_path / "plan.xlsx"))
    assert doc.source.media_type == XLSX and doc.source.text_source == "text"
    assert [p.number for p in doc.pages] == [1, 2]  # one page per sheet
    plan, scores = doc.tables
    assert doc.pages[0].text.startswith("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2566\n\n")
    assert plan.page == 1
    assert plan.header == ["ลำดับ", "มาตรการ", "ผลการดำเนินการ ผลผลิต", "ผลการดำเนินการ ผลลัพธ์"]
    assert plan.rows == [["1", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "12 เรื่อง", "ร้อยละ 100"],
                         ["2", "มาตรการจัดการเรื่องร้องเรียนการทุจริต", "3 เรื่อง", "ร้อยละ 90"]]
    assert doc.pages[0].text[plan.offset:].startswith("ลำดับ\tมาตรการ\tผลการดำเนินการ\t\n")
    assert scores.page == 2 and scores.offset == 0
    assert scores.header == ["ตัวชี้วัด", "คะแนน"]
    assert scores.rows == [["การเปิดเผยข้อมูล", "85.50"], ["การป้องกันการทุจริต", "100"]]


# ---------------------------------------------------------------------------------------------
# Legacy formats through the real LibreOffice


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory) -> dict[str, Path]:
    """Sample 000 as .doc, .odt and .rtf, sample 004 as .xls and .ods, made by LibreOffice."""
    work = tmp_path_factory.mktemp("legacy")
    docx_path = sample_docx(SAMPLES[0], work / "src" / f"{SAMPLES[0].stem}.docx")
    xlsx_path = sample_xlsx(SAMPLES[2], work / "src" / f"{SAMPLES[2].stem}.xlsx")
    made = {ext: soffice_convert(docx_path, ext, work / ext) for ext in ("doc", "odt", "rtf")}
    made.update({ext: soffice_convert(xlsx_path, ext, work / ext) for ext in ("xls", "ods")})
    return made


@pytest.mark.parametrize("ext,media_type,sample", [
    ("doc", DOC, 0), ("odt", ODT, 0), ("rtf", RTF, 0), ("xls", XLS, 2), ("ods", ODS, 2),
])
def test_legacy_files_converted_by_libreoffice_read_back(legacy_files, ext: str,
                                                         media_type: str, sample: int) -> None:
    path = legacy_files[ext]
    assert sniff_file(path) == media_type
    doc = ingest.read(path)
    twin = ingest.read(SAMPLES[sample])
    assert doc.source.media_type == media_type and doc.source.file == path.name
    assert doc.source.text_source == "text"
    assert [(t.header, t.rows) for t in doc.tables] == [(t.header, t.rows) for t in twin.tables]
    assert doc.pages[0].text.split() == twin.pages[0].text.split()


@pytest.mark.parametrize("ext,sample", [("doc", 0), ("odt", 0), ("xls", 2)])
def test_legacy_files_score_like_their_text_twin(legacy_files, tmp_path: Path, ext: str,
                                                 sample: int) -> None:
    assert _score(tmp_path, [legacy_files[ext]], [SAMPLES[sample]]) >= 0.97


def test_legacy_file_without_libreoffice_names_what_to_install(legacy_files, tmp_path: Path,
                                                              monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    with pytest.raises(UnsupportedFileError) as info:
        ingest.read(legacy_files["doc"])
    message = str(info.value)
    assert "LibreOffice" in message and "apt-get install libreoffice-writer-nogui" in message
    assert "\n" not in message
    # Through the CLI: a missing program is the environment's fault (5), not the file's (3).
    done = subprocess.run([str(Path(sys.executable).parent / "thaireports"), "convert",
                           str(legacy_files["doc"]), "-o", str(tmp_path / "out.json")],
                          env=os.environ | {"PATH": str(tmp_path)}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 5, done.stderr
    assert "LibreOffice" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------------------------------------
# Pasted scans


def test_scan_pasted_into_word_is_ocrd_into_its_own_page(tmp_path: Path) -> None:
    from docx.shared import Cm
    from PIL import Image

    from tests.fixtures.scans import draw_page

    drawn = draw_page(["ประกาศองค์การบริหารส่วนตำบลบึงนคร",
                       "เรื่อง มาตรการป้องกันการรับสินบน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
                       [["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ"],
                        ["๑", "เผยแพร่ข้อมูลต่อสาธารณะ", "สำนักปลัด"]]])
    scan, logo = tmp_path / "scan.png", tmp_path / "logo.png"
    drawn.image.save(scan)
    Image.new("RGB", (160, 160), (190, 30, 40)).save(logo)  # the Garuda: not a page
    document = new_docx()
    document.add_paragraph("บันทึกข้อความ แนบสำเนาประกาศ")
    document.add_picture(str(logo), width=Cm(2))
    document.add_picture(str(scan), width=Cm(16))
    document.add_paragraph("ลงชื่อ นายสมชาย ใจดี")
    path = tmp_path / "pasted.docx"
    document.save(str(path))

    doc = ingest.read(path)
    assert [p.text_source for p in doc.pages] == ["text", "ocr", "text"]
    assert doc.pages[0].text == "บันทึกข้อความ แนบสำเนาประกาศ"
    assert "มาตรการป้องกันการรับสินบน" in doc.pages[1].text and "2566" in doc.pages[1].text
    assert doc.pages[2].text == "ลงชื่อ นายสมชาย ใจดี"
    assert doc.source.ocr is not None and doc.source.text_source == "text"
    (table,) = doc.tables
    assert table.page == 2 and table.header == ["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ"]

    skipped = ingest.read(path, ocr="never")
    assert [p.text for p in skipped.pages][1] == ""
    assert "ocr-skipped" in [w.code for w in skipped.warnings]


# ---------------------------------------------------------------------------------------------
# Sniffing


def _fake_ole(names: list[str]) -> bytes:
    """An OLE2 header and one directory sector holding entries with these names."""
    data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bytes(512))
    for k, name in enumerate(names):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[: len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        data[512 + 128 * k: 512 + 128 * (k + 1)] = entry
    return bytes(data)


@pytest.mark.parametrize("make,media_type", [
    (lambda tmp: sample_docx(SAMPLES[0], tmp / "a.docx").read_bytes(), DOCX),
    # openpyxl writes [Content_Types].xml last, past the first 8 KB of sample 004's workbook.
    (lambda tmp: sample_xlsx(SAMPLES[2], tmp / "a.xlsx").read_bytes(), XLSX),
    (lambda tmp: rb"{\rtf1\ansi\ansicpg874 \f0 \'BA\'D1\'B9\'B7\'D6\'A1}", RTF),
    # A password-protected .docx is an OLE2 file with an EncryptedPackage stream.
    (lambda tmp: _fake_ole(["Root Entry", "EncryptionInfo", "EncryptedPackage"]), ENCRYPTED_OFFICE),
    (lambda tmp: _fake_ole(["Root Entry", "WordDocument", "1Table"]), DOC),
    (lambda tmp: _fake_ole(["Root Entry", "Workbook"]), XLS),
    # Thumbs.db is OLE2 too, and not a document.
    (lambda tmp: _fake_ole(["Root Entry", "Catalog", "256_1"]), "application/x-ole-storage"),
], ids=["docx", "xlsx", "rtf", "encrypted-ooxml", "doc", "xls", "thumbs-db"])
def test_office_files_sniffed_from_their_bytes(tmp_path: Path, make, media_type: str) -> None:
    data = make(tmp_path)
    assert sniff_bytes(data[:8192]) == media_type
    path = tmp_path / "noname.bin"
    path.write_bytes(data)
    assert sniff_file(path) == media_type


def test_zip_of_a_folder_named_word_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "batch.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/ประกาศ.txt", "ประกาศ")
    assert sniff_file(path) == "application/zip"


@pytest.mark.parametrize("name,warned", [("memo.pdf", True), ("memo.doc", False),
                                         ("memo.docx", False), ("memo.xlsx", True)])
def test_docx_named_otherwise_is_read_by_its_bytes(tmp_path: Path, name: str, warned: bool) -> None:
    path = sample_docx(SAMPLES[0], tmp_path / name)
    doc = ingest.read(path)
    assert doc.source.media_type == DOCX and doc.tables
    assert ("mislabelled-file" in [w.code for w in doc.warnings]) is warned


# ---------------------------------------------------------------------------------------------
# Broken and locked files: one line, the right error, no traceback


def _damaged(tmp: Path, how: str) -> Path:
    good = sample_docx(SAMPLES[0], tmp / "good.docx")
    data = good.read_bytes()
    path = tmp / f"{how}.docx"
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "bad-deflate":  # not encrypted, but its document part's bytes are damaged
        with zipfile.ZipFile(good) as zf:
            info = zf.getinfo("word/document.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        broken = bytearray(data)
        for i in range(start + 64, start + 128):
            broken[i] ^= 0xFF
        path.write_bytes(bytes(broken))
    elif how in ("bad-xml", "no-main-part"):
        with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w") as zout:
            for info in zin.infolist():
                part = zin.read(info)
                if info.filename == "word/document.xml":
                    if how == "no-main-part":
                        continue
                    part = part[: len(part) // 2]
                zout.writestr(info, part)
    elif how == "encrypted-ooxml":
        path.write_bytes(_fake_ole(["Root Entry", "EncryptionInfo", "EncryptedPackage"]))
    return path


@pytest.mark.parametrize("how,error,words", [
    ("truncated", CorruptFileError, "corrupt Word document"),
    ("bad-deflate", CorruptFileError, "corrupt Word document"),
    ("bad-xml", CorruptFileError, "corrupt Word document"),
    ("no-main-part", CorruptFileError, "corrupt Word document"),
    ("encrypted-ooxml", IngestError, "encrypted Office document"),
])
def test_broken_office_file_fails_with_its_reason(tmp_path: Path, how: str, error: type,
                                                  words: str) -> None:
    path = _damaged(tmp_path, how)
    with pytest.raises(error) as info:
        ingest.read(path)
    assert words in str(info.value) and path.name in str(info.value)
    done = _run_cli("convert", str(path), "-o", str(tmp_path / "out.json"))
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert words in done.stderr


def test_corrupt_legacy_file_fails_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "damaged.doc"
    # An OLE2 directory naming a Word stream whose contents are missing.
    path.write_bytes(_fake_ole(["Root Entry", "WordDocument"]))
    with pytest.raises(CorruptFileError, match="LibreOffice could not convert it"):
        ingest.read(path)


# ---------------------------------------------------------------------------------------------
# The command line


def test_cli_read_and_convert_a_docx(tmp_path: Path) -> None:
    path = sample_docx(SAMPLES[2], tmp_path / "ประกาศ มาตรการ.docx")
    done = _run_cli("read", str(path))
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert read["source"]["media_type"] == DOCX and read["tables"]
    done = _run_cli("read", str(path), "--format", "markdown")
    assert done.returncode == 0 and "| มาตรการ | รายละเอียดการดำเนินงาน |" in done.stdout
    out = tmp_path / "record.json"
    done = _run_cli("convert", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["agency"]["name"] and record["measures"]


@pytest.mark.parametrize("module", ["thaireports.ingest.office", "thaireports.ingest.sniff", "tests.fixtures.office"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
