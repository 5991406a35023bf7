"""OCR of degraded scans (ingest.ocr, ingest.tesseract): runs the real Tesseract binary.

Sample 000 is rendered into a digital PDF (tests/fixtures/render.py), its pages rasterized at
200 dpi and degraded (tests/fixtures/scans.py), and three pages OCR'd once per session: a text
page and the two pages of the 'ลำดับ | วิธีการ/ขั้นตอน | ผู้รับผิดชอบ' table, which continues
from page 3 onto page 4. Tesseract costs ~3 s a page, so the OCR runs are shared fixtures.
"""
from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from thaireports.ingest import tesseract
from thaireports.ingest.ocr import (OcrPage, implausible_numbers, ocr_image, paragraphs, stack_cells,
                        working_resolution)
from thaireports.normalize.text import normalize_text
from tests.fixtures.render import render_pdf
from tests.fixtures.scans import pdf_to_scans

# `make test` installs Tesseract and its Thai model: without them these tests fail, not skip.
assert shutil.which("tesseract"), "Tesseract is not installed: run `make test` (apt-get install tesseract-ocr tesseract-ocr-tha)"


def cer(truth: str, got: str) -> float:
    """Character error rate with whitespace ignored, both sides normalized."""
    t = re.sub(r"\s+", "", normalize_text(truth)[0])
    g = re.sub(r"\s+", "", normalize_text(got)[0])
    return Levenshtein.distance(t, g) / max(1, len(t))


@pytest.fixture(scope="session")
def scanned_000(tmp_path_factory, sample_paths):
    truth = render_pdf(sample_paths["000"], tmp_path_factory.mktemp("ocr") / "000.pdf")
    return truth, pdf_to_scans(truth.pdf, seed=0)


@pytest.fixture(scope="session")
def ocr_pages(scanned_000) -> dict[int, OcrPage]:
    _, scans = scanned_000
    return {number: ocr_image(scans[number - 1], number) for number in (2, 3, 4)}


# --- the binary --------------------------------------------------------------------------------

def test_version_and_languages():
    assert re.match(r"\d+\.\d+", tesseract.version())
    tesseract.check("tha+eng")  # installed in the dev environment


def test_missing_language_names_the_package_to_install(monkeypatch):
    monkeypatch.setattr(tesseract, "languages", lambda: frozenset({"eng", "osd"}))
    with pytest.raises(tesseract.TesseractError, match=r"apt-get install tesseract-ocr-tha"):
        tesseract.check("tha+eng")


def test_missing_binary_is_a_clear_error(monkeypatch):
    import pytesseract

    tesseract.version.cache_clear()
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    try:
        with pytest.raises(tesseract.TesseractError, match="not installed"):
            tesseract.version()
    finally:
        tesseract.version.cache_clear()


def test_timeout_becomes_a_page_warning(scanned_000):
    _, scans = scanned_000
    result = ocr_image(scans[2], 3, timeout=0.01)
    assert {w.code for w in result.warnings} == {"ocr-timeout"}
    assert all(w.page == 3 for w in result.warnings)
    with pytest.raises(tesseract.TesseractTimeout):
        tesseract.ocr(scans[2], timeout=0.01)


def test_a_crash_on_one_image_becomes_a_page_warning(monkeypatch, scanned_000):
    _, scans = scanned_000

    def crash(*args, **kwargs):
        raise tesseract.TesseractError("Tesseract failed (status -11): Segmentation fault")

    monkeypatch.setattr(tesseract, "ocr", crash)
    result = ocr_image(scans[1], 2)
    assert [w.code for w in result.warnings] == ["ocr-failed"]
    assert result.page.text == ""


def test_text_and_boxes_come_from_one_run():
    image = Image.new("L", (400, 80), 255)
    out = tesseract.ocr(image, psm=6)
    assert out.text.strip() == "" and out.words == []


