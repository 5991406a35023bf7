"""Photocopied and turned pages of a memo, read by the real OCR path (``ingest.ocr.ocr_image``,
real Tesseract) and then by the header extractor.

The page is composed here (tests/fixtures/scans.draw_page, Laksaman 16 pt at 200 dpi) in the
memo form every Thai office types (บันทึกข้อความ, ส่วนราชการ, ที่ / วันที่, เรื่อง, เรียน, the body),
then put through what happens to paper on its way to a scanner: a photocopy (grey toner,
specks, thickened or faded strokes, the lid's shadow along an edge), a page fed upside down,
a page laid crooked on the glass.
"""
from __future__ import annotations

import shutil

import pytest
from rapidfuzz import fuzz

from tests.fixtures.scans import degrade, draw_page, photocopy, turn
from thaireports.extractors.header import extract_header
from thaireports.extractors.textutil import DocText
from thaireports.ingest.ocr import ocr_image

assert shutil.which("tesseract"), "Tesseract is not installed: run `make test`"

MEMO = [
    "บันทึกข้อความ",
    "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลหนองบัว โทร. ๐ ๔๔๒๒ ๓๑๕๖",
    "ที่ นม ๗๘๖๐๑/๒๑๕ วันที่ ๑๘ มีนาคม ๒๕๖๖",
    "เรื่อง รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
    "เรียน นายกองค์การบริหารส่วนตำบลหนองบัว",
    "ตามที่ องค์การบริหารส่วนตำบลหนองบัว ได้ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายใน"
    "หน่วยงาน เพื่อให้บุคลากรถือปฏิบัติ นั้น สำนักปลัดขอรายงานผลการดำเนินงานรอบ ๖ เดือน ดังนี้",
    "จึงเรียนมาเพื่อโปรดทราบ",
]


@pytest.fixture(scope="module")
def page():
    return draw_page(MEMO)


def _header_of(image):
    result = ocr_image(image, 1)
    info, _ = extract_header(DocText.of_texts([result.page.text]))
    return result, info


def _assert_memo_read(result, info):
    text = result.page.text
    assert text.strip(), "the page came out empty"
    # every line of the memo comes out, in order, as OCR reads it (a mark or a letter may slip)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    at = [max(range(len(lines)), key=lambda i: fuzz.partial_ratio(want, lines[i]))
          for want in ("บันทึกข้อความ", "ส่วนราชการ สำนักปลัด", "เรียน นายกองค์การบริหารส่วนตำบลหนองบัว",
                       "จึงเรียนมาเพื่อโปรดทราบ")]
    for want, i in zip(("บันทึกข้อความ", "ส่วนราชการ", "เรียน นายก", "จึงเรียนมา"), at):
        assert fuzz.partial_ratio(want, lines[i]) >= 85, (want, lines[i])
    assert at == sorted(at), "the lines are out of order"
    assert info.kind == "memo"
    assert info.date == "2023-03-18"
    assert info.fiscal_year == 2566
    assert fuzz.ratio(info.subject[:40], "รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธ") >= 85


def test_photocopied_memo_reads(page):
    # low toner in patches, grey paper with specks and streaks, the open lid's shadow along
    # one edge (the Latin model reads พ.ศ. as 'WA.': the fiscal year must still come out)
    copy = photocopy(page.image, seed=2, lid="band", strokes="fade")
    result, info = _header_of(copy)
    _assert_memo_read(result, info)


def test_memo_fed_upside_down_is_read_upright(page):
    scan = turn(degrade(page.image, seed=3, angle=0.0), 180)
    result, info = _header_of(scan)
    assert "page-turned" in [w.code for w in result.warnings]
    _assert_memo_read(result, info)
    assert result.page.text.lstrip().startswith("บันทึกข้อความ") or \
        result.page.text.index("บันทึกข้อความ") < result.page.text.index("ส่วนราชการ")


def test_memo_laid_four_degrees_crooked_reads(page):
    scan = turn(degrade(page.image, seed=3, angle=0.0), 4)
    result, info = _header_of(scan)
    _assert_memo_read(result, info)