@pytest.mark.parametrize("mode", ["L", "RGB", "1", "RGBA"])
def test_every_image_mode_reads_alike(scanned_000, mode):
    # Grey, colour and bilevel pages go to Tesseract as uncompressed PNM, others as PNG;
    # the top of a memo ('บันทึกข้อความ', 'ส่วนราชการ ...') reads the same from each.
    _, scans = scanned_000
    top = scans[0].convert("L").crop((0, 0, scans[0].width, scans[0].height // 8))
    image = top.point(lambda v: 255 if v > 160 else 0) if mode == "1" else top
    reference = tesseract.ocr(image).text
    assert "บันทึก" in normalize_text(reference)[0]
    assert cer(reference, tesseract.ocr(image.convert(mode)).text) <= 0.02


@pytest.mark.parametrize("text,words,expected", [
    ("ที่ ๒๒", ["ท", "ี", "่", "๒", "๒"], [0, 1, 2, 4, 5]),
    # Latin comes in words, Thai in characters, a blank line between paragraphs
    ("ITA ปี\n\nเรียน", ["ITA", "ป", "ี", "เ", "ร", "ี", "ย", "น"], [0, 4, 5, 8, 9, 10, 11, 12]),
])
def test_char_offsets(text, words, expected):
    boxes = [tesseract.Word(w, 0, 0, 1, 1, 90.0, 1, 1, 1) for w in words]
    assert tesseract.char_offsets(text, boxes) == expected


# --- pieces ------------------------------------------------------------------------------------

def test_stacked_cells_keep_their_rows_apart():
    crops = [np.zeros((30, 100), np.uint8), np.zeros((60, 40), np.uint8)]
    image, spans = stack_cells(crops)
    assert image.shape[1] == 100 + 40  # the widest crop and the margins
    (a0, a1), (b0, b1) = spans
    assert a1 - a0 == 30 and b1 - b0 == 60 and b0 - a1 >= 30


# Scans come at 200, 300 or 600 dpi, phone photos at ~150: OCR runs at 200 dpi.
@pytest.mark.parametrize("size,dpi,expected", [
    ((2480, 3508), (300, 300), (1653, 2339)),  # A4 at 300 dpi
    ((4960, 7016), (600, 600), (1653, 2339)),  # A4 at 600 dpi
    ((1654, 2339), (200, 200), (1654, 2339)),  # already 200 dpi
    ((1240, 1754), (150, 150), (1653, 2339)),  # a phone photo's 150 dpi: brought up to 200
    ((800, 1131), (97, 97), (800, 1131)),  # too coarse to gain from upscaling: left alone
    ((2480, 3508), None, (1654, 2340)),  # untagged, A4-shaped: a finer scan of A4
    ((1654, 2339), None, (1654, 2339)),
])
def test_working_resolution(size, dpi, expected):
    image = Image.new("L", size, 255)
    if dpi:
        image.info["dpi"] = dpi
    assert working_resolution(image).size == expected


def test_paragraphs_keep_their_tops():
    words = [tesseract.Word(c, 0, top, 10, 10, 90.0, 1, 1, 1)
             for c, top in (("เ", 100), ("ร", 100), ("ื", 100), ("่", 100), ("อ", 100),
                            ("ง", 100), ("ท", 300), ("ี", 300), ("่", 300))]
    text = "เรื่อง\n\nที่"
    offsets = tesseract.char_offsets(text, words)
    assert [(b.top, b.text) for b in paragraphs(text, words, offsets)] == [(100, "เรื่อง"),
                                                                           (300, "ที่")]


# Years and days OCR cannot have read right; real phrases of the samples.
@pytest.mark.parametrize("text,flagged", [
    ("วันที่ 22 เมษายน 2562", []),
    ("ประจำปีงบประมาณ พ.ศ. 2565", []),
    ("วันที่ 28 เมษายน 2502", ["year 2502"]),  # ๖ read as ๐
    ("ประจำปีงบประมาณ พ.ศ. 2522", ["year 2522"]),  # ๖ read as ๒
    ("วันที่ 82 เมษายน 2565", ["day 82"]),  # ๒ read as ๘
    ("ปีงบประมาณ 25602", ["year"]),  # one digit too many is no year at all
    ("(Integrity and Transparency Assessment) ค.ศ. 2019", []),
    ("เลขที่ 760/2565/1566", []),  # a document number is not a date
])
def test_implausible_numbers(text, flagged):
    found = implausible_numbers(text, page=2)
    assert len(found) == len(flagged)
    for warning, start in zip(found, flagged):
        assert warning.code == "ocr-implausible-number"
        assert warning.message.startswith(start)
        assert warning.page == 2


def test_blank_page():
    result = ocr_image(Image.new("L", (1654, 2338), 255), 1)
    assert result.page.text == "" and result.tables == []
    assert result.page.confidence == 0.0 and result.page.text_source == "ocr"
    # The page itself came back empty: that is worth a warning.
    assert [w.code for w in result.warnings] == ["ocr-empty-page"]
    assert result.warnings[0].page == 1


def test_a_page_of_one_table_is_not_an_empty_page():
    # Everything on the page but its number is in the table, so the page read with its table
    # painted out holds only '- ๔ -' (read from its glyphs, ``unread_page_number``), and
    # Tesseract says 'Empty page!!' of it; the page has plenty of text all the same.
    from tests.fixtures.scans import bitonal, degrade, draw_page

    steps = [["ลำดับ", "วิธีการ/ขั้นตอน", "ผู้รับผิดชอบ"],
             ["๑", "การทบทวนข้อมูลทั่วไปของหน่วยงาน ตามข้อ ๕.๑.๑ - ข้อ ๕.๑.๑๑", "สำนักงานปลัด / กองคลัง"],
             ["๒", "การทบทวนข้อมูลการจัดซื้อจัดจ้างตามข้อ ๕.๑.๗ ให้ถูกต้อง", "กองคลัง"]]
    result = ocr_image(bitonal(degrade(draw_page(["- ๔ -", steps]).image, seed=2, angle=0.6)), 4)
    assert len(result.tables) == 1 and "กองคลัง" in result.page.text
    assert "ocr-empty-page" not in [w.code for w in result.warnings]


# --- whole pages -------------------------------------------------------------------------------

def test_text_page(ocr_pages, scanned_000):
    truth, _ = scanned_000
    page = ocr_pages[2].page
    assert page.number == 2 and page.text_source == "ocr"
    assert cer(truth.pages[1], page.text) <= 0.03
    assert not re.search("[๐-๙]", page.text)  # normalized: Arabic digits
    assert "ํา" not in page.text  # ำ repaired
    assert page.confidence is not None and page.confidence >= 0.8
    assert ocr_pages[2].tables == []
    # Pages are read with symbol boxes only (Tesseract's cheaper ``makebox`` output): no word
    # confidences, which were provenance only.
    assert ocr_pages[2].mean_confidence is None


@pytest.mark.parametrize("number", [3, 4])
def test_table_pages(ocr_pages, scanned_000, number):
    truth, _ = scanned_000
    result = ocr_pages[number]
    assert cer(truth.pages[number - 1], result.page.text) <= 0.16
    fragments = [(f.rows, f.columns) for f in truth.fragments if f.page == number]
    shapes = [(len(t.rows) + bool(t.header), len(t.rows[0]) if t.rows else len(t.header))
              for t in result.tables]
    assert shapes == fragments
    for table in result.tables:
        assert table.page == number
        # The table's text starts where its offset says, cells tab-separated.
        first_cells = table.header or table.rows[0]
        assert result.page.text[table.offset:].startswith("\t".join(first_cells))


def test_table_cells_are_read_cell_by_cell(ocr_pages, scanned_000):
    truth, _ = scanned_000
    table = ocr_pages[3].tables[0]
    whole = truth.tables[0]
    assert [cer(a, b) <= 0.1 for a, b in zip(whole.header, table.header)] == [True] * 3
    # Row numbers come out as numbers in the first column, in order.
    assert [row[0] for row in table.rows] == [row[0] for row in whole.rows[:len(table.rows)]]
    for got, want in zip(table.rows, whole.rows):
        assert cer(" ".join(want), " ".join(got)) <= 0.1


def test_thai_digits_come_out_right(ocr_pages, scanned_000):
    truth, _ = scanned_000
    wanted = re.findall(r"\d+(?:\.\d+)+", truth.pages[2])  # item codes like 5.1.10
    got = re.findall(r"\d+(?:\.\d+)+", ocr_pages[3].page.text)
    right = sum(1 for code in wanted if code in got)
    assert right >= 0.7 * len(wanted)


def test_a_header_row_printed_light_on_dark_is_read():
    # Word tables often shade the header row dark and print its labels white. The fill is
    # cut down to its rim (``grids.outline_fills``), and, as Tesseract is asked not to try
    # every word inverted (``tesseract._config``: 3% of its time), each such cell is turned
    # dark on light before it is stacked (``ocr._cell_crop``). A bitonal office scan.
    from thaireports.ingest.grids import find_grids
    from tests.fixtures.scans import bitonal, draw_page

    steps = [["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ"],
             ["๑", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "สำนักงานปลัด"],
             ["๒", "มาตรการจัดการเรื่องร้องเรียนการทุจริต", "กองคลัง"]]
    page = np.asarray(draw_page([steps]).image.convert("L")).copy()
    (grid,) = find_grids(page)
    for cell in grid.cells:
        if cell.row == 0:  # the cell's inside, its rulings left as printed
            box = cell.box
            inside = page[box.top + 3:box.bottom - 3, box.left + 3:box.right - 3]
            inside[...] = 255 - inside
    result = ocr_image(bitonal(Image.fromarray(page)), 1)
    (table,) = result.tables
    assert [normalize_text(c)[0] for c in table.header] == ["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ"]
    assert table.rows[1][2] == "กองคลัง"
